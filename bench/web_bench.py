"""Benchmark web-page reading on real pages: content character F1, title, date and author, beside bare trafilatura.

``uv run python bench/web_bench.py [--dataset ../shared/real-inputs/web-content-dataset] [--pages]``

The dataset (69 real Chinese pages with their main content, publication date and author copied by a
person) is read from ``../shared``; nothing of it is copied into the project. Scores:

* content: character F1 between the page's body and the hand-copied content, whitespace removed,
  characters counted as a multiset (order-free, so a kept menu costs precision and a lost paragraph
  recall); mean over pages, the lowest page, and how many pages fall under 0.6;
* date: the date a run records for the page (``documents.published_on``: the page's metadata and the
  date shown near its title, else its text, ``pubdate.choose``; a month-only date, a magazine's
  ``1998年3月号``, as the month's first day); right when every field the gold date gives (year, month,
  day) equals ours; over the pages whose gold names a date (``UNKNOWN`` pages count only as false dates
  when we give one);
* author: right when our set of names equals the gold's (names split at spaces and ``、``,
  parenthesised Latin names ignored); over the pages whose gold names an author;
* title: the dataset has no gold title, so the bench reports how often a title is found and how
  often it lies inside the page's own ``<title>`` (or its crawler record's title).

``bare trafilatura`` is ``trafilatura.extract(bytes)`` with its defaults for the content and
``bare_extraction(with_metadata=True)`` for date and author.

``--magic-html BASE_JSON`` also scores the pages of ``../shared/real-inputs/html`` that come from
opendatalab/magic-html's article benchmark (``../shared/real-inputs/SOURCES.md`` names each one's file in
that repository) against the benchmark's own gold content, its ``benchmark/data/article/base.json`` (hash →
``{"url", "content"}``; not shipped here: pass a copy, or one holding only those pages' entries). Same content
F1; the benchmark's gold keeps credit lines (``(责编：…)``, ``关键字：``) the reader drops.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms import decode, html, html_meta, pubdate

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT.parent / "shared" / "real-inputs" / "web-content-dataset"
RE_GOLD_DATE = re.compile(r"^((?:19|20)\d\d)(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def char_f1(pred: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the characters of two texts, whitespace removed, as multisets.

    >>> char_f1("甲乙 丙", "甲乙丁")
    (0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
    """
    p, g = Counter("".join(pred.split())), Counter("".join(gold.split()))
    common = sum((p & g).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def gold_date(text: str) -> tuple[int, ...] | None:
    """The fields a gold date gives: ``2005-5-7 21:23:57`` → (2005, 5, 7); ``1998-3`` → (1998, 3)."""
    m = RE_GOLD_DATE.match(text.strip())
    return tuple(int(x) for x in m.groups() if x) if m else None


def date_right(got, gold: tuple[int, ...]) -> bool:
    return got is not None and (got.year, got.month, got.day)[: len(gold)] == gold


def name_set(text: str | None) -> set[str]:
    if not text or text.strip() in ("UNKNOWN", "UNKNWON"):
        return set()
    return {n for n in re.split(r"[\s、，,]+", re.sub(r"\([^)]*\)", " ", text)) if n}


def pages(dataset: Path) -> list[dict]:
    out = []
    for f in sorted((dataset / "original").glob("*.html")):
        gold = {sub: (dataset / sub / f"{f.stem}.txt").read_text("utf-8", errors="replace")
                for sub in ("cleaned", "date", "author")}
        out.append({"id": f.stem, "data": f.read_bytes(), "content": gold["cleaned"],
                    "date": gold_date(gold["date"]), "author": name_set(gold["author"])})
    return out


def page_title(data: bytes) -> str:
    """The page's own ``<title>`` and its crawler record's title, for the title check."""
    try:
        markup = html.decoded(data).text
    except decode.Undecodable:
        return ""
    markup, record = html.unwrap(markup)
    m = html_meta.RE_TITLE.search(markup)
    return "".join((record.get("title", "") + (html_meta.plain_text(m.group(1)) if m else "")).split())


def ours(data: bytes) -> tuple[str, str | None, object, str | None]:
    try:
        p = html.page(data)
    except decode.Undecodable:
        return "", None, None, None
    # the page has no file name here: the bench's ids are not dates
    return p.body, p.title, pubdate.choose(metadata=p.published_on, text=p.text()).day, p.author


def bare(data: bytes) -> tuple[str, str | None, object, str | None]:
    import trafilatura

    body = trafilatura.extract(data) or ""
    doc = trafilatura.bare_extraction(data, with_metadata=True)
    day = html_meta.parse_date(doc.date) if doc is not None and doc.date else None
    return body, doc.title if doc is not None else None, day, doc.author if doc is not None else None


def score(rows: list[dict], reader) -> dict:
    f1s, dates, false_dates, authors, titles, titles_in = [], [], 0, [], 0, 0
    per_page = []
    for r in rows:
        body, title, day, author = reader(r["data"])
        p, rec, f = char_f1(body, r["content"])
        f1s.append(f)
        if r["date"]:
            dates.append(date_right(day, r["date"]))
        elif day is not None:
            false_dates += 1
        if r["author"]:
            authors.append(name_set((author or "").replace("、", " ")) == r["author"])
        if title:
            titles += 1
            titles_in += "".join(title.split()) in page_title(r["data"])
        per_page.append((r["id"], p, rec, f, day, author))
    return {
        "f1": statistics.mean(f1s), "min": min(f1s), "under": sum(f < 0.6 for f in f1s),
        "precision": statistics.mean(x[1] for x in per_page), "recall": statistics.mean(x[2] for x in per_page),
        "date": sum(dates) / max(len(dates), 1), "n_date": len(dates), "false_dates": false_dates,
        "author": sum(authors) / max(len(authors), 1), "n_author": len(authors),
        "title": titles / len(rows), "title_in": titles_in / max(titles, 1), "pages": per_page,
    }


# a row of SOURCES.md's table: | html/NN_….html | opendatalab/magic-html | benchmark/…/htmls/<hash>.html | commit |
RE_MAGIC_ROW = re.compile(
    r"^\|\s*(html/[^|\s]+)\s*\|\s*opendatalab/magic-html\s*\|\s*\S*/htmls/([0-9a-f]{64})\.html", re.M)


def magic_html_pages(base_json: Path) -> list[dict]:
    """The shared real pages that magic-html's article benchmark holds, with its gold content."""
    import json

    inputs = DATASET.parent
    gold = json.loads(base_json.read_text("utf-8"))
    rows = []
    for name, key in RE_MAGIC_ROW.findall((inputs / "SOURCES.md").read_text("utf-8")):
        if key in gold:
            rows.append({"id": Path(name).stem, "data": (inputs / name).read_bytes(), "content": gold[key]["content"],
                         "date": None, "author": set()})
    return rows


def print_content(rows: list[dict], readers: dict) -> None:
    print("| reader | content F1 (mean) | P | R | lowest page |")
    print("| --- | --- | --- | --- | --- |")
    for name, reader in readers.items():
        m = score(rows, reader)
        print(f"| {name} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | {m['min']:.2f} |")
        for pid, p, r, f, _, _ in m["pages"]:
            print(f"|   {pid} | {f:.3f} | {p:.3f} | {r:.3f} | |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=DATASET)
    ap.add_argument("--pages", action="store_true", help="print every page's scores")
    ap.add_argument("--no-bare", action="store_true", help="skip bare trafilatura")
    ap.add_argument("--magic-html", type=Path, metavar="BASE_JSON",
                    help="magic-html's benchmark/data/article/base.json: also score the shared pages it holds")
    args = ap.parse_args()
    if not (args.dataset / "original").is_dir():
        sys.exit(f"dataset not found: {args.dataset}")
    rows = pages(args.dataset)
    readers = {"zhibiao": ours} if args.no_bare else {"zhibiao": ours, "bare trafilatura": bare}
    results = {}
    for name, reader in readers.items():
        t0 = time.perf_counter()
        results[name] = score(rows, reader)
        results[name]["seconds"] = time.perf_counter() - t0
    print(f"{len(rows)} pages of {args.dataset.name}")
    print("| reader | content F1 (mean) | P | R | lowest page | pages < 0.6 | date right | author right "
          "| title found | title in <title> | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, m in results.items():
        print(f"| {name} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | {m['min']:.2f} | {m['under']} "
              f"| {m['date']:.2f} (n={m['n_date']}, {m['false_dates']} false) | {m['author']:.2f} (n={m['n_author']}) "
              f"| {m['title']:.2f} | {m['title_in']:.2f} | {m['seconds']:.1f} |")
    if args.pages:
        for pid, p, r, f, day, author in sorted(results["zhibiao"]["pages"], key=lambda x: x[3]):
            print(f"{pid[:8]} P={p:.2f} R={r:.2f} F1={f:.2f} date={day} author={author}")
    if args.magic_html:
        magic = magic_html_pages(args.magic_html)
        print(f"\n{len(magic)} shared pages of magic-html's article benchmark, against its gold content")
        print_content(magic, readers)


if __name__ == "__main__":
    main()
