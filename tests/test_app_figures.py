"""Charts, tables, timelines, terms explained in place and icon-array legends: as data and HTML, and in the app."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from webapp import figures
from webapp.icon_array import EMPTY, FILLED

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "streamlit_app.py")

SECTION = {
    "heading": "How the skin changed",
    "body": "Doctors use a skin score to measure how thick and tight the skin is.",
    "trend": {"title": "The average skin score went down", "label": "Average skin score", "better": "lower",
              "scale": "A lower score means softer skin.", "source": "five-year-study",
              "points": [{"time": "Before treatment", "value": 18.68}, {"time": "After 1 year", "value": 13.95},
                         {"time": "After 5 years", "value": 12.39}]},
    "table": {"title": "The trials", "columns": ["Trial", "Place", "People"],
              "rows": [{"cells": ["NCT02213705", "France", 20], "source": "news-stem-cells-scleroderma"},
                       {"cells": ["<b>MANUS</b> (NCT03211793)", "the Netherlands", "up to 20"],
                        "source": "news-stem-cells-scleroderma"}]},
}


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_chart_colours_pass_wcag_contrast_on_white():
    assert contrast(figures.INK) >= 4.5  # axis titles, labels and value labels are text
    assert contrast(figures.LINE) >= 3.0  # the line and points are graphics


def test_trend_chart_has_plain_axis_titles_the_scale_explained_every_value_labelled_and_a_description():
    trend = figures.trend_of(SECTION)
    spec = figures.trend_chart(trend).to_dict()
    layers = spec["layer"]
    y = layers[0]["encoding"]["y"]
    assert y["title"] == "Average skin score"
    assert y["scale"]["domain"][0] == 0, "the y axis starts at zero, so a fall is not exaggerated"
    assert layers[0]["encoding"]["x"]["sort"] == ["Before treatment", "After 1 year", "After 5 years"]
    assert spec["title"]["subtitle"] == ["Lower is better."]
    text_layer = next(layer for layer in layers if (layer["mark"]["type"] if isinstance(layer["mark"], dict)
                                                    else layer["mark"]) == "text")
    assert text_layer["encoding"]["text"]["field"] == "label"
    values = [row["label"] for row in spec["data"]["values"]]
    assert values == ["18.68", "13.95", "12.39"]
    assert spec["description"] == ("The average skin score went down. Average skin score, Before treatment: 18.68; "
                                   "After 1 year: 13.95; After 5 years: 12.39. Lower is better.")


def test_the_text_alternative_is_a_table_of_every_value():
    table = figures.trend_table_html(figures.trend_of(SECTION))
    assert "<caption>" in table and table.count('<th scope="row">') == 3
    for value in ("18.68", "13.95", "12.39"):
        assert f"<td>{value}</td>" in table


def test_comparison_table_escapes_page_text_and_links_trial_ids_to_their_registry_page():
    out = figures.table_html(figures.table_of(SECTION))
    assert '<th scope="col">Trial</th>' in out and '<th scope="row">' in out
    assert '<a class="registry-id" href="https://clinicaltrials.gov/study/NCT02213705"' in out
    assert '<a class="registry-id" href="https://clinicaltrials.gov/study/NCT03211793"' in out
    assert "<b>" not in out and "&lt;b&gt;MANUS" in out
    assert "<td>20</td>" in out


def test_timeline_lists_the_steps_in_order():
    table = figures.table_of({"table": {"kind": "timeline", "title": "What happened", "columns": ["When", "What"],
                                        "rows": [{"cells": ["First", "Plasmapheresis"], "source": "x"},
                                                 {"cells": ["Then", "Stem cells"], "source": "x"}]}})
    out = figures.timeline_html(table)
    assert out.index("Plasmapheresis") < out.index("Stem cells") and "<ol" in out


def test_terms_are_marked_at_their_first_use_on_the_page_only_and_print_their_definition():
    terms = [figures.Term("stem cells", "Cells that can grow into other <kinds> of cells."),
             figures.Term("umbilical cord stem cells", "Stem cells from a cord.")]
    marked: set[str] = set()
    first = figures.marked_text("They got umbilical cord stem cells. The stem cells helped. Stem cells again.",
                                terms, marked)
    second = figures.marked_text("More stem cells.", terms, marked)
    assert first.count('<details class="term">') == 2
    assert "<summary title=\"What does this mean?\">umbilical cord stem cells</summary>" in first
    assert "<summary title=\"What does this mean?\">stem cells</summary>" in first  # the later, separate use
    assert "<details" not in second, "a term is marked once per page"
    assert '<span class="term-print"> (Cells that can grow into other &lt;kinds&gt; of cells.)</span>' in first
    assert "@media print" in figures.STYLE and ".term-print { display: inline; }" in figures.STYLE


def test_icon_legend_shows_both_colours_with_their_meaning():
    out = figures.icon_legend_html("Filled in: alive", "Not filled in: died")
    assert FILLED in out and EMPTY in out
    assert "Filled in: alive" in out and "Not filled in: died" in out


PAGE = """\
title: Skin and trials
sources: [five-year-study, news-stem-cells-scleroderma]
sections:
  - heading: How the skin changed
    body: Doctors use a skin score to measure how thick and tight the skin is. A lower score is better.
    trend:
      title: The average skin score went down
      label: Average skin score
      better: lower
      source: five-year-study
      points:
        - {time: Before treatment, value: 18.68}
        - {time: After 1 year, value: 13.95}
        - {time: After 5 years, value: 12.39}
  - heading: The trials
    body: A trial is a study that tests a treatment in people. The news story lists several trials.
    table:
      title: Trials in the news story
      columns: [Trial, Place, People]
      rows:
        - {cells: [NCT02213705, France, 20], source: news-stem-cells-scleroderma}
        - {cells: [NCT02975960, South Korea, up to 7], source: news-stem-cells-scleroderma}
