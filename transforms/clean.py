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

import functools
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from transforms.resources import CJK

# Characters that mark Chinese typesetting: ideographs, CJK symbols and punctuation, full-width
# forms, and the general punctuation Chinese text uses (“”‘’…—·).
CJK_ISH = rf"{CJK}\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u25a0-\u25ff"
WIDE_SPACES = r"\u00a0\u3000\u2002-\u200a\u202f\u205f"  # spaces other than ASCII ones
RE_SPACE_RUN = re.compile(rf"[ \t{WIDE_SPACES}]+")
# a line's leading spaces with a full-width (or other non-ASCII) space among them
RE_LEADING_SPACES = re.compile(rf"^(?=[ \t]*[{WIDE_SPACES}])[ \t{WIDE_SPACES}]+", re.M)
RE_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK_ISH}]) +| +(?=[{CJK_ISH}])")
# a blank between the thousands of one number, as standard print sets it (粮食总产量4 225万吨, 16 693.3万只):
# groups of three after the first, the number going on to its decimals or unit (not a table's columns: 5 100 200)
RE_GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?=(?:\.\d+)? ?[^\s\d.,])")
# characters that format text without showing: soft hyphen, zero-width space, word joiner, byte-order mark
RE_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
RE_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
RE_HAN = re.compile(f"[{CJK}]")
RE_HAN_SPACE_HAN = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
RE_HAN_PAIR = re.compile(f"(?<=[{CJK}]) ?(?=[{CJK}])")
RE_NAME = re.compile(f"[{CJK}]{{2,4}}")
# A paragraph ends at 。！？…； (or ASCII !?;), optionally closed by quotes or brackets; a kicker
# ends at a dash.
RE_STOP = re.compile(r"[。！？!?；;]")  # a sentence's end inside a run
RE_TERMINAL = re.compile(r"(?:[。！？!?…；;][”’」』）)》\]】]*|——|—)$")
# (…即:1.70元/立方米。(覆盖80%居民家庭用户的月均用气量): a note in brackets after the sentence's end, read only on a
# line that ends with a bracket)
RE_NOTE_END = re.compile(r"[。！？!?；;][（(][^（）()]{1,40}[）)]$")
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
# ``文/图 本报记者 陈七``: who wrote the text and who took the pictures, before the role
BYLINE_WORKS = r"(?:[文图](?:\s*[/／]\s*[文图])?\s*[/／：:]?\s*)?"
RE_BYLINE = re.compile(
    r"^\s*(?P<box>[□■◆◇●○]?)\s*" + BYLINE_WORKS + r"(?P<role>"
    + "|".join(r"\s*".join(role) for role in BYLINE_ROLES)
    + rf")(?=\s|(?:[{CJK}]{{2,4}}[、 ]?)+$)(?P<rest>.*)$"
)
RE_IN_SENTENCE = re.compile("[，。；！？）)]")  # what a byline's names never hold
RE_ROLE_TOKEN = re.compile("^(?:" + "|".join(BYLINE_ROLES) + ")$")
MAX_DOUBLED_CHARS = 400
HEADLINE_ROLES = ("heading", "headline")  # paragraphs that may be a headline
MAX_HEADLINE_CHARS = 60  # the longest headline
BROKEN_AT = ("：", ":", "，", ",", "、")  # a line that ends so goes on: a headline's first line, never all of it
CENTRED = 3.0  # a line's left margin (in CJK widths) beyond a paragraph's indentation: it is centred
COLUMN_STEP = 4  # lines that share one measurement of their column
# The most common Chinese surnames (about nine people in ten carry one): a two-to-four character line
# under a headline set across columns is its author only when it starts with one, else the headline's end.
SURNAMES = (*tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛"
    "曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
), "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯")
# Narrow (half-width) characters: Latin-1 but for the signs Chinese type sets full width (§¨°±·×÷),
# and the half-width forms block.
RE_NARROW = re.compile("[\x00-\xa6\xa9-\xaf\xb2-\xb6\xb8-\xd6\xd8-\xf6\xf8-\xff\uff61-\uffdc\uffe8-\uffee]")
# Closing punctuation that may hang past the column's edge (a line never starts with it).
# punctuation of East Asian width "ambiguous": Chinese type sets it full width, a Western layout engine
# (and Python's own width tables) half; which one a page used is read from the page (``_narrow_marks``)
RE_MARKS = re.compile("[“”‘’—…·]")
RE_HANGING = re.compile(r"[，。、；：！？”’）》」』】〕…!?;:,.)\]%]+$")
HANGING = frozenset("，。、；：！？”’）》」』】〕…!?;:,.)]%")
OPENING = frozenset("“‘《（(「『【〔[")
# The first unbreakable piece of a line: opening marks, then a Latin word or number or one character
# (closing marks after it may hang past the column's edge, so they do not count).
RE_FIRST_PIECE = re.compile(r"^[“‘《（(「『【〔\[]*(?:[A-Za-z0-9][A-Za-z0-9.%&+/-]*|.)")
# Section headings inside an article: 一、 （二） 3. 第四章 …
RE_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.、．](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节部分条篇])"
)


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
    ``indent``: on a page whose paragraphs start indented, read a line about two characters short
    after a full sentence-ending line as a paragraph start; ``column_window``: how many text lines
    either side a line's column width is measured on; ``max_passes``: cap of the fixpoint loop.
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
    column_window: int = 12
    max_passes: int = 6
    narrow_marks: bool | None = None  # “”‘’—…· half width; None: as the page's full lines show


