"""The explainer app: readers get the pages that pass the linter; writers get a lint report and a live editor.

Run with `streamlit run streamlit_app.py`. EXPLAINERS_DIR and SOURCES_DIR choose other folders.
"""
import streamlit as st

from webapp import logic, services, views

st.set_page_config(page_title="Research explained", page_icon=":material/menu_book:", layout="centered")

home = st.Page(views.home, title="All pages", icon=":material/home:", url_path="home", default=True)
reports = {page.name: services.report_for(page) for page in services.pages()}
# Pages with errors keep their address (it says "This page is being checked") but are not listed.
explainers = {
    name: st.Page(views.explainer_page(name), url_path=name, icon=":material/article:",
                  title=logic.page_title(report, name) if report.passed else name,
                  visibility="visible" if report.passed else "hidden")
    for name, report in reports.items()
}
writers = [
    st.Page(views.lint_report, title="Lint report", icon=":material/rule:", url_path="writers-report"),
    st.Page(views.live_editor, title="Live editor", icon=":material/edit_note:", url_path="writers-editor"),
]
views.use_links({**explainers, "home": home})

views.page_style()
st.navigation({"Read": [home, *explainers.values()], "For writers": writers}).run()
