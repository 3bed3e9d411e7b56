"""Extract one indicator row per quantitative statement: number, unit and the fields a user filters on.

:func:`quantities` finds the numbers-with-units of one sentence; :func:`indicators` walks the sentences
of each article in reading order and fills region, period and target from the sentence or, when the
sentence does not restate them, from the earlier sentences of the same article (see
``docs/extraction.md``). Pure functions; regexes and the gazetteer load once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from transforms import context, numbers, regions, units

EXTRACTOR_VERSION = "0.2.5"

INDICATOR_SCHEMA = {
    "indicator_id": pl.String,
    "doc_id": pl.String,
    "source": pl.String,
    "article_index": pl.Int32,
    "sentence_index": pl.Int32,
    "article_title": pl.String,
    "sentence": pl.String,
    "span_start": pl.Int32,
    "span_end": pl.Int32,
    "metric": pl.String,
    "region": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "value_norm": pl.Float64,
    "unit_norm": pl.String,
    "qualifier": pl.String,
    "direction": pl.String,
    "period": pl.String,
    "is_target": pl.Boolean,
    "basis": pl.String,
    "extractor_version": pl.String,
}

# --- numbers -------------------------------------------------------------------------------------
_CN = numbers.CN_NUMERAL_CHARS
# a Chinese numeral counts only when a unit, a magnitude, 多/余 or 分之 can follow it (cheap lookahead:
# most 一/二/三 in running text are words)
_UNIT_FIRST = "".join(sorted({w[0] for w in (*units.BASE_UNITS, *units.RATE_NUMERATORS, *units.MAGNITUDE)}
                             | set("多余分")))
RE_NUMBER = re.compile(
    rf"(?P<pct>百分之)?(?P<neg>[-−－](?=\d))?"
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|(?<=百分之)[{_CN}]+(?:点[零〇一二三四五六七八九]+)?|[{_CN}]+(?:点[零〇一二三四五六七八九]+)?(?=[{re.escape(_UNIT_FIRST)}]|$))"
    rf"(?:分之(?P<den>[{_CN}]+|\d+))?"
)
# every character a match of RE_NUMBER can start with: the scan jumps from one to the next in C
RE_NUMBER_START = re.compile(rf"[\d{_CN}百\-−－]")
RE_MAG_TAIL = re.compile(r"(?:万亿|亿|万)$")
# characters right before a number that make it part of a name, an ordinal or a vague amount
RE_SKIP_BEFORE = re.compile(r"(?:第|[A-Za-z_.·])$")
RE_SKIP_BEFORE_CN = re.compile(r"(?:第|前|数|几|上|好|若干|周|星期|礼拜|初|之|统|唯|万|专|单|同|\d)$")
RE_SKIP_AFTER = re.compile(r"[A-Za-z+＋]|\d|[:：][0-9]")
RE_CONNECTOR = re.compile(r"[、和及与或至到—–~～\-－−]{1,2}")
# what may stand right before a range dash: the end of a number (13-15岁), of a percentage (30%-40%), of a
# decimal point run; after anything else a sign before digits is a minus (增长-1.2%, 为-3.2%, -5)
RE_RANGE_BEFORE = re.compile(r"[\d０-９%％‰.．]")
RANGE_DASH_CHARS = "-－−—–~～"
RE_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?（）()“”「」]")
RE_QUOTED = re.compile(r"“[^“”]{1,14}”|《[^《》]{0,60}》|〈[^〈〉]{0,30}〉")
RE_BOOK = re.compile(r"《[^《》]{0,60}》")
# a unit followed by 级 is a class, not an amount (5万吨级码头, 百亿元级集群)
RE_NAME_AFTER = re.compile(r"级")
COUNT_UNITS = {"个", "家", "所", "台", "款", "栋", "幢", "批", "项", "户", "辆", "人", "名", "位", "座", "条",
               "张", "部", "艘", "架", "套", "件", "处", "头", "只", "株", "棵", "本", "片", "场", "次", "种",
               "类", "宗", "间", "根", "份", "口", "支", "篇", "册", "例", "床", "人次", "台套"}


@dataclass(slots=True)
class Quantity:
    """One number-with-unit in a sentence, before the article context is applied."""

    start: int
    end: int
    value: float
    unit: str
    value_norm: float
    unit_norm: str
    qualifier: str | None = None
    direction: str | None = None
    basis: str | None = None
    metric: str | None = None
    num_start: int = 0
    extra: dict = field(default_factory=dict)


def _blank_quotes(text: str) -> str:
    """Short quoted names (“两个先行”, 《…计划（2023—2027年）》) blanked out, offsets kept."""
    return RE_QUOTED.sub(lambda m: m.group()[0] + "□" * (len(m.group()) - 2) + m.group()[-1], text)


def _numbers(scan: str) -> Iterator[re.Match[str]]:
    """``RE_NUMBER.finditer(scan)``, trying a match only where a number can start."""
    pos = 0
    while (c := RE_NUMBER_START.search(scan, pos)) is not None:
        m = RE_NUMBER.match(scan, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


def _range_dash(scan: str, sign: int, raw: list[dict]) -> bool:
    """Whether the sign at ``sign`` is a range dash between two numbers, not a minus: it follows a number
    (with or without its unit: 10万元-20万元) or a digit or percent sign.

    >>> [_range_dash(t, t.index("-", 1), []) for t in ("13-15岁", "30%-40%", "增长-1.2%")]
    [True, True, False]
    """
    run = sign
    while run > 0 and scan[run - 1] in RANGE_DASH_CHARS:  # 0--1, 20——30: a doubled dash is one dash
        run -= 1
    if run > 0 and RE_RANGE_BEFORE.match(scan, run - 1):
        return True
    return bool(raw) and raw[-1]["end"] == run


@lru_cache(maxsize=65536)  # the same few thousand numbers come back again and again
def _parse(num: str) -> float | None:
    try:
        return numbers.value(num)
    except (ValueError, KeyError):
        return None


def quantities(text: str) -> list[Quantity]:
    """Numbers with units in one sentence, with qualifier, direction and basis read from the sentence.

    >>> [(q.value, q.unit, q.direction) for q in quantities("产量达到11.3万辆，同比增长63%")]
    [(11.3, '万辆', None), (63.0, '%', 'up')]
    >>> [(q.value, q.unit) for q in quantities("加快0.7个和2.2个百分点")]
    [(0.7, '个百分点'), (2.2, '个百分点')]
    """
    scan = _blank_quotes(text)
    raw: list[dict] = []
    for m in _numbers(scan):
        if raw and m.start() < raw[-1]["end"]:
            continue  # inside the unit of the number before (the 百 of 5个百分点)
        num = m.group("num")
        start, end = m.start(), m.end()
        pct = m.group("pct")
        cn = not num[0].isdigit()
        skip = RE_SKIP_BEFORE_CN if cn else RE_SKIP_BEFORE
        if skip.search(scan, max(0, start - 2), start) and not pct:
            continue
        unit = ""
        q_after = None
        if cn:
            tail = RE_MAG_TAIL.search(num)
            if tail and tail.start() > 0 and not m.group("den"):
                # 千万人次: the numeral is 千, the magnitude 万 belongs to the unit
                end = m.start("num") + tail.start()
                num = num[: tail.start()]
            elif tail and tail.start() == 0:
                continue
        value = _parse(num)
        if value is None:
            continue
        if m.group("den"):
            den = _parse(m.group("den"))
            if not den:
                continue
            raw.append(dict(start=start, num_start=start, end=m.end(), value=den / value * 100, unit="%",
                            written=m.group()))
            continue
        if pct:
            raw.append(dict(start=start, num_start=m.start("num"), end=m.end(), value=value, unit="%",
                            written=m.group()))
            continue
        if m.group("neg"):
            if _range_dash(scan, start, raw):
                start += 1  # 13-15岁, 20－30平方公里, 2.4-2.8万元: the dash joins a range, the number is 15
            else:
                value = -value
        pos = end
        qa = context.RE_QUALIFIER_AFTER.match(scan, pos)
        if qa and qa.group() in ("多", "余"):
            q_after, pos = qa.group(), qa.end()
        um = units.RE_UNIT.match(scan, pos)
        if um:
            unit = um.group()
            if unit.startswith("个") and scan.startswith(("个月", "个年头", "个小时", "个工作日"), pos):
                continue
            pos = um.end()
        if not unit:
            if not cn and RE_SKIP_AFTER.match(scan, pos):
                continue
            raw.append(dict(start=start, num_start=m.start("num"), end=pos, value=value, unit="",
                            q_after=q_after, cn=cn, written=num))
            continue
        if RE_NAME_AFTER.match(scan, pos):
            continue
        if cn and ((unit in COUNT_UNITS and value < 10) or (
                num in ("十", "百", "千") and units.split_unit(unit)[0] == 1 and unit not in ("倍", "成"))):
            continue  # 一台, 两个方面, 二次创业, 千家万户: words, not counts
        if not q_after:
            qa = context.RE_QUALIFIER_AFTER.match(scan, pos)
            if qa and qa.group() not in ("多", "余"):
                q_after = qa.group()
        raw.append(dict(start=start, num_start=m.start("num"), end=pos, value=value, unit=unit,
                        q_after=q_after, cn=cn, written=num))

    # units stated once for several numbers: 提高0.9、5.9个百分点; 30—40%; 0.7个和2.2个百分点
    for i in range(len(raw) - 2, -1, -1):
        cur, nxt = raw[i], raw[i + 1]
        gap = scan[cur["end"]:nxt["start"]]
        if not RE_CONNECTOR.fullmatch(gap) or not nxt["unit"]:
            continue
        if not cur["unit"]:
            cur["unit"] = nxt["unit"]
            cur["shared"] = True
        elif nxt["unit"].startswith(cur["unit"]) and nxt["unit"] != cur["unit"]:
            cur["unit"] = nxt["unit"]
        cur["list_next"] = True
    out: list[Quantity] = []
    prev: Quantity | None = None
    prev_raw: dict | None = None
    for r in raw:
        if not r["unit"]:
            prev, prev_raw = None, None
            continue
        value_norm, unit_norm = units.normalise(r["value"], r["unit"])
        clause_start = _clause_start(scan, r["start"])
        before = scan[clause_start:r["start"]]
        q_before = context.qualifier_before(before) or context.qualifier_verb(before)
        core = before[: len(before) - len(q_before)] if q_before else before
        q = Quantity(start=r["start"], end=r["end"],
                     value=r["value"], unit=r["unit"], value_norm=value_norm, unit_norm=unit_norm,
                     qualifier=q_before or r.get("q_after"),
                     num_start=r["num_start"])
        q.direction = context.direction_before(core) or context.direction_after(scan[r["end"]:r["end"] + 12])
        q.basis = context.basis(before)
        in_list = prev is not None and prev_raw is not None and prev_raw.get("list_next") \
            and RE_CONNECTOR.fullmatch(scan[prev_raw["end"]:r["start"]])
        if in_list:
            q.direction = q.direction or prev.direction
            q.basis = q.basis or prev.basis
            gap = scan[prev_raw["end"]:r["start"]]
            if not q.qualifier and prev.qualifier and re.search(r"[至到—–~～\-－]", gap):
                q.qualifier = prev.qualifier  # 约2500万吨~3000万吨: the range shares its bound word
        q.metric = _metric(scan, clause_start, r, before if not in_list else "", q)
        if not q.metric and prev is not None:
            q.metric = prev.metric
        out.append(q)
        prev, prev_raw = q, r
    return out


# everything up to the last clause break (greedy): its end is where the clause holding a position starts
RE_TO_CLAUSE_START = re.compile(rf"(?s:.*){RE_CLAUSE_BREAK.pattern}")


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause ``pos`` is in: just after the last clause break before it, else 0."""
    m = RE_TO_CLAUSE_START.match(text, 0, pos)
    return m.end() if m else 0


