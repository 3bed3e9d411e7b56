"""The article walk: sentences in reading order, region, period and target carried from one to the next."""

from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import polars as pl

from transforms import clean, context, periods, regions, script, units
from transforms.extract import metric as metrics
from transforms.extract import places
from transforms.extract.scan import (
    RE_BOOK,
    RE_CONNECTOR,
    RE_QUOTED,
    Quantity,
    blank_quotes,
    clause_start,
    quantities,
    rate_list_at,
)


@dataclass(slots=True)
class State:
    """What an article has established so far: the region, period and target in force."""

    region: regions.Mention | None = None
    home: regions.Mention | None = None  # the article's own region: what 全市/全省/全区 refer back to
    # the places the article's first sentences name, in order: what 我县 refers to when no place opens it
    elsewhere: list[regions.Mention] = field(default_factory=list)
    period: str | None = None
    title_period: str | None = None  # the period the headline states: in force where nothing closer is
    # the span a month inside it gave way to within a paragraph (前7个月…，7月份…, …当月…): in force again at the next
    span: str | None = None
    target: bool = False
    target_period: str | None = None
    lead: regions.Mention | None = None  # the place of the section lead in force (合肥：…, 在武汉，…)
    scene: regions.Mention | None = None  # the place a paragraph of no figures took the story to (行走在…东台…)
    lead_top: bool = False  # whether a top numbered heading (三、宁夏证券期货市场综述) named it
    # the region in force where the paragraph before ended: what a 全省 opening the next one may mean (10月，云南省
    # CPI…。¶ 从同比看，10月全省…)
    last_region: regions.Mention | None = None
    metric: str | None = None  # the indicator last named: what 增速, 涨幅, 占…比重 of later figures are of
    metric_unit: str | None = None  # the base unit of its figure (元, 吨): a figure in another names something else
    year: int | None = None  # the calendar year in force (2018年，…当年… → 2018)
    now: int | None = None  # the year the document was published, when known: 到2002年 before it is no target
    doc_year: int | None = None  # the document's own year (its title's: 2019年…统计公报): what 今年 means
    list_target: bool = False
    # the years a span listed for a 分别 list, while the sentences after it go on after ；(2016年至2018年，分别完成
    # A…；分别完成B…)
    span_years: list[str] | None = None
    # the places a 分别 list gave, likewise (湘北(…)、湘西(…)…比重分别为9.55%、2.41%…；…收入比重分别为10.63%、4.85%…)
    span_places: list[regions.Mention] | None = None
    firm_topic: bool = False  # a firm is the topic of the sentence before, which ended on ；
    # the region in force before a breakdown opening on 其中 and going on past ； (其中市政热力100万平方米…；桥东区…；
    # 桥西区…。), and the members its items named: the region is in force again where a breakdown of members ends
    breakdown_of: regions.Mention | None = None
    breakdown_members: set[tuple[str, ...]] = field(default_factory=set)
    forecast: bool = False  # the paragraph opened on a forecast (预计…): it goes on in sentences with no period
    firm_profile: bool = False  # a firm's page about itself (我行简介, 公司概况)
    firm_names: frozenset[str] = frozenset()  # firms the article names with a stock code (碧桂园服务（06098.HK）)
    # airports and ports the article names after their city (合肥新桥国际机场): what the facility alone stands for
    facilities: dict[str, regions.Mention] = field(default_factory=dict)
    rate_topic: bool = False  # the breakdown in force reads rates of growth (从…财政收入增速看，…), until the next
    # the direction of a list's rates while the list goes on past ； (增长率分别为:企财险,8.2%;货运险,…)
    rate_list: str | None = None
    provinces: set[str] = field(default_factory=set)
    villagers: dict[str, regions.Mention] = field(default_factory=dict)  # people named with their village
    villages: dict[str, regions.Mention] = field(default_factory=dict)  # villages named, by short name (湘溪)
    speaker: regions.Mention | None = None  # the village of the villager the sentence (a quote) is given to
    para_villager: regions.Mention | None = None  # ... of the villager the paragraph tells of (他说: his)
    para_village: regions.Mention | None = None  # the village the paragraph opened on as subject or scene
    year_period: str | None = None  # the last period in force that is no span of years (2010年, not “十一五”期间)
    scene_village: regions.Mention | None = None  # ... that the next paragraph, naming no place, is still in
    quote_open: bool = False  # a quote a sentence before opened goes on
    town: str | None = None  # the last town or subdistrict named in full (丙麻乡), for a 该乡 after it
    orgs: set[tuple[str, int]] = field(default_factory=set)  # mentions that name a government body
    offices: set[tuple[str, int]] = field(default_factory=set)  # ... an office of a wider district (南京海关)
    # the goals stated so far, by figure: (value, unit) → (direction, period), for a goal restated bare
    goals: dict[tuple[float, str], tuple[str | None, str | None]] = field(default_factory=dict)


RE_CLAUSE_BREAK_IN = re.compile(r"[，,。；;：:！？!?、（）()]")
# a verb that makes the period after it what was released, not when the count held (24个省份公布前10月财政收支情况)
RE_RELEASED_BETWEEN = re.compile(r"公布|发布|披露|晒出|公开|出炉|上报")


RE_PLAN_NAMED_AFTER = re.compile(r"[^，,。；;\d的]{0,4}?(?:计划|任务|目标)")
PLAN_SHARE_BEFORE = ("完成", "为", "占")


def _dating_after(scan: str, q: Quantity, before: list[tuple[int, int, str]],
                  pers: list[tuple[int, int, str]]) -> str | None:
    """The period right after a count and its noun that dates the clause the count opens (140家证券公司2022年上半年度
    实现营业收入…, 140家券商上半年总资产…), when the clause states none before it."""
    if units.split_unit(q.unit)[1] not in units.COUNT_UNITS:
        return None
    cs = clause_start(scan, q.start)
    if any(p[0] >= cs for p in before):
        return None
    after = next((p for p in pers if p[0] >= q.end), None)
    if after is None or after[0] - q.end > 10 or RE_CLAUSE_BREAK_IN.search(scan, q.end, after[0]) \
            or RE_RELEASED_BETWEEN.search(scan, q.end, after[0]):
        return None
    return after[2]


def _month_before(before_periods: list[tuple[int, int, str]], carried: str | None, headline: str | None) -> str | None:
    """The month a 当月 refers to: one named earlier in the sentence (尤其是6月，…当月进出口), else the one
    carried, else the headline's (2018年11月社会保险主要统计指标数据 … 本月新增7.90万人)."""
    return next((p[2] for p in reversed(before_periods[:-1]) if context.RE_MONTH_PERIOD.search(p[2])), None) or next(
        (p for p in (carried, headline) if p is not None and context.RE_MONTH_PERIOD.search(p)), carried)


def _metric_of(scan: str, q: Quantity, last: Quantity | None, base: str | None,
               base_unit: str | None) -> tuple[str | None, str | None]:
    """Complete ``q.metric`` from the indicator in force (``base``, whose figure was in ``base_unit``) or the figure
    before it in the sentence (``last``); return the indicator in force after ``q`` and its unit."""
    if last is None and metrics.is_aspect(q.metric) and (cs := clause_start(scan, q.start)) > 0 \
            and (named := metrics.named_in(scan[clause_start(scan, cs - 1):cs - 1])) is not None:
        base, base_unit = named, None  # 规模以上工业总产值突破万亿，达10051.6亿元: the clause before names it
    if not q.metric and base is None and last is not None and last.metric \
            and metrics.same_kind(q.unit_norm, last.unit_norm):
        q.metric = last.metric  # 养老床位1.2万张，…这一数量增至1.5万张: no indicator named, the figure before's
    elif metrics.is_aspect(q.metric):
        if q.metric or metrics.same_kind(q.unit_norm, base_unit):
            q.metric = metrics.composed(q.metric, base)
    elif metrics.is_indicator(named := metrics.base(q.metric)):
        # (a rate says nothing of the unit its indicator is counted in: GDP增长8.1% before 突破130万亿元)
        base_unit = base_unit if named == base and q.unit_norm in metrics.RATIO_UNITS else q.unit_norm
        base = named
    return base, base_unit


