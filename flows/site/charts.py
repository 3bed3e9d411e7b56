"""Plotly figures of the review site, as plain ``{"data": [...], "layout": {...}}`` specs.

The specs are JSON that the page hands to ``Plotly.newPlot`` (plotly.js, written into ``static/`` from the
installed ``plotly`` package); building them needs no plotly import, so a site build stays cheap. Each
point may carry ``customdata = [label, href]``: the page follows ``href`` when the point is clicked.
Pure: frames in, dicts out.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import polars as pl

COLOURS = {"level": "#2563eb", "up": "#16a34a", "down": "#dc2626", "target": "#d97706",
           "critical": "#dc2626", "warning": "#d97706", "anomaly": "#7c3aed", "grey": "#64748b"}
MEASURE_LABELS = {"level": "level", "yoy": "year on year, %", "mom": "on the previous period, %",
                  "pp": "change, percentage points", "share": "share, %", "other": "change on another base"}


def layout(title: str, *, y: str = "", y2: str | None = None, barmode: str | None = None,
           height: int = 260, x: str = "date") -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 14}, "x": 0.01, "xanchor": "left"},
        "height": height, "margin": {"l": 56, "r": 56 if y2 else 16, "t": 36, "b": 36},
        "hovermode": "closest", "legend": {"orientation": "h", "y": -0.18, "font": {"size": 11}},
        "xaxis": {"type": x, "automargin": True}, "yaxis": {"title": {"text": y}, "rangemode": "tozero",
                                                                 "automargin": True},
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#fafafa",
    }
    if y2:
        out["yaxis2"] = {"title": {"text": y2}, "overlaying": "y", "side": "right", "rangemode": "tozero",
                         "showgrid": False}
    if barmode:
        out["barmode"] = barmode
    return out


def clean(value: Any) -> Any:
    """A value JSON (and so JavaScript's JSON.parse) accepts: NaN and infinities become null, dates ISO."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def batch_label(batch_id: str, started: datetime | None) -> str:
    """A short unique axis label for a batch: its start and the random part of its id.

    >>> batch_label("20261201T174629Z-17eb3a", datetime(2026, 12, 1, 17, 46, 29))
    '12-01 17:46 17eb3a'
    """
    suffix = batch_id.rsplit("-", 1)[-1]
    return f"{started:%m-%d %H:%M} {suffix}" if started else batch_id


def _col(frame: pl.DataFrame, name: str, scale: float = 1.0) -> list:
    return [None if v is None else clean(v * scale if scale != 1.0 else v) for v in frame.get_column(name).to_list()]


def trends(batches: pl.DataFrame, *, href: str = "batch/{}.html") -> list[dict[str, Any]]:
    """The data-quality trends over batches (``batches``: the site's batch overview, oldest first): yield,
    null rates, checks failed, volume. Each point links to its batch's page (``href``, empty for none)."""
    ids = batches.get_column("batch_id").to_list()
    # one evenly spaced category per batch (sub-batches of a run start within a second of each other)
    x = [batch_label(b, s) for b, s in zip(ids, batches.get_column("started_at").to_list(), strict=True)]
    custom = [[b, href.format(b) if href else ""] for b in ids]
    hover = "%{customdata[0]}<br>%{y}<extra>%{fullData.name}</extra>"

    def line(name: str, y: list, colour: str, **extra: Any) -> dict[str, Any]:
        return {"type": "scatter", "mode": "lines+markers", "name": name, "x": x, "y": y, "customdata": custom,
                "hovertemplate": hover, "line": {"color": colour, "width": 2}, "marker": {"size": 6}, **extra}

    def bar(name: str, y: list, colour: str) -> dict[str, Any]:
        return {"type": "bar", "name": name, "x": x, "y": y, "customdata": custom, "hovertemplate": hover,
                "marker": {"color": colour}}

    return [
        {"id": "yield", "data": [line("indicators per 1k characters", _col(batches, "indicators_per_1k_chars"),
                                      COLOURS["level"])],
         "layout": layout("Indicators per 1 000 characters", y="rows / 1k chars", x="category")},
        {"id": "nulls", "data": [line("region", _col(batches, "null_rate_region", 100), COLOURS["up"]),
                                 line("period", _col(batches, "null_rate_period", 100), COLOURS["target"])],
         "layout": layout("Null rates of region and period", y="% of rows", x="category")},
        {"id": "checks", "data": [bar("critical failed", _col(batches, "critical_failed"), COLOURS["critical"]),
                                  bar("warnings failed", _col(batches, "warnings_failed"), COLOURS["warning"]),
                                  bar("anomalies", _col(batches, "anomalies"), COLOURS["anomaly"])],
         "layout": layout("Checks failed", y="expectations", barmode="stack", x="category")},
        {"id": "volume", "data": [line("documents", _col(batches, "documents"), COLOURS["grey"]),
                                  line("indicator rows", _col(batches, "indicators"), COLOURS["level"]),
                                  line("characters", _col(batches, "characters"), COLOURS["up"], yaxis="y2",
                                       line={"color": COLOURS["up"], "width": 1, "dash": "dot"})],
         "layout": layout("Volume", y="documents, rows", y2="characters", x="category")},
    ]


def series(points: pl.DataFrame, *, title: str, unit: str) -> dict[str, Any]:
    """One line chart of one region and measure (``points``: period_kind, period_start, period_end,
    is_target, value, n_documents, conflict, label, href; in date order): a line per period kind, targets
    dashed, conflicting points marked with a red cross. A point links to (the first of) its documents."""
    data = []
    for (kind, target), group in points.group_by("period_kind", "is_target", maintain_order=True):
        name = f"{kind or 'other'}{' target' if target else ''}"
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": name,
            "x": [clean(v) for v in group.get_column("period_end").to_list()],
            "y": [clean(v) for v in group.get_column("value").to_list()],
            "customdata": [[lab, h] for lab, h in zip(group.get_column("label"), group.get_column("href"),
                                                      strict=True)],
            "hovertemplate": "%{customdata[0]}<br>%{y} " + unit + "<extra>%{fullData.name}</extra>",
            "line": {"dash": "dash" if target else "solid", "width": 2}, "marker": {"size": 7},
        })
    conflict = points.filter(pl.col("conflict"))
    if conflict.height:
        data.append({
            "type": "scatter", "mode": "markers", "name": "conflict",
            "x": [clean(v) for v in conflict.get_column("period_end").to_list()],
            "y": [clean(v) for v in conflict.get_column("value").to_list()],
            "customdata": [[lab, h] for lab, h in zip(conflict.get_column("label"), conflict.get_column("href"),
                                                      strict=True)],
            "hovertemplate": "conflict: %{customdata[0]}<extra></extra>",
            "marker": {"symbol": "x-thin-open", "size": 14, "color": COLOURS["critical"],
                       "line": {"width": 3, "color": COLOURS["critical"]}},
        })
    out = layout(title, y=unit)
    out["yaxis"]["rangemode"] = "normal"
    return {"data": data, "layout": out}
