"""The writers' workspace: a lint report of every page and an editor that checks as you type.

It runs only when the app is started in writer mode (`make write`), and only for someone who typed the
password kept in Streamlit secrets. The patient site never imports this module.
"""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from . import access, logic, saving, services, views
from .logic import escape

NEW_PAGE = "(a new page)"
FAILED_SIGN_IN_DELAY = 1.0  # seconds; slows guessing


# --- the door ----------------------------------------------------------------------------------

def configured_secret() -> str:
    try:
        return access.usable_secret(st.secrets.get(access.SECRET_NAME))
    except Exception:  # no secrets file at all: Streamlit raises its own not-found error
        return ""


def workspace() -> None:
    """Writer mode: refuse to start without a password, ask for it, then serve the writers' pages."""
    if not configured_secret():
        st.set_page_config(page_title="Writer mode refused to start")
        st.title("Writer mode refused to start")
        st.error(access.NO_SECRET, icon=":material/lock:")
        st.stop()
    if not st.session_state.get("writer_signed_in"):
        sign_in()
        st.stop()
    report = st.Page(lint_report, title="Lint report", icon=":material/rule:", url_path="report", default=True)
    editor = st.Page(live_editor, title="Editor", icon=":material/edit_note:", url_path="editor")
    with st.sidebar:
        st.caption("Writers' workspace")
        st.button("Sign out", icon=":material/logout:", on_click=sign_out, key="sign_out")
    st.navigation({"Writers": [report, editor]}).run()


def sign_in() -> None:
    st.set_page_config(page_title="Sign in · Writers' workspace")
    st.title("Writers' workspace")
    st.write("Sign in to see the lint report and edit pages. Readers use the patient site, which needs no password.")
    with st.form("sign_in"):
        typed = st.text_input("Password", type="password", key="writer_password_typed")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        if access.password_matches(typed, configured_secret()):
            st.session_state.writer_signed_in = True
            st.session_state.pop("writer_password_typed", None)
            st.rerun()
        time.sleep(FAILED_SIGN_IN_DELAY)
        st.error("That password is not right.")


def sign_out() -> None:
    """Forget everything this session held: the sign-in and any unsaved draft."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


# --- the lint report ---------------------------------------------------------------------------

def lint_report() -> None:
    st.set_page_config(page_title="Lint report · Writers' workspace", layout="wide")
    st.title("Lint report")
    st.caption("Every page in the explainers folder, checked against the sources.")
    reports = services.reports()
    served = sum(1 for r in reports.values() if r.passed)
    total, ok, held = st.columns(3)
    total.metric("Pages", len(reports))
    ok.metric("Served to readers", served)
    held.metric("Withheld", len(reports) - served)
    library = services.library()
    for name, report in reports.items():
        status = "passes: served to readers" if report.passed else "has errors: withheld from readers"
        with st.expander(f"{logic.safe_markdown(name)}: {status}", expanded=not report.passed,
                         icon=":material/check_circle:" if report.passed else ":material/error:"):
            writer_report(report, library)


def writer_report(report, library) -> None:
    """Findings, readability, numbers without support, pins and suppressions of one page."""
    counts = logic.counts_by_severity(report)
    errors, warnings, suggestions, level = st.columns(4)
    errors.metric("Errors", counts["error"])
    warnings.metric("Warnings", counts["warning"])
    suggestions.metric("Suggestions", counts["suggestion"])
    level.metric("Reading level", f"{report.readability[0].consensus:.1f}" if report.readability else "n/a")
    st.subheader("Findings")
    table(logic.findings_rows(report, library), "No findings.")
    st.subheader("Readability")
    table(logic.readability_rows(report), "Not scored.")
    st.subheader("Numbers without support")
    table(logic.unsupported_rows(report, library), "Every number is backed by a cited source.")
    page = report.page if isinstance(report.page, dict) else {}
    st.subheader("Pins and suppressions")
    pins, suppress = logic.dict_list(page.get("pins")), logic.dict_list(page.get("suppress"))
    table([{k: str(v) for k, v in p.items()} for p in pins], "No pins.")
    table([{k: str(v) for k, v in s.items()} for s in suppress], "No suppressions.")


def table(rows: list[dict], empty: str) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(empty)


# --- the editor --------------------------------------------------------------------------------

EDITOR_HTML = """
<div class="page-editor">
  <p class="editor-status" role="status" aria-live="polite"></p>
  <div class="editor-frame">
    <pre class="editor-gutter" aria-hidden="true"></pre>
    <textarea class="editor-text" aria-label="Page YAML (line numbers on the left)" spellcheck="false"
              autocomplete="off" wrap="off"></textarea>
  </div>