RE_METRIC_LEAD = re.compile(
    rf"^(?:(?:{context.RE_PERIOD.pattern})|其中|同时|此外|另外|全县|全区|全市|全省|全国|当地|我国|"
    r"共|累计|目前|现有|已|实现|完成|达到|据统计|仅|就|还|也|并|而|又|在|有|是|为)+"
)
RE_METRIC_TAIL = re.compile(
    rf"(?:{context.UP}|{context.DOWN}|同比|环比|达到|达|为|是|突破|超过|超|逾|近|约|共|累计|有|分别|平均|均|"
    r"了|的|占|实现|完成|年均|以|比上年|比去年同期|比去年|较上年|较)+$"
)
RE_NOUN_AFTER = re.compile(r"[^\s，,。；;：:、（）()“”和及与]{1,16}")
RE_NOT_A_NOUN = re.compile(rf"{context.UP}|{context.DOWN}|以上|左右|，")


def _metric(scan: str, clause_start: int, r: dict, before: str, q: Quantity) -> str | None:
    """What is measured: the noun after a count (6080个智能化改造项目), else the clause head before it."""
    if units.split_unit(r["unit"])[1] in COUNT_UNITS:
        after = RE_NOUN_AFTER.match(scan, r["end"])
        if after and not RE_NOT_A_NOUN.match(after.group()):
            return after.group().rstrip("的")
    head = RE_METRIC_LEAD.sub("", context.RE_BASIS.sub("", before))
    head = RE_METRIC_TAIL.sub("", head)
    head = _metric_words(head.strip("的 □"))
    return head or None


