"""What a web page says about its article: title, publication date, author (the metadata half of
:func:`transforms.html.page`).

Pure: functions over the page's markup, its visible lines and the article lines found; no I/O. The order
of evidence for each field is documented in :mod:`transforms.html`.
"""

from __future__ import annotations

import contextlib
import datetime
import html as htmlmod
import re

RE_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)

RE_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)

RE_TAG = re.compile(r"<[^>]+>")

RE_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")

RE_BREADCRUMB = re.compile(r">|»|›|当前位置|现在的位置|所在位置|^\s*首页\s*[-–—/|｜]")

RE_LABELLED_TITLE = re.compile(r"^(?:主\s*题|标\s*题)\s*[：:]\s*(\S.{3,})$")

# "headline_Site name", "headline - Site", "headline | Site", "headline--Site": the site after the separator
RE_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|--|\s[-–—]\s|\s-(?=\S)).*$")

# A breadcrumb trail's label (``您现在的位置：读书 -> 连载 -> …``): a chrome line, and a block html_tree prunes.
TRAIL_LABEL = r"^\s*您?(?:当前|现在|所在)的?位置\s*[：:]"

# Site chrome lines that slip into a main-content block: ICP licence, police filing, copyright, share bars,
# pagers, "print / close", editors, comment prompts.
RE_CHROME = re.compile(
    r"ICP[备证]|公网安备|网站标识码|版权所有|版权声明|Copyright|©|分享到|扫一扫|打印本页|打印本文|关闭窗口|【字体|字号[:：]"
    r"|【[大中小]】|我来说两句|发表评论|网友评论|查看评论|评论\s*[(（]\d|点击排行|返回顶部|返回首页|收藏本文|推荐给朋友"
    r"|^\s*[(（【\[]?\s*(?:上一篇|下一篇|上一页|下一页|相关阅读|相关新闻|相关报道|相关链接|相关文章|推荐阅读|延伸阅读"
    r"|热点推荐|责任编辑|责编|编辑[：:]|(?:本文)?原标题[：:]|标签[：:]|关键词[：:]|阅读\s*[(（:：]\d|点击[：:]?\s*\d"
    # a source or credit label (``本文来源：新京报``, ``图片来源：摄图网``, ``校对|黄慧敏``, ``编辑 刘晓阳 校对 李铭``)
    r"|(?:本文|文章|信息|消息|图片|图像|照片)?来源于?\s*[：:|｜]|(?:编辑|责编|校对|审核|监制|统筹)\s*[|｜]"
    r"|编辑\s*[：:]?\s*\S{2,4}\s+校对"
    # a template's author field alone on its line (``作者：余毅菁 向雪妮``; the byline is read from the page)
    r"|作者\s*[：:]\s*[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,5}\s*$)"
    # a site's footer: who runs it, where it is (``主办单位：… 运行维护单位：…``, ``地址：… 邮编：… 电话：…``)
    r"|主办单位\s*[：:].{0,40}(?:承办|运行维护|技术支持|协办)单位|^\s*地址\s*[：:].{0,60}(?:邮编|电话)"
    # a pager (``第1页/共1页``, ``<< 上一页 | 下一页 >>``), a teaser's link (``…… [全文]``), a view or comment
    # count (``您是本文第 154 个阅览者``, ``已被阅读178次``, ``已有1件评论``), a blog's trackback link
    r"|^\s*第\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页|^\s*(?:<<|«|‹)\s*上一页|^[^，。；！？,;!?]*上一页[^，。；！？,;!?]{0,40}下一页[^，。；！？,;!?]*$|[\[【]全文[\]】]\s*$"
    r"|您是本文第\s*\d+\s*(?:个|位)|已被阅读\s*\d+\s*次|已有\s*\d+\s*(?:件|条|篇)评论|trackback"
    # a rule drawn with dashes or stars; a label with nothing after it (``作者：``, ``发表时间：``)
    r"|^\s*[-—_=*~]{5,}\s*$|^\s*(?:作者|来源|出处|发表时间|发布时间|更新时间|时间|日期|编辑|责编)\s*[：:]\s*$"
    # a page's buttons in brackets (``【打印本稿】``, ``[打印] [关闭]``), a count of views (``点击数：1234``), a
    # site's address alone on its line, a forum's greeting and its users online (``游客 欢迎你！``)
    r"|^\s*(?:[【\[][^】\]\n]{0,8}?(?:打印|关闭|收藏|纠错|字号|返回|推荐|评论|顶部|分享)[^】\]\n]{0,8}[】\]]\s*)+$"
    r"|^\s*(?:点击|浏览|阅读|访问)(?:数|次数|量|人次)\s*[：:]\s*\d"
    # a prompt to open a photo larger (``（点击看清晰大图）``, ``点击图片查看原图``)
    r"|^\s*[(（【\[]?\s*(?:点击|单击|轻触)(?:图片)?可?(?:看|查看|浏览|放大)?(?:清晰|高清)?(?:大图|原图)\s*[)）】\]]?\s*$"
    r"|^\s*(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|cn|gov|edu|info|biz|cc|tv|hk|tw)/?\s*$"
    r"|^\s*(?:游客|访客|过客)[，,\s]*(?:您好|你好|欢迎)|在线用户\s*[:：]\s*\d"
    # a prompt to follow the site's social account (``扫描左方二维码关注…官方微信``, ``3、回复【社保】查询…``)
    r"|扫描[^，。]{0,8}二维码|二维码关注|关注[^，。]{0,12}(?:公众号|官方微信|微信号)|^\s*\d*[、.]?\s*回复【|点【在看】"
    r"|长按(?:识别|扫描)|^\s*\S{1,10}公众号\s*$"
    # a breadcrumb trail (``您现在的位置：读书 -> 连载 -> …``)
    rf"|{TRAIL_LABEL}"
    # a forum board's header: its section tags and moderators (``[精华区] 版主：[申请版主]``, ``版主：张三 李四``)
    r"|^\s*(?:\[[^\]]{1,8}\]\s*)*版主\s*[：:](?:\s*(?:\[[^\]]{1,8}\]|[^\s，,。；;！？!?]{1,12}))*\s*$",
    re.I,
)

