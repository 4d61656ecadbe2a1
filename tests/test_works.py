"""Whose number is it, what it measures, how a hedge bounds it: overview pages that cite several studies."""
from pathlib import Path

import pytest
import yaml

from linter import Linter
from linter.numbers import find_quantities
from linter.sources import load_library
from linter.works import Works, read_works

ROOT = Path(__file__).resolve().parent.parent
LINTER = Linter(ROOT / "seeds")
SEVERAL = ("case-report-2016", "five-year-study", "ra-cohort-2013", "news-stem-cells-scleroderma")


def claims(body: str, sources=SEVERAL) -> dict:
    page = {"title": "Example", "sources": list(sources), "sections": [{"heading": "Details", "body": body}]}
    return {c.text: c for c in LINTER.lint_text(yaml.safe_dump(page, sort_keys=False)).claims}


@pytest.mark.parametrize("body, claim, status, says", [
    # a number given to another study than the one the source gives it for
    ("The case report of two patients found that skin scores dropped from 18.68 to 13.95 in the first year.",
     "18.68", "context_mismatch", "five-year Nanjing study"),
    ("The arthritis study enrolled 41 people.", "41", "context_mismatch", "five-year Nanjing study"),
    ("The Nanjing scleroderma follow-up included 172 patients.", "172", "context_mismatch", "rheumatoid arthritis"),
    ("Zhang and colleagues reported skin scores falling from 18.68.", "18.68", "context_mismatch", "Zhang"),
    # the same numbers with their own study are fine
    ("The Nanjing team's five-year study saw skin scores drop from 18.68 to 13.95 in the first year.",
     "18.68", "supported", ""),
    ("The arthritis study enrolled 172 people.", "172", "supported", ""),
    ("Zhang and colleagues reported skin scores falling from 20.1 to 13.8 in 14 patients.", "20.1", "supported", ""),
    # a clause takes the work its sentence named earlier; a new clause can name another
    ("The two-patient case report from 2016 saw an activity index fall to 3.5 and 1.5 after one year, the arthritis "
     "study enrolled 172 people, and the Nanjing team followed 41 people for five years.", "172", "supported", ""),
    # a short name's work noun may be another one: "the arthritis paper" is the arthritis study
    ("The arthritis paper enrolled 41 people.", "41", "context_mismatch", "five-year Nanjing study"),
    ("The RA article enrolled 172 people.", "172", "supported", ""),
    # publication years: whose year it is
    ("The arthritis study was published in 2016.", "2016", "not supported", ""),
    ("The arthritis study came first, in 2013, followed by the case report in 2016.", "2016", "supported", ""),
])
def test_whose_number_it_is(body, claim, status, says):
    found = claims(body)[claim]
    assert found.status == status or (status == "not supported" and found.status != "supported"), found.note
    assert says in found.note


@pytest.mark.parametrize("body, claim, status", [
    ("Lung scarring stayed stable in 5 out of 8 patients.", "5 out of 8", "context_mismatch"),  # that was PAH
    ("Lung blood pressure stayed stable in 5 out of 8 patients.", "5 out of 8", "supported"),
    ("Lung blood pressure held steady in 72% of patients with it.", "72%", "context_mismatch"),  # that was ILD scans
    ("The disability questionnaire score fell from 18.68 to 12.39.", "18.68", "context_mismatch"),  # skin score
])
def test_what_a_number_measures(body, claim, status):
    assert claims(body, ("five-year-study",))[claim].status == status


@pytest.mark.parametrize("body, claim, supported", [
    # hedges are bounds (linter/data/hedges.yaml; the README's table)
    ("More than 93% of the patients were alive after five years.", "More than 93%", False),
    ("More than 90% of the patients were alive after five years.", "More than 90%", True),
    ("About 93% of the patients were alive after five years.", "About 93%", True),
    ("About 92% of the patients were alive after five years.", "About 92%", False),
    ("Nearly 93% of the patients were alive after five years.", "Nearly 93%", True),
    ("At the start, the average skin score was just over 19.", "just over 19", False),
    ("At the start, the average skin score was just under 19.", "just under 19", True),
    ("Five years on, the average skin score was just over 12.", "just over 12", True),
    ("The Nanjing team treated nearly 40 people.", "nearly 40", False),
])
def test_hedges_are_bounds(body, claim, supported):
    found = claims(body, ("five-year-study",))[claim]
    assert (found.status == "supported") == supported, found.note


def test_over_a_period_is_not_a_bound():
    """'over 5 years' names a period (the claim is 5 years), 'for over a year' a bound."""
    assert [q.text for q in find_quantities("The score fell over 5 years.")] == ["5 years"]
    assert [q.hedge for q in find_quantities("They improved for over a year.")] == ["over"]


def test_catalog_describes_works_and_sources_name_their_own():
    library = load_library(ROOT / "seeds")
    works = Works(library.works)
    ids = {w.id for w in library.works}
    assert {"wehbe-2016", "alip-2024", "wang-2013", "zhang-2017"} <= ids
    for source in library.all():
        own = source.meta.get("work")
        assert own is None or own in ids, f"{source.stem}: unknown work {own}"
    assert works.named("the Nanjing team") == {"alip-2024"}
    assert works.named("Zhang and colleagues' trial") == {"zhang-2017"}
    assert works.named("the two-patient case report") == {"wehbe-2016"}
    assert works.named("treated from 2009 to 2017") == frozenset()  # a period names no work
    assert works.named("Granel et al (2015) reported") == {"cited:granel"}