# words that open a clause before what it measures (四川省实现地区生产总值 → 地区生产总值)
METRIC_LEAD_WORDS = frozenset({"实现", "完成", "累计", "共计", "共", "全年", "合计", "总计"})


@lru_cache(maxsize=16384)  # indicator names repeat from sentence to sentence and document to document
def _metric_words(head: str) -> str:
    """Drop a leading place name and clause-opening verbs, at jieba word boundaries (the user dictionary
    keeps indicator names such as 地区生产总值 and every region name whole)."""
    from transforms import segment  # jieba loads only where metrics are computed, not with EXTRACTOR_VERSION

    words = segment.words(head)
    if not words:
        return head
    i = 0
    while i < len(words) - 1 and (words[i] in METRIC_LEAD_WORDS or regions.is_name(words[i])):
        i += 1
    if words[i] in LIST_WORDS:  # 成都、绵阳、宜宾地区生产总值: the places are a list, keep the phrase whole
        return head
    return "".join(words[i:])


LIST_WORDS = frozenset({"、", "和", "及", "与", "以及"})


# --- article context -----------------------------------------------------------------------------
RE_REGION_SKIP_BEFORE = re.compile(r"(?:位居|位列|居于|居|占|进入|列入|列|高于|低于|超过|比|较|来自|赴|前往|"
                                   r"除|与|和|及|、|至|到|往|对|从|迁入|迁往|[（(])$")
