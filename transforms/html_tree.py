"""A web page's tree before extraction: parsed, its visible lines listed, chrome pruned, the densest
article block found (steps 2–3 of :mod:`transforms.html`).

Pure: functions over lxml trees; no I/O.
"""

from __future__ import annotations

import re

from transforms.html_meta import (
    CJK_PUNCT,
    TRAIL_LABEL,
    char_count,
)

RE_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)

# Elements that never hold article text (not `form`: ASP.NET pages wrap the whole page in one).
DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "option", "textarea", "button",
             "input", "nav", "footer", "aside", "object", "embed", "map", "marquee")

# Blocks judged by their link text (bottom-up): menus, link lists, pagers.
BLOCK_TAGS = {"div", "ul", "ol", "li", "dl", "dt", "dd", "table", "tbody", "tr", "td", "th", "p", "span",
              "section", "header", "center", "font", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em"}

# A fold's control (``展开全文``, ``阅读全文 >``): never article text. The text folded under it is the
# article's, a reader who clicks reads it, and a trafilatura that sees the control beside the fold keeps only
# the fold (the article's first paragraphs lost).
RE_READ_MORE = re.compile(r"^(?:返回\S{1,8}[，,]\s*)?(?:点击)?(?:展开|阅读|查看)(?:全文|全部|剩余全文|更多)?(?:内容)?"
                          r"[>»›︾▼∨⌄↓\s]*$")

# A breadcrumb trail's label (``您所在的位置：<a>首页</a> &gt; <a>快讯</a> …``): its links are a small
# share of its text, so the link-share test alone keeps it.
RE_TRAIL = re.compile(TRAIL_LABEL)
MAX_TRAIL_CHARS = 120

# Utility classes that hide an element (Bootstrap and the like), and how much text a hidden widget holds.
HIDING_CLASSES = frozenset({"hidden", "hide", "d-none", "invisible", "sr-only", "visually-hidden"})
MAX_HIDDEN_WIDGET_CHARS = 200
RE_COUNT = re.compile(r"[\d,，.\s]+")
RE_LIVE_QUOTE = re.compile(r"[(（]\s*-?[\d.]+\s*,\s*[-+]?[\d.]+\s*,\s*[-+]?[\d.]+%\s*[)）]")

# Blocks named for readers' comments or for other articles, by an id or class word (``gc-comment``,
# ``comments-container``, ``row-recommend``, ``related-news``, ``tuijian``).
RE_ASIDE_NAME = re.compile(
    r"(?:^|[-_])(?:comment(?:s|list|box|area|wrap)?|recommend(?:s|ed)?|related|relate|tuijian)(?:[-_]|$)", re.I)
ASIDE_BLOCKS = frozenset({"div", "section", "ul", "ol", "dl"})

# A site's notices, by how they open: disclaimers, reprint notices, the report hotline.
RE_NOTICE = re.compile(
    r"^[【\[（(]?\s*(?:免责声明|郑重声明|特别声明|本站(?:郑重)?声明|声明\s*[：:]|本文仅代表作者|本文观点仅代表|违法和不良信息举报"
    r"|(?:转载|转发)请注明|请支持独立网站|未经授权[，,]?\s*(?:禁止|不得|严禁)转载)"
)
NOTICE_TAGS = ("p", "div", "span", "td", "li", "dd", "font", "section", "center", "strong", "b")
MAX_NOTICE_CHARS = 300

LINK_SHARE = 0.5  # a block whose text is at least this much link text, with two links or more, is chrome

LISTS = ("ul", "ol", "menu", "dir")  # what a list item belongs in

# Elements a browser sets as blocks of their own; text and inline elements between two of them in one
# container form an anonymous block, which a browser shows as a paragraph.
BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "dl", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                    "blockquote", "section", "article", "header", "center", "form", "hr", "tr", "td", "th",
                    "tbody", "thead", "dd", "dt", "address", "fieldset", "menu", "dir"})
# Where loose text is not wrapped: lists and table rows (a browser does not show text between their items as
# a paragraph), paragraphs, and table cells — an old layout's cell holds a whole column of a page (a blog's
# posts, one after another): wrapping a cell's loose text made trafilatura read a blog's home page as all
# its posts instead of its first (dataset page 8f1cdd94…: 1.00 → 0.10).
NOT_CONTAINERS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "ol", "dl", "menu", "dir",
                            "p", "pre", "head", "html"})


