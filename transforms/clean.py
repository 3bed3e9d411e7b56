"""Clean text extracted from newspaper pages the way a reader sees it.

Each step is a pure function over strings; :func:`paragraphs` composes them into paragraphs that
carry a layout role, and :func:`page` returns the cleaned paragraphs separated by ``\\n``.

Steps, in order:

1. :func:`normalize` – line endings, ``⋯`` → ``…``, full-width digits and Latin letters → ASCII,
   ideographic / no-break spaces → ASCII space.
2. :func:`split_byline` – a byline glued to the next headline (``□ 本报记者 吴陆牧 产业协同发展是基础``)
   becomes two lines; this must run while the padding spaces still separate the tokens.
3. :func:`undouble` – a line printed twice in bold, so that every run of glyphs is doubled
   (``（（资料图片资料图片））``), gets one copy back. Only a line that decomposes *completely* into
   doubled runs is touched, so real repetition in running text (``一台台``, ``研究研究``) stays.
4. :func:`despace` – spaces between CJK characters, and between CJK and digits or Latin words, go;
   a space between two Latin words or numbers stays.
5. line joining – narrow column lines become paragraphs, decided from line widths relative to the
   page's own column, terminal punctuation, blank-line rhythm and layout roles (headings, bylines,
   credits, doubled captions). A document without a narrow column (one paragraph per line, as HTML
   text) keeps its lines.
6. :func:`quotes` – straight ``"`` inside Chinese text become ``“`` / ``”``.

The whole pipeline is repeated until it no longer changes the text (at most
``CleanConfig.max_passes`` times, like ftfy's fixers), which makes :func:`page` idempotent.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from transforms.resources import CJK

# Characters that mark Chinese typesetting: ideographs, CJK symbols and punctuation, full-width
# forms, and the general punctuation Chinese text uses (“”‘’…—·).
CJK_ISH = rf"{CJK}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u25a0-\u25ff"
RE_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000\u2002-\u200a\u202f\u205f]+")
RE_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK_ISH}]) +| +(?=[{CJK_ISH}])")
RE_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
RE_HAN = re.compile(f"[{CJK}]")
RE_HAN_SPACE_HAN = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
RE_HAN_PAIR = re.compile(f"(?<=[{CJK}]) ?(?=[{CJK}])")
RE_NAME = re.compile(f"[{CJK}]{{2,4}}")
# A paragraph ends at 。！？…； (or ASCII !?;), optionally closed by quotes or brackets; a kicker
# ends at a dash.
RE_TERMINAL = re.compile(r"(?:[。！？!?…；;][”’」』）)》\]】]*|——|—)$")
# Photo credits that close a caption: `赵启瑞摄（中经视觉）`, `（资料图片）`, `（新华社发）`.
RE_PHOTO_CREDIT = re.compile(
    rf"(?:(?:^|[\s。！？）”])[{CJK}]{{2,4}}\s*摄(?:\s*[（(][^（）()]{{1,12}}[）)])?"
    r"|[（(]\s*(?:资料图片|资料照片|新华社发|新华社记者[^（）()]{0,8}摄|[^（）()]{0,8}供图|[^（）()]{0,8}摄)\s*[）)])\s*$"
)
RE_CREDIT_PAREN_LINE = re.compile(r"^[（(][^（）()]{1,12}[）)]$")
# Page credits: `本版编辑 周颖一 美 编 高 妍`.
RE_PAGE_CREDIT = re.compile(
    r"^\s*(?:本\s*版\s*(?:编\s*辑|统\s*筹|责\s*编)|责\s*任\s*编\s*辑|版\s*式\s*设\s*计|美\s*术\s*编\s*辑|美\s*编"
    r"|版\s*面\s*编\s*辑|校\s*对|制\s*图)\s*[：:]?"
)
BYLINE_ROLES = (
    "本报记者", "本报通讯员", "本报特约记者", "本报评论员", "本报实习生", "特约记者", "特约撰稿人",
    "新华社记者", "经济日报记者", "记者", "通讯员", "实习生", "评论员",
)
RE_BYLINE = re.compile(
    r"^\s*(?P<box>[□■◆◇●○]?)\s*(?P<role>"
    + "|".join(r"\s*".join(role) for role in BYLINE_ROLES)
    + rf")(?=\s|(?:[{CJK}]{{2,4}}[、 ]?)+$)(?P<rest>.*)$"
)
RE_ROLE_TOKEN = re.compile("^(?:" + "|".join(BYLINE_ROLES) + ")$")
MAX_DOUBLED_CHARS = 400


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Toggles and thresholds of the cleaning pipeline (defaults suit Chinese newspaper pages).

    ``tolerance``: how much narrower than the column (in CJK character widths) a line must be to
    count as short; ``line_mode_width``: a document whose median line is wider than this has no
    narrow column and keeps one paragraph per line, as does one of fewer than ``min_column_lines``
    text lines or one where fewer than ``column_share`` of the lines break mid-sentence at about
    the same width; ``heading_ratio``: a line without terminal
    punctuation at most this share of the column wide, after a paragraph end, is a heading;
    ``min_doubled``: the fewest non-space characters a line needs before it may be read as doubled;
    ``indent``: read a line about two characters short after a full sentence-ending line as an
    indented paragraph start; ``max_passes``: cap of the fixpoint loop.
    """

    undouble: bool = True
    join: bool = True
    quotes: bool = True
    tolerance: float = 1.5
    line_mode_width: float = 40.0
    heading_ratio: float = 0.7
    min_column_lines: int = 6
    column_share: float = 0.3
    min_doubled: int = 6
    indent: bool = True
    max_passes: int = 6


