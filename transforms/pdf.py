"""PDF pages to text in reading order: down a column, then on to the next, never across columns.

Pure: takes the PDF's bytes, returns the text of its pages the way a column-aware text extraction
prints a newspaper page (one printed line per line, a blank line where a paragraph gap is), ready
for :func:`transforms.layout.articles`. Raises :class:`transforms.decode.Undecodable` for a PDF
without a text layer (a scan) or one pdfium cannot open.

How the reading order is found (a recursive XY cut, tuned for newspaper columns):

1. Characters (pdfium's loose boxes) become *fragments*: runs on one baseline with no gap wider
   than ``PdfConfig.split_gap`` em; a wider gap is a gutter or a tab stop.
2. A block whose fragments leave a vertical white band (a *gutter*, ``PdfConfig.gutter`` em wide or
   more) through its whole height is split there into columns, read left to right.
3. A block without one (a headline across the columns on top of them) is cut into rows at its
   horizontal white bands, and consecutive rows are grouped while they keep the same gutter: the
   headline rows form one group, the column rows below another. Each group is read in turn.
4. A group that splits no further is read top to bottom, line by line.
"""

from __future__ import annotations

import datetime
import itertools
import re
import statistics
from dataclasses import dataclass

from transforms.decode import Undecodable

NO_TEXT_LAYER = "no text layer; OCR is not supported"
RE_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True, slots=True)
class PdfConfig:
    """Layout thresholds, in em (the median font size of the page)."""

    split_gap: float = 0.6  # a wider gap between characters of a line ends a fragment
    space_gap: float = 0.25  # a wider gap between characters of a fragment is printed as a space
    gutter: float = 0.6  # narrowest white band between columns
    paragraph_gap: float = 0.9  # a wider vertical gap between lines of a column is a paragraph break
    baseline: float = 0.3  # characters whose baselines differ by less are on one line


DEFAULT = PdfConfig()


@dataclass(frozen=True, slots=True)
class Box:
    """A fragment of one printed line; ``top`` < ``bottom`` (y grows down the page)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(frozen=True, slots=True)
class _Char:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float
    base: float
    size: float


def text(data: bytes, *, config: PdfConfig = DEFAULT) -> str:
    """The text of every page in reading order, pages separated by a blank line."""
    return read(data, config=config)[0]


def read(data: bytes, *, config: PdfConfig = DEFAULT) -> tuple[str, datetime.date | None]:
    """The text (as :func:`text`) and the day the PDF's info dictionary says it was made, if any."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise Undecodable(f"unreadable pdf: {exc}") from None
    try:
        pages = [page_lines(_chars(doc[i]), config=config) for i in range(len(doc))]
        try:
            info = doc.get_metadata_dict(skip_empty=True)
        except pdfium.PdfiumError:
            info = {}
    finally:
        doc.close()
    if not any(line.strip() for lines in pages for line in lines):
        raise Undecodable(NO_TEXT_LAYER)
    made = info_date(info.get("CreationDate", "")) or info_date(info.get("ModDate", ""))
    return "\n\n".join("\n".join(lines) for lines in pages if lines), made


def info_date(value: str) -> datetime.date | None:
    """The day of a PDF date string (``D:20220719212540+08'00'``); None when it is not one.

    >>> info_date("D:20220719212540+08'00'"), info_date("D:2022"), info_date("")
    (datetime.date(2022, 7, 19), None, None)
    """
    m = RE_PDF_DATE.match(value.strip())
    if not m:
        return None
    try:
        day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return day if 1990 <= day.year <= 2100 else None


def _chars(page) -> list[_Char]:
    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    chars = []
    try:
        for i in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(textpage, i):
                continue
            ch = chr(raw.FPDFText_GetUnicode(textpage, i))
            if not ch.strip() or ch == "\ufffe":
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            x, y = raw.ctypes.c_double(), raw.ctypes.c_double()
            raw.FPDFText_GetCharOrigin(textpage, i, x, y)
            size = raw.FPDFText_GetFontSize(textpage, i) or (top - bottom) or 10.0
            chars.append(_Char(ch, left, height - top, right, height - bottom, height - y.value, size))
    finally:
        textpage.close()
        page.close()
    return chars