DEFAULT = CleanConfig()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A cleaned paragraph and its layout role.

    ``role`` is one of ``text`` (running text), ``heading`` (a short line standing alone: headline,
    subhead, author name), ``headline`` (lines set wider than the body's column: a headline across
    columns), ``byline`` (``本报记者 …``), ``credit`` (``本版编辑 …``) or ``doubled`` (bold text
    printed twice: headings and captions).
    """

    text: str
    role: str = "text"
    apart: bool = False  # set apart from what precedes it by a blank line (that is not on every line)
    gap: int = 0  # blank lines before it on the page (every line's, where a page has them after every line)


# --------------------------------------------------------------------------- line-level steps


def normalize(text: str) -> str:
    """Unify line endings, ``⋯`` → ``…``, full-width digits/letters → ASCII, odd spaces → `` ``; invisible
    format characters (soft hyphen, zero-width space, word joiner, byte-order mark) go.

    >>> normalize("增长６．４％\\r\\n⋯⋯ＡＩ\\u3000")
    '增长6．4％\\n……AI '
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u22ef", "…")
    if RE_INVISIBLE.search(text):
        text = RE_INVISIBLE.sub("", text)  # 1\u00ad\u00ad—4月 (a web page's soft hyphens) is 1—4月
    text = RE_FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    text = RE_LEADING_SPACES.sub(_leading_spaces, text)
    return RE_SPACE_RUN.sub(lambda m: " " * len(m.group()) if m.group().isascii() else " ", text)


def _leading_spaces(m: re.Match[str]) -> str:
    """A line's leading spaces as ASCII ones, as wide as they were (an indentation, a centred line's margin:
    a full-width space counts two); elsewhere a run of spaces is one for each ASCII space or one for the run.

    >>> normalize("\\u3000\\u3000正文　第一段\\n  第二段")
    '    正文 第一段\\n  第二段'
    """
    return " " * sum(1 if ch.isascii() else 2 for ch in m.group())


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
    >>> despace("粮食总产量4 225万吨，家禽16 693.3万只；表列 5 100 200")
    '粮食总产量4225万吨，家禽16693.3万只；表列5 100 200'
    """
    if not RE_SPACE_RUN.search(line):
        return line.strip()  # nothing to remove (the usual line of a page that is not justified)
    line = RE_SPACE_RUN.sub(" ", line).strip()
    line = RE_GROUPED_NUMBER.sub(lambda m: m.group().replace(" ", ""), line)
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


def doubled_runs(line: str, *, min_chars: int = DEFAULT.min_doubled, words: bool = True) -> list[str] | None:
    """The first copies of the doubled runs a line consists of, or None when it is not doubled.

    A line is doubled when its non-space characters split completely into squares ``XX``; the split
    with the fewest squares wins. Lines shorter than ``min_chars`` or longer than
    ``MAX_DOUBLED_CHARS`` non-space characters, and lines of one repeated character, are never
    doubled (``哈哈哈哈哈哈``); unless ``words`` is off (the wrapped end of a doubled caption), at
    least one doubled run must be a word of two characters or more. Cost is bounded per line, so
    the step is linear in the document.

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
    if words and not any(k >= 2 and RE_HAN.search(t[i : i + k]) for i, k in runs):
        return None  # no doubled word: `0000。。` may be real
    if words and all(RE_TERMINAL.search(t[i : i + k]) or RE_STOP.search(t[i : i + k]) for i, k in runs if k >= 2):
        # sentences said twice (经济。经济。, 0。万0。万…) are a repetition, not bold runs printed twice
        return None
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


def width(line: str, *, narrow_marks: bool = False) -> float:
    """Display width in CJK characters (East Asian width halved): ideographs, full-width forms and the
    punctuation Chinese type sets full width (“”…—·) count 1, ASCII letters and digits (and other
    narrow characters) half; with ``narrow_marks`` that punctuation counts half too (a page laid out
    by a Western engine).

    >>> width("每3分钟"), width("GDP增长5.2%"), width("“数字重庆”"), width("“数字重庆”", narrow_marks=True)
    (3.5, 5.5, 6.0, 5.0)
    """
    w = len(line) - 0.5 * len(RE_NARROW.findall(line))
    return w - 0.5 * len(RE_MARKS.findall(line)) if narrow_marks else w


def _narrow_width(line: str) -> float:
    return width(line, narrow_marks=True)


def is_subtitle(line: str) -> bool:
    """Whether a line is a headline's subtitle (副题), set under it after a dash: ``——5.5%是高基数上的中高速增长``."""
    return line.startswith("——")


def is_terminal(line: str) -> bool:
    """Whether a line ends where a paragraph may end (sentence end, kicker dash, photo credit).

    >>> [is_terminal(s) for s in ("注入新动能。", "赛力斯集团", "赵启瑞摄（中经视觉）", "载体——")]
    [True, False, True, True]
    """
    return bool(RE_TERMINAL.search(line) or RE_PHOTO_CREDIT.search(line)
                or (line[-1:] in "）)" and RE_NOTE_END.search(line, max(0, len(line) - 44))))


