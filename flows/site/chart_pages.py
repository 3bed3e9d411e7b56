"""Pages that are mostly charts: a page per catalogued metric (a line per region over the ``series``
view), the metrics index, and the data-quality trends page (``zhibiao dq --html``)."""

from __future__ import annotations

import duckdb
import polars as pl

from flows.site import charts, pages
from flows.site.queries import (
    batch_overview,
    table_names,
    totals_of,
    with_work,
)
from flows.site.writer import SiteWriter, nav_links, own_asset, plotly_js


def dq_page(con: duckdb.DuckDBPyConnection, *, last: int, inline: bool = True) -> str:
    """The data-quality page of ``zhibiao dq --html``: the trends and the last batches, as one file that
    carries its own plotly.js, CSS and JS (it opens offline wherever it is written)."""
    overview = batch_overview(con)
    work = with_work(overview)
    rows = [r | {"href": None, "gx": []} for r in work.reverse().head(last).iter_rows(named=True)]
    return pages.render(
        "index.html.j2", root="", nav=[], title="zhibiao data quality", batches=rows,
        pager={"page": 1, "pages": 1, "prev": None, "next": None}, empty_runs=overview.height - work.height,
        totals=totals_of(con, table_names(con)), charts=charts.trends(work, href=""), standalone=inline,
        inline={"css": own_asset("site.css").decode(), "js": own_asset("site.js").decode(),
                "plotly": plotly_js().decode()} if inline else None)


def write_metric_page(con: duckdb.DuckDBPyConnection, writer: SiteWriter, metric_id: str) -> None:
    series = con.sql("SELECT * FROM series WHERE metric_id = $m "
                     "ORDER BY region_code, measure, period_kind, is_target, period_start, period_end",
                     params={"m": metric_id}).pl()
    if series.is_empty():
        writer.write(f"metric/{metric_id}.html", pages.render(
            "metric.html.j2", root="../", nav=nav_links("../", has_series=True, dq_rel=None), title=metric_id,
            metric={"id": metric_id, "name": metric_id}, regions=[]))
        return
    stated = con.sql(
        """
        SELECT o.indicator_id, o.doc_id, o.value, o.unit, d.source
        FROM observations o JOIN documents d USING (doc_id)
        WHERE o.metric_id = $m AND o.region_code IS NOT NULL AND o.period_start IS NOT NULL
        ORDER BY d.source, o.indicator_id
        """, params={"m": metric_id}).pl()
    by_id = {r["indicator_id"]: r for r in stated.iter_rows(named=True)}
    root = "../"
    regions = []
    for (code,), region in series.group_by("region_code", maintain_order=True):
        name = region.get_column("region_name")[0] or code
        points = []
        for r in region.iter_rows(named=True):
            docs: dict[str, dict] = {}
            for ind in r["indicator_ids"] or []:
                s = by_id.get(ind)
                if s is None:
                    continue
                d = docs.setdefault(s["doc_id"], {"source": s["source"], "stated": [],
                                                  "href": f"{root}{pages.doc_href(s['doc_id'])}#i-{ind}"})
                d["stated"].append(f"{pages.number(s['value'])} {s['unit']}")
            period = _period(r)
            points.append(r | {"docs": list(docs.values()), "label": f"{period}: {pages.number(r['value'])}",
                               "href": next(iter(docs.values()))["href"] if docs else "", "period": period})
        frame = pl.DataFrame(points).select("period_kind", "period_start", "period_end", "is_target", "value",
                                            "n_documents", "conflict", "label", "href", "measure", "unit")
        figures = []
        for (measure,), group in frame.group_by("measure", maintain_order=True):
            unit = group.get_column("unit").drop_nulls().mode().sort().to_list()[:1]
            label = charts.MEASURE_LABELS.get(measure, measure)
            figures.append(charts.series(group.sort("period_end"), title=f"{name} · {label}",
                                         unit=unit[0] if unit else ""))
        regions.append({"code": code, "name": name, "charts": figures, "points": points,
                        "conflicts": sum(1 for p in points if p["conflict"])})
    regions.sort(key=lambda g: (g["code"] != "000000", -len(g["points"]), g["code"]))
    metric = {"id": metric_id, "name": series.get_column("metric_name")[0] or metric_id}
    writer.write(f"metric/{metric_id}.html", pages.render(
        "metric.html.j2", root=root, nav=nav_links(root, has_series=True, dq_rel=None), title=metric["name"],
        metric=metric, regions=regions))


def _period(row: dict) -> str:
    start, end = row["period_start"], row["period_end"]
    span = str(start) if start == end else f"{start} – {end}"
    return f"{span} ({row['period_kind'] or 'span'}{', target' if row['is_target'] else ''})"


def write_metrics_index(con: duckdb.DuckDBPyConnection, writer: SiteWriter) -> None:
    rows = con.sql(
        """
        SELECT metric_id, any_value(metric_name) AS metric_name, count(DISTINCT region_code) AS regions,
               count(*) AS points, count(*) FILTER (WHERE conflict) AS conflicts,
               max(period_end) AS latest
        FROM series GROUP BY metric_id ORDER BY points DESC, metric_id
        """).pl()
    writer.write("metrics.html", pages.render(
        "metrics.html.j2", root="", nav=nav_links("", has_series=True, dq_rel=None), title="metrics",
        metrics=rows.to_dicts()))
