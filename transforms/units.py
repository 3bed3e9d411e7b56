"""One normalisation table for units: what a unit is written as → its base unit and factor.

A unit as written is ``[magnitude][base]`` (``万辆``, ``亿美元``, ``万元/人``); magnitude words fold
into ``value_norm`` (万 ×1e4, 亿 ×1e8, 万亿 ×1e12, 千 ×1e3, 百 ×100, 百万 ×1e6, 千万 ×1e7), ``成`` becomes
``%`` ×10. :data:`BASE_UNITS` lists every base unit the extractor knows, longest match first.

>>> normalise(11.3, "万辆")
(113000.0, '辆')
>>> normalise(7, "成")
(70.0, '%')
>>> normalise(28, "万元／人")
(280000.0, '元/人')
>>> normalise(2.4, "万元/平米")
(24000.0, '元/平方米')
"""

from __future__ import annotations

import re

MAGNITUDE: dict[str, float] = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4,
    "千": 1e3, "百": 1e2,
}

# base unit as written → (base unit as normalised, factor). Percent-like units first.
BASE_UNITS: dict[str, tuple[str, float]] = {
    # shares and changes
    "%": ("%", 1.0), "％": ("%", 1.0), "℅": ("%", 1.0),  # (同比增加9.1℅: the care-of sign typed for %)
    "‰": ("‰", 1.0), "个百分点": ("个百分点", 1.0),
    # a rate per 100,000 people (传染病发病率206.61/10万, 孕产妇死亡率为3.85/10万人)
    "/10万": ("/10万", 1.0), "／10万": ("/10万", 1.0), "/10万人": ("/10万", 1.0), "/十万": ("/10万", 1.0),
    "个千分点": ("个千分点", 1.0), "千分点": ("个千分点", 1.0),  # (出生率下降0.13个千分点: the change of a rate in ‰)
    "百分点": ("个百分点", 1.0), "成": ("%", 10.0), "倍": ("倍", 1.0),
    "个百分比": ("个百分点", 1.0),  # (a slip for 个百分点: 增速下降16.73和87.63个百分比)
    "个基点": ("个基点", 1.0), "基点": ("个基点", 1.0),  # (a yield up 7.2个基点: hundredths of a percentage point)
    # money
    "元人民币": ("元", 1.0), "人民币": ("元", 1.0), "元": ("元", 1.0), "美元": ("美元", 1.0), "港元": ("港元", 1.0),
    "港币": ("港元", 1.0), "欧元": ("欧元", 1.0), "日元": ("日元", 1.0), "英镑": ("英镑", 1.0),
    "韩元": ("韩元", 1.0), "澳元": ("澳元", 1.0), "美分": ("美分", 1.0),
    # counts with measure words
    "人次": ("人次", 1.0), "架次": ("架次", 1.0), "艘次": ("艘次", 1.0), "车次": ("车次", 1.0), "辆次": ("辆次", 1.0),
    "家次": ("家次", 1.0), "户次": ("户次", 1.0), "台次": ("台次", 1.0), "台套": ("台套", 1.0), "个": ("个", 1.0),
    "乘次": ("乘次", 1.0),  # (轨道交通日均客运量849.9万乘次: rides, counted at each boarding)
    "场次": ("场次", 1.0),  # (累计演出3185场次: performances, matches)
    "件次": ("件次", 1.0),  # (处理矛盾纠纷400余件次: cases handled, each time counted)
    "箱次": ("箱次", 1.0),  # (进出口集装箱6.9万箱次: containers moved)
    "股": ("股", 1.0), "列": ("列", 1.0), "趟": ("趟", 1.0),  # (开行旅客列车11416列, 5趟旅游列车)
    "列次": ("列次", 1.0),  # (地铁开行652580列次)
    "列辆架次": ("列辆架次", 1.0),  # (口岸进出境交通工具为76.9万列辆架次: trains, vehicles and aircraft at a port)
    "尾": ("尾", 1.0), "粒": ("粒", 1.0),  # (放流牙鲆100万尾, 鲍鱼苗1.2亿粒: fry and seed counted)
    "颗": ("颗", 1.0),  # (年产集成电路芯片70亿颗, 发射卫星12颗: chips and satellites counted)
    "种次": ("种次", 1.0),  # (截获有害生物2784种次: species counted each time found)
    "笔": ("笔", 1.0),  # (登记信托产品2884笔: deals, loans, transactions)
    "单": ("单", 1.0),  # (日均订单量约12.068万单: orders taken)
    "批次": ("批次", 1.0), "个批次": ("批次", 1.0),  # (抽查16356批次, 共抽检144个批次: lots of products tested)
    "轮": ("轮", 1.0),  # (已经融资7轮: rounds of financing, of talks)
    # divisions counted (下辖26区12县, 9市（州）)
    "市（州）": ("市（州）", 1.0), "县（市、区）": ("县（市、区）", 1.0), "省（区）": ("省（区）", 1.0),
    "省（区、市）": ("省（区、市）", 1.0), "区县": ("区县", 1.0), "县区": ("县区", 1.0),
    "区": ("区", 1.0), "县": ("县", 1.0), "家": ("家", 1.0), "所": ("所", 1.0), "台": ("台", 1.0),
    "款": ("款", 1.0), "栋": ("栋", 1.0), "幢": ("幢", 1.0), "批": ("批", 1.0), "项": ("项", 1.0),
    "户": ("户", 1.0), "辆": ("辆", 1.0), "人": ("人", 1.0), "名": ("名", 1.0), "位": ("位", 1.0),
    "座": ("座", 1.0), "条": ("条", 1.0), "张": ("张", 1.0), "部": ("部", 1.0), "艘": ("艘", 1.0),
    "架": ("架", 1.0), "套": ("套", 1.0), "件": ("件", 1.0), "枚": ("枚", 1.0), "袋": ("袋", 1.0),
    "盆": ("盆", 1.0), "处": ("处", 1.0), "头": ("头", 1.0),
    "只": ("只", 1.0), "羽": ("羽", 1.0), "株": ("株", 1.0), "棵": ("棵", 1.0), "本": ("本", 1.0), "片": ("片", 1.0),
    "场": ("场", 1.0), "次": ("次", 1.0), "种": ("种", 1.0), "类": ("类", 1.0), "宗": ("宗", 1.0),
    "间": ("间", 1.0), "根": ("根", 1.0), "份": ("份", 1.0), "口": ("口", 1.0), "支": ("支", 1.0),
    "岁": ("岁", 1.0), "篇": ("篇", 1.0), "册": ("册", 1.0), "例": ("例", 1.0), "床": ("床", 1.0),
    "席": ("席", 1.0), "堂": ("堂", 1.0), "对": ("对", 1.0),
    "舟次": ("舟次", 1.0),  # (出动舟艇8舟次: boat sorties)
    # blood collected (采集血液总量171.2万单位, 65293U), platelets by the dose (8.63万治疗量)
    "单位": ("单位", 1.0), "U": ("单位", 1.0), "治疗量": ("治疗量", 1.0), "个治疗量": ("治疗量", 1.0),
    "起": ("起", 1.0),  # (发生火灾4942起, 交通事故12起: events counted)
    # (收缴子弹75发, 烟花爆竹602箱: rounds and cases seized or sold)
    "发": ("发", 1.0), "箱": ("箱", 1.0),
    "枪": ("枪", 1.0),  # (充电桩68584枪: a charging post's connectors)
    "眼": ("眼", 1.0),  # (打井7眼, 机井1.2万眼: wells)
    "群": ("群", 1.0),  # (蜂群从1.2万群增加到3.3万群: bee colonies)
    # (免费安装假肢23具; 举办培训班12期: sessions of a course, where one is named, see scan)
    "具": ("具", 1.0), "期": ("期", 1.0),
    "块": ("块", 1.0),  # (银幕7738块, 450块银幕: screens, plots, boards counted; 5块钱 is money, no count)
    "张床": ("张", 1.0),
    # physical
    "标准箱": ("标准箱", 1.0), "标箱": ("标准箱", 1.0), "TEU": ("标准箱", 1.0),  # (集装箱124.9万TEU)
    "吨标准煤": ("吨标准煤", 1.0), "吨标煤": ("吨标准煤", 1.0),
    "吨": ("吨", 1.0),
    # ships by deadweight and by compensated gross tonnage (造船完工653万载重吨, 新接订单1200万修正总吨)
    "载重吨": ("载重吨", 1.0), "修正总吨": ("修正总吨", 1.0),
    # wagonloads (日均装车141290车, 14.8万车): a unit only where no word goes on (车辆, 车型 are words)
    "车": ("车", 1.0),
    # futures and shares traded in lots (成交量为7.06亿手), with a magnitude only (二手房 is no lot)
    "手": ("手", 1.0),
    "公斤": ("公斤", 1.0), "千克": ("公斤", 1.0), "克": ("克", 1.0),
    "千瓦时": ("千瓦时", 1.0), "千瓦小时": ("千瓦时", 1.0), "度电": ("千瓦时", 1.0), "千瓦": ("千瓦", 1.0),
    "千伏安": ("千伏安", 1.0),
    # data and bandwidth (移动互联网流量87.1亿GB; 出口带宽5.11万G, a magnitude's gigabits: 5G is a network)
    "GB": ("GB", 1.0), "TB": ("GB", 1e3), "G": ("G", 1.0), "标准机架": ("标准机架", 1.0),
    "兆瓦": ("千瓦", 1e3),
    "兆瓦时": ("千瓦时", 1e3), "吉瓦时": ("千瓦时", 1e6), "吉瓦": ("千瓦", 1e6),
    "kWh": ("千瓦时", 1.0), "MWh": ("千瓦时", 1e3), "GWh": ("千瓦时", 1e6), "TWh": ("千瓦时", 1e9),
    "kW": ("千瓦", 1.0), "MW": ("千瓦", 1e3), "GW": ("千瓦", 1e6),
    # transport work: passengers or tonnes times distance
    "人公里": ("人公里", 1.0), "吨公里": ("吨公里", 1.0),
    "列公里": ("列公里", 1.0), "车公里": ("车公里", 1.0),  # (地铁总运行里程80.2524万列公里, 960.7767万车公里)
    # an index stated in points (上证综指收于3200点)
    "点": ("点", 1.0), "个点": ("点", 1.0),  # (指数比上周五上升0.26个点)
    "平方公里": ("平方公里", 1.0), "平方千米": ("平方公里", 1.0), "平方米": ("平方米", 1.0),
    "平米": ("平方米", 1.0), "㎡": ("平方米", 1.0), "平": ("平方米", 1.0),  # (76.06万平: with a magnitude only)
    "m2": ("m2", 1.0), "m²": ("m2", 1.0), "km2": ("平方公里", 1.0), "立方米": ("立方米", 1.0),
    "m3": ("立方米", 1.0), "m³": ("立方米", 1.0),  # (水资源总量为11.50亿m3: a bulletin's cubic metres)
    # (养殖面积44.91万hm2: hectares, as journals write; 水产品总产量272.59万t: tonnes, after a magnitude only)
    "hm2": ("公顷", 1.0), "hm²": ("公顷", 1.0), "t": ("吨", 1.0),
    "公顷": ("公顷", 1.0), "亩次": ("亩次", 1.0), "亩": ("亩", 1.0), "公里": ("公里", 1.0), "千米": ("公里", 1.0),
    # electricity in 度 (kWh, as 度电) when a magnitude says so (1663亿度; 30度 alone is a temperature or an angle)
    "度": ("千瓦时", 1.0),
    # cubic metres as gas, water and earth are counted with a magnitude (300亿方, 10万方土石方; 双方, 一方 are words)
    "方": ("立方米", 1.0),
    # gold counted in taels with a magnitude (年产黄金185万两; 两 alone is two: 两个, 一万两千)
    "两": ("两", 1.0),
    "毫米": ("毫米", 1.0), "mm": ("毫米", 1.0),  # (降水量1411.4毫米, 最大小时雨强70mm: rain and lengths)
    "厘米": ("厘米", 1.0), "cm": ("厘米", 1.0),  # (草群平均高度为28.6cm, 草层高度10~20厘米)
    # livestock in sheep units, as grazing capacity is counted (减畜4.7万个羊单位, 理论载畜量120万羊单位)
    "羊单位": ("羊单位", 1.0), "个羊单位": ("羊单位", 1.0),
    "米": ("米", 1.0), "升": ("升", 1.0), "斤": ("斤", 1.0),
    "千升": ("升", 1e3),  # (规模以上白酒产量42.79万千升: liquor and wine by the kilolitre)
    "市斤": ("斤", 1.0), "担": ("担", 1.0), "℃": ("℃", 1.0), "摄氏度": ("℃", 1.0),
    "微克/立方米": ("微克/立方米", 1.0), "微克／立方米": ("微克/立方米", 1.0),
    # durations stated as quantities (每3分钟, 去化周期10.8个月); years, months and days are dates and never
    # units, nor is a span that dates a figure (前5个月, 连续3个月: the extractor skips those)
    "分": ("分", 1.0),  # (得分均值为60.53分: points of a score; a unit only where a score is named, see scan)
    "分钟": ("分钟", 1.0), "秒": ("秒", 1.0), "小时": ("小时", 1.0), "天": ("天", 1.0), "个月": ("个月", 1.0),
    "个工作日": ("个工作日", 1.0),  # (抵押登记2个工作日内办结: a service's time limit)
}