DEFAULT = CleanConfig()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A cleaned paragraph and its layout role.

    ``role`` is one of ``text`` (running text), ``heading`` (a short line standing alone: headline,
    subhead, author name), ``byline`` (``本报记者 …``), ``credit`` (``本版编辑 …``) or ``doubled``
    (bold text printed twice: headings and captions).
    """

    text: str
    role: str = "text"


# --------------------------------------------------------------------------- line-level steps


def normalize(text: str) -> str:
    """Unify line endings, ``⋯`` → ``…``, full-width digits/letters → ASCII, odd spaces → `` ``.

    >>> normalize("增长６．４％\\r\\n⋯⋯ＡＩ\\u3000")
    '增长6．4％\\n……AI '
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\u22ef", "…")
    text = RE_FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return RE_SPACE_RUN.sub(lambda m: " " * len(m.group()) if m.group().isascii() else " ", text)


def despace(line: str, *, keep_word_spaces: bool = False) -> str:
    """Remove spaces next to CJK characters or punctuation; keep one space between Latin words.

    With ``keep_word_spaces`` a space between two ideographs stays unless the line is justified
    (most ideographs spaced), as in a two-part headline of an HTML page.

    >>> despace("生 产 总 值 增 长 6.4% ，位 列 巴南腾龙 5G 公园")
    '生产总值增长6.4%，位列巴南腾龙5G公园'
    >>> despace("  AITO  Smart  问界 ")
    'AITO Smart问界'
    >>> despace("前三强 产业规模 增长 5 倍", keep_word_spaces=True)
    '前三强 产业规模 增长5倍'
    """
    if not RE_SPACE_RUN.search(line):
        return line.strip()  # nothing to remove (the usual line of a page that is not justified)
    line = RE_SPACE_RUN.sub(" ", line).strip()
    if keep_word_spaces:
        spaced = len(RE_HAN_SPACE_HAN.findall(line))
        if spaced and spaced * 2 < len(RE_HAN_PAIR.findall(line)):
            return RE_SPACE_NEAR_CJK.sub(lambda m: m.group() if _between_han(line, m) else "", line)
    return RE_SPACE_NEAR_CJK.sub("", line)


def _between_han(line: str, m: re.Match[str]) -> bool:
    a, b = m.start() - 1, m.end()
    return a >= 0 and b < len(line) and bool(RE_HAN.match(line[a])) and bool(RE_HAN.match(line[b]))


def undouble(line: str, *, min_chars: int = DEFAULT.min_doubled) -> str:
    """Give back one copy of a line whose every run of glyphs is printed twice; else the line.

    Spaces are ignored when matching; each run keeps the spacing of its first copy.

    >>> undouble("电子电子 88 寸特色工艺中寸特色工艺中")
    '电子 8 寸特色工艺中'
    >>> undouble("图为深圳光明科学城启动区图为深圳光明科学城启动区。。")
    '图为深圳光明科学城启动区。'
    >>> undouble("（（资料图片资料图片））")
    '（资料图片）'
    >>> undouble("车间里，一台台机器人研究研究")
    '车间里，一台台机器人研究研究'
    """
    pieces = doubled_runs(line, min_chars=min_chars)
    if pieces is None:
        return line
    return "".join(pieces)


