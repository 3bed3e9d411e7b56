"""Hold-out benchmark of the page reader: real articles laid out by a generator independent of the project's own.

``uv run python bench/layout_holdout.py [--pages 60] [--seed 0] [--family NAME ...] [--show N]``

What it measures
----------------
How :func:`transforms.clean.page` and :func:`transforms.layout.articles` do on *real* Chinese article text (the
16 ``../shared/eval/dev/devNN.txt`` files: title line, then one paragraph per line) laid out as if extracted from
newspaper PDFs by a layout generator written without looking at ``tests/pagegen.py`` or the reader's code. The
metrics are those of ``bench/clean_bench.py`` (imported, not copied): character error rate of the cleaned text,
paragraph-start F1 and the share of the page's titles that ``layout.articles`` publishes as an article's title;
``extra`` = published articles whose title is none of the page's (untitled articles included). A second table
gives the title score by how the headline was set. ``--pages`` pages are drawn per family; page ``k`` of family
``f`` is laid out by ``random.Random(f"{seed}:{f}:{k}")``, so a run is deterministic for a given seed. ``--show N``
prints the N worst pages (raw text, diff of expected/got paragraphs, expected/published titles).

Expected paragraphs of a page, article by article: the title (one paragraph, however many lines it is set on), the
subtitle line if there is one (its own paragraph, ``——`` kept; never a title), the byline line if there is one (its
own paragraph), then the article's paragraphs, including the source's own section headings (``一、……``, ``01``,
``深圳的3万亿之路``), which are set like any paragraph; a dateline byline (``新华社北京3月5日电（记者 赵六）``) is
set at the start of the first paragraph and is part of it. The expected text follows the reader's documented
output convention that a space between two ideographs is taken out (it cannot be told from justification):
``本报记者 张三`` is expected as ``本报记者张三``. To keep that unambiguous the source text is normalised first: a
space survives only between two printable ASCII characters (``LG Chem``); the few source spaces next to a CJK
character (``（记者 袁琳 通讯员 蒋林林）``, the space of two-part titles) are dropped from both the raw page and the
expected text. Titles are compared with all spaces removed.

How pages are laid out
----------------------
* Column width 24–48 display cells (``east_asian_width`` W/F = 2 cells, everything else 1, so ``“ ” — …`` are 1).
  Paragraphs are wrapped greedily at that width; a run of printable ASCII (``2024``, ``17.1%``, ``GDP``,
  ``SK Innovation``) is never split unless it is wider than a line, so a line may end a few cells short. On about
  70 % of pages closing punctuation (``，。、）”…``) that would start a line hangs at the end of the previous one
  (the line is one or two cells over); on the others it may start a line.
* Paragraph convention, one per page: ``indent`` (first line indented by two U+3000, two or four ASCII spaces; the
  indent always takes four cells; on a quarter of the pages blank lines between paragraphs too), ``blank`` (no
  indentation, a blank line between paragraphs), ``flush`` (no indentation, no blank lines: a paragraph end shows
  only as a short last line) and, in its own family only, ``lost_indent`` (as printed with an indent but extracted
  without the indent characters: the first line is four cells shorter, no blank lines; the shared real page in
  ``../shared/seeds`` looks like this). In ``flush`` and ``lost_indent`` a paragraph whose last line is full
  (within one cell) ends invisibly; such ends are counted and printed, and stay in the score.
* Headline: one line, or two (split at the source title's space or after ``，：！？`` when both parts are at least
  30 % of it, else in the middle; never more than two lines, so a long title may be set wider than asked),
  within the column or across 1.3–2.0× the column, sometimes centred with ASCII or U+3000 spaces, sometimes
  followed by a blank line; sometimes a ``——`` subtitle (a real clause of the article) under it; on ``justified``
  pages a one-line headline may be letter-spaced (``科 学 重 器``).
* Byline (not on articles whose text already opens with one): a line ``本报记者 张三``, ``□记者 李四 通讯员 王五``,
  ``文/图 本报记者 陈七``, ``本报记者 …… 实习生 ……``, or a dateline set at the start of the first paragraph.
* Articles (1–3 per page) separated by nothing, one or two blank lines. A headline that could not be told from a
  paragraph (not visibly centred, no byline or subtitle) gets at least one blank line before it, two in the
  ``blank`` convention, and a blank line after it in ``flush``/``lost_indent``.
* ``justified`` pages: a line that is not a paragraph's last and wrapped two or more cells short (before an ASCII
  run) is letter-spaced, an ASCII space between every two ideographs (``装 备 制 造 等 领 域``); 15 % of the other
  such lines get one stray space between two ideographs. Expected: no spaces.

Families: ``indented``, ``blank_separated``, ``flush``, ``lost_indent`` (one article each, the named convention,
headline within the column unless the title needs more), ``wide_headline`` (one article, wide headline, often
centred, often with a subtitle), ``multi`` (2–3 articles, any of the first three conventions) and ``justified``
(1–2 articles, any of the first three conventions, justification spaces).

NOT modelled: several columns read across (column interleaving, a headline sharing a line with a byline), page
headers/footers, page numbers, section and edition labels, captions and photo credits, kickers above the headline
(引题: without font size it cannot be told from the title), continuation lines (转第 N 版), hyphenated or wrapped
Latin words, spaces between a CJK character and a digit or punctuation (``每 3 分钟``, ``6.4% ，位``),
full-width digit substitution (digits stay as in the source), font-size cues of any kind, OCR or encoding errors,
doubled characters, tables.
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.clean_bench import char_errors, start_f1, title_hits
from transforms import clean, layout

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"  # ../shared beside the checkout
FAMILIES = ("indented", "blank_separated", "flush", "lost_indent", "wide_headline", "multi", "justified")
CONVENTIONS = ("indent", "blank", "flush")
MAX_PARAGRAPH = 600  # characters; longer source paragraphs are skipped (none of the dev set is)

CLOSING = set("，。、；：？！）》」』】〕”’…%,.;:?!)")
TITLE_BREAKS = set("，：！？")
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔崔康毛邱秦江史顾侯邵孟龙段雷钱汤尹黎易常武乔贺赖龚"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波宁晓东雪琳斌浩宇凯鹏飞晨欣怡佳"
CITIES = ("北京", "上海", "广州", "南京", "杭州", "成都", "武汉", "西安", "长沙", "福州", "南宁", "合肥", "济南")
# East Asian "ambiguous" punctuation that CJK fonts set full-width; counted as two cells only with --wide-punct
AMBIGUOUS_PUNCT = frozenset("“”‘’—…·□■")
WIDE_PUNCT: set[str] = set()
_ASCII_RUN = re.compile(r"[!-~]+(?: [!-~]+)*")
_DATELINE = re.compile(r"^.{0,30}(?:电|讯|报道)")


# --------------------------------------------------------------------------------------------------- text helpers


def cells(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two cells, everything else one (``--wide-punct``:
    ``“ ” ‘ ’ — … · □ ■`` two as well)."""
    return sum(2 if c in WIDE_PUNCT or unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def is_ideograph(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def despace(text: str) -> str:
    """Keep a space only between two printable ASCII characters (``LG Chem``); drop every other one."""
    out: list[str] = []
    for i, c in enumerate(text):
        if c == " ":
            before = out[-1] if out else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if not (before and after and "!" <= before <= "~" and "!" <= after <= "~"):
                continue
        out.append(c)
    return "".join(out)


def units(text: str) -> list[str]:
    """Unbreakable pieces of a paragraph: runs of printable ASCII (with single spaces between words), other chars."""
    out: list[str] = []
    pos = 0
    for m in _ASCII_RUN.finditer(text):
        out.extend(text[pos:m.start()])
        out.append(m.group())
        pos = m.end()
    out.extend(text[pos:])
    return out


def split_long(pieces: list[str], width: int) -> list[str]:
    """Break an ASCII run wider than ``width`` (at its spaces, else anywhere)."""
    out: list[str] = []
    for u in pieces:
        if u == " " or cells(u) <= width:
            out.append(u)
            continue
        chunk = ""
        for c in u:
            if cells(chunk + c) > width:
                out.append(chunk.strip())
                chunk = ""
            chunk += c
        if chunk.strip():
            out.append(chunk.strip())
    return out


@dataclass
class Line:
    text: str
    width: int  # the width the line was set to (column width, less the indent on a first line)
    last: bool  # the paragraph's last line


def wrap(text: str, first_width: int, width: int, kinsoku: bool) -> list[Line]:
    """Greedy line filling in display cells; ASCII runs kept whole; closing punctuation may hang (``kinsoku``)."""
    pieces = split_long(units(text), min(first_width, width))
    lines: list[Line] = []
    cur: list[str] = []
    used, limit = 0, first_width
    for u in pieces:
        if u == " ":  # a space that does not fit is where the line breaks
            if cur and used < limit:
                cur.append(u)
                used += 1
            continue
        w = cells(u)
        if not cur or used + w <= limit or (kinsoku and u in CLOSING and used + w <= limit + 2):
            cur.append(u)
            used += w
            continue
        lines.append(Line("".join(cur).rstrip(), limit, False))
        cur, used, limit = [u], w, width
    lines.append(Line("".join(cur).rstrip(), limit, True))
    return lines


def ideograph_gaps(text: str) -> list[int]:
    return [i + 1 for i in range(len(text) - 1) if is_ideograph(text[i]) and is_ideograph(text[i + 1])]


def letter_space(text: str) -> str:
    """A space between every two adjacent ideographs (``装 备 制 造``), as extracted from a tracked-out line."""
    for i in reversed(ideograph_gaps(text)):
        text = text[:i] + " " + text[i:]
    return text


def justify(line: Line, rng: random.Random, stray: float) -> str:
    """Letter-space a non-last line that wrapped two or more cells short; sometimes one stray space in a full one."""
    gaps = ideograph_gaps(line.text)
    if not gaps:
        return line.text
    if line.width - cells(line.text) >= 2:
        return letter_space(line.text)
    if rng.random() < stray:
        i = rng.choice(gaps)
        return line.text[:i] + " " + line.text[i:]
    return line.text


# --------------------------------------------------------------------------------------------------- source text


@dataclass(frozen=True)
class Source:
    name: str
    title: str  # spaces removed
    title_breaks: tuple[int, ...]  # positions in ``title`` where the source title had a space
    paragraphs: tuple[str, ...]


def load_sources(folder: Path = DEV) -> list[Source]:
    out = []
    for path in sorted(folder.glob("dev*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        raw_title = re.sub(r"\s+", " ", lines[0])
        breaks, title = [], ""
        for part in raw_title.split(" "):
            if title:
                breaks.append(len(title))
            title += part
        paras = tuple(despace(p) for p in lines[1:] if len(p) <= MAX_PARAGRAPH)
        out.append(Source(path.stem, title, tuple(breaks), paras))
    return out


# --------------------------------------------------------------------------------------------------- page layout


@dataclass
class Page:
    family: str
    key: str
    raw: str
    paragraphs: list[str]
    titles: list[str]
    style: str
    invisible: int = 0  # paragraph ends not visible in the raw text (flush/lost_indent, last line full)
    starts: int = 0  # gold paragraph starts on the page
    forms: list[tuple[str, ...]] = field(default_factory=list)  # per title: how its headline is set


@dataclass
class Style:
    col: int
    conv: str
    indent: str
    para_blank: bool
    kinsoku: bool
    justified: bool

    def describe(self) -> str:
        bits = [f"col={self.col}", f"conv={self.conv}"]
        if self.conv == "indent":
            bits.append(f"indent={self.indent!r}" + (" +blank" if self.para_blank else ""))
        bits.append("kinsoku" if self.kinsoku else "no-kinsoku")
        if self.justified:
            bits.append("justified")
        return " ".join(bits)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def byline(rng: random.Random, col: int, has_dateline: bool) -> tuple[str, str]:
    """(kind, text): a separate byline line, a dateline to prefix the first paragraph, or nothing."""
    if has_dateline or rng.random() < 0.35:
        return "none", ""
    kind = rng.choice(("reporter", "box", "photo", "intern", "dateline", "dateline"))
    if kind == "dateline":
        head = rng.choice(("新华社", "本报", "中新社"))
        names = person(rng) if rng.random() < 0.7 else f"{person(rng)} 通讯员 {person(rng)}"
        return kind, f"{head}{rng.choice(CITIES)}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电（记者 {names}）"
    text = {
        "reporter": f"本报记者 {person(rng)}" + (f" {person(rng)}" if rng.random() < 0.3 else ""),
        "box": f"□记者 {person(rng)} 通讯员 {person(rng)}",
        "photo": f"文/图 本报记者 {person(rng)}",
        "intern": f"本报记者 {person(rng)} 实习生 {person(rng)}",
    }[kind]
    if cells(text) > col:
        text = f"本报记者 {person(rng)}"
    return kind, text


def subtitle(rng: random.Random, src: Source, width: int) -> str:
    """A ``——`` subtitle made of a real clause of the article (8–20 characters, no brackets or quotes)."""
    clauses = [c for p in src.paragraphs[:4] for c in re.split(r"[，。；：！？]", p)]
    good = [c for c in clauses if 8 <= len(c) <= 20 and not re.search(r"[“”‘’（）()《》「」\[\] ]", c)]
    good = [c for c in good if cells("——" + c) <= width]
    return "——" + rng.choice(good) if good else ""


def headline_lines(rng: random.Random, src: Source, hw: int) -> list[str]:
    """One or two headline lines about ``hw`` cells wide: broken at the title's natural break (its space, or after
    ``，：！？``) when the shorter part is at least 30 % of the title, else in the middle; two lines are never
    more, so a long title's lines may be wider than ``hw``."""
    title = src.title
    tw = cells(title)
    pieces = units(title)
    bounds, pos = [], 0  # character offsets between pieces
    for p in pieces[:-1]:
        pos += len(p)
        bounds.append(pos)

    def parts(b: int) -> tuple[int, int]:
        return cells(title[:b]), cells(title[b:])

    if not bounds:
        return [title]
    natural = [b for b in bounds if (b in src.title_breaks or title[b - 1] in TITLE_BREAKS)
               and min(parts(b)) >= tw * 0.3]
    if tw <= hw:
        if natural and rng.random() < 0.25:
            b = rng.choice(natural)
            return [title[:b], title[b:]]
        return [title]
    fitting = [b for b in natural if max(parts(b)) <= hw]
    if fitting:
        b = rng.choice(fitting)
    elif natural and rng.random() < 0.6:
        b = rng.choice(natural)
    else:
        b = min(bounds, key=lambda k: abs(parts(k)[0] - tw / 2))
    return [title[:b], title[b:]]


def centre(text: str, frame: int, fullwidth: bool) -> str:
    pad = max(frame - cells(text), 0) // 2
    return ("\u3000" * (pad // 2) if fullwidth else " " * pad) + text


def make_style(rng: random.Random, family: str) -> Style:
    conv = {"indented": "indent", "blank_separated": "blank", "flush": "flush", "lost_indent": "lost_indent"}.get(
        family) or rng.choice(CONVENTIONS)
    return Style(
        col=rng.randint(24, 48),
        conv=conv,
        indent=rng.choice(("\u3000\u3000", "  ", "    ")),
        para_blank=conv == "blank" or (conv == "indent" and rng.random() < 0.25),
        kinsoku=rng.random() < 0.7,
        justified=family == "justified",
    )


def laid(family: str, seed: int, k: int, sources: list[Source]) -> Page:
    """Page ``k`` of ``family``: the raw text, its expected paragraphs and titles."""
    key = f"{seed}:{family}:{k}"
    rng = random.Random(key)
    st = make_style(rng, family)
    n = rng.choice((2, 2, 3)) if family == "multi" else rng.choice((1, 2)) if family == "justified" else 1
    chosen = rng.sample(sources, n)
    lines: list[str] = []
    paragraphs: list[str] = []
    titles: list[str] = []
    invisible = 0
    notes: list[str] = []
    forms: list[tuple[str, ...]] = []
    for a, src in enumerate(chosen):
        wide = family == "wide_headline" or (family in ("multi", "justified") and rng.random() < 0.3)
        hw = round(st.col * rng.uniform(1.3, 2.0)) if wide else st.col
        head = headline_lines(rng, src, hw)
        spaced = (st.justified and len(head) == 1 and cells(letter_space(head[0])) <= max(hw, st.col)
                  and rng.random() < 0.5)
        if spaced:  # a short headline set with tracking: a space between every two ideographs
            head = [letter_space(head[0])]
        centred = rng.random() < (0.6 if wide else 0.3)
        fullwidth_pad = rng.random() < 0.3
        sub = subtitle(rng, src, max(hw, st.col)) if rng.random() < (0.35 if wide else 0.1) else ""
        has_dateline = bool(_DATELINE.match(src.paragraphs[0][:40]))
        by_kind, by_text = byline(rng, st.col, has_dateline)
        by_line = by_kind not in ("none", "dateline")
        frame = max(hw, st.col)
        # centring is a visible cue only when every headline line moves by at least two cells
        visibly_centred = centred and all(frame - cells(h) >= 4 for h in head)
        distinct = visibly_centred or by_line or bool(sub)
        unmarked = st.conv in ("flush", "lost_indent")  # no indentation characters, no blank lines
        if a:
            sep = rng.choice(("", "\n", "\n\n"))
            if sep == "" and not distinct:
                sep = "\n"
            if st.conv == "blank" and sep != "\n\n" and not distinct:
                sep = "\n\n"
            lines.extend([""] * sep.count("\n"))
        for h in head:
            lines.append(centre(h, frame, fullwidth_pad) if centred else h)
        titles.append(src.title)
        paragraphs.append(src.title)
        notes.append(f"{src.name}: {len(head)}-line {'wide ' if wide else ''}{'centred ' if centred else ''}headline"
                     + (" +subtitle" if sub else "") + (f" +{by_kind}" if by_kind != "none" else ""))
        forms.append((f"{len(head)}-line" + (" letter-spaced" if spaced else ""), "wide" if wide else "column-wide",
                      "centred" if visibly_centred else "not centred", "subtitle" if sub else "no subtitle",
                      f"byline: {by_kind}", f"conv: {st.conv}"))
        if sub:
            lines.append(centre(sub, frame, fullwidth_pad) if centred else sub)
            paragraphs.append(sub)
        if rng.random() < 0.3 and by_line:
            lines.append("")
        if by_line:
            lines.append(centre(by_text, frame, fullwidth_pad) if centred and rng.random() < 0.5 else by_text)
            paragraphs.append(despace(by_text))
        blank_after = rng.random() < 0.4 or st.para_blank or (unmarked and not distinct)
        if blank_after:
            lines.append("")
        body = list(src.paragraphs)
        if by_kind == "dateline":
            body[0] = by_text + body[0]
        for i, para in enumerate(body):
            if i and st.para_blank:
                lines.append("")
            indent = st.conv == "indent"
            short_first = st.conv in ("indent", "lost_indent")
            wrapped = wrap(para, st.col - 4 if short_first else st.col, st.col, st.kinsoku)
            for j, ln in enumerate(wrapped):
                text = justify(ln, rng, 0.15) if st.justified and not ln.last else ln.text
                lines.append((st.indent if indent and j == 0 else "") + text)
            last = wrapped[-1]
            if unmarked and i + 1 < len(body) and cells(last.text) >= last.width - 1:
                invisible += 1
            paragraphs.append(despace(para))
    raw = "\n".join(ln.rstrip() for ln in lines) + "\n"
    page = Page(family, key, raw, paragraphs, titles, st.describe() + " | " + "; ".join(notes), invisible)
    page.starts = len(paragraphs)
    page.forms = forms
    return page


# --------------------------------------------------------------------------------------------------- scoring


@dataclass
class Score:
    errors: int = 0
    chars: int = 0
    start: list[int] = field(default_factory=lambda: [0, 0, 0])
    title: list[int] = field(default_factory=lambda: [0, 0, 0])
    invisible: int = 0
    starts: int = 0
    pages: int = 0

    def add(self, other: Score) -> None:
        self.errors += other.errors
        self.chars += other.chars
        self.start = [a + b for a, b in zip(self.start, other.start, strict=True)]
        self.title = [a + b for a, b in zip(self.title, other.title, strict=True)]
        self.invisible += other.invisible
        self.starts += other.starts
        self.pages += other.pages

    @property
    def cer(self) -> float:
        return self.errors / max(self.chars, 1)

    @property
    def f1(self) -> float:
        tp, npred, ngold = self.start
        p, r = tp / max(npred, 1), tp / max(ngold, 1)
        return 2 * p * r / max(p + r, 1e-9)

    @property
    def titles(self) -> float:
        return self.title[0] / max(self.title[2], 1)

    @property
    def extra(self) -> int:
        return self.title[1] - self.title[0]

    @property
    def badness(self) -> float:
        return self.cer * 100 + (1 - self.f1) * 10 + (self.title[2] - self.title[0]) + self.extra


def score(page: Page) -> tuple[Score, list[str], list[str]]:
    """The page's score, the cleaned paragraphs and the published article titles."""
    got = clean.page(page.raw).split("\n")
    expected = "\n".join(page.paragraphs)
    s = Score(errors=char_errors(expected, "\n".join(got)), chars=len(expected), pages=1,
              invisible=page.invisible, starts=page.starts)
    s.start = list(start_f1(page.paragraphs, got))
    s.title = list(title_hits(page.raw, page.titles))
    published = [a.title or "" for a in layout.articles(page.raw) if a.kind == "article"]
    return s, got, published


def show(page: Page, s: Score, got: list[str], published: list[str]) -> None:
    print(f"\n{'=' * 100}\n{page.key}  {page.style}")
    print(f"CER {s.cer:.3%}  start F1 {s.f1:.3f}  titles {s.title[0]}/{s.title[2]}  extra {s.extra}")
    print("--- raw")
    for i, ln in enumerate(page.raw.splitlines(), 1):
        print(f"{i:4}|{ln}")
    print("--- paragraphs: - expected / + got")
    for d in difflib.unified_diff(page.paragraphs, got, "expected", "got", lineterm="", n=1):
        if not d.startswith(("---", "+++")):
            print(d)
    flat = ["".join(t.split()) for t in published]
    print("--- titles")
    for t in page.titles:
        print(f"  {'ok  ' if t in flat else 'MISS'} {t}")
    for t, f in zip(published, flat, strict=True):
        if f not in page.titles:
            print(f"  EXTRA {t!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=60, help="pages per family")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--family", nargs="*", default=list(FAMILIES), choices=FAMILIES)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the N worst pages with diffs")
    ap.add_argument("--wide-punct", action="store_true",
                    help="set “”‘’—…·□■ two cells wide, as CJK fonts do (default: one cell, east_asian_width 'A')")
    args = ap.parse_args()
    if args.wide_punct:
        WIDE_PUNCT.update(AMBIGUOUS_PUNCT)
    sources = load_sources()
    print(f"{args.pages} pages per family, seed {args.seed}, {len(sources)} source articles, "
          f"“”—… {'two cells' if args.wide_punct else 'one cell'} wide")
    print("| family | pages | CER | paragraph-start F1 | titles | extra articles | invisible ends | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    total = Score()
    by_form: dict[str, list[int]] = {}
    worst: list[tuple[float, Page, Score, list[str], list[str]]] = []
    t_all = time.perf_counter()

    def row(name: str, s: Score, seconds: float) -> None:
        print(f"| {name} | {s.pages} | {s.cer:.3%} | {s.f1:.3f} | {s.titles:.3f} (n={s.title[2]}) | {s.extra} | "
              f"{s.invisible}/{s.starts} | {seconds:.1f} |")

    for family in args.family:
        fam = Score()
        t0 = time.perf_counter()
        for k in range(args.pages):
            page = laid(family, args.seed, k, sources)
            s, got, published = score(page)
            fam.add(s)
            flat = {"".join(t.split()) for t in published}
            for title, form in zip(page.titles, page.forms, strict=True):
                for tag in form:
                    by_form.setdefault(tag, [0, 0])
                    by_form[tag][0] += title in flat
                    by_form[tag][1] += 1
            if args.show:
                worst.append((s.badness, page, s, got, published))
                worst.sort(key=lambda w: -w[0])
                del worst[args.show:]
        total.add(fam)
        row(family, fam, time.perf_counter() - t0)
    row("all", total, time.perf_counter() - t_all)
    share = total.invisible / max(total.starts, 1)
    print(f"\ninvisible paragraph ends (flush/lost_indent, a paragraph's last line full within one cell): "
          f"{total.invisible} of {total.starts} expected paragraph starts ({share:.2%})")
    print("\ntitles by how the headline is set (a title counts under each of its tags):")
    print("| headline | titles | n |\n| --- | --- | --- |")
    for tag, (hits, n) in sorted(by_form.items()):
        print(f"| {tag} | {hits / max(n, 1):.3f} | {n} |")
    for _, page, s, got, published in worst:
        show(page, s, got, published)


if __name__ == "__main__":
    main()