# --------------------------------------------------------------------------- page-level steps


@dataclass(slots=True)
class _Line:
    text: str  # cleaned (despaced) text
    raw: str  # the line before despacing
    role: str  # text | byline | credit | doubled | name
    gap: int  # blank lines before it
    w: float = 0.0
    terminal: bool = False
    core: float = 0.0  # width without the closing punctuation hanging at its end
    first: float = 1.0  # width of its first unbreakable piece (what the line above would have had to hold)
    col: float = 0.0  # width of the column it is set in (from the lines around it)
    spaced: float = 0.0  # width of the spaces between ideographs despacing took out (they may be real spaces
    # that took room on the line, as in 记者 王明; spaces around figures are PDF extraction's padding)

    @property
    def margin(self) -> float:
        """Width of the spaces the extracted line starts with (an indentation, a centred line's margin)."""
        return 0.5 * (len(self.raw) - len(self.raw.lstrip())) if self.led else 0.0

    @property
    def led(self) -> bool:
        """The extracted line starts with spaces (an indentation the extraction kept)."""
        return self.raw[:1].isspace()


def _lines(text: str, config: CleanConfig) -> list[_Line]:
    out: list[_Line] = []
    gap = 0
    for raw in text.split("\n"):
        if not raw.strip():
            gap += 1
            continue
        for part in split_byline(raw):
            role = "text"
            # the end of a bold caption wrapped onto a short line of its own (片片）））) is doubled too
            after_doubled = bool(out) and out[-1].role == "doubled" and not is_terminal(out[-1].text)
            least = 2 if after_doubled else config.min_doubled
            runs = doubled_runs(part, min_chars=least, words=not after_doubled) if config.undouble else None
            if runs is not None:
                part, role = "".join(runs), "doubled"
            elif (m := RE_BYLINE.match(part)) and not RE_IN_SENTENCE.search(m.group("rest")):
                role = "byline"  # not ``通讯员 赵波磊）近日，…``: a dateline's credit wrapped inside its sentence
            elif RE_PAGE_CREDIT.match(part):
                role = "credit"
            clean = despace(part)
            if clean:
                w = width(clean)
                out.append(_Line(clean, part, role, gap, w, is_terminal(clean), w))
            gap = 0
    return out


def _narrow_marks(lines: list[_Line]) -> bool:
    """Whether the page set “”‘’—…· half width: its lines that wrap mid-sentence and hold such marks are
    as wide as those without any (the page's common widths: a page may hold columns of several widths)
    when the marks count half, at least twice as many of them as when they count full.

    >>> plain = ["一二三四五六七八九十", "十九八七六五四三二一", "一二三四五六七八九零"]
    >>> narrow = ["“一二三四五”六七八九", "一二三——四五六七八九", "一二三……四五六七八九"]
    >>> _narrow_marks([_Line(t, t, "text", 0, width(t)) for t in plain + narrow])
    True
    >>> full = ["“一二三”四五六七", "一二——五六七八", "一…四五六七八九"]
    >>> _narrow_marks([_Line(t, t, "text", 0, width(t)) for t in plain + full])
    False
    """
    plain: Counter[float] = Counter()
    marked: list[tuple[float, float]] = []  # (width with the marks full, half)
    for ln in lines:
        if ln.role != "text" or ln.terminal:
            continue
        text, w = ln.text, ln.w
        if text[-1] in HANGING:
            text = RE_HANGING.sub("", text)
            w = width(text)
        marks = len(RE_MARKS.findall(text))
        if marks:
            marked.append((w, w - 0.5 * marks))
        elif len(text) >= 4:
            plain[w] += 1
    if len(marked) < 3:
        return False
    common = {w for w, n in plain.most_common(3) if n >= 3}
    full = sum(1 for w, _ in marked if w in common)
    narrow = sum(1 for _, w in marked if w in common)
    return narrow >= 3 and narrow >= 2 * full


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
    # (as wide as most lines: in a document of one paragraph per line, the lines that break
    # mid-sentence are headings, far shorter than its paragraphs)
    wide = sorted(widths)[int(0.8 * (len(widths) - 1))] * 0.75
    wrapped = [round(ln.w) for ln in lines if ln.role == "text" and not ln.terminal and ln.w >= wide]
    counts = Counter(wrapped)
    column = max((sum(counts[c + d] for d in (-1, 0, 1)) for c in counts), default=0)
    if column >= config.column_share * len(widths):
        return False
    # or many lines break mid-sentence within a couple of characters of their column's width (a
    # narrow column with indented first lines and long figures pushed to the next line)
    if len(wrapped) < config.column_share * len(widths):
        return True  # too few such lines even before measuring their columns
    _columns(lines, config)
    near_full = sum(1 for ln in lines
                    if ln.role == "text" and not ln.terminal and ln.core >= max(ln.col - 2.5, wide))
    return near_full < config.column_share * len(widths)


