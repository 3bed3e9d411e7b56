"""Document cases for ``transforms.extract``: context carried from sentence to sentence.

Cases live in ``tests/cases/extract/documents.jsonl`` (schema in ``tests/cases/README.md``): a title
and paragraphs in, every quantity-with-unit row out. A case is strict: the article gives exactly the
rows of ``expect``, each found by its ``evidence`` (a substring of its sentence, unique in the
document) with its value and unit, and each pinned field right: ``period`` by containment,
``metric`` by character overlap ≥ 0.5 (as ``score.py``), ``region`` by equality or membership of a
list, ``null`` as "must be null".

The paragraphs are cut with :func:`transforms.segment.paragraph_sentences` into one article whose title
is the case's ``title`` (read as the article's first sentence), as the flow's sentences frame holds it.
Cases the extractor still gets wrong go to ``known_failures_documents.jsonl`` with an ``xfail`` reason
and run as ``xfail(strict=True)``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tests.transforms.test_extract import same, sentences_frame
from transforms import extract, segment, stages

CASES_FILE = Path(__file__).parents[1] / "cases" / "extract" / "documents.jsonl"
KNOWN_FAILURES_FILE = CASES_FILE.with_name("known_failures_documents.jsonl")


def _load(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


CASES = _load(CASES_FILE)
KNOWN_FAILURES = _load(KNOWN_FAILURES_FILE)
PINNABLE = {"value_norm", "unit_norm", "qualifier", "direction", "period", "is_target", "region", "metric"}
RE_BLANK = re.compile(r"\s+")


def squash(text: str | None) -> str:
    return RE_BLANK.sub("", text or "")


def document_rows(case: dict) -> list[dict]:
    """Indicator rows of a case: its paragraphs cut into sentences, one article under its title."""
    texts, paragraphs = [], []
    for p, paragraph in enumerate(case["paragraphs"]):
        for text, _ in segment.paragraph_sentences(paragraph):
            texts.append(text)
            paragraphs.append(p)
    return extract.indicators(sentences_frame(texts, title=case["title"], paragraphs=paragraphs)).to_dicts()


def _squashed_span(sentence: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """The row's span in the whitespace-squashed sentence (None when the row has no span)."""
    if start is None or end is None:
        return None
    return len(squash(sentence[:start])), len(squash(sentence[:end]))


def _found_by(row: dict, want: dict) -> bool:
    """The row has the expected value and unit, and its mention falls inside the evidence."""
    if not (same(row["value"], want["value"]) and row["unit"] == want["unit"]):
        return False
    sentence, evidence = squash(row["sentence"]), squash(want["evidence"])
    if evidence not in sentence:
        return False
    span = _squashed_span(row["sentence"] or "", row["span_start"], row["span_end"])
    if span is None:
        return True
    starts = [m.start() for m in re.finditer(f"(?={re.escape(evidence)})", sentence)]
    return any(s < span[1] and span[0] < s + len(evidence) for s in starts)


def _field_ok(key: str, got, want) -> bool:
    if want is None:
        return got is None
    if key == "period":
        return got is not None and want in got
    if key == "metric":
        return got is not None and len(set(want) & set(got)) / len(set(want)) >= 0.5
    if key == "region" and isinstance(want, list):
        return got in want
    return same(got, want)


def _show(row: dict) -> str:
    return (f"{row['value']:g}{row['unit']} region={row['region']!r} period={row['period']!r} "
            f"direction={row['direction']!r} target={row['is_target']!r} metric={row['metric']!r}")


def check(rows: list[dict], expect: list[dict]) -> list[str]:
    """What is wrong with the rows of a document against its expected rows (empty: all right)."""
    problems = []
    if len(rows) != len(expect):
        problems.append(f"{len(rows)} rows, expected {len(expect)}")
    used: set[int] = set()
    for want in expect:
        i = next((i for i, row in enumerate(rows) if i not in used and _found_by(row, want)), None)
        if i is None:
            problems.append(f"no row for {want['evidence']!r} ({want['value']:g}{want['unit']})")
            continue
        used.add(i)
        row = rows[i]
        for key in PINNABLE & want.keys():
            if not _field_ok(key, row[key], want[key]):
                problems.append(f"{want['evidence']!r}: {key}={row[key]!r}, expected {want[key]!r}")
    problems += [f"unexpected row {_show(row)} in {row['sentence']!r}" for i, row in enumerate(rows)
                 if i not in used]
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_document_case(case):
    problems = check(document_rows(case), case["expect"])
    assert not problems, f"{case['note']}\n" + "\n".join(problems)


