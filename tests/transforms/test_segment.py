"""Sentence splitting and jieba segmentation."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import segment


@pytest.mark.parametrize(("body", "expected"), [
    ("重庆增长6.4%。涪陵区第一！", ["重庆增长6.4%。", "涪陵区第一！"]),
    ("一段\n二段", ["一段", "二段"]),
    ("他说：“产量增长63%。”随后离开。", ["他说：“产量增长63%。”", "随后离开。"]),
    ("数控化率达到65%；推动4000家企业上云。", ["数控化率达到65%；", "推动4000家企业上云。"]),
    ("是吗？是的!好", ["是吗？", "是的!", "好"]),
    ("增长6.4%，位列第一", ["增长6.4%，位列第一"]),  # a comma does not end a sentence
    # an ASCII full stop between Chinese text ends one; not a decimal point, nor one in Latin text
    ("渗透率超15%.智能电视方面，增长3.5%", ["渗透率超15%.", "智能电视方面，增长3.5%"]),
    ("广州.深圳", ["广州.", "深圳"]),
    ("Co.Ltd增长2.5%.", ["Co.Ltd增长2.5%."]),
    ("  \n\n", []),
    ("", []),
])
def test_sentences(body, expected):
    assert segment.sentences(body) == expected


@pytest.mark.parametrize(("text", "must_contain"), [
    ("新能源汽车产量达到11.3万辆", ["新能源汽车", "产量"]),
    ("规模以上工业增加值同比增长6%", ["规模以上工业增加值"]),
    ("社会消费品零售总额14408亿元", ["社会消费品零售总额"]),
    ("两江新区直管区", ["两江新区"]),
    ("涪陵区上半年地区生产总值增长6.4%", ["涪陵区", "地区生产总值"]),
    ("重庆市城镇居民人均可支配收入", ["重庆市", "城镇居民人均可支配收入"]),
    ("恩施土家族苗族自治州旅游总收入", ["恩施土家族苗族自治州", "旅游总收入"]),
])
def test_words_use_the_project_dictionary(text, must_contain):
    words = segment.words(text)
    assert "".join(words) == text
    for w in must_contain:
        assert w in words


@pytest.mark.parametrize("paragraph", [
    "重庆增长6.4%，" * 500,  # one 4,500-character sentence of clauses
    "重庆经济发展" * 400,  # no break at all
    "产量、" * 1000,
])
def test_overlong_sentences_are_cut_at_clause_breaks(paragraph):
    found = segment.paragraph_sentences(paragraph)
    assert all(len(s) <= segment.MAX_SENTENCE_CHARS for s, _ in found)
    assert "".join(s for s, _ in found) == paragraph.strip()
    if "，" in paragraph:
        assert all(s.endswith("，") for s, _ in found[:-1])


def test_paragraph_sentence_offsets_point_into_the_paragraph():
    para = " 第一句。  第二句！第三句"
    for sent, start in segment.paragraph_sentences(para):
        assert para[start:start + len(sent)] == sent


CJK_TEXT = st.text(
    alphabet=st.sampled_from(list("重庆市经济增长产量新能源汽车亿元万辆同比上半年，。；％%0123456789.、“”（） abcXYZ")),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(CJK_TEXT)
def test_joined_words_reproduce_the_text(text):
    assert "".join(segment.words(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(CJK_TEXT, st.text(max_size=30)), max_size=8))
def test_token_column_holds_each_texts_words(texts):
    """The column is laid over the texts' bytes: each list is words(text), and joins back to the text
    (astral characters, mixed scripts and empty texts included)."""
    col = segment.token_column(pl.Series("text", texts, dtype=pl.String))
    assert col.dtype == pl.List(pl.String) and col.name == "tokens"
    assert col.to_list() == [segment.words(t) for t in texts]
    assert ["".join(ws) for ws in col.to_list()] == texts


@settings(max_examples=200, deadline=None)
@given(CJK_TEXT)
def test_sentences_lose_only_blanks(text):
    joined = "".join(segment.sentences(text))
    assert joined.replace(" ", "") == text.replace("\n", "").replace(" ", "")


SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(
    (Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")))


@pytest.mark.parametrize("text", [
    SEED_TEXT, "ABC123 def", "a1b2c", "１２３Ｅ", "x", " ", "\r\n\r\n", "5G网络AI+制造", "3.14%增长", "C++和C#",
    "—", "", "新能源汽车产量达到11.3万辆", "一台台机器人", "两江新区直管区GDP增长6.4%",
])
def test_words_are_jiebas_words(text):
    """The fast cutter gives jieba's ``cut(text, HMM=False)`` word for word (with the user dictionary)."""
    assert segment.words(text) == list(segment.tokenizer(None).cut(text, HMM=False))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("重庆两江新区数字经济产业增长发展汽车产量万辆亿元 %.,，。Aa1２\n")),
               max_size=60))