RE_SENTENCE_END = re.compile(r"[。！？!?…；;][”’」』）)\]】]*\s*$")

MAX_CHROME_CHARS = 80  # a longer line with one of those words is body text that mentions them

MAX_TITLE_CHARS = 60
MIN_TITLE_CHARS = 2  # a page whose <title> is ``1`` names no title
BELOW_FIRST_LINE = 5  # lines under the body's first line where its headline may still print
MIN_TITLE_SHARE = 1 / 3  # ... if the <title> holds it and it makes this share of the <title>

CJK_PUNCT = set("，。！？；：、“”")

# Dates as printed on pages: 2005-07-31 12:30, 2005/05/17 22:11:42, 2022年02月13日07:48, 7/5/2005 9:23 PM.
RE_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"|(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?!\d)"
)

RE_LABELLED_DATE = re.compile(
    r"(?:发表于|发布于|发表时间|发布时间|发布日期|更新时间|时间|日期)\s*[：:]?\s*((?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
    r"|在\s*((?:19|20)\d\d年\d{1,2}月\d{1,2}日)[^。]{0,12}发表"
)

RE_LABELLED_SHORT_DATE = re.compile(
    r"(?:发表于|发布于|发表时间|发布时间|发布日期)\s*[：:]?\s*(\d\d)-(\d{1,2})-(\d{1,2})"
    r"(?=\s*\d{1,2}:\d\d|[^\d-]|$)")  # a time may follow, glued (``18-03-0823:16``)

