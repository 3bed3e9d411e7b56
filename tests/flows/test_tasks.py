"""The reading tasks (read files, decode documents, read stored documents) over every input kind, through
a run: GB18030 and UTF-16 text, a web page with site chrome, a two-column PDF page, and files that must be
rejected with a reason; an fsspec inbox with a glob.
"""

from __future__ import annotations

import uuid

import fsspec
import pytest

from tests import pdfpages
from tests.conftest import run, warehouse_rows
from tests.transforms.test_html import site_page

pytestmark = pytest.mark.usefixtures("prefect_harness")

GB_TEXT = ("涪陵区经济运行情况\n上半年，涪陵区实现地区生产总值850亿元，同比增长7.2%。\n"
           "全区规模以上工业增加值增长9.1%。\n")
UTF16_TEXT = "两江新区产业发展\n今年以来，两江新区新能源汽车产量达到11.3万辆，增长35%。\n新区固定资产投资增长6.8%。\n"
PDF_PARAGRAPHS = [
    "今年以来，重庆扎实推进数字重庆建设，大力发展数字经济，持续促进数字经济和实体经济深度融合。",
    "上半年，重庆数字经济核心产业增加值达到1200亿元，同比增长12.5%，占地区生产总值比重提高到8%。",
    "全市累计建成5G基站8.5万个，每万人拥有5G基站数达到26个。规模以上电子信息制造业产值增长9.6%。",
    "到2027年，重庆数字经济增加值将达到1.5万亿元，建成具有全国影响力的数字经济创新发展高地。",
] * 3
MAX_BYTES = 200_000


@pytest.fixture(scope="module")
def done_when(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    inbox = root / "inbox"
    (inbox / "bulletins").mkdir(parents=True)
    (inbox / "bulletins" / "fuling-gb18030.txt").write_bytes(GB_TEXT.encode("gb18030"))
    (inbox / "liangjiang-utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))
    (inbox / "tjj-page.html").write_bytes(site_page("gbk").encode("gbk"))
    (inbox / "page-02.pdf").write_bytes(pdfpages.newspaper("重庆数字经济引领创新发展", PDF_PARAGRAPHS, columns=2).pdf)
    (inbox / "scan.pdf").write_bytes(pdfpages.blank_page())
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (inbox / "junk.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (inbox / "nav-only.html").write_bytes(b"<html><body><div class='nav'><a>home</a></div></body></html>")
    (inbox / "huge.txt").write_bytes(("增长" * (MAX_BYTES // 4 + 10)).encode())
    data = root / "data"
    summary = run(inbox, data, max_bytes=MAX_BYTES)
    return inbox, data, summary


GOOD = {"bulletins/fuling-gb18030.txt": ("txt", "gb18030"), "liangjiang-utf16.txt": ("txt", "utf-16"),
        "tjj-page.html": ("html", "gb18030"), "page-02.pdf": ("pdf", "pdf")}
REJECTED = {"scan.pdf": "no text layer; OCR is not supported", "empty.txt": "empty file", "junk.txt": "binary",
            "junk.pdf": "unreadable pdf", "nav-only.html": "without article text", "huge.txt": "file too large"}


def test_every_kind_is_ingested_with_its_format_and_encoding(done_when):
    _, data, summary = done_when
    assert summary["status"] == "published", summary
    rows = warehouse_rows(data, "SELECT source, format, encoding FROM documents")
    assert {s: (f, e) for s, f, e in rows} == GOOD


def test_indicators_come_from_each_document(done_when):
    _, data, _ = done_when
    per_source = dict(warehouse_rows(data, "SELECT source, count(*) FROM indicators GROUP BY source"))
    assert set(per_source) == set(GOOD), per_source
    values = {(s, v, u) for s, v, u in warehouse_rows(data, "SELECT source, value, unit FROM indicators")}
    assert ("bulletins/fuling-gb18030.txt", 850.0, "亿元") in values
    assert ("liangjiang-utf16.txt", 11.3, "万辆") in values
    assert ("tjj-page.html", 23.5, "万辆") in values
    assert ("page-02.pdf", 1200.0, "亿元") in values


def test_html_title_and_pdf_headline_become_article_titles(done_when):
    _, data, _ = done_when
    titles = dict(warehouse_rows(data, "SELECT source, title FROM articles WHERE article_index = 0"))
    assert titles["tjj-page.html"] == "重庆上半年地区生产总值增长6.1%"
    assert titles["page-02.pdf"] == "重庆数字经济引领创新发展"
    bodies = " ".join(b for (b,) in warehouse_rows(data, "SELECT body FROM articles WHERE source = 'tjj-page.html'"))
    assert "ICP" not in bodies and "分享到" not in bodies and "首页" not in bodies


def test_rejects_have_reasons_and_nothing_disappears(done_when):
    inbox, data, summary = done_when
    rejected = dict(warehouse_rows(data, "SELECT source, reason FROM rejected_documents"))
    assert set(rejected) == set(REJECTED)
    for source, reason in REJECTED.items():
        assert reason in rejected[source], (source, rejected[source])
    found = {p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()}
    assert found == set(GOOD) | set(rejected)
    assert summary["new"] == len(GOOD) and summary["rejected"] == len(REJECTED)


def test_reprocess_reads_stored_html_and_pdf_again(done_when):
    inbox, data, _ = done_when
    before = warehouse_rows(data, "SELECT source, count(*) FROM indicators GROUP BY source ORDER BY source")
    redo = run(inbox, data, reprocess=True, max_bytes=MAX_BYTES)
    assert redo["status"] == "published"
    assert warehouse_rows(data, "SELECT source, count(*) FROM indicators GROUP BY source ORDER BY source") == before


def test_memory_inbox_with_glob(tmp_path):
    root = f"/inbox-{uuid.uuid4().hex[:8]}"
    fs = fsspec.filesystem("memory")
    fs.pipe(f"{root}/2024/fuling.txt", GB_TEXT.encode("gb18030"))
    fs.pipe(f"{root}/2024/skip.md", b"# not matched by the glob")
    try:
        summary = run(f"memory://{root.lstrip('/')}", tmp_path / "data", glob="*.txt")
    finally:
        fs.rm(root, recursive=True)
    assert summary["status"] == "published" and summary["new"] == 1 and summary["rejected"] == 0
    assert warehouse_rows(tmp_path / "data", "SELECT source FROM documents") == [(f"memory:/{root}/2024/fuling.txt",)]