# denominators of rates (元/人, 万元/亩)
# units that are amounts only after a magnitude (1663亿度, 76.06万平): alone they are words (30度高温, 5平3负)
# (7.2万G of bandwidth, 87.1亿GB of data, not 5G, 128GB: a network, a phone's storage)
MAGNITUDE_ONLY = frozenset({"度", "平", "手", "方", "G", "GB", "t", "两"})

RATE_DENOMINATORS = ("百平方公里", "平方公里", "百人",
                     # (物业管理收费1.10元/平方米·月: a fee per square metre and month)
                     "平方米·月", "平方米•月", "平方米/月", "㎡·月", "平米·月",
                     "平方米", "平米", "㎡", "平", "人次", "人·月", "人•月",
                     # (低保标准510元/人月, 610元/人/月, 4200元/人/年; 补助100元/人/天: per person and month, year, day)
                     "人/月", "人/年", "人/天", "人/日", "人月", "人年", "人·年", "人•年", "人·天", "户/月", "户/年",
                     "人",
                     "公里·日", "公里•日",  # (客运强度0.66万人次/公里·日: a metro line's daily passengers per km)
                     "亩", "公顷", "吨",
                     "户", "千瓦时", "公斤", "千克", "斤", "辆", "台", "年", "月", "天", "日", "周", "小时",
                     # (commodity prices: 美元/桶, 美分/蒲式耳, 元/克; fuel: 元/升)
                     "桶", "盎司", "蒲式耳", "磅", "克", "股", "秒", "升",
                     "担",  # (蚕茧价格1620元/担: a price per 担 of 50 kg, as farm produce is sold)
                     "万元",  # (单位GDP能耗0.664吨标准煤/万元: energy per 10,000 yuan of output)
                     "公里",  # (a taxi's fares: 1.50元/公里, 起租价5.00元/2公里)
                     "立方米")  # (gas and water prices: 1.70元/立方米)