@pytest.mark.parametrize("case", KNOWN_FAILURES, ids=[c["id"] for c in KNOWN_FAILURES])
def test_known_failure(case, request):
    """Documents the extractor still gets wrong: strict xfail, so a fix shows up and the case moves over."""
    request.applymarker(pytest.mark.xfail(reason=case["xfail"], strict=True))
    assert not check(document_rows(case), case["expect"])


@pytest.mark.parametrize("case", CASES + KNOWN_FAILURES, ids=[c["id"] for c in CASES + KNOWN_FAILURES])
def test_document_case_is_well_formed(case):
    """Each evidence is in the document once and holds its unit; only known fields are pinned."""
    text = squash("\n".join(([case["title"]] if case["title"] else []) + case["paragraphs"]))
    assert case["expect"], "a document case lists its rows"
    for want in case["expect"]:
        evidence = squash(want["evidence"])
        assert text.count(evidence) == 1, f"{want['evidence']!r} occurs {text.count(evidence)} times"
        assert want["unit"] in evidence or want["unit"] == "%", want
        assert set(want) - {"evidence", "value", "unit"} <= PINNABLE, want


def test_cases_are_many_and_distinct():
    ids = [c["id"] for c in CASES + KNOWN_FAILURES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 40


@pytest.mark.parametrize(("published", "target"), [(None, True), (date(2004, 10, 21), False), (date(2001, 5, 1), True)])
def test_a_horizon_before_the_publication_year_is_no_target(published: date | None, target: bool) -> None:
    """到2002年 marks a goal in a text written before 2002, and how things stood in 2002 in one written after
    (a 2004 review: 至2002年，上海有偿转让经营权的城市基础设施，包括8条高速公路); unknown publication: a goal."""
    docs = pl.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "published_on": [published],
                         "text": ["至2002年，上海有偿转让经营权的城市基础设施包括8条高速公路。"]},
                        schema_overrides={"published_on": pl.Date})
    rows = stages.run(docs, with_tokens=False).indicators
    assert rows.select("value", "is_target").rows() == [(8.0, target)]


@pytest.mark.parametrize(("published", "period"), [
    (None, "今年（2021年）"), (date(2022, 3, 1), "今年（2022年）"), (date(2021, 3, 1), "今年（2021年）")])
def test_this_year_counts_from_the_publication_year_else_the_text(published: date | None, period: str) -> None:
    """今年 is the year of publication when it is known; in an undated text, the year the text states most."""
    docs = pl.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "published_on": [published],
                         "text": ["2021年全市预算公布。今年全市一般公共预算收入为1200亿元。2021年将继续减税。"]},
                        schema_overrides={"published_on": pl.Date})
    rows = stages.run(docs, with_tokens=False).indicators
    assert rows.select("value", "period").rows() == [(1200.0, period)]


@pytest.mark.parametrize(("published", "target"), [(None, False), (date(2021, 9, 1), True), (date(2023, 3, 1), False)])
def test_a_figure_of_a_year_after_publication_is_a_goal(published: date | None, target: bool) -> None:
    """郑州：2022年数字经济达5000亿元以上 in a text published in 2021 can only be a goal; published in 2023, a
    result; undated, nothing tells (a text's most stated year is no publication date)."""
    docs = pl.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "published_on": [published],
                         "text": ["郑州：2022年数字经济达5000亿元以上。"]},
                        schema_overrides={"published_on": pl.Date})
    rows = stages.run(docs, with_tokens=False).indicators
    assert rows.select("value", "is_target").rows() == [(5000.0, target)]


def test_a_deadline_after_publication_does_not_date_what_follows() -> None:
    """2025年6月30日前购买新房… in a digest of 2024-08-08 is a deadline: the next item's 7月 stays undated, the
    publication's year (a figure of it, no goal), not July 2025."""
    docs = pl.DataFrame({"doc_id": ["d"], "source": ["d.txt"], "published_on": [date(2024, 8, 8)],
                         "text": ["1、南昌出台稳楼市措施，2025年6月30日前购买新房给予购房补贴。\n"
                                  "2、据乘联会统计，7月乘用车市场零售172.9万辆。"]},
                        schema_overrides={"published_on": pl.Date})
    rows = stages.run(docs, with_tokens=False).indicators
    assert rows.select("value", "period", "is_target").rows() == [(172.9, "7月", False)]
