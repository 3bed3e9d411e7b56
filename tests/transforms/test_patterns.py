"""Source checks over the transforms' regular expressions.

A pattern anchored with ``^`` never matches when it is applied at an offset (``RE.match(text, pos)`` with
``pos > 0``: without MULTILINE, ``^`` is the start of the string only), so such a call silently finds
nothing. Anchored patterns are applied to a slice (``RE.match(text[pos:])``) instead.
"""

from __future__ import annotations

import re
from pathlib import Path

TRANSFORMS = Path(__file__).resolve().parents[2] / "transforms"
RE_ANCHORED_DEF = re.compile(r"^(RE_[A-Z0-9_]+) = re\.compile\(\s*r?f?r?\"\^", re.M)


def anchored_calls_at_offset(source: str, names: set[str] | None = None) -> list[str]:
    """``RE_X.match(text, pos)`` / ``.search(…, pos)`` / ``.fullmatch(…, pos)`` calls in ``source`` of patterns
    defined with a leading ``^`` (``names``: those of every module; else the ones ``source`` defines)."""
    names = set(RE_ANCHORED_DEF.findall(source)) if names is None else names
    calls = []
    for name in names:
        for m in re.finditer(rf"\b{name}\.(?:match|search|fullmatch)\(([^()]*(?:\([^()]*\)[^()]*)*)\)", source):
            if "," in m.group(1):
                calls.append(m.group(0))
    return calls


def test_finder_sees_a_call_at_an_offset():
    source = ('RE_A = re.compile(r"^x")\nRE_B = re.compile(r"y")\n'
              'RE_A.match(text, i)\nRE_A.match(text[i:])\nRE_B.match(t, i)\n')
    assert anchored_calls_at_offset(source) == ["RE_A.match(text, i)"]


def test_no_anchored_pattern_is_applied_at_an_offset():
    sources = {p: p.read_text("utf-8") for p in sorted(TRANSFORMS.rglob("*.py"))}
    names = {n for s in sources.values() for n in RE_ANCHORED_DEF.findall(s)}
    found = {str(p.relative_to(TRANSFORMS)): calls for p, s in sources.items()
             if (calls := anchored_calls_at_offset(s, names))}
    assert found == {}
