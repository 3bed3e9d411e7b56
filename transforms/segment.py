"""Split cleaned article bodies into sentences, and sentences into jieba words.

Pure functions: no files are opened here except the jieba dictionaries, which load once per
process through :func:`tokenizer` (the user dictionary ships in ``transforms/data``).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from math import log
from pathlib import Path

import jieba
import numpy as np
import polars as pl
import pyarrow as pa

from transforms import regions
from transforms.resources import USER_DICT

REGION_WORD_FREQ = 2000

# Longer "sentences" (a page without terminal punctuation, a table flattened into one line) are cut at
# the last clause break before the limit, so that the work per sentence stays bounded: every later
# stage is then linear in the length of the document.
MAX_SENTENCE_CHARS = 600
CLAUSE_BREAKS = "，,、；; "
# A sentence ends at 。！？； (or their ASCII forms), optionally followed by closing quotes/brackets; an ASCII
# full stop ends one between Chinese text (渗透率超15%.智能电视方面: not in 3.5, Co., www.)
RE_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|……[”’」』）)]*(?=[“‘「『（(])|"
                             r"(?<=[\u4e00-\u9fff%％）)”])\.(?=[\u4e00-\u9fff“])")


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
    """Full names of the gazetteer's divisions (重庆市, 涪陵区), and the distinctive short names of its cities and
    counties (和布克赛尔: jieba would cut 和 off as a conjunction): words jieba must keep whole."""
    rows = list(regions.rows())
    return sorted({full for *_, full in rows}
                  | {alias for alias, code, level, _ in rows if level >= 2 and regions.distinctive(alias, code)}
                  # (湖南岳阳: a province's and a city's short names, not 湖/南岳/阳)
                  | {alias for alias, code, level, _ in rows if 1 <= level <= 2 and code.isdigit() and len(alias) >= 2})


def words(text: str, *, cache_dir: str | None = None) -> list[str]:
    """jieba words of ``text`` (HMM off: fast and deterministic); ``"".join`` gives ``text`` back.

    >>> words("新能源汽车产量达到11.3万辆")[:2]
    ['新能源汽车', '产量']
    """
    return _cutter(cache_dir).cut(text)


def token_column(texts: pl.Series, *, cache_dir: str | None = None) -> pl.Series:
    """The words of every text of ``texts`` as a ``List(String)`` column (``sentences.tokens``), each list
    equal to :func:`words` of its text.

    One compiled pass over the texts' code points gives every token boundary; the column is then laid over
    the texts' own UTF-8 bytes (Arrow offsets into one buffer), with no Python string per word.
    """
    cutter = _cutter(cache_dir)
    texts = texts.fill_null("")
    joined = texts.str.join("").item() if texts.len() else ""
    starts = np.zeros(texts.len() + 1, np.int64)
    np.cumsum(texts.str.len_chars().to_numpy(), out=starts[1:])
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    ends, counts = cutter.cut_many(cps, starts)
    return pl.Series("tokens", lay_tokens(joined, cps, ends, counts))


def lay_tokens(joined: str, cps: np.ndarray, ends: np.ndarray, counts: np.ndarray) -> pa.LargeListArray:
    """Lists of tokens over the UTF-8 bytes of ``joined`` (code points ``cps``): token ``i`` ends at code
    point ``ends[i]``, list ``t`` holds ``counts[t]`` tokens."""
    # UTF-8 length of each code point, then the byte offset where each code point starts
    width = 1 + (cps >= 0x80) + (cps >= 0x800) + (cps >= 0x10000)
    byte_at = np.zeros(cps.shape[0] + 1, np.int64)
    np.cumsum(width, out=byte_at[1:])
    offsets = np.zeros(ends.shape[0] + 1, np.int64)
    offsets[1:] = byte_at[ends]
    words = pa.LargeStringArray.from_buffers(ends.shape[0], pa.py_buffer(offsets), pa.py_buffer(joined.encode()))
    list_offsets = np.zeros(counts.shape[0] + 1, np.int64)
    np.cumsum(counts, out=list_offsets[1:])
    return pa.LargeListArray.from_arrays(pa.array(list_offsets), words)


class _Cutter:
    """``jieba.Tokenizer.cut(text, HMM=False)``, word for word, compiled.

    The same algorithm (prefix DAG, then the route of highest log probability, ties to the longer word,
    lone ASCII letters and digits glued) over jieba's dictionary (with the user dictionary and region
    names), run by a numba kernel (``transforms/_cutkernel.py``) on the text's code points: about ten
    times faster than jieba, as segmentation is the run's hottest loop. ``tests/transforms/test_segment.py``
    checks it against jieba word for word.
    """

    def __init__(self, keys: np.ndarray, vals: np.ndarray, node_logp: np.ndarray, unknown: float) -> None:
        self.keys, self.vals, self.node_logp, self.unknown = keys, vals, node_logp, float(unknown)

    @classmethod
    def of(cls, tk: jieba.Tokenizer) -> _Cutter:
        """The trie of ``tk``'s dictionary (every word and every prefix of one, as jieba keeps them)."""
        from transforms import _cutkernel

        logtotal = log(tk.total)
        words = sorted(tk.FREQ, key=len)  # parents before children
        node = {w: i for i, w in enumerate(words, 1)}
        node[""] = 0
        n = len(words) + 1
        # jieba's dictionary holds every prefix of its words: each word hangs under its prefix
        parents = np.fromiter(itertools.chain((0,), (node[w[:-1]] for w in words)), np.int64, n)
        chars = np.fromiter(itertools.chain((0,), (ord(w[-1]) for w in words)), np.int64, n)
        # log(FREQ[w]) - logtotal: the very float jieba's calc() adds to the route (math.log, as jieba)
        freq = tk.FREQ
        logp = np.fromiter(itertools.chain((_cutkernel.NOT_A_WORD,), (
            log(f) - logtotal if (f := freq[w]) else _cutkernel.NOT_A_WORD for w in words)), np.float64, n)
        keys, vals = _cutkernel.build_table(parents, chars, 1 << (2 * len(words)).bit_length())
        return cls(keys, vals, logp, log(1) - logtotal)

    def cut(self, text: str) -> list[str]:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        ends, _ = self.cut_many(cps, np.array([0, cps.shape[0]], np.int64))  # one compiled kernel for both
        return [text[i:j] for i, j in itertools.pairwise([0, *ends.tolist()])]

    def cut_many(self, cps: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Token ends (offsets into ``cps``, the code points of concatenated texts) of each text
        ``cps[starts[t]:starts[t + 1]]``, and the number of tokens of each."""
        from transforms import _cutkernel

        return _cutkernel.bounds_many(cps, starts, self.keys, self.vals, self.node_logp, self.unknown)

    def save(self, path: Path) -> None:
        with path.open("wb") as fh:
            np.savez(fh, keys=self.keys, vals=self.vals, node_logp=self.node_logp, unknown=self.unknown)

    @classmethod
    def load(cls, path: Path) -> _Cutter:
        with np.load(path) as z:
            return cls(z["keys"], z["vals"], z["node_logp"], float(z["unknown"]))

    @classmethod
    def try_load(cls, path: Path) -> _Cutter | None:
        """The cutter saved at ``path``; None when there is none yet or it is unreadable."""
        try:
            return cls.load(path)
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):
            return None


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


CUTTER_TABLE_VERSION = 2  # bump when the table's layout or contents change


def _load_cutter(cache_dir: str | None) -> _Cutter:
    """The cutter's trie from ``cache_dir`` (a few ms), else built from jieba's dictionary with the user
    dictionary and region names (≈ 3–5 s: jieba's own cache, ``add_word`` for each name, the trie) and
    written there for the next process. Keyed by everything the trie is built from.

    On a new cache dir, one process builds (and compiles the kernel, which numba caches beside it) while
    the others that start with it — the pool's workers — wait for it, then load what it wrote: the
    build is paid once, not once per worker.
    """
    if not cache_dir:
        return _Cutter.of(tokenizer(None))
    path = Path(cache_dir) / f"zhibiao-cutter-{_table_key()}.npz"
    cutter = _Cutter.try_load(path)
    if cutter is not None:
        return cutter
    with _build_lock(Path(cache_dir)):
        cutter = _Cutter.try_load(path)  # built by the process that held the lock before us
        if cutter is None:
            cutter = _Cutter.of(tokenizer(cache_dir))
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with contextlib.suppress(OSError):  # a cache: a run goes on without it
                cutter.save(tmp)
                os.replace(tmp, path)
            tmp.unlink(missing_ok=True)
            cutter.cut("重庆")  # compile the kernel now, so that the processes waiting load numba's cache
    return cutter


@contextlib.contextmanager
def _build_lock(cache_dir: Path) -> Iterator[None]:
    """An exclusive lock on ``cache_dir`` between processes (none where it cannot be taken: the lock only
    saves work, it guards no data)."""
    try:
        import fcntl

        cache_dir.mkdir(parents=True, exist_ok=True)
        fh = (cache_dir / ".zhibiao-cutter.lock").open("a")
    except (ImportError, OSError):
        yield
        return
    with fh:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def _table_key() -> str:
    digest = hashlib.sha256(f"{CUTTER_TABLE_VERSION} {jieba.__version__} {REGION_WORD_FREQ}".encode())
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    digest.update(str(dictionary.stat().st_size).encode())
    digest.update(USER_DICT.read_bytes())
    digest.update("\n".join(region_names()).encode())
    return digest.hexdigest()[:20]
