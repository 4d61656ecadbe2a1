"""Terms explained where they first appear: a glossary term must be explained in the running text at its
first use, not only in the glossary (PL011).

Running text is what a reader reads in order: the summary, the key numbers, each section's body and its
chart's words, what is not known, the questions. Titles and headings are too short to explain anything.
"""
from __future__ import annotations

import re

from ..model import Finding
from . import REGISTRY, rule
from .plain_language import analysis, jargon

# Reading order of the running text: (rank, index) by field path.
_ORDER = (
    (re.compile(r"^summary$"), 0),
    (re.compile(r"^key_numbers\[(\d+)\]\.statement$"), 1),
    (re.compile(r"^sections\[(\d+)\]\.(?:body|trend\.(?:title|scale|caption)|table\.(?:title|caption))$"), 2),
    (re.compile(r"^unknowns\[(\d+)\]$"), 3),
    (re.compile(r"^questions\[(\d+)\]$"), 4),
)
# Right after the term: an apposition or an aside ("systemic sclerosis, the form that ...", "plasmapheresis
# (filtering the blood)", "rituximab — a drug that ...", "digital ulcers: sores on ...").
_APPOSITION = re.compile(r"\s*(?:,\s*(?:or|a|an|the|which|that|who|where|when)\b|,\s*(?:\w+\s+){1,3}?(?:that|which|who)\b|"
                         r"\(\s*[a-z]|[—–:]\s*\S|\s-\s)", re.I)
# The term defined by its own sentence: "A trial is a study ...", "Stem cells are cells that ...", "... means".
_DEFINED_AFTER = re.compile(r"\s+(?:is|are)\s+(?:a|an|when|how|where|what)\b|"
                            r"\s+(?:is|are)\s+(?:\w+\s+){1,3}?(?:that|which|who|from|of)\b|\s+means?\b", re.I)
# The sentence names what the previous one described: "Doctors call this interstitial lung disease.",
# "This kind of report is called a case report.", "This is a retrospective study."
_REFERS_BACK = re.compile(r"\b(?:this|these|that|such)\b", re.I)
# The next sentence explains what this one named: "They had plasmapheresis. This filters the blood."
_EXPLAINS_BACK = re.compile(r"^\W*(?:(?:this|these)\s+(?!is\s+why\b|means\s+(?:that|we)\b)\w+|"
                            r"in\s+(?:this|that|such\s+a)\s+(?:kind|type|sort)\s+of\b)", re.I)


def _rank(path: str):
    for pattern, rank in _ORDER:
        m = pattern.match(path)
        if m:
            return (rank, int(m.group(1)) if m.groups() else 0, path)
    return None


def running_text(ctx) -> list:
    """The page's running text fields (FieldText, with sentences) in reading order."""
    fields = [(r, f) for f in analysis(ctx).prose if (r := _rank(f.field.path)) is not None]
    return [f for _, f in sorted(fields, key=lambda pair: pair[0])]


def _term_re(term: str) -> re.Pattern:
    words = r"[\s-]+".join(map(re.escape, term.split()))
    return re.compile(r"(?<![\w-])" + words + r"(?:s|es)?(?![\w-])", re.I)


