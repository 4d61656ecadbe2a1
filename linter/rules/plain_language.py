"""Readability targets (RD) and plain-language hotspots (PL): each says where the problem is and what to try instead.

Sentences, words and the spaCy parse are computed once per page (`analysis`, cached in ctx.extra).
Word lists live in linter/data/everyday_words.yaml and jargon.yaml; thresholds in settings.yaml.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field
from functools import lru_cache
from .. import readability
from ..model import Finding
from ..settings import data_file
from . import REGISTRY, rule

PLAIN_RESULTS = (
    "Most people in the study were still alive after five years. Their skin got softer. "
    "The doctors did not see any harm from the treatment. But there was no group to compare with, "
    "so we cannot tell if the treatment caused these changes."
)
HARD_RESULTS = (
    "Following transplantation, the mean skin score significantly decreased from baseline at one, three and five "
    "years, respectively, and improvement or stability in lung imaging was observed in the majority of patients "
    "with interstitial lung disease, whereas pulmonary arterial hypertension remained stable in most patients "
    "during the longitudinal retrospective follow-up period."
)


# --- data ----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def everyday_words() -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in data_file("everyday_words.yaml").items()}


@lru_cache(maxsize=1)
def jargon() -> dict:
    data = data_file("jargon.yaml")
    return {"terms": {str(k).lower(): str(v) for k, v in data["terms"].items()},
            "explained_by": tuple(data["explained_by"]), "known_acronyms": frozenset(data["known_acronyms"])}


def _word_forms(word: str) -> list[str]:
    """The word and the base forms it may be an inflection of (plural, -ed, -ing)."""
    forms = [word]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
                         ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.append(word[: len(word) - len(suffix)] + repl)
    return forms


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, term.split())) + r"(?:s|es)?(?![\w-])", re.I)


# --- one analysis per page -----------------------------------------------------------------------
@dataclass
class FieldText:
    field: object  # a TextField
    sentences: list
    in_glossary: bool


@dataclass
class PageAnalysis:
    fields: list[FieldText]
    glossary: set[str] = field(default_factory=set)  # lowercase terms and synonyms
    _docs: list | None = None

    @property
    def prose(self) -> list[FieldText]:
        """Fields outside the glossary: where terms must be used, explained and spelled out."""
        return [f for f in self.fields if not f.in_glossary]

    def docs(self):
        """spaCy parses of every field, one nlp.pipe pass per page, made on first use."""
        if self._docs is None:
            from ..nlp import parsed_docs

            self._docs = parsed_docs([readability.strip_markdown(f.field.text) for f in self.fields])
        return self._docs

    def glossary_spans(self, text: str) -> list[tuple[int, int]]:
        """Where glossary terms and synonyms occur in a text: jargon inside them is defined."""
        return [m.span() for name in self.glossary for m in _term_pattern(name).finditer(text)]

    def defined(self, term: str) -> bool:
        term = term.lower()
        return any(form in self.glossary for form in _word_forms(term)) or term in self.glossary


def analysis(ctx) -> PageAnalysis:
    cached = ctx.extra.get("plain_language")
    if cached is None:
        fields = [FieldText(f, readability.split_sentences(f.text), f.path.startswith("glossary["))
                  for f in readability.scored_fields(ctx.page)]
        glossary: set[str] = set()
        items = (ctx.page.data or {}).get("glossary")
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                names = [item.get("term")] + list(item.get("synonyms") or [])
                glossary.update(" ".join(n.lower().split()) for n in names if isinstance(n, str))
        cached = ctx.extra["plain_language"] = PageAnalysis(fields, glossary)
    return cached


def _finding(ctx, code: str, text_field, offset: int, message: str, severity: str | None = None) -> Finding:
    """A finding of a registered rule at `offset` in a field; its name and default severity come from the registry."""
    registered = REGISTRY[code]
    line, column = text_field.position(offset)
    return Finding(code, severity or registered.severity, line, column, message, text_field.path, registered.name)


def _settings(ctx) -> dict:
    return ctx.settings["readability"]


# --- RD: grade targets ---------------------------------------------------------------------------
def _grade_units(ctx):
    """(Readability, field to point at) for the page and each section."""
    fields = {f.path: f for f in ctx.page.fields}
    anchor = fields.get("title") or (ctx.page.fields[0] if ctx.page.fields else None)
    for i, score in enumerate(ctx.readability):
        yield score, (anchor if i == 0 else fields.get(f"sections[{i - 1}].heading", anchor)), i


def _hint(ctx, index: int) -> str:
    fields = analysis(ctx).prose if index == 0 else [
        f for f in analysis(ctx).fields if f.field.path == f"sections[{index - 1}].body"]
    sentences = [s for f in fields for s in f.sentences]
    if not sentences:
        return ""
    longest = max(sentences, key=lambda s: len(s.words))
    return f"; start with the longest sentence, '{longest.opening()}' ({len(longest.words)} words)"


def _grade_findings(ctx, code: str):
    target = _settings(ctx)["target_grade"]
    for score, anchor, index in _grade_units(ctx):
        if anchor is None or not score.reliable:
            continue
        where = "the page" if index == 0 else f"section '{score.label}'"
        detail = (f"grade {score.consensus:g} (Flesch-Kincaid {score.flesch_kincaid_grade:g}, "
                  f"SMOG {score.smog:g}, reading ease {score.flesch_reading_ease:g})")
        if code == "RD001" and score.consensus > target:
            # the page grade is enforced; an over-target section is a hotspot that shows where to work
            yield _finding(ctx, code, anchor, 0,
                           f"{where} reads at {detail}, above the target grade {target:g}{_hint(ctx, index)}",
                           severity=None if index == 0 else "warning")
        elif code == "RD002" and target - 1 < score.consensus <= target:
            yield _finding(ctx, code, anchor, 0,
                           f"{where} reads at {detail}, within one grade of the target {target:g}{_hint(ctx, index)}")


LONG_BODY = HARD_RESULTS + " " + HARD_RESULTS.replace("Following transplantation", "After that")


@rule("RD001", "grade-above-target", "error",
      what="A page whose reading grade (consensus of Flesch-Kincaid, SMOG and Coleman-Liau) is above the target "
           "grade: 8 by default, or the page's `target_grade`. A section above the target is a warning that shows "
           "where to work.",
      why="Most adults read comfortably at grade 8 or below; health information above it is misread or skipped.",
      example=HARD_RESULTS + "\n  -> RD001 the page reads at grade … (Flesch-Kincaid …, SMOG …, reading ease …), above "
              "the target grade 8; start with the longest sentence, 'Following transplantation, the mean skin score …' "
              "(50 words)",
      okay=(PLAIN_RESULTS, {"body": PLAIN_RESULTS, "target_grade": 5}),
      fail=(HARD_RESULTS + " " + HARD_RESULTS,))
def check_grade_above_target(ctx):
    return _grade_findings(ctx, "RD001")


@rule("RD002", "grade-near-target", "warning",
      what="A page or section within one grade below its target grade.",
      why="A page at the limit slips above it with the next edit; it is a good time to simplify.",
      example="target_grade: 8 and a section at grade 7.6 -> RD002 section 'Results' reads at grade 7.6 ...",
      okay=(PLAIN_RESULTS, {"body": PLAIN_RESULTS, "target_grade": 6}),
      fail=({"body": PLAIN_RESULTS, "target_grade": 5},))
def check_grade_near_target(ctx):
    return _grade_findings(ctx, "RD002")


@rule("RD003", "too-short-to-score", "warning",
      what="A section with fewer words than `min_words_to_score`: its grade is not reliable and is not checked.",
      why="Readability formulas average over sentences; on a few words one long word swings the grade by years.",
      example="a section 'Side effects' with 12 words -> RD003 section 'Side effects' has 12 words; its grade is unreliable",
      okay=(PLAIN_RESULTS,),
      fail=("No side effects were seen.",))
def check_too_short(ctx):
    minimum = _settings(ctx)["min_words_to_score"]
    for score, anchor, index in _grade_units(ctx):
        if index and anchor is not None and not score.reliable:
            yield _finding(ctx, "RD003", anchor, 0,
                           f"section '{score.label}' has {score.words} words (under {minimum}); "
                           "its readability score is unreliable and not checked")


# --- PL: hotspots --------------------------------------------------------------------------------
@rule("PL001", "long-sentence", "warning",
      what="A sentence over `long_sentence_warning` words (20) is a warning; over `long_sentence_error` (25) an error.",
      why="Long sentences are the main cause of a high reading grade, and readers lose track of them.",
      example="The study followed 41 patients for five years after the treatment, and most of them were still alive "
              "at the end, with softer skin.\n"
              "  -> PL001 sentence of 24 words (limit 20): 'The study followed 41 patients for …'; split it into "
              "shorter sentences",
      okay=("The study followed 41 people for 5 years. Most of them were still alive at the end.",),
      fail=(HARD_RESULTS,
            "Doctors checked the skin of every person in the study at the start and again after one, three and "
            "five years."))
def check_long_sentences(ctx):
    warn, error = _settings(ctx)["long_sentence_warning"], _settings(ctx)["long_sentence_error"]
    for f in analysis(ctx).fields:
        for s in f.sentences:
            n = len(s.words)
            if n > warn:
                severity = "error" if n > error else "warning"
                limit = error if n > error else warn
                yield _finding(ctx, "PL001", f.field, s.start,
                               f"sentence of {n} words (limit {limit}): '{s.opening()}'; split it into shorter sentences",
                               severity=severity)


@rule("PL002", "hard-word", "warning",
      what="A word from the everyday-words list (with its plainer alternative), or a word that is rare in everyday "
           "English by wordfreq's word frequencies: a Zipf frequency under `rare_word_zipf` (3.1, about once in a "
           "million words) with `rare_word_syllables` (3) or more syllables, or under `very_rare_word_zipf` (2.5) at "
           "any length. Not flagged: words the page glossary defines or that are part of a glossary term, medical "
           "terms on the jargon list (PL004 asks for those to be explained), place names.",
      why="Readers skip or misread words they rarely meet; a plain word, or an explanation, works for everyone. "
          "Word rarity catches the hard words no hand-made list has ('telangiectasia', 'calcinosis').",
      example="Some people had calcinosis in their fingers.\n"
              "  -> PL002 'calcinosis' is rare in everyday English; use a plainer word, or explain it and add it to "
              "the glossary\n"
              "Approximately half of them felt better.\n  -> PL002 'Approximately' is a hard word; try 'about'",
      okay=("About half of the people in the study felt better.",
            "Their skin felt softer and less tight after the treatment.",
            "The study took place in Nanjing.",
            {"body": "The study was retrospective.", "glossary": [{"term": "retrospective", "definition": "Looking back."}]},
            {"body": "Some people had calcinosis.",
             "glossary": [{"term": "calcinosis", "definition": "Hard lumps of calcium under the skin."}]},
            {"body": "Some had Raynaud phenomenon in the cold.",
             "glossary": [{"term": "Raynaud phenomenon", "definition": "Fingers that turn white in the cold."}]}),
      fail=("Approximately half of the participants felt better.", "The doctors utilized a new test.",
            "Some people had calcinosis in their fingers.", "Many had telangiectasia on the face.",
            "The doctors used computed tomography.", "Some people had arthralgia.",
            "Raynaud phenomenon made their fingers turn white."))
def check_hard_words(ctx):
    page = analysis(ctx)
    plain, terms = everyday_words(), jargon()["terms"]
    settings = _settings(ctx)
    seen: set[str] = set()
    for f in page.prose:
        for s in f.sentences:
            covered = _Spans(page.glossary_spans(s.text) + _jargon_spans(s.text))
            for m in re.finditer(r"[A-Za-z][a-z]+(?:-[a-z]+)*", s.text):
                word = m.group(0).lower()
                forms = _word_forms(word)
                if word in seen or page.defined(word) or any(form in terms for form in forms) or \
                        covered.hold(m.start(), m.end()):
                    continue
                base = next((form for form in forms if form in plain), None)
                if base:
                    message = f"'{m.group(0)}' is a hard word; try '{plain[base]}'"
                elif _rare(word, forms, settings):
                    message = (f"'{m.group(0)}' is rare in everyday English; use a plainer word, or explain it and "
                               "add it to the glossary")
                else:
                    continue
                seen.add(word)
                yield _finding(ctx, "PL002", f.field, _offset(f.field.text, s, m.start()),
                               message)


def _rare(word: str, forms: list[str], settings: dict) -> bool:
    """Rare by the commonest of its forms ('ulcers' is as common as 'ulcer'); place names are not hard words."""
    if word in _place_words():
        return False
    zipf = max(readability.word_frequency(form) for form in forms)
    if zipf < settings["very_rare_word_zipf"]:
        return True
    return zipf < settings["rare_word_zipf"] and readability.syllables(word) >= settings["rare_word_syllables"]


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    return frozenset(w for group in data_file("places.yaml") or [] for name in group for w in str(name).lower().split())


class _Spans:
    """Spans of a sentence, asked in O(log n) whether one of them holds a stretch (a sentence can be 20,000 words)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))  # the furthest end among spans starting so far

    def hold(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end


def _jargon_spans(text: str) -> list[tuple[int, int]]:
    """Where jargon-list terms occur in a sentence: PL004 asks for them to be explained, PL002 need not repeat it."""
    lower = text.lower()
    return [m.span() for term in jargon()["terms"] if term.split()[0] in lower for m in _term_pattern(term).finditer(text)]


def _offset(text: str, sentence, index_in_sentence: int) -> int:
    """Offset in the field text of a character found in a sentence's (whitespace-normalised) text."""
    words_before = len(sentence.text[:index_in_sentence].split())
    pos = sentence.start
    for _ in range(words_before):
        m = re.compile(r"\S+\s*").match(text, pos)
        if not m:
            break
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return pos


@rule("PL003", "unused-glossary-term", "warning",
      what="A glossary term that neither it nor any of its synonyms appears anywhere on the page outside the glossary.",
      why="A glossary is for the words a reader meets on the page; unused entries are clutter and hint at old text.",
      example="glossary: [{term: placebo, ...}] on a page that never says placebo -> PL003",
      okay=({"body": "A placebo is a dummy pill. Some people got a placebo.",
             "glossary": [{"term": "placebo", "definition": "A dummy pill."}]},),
      fail=({"body": "Some people got a dummy pill.", "glossary": [{"term": "placebo", "definition": "A dummy pill."}]},))
def check_unused_glossary(ctx):
    text = "\n".join(f.field.text for f in analysis(ctx).prose)
    items = (ctx.page.data or {}).get("glossary")
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("term"), str):
            continue
        names = [item["term"]] + [s for s in item.get("synonyms") or [] if isinstance(s, str)]
        if not any(_term_pattern(n).search(text) for n in names if n.strip()):
            target = next((f.field for f in analysis(ctx).fields if f.field.path == f"glossary[{i}].term"), None)
            line, column = target.position(0) if target else ctx.page.where(f"glossary[{i}]")
            yield Finding("PL003", REGISTRY["PL003"].severity, line, column,
                          f"glossary term '{item['term']}' is not used on the page; remove it or use it",
                          f"glossary[{i}].term", REGISTRY["PL003"].name)