</div>
"""
EDITOR_CSS = """
.page-editor .editor-frame { display: flex; border: 1px solid #8c959f; border-radius: 6px; height: 32rem;
  overflow: hidden; background: #fff; }
.page-editor .editor-gutter { margin: 0; padding: .5rem .4rem; min-width: 3.2em; text-align: right; color: #4a535c;
  background: #f3f6f9; border-right: 1px solid #d0d7de; overflow: hidden; user-select: none;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.page-editor .editor-text { flex: 1; margin: 0; padding: .5rem; border: 0; resize: none; outline: none;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #1f2328; white-space: pre;
  overflow: auto; tab-size: 2; }
.page-editor .editor-frame:focus-within { outline: 3px solid #145a80; outline-offset: 1px; }
.page-editor .editor-status { margin: 0 0 .4rem; font-weight: 600; min-height: 1.5em; }
.page-editor .editor-status.pass { color: #1a6b32; }
.page-editor .editor-status.fail { color: #a4161a; }
.page-editor .editor-status.pending { color: #4a535c; }
"""
# Sends the text 450 ms after the last key press (and on leaving the box): the page is re-checked within a
# second of a pause. Until the check of the text on screen is back, every result on the page is marked stale.
EDITOR_JS = """
export default function(component) {
  const { data, setStateValue, parentElement } = component;
  const area = parentElement.querySelector('.editor-text');
  const gutter = parentElement.querySelector('.editor-gutter');
  const status = parentElement.querySelector('.editor-status');
  const lines = () => {
    const n = area.value.split('\\n').length;
    let out = ''; for (let i = 1; i <= n; i++) out += i + '\\n';
    gutter.textContent = out; gutter.scrollTop = area.scrollTop;
  };
  const stale = (yes) => document.querySelectorAll('.lint-live').forEach(e => e.classList.toggle('lint-stale', yes));
  const show = () => {
    if (area.value === data.checked) {
      status.textContent = data.status; status.className = 'editor-status ' + data.kind; stale(false);
    } else {
      status.textContent = 'Not checked yet: the page is checked when you pause typing.';
      status.className = 'editor-status pending'; stale(true);
    }
  };
  if (area.dataset.version !== String(data.version)) {
    area.value = data.text; area.dataset.version = String(data.version);
  }
  area._send = () => {
    clearTimeout(area._timer); area._timer = null;
    setStateValue('edit', { text: area.value, version: Number(area.dataset.version) });
  };
  area._show = show;
  if (!area.dataset.wired) {
    area.dataset.wired = '1';
    area.addEventListener('input', () => {
      lines(); area._show();
      clearTimeout(area._timer); area._timer = setTimeout(() => area._send(), 450);
    });
    area.addEventListener('blur', () => { if (area._timer) area._send(); });
    area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  }
  lines(); show();
}
"""
_page_editor = st.components.v2.component("explainer_page_editor", html=EDITOR_HTML, css=EDITOR_CSS, js=EDITOR_JS,
                                          isolate_styles=False)

STALE_STYLE = "<style>.lint-live { transition: opacity .15s; } .lint-live.lint-stale { opacity: .35; }</style>"


def draft() -> dict:
    """The writer's unsaved page, kept in the session (not in a widget), so it survives moving between pages."""
    if "draft" not in st.session_state:
        st.session_state.draft = {"text": "", "origin": "", "base": None, "version": 0, "name": ""}
    return st.session_state.draft


def load_draft(text: str, origin: str, base: str | None, saved: str | None = None) -> None:
    current = draft()
    st.session_state.draft = {"text": text, "origin": origin, "base": base, "version": current["version"] + 1,
                              "name": origin, "saved": text if saved is None else saved}
    st.session_state.save_name = origin


def unsaved(current: dict) -> bool:
    """Does the draft hold text that is not in any file yet?"""
    return current["text"] != current.get("saved", "")


def keep_editing() -> None:
    st.session_state.editor_source = st.session_state.get("editor_loaded")


def discard_and_open(choice: str) -> None:
    st.session_state.discard_for = choice


def page_editor(current: dict, report) -> None:
    """The text box with line numbers; what it sends becomes the draft."""
    if report is None:
        status, kind = "Paste a page or choose one to start from.", "pending"
    elif report.passed:
        status, kind = "This page passes: readers would see it.", "pass"
    else:
        n = len(report.errors)
        status, kind = f"This page has {n} error{'s' if n != 1 else ''}: readers would see “This page is being checked”.", "fail"
    result = _page_editor(key="page_editor", data={"text": current["text"], "version": current["version"],
                                                   "checked": current["text"], "status": status, "kind": kind},
                          default={"edit": None}, on_edit_change=lambda: None, height="content")
    edit = getattr(result, "edit", None)
    if isinstance(edit, dict) and edit.get("version") == current["version"] and edit.get("text") != current["text"]:
        current["text"] = str(edit.get("text") or "")
        st.rerun()


def live_editor() -> None:
    st.set_page_config(page_title="Editor · Writers' workspace", layout="wide")
    st.html(STALE_STYLE)
    st.title("Editor")
    current = draft()
    names = [p.name for p in services.pages()]
    start, _ = st.columns([2, 3])
    choice = start.selectbox("Start from", [NEW_PAGE] + names, index=None, key="editor_source",
                             placeholder="Open a page or start a new one")
    if choice and st.session_state.get("editor_loaded") != choice:
        if unsaved(current) and st.session_state.get("discard_for") != choice:
            # nothing a writer typed is thrown away without asking
            st.warning(f"Your changes are not saved. Open “{choice}” and lose them?", icon=":material/warning:")
            discard, keep, _ = st.columns([2, 1, 2])
            discard.button("Open it, discard my changes", on_click=discard_and_open, args=(choice,))
            keep.button("Keep editing", on_click=keep_editing, type="primary")
        else:
            open_page(choice)
            st.session_state.editor_loaded = choice
            st.session_state.pop("discard_for", None)
            st.rerun()
    text = current["text"]
    report = services.lint_yaml(text, f"{current['name'] or 'new-page'}.yaml (unsaved)", services.sources_folder(),
                                services.sources_state()) if text.strip() else None
    left, right = st.columns([3, 2])
    with left:
        page_editor(current, report)
    with right:
        findings_panel(report)
    if report is None:
        return
    library = services.library()
    save_box(current, report)
    preview_tab, details_tab = st.tabs(["Preview (as readers see it)", "All findings and readability"])
    with preview_tab:
        if isinstance(report.page, dict):
            views.render_explainer(report, library, writer=True)
        else:
            st.caption("The page cannot be read yet; see the findings.")
    with details_tab:
        writer_report(report, library)


def open_page(choice: str) -> None:
    if choice == NEW_PAGE:
        load_draft("", "", "")
        return
    page = next((p for p in services.pages() if p.name == choice), None)
    if page is None:
        return
    try:
        text = page.read()
    except OSError:
        text = ""
    load_draft(text, page.name, saving.current_digest(page.path))


def findings_panel(report) -> None:
    """Errors first, with the full message, where, and the source's title; marked stale while typing."""
    with st.container(key="findings-panel"):
        if report is None:
            st.html('<div class="lint-live"><p>Findings appear here as you type.</p></div>')
            return
        library = services.library()
        rows = logic.findings_rows(report, library)
        order = {"error": 0, "warning": 1, "suggestion": 2}
        rows.sort(key=lambda r: (order.get(r["severity"], 3), r["line"], r["column"]))
        if not rows:
            st.html('<div class="lint-live"><p><strong>No findings.</strong></p></div>')
            return
        items = "".join(
            f'<li class="finding {escape(r["severity"])}"><strong>{escape(r["severity"].capitalize())} '
            f'{escape(r["code"])}</strong>, line {int(r["line"])}: {escape(r["message"])}</li>' for r in rows)
        st.html(f'<div class="lint-live" style="max-height:34rem;overflow:auto"><h3 style="margin-top:0">Findings '
                f'({len(rows)})</h3><ul style="padding-left:1.1rem">{items}</ul></div>'
                "<style>.finding.error strong{color:#a4161a}.finding.warning strong{color:#7a4b00}</style>")


def save_box(current: dict, report) -> None:
    """Save only when asked: a served page needs a confirmation; someone else's newer save is never overwritten."""
    st.subheader("Save")
    if "save_name" not in st.session_state:
        st.session_state.save_name = current.get("name", "")
    name = st.text_input("Page name (the file name and web address)", key="save_name",
                         placeholder="for example: five-year-study").strip().removesuffix(".yaml")
    served = services.served_reports()
    folder = logic.explainers_dir()
    confirmed = True
    if name in served:
        offline = "" if report.passed else (" This version has errors, so readers will see “This page is being "
                                            "checked” instead of the page until they are fixed.")
        st.warning(f"“{name}” is on the patient site now. Saving replaces what readers see.{offline}",
                   icon=":material/warning:")
        confirmed = st.checkbox("Yes, replace the page readers see", key=f"confirm-{name}-{current['version']}")
    if st.button("Save to the explainers folder", type="primary", icon=":material/save:", disabled=not confirmed):
        expected = current["base"] if name == current["origin"] and current["base"] is not None else ""
        try:
            path = saving.save_page(folder, name, current["text"], expected_digest=expected)
        except logic.UnsafePageName as problem:
            st.error(str(problem))
        except saving.SaveConflict:
            st.error(f"Not saved: “{name}” was changed on disk after you opened it (or a page with that name "
                     "already exists). Your text is still here. Copy it, open the page again from “Start from”, "
                     "and add your changes to the newer version.", icon=":material/sync_problem:")
        except OSError as problem:
            st.error(f"Could not save: {problem.strerror or 'the file could not be written'}.")
        else:
            current.update(origin=name, name=name, base=saving.current_digest(path), saved=current["text"])
            services.lint_page_file.clear()
            held = "" if report.passed else " Readers will see “This page is being checked” until the errors are fixed."
            st.success(f"Saved {path.name}. The previous version is kept in the page's history.{held}",
                       icon=":material/check_circle:")
    history(name)


def history(name: str) -> None:
    versions = saving.versions(logic.explainers_dir(), name) if logic.PAGE_NAME.match(name or "") else []
    if not versions:
        return
    with st.expander(f"Earlier versions of {name} ({len(versions)})", icon=":material/history:"):
        for version in reversed(versions[-20:]):
            when, action = st.columns([3, 1])
            when.write(f"Saved {version.saved_at}")
            action.button("Open in the editor", key=f"restore-{version.name}", on_click=open_version, args=(version,))


def open_version(version: saving.Version) -> None:
    """Put an earlier version in the editor (a callback: it runs before the page is drawn). Nothing is written;
    saving it later is a normal save over the current file."""
    current = draft()
    load_draft(version.read(), current["origin"], current["base"], saved=current.get("saved", ""))
