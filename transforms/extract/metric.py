"""What a figure measures: the noun after a count, else the head of the clause before the number."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from transforms import context, regions, units
from transforms.rx import guarded
from transforms.units import COUNT_UNITS

RE_METRIC_LEAD = re.compile(  # (2020年的固定资产投资: the period's own)
    rf"^(?:(?:{context.RE_PERIOD.pattern})的?|其中|同时|此外|另外|全县|全区|全市|全省|全国|当地|我国|本市|我市|"
    r"共计|共|累计|目前|现有|已|需要|需|实现|完成|达到|据统计|仅|就|还|也|并|然而|而|又|除了|在|有(?![效色机线关限])|是|为|但|且|"
    # (a count of the firms a figure is each one's: 10家经纪收入破50亿)
    r"尽管|虽然|因此|那么|因为|所以|而且|分别|\d+家|[一二三四五六七八九十]是|首先|其次|"
    # (periods listed: 2020年上半年和2021年上半年净利分别…)
    r"其(?![他余])|[和与及、](?=\d{4}年|\d{1,2}月|[一二三四]季度|[上下]半年))+"
)
RE_METRIC_TAIL = re.compile(
    rf"(?:{context.UP}|{context.DOWN}|同比|环比|达到|达|为|是|录得|突破|超过|超|逾|接近|将近|近|大约|{context.NOT_ABOUT}|共|累计|有|分别|平均|均|(?<![首成])都|"
    r"了|的|占|实现|完成|年均|以|比上年|比去年同期|比去年|较上年|较|只有|只|仅|将|拟将|拟|预计|确定在|在|迈过|(?<![需主])要|"
    r"提高至|提升至|增至|降至|至|扩大到|达到了|大幅|小幅|明显|一度|也|增率|猛|骤|暴|(?<!自)由|从|转为|领|人民币|不超过|不低于|不少于|不高于|转|破|站上|迈上|跨上|登上|有望|"
    r"(?<![供效响反适对相呼感])应(?:该|当)?|(?<=[速率重幅])[高低快慢]于?)+$"
)
# years a rate is compared across (2015和2016年同期增速): not part of what is measured
RE_YEARS_LEAD = re.compile(r"^\d{4}年?(?:和|、|与|至|-)\d{4}年(?:同期)?|^同期")
# the basis a figure is counted on (按可比价格计算, 扣除留抵退税因素后): part of what is measured, after its indicator
RE_FRAME = re.compile(r"按(?:自然口径|可比价格|可比口径|现价|不变价格?)计算|扣除[^，,。；;\d]{1,10}?因素(?:后|影响)?")
# what names no quantity of its own: an adverb before the verb (大跌, 明显加快, 首次突破), a comparison or an anaphor
# (与去年同期相比, 这一数量): the figure measures the indicator named before it
RE_VOID = re.compile(r"(?:再次|首次|继续|进一步|明显|大幅|小幅|大|暴|也|则|又|仍|还|可能|最终|即|后|多|少|高|低|"
                     r"以目前|约合|"
                     r"(?:与|和|同)(?:去年|上年|上月|\d{4}年)?同期相比|对应[^，,。；;]{0,8}的数据|"
                     r"(?:该[行市县区省]|该公司)?(?:这一|该|此)(?:数量|指标|数字|比例|数据|比重|数值|项))+|[\d.]+%")
# a remark on a listed place's scope (福州（不含平潭）、龙岩…): the place's, not the indicator's
RE_LISTED_REMARK = re.compile(r"（(?:不含|含|不包括|包括)[^（）]{1,8}）(?=[、和及与])")
# the change on the way to the level (指数领降5.3点至108.7点)
RE_CHANGE_BY_END = re.compile(rf"(?:领|小幅|大幅)?(?:{context.UP}|{context.DOWN})[\d.]+[^\d，,。；;至到]{{0,4}}$")
# the level a change started from, before the verb (返还比例由30%提至, 收入从去年的1.46亿美元增长至)
# (and the change after it: 由10月份经修订后的114.1点降3.6点至)
RE_FROM_VALUE = re.compile(r"(?:由|从|(?<!来)自)(?:[^由从自，,。；;]{0,10}?的|[^由从自，,。；;\d]{0,6})?"
                           r"\d[^由从自，,。；;]{0,12}$")
RE_NOUN_AFTER = re.compile(r"[^\s，,。；;：:、（）()“”〈〉和及与]{1,16}")
# (降3.6点至110.5点; 生猪35万头的目标: what the count is set as, not what it counts)
RE_NOT_A_NOUN = re.compile(rf"{context.UP}|{context.DOWN}|以上|左右|，|[至到]|的")


def metric(scan: str, end: int, unit: str, before: str) -> str | None:
    """What is measured by the number-with-``unit`` ending at ``end``: the noun after a count
    (6080个智能化改造项目), else the clause head ``before`` it, else a rate named after it (2.5%的增速)."""
    if units.split_unit(unit)[1] in COUNT_UNITS:
        after = RE_NOUN_AFTER.match(scan, end)
        if after and not RE_NOT_A_NOUN.match(after.group()):
            noun = after.group()
            if (dated := context.RE_PERIOD.search(noun)) is not None and dated.start() >= 2:
                noun = noun[:dated.start()]  # 140家证券公司2022年上半年度实现…: the noun ends where a period starts
            return noun.rstrip("的")
    head = RE_METRIC_LEAD.sub("", context.RE_BASIS.sub("", RE_LISTED_REMARK.sub("", before)))
    head = RE_METRIC_LEAD.sub("", RE_YEARS_LEAD.sub("", head))
    head = RE_METRIC_TAIL.sub("", head)
    if head and head[-1] in PERIOD_LAST and (dated := RE_PERIOD_END.search(head)) is not None:
        # 储能装机2018年超过…: the period after the indicator is not part of it, nor the words that make it a base
        # (进出口较上半年, 失业率低于2021年的, 增速从2020年10月的)
        head = RE_METRIC_TAIL.sub("", RE_BASE_TAIL.sub("", head[:dated.start()]))
    if (start := RE_FROM_VALUE.search(head) or RE_CHANGE_BY_END.search(head)) is not None:
        head = RE_METRIC_TAIL.sub("", head[:start.start()])  # 返还比例由30%提至50%: where it started from is no part
    # (the lead once more past a place: 中国2020年的固定资产投资)
    head = RE_METRIC_LEAD.sub("", _metric_words(head.strip("的 □")))
    if RE_VOID.fullmatch(head):
        head = ""
    if not head:
        rate = RE_RATE_AFTER.match(scan, end)
        return rate.group(1) if rate else None
    return head


PERIOD_LAST = frozenset("年月度日末底初间来期")
RE_BASE_TAIL = re.compile(r"(?:较|比|相比于?|相较于?|对比|低于|高于|快于|慢于|相当于|几乎是|是|在|从|由|(?<!来)自|到|"
                          r"提高到|继|有望在|将在|分别|的|已)+$")
RE_PERIOD_END = guarded(re.compile(rf"(?:{context.PERIOD_PATTERN})$"))
RE_RATE_AFTER = re.compile(r"(?:左右|以上)?的(增速|增幅|涨幅|降幅|增长率|比重|占比)")
# what a phrase says about an indicator named before it: its rate, share, pull, comparison, a breakdown
RE_ASPECT = re.compile(r"^(?:增速|增幅|涨幅|降幅|跌幅|增长率|增长|比重|占比|占|拉动|影响|贡献率|贡献|两年平均|年均|"
                       r"名义|实际|同比|环比|比|较|高于|低于|高出|低出|快于|慢于|现价|可比价|总量|增量|规模(?!以上)|平均|累计)")
BREAKDOWNS = frozenset({"城市", "农村", "城镇", "乡村", "城市居民", "农村居民", "城镇居民", "东部", "中部", "西部",
                        "东北", "东部地区", "中部地区", "西部地区", "东北地区", "男性", "女性"})


# the last word of an indicator's name: what a phrase must end with to be an indicator others are aspects of
RE_INDICATOR_END = re.compile(r"(?:额|值|量|价格|价|收入|支出|投资|产量|总额|指数|利润|消费|进出口|出口|进口|面积|人数|"
                              r"数量|规模|总量|GDP|CPI|PPI|增加值|产值|营收|税收|存款|贷款|余额|人口|客流|产能|销量|"
                              r"均价|成本|效益|到资|外资|外贸|用量|装机|就业|工资|储备)(?:（[^（）]{1,10}）)?$")


RE_INDICATOR_WORD = re.compile(RE_INDICATOR_END.pattern.removesuffix("$"))


def named_in(clause: str) -> str | None:
    """The indicator a clause with no figure of its own names (苏州一季度规模以上工业总产值突破万亿 →
    规模以上工业总产值, 制造业投资同比延续两位数增长 → 制造业投资): what the figures of the clauses after it measure."""
    ends = [m.end() for m in RE_INDICATOR_WORD.finditer(clause)]
    if not ends:
        return None
    phrase = RE_METRIC_LEAD.sub("", _metric_words(RE_METRIC_LEAD.sub("", clause[:ends[-1]]).strip("的 □")))
    from transforms import catalogue  # (the catalogue's matcher cuts words with jieba: loaded where metrics are)

    # only an indicator of the catalogue: a series named surely, not a fragment of a longer clause
    return phrase if is_indicator(phrase) and catalogue.match(phrase) is not None else None


def is_indicator(phrase: str | None) -> bool:
    """Whether a phrase names an indicator (社会消费品零售总额, 食品价格), so later aspects may refer to it."""
    return bool(phrase) and not is_aspect(phrase) and RE_INDICATOR_END.search(phrase) is not None


def is_aspect(phrase: str | None) -> bool:
    """Whether a metric phrase only says something about an indicator named elsewhere (增速比上月回落,
    占外贸比重, 城市 under 居民消费价格, 按自然口径计算), not the indicator itself."""
    return (not phrase or phrase in BREAKDOWNS or RE_ASPECT.match(phrase) is not None
            or RE_FRAME.fullmatch(phrase) is not None)


MONEY_UNITS = frozenset({"元", "美元", "港元", "欧元", "日元", "英镑", "韩元", "澳元", "美分"})
# units a change or a ratio of any indicator is stated in
RATIO_UNITS = frozenset({"%", "‰", "个百分点", "成", "倍"})


def same_kind(unit: str | None, base_unit: str | None) -> bool:
    """Whether a figure in ``unit`` with no phrase of its own may measure the indicator last named, whose figure
    was in ``base_unit``: a change or ratio measures anything, an amount only what is counted in its unit
    (常住人口增长24.5万人 after 规模以上工业增加值 measures no value added).

    >>> same_kind("%", "元"), same_kind("元", "元"), same_kind("人", "元"), same_kind("人", None), same_kind("人", "%")
    (True, True, False, True, True)
    """
    return (unit in RATIO_UNITS or base_unit is None or base_unit in RATIO_UNITS or unit == base_unit
            or (unit in MONEY_UNITS and base_unit in MONEY_UNITS))  # (投资114亿美元，约合人民币736亿元)


RE_ASPECT_TAIL = re.compile(r"(?:增速|增幅|涨幅|降幅|增长率|比重|占比)$|(?:比|较)[^，,]{1,10}$")


def base(phrase: str | None) -> str | None:
    """The indicator a metric phrase names, without a rate or comparison at its end (规模以上工业增加值增速 →
    规模以上工业增加值): what later aspects (增速比上月回落) are of.

    >>> base("规模以上工业增加值增速"), base("社会消费品零售总额")
    ('规模以上工业增加值', '社会消费品零售总额')
    """
    if not phrase:
        return phrase
    return RE_ASPECT_TAIL.sub("", phrase) or phrase


def composed(phrase: str | None, base: str | None) -> str | None:
    """The metric of a figure whose phrase is an aspect (see :func:`is_aspect`) of the indicator ``base``.

    >>> composed("增速比1-3月回落", "规模以上工业增加值"), composed("城市", "居民消费价格")
    ('规模以上工业增加值增速比1-3月回落', '居民消费价格（城市）')
    >>> composed("新能源汽车产量", "地区生产总值"), composed(None, "地区生产总值")
    ('新能源汽车产量', '地区生产总值')
    >>> composed("按自然口径计算", "一般公共预算收入")
    '一般公共预算收入（按自然口径计算）'
    """
    if not base or not is_aspect(phrase):
        return phrase
    if not phrase:
        return base
    if phrase in BREAKDOWNS or RE_FRAME.fullmatch(phrase):
        return f"{base}（{phrase}）"
    return base + phrase


# words that open a clause before what it measures (四川省实现地区生产总值 → 地区生产总值)
# (and the adverbs after a place: 靖西就接待…, 全县也完成…)
METRIC_LEAD_WORDS = frozenset({"实现", "完成", "累计", "共计", "共", "全年", "合计", "总计",
                               "就", "仅", "也", "还", "已", "又", "再"})


@lru_cache(maxsize=16384)  # indicator names repeat from sentence to sentence and document to document
def _metric_words(head: str) -> str:
    """Drop a leading place name and clause-opening verbs, at jieba word boundaries (the user dictionary
    keeps indicator names such as 地区生产总值 and every region name whole)."""
    from transforms import segment  # jieba loads only where metrics are computed, not with EXTRACTOR_VERSION

    words = segment.words(head)
    if not words:
        return head
    if all(_place_word(w) or w in LIST_WORDS for w in words):
        return ""  # 广东以…, 湖北、安徽和上海分别以…: places only, the indicator is named elsewhere
    from transforms.extract.places import RE_BRAND_AFTER

    i = 0
    while i < len(words) - 1 and (words[i] in METRIC_LEAD_WORDS or _place_word(words[i])):
        if _place_word(words[i]) and RE_BRAND_AFTER.match("".join(words[i + 1:i + 3])):
            break  # 宁德时代的装车量: the place opens a firm's name, which stays
        i += 1
    if words[i] in LIST_WORDS:  # 成都、绵阳、宜宾地区生产总值: the places are a list, keep the phrase whole
        return head
    while i < len(words) - 1 and words[i] == "的":  # 福州的增速
        i += 1
    return "".join(words[i:])


LIST_WORDS = frozenset({"、", "和", "及", "与", "以及"})


# a market named by its side of the border: part of what is measured (国内旅游收入 is a series of its own)
SCOPE_WORDS = frozenset({"国内", "境内", "国外", "境外", "海外"})


def _place_word(word: str) -> bool:
    """A place's name as jieba cuts it, alone or with an area word (北京地区, 深圳境内); not a side of the border
    (国内旅游收入)."""
    if word in SCOPE_WORDS:
        return False
    return regions.is_name(word) or (word.endswith(("地区", "境内")) and regions.is_name(word[:-2]))


# words between a clause's subject and its verb: 今年全县计划调减…, 全省每年增加…
MODAL_WORDS = frozenset({"计划", "拟", "将", "要", "力争", "预计", "继续", "进一步", "共", "累计", "再", "每年",
                         "年均"})
# verbs that open a clause and govern its figures: 调减玉米种植面积3.2万亩、水稻1.1万亩 (新增 counts: a level;
# 净增单位30031家 is a net change)
CHANGE_VERBS = {"增加": "up", "调增": "up", "扩大": "up", "提高": "up", "提升": "up", "增长": "up", "上调": "up",
                "净增": "up", "减少": "down", "调减": "down", "压减": "down", "缩减": "down", "削减": "down",
                "降低": "down", "下调": "down", "净减": "down"}


@lru_cache(maxsize=16384)
def leading_verb(clause: str) -> str | None:
    """``up``/``down`` when the clause before a number opens with a change verb and its object
    (全县调减玉米种植面积…), at jieba word boundaries (增加值 is a noun, not 增加)."""
    from transforms import segment

    head = RE_METRIC_LEAD_PLACE.sub("", clause)
    if (decided := RE_DECIDED.search(head, 0, 16)) is not None and decided.start() <= 6:
        head = head[decided.end():]  # 央行决定于12月15日下调…: the verb after the decision
    if not head:
        return None
    words = segment.words(head)
    i = 0
    while i < len(words) and (regions.is_name(words[i]) or words[i] in MODAL_WORDS):
        i += 1
    if i + 1 >= len(words) or words[i + 1] in NOUN_ENDINGS:  # (the verb alone is direction_before's)
        return None
    if words[i + 1] in LEVEL_REACHED:  # (…，提升到现在99.9%左右: the level reached, not the change)
        return None
    return CHANGE_VERBS.get(words[i])


LEVEL_REACHED = frozenset({"到", "至", "到了"})
# a verb then one of these is a noun (增长面为56.8%: the share of industries that grew, a level; 增长贡献度达到
# 79.72%: a share of the growth)
NOUN_ENDINGS = frozenset({"面", "率", "极", "点", "贡献", "贡献度", "贡献率"})


# a decision and its date before the verb (央行决定于12月15日下调…)
RE_DECIDED = re.compile(rf"(?:决定|宣布)(?:于?(?:{context.RE_PERIOD.pattern}))?")
RE_METRIC_LEAD_PLACE = re.compile(rf"^(?:(?:{context.RE_PERIOD.pattern})|其中|同时|此外|另外|全县|全区|全市|全省|"
                                  r"全国|当地|我国|共|累计|，|,)+")


# a lead that names the indicator the clauses after it are about: 从GDP总量来看，…; 分行业看，… names none
RE_TOPIC = re.compile(r"(?:^|[，,。；;])(?:从|就)([^，,。；;从]{2,16}?)(?:来看|看|方面)[，,]")


def topic(sentence: str) -> str | None:
    """The indicator a topic lead names (``从GDP同比增速来看，`` → ``GDP同比增速``), when it names one."""
    m = RE_TOPIC.search(sentence)
    if m is None:
        return None
    phrase = m.group(1)
    return phrase if RE_INDICATOR_END.search(base(phrase)) else None


# (中信证券、国泰君安分别实现营业收入: what the items did is said once for all)
RE_RESPECTIVELY = re.compile(r"^分别(?:实现|完成|达到|为)?")
RE_LIST_SPLIT = re.compile(r"、|和(?=[^、和]*$)")


def listed(phrase: str | None) -> list[str]:
    """The indicators a phrase lists, each item that names no indicator of its own given the last item's
    head (``衣着、医疗保健价格`` → ``衣着价格``, ``医疗保健价格``); [] when the phrase lists none.

    >>> listed("衣着、医疗保健价格"), listed("外贸进出口、出口、进口"), listed("居民消费价格")
    (['衣着价格', '医疗保健价格'], ['外贸进出口', '出口', '进口'], [])
    >>> listed("城镇、农村居民人均可支配收入")
    ['城镇居民人均可支配收入', '农村居民人均可支配收入']
    >>> listed("甲公司、乙公司净利润")
    ['甲公司净利润', '乙公司净利润']
    """
    if not phrase or ("、" not in phrase and "和" not in phrase):
        return []
    items = [i for i in RE_LIST_SPLIT.split(phrase) if i]
    if len(items) < 2:
        return []
    from transforms import segment

    words = segment.words(items[-1])
    # the last item less its own modifier: the words about as long as the first item (医疗保健 for 衣着, 纳微科技 for
    # 振华新材, 乙公司 for 甲公司), or (one word in the dictionary, 农村居民人均可支配收入) as many characters as the
    # first item has (城镇)
    ends = list(accumulate(len(w) for w in words[:-1]))
    cut = min(ends, key=lambda e: (abs(e - len(items[0])), e)) if ends else len(items[0])
    head = RE_RESPECTIVELY.sub("", items[-1][cut:])
    if head:
        last = items[-1][:cut] + head  # (国泰君安分别实现营业收入 → 国泰君安营业收入)
        items = [i if RE_INDICATOR_END.search(i) else i + head for i in items[:-1]] + [last]
    return items


# measures that say nothing without their subject: what a firm, a project, a sector or a class of firms counts
RE_GENERIC = re.compile(r"(?:计划)?(?:总投资|投资(?:金额|额|概算)?|年?产值|增加值|营业收入|营收|主营业务收入|净利润|"
                        r"利润(?:总额)?|税收|销售额|销量|销售量|产量|出货量|净资产|总资产|净资本|负债合计|成交额|"
                        r"市场占有率|市场份额|市占率|总支出|总收入)")
# a subject that owns such a measure, opening its clause (全市规模以上工业企业实现…, 泰豪VR产业基地项目位于…)
RE_SUBJECT = re.compile(r"(?:^|(?<=[，,。；;：:]))([^\s，,。；;：:、（）()“”《》]{2,24}"
                        r"(?:企业|公司|集团|行业|产业|项目|工程|小镇|园区|基地|银行|农商行|证券|券商|工厂|基金|合作社))"
                        r"(?![企业公司集团行业产业项目工程])")
# (a predicate, a period or a figure inside: 南北大众是…领先的企业, 长期以来公司, 超100亿元项目)
RE_NOT_SUBJECT = re.compile(r"推进|实现|完成|开展|加快|占|受|推动|打造|引进|签约|落户|共有|新增|培育|全部|所有|"
                            r"其他|重点|[是为在]|以来|元月|\d")


RE_LISTED_BY = re.compile(r"^.*?(?:还有|主要有)")  # (同样提速的还有化工行业, 主要有烧鸡加工企业: the subjects listed)


def with_subject(phrase: str | None, before: str) -> str | None:
    """A bare measure (总投资, 营业收入) with the subject that owns it, named at the start of a clause before it
    in the sentence (泰豪VR产业基地项目位于…，总投资 → 泰豪VR产业基地项目总投资)."""
    if not phrase or not RE_GENERIC.fullmatch(phrase):
        return phrase
    for m in reversed(list(RE_SUBJECT.finditer(before))):
        subject = _metric_words(RE_LISTED_BY.sub("", RE_METRIC_LEAD.sub("", m.group(1))))
        if subject and not RE_NOT_SUBJECT.search(subject) and not regions.is_name(subject):
            return subject + phrase
    return phrase
