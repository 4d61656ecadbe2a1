"""What the cited sources' sentences are about: worked out once per sentence per run, kept in the cache."""
from __future__ import annotations

from .concepts import Vocabulary, load_vocabulary
from .language import plain_tokens
from .slots import Frame
from .sources import Source
from .works import Works


class SourceContext:
    """Concepts of the cited sources' sentences, computed once per sentence per run (or kept in the cache).

    Source sentences are read without parsing (each word lemmatised out of context, linter.language): a source
    library can be megabytes, and the page side, where writers paraphrase freely, keeps the lemmas in context.
    """

    def __init__(self, vocab: Vocabulary | None = None, store=None, works: Works | None = None):
        self._vocab = vocab
        self.works = works if works is not None else Works(())
        self.frames: dict[tuple[str, int, int], Frame] = {}  # source frames, by source digest and mention
        self.store = store  # a linter.cache.Cache: concepts of a source's sentences kept between runs
        self._cache: dict[tuple[str, int], frozenset] = {}
        self._loaded: set[str] = set()
        self._unsaved: dict[str, Source] = {}  # sources whose concepts changed since the last save
        self._clauses: dict[tuple[str, str], frozenset] = {}
        self.stretches: dict[tuple[str, int], dict] = {}  # numbers' own stretches, by source digest and sentence

    @property
    def vocab(self) -> Vocabulary:
        """The vocabulary, loaded when a claim is first judged: a run whose pages all come from the cache never
        needs it, nor the lemmatizer behind it."""
        if self._vocab is None:
            self._vocab = load_vocabulary()
        return self._vocab

    def clause_concepts(self, clause: str, source: Source) -> frozenset:
        """The concepts of a stretch of a source, worked out once (a sentence's numbers share their clause)."""
        key = (source.digest, clause)
        found = self._clauses.get(key)
        if found is None:
            if len(self._clauses) > 100_000:
                self._clauses.clear()
            found = self._clauses[key] = self.vocab.concepts(plain_tokens(clause), source.abbreviations)
        return found

    def namer(self, kind: str, ids: frozenset) -> str:
        """How a message names works or concepts."""
        if kind == "work":
            return self.works.label(ids)
        return " / ".join(sorted(self.vocab.name(c) for c in ids)) or "something else"

    def prepare(self, sources: list[Source]) -> None:
        if self.store is not None:
            self._load_stored(sources)

    def prepare_sentences(self, pairs) -> None:
        """Lemmatise, in one batch, the source sentences that claims will be compared with (only those)."""
        todo = list({(s.digest, i): (s, i) for s, i in pairs if (s.digest, i) not in self._cache}.values())
        if not todo:
            return
        for s, i in todo:
            self._cache[(s.digest, i)] = self.vocab.concepts(plain_tokens(self.works.without_journals(
                s.sentences[i].text)), s.abbreviations)
            self._unsaved[s.digest] = s

    def save(self) -> None:
        """Keep the concepts worked out during a page's check in the cache: once, after judging, never inside it."""
        if self.store is not None:
            for s in self._unsaved.values():
                self.store.put("concepts", self._store_key(s), {i: c for (d, i), c in self._cache.items() if d == s.digest})
        self._unsaved.clear()

    def _store_key(self, source: Source) -> str:
        from .cache import code_digest, digest
        return digest(code_digest(), source.digest, repr(sorted(source.abbreviations.items())),
                      repr(sorted({w.journal for w in self.works.works})))  # journal titles are read past

    def _load_stored(self, sources: list[Source]) -> None:
        for s in sources:
            if s.digest in self._loaded:
                continue
            self._loaded.add(s.digest)
            stored = self.store.get("concepts", self._store_key(s))
            if isinstance(stored, dict):
                for i, concepts in stored.items():
                    if isinstance(i, int) and isinstance(concepts, frozenset):
                        self._cache.setdefault((s.digest, i), concepts)

    def concepts(self, source: Source, index: int) -> frozenset:
        if (source.digest, index) not in self._cache:
            self.prepare_sentences([(source, index)])
        return self._cache[(source.digest, index)]