def _explains(sentence_text: str, start: int, end: int) -> bool:
    """Does the sentence explain the term at [start, end)? A cue word, or a parenthesis right after it."""
    lower = sentence_text.lower()
    if re.match(r"\s*(?:\((?=[^)]*[a-z]{3})|[—–:])|\s*,\s*(?:or|a|an|the)\s", sentence_text[end:]):
        return True
    return any(re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", lower) for cue in jargon()["explained_by"])


def _is_acronym(token: str) -> bool:
    letters = token.rstrip("s") if token.endswith("s") and token[:-1].isupper() else token
    upper = sum(c.isupper() for c in letters)
    return 2 <= len(letters) <= 8 and upper >= 2 and upper * 2 >= len(letters) and letters.isalpha()


@rule("PL004", "undefined-jargon", "warning",
      what="A medical or research term from the jargon list that is neither in the page glossary (as term or synonym) "
           "nor explained in the same sentence ('... which means ...', 'called ...', a parenthesis).",
      why="Patients cannot look up 'interstitial lung disease' mid-sentence; an unexplained term blocks the whole page.",
      example="72% of people with interstitial lung disease improved.\n"
              "  -> PL004 'interstitial lung disease' is not explained; add it to the glossary or explain it here "
              "(plain: scarring of the lungs)",
      okay=("Some people had scarring of the lungs, which doctors call interstitial lung disease.",
            {"body": "Some people had interstitial lung disease.",
             "glossary": [{"term": "interstitial lung disease", "definition": "Scarring of the lungs."}]}),
      fail=("Some people had interstitial lung disease.", "The study was retrospective."))
def check_undefined_jargon(ctx):
    page = analysis(ctx)
    terms = sorted(jargon()["terms"].items(), key=lambda kv: -len(kv[0]))
    reported: set[str] = set()
    for f in page.prose:
        for s in f.sentences:
            taken = bytearray(len(s.text))  # characters a longer term already matched
            glossary = _Spans(page.glossary_spans(s.text))
            for term, plain in terms:
                for m in _term_pattern(term).finditer(s.text):
                    if 1 in taken[m.start():m.end()]:
                        continue
                    taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                    if term in reported or _is_acronym(m.group(0)) or page.defined(term) or \
                            glossary.hold(m.start(), m.end()):
                        continue
                    if _explains(s.text, m.start(), m.end()):
                        reported.add(term)  # explained at first use
                        continue
                    reported.add(term)
                    yield _finding(ctx, "PL004", f.field,
                                   _offset(f.field.text, s, m.start()),
                                   f"'{m.group(0)}' is not explained; add it to the glossary or explain it here "
                                   f"(plain: {plain})")


@rule("PL005", "acronym-not-spelled-out", "warning",
      what="An acronym whose first use on the page is not spelled out: 'interstitial lung disease (ILD)' or "
           "'ILD (interstitial lung disease)'. Well-known acronyms (list in jargon.yaml) are exempt.",
      why="Readers do not know what HRCT or mRSS stand for; a glossary entry does not help at the point of reading.",
      example="HRCT showed fewer scars.\n  -> PL005 'HRCT' is not spelled out at its first use",
      okay=("Some people had interstitial lung disease (ILD). ILD means scarring of the lungs.",
            "The study was done in the USA."),
      fail=("HRCT scans of the lungs got better.", "The mean mRSS went down."))
def check_acronyms(ctx):
    known = jargon()["known_acronyms"]
    cmu = readability.cmu_dictionary()
    seen: set[str] = set()
    for f in analysis(ctx).prose:
        if re.search(r"\.heading$|^title$", f.field.path):
            continue  # headings are too short to spell things out; the text below them must
        for s in f.sentences:
            for m in re.finditer(r"(?<![\w-])[A-Za-z]+(?![\w])", s.text):
                token = m.group(0)
                if not _is_acronym(token):
                    continue
                key = token[:-1] if token.endswith("s") and token[:-1].isupper() else token
                if key in seen or key in known or (key.isupper() and len(key) >= 4 and key.lower() in cmu):
                    continue
                seen.add(key)
                before, after = s.text[:m.start()], s.text[m.end():]
                if re.search(r"\w[\w\s,'’-]*\(\s*$", before) and re.match(r"\s*[),;]", after):
                    continue  # spelled out before: "... disease (ILD)"
                if re.match(r"\s*\(\s*[A-Za-z][^)]*[a-z]{3}", after):
                    continue  # spelled out after: "ILD (interstitial lung disease)"
                yield _finding(ctx, "PL005", f.field,
                               _offset(f.field.text, s, m.start()),
                               f"'{token}' is not spelled out at its first use; write the words first, then "
                               f"'({key})', or use only the words")


@rule("PL006", "passive-voice", "suggestion",
      what="A sentence in the passive voice (spaCy dependency labels nsubjpass / auxpass), except set phrases "
           "such as 'is called' or 'is based on' (`passive_exempt_verbs`).",
      why="Passive sentences hide who did what ('No events were observed'); active ones are shorter and clearer.",
      example="No side effects were observed.\n  -> PL006 passive voice 'were observed': say who did it, in an active "
              "sentence",
      okay=("The doctors saw no side effects.",),
      fail=("No side effects were observed by the doctors.",))
def check_passive(ctx):
    page = analysis(ctx)
    exempt = set(_settings(ctx)["passive_exempt_verbs"])
    for f, doc in zip(page.fields, page.docs()):
        if f.in_glossary and f.field.path.endswith(".term"):
            continue
        for sent in doc.sents:
            if any(t.dep_ in ("auxpass", "nsubjpass") and t.head.lemma_ in exempt for t in sent):
                continue  # "is called", "is based on": passive in form, plain in use
            aux = next((t for t in sent if t.dep_ == "auxpass"), None)
            subj = next((t for t in sent if t.dep_ in ("nsubjpass", "csubjpass")), None)
            if aux is None and subj is None:
                continue
            verb = (aux or subj).head
            phrase = f"{aux.text} {verb.text}" if aux is not None and aux.i < verb.i else verb.text
            yield _finding(ctx, "PL006", f.field, (aux or verb).idx,
                           f"passive voice '{phrase}': say who did it, in an active sentence")


# --- numbers -------------------------------------------------------------------------------------
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|a hundred|a thousand)"
NATURAL_FREQUENCY = re.compile(rf"\b(?P<n>{_NUM})\s+(?:people\s+|patients\s+)?(?:out of|in every|of every|in)\s+"
                               rf"(?P<d>{_NUM})\b", re.I)
