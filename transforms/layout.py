"""Split a cleaned page into articles (first version; issue 3 makes it thorough)."""

from __future__ import annotations

from dataclasses import dataclass

from transforms import clean


@dataclass(frozen=True, slots=True)
class Article:
    """One article, caption or credit of a page; ``body`` holds paragraphs separated by ``\\n``."""

    index: int
    kind: str  # "article" | "caption" | "credit"
    title: str | None
    author: str | None
    body: str


def articles(raw: str) -> list[Article]:
    """Clean a raw page and split it into articles. First version: the whole page is one article,
    its first line the title, lines joined when the previous one does not end a sentence."""
    lines = [ln for ln in clean.page(raw).split("\n") if ln.strip()]
    if not lines:
        return []
    title, rest = lines[0], lines[1:]
    paras: list[str] = []
    for ln in rest:
        if paras and not paras[-1].endswith(("。", "！", "？", "”", "：")):
            paras[-1] += ln
        else:
            paras.append(ln)
    return [Article(index=0, kind="article", title=title, author=None, body="\n".join(paras))]