def _sentence_rows(text: str, words: list[str] | None, para_start: bool, ends_colon: bool,
                   state: State, *, title: bool = False) -> list[tuple[Quantity, dict]]:
    scan = blank_quotes(text)
    if para_start:
        state.para_villager, state.quote_open = state.speaker, False
    firms: list[regions.Mention] = []
    names = places.facility_places(scan, places.named(scan, words), state.facilities)
    ms = places.valid_mentions(scan, state, names, firms=firms, title=title)
    firms += places.brands(scan, firms)
    heads = places.list_heads(scan, names)
    if heads:  # (在亚洲和非洲新签合同额…: where a province's firms work)
        heads = [h for h in heads if not places.works_abroad(scan, h, state)]
    lead = places.lead(scan, ms, heading=not title)
    # (三、宁夏证券期货市场综述 ¶ (一)上市公司基本情况: a subsection's heading keeps its section's place)
    if lead is not False and not (lead is None and state.lead_top and RE_SUBSECTION_NUMBER.match(text)):
        state.lead = lead  # 合肥：…, 在武汉，…: until the next lead (从地区看，… ends them)
        state.lead_top = lead is not None and RE_SECTION_NUMBER.match(text) is not None
    if para_start:
        # a place a paragraph introduces holds for that paragraph; a section lead until the next lead
        state.region, state.last_region = state.scene or state.lead or state.home, state.region
        state.scene = None
    # (a title's years name it, 《…计划（2023—2027年）》; but a report that shows the figures, 《…2019年一季度报》显示,
    # dates them)
    shown = [b.span() for b in RE_BOOK.finditer(text) if _report_shows(text, b)] if "《" in text else []
    pers = context.periods(RE_BOOK.sub(lambda m: m.group() if m.span() in shown else "□" * len(m.group()), text))
    if "计划" in scan or "任务" in scan or "目标" in scan:
        # (5个项目超额完成全年投资计划，14个项目完成年度投资计划80%以上, 为全年投资计划的35.31%: the year names the
        # plan a figure is done against, no period; not 全年的销售目标，即5.5万吨: the goal's year)
        pers = [p for p in pers if not (p[2] in ("全年", "年度") and scan.endswith(PLAN_SHARE_BEFORE, 0, p[0])
                                        and RE_PLAN_NAMED_AFTER.match(scan, p[1]))]
    if para_start and state.span is not None:
        state.period, state.span = state.span, None  # (前7个月…；7月份…。¶ 分行业看，…: the span again)
    if para_start:
        state.forecast = False
        state.target = state.list_target and context.RE_LIST_MARKER.match(text) is not None
        if not state.target:
            state.list_target = False
    if (topic_m := RE_BREAKDOWN_TOPIC.search(scan)) is not None:
        state.rate_topic = RE_RATE_TOPIC.search(topic_m.group()) is not None
    rows = []
    passed: set[tuple[int, int, str]] = set()  # moments named in passing (全年…，年末失业率…，物价…)
    found = quantities(text)
    if state.rate_list is not None:
        for q in found:  # (…;货运险,-9.9%;: an item of the list of rates the sentence before began)
            if q.direction is None and q.unit_norm == "%" and RE_LIST_ITEM_BEFORE.fullmatch(scan, 0, q.start):
                q.direction = state.rate_list
    state.rate_list = _rate_list(scan, state.rate_list, found)
    markers = context.target_markers(scan, now=state.now)
    if state.now is None and state.year is not None and markers:
        # (2022年，全省…完成…。到2022年底，…光缆线路总长度达到250.2万公里: a year's end no later than the year the
        # text reports on is how things stood then, when the publication date is not known)
        markers = [m for m in markers if not ((end := RE_YEAR_END_HORIZON.match(scan, m.start())) is not None
                                              and int(end.group(1)) <= state.year
                                              and not context.required_horizon(scan, m))]
    if markers and "同比" in scan:
        # (到2020年，福建省全年生产纸及纸板产品798.5万吨，同比下降0.82%: a horizon whose figure is set against the
        # year before is an outcome, not a goal)
        markers = [m for m in markers if RE_HORIZON_OUTCOME.match(scan, m.start()) is None]
    # a goal named after its figure (低于全年5.5%左右的预期目标；) is that figure's: past a ； it makes no figure a
    # goal, nor dates one with its 全年 (…的目标，提升了60%: the goal's own change still is one)
    owned = [(q.end, m.end()) for q in found if (m := context.RE_TARGET_AFTER.match(scan, q.end))]
    # (read on every sentence: a villager named where no figure stands is called back by later ones)
    village = places.village_opening(scan, state) or places.villager_opening(scan, state) or state.speaker
    state.quote_open = (text.count("“") > text.count("”")) or (state.quote_open and "”" not in text)
    if para_start:
        # (西野马村地处…沙滩地区域，…外出打工。2016年初，村里共有贫困户111户…: a paragraph opening on a village as
        # its subject, no figure in that sentence, tells of the village in the sentences after that name no place)
        named = scan.find(village.text) + len(village.text) if village is not None else 0
        # (在高密西部阚家镇赵家街村，45岁以下的劳力…: a scene set, whatever figure it gives)
        # (九层村位于凤鸣镇政府西南面,幅员面积约10平方公里…。该村原有楠竹面积1000亩: a village placed as the
        # paragraph's subject, figures or not, the place it lies in after it)
        opened = village if village is not None and (
            (not found and places.RE_VILLAGE_SUBJECT.match(scan, named))
            or (places.RE_VILLAGE_PLACED.match(scan, named) and scan.startswith(village.text))
            or places.RE_VILLAGE_SCENE.match(scan)) \
            and all(m.end <= named for m in ms if not places.RE_VILLAGE_PLACED.match(scan, named, m.start)) else None
        # (记者来到…南岭村。…¶ “今天橡胶收购价格是多少?”“每公斤干胶是13.2元,”农民林峰说。: the scene goes on in
        # the paragraphs after that name no place, up to a heading or a paragraph that takes the story elsewhere)
        # (not ¶ 凤鸣镇地处合江县城东南面,辖15个村…: a paragraph on a town)
        carried = opened is None and village is None and not ms and not places.RE_WHOLE.search(scan) \
            and clean.is_terminal(text.rstrip()) and not places.town_names(scan)
        state.para_village = state.scene_village = opened or (state.scene_village if carried else None)
        if carried:
            village = state.para_village
    elif village is None:
        # (not 我区…全区200万农民: the wider place again; but 高密众鑫农产品合作社在这个村里流转了1000亩土地: the
        # village called back, its county in a firm's name)
        back = places.RE_VILLAGE_BACK.search(scan) is not None and all(m.level <= 3 for m in names)
        whole = places.RE_WHOLE.search(scan) is not None
        if not whole and (not ms or back):
            village = state.para_village
        if whole or (names and not back):
            state.scene_village = None  # (…村民黄先生…。据…透露，在楚雄、玉溪、大理等地，…: the story elsewhere)
    village = (village or places.town_called_back(scan, state)) if found else None
    towns = "镇" in scan or "乡" in scan or "街道" in scan  # (whether a figure may close a town's list item)
    owned = [(s, e, b.start()) for s, e in owned if (b := RE_SEMICOLON.search(scan, e))]
    base, base_unit = state.metric, state.metric_unit
    topic = metrics.topic(scan)
    if topic:
        base, base_unit = topic, None
    for last, q in zip([None, *found], found, strict=False):  # (last: the figure before in the sentence)
        base, base_unit = _metric_of(scan, q, last, base, base_unit)
        attached, owner = places.attached(q, scan, ms, state)
        if attached and q.direction is None:
            q.direction = _ranked_direction(scan, q, rows, state)
        elif q.direction is None and state.rate_topic and q.unit_norm == "%" and RE_RANKED_AFTER.match(scan, q.end) \
                and scan[q.start - 1:q.start] == "以":
            q.direction = "up"  # (从增速看，…) 北京以6.6%位居第二位: a growth rate ranked
        before_periods = [p for p in pers if p[1] <= q.start and not _turned(scan, p, q)
                          and not _goal_owned(owned, p[0], q)]
        if before_periods and (before_periods[-1][2].startswith(("从", "由"))
                               or scan[before_periods[-1][0] - 1:before_periods[-1][0]] == "由") \
                and (len(before_periods) > 1 or state.period is not None or state.title_period is not None) \
                and not RE_SPAN_WORD.search(before_periods[-1][2]) \
                and (context.RE_MOVED_TO.search(scan, before_periods[-1][1], q.start)
                     or RE_RESHAPED_AFTER.match(scan, before_periods[-1][1], q.start)
                     or context.RE_MOVED_BY.search(scan, before_periods[-1][1], q.start)):
            # 2021年…从2020年的11.5%提至19.2%: the start's period is not the end's (nor 由10月的10.0%小幅提高至10.1%,
            # after 11月 was stated: the month carried), nor the next sentence's
            passed.add(before_periods.pop())
        if _point_in_passing(scan, before_periods, q):
            passed.add(before_periods.pop())
        carried_target = (state.target or (state.forecast and not pers)) \
            and not context.RE_ACHIEVED.search(scan, 0, q.start + 1)
        q_markers = [m for m in markers if not _goal_owned(owned, m.start(), q)] if owned else markers
        if "预期" in scan:  # (环比上涨0.1%，预期为下降0.1%；同比涨幅为8.3%: the forecast's value is its clause's only)
            q_markers = [m for m in q_markers if not ((b := _forecast_closed(scan, m)) is not None and q.start > b)]
        target = (carried_target or context.target_at(scan, q.start, markers=q_markers)
                  or context.target_after(scan, q.end, q.start) or context.completion_goal(scan, q.start, q.end)
                  or context.task_figure(scan, q.start, q.end))
        if target and RE_COMPLETES_AFTER.match(scan, q.end):
            target = False  # …出让金额为368.53亿元，仅完成全年任务的13%: the outcome measured against the plan
        if target and scan[q.start - 1:q.start] in ("从", "由") and any(
                o.start > q.end and context.RE_MOVED_TO.search(scan, q.start, o.start) for o in found):
            target = False  # 预计…同比增速从10.0%回升至10.1%: where the forecast starts from has been seen
        period = _last_period(before_periods, state.period) if before_periods else (state.period or state.title_period)
        if not before_periods and period == state.period and state.year_period is not None \
                and RE_YEARS_SPAN.search(period) and RE_ANNUAL_BASE.search(scan):
            # (2010年，…。“十一五”期间，年均增长10.26%。¶ 另外，…完成投资446.98亿元，比上年增长17.47%: a year's
            # figure against the year before, not the term's; the year in force before the aside)
            period = state.year_period
        if (dated := _dating_after(scan, q, before_periods, pers)) is not None:
            period = dated
        if title and period is None:
            # (全市接待游客1454.7万人次,旅游总收入163.79亿元 一季度黄山市旅游市场…: a headline's figures are of the
            # period it states, wherever it stands in it)
            # (not past the headline's sentence, nor a yardstick's: 10家银行评级遭下调，数量远超去年; but past its
            # exclamation: 3656.6亿元!上半年河南省进出口总值创新高)
            period = next((p[2] for p in pers if p[0] >= q.end and "。" not in scan[q.end:p[0]]
                           and not _yardstick_before(scan, p[0])), None)
        if (scan[q.start - 1:q.start] in ("的", "（", "(") and (
                based := RE_BASE_VALUE_BEFORE.search(scan, max(0, q.start - 24), q.start)) is not None) or (
                based := RE_BASE_RATE_BEFORE.search(scan, max(0, q.start - 30), q.start)) is not None or (
                based := RE_BASE_VALUE_BARE.search(scan, max(0, q.start - 16), q.start)) is not None or (
                (based := RE_BASE_NAMED_BEFORE.search(scan, max(0, q.start - 24), q.start)) is not None
                and RE_CHANGE_NEXT.match(scan, q.end + (scan[q.end:q.end + 1] in "，,")) is not None):
            # 比2002年(5.02亿人)高, 同比去年的412亿元下降, 相比2010年全年增幅8.5%, 较上周1.63元/公斤环比上涨: the base's
            # own value, of the base's period
            period, target = based.group("p"), False
            if RE_CHANGE_NEXT.match(scan, q.end):
                q.direction = None  # (比上年的13.90%减少1.09%: the change is the next figure's, the base's a level)
        if target:
            ty = list(context.RE_TARGET_YEAR.finditer(scan, 0, q.start))
            if ty:
                period = ty[-1].group(1)
                if before_periods and before_periods[-1][0] > ty[-1].start() and (
                        y := context.year_of(before_periods[-1][2])) is not None:
                    period = str(y)  # 到2020年…40%，2022年…45%: a later year of the list is its figure's horizon
            elif not before_periods and state.target_period:
                period = state.target_period
            elif not before_periods and period and period.endswith("以来"):
                period = None  # (会战开展以来…。将拿出100万元奖金: a reward to come is of no span already running)
            if context.year_goal(scan, q.start, q.end) and not ty:
                period = "全年"
        if not target and (goal := state.goals.get((q.value, q.unit_norm))) is not None \
                and not RE_SENTENCE_LEAD.sub("", scan[:q.start]):
            # 今年…增长5.5%左右。5.5%是务实理性的: the goal restated as its sentence's subject
            target, period = True, goal[1]
            q.direction = q.direction or goal[0]
        # a year the sentence states before the figure is the year of a later period without one (2019年…全年的)
        # (a goal's: 2017年，预计…；实现全年旅游总收入1100亿元 → 2017, the goals' year, not the results' before)
        goal_year = context.year_of(state.target_period) if target and state.target_period else None
        year = next((y for p in reversed(before_periods) if (y := context.year_of(p[2])) is not None),
                    goal_year or state.year)
        if title and year is None:  # (全年发放公贷超896亿元,山东发布2023年住房公积金年度报告: the headline's year)
            year = next((y for p in pers if p[0] >= q.end and (y := context.year_of(p[2])) is not None), None)
        q.metric = metrics.with_subject(q.metric, scan[:q.start])
        period = context.resolved(_year_of_report(period, state.period), year=year, doc_year=state.doc_year,
                                  month=_month_before(before_periods, state.period, state.title_period))
        if not target and _ahead(period, state) and not RE_DONE.search(scan, 0, q.start):
            target = True  # (a 2021 plan: “十四五”期间，…引进…项目500个: a span that has not yet run, a goal)
        rows.append((q, {
            "region": owner if attached else places.NATION if "全国" in scan and RE_NATIONAL_ASIDE_BEFORE.search(
                scan, max(0, q.start - 24), q.start)
            # (黄湖镇降雨量为131毫米，百丈镇为96毫米: a town the item names before its figure, not the one the sentence
            # opened on)
            else (places.town_item(scan, q.start, q.end, state) if towns else None)
            or (village if village is not None and not RE_WIDER_WHOLE.search(scan, 0, q.start) else None)
            or places.region_for(q, scan, ms, state, firms, heads),
            "period": period,
            "is_target": bool(target),
        }))
    _respectively(scan, rows, pers, state)
    if "由" in scan or "从" in scan:
        _parallel_moves(scan, rows)
    _ranked_places(scan, rows, ms)
    _slashed_years(scan, rows)
    for q, ctx in rows:
        if ctx["is_target"] and q.direction is not None:
            state.goals[(q.value, q.unit_norm)] = (q.direction, ctx["period"])
    # 预计全市秋收粮食播种面积为135.3万亩。秋粮总产83.7万吨…: a forecast opening the paragraph goes on
    state.forecast = (state.forecast and not pers) or (
        para_start and bool(found) and any(m.group() in FORECAST_WORDS and m.start() < found[0].start for m in markers))
    # carry to the next sentences: a period that dates figures of this sentence or opens a clause (not one
    # named in passing: 结束了自2015年以来…局面)
    marker = bool(markers)
    # (水利厅制定了“十三五”主要目标。, then its ——list: the goals a sentence without figures names, their period)
    set_goals = next((p for p in pers if RE_GOALS_SET_AFTER.match(scan, p[1])), None) if not found else None
    # (市工信局将…高质量高标准完成各项目标任务。狠抓…。全年推动实施400个重点工业项目: a body pledging its year's
    # goals, no figure in that sentence; the paragraph's figures after it are those goals)
    pledged = not found and "目标" in scan and RE_GOALS_PLEDGED.search(scan) is not None
    if context.RE_TARGET_HEADING.match(scan) or set_goals is not None or pledged:
        state.list_target = True  # 主要目标：…, then its ——list
    # (a headline's period sets the article's)
    # (1-11月累计，…；11月份当月下降8.3%。企业所得税…: the month alone, said against the year to date, is not carried)
    span_in_force = state.period is not None and RE_MONTH_SPAN.search(state.period) is not None
    # (a numbered heading, 1、回顾2017年电动车市场的发展情况, dates its section as a title dates its article)
    # (一、1-3月份主要经济指标完成情况。: a short numbered heading, though it ends as a sentence)
    heading = para_start and not found and len(text) <= 40 and context.RE_LIST_MARKER.match(text) is not None \
        and (not text.rstrip().endswith(("。", "！", "？", "；"))
             or (len(text) <= 24 and RE_SECTION_NUMBER.match(text) is not None))
    carried = [p for p in pers if (title or heading or any(q.start >= p[1] for q in found) or p == set_goals
                                   or _opens_clause(scan, p[0], p[1])
                                   # (财政部发布的《…项目管理库2019年一季度报》显示,…: the report's period dates the
                                   # figures it shows)
                                   or any(s < p[0] and p[1] < e for s, e in shown))
               # (a horizon is said in passing, but one opening a paragraph frames it: 五年来，我们…。全县生产总值年均
               # 增长8.5%)
               and not (context.RE_NOT_CARRIED.search(p[2]) and not (para_start and p[0] == 0)
                        # (近年来，…。5年来，对340名…；介绍6名…: a span opening a sentence, after none or a vague one)
                        and not (p[0] == 0 and RE_YEARS_SO_FAR.fullmatch(p[2]) is not None
                                 and (state.period is None or context.RE_NOT_CARRIED.search(state.period))))
               and not RE_STREAK_AFTER.match(scan, p[1])
               and p not in passed and not (span_in_force and p[2].endswith("当月"))
               # (11月份，…上涨1.6%。1-11月平均，比上年同期上涨1.8%。¶ …食品价格…: the year's average to date said
               # after the month's figures, not the period of those that follow)
               and not (scan.startswith("平均", p[1]) and state.period is not None and not span_in_force
                        and RE_MONTH_SPAN.search(p[2]) is not None and _month_within(state.period, p[2]))
               # (1-3季度，…。今年以来，由于…铁路货物周转量连续下降: the same span to date, said again, not a new one)
               and not (p[2] in SINCE_NEW_YEAR and state.period is not None
                        and periods.resolve(state.period).kind == "ytd")
               # (2017年，全县…，其中，2118户…已脱贫，目前还有1342户…；桑园总面积7.3万余亩: the present of one
               # clause in a sentence its year opens)
               # (去年，…对40户…危房实施改造，目前这40户…已通过验收。投入资金4.3万元…: the present of what was just
               # told, not the period of the figures after it)
               and not (RE_PRESENT.fullmatch(p[2].removeprefix("至")) and RE_THESE_AFTER.match(scan, p[1]) is not None)
               and not (RE_PRESENT.fullmatch(p[2]) and any(
                   o[0] < p[0] and clause_start(scan, o[0]) == 0 and _opens_clause(scan, o[0]) for o in pers))
               # (最高峰是清明节当天，773.1万人次…: the day of a peak within the period in force)
               and not (state.period is not None and RE_PEAK_BEFORE.search(scan, max(0, p[0] - 6), p[0]))
               # (上半年，…销售7.02亿元，第26周销量曾突破3000万元。: a moment within the period in force or stated)
               and not ((RE_ONCE_AFTER.match(scan, p[1]) or _picked_day(scan, p))
                        and (state.period is not None or any(o[1] <= p[0] for o in pers)))
               # (11月份…增长0.8%，而10月份为下降7.5%; 8月…环比上涨0.8%，7月的涨幅为1.1%: the period set against
               # the sentence's own)
               # (2017年1-7月…销售82725台，远超去年全年销量(70320台): the yardstick's period)
               and not ((scan[p[0] - 1:p[0]] == "而" or ("年" not in p[2] and RE_BACK_VALUE_AFTER.match(scan, p[1]))
                         or _yardstick_before(scan, p[0])
                         # (…较“十一五”增长227.4%(“十一五”全社会累计水利投入203亿元)。: an aside's period dates its
                         # bracket only)
                         or _bracketed(scan, p[0])
                         # (2024年…共有1772宗，2023年出让宗数为1894，同比下降6.44%: the base year's value, said after
                         # the year reported on)
                         or _older_than_before(pers, p))
                        and (state.period is not None or state.title_period is not None
                             or any(o[1] <= p[0] for o in pers)))]
    if heading and not pers and state.title_period is not None and RE_SECTION_NUMBER.match(text) is not None \
            and state.period is not None and RE_CUT_OFF.search(state.period) is not None:
        # (2023年上半年…社会保险信息公告: 一、…截至2023年6月末,…参保人数…; 二、社会保险费征收情况: the cut-off the
        # counts of one section are at does not date the next's income, a section that dates nothing opens on the
        # headline's period again)
        state.period = state.span = None
    if carried and scan[:1] in ("(", "（") and scan.rstrip("。. ")[-1:] in (")", "）"):
        carried = []  # (…增长0.29%。(2020年全国食用菌总产量4061.43万吨。): a bracketed sentence, an aside on the base
    if (point := next((p for p in pers if RE_REFERENCE_POINT_AFTER.match(scan, p[1])), None)) is not None:
        # (2018年9月…开展了以2019年12月31日为统一时点的第三次全国国土调查: the survey's reference date dates its
        # figures, whatever else the sentence dates)
        carried = [p for p in carried if p != point] + [point]
    if carried and not (carried[-1][2] in context.THIS_WEEK and state.period is not None
                        and context.RE_WEEK_OF_YEAR.search(state.period)):  # (本周量跌价升: the week in force)
        # the span the month is part of: one stated before it in the sentence (1—10月份…，其中10月份…), else the
        # one in force, past a paragraph's first sentence (a month opening a paragraph frames it and the ones
        # after: 沈丹阳说，7月份，消费市场…的特点表现为：)
        spans = [p[2] for p in carried[-2:-1]] + ([] if para_start else [state.span or state.period])
        state.span = next((s for s in spans if _month_within(carried[-1][2], s)), None)
        if state.span is None and RE_PRESENT.fullmatch(carried[-1][2]) and state.period is not None \
                and not RE_PRESENT.fullmatch(state.period):
            # (上半年，…。目前，随着疫情消退，…调运。¶ (二)工业…增加值157.8亿元: the time of the telling holds for its
            # paragraph; the period it interrupted is in force again at the next)
            state.span = state.period
        period = _year_of_report(_last_period(carried, state.period), state.period)
        if context.RE_SAME_MONTH.match(period) and (month := _month_before(
                pers[:pers.index(carried[-1]) + 1], state.period, state.title_period)) is not None:
            # (截止2018年11月底,…本月新增7.90万人。农民工参保…: the month in force, carried as the month it is,
            # 本月（2018年11月）)
            period = context.resolved(period, year=state.year, doc_year=state.doc_year, month=month)
        state.period = period
        if not RE_YEARS_SPAN.search(period) and not RE_PRESENT.fullmatch(period):
            state.year_period = period  # (not 目前: the time of the telling)
        if marker:
            state.target_period = carried[-1][2]
        # (a sentence that opens on its year and sets no goal figure, 2019年，全县上下…紧紧围绕“…”的目标定位…, still
        # states the year its text reports on)
        if (not marker or (not found and carried[0][0] == 0)) and (y := next(
                (y for p in reversed(carried) if (y := context.year_of(p[2])) is not None), None)) is not None \
                and (state.now is None or y <= state.now):
            # 2019年…全年的…: the year the sentence states, though its last period writes none (not a year after the
            # publication's: 2025年6月30日前购买新房… in a 2024 digest is a deadline, not the year of its next item)
            state.year = y
    ty = context.RE_TARGET_YEAR.findall(scan)
    if marker:
        if ty:
            state.target_period = ty[-1]
        # a list of goals goes on after ；/： (力争…；…), not a comparison with a goal (低于…的预期目标；CPI…)
        # (…，预期为下降0.1%；: a forecast's value, no list of goals)
        state.target = text.rstrip().endswith(("；", ";", "：", ":")) and (
            not found or any(m.start() < found[-1].start and _forecast_closed(scan, m) is None for m in markers))
        if ends_colon:
            state.list_target = True
    elif not text.rstrip().endswith(("；", ";")):
        state.target = state.target and state.list_target
    if set_goals is not None or pledged:
        state.target = True  # (…获悉，…。2020年供排水工作的主要目标已经敲定。排水方面，…: the paragraph's goals)
    places.update_region(scan, ms, state, heads, figures=bool(found), para_start=para_start)
    # (行走在夏日的东台沿海滩涂，…。¶ “这是…基地，装机规模为78.8兆瓦…”: a paragraph that only takes the story to a
    # place, no figure in it, gives the next paragraph that place)
    if found:
        state.scene = None
    elif para_start and ms and places.RE_VISIT_BEFORE.search(scan, 0, ms[0].start) is not None:
        state.scene = state.region
    state.metric, state.metric_unit = base, base_unit
    if not text.rstrip().endswith(("；", ";")):
        state.span_years = state.span_places = None
    return rows


