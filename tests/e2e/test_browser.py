"""The patient site in a real headless Chromium: cards and links, evidence that marks the number, deep and
unknown addresses, search, injection attempts, no request leaving the machine, print, and nothing written.

One `streamlit run serve.py` process (what `make run` starts) serves a temporary explainers folder holding the
shipped pages and a few test pages, for the whole module.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from linter.api import Linter

from linter.values import value_match
from linter.numbers import find_quantities, source_quantities

from .conftest import REPO, RunningApp, requests_made, screenshot

STALE = (StaleElementReferenceException,)  # Streamlit redraws an element between finding and reading it

pytestmark = pytest.mark.e2e

SHORT_PAGE = """\
title: How many people lived after stem cells
summary: After 5 years, 92.7% of the people in the study were still alive.
sources: [five-year-study]
last_reviewed: "2026-11-20"
sections:
  - heading: Who was still alive
    body: |-
      After 5 years, 92.7% of the people in the study were still alive.

      This is a small study. It had no comparison group.
key_numbers:
  - statement: 38 out of 41 people were still alive after 5 years.
    count: 38
    total: 41
    source: five-year-study
disclaimer: This page explains research. It is not medical advice.
"""

BROKEN_PAGE = SHORT_PAGE.replace("92.7%", "97.2%").replace("How many people lived after stem cells", "Wrong numbers")

CURE_PAGE = """\
title: Stem cells for scleroderma
sources: [five-year-study]
sections:
  - heading: What the study found
    body: Stem cells cure scleroderma. Stop your other medicines.
"""

INJECTION_PAGE = """\
title: "Costs $5 and $10 <script>window.__pwned=1</script>"
summary: "Not a link [click](javascript:alert(1)) and no image <img src=x onerror=window.__pwned=1>"
sources: [five-year-study]
sections:
  - heading: "<b onmouseover=window.__pwned=1>Heading</b>"
    body: "After 5 years, 92.7% of the people in the study were still alive. <script>window.__pwned=1</script> [x](javascript:window.__pwned=1)"
questions:
  - "Ask at www.example-clinic.com or write to book@example-clinic.com or see https://example-clinic.com/book"
disclaimer: "Book a visit: example-clinic.com/book"
suppress:
  - code: FC002
    reason: The numbers in the injected markup are test data, not claims.
  - code: FC001
    reason: The numbers in the injected markup are test data, not claims.
"""

WAIT = 90
EVIDENCE_LINK = "See the research sentences behind each number (written for doctors)"
SHIPPED = [p for p in sorted((REPO / "explainers").glob("*.yaml"))]


def claimed_quantity(report, claim):
    """The claim as the linter read it in its field ('about one' is a number there, not on its own)."""
    value = report.page
    for name, index in re.findall(r"(\w+)|\[(\d+)\]", claim.field):
        value = value[int(index)] if index else value[name]
    value = value if isinstance(value, str) else f"{value:g}"  # a chart's value: the number as written
    return next(q for q in find_quantities(value) if q.start <= claim.start and claim.end <= q.end)


def states(wanted, marked) -> bool:
    """The marked number states the claim, or one part of an 'N of the M' the source gives in two sentences."""
    return value_match(wanted, marked) or (wanted.kind == "fraction" and marked.kind == "number"
                                           and marked.value in (wanted.numerator, wanted.denominator))


@pytest.fixture(scope="module")
def linter():
    return Linter(REPO / "seeds")


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("explainers")
    for page in SHIPPED:
        shutil.copy(page, folder / page.name)
    (folder / "short-page.yaml").write_text(SHORT_PAGE)
    (folder / "broken-page.yaml").write_text(BROKEN_PAGE)
    (folder / "cure-page.yaml").write_text(CURE_PAGE)
    (folder / "injection.yaml").write_text(INJECTION_PAGE)
    app = RunningApp(folder)
    yield app
    app.stop()


def body_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def heading(driver, text: str, timeout: float = WAIT):
    """Wait until the page's h1 contains `text`."""
    WebDriverWait(driver, timeout, ignored_exceptions=STALE).until(
        lambda d: any(text in h.text for h in d.find_elements(By.CSS_SELECTOR, "h1")))
    return next(h for h in driver.find_elements(By.CSS_SELECTOR, "h1") if text in h.text)


def shows(driver, text: str, timeout: float = WAIT) -> None:
    """Wait until the page shows `text` (used for the last element of a page: the run has finished)."""
    WebDriverWait(driver, timeout, ignored_exceptions=STALE).until(lambda d: text in body_text(d))