PERCENT = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?\s?(?:%|percent\b|per cent\b)", re.I)
RELATIVE = re.compile(
    r"\b(?:twice|half|(?:\d+(?:\.\d+)?|two|three|four|five|ten)\s+times)\s+(?:as|more|less)\s+(?:likely|common|often)"
    r"|\d+(?:\.\d+)?\s?(?:%|percent)\s+(?:lower|higher|less|more|reduced|increased|greater|smaller|fewer)\s+"
    r"(?:risk|chance|odds|likely|rate|deaths|cases)"
    r"|\b(?:reduc|lower|cut|increas|rais|halv|doubl|tripl)\w*\s+(?:the\s+|their\s+|your\s+)?(?:risk|chance|odds)"
    r"(?:\s+of\s+[\w\s]{1,40}?)?\s+(?:by\s+(?:\d+(?:\.\d+)?\s?(?:%|percent)|half|a third|two thirds)|in half)"
    r"|\b(?:doubl|tripl|halv)(?:es|ed|e)\s+(?:the\s+|their\s+|your\s+)?(?:risk|chance|odds)"
    r"|\brelative risk\b|\b(?:hazard|odds) ratio\b", re.I)
ABSOLUTE = re.compile(NATURAL_FREQUENCY.pattern + r"|\bfrom\s+\d[\d.,]*\s?%?\s+to\s+\d", re.I)
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def _window(sentences, i: int, size: int) -> str:
    return bounded(" ".join(s.text for s in sentences[max(0, i - size): i + size + 1]))