# a denominator written colloquially (元/平米, 元/㎡, 83000元/平)
DENOMINATOR_NORM = {"平米": "平方米", "㎡": "平方米", "平": "平方米"}
# (公路密度151公里/百平方公里, 粮食单产966.8斤/亩)
RATE_NUMERATORS = ("元", "美元", "美分", "欧元", "港元", "吨", "公斤", "千克", "斤", "千瓦时", "人次", "人", "辆", "部",
                   "GWh", "MWh", "千瓦", "标准箱", "标箱", "公里", "升", "立方米", "吨标准煤", "吨标煤",
                   "米")  # (风速超过7米/秒: a speed)

_SLASH = "/／"


# what may not follow a unit (百分点 is no 百 + 分; 千分之三 no 千 + 分)
# (结婚登记412286对, a count of couples; not 对比, 对于, 对外…: 对 as a preposition)
# (收购春蚕5000担, 15万担 of tobacco; not 担任, 担保, 担当: a verb)
# (火灾4942起; not 起步, 起来, 起降, 起诉: a verb)
UNIT_NOT_BEFORE = {"分": "(?![点比之])",
                   "两": "(?![千百十万亿个年天倍位人项种次名家台辆条只头部座所])",  # (not 1万两千, 3万两个)
                   # (not 3单元, 2单位, 5单车: a unit of a building, of measure, a bicycle)
                   "单": "(?![元位价车独项身品次据一个间子程双])",
                   "对": "(?![比于外接待标话手象照应口策称等付抗冲上下])",
                   "担": "(?![任保当负心忧纲])", "U": "(?![A-Za-z盘])",
                   "起": "(?![来步见飞跑始止算草源因色降诉航点价])",
                   # (not 1.发电装机, 3发展: a verb after a list number; not 11500箱LNG船, 2箱变: a size, a part)
                   "发": "(?![展生现布出放行动明挥射起表送达酵病力言改货证给电文热])",
                   "箱": "(?![包体式变梁涵型位A-Za-z])", "具": "(?![有体备])",
                   "枪": "(?![手支击战械炮声弹])", "眼": "(?![睛光界中前里神镜科泪看望])",
                   "群": "(?![众体岛落组聊居英星山峰])", "cm": "(?![A-Za-z])"}