def _join(lines: list[_Line], config: CleanConfig, *, columns: bool = True) -> list[Paragraph]:
    """Join column lines into paragraphs.

    Lines are cut into blocks at layout roles and at blank lines that mean a break; each block is
    read by :func:`_join_block` against the width of the column its lines are set in.
    """
    soft = _soft_gap(lines)
    if columns:
        _columns(lines, config)
    for k, ln in enumerate(lines):
        if columns and ln.role == "text" and ln.w <= 4 and not ln.terminal and RE_NAME.fullmatch(ln.text):
            ln.role = "name"  # an author alone on a line
            prev = lines[k - 1] if k else None
            wide_before = (prev is not None and prev.role == "text" and not prev.terminal
                           and prev.core > prev.col + config.tolerance)
            if wide_before and not ln.text.startswith(SURNAMES):
                ln.role = "text"  # the end of a headline set across columns, not an author
    indent = 2.0 if columns and config.indent and _indented(lines, config) else 0.0
    marked = columns and config.indent and _marked_starts(lines)
    # a heading must leave more room than an indented first line would, unless paragraphs are known
    # to start flush
    margin = indent or (0.0 if not config.indent or _flush(lines) else 2.0)
    precise = columns and _precise(lines, soft)
    blocks: list[list[_Line]] = []
    for i, ln in enumerate(lines):
        if ln.role != "text" or i == 0 or ln.gap > soft or lines[i - 1].role != "text":
            blocks.append([])
        blocks[-1].append(ln)

    # blank lines that are rare against sentence ends mark articles (and headlines), not paragraphs
    rare_blanks = sum(1 for ln in lines if ln.role == "text" and ln.gap > soft) <= 0.25 * sum(
        1 for ln in lines if ln.role == "text" and ln.terminal)
    # where blank lines separate paragraphs, more of them than usual separate articles
    gaps = Counter(ln.gap for ln in lines if ln.gap > soft)
    usual_gap = gaps.most_common(1)[0][0] if gaps else 0
    paras: list[Paragraph] = []
    for block in blocks:
        role = block[0].role
        # set apart from what precedes by a blank line that means something (blank lines are rare)
        apart = block[0].gap > soft and bool(paras) and (rare_blanks or block[0].gap > usual_gap)
        if role == "doubled":
            # bold captions and headings: join until a line closes the sentence
            last = paras[-1] if paras else None
            follows = not is_terminal(last.text) or RE_CREDIT_PAREN_LINE.match(block[0].text) if last else False
            if last and last.role == "doubled" and follows and block[0].gap <= soft:
                paras[-1] = replace(paras[-1], text=_glue([paras[-1].text, block[0].text]))
            else:
                paras.append(Paragraph(block[0].text, "doubled", apart, block[0].gap))
            continue
        if role != "text":
            paras.append(Paragraph(block[0].text, "heading" if role == "name" else role, apart, block[0].gap))
            continue
        # after a body's end (a headline read as unpunctuated text above: this is its body)
        headed = (columns and apart and paras[-1].role == "text" and is_terminal(paras[-1].text)
                  and not block[0].terminal and not RE_SECTION.match(block[0].text))
        got = (_join_block(block, config, indent=indent, margin=margin, precise=precise, headed=headed,
                           marked=marked) if columns
               else [Paragraph(ln.text, _line_role(ln)) for ln in block])
        if got:
            got[0] = Paragraph(got[0].text, got[0].role, apart or got[0].apart, block[0].gap)
        paras.extend(got)
    return paras


def _columns(lines: list[_Line], config: CleanConfig) -> None:
    """Set each text line's column width: the width of the lines around it that wrap mid-sentence
    (``column_window`` text lines either side), leaving out lines far wider than most (headlines set
    across columns). Measured once for each run of ``COLUMN_STEP`` lines, which share it."""
    text = [ln for ln in lines if ln.role == "text"]
    if not text or text[0].col:
        return  # none, or measured already in this reading
    _measure(lines, narrow_marks=bool(config.narrow_marks))
    wrapped = [i for i, ln in enumerate(text) if not ln.terminal and ln.core >= 4]
    fallback = [text[i].core for i in wrapped] or [ln.core for ln in text]
    span = config.column_window
    lo = 0
    for start in range(0, len(text), COLUMN_STEP):
        mid = start + COLUMN_STEP // 2
        while lo < len(wrapped) and wrapped[lo] < mid - span:
            lo += 1
        near = []
        for i in wrapped[lo:]:
            if i > mid + span:
                break
            near.append(text[i].core)
        col = _column_width(near if len(near) >= 3 else fallback)
        for ln in text[start : start + COLUMN_STEP]:
            ln.col = col


def _measure(lines: list[_Line], *, narrow_marks: bool = False) -> None:
    """What the fit test needs of each line (only for a page read in columns): its width without the
    closing marks hanging at its end, its first piece, the spaces between ideographs taken out."""
    measure = _narrow_width if narrow_marks else width
    for ln in lines:
        text = ln.text
        if text[-1] in HANGING:
            ln.core = measure(RE_HANGING.sub("", text))
        head = text[0]
        if head in OPENING or head.isascii():
            first = RE_FIRST_PIECE.match(text)
            ln.first = measure(first.group()) if first else 1.0
        else:
            ln.first = measure(head)  # one character (the common case)
        if " " in ln.raw:
            ln.spaced = 0.5 * len(RE_HAN_SPACE_HAN.findall(ln.raw.strip()))


