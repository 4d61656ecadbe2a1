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
    what="A number the sources state, but about something else. When one part of what the number is about can be "
         "named, the finding has that part's code: another study (FC0021), measure (FC0022), group (FC0023), time "
         "point (FC0024), direction (FC0025), outcome (FC0026), thing counted (FC0027), pairing within a sentence "
         "(FC0028) or planned vs reported count (FC0029); FC002 selects, ignores or suppresses them all.",
    why="'92.7% had softer skin' is wrong even though 92.7% is in the study: it is the survival rate.",
    example="About 72% of the people felt less tired.\n  -> FC002 'About 72%': 004_a8e050c38ba956b1 states 72.0% but "
            "about something else: “Improvement or stability in HRCT images was observed in 72.0% …",
    okay=({**FIVE_YEAR, "body": "92.7% of the people were still alive after 5 years."},),
    fail=({**FIVE_YEAR, "body": "92.7% of people had softer skin after treatment."},
          {**FIVE_YEAR, "body": "About 72% of the people felt less tired."}),
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

# The slots of FC002 (linter/slots.py and linter/factcheck.py): which part of what a number is about differs. Each is
# selected, ignored or suppressed alone (FC0021) or with the rest (FC002).
SEVERAL = ["case-report-2016", "five-year-study", "ra-cohort-2013"]
register_rule(
    "FC0021", "number-of-another-work", "error",
    what="A number a cited source gives for another study than the one the page's clause names.",
    why="On an overview page, a figure moved from one study to another tells patients something no study found.",
    example="sources: [case-report-2016, five-year-study]\nsections: [{heading: Details, body: The case report found "
            "skin scores dropping from 18.68.}]\n  -> FC0021 '18.68': 004_a8e050c38ba956b1 states 18.68 but it is the "
            "figure of the five-year Nanjing study (Alip et al, 2024); this sentence is about the 2016 case report "
            "(Wehbe et al): …",
    okay=({"sources": SEVERAL, "body": "The Nanjing team's five-year study saw skin scores drop from 18.68."},),
    fail=({"sources": SEVERAL, "body": "The case report found skin scores dropping from 18.68."},
          {"sources": SEVERAL, "body": "The arthritis study enrolled 41 people."}),
)
register_rule(
    "FC0022", "number-of-another-measure", "error",
    what="A number the source gives for another outcome or score than the one its clause names.",
    why="'92.7% had softer skin' turns a survival rate into a skin result.",
    example="Skin got softer in 92.7% of the people.\n  -> FC0022 '92.7%': 004_a8e050c38ba956b1 states 92.7% but the "
            "source's figure is alive; this clause is about skin …",
    okay=({**FIVE_YEAR, "body": "92.7% of the people were still alive after 5 years."},),
    fail=({**FIVE_YEAR, "body": "Skin got softer in 92.7% of the people."},
          {**FIVE_YEAR, "body": "Lung scores fell from 18.68 to 13.95."}),
)
register_rule(
    "FC0023", "number-of-another-group", "error",
    what="A number the source gives for people with another condition, or for animals when the page says people "
         "(or the other way round).",
    why="'Lung scarring stayed stable in 5 of 8' is wrong when the 5 of 8 had high blood pressure in the lungs.",
    example="Lung scarring stayed stable in 5 out of 8 patients.\n  -> FC0023 … the source's figure is for high blood "
            "pressure in the lungs; this clause is about lung scarring",
    okay=({**FIVE_YEAR, "body": "Lung blood pressure stayed stable in 5 out of 8 patients."},),
    fail=({**FIVE_YEAR, "body": "Lung scarring stayed stable in 5 out of 8 patients."},
          {**FIVE_YEAR, "body": "The study followed 41 mice."}),
)
register_rule(
    "FC0024", "number-at-another-time", "error",
    what="A value the source gives at another time point (its 'respectively' pairing, or the time its clause names).",
    why="A skin score at one year is not the score at five years.",
    example="Skin scores fell to 12.39 by the first year.\n  -> FC0024 '12.39': 004_a8e050c38ba956b1 states 12.39 but "
            "the source gives it at 5 years …",
    okay=({**FIVE_YEAR, "body": "Skin scores fell to 12.39 by the fifth year."},),
    fail=({**FIVE_YEAR, "body": "Skin scores fell to 12.39 by the third year."},),
)
register_rule(
    "FC0028", "numbers-swapped", "error",
    what="Two numbers of one source sentence given each other's measure or group: the page pairs a number with "
         "what the source says of another number in the same sentence, or gives a value of a list the source "
         "pairs 'respectively' to another member ('1.5 in the first patient' where the source's 3.5 and 1.5 are "
         "the first's and the second's).",
    why="'Five had diarrhoea and one had a cold' reverses 'colds in five patients and diarrhoea in one': patients "
        "weighing a treatment's side effects read the wrong one as common.",
    example="sources: [case-report-2016]\nsections: [{heading: Side effects, body: \"In Zhang's trial, diarrhoea was "
            "reported by five patients and upper respiratory infections by one.\"}]\n  -> FC0028 'five': "
            "000_58ad5d0186d63ac4 states five but in the source this figure goes with chest cold / infection, and "
            "diarrhea with another number …",
    okay=({"sources": ["case-report-2016"], "body": "In Zhang's trial, upper respiratory infections were reported "
                                                    "by five patients and diarrhoea by one."},),
    fail=({"sources": ["case-report-2016"], "body": "In Zhang's trial, diarrhoea was reported by five patients and "
                                                    "upper respiratory infections by one."},),
)
register_rule(
    "FC0029", "planned-number-given-as-reported", "error",
    what="A count of people the source gives as a plan (to enrol, recruiting, of 20 planned) given as the number the "
         "study took or reported on (results for, treated), or as the people a measurement was taken from (n = 38), "
         "or the other way round. Likewise a date the source gives as when something starts (enrolling, a trial) "
         "given as when it ends, or the other way round.",
    why="'Results for 20 patients' when 20 were planned and 14 reported makes a small study look bigger than it was; "
        "a trial 'finishing' on the date it was to start enrolling tells readers results are out when they are not.",
    example="sources: [news-stem-cells-scleroderma]\nsections: [{heading: Results, body: Zhang's trial published "
            "results for 20 patients in 2017.}]\n  -> FC0029 '20': 002_689381445786e9f7 states 20 but the "
            "source's figure is how many people the study planned to take; this clause gives it as how many people "
            "the study took or reported on …",
    okay=({"sources": ["news-stem-cells-scleroderma"], "body": "Zhang's trial planned to enrol 20 patients and "
                                                               "published results for 14 in 2017."},
          {"sources": ["news-stem-cells-scleroderma"], "body": "The MANUS trial was to start enrolling in November "
                                                               "2018 and to finish in November 2020."}),
    fail=({"sources": ["news-stem-cells-scleroderma"], "body": "Zhang's trial published results for 20 patients in "
                                                               "2017."},
          {"sources": ["news-stem-cells-scleroderma"], "body": "The MANUS trial was to finish in November 2018."}),
)
register_rule(
    "FC0025", "value-moved-the-other-way", "error",
    what="A value the page says rose (or fell, or stayed stable), or got better (or worse), where the source says "
         "it moved another way. Movement and better/worse are compared separately (linter/data/directions.yaml).",
    why="'The skin score rose from 18.68 to 13.95' tells patients the disease got worse; 'lung blood pressure got "
        "worse in 5 of 8' turns a stable result into a bad one.",
    example="The skin score rose from 18.68 to 13.95.\n  -> FC0025 … the source says the value fell; this clause says "
            "it rose",
    okay=({**FIVE_YEAR, "body": "The skin score fell from 18.68 to 13.95."},),
    fail=({**FIVE_YEAR, "body": "The skin score rose from 18.68 to 13.95."},
          {**FIVE_YEAR, "body": "High blood pressure in the lungs got worse in 5 out of 8 patients."}),
)
register_rule(
    "FC0026", "outcome-told-the-other-way", "error",
    what="A share the source gives for those who had an outcome, given for those who did not (alive vs died).",
    why="'92.7% died' and '92.7% survived' are opposite news.",
    example="92.7% of the people died.\n  -> FC0026 … the source counts those who had the outcome; this clause counts "
            "those who did not",
    okay=({**FIVE_YEAR, "body": "92.7% were alive at five years, so about 7% died."},),
    fail=({**FIVE_YEAR, "body": "Within five years, 92.7% of the people died."},),
)
register_rule(
    "FC0027", "number-counts-something-else", "error",
    what="A count the source gives for another kind of thing (studies, doses, years, a measurement) than the page "
         "counts (people).",
    why="'Three people' is not confirmed by 'three studies', nor 14 people by a score of 13.95.",
    example="The review counted 41 studies.\n  -> FC0027 '41': 004_a8e050c38ba956b1 states Forty-one but the source "
            "counts people; this clause counts studies …",
    okay=({**FIVE_YEAR, "body": "The study included 41 people."},),
    fail=({**FIVE_YEAR, "body": "The review counted 41 studies."},),
)
