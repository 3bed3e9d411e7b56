"""Web pages to text: the main article of an HTML page with its title, without the site's chrome.

Pure: takes the page's bytes (or text), returns :class:`Page`; raises :class:`transforms.decode.Undecodable`
when the page holds no article text. Navigation, breadcrumbs, footers, ICP lines and share buttons
are left out by trafilatura's main-content extraction, and any such line it lets through is dropped
by :data:`RE_CHROME`. :func:`Page.text` lays the page out as a line document: the title on the first
line, one paragraph per line, which is how :func:`transforms.layout.articles` reads it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from transforms import decode

RE_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
RE_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
RE_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.I | re.S)
RE_TAG = re.compile(r"<[^>]+>")
# "headline_Site name", "headline - Site", "headline | Site": the site's name after the last separator
RE_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s).*$")
# Site chrome lines that slip into a main-content block: ICP licence, police filing, copyright, share bars.
RE_CHROME = re.compile(
    r"ICP[备证]|公网安备|网站标识码|版权所有|Copyright|©|分享到|扫一扫|打印本页|关闭窗口|【字体|字号[:：]|"
    r"^(?:上一篇|下一篇|相关阅读|责任编辑|返回顶部)",
    re.I,
)
MAX_CHROME_CHARS = 80  # a longer line with one of those words is body text that mentions them
MAX_TITLE_CHARS = 60
# declared charsets read with a superset codec, as browsers do
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


@dataclass(frozen=True, slots=True)
class Page:
    """The article of a web page: ``body`` holds its paragraphs separated by ``\\n``."""

    title: str | None
    body: str
    encoding: str

    def text(self) -> str:
        """Title on the first line, then the paragraphs, one per line."""
        return f"{self.title}\n{self.body}" if self.title else self.body


def decoded(data: bytes) -> decode.Decoded:
    """The page's text, read with its BOM, else its declared ``<meta charset>``, else detected.

    >>> decoded('<meta charset="gbk"><p>重庆</p>'.encode("gbk")).encoding
    'gb18030'
    """
    declared = RE_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        try:
            enc = codecs.lookup(SUPERSETS.get(name, name)).name
            return decode.Decoded(data.decode(enc), enc)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: detect instead
    return decode.text(data)


def page(data: bytes | str) -> Page:
    """The main article of an HTML page.

    >>> p = page("<html><head><title>标题_某网站</title></head><body><div>首页 | 新闻</div>"
    ...          "<article><p>上半年全市地区生产总值增长6.1%，工业增加值增长8.5%，新能源汽车产量23.5万辆。</p>"
    ...          "</article><footer>渝ICP备05003300号</footer></body></html>")
    >>> p.title, p.body
    ('标题', '上半年全市地区生产总值增长6.1%，工业增加值增长8.5%，新能源汽车产量23.5万辆。')
    """
    if isinstance(data, bytes):
        got = decoded(data)
        markup, encoding = got.text, got.encoding
    else:
        markup, encoding = data, "utf-8"
    import trafilatura  # heavy (lxml, courlan, htmldate): only when a page is read

    doc = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
    )
    lines = (doc.text or "").splitlines() if doc is not None else []
    lines = [ln.strip() for ln in lines if ln.strip() and not _chrome(ln)]
    if doc is None or not lines:
        # trafilatura finds nothing in very short pages; their paragraphs are the article then
        lines = [ln for ln in (_plain(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", markup, re.I | re.S))
                 if ln and not _chrome(ln)]
    if not lines:
        raise decode.Undecodable("html page without article text")
    title = _title(markup, doc.title if doc is not None else None)
    if title and lines[0] == title:
        lines = lines[1:]
    return Page(title, "\n".join(lines), encoding)


def _chrome(line: str) -> bool:
    return len(line) <= MAX_CHROME_CHARS and bool(RE_CHROME.search(line.strip()))


def _plain(fragment: str) -> str:
    import html

    return " ".join(html.unescape(RE_TAG.sub("", fragment)).split())


def _title(markup: str, found: str | None) -> str | None:
    """The ``<h1>``, else the extractor's title, else ``<title>`` without the site's name."""
    h1 = RE_H1.search(markup)
    title = RE_TITLE.search(markup)
    candidates = [
        _plain(h1.group(1)) if h1 else "",
        RE_SITE_SUFFIX.sub("", found or "").strip(),
        RE_SITE_SUFFIX.sub("", _plain(title.group(1))).strip() if title else "",
    ]
    return next((c for c in candidates if 0 < len(c) <= MAX_TITLE_CHARS), None)
