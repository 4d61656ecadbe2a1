"""Writers' overrides, kept as page data so reviewers see them: evidence pins and suppressions."""
from __future__ import annotations

import re

from .charts import claim_path
from .page_claims import PageClaim, Verdict
from .values import value_match
from .model import Evidence, Finding
from .numbers import find_quantities, normalise
from .page import Page
from .sources import Source


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip()


def apply_pins(page: Page, claims: list[PageClaim], cited: dict[str, Source]) -> None:
    """Verify each pin (quote in the source, number in the quote) and mark the claims it covers."""
    for i, pin in enumerate((page.data or {}).get("pins", []) or []):
        if not isinstance(pin, dict):
            continue
        path = f"pins[{i}]"
        if isinstance(pin.get("claim"), str) and not re.search(r"\d", pin["claim"]) and not find_quantities(pin["claim"]):
            continue  # a wording pin ('cure' and a quote that says it) is checked by SF001, not as a number
        claim_text, source_id, quote = str(pin.get("claim", "")), str(pin.get("source", "")), str(pin.get("quote", ""))
        source = cited.get(source_id)
        if source is None:
            page.add("FC005", f"pin for '{claim_text}' names source '{source_id}', which this page does not cite", path)
            continue
        squashed_quote = _squash(quote)
        index = _squash(source.text).find(squashed_quote)
        if not squashed_quote or index < 0:
            page.add("FC005", f"pin for '{claim_text}': the quote is not in {source.stem} (copy it exactly)", path)
            continue
        wanted = find_quantities(claim_text)
        in_quote = find_quantities(quote)
        if not wanted or not any(value_match(wanted[0], q) for q in in_quote):
            page.add("FC005", f"pin for '{claim_text}': the quote does not state that number", path)
            continue
        line = _line_of_quote(source.text, quote)
        used = False
        for c in claims:
            if c.q.text.strip() != claim_text.strip() and c.field.text[c.q.value_start:c.q.end].strip() != claim_text.strip():
                continue
            if pin.get("field") and pin["field"] != claim_path(c):
                continue
            used = True
            c.pinned = True
            pinned = (Evidence(source.stem, quote.strip(), line), *c.evidence)
            c.apply(Verdict(c.status, pinned, c.note, c.conflict) if c.status == "inconsistent" else
                    Verdict("supported", pinned))  # a writer's pin is evidence; the page's own arithmetic still holds
        if not used:
            page.add("FC006", f"pin for '{claim_text}' matches no number on the page", path)


def _line_of_quote(text: str, quote: str) -> int:
    first = quote.strip().split()[0] if quote.strip() else ""
    for number, line in enumerate(text.split("\n"), start=1):
        if first and first in line and _squash(quote)[:40] in _squash(line):
            return number
    return 1


def apply_suppressions(page: Page, findings: list[Finding], claims_by_finding: dict[int, PageClaim]) -> list[Finding]:
    """Drop findings a suppression names (with its reason); report suppressions that silence nothing."""
    entries = [(i, s) for i, s in enumerate((page.data or {}).get("suppress", []) or []) if isinstance(s, dict)]
    if not entries:
        return findings
    kept: list[Finding] = []
    used: set[int] = set()
    for finding in findings:
        claim = claims_by_finding.get(id(finding))
        hit = None
        for i, entry in entries:
            if not _names_code(entry.get("code"), finding.code):
                continue
            if entry.get("field") and entry["field"] != finding.field:
                continue
            if entry.get("claim") and (claim is None or entry["claim"].strip() not in claim.q.text):
                continue
            hit = i
            break
        if hit is None:
            kept.append(finding)
            continue
        used.add(hit)
        if claim is not None:
            claim.apply(Verdict("suppressed", tuple(claim.evidence), f"suppressed: {entries[hit][1].get('reason', '')}",
                                claim.conflict))
    for i, entry in entries:
        if i not in used:
            page.add("FC007", f"suppression of {entry.get('code')} {entry.get('claim', '')!r} silences no finding; remove it",
                     f"suppress[{i}]")
    return kept


def _names_code(code, finding_code: str) -> bool:
    """A suppression names its finding's code, or the rule it is a sub-rule of (FC002 names FC0021)."""
    if not isinstance(code, str):
        return False
    from .rules import load_rules
    return finding_code == code or (finding_code.startswith(code) and code in load_rules())