# a span of years (“十一五”期间, 2016-2020年, 五年来) and a comparison with the year before (比上年, 同比)
RE_YEARS_SPAN = re.compile(r"十[一二三四五]五|\d{4}年?[-—–~～至到]\d{4}年"
                           r"|[多几\d一二三四五六七八九十两]年(?:来|间|以来)|近年来")
RE_ANNUAL_BASE = re.compile(r"(?:比|较)(?:上年|去年|上一年)|同比|(?:上年|去年)同期")


# an item of a list before its figure: a name, perhaps a comma (货运险,-9.9%; 鹤壁0.7%)
RE_LIST_ITEM_BEFORE = re.compile(r"[^\d。；;，,：:]{1,12}[，,]?")


def _rate_list(scan: str, in_force: str | None, found: list[Quantity]) -> str | None:
    """The direction of a list of rates of growth that goes on past this sentence's ； (增长率分别为:企财险,8.2%;),
    kept while its items follow one per sentence (``in_force``: the list's direction before this sentence)."""
    if not scan.rstrip().endswith(("；", ";")):
        return None
    if found and (direction := rate_list_at(scan, found[-1].start)) is not None:
        return direction
    if in_force is not None and len(found) == 1 and RE_LIST_ITEM_BEFORE.fullmatch(scan, 0, found[0].start):
        return in_force
    return None


