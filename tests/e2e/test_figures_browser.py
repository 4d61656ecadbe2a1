"""Charts, tables and terms in a real Chromium, on the shipped pages: each chart draws, carries its description,
has its values as a table beside it, and passes an axe-core audit (WCAG 2.1 A and AA rules); glossary terms
open their meaning in place and print it.

axe-core comes from the npm registry, installed by `make browser` (tests/e2e/package-lock.json); nothing is
downloaded at test time.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
import yaml
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import AXE, REPO, RunningApp, screenshot

STALE = (StaleElementReferenceException,)  # Streamlit redraws an element between finding and reading it

pytestmark = pytest.mark.e2e

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WAIT = 90
PAGES = sorted((REPO / "explainers").glob("*.yaml"))


def figures_of(path: Path) -> list[tuple[int, str, dict]]:
    """(section index, 'trend' or 'table', its data) of every chart and table on a page file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(i, kind, section[kind]) for i, section in enumerate(data.get("sections") or [])
            for kind in ("trend", "table") if isinstance(section.get(kind), dict)]


def shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("explainers")
    for page in PAGES:
        shutil.copy(page, folder / page.name)
    app = RunningApp(folder)
    yield app
    app.stop()


def open_page(driver, app, name: str, parts: list) -> None:
    driver.get(f"{app.url}/{name}")
    WebDriverWait(driver, WAIT, ignored_exceptions=STALE).until(lambda d: "Sources" in d.find_element(By.TAG_NAME, "body").text)
    for i, kind, _ in parts:
        WebDriverWait(driver, WAIT, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.CSS_SELECTOR, f".st-key-figure-{i}-{kind}")))


def axe_violations(driver, selectors: list[str]) -> list:
    """axe-core's WCAG 2.1 A/AA rules over the given parts of the page only (the charts, tables and terms)."""
    if not AXE.exists():
        pytest.skip("needs axe-core: make browser (npm ci in tests/e2e)")
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(120)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run({include: arguments[0].map(s => [s])}, {runOnly: {type: 'tag', values: arguments[1]}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        selectors, WCAG)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_chart_draws_has_a_text_alternative_and_passes_the_accessibility_audit(site, browser, page):
    parts = figures_of(page)
    open_page(browser, site, page.stem, parts)
    audited = []
    for i, kind, data in parts:
        box = browser.find_element(By.CSS_SELECTOR, f".st-key-figure-{i}-{kind}")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        audited.append(f".st-key-figure-{i}-{kind}")
        if kind == "trend":
            chart = WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(  # Vega draws after the page has loaded
                lambda d: box.find_element(By.CSS_SELECTOR, "[data-testid='stVegaLiteChart']"))
            WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: chart.find_elements(By.CSS_SELECTOR, "svg.marks path, svg.marks line"))
            label = chart.get_attribute("aria-label")
            assert chart.get_attribute("role") == "graphics-document" and label.startswith(data.get("title", data["label"]))
            drawn = " ".join(t.get_attribute("textContent") for t in chart.find_elements(By.CSS_SELECTOR, "svg text"))
            assert data["label"] in drawn, "the axis title names the measure"
            alternative = box.find_element(By.CSS_SELECTOR, "table.chart-values")
            rows = [[c.text for c in r.find_elements(By.CSS_SELECTOR, "th, td")]
                    for r in alternative.find_elements(By.CSS_SELECTOR, "tbody tr")]
            unit = "%" if data.get("unit", "").strip() == "%" else ""
            assert rows == [[p["time"], shown(p["value"]) + unit] for p in data["points"]]
            for p in data["points"]:  # every value is written on the chart itself
                assert shown(p["value"]) in drawn and shown(p["value"]) in label
        else:
            text = box.text
            for row in data["rows"]:
                for cell in row["cells"]:
                    assert shown(cell) in text
            for link in box.find_elements(By.CSS_SELECTOR, "a"):
                assert link.get_attribute("href").startswith("https://clinicaltrials.gov/study/NCT")
    audited += ["svg.icon-array", "ul.icon-legend", ".icon-caption"] if browser.find_elements(
        By.CSS_SELECTOR, "svg.icon-array") else []
    violations = axe_violations(browser, audited)
    screenshot(browser, f"figures-{page.stem}")
    assert violations == [], violations


def test_a_glossary_term_opens_its_meaning_in_place_and_prints_it(site, browser):
    page = REPO / "explainers" / "five-year-study.yaml"
    open_page(browser, site, page.stem, figures_of(page))
    term = WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(EC.presence_of_element_located((By.CSS_SELECTOR, "details.term")))
    summary = term.find_element(By.TAG_NAME, "summary")
    definition = term.find_element(By.CSS_SELECTOR, ".term-definition")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    assert not definition.is_displayed()
    summary.click()
    WebDriverWait(browser, 10, ignored_exceptions=STALE).until(lambda d: definition.is_displayed())
    assert definition.location["y"] > summary.location["y"] and abs(definition.location["y"] - summary.location["y"]) < 120
    glossary = yaml.safe_load(page.read_text(encoding="utf-8"))["glossary"]
    meaning = next(g["definition"] for g in glossary if g["term"].lower() == summary.text.strip().lower()[:len(g["term"])])
    assert html.unescape(definition.text).strip() == meaning.strip()
    assert axe_violations(browser, ["details.term", "dl.glossary"]) == []
    summary.click()  # closed again, then printed: the text explains the word, so paper does not repeat it
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not term.find_elements(By.XPATH, "following-sibling::*[1][@class='term-print']")
        assert not [s for s in browser.find_elements(By.CSS_SELECTOR, ".term-print") if s.is_displayed()], \
            "every term on this page is explained by its text (PL011), so no meaning is printed twice"
        assert browser.execute_script(
            "return getComputedStyle(arguments[0], '::after').display", summary) == "none", "no empty ○ on paper"
        terms = browser.find_elements(By.CSS_SELECTOR, "dl.glossary dt")
        assert len(terms) == len(glossary) and all(t.is_displayed() for t in terms)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
