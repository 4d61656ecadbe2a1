"""WCAG 2.1 AA, audited by axe-core (from the npm registry) in a real Chromium: the home page, every shipped
explainer and its evidence view, a search and the not-found page, at laptop and phone sizes. No violation is allowed."""
from __future__ import annotations

import shutil
import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import REPO, RunningApp, axe_violations, screenshot

STALE = (StaleElementReferenceException,)  # Streamlit redraws an element between finding and reading it

pytestmark = pytest.mark.e2e

SIZES = {"laptop": (1280, 900), "phone": (390, 844)}
PAGES = [p.stem for p in sorted((REPO / "explainers").glob("*.yaml"))]
ADDRESSES = (["/", "/?q=skin", "/page-not-found"] + [f"/{page}" for page in PAGES]
             + [f"/{page}?view=evidence" for page in PAGES])  # each page's research sentences, for doctors


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("explainers")
    for page in sorted((REPO / "explainers").glob("*.yaml")):
        shutil.copy(page, folder / page.name)
    app = RunningApp(folder)
    yield app
    app.stop()
    browser.set_window_size(1280, 1600)


def loaded(driver) -> None:
    WebDriverWait(driver, 90, ignored_exceptions=STALE).until(lambda d: d.find_elements(By.CSS_SELECTOR, "h1"))
    WebDriverWait(driver, 90, ignored_exceptions=STALE).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget']"))
    time.sleep(1.0)  # let the last elements and transitions settle before measuring colours


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("address", ADDRESSES)
def test_no_accessibility_violations(site, browser, address, size):
    browser.set_window_size(*SIZES[size])
    browser.get(site.url + address)
    loaded(browser)
    violations = axe_violations(browser)
    if violations:
        screenshot(browser, f"axe-{size}-{address.strip('/').replace('?', '-').replace('=', '-') or 'home'}")
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
                                       for v in violations)