def parse_tree(markup: str):
    import lxml.html

    markup = RE_XML_DECL.sub("", markup)
    try:
        return lxml.html.document_fromstring(markup)
    except Exception:  # lxml refuses empty or odd documents; a fragment parser still reads the text
        return lxml.html.fragment_fromstring(markup, create_parent="div")


def visible_lines(tree) -> list[str]:
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
        if not isinstance(el.tag, str):
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if ("display:none" in style or "visibility:hidden" in style or _hidden_widget(el) or _count_link(el)
                or _aside_block(el) or _live_quote(el)):
            _drop(el)
    _drop_empty(tree)
    _drop_read_more(tree)
    _drop_trails(tree)
    _drop_notices(tree)
    for el in tree.iter("li"):
        if el.getparent() is not None and el.getparent().tag not in LISTS:
            # ``<td><li>错误的版面参数！…`` (old pages): a browser shows a bulleted paragraph; trafilatura
            # skips a list item outside a list, so it is read as the paragraph it shows
            el.tag = "p"
    text_len: dict = {}
    link_len: dict = {}
    links: dict = {}
    punct: dict = {}
    for el in _postorder(tree):
        t = char_count(el.text)
        p = sum(ch in CJK_PUNCT for ch in el.text or "")
        lk = 0
        n = 0
        for child in el:
            if not isinstance(child.tag, str):
                continue
            t += text_len.get(child, 0) + char_count(child.tail)
            p += punct.get(child, 0) + sum(ch in CJK_PUNCT for ch in child.tail or "")
            lk += link_len.get(child, 0)
            n += links.get(child, 0)
        if el.tag == "a":
            lk, n = t, n + (1 if t else 0)
        text_len[el], link_len[el], links[el], punct[el] = t, lk, n, p
        if el.tag in BLOCK_TAGS and el.getparent() is not None and _chrome_block(t, lk, n, p):
            text_len[el] = link_len[el] = links[el] = punct[el] = 0
            _drop(el)
    wrap_inline_runs(tree)


# Elements that show something though they hold no text, and a table's cells (its grid).
SHOWN_EMPTY = frozenset({"br", "hr", "img", "td", "th", "tr", "html", "body", "head"})
# Code set inside a sentence (``叫做<code>defer</code>，它…``): trafilatura makes any ``code`` a block of
# its own, which cut the sentence into three lines.
INLINE_CODE_IN = frozenset({"p", "li", "span", "a", "b", "strong", "em", "i", "font", "td", "dd", "h2", "h3", "h4"})


def _drop_empty(tree) -> None:
    """Elements that hold nothing go, their tail kept; inline code becomes text of its sentence.

    trafilatura drops an empty element with its tail: ``消息，<span id="quote_AAPL"></span>2019秋季发布会开幕，…``
    (a site's stock-quote slot, an anchor) lost the rest of the paragraph. Bottom-up, so a wrapper that held
    only empty elements goes too.
    """
    for el in list(_postorder(tree)):
        if el.tag == "code" and el.getparent() is not None and el.getparent().tag in INLINE_CODE_IN \
                and "\n" not in (el.text_content() or ""):
            el.drop_tag()  # its text joins the sentence (made a span, WeChat's styled code lost its text)
            continue
        if el.tag in SHOWN_EMPTY or len(el) or el.getparent() is None:
            continue
        if el.text and el.text.strip():
            continue
        if el.text:  # white space only: it still separates the words around it
            el.tail = " " + (el.tail or "")
        _drop(el)


def _hidden_widget(el) -> bool:
    """A small element a stylesheet's utility class hides (``<div class="js_qrcode_wrap hidden">用微信扫码二维码``):
    a popup the page's script shows. A large one is more likely an article's fold (``展开全文``), kept."""
    cls = el.get("class")
    return bool(cls) and not HIDING_CLASSES.isdisjoint(cls.split()) \
        and char_count("".join(el.itertext())) <= MAX_HIDDEN_WIDGET_CHARS


def _aside_block(el) -> bool:
    """Readers' comments (``<div class="gc-comment" id="comments-container">``) or a list of other articles
    (``<div class="row-recommend">``): a block named for them that holds no headline. trafilatura leaves
    comments out of its own pick, but the dense block may hold them."""
    if el.tag not in ASIDE_BLOCKS:
        return False
    names = f"{el.get('id') or ''} {el.get('class') or ''}".split()
    return any(RE_ASIDE_NAME.search(n) for n in names) and next(el.iter("h1"), None) is None


