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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import polars as pl
from markupsafe import Markup

from flows.site import charts, pages
from flows.storage import warehouse

if TYPE_CHECKING:
    from flows.settings import Settings

SITE_VERSION = 1  # the layout of the pages: a site written by another version is rebuilt whole
STAMP = ".zhibiao-site.json"
DOC_CHUNK = 400  # documents read and rendered at a time: memory stays flat however large the warehouse
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


def update(settings: Settings, *, batch_ids: Iterable[str]) -> Built:
    """The pages a run's batches touch (a whole build when the site is missing or of another version)."""
    root = site_dir(settings)
    if not settings.warehouse.exists():
        return Built(root)
    if _stamp(root) != SITE_VERSION:
        return build(settings)
    started = time.perf_counter()
    writer = _Writer(root)
    with reading(settings) as con:
        ids = list(dict.fromkeys(batch_ids))
        docs = _doc_ids(con, ids)
        built = _pages(con, settings, writer, doc_ids=docs, batch_ids=ids, metric_ids=_metrics_of(con, docs))
    built.seconds = time.perf_counter() - started
    return built


def refresh(settings: Settings, *, batch_ids: Iterable[str],
            log: logging.Logger | logging.LoggerAdapter | None = None) -> Built | None:
    """:func:`update` after a run, which it never fails: the run's data is published whatever happens to its
    pages; a failure is logged (``zhibiao site`` rebuilds the site) and gives None."""
    log = log or logging.getLogger(__name__)
    try:
        built = update(settings, batch_ids=batch_ids)
    except Exception as exc:  # the site is a view of the data, not part of it
        log.warning("review site not updated (%s: %s); `zhibiao site` rebuilds it", type(exc).__name__, exc)
        return None
    log.info("%s", built)
    return built