def doubled_runs(line: str, *, min_chars: int = DEFAULT.min_doubled) -> list[str] | None:
    """The first copies of the doubled runs a line consists of, or None when it is not doubled.

    A line is doubled when its non-space characters split completely into squares ``XX``; the split
    with the fewest squares wins. Lines shorter than ``min_chars`` or longer than
    ``MAX_DOUBLED_CHARS`` non-space characters, and lines of one repeated character, are never
    doubled (``哈哈哈哈哈哈``). Cost is bounded per line, so the step is linear in the document.

    >>> doubled_runs("操作设备操作设备。。 （（资料图片资料图片））")
    ['操作设备', '。', ' （', '资料图片', '）']
    """
    t = "".join(line.split())  # the non-space characters (str.split's whitespace is str.isspace's)
    n = len(t)
    if n < min_chars or n > MAX_DOUBLED_CHARS or n % 2:
        return None
    # each square XX holds each of its characters twice: a character seen an odd number of times, and
    # the line is no run of squares (most lines end here, before the search below)
    if t.count(t[0]) % 2 or t.count(t[-1]) % 2:  # the usual case, at C speed
        return None
    counts = Counter(t)
    if len(counts) < 2 or any(c % 2 for c in counts.values()):
        return None
    pos = [i for i, ch in enumerate(line) if not ch.isspace()]
    inf = n + 1
    best = [inf] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0
    for i in range(n):
        if best[i] == inf:
            continue
        step = best[i] + 1
        k = t.find(t[i], i + 1) - i
        while k > 0 and i + 2 * k <= n:
            j = i + 2 * k
            if step < best[j] and t[i : i + k] == t[i + k : j]:
                best[j] = step
                back[j] = k
            nk = t.find(t[i], i + k + 1)
            k = nk - i if nk >= 0 else 0
    if best[n] == inf:
        return None
    runs: list[tuple[int, int]] = []
    j = n
    while j:
        k = back[j]
        runs.append((j - 2 * k, k))
        j -= 2 * k
    runs.reverse()
    if not any(k >= 2 and RE_HAN.search(t[i : i + k]) for i, k in runs):
        return None  # no doubled word: `0000。。` may be real
    if all(RE_TERMINAL.search(t[i : i + k]) for i, k in runs if k >= 2):
        return None  # sentences said twice (经济。经济。) are a repetition, not bold runs printed twice
    out: list[str] = []
    for r, (i, k) in enumerate(runs):
        piece = line[pos[i] : pos[i + k - 1] + 1]
        if r and any(ch.isspace() for ch in line[pos[i - 1] : pos[i]]):
            piece = " " + piece
        out.append(piece)
    return out


def split_byline(line: str) -> list[str]:
    """Split a byline from a headline glued after it; other lines come back as they are.

    >>> split_byline("□ 本报记者 吴陆牧 产业协同发展是基础")
    ['□ 本报记者 吴陆牧', '产业协同发展是基础']
    >>> split_byline("本报记者 杨阳腾")
    ['本报记者 杨阳腾']
    >>> split_byline("记者表示，今年以来 增长较快")
    ['记者表示，今年以来 增长较快']
    """
    m = RE_BYLINE.match(line)
    if not m:
        return [line]
    tokens = m.group("rest").split()
    if not tokens:
        return [line]
    if all(len(tok) == 1 for tok in tokens):
        # justified byline, `本 报 记 者 杨 阳 腾`: nothing glued can be told apart
        return [line]
    taken = 0
    for tok in tokens:
        if RE_NAME.fullmatch(tok) or RE_ROLE_TOKEN.match(tok):
            taken += 1
        else:
            break
    if taken == 0:
        return [line]
    if taken == len(tokens):
        return [line]
    head = f"{m.group('box')} {m.group('role')}".strip() + " " + " ".join(tokens[:taken])
    return [head, " ".join(tokens[taken:])]


