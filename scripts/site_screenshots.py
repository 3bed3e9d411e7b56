"""Screenshots of the review site for the README, taken with the headless Chromium of the browser test.

``uv run python -m scripts.site_screenshots [--data-dir data] [--out docs/img]``

Takes the site of a data dir (after ``uv run zhibiao run``; built first when missing) and writes
``site-index.png`` (the index: trends and batches) and ``site-document.png`` (the document with the most
indicator rows, the details of one shown as on hover). Chinese text needs a CJK font in the system
(Debian: ``apt-get install fonts-noto-cjk``); the pages themselves load no font from anywhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from flows import site
from flows.settings import resolve
from flows.site.pages import doc_href
from scripts import browser


def richest_document(warehouse: Path) -> str:
    """The doc_id of the published document with the most indicator rows."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "SELECT doc_id FROM indicators GROUP BY doc_id ORDER BY count(*) DESC, doc_id LIMIT 1").fetchall()[0][0]
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=None, help="data dir (default: ZHIBIAO_DATA_DIR or data/)")
    ap.add_argument("--out", type=Path, default=Path("docs/img"), help="folder of the PNGs (default docs/img)")
    args = ap.parse_args()
    why = browser.missing()
    if why:
        print(f"site_screenshots: {why}", file=sys.stderr)
        return 2
    settings = resolve(data_dir=args.data_dir)
    root = site.site_dir(settings)
    if not (root / "index.html").exists():
        print(site.build(settings))
    doc = richest_document(settings.warehouse)
    args.out.mkdir(parents=True, exist_ok=True)
    with browser.session(width=1280, height=860) as s:
        page = s.page
        s.open(root / "index.html")
        page.wait_for_function("document.querySelectorAll('figure.chart[data-ready=\"1\"]').length >= 4",
                               timeout=20_000)
        page.screenshot(path=str(args.out / "site-index.png"))

        s.open(root / doc_href(doc))
        marks = page.locator("mark[data-indicator-id]")
        target = marks.nth(min(8, marks.count() - 1))
        target.evaluate("m => window.scrollTo(0, m.getBoundingClientRect().top + window.scrollY - 300)")
        target.click()  # pinned: the details stay while the shot is taken
        page.mouse.move(0, 0)
        page.screenshot(path=str(args.out / "site-document.png"))
        if s.elsewhere:
            print(f"site_screenshots: requests for another host: {s.elsewhere}", file=sys.stderr)
            return 1
    for name in ("site-index.png", "site-document.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