def finished(driver, timeout: float = WAIT) -> None:
    """Wait until Streamlit has finished drawing (its status widget gone, and the page settled)."""
    WebDriverWait(driver, timeout, ignored_exceptions=STALE).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget']"))
    time.sleep(0.5)


def open_explainer(driver, site, name: str) -> None:
    driver.get(f"{site.url}/{name}")
    shows(driver, "Back to all pages")
    finished(driver)


def test_home_cards_are_whole_links_to_pages_whose_numbers_open_their_evidence(site, browser):
    browser.get(site.url + "/")
    heading(browser, "Research explained")
    shows(browser, "more pages are being checked")
    card = WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(EC.element_to_be_clickable(
        (By.XPATH, "//a[contains(@class, 'card')][contains(., 'How many people lived after stem cells')]")))
    assert card.find_element(By.CSS_SELECTOR, ".card-summary").text.startswith("After 5 years, 92.7%")
    body = body_text(browser)
    assert "Wrong numbers" not in body and "Stem cells cure" not in body, "withheld pages are not listed"
    assert "Costs $5 and $10 <script>window.__pwned=1</script>" in body, "titles are shown literally"
    screenshot(browser, "home")
    card.find_element(By.CSS_SELECTOR, ".card-summary").click()  # anywhere on the card
    heading(browser, "How many people lived after stem cells")
    shows(browser, "Back to all pages")
    assert urlsplit(browser.current_url).path == "/short-page"
    assert browser.title == "How many people lived after stem cells · Research explained"

    icon_array = WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.icon-array")))
    assert icon_array.get_attribute("aria-label").startswith("38 out of 41 people were still alive after 5 years.")

    assert not browser.find_elements(By.CSS_SELECTOR, "blockquote"), "no research sentence on the reading page"
    link = browser.find_element(By.LINK_TEXT, EVIDENCE_LINK)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    heading(browser, "The research sentences behind “How many people lived after stem cells”")
    assert urlsplit(browser.current_url).path == "/short-page" and urlsplit(browser.current_url).query == "view=evidence"
    finished(browser)
    mark = WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".evidence-item mark")))
    assert mark.text in ("92.7%", "5-year", "5 years", "5\u00a0years")
    item = mark.find_element(By.XPATH, "./ancestor::div[contains(@class, 'evidence-item')]")
    assert "the study “Umbilical cord mesenchymal stem cells transplantation" in item.text
    assert "line" not in item.text.lower().split("says:")[0] and not re.search(r"\bline \d+", item.text)
    assert item.find_element(By.CSS_SELECTOR, "a").get_attribute("href") == "https://doi.org/10.1007/s10067-024-06865-z"
    screenshot(browser, "explainer-with-evidence")


@pytest.mark.parametrize("page", [p.stem for p in SHIPPED])
def test_every_evidence_highlight_is_its_claims_value(site, browser, linter, page):
    report = linter.lint_file(REPO / "explainers" / f"{page}.yaml")
    if not report.passed:
        pytest.skip(f"{page} is withheld")
    wanted = {c.text: claimed_quantity(report, c) for c in report.claims}
    open_explainer(browser, site, page)
    assert not browser.find_elements(By.CSS_SELECTOR, "blockquote"), f"{page}: a research sentence on the reading page"
    if report.claims:
        browser.find_element(By.LINK_TEXT, EVIDENCE_LINK).click()
    else:
        assert not browser.find_elements(By.LINK_TEXT, EVIDENCE_LINK), f"{page} has no numbers to show evidence for"
        browser.get(f"{site.url}/{page}?view=evidence")
    heading(browser, "The research sentences behind")
    shows(browser, "Sources")
    finished(browser)
    boxes = browser.find_elements(By.CSS_SELECTOR, "div.evidence")
    checked = 0
    for box in boxes:
        for item in box.find_elements(By.CSS_SELECTOR, ".evidence-item"):
            claim = item.find_element(By.CSS_SELECTOR, "strong").text
            marks = item.find_elements(By.CSS_SELECTOR, "mark")
            assert len(marks) <= 1 and len(item.find_elements(By.CSS_SELECTOR, "blockquote")) <= 1, "one quote"
            if not marks:
                continue
            before, quote, marked = browser.execute_script(
                "const m = arguments[0], q = m.closest('blockquote'), r = document.createRange();"
                "r.setStart(q, 0); r.setEndBefore(m); return [r.toString(), q.textContent, m.textContent];", marks[0])
            span = (len(before), len(before) + len(marked))  # the number read in its sentence, as the linter does
            found = [q for q in source_quantities(quote) if (q.start, q.end) == span]
            assert found, f"{page}: {claim!r} highlights {marked!r}, not a whole number"
            assert states(wanted[claim], found[0]), f"{page}: {claim!r} highlights {marked!r}"
            checked += 1
    assert checked or not any(c.evidence for c in report.claims)
    shown = {e.find_element(By.CSS_SELECTOR, "strong").text for e in browser.find_elements(By.CSS_SELECTOR, ".evidence-item")}
    assert shown == {c.text for c in report.claims}, f"{page}: every number is listed in the evidence view"