def _column_width(widths: list[float]) -> float:
    """The column width a set of wrapped lines shows: the width most of them share (a page set
    greedily), else their widest, outliers (headlines) left out (a page set with squeezed punctuation,
    whose full lines differ by a character or two).

    >>> _column_width([14, 13.5, 14, 12, 27, 14]), _column_width([17, 18, 18, 17, 16, 21, 19])
    (14, 19)
    """
    if not widths:
        return 0.0
    common, count = Counter(widths).most_common(1)[0]
    if count >= 0.4 * len(widths) and count >= 3:
        return common
    mid = statistics.median(widths)
    return max(w for w in widths if w <= mid + 1.5)


def _indented(lines: list[_Line], config: CleanConfig) -> bool:
    """Whether paragraphs start indented: the line after a short sentence end, though it goes on,
    mostly stopped with room for up to two more characters (a full line has none). Only lines
    followed by a one-character piece count: a long figure pushed to the next line blurs the room."""
    rooms = []
    for prev, ln, nxt in zip(lines, lines[1:], lines[2:], strict=False):
        if (prev.role == ln.role == nxt.role == "text" and prev.terminal and not ln.terminal and ln.col
                and prev.col - prev.w - ln.first >= 2 and nxt.gap == ln.gap and nxt.first <= 1):
            rooms.append(ln.col - ln.w - nxt.first)
    return len(rooms) >= 2 and sum(0 <= r < 2.5 for r in rooms) >= 0.4 * len(rooms)


def _flush(lines: list[_Line]) -> bool:
    """Whether paragraphs are known to start flush (not indented): the lines after short sentence
    ends that go on are, nearly all, full."""
    rooms = [ln.col - ln.w - nxt.first for prev, ln, nxt in zip(lines, lines[1:], lines[2:], strict=False)
             if prev.role == ln.role == nxt.role == "text" and prev.terminal and not ln.terminal and ln.col
             and prev.col - prev.w - ln.first >= 2 and nxt.gap == ln.gap and nxt.first <= 1]
    return len(rooms) >= 3 and sum(r < 0 for r in rooms) >= 0.8 * len(rooms)


def _precise(lines: list[_Line], soft: int) -> bool:
    """Whether the page fills its lines greedily: a line that goes on never had room left for the
    next line's first piece. Then the test for a full line can be exact; a page set with squeezed
    punctuation or by hand (lines of one column a character or two apart) is read with tolerance."""
    # lines inside a sentence that are neither its paragraph's first line (it may be indented) nor a
    # heading: the line before goes on too, and is full (not a heading or a headline)
    rooms = sorted(ln.col - ln.w - nxt.first for prev, ln, nxt in zip(lines, lines[1:], lines[2:], strict=False)
                   if prev.role == ln.role == nxt.role == "text" and not prev.terminal and not ln.terminal
                   and ln.gap <= soft and nxt.gap <= soft and ln.col and ln.w >= ln.col - 3
                   and prev.col - prev.w - ln.first < 0 and prev.core <= prev.col + 1.5)
    return len(rooms) >= 6 and rooms[int(0.9 * (len(rooms) - 1))] < 0


def _rooms(block: list[_Line], config: CleanConfig, *, precise: bool) -> list[float]:
    """How much room each line left: 0 or more means it was broken on purpose (not full).

    On a precise page: the column's width less the line and the next line's first piece. Otherwise:
    the widest of the two lines either side less the line, ``tolerance``, and what the next line's
    first piece needs beyond one character (a long figure sent down to the next line).
    """
    out = []
    for i, ln in enumerate(block):
        if precise:
            nxt = block[i + 1] if i + 1 < len(block) else None
            out.append(ln.col - ln.w - ln.spaced - (nxt.first if nxt is not None else 0.0))
            continue
        near = [b.w for b in block[max(0, i - 2) : i] + block[i + 1 : i + 3] if b.core <= b.col + config.tolerance]
        pushed = max(0.0, block[i + 1].first - 1) if i + 1 < len(block) else 0.0  # a long figure sent down
        out.append(max(near, default=ln.col or ln.w) - ln.w - config.tolerance - pushed)
    return out


def _marked_starts(lines: list[_Line]) -> bool:
    """Whether the extraction kept the page's paragraph indentation as spaces: most lines after a sentence's
    end start with spaces, and almost no line that goes on from a full line does (a headline's short line
    is followed by the body's indented first line).

    >>> body = ["  一二三四五六七", "八九十。", "  一二三四五六七", "八九十一二三四五", "六七。", "  一二三。"]
    >>> _marked_starts([_Line(t.strip(), t, "text", 0, terminal=t.endswith("。")) for t in body])
    True
    """
    if sum(1 for ln in lines if ln.led) < 2:
        return False  # the common case: the extraction kept no indentation
    widths = [ln.w for ln in lines if ln.role == "text"]
    if not widths:
        return False
    full = 0.8 * statistics.median(widths)
    after_end = after_end_led = inside = inside_led = 0
    for prev, ln in itertools.pairwise(lines):
        if prev.role != "text" or ln.role != "text":
            continue
        if prev.terminal:  # a blank line between them or not
            after_end += 1
            after_end_led += ln.led
        elif prev.w >= full and not ln.gap:
            inside += 1
            inside_led += ln.led
    return after_end_led >= 2 and after_end_led >= 0.6 * after_end and inside_led <= 0.05 * inside


