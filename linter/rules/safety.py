"""Safety (SF): words that promise an outcome or tell a patient what to do with their treatment, and web or
e-mail addresses in page text. The word lists are data (linter/data/safety_words.yaml)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Finding
from ..numbers import normalise
from ..settings import data_file
from . import REGISTRY, rule

CURE_PAGE = "Stem cells cure scleroderma. Stop your other medicines."


@lru_cache(maxsize=1)
def safety_words() -> dict:
    data = data_file("safety_words.yaml")

    def union(patterns) -> re.Pattern:
        return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w-])", re.I)

    return {
        "groups": [(union(data[g]["patterns"]), data[g]["message"]) for g in ("promises", "instructions")],
        "negations": frozenset(w.lower() for w in data["negations"]),
        "window": int(data["negation_window"]),
        "links": re.compile("|".join(f"(?:{p})" for p in data["link_patterns"]), re.I),
        "registry_sites": frozenset(site.lower() for site in data.get("registry_sites", ())),
    }


def _registry_site(address: str) -> bool:
    """Is the address the bare home of a public trial registry ('https://clinicaltrials.gov'), where a reader
    can look a trial id up?"""
    site = re.sub(r"^https?://", "", address, flags=re.I).rstrip("/").lower()
    return site in safety_words()["registry_sites"]


def _negated(text: str, start: int) -> bool:
    """Does a negation stand up to `negation_window` words before `start`, in the same sentence?"""
    words = safety_words()
    window_start = max(0, start - 1000)  # a few words back is all that counts: never the whole text before
    parts = re.split(r"[.!?;:]\s", text[window_start:start])
    tokens = re.findall(r"[\w']+", parts[-1].lower().replace("\u2019", "'"))
    if len(parts) == 1 and window_start > 0:
        tokens = tokens[1:]  # the first word may be cut in two
    return any(t in words["negations"] for t in tokens[-words["window"]:])


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip().lower()


def _wording_pins(ctx) -> list[tuple[int, dict]]:
    """Pins whose claim holds no digit: they back a wording ('cure') with a source quote, not a number."""
    pins = (ctx.page.data or {}).get("pins") if isinstance(ctx.page.data, dict) else None
    return [(i, p) for i, p in enumerate(pins if isinstance(pins, list) else [])
            if isinstance(p, dict) and isinstance(p.get("claim"), str) and not re.search(r"\d", p["claim"])]


def _pin_problem(ctx, pin: dict, phrase: str) -> str:
    """'' when the pin's quote is in a cited source and says the phrase; else what is wrong."""
    source = next((s for s in ctx.cited if str(pin.get("source", "")) in s.ids), None)
    if source is None:
        return f"the pin names source '{pin.get('source', '')}', which this page does not cite"
    quote = _squash(str(pin.get("quote", "")))
    if not quote or quote not in _squash(source.text):
        return f"the pin's quote is not in {source.stem} (copy it exactly)"
    if phrase.lower() not in quote:
        return f"the pin's quote does not say '{phrase}'"
    return ""


@rule("SF001", "promise-or-instruction", "error",
      what="Words that promise an outcome ('cure', 'proven', 'guaranteed', 'completely safe') or tell the reader what "
           "to do with their treatment ('stop taking your medicines', 'instead of your treatment'), unless a "
           "negation comes just before ('no cure', 'not a proven treatment', 'do not stop your medicines') or the "
           "words are pinned to a source quote that says them (a pin whose `claim` is the words).",
      why="A research explainer reports what happened to people in a study. A promise misleads, and advice to stop "
          "or swap treatment can harm: only the reader's own care team can give it.",
      example=f"'{CURE_PAGE}'\n  -> SF001 'cure' promises an outcome ...\n  -> SF001 'Stop your other medicines' tells "
              "the reader what to do with their treatment ...",
      okay=("There is no cure for scleroderma yet. It is not a proven treatment.",
            "Do not stop your medicines without talking to your doctor.",
            "The results were not guaranteed, and the authors say it is not a cure."),
      fail=(CURE_PAGE, "This treatment is completely safe.",
            "Take stem cells instead of your treatment.", "The results are guaranteed."))
def check_promises(ctx):
    pins = _wording_pins(ctx)
    used: set[int] = set()
    for text_field in ctx.page.fields:
        if text_field.path.startswith(("pins[", "suppress[")):
            continue
        for pattern, message in safety_words()["groups"]:
            for m in pattern.finditer(text_field.text):
                if _negated(text_field.text, m.start()):
                    continue
                phrase = m.group(0)
                covering = [p for _, p in pins if p["claim"].strip().lower() == phrase.lower()
                            and (not p.get("field") or p["field"] == text_field.path)]
                used.update(i for i, p in pins if any(p is c for c in covering))
                problems = [_pin_problem(ctx, p, phrase) for p in covering]
                if covering and "" in problems:
                    continue
                detail = f"; {problems[0]}" if problems else "; pin it to a source quote that says so, or reword it"
                yield _finding(text_field, "SF001", m.start(), f"'{phrase}' {message}{detail}")
    for i, pin in pins:
        if i not in used:
            line, column = ctx.page.where(f"pins[{i}]")
            yield Finding("FC006", REGISTRY["FC006"].severity, line, column or 1,
                          f"pin for '{pin['claim']}' matches no promise or instruction on the page; remove it",
                          f"pins[{i}]", REGISTRY["FC006"].name)


@rule("SF002", "address-in-text", "warning",
      what="A web address ('https://…', 'www.…', 'clinic.com/book') or an e-mail address in page text.",
      why="Readers can't tell a trusted link from an advert, and an address may lead away from checked information. "
          "Sources are linked from the catalog (seeds/sources.yaml), not from the text.",
      example="disclaimer: Book at www.example-clinic.com\n  -> SF002 'www.example-clinic.com' is a web address in the "
              "page text; readers cannot tell it from an advert and it leads away from checked information: name the "
              "source instead …",
      okay=("Ask your doctor about the study. It was published in 2024 in Clinical Rheumatology.",
            "Type the trial ID into the search box at https://clinicaltrials.gov, the public list of trials."),
      fail=("Book a visit at www.example-clinic.com today.", "Write to info@example-clinic.org for advice.",
            "Read more at https://example.org/stem-cells.", "Book now at stemcell-clinic.com/book.",
            "Join the trial at https://clinicaltrials.gov/study/NCT99999999 today."))
def check_addresses(ctx):
    for text_field in ctx.page.fields:
        if text_field.path.startswith(("pins[", "suppress[")):
            continue
        for m in safety_words()["links"].finditer(text_field.text):
            address = m.group(0).rstrip(".,;:!?)\"'")
            if _registry_site(address):
                continue
            kind = "an e-mail address" if "@" in address and "://" not in address else "a web address"
            yield _finding(text_field, "SF002", m.start(),
                           f"'{address[:80]}' is {kind} in the page text; readers cannot tell it from an advert and "
                           "it leads away from checked information: name the source instead (its link comes from "
                           "the source catalog)")


def _finding(text_field, code: str, offset: int, message: str) -> Finding:
    registered = REGISTRY[code]
    line, column = text_field.position(offset)
    return Finding(code, registered.severity, line, column, message, text_field.path, registered.name)