RE_REGION_SKIP_AFTER = re.compile(r"^(?:[、和及与至到]|人$|籍|市民|游客|车辆|牌照)")
# a government body of the place (重庆高新区科技创新局, 河北省发改委, 涪陵区委书记): it speaks for the place
RE_GOV_AFTER = re.compile(r"^[^，,。；;：:]{0,8}?(?:局|厅|委|办|政府|管委会|委员会)(?!员)")
RE_FIRM_AFTER = re.compile(r"^[^，,。；;：:]{0,10}?(?:公司|集团|银行|有限|大学|学院|协会|医院|日报|晚报|新闻|电视台)")
RE_NATIONAL = re.compile(r"全国|我国|国家统计局|中国(?!特色)|国内")
RE_SUBJECT_BEFORE = re.compile(r"(?:^|在|据|位于|走进|“)$")


@dataclass(slots=True)
class _State:
    region: regions.Mention | None = None
    home: regions.Mention | None = None  # the article's own region: what 全市/全省/全区 refer back to
    national: bool = False
    period: str | None = None
    title_period: str | None = None  # the period the headline states: in force where nothing closer is
    target: bool = False
    target_period: str | None = None
    list_target: bool = False
    provinces: set[str] = field(default_factory=set)
    orgs: set[tuple[str, int]] = field(default_factory=set)  # mentions that name a government body


SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
               "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
               "孔向汤")
RE_PERSON_BEFORE = re.compile(r"(?:^|[，,。；：:、\s“”（）]|人|长|员|者|任|记|理|书|席|授|师|家|主|委)$")


def _valid_mentions(text: str, state: _State, *, firms: list | None = None) -> list[regions.Mention]:
    """Region mentions that name what the sentence is about: not list members, comparison frames,
    firms or person names; a county short form only inside a province the article already names.
    Places in firm names (重庆某某有限公司) go to ``firms``: a last resort for the sentence only."""
    found = []
    for m in regions.mentions(text):
        if RE_REGION_SKIP_BEFORE.search(text, max(0, m.start - 2), m.start):
            continue
        if RE_REGION_SKIP_AFTER.match(text[m.end:m.end + 14]):
            continue
        if RE_FIRM_AFTER.match(text[m.end:m.end + 14]):
            if firms is not None and not m.short:
                firms.append(m)
            continue
        if RE_GOV_AFTER.match(text[m.end:m.end + 12]):
            state.orgs.add((text, m.start))
        found.append(m)
    provinces = set(state.provinces)
    provinces.update(regions.province_of(c) for m in found if not m.short for c in m.codes)
    out = []
    for m in found:
        if m.short:
            if not any(regions.province_of(c) in provinces for c in m.codes):
                continue
            if m.start >= 1 and text[m.start - 1] in SURNAMES and \
                    RE_PERSON_BEFORE.search(text, max(0, m.start - 2), m.start - 1):
                continue  # 沈丹阳说: a person, not 丹阳
        out.append(regions.resolve(m, provinces))
    return out


def _most_specific(ms: list[regions.Mention]) -> regions.Mention | None:
    return max(ms, key=lambda m: (m.level, m.start)) if ms else None


def _subject(text: str, m: regions.Mention, state: _State | None = None) -> bool:
    """A mention that opens its clause (after time words) or follows 在/据/位于 is what the clause is about;
    a government body (河北省发改委) is not."""
    if state is not None and (text, m.start) in state.orgs:
        return False
    cs = _clause_start(text, m.start)
    lead = text[cs:m.start]
    return RE_SUBJECT_BEFORE.search(lead) is not None or not RE_PERIOD_ONLY.sub("", lead)


def _walk(text: str, ms: list[regions.Mention], current: regions.Mention | None,
          state: _State | None = None) -> regions.Mention | None:
    """The region in force after ``ms``: each mention replaces the current one, except a wider region
    named in passing (位居重庆市前列, 华为…重庆中心) while a narrower one is in force."""
    for m in ms:
        if current is not None and regions.is_ancestor(m, current) and not _subject(text, m, state):
            continue
        current = m
    return current


RE_WHOLE = re.compile(r"(?<![占居列比较于])全(市|省|区|县|州|盟|旗)")
AUTONOMOUS = {"15", "45", "54", "64", "65"}
MUNICIPAL = {"11", "12", "31", "50"}


def _fits(m: regions.Mention, whole: str) -> bool:
    """Whether 全市/全省/全区/全县 can mean region ``m`` (全区 is a district, a zone or 广西)."""
    prov = regions.province_of(m.codes[0])
    if m.level == 1:
        return whole == "省" or (whole == "市" and prov in MUNICIPAL) or (whole == "区" and prov in AUTONOMOUS)
    if m.level == 2:
        return whole in ("市", "州", "盟")
    if m.level == 3:
        suffix = m.text[-1]
        return whole == suffix if suffix in "区县市旗" else whole in ("区", "县", "市", "旗")
    return whole == "区"


def _whole_region(text: str, pos: int, state: _State, current: regions.Mention | None,
                  named: list[regions.Mention]) -> regions.Mention | None:
    """The region a 全市/全区 before ``pos`` refers to: the one in force if it fits, else one the sentence
    names (江苏省统计局…全省), else the article's own."""
    found = None
    if "全" not in text:
        return None
    for m in RE_WHOLE.finditer(text, 0, pos):
        found = m.group(1)
    if found is None:
        return None
    for cand in (current, *reversed(named), state.home):
        if cand is not None and _fits(cand, found):
            return cand
    return None


