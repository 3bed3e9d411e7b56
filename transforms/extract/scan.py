"""Numbers with their units in one sentence, and what the words around each say: qualifier, direction, basis."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from transforms import context, numbers, units
from transforms.extract import metric as metrics
from transforms.units import COUNT_UNITS

# --- numbers -------------------------------------------------------------------------------------
_CN = numbers.CN_NUMERAL_CHARS
# a Chinese numeral counts only when a unit, a magnitude, 多/余 or 分之 can follow it (cheap lookahead:
# most 一/二/三 in running text are words)
_UNIT_FIRST = "".join(sorted({w[0] for w in (*units.BASE_UNITS, *units.RATE_NUMERATORS, *units.MAGNITUDE)}
                             | set("多余分")))
RE_NUMBER = re.compile(
    rf"(?P<pct>百分之)?(?:(?P<neg>[-−－–])(?=\d)|[+＋](?=\d))?"
    # (9 .5: a stray blank before the decimal point; 1 6 9 2: digits spaced out one by one)
    # (1·8%: a typesetter's middle dot for the decimal point, before a unit only: 3·15晚会 is a name)
    rf"(?P<num>\d(?: \d){{2,}}(?![\d.．])|"
    rf"\d+(?:,\d{{3}})*(?: ?[.．]\d+|[·・]\d+(?![·・\d])(?=[{re.escape(_UNIT_FIRST)}]))?|"
    rf"(?<=百分之)[{_CN}]+(?:点[零〇一二三四五六七八九]+)?|"
    # (六四〇．五億美元, 三十四．一％: Taiwan's papers write numerals with a point)
    rf"[{_CN}]+(?:[点．.][零〇一二三四五六七八九]+)?(?=[{re.escape(_UNIT_FIRST)}％%]|$))"
    rf"(?:分之(?P<den>[{_CN}]+|\d+))?"
)
RE_LATIN_UNIT = re.compile(rf"(?:{'|'.join(u for u in units.BASE_UNITS if u.isascii() and u.isalpha())})(?![A-Za-z])")
RE_LIST_ITEM = re.compile(r"[、和及与]")
RE_PERCENT = re.compile(r"[%％‰]")
# an abbreviation or a remark on the scope in brackets: part of the phrase before it (居民消费价格（CPI）,
# 固定资产投资（不含农户）, 工业总产值（现价）)
RE_ABBREVIATION = re.compile(r"（([A-Za-z]{2,8}|(?:不含|含|不包括|包括|扣除|剔除)[^（）\d，,。；;]{1,8}|现价|可比价|"
                             r"按可比价(?:格)?计算|初步核算|快报|估算|预计)）")
RE_TO = re.compile(r"[至到]")  # (降3.6点至110.5点: a change, then the level it reached)
RE_CURRENCY_END = re.compile(r"(?:人民币|美元|港元|港币|欧元)$")  # (不超过人民币100亿元)
RE_GAP_QUALIFIER = re.compile(r"(?:约|近|超过|超|逾|不足|大约)$")
RE_ROUND_BOUND_BEFORE = re.compile(r"(?:近|超|逾|接近|将近|超过)$")  # (近千亩, 超百家: about a round count)
RE_DIGITS_ONLY = re.compile("[一二两三四五六七八九]{2,3}")
# a magnitude standing for an amount of money whose currency the text leaves out (1万亿, 4000亿产值)
RE_BARE_MAGNITUDE = re.compile(r"万亿|千亿|百亿|亿")
RE_BARE_WAN = re.compile(r"万")  # (but the 万 a compound ends on: 销售额达3亿2000万)
# a home's price or floor area, as estate agents write them (总价813-1600万, 98-195平, 建面约89平)
# (an auction's: 起拍价980万, 溢价110万, 估值在1650万左右)
RE_PRICE_BEFORE = re.compile(r"(?:总价|售价|房价|报价|租金|挂牌价|成交价|起拍价|拍卖价|评估价|底价|单价|均价|溢价|估值)"
                             r"(?:约|为|在|达|仅|只要|从)?(?:[\d.]+万?[-—~～至到])?$")
# a price a deal is made at (最终以1090万成交, 以300万元拍得)
RE_DEAL_AFTER = re.compile(r"成交|拍得|拍出|售出|卖出|购得|竞得|摘得")
# a price's bare 万 (300万, 800多万, 18万每平, 7.5万/㎡), not 813万套
RE_PRICE_WAN = re.compile(r"(?P<more>[多余])?(?P<unit>万(?:每平(?:方米|米)?|[/／](?:㎡|平方米|平米|平))?)")
RE_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# one person's age (享年102岁, 年仅26岁), not an indicator (人均预期寿命78.2岁)
RE_PERSON_AGE_BEFORE = re.compile(r"(?:享年|时年|终年|年仅|年方)$")
# (74岁的王玉兰老人, 68岁的村民老李: the age of the one person a story is about)
RE_PERSON_AGE_AFTER = re.compile(r"(?:高龄)?的[^，,。；;\d]{0,6}?(?:老人|老汉|老太|大爷|大妈|奶奶|爷爷|阿姨|村民|"
                                 r"女士|先生|小伙|姑娘|老党员|老兵|患者)")
# (0-17岁、18-34岁、60岁及以上户籍人口: brackets listed before the group, a word between)
RE_AGE_GROUP_AFTER = re.compile(r"(?:[、和及与]\d{1,3}(?:[-—~～至到]\d{1,3})?岁)*"
                                r"(?:及以上|以上|及以下|以下|以内)?(?:的)?(?:户籍|常住|农村|城镇|城市|老年|男性|女性)?(?:人口|老年人|老人|人群|儿童|居民|市民|群体)")
RE_HOLIDAY_BEFORE = re.compile(rf"(?:长假|假期|黄金周|{context.HOLIDAY}|节)$")
# a course whose sessions 期 counts (培训班12期, 开展职业培训755期; not 1-3期项目, 第12期: phases, an issue)
RE_SESSIONS_BEFORE = re.compile(r"(?:班|培训|讲座|课程|研修|夜校)[^，,。；;\d]{0,3}$")
RE_AREA_BEFORE = re.compile(r"(?:面积|建面|套内|户型|约)[^，,。；;\d]{0,3}$")
RE_RANGE_START_BEFORE = re.compile(r"\d[-—~～至到]$")
RE_SCORE_AFTER = re.compile(r"\d|[负胜局]")
RE_MONEY_CONTEXT = re.compile(r"元|价|GDP|消费|花(?:了|费了?)?[\d约近超逾]|生产总值|经济总量|产值|收入|营收|净利|"
                              r"销售额|成交额|交易额|总额|金额|资金|投资|市值|资产|贷款|存款|利润|税|融资|规模|产出|引资|筹资|募资|出资|注资|拨款|补贴|补助|"
                              r"票房")
# a magnitude standing for a number of people (常住人口近1000万, 完成30万滩区居民迁建), by the noun before or after
# not 1亿的一半 (a fraction of it follows), but 人口超2000万的超大城市
RE_BARE_PEOPLE = re.compile(r"(?:亿|千万|百万|万(?!亿))(?!的(?:一半|[\d一二两三四五六七八九十几]))")
_PEOPLE = (r"(?:人次|人口|居民|群众|农民|职工|员工|游客|旅客|市民|村民|农户|学生|毕业生|患者|观众|用户|网民|会员|"
           r"从业人员|劳动力|人数|人员)")
RE_PEOPLE_BEFORE = re.compile(rf"{_PEOPLE}[^，,。；;、\d]{{0,4}}$")
RE_POPULATION_BEFORE = re.compile(r"人口[^。；;元]{0,44}$")
RE_PEOPLE_AFTER = re.compile(rf"[^，,。；;、\d元]{{0,6}}?{_PEOPLE}")
RE_CLOCK_AFTER = re.compile(r"[0-9０-９半钟整]|多钟")
# a part of the day before an hour (凌晨1点, 每天晚上8点, 下午3点至5点), the hour a range of hours runs to (1点至5点)
RE_DAYTIME_BEFORE = re.compile(r"(?:凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|夜里|午夜)"
                               r"(?:\d{1,2}点?[至到—-])?$")
RE_CLOCK_RANGE_AFTER = re.compile(r"[至到—-]\d{1,2}点")
# the hours a span of the day runs between (14—16点发生火灾5起, 00—02点, 12—14点、22—24点均…): no index points
RE_HOUR_SPAN = re.compile(r"(?<![\d.])([01]?\d|2[0-4])[—–\-~～至到]([01]?\d|2[0-4])点"
                          r"(?=[、，,。；;和及时发之期内段]|$)")
HOURS = frozenset(float(h) for h in range(25))
# every character a match of RE_NUMBER can start with: the scan jumps from one to the next in C
RE_NUMBER_START = re.compile(rf"[\d{_CN}百\-−－–+＋]")
RE_MAG_TAIL = re.compile(r"(?:万亿|亿|万)$")
# characters right before a number that make it part of a name, an ordinal or a vague amount
RE_SKIP_BEFORE = re.compile(r"(?:第|[A-Za-z_.·](?<!GDP|CPI|PPI|PMI|FDI|GEP|GNP))$")  # (not GDP6502.22亿元)
RE_SKIP_BEFORE_CN = re.compile(r"(?:第|前|数|几|上|好|若干|周|星期|礼拜|初|之|统|唯|万|专|单|同|\d)$")
RE_SKIP_AFTER = re.compile(r"[A-Za-z+＋]|\d|[:：][0-9]")
# (24.3/27.5/33.9亿元: an analyst's list of years, a slash between numbers)
RE_CONNECTOR = re.compile(r"[、和及与或至到—–~～\-－−/／]{1,2}")
# what may stand right before a range dash: the end of a number (13-15岁), of a percentage (30%-40%), of a
# decimal point run; after anything else a sign before digits is a minus (增长-1.2%, 为-3.2%, -5)
# or of a number and its magnitude (5000万-6000万千瓦)
RE_RANGE_BEFORE = re.compile(r"[\d０-９%％‰.．]|[万亿](?<=[\d０-９][万亿])")
# a magnitude the first number of a range writes, its unit only after the second (5000万-6000万千瓦, 3万至5万吨)
RE_MAGNITUDE_CONNECTOR = re.compile(r"([万亿]|万亿)(?:[、和及与或至到—–~～\-－−]{1,2})")
RANGE_DASH_CHARS = "-－−—–~～"
RE_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?（）()“”「」〈〉]")
# (「银行行长项目行」: corner brackets quote a name as “” do; not words spoken, closed by their sentence's mark:
# “一共卖了8万多元，”茶农说)
RE_QUOTED = re.compile(r"“[^“”]{0,13}[^“”，,。！？!?；;]”|「[^「」]{1,14}」|『[^『』]{1,14}』|《[^《》]{0,60}》"
                       r"|〈[^〈〉\d]{0,30}〉")
RE_BOOK = re.compile(r"《[^《》]{0,60}》")
AT_LEAST = frozenset({"至少", "不少于", "不低于"})
# what makes a count's unit its turnover's (亿人 → 亿人公里, 万吨 → 万吨公里): not one unit written once for two
TURNOVER_TAILS = frozenset({"公里", "千米"})
# 多 after a share or multiple (2成多, 一倍还多), not a word it starts (2倍多元化)
RE_MORE_AFTER = re.compile(r"还?多(?![元样种个项方彩功数少])")
# a figure that is a yardstick named after it (4.8%的全国水平, 5%的全省平均增速, 3%左右的预期目标)
RE_YARDSTICK_AFTER = re.compile(rf"的(?:{context.WHOLES})(?:平均|同期)?(?:水平|增速|增幅|值)|"
                                rf"{context.GOAL_AFTER}|的(?:增幅|增速|增长)预期")
RE_WHOLE_END = re.compile(rf"(?:{context.WHOLES})的?$")
RE_LEVEL_AFTER = re.compile(r"的(?:增速|增幅|增长)?(?:水平|值)")
RE_COMPARED_TO_END = re.compile(r"(?:高于|低于|超过|快于|慢于)[^\d，,。；;]{0,6}$")
# a clause that only states a level (达到9.6%) after a clause naming a rate with no figure of its own
# a figure's yardstick in brackets right after it: the whole's figure (增长7.5%(全市11.1%), 增长8%（上年同期5.2%）)
# (not a part's share: (非税占比为21%))
RE_BRACKETED_YARDSTICK = re.compile(r"[（(](?:全[国省市县区州盟旗]|上年同期|去年同期)(?:平均)?(?:为|是)?")
RE_BARE_LEVEL = re.compile(r"(?:仍|也|则|更|分别|均)?(?:达到了?|达|为|高达|升至|降至|录得)")
RE_BARE_COMPARATIVE = re.compile(r"[高低快慢多少]了?")
RE_PER_MILLE_RATE_END = re.compile(r"增长率(?:为|是|达到?)?$")
RE_EXTENT_END = re.compile(r"(?:^|[，,])幅度(?:分别|均|都)?(?:为|是|达|在)?$")
RE_EXTENT_NAMED = re.compile(r"(?s:.*)(升幅|涨幅|增幅|降幅|跌幅)")  # (the last one named)
RE_PART_START = re.compile(r"(?s:.*[；;。]|)")  # (up to the start of the sentence's part: after its last ；)
# (or the change a ranking names: 同比增加最多的是聊城市，为12天; 增长最快的是潍坊市，为8.2%)
RE_RATE_BEFORE_CLAUSE = re.compile(rf"(增速|增幅|涨幅|升幅|增长率|降幅|跌幅|"
                                   rf"(?:{context.UP}|{context.DOWN})(?=(?:幅度|速度)?最[多大快高少小慢低]))"
                                   r"[^\d%％。；;，,]*[，,](?:(?:分别|均)?(?:为|是)[：:])?$")
# a list of rates of growth by item (增幅分别为:安阳-3.5%,鹤壁0.7%), up to its end (。；, or a verb's change)
# (增速排名前三的产业依次为新能源汽车产业(22.6%)、…: the items named between, their rates in brackets)
RE_RATE_LIST_LEAD = re.compile(r"(增速|增幅|涨幅|升幅|增长率|降幅|跌幅)[^，,。；;：:\d%％]{0,10}?(?:分别|依次)(?:为|是)"
                               r"(?:[：:]|(?=[^\d%％，,。；;：:]{1,16}[（(]))")
RE_LIST_ITEM_BREAK = re.compile(rf"[。；;]|{context.UP}|{context.DOWN}")
# the bound word between a magnitude and the rest of its unit (4万多户, 1万余亿元): 多/余 after the magnitude
RE_MAGNITUDE_MORE = re.compile(r"(万亿|千万|百万|万|亿)([多余])")
# a duration in months with its bound word inside (3个多月, 3个半月), and the words that make a number of
# months a span dating a figure (前5个月, 近3个月, 连续43个月, 3个月来, 3个月内) rather than a quantity
RE_MONTHS_MORE = re.compile(r"个(?:多|(半))月")
RE_SPAN_BEFORE = re.compile(r"(?:前|首|近|头|后|最近|过去|未来|连续|每|这|那|上|下|之|的|为期|期限)$")
RE_SPAN_AFTER = re.compile(r"(?:多)?(?:来|以来|内|之内|里|中|后|之后|以后|以前|前|期间|间|累计)")  # (5个月累计出口)
RE_DAYS_OPENING_AFTER = re.compile(rf"{context.DAYS_SPAN_WORD}[，,]")  # (6天里，…: the days a clause's figures are of)
# units that with a numeral under ten make a word, as measure words do (一元钱, 整整一天, 两个月时间)
# what names a score before its points (得分, 评分, 综合指数…均值为): 分 is a unit only then
RE_SCORE_BEFORE = re.compile(r"得分|评分|分值|分数|积分|打分|总分|指数")
WORD_UNITS = frozenset({"元", "个月", "天", "小时", "分钟", "秒", "升"})  # (一降一升: a word)
RE_RESPECTIVELY = re.compile(r"(?:分别|依次)(?:为|是|达到?)")
# a place in a ranking (前10名, 前3位, 排名多在34位): no quantity
RANK_UNITS = frozenset({"名", "位"})
RE_RANK_NEXT = re.compile(r"、[^，,。；;、\d]{1,8}")
RE_RANK_BEFORE = re.compile(r"(?:排名|排在|排位|位居|位列|名列|居于?|列)[^，,。；;\d]{0,4}$")
# the ranks before the last of a list or range of them (第2、3位, 分居3-5名)
RE_RANKS_BEFORE = re.compile(r"第?\d+(?:[、和至到~～\-－—]第?\d+)*[、和至到~～\-－—]$")
# a round magnitude written alone (万亿元) is an amount only as a threshold passed (突破万亿元大关)
ROUND_MAGNITUDES = frozenset({"万亿", "千亿", "百亿"})
RE_CLASS_AFTER = re.compile(r"(?:级|产业|集群|城市|企业|俱乐部|园区|强县|大县|龙头)")
RE_THRESHOLD_BEFORE = re.compile(r"(?:突破|超过|越过|跨过|跨越|迈上|迈过|站上|跃上|迈入|达到)了?$")
# a unit followed by 级 is a class, not an amount (5万吨级码头, 百亿元级集群)
RE_NAME_AFTER = re.compile(r"级")
# (以1090万成交: a deal; 三成交易额: three tenths of a turnover)
# a magnitude inside a number (107万7633人, 3万5千人; 1亿2000万元, whose tail counts 万)
# (traditional 億/萬, a thousands comma in the tail: 749億3,000萬元)
# (1亿5856.3万: a tail in 万 may have decimals)
RE_COMPOUND = re.compile(r"([万亿萬億])(\d{1,4}(?:[.．]\d{1,4}(?=[万萬]))?|\d,\d{3})(?![\d.．,，])([千百万萬])?")
SIMPLIFIED_MAGNITUDE = str.maketrans("萬億", "万亿")
# the magnitude a compound's tail may carry, by the magnitude before it: 万 then 5千 or 5百, 亿 then 2000万
COMPOUND_LOW = {"万": ("千", "百"), "亿": ("万",)}
# spending right before a figure (花了520亿, 花费3万): money, whoever spent it
RE_SPENT_BEFORE = re.compile(r"花(?:了|费了?)?$")
# a change stated by its base alone, or as a change (同比15.6%, 环比-5.6%, 环比分别变化-5.8%)
RE_SIGNED_CHANGE_END = re.compile(r"(?:同比|环比)(?:分别)?(?:变化|变动)?(?:分别)?(?:为|是)?$")
RE_CHENG_WORD_AFTER = re.compile(r"[绩功果本为长员立熟效型]|交(?!易)")


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


# a footnote's mark right before a figure (名义增长[1]8.0%, 增长①5.2%): not a word of the sentence
FOOTNOTE_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
RE_FOOTNOTE_END = re.compile(rf"(?:[\[［](?:注)?\d{{1,2}}[\]］]|[{FOOTNOTE_MARKS}])$")


# a half after a tenth or a multiple (2成半, 一倍半; not 3倍半年, 2成半数)
RE_HALF_AFTER = re.compile(r"半(?![年月天日数小个岛价])")
# half a tenth (偏多半成, 增长半成), after a change or a share, not a product half made (半成品)
RE_HALF_TENTH = re.compile(r"(?<=[多少高低加长降跌涨减增约近占超达])半成(?![品绩功熟年])")
# a tenth written after a share or multiple in Chinese numerals (减少近一成四, 增两倍三), not a count (一成四个)
RE_TENTH_AFTER = re.compile(r"([一二三四五六七八九])(?![一二三四五六七八九十百千万亿成倍个])")


# what a rate's denominator after 每 counts or weighs (每10股, 每500克, 每5升)
PER_AMOUNT_UNITS = frozenset(units.COUNT_UNITS | {"克", "斤", "公斤", "千克", "升", "吨"})


def blank_quotes(text: str) -> str:
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


RE_OPERATOR = re.compile(r"[×÷*＊]")


def _in_formula(scan: str, sign: int) -> bool:
    """Whether the sign at ``sign`` subtracts inside a bracketed formula after a word (即按:(实际租车里程-6公里)×
    基本公里租车价格): no negative figure.

    >>> _in_formula("(实际租车里程-6公里)×价格", 7), _in_formula("利润(-6亿元)", 3)
    (True, False)
    """
    if sign < 1 or not RE_CJK_CHAR.match(scan, sign - 1):
        return False
    opened = max(scan.rfind("(", 0, sign), scan.rfind("（", 0, sign))
    closed = min((i for i in (scan.find(")", sign), scan.find("）", sign)) if i >= 0), default=-1)
    return opened >= 0 and closed > sign and (RE_OPERATOR.search(scan, opened, closed)
                                              or RE_OPERATOR.match(scan, closed + 1)) is not None


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
        return numbers.value(num.replace(" ", ""))  # 9 .5%: a stray blank before the decimal point
    except (ValueError, KeyError):
        return None


def rate_list_at(scan: str, pos: int, start: int = 0) -> str | None:
    """The direction of the rates of growth a list gives its items, when ``pos`` (searched from ``start``) is inside
    one that no sentence end or change verb has closed.

    >>> t = "其他省辖市增幅分别为:安阳-3.5%,鹤壁0.7%"
    >>> rate_list_at(t, t.index("0.7")), rate_list_at("占比分别为:车险70%", 9)
    ('up', None)
    """
    if "分别" not in scan and "依次" not in scan:
        return None  # (the lead's words, looked for first: most sentences list no rates)
    lead = RE_RATE_LIST_LEAD.search(scan, start, pos)
    if lead is None or RE_LIST_ITEM_BREAK.search(scan, lead.end(), pos):
        return None
    return context.direction_of(lead.group(1))


def quantities(text: str) -> list[Quantity]:
    """Numbers with units in one sentence, with qualifier, direction and basis read from the sentence.

    >>> [(q.value, q.unit, q.direction) for q in quantities("产量达到11.3万辆，同比增长63%")]
    [(11.3, '万辆', None), (63.0, '%', 'up')]
    >>> [(q.value, q.unit) for q in quantities("加快0.7个和2.2个百分点")]
    [(0.7, '个百分点'), (2.2, '个百分点')]
    """
    scan = blank_quotes(text)
    raw: list[dict] = []
    rank_end = -1  # where the last rank skipped ends (水城居11位、兴义33位…: the next of a list of ranks)
    for m in _numbers(scan):
        if raw and m.start() < raw[-1]["end"]:
            continue  # inside the unit of the number before (the 百 of 5个百分点)
        num = m.group("num")
        start, end = m.start(), m.end()
        pct = m.group("pct")
        cn = not num[0].isdigit()
        if num in ROUND_MAGNITUDES:
            # 突破万亿元大关: one of the magnitude, a threshold passed (万亿元城市 is a class, no amount; 近百亿元
            # reads on as 100 亿元)
            um = units.RE_UNIT.match(scan, end)
            if um and RE_THRESHOLD_BEFORE.search(scan, max(0, start - 3), start) and um.group() in units.BASE_UNITS:
                raw.append(dict(start=start, num_start=start, end=um.end(), value=1.0, unit=num + um.group(),
                                q_after=None, cn=True, written=num))
                continue
            if um and RE_CLASS_AFTER.match(scan, um.end()):
                continue
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
            if RE_DIGITS_ONLY.fullmatch(num):
                continue  # 另一三元: numerals read digit by digit are years (二〇二三), never two or three digits
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
            elif _in_formula(scan, start):
                start += 1  # (实际租车里程-6公里)×…: a subtraction, the amount taken off is 6
            else:
                value = -value
        pos = end
        wan_tail = False  # (1亿5856.3万: a compound ending on a bare 万, its magnitude the unit)
        if not cn and (comp := RE_COMPOUND.match(scan, pos)) is not None \
                and (comp.group(3) is None or comp.group(3).translate(SIMPLIFIED_MAGNITUDE)
                     in COMPOUND_LOW[comp.group(1).translate(SIMPLIFIED_MAGNITUDE)]) \
                and (units.RE_UNIT.match(scan, comp.end()) is not None
                     or (comp.group(3) in ("万", "萬") and comp.group(1) in ("亿", "億"))):
            # 107万7633人, 3万8748美元, 3万5千人, 1亿2000万元: one number written across a magnitude, in the unit
            # after it (万元 for the last; 总诊疗人次1亿5856.3万: a bare 万, read as the magnitudes alone are)
            high, tail, low = (g.translate(SIMPLIFIED_MAGNITUDE).replace(",", "").replace("．", ".") if g else g
                               for g in comp.groups())
            if low == "万":
                value, pos = value * 1e4 + float(tail), comp.end(2)
                wan_tail = units.RE_UNIT.match(scan, pos) is None
            else:
                value = value * units.MAGNITUDE[high] + int(tail) * (units.MAGNITUDE[low] if low else 1)
                pos = comp.end()
        qa = context.RE_QUALIFIER_AFTER.match(scan, pos)
        if qa and qa.group() in ("多", "余"):
            q_after, pos = qa.group(), qa.end()
        um = units.RE_UNIT.match(scan, pos)
        if cn and um is not None and "亿" in num.strip("亿") and um.group().startswith("万"):
            # 一百一十五亿八千万元: the numerals after 亿 count 万, as the Arabic 115亿8000万元 does
            high, _, low = num.partition("亿")
            value = _parse(high) * 1e4 + (_parse(low) or 0)
        if not q_after and (mm := RE_MAGNITUDE_MORE.match(scan, pos)):
            rest = units.RE_UNIT.match(mm.group(1) + scan[mm.end():mm.end() + 12])
            if rest and len(rest.group()) > len(mm.group(1)):
                unit = rest.group()
                q_after, pos = mm.group(2), mm.end() + len(unit) - len(mm.group(1))
                um = None
        if um is None and not unit and scan.startswith(" ", pos):  # 12.8 GWh: a Latin unit set apart by a blank
            um = RE_LATIN_UNIT.match(scan, pos + 1) or RE_PERCENT.match(scan, pos + 1)  # (1 .4 %: a stray blank)
        if um is not None and (scan.startswith("台阶", um.end() - 1) or (
                um.group() != "成" and um.group().endswith("成") and RE_CHENG_WORD_AFTER.match(scan, um.end()))):
            um = None  # 5万亿台阶: a step, not machines; 以1090万成交: a deal, not tenths
        if um is not None and um.group().endswith("起") and um.group() != "起" \
                and RE_PRICE_BEFORE.search(scan, max(0, start - 12), start):
            um = None  # 售价约300万起: a price's floor, 万 of yuan, no 万 events
        implied = None  # (factor, base) of a magnitude written without its base
        if um and not unit:
            unit = um.group()
            if unit == "个" and scan.startswith("亿", um.end()) \
                    and not scan.startswith(("亿元", "亿级", "亿以"), um.end()) and RE_MONEY_CONTEXT.search(scan):
                # 营收达到接近5个亿: 亿 said as a count (not 86个亿元以上项目, a class of projects)
                unit, implied, pos = "亿", (1e8, "元"), um.end() + 1
            elif unit == "个" and (more := RE_MONTHS_MORE.match(scan, pos)):
                unit, pos, q_after = "个月", more.end(), q_after or ("多" if "多" in more.group() else None)
                if more.group(1):
                    value += 0.5  # 3个半月
            else:
                pos = um.end()
            if unit == "个月" and (RE_SPAN_BEFORE.search(scan, max(0, start - 2), start)
                                  or RE_SPAN_AFTER.match(scan, pos)):
                continue  # 前5个月, 连续3个月, 3个月来: a span that dates a figure, not a quantity
            if unit.startswith("个") and scan.startswith(("个年头", "个小时"), um.start()):
                continue
            if unit == "岁" and (RE_AGE_GROUP_AFTER.match(scan, pos)
                                or RE_PERSON_AGE_BEFORE.search(scan, max(0, start - 2), start)
                                or RE_PERSON_AGE_AFTER.match(scan, pos)):
                # 65岁及以上人口, 0~14岁人口: an age group names the indicator, no figure; 享年102岁, 74岁的王玉兰老人:
                # one person's life
                continue
            bare = units.split_unit(unit)[1]  # (the unit without its magnitude: 亿t → t)
            if bare == "分" and (unit != "分" or not RE_SCORE_BEFORE.search(scan, 0, start)
                                or scan[start - 1:start] in "时点角"):
                continue  # 5角2分, 8时30分, 3万分: no score; 得分均值为60.53分，非城区为57.91分: a score's points
            if bare in ("毫米", "mm") and RE_CJK_CHAR.match(scan, pos) \
                    and scan[pos] not in "以左的至到、和及与偏比较增减同为是":
                continue  # 6.5mm高线, 20mm中板: a product's size names it, no figure (降水量330毫米左右 is one)
            if unit == "期" and not RE_SESSIONS_BEFORE.search(scan, max(0, start - 8), start):
                continue  # 3期进口设备, 二期工程: a phase; 〔2019〕第12期: an issue
            if unit == "块" and scan.startswith("钱", pos):
                continue  # 5块钱: yuan, as said colloquially, no count of pieces
            if bare == "车" and RE_CJK_CHAR.match(scan, pos):
                continue  # 8.车辆, 13.车船: a list's numbers before a word, no wagonloads
            if unit == "天" and (scan[start - 1:start] == "头"
                                or RE_HOLIDAY_BEFORE.search(scan, max(0, start - 3), start)
                                or RE_DAYS_OPENING_AFTER.match(scan, pos)):
                # 头100天, 长假7天, 春节7天, 6天里，…: an event's first days, a holiday by its days: periods (context)
                continue
            if unit in units.MAGNITUDE_ONLY and not (unit == "平" and value >= 10 and (
                    RE_AREA_BEFORE.search(scan, max(0, start - 8), start) or RE_RANGE_START_BEFORE.search(
                        scan, max(0, start - 8), start)) and not RE_SCORE_AFTER.match(scan, pos)):
                # (but 98-195平, 建面约89平: a flat's floor area, written as estate agents do)
                continue  # 30度高温, 5平3负: no amount without a magnitude (1663亿度, 76.06万平; 5度电 is 度电)
            if scan[start - 1:start] == "每" and bare in PER_AMOUNT_UNITS:
                # 每10股派3元, 每10万人拥有…, 零售均价每500克15.35元: a rate's denominator (每2分钟下线一辆 is a time)
                continue
        if not unit:
            people = RE_BARE_PEOPLE.match(scan, pos)
            # 人口近1000万, 30万滩区居民: people left out, by the noun before (first: 总人口1.4亿 in a sentence
            # that also speaks of money) or after
            # (合肥十年人口增长率高达64.3%，从2010年570.20万…: the population a sentence of no money is about)
            noun = RE_PEOPLE_BEFORE.search(scan, max(0, start - 8), start) if people else None
            if people and (RE_SPENT_BEFORE.search(scan, max(0, start - 3), start) or not (
                    noun
                    or RE_PEOPLE_AFTER.match(scan, people.end())
                    or (RE_POPULATION_BEFORE.search(scan, max(0, start - 46), start)
                        and not RE_MONEY_CONTEXT.search(scan)))):
                people = None  # (but 游客一共花了520亿: what people spent)
            bare = None if people else (RE_BARE_MAGNITUDE if not wan_tail else RE_BARE_WAN).match(scan, pos)
            if bare is None and not people and (wan := RE_PRICE_WAN.match(scan, pos)) is not None \
                    and (not (after := units.RE_UNIT.match(scan, wan.end())) or after.group() == "起"
                         or (after.group() == "成" and RE_CHENG_WORD_AFTER.match(scan, after.end()))) \
                    and (RE_PRICE_BEFORE.search(scan, max(0, start - 12), start)
                         or (scan[start - 1:start] == "以" and RE_DEAL_AFTER.match(scan, wan.end()))):
                # 总价813-1600万, 售价约300万, 成交价从800多万: a home's price; 单价18万每平: per square metre
                unit, pos = wan.group("unit"), wan.end()
                implied = (1e4, "元/平方米" if "每" in unit or "/" in unit or "／" in unit else "元")
                q_after = q_after or wan.group("more")
            elif bare and RE_MONEY_CONTEXT.search(scan):  # 规模突破了1万亿, 冲击4000亿产值: the currency left out
                unit, implied, pos = bare.group(), (units.MAGNITUDE[bare.group()], "元"), bare.end()
            elif people:
                # (总诊疗人次84.2亿: visits counted, 人次 the base)
                base = "人次" if noun is not None and "人次" in noun.group() else "人"
                unit, implied, pos = people.group(), (units.MAGNITUDE[people.group()], base), people.end()
                if not q_after and scan.startswith(("多", "余"), pos):
                    q_after, pos = scan[pos], pos + 1  # 1亿多退休人员
        if not unit:
            if not cn and RE_SKIP_AFTER.match(scan, pos):
                continue
            raw.append(dict(start=start, num_start=m.start("num"), end=pos, value=value, unit="",
                            q_after=q_after, cn=cn, written=num))
            continue
        if unit == "点" and (RE_CLOCK_AFTER.match(scan, pos) or (value in HOURS and (
                RE_DAYTIME_BEFORE.search(scan, max(0, start - 8), start) or RE_CLOCK_RANGE_AFTER.match(scan, pos)
                or ((span := RE_HOUR_SPAN.search(scan, max(0, start - 3), pos + 1)) is not None
                    and span.start() <= start and span.end() >= pos)))):
            continue  # 14点30分, 凌晨1点至5点: a time of day, not index points
        if RE_NAME_AFTER.match(scan, pos) or (unit == "成" and RE_CHENG_WORD_AFTER.match(scan, pos)):
            continue  # (这一成绩: a word, not a tenth)
        ranks = RE_RANKS_BEFORE.search(scan, max(0, start - 16), start) if unit in RANK_UNITS else None
        at = ranks.start() if ranks else start
        if unit in RANK_UNITS and (scan[at - 1:at] == "前" or (ranks and ranks.group().startswith("第"))
                                   or RE_RANK_BEFORE.search(scan, max(0, at - 8), at)
                                   or (rank_end >= 0 and RE_RANK_NEXT.fullmatch(scan, rank_end, start))):
            rank_end = pos
            continue  # 前10名, 排名多在34位: a rank, not a count; 水城居11位、兴义33位: the ranks it lists
        if cn and (((unit in COUNT_UNITS or unit in WORD_UNITS) and value < 10) or (
                num in ("十", "百", "千") and units.split_unit(unit)[0] == 1 and unit not in ("倍", "成")
                and not (RE_ROUND_BOUND_BEFORE.search(scan, max(0, start - 2), start) and unit not in ("万", "亿")
                         and not scan.startswith("的", pos)))):
            continue  # 一台, 两个方面, 二次创业, 千家万户: words, not counts (but 近千亩, 超百家: a round bound)
        if cn and num in ("万", "亿"):
            continue  # 亿万人民, 万人空巷: words
        if cn and num in ("百", "千") and unit == "万人" and scan.startswith("口", pos) \
                and not RE_THRESHOLD_BEFORE.search(scan, max(0, start - 3), start):
            continue  # 百万人口大区, 千万人口城市: a class of places, not an amount
        if cn and unit in ("倍", "成") and (tenth := RE_TENTH_AFTER.match(scan, pos)) is not None:
            value += numbers.chinese(tenth.group(1)) / 10  # 一成四 (1.4成), 两倍三 (2.3倍): tenths after
            pos = tenth.end()
        elif unit in ("倍", "成") and RE_HALF_AFTER.match(scan, pos):
            value, pos = value + 0.5, pos + 1  # 偏多2成半, 增长一倍半: and a half
        if not q_after:
            qa = context.RE_QUALIFIER_AFTER.match(scan, pos)
            if qa and qa.group() == "及":
                q_after = scan[qa.end():qa.end() + 2]  # 8%及以上
            elif qa and qa.group() not in ("多", "余"):
                q_after = qa.group()
            elif unit in ("倍", "成") and RE_MORE_AFTER.match(scan, pos):
                q_after = "多"  # 2成多, 增长2倍多, 高出一倍还多: more than the share or multiple
            elif unit in ("倍", "成") and scan.startswith("有余", pos):
                q_after = "余"  # 下跌3成有余
        raw.append(dict(start=start, num_start=m.start("num"), end=pos, value=value, unit=unit,
                        q_after=q_after, cn=cn, written=num, implied=implied))

    if "半成" in scan:  # 偏多半成: half a tenth, written without a numeral
        for h in RE_HALF_TENTH.finditer(scan):
            if not any(r["start"] < h.end() and h.start() < r["end"] for r in raw):
                qa = context.RE_QUALIFIER_AFTER.match(scan, h.end())
                bisect.insort(raw, dict(start=h.start(), num_start=h.start(), end=h.end(), value=0.5, unit="成",
                                        q_after=qa.group() if qa else None, cn=True, written="半"),
                              key=lambda r: r["start"])
    # units stated once for several numbers: 提高0.9、5.9个百分点; 30—40%; 0.7个和2.2个百分点
    for i in range(len(raw) - 2, -1, -1):
        cur, nxt = raw[i], raw[i + 1]
        gap = scan[cur["end"]:nxt["start"]]
        if not cur["unit"] and nxt["unit"] and (mag := RE_MAGNITUDE_CONNECTOR.fullmatch(gap)) \
                and nxt["unit"].startswith(mag.group(1)) and not cur.get("cn"):
            cur["end"] += len(mag.group(1))
            gap = gap[len(mag.group(1)):]
        if not RE_CONNECTOR.fullmatch(gap) or not nxt["unit"]:
            continue
        if not cur["unit"]:
            cur["unit"] = nxt["unit"]
            cur["shared"] = True
            if nxt.get("implied"):
                cur["implied"] = nxt["implied"]  # 规模813-1600亿: the currency left out of both
        elif nxt["unit"].startswith(cur["unit"]) and nxt["unit"] != cur["unit"] \
                and nxt["unit"][len(cur["unit"]):] not in TURNOVER_TAILS:
            cur["unit"] = nxt["unit"]  # (but 客运量和周转量分别完成了3.7亿人和270.8亿人公里: a count and its turnover)
        cur["list_next"] = True
    # an abbreviation or a remark in brackets (居民消费价格（CPI）同比上涨) belongs to the phrase: no clause break
    abbreviated = RE_ABBREVIATION.sub(lambda m: "〔" + m.group(1) + "〕", scan) if "（" in scan else scan
    out: list[Quantity] = []
    prev: Quantity | None = None
    prev_raw: dict | None = None
    for r in raw:
        if not r["unit"]:
            prev, prev_raw = None, None
            continue
        if r.get("implied"):
            value_norm, unit_norm = r["value"] * r["implied"][0], r["implied"][1]
        else:
            value_norm, unit_norm = units.normalise(r["value"], r["unit"])
        cs = clause_start(abbreviated, r["start"])
        before = scan[cs:r["start"]]
        if before.endswith(("]", "］")) or before[-1:] in FOOTNOTE_MARKS:
            before = RE_FOOTNOTE_END.sub("", before)  # 名义增长[1]8.0%: a note's mark between the verb and the figure
        bare = RE_CURRENCY_END.sub("", before)  # (不超过人民币100亿元: the currency written first is the unit's)
        bound = context.RE_QUALIFIER_BEFORE.search(bare)
        q_before = context.bound_word(bound) or context.qualifier_verb(bare)
        # (超过全国5.1%的增速水平, 超过全国9.8%的水平: the whole named before the figure, its level after)
        yardstick = RE_YARDSTICK_AFTER.match(scan, r["end"]) is not None or (
            RE_WHOLE_END.search(bare) is not None and RE_LEVEL_AFTER.match(scan, r["end"]) is not None)
        if q_before in ("高于", "低于", "超过") and yardstick:
            q_before = None  # 增速高于4.8%的全国水平, 低于3%左右的预期目标: the yardstick's own figure, no bound
        if q_before and bound is not None:
            core = bare[:bound.start()]
        else:
            core = bare[: len(bare) - len(q_before)] if q_before else before
        if yardstick:
            core = RE_COMPARED_TO_END.sub("", core)  # 低于全年5.5%左右的预期目标: nor a change
        q = Quantity(start=r["start"], end=r["end"],
                     value=r["value"], unit=r["unit"], value_norm=value_norm, unit_norm=unit_norm,
                     # (至少达到10万元以上: the bound said twice, the words after the figure are its own)
                     qualifier=r["q_after"] if q_before in AT_LEAST and r.get("q_after") == "以上"
                     else q_before or r.get("q_after"),
                     num_start=r["num_start"])
        q.direction = (context.direction_before(core) or context.direction_after(scan[r["end"]:r["end"] + 12])
                       or metrics.leading_verb(core))
        if not q.direction and cs > 0 and scan[cs - 1] in "）)" and RE_BARE_COMPARATIVE.fullmatch(core) and (
                cmp := context.RE_COMPARE_END.search(scan, max(0, cs - 30), r["start"])) is not None:
            q.direction = context.direction_before(cmp.group())  # 比全国（3.8%）高0.3个百分点: across the bracket
        if unit_norm == "‰" and q.value >= 0 and RE_PER_MILLE_RATE_END.search(core):
            # 人口自然增长率4.34‰: a demographic rate, a level (not an economy's growth); signed, 增长率-1.55‰, a change
            q.direction = None
        if not q.direction and unit_norm == "%" and (change := context.RE_PERCENT_CHANGE_AFTER.match(scan, r["end"])):
            q.direction = context.direction_of(change.group())
        q.basis = context.basis(before)
        if not q.direction and unit_norm in ("%", "个百分点") and (
                RE_SIGNED_CHANGE_END.search(core) or scan[r["num_start"] - 1:r["num_start"]] in ("+", "＋")):
            # 同比15.6%, 环比-5.6%, 月度环比分别变化-5.8%: a signed change, as 增长-3.2% is; 教育业(+60%): a plus sign
            q.direction = "up"
        if not q.direction and out and out[-1].direction and out[-1].unit_norm == "%" and (
                (q.unit_norm == "%" and ((out[-1].start >= cs and context.RE_MOVED_TO.search(before))
                                         or RE_BRACKETED_YARDSTICK.fullmatch(scan, out[-1].end, q.start)))
                or (q.unit_norm == "倍" and scan[out[-1].end:q.start] in ("(", "（")
                    and scan[q.end:q.end + 1] in (")", "）"))):
            # 增速从10.9%大幅下降至4%: the rate moved is still a rate of growth; 增长7.5%(全市11.1%): the same change of
            # the wider place, in brackets; 同比上升1126.1%(11倍): the same rise, as a multiple
            q.direction = out[-1].direction
        if not q.direction and cs and (RE_BARE_LEVEL.fullmatch(before) or (not before and scan[cs - 1] in "：:")) and (
                rate := RE_RATE_BEFORE_CLAUSE.search(scan, max(0, cs - 40), cs)) is not None:
            # 其增速仍然明显领先于全省其他地区，达到9.6%: the rate the clause before names, stated by its level
            # (同比增幅较大，分别为：210.98%、124.25%: listed after a colon)
            q.direction = context.direction_of(rate.group(1))
        if not q.direction and RE_EXTENT_END.search(core) and (
                named := RE_EXTENT_NAMED.search(scan, RE_PART_START.match(scan, 0, cs).end(), cs)) is not None:
            # 价格升幅前五名的是…，幅度分别为6.2%: the extent of the rise (or the fall) the clause before ranks
            q.direction = context.direction_of(named.group(1))
        if not q.direction and out and RE_RESPECTIVELY.fullmatch(before):
            # 同比增长均超过30%，分别为36.8%、34.9%: the figures that the clause before stated in sum, itemised
            q.direction, q.basis = out[-1].direction, q.basis or out[-1].basis
        if not q.direction and unit_norm == "%":
            q.direction = rate_list_at(scan, r["start"], max(0, cs - 80))
        in_list = prev is not None and prev_raw is not None and prev_raw.get("list_next") \
            and RE_CONNECTOR.fullmatch(scan[prev_raw["end"]:r["start"]])
        if not in_list and prev is not None and prev_raw is not None and not q.direction:
            # 约0.30个百分点和约0.24个百分点: a list whose members repeat their bound word
            gap = RE_GAP_QUALIFIER.sub("", scan[prev_raw["end"]:r["start"]])
            in_list = bool(RE_CONNECTOR.fullmatch(gap)) and prev.unit == q.unit
        if in_list and prev.direction and q.unit_norm != "%" and RE_TO.search(scan, prev_raw["end"], r["start"]) \
                and (q.unit_norm != prev.unit_norm or q.value > 3 * prev.value > 0):
            # 降3.6点至110.5点, 猛增150%至1.7万辆: a change, then the level it reached (a range's ends are alike
            # and in one unit; a rate reached, 微升0.1个百分点至10.1%, is still a rate of growth)
            in_list = False
        if in_list:
            q.direction = q.direction or prev.direction
            q.basis = q.basis or prev.basis
            gap = scan[prev_raw["end"]:r["start"]]
            if not q.qualifier and prev.qualifier and re.search(r"[至到—–~～\-－]", gap):
                q.qualifier = prev.qualifier  # 约2500万吨~3000万吨: the range shares its bound word
            elif q.qualifier == "左右" and not prev.qualifier and re.search(r"[至到—–~～\-－]", gap):
                prev.qualifier = q.qualifier  # 2~3%左右: about, at both ends
        named = before
        if prev_raw is not None and prev_raw["end"] > cs and RE_LIST_ITEM.match(scan, prev_raw["end"]):
            named = scan[prev_raw["end"]:r["start"]].lstrip("、和及与，")  # 风电1263万千瓦、光伏2041万千瓦
        q.metric = metrics.metric(scan, r["end"], r["unit"], named if not in_list else "")
        if not q.metric and prev is not None and metrics.same_kind(q.unit_norm, prev.unit_norm):
            q.metric = prev.metric
        out.append(q)
        prev, prev_raw = q, r
    _change_after_list(scan, out)
    return out


def _change_after_list(scan: str, out: list[Quantity]) -> None:
    """出口分别实现13.1%、32.8%、45.2%的增长: a change named after a list's last figure is every member's."""
    end = len(out) - 1
    while end > 0:
        start = end
        while start > 0 and out[start - 1].unit == out[end].unit \
                and RE_CONNECTOR.fullmatch(scan[out[start - 1].end:out[start].start]):
            start -= 1
        if start < end and (change := context.direction_after(scan[out[end].end:out[end].end + 12])) is not None:
            for q in out[start:end]:
                q.direction = q.direction or change
        end = start - 1


# everything up to the last clause break (greedy): its end is where the clause holding a position starts
RE_TO_CLAUSE_START = re.compile(rf"(?s:.*){RE_CLAUSE_BREAK.pattern}")


RE_ASIDE_BEFORE = re.compile(r"[（(][^（）()，,。；;]{0,30}[）)]$")
# a bracket inside a firm's name (莱克电气绿能科技（苏州）有限公司): the name's, not an aside
RE_NAME_GOES_ON = re.compile(r"有限|股份|公司|集团|银行")


def clause_start(text: str, pos: int) -> int:
    """Start of the clause ``pos`` is in: just after the last clause break before it, else 0. An aside in brackets
    does not end a clause (邮政行业业务收入(不包括…)累计完成6796.8亿元: the clause opens on 邮政)."""
    m = RE_TO_CLAUSE_START.match(text, 0, pos)
    if m is None:
        return 0
    if text[m.end() - 1] in "）)" and (aside := RE_ASIDE_BEFORE.search(text, 0, m.end())) is not None \
            and _inside_clause(text, aside.start(), m.end()):
        return clause_start(text, aside.start())
    return m.end()


def _inside_clause(text: str, start: int, end: int) -> bool:
    """Whether the bracketed aside ``text[start:end]`` stands inside a clause: after its words or another aside
    (not a list number opening it: （一）投资情况), and not inside a firm's name (…科技（苏州）有限公司)."""
    return start > 0 and (text[start - 1] in "）)" or not RE_CLAUSE_BREAK.match(text, start - 1)) \
        and not RE_NAME_GOES_ON.match(text, end)
