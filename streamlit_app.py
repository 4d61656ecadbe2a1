"""The explainer app, with two doors.

    make run     the patient site: the pages that pass the linter, read-only
    make write   the writers' workspace (EXPLAINER_APP_MODE=writer): lint report and editor, behind the
                 password in .streamlit/secrets.toml

EXPLAINERS_DIR and SOURCES_DIR choose other folders.
"""
from pathlib import Path

import streamlit as st

from webapp import access, addresses, logic, services, views

FAVICON = str(Path(__file__).parent / "webapp" / "favicon.png")  # served by the app itself: nothing is fetched

st.set_page_config(page_title=views.SITE_NAME, page_icon=FAVICON, layout="wide" if access.writer_mode() else "centered")
views.page_style()

if access.writer_mode():
    from webapp import writer

    writer.workspace()
else:
    home = st.Page(views.home, title=views.SITE_NAME, url_path="home", default=True)
    reports = {page.name: services.report_for(page) for page in services.pages()}
    # Pages with errors keep their address (it says "This page is being checked") but are not listed.
    explainers = {name: st.Page(views.explainer_page(name), url_path=name, title=name) for name in reports}
    not_found = st.Page(views.page_not_found, title="Page not found", url_path=addresses.NOT_FOUND)
    views.use_links({**explainers, "home": home})
    current = st.navigation([home, *explainers.values(), not_found], position="hidden")
    views.site_navigation(current.url_path or "home",
                          {name: logic.page_title(r, name) for name, r in reports.items() if r.passed})
    current.run()