# A line that only carries page metadata: dates, source, author, views, font size, share buttons.
RE_META_WORDS = re.compile(
    r"(?:(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?(?:\s*[AP]M)?"
    r"|\d{1,2}:\d\d(?::\d\d)?|发布(?:时间|日期)?|更新(?:时间)?|时间|日期|来源|来自|作者|编辑|浏览|阅读|点击|次数"
    r"|字号|字体|[大中小]|打印|分享|评论|收藏|http\S+|www\.\S+|[\w.-]+\.(?i:com|net|org|cn)\b|[\[\]【】()（）|:：/·\-\s\d次])+"
)

NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?"

LATIN_NAME = r"[A-Za-z][\w.&-]{2,19}"

# a forum or blog user name: letters, digits, ideographs and & . - _
USER_NAME = r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff&.-]{1,15}"

NAMES = rf"{NAME}(?:[、 ，,]+{NAME})*"

LAZY_NAMES = rf"{NAME}(?:[、 ，,]+{NAME})*?"

# where a list of names ends: the line's end, a bracket, or the next label (时间：…, 出自[…])
NAMES_END = r"(?=\s*$|\s*[|｜(（\[【】\]）)]|\s+\S{1,6}[：:\[【(（]|\s+(?:19|20)\d\d)"

RE_NAME_LINE = re.compile(rf"^(?:{NAMES}|{LATIN_NAME})$")

# Author evidence, most to least trusted: the first kind that matches in the article's part of the page
# wins. Labelled (作者：…, 文/…, 执笔：…), reporters (记者 王明 李华, （记者 王明）, 记者 王明 北京报道),
# a poster (由…张贴, … 发表于, 是…在…发表, … by …), the issuer of an official document (发文机关), a
# closing (王明) or (王明 北京报道), and last an editor (编辑：…) or a person named as the source.
RE_AUTHOR_LABELLED = re.compile(
    r"(?:作\s*者|执\s*笔人?|撰\s*文|(?<![\u4e00-\u9fff])文|发布者|发帖人|楼主)\s*[：:/／]\s*"
    # the writer's role before the name (``文/观察者网专栏作者 王文``)
    r"(?:[\u4e00-\u9fff]{0,12}?(?:作者|评论员|撰稿人|研究员|记者)\s*)?"
    rf"(?P<n>{LAZY_NAMES}(?:\s*\([A-Za-z .]+\))?{NAMES_END}|{USER_NAME}{NAMES_END})"
)

RE_AUTHOR_REPORTER = re.compile(
    rf"(?<!小)(?<!图片)(?<!摄影)(?:记者|通讯员|实习生|撰稿人?)\s*(?P<n>{LAZY_NAMES})"
    rf"(?:\s+[\u4e00-\u9fff]{{2,8}}报道|\s*发自|\s*/\s*[文摄]|(?=\s*$|\s*[）)]))"
)

RE_AUTHOR_POSTER = re.compile(
    rf"(?:由\s*(?P<a>{USER_NAME})\s*张贴"
    rf"|(?P<b>{USER_NAME})\s*发表于|\d:\d\d(?::\d\d)?\s+by\s+(?P<c>{USER_NAME})"
    rf"|\[\s*(?P<d>{NAME})\s*\]\s*来源|是\s*(?P<e>{USER_NAME})\s*在\s*(?:19|20)\d\d年[^。]{{0,20}}发表)"
)

RE_AUTHOR_ISSUER = re.compile(r"^发文机关\s*[：:]?\s*(?P<n>[\u4e00-\u9fff]{4,20})$")

RE_AUTHOR_CLOSING = re.compile(
    rf"(?:[(（]\s*(?P<m>{LAZY_NAMES})\s+[\u4e00-\u9fff]{{2,4}}报道\s*[)）]$|^[(（]\s*(?P<n>{LAZY_NAMES})\s*[)）]$)"
)

RE_AUTHOR_EDITOR = re.compile(
    rf"(?:(?:责任编辑|编辑|责编)\s*[：:]?\s*(?P<n>{NAME})(?![\u4e00-\u9fff])|^来\s*源\s*[：:]\s*(?P<m>{NAME})$)"
)

