"""The stage chain, defined once: documents → articles → sentences → tokens → indicators → observations.

Each stage reads a frame and returns a new one; nothing here opens a file or a connection. :func:`run` is
the chain: the pool workers and Dask tasks of a run, ``zhibiao rebuild`` (from the articles on,
:func:`segmented`), the development scripts, the benches and the tests all call it, so the order of the
stages and what each hands the next is written here only.

>>> docs = pl.DataFrame({"doc_id": ["d"], "source": ["s.txt"], "text": ["上半年，重庆地区生产总值增长6.4%。"]})
>>> rows = run(docs, with_tokens=False)
>>> rows.indicators.select("region", "metric", "value", "unit", "period").row(0)
('重庆', '地区生产总值', 6.4, '%', '上半年')
>>> list(rows.seconds)
['clean', 'split', 'extract', 'observe']
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import polars as pl

from transforms import extract, layout, observations, segment

ARTICLE_SCHEMA = {
    "doc_id": pl.String,
    "source": pl.String,
    "article_index": pl.Int32,
    "kind": pl.String,
    "title": pl.String,
    "author": pl.String,
    "body": pl.String,
    "char_count": pl.Int32,
}

SENTENCE_SCHEMA = {
    "doc_id": pl.String,
    "source": pl.String,
    "article_index": pl.Int32,
    "article_title": pl.String,
    "kind": pl.String,
    "paragraph_index": pl.Int32,
    "sentence_index": pl.Int32,
    "text": pl.String,
}

# the CPU stages by the names their timings carry: clean (and lay out) → split → segment → extract → observe
STAGES = ("clean", "split", "segment", "extract", "observe")


def articles(docs: pl.DataFrame) -> pl.DataFrame:
    """One row per article, caption or credit of each document (``docs``: doc_id, source, text)."""
    rows = []
    for doc_id, source, text in docs.select("doc_id", "source", "text").iter_rows():
        for art in layout.articles(text):
            rows.append((doc_id, source, art.index, art.kind, art.title, art.author, art.body, len(art.body)))
    return pl.DataFrame(rows, schema=ARTICLE_SCHEMA, orient="row")


def sentences(arts: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence of each article; ``sentence_index`` counts within the article."""
    rows = []
    for doc_id, source, idx, kind, title, body in arts.select(
        "doc_id", "source", "article_index", "kind", "title", "body"
    ).iter_rows():
        n = 0
        for p, para in enumerate(body.split("\n")):
            for text, _ in segment.paragraph_sentences(para):
                rows.append((doc_id, source, idx, title, kind, p, n, text))
                n += 1
    return pl.DataFrame(rows, schema=SENTENCE_SCHEMA, orient="row")


def tokens(sents: pl.DataFrame, *, cache_dir: str | None = None) -> pl.DataFrame:
    """The sentences with their jieba words (``tokens``, a list column; ``"".join`` gives ``text`` back)."""
    return sents.with_columns(segment.token_column(sents.get_column("text"), cache_dir=cache_dir))


def indicators(sents: pl.DataFrame, docs: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per quantitative statement of the sentences (``transforms.extract``); ``docs`` gives each
    document's publication year where its ``published_on`` is known (a horizon before it is no target)."""
    published = None
    if docs is not None and "published_on" in docs.columns:
        years = docs.select(pl.col("doc_id").cast(pl.String), pl.col("published_on").cast(pl.Date).dt.year())
        published = dict(years.drop_nulls().iter_rows())
    return extract.indicators(sents, published)


def observed(inds: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    """The indicators keyed for time series (``transforms.observations``): canonical metric, region code,
    dated period, measure; dated with the documents' ``published_on`` where a period writes no year."""
    published = pl.col("published_on") if "published_on" in docs.columns else pl.lit(None)
    dated = docs.select(pl.col("doc_id").cast(pl.String), published.cast(pl.Date).alias("published_on"))
    return observations.observations(inds, dated)


@dataclass(frozen=True)
class Rows:
    """What the chain made of some documents, and the CPU seconds each stage took (by :data:`STAGES` name)."""

    articles: pl.DataFrame
    sentences: pl.DataFrame  # with ``tokens`` unless the chain ran without them
    indicators: pl.DataFrame
    observations: pl.DataFrame
    seconds: dict[str, float] = field(default_factory=dict)


def run(docs: pl.DataFrame, *, cache_dir: str | None = None, with_tokens: bool = True) -> Rows:
    """The whole chain over ``docs`` (doc_id, source, text, and ``published_on`` when known).
    ``with_tokens=False`` skips segmentation, which extraction does not need (the development scripts and
    the hostile-input tests)."""
    seconds: dict[str, float] = {}
    clock = time.process_time()

    def timed(stage: str) -> None:
        nonlocal clock
        now = time.process_time()
        seconds[stage] = now - clock
        clock = now

    arts = articles(docs)
    timed("clean")
    sents = sentences(arts)
    timed("split")
    if with_tokens:
        sents = tokens(sents, cache_dir=cache_dir)
        timed("segment")
    inds = indicators(sents, docs)
    timed("extract")
    obs = observed(inds, docs)
    timed("observe")
    return Rows(arts, sents, inds, obs, seconds)


def segmented(arts: pl.DataFrame, *, cache_dir: str | None = None) -> pl.DataFrame:
    """The chain from articles to segmented sentences (``zhibiao rebuild``: the warehouse's ``sentences``
    again from the published articles)."""
    return tokens(sentences(arts), cache_dir=cache_dir)
