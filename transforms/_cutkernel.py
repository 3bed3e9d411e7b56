"""Compiled (numba) core of :class:`transforms.segment._Cutter`: jieba's HMM-off cut over code points.

The dictionary is a trie whose nodes are numbered; an edge (parent node, code point) → child node lives in
an open-addressing hash table of two arrays (``keys``, ``vals``); ``node_logp[node]`` is the word's log
probability (< 0), or ``NOT_A_WORD`` for a node that is only a prefix of words. :func:`bounds` returns the
token boundaries of a text, so the caller slices the words out of the string itself.

Compiled once per machine: numba caches the machine code (``NUMBA_CACHE_DIR``, which runs point into
the cache dir beside jieba's tables, else ``__pycache__``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

NOT_A_WORD = 1.0  # any value > 0: real log probabilities are < 0
CODE_POINTS = 0x110000


@njit(cache=True, inline="always")
def _slot(key, mask):
    return ((key * 0x9E3779B97F4A7C15) >> 20) & mask  # Fibonacci hashing; wraps around in int64


@njit(cache=True)
def build_table(parents, chars, size):  # pragma: no cover - compiled
    """The edge table of the trie whose node ``i`` (≥ 1) hangs under ``parents[i]`` by ``chars[i]``."""
    keys = np.full(size, -1, np.int64)
    vals = np.zeros(size, np.int32)
    mask = size - 1
    for node in range(1, parents.shape[0]):
        key = parents[node] * CODE_POINTS + chars[node]
        s = _slot(key, mask)
        while keys[s] != -1:
            s = (s + 1) & mask
        keys[s] = key
        vals[s] = node
    return keys, vals


@njit(cache=True, inline="always")
def _han(c):
    # jieba.re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
    return ((0x4E00 <= c <= 0x9FD5) or (97 <= c <= 122) or (65 <= c <= 90) or (48 <= c <= 57)
            or c == 43 or c == 35 or c == 38 or c == 46 or c == 95 or c == 37 or c == 45)


@njit(cache=True, inline="always")
def _alnum(c):
    return (97 <= c <= 122) or (65 <= c <= 90) or (48 <= c <= 57)


@njit(cache=True)
def bounds(cps, keys, vals, node_logp, unknown):  # pragma: no cover - compiled
    """Token boundaries (0, …, len) of the text whose code points are ``cps``, as jieba cuts it.

    Outside runs of ``re_han_default`` characters every character is a token (``\\r\\n`` one token), as
    jieba's ``re_skip_default`` split gives. Inside a run: the route of highest log probability over
    the dictionary words, computed right to left (ties to the longer word, as ``max((p, x))``), each
    word's probability being ``logp + prob[end]`` in the very order jieba adds them; lone ASCII letters
    and digits next to each other are glued into one token.
    """
    n = cps.shape[0]
    mask = keys.shape[0] - 1
    out = np.empty(n + 1, np.int64)
    out[0] = 0
    m = 1
    prob = np.zeros(n + 1, np.float64)
    route = np.zeros(n, np.int64)
    pos = 0
    while pos < n:
        c = cps[pos]
        if not _han(c):
            pos += 2 if (c == 13 and pos + 1 < n and cps[pos + 1] == 10) else 1
            out[m] = pos
            m += 1
            continue
        end = pos
        while end < n and _han(cps[end]):
            end += 1
        prob[end] = 0.0
        for k in range(end - 1, pos - 1, -1):
            best = 0.0
            best_x = -1
            node = 0
            for i in range(k, end):
                key = node * CODE_POINTS + cps[i]
                s = _slot(key, mask)
                while keys[s] != key and keys[s] != -1:
                    s = (s + 1) & mask
                if keys[s] == -1:
                    break  # no dictionary word starts with cps[k:i + 1]
                node = vals[s]
                lp = node_logp[node]
                if lp < 0.0:
                    p = lp + prob[i + 1]
                    if best_x < 0 or p >= best:
                        best = p
                        best_x = i
            if best_x < 0:  # no dictionary word starts here: the lone character
                best = unknown + prob[k + 1]
                best_x = k
            prob[k] = best
            route[k] = best_x
        x = pos
        glued = False
        while x < end:
            y = route[x] + 1
            if y - x == 1 and _alnum(cps[x]):
                if glued:
                    out[m - 1] = y
                else:
                    out[m] = y
                    m += 1
                    glued = True
            else:
                out[m] = y
                m += 1
                glued = False
            x = y
        pos = end
    return out[:m]


@njit(cache=True)
def bounds_many(cps, starts, keys, vals, node_logp, unknown):  # pragma: no cover - compiled
    """:func:`bounds` of each text ``cps[starts[t]:starts[t + 1]]`` of a concatenation: the end of every
    token as an offset into ``cps``, and the number of tokens of each text (no token spans two texts)."""
    n_texts = starts.shape[0] - 1
    ends = np.empty(cps.shape[0], np.int64)  # at most one token per code point
    counts = np.empty(n_texts, np.int64)
    m = 0
    for t in range(n_texts):
        a = starts[t]
        b = bounds(cps[a:starts[t + 1]], keys, vals, node_logp, unknown)
        k = b.shape[0] - 1
        for j in range(k):
            ends[m + j] = a + b[j + 1]
        m += k
        counts[t] = k
    return ends[:m], counts
