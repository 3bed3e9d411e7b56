"""Split a cleaned page into articles, photo captions and page credits, in reading order.

Works on the paragraphs :func:`transforms.clean.paragraphs` returns, whose layout roles say which
lines stood alone (headings, bylines, author names, page credits, bold doubled text).

* A heading starts a new article when it opens the page, is a headline (set wider than the body's
  column), follows a byline that closed the previous article, follows a kicker (``…载体——``), is
  followed by a byline or an author name, or is set apart from the text above by a blank line and
  is not numbered; otherwise it is a subhead or a section heading (``一、…``, ``（二）…``) and stays
  in the body as its own paragraph.
* A byline right after the title belongs to that article; a byline after body text closes the
  article it ends. An article has one byline: a second one after body text closes an article that
  began at the last unnumbered subhead (a headline whose byline is printed at the article's end).
* A paragraph that starts ``图为`` or ends in a photo credit (``赵启瑞摄（中经视觉）``,
  ``（资料图片）``) is a caption; ``本版编辑 …`` is a page credit.
* A document without a narrow column (one paragraph per line) is one article whose title is its
  first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms import clean
from transforms.resources import CJK

RE_CAPTION_START = re.compile(r"^(?:图为|图：|图:|上图|下图|左图|右图|题图)")
RE_PHOTOGRAPHER = re.compile(rf"([{CJK}]{{2,4}})\s*摄(?:[（(][^（）()]*[）)])?\s*$")
RE_AUTHOR = re.compile(
    rf"^[□■◆◇●○]?\s*{clean.BYLINE_WORKS}(?:{'|'.join(clean.BYLINE_ROLES)})[:：]?\s*(?P<names>[{CJK}、 ]+?)\s*$"
)
MAX_TITLE_CHARS = clean.MAX_HEADLINE_CHARS


@dataclass(frozen=True, slots=True)
class Article:
    """One article, caption or credit of a page; ``body`` holds paragraphs separated by ``\\n``.

    ``kicker`` is the line printed above a headline (``深圳光明科学城汇聚24个重大科技创新载体——``);
    it is also the first paragraph of ``body``, so its figures reach the sentences.
    """

    index: int
    kind: str  # "article" | "caption" | "credit"
    title: str | None
    author: str | None
    body: str
    kicker: str | None = None


@dataclass(slots=True)
class _Draft:
    kind: str
    title: str | None = None
    author: str | None = None
    kicker: str | None = None
    body: list[str] = field(default_factory=list)
    closed: bool = False
    started: bool = False  # body text (not only a kicker) has begun
    subheads: list[int] = field(default_factory=list)  # where unnumbered subheads sit in body


def author_of(byline: str) -> str | None:
    """The names of a byline, joined by ``、``.

    >>> author_of("□本报记者吴陆牧"), author_of("□ 本报记者 吴陆牧 郭贝贝"), author_of("文/图 本报记者 陈七")
    ('吴陆牧', '吴陆牧、郭贝贝', '陈七')
    """
    m = RE_AUTHOR.match(byline)
    if not m:
        return None
    names = [n for n in re.split(r"[、\s]+", m.group("names")) if n]
    return "、".join(names) or None


def is_caption(text: str) -> bool:
    """Whether a paragraph reads as a photo caption.

    >>> is_caption("图为深圳光明科学城启动区。（资料图片）"), is_caption("货船往返穿梭。赵启瑞摄（中经视觉）")
    (True, True)
    """
    return bool(RE_CAPTION_START.match(text) or clean.RE_PHOTO_CREDIT.search(text))


def articles(raw: str) -> list[Article]:
    """Clean a raw page and split it into articles, captions and credits in reading order.

    >>> page = "标题\\n本报记者 王明\\n正文第一段。\\n本版编辑 李华"
    >>> [(a.kind, a.title, a.author, a.body) for a in articles(page)]
    [('article', '标题', '王明', '正文第一段。'), ('credit', None, None, '本版编辑李华')]
    """
    reading = clean.read(raw)
    paras = reading.paragraphs
    if not paras:
        return []
    if not reading.columns and all(p.role in ("text", "heading") for p in paras):
        return _line_document(paras)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    pending_kicker: str | None = None
    pending_author: str | None = None

    def start(title: str | None) -> _Draft:
        nonlocal current, pending_kicker, pending_author
        current = _Draft("article", title=title, kicker=pending_kicker, author=pending_author)
        if pending_kicker:
            current.body.append(pending_kicker)  # a kicker states facts: keep it readable as text
        pending_kicker = pending_author = None
        drafts.append(current)
        return current

    for i, p in enumerate(paras):
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        text = p.text
        if p.role == "credit":
            drafts.append(_Draft("credit", body=[text]))
            continue
        if p.role == "byline":
            name = author_of(text)
            if current is not None and not current.closed and current.author is None:
                current.author = name
                current.closed = current.started
            elif current is not None and not current.closed and current.started and current.subheads:
                # an article has one byline: a second one after body text closes an article that
                # began at the last subhead (its headline, the byline printed at its end)
                cut = current.subheads[-1]
                title, body = current.body[cut], current.body[cut + 1 :]
                del current.body[cut:]
                current.subheads = [k for k in current.subheads if k < cut]
                start(title)
                current.body, current.author, current.started, current.closed = body, name, bool(body), True
            else:
                pending_author = name
            continue
        if clean.RE_CREDIT_PAREN_LINE.match(text) and drafts and drafts[-1].kind == "caption":
            drafts[-1].body[-1] += text
            continue
        if is_caption(text) and (p.role == "doubled" or p.role == "text"):
            m = RE_PHOTOGRAPHER.search(text)
            drafts.append(_Draft("caption", author=m.group(1) if m else None, body=[text]))
            continue
        heading = p.role in clean.HEADLINE_ROLES or (p.role == "doubled" and not clean.is_terminal(text))
        if _is_kicker(p, nxt):
            pending_kicker = text
            if current is not None:
                current.closed = True
            continue
        if heading and len(text) <= MAX_TITLE_CHARS:
            if (_is_subtitle(p) and current is not None and current.title is not None
                    and not current.started and not current.closed):
                current.body.append(text)  # a subtitle under the headline (``——…``): text of the article
                continue
            if current is None or current.closed or pending_kicker:
                start(text)
                continue
            if current.title is None and not current.started:
                current.title = text
                continue
            if not current.started and current.author is None and clean.RE_NAME.fullmatch(text):
                current.author = text  # the author alone on a line under the headline
                continue
            after = paras[i + 2] if _is_subtitle(nxt) and i + 2 < len(paras) else nxt  # look past a subtitle
            # (a subhead has no subtitle)
            if p.role == "headline" or _opens_article(paras, i) or (
                    current.started and (_set_apart(p, after) or _is_subtitle(nxt))):
                current.closed = True
                start(text)
                continue
            if not clean.RE_SECTION.match(text):
                current.subheads.append(len(current.body))
            current.body.append(text)  # a subhead
            current.started = True
            continue
        if current is None or current.closed:
            start(None)
        assert current is not None
        current.body.append(text)
        current.started = True
    return [
        Article(i, d.kind, d.title, d.author, "\n".join(d.body), d.kicker)
        for i, d in enumerate(d for d in drafts if d.body or d.title)
    ]


def _line_document(paras: list[clean.Paragraph]) -> list[Article]:
    first = paras[0].text
    if len(paras) > 1 and len(first) <= 2 * MAX_TITLE_CHARS:
        return [Article(0, "article", first, None, "\n".join(p.text for p in paras[1:]))]
    return [Article(0, "article", None, None, "\n".join(p.text for p in paras))]


def _is_kicker(p: clean.Paragraph, nxt: clean.Paragraph | None) -> bool:
    return (
        nxt is not None
        and p.text.endswith(("——", "—"))
        and len(p.text) <= MAX_TITLE_CHARS
        and nxt.role in ("heading", "headline", "doubled")
    )


def _is_subtitle(p: clean.Paragraph | None) -> bool:
    """A ``——…`` line standing alone: a headline's subtitle."""
    return p is not None and p.role in clean.HEADLINE_ROLES and clean.is_subtitle(p.text)


def _set_apart(p: clean.Paragraph, nxt: clean.Paragraph | None) -> bool:
    """An unnumbered heading set apart by a blank line (on a page where blank lines are rare) before
    it, with body text under it, or after it: the headline of the next article (a section heading is
    numbered or follows on from the text)."""
    if clean.RE_SECTION.match(p.text) or nxt is None:
        return False
    return (p.apart and nxt.role == "text") or (nxt.apart and nxt.role in ("text", "byline", "heading"))


def _opens_article(paras: list[clean.Paragraph], i: int) -> bool:
    """A heading followed by a byline or an author name (before any body text) opens an article."""
    for p in paras[i + 1 : i + 3]:
        if p.role == "byline" or (p.role == "heading" and clean.RE_NAME.fullmatch(p.text)):
            return True
        if p.role not in clean.HEADLINE_ROLES:
            return False
    return False