def _join_block(block: list[_Line], config: CleanConfig, *, indent: float = 0.0, margin: float = 0.0,
                precise: bool = True, headed: bool = False, marked: bool = False) -> list[Paragraph]:
    """Read a block of column lines into paragraphs, headings and headlines.

    A line is *full* when the first piece of the next line would not have fitted after it in the
    column (on a page that is not set that precisely: when it is about as wide as its neighbours); a
    line that is not full was broken on purpose. So a sentence end that is not full closes its
    paragraph (as does one followed by an indented line, on an indented page); a line without
    terminal punctuation that is not full, after a paragraph end, is a heading and stands alone;
    lines wider than the column (a headline set across columns, on one or two lines) form a
    headline, as does a ``headed`` block's first line (after a blank line that marks an article).
    """
    rooms = _rooms(block, config, precise=precise)
    out: list[Paragraph] = []
    cur: list[str] = []
    ended = True  # the previous line closed its paragraph

    def set_short(k: int, room: float) -> bool:
        # a line without end punctuation set short on purpose; on a page set with tolerance it must
        # also be clearly short, as a heading is
        return room >= 0 and (precise or block[k].w <= config.heading_ratio * block[k].col)

    i = 0
    while i < len(block):
        ln = block[i]
        nxt = block[i + 1] if i + 1 < len(block) else None
        room = rooms[i]
        # wider than its column: on a precise page by more than a hanging mark, else by more than the
        # page's own spread of full lines
        wide = ln.core > ln.col + (0.5 if precise else config.tolerance)
        numbered = bool(RE_SECTION.match(ln.text))  # 一、… （二）…: a heading as soon as it is not full
        # a short line ending in a colon ends its paragraph as a sentence end does (a list or a
        # quotation follows)
        ends = ln.terminal or (bool(cur) and ln.text.endswith(("：", ":")) and room >= 0)
        if cur and not ended and numbered and not ln.terminal and room >= 0:
            # a numbered heading cannot go on a sentence: what came before ended (one unpunctuated
            # line before it is a heading too)
            lone = len(cur) == 1 and not block[i - 1].terminal
            out.append(Paragraph(_glue(cur), "heading" if lone else "text"))
            cur = []
            ended = True
        if cur and not ended and not ends and block[i - 1].terminal and (wide or set_short(i, room)):
            # a sentence ended on a full line, and an unpunctuated line set short or wide follows:
            # the paragraph ended there (its last line happened to be full)
            out.append(Paragraph(_glue(cur), "text"))
            cur = []
            ended = True
        if (cur and not ended and len(cur) == 1 and is_subtitle(ln.text) and not block[i - 1].terminal
                and not ln.terminal and (set_short(i, room) or nxt is None) and (i < 2 or block[i - 2].terminal)):
            # a ``——`` subtitle under a headline line that stood alone (the page's top or after a
            # sentence's end): the two are not one paragraph
            out.append(Paragraph(cur[0], "heading"))
            out.append(Paragraph(ln.text, "heading"))
            cur = []
            ended = True
            i += 1
            continue
        # a headed block's first line is its headline, unless it breaks off mid-sentence at a comma (the
        # body's first line: a headline does not end at one)
        head_first = headed and i == 0 and not (nxt is not None and ln.text.endswith(("，", "、", "；", ",", ";")))
        if ln.led and _centred(ln, marked) and not ln.terminal and (ended or not cur):
            # set in the middle of the column (a margin wider than any indentation): a headline, on one
            # line or more
            head = [ln.text]
            i += 1
            while (i < len(block) and _centred(block[i], marked) and not block[i].terminal
                   and not is_subtitle(block[i].text)):
                head.append(block[i].text)
                i += 1
            out.append(Paragraph(_glue(head), "headline"))
            ended = True
            continue
        if (wide or head_first) and not ln.terminal and (ended or not cur):
            head = [ln.text]
            i += 1
            sentence = False  # wide lines that end a sentence: a caption or deck set across, not a headline
            while i < len(block) and not RE_SECTION.match(block[i].text):
                follower = block[i]
                if follower.core > follower.col + (0.5 if precise else config.tolerance):
                    head.append(follower.text)
                    i += 1
                    if follower.terminal:
                        sentence = True
                        break
                    continue
                if (not follower.terminal and follower.core < follower.col - config.tolerance
                        and not is_subtitle(follower.text)
                        and not (precise and rooms[i] < 0)  # a full line starts the body
                        and not _opens_body(block, i, max(indent, margin))
                        and _headline_tail(block, i, config, max(indent, margin))):
                    head.append(follower.text)
                    i += 1
                break
            out.append(Paragraph(_glue(head), "text" if sentence else "headline"))
            ended = True
            continue
        if ends:
            cur.append(ln.text)
            ended = nxt is None or room >= 0 or _indented_next(block, rooms, i, indent, precise=precise)
            if marked and nxt is not None and not nxt.led:
                # the page marks its paragraph starts with spaces: an unmarked line after a sentence's end
                # goes on with the paragraph (a long figure pushed to it left the line above short),
                # unless it stands alone as a heading does
                ended = ended and not nxt.terminal and nxt.w <= config.heading_ratio * nxt.col
            elif marked and nxt is not None:
                ended = True
        elif ended and nxt is not None and not (set_short(i, room - (0.0 if numbered else max(indent, margin))) or wide
                                                 or _before_indented(block, rooms, i, indent, precise=precise)
                                                 or (marked and nxt.led)):  # a line standing alone
            cur.append(ln.text)  # the first line of a paragraph
            ended = False
        elif ended:
            if cur:
                out.append(Paragraph(_glue(cur), "text"))
                cur = []
            out.append(Paragraph(ln.text, "heading"))  # a line set on its own: heading, subhead
            i += 1
            continue
        else:
            cur.append(ln.text)
            # a paragraph that ends without punctuation
            ended = nxt is None or (room >= 0 and ln.w <= config.heading_ratio * ln.col) or (marked and nxt.led)
        if ended and cur:
            out.append(Paragraph(_glue(cur), "text"))
            cur = []
        i += 1
    if cur:
        out.append(Paragraph(_glue(cur), "text"))
    return out