def _cue(sentence: str) -> bool:
    lower = sentence.lower()
    return any(re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", lower) for cue in jargon()["explained_by"])


def explained_at(sentences: list[str], i: int, start: int, end: int) -> bool:
    """Is the term at [start, end) of sentence i explained by the text there: its own sentence (a cue such as
    'which means' or 'called', an apposition, a definition 'X is a ...'), the previous sentence (when this one
    names what that one described: 'Doctors call this ...'), or the next one ('This filters the blood.')?"""
    sentence = sentences[i]
    if _APPOSITION.match(sentence, end) or _DEFINED_AFTER.match(sentence, end) or _cue(sentence):
        return True
    if i > 0 and _REFERS_BACK.search(sentence[:start]) and re.search(r"\b(?:is|are|was|were)\b", sentence):
        return True
    return i + 1 < len(sentences) and bool(_EXPLAINS_BACK.match(sentences[i + 1]))


def _glossary_terms(ctx) -> list[tuple[int, str]]:
    items = (ctx.page.data or {}).get("glossary")
    return [(i, item["term"].strip()) for i, item in enumerate(items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("term"), str) and item["term"].strip()]


def _first_uses(ctx):
    """(glossary index, term, field, sentence texts, sentence index, start, end) of each term's first use."""
    terms = sorted(_glossary_terms(ctx), key=lambda t: -len(t[1]))  # longest first: a longer term owns its words
    found: dict[int, tuple] = {}
    for f in running_text(ctx):
        text = f.field.text
        spans = [(s.start, s.end) for s in f.sentences]
        sentences = [text[a:b] for a, b in spans]
        for k, (a, b) in enumerate(spans):
            taken: list[tuple[int, int]] = []
            for index, term in terms:
                for m in _term_re(term).finditer(sentences[k]):
                    if any(x < m.end() and m.start() < y for x, y in taken):
                        continue  # inside a longer glossary term: 'stem cells' in 'umbilical cord stem cells'
                    taken.append(m.span())
                    if index not in found:
                        found[index] = (index, term, f.field, sentences, k, m.start(), m.end(), a)
    return sorted(found.values(), key=lambda use: use[0])


BODY_OK = ("Some patients had systemic sclerosis, the form of scleroderma that can harm organs. "
           "Systemic sclerosis can harm the lungs.")
GLOSSARY = [{"term": "systemic sclerosis", "definition": "The form of scleroderma that can harm organs."}]


@rule("PL011", "term-before-explanation", "warning",
      what="A glossary term whose first use in the running text (summary, key numbers, section text, charts' "
           "words, unknowns, questions) is not explained there: by the same sentence (an apposition 'systemic "
           "sclerosis, the form that ...', a parenthesis, 'X is a ...', 'which means', 'called'), by the previous "
           "sentence ('Doctors call this X.') or by the next one ('This filters the blood.', 'In that kind of study, "
           "...').",
      why="Readers meet a word where it is used; the glossary at the bottom of the page (or a pop-up) is found "
          "too late, if at all, and does not print where the word is.",
      example="summary: This study followed 41 patients with systemic sclerosis.\n"
              "glossary: [{term: systemic sclerosis, definition: The form of scleroderma that can affect organs.}]\n"
              "  -> PL011 'systemic sclerosis' is used before the text explains it; explain it at its first use, "
              "e.g. 'systemic sclerosis, the form of scleroderma that can affect organs'",
      okay=({"body": BODY_OK, "glossary": GLOSSARY},
            {"body": "Some patients had scarring in the lungs. Doctors call this interstitial lung disease.",
             "glossary": [{"term": "interstitial lung disease", "definition": "Scarring in the lungs."}]},
            {"body": "First, both patients had plasmapheresis. This filters immune cells out of the blood.",
             "glossary": [{"term": "plasmapheresis", "definition": "A treatment that filters the blood."}]},
            {"body": "A trial is a study that tests a treatment in people. Each trial has a name.",
             "glossary": [{"term": "trial", "definition": "A study that tests a treatment in people."}]}),
      fail=({"body": "Some patients had systemic sclerosis. Their skin got softer. Systemic sclerosis is the form "
                     "of scleroderma that can harm organs.", "glossary": GLOSSARY},
            {"body": BODY_OK, "summary": "The study followed patients with systemic sclerosis for years.",
             "glossary": GLOSSARY}))
def check_term_before_explanation(ctx):
    for index, term, text_field, sentences, k, start, end, sentence_start in _first_uses(ctx):
        if explained_at(sentences, k, start, end):
            continue
        definition = ((ctx.page.data or {}).get("glossary") or [])[index].get("definition", "")
        hint = definition.split(". ")[0].rstrip(".").strip()
        hint = hint[0].lower() + hint[1:] if hint[:1].isupper() and not hint[1:2].isupper() else hint
        if len(hint) > 80:
            hint = hint[:80].rsplit(" ", 1)[0] + " …"
        line, column = text_field.position(sentence_start + start)
        shown = sentences[k][start:end]
        yield Finding("PL011", REGISTRY["PL011"].severity, line, column,
                      f"'{shown}' is used before the text explains it; explain it at its first use"
                      + (f", e.g. '{shown}, {hint}'" if hint else ""), text_field.path, REGISTRY["PL011"].name)