def quotes(paragraph: str) -> str:
    """Straight double quotes in Chinese text become curly ones, opening and closing in turn.

    >>> quotes('推进"数字重庆"建设')
    '推进“数字重庆”建设'
    """
    if '"' not in paragraph or not RE_HAN.search(paragraph) or paragraph.count('"') % 2:
        return paragraph
    parts = paragraph.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def width(line: str) -> float:
    """Display width in CJK characters: ASCII and Latin-1 count half.

    >>> width("每3分钟")
    3.5
    """
    return len(line) - 0.5 * len(line.encode("latin-1", "ignore"))


def is_terminal(line: str) -> bool:
    """Whether a line ends where a paragraph may end (sentence end, kicker dash, photo credit).

    >>> [is_terminal(s) for s in ("注入新动能。", "赛力斯集团", "赵启瑞摄（中经视觉）", "载体——")]
    [True, False, True, True]
    """
    return bool(RE_TERMINAL.search(line) or RE_PHOTO_CREDIT.search(line))


# --------------------------------------------------------------------------- page-level steps


@dataclass(slots=True)
class _Line:
    text: str  # cleaned (despaced) text
    raw: str  # the line before despacing
    role: str  # text | byline | credit | doubled | name
    gap: int  # blank lines before it
    w: float = 0.0
    terminal: bool = False


def _lines(text: str, config: CleanConfig) -> list[_Line]:
    out: list[_Line] = []
    gap = 0
    for raw in text.split("\n"):
        if not raw.strip():
            gap += 1
            continue
        for part in split_byline(raw):
            role = "text"
            runs = doubled_runs(part, min_chars=config.min_doubled) if config.undouble else None
            if runs is not None:
                part, role = "".join(runs), "doubled"
            elif RE_BYLINE.match(part):
                role = "byline"
            elif RE_PAGE_CREDIT.match(part):
                role = "credit"
            clean = despace(part)
            if clean:
                out.append(_Line(clean, part, role, gap, width(clean), is_terminal(clean)))
            gap = 0
    return out


def _soft_gap(lines: list[_Line]) -> int:
    """Blank lines that merely follow every line on this page (0 when blank lines mean a break)."""
    gaps = [ln.gap for ln in lines[1:]]
    if not gaps:
        return 0
    spaced = [g for g in gaps if g > 0]
    if len(spaced) < 0.6 * len(gaps):
        return 0
    return Counter(spaced).most_common(1)[0][0]


def _line_mode(lines: list[_Line], config: CleanConfig) -> bool:
    """True when the document has no narrow column: one paragraph per line already."""
    widths = [ln.w for ln in lines if ln.role == "text"]
    if len(widths) < config.min_column_lines:
        return True
    if statistics.median(widths) > config.line_mode_width:
        return True
    # a column shows as many lines of nearly the same width that break mid-sentence;
    # paragraphs (and headings) vary in length
    wrapped = [round(ln.w) for ln in lines if ln.role == "text" and not ln.terminal]
    counts = Counter(wrapped)
    column = max((sum(counts[c + d] for d in (-1, 0, 1)) for c in counts), default=0)
    return column < config.column_share * len(widths)


def _join(lines: list[_Line], config: CleanConfig, *, columns: bool = True) -> list[Paragraph]:
    """Join column lines into paragraphs.

    Lines are cut into blocks at layout roles and at blank lines that mean a break. Within a block,
    a line ending a sentence closes its paragraph when it is short against its neighbours (the
    page's own column); a short line without terminal punctuation that follows a paragraph end is a
    heading and stands alone.
    """
    soft = _soft_gap(lines)
    tol = config.tolerance
    for ln in lines:
        if columns and ln.role == "text" and ln.w <= 4 and not ln.terminal and RE_NAME.fullmatch(ln.text):
            ln.role = "name"  # an author alone on a line
    blocks: list[list[_Line]] = []
    for i, ln in enumerate(lines):
        if ln.role != "text" or i == 0 or ln.gap > soft or lines[i - 1].role != "text":
            blocks.append([])
        blocks[-1].append(ln)

    paras: list[Paragraph] = []
    for block in blocks:
        role = block[0].role
        if role == "doubled":
            # bold captions and headings: join until a line closes the sentence
            last = paras[-1] if paras else None
            follows = not is_terminal(last.text) or RE_CREDIT_PAREN_LINE.match(block[0].text) if last else False
            if last and last.role == "doubled" and follows and block[0].gap <= soft:
                paras[-1] = Paragraph(_glue([paras[-1].text, block[0].text]), "doubled")
            else:
                paras.append(Paragraph(block[0].text, "doubled"))
            continue
        if role != "text":
            paras.append(Paragraph(block[0].text, "heading" if role == "name" else role))
            continue
        if columns:
            paras.extend(_join_block(block, tol, config.heading_ratio, indent=config.indent))
        else:
            paras.extend(Paragraph(ln.text, _line_role(ln)) for ln in block)
    return paras