def _centred(ln: _Line, marked: bool) -> bool:
    """Whether a line is set in the middle of its column: a margin wider than any indentation, or, on a page
    whose paragraph starts carry no spaces, any margin that leaves as much room on the right."""
    return ln.margin >= CENTRED or (not marked and ln.margin >= 1.0 and ln.w + 2 * ln.margin <= ln.col + 0.5)


def _before_indented(block: list[_Line], rooms: list[float], i: int, indent: float, *, precise: bool) -> bool:
    """On a precisely set, indented page, whether the unpunctuated line at ``i`` stands before a
    paragraph's indented first line (the next line goes on but stopped short), so that it cannot be
    that paragraph's first line: a heading."""
    return bool(indent and precise and i + 2 < len(block) and not block[i + 1].terminal
                and 0 <= rooms[i + 1] < indent and rooms[i + 2] < 0)


def _indented_next(block: list[_Line], rooms: list[float], i: int, indent: float, *, precise: bool) -> bool:
    """On an indented page, whether the line after a full sentence end is an indented first line:
    it stops about two characters short and the line after it is full again."""
    if not indent or i + 2 >= len(block) or block[i + 1].terminal:
        return False
    if precise:
        return 0 <= rooms[i + 1] < indent
    ref = max(b.w for b in block[max(0, i - 1) : i + 1] + block[i + 2 : i + 3])
    after = block[i + 1].w
    return ref - 3 <= after <= ref - 1.5 and block[i + 2].w > after + 1


def _fit_room(block: list[_Line], i: int) -> float:
    """The room a line left in its column for the next line's first piece (spaces taken out between
    ideographs counted as taken)."""
    after = block[i + 1].first if i + 1 < len(block) else 0.0
    return block[i].col - block[i].w - block[i].spaced - after


def _opens_body(block: list[_Line], i: int, indent: float) -> bool:
    """On an indented page, whether the line is a paragraph's indented first line (it stopped less
    than the indentation short of the column)."""
    return bool(indent) and 0 <= _fit_room(block, i) < indent


def _headline_tail(block: list[_Line], i: int, config: CleanConfig, indent: float = 0.0) -> bool:
    """Whether the short line after a wide headline line ends that headline: what follows it starts
    the body (a full line, an indented first line, or a sentence's end), not the rest of a sentence
    on a short line of its own."""
    after = block[i + 1] if i + 1 < len(block) else None
    return (after is None or after.core >= after.col - config.tolerance or after.terminal
            or _opens_body(block, i + 1, indent))


def _glue(parts: list[str]) -> str:
    """Join wrapped lines: no space, except between two Latin words split at the line end."""
    out = parts[0]
    for part in parts[1:]:
        if out[-1:].isascii() and out[-1:].isalpha() and part[:1].isascii() and part[:1].isalpha():
            out += " " + part
        else:
            out += part
    return out


@functools.cache
def _with_marks(config: CleanConfig, narrow: bool) -> CleanConfig:
    return replace(config, narrow_marks=narrow)


def _paragraphs_once(text: str, config: CleanConfig) -> tuple[list[Paragraph], bool]:
    lines = _lines(normalize(text), config)
    if not lines:
        return [], False
    if config.narrow_marks is None:
        config = _with_marks(config, _narrow_marks(lines))
    if config.narrow_marks:
        for ln in lines:
            ln.w = ln.core = width(ln.text, narrow_marks=True)
    columns = config.join and not _line_mode(lines, config)
    if not columns:
        for ln in lines:
            if ln.role == "text":
                ln.text = despace(ln.raw, keep_word_spaces=True)
    paras = _join(lines, config, columns=columns)
    if config.quotes:
        paras = [p if (q := quotes(p.text)) is p.text else replace(p, text=q) for p in paras]
    return paras, columns


def _line_role(ln: _Line) -> str:
    return "text" if ln.terminal or ln.w > 40 else "heading"


@dataclass(frozen=True, slots=True)
class Reading:
    """A page read into paragraphs, and whether it was set in columns (else one paragraph per line)."""

    paragraphs: list[Paragraph]
    columns: bool