_LONG_RUN = re.compile(r"[\d.,]{41,}")


def bounded(text: str) -> str:
    """The text with every run of digits, dots and commas longer than 40 characters (no number anyone reads)
    masked by '#', same length: the number patterns above then never scan a long run from each of its digits."""
    return _LONG_RUN.sub(lambda m: "#" * len(m.group(0)), text)


@rule("PL007", "percent-without-frequency", "suggestion",
      what="A percentage with no natural frequency ('38 out of 41 people') in the same or the next sentence.",
      why="'92.7%' is hard to picture; '38 out of 41 people' is understood by readers of every numeracy level.",
      example="The survival rate was 92.7%.\n  -> PL007 '92.7%' has no natural frequency next to it; "
              "add 'N out of M people'",
      okay=("The survival rate was 92.7%. This means 38 out of 41 people were alive.",),
      fail=("The survival rate was 92.7% after 5 years.",))
def check_percent_frequency(ctx):
    window = _settings(ctx)["frequency_window"]
    for f in analysis(ctx).prose:
        for i, s in enumerate(f.sentences):
            m = PERCENT.search(bounded(s.text))
            if m and not NATURAL_FREQUENCY.search(_window(f.sentences, i, window)):
                yield _finding(ctx, "PL007", f.field,
                               _offset(f.field.text, s, m.start()),
                               f"'{m.group(0)}' has no natural frequency next to it; add 'N out of M people'")


