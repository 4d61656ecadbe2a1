"""The app in a real headless Chromium: links, evidence, deep links, withheld pages and injection attempts.

One `streamlit run` process serves a temporary explainers folder for the whole module.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from linter.api import Linter

from .conftest import REPO, RunningApp, screenshot

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

INJECTION_PAGE = """\
title: "Costs $5 and $10 <script>window.__pwned=1</script>"
summary: "Not a link [click](javascript:alert(1)) and no image <img src=x onerror=window.__pwned=1>"
sources: [five-year-study]
sections:
  - heading: "<b onmouseover=window.__pwned=1>Heading</b>"
    body: "After 5 years, 92.7% of the people in the study were still alive. <script>window.__pwned=1</script> [x](javascript:window.__pwned=1)"
suppress:
  - code: FC002
    reason: The numbers in the injected markup are test data, not claims.
  - code: FC001
    reason: The numbers in the injected markup are test data, not claims.
"""

WAIT = 90


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("explainers")
    shipped = REPO / "explainers" / "five-year-study.yaml"
    if shipped.exists() and Linter(REPO / "seeds").lint_file(shipped).passed:
        shutil.copy(shipped, folder / "five-year-study.yaml")
    else:  # the shipped page is being rewritten: serve a small page under its name
        (folder / "five-year-study.yaml").write_text(SHORT_PAGE)
    (folder / "short-page.yaml").write_text(SHORT_PAGE)
    (folder / "broken-page.yaml").write_text(BROKEN_PAGE)
    (folder / "injection.yaml").write_text(INJECTION_PAGE)
    app = RunningApp(folder)
    yield app
    app.stop()


def heading(driver, text: str, timeout: float = WAIT):
    """Wait until the page's h1 contains `text`."""
    WebDriverWait(driver, timeout).until(
        lambda d: any(text in h.text for h in d.find_elements(By.CSS_SELECTOR, "h1")))
    return next(h for h in driver.find_elements(By.CSS_SELECTOR, "h1") if text in h.text)


def shows(driver, text: str, timeout: float = WAIT) -> None:
    """Wait until the page shows `text` (used for the last element of a page: the run has finished)."""
    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.TAG_NAME, "body").text)


def test_home_links_to_an_explainer_whose_numbers_show_their_evidence(site, browser):
    browser.get(site.url + "/")
    heading(browser, "Research explained")
    shows(browser, "1 more page is being checked")
    link = WebDriverWait(browser, WAIT).until(EC.element_to_be_clickable(
        (By.XPATH, "//*[@data-testid='stMain']//a[contains(., 'How many people lived after stem cells')]")))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Wrong numbers" not in body, "a withheld page is neither listed nor linked"
    assert "Costs $5 and $10 <script>window.__pwned=1</script>" in body, "titles are shown literally"
    screenshot(browser, "home")
    link.click()
    heading(browser, "How many people lived after stem cells")
    shows(browser, "Back to all pages")
    assert browser.current_url.rstrip("/").endswith("/short-page")

    icon_array = WebDriverWait(browser, WAIT).until(EC.presence_of_element_located((By.CSS_SELECTOR, "svg.icon-array")))
    assert icon_array.get_attribute("role") == "img"
    assert icon_array.get_attribute("aria-label").startswith("38 out of 41 people were still alive after 5 years.")
    assert len(icon_array.find_elements(By.CSS_SELECTOR, "circle")) == 41

    evidence = browser.find_elements(By.XPATH, "//summary[contains(., 'Where do these numbers come from?')]")
    assert evidence, "every block with numbers offers its evidence"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", evidence[0])
    evidence[0].click()
    mark = WebDriverWait(browser, WAIT).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "details[open] mark")))
    assert mark.text in ("92.7%", "5-year", "5 years", "5\u00a0years")
    quote = mark.find_element(By.XPATH, "./ancestor::blockquote")
    assert "survival rate" in quote.text
    source = quote.find_element(By.XPATH, "following-sibling::p[1]")
    assert "5-year follow-up study (2024), line" in source.text
    screenshot(browser, "explainer-with-evidence")


def test_deep_link_opens_the_page_directly(site, browser):
    browser.get(site.url + "/five-year-study")
    title = heading(browser, "stem cells")
    shows(browser, "Back to all pages")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Key message" in body and "Sources" in body and "not medical advice" in body
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "ol.sources a")]
    assert "https://doi.org/10.1007/s10067-024-06865-z" in links
    assert title.is_displayed()
    screenshot(browser, "deep-link-five-year-study")


def test_page_with_errors_is_withheld(site, browser):
    browser.get(site.url + "/broken-page")
    heading(browser, "This page is being checked")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "97.2%" not in body


def test_unknown_address_says_page_not_found_and_shows_the_home_page(site, browser):
    browser.get(site.url + "/no-such-page")
    heading(browser, "Research explained")
    WebDriverWait(browser, WAIT).until(lambda d: "Page not found" in d.find_element(By.TAG_NAME, "body").text)


def test_page_text_cannot_run_script_make_links_or_math(site, browser):
    browser.get(site.url + "/injection")
    title = heading(browser, "Costs $5 and $10")
    shows(browser, "Back to all pages")
    assert title.text.startswith("Costs $5 and $10 <script>window.__pwned=1</script>")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "[click](javascript:alert(1))" in body, "the would-be link is shown as plain text"
    assert "<img src=x onerror=window.__pwned=1>" in body
    assert "<b onmouseover=window.__pwned=1>Heading</b>" in body
    assert browser.execute_script("return window.__pwned") is None
    assert browser.find_elements(By.CSS_SELECTOR, 'a[href^="javascript:"]') == []
    assert browser.find_elements(By.CSS_SELECTOR, "img[src='x'], .katex, [onmouseover], [onerror]") == []
    screenshot(browser, "injection-page")


def test_live_editor_checks_a_pasted_page_and_saves_only_when_asked(site, browser):
    browser.get(site.url + "/writers-editor")
    heading(browser, "Live editor")
    folder = Path(site.explainers)
    before = sorted(p.name for p in folder.iterdir())
    editor = WebDriverWait(browser, WAIT).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "textarea")))
    editor.click()
    editor.send_keys(BROKEN_PAGE)
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(browser, WAIT).until(
        lambda d: "readers would see “This page is being checked”" in d.find_element(By.TAG_NAME, "body").text)
    assert sorted(p.name for p in folder.iterdir()) == before, "checking never writes to disk"

    name = WebDriverWait(browser, WAIT).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, "input[aria-label^='Page name']")))
    name.send_keys("../escaped", Keys.ENTER)
    browser.find_element(By.XPATH, "//button[contains(., 'Save to the explainers folder')]").click()
    WebDriverWait(browser, WAIT).until(lambda d: "is not a page name" in d.find_element(By.TAG_NAME, "body").text)
    assert not (folder.parent / "escaped.yaml").exists()

    name.send_keys(Keys.CONTROL, "a")
    name.send_keys("edited-page", Keys.ENTER)
    browser.find_element(By.XPATH, "//button[contains(., 'Save to the explainers folder')]").click()
    WebDriverWait(browser, WAIT).until(lambda d: "Saved edited-page.yaml" in d.find_element(By.TAG_NAME, "body").text)
    assert (folder / "edited-page.yaml").read_text() == BROKEN_PAGE
    screenshot(browser, "live-editor")