def _join_block(block: list[_Line], tol: float, ratio: float, *, indent: bool = True) -> list[Paragraph]:
    out: list[Paragraph] = []
    cur: list[str] = []
    ended = True  # the previous line closed its paragraph
    for i, ln in enumerate(block):
        before = [b.w for b in block[max(0, i - 2) : i]][::-1]
        after = [a.w for a in block[i + 1 : i + 3]]
        ref = max(before + after, default=ln.w)
        short = ln.w < ref - tol
        very_short = ln.w <= ref * ratio
        if ln.terminal:
            cur.append(ln.text)
            # a full line ending a sentence closes the paragraph when the next line is indented
            indented = len(after) > 1 and ref - 3 <= after[0] <= ref - tol and after[1] > after[0] + 1
            ended = short or not after or (indent and indented)
        else:
            prev_short = bool(before) and ln.w < before[0] - tol
            kicked = bool(cur) and cur[-1].endswith("——")
            if ((ended or kicked) and (very_short or not after)) or (prev_short and very_short):
                if cur:
                    out.append(Paragraph(_glue(cur), "text"))
                    cur = []
                out.append(Paragraph(ln.text, "heading"))
                ended = True
                continue
            cur.append(ln.text)
            ended = False
        if ended:
            out.append(Paragraph(_glue(cur), "text"))
            cur = []
    if cur:
        out.append(Paragraph(_glue(cur), "text"))
    return out


def _glue(parts: list[str]) -> str:
    """Join wrapped lines: no space, except between two Latin words split at the line end."""
    out = parts[0]
    for part in parts[1:]:
        if out[-1:].isascii() and out[-1:].isalpha() and part[:1].isascii() and part[:1].isalpha():
            out += " " + part
        else:
            out += part
    return out


def _paragraphs_once(text: str, config: CleanConfig) -> list[Paragraph]:
    lines = _lines(normalize(text), config)
    if not lines:
        return []
    columns = config.join and not _line_mode(lines, config)
    if not columns:
        for ln in lines:
            if ln.role == "text":
                ln.text = despace(ln.raw, keep_word_spaces=True)
    paras = _join(lines, config, columns=columns)
    if config.quotes:
        paras = [p if (q := quotes(p.text)) is p.text else Paragraph(q, p.role) for p in paras]
    return paras


def _line_role(ln: _Line) -> str:
    return "text" if ln.terminal or ln.w > 40 else "heading"


def paragraphs(text: str, *, config: CleanConfig = DEFAULT) -> list[Paragraph]:
    """Clean a raw page into paragraphs with layout roles, repeating until nothing changes.

    >>> [(p.text, p.role) for p in paragraphs("标题\\n第一段。\\n第 二 段 有 6.4% 。")]
    [('标题', 'heading'), ('第一段。', 'text'), ('第二段有6.4%。', 'text')]
    """
    paras = _paragraphs_once(text, config)
    for _ in range(config.max_passes - 1):
        joined = "\n".join(p.text for p in paras)
        again = _paragraphs_once(joined, config)
        if [p.text for p in again] == [p.text for p in paras]:
            break
        paras = again
    return paras


def page(text: str, *, config: CleanConfig = DEFAULT) -> str:
    """The full cleaning pipeline: cleaned paragraphs separated by ``\\n``.

    >>> page("图为重庆联合微图为重庆联合微\\n电子电子 88 寸寸\\n（（资料图片资料图片））")
    '图为重庆联合微电子8寸（资料图片）'
    """
    return "\n".join(p.text for p in paragraphs(text, config=config))
