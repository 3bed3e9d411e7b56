"""Frame-level stages: documents → articles → sentences, as pure polars transforms.

A stage reads a frame and returns a new one; nothing here opens a file or a connection.
"""

from __future__ import annotations

import polars as pl

from transforms import layout, segment

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
