"""HTML pages: the article body and title, without navigation, footers, ICP lines or share buttons."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bench import web_bench
from transforms import decode, html, html_meta, layout

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
    assert html_meta.is_chrome("渝ICP备05003300号-1")
    assert html_meta.is_chrome("分享到：微信 微博")
    long_line = "本站版权所有的统计资料显示，" + "全市工业增加值增长8.5%，" * 6
    assert not html_meta.is_chrome(long_line)


@pytest.mark.parametrize(("line", "chrome"), [
    ("[精华区] 版主：[申请版主]", True),  # a forum board's header
    ("版主：张三 李四", True),
    ("您现在的位置：读书 -> 连载 -> 畅销小说 -> 纯棉婚姻", True),  # a breadcrumb trail
    ("当前位置：首页->军事技术", True),
    ("版主：你好，我想问一下这个帖子为什么被删了。", False),  # a post that speaks to the moderator
    ("本版版主：张三", False),
    ("他现在的位置：离终点还有三公里。", False),  # a sentence, not a trail at the line's start
    ("第1页/共1页", True),  # a pager
    ("<< 上一页 | 下一页 >>", True),
    ("杨月仙怎么也想不明白，17岁的女儿智商只有42，被邻居…… [全文]", True),  # a teaser's link
    ("您是本文第 154 个阅览者", True),  # counts
    ("(本文发表于首页批评与建议, 已被阅读178次)", True),
    ("《播客热潮迅速蔓延》已有1件评论", True),
    ("Trackback: http://tb.donews.net/TrackBack.aspx?PostId=543698", True),
    ("全年共出版图书第1页至第300页的内容已经全文公开。", False),
    ("【打印本稿】", True),  # a page's buttons
    ("【关闭】", True),
    ("www.chinaneast.gov.cn", True),  # the site's address alone
    ("游客 欢迎你！", True),  # a forum's greeting and users online
    ("在线用户:12066 当值版主:", True),
    ("1.人力资本的重要性", False),  # a numbered section heading, not an address
    ("3.5", False),
    ("Node.js", False),  # a name with a dot, not a site's address
    ("< 第一页 |上一页| 1 | 下一页 | 最末页>", True),  # a pager
    ("他翻到上一页，又翻到下一页，还是没有找到那个名字。", False),
    ("------------------------------", True),  # a rule
    ("——", False),
    ("作者：", True),  # a label with nothing after it
    ("发表时间：", True),
    ("【关闭】三家小煤矿的决定已经下达。", False),
    ("[打印] [关闭]", True),  # rows of buttons
    ("【收藏】【打印】【关闭】", True),
    ("【字号 大 中 小】", True),
    ("点击数：1234", True),  # a count of views
    ("【推荐理由】这本书讲述了一个家庭三代人的故事。", False),
    ("点击数据显示，用户增长迅速。", False),
    # prompts to follow the site's social account
    ("更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）", True),
    ("新浪财经公众号", True),
    ("3、回复【社保】查询广州社保缴纳记录", True),
    ("市民可通过政务服务网办理社保业务。", False),
    # source and credit labels, a site's footer
    ("本文来源：新京报 责任编辑：姚立伟_NT6056", True),
    ("图片来源：摄图网", True),
    ("校对|黄慧敏", True),
    ("编辑 刘晓阳 校对 李铭", True),
    ("本文原标题：《定了！广州南沙邮轮母港即将开通！》", True),
    ("作者：余毅菁 向雪妮", True),
    ("作者：王明认为，产量还会增长。", False),
    ("主办单位：国务院办公厅 运行维护单位：中国政府网运行中心", True),
    ("地址：太原市新建南路56号 邮编：030001 电话：0351-3985088", True),
    ("主办单位：市商务局，活动为期三天。", False),
    # a prompt to open a photo larger
    ("（点击看清晰大图）", True),
    ("点击图片查看大图", True),
    ("[点击查看原图]", True),
    ("点击看大图的人越来越多，网站流量增长了三成。", False),
])
def test_forum_headers_and_breadcrumbs_are_chrome(line: str, chrome: bool) -> None:
    assert html_meta.is_chrome(line) is chrome


def masthead_page(title_tag: str, links: int) -> str:
    """A page whose extracted text begins with the site's masthead; ``links`` link lines, then a section's name
    and the headline (as the dataset's d02c66a2…)."""
    return (f"<html><head><title>{title_tag}</title></head><body><p>某某软件 周某某趣谈软件</p>"
            + "".join(f"<p><a href='/{k}'>其他文章{k}</a></p>" for k in range(links))
            + "<div>产业资讯</div><p><b>重庆上半年经济运行情况</b></p><p>作者：王明</p>"
            + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>")


@pytest.mark.parametrize(("title_tag", "links"), [
    ("某某软件 - 重庆上半年经济运行情况", 2),  # the headline printed four lines under the masthead
    # the <title>'s section name printed there is not the headline (too small a part of the <title>)
    ("重庆上半年经济运行情况_产业资讯_某某网", 3),
])
def test_a_headline_printed_under_a_masthead_is_the_title(title_tag: str, links: int) -> None:
    assert html.page(masthead_page(title_tag, links).encode()).title == "重庆上半年经济运行情况"


def test_a_short_headline_the_h1_and_the_title_tag_agree_on() -> None:
    """A wiki page: the person's name (3 characters) is its headline, not the site's tagline printed under it."""
    markup = ("<html><head><title>金锺国 - 维基百科，自由的百科全书</title></head><body><h1>金锺国</h1>"
              "<div>维基百科，自由的百科全书</div>" + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>")
    assert html.page(markup.encode()).title == "金锺国"


def test_a_forum_thread_s_labelled_headline_is_its_title_and_not_its_first_line() -> None:
    markup = ("<html><head><title>某某论坛</title></head><body><div>游客 欢迎你！</div>"
              "<p>主题： 重庆上半年经济运行情况</p>" + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>")
    page = html.page(markup.encode())
    assert page.title == "重庆上半年经济运行情况" and page.body.split("\n") == BODY


def test_a_page_titled_only_by_its_social_tags() -> None:
    markup = ("<html><head><meta property='og:title' content='重庆上半年经济运行情况 - 某某网'></head><body>"
              + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>")
    assert html.page(markup.encode()).title == "重庆上半年经济运行情况"


def test_a_one_character_title_tag_is_no_title() -> None:
    markup = "<html><head><title>1</title></head><body>" + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>"
    assert html.page(markup.encode()).title is None


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


# ----------------------------------------------------------------------------- chrome, wrappers, metadata

SHARED = Path(__file__).resolve().parents[3] / "shared" / "real-inputs"
DATASET = SHARED / "web-content-dataset"
needs_dataset = pytest.mark.skipif(not (DATASET / "original").is_dir(), reason="../shared web-content dataset absent")
needs_pages = pytest.mark.skipif(not (SHARED / "html").is_dir(), reason="../shared real html pages absent")


def chrome_page() -> str:
    related = "".join(f"<li><a href='/n{k}'>第{k}条：某地经济数据发布{k}</a>（2024-07-{k:02d}）</li>"
                      for k in range(1, 9))
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    return f"""<html><head><title>重庆上半年地区生产总值增长6.1%_重庆市统计局</title></head><body>
<div class="menu"><a>首页</a><a>新闻</a><a>数据</a><a>政务公开</a><a>互动交流</a></div>
<h1>重庆上半年地区生产总值增长6.1%</h1><div class="info">2024年07月20日 10:30 来源：重庆日报 作者：王明 李华</div>
<div class="content">{paras}<p>（责任编辑：张三）</p></div>
<div class="pager"><a>上一篇：重庆一季度经济运行情况</a><a>下一篇：重庆7月份经济运行情况</a></div>
<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div>
<div class="related"><h3>相关新闻</h3><ul>{related}</ul></div></body></html>"""


def test_menus_pagers_share_bars_and_numbered_related_lists_are_removed() -> None:
    page = html.page(chrome_page().encode())
    assert page.body.split("\n") == BODY
    assert (page.title, page.published_on, page.author) == (
        "重庆上半年地区生产总值增长6.1%", datetime.date(2024, 7, 20), "王明、李华")


def test_list_items_outside_a_list_are_read_as_the_paragraphs_a_browser_shows() -> None:
    """A forum's error page (as the dataset page 386d70f8…): its messages are ``<li>`` in table cells."""
    told = ["您在发帖的时候发生错误，共有2项，下面是错误的详细信息",
            "错误的版面参数！请确认您是从有效的连接进入。", "请仔细阅读论坛帮助文件，确保您有相应的操作权限。"]
    items = "".join(f"<tr><td colspan='2'>\n<li>{p}\n</td></tr>" for p in told[1:])
    markup = (f"<html><head><title>错误信息</title></head><body><table><tr><th colspan='2'>论坛-错误信息</th></tr>"
              f"<tr><td colspan='2'><b>{told[0]}</b></td></tr>{items}"
              f"<tr><td colspan='2'><a href='javascript:history.go(-1)'>返回上一页</a></td></tr></table>"
              f"<form><table><tr><th colspan='2'>您尚未登录，您可以输入您的用户名、密码登录以便进行您的操作。</th></tr>"
              f"<tr><td>请输入您的用户名</td><td><input name='u'></td></tr></table></form></body></html>")
    assert html.page(markup.encode()).body.split("\n")[-3:] == told
    listed = f"<html><body><h1>重庆上半年经济</h1><ul>{''.join(f'<li>{p}</li>' for p in BODY)}</ul></body></html>"
    assert html.page(listed.encode()).body.split("\n") == BODY  # items of a list stay items


def test_an_article_folded_under_read_more_is_read_whole() -> None:
    """A news site folds the rest of its article under ``展开全文`` (a class the site's script lifts, not a
    hidden style): a reader who clicks reads it all, and its figures are the article's (dataset page
    d8d4c4ec…, whose copied content stops at the fold)."""
    folded = "".join(f"<p>{p}</p>" for p in BODY[1:])
    markup = (f"<html><head><title>重庆上半年经济</title></head><body><h1>重庆上半年经济</h1>"
              f"<div class='article'><p>{BODY[0]}</p><div class='lookall-box'><section class='lookall'>"
              f"<a href='javascript:;' class='show-all'><em>展开全文</em></a></section></div>"
              f"<div class='hidden-content control-hide'>{folded}</div></div></body></html>")
    assert html.page(markup.encode()).body.split("\n") == BODY


def test_a_crawler_record_and_a_page_without_html_are_read() -> None:
    record = (f'<text id="http://example.cn/a.html" title="重庆上半年地区生产总值增长6.1%" encoding="gbk">'
              f"{chrome_page()}</text>")
    page = html.page(record.encode("gbk"))
    assert page.encoding == "gb18030" and page.body.split("\n") == BODY
    fragment = "<div><h2>重庆上半年经济运行情况</h2>" + "".join(f"<p>{p}</p>" for p in BODY) + "</div>"
    assert html.page(fragment.encode()).body.split("\n") == BODY


def test_a_page_with_a_broken_byte_is_read_with_its_declared_charset() -> None:
    data = site_page("gbk").encode("gbk").replace("上半年，全市".encode("gbk"), b"\xff" + "全市".encode("gbk"))
    page = html.page(data)
    assert page.encoding == "gb18030" and BODY[0] in page.body


@pytest.mark.parametrize(("markup", "attrs"), [
    ('<text id="u" title="标题" encoding="gbk"><html><p>正文</p></html></text>',
     {"id": "u", "title": "标题", "encoding": "gbk"}),
    ('<doc url="u">\n<p>正文</p></doc>', {"url": "u"}),
    ("<html><p>正文</p></html>", {}),
])
def test_unwrap(markup: str, attrs: dict) -> None:
    inner, got = html.unwrap(markup)
    assert got == attrs and "<text" not in inner and "<doc" not in inner and "正文" in inner


@pytest.mark.parametrize(("text", "day"), [
    ("发布时间：2022-02-11 08:52", datetime.date(2022, 2, 11)),
    ("2022年02月13日07:48 | 来源：新华日报", datetime.date(2022, 2, 13)),
    ("发布时间 2005/05/17 22:11:42 by 眉间尺", datetime.date(2005, 5, 17)),
    ("7/5/2005 9:23:57 PM", datetime.date(2005, 5, 7)),
    ("5/17/2005", datetime.date(2005, 5, 17)),  # the day can only be the 17th
    ("2022-13-45", None),
    ("电话：023-6388-1234", None),
    ("第1890号", None),
])
def test_parse_date(text: str, day: datetime.date | None) -> None:
    assert html_meta.parse_date(text) == day


@pytest.mark.parametrize(("lines", "author"), [
    (["标题", "作者：芊草凡凡 时间：2005-08-22 19:13:18"], "芊草凡凡"),
    (["标题", "光明日报记者 王建宏 张文攀"], "王建宏、张文攀"),
    (["标题", "本报实习生 刘国栋 周炜", "本报记者 王燕平 方云凤"], "刘国栋、周炜、王燕平、方云凤"),
    (["标题", "正文。", "新京报记者 彭冲 山东冠县报道"], "彭冲"),
    (["标题", "正文。", "（姚峰 上海报道）"], "姚峰"),
    (["标题", "ggjjzhzz 发表于 2005-9-15 11:46:00"], "ggjjzhzz"),
    (["标题", "发文机关：吉林省人民政府"], "吉林省人民政府"),
    (["标题", "正文。", "（责任编辑：魏喆）"], "魏喆"),
    (["标题", "第A04版：小记者训练营"], None),
    (["标题", "返目录"], None),  # a link under the title is no byline
    (["标题", "接受记者采访时称，产量增长。"], None),
    # the writer's role between the label and the name; a closing bracket ends the names
    (["标题", "【文/观察者网专栏作者 王文】"], "王文"),
    (["标题", "作者：未知 责任编辑：李明"], "李明"),  # an unknown author is none
    # a photo credit names the photographer, not the writer; a caption after the lead is no byline
    (["标题", "正文。", "▲广州日报全媒体图片记者黎旭阳、李妍摄", "（责任编辑：魏喆）"], "魏喆"),
    (["标题", "正文。", "本报记者 王明摄"], None),
    (["标题", "为推动金融知识普及工作，9月20日宣传活动在广场正式启动。", "活动现场"], None),
    (["标题", "王明", "正文第一段。"], "王明"),
    # a verb of compilation after the names is no name (长江网10月4日讯（记者陈智 整合）)
    (["标题", "长江网10月4日讯（记者陈智 整合）正文。"], "陈智"),
    (["标题", "新华社记者 王明 李华 编译"], "王明、李华"),
])
def test_author(lines: list[str], author: str | None) -> None:
    assert html_meta.author_of(lines, len(lines), "标题", {}) == author


@pytest.mark.parametrize(("meta", "author"), [
    ("王明", "王明"),
    ("name, email@gmail.com", None),  # a template's placeholder
    ("104363", None),  # the site's user number
])
def test_the_author_meta_tag_names_a_person_or_nobody(meta: str, author: str | None) -> None:
    assert html_meta.author_of(["标题", "正文。"], 2, "标题", {"author": meta}) == author


@pytest.mark.parametrize(("lines", "kept"), [
    (["正文第一段，说明情况。", "■ 相关链接", "精品专题推荐：", "搜狐商城"], 1),
    (["正文第一段，说明情况。", "01舞蹈文化人类学", "2、中国舞蹈史"], 3),  # a table that ends the article stays
    (["正文第一段，说明情况。" * 6, "由海姑娘张贴 @ 2005-03-21 (359)", "评论：写得好！"], 1),
    # the site's legal notice after the article, its clauses long enough to pass for body text
    (["正文第一段，说明情况。" * 6, "反侵权公告：",
      "未经书面许可，擅自转载本报社作品的，本社将依法追究其法律责任。" * 3], 1),
    (["正文第一段，说明情况。" * 6, "振兴东北网版权与免责声明：",  # the site's name before it
      "① 凡本网注明“来源：振兴东北网”的所有作品，版权均属于本网，未经本网授权不得转载、摘编或利用其它方式使用。"], 1),
    # a heading of the article that names a notice does not end it
    (["正文第一段，说明情况。" * 6, "公司发布了免责声明", "正文第二段，说明情况。" * 3], 3),
    # a related-news list: headlines with the date (and time) they were posted
    (["正文第一段，说明情况。" * 6, "v 为同门兄弟途胜让路 现代叫停狮跑上市活动 2005-07-13 09:00:04",
      "v 国产途胜全面进场 经销商喜上眉梢 2005-07-11 15:02:26",
      "v 伊兰特下月上市 赛拉图跟谁赛? 2005-07-11 10:06:16"], 1),
    (["正文第一段，说明情况。", "北京现代复产 现车仍吃紧 新款优惠 2005-07-01 09:41:33",
      "现代广汽合资尘埃落定 打造商用车航母 2005-06-29 14:41:32"], 3),  # two dated headlines are no list
    # a chronology in the article: each line starts with its date
    (["大事记如下。", "2005-07-13 与广汽签署全面合作协议并宣布合资", "2005-08-01 合资公司的新工厂正式开工建设",
      "2005-09-15 合资公司的第一辆商用车下线"], 4),
    # the heading of a list of other articles ends the article, with the teasers under it
    (["正文第一段，说明情况。" * 6, "延伸 · 推荐", "女警一天打100电话被停机 电信:核实非诈骗后恢复",
      "近日，四川江油一社区女民警在开展辖区核查工作时，手机被停机。"], 1),
    (["正文第一段，说明情况。" * 6, "热门推荐", "海尔4名员工午休被开除", "APP专享"], 1),
    (["正文第一段，说明情况。" * 6, "热门推荐产品的销量增长了两成。"], 2),  # a sentence that opens with the words
    # emoji lost before the page was saved; a text-drawn table's rules stay
    (["正文第一段，说明情况。", "\ufffd\ufffd\ufffd", "正文第二段，说明情况。"], None),
    (["正文第一段，说明情况。", "│ │", "│表│", "正文第二段，说明情况。"], 4),
])
def test_the_article_ends_at_its_last_sentence_or_post_footer(lines: list[str], kept: int | None) -> None:
    expected = lines[:kept] if kept is not None else [ln for ln in lines if "\ufffd" not in ln]
    assert html._trim_tail(html._article_lines(lines)) == expected


# ----------------------------------------------------------------------------- real pages (../shared)


@needs_pages
@pytest.mark.parametrize(("name", "title", "day"), [
    ("03_people_henan-high-quality-dev-2024-05_utf8-declared-gb2312.html",
     "在新时代中部地区崛起中争先出彩（推动高质量发展·权威发布）", datetime.date(2024, 5, 10)),
    ("05_sohu_private-investment-2004-10_gbk.html", "民间资本成投资活动的主体 民间资本路在何方",
     datetime.date(2004, 10, 21)),
    ("06_nmg-gov_tax-relief-2022-02_utf8.html", "内蒙古延续部分到期税收优惠政策助企纾困", datetime.date(2022, 2, 11)),
])
def test_real_pages_title_and_date(name: str, title: str, day: datetime.date) -> None:
    page = html.page((SHARED / "html" / name).read_bytes())
    assert page.title == title and page.published_on == day
    assert "\n" in page.body and all(len(line) < 2000 for line in page.body.split("\n"))


@needs_dataset
@pytest.mark.parametrize(("page_id", "min_f1"), [
    ("8f1cdd94-", 0.9),  # a blog page laid out in tables, its other posts below
    ("a6e8b739-", 0.8),  # a forum thread: the first post, not the replies
    ("c38e2b2d-", 0.95),  # a 2004 portal page in a crawler record
    ("2bac7fb2-", 0.9),  # a news page among ads and link lists
    ("386d70f8-", 0.6),  # a forum's error page: its messages are list items of a table cell, outside a list
    ("a0cb0242-", 0.95),  # a Word-made page: paragraphs carried on outside their <p>
])
def test_dataset_pages_keep_the_article_and_drop_the_chrome(page_id: str, min_f1: float) -> None:
    (path,) = (DATASET / "original").glob(page_id + "*.html")
    gold = (DATASET / "cleaned" / f"{path.stem}.txt").read_text("utf-8", errors="replace")
    assert web_bench.char_f1(html.page(path.read_bytes()).body, gold)[2] >= min_f1


@pytest.fixture(scope="module")
def dataset_scores() -> dict:
    if not (DATASET / "original").is_dir():
        pytest.skip("../shared web-content dataset absent")
    return web_bench.score(web_bench.pages(DATASET), web_bench.ours)


def test_dataset_content_and_author_targets(dataset_scores: dict) -> None:
    assert dataset_scores["f1"] >= 0.95
    assert dataset_scores["author"] >= 0.80
    assert dataset_scores["date"] >= 0.85


def test_dataset_date_target(dataset_scores: dict) -> None:
    """The date a run records (a magazine's 1998年3月号 as its month) right on 0.90 of the pages showing one."""
    assert dataset_scores["date"] >= 0.90
    assert dataset_scores["false_dates"] <= 4


@pytest.mark.xfail(strict=True, reason="a page whose copied content stops a third of the way in (see docs)")
def test_dataset_no_page_under_0_6(dataset_scores: dict) -> None:
    assert dataset_scores["under"] == 0


TEASERS = ["奥克斯告官", "奥克斯通讯、李晓龙是过河卒子，一往无前别无退路，集团则", "丁聪:享受最后的时光",
           "一个很瘦、很睿智、洒脱、又很风趣的老头,这就是自谑为小", "余秋雨担任娱乐主持?",
           "湖南卫视正在邀请余秋雨担任全新娱乐节目的主持人,余秋雨"]


@pytest.mark.parametrize(("tail", "kept"), [
    (TEASERS, 0),  # other articles' headlines, each with its first characters cut at one length
    (TEASERS[:4], 4),  # two cut sentences are not yet a list
    (["产品 2019年 2020年 2021年", "钢材 1200万吨 1300万吨 1400万吨", "水泥 2300万吨 2400万吨 2500万吨",
      "玻璃 3300万箱 3400万箱 3500万箱"], 4),  # a table's rows end the article: no commas, they stay
    (["全市农业生产平稳，粮食播种面积稳定，夏粮再获丰收", "工业生产加快，高技术制造业增长较快，新动能持续",
      "市场销售回升，升级类消费需求较快释放，网上零售", "特此说明。"], 4),  # the article's own last sentence closes it
])
def test_a_list_of_teasers_after_the_article_is_dropped(tail: list[str], kept: int) -> None:
    lines = html._trim_tail([*BODY, *tail])
    assert lines[:len(BODY)] == BODY and lines[len(BODY):] == tail[:kept]


HEADLINE, LEAD, FOOTER = "李简——新外科运动向我们走来", "神奇，偶然掉在凡俗的临床上。", "北京大学医学部新闻中心"


@pytest.mark.parametrize(("line", "headline"), [
    ("2019年中国人文地理学术年会在重庆•西南大学成功举行！", True),  # a headline may cry out
    ("数据业大整顿：爬虫与现金贷共生？", True),
    ("会议开幕。代表们讨论了报告！", False),  # two sentences
    ("会议开幕。", False),
    ("首页 - 新闻动态", False),  # a breadcrumb
])
def test_headline_like(line: str, headline: bool) -> None:
    assert html_meta._headline_like(line) is headline


@pytest.mark.parametrize(("lines", "first"), [
    ([FOOTER, HEADLINE, LEAD], HEADLINE),  # the extractor put first a line the page prints after the article
    ([HEADLINE, LEAD], HEADLINE),  # in order
    (["不在页面上的一行", HEADLINE], "不在页面上的一行"),  # not printed: as it comes
    ([], None),
])
def test_the_body_s_first_line_as_the_page_prints_it(lines: list[str], first: str | None) -> None:
    visible = ["首页>>人物聚焦", HEADLINE, LEAD, "（袁源）", FOOTER]
    assert html._first_in_order(lines, visible) == first


@pytest.mark.parametrize(("line", "metadata"), [
    ("BUSINESS.SOHU.COM 2005年3月11日12:12 来源：[ 人民网 ]", True),  # a site's address in capitals, a date, a source
    ("2024-07-20 10:30 来源：市统计局 作者：王明", True),
    ("2024年7月20日，市统计局发布了上半年的数据。", False),
])
def test_page_metadata_lines(line: str, metadata: bool) -> None:
    assert html_meta.is_metadata_line(line) is metadata


def test_a_paragraph_carried_on_outside_its_block_is_read_whole() -> None:
    """A Word-made page (as the dataset page a0cb0242…) closes a paragraph inside a ``<span>`` and carries
    on in a ``<font>`` beside it; trafilatura dropped the rest of the paragraph."""
    told = ["他说，我们的目标是要搭建一个符合现代市场理念的、保持企业持久发展战略的信息平台。",
            "李金泽同志现任某某机械有限责任公司党委书记、董事长兼总经理。",
            "1956年生人，1978年参加工作，历任县农机修造厂技术科长、总工程师等职务，2001年起任现职。",
            "记者了解到，这家公司去年实现销售收入1.2亿元，同比增长15%，产品销往全国二十多个省份。"]
    loose = ("<span lang=EN-US><font face='Times New Roman'>1956</font></span><span>年生人，</span>"
             "<span lang=EN-US><font face='Times New Roman'>1978</font></span><span>年参加工作，"
             "历任县农机修造厂技术科长、总工程师等职务，2001年起任现职。</span>")
    markup = ("<html><head><title>农机专家：为农机行业搭建信息平台</title></head><body><div id=Content>"
              f"<font color=#008080><p>{told[0]}</p><span><p class=MsoNormal><br><font>{told[1]}</font></p></span>"
              f"<font color=#0000ff>{loose}</font><p>{told[3]}</p></font></div></body></html>")
    assert html.page(markup.encode()).body.split("\n") == told



def test_the_article_under_the_headline_beats_comments_under_its_repeat() -> None:
    """A site prints the headline again over its comments (163's 跟贴): the extractor's pick that starts
    there is not the first block under the headline (page GNE 163_t1: the article had given way to one comment)."""
    comment = "疑点无法从财务报告中得到合理的解释，审计员是否考虑了土地所有权价值的影响呢？不可以掩耳盗铃。" * 2
    visible = ["网站首页", "龙湖集团暗伤曝露", "2019-09-07 来源：红周刊", *BODY,
               "龙湖集团暗伤曝露", comment, "目前没有热门跟贴"]
    found = ["龙湖集团暗伤曝露", comment]
    assert html._choose(found, BODY, visible, "龙湖集团暗伤曝露") == BODY
    # a forum's first post against its replies: the pick that starts under the headline stays
    post = ["楼主的帖子很长，说明了一件事情的来龙去脉，有理有据，值得一读。" * 4]
    replies = [f"回复{k}：同意楼主的看法，补充几点意见，供大家参考讨论。" * 2 for k in range(8)]
    visible = ["论坛首页", "一个帖子", *post, *replies]
    assert html._choose(post, replies, visible, "一个帖子") == post


def test_a_government_page_is_dated_by_its_first_publication_not_its_generation() -> None:
    """gov.cn's pages say when they were first published in a meta tag of their own, and when the page was
    generated in another: htmldate's guess took the generation (GNE page other_1: 2023 for a 2007 law)."""
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    markup = ("<html><head><title>关于批准决算的决议</title>"
              "<meta name='firstpublishedtime' content='2007-08-20-23:59:59'>"
              "<meta name='others' content='页面生成时间 2023-10-23 11:23:36'></head>"
              f"<body><div class='article'>{paras}</div></body></html>")
    assert html.page(markup.encode()).published_on == datetime.date(2007, 8, 20)


def test_code_inside_a_sentence_stays_in_it() -> None:
    """A WeChat article's inline code (``叫做<code style=…>defer</code>，…``, GNE page wechat_2): trafilatura made
    it a line of its own, and as a styled span dropped its text."""
    code = ("<code style='padding: 2px 4px; font-family: Consolas, monospace; word-break: break-all;"
            " visibility: visible;' class='js_darkmode__1'>defer</code>")
    paras = "".join(f"<p>{p}</p>" for p in BODY)
    markup = (f"<html><body><h1>标题</h1><div class='rich_media_content'>{paras}"
              f"<p>Golang 里面有一个关键词叫做{code}，它可以实现延迟调用。</p>{paras}</div></body></html>")
    assert "Golang 里面有一个关键词叫做defer，它可以实现延迟调用。" in html.page(markup.encode()).body.split("\n")


@pytest.mark.parametrize("container", ["div class='article_text'", "div class='TRS_Editor'", "section id='zoom'"])
def test_section_headings_and_list_items_stay_in_an_article_whose_container_trafilatura_does_not_know(
        container: str) -> None:
    """Most Chinese sites name their article's container in their own words (``article_text``, ``TRS_Editor``,
    ``zoom``); trafilatura then gathers the page's loose ``<p>``s and drops the section headings and list
    items between them (GNE pages ednchina_1 and wechat_2). The densest block is named the article for it."""
    tag = container.split()[0]
    markup = ("<html><head><title>上半年全市经济运行情况_统计局</title></head><body>"
              "<ul><li><a href='/'>首页</a></li><li><a href='/a'>统计数据</a></li></ul>"
              f"<h1>上半年全市经济运行情况</h1><{container}>"
              f"<p>{BODY[0]}</p><h3>一、工业生产稳中有进</h3><p>{BODY[1]}</p>"
              "<ol><li><section>规模以上工业增加值同比增长6.1%</section></li>"
              "<li><section>高技术制造业增加值增长9.3%</section></li></ol>"
              f"<h3>二、消费市场持续恢复</h3><p>{BODY[2]}</p></{tag}>"
              "<div class='foot'>版权所有 统计局</div></body></html>")
    lines = html.page(markup.encode()).body.split("\n")
    assert lines == [BODY[0], "一、工业生产稳中有进", BODY[1], "规模以上工业增加值同比增长6.1%",
                     "高技术制造业增加值增长9.3%", "二、消费市场持续恢复", BODY[2]]
