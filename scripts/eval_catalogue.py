"""Measure the metric catalogue: id accuracy of ``transforms.catalogue.match`` on the gold metric phrases of
the dev documents and the seed, against the expected ids of ``tests/cases/catalogue/dev_phrases.jsonl``.

    uv run python -m scripts.eval_catalogue [--show-errors]

In scope: the gold phrases that table lists (every phrase whose expected id is set, or that contains an
alias of the catalogue). Accuracy is given by distinct phrase and by gold row (a phrase stated in
three rows counts three times), with coverage (in-scope rows whose expected id is set and that get it)
and wrong ids (rows given an id other than the expected one: the error that puts a figure in the
wrong series). Also the own cases (``phrases.jsonl``).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from scripts.devtools import ROOT, SHARED_EVAL
from transforms import catalogue

CASES = ROOT / "tests" / "cases" / "catalogue"


def table(name: str) -> list[dict]:
    return [json.loads(x) for x in (CASES / name).read_text("utf-8").splitlines() if x.strip()]


def gold_phrases() -> collections.Counter[str]:
    """Required gold rows per metric phrase, over the dev documents and the seed."""
    files = [*sorted((SHARED_EVAL / "dev").glob("dev*.jsonl")), SHARED_EVAL / "seed_gold.jsonl"]
    count: collections.Counter[str] = collections.Counter()
    for path in files:
        for line in Path(path).read_text("utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("kind") == "required" and row.get("metric"):
                count[row["metric"]] += 1
    return count


def got(phrase: str) -> tuple[str | None, bool]:
    m = catalogue.match(phrase)
    return (m.id, m.share) if m else (None, False)


def score(cases: list[dict], weights: collections.Counter[str] | None = None) -> dict:
    right = wrong = n = expected = covered = 0
    errors = []
    for case in cases:
        w = weights[case["phrase"]] if weights is not None else 1
        if not w:
            continue
        want = (case["id"], bool(case.get("share")))
        have = got(case["phrase"])
        n += w
        expected += w if want[0] else 0
        if have == want:
            right += w
            covered += w if want[0] else 0
        else:
            errors.append((case["phrase"], want, have, w))
            if have[0] is not None:
                wrong += w
    return {"n": n, "accuracy": right / max(n, 1), "coverage": covered / max(expected, 1),
            "wrong_ids": wrong, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    cat = catalogue.load()
    print(f"catalogue: {len(cat)} metrics, {len(cat.by_alias)} names and aliases")
    own = score(table("phrases.jsonl"))
    print(f"own cases        {own['n']:>4} phrases  accuracy {own['accuracy']:.3f}")
    if not SHARED_EVAL.exists():
        print(f"no gold files at {SHARED_EVAL}", file=sys.stderr)
        return 2
    dev = table("dev_phrases.jsonl")
    rows = gold_phrases()
    in_gold = [c for c in dev if rows[c["phrase"]]]
    by_phrase = score(in_gold)
    by_row = score(in_gold, rows)
    print(f"gold metric phrases: {len(rows)} distinct in {sum(rows.values())} rows; in scope {len(in_gold)} "
          f"phrases ({by_row['n']} rows)")
    for label, s in (("by phrase", by_phrase), ("by gold row", by_row)):
        print(f"  {label:<12} accuracy {s['accuracy']:.3f}  coverage {s['coverage']:.3f}  "
              f"wrong ids {s['wrong_ids']}")
    if args.show_errors:
        for phrase, want, have, w in by_row["errors"] + own["errors"]:
            print(f"  {phrase}: expected {want}, got {have} ({w} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
