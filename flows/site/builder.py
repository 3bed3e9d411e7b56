"""Build the review site under ``<data dir>/site/`` from the warehouse, read through a read-only connection.

``update`` (after a run) writes the pages its batches touch: their documents (published and held back),
rejected files and batch pages, the index and the batch list, and, once the warehouse has ``series``,
the pages of the metrics those documents state. ``build`` writes the whole site into a fresh folder and
swaps it in. An update of a site that is missing or was written by another layout version is a build.

Files are written under a temporary name and renamed, so a reader never sees half a page; static assets
(plotly.js from the installed ``plotly`` package, the site's own CSS and JS) are written once, and again
only when they change.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl
from markupsafe import Markup

from flows.site import charts, pages
from flows.site.chart_pages import write_metric_page, write_metrics_index
from flows.site.queries import (
    ARTICLE_COLS,
    SENTENCE_COLS,
    SPAN_COLS,
    QuarantineRows,
    all_metrics,
    batch_overview,
    by_batch,
    by_doc,
    doc_ids_of_batches,
    frame_for_ids,
    has_series_view,
    metrics_of,
    table_names,
    totals_of,
    with_work,
)
from flows.site.writer import SiteWriter, nav_links, own_asset, plotly_js
from flows.storage import warehouse

if TYPE_CHECKING:
    from flows.settings import Settings

# runs a function in another process (``flows.executors.Pool.offload``): a Future, or None when it cannot
Offload = Callable[..., Future | None]

SITE_VERSION = 1  # the layout of the pages: a site written by another version is rebuilt whole
STAMP = ".zhibiao-site.json"
DOC_CHUNK = 400  # documents read and rendered at a time: memory stays flat however large the warehouse
# when the run's workers share the pages: the parts a chunk's pages are cut into (the last parts end about
# together), and how many parts may wait for a worker before this process renders the next itself (their
# rows held here meanwhile)
SHARED_PARTS = 3
SHARED_AHEAD = 5
BATCHES_PER_PAGE = 50
DOCS_PER_BATCH_PAGE = 2000  # a batch page lists at most this many documents (a batch is ≤ --batch-mb of input)


@dataclass
class Built:
    """What a build or update wrote."""

    root: Path
    full: bool = False
    pages: int = 0
    documents: int = 0
    metrics: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        what = "built" if self.full else "updated"
        return (f"{what} {self.root / 'index.html'}: {self.pages} pages ({self.documents} documents, "
                f"{self.metrics} metrics) in {self.seconds:.2f} s")


def site_dir(settings: Settings) -> Path:
    return settings.data_dir / "site"


def update(settings: Settings, *, batch_ids: Iterable[str], offload: Offload | None = None) -> Built:
    """The pages a run's batches touch (a whole build when the site is missing or of another version).
    ``offload``: the run's worker pool, which renders document pages beside this process."""
    root = site_dir(settings)
    if not settings.warehouse.exists():
        return Built(root)
    if _stamp(root) != SITE_VERSION:
        return build(settings, offload=offload)
    started = time.perf_counter()
    writer = SiteWriter(root)
    with reading(settings) as con:
        ids = list(dict.fromkeys(batch_ids))
        docs = doc_ids_of_batches(con, ids)
        built = _pages(con, settings, writer, doc_ids=docs, batch_ids=ids, metric_ids=metrics_of(con, docs),
                       offload=offload)
    built.seconds = time.perf_counter() - started
    return built


def refresh(settings: Settings, *, batch_ids: Iterable[str],
            log: logging.Logger | logging.LoggerAdapter | None = None, offload: Offload | None = None) -> Built | None:
    """:func:`update` after a run, which it never fails: the run's data is published whatever happens to its
    pages; a failure is logged (``zhibiao site`` rebuilds the site) and gives None."""
    log = log or logging.getLogger(__name__)
    try:
        built = update(settings, batch_ids=batch_ids, offload=offload)
    except Exception as exc:  # the site is a view of the data, not part of it
        log.warning("review site not updated (%s: %s); `zhibiao site` rebuilds it", type(exc).__name__, exc)
        return None
    log.info("%s", built)
    return built


