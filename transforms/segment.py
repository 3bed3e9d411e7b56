"""Split cleaned article bodies into sentences, and sentences into jieba words.

Pure functions: no files are opened here except the jieba dictionaries, which load once per
process through :func:`tokenizer` (the user dictionary ships in ``transforms/data``).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import string
from functools import lru_cache
from math import log
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
# jieba's own block patterns (jieba.re_han_default, re_skip_default) and its lone-character test (re_eng)
RE_HAN = jieba.re_han_default
RE_SKIP = jieba.re_skip_default
ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)
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
    return _cutter(cache_dir).cut(text)


def words_many(texts: list[str], *, cache_dir: str | None = None) -> list[list[str]]:
    """Segment a list of sentences in one call (used by process-pool workers)."""
    cut = _cutter(cache_dir).cut
    return [cut(t) for t in texts]


# sentinels of the cutter's log-probability table
PREFIX = None  # a prefix of dictionary words, no word itself
MISSING = object()  # not even a prefix


class _Cutter:
    """``jieba.Tokenizer.cut(text, HMM=False)``, word for word, in about half the time.

    The same algorithm (prefix DAG, then the route of highest log probability, ties to the longer word,
    lone ASCII letters and digits glued), with the log probabilities computed once for the dictionary
    instead of once per candidate word, and lists instead of dicts: segmentation is the run's
    hottest loop. ``tests/transforms/test_segment.py`` checks it against jieba.
    """

    def __init__(self, logp: dict[str, float | None], unknown: float) -> None:
        self.logp, self.unknown = logp, unknown

    @classmethod
    def of(cls, tk: jieba.Tokenizer) -> _Cutter:
        logtotal = log(tk.total)
        # one lookup per fragment: log(FREQ[w]) - logtotal (the very float jieba's calc() adds to the
        # route, always < 0) for a word, PREFIX for a prefix of words that is no word itself
        return cls({w: log(f) - logtotal if f else PREFIX for w, f in tk.FREQ.items()}, log(1) - logtotal)

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for blk in RE_HAN.split(text):
            if not blk:
                continue
            if RE_HAN.match(blk):
                self._block(blk, out)
            else:
                for x in RE_SKIP.split(blk):
                    if RE_SKIP.match(x):
                        out.append(x)
                    else:
                        out.extend(x)
        return out

    def _block(self, s: str, out: list[str]) -> None:
        get, unknown, prefix, missing = self.logp.get, self.unknown, PREFIX, MISSING
        n = len(s)
        # jieba builds the DAG of dictionary words, then the route right to left; here both in one pass:
        # the words starting at k are met right when the route from k is computed
        prob = [0.0] * (n + 1)
        route = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best_p, best_x = None, k
            i, frag = k, s[k]
            while True:
                lp = get(frag, missing)
                if lp is missing:
                    break
                if lp is not prefix:
                    p = lp + prob[i + 1]
                    if best_p is None or p >= best_p:  # max((p, x)): ties go to the larger x
                        best_p, best_x = p, i
                i += 1
                if i >= n:
                    break
                frag = s[k:i + 1]
            # no dictionary word starts here: the lone character, at jieba's probability for it
            prob[k], route[k] = (unknown + prob[k + 1], k) if best_p is None else (best_p, best_x)
        x, buf = 0, ""
        while x < n:
            y = route[x] + 1
            word = s[x:y]
            if y - x == 1 and word in ASCII_ALNUM:
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)


_cutters: dict[str | None, _Cutter] = {}


def _cutter(cache_dir: str | None = None) -> _Cutter:
    """The process's cutter. A call without ``cache_dir`` (extraction cutting a metric phrase) takes the
    one already built, whatever cache it was loaded from: a second dictionary would cost a worker ≈ 2 s
    and a few hundred MB, and put jieba's cache in the shared temp dir."""
    if cache_dir is None and _cutters:
        return next(iter(_cutters.values()))
    if cache_dir not in _cutters:
        _cutters[cache_dir] = _load_cutter(cache_dir)
    return _cutters[cache_dir]


CUTTER_TABLE_VERSION = 1  # bump when the table's layout or contents change


def _load_cutter(cache_dir: str | None) -> _Cutter:
    """The cutter's table from ``cache_dir`` (≈ 0.3 s), else built from jieba's dictionary with the user
    dictionary and region names (≈ 1.5–4 s: jieba's own cache, then ``add_word`` for each name) and
    written there for the next process. Keyed by everything the table is built from."""
    path = Path(cache_dir) / f"zhibiao-cutter-{_table_key()}.marshal" if cache_dir else None
    if path is not None:
        try:
            return _Cutter(*marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            pass  # none yet, or unreadable: build it
    cutter = _Cutter.of(tokenizer(cache_dir))
    if path is not None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):  # a cache: a run goes on without it
            tmp.write_bytes(marshal.dumps((cutter.logp, cutter.unknown)))
            os.replace(tmp, path)
        tmp.unlink(missing_ok=True)
    return cutter


def _table_key() -> str:
    digest = hashlib.sha256(f"{CUTTER_TABLE_VERSION} {jieba.__version__} {REGION_WORD_FREQ}".encode())
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    digest.update(str(dictionary.stat().st_size).encode())
    digest.update(USER_DICT.read_bytes())
    digest.update("\n".join(region_names()).encode())
    return digest.hexdigest()[:20]