def read(text: str, *, config: CleanConfig = DEFAULT) -> Reading:
    """Clean a raw page into paragraphs with layout roles, repeating until nothing changes.

    The roles are those of the first reading, which saw the page's lines (later passes read its
    paragraphs, one per line); the text is the last pass's.

    >>> r = read("标题\\n第一段。\\n第 二 段 有 6.4% 。")
    >>> [(p.text, p.role) for p in r.paragraphs], r.columns
    ([('标题', 'heading'), ('第一段。', 'text'), ('第二段有6.4%。', 'text')], False)
    """
    first, columns = _paragraphs_once(text, config)
    paras = first
    for _ in range(config.max_passes - 1):
        joined = "\n".join(p.text for p in paras)
        again, _ = _paragraphs_once(joined, config)
        if [p.text for p in again] == [p.text for p in paras]:
            break
        paras = again
    if paras is not first and len(paras) == len(first):
        paras = [replace(f, text=p.text) for p, f in zip(paras, first, strict=True)]
    if columns:
        paras = _two_line_headlines(paras)
    return Reading(paras, columns)


def _two_line_headlines(paras: list[Paragraph]) -> list[Paragraph]:
    """Headlines set within the column on two lines (a balanced break, ``福建最新GDP排名出炉：`` /
    ``泉州总量最大，宁德增速最快``), where an article starts (the page's top, after a blank line or a body's
    end) and with what follows a headline under them (a blank line, a byline, an author's name alone, a
    ``——`` subtitle; see ``_headline_pair``): two unpunctuated lines that each stand alone are joined,
    and an unpunctuated paragraph (the two lines read as one) becomes a heading. A numbered section
    heading, a kicker (``……——``) or a subtitle (``——……``) is neither.

    Only a page read in columns: on a page read line by line (as a cleaned page is) nothing marks a
    headline's lines, and joining there would make cleaning not idempotent.
    """
    out: list[Paragraph] = []
    i = 0
    while i < len(paras):
        a = paras[i]
        b = paras[i + 1] if i + 1 < len(paras) else None
        if a.role == "text" and _unpunctuated_head(paras, i):
            # lines read as a paragraph that never ends a sentence, where an article starts, with what
            # follows a headline under it: the headline (two balanced lines set within the column)
            out.append(replace(a, role="heading"))
            i += 1
            continue
        if b is not None and _headline_pair(paras, i):
            role = "headline" if "headline" in (a.role, b.role) else "heading"
            out.append(replace(a, text=_glue([a.text, b.text]), role=role))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _at_article_start(paras: list[Paragraph], i: int) -> bool:
    prev = paras[i - 1] if i else None
    return prev is None or paras[i].apart or (prev.role == "text" and is_terminal(prev.text)) or prev.role == "credit"


def _headline_follows(paras: list[Paragraph], i: int) -> bool:
    """What follows paragraph ``i`` is what follows a headline: a blank line, a byline, an author's name
    alone, a ``——`` subtitle, or nothing."""
    c = paras[i + 1] if i + 1 < len(paras) else None
    return c is None or c.apart or c.role == "byline" or bool(RE_NAME.fullmatch(c.text)) or is_subtitle(c.text)


def _unpunctuated_head(paras: list[Paragraph], i: int) -> bool:
    a = paras[i]
    # at the page's top nothing else is needed: a page that sets a blank line after every paragraph
    # sets one after its headline too, so the blank line says nothing there
    return (not is_terminal(a.text) and len(a.text) <= MAX_HEADLINE_CHARS and not RE_SECTION.match(a.text)
            and not a.text.endswith(("—", "…", *BROKEN_AT)) and i + 1 < len(paras)
            and _at_article_start(paras, i) and (i == 0 or _headline_follows(paras, i)))


def _headline_pair(paras: list[Paragraph], i: int) -> bool:
    a, b = paras[i], paras[i + 1]
    if (a.role not in HEADLINE_ROLES or b.role not in HEADLINE_ROLES or b.apart
            or len(a.text) + len(b.text) > MAX_HEADLINE_CHARS or is_terminal(a.text) or is_terminal(b.text)):
        return False
    if any(RE_SECTION.match(t) or RE_NAME.fullmatch(t) for t in (a.text, b.text)):
        return False
    if a.text.endswith(("—", "…")) or b.text.startswith(("—", "…")):
        return False
    if not _at_article_start(paras, i):
        return False
    # on a page with blank lines after every paragraph (they do not set anything apart): no blank line
    # between the two, one above them (or the page's top) and one under them (a headline and a subhead
    # under it have one between them, or none under)
    c = paras[i + 2] if i + 2 < len(paras) else None
    blank_framed = (i == 0 or a.gap > 0) and b.gap == 0 and c is not None and c.gap > 0
    return blank_framed or a.text.endswith(BROKEN_AT) or _headline_follows(paras, i + 1)


def paragraphs(text: str, *, config: CleanConfig = DEFAULT) -> list[Paragraph]:
    """Clean a raw page into paragraphs with layout roles (see :func:`read`).

    >>> [(p.text, p.role) for p in paragraphs("标题\\n第一段。\\n第 二 段 有 6.4% 。")]
    [('标题', 'heading'), ('第一段。', 'text'), ('第二段有6.4%。', 'text')]
    """
    return read(text, config=config).paragraphs


def page(text: str, *, config: CleanConfig = DEFAULT) -> str:
    """The full cleaning pipeline: cleaned paragraphs separated by ``\\n``.

    >>> page("图为重庆联合微图为重庆联合微\\n电子电子 88 寸寸\\n（（资料图片资料图片））")
    '图为重庆联合微电子8寸（资料图片）'
    """
    return "\n".join(p.text for p in paragraphs(text, config=config))