def _region_for(pos: int, text: str, ms: list[regions.Mention], state: _State,
                firms: list[regions.Mention]) -> str | None:
    before = [m for m in ms if m.end <= pos]
    walked = _walk(text, before, state.region, state) if before else state.region
    chosen = _whole_region(text, pos, state, walked, before)
    if chosen is None and before:
        chosen = walked
    if chosen is None and ms:
        chosen = _most_specific(ms)
    if chosen is None:
        chosen = state.region
    if chosen is None and not state.national and firms:
        chosen = firms[0]
    if chosen is not None:
        return chosen.text
    return regions.NATIONAL if state.national else None


def _update_region(text: str, ms: list[regions.Mention], state: _State) -> None:
    walked = _walk(text, ms, state.region, state)
    wholes = list(RE_WHOLE.finditer(text)) if "全" in text else []
    whole = _whole_region(text, len(text), state, walked, ms) if wholes else None
    if whole is not None and (not ms or wholes[-1].start() > ms[-1].start):
        state.region = whole
    elif ms:
        state.region = walked
    if ms:
        if state.home is None:
            state.home = state.region
        for m in ms:
            state.provinces.update(regions.province_of(c) for c in m.codes)
    elif state.region is None and RE_NATIONAL.search(text):
        state.national = True


def _national_article(texts: list[str]) -> bool:
    """True when the first place the article names is the whole country (全国, 我国, 国家统计局)."""
    probe = _State()
    for text in texts:
        scan = _blank_quotes(text)
        ms = _valid_mentions(scan, probe)
        nat = RE_NATIONAL.search(scan)
        if ms and (not nat or ms[0].start < nat.start()):
            return False
        if nat:
            return True
        for m in ms:
            probe.provinces.update(regions.province_of(c) for c in m.codes)
    return False


RE_PERIOD_ONLY = re.compile(rf"(?:{context.RE_PERIOD.pattern}|同时|此外|目前|截至目前|近年来|近日|当前|如今|"
                            r"其中|今年以来|据统计|另据|据|，|,|\s)+")


def _sentence_rows(text: str, para_start: bool, ends_colon: bool, state: _State) -> list[tuple[Quantity, dict]]:
    scan = _blank_quotes(text)
    firms: list[regions.Mention] = []
    ms = _valid_mentions(scan, state, firms=firms)
    pers = context.periods(RE_BOOK.sub(lambda m: "□" * len(m.group()), text))
    if para_start:
        state.target = state.list_target and context.RE_LIST_MARKER.match(text) is not None
        if not state.target:
            state.list_target = False
    rows = []
    for q in quantities(text):
        before_periods = [p for p in pers if p[1] <= q.start]
        target = state.target or context.target_at(scan, q.start)
        period = before_periods[-1][2] if before_periods else (state.period or state.title_period)
        if target:
            ty = context.RE_TARGET_YEAR.findall(scan, 0, q.start)
            if ty:
                period = ty[-1]
            elif not before_periods and state.target_period:
                period = state.target_period
        rows.append((q, {
            "region": _region_for(q.start, scan, ms, state, firms),
            "period": period,
            "is_target": bool(target),
        }))
    _respectively(scan, rows)
    # carry to the next sentences
    if pers:
        state.period = pers[-1][2]
    ty = context.RE_TARGET_YEAR.findall(scan)
    marker = context.RE_TARGET.search(scan) is not None
    if marker:
        if ty:
            state.target_period = ty[-1]
        state.target = text.rstrip().endswith(("；", ";", "：", ":"))
        if ends_colon:
            state.list_target = True
    elif not text.rstrip().endswith(("；", ";")):
        state.target = state.target and state.list_target
    _update_region(scan, ms, state)
    return rows


RE_LIST_GAP = re.compile(r"[、和及与]")