def test_deep_link_opens_the_page_directly_with_its_sources(site, browser):
    open_explainer(browser, site, "five-year-study")
    heading(browser, "stem cells")
    body = body_text(browser)
    assert "Key message" in body and "Sources" in body and "not medical advice" in body
    sources = browser.find_elements(By.CSS_SELECTOR, "ol.sources > li")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "ol.sources a")]
    assert "https://doi.org/10.1007/s10067-024-06865-z" in links
    assert "https://clinicaltrials.gov/study/NCT00962923" in links
    titles = [li.text.split(".")[0] for li in sources]
    assert len(titles) == len(set(titles)), "one entry per work"


def test_page_with_errors_and_the_cure_page_are_withheld(site, browser):
    for name in ("broken-page", "cure-page"):
        browser.get(f"{site.url}/{name}")
        heading(browser, "This page is being checked")
        body = body_text(browser)
        assert "97.2%" not in body and "cure scleroderma" not in body
        assert browser.title == "This page is being checked · Research explained"


@pytest.mark.parametrize("address", ["/no-such-page", "/five-year-study/extra", "/a/b/c", "/report", "/editor",
                                     "/writers-editor", "/..%2F..%2Fetc%2Fpasswd"])
def test_unknown_and_nested_addresses_show_the_plain_not_found_page(site, browser, address):
    browser.get(site.url + address)
    heading(browser, "Page not found")
    finished(browser)
    body = body_text(browser)
    assert "We could not find a page at this address." in body
    assert "pages/ directory" not in body and "Running the app's main page" not in body
    home = browser.find_element(By.XPATH, "//a[normalize-space()='Go to all pages']")
    assert urlsplit(home.get_attribute("href")).path == "/"
    assert browser.title == "Page not found · Research explained"


def test_page_text_cannot_run_script_or_make_links(site, browser):
    open_explainer(browser, site, "injection")
    title = heading(browser, "Costs $5 and $10")
    assert title.text.startswith("Costs $5 and $10 <script>window.__pwned=1</script>")
    body = body_text(browser)
    assert "[click](javascript:alert(1))" in body, "the would-be link is shown as plain text"
    assert "<img src=x onerror=window.__pwned=1>" in body
    assert "<b onmouseover=window.__pwned=1>Heading</b>" in body
    assert "www.example-clinic.com" in body and "book@example-clinic.com" in body and "example-clinic.com/book" in body
    assert browser.execute_script("return window.__pwned") is None
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.CSS_SELECTOR, "a")]
    assert not [h for h in hrefs if "example-clinic" in h or h.startswith(("javascript:", "mailto:"))]
    assert browser.find_elements(By.CSS_SELECTOR, "img[src='x'], .katex, [onmouseover], [onerror]") == []
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav.site a")]
    assert "Costs $5 and $10 <script>window.__pwned=1</script>" in nav, "sidebar titles are plain text"
    screenshot(browser, "injection-page")


def search_for(driver, site, query: str) -> list[str]:
    driver.get(site.url + "/")
    box = WebDriverWait(driver, WAIT, ignored_exceptions=STALE).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[aria-label='Search the pages']")))
    box.send_keys(query, Keys.ENTER)
    WebDriverWait(driver, WAIT, ignored_exceptions=STALE).until(lambda d: re.search(r"(\d+ pages? found|No page matches) .*" + re.escape(query),
                                                          body_text(d)))
    finished(driver)
    return [urlsplit(a.get_attribute("href")).path.strip("/") for a in driver.find_elements(By.CSS_SELECTOR, "a.card")]


def test_search_finds_abbreviations_stems_and_slips_and_never_parts_of_words(site, browser):
    ra = search_for(browser, site, "RA")
    assert "rheumatoid-arthritis-study" in ra and "five-year-study" not in ra, "RA is a word, not part of 'rate'"
    for snippet in browser.find_elements(By.CSS_SELECTOR, "a.card .snippet mark"):
        assert snippet.text.lower() == "ra"
    assert "five-year-study" in search_for(browser, site, "mRSS")
    assert {"five-year-study", "two-person-case-report"} <= set(search_for(browser, site, "breathing"))
    assert "what-is-scleroderma" in search_for(browser, site, "sclerodrma")