AUTHOR_RULES = (RE_AUTHOR_LABELLED, RE_AUTHOR_REPORTER, RE_AUTHOR_POSTER, RE_AUTHOR_ISSUER, "meta",
                "under_title", RE_AUTHOR_CLOSING, RE_AUTHOR_EDITOR)

# Words that are never a person's name: organisations, roles, page furniture.
RE_NOT_A_NAME = re.compile(
    r"网|报|社|台|站|局|中心|公司|集团|团队|出版|频道|编辑|记者|来源|本报|时间|日期|发布|发表|阅读|点击|浏览|评论"
    r"|导航|搜索|登录|注册|首页|返回|目录|上一[页篇]|下一[页篇]|更多|分享|收藏|打印|关闭|统计|目的|手机|客户端|本文|正文|全文|原文|字号|字体|^size$|^width$|^height$|Team|Www|^and$"
    # a template's placeholder (``name, email@gmail.com``), a user's number, an unknown author
    r"|@|^e-?mail$|^name$|^\d+$|未知|佚名|匿名|不详",
    re.I,
)


def char_count(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def line_index(visible: list[str], line: str, start: int) -> int | None:
    key = "".join(line.split())[:12]
    for i in range(start, len(visible)):
        if key in "".join(visible[i].split()):
            return i
    return None


def _about(title: str, body: str) -> bool:
    """Whether most two-character words of a title occur in the body (a headline, not a site's name).

    >>> _about("重庆上半年地区生产总值增长", "上半年全市地区生产总值增长6.1%"), _about("谢谢您访问", "上半年全市")
    (True, False)
    """
    pairs = {title[i : i + 2] for i in range(len(title) - 1) if RE_HAN2.fullmatch(title[i : i + 2])}
    return bool(pairs) and sum(p in body for p in pairs) >= 0.5 * len(pairs)


def _ends_sentences(line: str) -> bool:
    """A line that ends a sentence, unless one exclamation or question is all it is: a headline may cry out
    (``…学术年会在重庆•西南大学成功举行！``)."""
    if not RE_SENTENCE_END.search(line):
        return False
    cried = RE_EXCLAIMED.search(line)
    return cried is None or RE_SENTENCE_MARK.search(line, 0, cried.start()) is not None


RE_EXCLAIMED = re.compile(r"[！？!?][”’」』）)\]】]*\s*$")
RE_SENTENCE_MARK = re.compile(r"[。！？!?；;…]")


def _headline_like(line: str) -> bool:
    """A line that can be a headline: 4 to 60 characters, no sentence end, not a name, date, label or deck."""
    return (4 <= len(line) <= MAX_TITLE_CHARS and not _ends_sentences(line) and not RE_NAME_LINE.match(line)
            and not line.startswith(("——", "--", "－－")) and not line.endswith(("：", ":"))
            and not is_chrome(line) and not is_metadata_line(line) and parse_date(line) is None
            and not RE_BREADCRUMB.search(line)
            and sum(ch in CJK_PUNCT for ch in line) <= 2)


def is_chrome(line: str) -> bool:
    return len(line) <= MAX_CHROME_CHARS and bool(RE_CHROME.search(line.strip()))


def is_metadata_line(line: str) -> bool:
    """A short line made only of page metadata: a date, a time, a source, a view count."""
    if len(line) > 60 or (not RE_DATE.search(line) and not re.search(r"\d{1,2}:\d\d", line)):
        return False
    rest = RE_META_WORDS.sub("", line)
    return char_count(rest) <= 12 and not re.search(r"[。！？]", line)


def plain_text(fragment: str) -> str:
    return " ".join(htmlmod.unescape(RE_TAG.sub("", fragment)).split())


def _printed_title(lines: list[str], heads: str, *, share: float = 0.0) -> str | None:
    """The longest of ``lines`` that ``heads`` (the <title>, spaces out) holds and that makes ``share`` of it,
    else a labelled title (a forum's ``主题：…``)."""
    inside = [ln for ln in lines if 4 <= len(ln) <= MAX_TITLE_CHARS
              and (flat := "".join(ln.split())) in heads and len(flat) >= share * len(heads)]
    if inside:
        return max(inside, key=lambda ln: (len(ln), -lines[::-1].index(ln)))
    for ln in lines:  # a forum's thread: 主题：…
        if (m := RE_LABELLED_TITLE.match(ln)) and len(m.group(1)) <= MAX_TITLE_CHARS:
            return m.group(1)
    return None


def title_of(markup: str, found: str | None, record: str | None, visible: list[str], first: str | None,
           body: str = "") -> str | None:
    """The headline: the longest line printed above the article that the page's ``<title>`` holds.

    A page's ``<title>`` is its headline plus the site's name, but a site's ``<h1>`` is often its logo;
    so an ``<h1>`` is the headline outright only when it prints as a line of its own and equals the
    ``<title>`` less the site's name (however short: 金锺国). Else the headline is the longest line (4 to 60
    characters) above the body that ``<title>`` (or the crawler record's title) contains (or a labelled
    ``主题：…``), else such a line a few lines under the body's first line when it makes a third of the
    ``<title>`` at least (the body's first lines are then a masthead or a greeting). Without one: ``<h1>``,
    the extractor's title, then ``<title>`` without the site's name; a one-character ``<title>`` (``1``) is
    no title.
    """
    m = RE_TITLE.search(markup)
    page_title = plain_text(m.group(1)) if m else ""
    heads = "".join((page_title + (record or "")).split())
    h1 = RE_H1.search(markup)
    h1_text = plain_text(h1.group(1)) if h1 else ""
    stripped = RE_SITE_SUFFIX.sub("", page_title or plain_text(record or "")).strip()
    if MIN_TITLE_CHARS <= len(h1_text) <= MAX_TITLE_CHARS and h1_text == stripped and h1_text in visible:
        # the <h1>, printed as a line of its own, and the <title> (less the site's name) agree: the headline,
        # however short (金锺国; a headline with its deck in the <h1> is read from its printed lines below)
        return h1_text
    end = line_index(visible, first, 0) if first else None
    above = visible[: end + 3 if end is not None else len(visible)]  # a kicker may print above the headline
    printed = _printed_title(above, heads)
    if printed is None and end is not None:
        # a few lines further down, when the body's first lines are a masthead or a greeting the extractor
        # kept (``游客 欢迎你！``): a line the <title> holds must then make a good part of it (not a section's name)
        printed = _printed_title(visible[: end + BELOW_FIRST_LINE], heads, share=MIN_TITLE_SHARE)
    if printed is not None:
        return printed
    for text in (h1_text, stripped):  # when they name the article, though no line prints them as such
        if 4 <= len(text) <= MAX_TITLE_CHARS and _about(text, body):
            return text
    if first and _headline_like(first):  # a generic <title> (the site's name): the body's first line,
        return first
    if end is not None:  # else the line set above the body
        for ln in reversed(visible[max(0, end - 10) : end]):
            if _headline_like(ln):
                return ln
    candidates = [
        h1_text,
        RE_SITE_SUFFIX.sub("", found or "").strip(),
        RE_SITE_SUFFIX.sub("", plain_text(record or "")).strip(),
        RE_SITE_SUFFIX.sub("", page_title).strip(),
    ]
    return next((c for c in candidates if MIN_TITLE_CHARS <= len(c) <= MAX_TITLE_CHARS), None)


def meta_tags(tree) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or m.get("http-equiv") or "").lower()
        if key and m.get("content") and key not in out:
            out[key] = m.get("content").strip()
    return out


