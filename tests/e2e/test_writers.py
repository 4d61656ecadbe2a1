"""The writers' workspace in a real Chromium: it refuses to start without a password, asks for it, lints as
you type, saves only when asked (a served page after a confirmation), keeps versions, and signs out."""
from __future__ import annotations

import stat
import subprocess
import sys
import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from webapp import saving

from .conftest import REPO, RunningApp, screenshot
from .test_browser import BROKEN_PAGE, SHORT_PAGE

STALE = (StaleElementReferenceException,)  # Streamlit redraws an element between finding and reading it

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
WAIT = 90


def body_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def shows(driver, text: str, timeout: float = WAIT) -> None:
    WebDriverWait(driver, timeout, ignored_exceptions=STALE).until(lambda d: text in body_text(d))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("explainers")
    (folder / "short-page.yaml").write_text(SHORT_PAGE)
    (folder / "short-page.yaml").chmod(0o664)
    app = RunningApp(folder, writer=True, writer_password=PASSWORD)
    yield app
    app.stop()


def test_writer_mode_without_the_secret_refuses_to_start(tmp_path, browser):
    check = subprocess.run([sys.executable, "-m", "webapp.access", str(tmp_path / "secrets.toml")], cwd=REPO,
                           capture_output=True, text=True)
    assert check.returncode == 1 and "writer mode refused to start" in check.stderr, "`make write` stops here"
    folder = tmp_path / "explainers"
    folder.mkdir()
    (folder / "short-page.yaml").write_text(SHORT_PAGE)
    app = RunningApp(folder, writer=True, writer_password=None)
    try:
        for address in ("/", "/report", "/editor"):
            browser.get(app.url + address)
            shows(browser, "Writer mode refused to start")
            assert "secrets.toml" in body_text(browser)
            assert not browser.find_elements(By.CSS_SELECTOR, "input, textarea")
    finally:
        app.stop()


def sign_in(driver, site, password: str) -> None:
    driver.get(site.url + "/")
    box = WebDriverWait(driver, WAIT, ignored_exceptions=STALE).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[type='password']")))
    box.send_keys(password)
    driver.find_element(By.XPATH, "//button[contains(., 'Sign in')]").click()


def test_the_workspace_needs_the_password(workspace, browser):
    browser.get(workspace.url + "/report")
    shows(browser, "Sign in to see the lint report")
    assert "short-page" not in body_text(browser)
    sign_in(browser, workspace, "not the password")
    shows(browser, "That password is not right.")
    assert "Lint report" not in [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h1")]
    sign_in(browser, workspace, PASSWORD)
    shows(browser, "short-page: passes: served to readers")
    assert str(workspace.explainers) not in body_text(browser), "no server paths"
    browser.find_element(By.XPATH, "//button[contains(., 'Sign out')]").click()
    shows(browser, "Sign in to see the lint report")


def editor_text(driver):
    return WebDriverWait(driver, WAIT, ignored_exceptions=STALE).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "textarea.editor-text")))


def status(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".editor-status").text


def test_the_editor_lints_as_you_type_keeps_drafts_and_saves_only_when_asked(workspace, browser):
    sign_in(browser, workspace, PASSWORD)
    shows(browser, "short-page: passes")
    browser.find_element(By.XPATH, "//a[contains(., 'Editor')]").click()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: "Editor" in [h.text for h in d.find_elements(By.CSS_SELECTOR, "h1")])
    choose = WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid='stSelectbox'] input")))
    choose.click()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(EC.element_to_be_clickable((By.XPATH, "//*[@role='option'][contains(., 'short-page')]"))).click()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea.editor-text").get_attribute("value") == SHORT_PAGE)
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: status(d) == "This page passes: readers would see it.")
    gutter = browser.find_element(By.CSS_SELECTOR, ".editor-gutter").text.split()
    assert gutter[:3] == ["1", "2", "3"] and len(gutter) == SHORT_PAGE.count("\n") + 1, "line numbers"

    # type a wrong number: the green verdict goes at once, and the page is re-checked after a pause
    area = editor_text(browser)
    area.send_keys(Keys.CONTROL, Keys.HOME)
    for _ in range(1):
        area.send_keys(Keys.DOWN)
    area.send_keys(Keys.END, " It was 97.2%.")
    assert "passes" not in status(browser), "no stale 'passes' while typing"
    started = time.monotonic()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: "error" in status(d))
    assert time.monotonic() - started < 15
    panel = browser.find_element(By.CSS_SELECTOR, ".lint-live")
    assert "97.2%" in panel.text and "Umbilical cord" in panel.text, "the full message and the source's title"
    assert panel.location["y"] < 900, "findings are above the fold"
    screenshot(browser, "editor-live")

    # the unsaved draft survives a visit to another page
    browser.find_element(By.XPATH, "//a[contains(., 'Lint report')]").click()
    shows(browser, "short-page: passes")
    browser.find_element(By.XPATH, "//a[contains(., 'Editor')]").click()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: "97.2%" in d.find_element(By.CSS_SELECTOR, "textarea.editor-text").get_attribute("value"))
    assert (workspace.explainers / "short-page.yaml").read_text() == SHORT_PAGE, "nothing saved yet"

    # saving a served page asks first; the old version is kept and the file mode stays
    save = browser.find_element(By.XPATH, "//button[contains(., 'Save to the explainers folder')]")
    assert not save.is_enabled()
    assert "is on the patient site now" in body_text(browser)
    browser.find_element(By.XPATH, "//label[contains(., 'Yes, replace the page readers see')]").click()
    WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(lambda d: d.find_element(
        By.XPATH, "//button[contains(., 'Save to the explainers folder')]").is_enabled())
    browser.find_element(By.XPATH, "//button[contains(., 'Save to the explainers folder')]").click()
    shows(browser, "Saved short-page.yaml")
    saved = workspace.explainers / "short-page.yaml"
    assert "97.2%" in saved.read_text()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o664
    assert [v.read() for v in saving.versions(workspace.explainers, "short-page")] == [SHORT_PAGE]


def test_a_yaml_error_is_shown_where_it_is(workspace, browser):
    sign_in(browser, workspace, PASSWORD)
    shows(browser, "Lint report")
    browser.find_element(By.XPATH, "//a[contains(., 'Editor')]").click()
    area = editor_text(browser)
    area.send_keys(Keys.CONTROL, "a")
    area.send_keys(BROKEN_PAGE.replace("sources: [five-year-study]", "sources: [five-year-study"))
    def live_report(driver) -> str | None:
        text = driver.find_element(By.CSS_SELECTOR, ".lint-live").text
        return text if "PG002" in text else None
    assert "line" in WebDriverWait(browser, WAIT, ignored_exceptions=STALE).until(live_report)
