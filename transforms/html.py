"""Web pages to text: the main article of an HTML page with its title, date and author, without chrome.

Pure: takes the page's bytes (or text), returns :class:`Page`; raises :class:`transforms.decode.Undecodable`
when the page holds no article text.

How a page is read:

1. **Bytes to markup.** BOM, else the declared charset (``<meta charset>``, or the ``encoding`` of a
   crawler's ``<text …>`` record) when the bytes decode with it, else detection; a page that no codec
   reads strictly is read with the codec that leaves the fewest replacement characters.
2. **Crawler wrappers.** A ``<text id=… title=…>`` or ``<doc …>`` record around the page is taken off
   (its ``title`` is a title candidate); a page without ``<html>`` is parsed as a fragment.
3. **Chrome out before extraction.** Scripts, styles, forms, hidden elements, ``nav``/``footer``/``aside``,
   and every block that is mostly link text (menus, related-news lists, tag clouds, pagers) are cut from
   the tree bottom-up, so a table cell that holds the article loses its menus but keeps its text.
4. **Extraction.** trafilatura's main-content extraction runs on the pruned tree; its structured
   output is read paragraph by paragraph (table cells one by one). Lines that are chrome
   (:data:`RE_CHROME`: ``上一篇``, ``责任编辑``, share bars, copyright) or page metadata (a date, a source,
   a view count) are dropped, and the article ends at a post footer (``发表于 … 阅读(…)``) or a
   comment section heading, so comments and the next post of a blog page stay out.
5. **Metadata.** Title: ``<h1>``, else the extractor's, else the wrapper's or ``<title>`` without the
   site's name. Date: the first date printed near the title, else the page's meta tags, else
   htmldate's guess. Author: labelled names (``作者：``, ``记者 …``, ``文/``), a poster (``… 发表于``),
   a name alone under the title, a closing ``（记者 …）``, and at last the editor (``编辑：…``).

:func:`Page.text` lays the page out as a line document: the title on the first line, one paragraph
per line, which is how :func:`transforms.layout.articles` reads it.
"""

from __future__ import annotations

import codecs
import datetime
import html as htmlmod
import re
from collections import Counter
from dataclasses import dataclass

from transforms import decode

RE_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
RE_WRAPPER_ENCODING = re.compile(rb"""^\s*<(?:text|doc)\b[^>]*\bencoding\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.I)
RE_WRAPPER = re.compile(r"""^\s*<(text|doc)\b([^>]*)>""", re.I)
RE_ATTR = re.compile(r"""\b(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# GBK pages print spaces with bytes that decode to private-use code points (U+E5C2 …)
RE_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
RE_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
RE_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
RE_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
RE_TAG = re.compile(r"<[^>]+>")
RE_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")
RE_BREADCRUMB = re.compile(r">|»|›|当前位置|现在的位置|所在位置")
RE_LABELLED_TITLE = re.compile(r"^(?:主\s*题|标\s*题)\s*[：:]\s*(\S.{3,})$")
# "headline_Site name", "headline - Site", "headline | Site", "headline--Site": the site after the separator
RE_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|--|\s[-–—]\s|\s-(?=\S)).*$")
# Site chrome lines that slip into a main-content block: ICP licence, police filing, copyright, share bars,
# pagers, "print / close", editors, comment prompts.
RE_CHROME = re.compile(
    r"ICP[备证]|公网安备|网站标识码|版权所有|版权声明|Copyright|©|分享到|扫一扫|打印本页|打印本文|关闭窗口|【字体|字号[:：]"
    r"|【[大中小]】|我来说两句|发表评论|网友评论|查看评论|评论\s*[(（]\d|点击排行|返回顶部|返回首页|收藏本文|推荐给朋友"
    r"|^\s*[(（【\[]?\s*(?:上一篇|下一篇|上一页|下一页|相关阅读|相关新闻|相关报道|相关链接|相关文章|推荐阅读|延伸阅读"
    r"|热点推荐|责任编辑|责编|编辑[：:]|来源[：:]|原标题[：:]|标签[：:]|关键词[：:]|阅读\s*[(（:：]\d|点击[：:]?\s*\d)",
    re.I,
)
RE_SENTENCE_END = re.compile(r"[。！？!?…；;][”’」』）)\]】]*\s*$")
MAX_TAIL_CHARS = 25  # trailing lines this short without a sentence end are buttons and list headings
MAX_TAIL_LINES = 8
RE_DIGIT = re.compile(r"\d")
MAX_CHROME_CHARS = 80  # a longer line with one of those words is body text that mentions them
MAX_TITLE_CHARS = 60
# declared charsets read with a superset codec, as browsers do
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
# Elements that never hold article text (not `form`: ASP.NET pages wrap the whole page in one).
DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "option", "textarea", "button",
             "input", "nav", "footer", "aside", "object", "embed", "map", "marquee")