def _live_quote(el) -> bool:
    """A stock's live quote a finance site sets after its name (``摩根大通<span id="quote_JPM">(115.395, 2.79,
    2.47%)</span>``): price, change and change in per cent of the day the page was saved, not the article's."""
    return (el.tag == "span" and (el.text or "").lstrip()[:1] in ("(", "（")
            and RE_LIVE_QUOTE.fullmatch("".join(el.itertext()).strip()) is not None)


def _count_link(el) -> bool:
    """A link that is only a number: a comment or view count (``<a class="post_cnum_tie">326</a>``), a pager's page."""
    if el.tag != "a":
        return False
    text = "".join(el.itertext()).strip()
    return bool(text) and RE_COUNT.fullmatch(text) is not None


def _drop_notices(tree) -> None:
    """Drop a site's notices: a short block that opens with a disclaimer or a reprint or report notice
    (``【免责声明】本文仅代表作者本人观点…``, ``违法和不良信息举报电话：…``). A one-paragraph article lost to
    them: the dense block was the site's footer, trafilatura's pick the disclaimer."""
    for el in list(tree.iter(*NOTICE_TAGS)):
        first = next((t for t in el.itertext() if t.strip()), "")
        if RE_NOTICE.match(first.strip()) and el.getparent() is not None \
                and char_count("".join(el.itertext())) <= MAX_NOTICE_CHARS:
            _drop(el)


def _drop_trails(tree) -> None:
    """Drop a breadcrumb trail: a short block led by its ``当前位置：`` label, with the label's own element."""
    for el in [el for el in tree.iter(*BLOCK_TAGS) if el.text and RE_TRAIL.match(el.text)]:
        top = el
        up = el.getparent()
        if el.tag in PARAGRAPH_TAGS and not (el.tail or "").strip() and up is not None and not up.text and up[0] is el:
            top = up  # ``<div><span>当前位置：</span><a>首页</a> > …</div>``
        if top.getparent() is not None and char_count("".join(top.itertext())) <= MAX_TRAIL_CHARS:
            _drop(top)


def _drop_read_more(tree) -> None:
    """Drop a fold's control, with the wrappers that hold nothing else (``<div><section><a><em>展开全文``)."""
    for el in [el for el in tree.iter("a", "span", "em", "b", "strong", "font", "p", "button")
               if (text := "".join(el.itertext()).strip()) and RE_READ_MORE.match(text)]:
        if el.getparent() is None or tree not in el.iterancestors():
            continue  # already dropped with a wrapper
        top = el
        while (up := top.getparent()) is not None and up.tag not in ("body", "html") \
                and RE_READ_MORE.match("".join(up.itertext()).strip()):
            top = up
        _drop(top)


def wrap_inline_runs(tree) -> None:
    """Text set between blocks, outside any of them, becomes the paragraph a browser shows.

    A Word-made page closes its paragraph inside a ``<span>`` and carries on in a ``<font>`` beside it
    (``<span><p>李金泽同志现任…</p></span><font>1956</font>年生人，…``): trafilatura reads the blocks
    and drops such loose runs. Only containers that hold a block are touched (see ``NOT_CONTAINERS``); a
    run keeps its elements (links, line breaks) in order, and the tree's text is unchanged.
    """
    from lxml import etree

    blockish: dict = {}
    for el in _postorder(tree):
        blockish[el] = el.tag in BLOCKS or any(blockish.get(c, False) for c in el if isinstance(c.tag, str))
    for el in [el for el in blockish if blockish[el] and el.tag not in NOT_CONTAINERS]:
        children = list(el)
        if not any(blockish.get(c, False) for c in children):
            continue
        # a run: the text before it (the container's text or a block's tail) and the inline elements
        runs: list[tuple] = []
        before, lead, cur = None, el.text, []
        for child in children:
            if blockish.get(child, False):
                runs.append((before, lead, cur))
                before, lead, cur = child, child.tail, []
            else:
                cur.append(child)
        runs.append((before, lead, cur))
        for before, lead, run in runs:
            text = (lead or "") + "".join(etree.tostring(c, method="text", encoding="unicode") for c in run)
            if not any(ch.isalnum() for ch in text):  # a separator (`|`, `»`) or a stray BOM is no paragraph
                continue
            p = etree.Element("p")
            p.text = lead
            if before is None:
                el.text = None
                el.insert(0, p)
            else:
                before.tail = None
                before.addnext(p)
            for c in run:
                p.append(c)


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
        n = char_count(own)
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
        text = char_count(el.text_content())
        links = sum(char_count(a.text_content()) for a in el.iter("a"))
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
