"""Split cleaned article bodies into sentences, and sentences into jieba words.

Pure functions: no files are opened here except the jieba dictionaries, which load once per
process through :func:`tokenizer` (the user dictionary ships in ``transforms/data``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jieba

from transforms import regions
from transforms.resources import USER_DICT

REGION_WORD_FREQ = 2000

# Longer "sentences" (a page without terminal punctuation, a table flattened into one line) are cut at
# the last clause break before the limit, so that the work per sentence stays bounded: every later
# stage is then linear in the length of the document.
MAX_SENTENCE_CHARS = 600
CLAUSE_BREAKS = "，,、；; "
# A sentence ends at 。！？； (or their ASCII forms), optionally followed by closing quotes/brackets.
RE_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|……[”’」』）)]*(?=[“‘「『（(])")


def sentences(body: str) -> list[str]:
    """Split a cleaned body (paragraphs separated by ``\\n``) into sentences.

    >>> sentences("重庆增长6.4%。涪陵区第一！\\n新段落")
    ['重庆增长6.4%。', '涪陵区第一！', '新段落']
    """
    out: list[str] = []
    for para in body.split("\n"):
        out.extend(s for s, _ in paragraph_sentences(para))
    return out


def paragraph_sentences(paragraph: str) -> list[tuple[str, int]]:
    """Sentences of one paragraph with their start offsets; sentences are stripped of blanks."""
    found: list[tuple[str, int]] = []
    start = 0
    for m in RE_SENTENCE_END.finditer(paragraph):
        end = m.end()
        _append(found, paragraph, start, end)
        start = end
    _append(found, paragraph, start, len(paragraph))
    return found


def _append(found: list[tuple[str, int]], text: str, start: int, end: int) -> None:
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(c, start + 1, limit) for c in CLAUSE_BREAKS)
        cut = cut + 1 if cut > start else limit
        _append_one(found, text, start, cut)
        start = cut
    _append_one(found, text, start, end)


def _append_one(found: list[tuple[str, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        found.append((stripped, start + piece.index(stripped[0])))


@lru_cache(maxsize=4)
def tokenizer(cache_dir: str | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer with the project user dictionary and the gazetteer's region names, built once
    per process.

    ``cache_dir`` keeps jieba's prefix-dictionary cache out of the shared temp dir.
    """
    tk = jieba.Tokenizer()
    if cache_dir:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        tk.tmp_dir = cache_dir
    jieba.setLogLevel(60)
    tk.initialize()
    tk.load_userdict(str(USER_DICT))
    for name in region_names():
        tk.add_word(name, REGION_WORD_FREQ, "ns")
    return tk


def region_names() -> list[str]:
    """Full names of the gazetteer's divisions (重庆市, 涪陵区): words jieba must keep whole."""
    return sorted({full for *_, full in regions.rows()})


def words(text: str, *, cache_dir: str | None = None) -> list[str]:
    """jieba words of ``text`` (HMM off: fast and deterministic); ``"".join`` gives ``text`` back.

    >>> words("新能源汽车产量达到11.3万辆")[:2]
    ['新能源汽车', '产量']
    """
    return list(tokenizer(cache_dir).cut(text, HMM=False))


def words_many(texts: list[str], *, cache_dir: str | None = None) -> list[list[str]]:
    """Segment a list of sentences in one call (used by process-pool workers)."""
    tk = tokenizer(cache_dir)
    return [list(tk.cut(t, HMM=False)) for t in texts]