def parse_date(text: str) -> datetime.date | None:
    """The first plausible calendar date printed in a text.

    >>> parse_date("发布时间：2022年02月13日07:48 | 来源：新华日报"), parse_date("7/5/2005 9:23:57 PM")
    (datetime.date(2022, 2, 13), datetime.date(2005, 5, 7))
    """
    for m in RE_DATE.finditer(text):
        if m.group(1):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:  # d/m/yyyy as printed by some CMSs (7/5/2005 is 7 May); m/d when the day is over 12
            a, b, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
            d, mo = (a, b) if b <= 12 else (b, a)
        try:
            day = datetime.date(y, mo, d)
        except ValueError:
            continue
        if datetime.date(1990, 1, 1) <= day <= datetime.date(2100, 1, 1):
            return day
    return None


def title_index(visible: list[str], title: str | None, before: int | None = None) -> int | None:
    """Where the headline is printed: its last line above the body (breadcrumbs print it first)."""
    if not title:
        return None
    key = "".join(title.split())[:20]
    found = [i for i, ln in enumerate(visible)
             if key and key in (flat := "".join(ln.split())) and len(flat) <= 2 * len(key) + 40]
    above = [i for i in found if before is None or i <= before]
    return above[-1] if above else (found[0] if found else None)


def date_near_title(visible: list[str], title: str | None, lines: list[str]) -> datetime.date | None:
    """The first date printed within a few lines after the title (or just before it)."""
    first = line_index(visible, lines[0], 0) if lines else None
    i = title_index(visible, title, first)
    if i is None:
        return None
    for ln in visible[i : i + 8] + visible[max(0, i - 3) : i]:
        if len(ln) <= 80 and not ln.endswith("。") and (day := parse_date(ln)):
            return day
    return None