def _last_period(ps: list[tuple[int, int, str]], in_force: str | None) -> str:
    """The last of a sentence's periods ``ps``, a part of a year read as the year's said before it, in the sentence
    or in force (去年，我市…，全年播种粮食作物303.8万亩: 去年全年); the year to date said again (1-7月全市…自年初累计
    完成客运量…) is the span stated before it."""
    before = ps[-2][2] if len(ps) > 1 else in_force
    if before is not None and RE_FROM_NEW_YEAR.fullmatch(ps[-1][2]) and periods.resolve(before).kind == "ytd":
        return before
    if before is not None and ps[-1][2] == "本期" and places.RE_DIGIT.search(before):
        # (2011年1-3月，…产量居前五名的省份：本期…占全国比重35.94%: the dated period stated, again; not 本周…¶ 本期的
        # 环渤海动力煤平均价格: a weekly index's issue)
        return before
    if len(ps) > 1 and RE_CUT_OFF_DAY.fullmatch(before) and RE_YEAR_OR_SPAN.fullmatch(ps[-1][2]):
        # (截至9月30日，各市县上报2018年4类重点对象实际开工2.6187万户: the day counts are taken at, in the year named
        # after it; 截至12月5日，河南省3年来累计…: the span it closes)
        return before
    return context.within_year(ps[-1][2], before)


RE_CUT_OFF_DAY = re.compile(r"(?:截至|截止到?)\d{1,2}月(?:\d{1,2}日|底|末)")
RE_YEAR_OR_SPAN = re.compile(r"\d{4}年|[一二三四五六七八九十两\d]{1,2}多?年(?:以)?来")
# (自年初, 从年初: the start a span counts from; not 今年以来, which texts give as the period itself)
RE_FROM_NEW_YEAR = re.compile(r"(?:自|从)年初(?:以来|至今)?(?:累计)?")


RE_SEMICOLON = re.compile(r"[；;]")
# the country's figure in brackets as a yardstick (增长2.3%（全国上涨1.0%）): the country's own
# (全国平均增速是4.9%、6.1%: the aside's list of the country's figures)
RE_NATIONAL_ASIDE_BEFORE = re.compile(r"[（(]全国[^（）()，,。；;\d]{0,8}(?:\d+(?:\.\d+)?[%％]?[、和及])*$")
RE_HORIZON_OUTCOME = re.compile(r"[^到至]{0,3}[到至]\d{4}年[底末]?[，,][^。；;将预计力争确保目标]*?同比[增下减上]")
RE_YEAR_END_HORIZON = re.compile(r"[^到至]{0,3}[到至](\d{4})年[底末]")
RE_REFERENCE_POINT_AFTER = re.compile(r"(?:零时|0时)?(?:为|作为)(?:统一|标准)?(?:调查)?时点")
# a subsection's number ((一), （二）, 1.) under a section's (三、)
RE_SUBSECTION_NUMBER = re.compile(r"[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．]")
# a cut-off a count is taken at (截至2023年6月末, 3月末, 年底)
RE_CUT_OFF = re.compile(r"^(?:截至|截止)|[末底]$")
RE_SECTION_NUMBER = re.compile(r"[一二三四五六七八九十]+、")
# a structure reshaped from the period's (由2014年的13.88:53.06:33.06调整为14.33:46.34:39.33): where it moved from
RE_RESHAPED_AFTER = re.compile(r"的[^，,。；;]{0,30}?(?:调整为|变为|转变为|优化为|演变为|变化为)")
FORECAST_WORDS = frozenset({"预计", "预测"})
RE_COMPLETES_AFTER = re.compile(r"[，,]?(?:仅|只|已|共|累计)?完成了?(?:全年|年度|今年)?(?:任务|计划|目标)")