def test_the_catalog_holds_no_numbers_from_the_texts():
    """Works are described by metadata only: years, registry ids, and what their titles say ('5-year follow-up')."""
    data = yaml.safe_load((ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    titles = [q.value for entry in data["sources"] for q in find_quantities(str(entry.get("title", "")))]
    for work in read_works(data["works"]):
        for text in (*work.names, *work.places, *work.conditions, work.kind, work.label):
            numbers = [q for q in find_quantities(text) if q.kind not in ("year", "registry") and q.value not in titles]
            assert not numbers, (work.id, text)


def findings(body: str, sources) -> dict[str, str]:
    page = {"title": "Example", "sources": list(sources), "sections": [{"heading": "Details", "body": body}]}
    report = LINTER.lint_text(yaml.safe_dump(page, sort_keys=False))
    by_place = {(f.line, f.column): f.code for f in report.findings if f.code.startswith("FC")}
    return {c.text: by_place.get((c.line, c.column), "") for c in report.claims}


@pytest.mark.parametrize("body, sources, expected", [
    # the sentences issue 12 lists as wrongly supported, each now flagged by the slot that disagrees
    ("The case report of two patients found that skin scores dropped from 18.68 to 13.95 in the first year.",
     SEVERAL, {"18.68": "FC0021", "13.95": "FC0021"}),
    ("The case report about two patients appeared in Stem Cell Investigation in 2017. In that report, both patients "
     "had three rounds of plasmapheresis.", ("case-report-2016", "news-stem-cells-scleroderma"),
     {"2017": "FC0021", "three": "FC0027"}),
    ("Lung scarring stayed stable in 5 out of 8 patients, and lung blood pressure held steady in 72%.",
     ("five-year-study",), {"5 out of 8": "FC0023", "72%": "FC0023"}),
    ("Skin got softer in 92.7% (38 out of 41) of the people.", ("five-year-study",),
     {"92.7%": "FC0022", "38 out of 41": "FC0022"}),
    ("Lung scores fell from 18.68 to 13.95.", ("five-year-study",), {"18.68": "FC0022", "13.95": "FC0022"}),
    ("The skin score rose from 18.68 to 13.95.", ("five-year-study",), {"18.68": "FC0025", "13.95": "FC0025"}),
    ("The study followed 41 mice.", ("five-year-study",), {"41": "FC0023"}),
    ("Skin scores fell to 12.39 by the third year.", ("five-year-study",), {"12.39": "FC0024"}),
    ("More than 93% of the patients were alive after five years.", ("five-year-study",), {"More than 93%": "FC003"}),
    ("At the start, the average skin score was just over 19.", ("five-year-study",), {"just over 19": "FC003"}),
    # and the right ones it used to flag
    ("92.7% were alive at five years, so about 7% died.", ("five-year-study",), {"92.7%": "", "about 7%": ""}),
    ("The French trial is recruiting 20 treatment-resistant systemic scleroderma patients.", SEVERAL, {"20": ""}),
])
def test_the_sentences_issue_12_lists(body, sources, expected):
    found = findings(body, sources)
    for claim, code in expected.items():
        assert found[claim] == code, (claim, found)


def test_a_slot_is_suppressed_alone_or_with_fc002():
    """A writer can silence one slot's finding by its own code, or every context finding by FC002."""
    body = "The case report found skin scores dropping from 18.68."
    for code in ("FC0021", "FC002"):
        page = {"title": "Example", "sources": list(SEVERAL), "sections": [{"heading": "Details", "body": body}],
                "suppress": [{"code": code, "claim": "18.68", "reason": "checked against the full paper by hand"}]}
        report = LINTER.lint_text(yaml.safe_dump(page, sort_keys=False))
        assert not [f for f in report.findings if f.code.startswith("FC00")], (code, report.findings)
        assert {c.text: c.status for c in report.claims}["18.68"] == "suppressed"
    page["suppress"][0]["code"] = "FC0022"  # another slot's code silences nothing, and says so
    report = LINTER.lint_text(yaml.safe_dump(page, sort_keys=False))
    assert {f.code for f in report.findings} >= {"FC0021", "FC007"}


def slot_of(body: str, claim: str, sources=SEVERAL) -> str:
    """'supported', or the code of the finding on the claim."""
    return findings(body, sources)[claim] or "supported"


@pytest.mark.parametrize("body, claim, verdict", [
    # each number has its own stretch of its sentence: what is said in it is said of that number
    ("In Zhang's trial, diarrhoea was reported by five patients and upper respiratory infections by one.",
     "five", "FC0028"),
    ("In Zhang's trial, upper respiratory infections were reported by five patients and diarrhoea by one.",
     "five", "supported"),
    ("Among its 14 patients, one person had an upper-airway infection and five had diarrhoea.", "five", "FC0028"),
    ("Five people in the 14-patient study had diarrhoea.", "Five", "FC0028"),
    # a time point in a number's own stretch is that number's ('12.39 at three years')
    ("Nanjing researchers reported average skin scores of 13.95 at one year, 12.39 at three years and 13.29 at "
     "five years, down from 18.68 at the start.", "12.39", "FC0024"),
    ("Nanjing researchers reported average skin scores of 13.95 at one year, 13.29 at three years and 12.39 at "
     "five years, down from 18.68 at the start.", "12.39", "supported"),
    ("Average skin score: start: 18.68; 1 year: 13.95; 3 years: 13.29; 5 years: 12.39.", "13.95", "supported"),
    # better and worse are a direction of their own, and 'not worse' is stable
    ("In the Nanjing study, high blood pressure in the lungs got worse in 5 out of 8 patients who had it.",
     "5 out of 8", "FC0025"),
    ("In the Nanjing study, high blood pressure in the lungs had not got worse in 5 of 8 patients.", "5 of 8",
     "supported"),
    ("In the Nanjing study, lung scans got worse in 72.0% of those with interstitial lung disease.", "72.0%",
     "FC0025"),
    ("In the Nanjing study, lung scans improved or held steady in 72.0% of those with interstitial lung disease.",
     "72.0%", "supported"),
    # a count of people gets better or worse only by its own words, not by the values beside it
    ("In Zhang's trial, the mean skin score fell from 20.1 to 13.8 in 14 patients.", "14", "supported"),
])
def test_each_number_has_its_own_stretch(body, claim, verdict):
    assert slot_of(body, claim) == verdict


@pytest.mark.parametrize("body, sources, claim, verdict", [
    # a source's own record states its volume and pages
    ("The Nanjing study appeared in Clinical Rheumatology, volume 43, pages 1073-1082.", ("five-year-study-record",),
     "volume 43", "supported"),
    # a reference-list entry states the year of the publication the clause names by three of its names
    ("The Dutch MANUS trial, whose protocol appeared in BMJ Open in 2018, planned to enrol 20 people.",
     ("five-year-study",), "2018", "supported"),
    ("The Dutch MANUS trial, whose protocol appeared in BMJ Open in 2019, planned to enrol 20 people.",
     ("five-year-study",), "2019", "FC001"),
    # a journal's name alone does not: it publishes a year's worth of papers
    ("The five-year follow-up by Alip and colleagues was published in Clinical Rheumatology in 2017.",
     ("five-year-study",), "2017", "not supported"),
    # list partners share their statement ('at 12 and 16 months')
    ("In the 2016 case report, both patients later returned for more cells, at 12 and 16 months.",
     ("case-report-2016", "news-stem-cells-scleroderma"), "16 months", "supported"),
    # '3 died' is the complement of '38 out of 41' alive
    ("The Nanjing team followed 41 patients for five years; 3 of them died.", ("five-year-study",), "3 of them",
     "supported"),
])
def test_records_references_and_lists(body, sources, claim, verdict):
    found = findings(body, sources)
    text = next(t for t in found if claim in t or t in claim)
    got = found[text] or "supported"
    assert got == verdict or (verdict == "not supported" and got != "supported"), (text, found)


@pytest.mark.parametrize("body, verdict", [
    # a sentence that cites four or more works is the citing review's own statement, no one work's
    ("The 2016 case report by Wehbe and colleagues also reviewed ten clinical studies.", "FC0021"),
    ("A review citing the 2016 case report counted ten clinical studies.", "supported"),
    # and a review citing a work may report that work's figures
    ("A review citing Zhang and colleagues' 2017 trial notes that five patients caught upper respiratory "
     "infections.", "supported"),
])
def test_a_review_speaks_for_itself(body, verdict):
    found = findings(body, ("case-report-2016",))
    claim = next(t for t in found if t.lower().startswith(("ten", "five")))
    assert (found[claim] or "supported") == verdict, found


@pytest.mark.parametrize("body, claim, supported", [
    # shares in words, hyphenated or not; "nearly" a little under, like any hedge
    ("Lung scans held steady or improved in almost three-quarters of Nanjing patients with lung scarring.",
     "almost three-quarters", True),
    ("Lung scans held steady or improved in nearly two-thirds of Nanjing patients with lung scarring.",
     "nearly two-thirds", False),
])
def test_shares_in_words(body, claim, supported):
    assert (claims(body, ("five-year-study",))[claim].status == "supported") == supported


@pytest.mark.parametrize("body, claim, verdict", [
    # a measurement at a time point of its own, and the start of a change at none
    ("Two years after their first treatment, the case report's two patients had activity scores of 3.5 and 1.5, "
     "down from 9.5.", "3.5", "FC0024"),
    ("One year after their first treatment, the case report's two patients had activity scores of 3.5 and 1.5, "
     "down from 9.5.", "3.5", "supported"),
    ("One year after their first treatment, the case report's two patients had activity scores of 3.5 and 1.5, "
     "down from 9.5.", "9.5", "supported"),
])
def test_measurements_at_their_own_time(body, claim, verdict):
    assert slot_of(body, claim, ("case-report-2016",)) == verdict


@pytest.mark.parametrize("body, claim, verdict", [
    # a standard deviation is the spread of a score, not a value of it
    ("At five years, the Nanjing patients' average skin score was 8.49.", "8.49", "FC0022"),
    ("At five years, the skin scores varied around their average by 8.49 points (one standard deviation).", "8.49",
     "supported"),
    # the size of a change is the difference of two values the source sentence gives
    ("Between baseline and year five, the mean skin score fell by about 6.3 points.", "about 6.3", "supported"),
    ("Between baseline and year five, the mean skin score fell by about 8 points.", "about 8", "not supported"),
])
def test_spreads_and_changes(body, claim, verdict):
    found = findings(body, ("five-year-study",))
    got = found[claim] or "supported"
    assert got == verdict or (verdict == "not supported" and got != "supported"), found


def test_a_count_whose_noun_is_left_out_is_a_claim():
    """'... and diarrhoea in one': the last count of a list is checked like the others."""
    body = "In Zhang's trial, diarrhoea was reported in five patients and upper respiratory infections in one."
    found = findings(body, ("case-report-2016",))
    assert found.get("one", "").startswith("FC002"), found  # flagged, as the source's one had diarrhoea


def test_the_judge_returns_a_frozen_verdict_and_changes_no_claim(monkeypatch):
    """Judging is pure: the verdict is data, applied to the claim in one place (PageClaim.apply)."""
    import dataclasses

    from linter import factcheck
    seen = []
    judge = factcheck.judge

    def spy(claim, sources, ctx):
        before = (claim.status, list(claim.evidence), claim.note, claim.conflict)
        verdict = judge(claim, sources, ctx)
        assert (claim.status, list(claim.evidence), claim.note, claim.conflict) == before
        seen.append(verdict)
        return verdict

    monkeypatch.setattr(factcheck, "judge", spy)
    found = claims("The judge test: skin scores fell from 18.68 to 13.95 in the first year, and 97.2% were alive.",
                   ("five-year-study",))
    assert {v.status for v in seen} == {"supported", "unsupported"}
    assert found["97.2%"].status == "unsupported"
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen[0].status = "supported"


@pytest.mark.parametrize("body, claim, verdict", [
    # "(SD = 7.67, n = 38)": 38 is how many people a measurement was taken from, not how many were treated
    ("The Nanjing team treated nearly 40 people.", "nearly 40", "FC0029"),
    ("The Nanjing team treated 41 people.", "41", "supported"),
    ("At three and five years, skin scores were assessed in 38 people.", "38", "supported"),
])
def test_who_a_count_is(body, claim, verdict):
    found = findings(body, ("five-year-study",))
    assert (found[claim] or "supported") == verdict, found


@pytest.mark.parametrize("body, claim, verdict", [
    # a country adjective with a work noun names the trial run there, even with words between them
    ("The French scleroderma trial is recruiting 20 patients.", "20", "supported"),
    ("The French scleroderma trial is recruiting 39 patients.", "39", "context_mismatch"),  # Liang's 39
    ("The Korean ulcer study ended in January 2018.", "January 2018", "supported"),
    ("The French trial ended in January 2018.", "January 2018", "context_mismatch"),  # the Korean trial's date
    ("The South Korean digital ulcer study enrolled up to seven patients.", "up to seven", "supported"),
    # a place named elsewhere in the sentence does not take a number from its own study
    ("Liang's retrospective series included 39 patients, and the Nanjing follow-up covered 41.", "39", "supported"),
])
def test_a_place_names_its_study(body, claim, verdict):
    assert claims(body)[claim].status == verdict


@pytest.mark.parametrize("body, claim, verdict", [
    ("One review counted ten clinical studies in the previous 5 years, three of them case reports like Wehbe's.",
     "ten", "supported"),
    ("Wehbe's report covered just two people. A review counting cell studies in scleroderma over five years found "
     "ten, three of them case reports.", "ten", "supported"),
    # the case report itself did not count them: a citing review did
    ("In that 2016 case report, Wehbe and colleagues also surveyed ten clinical studies.", "ten", "context_mismatch"),
])
def test_a_review_that_speaks_owns_its_counts(body, claim, verdict):
    assert claims(body)[claim].status == verdict


@pytest.mark.parametrize("body, claim, supported", [
    ("The South Korean ulcer trial gave each patient one injection of their own fat-derived cells.", "one", True),
    ("The South Korean ulcer trial gave each patient one injection of rituximab.", "one", False),
    ("The South Korean ulcer trial enrolled up to seven patients.", "up to seven", True),
    ("The South Korean ulcer trial enrolled at least seven patients.", "at least seven", False),  # bounds disagree
])
def test_what_a_dose_is_of_and_which_way_a_bound_points(body, claim, supported):
    assert claims(body, ("news-stem-cells-scleroderma",))[claim].supported is supported


@pytest.mark.parametrize("body, sources, claim, verdict", [
    # a journal's title names a journal: "Arthritis Research & Therapy" does not make a number about arthritis
    ("Zhang's scleroderma trial reported better skin scores at one year in 14 patients.",
     ("news-stem-cells-scleroderma",), "14", "supported"),
    ("Zhang's trial, published in Arthritis Research & Therapy in 2017, reported better skin scores in 14 patients.",
     ("news-stem-cells-scleroderma",), "14", "supported"),
    # a group named mid-clause and a count after its comma are two claims, each judged on its own
    ("In Zhang's trial of 14 patients, one person had upper respiratory infections.", ("case-report-2016",),
     "14", "supported"),
    ("In Zhang's trial of 14 patients, one person had upper respiratory infections.", ("case-report-2016",),
     "one", "not supported"),  # five had them; one had diarrhoea
    # a number followed by its verb stands for people of the group; it does not count what comes after
    ("In the Zhang study of 14 patients, five caught upper airway infections.", ("case-report-2016",),
     "five", "supported"),
])
def test_names_and_groups_are_not_what_a_number_counts(body, sources, claim, verdict):
    found = claims(body, sources)[claim]
    assert found.status == verdict or (verdict == "not supported" and not found.supported), found.note


FIVE_YEAR_RECORDS = ("five-year-study", "five-year-study-record", "news-stem-cells-scleroderma")


@pytest.mark.parametrize("body, claim, supported", [
    # a reference-list entry states the year of the paper the clause singles out: by a word only that entry holds,
    ("The Dutch MANUS trial, whose protocol was published in 2018, planned for up to 20 people.", "2018", True),
    ("Older transplant trials such as ASSIST, published in 2011, compared transplants with cyclophosphamide.",
     "2011", True),
    # or by the one paper in the journal it names that year (listed twice, it is still one paper)
    ("An early abstract on cord cells for systemic sclerosis appeared in Cell Research in 2008.", "2008", True),
    ("A trial published in JAMA in 2014 compared transplants with cyclophosphamide.", "2014", True),
    # an entry of that year in another journal is another paper
    ("A study of donor stem cells in refractory rheumatoid arthritis was published in Clinical Rheumatology in 2013.",
     "2013", False),
    ("The five-year paper appeared in Clinical Rheumatology in 2020.", "2020", False),  # the catalog says 2024
    # an author's other paper is named by what it is about; a catalog work keeps its own year
    ("Liang and colleagues published a small study in refractory RA in 2012.", "2012", True),
    ("A pilot study by Liang and colleagues appeared in 2010.", "2010", True),
    ("Zhang's plasmapheresis trial was published in 2018.", "2018", False),  # 2017; the 2018 Zhang entry is on lupus
])
def test_a_reference_entry_states_the_year_of_the_paper_a_clause_singles_out(body, claim, supported):
    assert claims(body, FIVE_YEAR_RECORDS)[claim].supported is supported


@pytest.mark.parametrize("body, claim, supported", [
    # "Of the 41 patients, 38 died": the group's size is true; the count of deaths is not (38 were alive)
    ("Of the 41 patients in the Nanjing study, 38 died within five years.", "41", True),
    ("Of the 41 patients in the Nanjing study, 38 died within five years.", "38", False),
    ("Of the 41 people, 38 were alive after five years.", "38", True),
    # "just under 14 in 14 patients" is a value and a count, not fourteen in fourteen
    ("In Zhang's trial the average skin score fell from about 20 to just under 14 in 14 patients.", "just under 14",
     True),
])
def test_a_group_and_its_part_are_two_claims(body, claim, supported):
    assert claims(body, ("five-year-study", "case-report-2016"))[claim].supported is supported


@pytest.mark.parametrize("body, claim, verdict", [
    # "reduced from 9.5 to 3.5 and 1.5, respectively": the first patient's 3.5, the second's 1.5
    ("The activity index fell from 9.5 to 1.5 in the first patient and to 3.5 in the second.", "1.5", "FC0028"),
    ("The activity index fell from 9.5 to 1.5 in the first patient and to 3.5 in the second.", "3.5", "FC0028"),
    ("After one year, the first patient's activity index had fallen to 3.5 and the second patient's to 1.5.",
     "1.5", "supported"),
    ("The activity index fell from 9.5 to 3.5 and 1.5 after the first year.", "1.5", "supported"),  # a time
])
def test_a_respectively_list_pairs_values_with_members_in_order(body, claim, verdict):
    found = findings(body, ("case-report-2016",))
    assert (found[claim] or "supported") == verdict, found


@pytest.mark.parametrize("body, sources, claim, supported", [
    # a measure's movement says how people fared: lung function that declined is worse, skin scores that fell better
    ("In Zhang's trial, skin scores improved, but lung function declined in the three patients with lung scarring.",
     ("news-stem-cells-scleroderma",), "three", False),
    ("In Zhang's trial, lung function improved in the three patients with lung scarring.",
     ("news-stem-cells-scleroderma",), "three", True),
    # a table's arrows are directions too: "↑lung function (in 3 ILD affected patients)"
    ("In Zhang's 2017 trial, the three patients with lung scarring saw their lung function get worse.",
     ("case-report-2016",), "three", False),
    ("In Zhang's trial the average skin score worsened from 20.1 to 13.8.", ("case-report-2016",), "20.1", False),
    # "did not stay stable" tells the other part of the group: 3 of the 8 is the complement of 5 of 8 stable
    ("Lung blood pressure held steady in 5 of 8 patients, leaving 3 whose readings did not stay stable.",
     ("five-year-study",), "3", True),
    ("Pulmonary hypertension was not stable in 3 of the 8 patients who had it.", ("five-year-study",), "3 of the 8",
     True),
])
def test_how_people_fared_follows_the_measure_that_moved(body, sources, claim, supported):
    assert claims(body, sources)[claim].supported is supported


@pytest.mark.parametrize("body", [
    "The Nanjing team's five-year report, published in 2024, says patients were treated between 2009 and 2017.",
    "It was published in 2024 in Clinical Rheumatology and reports on people treated from 2009 to 2017.",
])
def test_a_period_dates_what_happened_not_a_publication(body):
    found = claims(body, ("five-year-study",))
    assert found["2009"].supported and found["2017"].supported, (found["2009"].note, found["2017"].note)


@pytest.mark.parametrize("body, claim, supported", [
    # a paper citing one work may speak of the work the text is about
    ("What did other researchers say about Zhang's trial? A paper citing the case report says upper respiratory "
     "infections were reported by five patients.", "five", True),
    # but a stretch that names its own work keeps it
    ("Liang's 2018 series covered 39 people. One review table lists a one-year survival of almost 70% for the "
     "case-report patients.", "almost 70%", False),
])
def test_a_citing_paper_speaks_of_the_work_in_question(body, claim, supported):
    assert claims(body, ("case-report-2016",))[claim].supported is supported


@pytest.mark.parametrize("body, claim, supported", [
    # "the French one", "the French and Dutch trials": a country names its trial with "one" or a plural noun
    ("The 2013 rheumatoid arthritis study enrolled 172 patients, while the French one was recruiting 20 people.",
     "20", True),
    ("The arthritis study had 172 patients, while the French and Dutch trials each aimed for about 20 participants.",
     "about 20", True),
    # "that trial" points back to the latest trial named, not to the nearer case report
    ("Q: What happened in Zhang's trial and in the two-patient report? A: In the 2016 report both patients improved "
     "for over a year, while in that trial of 14 patients, five had upper respiratory infections.", "14", True),
    ("Q: What happened in Zhang's trial and in the two-patient report? A: In the 2016 report both patients improved "
     "for over a year, while in that trial of 41 patients, five had upper respiratory infections.", "41", False),
    # "the earlier report" is the case report named before
    ("In the 2016 report the activity index fell, whereas in Zhang's trial the mean skin score improved from 20.1 to "
     "13.8. Both patients in the earlier report later had a second transplant, at 12 and 16 months.",
     "12 and 16 months", True),
])
def test_a_work_is_named_by_its_country_or_pointed_back_to(body, claim, supported):
    found = claims(body)
    text = next(t for t in found if claim in t or t in claim)
    assert found[text].supported is supported, found[text].note


@pytest.mark.parametrize("body, claim, supported", [
    # a paper a work cites is named by what it is about, in the reference list's words or their synonyms
    ("The Nanjing team, writing in 2024, also cited a study of donor stem cells in refractory rheumatoid arthritis "
     "published in 2012.", "2012", True),
    ("The Nanjing team, writing in 2024, also cited a study of donor stem cells in refractory rheumatoid arthritis "
     "published in 2014.", "2014", False),
    # a count phrase ends before "either ... or": "172 patients" are people, not drugs
    ("Wang and colleagues' 2013 study gave 172 patients either standard drugs alone or drugs plus cord cells.",
     "172", True),
])
def test_cited_papers_and_counted_phrases(body, claim, supported):
    found = claims(body, FIVE_YEAR_RECORDS + ("ra-cohort-2013",))
    assert found[claim].supported is supported, found[claim].note


@pytest.mark.parametrize("body, claim, supported", [
    # a share takes its measure and group from its own stretch of the sentence
    ("Pulmonary hypertension stayed stable in 5 out of 8 at five years and lung scans improved or held steady in "
     "72.0% of those with lung disease.", "72.0%", True),
    ("In the Nanjing study, 72.0% were alive at five years and 92.7% of those with lung disease had improved or "
     "stable scans.", "72.0%", False),
    ("In the Nanjing study, 72.0% were alive at five years and 92.7% of those with lung disease had improved or "
     "stable scans.", "92.7%", False),
])
def test_a_share_is_read_in_its_own_stretch(body, claim, supported):
    assert claims(body, ("five-year-study",))[claim].supported is supported


def test_an_elliptical_did_not_tells_the_other_part_of_a_group():
    found = claims("Pulmonary hypertension stayed stable in 5 of 8, meaning 3 of 8 did not.", ("five-year-study",))
    assert found["3 of 8"].supported, found["3 of 8"].note
    found = claims("Pulmonary hypertension stayed stable in 5 of 8, meaning 4 of 8 did not.", ("five-year-study",))
    assert not found["4 of 8"].supported


@pytest.mark.parametrize("body, sources, claim, supported", [
    # "mortality" tells survival the other way round
    ("In the Nanjing study, five-year mortality was 92.7%.", ("five-year-study",), "92.7%", False),
    ("In the Nanjing study, five-year survival was 92.7%.", ("five-year-study",), "92.7%", True),
    # two names of one measure agree; a value that fell on an index is better, whatever the clause says later
    ("In the 2016 case report, both patients' disease activity scores worsened to 3.5 and 1.5 after a year.",
     ("case-report-2016",), "3.5", False),
    ("In the two-patient report, the disease activity index fell from 9.5 to 3.5 and 1.5, and the patients were "
     "given a second transplant when their disease progressed.", ("case-report-2016",), "3.5", True),
    # a whole number with no noun counts the people its clause counts: "planned 14 people and reported on 20"
    ("Zhang's trial planned 14 people and reported on 20.", ("news-stem-cells-scleroderma",), "20", False),
    # a source's count is planned by the verb its clause opens with, however far ("is assessing the safety and
    # efficacy of ... transplants in 20 patients"): results reported on 20 were not
    ("Zhang's open-label trial published results from 20 patients.", ("news-stem-cells-scleroderma",), "20", False),
    ("Zhang's trial was assessing the safety of the cells in 20 patients.", ("news-stem-cells-scleroderma",), "20",
     True),
    # "a study of 20 patients" is the work's size as described, planned or taken alike
    ("The Chinese trial, NCT00962923, was described as a study of 20 patients, with results from 14 published.",
     ("news-stem-cells-scleroderma",), "20", True),
])
def test_polarity_measures_and_roles_in_other_words(body, sources, claim, supported):
    found = claims(body, sources)
    text = next(t for t in found if claim in t or t in claim)
    assert found[text].supported is supported, found[text].note


@pytest.mark.parametrize("body, claim, supported", [
    # how people fared over a stretch of time: "got worse for 3-6 months" is not "improved for 3-6 months"
    ("The 2013 study in 172 people reported that the joint score got worse for 3-6 months compared with drugs alone.",
     "6 months", False),
    ("The 2013 study in 172 people reported that the joint score improved for 3-6 months compared with drugs alone.",
     "6 months", True),
])
def test_how_people_fared_over_a_stretch_of_time(body, claim, supported):
    assert claims(body, ("ra-cohort-2013",))[claim].supported is supported


def test_a_time_point_is_not_a_stretch_of_time_people_fared():
    body = ("Both patients improved for over a year and were given cells again at 12 and 16 months, respectively.")
    found = claims(body, ("news-stem-cells-scleroderma", "case-report-2016"))
    assert found["12"].supported and found["16 months"].supported, found


@pytest.mark.parametrize("body, claim, supported", [
    # 38 of 41 were alive: 38 is not how many people the study took
    ("The Nanjing follow-up included 38 patients treated between 2009 and 2017.", "38", False),
    ("The Nanjing follow-up included 41 patients treated between 2009 and 2017.", "41", True),
    # but the skin-score analysis did include 38 people at five years (n = 38)
    ("By year five the Nanjing skin-score analysis included 38 people.", "38", True),
])
def test_the_part_that_had_an_outcome_is_not_the_group_taken(body, claim, supported):
    assert claims(body, ("five-year-study",))[claim].supported is supported


@pytest.mark.parametrize("body, supported", [
    # "from X to Y" says which way a value moved when no word does
    ("Zhang's 14 patients saw their average skin score go from 13.8 to 20.1 over follow-up.", False),
    ("Zhang's 14 patients saw their average skin score go from 20.1 to 13.8 over follow-up.", True),
])
def test_from_to_says_which_way_a_value_moved(body, supported):
    assert claims(body, ("case-report-2016",))["20.1"].supported is supported


@pytest.mark.parametrize("body, claimed", [
    ("A study with a comparison group, and one without.", False),  # "one" stands for a study
    ("Diarrhoea was reported in five patients and colds in one.", True),  # "one" is a count of patients
])
def test_one_standing_for_a_thing_named_before_is_not_a_claim(body, claimed):
    assert ("one" in claims(body, ("case-report-2016",))) is claimed


def test_a_later_clause_on_another_subject_does_not_take_the_topic_away():
    body = ("The Nanjing team checked the hearts and lungs of the 41 people it treated. Overall, 38 of the 41 were "
            "alive at five years, and the earlier Chinese trial had reported better breathing in three patients.")
    found = claims(body, ("five-year-study", "news-stem-cells-scleroderma"))
    assert found["38 of the 41"].supported, found["38 of the 41"].note


@pytest.mark.parametrize("body, claim, verdict", [
    # "the trial", "trial patients": the last trial the paragraph named, though another work was named since
    ("Zhang's 2017 trial and the 2016 Wehbe case report, side by side. Who: 14 trial patients versus 2 in the case "
     "report. In the trial, the average skin score fell from just over 20 to just under 14.", "just over 20",
     "supported"),
    ("Zhang's 2017 trial and the 2016 Wehbe case report, side by side. Who: 14 trial patients versus 2 in the case "
     "report.", "14", "supported"),
    ("Zhang's 2017 trial and the 2016 Wehbe case report, side by side. Who: 14 trial patients versus 2 in the case "
     "report.", "2", "supported"),
    # the same description after the case report alone points to no trial: the case report's figure stays unknown
    ("The 2016 Wehbe case report described two patients. In the trial, the skin score fell from just over 20.",
     "just over 20", "supported"),
    # a description that names its work by itself is a name, not a pointer
    ("The South Korean trial enrolled up to seven patients, and the French trial is due to end in June 2019.",
     "June 2019", "supported"),
])
def test_the_trial_is_the_last_trial_named(body, claim, verdict):
    assert claims(body)[claim].status == verdict


@pytest.mark.parametrize("body, claim, verdict", [
    # a date is when something starts or when it ends: swapped, they are the other milestone's
    ("The MANUS trial was due to start enrolling in November 2020 and finish in November 2018.", "November 2020",
     "FC0029"),
    ("The MANUS trial was due to start enrolling in November 2020 and finish in November 2018.", "November 2018",
     "FC0029"),
    ("The MANUS trial was due to start enrolling in November 2018 and finish in November 2020.", "November 2018",
     "supported"),
    ("The MANUS trial was due to start enrolling in November 2018 and finish in November 2020.", "November 2020",
     "supported"),
])
def test_a_date_is_a_start_or_an_end(body, claim, verdict):
    found = findings(body, ("news-stem-cells-scleroderma",))
    assert (found[claim] or "supported") == verdict, found


@pytest.mark.parametrize("body, claim", [
    # what is said of a number ends with its clause: a work named in the next clause is not its work
    ("The Nanjing authors report a mean score of 13.95 at one year, down from 18.68 at the start, and they saw the "
     "fall at six months; Zhang's trial, by comparison, reported its improvement at one year.", "18.68"),
    ("In the case report the activity index fell from 9.5 to 3.5 and 1.5, whereas Zhang's trial reported better "
     "skin scores.", "1.5"),
])
def test_a_number_keeps_its_own_clause(body, claim):
    assert claims(body)[claim].status == "supported"


@pytest.mark.parametrize("body, sources, claim", [
    # a count of citations or references is page chrome on the record page, which never supports a claim ...
    ("The arthritis study has been cited by 204 publications.", ("ra-cohort-2013",), "204"),
    ("The Nanjing study has been cited 3 times.", ("five-year-study-record",), "3"),  # 被引:3
    ("The Nanjing study has been cited 43 times.", ("five-year-study-record",), "43"),
    ("It has 191 citation statements and lists 40 references.", ("ra-cohort-2013",), "191"),
    ("It has 191 citation statements and lists 40 references.", ("ra-cohort-2013",), "40"),
    # ... and no number of the research confirms one: "Ten clinical studies have reported ..." is not "cited by 10"
    ("The case report has been cited by 10 publications.", ("case-report-2016",), "10"),
    ("Ten papers have cited the case report, in 10 citation statements.", ("case-report-2016",), "Ten"),
    ("Ten papers have cited the case report, in 10 citation statements.", ("case-report-2016",), "10"),
])
def test_counts_of_citations_and_references_are_never_supported(body, sources, claim):
    found = findings(body, sources)
    text = next(t for t in found if claim in t or t in claim)
    assert found[text] == "FC001", (text, found)


@pytest.mark.parametrize("body, sources, quoted", [
    # the message quotes what the record page of the work the clause names counts, for the writer to weigh
    ("The arthritis study has been cited by 240 publications.", ("ra-cohort-2013",), "Cited by 204 publications"),
    ("The 2016 case report has been cited by 204 publications.", ("case-report-2016", "ra-cohort-2013"),
     "Cited by 14 publications"),
    ("The 2016 case report has 191 citation statements.", ("case-report-2016", "ra-cohort-2013"),
     "(10 citation statements)"),
])
def test_a_flagged_count_of_citations_quotes_the_record(body, sources, quoted):
    page = {"title": "Example", "sources": list(sources), "sections": [{"heading": "Details", "body": body}]}
    report = LINTER.lint_text(yaml.safe_dump(page, sort_keys=False))
    messages = [f.message for f in report.findings if f.code == "FC001"]
    assert any(quoted in m and "never supports a claim" in m for m in messages), messages


@pytest.mark.parametrize("body, sources, claim, verdict", [
    # what is not a count of citations keeps its verdict: a study's size, the research's own numbers
    ("The arthritis study enrolled 172 patients and has been cited by 204 publications.", ("ra-cohort-2013",),
     "172", "supported"),
    ("The arthritis study enrolled 204 patients.", ("ra-cohort-2013",), "204", "FC001"),
    ("Ten clinical studies have reported the use of these cells, three of them case reports.", ("case-report-2016",),
     "Ten", "supported"),
    ("A review citing the case report counted ten clinical studies.", ("case-report-2016",), "ten", "supported"),
])
def test_numbers_near_citation_words_are_not_counts_of_citations(body, sources, claim, verdict):
    found = findings(body, sources)
    text = next(t for t in found if claim in t or t in claim)
    assert (found[text] or "supported") == verdict, (text, found)


@pytest.mark.parametrize("body, sources, claim, supported", [
    # a journal the clause names that is not the work's own names another paper of the same people: its entry
    # states the year
    ("The Nanjing team's first abstract on cord cells for refractory scleroderma appeared in Cell Research in 2008.",
     ("five-year-study-record",), "2008", True),
    ("The Nanjing team's first abstract on cord cells for refractory scleroderma appeared in Cell Research in 2010.",
     ("five-year-study-record",), "2010", False),  # an entry of 2010 in another journal whose title says 'cell'
    # the record's own line states its volume, its journal abbreviated; an entry from the same journal does not
    ("The Nanjing follow-up came out in Clinical Rheumatology, volume 43.", ("five-year-study",), "43", True),
    ("The Nanjing follow-up came out in Clinical Rheumatology, volume 34.", ("five-year-study",), "34", False),
    # a citing paper speaks of the work named before it in the sentence, not of the paper it is quoted on
    ("In the Zhang trial, a review citing the Wehbe paper says infections of the nose and throat were reported by "
     "five patients.", ("case-report-2016",), "five", True),
    ("Zhang et al (2017), as quoted on the citation page for the Wehbe report, treated 14 patients.",
     ("case-report-2016", "five-year-study-record"), "14", True),
    ("Zhang et al (2017), as quoted on the citation page for the Wehbe report, treated 41 patients.",
     ("case-report-2016", "five-year-study-record"), "41", False),
    # "their report in 2017" dates the report the clause names by its authors: it names no other work
    ("Wehbe and colleagues published their report in 2017, describing 2 patients who improved for over a year.",
     ("case-report-2016", "news-stem-cells-scleroderma"), "2 patients", True),
])
def test_which_publication_a_clause_names(body, sources, claim, supported):
    found = claims(body, sources)
    text = next(t for t in found if claim in t or t in claim)
    assert found[text].supported is supported, (text, found[text].note)