def _respectively(text: str, rows: list[tuple[Quantity, dict]]) -> None:
    """南京、无锡、常州分别增长6.5%、7.8%和8.2%: the i-th listed place takes the i-th number."""
    start = 0
    while (f := text.find("分别", start)) >= 0:
        start = f + 2
        cs = _clause_start(text, f)
        places = [m for m in regions.mentions(text[cs:f])]
        if len(places) < 2:
            continue
        chain = [places[-1]]
        for m in reversed(places[:-1]):
            if RE_LIST_GAP.fullmatch(text[cs + m.end:cs + chain[0].start]):
                chain.insert(0, m)
            else:
                break
        if len(chain) < 2:
            continue
        after = [(q, ctx) for q, ctx in rows if q.start > f]
        series = after[:1]
        for q, ctx in after[1:]:
            if not RE_CONNECTOR.fullmatch(text[series[-1][0].end:q.start]):
                break
            series.append((q, ctx))
        if len(series) == len(chain):
            for (_, ctx), m in zip(series, chain, strict=True):
                ctx["region"] = m.text


def indicator_id(doc_id: str, article_index: int, sentence_index: int, span_start: int) -> str:
    """Stable id: same document, position and extractor version give the same id."""
    key = f"{doc_id}:{article_index}:{sentence_index}:{span_start}:{EXTRACTOR_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _row(doc_id, source, a, s, title, text, q: Quantity, ctx: dict) -> dict:
    return {
        "indicator_id": indicator_id(doc_id, a, s, q.start),
        "doc_id": doc_id, "source": source, "article_index": a, "sentence_index": s,
        "article_title": title, "sentence": text, "span_start": q.start, "span_end": q.end,
        "metric": q.metric, "region": ctx["region"], "value": q.value, "unit": q.unit,
        "value_norm": q.value_norm, "unit_norm": q.unit_norm, "qualifier": q.qualifier,
        "direction": q.direction, "period": ctx["period"], "is_target": ctx["is_target"],
        "basis": q.basis, "extractor_version": EXTRACTOR_VERSION,
    }


def indicators(sents: pl.DataFrame) -> pl.DataFrame:
    """One row per number-with-unit in ``sents`` (doc_id, source, article_index, article_title,
    paragraph_index, sentence_index, text); the title of each article is read as its first sentence."""
    cols = ["doc_id", "source", "article_index", "article_title", "sentence_index", "text"]
    frame = sents.select(
        *cols,
        pl.col("paragraph_index") if "paragraph_index" in sents.columns
        else pl.lit(0, pl.Int32).alias("paragraph_index"),
        pl.col("kind") if "kind" in sents.columns else pl.lit("article").alias("kind"),
    ).sort("doc_id", "article_index", "sentence_index", maintain_order=True)
    rows: list[dict] = []
    article: list[tuple] = []
    for rec in frame.iter_rows():
        if article and (rec[0], rec[2]) != (article[0][0], article[0][2]):
            rows.extend(_article_rows(article))
            article = []
        article.append(rec)
    if article:
        rows.extend(_article_rows(article))
    return pl.DataFrame(rows, schema=INDICATOR_SCHEMA)


def _article_rows(article: list[tuple]) -> list[dict]:
    """Rows of one article, its sentences in reading order, context carried from sentence to sentence."""
    doc_id, source, a, title = article[0][:4]
    body = [r for r in article if r[7] != "credit" and r[5]]
    title = title.strip() if title else None
    state = _State()
    state.national = _national_article(([title] if title else []) + [r[5] for r in body[:12]])
    out: list[dict] = []
    if title and (not body or body[0][5].strip() != title):
        for q, ctx in _sentence_rows(title, True, False, state):
            out.append(_row(doc_id, source, a, -1, title, title, q, ctx))
        state.title_period, state.period, state.target = state.period, None, False
    last_para, prev_text = None, ""
    for _, _, _, _, s, text, para, _ in body:
        para_start = para != last_para
        if para_start and last_para is not None and prev_text.rstrip().endswith(("：", ":")) and state.target:
            state.list_target = True
        ends_colon = text.rstrip().endswith(("：", ":"))
        for q, ctx in _sentence_rows(text, para_start, ends_colon, state):
            out.append(_row(doc_id, source, a, s, title, text, q, ctx))
        last_para, prev_text = para, text
    return out