@lru_cache(maxsize=4096)  # (periods repeat from figure to figure)
def _span(period: str, year: int) -> periods.Period:
    return periods.resolve(period, year=year)


# (what is done, whatever span it is of; a change with its 了: 人均劳动生产率提高了20%)
RE_DONE = re.compile(r"已|完成了|实现了|累计完成|达到了|(?:提高|增长|增加|下降|降低|减少|提升|上升|扩大|缩小)了")
RE_AHEAD_WORD = re.compile(r"十[一二三四五六]五|明年")  # (a plan's span, the year ahead: not a year written out)


def _ahead(period: str | None, state: State) -> bool:
    """Whether ``period`` starts no earlier than the document's year and ends after it (明年, “十四五”期间 in a
    2021 text), or, the publication's year known, starts after it (2022年 in a text of 2021): figures of a time
    still ahead are goals or forecasts (a text's most stated year dates a year written out no further: it may
    look back from a later one)."""
    ref = state.now or state.doc_year
    if period is None or ref is None:
        return False
    word = RE_AHEAD_WORD.search(period) is not None
    if not (state.now or word):
        return False
    span = _span(period, ref)
    if span.start is None or span.end is None:
        return False
    return span.start.year > ref or (word and span.start.year == ref < span.end.year)


RE_SPAN_END = re.compile(rf"(?:\d{{1,2}}{context.DASH}|前)(\d{{1,2}})(?:个)?月")
# the parts of a year, by the month each ends with (上半年 → 6, 前三季度 → 9, 二季度 → 6)
RE_PART_OF_YEAR = re.compile(r"上半年|下半年|前三季度?|[一二三四1-4](?=季)")
PART_END_MONTH = {"上": "6", "下": "12", "前": "9", "一": "3", "二": "6", "三": "9", "四": "12",
                  "1": "3", "2": "6", "3": "9", "4": "12"}
RE_BARE_MONTH = re.compile(r"(?:其中|当|本)?(\d{1,2})?月份?(?:当月)?")


def _month_within(period: str, span: str | None) -> bool:
    """Whether ``period`` is the last month of ``span`` (7月份, 当月 within 1-7月 or 前7个月): a part of it.

    >>> _month_within("7月份", "前7个月"), _month_within("当月", "1—7月"), _month_within("6月", "1-7月")
    (True, True, False)
    >>> _month_within("6月份", "上半年"), _month_within("9月", "前三季度"), _month_within("3月", "二季度")
    (True, True, False)
    """
    if span is None or (m := RE_BARE_MONTH.fullmatch(period)) is None:
        return False
    if (end := RE_SPAN_END.search(span)) is not None:
        last = end.group(1)
    elif (part := RE_PART_OF_YEAR.search(span)) is not None:
        last = PART_END_MONTH[part.group()[0]]
    else:
        return False
    return (m.group(1) is None and period != "月") or m.group(1) == last


RE_COUNTED_YEAR = re.compile(r"(?:今年|去年|上年|前年|明年|当年|本年)")
# the goals a sentence sets for its period, closing it (制定了“十三五”主要目标。, 明确了2025年发展目标：)
# (2020年供排水工作的主要目标已经敲定。: a topic's goals, decided)
RE_GOALS_SET_AFTER = re.compile(r"(?:[^，,。；;：:\d]{1,8}?的)?(?:主要|发展|总体|奋斗|工作)?目标(?:任务)?"
                                r"(?:如下|已经?(?:敲定|确定|明确|出炉|下达))?[。：:]?$")
# a body pledging the goals it is set (市工信局将…高质量高标准完成各项目标任务)
RE_GOALS_PLEDGED = re.compile(r"将[^。；;！？]{0,30}?(?:完成|实现|落实|确保)[^。；;！？]{0,10}?"
                              r"(?:各项|全年|年度)?目标任务")
# a wider whole the sentence turns to before a figure (…的沈爱军经营着一家养牛场…，这也是该市…的6个家庭农场之一; not
# the field of 为全县…主要产区, nor 该市场)
RE_WIDER_WHOLE = re.compile(r"该[市省区县州盟旗](?![场域城民])")
# a day picked out of the span stated (6月11至15日,…,其中6月13日共接待参观者7万人次。豪华车品牌方面,…: the next
# sentences are the span's again)
RE_PICKED_PERIOD_BEFORE = re.compile(r"其中[，,]?$")
RE_ONE_DAY = re.compile(r"\d{1,2}月\d{1,2}日")
# a quoted term opening a sentence (“十四五”期间…), not a quote: what follows its closing mark goes on
RE_QUOTED_TERM_OPENING = re.compile(r"“[^”]*”(?![。！？!?，,]?$)(?=[^。！？!?])")


def _picked_day(scan: str, p: tuple[int, int, str]) -> bool:
    """Whether the period ``p`` is one day picked out by 其中 (其中6月13日共接待参观者7万人次)."""
    return RE_ONE_DAY.fullmatch(p[2]) is not None \
        and RE_PICKED_PERIOD_BEFORE.search(scan, max(0, p[0] - 3), p[0]) is not None


RE_PEAK_BEFORE = re.compile(r"(?:最高峰|高峰|峰值|最高)(?:是|为|出现在|在)$")
# a moment the figure once reached within the period in force (第26周销量曾突破3000万元, 3月份一度跌至…)
RE_ONCE_AFTER = re.compile(r"[^，,。；;\d]{0,8}?(?:曾经?|一度)(?:一度)?"
                           r"(?:突破|达到?|创|超过?|高达|升至|涨至|跌至|降至|跌破)")
# (超过了历史最高年份2004年的1787.8万亩: the record a figure beats, its year the record's)
RE_YARDSTICK_BEFORE = re.compile(r"(?:远超|超过|超出|高于|低于|好于|不及|相当于|远胜|胜过|胜于|优于|不如|"
                                 r"突破|刷新|打破)(?:了?(?:历史|历年)?(?:最高|最好|最低|最大|最多)(?:年份|年度|水平|纪录|记录)?的?)?$")


def _yardstick_before(scan: str, pos: int) -> bool:
    """Whether a yardstick's verb (远超, 高于; 超过了历史最高年份) stands right before the period at ``pos``."""
    return RE_YARDSTICK_BEFORE.search(scan, max(0, pos - 12), pos) is not None


RE_MONTH_SPAN = re.compile(rf"\d{{1,2}}{context.DASH}\d{{1,2}}月|前\d{{1,2}}个月|累计")
RE_YEAR_OF_REPORT = re.compile(r"\d{4}年度")


def _year_of_report(period: str | None, in_force: str | None) -> str | None:
    """``全年`` said in a report on a year named as such (2018年度…成绩单…。我省全年共受理…): that year, as written.

    >>> _year_of_report("全年", "2018年度"), _year_of_report("全年", "2018年")
    ('全年（2018年度）', '全年')
    """
    if period == "全年" and in_force is not None and RE_YEAR_OF_REPORT.fullmatch(in_force):
        return f"全年（{in_force}）"
    return period


# the time of the telling (截至目前, 如今): it holds for its paragraph
RE_PRESENT = re.compile(r"(?:截至|截止|到)?(?:目前|如今|当前|现在|眼下)(?:为止)?")
# the words that say a span from the year's start (1-8月, 前三季度: periods.resolve's ytd) again without its end
SINCE_NEW_YEAR = frozenset({"今年以来", "年初以来", "今年来"})
RE_SENTENCE_LEAD = re.compile(r"[\s“”「」‘’\"]+")
# a comparison base's period right before a number: the number is the base's value (比2002年(5.02亿人)高)
# (低于2021年的62.8%: the yardstick's value, of its period)
RE_BASE_VALUE_BEFORE = re.compile(r"(?:比|较|相比于?|相较于?|与|略?[高低]于|超过|不及)"
                                  rf"(?P<p>{context.RE_PERIOD.pattern})(?:的|[（(])$")
# a change by the figure after it (比上年的13.90%减少1.09%, 比上年同期的9.59%提高8.65%)
RE_CHANGE_NEXT = re.compile(r"(?:增加|减少|下降|上升|提高|降低|增长|回落|扩大|缩小)了?[\d约近]")
# (较上周1.63元/公斤环比上涨16.56%: the base's value right after it)
RE_BASE_VALUE_BARE = re.compile(rf"(?:比|较)(?P<p>{context.RE_PERIOD.pattern})$")
# the base's value named again before its figure, the change after it (较去年亩均产量452.67公斤,减少24.89公斤)
RE_BASE_NAMED_BEFORE = re.compile(rf"(?:比|较|相比于?|相较于?)(?P<p>(?:{context.RE_PERIOD.pattern})(?:同期)?)的?"
                                  r"[^\d，,。；;比较增减降升涨跌提多少高低快慢扩缩回翻超]{0,8}?(?:为|是|达)?$")
# the base's rate named before its figure, no change between (相比2010年全年增幅8.5%，…今年放缓)
RE_BASE_RATE_BEFORE = re.compile(rf"(?:相比|相较于?|对比)(?P<p>{context.RE_PERIOD.pattern})的?"
                                 rf"(?:[^\d，,。；;比较增减降升涨跌]{{0,4}}?(?:增幅|增速|增长率|涨幅|降幅|跌幅))(?:为|是|达)?$")


RE_FORECAST_VALUE = re.compile(r"值?(?:为|是)")
RE_CLAUSE_END = re.compile(r"[，,；;]")


def _forecast_closed(scan: str, marker: re.Match[str]) -> int | None:
    """Where the clause of a forecast's value ends (预期为下降0.1%；): a figure past it is no forecast of it."""
    if marker.group() != "预期" or not RE_FORECAST_VALUE.match(scan, marker.end()):
        return None
    end = RE_CLAUSE_END.search(scan, marker.end())
    return end.start() if end is not None else None