def labelled_date(region: list[str]) -> datetime.date | None:
    """A date the page labels as the publication's: 发表于 …, 发布时间：…, 在2005年8月12日…发表; a two-digit
    year only so labelled (``发布时间：18-03-08``: a platform's stamp for an earlier year, year first).

    >>> [labelled_date([ln]) for ln in ("发布时间：18-03-08 23:16", "发布时间：18-03-0823:16", "电话：18-03-08")]
    [datetime.date(2018, 3, 8), datetime.date(2018, 3, 8), None]
    """
    for ln in region:
        if (m := RE_LABELLED_DATE.search(ln)) and (day := parse_date(m.group(1) or m.group(2))):
            return day
    for ln in region:
        if m := RE_LABELLED_SHORT_DATE.search(ln):
            with contextlib.suppress(ValueError):
                return datetime.date(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def meta_date(metas: dict[str, str]) -> datetime.date | None:
    for key in ("article:published_time", "publishdate", "pubdate", "publish_date", "publishtime",
                "datepublished", "og:release_date", "dc.date", "dc.date.issued", "date",
                # Chinese CMSs (gov.cn: ``firstpublishedtime``; TRS: ``PubDate`` above)
                "firstpublishedtime", "publishedtime", "pubtime", "releasedate"):
        if key in metas and (day := parse_date(metas[key])):
            return day
    return None


# A WeChat article's creation time, set by its page script (the page prints ``昨天``, ``3天前`` from it).
RE_WECHAT_TIME = re.compile(r"\bvar\s+ct\s*=\s*\"(\d{10})\"")
CHINA_TIME = datetime.timezone(datetime.timedelta(hours=8))


def script_date(markup: str) -> datetime.date | None:
    """The date a WeChat article's script holds (``var ct = "1581517074"``), on a page that prints its
    publication time from it (``<em id="publish_time">``), in China's time.

    >>> script_date('<em id="publish_time">昨天</em><script>var ct = "1581517074";</script>')
    datetime.date(2020, 2, 12)
    """
    if 'id="publish_time"' not in markup or not (m := RE_WECHAT_TIME.search(markup)):
        return None
    return datetime.datetime.fromtimestamp(int(m.group(1)), CHINA_TIME).date()


def guessed_date(markup: str) -> datetime.date | None:
    """htmldate's guess, last: its quick search (markup and URL patterns, not every date in the text)."""
    from htmldate import find_date

    try:
        found = find_date(markup, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on odd markup; a guess is only a guess
        return None
    if not found or found.endswith("-01-01"):
        return None  # htmldate's Jan 1 is a year alone (often a copyright line's)
    return parse_date(found)


def head_region(visible: list[str], title: str | None, lines: list[str]) -> tuple[list[str], int]:
    """The part of the page around the article, from just above its title to a little past its end, and
    how many of its lines come before the body (the headline's zone: title, byline, date).

    Lines that end in a label (``发文机关：``) are read with the line after them.
    """
    first = line_index(visible, lines[0], 0) if lines else None
    start = title_index(visible, title, first)
    start = 0 if start is None else max(0, start - 2)
    end = len(visible)
    last = "".join(lines[-1].split())[:16]
    for j in range(start, len(visible)):
        if last and last in "".join(visible[j].split()):
            end = min(len(visible), j + 8)
    region: list[str] = []
    for ln in visible[start:end]:
        if region and len(region[-1]) <= 12 and region[-1].endswith(("：", ":")):
            region[-1] += ln
        else:
            region.append(ln)
    ti = title_index(visible, title, first)
    head = max((first - start + 2) if first is not None and first >= start else 8,
               (ti - start + 6) if ti is not None else 0)
    return region, head


def author_of(region: list[str], head: int, title: str | None, metas: dict[str, str]) -> str | None:
    """The article's author(s), joined by ``、``: the first kind of evidence of :data:`AUTHOR_RULES` found,
    in the headline's zone first (a byline under the title beats a name in a sidebar), then around
    the whole article."""
    return _author_in(region[:head], title, {}) or _author_in(region, title, metas)


def _author_in(region: list[str], title: str | None, metas: dict[str, str]) -> str | None:
    ti = title_index(region, title, len(region))
    for rule in AUTHOR_RULES:
        if rule == "meta":
            candidates = [metas.get("author", "")]
        elif rule == "under_title":
            candidates = [ln for ln in _before_body(region[ti + 1 : ti + 3]) if RE_NAME_LINE.match(ln)] \
                if ti is not None else []
        else:
            candidates = [next(g for g in m.groups() if g) for ln in region for m in rule.finditer(ln)]
        if rule is RE_AUTHOR_REPORTER and candidates:
            # reporters and interns may be credited on consecutive lines: 本报实习生 … / 本报记者 …
            lines = [i for i, ln in enumerate(region) if rule.search(ln)]
            near = [i for i in lines if i - lines[0] <= 1]
            candidates = [" ".join(next(g for g in m.groups() if g) for i in near for m in rule.finditer(region[i]))]
        if rule is RE_AUTHOR_ISSUER and candidates:
            return candidates[0]
        for text in candidates:
            if text and (got := _names(text)):
                return got
    return None


def _before_body(lines: list[str]) -> list[str]:
    """The lines before the first that reads as running text: a line under a paragraph is a caption
    (``活动现场`` under a photo), not a byline."""
    out = []
    for ln in lines:
        if "。" in ln or char_count(ln) > 40:
            break
        out.append(ln)
    return out


# what a byline may say after its names: the writers compiled, translated or reported it
RE_CREDIT_VERB = re.compile(r"^(?:整合|整理|编译|综合|综述|采写|报道|供稿|撰写)$")


def _names(text: str) -> str | None:
    """Names of a byline joined by ``、``; None when any of them is not a person's name, or when they are
    a photo's credit (``黎旭阳、李妍摄``: the photographers, not the writers).

    >>> _names("王建宏 张文攀"), _names("Discuz! and Comsenz UI Team"), _names("陈智 整合"), _names("王明摄")
    ('王建宏、张文攀', None, '陈智', None)
    """
    names = [n for n in re.split(r"[、，,;；\s]+(?![^(]*\))", text.strip()) if n]
    while names and RE_CREDIT_VERB.match(names[-1]):
        names.pop()
    if names and len(names[-1]) > 2 and names[-1].endswith("摄"):
        return None
    if not names or len(names) > 6 or any(RE_NOT_A_NAME.search(n) or len(n) > 30 for n in names):
        return None
    return "、".join(names)