# Blocks judged by their link text (bottom-up): menus, link lists, pagers.
BLOCK_TAGS = {"div", "ul", "ol", "li", "dl", "dt", "dd", "table", "tbody", "tr", "td", "th", "p", "span",
              "section", "header", "center", "font", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em"}
LINK_SHARE = 0.5  # a block whose text is at least this much link text, with two links or more, is chrome
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
RE_TIME = re.compile(r"^\s*\d{1,2}:\d\d(?::\d\d)?")
# A line that only carries page metadata: dates, source, author, views, font size, share buttons.
RE_META_WORDS = re.compile(
    r"(?:(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?(?:\s*[AP]M)?"
    r"|\d{1,2}:\d\d(?::\d\d)?|发布(?:时间|日期)?|更新(?:时间)?|时间|日期|来源|来自|作者|编辑|浏览|阅读|点击|次数"
    r"|字号|字体|[大中小]|打印|分享|评论|收藏|http\S+|www\.\S+|[\w.-]+\.(?:com|net|org|cn)\b|[\[\]【】()（）|:：/·\-\s\d次])+"
)
NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?"
LATIN_NAME = r"[A-Za-z][\w.&-]{2,19}"
# a forum or blog user name: letters, digits, ideographs and & . - _
USER_NAME = r"[\w\u4e00-\u9fff][\w\u4e00-\u9fff&.-]{1,15}"
NAMES = rf"{NAME}(?:[、 ，,]+{NAME})*"
LAZY_NAMES = rf"{NAME}(?:[、 ，,]+{NAME})*?"
# where a list of names ends: the line's end, a bracket, or the next label (时间：…, 出自[…])
NAMES_END = r"(?=\s*$|\s*[|｜(（\[【]|\s+\S{1,6}[：:\[【(（]|\s+(?:19|20)\d\d)"
RE_NAME_LINE = re.compile(rf"^(?:{NAMES}|{LATIN_NAME})$")
# Author evidence, most to least trusted: the first kind that matches in the article's part of the page
# wins. Labelled (作者：…, 文/…, 执笔：…), reporters (记者 王明 李华, （记者 王明）, 记者 王明 北京报道),
# a poster (由…张贴, … 发表于, 是…在…发表, … by …), the issuer of an official document (发文机关), a
# closing (王明) or (王明 北京报道), and last an editor (编辑：…) or a person named as the source.
RE_AUTHOR_LABELLED = re.compile(
    r"(?:作\s*者|执\s*笔人?|撰\s*文|(?<![\u4e00-\u9fff])文|发布者|发帖人|楼主)\s*[：:/／]\s*"
    rf"(?P<n>{LAZY_NAMES}(?:\s*\([A-Za-z .]+\))?{NAMES_END}|{USER_NAME}{NAMES_END})"
)
RE_AUTHOR_REPORTER = re.compile(
    rf"(?<!小)(?:记者|通讯员|实习生|撰稿人?)\s*(?P<n>{LAZY_NAMES})"
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
    r"|导航|搜索|登录|注册|首页|返回|更多|分享|收藏|打印|关闭|统计|目的|手机|客户端|本文|正文|全文|原文|字号|字体|^size$|^width$|^height$|Team|Www|^and$",
    re.I,
)
# Where an article ends on a blog or forum page: its post footer, or the comments heading.
RE_POST_END = re.compile(
    r"^(?:由\s*\S+\s*张贴\s*@|发表于\s*[:：]?\s*(?:19|20)\d\d|posted\s+(?:by|@)|[#＃]\s*re[:：]"
    r"|(?:网友|最新|相关|全部)?评论\s*[(（:：]|共\s*\d+\s*(?:篇|条)评论|作者\s*[:：]\s*\S+\s+阅读\s*[(（]"
    r"|(?:热门|最新)?评论(?:列表)?$|发表评论|.{0,30}(?:发布|发表)时间.{0,30}\bby\s+\S+)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Page:
    """The article of a web page: ``body`` holds its paragraphs separated by ``\\n``."""

    title: str | None
    body: str
    encoding: str
    published_on: datetime.date | None = None
    author: str | None = None

    def text(self) -> str:
        """Title on the first line, then the paragraphs, one per line."""
        return f"{self.title}\n{self.body}" if self.title else self.body


# --------------------------------------------------------------------------- bytes to markup


def decoded(data: bytes) -> decode.Decoded:
    """The page's text: BOM, else the declared charset, else detected, else read leniently.

    A page that declares a charset but holds a few bytes it cannot decode (a truncated save, a stray
    byte) is read with that charset and replacement characters, unless it decodes as UTF-8 (a crawler
    that transcoded the page and left the declaration).

    >>> decoded('<meta charset="gbk"><p>重庆</p>'.encode("gbk")).encoding
    'gb18030'
    >>> decoded(b'<text encoding="gbk"><p>' + "重庆".encode("gbk") + b"</p></text>").encoding
    'gb18030'
    """
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    declared = RE_CHARSET.search(data[:4096]) or RE_WRAPPER_ENCODING.search(data[:1024])
    names: list[str] = []
    if declared and not data.startswith(boms):
        name = declared.group(1).decode("ascii").lower()
        try:
            enc = codecs.lookup(SUPERSETS.get(name, name)).name
            names.append(enc)
            return decode.Decoded(data.decode(enc), enc)
        except LookupError:
            pass
        except UnicodeDecodeError:
            try:
                return decode.Decoded(data.decode("utf-8"), "utf-8")
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                if text.count("\ufffd") <= max(8, len(text) // 1000):
                    return decode.Decoded(text, enc)
    try:
        return decode.text(data)
    except decode.Undecodable:
        if data.startswith(boms) or not data.strip():
            raise
    # a page with many broken bytes (mixed encodings) is still a page
    best = min(
        ((data.decode(enc, errors="replace"), enc) for enc in dict.fromkeys([*names, "utf-8", "gb18030"])),
        key=lambda got: got[0].count("\ufffd"),
    )
    return decode.Decoded(*best)


def unwrap(markup: str) -> tuple[str, dict[str, str]]:
    """Take a crawler's ``<text …>`` / ``<doc …>`` record off a page; its attributes come back too.

    >>> unwrap('<text id="u" title="标题"><html><p>正文</p></html></text>')
    ('<html><p>正文</p></html>', {'id': 'u', 'title': '标题'})
    """
    m = RE_WRAPPER.match(markup)
    if not m:
        return markup, {}
    attrs = {k.lower(): htmlmod.unescape(a or b) for k, a, b in RE_ATTR.findall(m.group(2))}
    inner = markup[m.end():]
    close = inner.lower().rfind(f"</{m.group(1).lower()}>")
    if close >= 0:
        inner = inner[:close]
    return inner.strip(), attrs


# --------------------------------------------------------------------------- the tree


def _tree(markup: str):
    import lxml.html

    markup = RE_XML_DECL.sub("", markup)
    try:
        return lxml.html.document_fromstring(markup)
    except Exception:  # lxml refuses empty or odd documents; a fragment parser still reads the text
        return lxml.html.fragment_fromstring(markup, create_parent="div")


def _visible_lines(tree) -> list[str]:
    """The page's text as a reader sees it, one block per line (scripts and styles left out)."""
    from lxml import etree

    out: list[str] = []
    cur: list[str] = []
    blocks = {"p", "div", "br", "tr", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt",
              "table", "ul", "ol", "section", "article", "header", "center", "title", "blockquote"}

    def flush() -> None:
        line = " ".join("".join(cur).split())
        if line:
            out.append(line)
        cur.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript", "title") or el.tag is etree.Comment:
            if el.tail:
                cur.append(el.tail)
            return
        if tag in blocks:
            flush()
        if el.text:
            cur.append(el.text)
        for child in el:
            walk(child)
        if tag in blocks:
            flush()
        if el.tail:
            cur.append(el.tail)

    walk(tree)
    flush()
    return out


def _chars(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def prune(tree) -> None:
    """Cut chrome out of a parsed page in place: never-text elements, hidden ones, link-dense blocks.

    Bottom-up: a block's link share is measured on what is left after its own chrome children went,
    so a table cell holding the article and its menus loses the menus and keeps the article.
    """
    from lxml import etree

    for el in list(tree.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    for el in list(tree.iter(*DROP_TAGS)):
        _drop(el)
    for el in list(tree.iter()):
        style = (el.get("style") or "").replace(" ", "").lower() if isinstance(el.tag, str) else ""
        if "display:none" in style or "visibility:hidden" in style:
            _drop(el)
    text_len: dict = {}
    link_len: dict = {}
    links: dict = {}
    punct: dict = {}
    for el in _postorder(tree):
        t = _chars(el.text)
        p = sum(ch in CJK_PUNCT for ch in el.text or "")
        lk = 0
        n = 0
        for child in el:
            if not isinstance(child.tag, str):
                continue
            t += text_len.get(child, 0) + _chars(child.tail)
            p += punct.get(child, 0) + sum(ch in CJK_PUNCT for ch in child.tail or "")
            lk += link_len.get(child, 0)
            n += links.get(child, 0)
        if el.tag == "a":
            lk, n = t, n + (1 if t else 0)
        text_len[el], link_len[el], links[el], punct[el] = t, lk, n, p
        if el.tag in BLOCK_TAGS and el.getparent() is not None and _chrome_block(t, lk, n, p):
            text_len[el] = link_len[el] = links[el] = punct[el] = 0
            _drop(el)


def _chrome_block(text: int, link: int, n: int, punct: int) -> bool:
    """A block of links: most of its text is link text, and what is not carries no sentences."""
    if n < 2 or not text:
        return False
    share = link / text
    if share >= 0.8:
        return True
    return share >= LINK_SHARE and (text - link) < 200 and punct < 0.02 * text + 3


def _postorder(root):
    stack = [(root, False)]
    while stack:
        el, seen = stack.pop()
        if seen:
            yield el
            continue
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el) if isinstance(child.tag, str))


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


# --------------------------------------------------------------------------- the article


PARAGRAPH_TAGS = {"p", "span", "font", "strong", "b", "em", "i", "u", "a", "li", "pre", "blockquote", "h2", "h3",
                  "h4", "h5", "h6", "dd", "dt", "small", "big", "label", "cite", "code"}


def _after_title(tree, title: str):
    """The element that prints the headline, and its position in document order."""
    key = "".join(title.split())[:20]
    for i, el in enumerate(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in ("title", "head"):
            continue
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        if key in "".join(own.split()):
            return el, i
    return None


def dense_block(tree, title: str | None = None) -> list:
    """The elements that hold the page's running text, found by where its sentences are (no trafilatura).

    Every stretch of text of 25 characters or more scores 1, plus its sentence punctuation, plus one
    per hundred characters (at most 3); a paragraph-like element gives its score to its container
    and half to the container's parent, a container keeps it and gives half to its parent (so text set
    straight into a table cell with ``<br>`` counts for that cell). The best element, its score cut by
    its link share, wins; its siblings scoring at least a fifth of it come along.
    """
    score: dict = {}

    def credit(el, amount: float) -> None:
        if el is not None and isinstance(el.tag, str):
            score[el] = score.get(el, 0.0) + amount

    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag == "a":
            continue
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        n = _chars(own)
        if n < 25:
            continue
        s = 1 + sum(ch in CJK_PUNCT for ch in own) + min(n / 100, 3)
        if el.tag in PARAGRAPH_TAGS:
            parent = el.getparent()
            while parent is not None and parent.tag in PARAGRAPH_TAGS:
                parent = parent.getparent()
            credit(parent, s)
            credit(parent.getparent() if parent is not None else None, s / 2)
        else:
            credit(el, s)
            credit(el.getparent(), s / 2)
    if not score:
        return []

    def weighted(el) -> float:
        text = _chars(el.text_content())
        links = sum(_chars(a.text_content()) for a in el.iter("a"))
        return score[el] * (1 - links / text if text else 0)

    ranked = sorted(score, key=score.get, reverse=True)[:30]
    top = max(ranked, key=weighted)
    best = weighted(top)
    if title and (after := _after_title(tree, title)):
        # several dense blocks (a blog's posts, a forum's replies): the article is the first one under
        # its headline
        order = {el: i for i, el in enumerate(tree.iter())}
        near = [el for el in ranked if weighted(el) >= max(0.05 * best, 10)
                and (order[el] >= after[1] or el is after[0] or el in after[0].iterancestors())]
        if near:
            top = min(near, key=lambda el: order[el])
            best = weighted(top)
    parent = top.getparent()
    if parent is None:
        return [top]
    return [el for el in parent if el is top or (el in score and weighted(el) >= 0.2 * best)]




def page(data: bytes | str) -> Page:
    """The main article of an HTML page, its title, publication date and author.

    >>> p = page("<html><head><title>上半年经济运行情况_某网站</title></head><body><div>首页 | 新闻</div>"
    ...          "<article><h1>上半年经济运行情况</h1><div>2024-07-20 10:30 来源：市统计局 作者：王明</div>"
    ...          "<p>上半年全市地区生产总值增长6.1%，工业增加值增长8.5%，新能源汽车产量23.5万辆。</p>"
    ...          "</article><footer>渝ICP备05003300号</footer></body></html>")
    >>> p.title, p.published_on, p.author
    ('上半年经济运行情况', datetime.date(2024, 7, 20), '王明')
    >>> p.body
    '上半年全市地区生产总值增长6.1%，工业增加值增长8.5%，新能源汽车产量23.5万辆。'
    """
    if isinstance(data, bytes):
        got = decoded(data)
        markup, encoding = got.text, got.encoding
    else:
        markup, encoding = data, "utf-8"
    markup, record = unwrap(RE_PRIVATE_USE.sub(" ", markup))
    import trafilatura  # heavy (lxml, courlan, htmldate): only when a page is read

    tree = _tree(markup)
    visible = _visible_lines(tree)
    metas = _metas(tree)
    prune(tree)
    # no trafilatura metadata: its date search (htmldate with dateparser) costs seconds on a large page
    # and the page's own lines say more (see _date_near_title)
    doc = trafilatura.bare_extraction(
        tree, with_metadata=False, include_comments=False, include_tables=True, favor_precision=True,
    )
    found = _article_lines(_body_lines(doc.body) if doc is not None and doc.body is not None else [])
    social = metas.get("og:title") or metas.get("twitter:title")
    head = _title(markup, social, record.get("title"), visible, None)
    dense = _article_lines([ln for el in dense_block(tree, head) for ln in _visible_lines(el)])
    lines = _choose(found, dense, visible, head)
    if not lines:
        # trafilatura finds nothing in very short pages; their paragraphs are the article then
        lines = _article_lines([_plain(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", markup, re.I | re.S)])
    title = _title(markup, social, record.get("title"), visible, lines[0] if lines else None,
                   "".join(lines[:40]))
    if title:
        flat = "".join(title.split())
        lines = [ln for i, ln in enumerate(lines) if i >= 3 or "".join(ln.split()) != flat]
    lines = _trim_tail(lines)
    if not lines:
        raise decode.Undecodable("html page without article text")
    region, head = _region(visible, title, lines)
    published = (_date_near_title(visible, title, lines) or _labelled_date(region) or _meta_date(metas)
                 or _guessed_date(markup))
    author = _author(region, head, title, metas)
    return Page(title, "\n".join(lines), encoding, published, author)


def _choose(found: list[str], dense: list[str], visible: list[str], title: str | None) -> list[str]:
    """trafilatura's article, unless it holds little of the page's densest text block and is smaller.

    trafilatura misreads old table layouts (a sidebar, or one row of a layout table); the dense block
    then holds the article. When both start at different places, the one that starts nearer after
    the title is the article (a forum's first post against its replies).
    """
    if not dense:
        return found
    if not found:
        return dense
    f, d = "".join(found), "".join(dense)
    shared = sum((Counter("".join(f.split())) & Counter("".join(d.split()))).values())
    if shared >= 0.5 * _chars(d) or _chars(d) <= _chars(f):
        return found
    t = _title_index(visible, title)
    if t is not None:
        at_f, at_d = _line_index(visible, found[0], t), _line_index(visible, dense[0], t)
        nearer = at_f is not None and (at_d is None or at_f < at_d)
        if nearer and _chars(f) >= 100 and _sentences(f) >= _sentences(d) / 2:
            return found
    return dense


def _sentences(text: str) -> float:
    """Sentence punctuation per character: running text has it, menus and link lists do not."""
    return sum(ch in CJK_PUNCT for ch in text) / max(_chars(text), 1)


def _line_index(visible: list[str], line: str, start: int) -> int | None:
    key = "".join(line.split())[:12]
    for i in range(start, len(visible)):
        if key in "".join(visible[i].split()):
            return i
    return None


OUTPUT_BLOCKS = {"p", "head", "item", "cell", "quote", "code", "list", "table", "row", "div"}


def _body_lines(body) -> list[str]:
    """Paragraphs of trafilatura's structured output; a table cell is a paragraph of its own."""
    out: list[str] = []
    leaves = ("p", "head", "item", "cell", "quote", "code")
    for el in body.iter(*leaves):
        if any(anc.tag in leaves for anc in el.iterancestors()):
            continue
        parts = re.split(r"\n", _element_text(el))
        out.extend(" ".join(p.split()) for p in parts if p.strip())
    return out


def _element_text(el) -> str:
    """Text of an element of trafilatura's output; line breaks and nested blocks start new lines."""
    chunks: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            chunks.append("\n")
        elif child.tag in OUTPUT_BLOCKS:
            chunks.append(f"\n{_element_text(child)}\n")
        else:
            chunks.append(_element_text(child))
        chunks.append(child.tail or "")
    return "".join(chunks)


def _article_lines(lines: list[str]) -> list[str]:
    """Drop chrome and metadata lines; stop at a post footer or the comments once the body began."""
    out: list[str] = []
    body_chars = 0
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if body_chars >= 50 and RE_POST_END.match(ln):
            break
        if _chrome(ln) or _metadata_line(ln):
            continue
        out.append(ln)
        body_chars += _chars(ln)
    return out


def _about(title: str, body: str) -> bool:
    """Whether most two-character words of a title occur in the body (a headline, not a site's name).

    >>> _about("重庆上半年地区生产总值增长", "上半年全市地区生产总值增长6.1%"), _about("谢谢您访问", "上半年全市")
    (True, False)
    """
    pairs = {title[i : i + 2] for i in range(len(title) - 1) if RE_HAN2.fullmatch(title[i : i + 2])}
    return bool(pairs) and sum(p in body for p in pairs) >= 0.5 * len(pairs)


def _headline_like(line: str) -> bool:
    """A line that can be a headline: 4 to 60 characters, no sentence end, not a name, date, label or deck."""
    return (4 <= len(line) <= MAX_TITLE_CHARS and not RE_SENTENCE_END.search(line) and not RE_NAME_LINE.match(line)
            and not line.startswith(("——", "--", "－－")) and not line.endswith(("：", ":"))
            and not _chrome(line) and not _metadata_line(line) and parse_date(line) is None
            and not RE_BREADCRUMB.search(line)
            and sum(ch in CJK_PUNCT for ch in line) <= 2)


def _trim_tail(lines: list[str]) -> list[str]:
    """Drop the short unpunctuated lines after the last sentence: link labels, list headings, buttons.

    At most :data:`MAX_TAIL_LINES`, and none with a digit: a table that ends an article stays.

    >>> _trim_tail(["正文第一段，说明情况。", "■ 相关链接", "精品专题推荐："])
    ['正文第一段，说明情况。']
    """
    end = len(lines)
    while (end > max(1, len(lines) - MAX_TAIL_LINES) and len(lines[end - 1]) <= MAX_TAIL_CHARS
           and not RE_SENTENCE_END.search(lines[end - 1]) and not RE_DIGIT.search(lines[end - 1])):
        end -= 1
    return lines[:end]


def _chrome(line: str) -> bool:
    return len(line) <= MAX_CHROME_CHARS and bool(RE_CHROME.search(line.strip()))


def _metadata_line(line: str) -> bool:
    """A short line made only of page metadata: a date, a time, a source, a view count."""
    if len(line) > 60 or (not RE_DATE.search(line) and not re.search(r"\d{1,2}:\d\d", line)):
        return False
    rest = RE_META_WORDS.sub("", line)
    return _chars(rest) <= 12 and not re.search(r"[。！？]", line)


def _plain(fragment: str) -> str:
    return " ".join(htmlmod.unescape(RE_TAG.sub("", fragment)).split())


def _title(markup: str, found: str | None, record: str | None, visible: list[str], first: str | None,
           body: str = "") -> str | None:
    """The headline: the longest line printed above the article that the page's ``<title>`` holds.

    A page's ``<title>`` is its headline plus the site's name, but a site's ``<h1>`` is often its logo;
    so the headline is the longest line (4 to 60 characters) above the body that ``<title>`` (or the
    crawler record's title) contains. Without one: ``<h1>``, the extractor's title, then ``<title>``
    without the site's name.
    """
    m = RE_TITLE.search(markup)
    page_title = _plain(m.group(1)) if m else ""
    heads = "".join((page_title + (record or "")).split())
    end = _line_index(visible, first, 0) if first else None
    above = visible[: end + 3 if end is not None else len(visible)]  # a kicker may print above the headline
    inside = [ln for ln in above if 4 <= len(ln) <= MAX_TITLE_CHARS and "".join(ln.split()) in heads]
    if inside:
        return max(inside, key=lambda ln: (len(ln), -above[::-1].index(ln)))
    for ln in above:  # a forum's thread: 主题：…
        if (m := RE_LABELLED_TITLE.match(ln)) and len(m.group(1)) <= MAX_TITLE_CHARS:
            return m.group(1)
    h1 = RE_H1.search(markup)
    h1_text = _plain(h1.group(1)) if h1 else ""
    stripped = RE_SITE_SUFFIX.sub("", page_title or _plain(record or "")).strip()
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
        RE_SITE_SUFFIX.sub("", _plain(record or "")).strip(),
        RE_SITE_SUFFIX.sub("", page_title).strip(),
    ]
    return next((c for c in candidates if 0 < len(c) <= MAX_TITLE_CHARS), None)


# --------------------------------------------------------------------------- date and author


def _metas(tree) -> dict[str, str]:
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


def _title_index(visible: list[str], title: str | None, before: int | None = None) -> int | None:
    """Where the headline is printed: its last line above the body (breadcrumbs print it first)."""
    if not title:
        return None
    key = "".join(title.split())[:20]
    found = [i for i, ln in enumerate(visible)
             if key and key in (flat := "".join(ln.split())) and len(flat) <= 2 * len(key) + 40]
    above = [i for i in found if before is None or i <= before]
    return above[-1] if above else (found[0] if found else None)


def _date_near_title(visible: list[str], title: str | None, lines: list[str]) -> datetime.date | None:
    """The first date printed within a few lines after the title (or just before it)."""
    first = _line_index(visible, lines[0], 0) if lines else None
    i = _title_index(visible, title, first)
    if i is None:
        return None
    for ln in visible[i : i + 8] + visible[max(0, i - 3) : i]:
        if len(ln) <= 80 and not ln.endswith("。") and (day := parse_date(ln)):
            return day
    return None


def _labelled_date(region: list[str]) -> datetime.date | None:
    """A date the page labels as the publication's: 发表于 …, 发布时间：…, 在2005年8月12日…发表."""
    for ln in region:
        if (m := RE_LABELLED_DATE.search(ln)) and (day := parse_date(m.group(1) or m.group(2))):
            return day
    return None


def _meta_date(metas: dict[str, str]) -> datetime.date | None:
    for key in ("article:published_time", "publishdate", "pubdate", "publish_date", "publishtime",
                "datepublished", "og:release_date", "dc.date", "dc.date.issued", "date"):
        if key in metas and (day := parse_date(metas[key])):
            return day
    return None


def _guessed_date(markup: str) -> datetime.date | None:
    """htmldate's guess, last: its quick search (markup and URL patterns, not every date in the text)."""
    from htmldate import find_date

    try:
        found = find_date(markup, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on odd markup; a guess is only a guess
        return None
    if not found or found.endswith("-01-01"):
        return None  # htmldate's Jan 1 is a year alone (often a copyright line's)
    return parse_date(found)


def _region(visible: list[str], title: str | None, lines: list[str]) -> tuple[list[str], int]:
    """The part of the page around the article, from just above its title to a little past its end, and
    how many of its lines come before the body (the headline's zone: title, byline, date).

    Lines that end in a label (``发文机关：``) are read with the line after them.
    """
    first = _line_index(visible, lines[0], 0) if lines else None
    start = _title_index(visible, title, first)
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
    ti = _title_index(visible, title, first)
    head = max((first - start + 2) if first is not None and first >= start else 8,
               (ti - start + 6) if ti is not None else 0)
    return region, head


def _author(region: list[str], head: int, title: str | None, metas: dict[str, str]) -> str | None:
    """The article's author(s), joined by ``、``: the first kind of evidence of :data:`AUTHOR_RULES` found,
    in the headline's zone first (a byline under the title beats a name in a sidebar), then around
    the whole article."""
    return _author_in(region[:head], title, {}) or _author_in(region, title, metas)


def _author_in(region: list[str], title: str | None, metas: dict[str, str]) -> str | None:
    ti = _title_index(region, title, len(region))
    for rule in AUTHOR_RULES:
        if rule == "meta":
            candidates = [metas.get("author", "")]
        elif rule == "under_title":
            candidates = [ln for ln in region[ti + 1 : ti + 3] if RE_NAME_LINE.match(ln)] if ti is not None else []
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


def _names(text: str) -> str | None:
    """Names of a byline joined by ``、``; None when any of them is not a person's name.

    >>> _names("王建宏 张文攀"), _names("Discuz! and Comsenz UI Team")
    ('王建宏、张文攀', None)
    """
    names = [n for n in re.split(r"[、，,;；\s]+(?![^(]*\))", text.strip()) if n]
    if not names or len(names) > 6 or any(RE_NOT_A_NAME.search(n) or len(n) > 30 for n in names):
        return None
    return "、".join(names)