def fragments(chars: list[_Char], *, config: PdfConfig = DEFAULT) -> list[Box]:
    """Runs of characters on one baseline without a gap wider than ``split_gap`` em."""
    if not chars:
        return []
    em = statistics.median(c.size for c in chars)
    lines: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: c.base):
        if lines and abs(c.base - lines[-1][0].base) <= config.baseline * em:
            lines[-1].append(c)
        else:
            lines.append([c])
    boxes = []
    for line in lines:
        run: list[_Char] = []
        for c in sorted(line, key=lambda c: c.x0):
            if run and c.x0 - run[-1].x1 > config.split_gap * em:
                boxes.append(_box(run, em, config))
                run = []
            run.append(c)
        boxes.append(_box(run, em, config))
    return boxes


def _box(run: list[_Char], em: float, config: PdfConfig) -> Box:
    out = [run[0].ch]
    for prev, c in itertools.pairwise(run):
        if c.x0 - prev.x1 > config.space_gap * em:
            out.append(" ")
        out.append(c.ch)
    return Box(min(c.x0 for c in run), min(c.top for c in run), max(c.x1 for c in run),
               max(c.bottom for c in run), "".join(out))


def page_lines(chars: list[_Char], *, config: PdfConfig = DEFAULT) -> list[str]:
    """The printed lines of one page in reading order, with a blank line at paragraph gaps."""
    if not chars:
        return []
    em = statistics.median(c.size for c in chars)
    ordered = reading_order(fragments(chars, config=config), em=em, config=config)
    out: list[str] = []
    prev: list[Box] | None = None
    for line in ordered:
        if prev is not None and _paragraph_gap(prev, line, em, config):
            out.append("")
        out.append(" ".join(b.text for b in line))
        prev = line
    return out


def _paragraph_gap(prev: list[Box], line: list[Box], em: float, config: PdfConfig) -> bool:
    """A wide gap straight below the previous line; a jump to the next column is never one."""
    px0, px1, pbottom = min(b.x0 for b in prev), max(b.x1 for b in prev), max(b.bottom for b in prev)
    x0, x1, top = min(b.x0 for b in line), max(b.x1 for b in line), min(b.top for b in line)
    same_column = x0 < px1 and px0 < x1
    return same_column and top - pbottom > config.paragraph_gap * em


def reading_order(boxes: list[Box], *, em: float, config: PdfConfig = DEFAULT) -> list[list[Box]]:
    """Lines (each a list of fragments, left to right) in reading order."""
    if not boxes:
        return []
    cuts = _gutters(boxes, config.gutter * em)
    if cuts:
        columns: list[list[Box]] = [[] for _ in range(len(cuts) + 1)]
        for b in boxes:
            columns[sum(1 for c in cuts if b.x0 >= c)].append(b)
        return [line for col in columns for line in reading_order(col, em=em, config=config)]
    groups = _row_groups(_rows(boxes), config.gutter * em)
    if len(groups) == 1:
        return _lines(boxes)
    return [line for group in groups for line in reading_order(group, em=em, config=config)]


def _gutters(boxes: list[Box], width: float) -> list[float]:
    """x positions (middle of each white band) of the vertical gutters running through ``boxes``."""
    cuts, reach = [], None
    for b in sorted(boxes, key=lambda b: b.x0):
        if reach is not None and b.x0 - reach >= width:
            cuts.append((reach + b.x0) / 2)
        reach = b.x1 if reach is None else max(reach, b.x1)
    return cuts


def _rows(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into horizontal bands separated by white space."""
    rows: list[list[Box]] = []
    bottom = None
    for b in sorted(boxes, key=lambda b: b.top):
        if bottom is not None and b.top < bottom:
            rows[-1].append(b)
            bottom = max(bottom, b.bottom)
        else:
            rows.append([b])
            bottom = b.bottom
    return rows


def _row_groups(rows: list[list[Box]], width: float) -> list[list[Box]]:
    """Consecutive rows that share a gutter form a group; a row that crosses it starts a new one."""
    groups: list[list[Box]] = []
    current: list[Box] = []
    for row in rows:
        if not current:
            current = list(row)
            continue
        joined = current + row
        had, keeps, own = (bool(_gutters(b, width)) for b in (current, joined, row))
        if keeps or (not had and not own):
            current = joined
        else:
            groups.append(current)
            current = list(row)
    groups.append(current)
    return groups




def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes of a single column, top to bottom, one list per printed line, left to right."""
    return [sorted(row, key=lambda b: b.x0) for row in _rows(boxes)]
