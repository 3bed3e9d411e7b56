"""The review site of a real run on the seeds, read in headless Chromium (Debian's ``chromium``).

One flow run (the seed page, a document a broken rule gets held back, a file that is rejected) builds the
site; the warehouse then gets issue 16's ``observations`` and ``series`` and ``zhibiao site`` rebuilds it.
One browser session reads the pages and asserts on the rendered DOM: the charts are drawn, every indicator
of the seed page is highlighted exactly once, hovering and clicking show the row's fields, and no request
left for another host. Without Chromium the browser test is skipped; the run's own checks still run.
"""

from __future__ import annotations

import shutil

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.site.pages import doc_href
from scripts import browser
from tests.conftest import SEEDS, warehouse_rows
from tests.conftest import run as one_run
from tests.flows.sitedata import marks

pytestmark = pytest.mark.usefixtures("prefect_harness")

SEED_ROWS = 56  # the seed page's indicator rows (README: extraction, seed page)
BULLETIN = ("某县统计局发布经济运行情况\n"
            "今年一季度，全县地区生产总值完成58.6亿元，同比增长6.2%。全县规模以上工业企业达到126家。\n")


SEED_SOURCE = f"2023-08-20_{next(SEEDS.glob('*.txt')).name}"  # dated by its file name: its series get dates


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run (which writes observations and the series view itself); what its site said; a full rebuild."""
    from transforms import extract

    root = tmp_path_factory.mktemp("site")
    inbox, data = root / "inbox", root / "data"
    inbox.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), inbox / SEED_SOURCE)
    (inbox / "bulletin.txt").write_text(BULLETIN, encoding="utf-8")
    (inbox / "junk.txt").write_bytes(bytes(range(256)) * 8)
    real = extract.indicators

    def negative_counts(sents, published=None):  # a rule bug in one document: the check of counts holds it back
        frame = real(sents, published)
        bad = (pl.col("source") == "bulletin.txt") & (pl.col("unit_norm") == "家")
        return frame.with_columns(value_norm=pl.when(bad).then(-pl.col("value_norm")).otherwise("value_norm"))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract, "indicators", negative_counts)
        summary = one_run(inbox, data)
    docs = dict(warehouse_rows(data, "SELECT source, doc_id FROM documents"))
    seed = docs[SEED_SOURCE]
    as_run = (data / "site" / doc_href(seed)).read_text("utf-8")
    rebuilt = CliRunner().invoke(app, ["site", "--data-dir", str(data)])
    assert rebuilt.exit_code == 0, rebuilt.output
    return {"summary": summary, "data": data, "docs": docs, "seed": seed, "as_run": as_run}


def test_the_run_builds_the_site(run):
    data, seed = run["data"], run["seed"]
    assert run["summary"]["status"] == "published" and run["summary"]["held_back"] == 1
    assert run["summary"]["outputs"]["site"] == str(data / "site" / "index.html")
    rows = {r[0] for r in warehouse_rows(data, f"SELECT indicator_id FROM indicators WHERE doc_id = '{seed}'")}
    found = [k for k, _ in marks(run["as_run"])]
    assert len(rows) == SEED_ROWS and len(found) == SEED_ROWS and set(found) == rows
    held = (data / "site" / doc_href(run["docs"]["bulletin.txt"])).read_text("utf-8")
    assert "indicators._count_nonnegative" in held
    rejected = [p.read_text("utf-8") for p in (data / "site" / "rejected").glob("*.html")]
    assert len(rejected) == 1 and "junk.txt" in rejected[0]
    assert (data / "site" / "metrics.html").is_file()


CHART_DRAWN = """(fig) => ({ready: fig.dataset.ready === '1', svg: fig.querySelectorAll('.main-svg').length,
    traces: fig.querySelectorAll('g.trace').length, points: fig.querySelectorAll('path.point').length})"""
MARKS = """() => Array.from(document.querySelectorAll('[data-indicator-id]')).map(m => {
    const r = m.getBoundingClientRect(), s = getComputedStyle(m);
    return {id: m.dataset.indicatorId, text: m.textContent, w: r.width, bg: s.backgroundColor, tag: m.tagName}; })"""
CARD = """() => { const c = document.getElementById('card');
    const fields = Array.from(c.querySelectorAll('dd[data-field]')).map(d => [d.dataset.field, d.textContent]);
    return {hidden: c.hidden, for: c.dataset.for, fields: Object.fromEntries(fields)}; }"""


def _charts_drawn(page, expected: int) -> list[dict]:
    page.wait_for_function(f"document.querySelectorAll('figure.chart[data-ready=\"1\"]').length >= {expected}",
                           timeout=20_000)
    return [page.evaluate(CHART_DRAWN, fig) for fig in page.query_selector_all("figure.chart")]


def test_the_site_in_chromium(run):
    why = browser.missing()
    if why:
        pytest.skip(why)
    data, seed = run["data"], run["seed"]
    site = data / "site"
    expected = {r[0]: r[1:] for r in warehouse_rows(
        data, f"SELECT indicator_id, metric, region, period FROM indicators WHERE doc_id = '{seed}'")}
    with browser.session() as s:
        page = s.page
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))

        # the index: four trend charts, drawn by plotly.js from static/
        s.open(site / "index.html")
        charts = _charts_drawn(page, 4)
        assert len(charts) == 4
        assert all(c["ready"] and c["svg"] >= 1 and c["traces"] >= 1 for c in charts), charts
        assert page.locator("#batches tbody tr").count() >= 1

        # the seed page: every indicator highlighted exactly once, visibly
        s.open(site / doc_href(seed))
        found = page.evaluate(MARKS)
        ids = [m["id"] for m in found]
        assert len(ids) == len(set(ids)) == SEED_ROWS and set(ids) == set(expected)
        assert all(m["tag"] == "MARK" and m["w"] > 0 and m["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")
                   and m["text"] for m in found)
        assert len({m["bg"] for m in found}) >= 3  # level, growth up and down, target (the seed has all four)

        # hover: the row's fields; click: pinned, with the observation's canonical fields
        first = ids[0]
        page.hover(f'mark[data-indicator-id="{first}"]')
        card = page.evaluate(CARD)
        assert not card["hidden"] and card["for"] == first
        metric, region, period = expected[first]
        assert card["fields"]["metric"] == metric and card["fields"]["region"] == (region or "")
        assert card["fields"]["period"] == (period or "")
        for name in ("written", "normalised", "qualifier", "basis", "target", "metric_id", "region_code", "dates"):
            assert name in card["fields"], name
        other = ids[len(ids) // 2]
        page.click(f'mark[data-indicator-id="{other}"]')
        page.mouse.move(0, 0)
        card = page.evaluate(CARD)
        assert not card["hidden"] and card["for"] == other  # pinned: stays when the pointer leaves
        assert page.locator("#rows-table tbody tr").count() == SEED_ROWS

        # the filter: one region
        option = page.eval_on_selector("#f-region optgroup option", "o => o.value")
        page.select_option("#f-region", option)
        hits = page.locator("mark.zb.hit").count()
        assert 0 < hits < SEED_ROWS
        assert page.locator("#f-count").text_content() == f"{hits} of {SEED_ROWS} indicators"

        # a held-back document: the reason, and its held rows marked
        s.open(site / doc_href(run["docs"]["bulletin.txt"]))
        assert "indicators._count_nonnegative" in page.text_content("section.held")
        assert page.locator("mark[data-indicator-id]").count() >= 1

        # a metric page: a chart per region, a point links to a document of the seed
        s.open(site / "metrics.html")
        page.click("#metrics tbody tr a")
        drawn = _charts_drawn(page, 1)
        assert drawn and drawn[0]["points"] >= 1
        assert page.locator(f'table.points a[href*="{seed}"]').count() >= 1

        assert not errors, errors
        assert s.requests and all(u.startswith("file:") for u in s.requests)
        assert s.elsewhere == []
