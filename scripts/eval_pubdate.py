"""Measure ``transforms.pubdate.from_text`` on the web-content dataset (69 real pages with hand-copied
publication dates, read from ``../shared/real-inputs/web-content-dataset``).

    uv run python -m scripts.eval_pubdate [--show]

Pages whose ``date/<id>.txt`` holds a date are the pages "that show a date"; a gold date with only a
year and month (``1998-3``) is compared at that precision. Three texts of each page are read:

- ``cleaned``: the dataset's hand-cleaned main content (its title, date and author lines were removed
  by the people who made it, so this says what the body alone gives);
- ``page``: the visible text of the saved page (tags, scripts and styles removed): the date a page shows
  near its title, as a reader sees it;
- ``article``: what the pipeline decodes a page to (``transforms.decode.document``: trafilatura's main
  text, title first);
- ``pipeline``: the date a run records (``documents.published_on``): the page's metadata and the date it
  shows near its title, else the article text, else the file name (``pubdate.choose``).

For each: right, wrong (a date other than the gold one), none; accuracy = right / pages with a date.
"""

from __future__ import annotations

import argparse
import html as html_lib
import itertools
import re
import sys
from datetime import date

from scripts.devtools import ROOT
from transforms import decode, pubdate

DATASET = ROOT.parent / "shared" / "real-inputs" / "web-content-dataset"
RE_GOLD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
RE_HIDDEN = re.compile(r"<(script|style|noscript)[^>]*>.*?</\1>", re.S | re.I)
RE_TAG = re.compile(r"<[^>]+>")


def gold(page_id: str) -> tuple[int, ...] | None:
    """(year, month[, day]) of the hand-copied date; None for UNKNOWN, blank, a bare year or not a date."""
    m = RE_GOLD.match((DATASET / "date" / f"{page_id}.txt").read_text("utf-8", errors="replace").strip())
    if not m or not m.group(2):
        return None
    return tuple(int(g) for g in m.groups() if g)


def same(found: date | None, want: tuple[int, ...]) -> bool:
    return found is not None and (found.year, found.month, found.day)[:len(want)] == want


def page_text(raw: bytes) -> str:
    try:
        markup = decode.text(raw).text
    except decode.Undecodable:
        return ""
    text = RE_TAG.sub("\n", RE_HIDDEN.sub(" ", markup))
    return "\n".join(ln.strip() for ln in html_lib.unescape(text).splitlines() if ln.strip())


def article_text(raw: bytes) -> str:
    try:
        return decode.document(raw, format="html").text
    except decode.Undecodable:
        return ""


def chain(raw: bytes, name: str) -> date | None:
    """The date the pipeline records for a page: the page's own metadata (``decode.document``: meta tags, the
    date shown near the title), else its article text, else its file name (``pubdate.choose``)."""
    try:
        got = decode.document(raw, format="html")
    except decode.Undecodable:
        return pubdate.choose(metadata=None, text="", file_name=name)[0]
    return pubdate.choose(metadata=got.published_on, text=got.text, file_name=name)[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every page's gold and found dates")
    args = ap.parse_args(argv)
    if not DATASET.exists():
        print(f"no dataset at {DATASET}", file=sys.stderr)
        return 2
    ids = sorted(p.stem for p in (DATASET / "date").glob("*.txt"))
    readers = {
        "cleaned": lambda i: (DATASET / "cleaned" / f"{i}.txt").read_text("utf-8", errors="replace"),
        "page": lambda i: page_text((DATASET / "original" / f"{i}.html").read_bytes()),
        "article": lambda i: article_text((DATASET / "original" / f"{i}.html").read_bytes()),
    }
    chained = {"pipeline": lambda i: chain((DATASET / "original" / f"{i}.html").read_bytes(), f"{i}.html")}
    with_date = [(i, g) for i in ids if (g := gold(i)) is not None]
    # pages whose visible text holds the gold date somewhere (in any of the forms pubdate reads)
    shown = {i for i, g in with_date if any(same(d, g) for _, d in pubdate.dates(readers["page"](i)))}
    print(f"{len(ids)} pages, {len(with_date)} with a known date (year and month at least), "
          f"{len(shown)} of them show it in their visible text")
    print(f"{'text':<8} {'pages':<6} {'right':>5} {'wrong':>5} {'none':>5} {'accuracy':>9} {'precision':>10}")
    finders = {name: (lambda i, read=read: pubdate.from_text(read(i))) for name, read in readers.items()}
    finders |= chained
    for (name, find), (subset, pages) in itertools.product(finders.items(), (
            ("known", with_date), ("shown", [(i, g) for i, g in with_date if i in shown]))):
        right = wrong = none = 0
        for i, want in pages:
            found = find(i)
            if found is None:
                none += 1
            elif same(found, want):
                right += 1
            else:
                wrong += 1
            if args.show and subset == "known":
                print(f"  {name:<8} {i[:8]} gold={'-'.join(map(str, want)):<10} found={found}")
        n = max(len(pages), 1)
        print(f"{name:<8} {subset:<6} {right:>5} {wrong:>5} {none:>5} {right / n:>9.3f} "
              f"{right / max(right + wrong, 1):>10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
