"""The review site built from small warehouses: every page, every indicator marked once, incremental updates,
metric pages once ``series`` exists, nothing loaded from another host. (The seed run in real Chromium:
``test_site_browser.py``.)"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from flows import site
from flows.cli import app
from flows.settings import resolve
from flows.site import builder as site_build
from flows.site.pages import doc_href
from tests.flows import sitedata
from tests.flows.sitedata import Doc, Ind, add_observations, connect, indicator_id, load, marks

GROWTH = "广东4月份规模以上工业增加值同比增长6.5%。"
A = Doc("a.txt", [
    [[GROWTH, GROWTH],  # the same sentence twice, each with its own row
     ["三地各增长5%，", "到2027年达到87%，", "出口下降3.2%。"]],
    [["图片说明，无数字。"]],
], [
    Ind(0, 0, "6.5%", metric="规模以上工业增加值"), Ind(0, 1, "6.5%", metric="规模以上工业增加值"),
    Ind(0, 2, "5%", metric="增加值", region="北京", value=5),
    Ind(0, 2, "5%", metric="增加值", region="天津", value=5),  # two rows on one figure
    Ind(0, 3, "87%", metric="普及率", value=87, direction=None, is_target=True, period="2027", basis=None),
    Ind(0, 4, "3.2%", metric="出口", value=3.2, direction="down"),
], published_on=date(2024, 5, 16))
B = Doc("b.txt", [[["广东4月份规模以上工业增加值增长6.8%。"]]],
        [Ind(0, 0, "6.8%", metric="规模以上工业增加值", value=6.8)], published_on=date(2024, 5, 20))
HELD = Doc("held.txt", [[["某县一季度企业达到126家。"]]],
           [Ind(0, 0, "126家", metric="企业", value=-126, unit="家", direction=None)])
LATER = Doc("later.txt", [[["广东5月份规模以上工业增加值同比增长7.1%。"]]],
            [Ind(0, 0, "7.1%", metric="规模以上工业增加值", period="5月份", value=7.1)], published_on=date(2024, 6, 15))
B1, B2 = "20240520T080000Z-aaaaaa", "20240615T080000Z-bbbbbb"


@pytest.fixture
def data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    load(data, [A, B, HELD], batch_id=B1, held={"held.txt": "indicators._count_nonnegative"},
         rejected=[("junk.bin", "unsupported file type .bin")], failed_checks=1)
    return data


def _page(data, doc: Doc) -> str:
    return (data / "site" / doc_href(doc.doc_id)).read_text("utf-8")


def test_build_writes_every_page(data):
    built = site.build(resolve(data_dir=data))
    root = data / "site"
    assert built.full and built.documents == 3 and built.metrics == 0
    for rel in ("index.html", f"batch/{B1}.html", "static/plotly.min.js", "static/site.css", "static/site.js",
                *(doc_href(d.doc_id) for d in (A, B, HELD))):
        assert (root / rel).is_file(), rel
    assert len(list((root / "rejected").glob("*.html"))) == 1
    assert not (root / "metrics.html").exists()  # no series yet: no metric pages, no link to them
    index = (root / "index.html").read_text("utf-8")
    assert f'href="batch/{B1}.html"' in index and "metrics.html" not in index
    assert 'id="chart-yield"' in index and 'id="chart-checks"' in index


def test_every_indicator_is_marked_once_where_it_stands(data):
    site.build(resolve(data_dir=data))
    page = _page(data, A)
    found = marks(page)
    assert Counter(k for k, _ in found) == Counter(indicator_id(A, k) for k in range(len(A.indicators)))
    assert dict(found)[indicator_id(A, 4)] == "87%"
    # the two identical sentences: the first row in the first, the second in the second
    assert [k for k, _ in found[:2]] == [indicator_id(A, 0), indicator_id(A, 1)]
    first = page.index(f'data-indicator-id="{indicator_id(A, 0)}"')
    second = page.index(f'data-indicator-id="{indicator_id(A, 1)}"')
    assert page.count("同比增长", first, second) == 1
    # two rows on one figure: nested, both present
    assert dict(found)[indicator_id(A, 2)] == dict(found)[indicator_id(A, 3)] == "5%"
    for k, cls in ((0, "k-up"), (4, "k-target"), (5, "k-down")):
        assert re.search(rf'class="zb {cls}" id="i-{indicator_id(A, k)}"', page)


def test_held_back_and_rejected_pages_say_why(data):
    site.build(resolve(data_dir=data))
    held = _page(data, HELD)
    assert "indicators._count_nonnegative" in held and "zhibiao quarantine release" in held
    # its text and rows come from the quarantine folder, the failing row outlined
    assert [k for k, _ in marks(held)] == [indicator_id(HELD, 0)]
    assert "zb k-level failing" in held
    (rejected,) = (data / "site" / "rejected").glob("*.html")
    assert "unsupported file type .bin" in rejected.read_text("utf-8")
    batch = (data / "site" / "batch" / f"{B1}.html").read_text("utf-8")
    assert "junk.bin" in batch and "held.txt" in batch and "Failed checks" in batch


def test_an_update_writes_the_new_batch_and_leaves_the_rest(data):
    settings = resolve(data_dir=data)
    site.build(settings)
    old = data / "site" / doc_href(A.doc_id)
    before = old.stat().st_mtime_ns
    load(data, [LATER], batch_id=B2, at=datetime(2024, 6, 15, 8, tzinfo=UTC))
    built = site.update(settings, batch_ids=[B2])
    assert not built.full and built.documents == 1
    assert (data / "site" / doc_href(LATER.doc_id)).is_file()
    assert (data / "site" / "batch" / f"{B2}.html").is_file()
    assert old.stat().st_mtime_ns == before
    assert B2 in (data / "site" / "index.html").read_text("utf-8")


def test_an_update_of_a_missing_or_older_site_builds_it_whole(data):
    settings = resolve(data_dir=data)
    assert site.update(settings, batch_ids=[B1]).full  # no site yet
    (data / "site" / site_build.STAMP).write_text('{"version": 0}')
    assert site.update(settings, batch_ids=[B1]).full
    assert not site.update(settings, batch_ids=[B1]).full


def test_metric_pages_once_the_warehouse_has_series(data):
    add_observations(data, {d.doc_id: d.published_on for d in (A, B, HELD)})
    built = site.build(resolve(data_dir=data))
    assert built.metrics >= 1
    root = data / "site"
    metrics = (root / "metrics.html").read_text("utf-8")
    assert 'href="metric/industrial_value_added.html"' in metrics
    page = (root / "metric" / "industrial_value_added.html").read_text("utf-8")
    assert "广东省" in page and '"name":"conflict"' in page  # A says 6.5, B says 6.8 for April
    for doc, rows in ((A, (0, 1)), (B, (0,))):  # each point links to the documents that state it, at a row
        assert any(f'{doc_href(doc.doc_id)}#i-{indicator_id(doc, k)}' in page for k in rows)
    doc_page = _page(data, A)
    assert '"metric_id":"industrial_value_added"' in doc_page and '"region_code":"440000"' in doc_page
    assert "2024-05-16" in doc_page  # published_on
    assert 'href="../../metrics.html"' in doc_page


def test_a_month_only_date_is_shown_as_its_month(data):
    add_observations(data, {d.doc_id: d.published_on for d in (A, B, HELD)})
    con = connect(data)
    try:
        con.execute("UPDATE documents SET published_on_source = 'text', published_on_precision = CASE "
                    "WHEN doc_id = ? THEN 'month' ELSE 'day' END WHERE published_on IS NOT NULL", [A.doc_id])
    finally:
        con.close()
    site.build(resolve(data_dir=data))
    month, day = _page(data, A), _page(data, B)
    assert "2024-05 <span class=\"muted\">(the month only)</span>" in month and "2024-05-16" not in month
    assert "2024-05-20" in day and "the month only" not in day


def test_an_update_rewrites_the_metrics_its_documents_state(data):
    settings = resolve(data_dir=data)
    add_observations(data, {d.doc_id: d.published_on for d in (A, B, HELD)})
    site.build(settings)
    load(data, [LATER], batch_id=B2, at=datetime(2024, 6, 15, 8, tzinfo=UTC))
    add_observations(data, {d.doc_id: d.published_on for d in (A, B, HELD, LATER)})
    built = site.update(settings, batch_ids=[B2])
    assert built.metrics == 1
    page = (data / "site" / "metric" / "industrial_value_added.html").read_text("utf-8")
    assert doc_href(LATER.doc_id) in page


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)|url\(\s*["']?(?:https?:|//)|@import""", re.I)


