"""The stage chain, defined once: what each stage hands the next, and that every way of running it (whole,
without tokens, from the articles on) gives the same rows."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from transforms import extract, stages

SEED = next(SEEDS.glob("*.txt")).read_text("utf-8")


def _docs(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "source": [f"{i}.txt" for i in range(len(texts))], "text": list(texts)})


@pytest.fixture(scope="module")
def seed_rows(jieba_cache):
    return stages.run(_docs(SEED, SEED[:1500]), cache_dir=jieba_cache)


def test_the_chain_is_its_stages_in_order(seed_rows, jieba_cache):
    docs = _docs(SEED, SEED[:1500])
    arts = stages.articles(docs)
    sents = stages.tokens(stages.sentences(arts), cache_dir=jieba_cache)
    assert seed_rows.articles.equals(arts)
    assert seed_rows.sentences.equals(sents)
    assert seed_rows.indicators.equals(extract.indicators(sents))
    assert list(seed_rows.seconds) == list(stages.STAGES)


def test_each_stage_keeps_its_schema(seed_rows):
    assert seed_rows.articles.schema == pl.Schema(stages.ARTICLE_SCHEMA)
    assert dict(seed_rows.sentences.schema) == stages.SENTENCE_SCHEMA | {"tokens": pl.List(pl.String)}
    assert seed_rows.indicators.height > 30 and set(seed_rows.indicators.get_column("doc_id")) == {"d0", "d1"}


def test_extraction_does_not_need_the_tokens(seed_rows):
    plain = stages.run(_docs(SEED, SEED[:1500]), with_tokens=False)
    assert "tokens" not in plain.sentences.columns and "segment" not in plain.seconds
    assert plain.indicators.equals(seed_rows.indicators)


def test_from_the_articles_on_gives_the_same_sentences(seed_rows, jieba_cache):
    again = stages.segmented(seed_rows.articles, cache_dir=jieba_cache)
    assert again.equals(seed_rows.sentences)


def test_no_documents_no_rows():
    rows = stages.run(_docs(), with_tokens=False)
    assert rows.articles.is_empty() and rows.sentences.is_empty() and rows.indicators.is_empty()
    assert rows.articles.schema == pl.Schema(stages.ARTICLE_SCHEMA)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet="重庆市地区生产总值增长了6.4%万亿元，。；\n 上半年一二三", max_size=80), max_size=3))
def test_tokens_give_the_sentence_back_and_sentences_stay_in_their_article(texts):
    rows = stages.run(_docs(*texts))
    bodies = {(r["doc_id"], r["article_index"]): r["body"] for r in rows.articles.iter_rows(named=True)}
    for r in rows.sentences.iter_rows(named=True):
        assert "".join(r["tokens"]) == r["text"]
        assert r["text"] in bodies[(r["doc_id"], r["article_index"])]