def test_back_keeps_the_search(site, browser):
    found = search_for(browser, site, "mRSS")
    assert urlsplit(browser.current_url).query == "q=mRSS"
    browser.find_element(By.CSS_SELECTOR, f"a.card[href='./{found[0]}']").click()
    shows(browser, "Back to all pages")
    browser.back()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: "found for “mRSS”" in body_text(d))
    box = browser.find_element(By.CSS_SELECTOR, "input[aria-label='Search the pages']")
    assert box.get_attribute("value") == "mRSS"


def test_no_request_leaves_the_machine_when_pages_load(site, browser):
    requests_made(browser)  # forget earlier tests' requests
    for address in ["/", "/five-year-study", "/what-is-scleroderma", "/no-such-page"]:
        browser.get(site.url + address)
        WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: d.find_elements(By.CSS_SELECTOR, "h1"))
        finished(browser)
    requests = requests_made(browser)
    assert any("/_stcore/" in url for url in requests), "the log does record the app's own requests"
    outside = [url for url in requests if urlsplit(url).hostname not in ("127.0.0.1", "localhost", None)
               and not url.startswith(("data:", "blob:", "about:"))]
    assert outside == []
    icons = browser.find_elements(By.CSS_SELECTOR, "link[rel~='icon']")
    assert icons and all(urlsplit(i.get_attribute("href")).hostname in ("127.0.0.1", None) for i in icons)


def test_printing_keeps_the_glossary_and_the_sources_and_no_research_sentence(site, browser):
    open_explainer(browser, site, "five-year-study")
    link = browser.find_element(By.LINK_TEXT, EVIDENCE_LINK)
    assert link.is_displayed() and link.get_attribute("href").endswith("/five-year-study?view=evidence")
    assert not browser.find_element(By.CSS_SELECTOR, ".evidence-note").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        glossary = browser.find_element(By.CSS_SELECTOR, "dl.glossary")
        assert glossary.is_displayed() and "scleroderma" in glossary.text.lower()
        assert not [q for q in browser.find_elements(By.CSS_SELECTOR, "blockquote") if q.is_displayed()]
        assert "The overall 5-year survival rate" not in body_text(browser), "no research sentence on paper"
        sources = browser.find_element(By.CSS_SELECTOR, "ol.sources")
        assert sources.is_displayed() and "Clinical Rheumatology" in sources.text
        paper = sources.find_element(By.CSS_SELECTOR, "a[href='https://doi.org/10.1007/s10067-024-06865-z']")
        printed_after = browser.execute_script("return getComputedStyle(arguments[0], '::after').content", paper)
        assert "https://doi.org/10.1007/s10067-024-06865-z" in printed_after, "paper prints the sources' addresses"
        note = browser.find_element(By.CSS_SELECTOR, ".evidence-note")
        assert note.is_displayed() and "/five-year-study?view=evidence" in note.text
        assert "research sentences behind each number are in the app" in note.text
        assert not link.is_displayed(), "nothing to click on paper"
        spaces = [s for s in browser.find_elements(By.CSS_SELECTOR, ".answer-space") if s.is_displayed()]
        assert len(spaces) >= 4, "room for the answers under the questions"
        assert not browser.find_element(By.CSS_SELECTOR, "[data-testid='stSidebar']").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not browser.find_element(By.CSS_SELECTOR, "dl.glossary").is_displayed(), "on screen: words on demand"
    shows(browser, "Before your visit")


def test_printed_trial_ids_are_not_followed_by_their_long_addresses(site, browser):
    open_explainer(browser, site, "stem-cell-trials")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        table = browser.find_element(By.CSS_SELECTOR, "table.page-table")
        assert "NCT02213705" in table.text and "clinicaltrials.gov" not in table.text
        header = table.find_element(By.CSS_SELECTOR, "tbody tr th")
        assert not header.text.startswith("NCT"), "rows are headed by plain trial names, not registry codes"
        body = " ".join(body_text(browser).split())
        assert "The list is called ClinicalTrials.gov" in body
        assert "First, go to https://clinicaltrials.gov and type the trial ID" in body, "paper names where to look"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_reading_pages_writes_no_file(site, browser):
    def state():
        return {str(p): p.stat().st_mtime_ns for folder in (site.explainers, site.lint_cache)
                for p in Path(folder).rglob("*") if p.is_file()}

    before = state()
    for address in ["/", "/short-page", "/broken-page", "/report", "/editor", "/?q=skin"]:
        browser.get(site.url + address)
        WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: d.find_elements(By.CSS_SELECTOR, "h1"))
        finished(browser)
    assert state() == before
    assert not [p for p in Path(site.explainers).iterdir() if p.name.startswith(".")], "no history, no temp files"
