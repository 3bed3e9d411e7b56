"""Lay clean paragraphs out the way PDF-extracted newspaper pages look, for round-trip tests.

:func:`page` returns the raw page text and the paragraphs :func:`transforms.clean.page` should give
back (the ``classic`` family). Artefacts: a random column width (12–22 characters), a blank line
after every line or not, ``\\r\\n`` or not, justified lines with a space between every character,
digits and Latin words padded with spaces, ``⋯⋯`` for ``……``, full-width digits, headlines, kickers,
subheads, bylines (before the body, or after it glued to the next headline), authors alone on a
line, captions with a photographer credit, bold doubled captions and a page credit.

:func:`laid` lays out a page of one of :data:`FAMILIES` and also returns the article titles
:func:`transforms.layout.articles` should find. Besides ``classic``:

* ``wide_headline``: headlines set wider than the body column (across columns), on one or two lines;
* ``flush``: paragraphs without first-line indentation and without blank lines;
* ``dense_latin``: text full of figures, dates and Latin words, so a full line holds more characters;
* ``sections``: section headings inside the articles (``一、…``, ``（二）…``, ``1.…``, short lines);
* ``multi``: three to five articles on one page, headlines of any width, bylines or none.

Widths are display widths (:func:`transforms.clean.width`: an ideograph counts one, ASCII half).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

HAN = (
    "经济发展产业集群数字制造企业创新平台工业互联网服务能源汽车市场投资项目建设规划区域协同科技"
    "政策质量效率生态园区智能转型基础设施改革开放消费贸易农业金融人才研究技术研发城市乡村增长提升"
)
NAMES = ["吴陆牧", "郭贝贝", "杨阳腾", "李华", "王志强", "陈静", "张利峰", "欧阳明月"]
UNITS = ["%", "亿元", "万辆", "个", "家", "万户", "平方公里", "台"]
LATIN = ["5G", "AITO", "AI", "GDP", "App"]
REPEATS = ["一台台", "研究研究", "谢谢", "看看", "万万", "哈哈"]
RE_RUN = re.compile(r"[\u4e00-\u9fff]+|\d+(?:\.\d+)?%?|[A-Za-z]+|.", re.S)
CLOSING = set("，。、；：！？”’）》…")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _phrase(rng: random.Random, lo: int = 2, hi: int = 8) -> str:
    return "".join(rng.choice(HAN) for _ in range(rng.randint(lo, hi)))


def sentence(rng: random.Random) -> str:
    """One sentence of running text with numbers, Latin words, quotes and real repetitions."""
    parts = [_phrase(rng)]
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.3:
            num = rng.choice([str(rng.randint(1, 9999)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"])
            parts.append(num + rng.choice(UNITS))
        elif r < 0.4:
            parts.append(rng.choice(LATIN))
        elif r < 0.5:
            parts.append("“" + _phrase(rng, 2, 5) + "”")
        elif r < 0.55:
            parts.append(rng.choice(REPEATS))
        elif r < 0.6:
            parts.append("……")
        parts.append(rng.choice(["，", "、", ""]) + _phrase(rng))
    return "".join(parts) + rng.choice(["。", "。", "。", "！", "；", "。”"])


def paragraph(rng: random.Random) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(1, 4)))


@dataclass(frozen=True)
class Style:
    width: int
    blank_every_line: bool
    crlf: bool
    justify: float  # share of full lines printed with a space between every character
    pad: bool  # digits and Latin words padded with spaces
    fullwidth: bool
    indent: bool  # first line of a paragraph two characters shorter


def style(rng: random.Random) -> Style:
    return Style(
        width=rng.randint(12, 22),
        blank_every_line=rng.random() < 0.5,
        crlf=rng.random() < 0.3,
        justify=rng.choice([0.0, 0.1, 0.3]),
        pad=rng.random() < 0.7,
        fullwidth=rng.random() < 0.2,
        indent=rng.random() < 0.5,
    )


def _w(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def wrap(text: str, width: int, *, indent: bool = False) -> list[str]:
    """Break text into lines of at most ``width`` (ASCII counts half), never inside a number or word."""
    lines: list[str] = []
    cur, cw = "", 2.0 if indent else 0.0
    for tok in RE_RUN.findall(text):
        pieces = [tok] if (tok.isascii() or len(tok) == 1) else list(tok)
        for piece in pieces:
            pw = sum(_w(c) for c in piece)
            # closing punctuation never starts a line: it hangs in the margin instead
            if cur and cw + pw > width and piece not in CLOSING:
                lines.append(cur)
                cur, cw = "", 0.0
            cur += piece
            cw += pw
    if cur:
        lines.append(cur)
    return lines


def _render(line: str, st: Style, rng: random.Random, full: bool) -> str:
    if st.fullwidth:
        line = line.translate(FULLWIDTH)
    line = line.replace("……", "⋯⋯")
    if full and rng.random() < st.justify:
        return " ".join(RE_RUN.findall(line)).replace("  ", " ")
    if st.pad:
        line = re.sub(r"(?<=[^\x00-\x7f０-９])([0-9０-９A-Za-z.%]+)", r" \1", line)
        line = re.sub(r"([0-9０-９A-Za-z.%]+)(?=[^\x00-\x7f０-９])", r"\1 ", line)
    return line


def double(text: str) -> str:
    """Print text twice in bold: every run of glyphs doubled (digits padded as PDFs do)."""
    out = []
    for run in RE_RUN.findall(text):
        out.append(f" {run}{run} " if run[0].isascii() else run + run)
    return re.sub(" +", " ", "".join(out)).strip()


def page(seed: int) -> tuple[str, list[str]]:
    """A raw page and the cleaned paragraphs it should give back."""
    got = _classic(seed)
    return got.raw, got.paragraphs


def _classic(seed: int) -> Laid:
    rng = random.Random(seed)
    st = style(rng)
    blocks: list[tuple[str, str]] = []  # (kind, text) where kind: para | line | doubled
    expect: list[str] = []
    titles: list[str] = []
    glue_byline: str | None = None
    for a in range(rng.randint(1, 3)):
        if rng.random() < 0.3:
            kicker = _phrase(rng, 6, 12) + str(rng.randint(2, 99)) + "个" + _phrase(rng, 3, 6) + "——"
            blocks.append(("line", kicker))
            expect.append(kicker)
        title = _phrase(rng, 5, min(11, st.width - 3))
        titles.append(title)
        name = rng.choice(NAMES)
        if glue_byline:
            blocks.append(("line", f"□ 本报记者 {glue_byline} {title}"))
            expect.extend([f"□本报记者{glue_byline}", title])
            glue_byline = None
        else:
            blocks.append(("line", title))
            expect.append(title)
        byline_after = rng.random() < 0.3 and a < 2
        if not byline_after:
            if rng.random() < 0.5:
                blocks.append(("line", f"本报记者 {name}"))
                expect.append(f"本报记者{name}")
            else:
                blocks.append(("line", name))
                expect.append(name)
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.2:
                sub = _phrase(rng, 4, min(8, st.width // 2))
                blocks.append(("line", sub))
                expect.append(sub)
            para = paragraph(rng)
            blocks.append(("para", para))
            expect.append(para)
        if byline_after:
            glue_byline = name
    if glue_byline:
        blocks.append(("line", f"□ 本报记者 {glue_byline}"))
        expect.append(f"□本报记者{glue_byline}")
    if rng.random() < 0.7:
        cap = "图为" + _phrase(rng, 6, 16) + rng.choice(["。", ""])
        credit = rng.choice(["（资料图片）", f"{rng.choice(NAMES)}摄（新华社发）"])
        doubled = rng.random() < 0.6
        blocks.append(("doubled" if doubled else "para", cap + credit))
        expect.append(cap + credit)
    if rng.random() < 0.6:
        e1, e2 = rng.sample(NAMES, 2)
        blocks.append(("line", f"本版编辑 {e1} 美 编 {' '.join(e2)}"))
        expect.append(f"本版编辑{e1}美编{e2}")

    lines: list[str] = []
    for kind, text in blocks:
        if kind == "line":
            lines.append(text.replace("……", "⋯⋯"))
        elif kind == "doubled":
            for ln in wrap(text, max(7, st.width // 2)):
                lines.append(double(ln))
        else:
            wrapped = wrap(text, st.width, indent=st.indent)
            for i, ln in enumerate(wrapped):
                lines.append(_render(ln, st, rng, full=i < len(wrapped) - 1))
    sep = "\r\n" if st.crlf else "\n"
    if st.blank_every_line:
        sep = sep * 2
    return Laid(sep.join(lines) + sep, expect, titles)


# ----------------------------------------------------------------------------- layout families

FAMILIES = ("classic", "wide_headline", "flush", "dense_latin", "sections", "multi")
UNITS_DENSE = ["%", "亿元", "万元", "万吨", "个百分点", "倍", "万千瓦", "GW", "TEU", "kg"]
LATIN_DENSE = ["GDP", "CPI", "PPI", "PMI", "5G", "AI", "IPO", "R&D", "EV", "LNG", "ETF", "App", "iPhone 15"]
SECTION_NUMS = "一二三四五六七八九十"
BYLINES = ["本报记者 {n}", "新华社记者 {n} {m}", "记者 {n}", "本报通讯员 {n}", "{n}"]


@dataclass(frozen=True)
class Laid:
    raw: str
    paragraphs: list[str]  # what clean.page should give back
    titles: list[str]  # the article titles layout.articles should find, in order


def laid(seed: int, family: str = "classic") -> Laid:
    """A page of one layout family: its raw text, its paragraphs and its article titles."""
    if family == "classic":
        return _classic(seed)
    if family not in FAMILIES:
        raise ValueError(f"unknown layout family {family}")
    rng = random.Random(f"{family}:{seed}")
    width = rng.randint(13, 24)
    indent = family != "flush" and rng.random() < 0.5
    blank_after_head = rng.random() < 0.5
    n_articles = rng.randint(3, 5) if family == "multi" else rng.randint(1, 2)
    lines: list[str] = []
    expect: list[str] = []
    titles: list[str] = []
    for a in range(n_articles):
        apart = a > 0 and rng.random() < 0.7  # articles are usually set apart by a blank line
        if apart:
            lines.append("")
        dense = family == "dense_latin"
        wide = family == "wide_headline" or (family == "multi" and rng.random() < 0.6) or rng.random() < 0.3
        if wide:
            hwidth = int(width * rng.uniform(1.4, 2.6))  # a headline set across the columns
            title = _headline(rng, rng.randint(min(width + 2, 28), min(2 * hwidth - 4, 30)), dense)
        else:
            hwidth = width
            title = _headline(rng, rng.randint(6, max(7, min(width - 3, 16))), dense)
        titles.append(title)
        expect.append(title)
        lines.extend(wrap(title, hwidth))
        if blank_after_head:
            lines.append("")
        # a later article's narrow headline is told from a subhead by something a reader sees: a
        # blank line around it or a byline under it (else nothing on the page marks the new article)
        needs_byline = a > 0 and not (wide or apart or blank_after_head)
        if needs_byline or rng.random() < 0.6:
            byline = rng.choice(BYLINES).format(n=rng.choice(NAMES), m=rng.choice(NAMES))
            lines.append(byline)
            expect.append(despaced(byline))
        for k in range(rng.randint(3, 7)):
            in_sections = family == "sections" and (k == 0 or rng.random() < 0.5)
            if in_sections or (family == "multi" and rng.random() < 0.15):
                head = _section(rng, k)
                lines.append(head)
                expect.append(head)
            para = _dense_paragraph(rng) if dense else paragraph(rng)
            expect.append(para)
            wrapped = wrap(para, width, indent=indent)
            lines.extend(_pad(ln, rng) if dense else ln for ln in wrapped)
    return Laid("\n".join(lines) + "\n", expect, titles)


def despaced(line: str) -> str:
    """A byline as the cleaner prints it (spaces between ideographs go)."""
    return re.sub(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])", "", line)


def _headline(rng: random.Random, length: int, dense: bool) -> str:
    """A headline of about ``length`` characters: phrases, a figure, no end punctuation (never two figures back to
    back: 38亿元38亿元 is what a doubled bold glyph run looks like, and the cleaner reads it so)."""
    parts: list[str] = []
    while sum(len(p) for p in parts) < length:
        r = rng.random()
        if r < 0.25 and not (parts and parts[-1][:1].isdigit()):
            parts.append(f"{rng.randint(2, 99)}{rng.choice(['%', '亿元', '万辆', '个'])}")
        elif r < 0.35 and dense:
            parts.append(rng.choice(LATIN_DENSE))
        elif r < 0.45 and parts:
            parts.append(rng.choice(["，", "：", "、"]))
        else:
            parts.append(_phrase(rng, 2, 6))
    title = "".join(parts).strip(" ，：、")
    return title if title[-1] not in "，：、 " else title[:-1]


def _section(rng: random.Random, k: int) -> str:
    style = rng.randrange(4)
    body = _phrase(rng, 5, 10)  # a name is 2-4 characters: a heading of that length reads as a byline
    if style == 0:
        return f"{SECTION_NUMS[k % 10]}、{body}"
    if style == 1:
        return f"（{SECTION_NUMS[k % 10]}）{body}"
    if style == 2:
        return f"{k + 1}.{body}"
    return body


def _dense_paragraph(rng: random.Random) -> str:
    """A paragraph of statistics: dates, ranges, figures with units, Latin abbreviations."""
    out = []
    for _ in range(rng.randint(2, 4)):
        span = f"{rng.randint(2015, 2030)}年{rng.randint(1, 6)}-{rng.randint(7, 12)}月，"
        parts = [span if rng.random() < 0.5 else ""]
        parts.append(_phrase(rng, 2, 6))
        for _ in range(rng.randint(2, 5)):
            r = rng.random()
            if r < 0.5:
                parts.append(f"{rng.choice(['增长', '达到', '下降', '为'])}{rng.randint(1, 99999)}"
                             f"{rng.choice(['', '.' + str(rng.randint(1, 99))])}{rng.choice(UNITS_DENSE)}")
            elif r < 0.8:
                parts.append(rng.choice(LATIN_DENSE))
            else:
                parts.append(_phrase(rng, 2, 5))
            parts.append(rng.choice(["，", "、", ""]))
        out.append("".join(parts).rstrip("，、") + "。")
    return "".join(out)


def _pad(line: str, rng: random.Random) -> str:
    """Figures and Latin words padded with spaces, as PDF text extraction prints them."""
    if rng.random() < 0.5:
        return line
    line = re.sub(r"(?<=[^\x00-\x7f])([0-9A-Za-z.%&]+)", r" \1", line)
    return re.sub(r"([0-9A-Za-z.%&]+)(?=[^\x00-\x7f])", r"\1 ", line)