# what may not precede a unit (零担: less than a truckload, no zero 担)
UNIT_NOT_AFTER = {"担": "(?<!零)"}


def _alternation(words) -> str:
    return "|".join(UNIT_NOT_AFTER.get(w, "") + re.escape(w) + UNIT_NOT_BEFORE.get(w, "")
                    for w in sorted(words, key=len, reverse=True))


# (a rate written with 每: 11.9万元每平米, 18.3万元每平方米, as with a slash)
# (a price per a counted amount, 11.64元/500克, 674.55元/50公斤, 69.75元/5升: the amount stays in the unit)
PER_AMOUNT = r"[1-9]\d{0,3}"  # the amount a price is per, in its denominator (500 of 元/500克)
RE_RATE = re.compile(f"(?:{_alternation(RATE_NUMERATORS)})(?:[{_SLASH}]|每(?=平))(?:{PER_AMOUNT})?"
                     f"(?:{_alternation(RATE_DENOMINATORS)})")


# unit as written: optional magnitude then a rate or base unit (longest first)
UNIT_PATTERN = (
    f"(?:{_alternation(MAGNITUDE)})?(?:{RE_RATE.pattern}|{_alternation(BASE_UNITS)})"
)
RE_UNIT = re.compile(UNIT_PATTERN)
RE_MAGNITUDE_PREFIX = re.compile(f"^({_alternation(MAGNITUDE)})")