def test_no_page_refers_to_another_host(data):
    add_observations(data, {d.doc_id: d.published_on for d in (A, B, HELD)})
    site.build(resolve(data_dir=data))
    root = data / "site"
    pages = [*root.rglob("*.html"), root / "static" / "site.css", root / "static" / "site.js"]
    assert len(pages) > 6
    for path in pages:
        assert not EXTERNAL.search(path.read_text("utf-8")), path


def test_dq_html_is_one_file_that_carries_its_scripts(data, tmp_path):
    out = tmp_path / "dq.html"
    result = CliRunner().invoke(app, ["dq", "--data-dir", str(data), "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "plotly.js v" in page and B1 in page and 'id="chart-nulls"' in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", page)


def test_zhibiao_site_rebuilds_and_needs_a_warehouse(data, tmp_path):
    result = CliRunner().invoke(app, ["site", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "built" in result.output and (data / "site" / "index.html").is_file()
    result = CliRunner().invoke(app, ["site", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no warehouse" in result.output


def test_a_failing_site_build_never_fails_the_run(data, monkeypatch, caplog):
    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(site_build, "update", broken)
    assert site.refresh(resolve(data_dir=data), batch_ids=[B1]) is None
    assert "review site not updated" in caplog.text


def test_the_site_reads_the_warehouse_read_only(data):
    """A reader holding the warehouse (a read-only analyst session) does not stop a build."""
    reader = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        assert site.build(resolve(data_dir=data)).documents == 3
    finally:
        reader.close()


def test_a_warehouse_with_only_rejected_files(tmp_path):
    """The first run found only files it could not read: no content table exists yet."""
    data = tmp_path / "data"
    data.mkdir()
    con = sitedata.connect(data)
    at = datetime(2024, 5, 20, tzinfo=UTC)
    try:
        sitedata.insert(con, "batches", pl.DataFrame([{
            "batch_id": B1, "started_at": at, "finished_at": at, "status": "empty", "inbox": "in", "documents": 0,
            "skipped": 0, "rejected": 1, "indicators": 0, "extractor_version": "test", "ingest_date": at.date(),
            "reprocess": False, "published_at": None, "held_back": 0}]))
        sitedata.insert(con, "rejected_documents", pl.DataFrame([{
            "source": "empty.txt", "reason": "empty file", "batch_id": B1, "byte_size": 0, "rejected_at": at}]))
    finally:
        con.close()
    built = site.build(resolve(data_dir=data))
    assert built.documents == 0
    index = (data / "site" / "index.html").read_text("utf-8")
    assert B1 in index and "1</b> files rejected" in index
    assert "empty file" in (data / "site" / "batch" / f"{B1}.html").read_text("utf-8")


def _tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name != site_build.STAMP}


@pytest.mark.parametrize(("chunk", "ahead"), [(2, 1), (400, 5)], ids=["parts-of-one-doc", "one-chunk"])
def test_pages_the_workers_render_are_the_pages_rendered_here(data, monkeypatch, chunk, ahead):
    """At a run's end the pool's workers render document pages beside the flow (``offload``): in other
    processes, from the rows the flow read; the site is the same, byte for byte."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    settings = resolve(data_dir=data)
    site.build(settings)
    here = _tree(data / "site")
    monkeypatch.setattr(site_build, "DOC_CHUNK", chunk)
    monkeypatch.setattr(site_build, "SHARED_AHEAD", ahead)
    offered = []
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        def offload(fn, *args):
            offered.append(len(args[-1].docs))
            return pool.submit(fn, *args)

        built = site.build(settings, offload=offload)
    assert offered and sum(offered) <= 3
    assert _tree(data / "site") == here
    assert built.pages == len([k for k in here if k.endswith(".html")])


def test_a_chunks_rows_split_into_runs_of_its_documents(data):
    settings = resolve(data_dir=data)
    with site_build.reading(settings) as con:
        tables = site_build.table_names(con)
        ids = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall()]
        rows = site_build._chunk_rows(con, ids, batch_id=B1, tables=tables)
    parts = rows.split(2)
    assert [p.docs.get_column("doc_id").to_list() for p in parts] == [ids[:2], ids[2:]]
    for name in ("docs", "articles", "sentences", "indicators", "held"):
        whole = getattr(rows, name)
        assert pl.concat([getattr(p, name) for p in parts]).equals(whole), name
    assert rows.split(1)[0].docs.equals(rows.docs)
