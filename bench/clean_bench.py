"""Benchmark the cleaner on generated newspaper pages: character error rate and paragraph F1.

``uv run python bench/clean_bench.py [--pages 200] [--seed 0]``

CER = edit distance (Levenshtein within each differing stretch of a difflib alignment) between the
expected and the cleaned text (paragraphs joined by ``\\n``)
divided by the expected length. Paragraph-boundary F1 compares the positions where paragraphs end,
counted in non-newline characters of the expected text (cleaned positions are mapped through the
character alignment).
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import pagegen
from transforms import clean


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


def boundary_f1(expected: list[str], got: list[str]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) paragraph ends."""
    gold_text, gold = boundaries(expected)
    pred_text, pred = boundaries(got)
    mapping: dict[int, int] = {}
    sm = difflib.SequenceMatcher(None, pred_text, gold_text, autojunk=False)
    for a, b, size in sm.get_matching_blocks():
        for k in range(size + 1):
            mapping.setdefault(a + k, b + k)
    mapped = {mapping[p] for p in pred if p in mapping}
    return len(mapped & gold), len(pred), len(gold)


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
    args = ap.parse_args()
    m = run(args.pages, args.seed)
    print(
        f"pages={m['pages']} CER={m['cer']:.4%} paragraph boundary P={m['precision']:.3f} "
        f"R={m['recall']:.3f} F1={m['f1']:.3f} ({m['seconds']:.1f}s)"
    )


if __name__ == "__main__":
    main()
