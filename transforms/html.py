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

The tree work of steps 2–3 is :mod:`transforms.html_tree`, the metadata of step 5 :mod:`transforms.html_meta`.

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
from itertools import groupby

from transforms import decode
from transforms.html_meta import (
    CJK_PUNCT,
    RE_LABELLED_TITLE,
    RE_SENTENCE_END,
    author_of,
    char_count,
    date_near_title,
    guessed_date,
    head_region,
    is_chrome,
    is_metadata_line,
    labelled_date,
    line_index,
    meta_date,
    meta_tags,
    plain_text,
    script_date,
    title_index,
    title_of,
)
from transforms.html_tree import dense_block, parse_tree, prune, visible_lines

RE_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
RE_WRAPPER_ENCODING = re.compile(rb"""^\s*<(?:text|doc)\b[^>]*\bencoding\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.I)
RE_WRAPPER = re.compile(r"""^\s*<(text|doc)\b([^>]*)>""", re.I)
RE_ATTR = re.compile(r"""\b(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# GBK pages print spaces with bytes that decode to private-use code points (U+E5C2 …)
RE_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
MAX_TAIL_CHARS = 25  # trailing lines this short without a sentence end are buttons and list headings
MAX_TAIL_LINES = 8
RE_DIGIT = re.compile(r"\d")
# declared charsets read with a superset codec, as browsers do
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
RE_TIME = re.compile(r"^\s*\d{1,2}:\d\d(?::\d\d)?")
# Where an article ends on a blog or forum page: its post footer, or the comments heading.
RE_POST_END = re.compile(
    r"^(?:由\s*\S+\s*张贴\s*@|发表于\s*[:：]?\s*(?:19|20)\d\d|posted\s+(?:by|@)|[#＃]\s*re[:：]"
    r"|(?:网友|最新|相关|全部)?评论\s*[(（:：]|共\s*\d+\s*(?:篇|条)评论|作者\s*[:：]\s*\S+\s+阅读\s*[(（]"
    r"|(?:热门|最新)?评论(?:列表)?$|发表评论|.{0,30}(?:发布|发表)时间.{0,30}\bby\s+\S+"
    # the heading of a list of other articles, alone on its line (``热门推荐``, ``延伸 · 推荐``, ``猜你喜欢``)
    r"|[【\[■●]?\s*(?:(?:热门|相关|为你|猜你|精彩|今日|更多|小编|延伸\s*[·・]?\s*)(?:推荐|喜欢|阅读|新闻|报道|文章|链接)"
    r"(?:阅读)?|推荐阅读|延伸阅读|(?:小编|作者)最近文章)\s*[】\]]?\s*[：:]?$"
    # the site's legal notice under the article: a heading alone on its line, then its clauses
    # (perhaps after the site's name: ``振兴东北网版权与免责声明：``)
    r"|[【\[]?(?:\S{0,10}(?:网|站|报|社|台))?(?:版权[与和及])?(?:反侵权公告|版权声明|免责声明|法律声明)[】\]]?\s*[：:]?$)",
    re.I,
)
# An item of a related-news list: a headline, then the date (and time) it was posted, no sentence in it.
RE_DATED_ITEM = re.compile(
    r"^(?!\s*(?:19|20)\d\d)[^。！？；]{4,60}?\s*[(（\[]?\s*(?:(?:19|20)\d\d\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}"
    r"\s*日?(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s*[)）\]]?$"
)
MIN_DATED_RUN = 3  # consecutive dated headlines: a list of other articles, not the article


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


# --------------------------------------------------------------------------- the article


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

    tree = parse_tree(markup)
    visible = visible_lines(tree)
    metas = meta_tags(tree)
    prune(tree)
    social = metas.get("og:title") or metas.get("twitter:title")
    head = title_of(markup, social, record.get("title"), visible, None)
    blocks = dense_block(tree, head)
    _name_article(tree, blocks)
    # no trafilatura metadata: its date search (htmldate with dateparser) costs seconds on a large page
    # and the page's own lines say more (see date_near_title)
    doc = trafilatura.bare_extraction(
        tree, with_metadata=False, include_comments=False, include_tables=True, favor_precision=True,
    )
    found = _article_lines(_body_lines(doc.body) if doc is not None and doc.body is not None else [])
    dense = _article_lines([ln for el in blocks for ln in visible_lines(el)])
    lines = _choose(found, dense, visible, head)
    if not lines:
        # trafilatura finds nothing in very short pages; their paragraphs are the article then
        lines = _article_lines([plain_text(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", markup, re.I | re.S)])
    title = title_of(markup, social, record.get("title"), visible, _first_in_order(lines, visible),
                     "".join(lines[:40]))
    if title:
        flat = "".join(title.split())
        # the headline printed again at the body's top, perhaps labelled (a forum's ``主题： …``)
        lines = [ln for i, ln in enumerate(lines)
                 if i >= 3 or "".join(RE_LABELLED_TITLE.sub(r"\1", ln).split()) != flat]
    lines = _trim_tail(lines)
    if not lines:
        raise decode.Undecodable("html page without article text")
    region, head = head_region(visible, title, lines)
    published = (date_near_title(visible, title, lines) or labelled_date(region) or meta_date(metas)
                 or script_date(markup) or guessed_date(markup))
    author = author_of(region, head, title, metas)
    return Page(title, "\n".join(lines), encoding, published, author)


def _name_article(tree, blocks: list) -> None:
    """Name the page's densest text block as its article body (``itemprop="articleBody"``) when the page
    names none trafilatura knows (no container of its ``BODY_XPATH``: most Chinese sites, whose classes are
    ``article_text``, ``TRS_Editor``, ``xl_con``). Without one trafilatura gathers the page's loose
    paragraphs and drops what is not a ``<p>``: section headings, list items, text set in ``<div>``s."""
    from trafilatura.xpaths import BODY_XPATH

    if not blocks or any(expr(tree) for expr in BODY_XPATH):
        return
    body = blocks[0] if len(blocks) == 1 else blocks[0].getparent()
    if body is not None and body.tag in ("div", "section", "article", "main"):
        body.set("itemprop", "articleBody")


def _first_in_order(lines: list[str], visible: list[str]) -> str | None:
    """The body's first line as the page prints it: the extractor may put first a line the page prints only
    after the article (a site's footer, ``北京大学医学部新闻中心``), which then is not where its headline is."""
    if len(lines) < 2:
        return lines[0] if lines else None
    at0, at1 = line_index(visible, lines[0], 0), line_index(visible, lines[1], 0)
    return lines[1] if at0 is not None and at1 is not None and at0 > at1 else lines[0]


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
    if shared >= 0.5 * char_count(d) or char_count(d) <= char_count(f):
        return found
    start_f, start_d = _start(found, title), _start(dense, title)
    # the headline printed last above the two (a site may print it again over its comments, below both)
    tops = [i for i in (line_index(visible, start_f, 0), line_index(visible, start_d, 0)) if i is not None]
    t = title_index(visible, title, min(tops) if tops else None)
    if t is not None:
        at_f, at_d = line_index(visible, start_f, t), line_index(visible, start_d, t)
        nearer = at_f is not None and (at_d is None or at_f < at_d)
        if nearer and char_count(f) >= 100 and _sentences(f) >= _sentences(d) / 2:
            return found
    return dense


def _start(lines: list[str], title: str | None) -> str:
    """The first line that is not the headline printed again (a comment box's heading repeats it)."""
    flat = "".join((title or "").split())
    return next((ln for ln in lines if not flat or "".join(ln.split()) != flat), lines[0])


def _sentences(text: str) -> float:
    """Sentence punctuation per character: running text has it, menus and link lists do not."""
    return sum(ch in CJK_PUNCT for ch in text) / max(char_count(text), 1)


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
    """Drop chrome and metadata lines and runs of dated headlines (a related-news list); stop at a post
    footer, the comments or the site's legal notice once the body began.

    >>> _article_lines(["正文第一段，说明了情况。" * 5, "为同门兄弟让路 现代叫停上市活动 2005-07-13 09:00:04",
    ...                 "国产途胜全面进场 经销商喜上眉梢 2005-07-11 15:02:26", "伊兰特下月上市 (07-11)"])
    ['正文第一段，说明了情况。正文第一段，说明了情况。正文第一段，说明了情况。正文第一段，说明了情况。正文第一段，说明了情况。']
    """
    out: list[str] = []
    body_chars = 0
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if body_chars >= 50 and RE_POST_END.match(ln):
            break
        if is_chrome(ln) or is_metadata_line(ln) or not ln.strip("\ufffd \u3000"):
            continue  # (a line of replacement characters: emoji lost before the page was saved, ``������``)
        out.append(ln)
        body_chars += char_count(ln)
    return _without_dated_runs(out)


def _without_dated_runs(lines: list[str]) -> list[str]:
    """``lines`` less every run of at least :data:`MIN_DATED_RUN` dated headlines."""
    out: list[str] = []
    for dated, run in groupby(lines, key=lambda ln: RE_DATED_ITEM.match(ln) is not None):
        run = list(run)
        if not (dated and len(run) >= MIN_DATED_RUN):
            out.extend(run)
    return out


def _without_teasers(lines: list[str]) -> list[str]:
    """``lines`` less a list of other articles' teasers at their end: short headlines, each with the first
    characters of its article cut at one length (a CMS's cut: ``奥克斯通讯、李晓龙是过河卒子，一往无前别无退路，集``).

    The list is the run of last lines that are either short (a headline, a link; not a sentence that ends
    with ``。``) or a cut sentence (no sentence end, commas inside, a length within :data:`TEASER_CUT_SLACK`
    of the last one's); at least :data:`MIN_TEASERS` cut sentences. A table's rows (no commas) are no teasers.

    >>> cut = ["奥克斯通讯、李晓龙是过河卒子，一往无前别无退路，集团则",
    ...        "一个很瘦、很睿智、洒脱、又很风趣的老头,这就是自谑为小",
    ...        "光明早就建立的一套危机处理系统，可能建立的太早了。高高"]
    >>> _without_teasers(["正文，说明了情况。", "奥克斯告官", cut[0], "丁聪:享受最后的时光", cut[1], "主持?",
    ...                   cut[2]])
    ['正文，说明了情况。']
    """
    start, cut_at, cuts = len(lines), None, 0
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        if len(ln) <= MAX_TEASER_HEAD and not RE_FULL_STOP.search(ln):  # a headline may ask (主持?)
            start = i
            continue
        if RE_SENTENCE_END.search(ln) or not RE_CLAUSE_MARK.search(ln) or len(ln) > MAX_TEASER_CUT or (
                cut_at is not None and abs(len(ln) - cut_at) > TEASER_CUT_SLACK):
            break
        cut_at, cuts, start = cut_at or len(ln), cuts + 1, i
    return lines[:start] if cuts >= MIN_TEASERS and start > 0 else lines


MAX_TEASER_HEAD = 15  # a teaser's headline (or a link line between teasers): at most this many characters
MIN_TEASERS = 3
MAX_TEASER_CUT = 60  # a teaser's cut sentence: at most this many characters
TEASER_CUT_SLACK = 2  # characters a teaser's cut may differ by (a Latin letter or a full-width form)
RE_CLAUSE_MARK = re.compile(r"[，,、]")
RE_FULL_STOP = re.compile(r"[。；;][”’」』）)]*\s*$")


def _trim_tail(lines: list[str]) -> list[str]:
    """Drop the short unpunctuated lines after the last sentence: link labels, list headings, buttons; and a
    list of other articles' teasers (:func:`_without_teasers`).

    At most :data:`MAX_TAIL_LINES`, and none with a digit: a table that ends an article stays.

    >>> _trim_tail(["正文第一段，说明情况。", "■ 相关链接", "精品专题推荐："])
    ['正文第一段，说明情况。']
    """
    lines = _without_teasers(lines)
    end = len(lines)
    while (end > max(1, len(lines) - MAX_TAIL_LINES) and len(lines[end - 1]) <= MAX_TAIL_CHARS
           and not RE_SENTENCE_END.search(lines[end - 1]) and not RE_DIGIT.search(lines[end - 1])):
        end -= 1
    return lines[:end]


# --------------------------------------------------------------------------- date and author


