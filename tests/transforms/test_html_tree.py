"""The page tree before extraction: loose text between blocks becomes the paragraph a browser shows."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from transforms import html_tree


def _wrapped(markup: str) -> str:
    tree = lxml.html.fragment_fromstring(markup)
    html_tree.wrap_inline_runs(tree)
    return etree.tostring(tree, encoding="unicode")


@pytest.mark.parametrize(("markup", "expected"), [
    # a paragraph closed inside a span, carried on in a font beside it (a Word-made page)
    ("<div><span><p>现任董事长。</p></span><font>1956<b>年</b>生人。</font></div>",
     "<div><span><p>现任董事长。</p></span><p><font>1956<b>年</b>生人。</font></p></div>"),
    # the container's own text before its first block, and a block's tail
    ("<div>导语文字<p>正文。</p>尾随文字<br>第二行</div>",
     "<div><p>导语文字</p><p>正文。</p><p>尾随文字<br/>第二行</p></div>"),
    # an inline element that holds a block is a container of its own
    ("<div><font><p>一。</p>二<i>三</i></font></div>",
     "<div><font><p>一。</p><p>二<i>三</i></p></font></div>"),
    # no block in the container: nothing to do
    ("<div>只有文字<b>和加粗</b></div>", "<div>只有文字<b>和加粗</b></div>"),
    # runs of blanks, punctuation-free whitespace and empty elements are not paragraphs
    ("<div>\n  <p>正文。</p> <br> <p>二。</p>\n</div>", "<div>\n  <p>正文。</p> <br/> <p>二。</p>\n</div>"),
    # a separator between blocks is no paragraph
    ("<div><p>一。</p> | <a>链接</a><p>二。</p></div>", "<div><p>一。</p><p> | <a>链接</a></p><p>二。</p></div>"),
    ("<div><p>一。</p> » <p>二。</p></div>", "<div><p>一。</p> » <p>二。</p></div>"),
    # nor are the byte-order marks server-side included files leave between blocks (dataset page 35687fb1…)
    ("<div>\ufeff <p>一。</p>\ufeff<p>二。</p></div>", "<div>\ufeff <p>一。</p>\ufeff<p>二。</p></div>"),
    # table cells, lists and paragraphs are left as they are (see NOT_CONTAINERS)
    ("<div><table><tr><td>格中文字<p>段落。</p>又一段</td></tr></table></div>",
     "<div><table><tr><td>格中文字<p>段落。</p>又一段</td></tr></table></div>"),
    ("<div><ul><li>一</li>列表间文字<li>二</li></ul></div>", "<div><ul><li>一</li>列表间文字<li>二</li></ul></div>"),
])
def test_loose_runs_between_blocks_become_paragraphs(markup: str, expected: str) -> None:
    assert _wrapped(markup) == expected


TAGS = st.sampled_from(["div", "p", "span", "font", "b", "a", "td", "center", "br"])
TEXT = st.sampled_from(["", "", " ", "文字", "12", "句子。", "\n"])


@st.composite
def fragments(draw, depth: int = 0) -> str:
    parts = [draw(TEXT)]
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        tag = draw(TAGS)
        inner = "" if tag == "br" else draw(fragments(depth + 1))
        parts.append(f"<{tag}>{inner}</{tag}>" if tag != "br" else "<br>")
        parts.append(draw(TEXT))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(fragments())
def test_wrapping_keeps_the_text_in_order_and_is_idempotent(inner: str) -> None:
    tree = lxml.html.fragment_fromstring(f"<div>{inner}</div>")
    text = tree.text_content()
    html_tree.wrap_inline_runs(tree)
    once = etree.tostring(tree, encoding="unicode")
    assert tree.text_content() == text
    html_tree.wrap_inline_runs(tree)
    assert etree.tostring(tree, encoding="unicode") == once


def _pruned_of_read_more(markup: str) -> str:
    tree = lxml.html.fragment_fromstring(markup)
    html_tree._drop_read_more(tree)
    return etree.tostring(tree, encoding="unicode")


@pytest.mark.parametrize(("markup", "expected"), [
    # a fold's control goes with the wrappers that hold only it; the folded text stays
    ("<div><p>一。</p><div class='box'><section><a href='#'><em>展开全文</em></a></section></div>"
     "<div class='hidden-content'><p>二。</p></div></div>",
     "<div><p>一。</p><div class=\"hidden-content\"><p>二。</p></div></div>"),
    ("<div><p>一。</p><a href='/full'>阅读全文 &gt;&gt;</a>尾</div>", "<div><p>一。</p>尾</div>"),
    ("<div><p>一。</p><span>点击查看全文 ︾</span></div>", "<div><p>一。</p></div>"),
    # text that mentions a control is not one
    ("<div><p>点击展开全文，阅读报告。</p></div>", "<div><p>点击展开全文，阅读报告。</p></div>"),
    ("<div><a>阅读全文</a><b>（共3页）</b></div>", "<div><b>（共3页）</b></div>"),
    ("<div><p>阅读</p>数量</div>", "<div>数量</div>"),
])
def test_a_fold_s_read_more_control_is_dropped(markup: str, expected: str) -> None:
    assert _pruned_of_read_more(markup) == expected


def _pruned_with(step, markup: str) -> str:
    tree = lxml.html.fragment_fromstring(markup)
    step(tree)
    return etree.tostring(tree, encoding="unicode")


@pytest.mark.parametrize(("markup", "expected"), [
    # a stock-quote slot left empty: its tail stays in the sentence (trafilatura dropped it with the slot)
    ("<div><p>消息，<span id='usstock'><a>苹果</a></span><span id='quote'></span>发布会开幕。</p></div>",
     "<div><p>消息，<span id=\"usstock\"><a>苹果</a></span>发布会开幕。</p></div>"),
    # a wrapper that held only empty elements goes too; white space still separates words
    ("<div><p>word<span> </span>word</p><div><i></i><b></b></div></div>", "<div><p>word word</p></div>"),
    # line breaks, images and a table's cells stay
    ("<div><p>一<br/>二</p><img src='a.png'/><table><tr><td></td><td>格</td></tr></table></div>",
     "<div><p>一<br/>二</p><img src=\"a.png\"/><table><tr><td/><td>格</td></tr></table></div>"),
    # code inside a sentence is text of the sentence; a block of code stays code
    ("<div><p>关键词叫做<code>defer</code>，可以延迟调用。</p><pre><code>a = 1\nb = 2</code></pre></div>",
     "<div><p>关键词叫做defer，可以延迟调用。</p><pre><code>a = 1\nb = 2</code></pre></div>"),
])
def test_empty_elements_go_and_keep_their_tails(markup: str, expected: str) -> None:
    assert _pruned_with(html_tree._drop_empty, markup) == expected


@pytest.mark.parametrize(("markup", "expected"), [
    ("<div><div class='website'>您所在的位置：<a>首页</a> &gt; <a>快讯</a> &gt; <a>公司</a></div><p>正文。</p></div>",
     "<div><p>正文。</p></div>"),
    ("<div><div><span>当前位置：</span><a>首页</a> » <a>新闻</a></div><p>正文。</p></div>",
     "<div><p>正文。</p></div>"),
    # a long block that starts with the label is not a trail
    ("<div><p>当前位置：" + "正文很长。" * 30 + "</p></div>", "<div><p>当前位置：" + "正文很长。" * 30 + "</p></div>"),
])
def test_a_breadcrumb_trail_is_dropped(markup: str, expected: str) -> None:
    assert _pruned_with(html_tree._drop_trails, markup) == expected


def _pruned_text(markup: str) -> list[str]:
    tree = lxml.html.document_fromstring(markup)
    html_tree.prune(tree)
    return html_tree.visible_lines(tree)


ARTICLE = "<p>上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。</p>"


@pytest.mark.parametrize(("markup", "lines"), [
    # a share popup a utility class hides; a large hidden block (a fold) stays
    (f"<div>{ARTICLE}<div class='js_qrcode_wrap hidden'><p>用微信扫码二维码</p><p>分享至好友和朋友圈</p></div></div>",
     ["上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。"]),
    (f"<div><div class='more hide'>{ARTICLE * 8}</div></div>",
     ["上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。"] * 8),
    # a comment count's link
    (f"<div><div class='tools'><a class='post_cnum_tie'>15,867</a></div>{ARTICLE}</div>",
     ["上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。"]),
    # readers' comments, by the block's name; a block so named that holds the headline stays
    (f"<div>{ARTICLE}<div class='gc-comment' id='comments-container'><h3>热门评论 10条</h3>"
     "<ul><li>说得好，支持！</li><li>3小时前</li></ul></div></div>",
     ["上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。"]),
    # a stock's live quote after its name; a figure in brackets the article gives stays
    ("<div><p>包括先锋领航、<a>摩根大通</a><span id='quote_JPM'>(<font>115.395</font>, <font>2.79</font>, "
     "<font>2.47%</font>)</span>等资管公司。</p><p>营收（1.2, 3.4亿元）增长。</p></div>",
     ["包括先锋领航、摩根大通等资管公司。", "营收（1.2, 3.4亿元）增长。"]),
    # a list of other articles, by the block's name: each teaser a link and its summary (no link share)
    (f"<div>{ARTICLE}<div class='row-recommend'><ul class='recommend'><li><a>拆解iPhone11</a>"
     "21日，国外著名拆解网站正式上线了拆解报告。</li></ul></div></div>",
     ["上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。"]),
    (f"<div class='comment-article'><h1>评论：经济稳中向好</h1>{ARTICLE}</div>",
     ["评论：经济稳中向好", "上半年全市地区生产总值增长6.1%，工业增加值增长8.5%。"]),
])
def test_hidden_widgets_counts_and_comments_are_pruned(markup: str, lines: list[str]) -> None:
    assert _pruned_text(f"<html><body>{markup}</body></html>") == lines


KEPT = "<div><p>正文。</p></div>"
LONG = "<div><p>声明：" + "公司当年营业收入增长。" * 30 + "</p></div>"


@pytest.mark.parametrize(("markup", "expected"), [
    ("<div><p>正文。</p><div>【免责声明】本文仅代表作者本人观点，与本网站无关。</div></div>", KEPT),
    ("<div><p>正文。</p><p><strong>声明：</strong>本文内容仅供参考，不构成投资建议。</p></div>", KEPT),
    ("<div><p>正文。</p><div id='copy'>违法和不良信息举报电话：010-12345678</div></div>", KEPT),
    # a paragraph that speaks of a notice, and a long block that opens with one, stay
    ("<div><p>公司发布声明：将回购股份。</p></div>", "<div><p>公司发布声明：将回购股份。</p></div>"),
    (LONG, LONG),
])
def test_a_site_s_notices_are_dropped(markup: str, expected: str) -> None:
    assert _pruned_with(html_tree._drop_notices, markup) == expected
