"""Benchmark the cleaner on generated newspaper pages: character error rate, paragraph F1, titles.

``uv run python bench/clean_bench.py [--pages 200] [--seed 0] [--family NAME ...]``

Prints one row per layout family of ``tests/pagegen.py`` (``classic``, ``wide_headline``, ``flush``,
``dense_latin``, ``sections``, ``multi``), each over ``--pages`` pages:

* CER = edit distance (Levenshtein within each differing stretch of a difflib alignment) between the
  expected and the cleaned text (paragraphs joined by ``\\n``) divided by the expected length;
* paragraph-start F1 compares the positions where paragraphs start, counted in non-newline
  characters of the expected text (cleaned positions are mapped through the character alignment);
  ``boundary F1`` (paragraph ends) is the figure earlier rounds reported for ``classic``;
* titles = share of the page's article titles that :func:`transforms.layout.articles` publishes as
  an article's title (exactly, spaces ignored); ``extra`` counts articles whose title is not one of
  the page's (a section heading read as a headline, a headline split in two).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import pagegen
from transforms import clean, layout


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (two-row dynamic programme)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_errors(expected: str, got: str) -> int:
    """Edits between two texts: Levenshtein distance inside each differing stretch of an alignment."""
    sm = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return sum(
        edit_distance(expected[i1:i2], got[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"
    )


def boundaries(paras: list[str]) -> tuple[str, set[int]]:
    flat, ends, pos = [], set(), 0
    for p in paras:
        flat.append(p)
        pos += len(p)
        ends.add(pos)
    return "".join(flat), ends


def _matched(pred_text: str, pred: set[int], gold_text: str, gold: set[int]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) positions, the predicted ones carried into the gold text by alignment."""
    mapping: dict[int, int] = {}
    sm = difflib.SequenceMatcher(None, pred_text, gold_text, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size + 1):
            mapping.setdefault(a + k, b + k)
    mapped = {mapping[p] for p in pred if p in mapping}
    return len(mapped & gold), len(pred), len(gold)


def boundary_f1(expected: list[str], got: list[str]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) paragraph ends."""
    gold_text, gold = boundaries(expected)
    pred_text, pred = boundaries(got)
    return _matched(pred_text, pred, gold_text, gold)


def start_f1(expected: list[str], got: list[str]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) paragraph starts, the first paragraph's included."""
    gold_text, gold_ends = boundaries(expected)
    pred_text, pred_ends = boundaries(got)
    gold = {0} | (gold_ends - {len(gold_text)})
    pred = {0} | (pred_ends - {len(pred_text)})
    return _matched(pred_text, pred, gold_text, gold)


def title_hits(raw: str, titles: list[str]) -> tuple[int, int, int]:
    """(titles found, articles published, titles on the page)."""
    flat = ["".join(t.split()) for t in titles]
    found = ["".join((a.title or "").split()) for a in layout.articles(raw) if a.kind == "article"]
    hits = sum(1 for t in flat if t in found)
    return hits, len(found), len(flat)


def run_family(family: str, pages: int, seed: int) -> dict[str, float]:
    """The scores of one layout family over ``pages`` generated pages."""
    errors = chars = 0
    counts = {"start": [0, 0, 0], "end": [0, 0, 0], "title": [0, 0, 0]}
    t0 = time.perf_counter()
    for k in range(pages):
        page = pagegen.laid(seed + k, family)
        got = clean.page(page.raw).split("\n")
        errors += char_errors("\n".join(page.paragraphs), "\n".join(got))
        chars += len("\n".join(page.paragraphs))
        for key, got_counts in (("start", start_f1(page.paragraphs, got)), ("end", boundary_f1(page.paragraphs, got)),
                                ("title", title_hits(page.raw, page.titles))):
            counts[key] = [a + b for a, b in zip(counts[key], got_counts, strict=True)]
    out: dict[str, float] = {"family": family, "pages": pages, "cer": errors / max(chars, 1)}
    for key in ("start", "end"):
        tp, npred, ngold = counts[key]
        p, r = tp / max(npred, 1), tp / max(ngold, 1)
        out[f"{key}_f1"] = 2 * p * r / max(p + r, 1e-9)
    hits, published, on_page = counts["title"]
    out["titles"] = hits / max(on_page, 1)
    out["extra"] = published - hits
    out["n_titles"] = on_page
    out["seconds"] = time.perf_counter() - t0
    return out


def run(pages: int, seed: int) -> dict[str, float]:
    errors = chars = tp = npred = ngold = 0
    t0 = time.perf_counter()
    for k in range(pages):
        raw, expected = pagegen.page(seed + k)
        got = clean.page(raw).split("\n")
        errors += char_errors("\n".join(expected), "\n".join(got))
        chars += len("\n".join(expected))
        a, b, c = boundary_f1(expected, got)
        tp, npred, ngold = tp + a, npred + b, ngold + c
    p, r = tp / max(npred, 1), tp / max(ngold, 1)
    return {
        "pages": pages,
        "cer": errors / max(chars, 1),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / max(p + r, 1e-9),
        "seconds": time.perf_counter() - t0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--family", nargs="*", default=list(pagegen.FAMILIES), choices=pagegen.FAMILIES)
    args = ap.parse_args()
    print(f"{args.pages} pages per family, seeds {args.seed}–{args.seed + args.pages - 1}")
    print("| family | CER | paragraph-start F1 | boundary F1 | titles | extra articles | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for family in args.family:
        m = run_family(family, args.pages, args.seed)
        print(f"| {family} | {m['cer']:.3%} | {m['start_f1']:.3f} | {m['end_f1']:.3f} | {m['titles']:.3f} "
              f"(n={m['n_titles']}) | {m['extra']} | {m['seconds']:.1f} |")


if __name__ == "__main__":
    main()
