"""Charts and tables in a page: each names a source the page cites, and each table row fits its columns.

(Their numbers are checked by the fact-check like any other number: linter/charts.py.)
"""
from __future__ import annotations

from ..charts import chart_sources
from ..model import Finding
from . import REGISTRY, rule

_PAGE = "title: Skin scores\nsources: [five-year-study]\nsections:\n- heading: Skin\n  body: The skin score went down.\n"
TREND_OK = _PAGE + ("  trend:\n    label: Average skin score\n    source: five-year-study\n    points:\n"
                    "    - {time: Before treatment, value: 18.68}\n    - {time: After 5 years, value: 12.39}\n")
TABLE_OK = _PAGE + ("  table:\n    columns: [When, Average skin score]\n    rows:\n"
                    "    - {cells: [Before treatment, 18.68], source: five-year-study}\n"
                    "    - {cells: [After 5 years, 12.39], source: five-year-study}\n")


def _finding(ctx, code: str, path: str, message: str) -> Finding:
    line, column = ctx.page.where(path)
    return Finding(code, REGISTRY[code].severity, line, column, message, path, REGISTRY[code].name)


@rule("PG011", "chart-source-not-cited", "error",
      what="A trend or a table row whose `source` is not one of the page's `sources`.",
      why="A chart's numbers are checked against the source it names; readers find that source in the page's list.",
      example="trend: {source: ra-cohort-2013, ...} on a page citing only five-year-study -> PG011 sections[0].trend "
              "names source 'ra-cohort-2013', which the page does not cite; add it to sources or name a cited one",
      okay=(TREND_OK, TABLE_OK),
      fail=(TREND_OK.replace("    source: five-year-study", "    source: ra-cohort-2013"),
            TABLE_OK.replace("12.39], source: five-year-study", "12.39], source: news-stem-cells-scleroderma")))
def check_chart_sources(ctx):
    cited = {i for i in (ctx.page.data or {}).get("sources") or [] if isinstance(i, str)}
    for path, source_id in chart_sources(ctx.page.data):
        if source_id not in cited:
            owner = path.rsplit(".source", 1)[0]
            yield _finding(ctx, "PG011", path, f"{owner} names source '{source_id}', which the page does not cite; "
                                               "add it to sources or name a cited one")


@rule("PG012", "table-row-shape", "error",
      what="A table row with more or fewer cells than the table has columns.",
      why="A cell without a column (or a column without a cell) shifts the table: numbers land under the wrong heading.",
      example="columns: [Trial, Place, People] and cells: [MANUS, the Netherlands] -> PG012 "
              "sections[3].table.rows[0] has 2 cell(s) for 3 column(s)",
      okay=(TABLE_OK,),
      fail=(TABLE_OK.replace("[After 5 years, 12.39]", "[After 5 years]"),))
def check_table_shape(ctx):
    sections = (ctx.page.data or {}).get("sections")
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        table = section.get("table") if isinstance(section, dict) else None
        if not isinstance(table, dict) or not isinstance(table.get("columns"), list):
            continue
        width = len(table["columns"])
        for j, row in enumerate(table.get("rows") if isinstance(table.get("rows"), list) else []):
            cells = row.get("cells") if isinstance(row, dict) else None
            if isinstance(cells, list) and len(cells) != width:
                path = f"sections[{i}].table.rows[{j}]"
                yield _finding(ctx, "PG012", f"{path}.cells", f"{path} has {len(cells)} cell(s) for {width} column(s)")