def split_unit(unit: str) -> tuple[float, str]:
    """Magnitude factor and the rest of a unit as written: ``"万辆"`` → ``(1e4, "辆")``."""
    m = RE_MAGNITUDE_PREFIX.match(unit)
    if unit in BASE_UNITS or RE_RATE.fullmatch(unit):
        return 1.0, unit
    if m and len(unit) > len(m.group(1)):
        return MAGNITUDE[m.group(1)], unit[m.end():]
    return 1.0, unit


RE_PER_AMOUNT = re.compile(PER_AMOUNT)


def normalise(value: float, unit: str) -> tuple[float, str]:
    """``(value_norm, unit_norm)`` for a value and its unit as written."""
    factor, base = split_unit(unit)
    if base in BASE_UNITS:
        norm, f = BASE_UNITS[base]
        return value * factor * f, norm
    rate = RE_RATE.fullmatch(base)
    if rate:
        num, den = re.split(f"[{_SLASH}]|每", base, maxsplit=1)
        num_norm, f = BASE_UNITS.get(num, (num, 1.0))
        per = RE_PER_AMOUNT.match(den)
        if per is not None:  # 11.64元/500克 → 0.02328 元/克: a price per one of the amount's units
            f, den = f / int(per.group()), den[per.end():]
        return value * factor * f, f"{num_norm}/{DENOMINATOR_NORM.get(den, den)}"
    return value * factor, base

# measure words of counted things (个, 家, 台 …): a count of fewer than ten written in Chinese numerals
# (一台, 两个方面) is a word, and the noun after a count names what is counted
COUNT_UNITS = {"个", "对", "家", "所", "台", "款", "栋", "幢", "批", "项", "户", "辆", "人", "名", "位", "座", "条",
               "张", "部", "艘", "架", "套", "件", "枚", "袋", "盆", "处", "头", "只", "株", "棵", "本", "片", "场",
               "次", "种", "类", "宗", "间", "根", "份", "口", "支", "篇", "册", "例", "床", "人次", "台套", "点",
               "席", "堂", "区", "县", "区县", "县区", "市（州）", "县（市、区）", "省（区）", "省（区、市）",
               "家次", "户次", "台次", "辆次", "场次", "件次", "股", "列", "趟", "笔", "单", "轮", "列次", "尾", "粒",
               "批次", "列辆架次", "块", "起", "发", "箱", "具", "期", "个工作日", "枪", "眼", "群", "颗", "种次"}