def build(settings: Settings) -> Built:
    """The whole site, written into a new folder that then replaces ``site/`` (a reader sees the old site
    or the new one)."""
    started = time.perf_counter()
    root = site_dir(settings)
    root.parent.mkdir(parents=True, exist_ok=True)
    fresh = root.with_name(f".site-new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    writer = _Writer(fresh)
    with reading(settings) as con:
        all_batches = [r[0] for r in con.execute("SELECT batch_id FROM batches").fetchall()]
        docs = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY ingested_at, doc_id").fetchall()]
        metrics = _all_metrics(con)
        built = _pages(con, settings, writer, doc_ids=docs, batch_ids=all_batches, metric_ids=metrics)
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

class _Writer:
    """Writes pages under the site's root, each atomically (a temporary name, then a rename); counts them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages = 0
        self._base = str(root)
        self._dirs: set[str] = set()

    def write(self, rel: str, text: str) -> None:
        path = f"{self._base}/{rel}"
        folder, _, name = path.rpartition("/")
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        tmp = f"{folder}/.{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
        self.pages += 1

    def asset(self, rel: str, data: bytes) -> None:
        """A static file, written only when missing or different."""
        path = self.root / rel
        try:
            if path.stat().st_size == len(data) and hashlib.sha256(path.read_bytes()).digest() == \
                    hashlib.sha256(data).digest():
                return
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def plotly_js() -> bytes:
    """plotly.js as bundled in the installed ``plotly`` package (read from its files; plotly's Python API is
    not imported)."""
    return resources.files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()


def own_asset(name: str) -> bytes:
    return resources.files("flows.site").joinpath("assets", name).read_bytes()


ASSETS = ("site.css", "site.js")


def _assets(writer: _Writer) -> None:
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

def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return warehouse.tables(con)


def _has_series(tables: set[str]) -> bool:
    return {"observations", "series"} <= tables


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


def _doc_ids(con: duckdb.DuckDBPyConnection, batch_ids: list[str]) -> list[str]:
    """Documents a set of batches published or held back."""
    held = "UNION SELECT doc_id FROM held_back WHERE list_contains($b, batch_id)" \
        if "held_back" in _tables(con) else ""
    return [r[0] for r in con.execute(
        f"SELECT doc_id FROM (SELECT doc_id FROM documents WHERE list_contains($b, batch_id) {held}) "
        "ORDER BY doc_id", {"b": batch_ids}).fetchall()]


def _metrics_of(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[str]:
    if not doc_ids or not _has_series(_tables(con)):
        return []
    return [r[0] for r in con.execute(
        "SELECT DISTINCT metric_id FROM observations WHERE metric_id IS NOT NULL AND list_contains($d, doc_id) "
        "ORDER BY 1", {"d": doc_ids}).fetchall()]


def _all_metrics(con: duckdb.DuckDBPyConnection) -> list[str]:
    if not _has_series(_tables(con)):
        return []
    return [r[0] for r in con.execute("SELECT DISTINCT metric_id FROM series ORDER BY 1").fetchall()]


def _in(con: duckdb.DuckDBPyConnection, sql: str, ids: list[str]) -> pl.DataFrame:
    """``sql`` whose ``_ids`` is the table of ``ids`` (one column ``doc_id``)."""
    con.register("_ids", pl.DataFrame({"doc_id": ids}, schema={"doc_id": pl.String}))
    try:
        return con.sql(sql).pl()
    finally:
        con.unregister("_ids")


def batch_overview(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per batch, oldest first: status, volume, yield, null rates, checks failed, anomalies."""
    held = "coalesce(b.held_back, 0)" if "held_back" in _columns(con, "batches") else "0"
    return con.sql(
        f"""
        WITH checks AS (
            SELECT batch_id, count(*) AS checks,
                   count(*) FILTER (WHERE NOT success AND severity = 'critical' AND suite <> 'anomalies')
                       AS critical_failed,
                   count(*) FILTER (WHERE NOT success AND severity <> 'critical' AND suite <> 'anomalies')
                       AS warnings_failed,
                   count(*) FILTER (WHERE NOT success AND suite = 'anomalies') AS anomalies
            FROM dq_results GROUP BY batch_id)
        SELECT b.batch_id, b.started_at, b.finished_at, b.status, b.documents, b.skipped, b.rejected,
               {held} AS held_back, b.indicators, b.extractor_version, b.reprocess,
               m.characters, m.indicators_per_1k_chars, m.null_rate_region, m.null_rate_period,
               m.null_rate_metric, m.distinct_regions,
               coalesce(c.checks, 0) AS checks, coalesce(c.critical_failed, 0) AS critical_failed,
               coalesce(c.warnings_failed, 0) AS warnings_failed, coalesce(c.anomalies, 0) AS anomalies
        FROM batches b LEFT JOIN dq_metrics m USING (batch_id) LEFT JOIN checks c USING (batch_id)
        ORDER BY b.started_at, b.batch_id
        """
    ).pl()


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


def _pages(con: duckdb.DuckDBPyConnection, settings: Settings, writer: _Writer, *, doc_ids: list[str],
           batch_ids: list[str], metric_ids: list[str]) -> Built:
    with _no_cyclic_gc():
        return _all_pages(con, settings, writer, doc_ids=doc_ids, batch_ids=batch_ids, metric_ids=metric_ids)


def _all_pages(con: duckdb.DuckDBPyConnection, settings: Settings, writer: _Writer, *, doc_ids: list[str],
               batch_ids: list[str], metric_ids: list[str]) -> Built:
    built = Built(writer.root)
    _assets(writer)
    tables = _tables(con)
    has_series = _has_series(tables)
    overview = batch_overview(con)
    for batch_id, ids in _by_batch(con, doc_ids):
        for i in range(0, len(ids), DOC_CHUNK):
            _documents(con, settings, writer, ids[i:i + DOC_CHUNK], batch_id=batch_id, tables=tables)
    built.documents = len(doc_ids)
    rejected = _rejected(con, writer, batch_ids)
    for batch_id in batch_ids:
        _batch(con, settings, writer, overview, batch_id, rejected=rejected.get(batch_id, []), tables=tables)
    _index(con, settings, writer, overview, tables=tables)
    if has_series:
        for metric_id in metric_ids:
            _metric(con, writer, metric_id)
        _metrics_index(con, writer)
        built.metrics = len(metric_ids)
    writer.asset(STAMP, json.dumps({"version": SITE_VERSION, "plotly": metadata.version("plotly"),
                                    "written_at": datetime.now(UTC).isoformat()}).encode())
    built.pages = writer.pages
    return built


def _nav(root: str, *, has_series: bool, dq_rel: str | None) -> list[tuple[str, str]]:
    out = [("Batches", f"{root}index.html")]
    if has_series:
        out.append(("Metrics", f"{root}metrics.html"))
    if dq_rel:
        out.append(("Data Docs (GX, online)", f"{root}{dq_rel}"))
    return out


def _dq_index(settings: Settings, writer: _Writer) -> str | None:
    index = settings.dq_dir / "index.html"
    return _rel(index, writer.root.parent / "site") if index.exists() else None


ARTICLE_COLS = ("article_index", "kind", "title", "author", "body")
SENTENCE_COLS = ("article_index", "sentence_index", "text")
SPAN_COLS = ("indicator_id", "article_index", "sentence_index", "span_start", "span_end", "sentence", "direction",
             "is_target")


def _by_doc(frame: pl.DataFrame | None, cols: tuple[str, ...] | None = None) -> dict[str, list]:
    """A chunk's rows per document, as Python values once (per-document frame operations cost more than the
    page): tuples of ``cols`` when given, else dicts. The frame is sorted; row order is kept."""
    out: dict[str, list] = {}
    if frame is None or frame.is_empty():
        return out
    keys = frame.get_column("doc_id").to_list()
    values = frame.select(cols).to_dicts() if cols == SPAN_COLS else frame.select(cols).rows() if cols \
        else frame.to_dicts()
    for key, value in zip(keys, values, strict=True):
        out.setdefault(key, []).append(value)
    return out


def _by_batch(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[tuple[str, list[str]]]:
    """The documents grouped by the batch that published (or held) them, oldest batch first: the content rows
    of a document carry that batch's id, and a filter on it reads only the batch's row groups (rows are
    loaded batch by batch), so a page costs the same however large the warehouse."""
    con.register("_ids", pl.DataFrame({"doc_id": doc_ids}, schema={"doc_id": pl.String}))
    try:
        return [(b, ids) for b, ids in con.execute(
            "SELECT batch_id, list(doc_id ORDER BY doc_id) FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids) "
            "GROUP BY batch_id ORDER BY min(ingested_at), batch_id").fetchall()]
    finally:
        con.unregister("_ids")


def _documents(con: duckdb.DuckDBPyConnection, settings: Settings, writer: _Writer, ids: list[str], *,
               batch_id: str, tables: set[str]) -> None:
    """The pages of documents of one batch (``batch_id``: the batch whose id their content rows carry)."""
    batch = "'" + batch_id.replace("'", "''") + "'"  # a constant, so that DuckDB skips other batches' row groups
    docs = _in(con, "SELECT * FROM documents WHERE doc_id IN (SELECT doc_id FROM _ids) ORDER BY doc_id", ids)
    arts = _by_doc(_in(con, "SELECT doc_id, article_index, kind, title, author, body FROM articles "
                            f"WHERE batch_id = {batch} AND doc_id IN (SELECT doc_id FROM _ids) "
                            "ORDER BY doc_id, article_index", ids), ARTICLE_COLS)
    # the sentences that place the rows: up to the last one with a row in each article (the search is forward)
    sents = _by_doc(_in(con, f"""
        WITH last AS (SELECT doc_id, article_index, max(sentence_index) AS upto FROM indicators
                      WHERE batch_id = {batch} AND doc_id IN (SELECT doc_id FROM _ids) GROUP BY ALL)
        SELECT s.doc_id, s.article_index, s.sentence_index, s.text
        FROM sentences s JOIN last USING (doc_id, article_index)
        WHERE s.batch_id = {batch} AND s.sentence_index <= last.upto
        ORDER BY s.doc_id, s.article_index, s.sentence_index""", ids), SENTENCE_COLS) \
        if "indicators" in tables else {}
    inds: dict[str, list] = {}
    jsons: dict[str, list[str]] = {}
    if "indicators" in tables:
        obs = "observations" in tables
        canonical = "".join(f", o.{c}" for c in pages.OBS_FIELDS) + ", o.value AS obs_value, o.unit AS obs_unit"
        frame = _in(con, f"""
            SELECT i.* EXCLUDE (source, article_title){canonical if obs else ""}
            FROM indicators i {"LEFT JOIN observations o ON o.indicator_id = i.indicator_id" if obs else ""}
            WHERE i.batch_id = {batch} AND i.doc_id IN (SELECT doc_id FROM _ids)
            ORDER BY i.doc_id, i.article_index, i.sentence_index, i.span_start, i.indicator_id""", ids)
        inds = _by_doc(frame, SPAN_COLS)
        for key, text in zip(frame.get_column("doc_id").to_list(), pages.rows_json(frame), strict=True):
            jsons.setdefault(key, []).append(text)
    held = _by_doc(_in(con, "SELECT * FROM held_back WHERE doc_id IN (SELECT doc_id FROM _ids) "
                            "ORDER BY doc_id, held_at, reason", ids)) if "held_back" in tables else {}
    quarantined = _QuarantineRows(settings.quarantine)
    root = "../../"
    nav = _nav(root, has_series=_has_series(tables), dq_rel=_dq_index(settings, writer))
    store = _rel(settings.store, writer.root.parent / "site" / "doc" / "xx")
    for doc in docs.iter_rows(named=True):
        doc = {"published_on": None, "published_on_source": None} | doc  # columns of issue 16, when there
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


class _QuarantineRows:
    """The held rows of documents, read once per quarantine folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[str, tuple[dict, dict, dict]] = {}

    def rows(self, batch_id: str, doc_id: str) -> tuple[list | None, list | None, list[str]]:
        """A held document's articles, indicator rows and their JSON (:func:`pages.rows_json`)."""
        if batch_id not in self._cache:
            arts = self._read(batch_id, "articles")
            inds = self._read(batch_id, "indicators")
            jsons: dict[str, list[str]] = {}
            if inds is not None and inds.height:
                for key, text in zip(inds.get_column("doc_id").to_list(), pages.rows_json(inds), strict=True):
                    jsons.setdefault(key, []).append(text)
            self._cache[batch_id] = (_by_doc(arts, ARTICLE_COLS), _by_doc(inds, SPAN_COLS), jsons)
        arts, inds, jsons = self._cache[batch_id]
        return arts.get(doc_id), inds.get(doc_id), jsons.get(doc_id, [])

    def _read(self, batch_id: str, table: str) -> pl.DataFrame | None:
        try:
            frame = pl.read_parquet(self.folder / batch_id / f"{table}.parquet")
        except (OSError, pl.exceptions.PolarsError):
            return None
        order = ["doc_id", "article_index"] + (["sentence_index", "span_start"] if table == "indicators" else [])
        return frame.sort(order)


def rejected_key(row: dict) -> str:
    """A stable name for a rejected file's page: the same file rejected by the same batch, the same page."""
    return hashlib.sha256(f"{row['batch_id']}\0{row['source']}".encode()).hexdigest()[:20]


def _rejected(con: duckdb.DuckDBPyConnection, writer: _Writer, batch_ids: list[str]) -> dict[str, list[dict]]:
    """A page per rejected file of the batches; returns the rows (with ``href``) per batch."""
    frame = con.sql("SELECT * FROM rejected_documents WHERE list_contains($b, batch_id) ORDER BY rejected_at, source",
                    params={"b": batch_ids}).pl()
    out: dict[str, list[dict]] = {}
    for row in frame.iter_rows(named=True):
        href = f"rejected/{rejected_key(row)}.html"
        writer.write(href, pages.render("rejected.html.j2", root="../", nav=_nav("../", has_series=False,
                                                                                  dq_rel=None),
                                        title=row["source"], row=row))
        out.setdefault(row["batch_id"], []).append(row | {"href": href})
    return out


def _batch(con: duckdb.DuckDBPyConnection, settings: Settings, writer: _Writer, overview: pl.DataFrame,
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
        "batch.html.j2", root=root, nav=_nav(root, has_series=_has_series(tables), dq_rel=_dq_index(settings, writer)),
        title=f"batch {batch_id}", b=info.row(0, named=True),
        failed=[r for r in checks.iter_rows(named=True) if not r["success"]],
        checks=checks.to_dicts(), docs=[d | {"href": root + pages.doc_href(d["doc_id"])} for d in docs.to_dicts()],
        more_docs=max(0, int(info.get_column("documents")[0] or 0) - docs.height), held=held.to_dicts(),
        rejected=rejected, gx=gx))


def _with_work(overview: pl.DataFrame) -> pl.DataFrame:
    """Batches that did something: runs that found nothing (scheduled runs, mostly) are only counted."""
    return overview.filter((pl.col("status") != "empty") | (pl.col("rejected").fill_null(0) > 0))


def _index(con: duckdb.DuckDBPyConnection, settings: Settings, writer: _Writer, overview: pl.DataFrame, *,
           tables: set[str]) -> None:
    has_series = _has_series(tables)
    work = _with_work(overview)
    empty = overview.height - work.height
    newest = work.reverse()
    pages_n = max(1, -(-newest.height // BATCHES_PER_PAGE))
    totals = _totals(con, tables)
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
            "index.html.j2", root=root, nav=_nav(root, has_series=has_series, dq_rel=dq_rel),
            title="zhibiao review", batches=rows, pager=pager, empty_runs=empty, totals=totals,
            charts=charts.trends(work, href=f"{root}batch/{{}}.html") if p == 0 else [], standalone=False))


def _batch_row(r: dict, root: str, settings: Settings, writer: _Writer) -> dict:
    here = writer.root.parent / "site" / ("" if not root else "batches")
    return r | {"href": f"{root}batch/{r['batch_id']}.html",
                "gx": [(suite, _rel(path, here)) for suite, path in gx_pages(settings.dq_dir, r["batch_id"])]}


def _totals(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict:
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM documents WHERE status = 'published'),
               (SELECT count(*) FROM documents WHERE status <> 'published'),
               (SELECT count(*) FROM rejected_documents),
               (SELECT count(*) FROM batches)
        """).fetchall()[0]
    inds = con.execute("SELECT count(*) FROM indicators").fetchall()[0][0] if "indicators" in tables else 0
    return {"published": row[0], "held_back": row[1], "rejected": row[2], "batches": row[3], "indicators": inds}


def dq_page(con: duckdb.DuckDBPyConnection, *, last: int, inline: bool = True) -> str:
    """The data-quality page of ``zhibiao dq --html``: the trends and the last batches, as one file that
    carries its own plotly.js, CSS and JS (it opens offline wherever it is written)."""
    overview = batch_overview(con)
    work = _with_work(overview)
    rows = [r | {"href": None, "gx": []} for r in work.reverse().head(last).iter_rows(named=True)]
    return pages.render(
        "index.html.j2", root="", nav=[], title="zhibiao data quality", batches=rows,
        pager={"page": 1, "pages": 1, "prev": None, "next": None}, empty_runs=overview.height - work.height,
        totals=_totals(con, _tables(con)), charts=charts.trends(work, href=""), standalone=inline,
        inline={"css": own_asset("site.css").decode(), "js": own_asset("site.js").decode(),
                "plotly": plotly_js().decode()} if inline else None)


# --- metrics (once the warehouse has observations and the series view) --------------------------------

def _metric(con: duckdb.DuckDBPyConnection, writer: _Writer, metric_id: str) -> None:
    series = con.sql("SELECT * FROM series WHERE metric_id = $m "
                     "ORDER BY region_code, measure, period_kind, is_target, period_start, period_end",
                     params={"m": metric_id}).pl()
    if series.is_empty():
        writer.write(f"metric/{metric_id}.html", pages.render(
            "metric.html.j2", root="../", nav=_nav("../", has_series=True, dq_rel=None), title=metric_id,
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
        "metric.html.j2", root=root, nav=_nav(root, has_series=True, dq_rel=None), title=metric["name"],
        metric=metric, regions=regions))


def _period(row: dict) -> str:
    start, end = row["period_start"], row["period_end"]
    span = str(start) if start == end else f"{start} – {end}"
    return f"{span} ({row['period_kind'] or 'span'}{', target' if row['is_target'] else ''})"


def _metrics_index(con: duckdb.DuckDBPyConnection, writer: _Writer) -> None:
    rows = con.sql(
        """
        SELECT metric_id, any_value(metric_name) AS metric_name, count(DISTINCT region_code) AS regions,
               count(*) AS points, count(*) FILTER (WHERE conflict) AS conflicts,
               max(period_end) AS latest
        FROM series GROUP BY metric_id ORDER BY points DESC, metric_id
        """).pl()
    writer.write("metrics.html", pages.render(
        "metrics.html.j2", root="", nav=_nav("", has_series=True, dq_rel=None), title="metrics",
        metrics=rows.to_dicts()))