key_numbers:
  - statement: 38 out of 41 people were still alive after 5 years.
    count: 38
    total: 41
    source: five-year-study
    filled: still alive after 5 years
    empty: died
    group: people in the study
glossary:
  - term: skin score
    definition: A number doctors use to measure how thick and tight the skin is.
disclaimer: This page explains research. It is not medical advice.
"""


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    folder = tmp_path / "explainers"
    folder.mkdir()
    (folder / "figures.yaml").write_text(PAGE)
    monkeypatch.setenv("EXPLAINERS_DIR", str(folder))
    monkeypatch.setenv("SOURCES_DIR", str(REPO / "seeds"))
    monkeypatch.setenv("LINT_CACHE_DIR", str(tmp_path / "cache"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at._page_hash = calc_hash("figures")
    return at.run()


def test_the_app_draws_the_trend_its_values_table_the_comparison_table_and_the_icon_legend(app):
    assert not app.exception
    assert "This page is being checked" not in [t.value for t in app.title]
    charts = app.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["description"].startswith("The average skin score went down.")
    raw = "\n".join([h.proto.body for h in app.get("html")] + [str(m.value) for m in app.markdown])
    assert 'class="chart-values"' in raw and "<td>13.95</td>" in raw
    # captions name the study in a few plain words (the catalog's label); the full title is in the sources list
    assert "Source: the five-year Nanjing study (Alip et al, 2024)." in html.unescape(raw)
    assert '<a class="registry-id" href="https://clinicaltrials.gov/study/NCT02975960"' in raw
    assert "Filled in: still alive after 5 years" in html.unescape(raw) and "Not filled in: died" in html.unescape(raw)
    captions = html.unescape(raw)
    assert "Each figure is one of the 41 people in the study (source: " in captions
    assert '<details class="term"><summary title="What does this mean?">skin score</summary>' in raw