def _goal_owned(owned: list[tuple[int, int, int]], pos: int, q: Quantity) -> bool:
    """Whether ``pos`` lies in the words naming another figure's goal (its 预期目标, its 全年) and a ； stands
    between them and ``q``."""
    return any(s <= pos < e and b < q.start for s, e, b in owned)


def _turned(scan: str, period: tuple[int, int, str], q: Quantity) -> bool:
    """由上月下降6.0%转为上涨20.2%: the 上月 of 由 dates what it turned from, not the figure after 转为."""
    return period[0] > 0 and scan[period[0] - 1] == "由" and "转为" in scan[period[1]:q.start]


RE_POINT_PERIOD = re.compile(r"(?:年|月|月份|季度)(?:末|底)$")
RE_CHANGE_ONLY = re.compile(rf"^(?:{context.UP}|{context.DOWN}|分别|了|为|达到?|\s)*$")


def _point_in_passing(scan: str, before: list[tuple[int, int, str]], q: Quantity) -> bool:
    """全年国内生产总值增长3%，年末城镇调查失业率降到5.5%，居民消费价格上涨2%: a moment (年末) opening a later
    clause of a sentence that a span (全年) opened dates its own clause, not a later one naming an indicator of
    its own (its continuation, 同比增长11.3% after 6月末M2余额…, keeps it)."""
    if len(before) < 2 or not RE_POINT_PERIOD.search(before[-1][2]) or RE_POINT_PERIOD.search(before[0][2]):
        return False
    point, first = before[-1], before[0]
    return (_opens_clause(scan, point[0]) and scan[point[1]:point[1] + 1] not in "，,：:"  # (6月末，…: a lead)
            and _opens_clause(scan, first[0]) and clause_start(scan, first[0]) == 0
            and (cs := clause_start(scan, q.start)) > point[1]
            and RE_CHANGE_ONLY.sub("", context.RE_BASIS.sub("", scan[cs:q.start])) != "")


def _older_than_before(pers: list[tuple[int, int, str]], p: tuple[int, int, str]) -> bool:
    """Whether ``p`` is a bare year earlier than a year the sentence stated before it."""
    if not RE_BARE_YEAR.fullmatch(p[2]):
        return False
    y = context.year_of(p[2])
    return any(o[1] <= p[0] and (oy := context.year_of(o[2])) is not None and oy > y for o in pers)


RE_BARE_YEAR = re.compile(r"\d{4}年")


def _bracketed(scan: str, pos: int) -> bool:
    """Whether ``pos`` stands inside brackets that close after it in the sentence (an aside)."""
    opened = max(scan.rfind("(", 0, pos), scan.rfind("（", 0, pos))
    return opened >= 0 and max(scan.rfind(")", opened, pos), scan.rfind("）", opened, pos)) < 0 \
        and (")" in scan[pos:] or "）" in scan[pos:])


def _opens_clause(scan: str, pos: int, end: int | None = None) -> bool:
    """Whether only periods and frame words stand before ``pos`` in its clause; with the period's ``end``, a
    period framed by 但/在/整个 and set off by a comma opens its clause too (但在整个上半年，…; not
    但进入2011年后增速…)."""
    before = scan[clause_start(scan, pos):pos]
    if before.startswith("本报") and (dateline := RE_DATELINE_LEAD.match(before)) is not None:
        before = before[dateline.end():]  # (本报台儿庄讯 2017年以来,…: the paper's dateline, then the period)
    if end is not None and scan[end:end + 1] in "，," and (opener := RE_OPENER.match(before)):
        before = before[opener.end():]
    rest = places.RE_PERIOD_ONLY.sub("", before)
    # (据介绍，河南省2019年政府采购项目类别中…: the clause's place, then its year)
    return not rest or (len(rest) <= 8 and rest == before
                        and any(m.start == 0 and m.end == len(rest) for m in regions.mentions(rest)))


def _report_shows(text: str, book: re.Match[str]) -> bool:
    """Whether the title ``book`` matched is of a report the sentence says shows its figures (《…一季度报》显示)."""
    return book.group().endswith(("报》", "报告》", "数据》")) and text.startswith(("显示", "表明"), book.end())


# what a present points back to (目前这40户, 至目前,这两个基地, 目前这些项目)
RE_THESE_AFTER = re.compile(r"[，,]?这(?:些|[\d两一二三四五六七八九十百千]+)")
# a count of years so far, two or more (5年来, 三年来; not 一年来, the year a review is of, nor 近年来)
RE_YEARS_SO_FAR = re.compile(r"(?:[二两三四五六七八九十]|\d{1,2})年来")
RE_OPENER = re.compile(r"(?:但是|但|而|不过|在|整个)+")
# a paper's dateline opening its first sentence (本报台儿庄讯, 本报讯（记者 王明）)
RE_DATELINE_LEAD = re.compile(r"本报[^\s，,。；;]{0,10}?讯\s*(?:[（(][^）)]{0,30}[）)])?\s*")


# what ends the clause before the places listed before 分别 (not a thousands separator: 香港(582,025人次)及日本
# (35,623人次)旅客分别减少2.7%及12.1%)
RE_LIST_CLAUSE_END = re.compile(r"[，。；;：:！？!?“”「」]|,(?!\d{3}(?!\d))")
RE_BRACKET = re.compile(r"[（()）]")


def _list_start(text: str, f: int) -> int:
    """The start of the clause that lists the places before 分别 at ``f``: after its last clause mark outside
    brackets (湘中(娄底,邵阳,湘潭)、湘南(衡阳,郴州,永州)地区…分别为: a bracketed aside does not end it)."""
    ends = [m.end() for m in RE_LIST_CLAUSE_END.finditer(text, 0, f)]
    if not ends:
        return 0
    if RE_BRACKET.search(text, ends[0] - 1, f) is None:
        return ends[-1]
    depth, inside = 0, [False] * (f + 1)
    for i in range(f):
        depth += text[i] in "（("
        inside[i] = depth > 0
        depth = max(0, depth - (text[i] in "）)"))
    return next((e for e in reversed(ends) if not inside[e - 1]), 0)
RE_GROWTH_WORD = re.compile(r"增速|增幅|增长|涨幅|上涨|跑赢")


RE_NOT_RANKED_BETWEEN = re.compile(r"[；;]|占|比重|率")


def _ranked_places(scan: str, rows: list[tuple[Quantity, dict]], ms: list[regions.Mention]) -> None:
    """洋浦以增速14.2%位列第一，临高县12.2%、东方市11.6%紧随其后: a bare percent right after a place, after a
    change of the sentence in percent, is the same measure of another place: a change too."""
    ends = {m.end for m in ms}
    for i, (q, _) in enumerate(rows):
        if q.direction is not None or q.unit_norm != "%" or q.start not in ends:
            continue
        prev = next((p for p, _ in reversed(rows[:i]) if p.unit_norm == "%"), None)
        if prev is not None and prev.direction and not RE_NOT_RANKED_BETWEEN.search(scan, prev.end, q.start):
            q.direction = prev.direction


def _ranked_direction(scan: str, q: Quantity, rows: list[tuple[Quantity, dict]], state: State) -> str | None:
    """The direction of a figure attached to a place in a ranking or comparison (江西（6.9%）,
    高于全国4.3%的平均水平): that of the figure it is ranked with, else up where the sentence speaks of growth,
    down where it ranks falls (兰州(-0.47%)跌幅居首, 其次是成都(-0.46%): a fall's signed rate)."""
    if q.unit_norm not in ("%", "个百分点"):
        return None
    for prev, _ in reversed(rows):
        if prev.unit_norm == q.unit_norm and prev.direction:
            return prev.direction
    if q.value < 0 and RE_FALL_WORD.search(scan) and not RE_GROWTH_WORD.search(scan):
        return "down"
    return "up" if RE_GROWTH_WORD.search(scan) or state.rate_topic else None


RE_FALL_WORD = re.compile(r"跌幅|降幅|下跌|下降|回落|减幅")


# a breakdown that opens a sentence (从增速看，…, 从各市财政收入增速来看，…, 分地区看，…) and whether it reads rates
RE_BREAKDOWN_TOPIC = re.compile(r"^(?:[^，,。；;]{0,6}?[，,])?(?:从|分)[^，,。；;]{1,16}?(?:来)?看[，,：:]")
RE_RATE_TOPIC = re.compile(r"增速|增幅|增长率|涨幅|速度")
RE_RANKED_AFTER = re.compile(r"[，,]?(?:位居|位列|排名|排在|居|列)")


# (or a start from which it runs: 从2015年1月1日起，…由3000元提高到3500元 is from that day on, no move's start)
RE_SPAN_WORD = re.compile(r"[到至—–~～－-]|起$")
# a period's own value said after the period in force (，7月的涨幅为1.1%, 而10月份为…)
RE_BACK_VALUE_AFTER = re.compile(r"的?(?:涨幅|增幅|增速|跌幅|降幅|读数|数值)?为")
# a streak a period frames (今年以来连续4个月保持在54%以上, 从2010年以来连续16个月中): not the period of what follows
RE_STREAK_AFTER = re.compile(r"[，,]?(?:已经?|已)?连续(?:第)?[\d一二两三四五六七八九十]{1,3}个?(?:月|年|季度|周)")
RE_FIGURE = re.compile(r"\d+(?:[.．]\d+)?")
# a list of places opened by one of these names partners (对欧盟、美国和东盟的进出口额, 从江苏、浙江引进)
PARTNER_BEFORE = frozenset("对向自从同")
RE_LIST_GAP = re.compile(r"(?:[（(][^（）()]{0,30}[）)])?[、和及与]")


def _inside_aside(text: str, m: regions.Mention) -> bool:
    return any(s < m.start and m.end < e for s, e in places._asides(text))