def build(settings: Settings, *, offload: Offload | None = None) -> Built:
    """The whole site, written into a new folder that then replaces ``site/`` (a reader sees the old site
    or the new one)."""
    started = time.perf_counter()
    root = site_dir(settings)
    root.parent.mkdir(parents=True, exist_ok=True)
    fresh = root.with_name(f".site-new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    writer = SiteWriter(fresh)
    with reading(settings) as con:
        all_batches = [r[0] for r in con.execute("SELECT batch_id FROM batches").fetchall()]
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY ingested_at, doc_id").fetchall()]
        metrics = all_metrics(con)
        built = _pages(con, settings, writer, doc_ids=docs, batch_ids=all_batches, metric_ids=metrics,
                       offload=offload)
    _swap(fresh, root)
    built.root, built.full = root, True
    built.seconds = time.perf_counter() - started
    return built


def _swap(fresh: Path, root: Path) -> None:
    old = root.with_name(f".site-old-{os.getpid()}")
    if root.exists():
        os.replace(root, old)
    os.replace(fresh, root)
    shutil.rmtree(old, ignore_errors=True)


def reading(settings: Settings):
    """The warehouse of ``settings``, read-only (and memory-capped like the run's), for a ``with`` block: the
    one place the site opens it (a missing or damaged file raises ``warehouse.WarehouseError``)."""
    return warehouse.session(settings, read_only=True)


def _stamp(root: Path) -> int | None:
    try:
        return int(json.loads((root / STAMP).read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- writing -------------------------------------------------------------------------------------


ASSETS = ("site.css", "site.js")


def _assets(writer: SiteWriter) -> None:
    """plotly.js once per plotly version (5 MB: not compared byte for byte on every run), the site's own files
    when they changed."""
    version = metadata.version("plotly")
    stamp = writer.root / "static" / ".plotly-version"
    try:
        current = stamp.read_text("utf-8") == version and (writer.root / "static" / "plotly.min.js").exists()
    except OSError:
        current = False
    if not current:
        writer.asset("static/plotly.min.js", plotly_js())
        writer.asset("static/.plotly-version", version.encode())
    for name in ASSETS:
        writer.asset(f"static/{name}", own_asset(name))


# --- reading -------------------------------------------------------------------------------------


def gx_pages(dq_dir: Path, batch_id: str) -> list[tuple[str, Path]]:
    """(suite, page) of the Great Expectations validation pages of a batch."""
    return sorted((p.parts[-4], p) for p in (dq_dir / "validations").glob(f"*/{batch_id}/*/*.html"))


def _rel(path: Path, start: Path) -> str:
    return Path(os.path.relpath(path, start)).as_posix()


# --- the pages -----------------------------------------------------------------------------------

@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: a build makes hundreds of thousands of short-lived rows and
    strings and no cycles, and the collector's passes over them cost more than rendering the pages."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pages(con: duckdb.DuckDBPyConnection, settings: Settings, writer: SiteWriter, *, doc_ids: list[str],
           batch_ids: list[str], metric_ids: list[str], offload: Offload | None = None) -> Built:
    with _no_cyclic_gc():
        return _all_pages(con, settings, writer, doc_ids=doc_ids, batch_ids=batch_ids, metric_ids=metric_ids,
                          offload=offload)


def _all_pages(con: duckdb.DuckDBPyConnection, settings: Settings, writer: SiteWriter, *, doc_ids: list[str],
               batch_ids: list[str], metric_ids: list[str], offload: Offload | None) -> Built:
    built = Built(writer.root)
    _assets(writer)
    tables = table_names(con)
    has_series = has_series_view(tables)
    overview = batch_overview(con)
    work = [(batch_id, ids[i:i + DOC_CHUNK]) for batch_id, ids in by_batch(con, doc_ids)
            for i in range(0, len(ids), DOC_CHUNK)]
    running = _all_documents(con, settings, writer, work, tables=tables, offload=offload)
    built.documents = len(doc_ids)
    rejected = _rejected(con, writer, batch_ids)
    for batch_id in batch_ids:
        _batch(con, settings, writer, overview, batch_id, rejected=rejected.get(batch_id, []), tables=tables)
    _index(con, settings, writer, overview, tables=tables)
    if has_series:
        for metric_id in metric_ids:
            write_metric_page(con, writer, metric_id)
        write_metrics_index(con, writer)
        built.metrics = len(metric_ids)
    for future in running:  # the workers' last chunks: they ran while the pages above were written
        writer.pages += future.result()
    writer.asset(STAMP, json.dumps({"version": SITE_VERSION, "plotly": metadata.version("plotly"),
                                    "written_at": datetime.now(UTC).isoformat()}).encode())
    built.pages = writer.pages
    return built


def _dq_index(settings: Settings, writer: SiteWriter) -> str | None:
    index = settings.dq_dir / "index.html"
    return _rel(index, writer.root.parent / "site") if index.exists() else None


def _all_documents(con: duckdb.DuckDBPyConnection, settings: Settings, writer: SiteWriter,
                   work: list[tuple[str, list[str]]], *, tables: set[str], offload: Offload | None) -> list[Future]:
    """The pages of the documents of ``work`` (chunks: the batch_id their rows carry, their doc_ids): each
    chunk's rows read here, then its pages rendered and written here or, with ``offload`` (the run's worker
    pool, idle at the run's end), in :data:`SHARED_PARTS` parts by the workers, as long as fewer than
    :data:`SHARED_AHEAD` parts wait for one (else this process renders the part itself). The workers' parts
    still running are returned: their futures give their page counts.

    One process reading and rendering a run's pages while the other core sat idle was the longest part of
    the run's serial end. Reading stays here (a connection per part in the workers read the batch's blocks
    again each time, ≈ 0.3 s a part); rendering and writing, two thirds of the work, are shared."""
    running: list[Future] = []
    for batch_id, ids in work:
        rows = _chunk_rows(con, ids, batch_id=batch_id, tables=tables)
        for part in [rows] if offload is None else rows.split(SHARED_PARTS):
            for future in [f for f in running if f.done()]:
                running.remove(future)
                writer.pages += future.result()
            future = None
            if offload is not None and len(running) < SHARED_AHEAD:
                future = offload(render_documents, settings, str(writer.root), part)
            if future is None:
                _render_documents(settings, writer, part)
            else:
                running.append(future)
    return running


def render_documents(settings: Settings, root: str, rows: ChunkRows) -> int:
    """The pages of one part of a chunk of documents (its rows as :func:`_chunk_rows` read them), written
    under the site folder ``root``: what a worker of the run's pool does for :func:`_all_documents`. The
    number of pages written."""
    writer = SiteWriter(Path(root))
    with _no_cyclic_gc():
        _render_documents(settings, writer, rows)
    return writer.pages


@dataclass(frozen=True)
class ChunkRows:
    """What the pages of a chunk of documents show, as read from the warehouse (frames: pickled cheaply)."""

    docs: pl.DataFrame
    articles: pl.DataFrame
    sentences: pl.DataFrame | None
    indicators: pl.DataFrame | None
    held: pl.DataFrame | None
    tables: frozenset[str]

    def split(self, n: int) -> list[ChunkRows]:
        """The rows of about ``n`` equal runs of the chunk's documents."""
        ids = self.docs.get_column("doc_id").to_list()
        size = max(1, -(-len(ids) // n))
        parts = []
        for i in range(0, len(ids), size):
            keep = pl.col("doc_id").is_in(ids[i:i + size])
            parts.append(ChunkRows(*(None if f is None else f.filter(keep) for f in (
                self.docs, self.articles, self.sentences, self.indicators, self.held)), tables=self.tables))
        return parts or [self]


def _chunk_rows(con: duckdb.DuckDBPyConnection, ids: list[str], *, batch_id: str, tables: set[str]) -> ChunkRows:
    """The rows the pages of ``ids`` show (of one batch: ``batch_id``, the batch their content rows carry)."""
    batch = "'" + batch_id.replace("'", "''") + "'"  # a constant, so that DuckDB skips other batches' row groups
    docs = frame_for_ids(con, "SELECT * FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids) ORDER BY doc_id", ids)
    arts = frame_for_ids(con, "SELECT doc_id, article_index, kind, title, author, body FROM articles "
                         f"WHERE batch_id = {batch} AND doc_id IN (SELECT doc_id FROM _ids) "
                         "ORDER BY doc_id, article_index", ids)
    sents = inds = held = None
    if "indicators" in tables:
        # the sentences that place the rows: up to the last one with a row in each article (the search is forward)
        sents = frame_for_ids(con, f"""
            WITH last AS (SELECT doc_id, article_index, max(sentence_index) AS upto FROM indicators
                          WHERE batch_id = {batch} AND doc_id IN (SELECT doc_id FROM _ids) GROUP BY ALL)
            SELECT s.doc_id, s.article_index, s.sentence_index, s.text
            FROM sentences s JOIN last USING (doc_id, article_index)
            WHERE s.batch_id = {batch} AND s.sentence_index <= last.upto
            ORDER BY s.doc_id, s.article_index, s.sentence_index""", ids)
        obs = "observations" in tables
        canonical = "".join(f", o.{c}" for c in pages.OBS_FIELDS) + ", o.value AS obs_value, o.unit AS obs_unit"
        inds = frame_for_ids(con, f"""
            SELECT i.* EXCLUDE (source, article_title){canonical if obs else ""}
            FROM indicators i {"LEFT JOIN observations o ON o.indicator_id = i.indicator_id" if obs else ""}
            WHERE i.batch_id = {batch} AND i.doc_id IN (SELECT doc_id FROM _ids)
            ORDER BY i.doc_id, i.article_index, i.sentence_index, i.span_start, i.indicator_id""", ids)
    if "held_back" in tables:
        held = frame_for_ids(con, "SELECT * FROM held_back WHERE doc_id IN (SELECT doc_id FROM _ids) "
                             "ORDER BY doc_id, held_at, reason", ids)
    return ChunkRows(docs, arts, sents, inds, held, frozenset(tables))


def _render_documents(settings: Settings, writer: SiteWriter, rows: ChunkRows) -> None:
    """The page of each document of ``rows``, written by ``writer``."""
    arts = by_doc(rows.articles, ARTICLE_COLS)
    sents = by_doc(rows.sentences, SENTENCE_COLS)
    inds: dict[str, list] = {}
    jsons: dict[str, list[str]] = {}
    if rows.indicators is not None:
        inds = by_doc(rows.indicators, SPAN_COLS)
        for key, text in zip(rows.indicators.get_column("doc_id").to_list(), pages.rows_json(rows.indicators),
                             strict=True):
            jsons.setdefault(key, []).append(text)
    held = by_doc(rows.held)
    quarantined = QuarantineRows(settings.quarantine)
    root = "../../"
    nav = nav_links(root, has_series=has_series_view(rows.tables), dq_rel=_dq_index(settings, writer))
    store = _rel(settings.store, writer.root.parent / "site" / "doc" / "xx")
    for doc in rows.docs.iter_rows(named=True):
        # columns of issue 16 and of month-only dates, when there
        doc = {"published_on": None, "published_on_source": None, "published_on_precision": None} | doc
        doc_id = doc["doc_id"]
        held_rows = held.get(doc_id, [])
        d_arts, d_sents, d_inds = arts.get(doc_id), sents.get(doc_id), inds.get(doc_id, [])
        d_json = jsons.get(doc_id, [])
        failing: set[str] = set()
        from_quarantine = False
        if held_rows and doc["status"] != warehouse.PUBLISHED and d_arts is None:
            # a held-back document: its rows are kept in the quarantine folder of the batch that held it
            last = held_rows[-1]["batch_id"]
            q_arts, q_inds, d_json = quarantined.rows(last, doc_id)
            d_arts, d_inds, d_sents, from_quarantine = q_arts, q_inds or [], None, q_arts is not None
            failing = {k for h in held_rows if h["batch_id"] == last for k in (h["rows"] or [])}
        html = pages.render(
            "document.html.j2", root=root, nav=nav, title=doc["source"], doc=doc,
            articles=pages.articles(d_arts or [], d_sents, d_inds, failing=failing),
            rows=Markup("[" + ",".join(d_json) + "]"), n=len(d_inds), held=held_rows,
            from_quarantine=from_quarantine, failing=len(failing),
            original=f"{store}/{doc_id[:2]}/{doc_id}.{doc['format']}", batch_href=f"{root}batch/{doc['batch_id']}.html",
        )
        writer.write(pages.doc_href(doc_id), html)


def rejected_key(row: dict) -> str:
    """A stable name for a rejected file's page: the same file rejected by the same batch, the same page."""
    return hashlib.sha256(f"{row['batch_id']}\0{row['source']}".encode()).hexdigest()[:20]


def _rejected(con: duckdb.DuckDBPyConnection, writer: SiteWriter, batch_ids: list[str]) -> dict[str, list[dict]]:
    """A page per rejected file of the batches; returns the rows (with ``href``) per batch."""
    frame = con.sql("SELECT * FROM rejected_documents WHERE list_contains($b, batch_id) ORDER BY rejected_at, source",
                    params={"b": batch_ids}).pl()
    out: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        href = f"rejected/{rejected_key(row)}.html"
        writer.write(href, pages.render("rejected.html.j2", root="../", nav=nav_links("../", has_series=False,
                                                                                  dq_rel=None),
                                        title=row["source"], row=row))
        out.setdefault(row["batch_id"], []).append(row | {"href": href})
    return out


def _batch(con: duckdb.DuckDBPyConnection, settings: Settings, writer: SiteWriter, overview: pl.DataFrame,
           batch_id: str, *, rejected: list[dict], tables: set[str]) -> None:
    info = overview.filter(pl.col("batch_id") == batch_id)
    if info.is_empty():
        return
    root = "../"
    checks = con.sql(
        "SELECT suite, expectation, \"column\", severity, success, grain, observed_value, unexpected_count, "
        "unexpected_percent FROM dq_results WHERE batch_id = $b "
        "ORDER BY success, severity = 'critical' DESC, suite, expectation, \"column\"", params={"b": batch_id}).pl()
    docs = con.sql(
        """
        WITH counts AS ({counts})
        SELECT d.doc_id, d.source, d.format, d.status, d.byte_size, coalesce(c.n, 0) AS indicators
        FROM documents d LEFT JOIN counts c USING (doc_id) WHERE d.batch_id = $b
        ORDER BY d.source, d.doc_id LIMIT $n
        """.format(counts="SELECT doc_id, count(*) AS n FROM indicators WHERE batch_id = $b GROUP BY doc_id"
                   if "indicators" in tables else "SELECT NULL::VARCHAR AS doc_id, 0 AS n WHERE false"),
        params={"b": batch_id, "n": DOCS_PER_BATCH_PAGE}).pl()
    held = con.sql("SELECT doc_id, source, reason, grain, len(\"rows\") AS failing_rows FROM held_back "
                   "WHERE batch_id = $b ORDER BY source, reason", params={"b": batch_id}).pl() \
        if "held_back" in tables else pl.DataFrame()
    page = f"batch/{batch_id}.html"
    gx = [(suite, _rel(path, writer.root.parent / "site" / "batch")) for suite, path in
          gx_pages(settings.dq_dir, batch_id)]
    writer.write(page, pages.render(
        "batch.html.j2", root=root,
        nav=nav_links(root, has_series=has_series_view(tables), dq_rel=_dq_index(settings, writer)),
        title=f"batch {batch_id}", b=info.row(0, named=True),
        failed=[r for r in checks.iter_rows(named=True) if not r["success"]],
        checks=checks.to_dicts(), docs=[d | {"href": root + pages.doc_href(d["doc_id"])} for d in docs.to_dicts()],
        more_docs=max(0, int(info.get_column("documents")[0] or 0) - docs.height), held=held.to_dicts(),
        rejected=rejected, gx=gx))


def _index(con: duckdb.DuckDBPyConnection, settings: Settings, writer: SiteWriter, overview: pl.DataFrame, *,
           tables: set[str]) -> None:
    has_series = has_series_view(tables)
    work = with_work(overview)
    empty = overview.height - work.height
    newest = work.reverse()
    pages_n = max(1, -(-newest.height // BATCHES_PER_PAGE))
    totals = totals_of(con, tables)
    dq_rel = _dq_index(settings, writer)
    for p in range(pages_n):
        chunk = newest.slice(p * BATCHES_PER_PAGE, BATCHES_PER_PAGE)
        root = "" if p == 0 else "../"
        rows = [_batch_row(r, root, settings, writer) for r in chunk.iter_rows(named=True)]
        pager = {"page": p + 1, "pages": pages_n,
                 "prev": None if p == 0 else (f"{root}index.html" if p == 1 else f"{root}batches/{p}.html"),
                 "next": None if p + 1 >= pages_n else f"{root}batches/{p + 2}.html"}
        name = "index.html" if p == 0 else f"batches/{p + 1}.html"
        writer.write(name, pages.render(
            "index.html.j2", root=root, nav=nav_links(root, has_series=has_series, dq_rel=dq_rel),
            title="zhibiao review", batches=rows, pager=pager, empty_runs=empty, totals=totals,
            charts=charts.trends(work, href=f"{root}batch/{{}}.html") if p == 0 else [], standalone=False))


def _batch_row(r: dict, root: str, settings: Settings, writer: SiteWriter) -> dict:
    here = writer.root.parent / "site" / ("" if not root else "batches")
    return r | {"href": f"{root}batch/{r['batch_id']}.html",
                "gx": [(suite, _rel(path, here)) for suite, path in gx_pages(settings.dq_dir, r["batch_id"])]}


# --- metrics (once the warehouse has observations and the series view) --------------------------------


