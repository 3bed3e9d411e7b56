"""HTML pages: the article body and title, without navigation, footers, ICP lines or share buttons."""

from __future__ import annotations

import pytest

from transforms import decode, html, layout

BODY = [
    "根据地区生产总值统一核算结果，上半年全市实现地区生产总值15000亿元，同比增长6.1%。",
    "分产业看，第一产业实现增加值800亿元，增长3.9%；第二产业实现增加值5800亿元，增长7.2%。",
    "上半年，全市规模以上工业增加值同比增长8.5%。其中，新能源汽车产量达到23.5万辆。",
]
CHROME = ["首页", "新闻中心", "当前位置", "渝ICP备05003300号", "公网安备", "版权所有", "分享到", "微博", "网站标识码",
          "打印本页"]


def site_page(charset: str = "utf-8", *, h1: bool = True) -> str:
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    head = "<h1>重庆上半年地区生产总值增长6.1%</h1>" if h1 else ""
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>重庆上半年地区生产总值增长6.1%_重庆市统计局</title></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/data">统计数据</a></div>
<div class="crumb">当前位置：首页 &gt; 统计数据</div>
<div class="article">{head}<div class="info">发布时间：2024-07-20 来源：市统计局</div>
<div class="content">{paras}</div>
<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a> <a>打印本页</a></div></div>
<div class="footer"><p>版权所有：重庆市统计局</p><p>渝ICP备05003300号-1 渝公网安备 50010302000001号</p>
<p>网站标识码：5000000001</p></div></body></html>"""


@pytest.mark.parametrize(("charset", "codec", "encoding"), [
    ("utf-8", "utf-8", "utf-8"),
    ("gb2312", "gb18030", "gb18030"),
    ("gbk", "gbk", "gb18030"),
])
def test_article_without_site_chrome(charset, codec, encoding):
    page = html.page(site_page(charset).encode(codec))
    assert page.title == "重庆上半年地区生产总值增长6.1%"
    assert page.body.split("\n") == BODY
    assert page.encoding == encoding
    assert not [word for word in CHROME if word in page.text()]


def test_title_falls_back_to_the_title_tag_without_the_site_name():
    page = html.page(site_page(h1=False).encode())
    assert page.title == "重庆上半年地区生产总值增长6.1%"


def test_undeclared_charset_is_detected():
    data = site_page().replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', "")
    page = html.page(data.encode("gb18030"))
    assert page.encoding == "gb18030" and page.body.split("\n") == BODY


def test_page_reads_as_one_article_titled_by_its_headline():
    (article,) = layout.articles(html.page(site_page().encode()).text())
    assert article.title == "重庆上半年地区生产总值增长6.1%"
    assert article.body.split("\n") == BODY


def test_chrome_lines_are_dropped_but_long_body_lines_mentioning_them_stay():
    assert html._chrome("渝ICP备05003300号-1")
    assert html._chrome("分享到：微信 微博")
    long_line = "本站版权所有的统计资料显示，" + "全市工业增加值增长8.5%，" * 6
    assert not html._chrome(long_line)


@pytest.mark.parametrize("markup", [
    "<html><head><title>空</title></head><body><div class='nav'><a>首页</a></div></body></html>",
    "<html><body></body></html>",
])
def test_page_without_article_text_is_rejected(markup):
    with pytest.raises(decode.Undecodable, match="html page without article text"):
        html.page(markup.encode())


def test_document_dispatches_html():
    got = decode.document(site_page("gbk").encode("gbk"), format="html")
    assert got.encoding == "gb18030"
    assert got.text.split("\n") == ["重庆上半年地区生产总值增长6.1%", *BODY]