RE_YEAR_SPAN = re.compile(r"(\d{4})年?[~～\-－—–至到](\d{4})年")
RE_YEAR_PAIR = re.compile(r"(\d{4})年?(?:和|与|及|、)(\d{4})年(同期)?")
# a move from one figure to another (由2014年的15.5万人减少到2019年底的4340人, 由34.4%降到0.95%): where it starts,
# perhaps dated, and the words to where it ends
RE_MOVE_FROM_BEFORE = re.compile(r"(?:由|从)(?P<p>\d{4}年[^，,。；;\d]{0,3}的)?$")
RE_MOVE_TO_GAP = re.compile(r"[^，,。；;\d]{0,6}?(?:到|至)了?(?P<p>\d{4}年[^，,。；;\d]{0,3}的)?")


def _parallel_moves(text: str, rows: list[tuple[Quantity, dict]]) -> None:
    """贫困人口由2014年的15.5万人减少到2019年底的4340人，贫困发生率由34.4%降到0.95%: a move that dates neither end,
    after one that dates both, is over the same span (its start the first's start period, its end the first's end).

    >>> from transforms.extract.scan import quantities
    >>> t = "贫困人口由2014年的15.5万人减少到2019年底的4340人，贫困发生率由34.4%降到0.95%"
    >>> rows = [(q, {"period": "2019年底"}) for q in quantities(t)]
    >>> rows[0][1]["period"] = "2014年"
    >>> _parallel_moves(t, rows)
    >>> [(q.value, ctx["period"]) for q, ctx in rows]
    [(15.5, '2014年'), (4340.0, '2019年底'), (34.4, '2014年'), (0.95, '2019年底')]
    """
    span = None
    for (q1, c1), (q2, c2) in pairwise(rows):
        if (start := RE_MOVE_FROM_BEFORE.search(text, max(0, q1.start - 12), q1.start)) is None \
                or (gap := RE_MOVE_TO_GAP.fullmatch(text, q1.end, q2.start)) is None:
            continue
        if start.group("p") and gap.group("p"):
            span = (c1["period"], c2["period"])
        elif span is not None and not start.group("p") and not gap.group("p"):
            c1["period"], c2["period"] = span


def _respectively(text: str, rows: list[tuple[Quantity, dict]], pers: list[tuple[int, int, str]],
                  state: State) -> None:
    """南京、无锡、常州分别增长6.5%、7.8%和8.2%: the i-th listed place takes the i-th number; 衣着、医疗保健价格
    分别上涨1.6%和0.4%: the i-th listed indicator does (the shared head noun, 价格, given to each); 分别于2021年一季度末
    与2021年年末突破9万亿元和10万亿元 (or 2020年和2021年净利分别为…): the i-th listed period does."""
    start = 0
    while (f := text.find("分别", start)) >= 0:
        start = f + 2
        after = [(q, ctx) for q, ctx in rows if q.start > f]
        series = after[:1]
        for q, ctx in after[1:]:
            if not RE_CONNECTOR.fullmatch(text[series[-1][0].end:q.start]):
                break
            series.append((q, ctx))
        if len(series) < 2:
            continue
        listed = [p for p in pers if f < p[0] < series[0][0].start]
        if len(listed) != len(series):
            # 2020年上半年和2021年上半年净利分别亏损13.66亿元和14.55亿元: the periods listed before 分别
            listed = [p for p in pers if clause_start(text, f) <= p[0] and p[1] <= f]
        if not listed and not any(q.start < clause_start(text, f) for q, _ in rows):
            # 10月和11月，北京新增入市新房项目分别达到4919套和7335套: the periods a lead clause lists
            listed = [p for p in pers if p[1] <= clause_start(text, f)]
        if len(listed) == len(series) and all(RE_CONNECTOR.fullmatch(text[a[1]:b[0]])
                                              for a, b in pairwise(listed)):
            for (_, ctx), p in zip(series, listed, strict=True):
                ctx["period"] = p[2]
        years = _span_years(text, f, len(series))
        if years is None and not listed and state.span_years is not None and len(state.span_years) == len(series):
            years = state.span_years  # (…；分别完成工业开票销售506亿元、639.4亿元、785亿元: the span before ；)
        if years is not None:
            # 2017年~2021年GDP总值分别为191.2亿元、208.9亿元…: the i-th number is of the i-th year
            for (_, ctx), year in zip(series, years, strict=True):
                ctx["period"] = year
            state.span_years = years
        elif (pair := RE_YEAR_PAIR.search(text, clause_start(text, f), f)) is not None and len(series) == 2:
            # （2015和2016年同期增速分别为3.3%、0.5%）: each listed year its figure
            for (_, ctx), y in zip(series, (pair.group(1), pair.group(2)), strict=True):
                ctx["period"] = f"{y}年{pair.group(3) or ''}"
        cs = _list_start(text, f)
        chain, base = _place_list(text, cs, f), cs
        if len(chain) != len(series) and cs > 0:
            # 分别是常州、盐城、惠州，各基地的产能分别为7GWh、10GWh、10GWh: the list a clause before gave (no figure
            # between but one the listed places share: 枣庄、潍坊…进出口增速高于30%，分别达到133.1%、57.1%…)
            earlier = _place_list(text, 0, cs)
            # (成都、天津…沈阳7个城市，…分别为…: the count closing the list is none of its figures)
            closed = RE_LIST_CLOSED.match(text, earlier[-1].end) if earlier else None
            between = len(RE_FIGURE.findall(text, closed.end() if closed else earlier[-1].end, f)) if earlier else 0
            # (东、中、西部地区业务量比重分别为79.9%、12.8%和7.3%，业务收入比重分别为…: a second series of the list)
            if earlier and (between <= 1 or (between == len(earlier) and "分别" in text[earlier[-1].end:cs])):
                chain, base = earlier, 0
            elif earlier and between == len(earlier) == len(series) and len(
                    firsts := [(q, ctx) for q, ctx in rows if earlier[-1].end <= q.start < cs]) == len(earlier) \
                    and all(RE_CONNECTOR.fullmatch(text[a[0].end:b[0].start]) for a, b in pairwise(firsts)):
                # (鄞州区、慈溪市和余姚市发生火灾1074起、923起和553起，分别占总数21.7%…: the list's own figures, in
                # turn though no 分别 says so, then the series 分别 gives)
                for (_, ctx), m in zip(firsts, earlier, strict=True):
                    ctx["region"] = m
                chain, base = earlier, 0
        lead_char = text[base + chain[0].start - 1:base + chain[0].start] if chain else ""
        if chain and (lead_char in PARTNER_BEFORE or (
                lead_char == "在" and places.abroad_at_home(state) and all(regions.is_foreign(m) for m in chain))):
            # 宁波对欧盟、美国和东盟的进出口额分别为…: trade partners, not the subjects; 在亚洲和非洲新签合同额分别为…
            # of a province's firms: where they work
            chain = []
        if not chain and state.span_places is not None and len(state.span_places) == len(series) \
                and not regions.mentions(text[:f]) and len(metrics.listed(series[0][0].metric)) != len(series):
            # (…；快递业务收入比重分别为10.63%、4.85%…: the list before ；, not 二线城市和三线城市…分别下降…: a list of
            # its own)
            chain = state.span_places
        if len(chain) == len(series):
            state.span_places = chain
            for (_, ctx), m in zip(series, chain, strict=True):
                ctx["region"] = m
            for (_, ctx), m in zip(_next_series(text, after, series), chain, strict=False):
                ctx["region"] = m
            continue
        items = metrics.listed(series[0][0].metric)
        if len(items) == len(series):
            for (q, _), item in zip(series, items, strict=True):
                q.metric = item


RE_LIST_CLOSED = re.compile(r"(?:等)?[两二三四五六七八九十\d]{1,2}个?(?:城市|[市县区州省]|省份|地区|国家)")
RE_MOVED_BETWEEN = re.compile(rf"[^，,。；;\d%％]{{0,6}}?(?:转为|升至|降至|提高到|提高至|增至|减至|到|至)"
                              rf"(?:{context.UP}|{context.DOWN})?")


# a clause that goes on with the same list's figures: no place, no figure and no 分别 of its own before them
RE_CONTINUED_BETWEEN = re.compile(r"[，,][^，,。；;：:\d%％分]{0,12}")


def _next_series(text: str, after: list[tuple[Quantity, dict]],
                 series: list[tuple[Quantity, dict]]) -> list[tuple[Quantity, dict]]:
    """The rows of a second series as long as ``series`` that goes with the same list, else none: one it moved to
    (宁夏、内蒙古分别由下降11.8%和17.3%转为增长26%和2.8%), or the next clause's when that clause names no place of its
    own (中部6省和西部12省区…分别为323.88亿元和88.97亿元，同比增长为27.72%和27.54%)."""
    rest = after[len(series):len(series) * 2]
    if len(rest) != len(series) \
            or not all(RE_CONNECTOR.fullmatch(text[a[0].end:b[0].start]) for a, b in pairwise(rest)):
        return []
    gap_start, gap_end = series[-1][0].end, rest[0][0].start
    if RE_MOVED_BETWEEN.fullmatch(text, gap_start, gap_end) or (
            RE_CONTINUED_BETWEEN.fullmatch(text, gap_start, gap_end) and not regions.mentions(text[gap_start:gap_end])):
        return rest
    return []


def _slashed_years(text: str, rows: list[tuple[Quantity, dict]]) -> None:
    """预计2022-2024年归母净利润24.3/27.5/33.9亿元: an analyst's figures for a span of years, one per year, in turn."""
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and text[rows[j][0].end:rows[j + 1][0].start] in ("/", "／"):
            j += 1
        if j > i and (years := _span_years(text, rows[i][0].start, j - i + 1)) is not None:
            for (_, ctx), year in zip(rows[i:j + 1], years, strict=True):
                ctx["period"] = year
        i = j + 1


