"""Codes of the fact-check (made by linter/factcheck.py). Examples cite the 5-year study (five-year-study)."""
from __future__ import annotations

from . import register_rule

FIVE_YEAR = {"sources": ["five-year-study"]}

register_rule(
    "FC001", "unsupported-number", "error",
    what="A number that no cited source states (outside reference lists, page chrome and other noise).",
    why="Every number a patient reads must come from the research the page cites.",
    example="After 5 years, 97.2% were alive.\n  -> FC001 '97.2%' is not stated by the cited sources; "
            "nearest: source says 92.7%, 004_a8e050c38ba956b1 line 22",
    okay=({**FIVE_YEAR, "body": "After 5 years, 92.7% of the people in the study were still alive."},),
    fail=({**FIVE_YEAR, "body": "After 5 years, 97.2% of the people in the study were still alive."},
          {**FIVE_YEAR, "body": "The study included 43 people."}),
)
register_rule(
    "FC002", "context-mismatch", "error",
    what="A number the sources state, but about something else (another outcome, another group, other things counted).",
    why="'92.7% had softer skin' is wrong even though 92.7% is in the study: it is the survival rate.",
    example="92.7% of people had softer skin.\n  -> FC002 '92.7%': 004_a8e050c38ba956b1 states 92.7% but the source's "
            "figure is alive; this clause is about skin score: “The overall 5-year survival rate was 92.7% …”",
    okay=({**FIVE_YEAR, "body": "92.7% of the people were still alive after 5 years."},),
    fail=({**FIVE_YEAR, "body": "92.7% of people had softer skin after treatment."},),
)
register_rule(
    "FC003", "out-of-tolerance", "error",
    what="A number close to what a source states, but outside its stated precision and hedge.",
    why="'About 98%' for a 92.7% survival rate overstates the result; rounding must stay honest.",
    example="About 98% lived 5 years.\n  -> FC003 'About 98%' is outside the stated precision; source says 92.7%: "
            "“The overall 5-year survival rate was 92.7% (38 out of 41 patients).” (004_a8e050c38ba956b1 line 22)",
    okay=({**FIVE_YEAR, "body": "About 93% of people lived at least 5 years after the treatment."},),
    fail=({**FIVE_YEAR, "body": "About 98% of people lived at least 5 years after the treatment."},),
)
register_rule(
    "FC004", "inconsistent-numbers", "error",
    what="Numbers on the page that contradict each other: a percentage that does not match its 'N out of M', "
         "N larger than M, or key numbers whose count and total differ from their statement.",
    why="Readers check the arithmetic; one slip makes every number on the page doubtful.",
    example="38 out of 41 people (about 98%)\n  -> FC004 'about 98%': 38 out of 41 is 92.7%, not about 98%",
    okay=({**FIVE_YEAR, "body": "38 out of 41 people (about 93%) were still alive after 5 years."},),
    fail=({**FIVE_YEAR, "body": "38 out of 41 people (about 98%) were still alive after 5 years."},),
)
register_rule(
    "FC005", "bad-pin", "error",
    what="An evidence pin whose quote is not in the source, does not contain the number, or names a source the page does not cite.",
    why="A pin is a promise that a reviewer can find the number in the source; a broken pin hides a wrong number.",
    example="pins: [{claim: '92.7%', source: five-year-study, quote: 'survival was 97%'}]\n"
            "  -> FC005 pin for '92.7%': the quote is not in 004_a8e050c38ba956b1 (copy it exactly)",
    okay=({**FIVE_YEAR, "body": "92.7% were alive after 5 years.",
           "pins": [{"claim": "92.7%", "source": "five-year-study", "quote": "The overall 5-year survival rate was 92.7%"}]},),
    fail=({**FIVE_YEAR, "body": "92.7% were alive after 5 years.",
           "pins": [{"claim": "92.7%", "source": "five-year-study", "quote": "The survival rate was 92.7%"}]},),
)
register_rule(
    "FC006", "unused-pin", "warning",
    what="An evidence pin that matches no number on the page.",
    why="Stale pins mislead reviewers about where numbers come from.",
    example="pins: [{claim: '72%', ...}] on a page without 72% -> FC006 pin for '72%' matches no number on the page",
    fail=({**FIVE_YEAR, "body": "92.7% were alive after 5 years.",
           "pins": [{"claim": "72%", "source": "five-year-study", "quote": "72.0% of interstitial lung disease"}]},),
)
register_rule(
    "FC007", "unused-suppression", "warning",
    what="A suppression that silences no finding.",
    why="Old suppressions would silently hide a future wrong number.",
    example="suppress: [{code: FC001, claim: '43', reason: ...}] when 43 is no longer flagged -> FC007",
    fail=({**FIVE_YEAR, "body": "92.7% were alive after 5 years.",
           "suppress": [{"code": "FC001", "claim": "43", "reason": "checked by hand against the full paper"}]},),
)