@rule("PL008", "mixed-denominators", "warning",
      what="One sentence comparing natural frequencies with different denominators ('1 in 100' and '3 in 1,000').",
      why="Readers compare the first numbers and ignore the denominators; keep one denominator in a comparison.",
      example="1 in 10 people on the drug and 3 in 100 on placebo ...\n"
              "  -> PL008 '1 in 10' and '3 in 100' use different denominators; compare with one denominator",
      okay=("10 in 100 people on the drug and 3 in 100 people on the dummy pill got better.",),
      fail=("1 in 10 people on the drug and 3 in 100 people on the dummy pill got better.",))
def check_mixed_denominators(ctx):
    for f in analysis(ctx).prose:
        for s in f.sentences:
            found = list(NATURAL_FREQUENCY.finditer(bounded(s.text)))
            denominators = {m.group("d").replace(",", "").lower() for m in found}
            if len(denominators) > 1:
                first, other = found[0], next(m for m in found if m.group("d") != found[0].group("d"))
                yield _finding(ctx, "PL008", f.field,
                               _offset(f.field.text, s, other.start()),
                               f"'{first.group(0)}' and '{other.group(0)}' use different denominators; "
                               "compare with one denominator")


@rule("PL009", "relative-risk-only", "warning",
      what="A relative risk ('twice as likely', '50% lower risk', 'halves the risk') with no absolute numbers "
           "('from 2 in 100 to 1 in 100') in the same or the next sentence.",
      why="Relative numbers alone make small effects look large; readers need the absolute risk to decide.",
      example="The drug halves the risk of a flare.\n  -> PL009 'halves the risk' is a relative risk; "
              "add the absolute numbers, e.g. 'from 2 in 100 people to 1 in 100'",
      okay=("The drug halves the risk of a flare: from 2 in 100 people to 1 in 100 people.",),
      fail=("People on the drug were twice as likely to feel better.", "The drug gave a 50% lower risk of flares."))