def _span_years(text: str, end: int, n: int) -> list[str] | None:
    """The years of the last span written before ``end`` (2022-2024年 → 2022年, 2023年, 2024年) when there are ``n``
    of them, else None."""
    span = next(reversed(list(RE_YEAR_SPAN.finditer(text, 0, end))), None)
    if span is None or int(span.group(2)) - int(span.group(1)) + 1 != n:
        return None
    return [f"{int(span.group(1)) + k}年" for k in range(n)]


RE_PLACE_YARDSTICK_BEFORE = re.compile(r"(?:占|比|较|[高低快慢]于|超过)$")


# the rest of a listed item a place opens (安吉上港、长兴捷通、湖州鑫达…分别完成: each firm or port its place's)
RE_LED_ITEM_GAP = re.compile(r"[^、，,。；;：:\d%％（）()和及与]{1,6}[、和及与]")


def _place_list(text: str, cs: int, f: int) -> list[regions.Mention]:
    """The places listed right before 分别 at ``f`` (in the clause from ``cs``), in order (not the yardstick
    after them: 界首市、颍上县、太和县…占阜阳市比重…，占比分别为20.5%、20.0%、16.6%)."""
    clause = text[cs:f]
    places = [m for m in regions.mentions(clause) if not _inside_aside(clause, m)
              and not RE_PLACE_YARDSTICK_BEFORE.search(clause, max(0, m.start - 2), m.start)]
    if len(places) < 2:
        return []
    chain = [places[-1]]
    for m in reversed(places[:-1]):
        gap = clause[m.end:chain[0].start]
        if RE_LIST_GAP.fullmatch(gap) or RE_LED_ITEM_GAP.fullmatch(gap):
            chain.insert(0, m)
        else:
            break
    return chain if len(chain) >= 2 else []


def _package():
    """``transforms.extract``, read at call time: its version is the one in force (tests change it)."""
    return importlib.import_module(__package__)


def indicator_id(doc_id: str, article_index: int, sentence_index: int, span_start: int,
                 version: str | None = None) -> str:
    """Stable id: same document, position and extractor version give the same id."""
    key = f"{doc_id}:{article_index}:{sentence_index}:{span_start}:{version or _package().EXTRACTOR_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _row(doc_id, source, a, s, title, text, scan, q: Quantity, ctx: dict, version: str,
         back: dict[int, str] | None = None) -> dict:
    """The published row; ``scan`` is ``text`` as the rules read it (folded to simplified characters): what the
    row quotes of the sentence (metric, unit, qualifier, period) is cut from ``text`` as written (or written back with
    ``back``, the document's own characters, when the rules put it together)."""
    return {
        "indicator_id": indicator_id(doc_id, a, s, q.start, version),
        "doc_id": doc_id, "source": source, "article_index": a, "sentence_index": s,
        "article_title": title, "sentence": text, "span_start": q.start, "span_end": q.end,
        "metric": script.verbatim(q.metric, scan, text, q.start, back), "region": _region_name(ctx["region"]),
        "region_code": regions.code_of(ctx["region"]) if ctx["region"] is not None else None,
        "value": q.value, "unit": script.verbatim(q.unit, scan, text, q.end, back),
        "value_norm": q.value_norm, "unit_norm": q.unit_norm,
        "qualifier": script.verbatim(q.qualifier, scan, text, q.end, back),
        "direction": q.direction, "period": script.verbatim(ctx["period"], scan, text, q.start, back),
        "is_target": ctx["is_target"], "basis": q.basis, "extractor_version": version,
    }


def _region_name(m: regions.Mention | None) -> str | None:
    """The region as written, the whole country as 全国 (not 我国, 国内), a foreign one by its name (日经 → 日本),
    a body that stands for its place by the place's (主计总处 → 台湾省: a name that does not spell its place)."""
    if m is None:
        return None
    if regions.is_national(m):
        return regions.NATIONAL
    name = regions.full_name(m)
    return name if regions.is_foreign(m) or name[0] != m.text[0] else m.text


def indicators(sents: pl.DataFrame, published: dict[str, int] | None = None) -> pl.DataFrame:
    """One row per number-with-unit in ``sents`` (doc_id, source, article_index, article_title,
    paragraph_index, sentence_index, text); the title of each article is read as its first sentence.
    ``published``: the year each document (by doc_id) was published, where known."""
    cols = ["doc_id", "source", "article_index", "article_title", "sentence_index", "text"]
    frame = sents.select(
        *cols,
        pl.col("paragraph_index") if "paragraph_index" in sents.columns
        else pl.lit(0, pl.Int32).alias("paragraph_index"),
        pl.col("kind") if "kind" in sents.columns else pl.lit("article").alias("kind"),
        # jieba's words of each sentence (the segment stage's tokens), for word boundaries
        pl.col("tokens") if "tokens" in sents.columns else pl.lit(None, pl.List(pl.String)).alias("tokens"),
    ).sort("doc_id", "article_index", "sentence_index", maintain_order=True)
    package = _package()
    version = package.EXTRACTOR_VERSION
    rows: list[dict] = []
    article: list[tuple] = []
    published = published or {}
    for rec in frame.iter_rows():
        if article and (rec[0], rec[2]) != (article[0][0], article[0][2]):
            rows.extend(_article_rows(article, version, published.get(article[0][0])))
            article = []
        article.append(rec)
    if article:
        rows.extend(_article_rows(article, version, published.get(article[0][0])))
    return pl.DataFrame(rows, schema=package.INDICATOR_SCHEMA)


def _article_rows(article: list[tuple], version: str, now: int | None = None) -> list[dict]:
    """Rows of one article, its sentences in reading order, context carried from sentence to sentence."""
    doc_id, source, a, title = article[0][:4]
    body = [r for r in article if r[7] != "credit" and r[5]]
    title = title.strip() if title else None
    words = [r[8] if r[8] is not None else _words(r[5]) for r in body]
    title_words = _words(title) if title else None
    # the rules read simplified characters; a traditional sentence is read folded, quoted as written (_row)
    scans = [script.fold_marks(script.fold(r[5])) for r in body]
    title_scan = script.fold_marks(script.fold(title)) if title else None
    back = script.back_table([title_scan or "", *scans], [title or "", *(r[5] for r in body)])
    if any(ord(w) not in script.MARKS for w in back.values()):  # (an article in traditional characters: 本港 is HK)
        scans = [script.local_names(s) for s in scans]
        title_scan = script.local_names(title_scan) if title_scan else title_scan
    if now is None:  # (日前印发…行动计划(2023—2025年): the text speaks from the plan's first year, or later)
        now = context.issued_plan_year([title_scan or "", *scans[:3]])
    state = State(now=now)
    state.firm_names = places.listed_firms([title_scan or "", *scans])
    state.firm_profile = bool(title) and places.RE_FIRM_PROFILE_TITLE.fullmatch(title_scan) is not None
    state.home = places.home(blank_quotes(title_scan) if title else None, title_words,
                             [(blank_quotes(t), w) for t, w in zip(scans[:12], words, strict=False)], state,
                             quoted=[m.group() for t in [title_scan or "", *scans[:12]] for m in RE_QUOTED.finditer(t)],
                             rest=((blank_quotes(t), w) for t, w in zip(scans[12:], words[12:], strict=False)))
    state.orgs.clear()
    state.offices.clear()
    out: list[dict] = []
    # the year of publication, when known; else the year the text states most (今年 of a budget story that speaks
    # of 2021 throughout is 2021): what the headline's 去年 counts from too
    fallback = state.doc_year = now or context.document_year(scans)
    if title and (not body or body[0][5].strip() != title):
        for q, ctx in _sentence_rows(title_scan, title_words, True, False, state, title=True):
            out.append(_row(doc_id, source, a, -1, title, title, title_scan, q, ctx, version, back))
        state.title_period, state.period, state.target = state.period, None, False
        # (the year a headline writes out is the document's: 2019年…统计公报; not one it counted, 去年（2023年）)
        written = state.title_period and not RE_COUNTED_YEAR.match(state.title_period)
        state.doc_year = (context.year_of(state.title_period) if written else None) or fallback
    last_para, prev_text = None, ""
    speakers: dict[int, regions.Mention | None] = {}  # (an attribution read once for all the sentences of its quote)
    for i, ((_, _, _, _, s, written, para, _, _), text, w) in enumerate(zip(body, scans, words, strict=True)):
        para_start = para != last_para
        # (“…今年我家种植7亩党参收入10多万元。”临洮县连儿湾乡大湾村村民王天荣告诉记者。: a quote the sentence after
        # it gives to a villager is the village's, every sentence of it)
        state.speaker = None
        if (text.startswith("“") and not RE_QUOTED_TERM_OPENING.match(text)) or (state.quote_open and not para_start):
            close = next((j for j in range(i, len(body)) if body[j][6] != para or "”" in scans[j]), len(body))
            if close + 1 < len(body) and body[close][6] == para == body[close + 1][6]:
                if close not in speakers:
                    speakers[close] = places.speaker_village(scans[close + 1], state)
                state.speaker = speakers[close]
        if para_start and last_para is not None and prev_text.rstrip().endswith(("：", ":")) and state.target:
            state.list_target = True
        ends_colon = text.rstrip().endswith(("：", ":"))
        for q, ctx in _sentence_rows(text, w, para_start, ends_colon, state):
            out.append(_row(doc_id, source, a, s, title, written, text, q, ctx, version, back))
        last_para, prev_text = para, text
    return out


def _words(text: str) -> list[str]:
    from transforms import segment  # jieba loads only where words are needed, not with EXTRACTOR_VERSION

    return segment.words(text)
