"""Measure the extractor: precision/recall/F1 and field accuracies on the seed page, the dev set and
the project's own sentence cases, all scored by ``../shared/eval/score.py``.

    uv run python -m scripts.eval_extract [--show-errors]

Own cases (``tests/cases/extract/sentences.jsonl``) are turned into gold rows in score.py's format
(evidence = the whole sentence, every field the case pins down), so the same matcher scores them.
Also prints extraction speed on the seed and dev texts.
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import polars as pl

from scripts import devtools
from scripts.devtools import ROOT, SHARED_EVAL
from transforms import extract, stages

CASES = ROOT / "tests" / "cases" / "extract" / "sentences.jsonl"
# gold rows for the real web pages of ../shared/real-inputs/html, annotated for this project (schema: score.py's)
WEB_GOLD = ROOT / "tests" / "cases" / "extract" / "web"
WEB_PAGES = SHARED_EVAL.parent / "real-inputs" / "html"
# real news documents annotated blind for the project, texts and gold side by side (see its NOTES.md)
NEWS = ROOT / "tests" / "cases" / "extract" / "news"


def predict(files: list[str]) -> list[dict]:
    return devtools.indicators(files).to_dicts()


def case_sets() -> tuple[list[dict], list[dict]]:
    """Predictions and gold rows for the own sentence cases (one pseudo-document per case).

    A gold row keeps, under ``_pinned``, the fields its case states; rows of cases that pin only a
    field (no value) are left to pytest.
    """
    preds, gold = [], []
    for line in CASES.read_text("utf-8").splitlines():
        case = json.loads(line)
        if any("value" not in want for want in case["expect"]):
            continue
        doc = f"case-{case['id']}"
        frame = pl.DataFrame({
            "doc_id": [doc], "source": [f"{doc}.txt"], "article_index": [0], "article_title": [None],
            "kind": ["article"], "paragraph_index": [0], "sentence_index": [0], "text": [case["text"]]},
            schema={"doc_id": pl.String, "source": pl.String, "article_index": pl.Int32,
                    "article_title": pl.String, "kind": pl.String, "paragraph_index": pl.Int32,
                    "sentence_index": pl.Int32, "text": pl.String})
        preds.extend(extract.indicators(frame).to_dicts())
        gold.append({"doc": doc, "evidence": "□", "kind": "negative"})
        for want in case["expect"]:
            g = {"doc": doc, "evidence": "".join(case["text"].split()), "kind": "required",
                 "value": want["value"], "unit": want["unit"],
                 "value_norm": want.get("value_norm"), "unit_norm": want.get("unit_norm"),
                 "qualifier": want.get("qualifier"), "direction": want.get("direction"),
                 "period": want.get("period"), "is_target": want.get("is_target", False),
                 "metric": want.get("metric") or "□",
                 "region": [want["region"]] if want.get("region") else [],
                 "_pinned": set(want)}
            gold.append(g)
    return preds, gold


def pinned_accuracy(result: dict, score) -> dict[str, float]:
    """Field accuracy over matched case rows, each field counted only where the case states it."""
    checks = {
        "region": lambda p, g: score.region_ok(p["region"], g.get("region")),
        "qualifier": lambda p, g: score.qualifier_ok(p["qualifier"], g.get("qualifier")),
        "direction": lambda p, g: (p["direction"] or None) == g.get("direction"),
        "period": lambda p, g: score.period_ok(p["period"], g.get("period")),
        "is_target": lambda p, g: bool(p["is_target"]) == bool(g.get("is_target")),
        "metric": lambda p, g: score.metric_ok(p["metric"], g.get("metric", "")),
    }
    out = {}
    for name, fn in checks.items():
        pairs = [(p, g) for p, g in result["_pairs"] if name in g["_pinned"]]
        if pairs:
            out[f"{name}(n={len(pairs)})"] = sum(fn(p, g) for p, g in pairs) / len(pairs)
    return out


def report(name: str, result: dict, show: bool, score, *, strict: bool = True) -> None:
    strict_text = f"{result['strict_f1']:.3f}" if strict else "  -  "
    fields = " ".join(f"{k}={v:.2f}" for k, v in result["field_accuracy"].items())
    print(f"{name:6s} required={result['gold_required']:4d} tp={result['true_pos']:4d} fp={result['false_pos']:3d} "
          f"missed={result['missed']:3d}  P={result['precision']:.3f} R={result['recall']:.3f} "
          f"F1={result['f1']:.3f} strict_F1={strict_text}\n       fields: {fields}")
    if show:
        for g in result["_misses"]:
            print(f"   MISSED {g['doc']}: {g['evidence']} ({g['value']} {g['unit']})")
        for p in result["_false_pos"]:
            print(f"   EXTRA  {p['value']} {p['unit']} in {score.squash(p['sentence'])[:60]}")


FIELDS = ("region", "qualifier", "direction", "period", "is_target", "metric")


def table(results: dict[str, dict]) -> str:
    """A markdown table: one row per document, P/R/F1, strict F1 and every field accuracy."""
    head = ["doc", "required", "P", "R", "F1", "strict F1", *FIELDS]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for name, r in results.items():
        fields = [f"{r['field_accuracy'][f]:.2f}" for f in FIELDS]
        lines.append(f"| {name} | {r['gold_required']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
                     f"{r['strict_f1']:.3f} | " + " | ".join(fields) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    if not (SHARED_EVAL / "score.py").exists():
        sys.exit(f"no scorer at {SHARED_EVAL / 'score.py'}")
    score = devtools.load_score()
    gold_of = devtools.gold

    preds, gold = case_sets()
    result = score.score(preds, gold)
    result["field_accuracy"] = pinned_accuracy(result, score)
    report("cases", result, args.show_errors, score, strict=False)
    print("       (case field accuracies count only the fields each case states)")

    seed_files = sorted(glob.glob(str(ROOT / "seeds" / "*.txt")))
    report("seed", score.score(predict(seed_files), gold_of([SHARED_EVAL / "seed_gold.jsonl"])),
           args.show_errors, score)
    stems = sorted(p[:-4] for p in glob.glob(str(SHARED_EVAL / "dev" / "dev*.txt")))
    dev_txt = [f"{s}.txt" for s in stems]
    if stems:
        per_doc = {Path(s).name: score.score(predict([f"{s}.txt"]), gold_of([f"{s}.jsonl"])) for s in stems}
        groups = {"dev01-06": [s for s in stems if Path(s).name <= "dev06"],
                  "dev07-16": [s for s in stems if Path(s).name > "dev06"], "dev all": stems}
        for name, group in groups.items():
            if group:
                result = score.score(predict([f"{s}.txt" for s in group]), gold_of([f"{s}.jsonl" for s in group]))
                report(name, result, args.show_errors, score)
        print()
        print(table(per_doc))

    web = sorted(WEB_GOLD.glob("*.jsonl"))
    pages = [WEB_PAGES / f"{g.stem}.html" for g in web if (WEB_PAGES / f"{g.stem}.html").exists()]
    if pages:
        print()
        report("web", score.score(predict(pages), gold_of([WEB_GOLD / f"{p.stem}.jsonl" for p in pages])),
               args.show_errors, score)

    news = sorted(NEWS.glob("*.txt"))
    if news:
        print()
        # one line per set (a01…, f01…, aa01…), then all
        for name in (*sorted({devtools.news_set(t) for t in news}, key=lambda s: (len(s), s)), ""):
            group = [t for t in news if not name or devtools.news_set(t) == name]
            label = f"news {name.upper()}" if name else "news"
            report(label, score.score(predict(group), gold_of([t.with_suffix(".jsonl") for t in group])),
                   args.show_errors and not name, score)

    texts = [Path(f).read_text("utf-8") for f in seed_files + dev_txt] * 40
    docs = pl.DataFrame([(f"d{i}", f"s{i}.txt", t) for i, t in enumerate(texts)],
                        schema={"doc_id": pl.String, "source": pl.String, "text": pl.String}, orient="row")
    rows = stages.run(docs, with_tokens=False)  # the chain's own per-stage CPU seconds
    size = sum(len(t.encode()) for t in rows.sentences["text"])
    cpu = rows.seconds["extract"]
    print(f"speed  {size / 1e6:.2f} MB of sentences -> {rows.indicators.height} rows in {cpu:.2f} s CPU: "
          f"{size / 1e6 / cpu:.2f} MB/s of CPU time")


if __name__ == "__main__":
    main()