def check_relative_risk(ctx):
    window = _settings(ctx)["frequency_window"]
    for f in analysis(ctx).prose:
        for i, s in enumerate(f.sentences):
            m = RELATIVE.search(bounded(s.text))
            if m and not ABSOLUTE.search(_window(f.sentences, i, window)):
                yield _finding(ctx, "PL009", f.field,
                               _offset(f.field.text, s, m.start()),
                               f"'{m.group(0)}' is a relative risk; add the absolute numbers, "
                               "e.g. 'from 2 in 100 people to 1 in 100'")


@rule("PL010", "too-many-numbers", "warning",
      what="A sentence with more than `max_numbers_per_sentence` (3) numbers.",
      why="Each number is a fact to hold in mind; more than three in a sentence and readers keep none.",
      example="The score fell from 18.68 to 13.95, 13.29 and 12.39 at 1, 3 and 5 years.\n"
              "  -> PL010 sentence with 7 numbers (limit 3): 'The score fell from 18.68 to …'; give one or two numbers "
              "per sentence, or use a list",
      okay=("The average skin score fell from 18.68 to 12.39 after 5 years.",),
      fail=("The score fell from 18.68 to 13.95, 13.29 and 12.39 at 1, 3 and 5 years.",))
def check_too_many_numbers(ctx):
    limit = _settings(ctx)["max_numbers_per_sentence"]
    for f in analysis(ctx).prose:
        for s in f.sentences:
            n = len(NUMBER.findall(bounded(s.text)))
            if n > limit:
                yield _finding(ctx, "PL010", f.field, s.start,
                               f"sentence with {n} numbers (limit {limit}): '{s.opening()}'; give one or two "
                               "numbers per sentence, or use a list")