def test_words_match_jieba_on_any_text(text):
    assert segment.words(text) == list(segment.tokenizer(None).cut(text, HMM=False))


def test_cutter_table_comes_from_the_cache_dir_on_the_next_start(tmp_path, monkeypatch):
    text = "重庆市涪陵区新能源汽车产量达到11.3万辆，同比增长63%，规模以上工业增加值增长9.1%。"
    monkeypatch.setattr(segment, "_cutters", {})
    first = segment.words(text, cache_dir=str(tmp_path))
    assert len(list(tmp_path.glob("zhibiao-cutter-*.npz"))) == 1

    def no_dictionary(*args, **kwargs):
        raise AssertionError("the jieba dictionary was loaded although the table is cached")

    monkeypatch.setattr(segment, "_cutters", {})  # a new process, as far as the cutter knows
    monkeypatch.setattr(segment, "tokenizer", no_dictionary)
    assert segment.words(text, cache_dir=str(tmp_path)) == first
    assert segment.words(text) == first  # without a cache dir: the cutter already built, not a second one


def test_an_unreadable_cutter_table_is_rebuilt(tmp_path, monkeypatch):
    text = "四川省实现地区生产总值6.1万亿元"
    monkeypatch.setattr(segment, "_cutters", {})
    expected = segment.words(text, cache_dir=str(tmp_path))
    (table,) = tmp_path.glob("zhibiao-cutter-*.npz")
    table.write_bytes(b"\x00truncated")
    monkeypatch.setattr(segment, "_cutters", {})
    assert segment.words(text, cache_dir=str(tmp_path)) == expected
    assert table.stat().st_size > 1000


def test_a_process_waits_for_the_one_building_the_table_and_loads_it(tmp_path, monkeypatch):
    """Workers starting together on a new cache dir: one builds, the others wait and load its table."""
    import shutil
    import threading

    text = "重庆市涪陵区新能源汽车产量达到11.3万辆，同比增长63%。"
    monkeypatch.setattr(segment, "_cutters", {})
    expected = segment.words(text, cache_dir=str(tmp_path / "built"))
    (table,) = (tmp_path / "built").glob("zhibiao-cutter-*.npz")

    def no_dictionary(*args, **kwargs):
        raise AssertionError("a second process built the table instead of waiting for it")

    monkeypatch.setattr(segment, "tokenizer", no_dictionary)
    cache = tmp_path / "new"
    loaded: list = []
    with segment._build_lock(cache):  # another process is building
        waiter = threading.Thread(target=lambda: loaded.append(segment._load_cutter(str(cache))))
        waiter.start()
        waiter.join(0.5)
        assert waiter.is_alive()
        shutil.copy(table, cache / table.name)  # what the builder writes before it lets go
    waiter.join(60)
    assert loaded and loaded[0].cut(text) == expected


def test_the_kernels_character_classes_are_jiebas():
    """The compiled cutter's block test and glue test are jieba's regexes, over every BMP code point."""
    import re
    import string

    import jieba

    from transforms import _cutkernel

    alnum = set(string.ascii_letters + string.digits)
    for c in range(0x10000):
        ch = chr(c)
        assert _cutkernel._han(c) == bool(jieba.re_han_default.fullmatch(ch)), hex(c)
        assert _cutkernel._alnum(c) == (ch in alnum), hex(c)
    # outside blocks every character is a token, but \r\n is one (re_skip_default)
    assert re.fullmatch(jieba.re_skip_default, "\r\n")
    assert segment.words("a\r\n\tb，") == ["a", "\r\n", "\t", "b", "，"]
