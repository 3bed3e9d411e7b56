"""The pages of the review site: Jinja2 templates (``templates/``) filled from warehouse frames.

Pure: frames and dicts in, HTML strings out; :mod:`flows.site.builder` reads the warehouse and writes the
files. Every page takes ``root``, the relative path from the page to the site's root (``""``, ``"../"``,
``"../../"``), so the site works from any folder and from ``file://``. The text of a document is marked up
here (one ``<mark data-indicator-id=…>`` per indicator row, :mod:`transforms.highlight`) rather than in a
template loop: a page per document is built on every run, and string joins are what keeps that cheap.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from html import escape
from typing import Any

import jinja2
import polars as pl
from markupsafe import Markup

from transforms.highlight import Span, markup, place

# the fields of an indicator row that the page shows on hover and click (and filters on)
ROW_FIELDS = ("metric", "region", "period", "value", "unit", "value_norm", "unit_norm", "qualifier", "direction",
              "basis", "is_target", "article_index", "sentence_index")
# the observations' fields, when the warehouse has the table (issue 16)
OBS_FIELDS = ("metric_id", "metric_name", "region_code", "region_name", "period_kind", "period_start", "period_end",
              "measure")
KINDS = {"level": "level", "up": "growth up", "down": "growth down", "target": "target"}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates, compiled once per process (autoescaped: data never becomes markup by accident)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flows.site", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
        auto_reload=False,  # the templates are package files: no stat of each one per page rendered
    )
    env.filters["num"] = number
    env.filters["when"] = when
    env.filters["pct"] = lambda v: "" if v is None else f"{100 * v:.1f} %"
    env.filters["short"] = lambda v, n=12: "" if v is None else str(v)[:n]
    env.filters["jsonscript"] = json_script
    env.globals["KINDS"] = KINDS
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


# --- formatting ------------------------------------------------------------------------------------

def number(value: Any) -> str:
    """A number as a reader wants it: no ``.0`` on integers, up to 6 significant digits otherwise.

    >>> number(113000.0), number(6.4), number(None), number(1.2345678e-7)
    ('113000', '6.4', '', '1.23457e-07')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"
    return str(value)


