"""Measure ``transforms.periods.resolve`` on the dev documents: for every required gold row with a period,
resolved with its document's publication date or year in force, are ``period_start`` / ``period_end``
(and the kind) the expected ones?

    uv run python -m scripts.eval_periods [--show-errors]

The expected dates are ``tests/cases/periods/dev_periods.json`` (this project's judgement, one entry per
document, period as written and target flag; the documents' dates come from ``../shared/eval/dev/SOURCES.md``).
Rows count when the year can be known: the document has a publication date or a year in force, or the
period states its year. The gold periods are as written (``今年1-6月``); the extractor of issue 15 writes
them with their year resolved, which this measures without.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from datetime import date

from scripts.devtools import ROOT, SHARED_EVAL
from transforms import periods

TABLE = ROOT / "tests" / "cases" / "periods" / "dev_periods.json"


def load_table() -> tuple[dict, dict]:
    data = json.loads(TABLE.read_text("utf-8"))
    expected = {(p["doc"], p["period"], p["is_target"]): p for p in data["periods"]}
    return data["documents"], expected


def resolved(entry: dict, doc: dict) -> periods.Period:
    pub = date.fromisoformat(doc["published"]) if doc["published"] else None
    return periods.resolve(entry["period"], year=doc["year"], published=pub, target=entry["is_target"])


def year_known(entry: dict, doc: dict) -> bool:
    return bool(doc["published"] or doc["year"] or periods.resolve(entry["period"]).start)


def gold_rows() -> collections.Counter:
    files = [*sorted((SHARED_EVAL / "dev").glob("dev*.jsonl")), SHARED_EVAL / "seed_gold.jsonl"]
    rows: collections.Counter = collections.Counter()
    for path in files:
        for line in path.read_text("utf-8").splitlines():
            r = json.loads(line) if line.strip() else {}
            if r.get("kind") == "required" and r.get("period"):
                rows[(r["doc"], r["period"], r["is_target"])] += 1
    return rows


def score(rows: collections.Counter) -> dict:
    docs, expected = load_table()
    n = dates_right = kind_right = 0
    missing, errors = [], []
    for key, w in rows.items():
        entry = expected.get(key)
        if entry is None:
            missing.append(key)
            continue
        doc = docs[key[0]]
        if not year_known(entry, doc):
            continue
        got = resolved(entry, doc)
        want = (entry["start"], entry["end"])
        have = (got.start.isoformat() if got.start else None, got.end.isoformat() if got.end else None)
        n += w
        dates_right += w if have == want else 0
        kind_right += w if got.kind == entry["kind"] else 0
        if have != want or got.kind != entry["kind"]:
            errors.append((key, (entry["kind"], *want), (got.kind, *have), w))
    return {"rows": n, "dates": dates_right / max(n, 1), "kind": kind_right / max(n, 1),
            "missing": missing, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED_EVAL.exists():
        print(f"no gold files at {SHARED_EVAL}", file=sys.stderr)
        return 2
    rows = gold_rows()
    s = score(rows)
    print(f"gold rows with a period: {sum(rows.values())}; with a knowable year: {s['rows']}")
    print(f"  period_start and period_end right: {s['dates']:.3f}   kind right: {s['kind']:.3f}")
    if s["missing"]:
        print(f"  not in {TABLE.name}: {s['missing']}")
    if args.show_errors:
        for key, want, have, w in s["errors"]:
            print(f"  {key}: expected {want}, got {have} ({w} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
