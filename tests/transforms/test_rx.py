"""transforms.rx: the first-character guard finds what the bare pattern finds, on any pattern it guards."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import context, rx
from transforms.extract import metric


@pytest.mark.parametrize(("pattern", "chars"), [
    (r"可能|力争", "可力"),
    (r"(?<!不)可能|(?<![模虚])拟", "可拟"),                 # lookbehinds take no character
    (r"(?:^|[，,])到\d{4}年", "，,到"),                      # an anchor may be passed: 到 can start a match too
    (r"(?:预计|有望)?增长", "预有增"),                        # an optional head: what follows can start it
    (r"[一-十]+年内", "一-十"),                             # a range kept as a range
    (r"\s*\d+%", r"\s\d"),                                   # categories kept as categories (full-width digits too)
    (r"[.$]x", r"\.\$"),                                     # class members escaped
    (r"(?=\d)\d+", r"\d"),                                   # a lookahead is passed over (a superset is still right)
    (r"a*", None),                                           # can match empty
    (r"(?:a|)b?", None),
    (r".x", None),                                           # any character
    (r"[^，]x", None),                                       # a negated class
    (r"(?i)ab", None),                                       # case folding is not listed
])
def test_first_chars(pattern, chars):
    assert rx.first_chars(re.compile(pattern)) == chars


def test_guarded_leaves_what_it_cannot_list():
    plain = re.compile(r".x")
    assert rx.guarded(plain) is plain


# small regexes over a small alphabet: literals, classes, alternations, optional and repeated parts, anchors,
# lookbehinds and lookaheads, the constructs the project's long alternations are made of
ALPHABET = "ab年到，1"
atoms = st.sampled_from(["a", "b", "年", "到", "，", r"\d", "[ab]", "[到，]", "[^a]", "."])
regex = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
        inner.map(lambda s: f"(?:{s})?"), inner.map(lambda s: f"(?:{s})+"), inner.map(lambda s: f"(?:{s}){{1,2}}"),
        st.tuples(st.sampled_from(["a", "年", "，"]), inner).map(lambda t: f"(?<!{t[0]}){t[1]}"),
        st.tuples(st.sampled_from(["a", "年"]), inner).map(lambda t: f"(?={t[0]}){t[1]}"),
        inner.map(lambda s: f"(?:^|，){s}"),
    ),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(regex, st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=4))
def test_guard_changes_no_match(pattern, texts):
    bare = re.compile(pattern)
    guard = rx.guarded(bare)
    for text in texts:
        assert [m.span() for m in guard.finditer(text)] == [m.span() for m in bare.finditer(text)]
        assert bool(guard.match(text, 1)) == bool(bare.match(text, 1))


def _bare(guarded: re.Pattern[str]) -> re.Pattern[str]:
    head = re.match(r"\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:", guarded.pattern)
    assert head, "not guarded"
    return re.compile(guarded.pattern[head.end():-1], guarded.flags)


PROJECT = {"RE_TARGET": context.RE_TARGET, "RE_PERIOD": context.RE_PERIOD, "RE_PERIOD_END": metric.RE_PERIOD_END}
# every character the project's guarded patterns are written with, and some they are not
PROJECT_ALPHABET = sorted(set("".join(p.pattern for p in PROJECT.values())) - set("()[]{}?:*+|\\^$!<=>")
                          | set("增长亿元，。的了在于0123456789"))


@pytest.mark.parametrize("name", sorted(PROJECT))
def test_the_project_patterns_are_guarded(name):
    assert PROJECT[name].pattern.startswith("(?=[")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(PROJECT_ALPHABET), max_size=30))
def test_the_project_guards_change_no_match(text):
    for pattern in PROJECT.values():
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in _bare(pattern).finditer(text)]