def when(value: Any) -> str:
    """A timestamp to the second in UTC, a date as is."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def json_script(value: Any, *, ready: bool = False) -> Markup:
    r"""JSON for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` escaped so no text of a
    document can close the block. ``ready``: ``value`` holds JSON types only already (no dates, no NaN).

    >>> print(json_script({"s": "</script>", "d": date(2024, 5, 1)}))
    {"s":"\u003c/script\u003e","d":"2024-05-01"}
    """
    text = json.dumps(value if ready else jsonable(value), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def doc_href(doc_id: str) -> str:
    """Path of a document's page from the site's root (sharded like the store: 256 folders)."""
    return f"doc/{doc_id[:2]}/{doc_id}.html"


def kind(direction: str | None, is_target: bool | None) -> str:
    """Colour class of an indicator: target, growth up, growth down, or a level."""
    if is_target:
        return "target"
    return direction if direction in ("up", "down") else "level"


# --- a document's text with its indicators -------------------------------------------------------

def _open_tags(indicators: Sequence[Mapping[str, Any]], failing: frozenset[str]) -> dict[str, str]:
    """The opening tag of each indicator's element, by indicator_id."""
    tags = {}
    for r in indicators:
        key = r["indicator_id"]
        safe = key if key.isalnum() else escape(key, quote=True)
        extra = " failing" if key in failing else ""
        tags[key] = (f'<mark class="zb k-{kind(r["direction"], r["is_target"])}{extra}" id="i-{safe}" '
                     f'data-indicator-id="{safe}" tabindex="0">')
    return tags


def articles(arts: Sequence[tuple], sentences: Sequence[tuple] | None, indicators: Sequence[Mapping[str, Any]],
             *, failing: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The articles of one document, each with its paragraphs marked up: every indicator row wrapped once,
    where it stands.

    ``arts``: (article_index, kind, title, author, body) in order; ``sentences``: (article_index,
    sentence_index, text) in order, which places the rows exactly; without them (a held-back document,
    whose sentences are not kept) the rows' own ``sentence`` texts are searched in order. ``indicators``:
    rows with indicator_id, article_index, sentence_index, span_start, span_end, sentence, direction,
    is_target. Rows whose sentence cannot be found in the body are shown under the article with their
    sentence (``unplaced``), so that none is missing from the page."""
    tags = _open_tags(indicators, frozenset(failing))

    def tag(span: Span) -> str:
        return tags[span.key]

    by_article: dict[int, dict[int, list[Span]]] = {}
    texts: dict[tuple[int, int], str] = {}
    for r in indicators:
        art, sent, start, end = r["article_index"], r["sentence_index"], r["span_start"], r["span_end"]
        span = Span(r["indicator_id"], start if start is not None else 0, end if end is not None else 0)
        by_article.setdefault(art, {}).setdefault(sent, []).append(span)
        texts.setdefault((art, sent), r["sentence"] or "")
    sents_of: dict[int, list[tuple[int, str]]] = {}
    if sentences is not None:
        for art, idx, text in sentences:
            sents_of.setdefault(art, []).append((idx, text))
    else:
        for (art, idx), text in sorted(texts.items()):
            sents_of.setdefault(art, []).append((idx, text))

    out = []
    seen: set[int] = set()
    for art, kind_, title, author, body in arts:
        seen.add(art)
        spans, unplaced = place(body or "", sents_of.get(art, []), by_article.get(art, {}))
        out.append({"index": art, "kind": kind_, "title": title, "author": author,
                    "paragraphs": _paragraphs(body or "", spans, tag),
                    "unplaced": [Markup(markup(texts.get((art, i), ""), by_article[art][i], open_tag=tag))
                                 for i in unplaced]})
    # rows of an article the document does not have (never expected): shown with their sentences
    for art in sorted(set(by_article) - seen):
        out.append({"index": art, "kind": "article", "title": None, "author": None, "paragraphs": Markup(""),
                    "unplaced": [Markup(markup(texts.get((art, i), ""), spans, open_tag=tag))
                                 for i, spans in sorted(by_article[art].items())]})
    return out


def _paragraphs(body: str, spans: list[Span], tag) -> Markup:
    """The body as ``<p>`` elements, one per line, marked up with the spans. The whole body is marked up at
    once and its line breaks become paragraph breaks: spans lie inside sentences, which never hold a line
    break (one that would is cut there, so that no element straddles two paragraphs)."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    for i, s in enumerate(spans):
        cut = body.find("\n", s.start, s.end)
        if cut >= 0:
            spans[i] = Span(s.key, s.start, cut)
    html = markup(body, spans, open_tag=tag)
    return Markup("<p>" + html.replace("\n", "</p>\n<p>") + "</p>\n")


def kind_expr() -> pl.Expr:
    """:func:`kind` as a polars expression over ``direction`` and ``is_target``."""
    return (pl.when(pl.col("is_target").fill_null(False)).then(pl.lit("target"))
            .when(pl.col("direction").is_in(["up", "down"])).then(pl.col("direction"))
            .otherwise(pl.lit("level")))


def rows_json(indicators: pl.DataFrame) -> list[str]:
    r"""One JSON object per indicator row, in order: the fields the page shows (hover, click, filter) as
    ``id``, ``kind`` and :data:`ROW_FIELDS`, with the observation's :data:`OBS_FIELDS` (and its value and
    unit as ``obs_value``, ``obs_unit``) when the frame has them. Nulls are left out; ``<``, ``>`` and ``&``
    are escaped so the objects can stand in a ``<script>`` block. Encoded by polars, not per row in Python:
    a run writes tens of thousands of rows.

    >>> print(rows_json(pl.DataFrame({"indicator_id": ["a"], "direction": ["up"], "is_target": [False],
    ...                         "metric": ["<b>"], "region": [None]}))[0])
    {"id":"a","kind":"up","metric":"\u003cb\u003e","direction":"up","is_target":false}
    """
    if indicators.is_empty():
        return []
    have = set(indicators.columns)
    fields = [pl.col("indicator_id").alias("id"), kind_expr().alias("kind"),
              *(pl.col(c) for c in ROW_FIELDS if c in have),
              *(pl.col(c) for c in (*OBS_FIELDS, "obs_value", "obs_unit") if c in have)]
    encoded = indicators.select(pl.struct(fields).struct.json_encode().alias("json")).get_column("json")
    return (encoded.str.replace_all(r',"[a-z_]+":null', "")
            .str.replace_all("&", "\\u0026", literal=True).str.replace_all("<", "\\u003c", literal=True)
            .str.replace_all(">", "\\u003e", literal=True).to_list())
