"""Context of a quantity inside its sentence: period, target, direction, qualifier, basis.

Each function looks at the text around one number; regexes are compiled once, and none of them can
backtrack badly (bounded alternations, no nested quantifiers).

>>> [m.group() for m in RE_PERIOD.finditer("今年1月至7月累计完成，上半年增长，“十三五”时期")]
['今年1月至7月', '上半年', '“十三五”时期']
>>> direction_before("同比增长")
'up'
>>> qualifier_before("总估值超")
'超'
"""

from __future__ import annotations

import re

from transforms.rx import guarded

CN_D = "一二三四五六七八九十"
# (2022上半年: a headline's year without its 年; 17年四季度, 18年上半年: a blog's two-digit year before a part of it;
# 截止20226月底: a year run into its month, as typed)
_YEAR = (rf"(?:(?:\d{{4}}|[{CN_D}〇零○]{{4}})年(?:度)?|(?<!\d)\d{{4}}(?=[上下]半年|[一二三四]季度)|"
         rf"(?<!\d)(?:19|20)\d\d(?=(?:[1-9]|1[0-2])月(?!\d))|"
         rf"(?<![\d.．])[12]\d年(?=[上下]半年|[一二三四1-4]季度|全年|\d{{1,2}}月|[底末初])|"
         rf"今年|去年|上年|明年|当年|本年|全年)")
_MONTH = r"\d{1,2}(?:月份?)?"
# (大年初一; a lunar day alone, 初一接待游客…, not a school year: 初一学生, 初三年级)
_LUNAR = (rf"(?:除夕|正月(?:初[{CN_D}]|十[{CN_D}]?|二十)|大年初[{CN_D}]"
          rf"|(?<![\u4e00-\u9fff\d])初[{CN_D}](?![年级学新班生\u4e00-\u9fff]*[级班生]))")
# (“十一”: 国庆 in quotes only; 春运, 暑运: the travel rush around the holiday, a season of its own)
HOLIDAY = r"(?:国庆|春节|五一|中秋|元旦|端午|清明|(?<=“)十一(?=”)|春运|暑运)"
# a holiday's days as a span (6天里, 7天时间): a period when it opens a clause (periods), no quantity of days (scan)
DAYS_SPAN_WORD = r"(?:里|时间|内)"
DAYS_SPAN = rf"[{CN_D}两\d]{{1,2}}天{DAYS_SPAN_WORD}"
BARE_SHORT_YEAR = r"(?<![^，,；;。：:\s])[12]\d年(?![来间内前后多里度的个期国以之半\d])"
# what joins the ends of a range (1-6月, 1——6月: a doubled dash too)
DASH = r"(?:——|－－|[-—–~－～至到])"
WEEK_OF_YEAR = r"第[0-5]\d周"  # (2022年第21周, 第04周: as weekly price reports number them)
HORIZON_WORDS = r"(?:近|这|那|前|早)些年来?|近(?:几)?年来|多年来"
# a holiday's year by its zodiac animal (羊年春节假期第一天)
_ZODIAC_YEAR = rf"[鼠牛虎兔龙蛇马羊猴鸡狗猪]年(?=“?{HOLIDAY})"
_PERIOD_BODY = (
    rf"(?:{_YEAR}|{_ZODIAC_YEAR})?(?:前三季度?|前[两二三]季度?|(?<![上下])[一二三四1-4]季度|第[一二三四1-4]季度?|[上下]半年度?|全年|"
    # (今年前两月: a headline's months without 个; not 前一月, the month before, nor 之前两月连跌, the two before)
    rf"前\d{{1,2}}个?月|前[{CN_D}两]{{1,3}}个月|(?<![之此])前(?:十[一二]?|[二三四五六七八九两])月|"
    # a winter and the spring after it, a farming and planting season (去冬今春造林36.7万亩, 今冬明春建设任务)
    rf"去冬今春|今冬明春|"
    # the travel rush by its name alone, after its year or opening a clause or its figures (2026年春运收官,
    # 今年春运累计…, 去年春运同期; not 做好春运工作, 春运办)
    rf"(?:(?<=年)|(?=..(?:[，,：:\s]|同期|以来|累计|共|全[省市区县国]|[我本][省市区县])))(?:春运|暑运)|"
    # a season across two years: a sugar mill's crushing season (海南省2020/21年榨季, 2009/10榨季, 本榨季; 上制糖期:
    # the one before), a winter's ski season (2016至2017年冰雪季, 2016-2017年雪季)
    rf"(?:\d{{4}}(?:[/／]|{DASH})\d{{2,4}}年?|本|上|新|当|该|今)?(?:榨季|制糖期|冰雪季|雪季)|"
    # a farming season after its year or opening a clause (今年春收，全市种植马铃薯6.5万亩; 三夏期间; not 秋收起义)
    rf"(?:(?<=年)|(?=..(?:[，,：:\s]|期间|以来)))(?:春收|夏收|秋收|春播|夏播|秋播|春耕|三夏|三秋)(?:期间|以来)?|"
    # this year and the next (今明两年投资14亿元); from today, from its first hour (今起, 今日零时起: a price's)
    rf"今明两年|(?<![至到])今(?:日|天)?(?:零时|24时|\d{{1,2}}时)?起(?![来步草])|"
    # the flood season (梅汛期本站雨量338毫米, 今年汛期，全市…; not 汛期前, 汛期后: before or after it)
    rf"(?:梅|主)?汛期(?![前后])|"
    # (入汛以来，全市平均降水量66.3毫米; 入冬以来: since a season began)
    rf"入[汛冬春夏秋梅](?=以来)|"
    # a span of days, perhaps across years (10月1日至7日, 2019年1月1日到2021年12月31日)
    # (7月6日6时—7日6时, 6日8时至7日8时: a rainfall's hours, from one day's to the next's)
    rf"\d{{1,2}}月\d{{1,2}}日(?:{DASH}(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日|(?:\d{{1,2}}|零)[时点](?![\d多])"
    rf"(?:{DASH}(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?\d{{1,2}}[时点](?![\d多]))?)?|"
    rf"(?<![\d月])\d{{1,2}}日\d{{1,2}}[时点]{DASH}(?:\d{{1,2}}日)?\d{{1,2}}[时点](?![\d多])|"
    rf"\d{{1,2}}月\d{{1,2}}{DASH}\d{{1,2}}日|"  # (6月11至15日: the first day's 日 left out)
    # (2024年1月至2024年6月, 2022年12月至2023年3月: the second month's year written too)
    rf"{_MONTH}{DASH}(?:(?<=月[至到])\d{{4}}年)?\d{{1,2}}月份?|"
    # a range of months in Chinese numerals (一至七月, 一月至十一月份)
    rf"(?<![{CN_D}两\d])(?:十[一二]|[{CN_D}])(?:月份?)?{DASH}(?:十[一二]|[{CN_D}])月份?|"
    # a range of quarters (1-3季度, 一至三季度)
    rf"[{CN_D[:4]}1-4]{DASH}[{CN_D[:4]}1-4]季度?|"
    # the period a listed firm's report covers (2021半年报, 2022年一季报)
    rf"(?<!\d)\d{{4}}年?(?:半年度报告|年度报告|半年报|年报|中报|一季报|三季报)|"
    # weeks of a month (6月第一周, 6月的第三周), a week of the month in force (第二周)
    # (a week of the year: WEEK_OF_YEAR)
    rf"\d{{1,2}}月份?的?第[一二三四五1-5]周|(?<![月的])第[一二三四五1-5]周|(?<![月的\d]){WEEK_OF_YEAR}|"
    # parts of two months (11月底至12月初, 3月下旬至4月上旬)
    rf"\d{{1,2}}月(?:上旬|中旬|下旬|初|底|末){DASH}(?:\d{{4}}年)?\d{{1,2}}月(?:上旬|中旬|下旬|初|底|末)?|"
    # (not 26月 of 20226月底: a month is one or two digits, no more)
    rf"(?:(?<!\d)|(?<=(?:19|20)\d\d))\d{{1,2}}月份?(?:上旬|中旬|下旬|初|底|末|中(?![国心部央华东西南北共小大]))?|"
    # (截止2018年11底: a month's end with its 月 left out, after a year)
    rf"(?<=\d{{4}}年)\d{{1,2}}[底末](?![\d])|"
    # a month in Chinese numerals (一月份, 十二月: Macau's and Hong Kong's pages)
    rf"(?<![{CN_D}两\d])(?:十[一二]|[{CN_D}])月份?(?:上旬|中旬|下旬|初|底|末)?|"
    # holidays, perhaps of a year (去年清明假期)
    # days of the lunar new year (除夕至正月初六)
    rf"{_LUNAR}(?:[-—至到](?:{_LUNAR}|初[{CN_D}]))?|"
    # the first days or months of an event (冲突爆发的头100天里)
    rf"头[{CN_D}两\d]{{1,3}}(?:天|个月|周)(?![\d])|"
    # (“双十一”当天, 双11期间, 双“11”期间, “双十一网购节”期间: the shopping festivals' days; not one a cause names,
    # 为“双十一”等节假日备货)
    rf"(?<!为)(?<!为“)“?双“?(?:十一|11|十二|12)(?![\d])”?(?:网购节|购物节|购物狂欢节|狂欢节)?”?(?!等)(?:当天|期间)?|"
    # (今年首4個月, 首三季, 首季: the first months or quarters, as Hong Kong and Macau write them)
    rf"首[{CN_D}两\d]{{1,2}}[个個]月|首[一二三]?季度?(?!名)|"
    # a holiday's days opening a clause (6天里，…; 7天时间，…)
    rf"(?<![\d{CN_D}两头]){DAYS_SPAN}(?=[，,])|"
    # a holiday by its days (长假7天, 春节7天, 国庆假期首日)
    # (“五一”三天假期: in quotes, the days, then the holiday's word)
    rf"(?:“?{HOLIDAY}(?:节?”)?(?:节|长假|黄金周|小长假|假期)?|长假|小长假|黄金周)"
    rf"[{CN_D}两\d]{{1,2}}天(?:假期|长假|小长假|黄金周|(?![内里]))|"
    rf"(?:{HOLIDAY}(?:节|长假|黄金周|小长假|假期)?|长假|小长假|黄金周|假期)"
    rf"(?:首日|第[{CN_D}\d]天|最后一天)|"
    # (“五一”期间: the holiday in quotes; “五一”假日期间; 元旦档期, 春节档: its films' slot)
    rf"“?{HOLIDAY}(?:节?”)?(?:(?:节日|节|长假|黄金周|小长假|假期|假日)?期间|节?当天|节(?:假期|小长假|长假)?|假期|假日|"
    rf"长假|黄金周|小长假|档(?:期间|期)?)|(?:长假|小长假|黄金周)期间|"
    # (节日期间，长沙飞行服务站共受理…: the holiday the headline names, by its days)
    rf"(?:节假日|节日|假日|假期)期间)"
    rf"|\d{{4}}年?{DASH}\d{{4}}年"
    rf"|{_YEAR}(?:底|末|初)?|(?<![上去明今本当半])年(?:末|底|初)"
    rf"|“?十[一二三四五]五”?(?:时期|期间|以来|末)?"
    # the month before the data month (由上月下降6.0%), horizons (过去两年, 未来五年), the present (目前, 如今)
    # (报告期内: the period a firm's report covers)
    rf"|(?:上个?|本|当)月份?|(?:本|上|当)周|(?:上|本|当)季度?|本期|报告期内?|(?:过去的?|最近|近)[{CN_D}两\d]{{1,2}}多?年(?:以来|来|间)?|(?:未来|今后)[{CN_D}两\d]{{1,2}}多?年|目前|如今|眼下(?=[，,])|(?<![表体出实呈展])现在(?!的)"
    # the year as the span of what a clause reports, opening it (年内，全区新增学位1350个; not 创年内新低)
    rf"|(?:^|(?<=[，,。；;：:\s]))年内(?=[，,])"
    # spans up to now (3年来, 22年间, 近年来, 这些年来, 前些年)
    rf"|(?<![\d{CN_D}两])[{CN_D}两\d]{{1,2}}年多?(?:来|间|内)|{HORIZON_WORDS}"
    # (湖北20年累计退耕还林超2000万亩, 五年累计引进重大项目: the years a total runs over)
    rf"|(?<![\d{CN_D}两.])[{CN_D}两\d]{{1,2}}年累计"
    # a blog's year in two digits opening a clause (15年超过100万辆，16年接近200万辆), not a span (15年后, 10年期);
    # periods() keeps it only in a series of such years
    rf"|{BARE_SHORT_YEAR}"
    # a day of the data month, with a time (截至9日14：00时)
    rf"|(?<=截至)\d{{1,2}}日(?:\d{{1,2}}[:：]\d{{2}}时?|\d{{1,2}}[时点](?![\d多]))?"
    # yesterday as the day a count is taken to (截至昨日0时, 截止到昨天), not a day news was told on (昨日，…表示)
    rf"|(?:(?<=截[至止])|(?<=截止到))(?:昨日|昨天)(?:\d{{1,2}}[时点])?"
)
# (自2014年起，已建成…: the span from a year on, its 起 kept as written; 2019年6月后，按照新政策…: from a month on;
# 自今年7月1日起执行, 自2月19日起机场…: from a day or month on, whatever follows)
PERIOD_PATTERN = (rf"(?:截至|截止到?|进入|自|从)?(?:{_PERIOD_BODY})"
                  rf"(?:以来|期间|后期|前期|中期|末|底|前(?![{CN_D}两\d个])|起(?=[，,])|(?<=[月日])起(?![来步见飞跑始止算草源因色降诉航点价码])|"
                  rf"(?<=[年月日])(?:以|之)?后(?=[，,]))?")
# guarded: a position that holds no character a period can start with is passed over at once, not tried against
# each of the alternatives (six times faster over news text)
RE_PERIOD = guarded(re.compile(PERIOD_PATTERN))
# a date followed by what happened on it is an event, not the period of a figure (4月18日公布, 8月10日电)
# (天齐锂业8月23日晚间披露半年报: the day a report came out, not its figures' period)
RE_EVENT_AFTER = re.compile(r"[^，。；;,]{0,8}?(?:开幕|闭幕|召开|举行|举办|发布|公布|披露|公告|印发|出台|开通|开工|"
                            # (2026年春运自2月2日开始，至3月13日结束: the season's first and last days)
                            r"启动|上线|揭牌|签署|签约|宣布|电|讯|消息|报道|到期|开始|结束|落下帷幕|落幕|收官)")
# (8月23日，中国证券业协会发布…: the day a body released the figures, its name between)
# (9月15日晚间,川恒股份(002895．SZ)发公告称: the hour, and a firm's stock code, before the comma and the verb)
RE_EVENT_BY_AFTER = re.compile(r"(?:晚间|早间|上午|下午|晚|早)?[，,](?:[^，。；;,\d（(]|[（(][^）)]{1,14}[）)]){1,24}?"
                               r"(?:发布|公布|召开|举行|举办|印发|出台|宣布|开工|奠基|签约|揭牌|开幕|启动|发公告|公告)")
RE_PLAN_AFTER = re.compile(r"任务|计划|目标|预期")
# (完成了全年建设任务, 完成全年80亿目标任务的125.64%: a plan named as done, perhaps by its figure; not 全年的销售目标，
# 即5.5万吨, a goal's period)
RE_DONE_PLAN_AFTER = re.compile(r"[^，,。；;\d的]{1,4}?任务|"
                                r"[\d.]+[万亿千百]*元?[^，,。；;\d的]{0,3}?(?:目标|任务|计划)")
RE_DONE_BEFORE = re.compile(r"完成了?$")
# a past year that qualifies a noun (去年价格变动的翘尾影响), not the time of the statement (去年将盈余的13万吨配额
# 进行交易: 将/把 open what was done that year)
RE_YEAR_MODIFIER_AFTER = re.compile(r"(?![将把])[^，。；;,、\d的将把]{1,6}的")
# a policy or plan the year names as new then (2019年新出台的减税政策, 2018年实施的…措施)
RE_POLICY_OF_YEAR_AFTER = re.compile(r"(?:新|已|所)?(?:出台|实施|推出|发布|印发|出台实施)的[^，。；;,\d]{0,8}?"
                                     r"(?:政策|措施|办法|规定|条例|方案|意见)")
# a period word that is really the comparison base (去年同期, 比2020年, 是2012年末的3.4倍) or a duration (三年)
# (从上月下降转为上涨: a change of direction against last month)
# (11月同比增长: the month is the period; 去年同比 is a base)
RE_NOT_PERIOD_AFTER = re.compile(r"同期|(?<=去年|上年|上月|前年)同比|的同|相比(?![^，,。；;\d]{0,2}\d{4}年)|"
                                 r"以前|之前|前$|"
                                 r"的?[\d０-９.．一二两三四五六七八九十]+多?倍|"  # (是2019年两倍: the base)
                                 r"(?<=上月)[^，,。；;\d]{0,6}?转为|"
                                 # (在年末需求推动下: a cause, not the figure's period)
                                 r"[^，,。；;\d]{0,6}?(?:推动|带动|拉动|影响|作用|支撑|刺激)下|"
                                 r"(?<=月)(?:份)?(?:期货)?合约|"  # (美油9月合约: a futures contract's month)
                                 # (电信业务总量(2023年不变单价): the year of the prices a volume is valued at)
                                 r"(?<=年)(?:不变单价|不变价格?|价格计算|价格水平)|"
                                 r"(?<=上年)(?:结余|结转)")  # (上年结余结转收入92.2亿元: a budget's item)
# (2010年相比2009年: the period, then its base; 2011年1-5月与2010年1-5月…相比: the base of a comparison)
RE_COMPARED_AFTER = re.compile(r"[^，,。；;]{0,16}?相比")
# (在10月同比多增的基础上: the base of a change, after 在)
RE_BASE_FRAME_AFTER = re.compile(r"[^，,。；;]{0,12}?的基础上")
# (于 after an adjective compares, 高于去年; else it dates: 将于今年投产, 分别于2021年一季度末与…)
# (比 上年: a page's blank after the word)
RE_NOT_PERIOD_BEFORE = re.compile(r"(?:比|较|相比于?|相较于?|对比|相对|与|"
                                  r"(?:[高低快慢大小多少等好优强弱胜较]|相当|相对)于|和|同|延续|继续|保持|沿袭) ?$")
# a holiday as a cause (因端午节放假减少一个工作日), not a cause's own period (因去年第三季收缩3.6%)
RE_CAUSE_BEFORE = re.compile(r"(?:因|由于)$")
RE_MULTIPLE_OF_AFTER = re.compile(r"[^，,。；;\d]{0,10}?的[\d.]+倍")
RE_SHARE_OF_BEFORE = re.compile(r"(?:(?:^|[，,；;])(?:仅|约|只|已经?)?(?:为|是|达到?)|相当于|恢复(?:至|到|了))$")
RE_SHARE_OF_AFTER = re.compile(r"(?:同期)?(?:水平)?的(?:约|近|超过?)?\d+(?:\.\d+)?(?:%|％|成|倍)")
# the whole a share is taken of, named after 占 (占今年电脑票销量的55.33%): its period is the whole's
RE_SHARE_WHOLE_AFTER = re.compile(r"[^，,。；;\d]{1,12}?的(?:比重|份额|比例)?(?:为|达到?|约|近|超过?)?"
                                  r"\d+(?:\.\d+)?(?:%|％|成)")
RE_HOLIDAY_WORD = re.compile(rf"{HOLIDAY}|节|假")

RE_BASIS = re.compile(
    r"同比|环比|两年平均|[同环](?=[增降涨跌减])|"  # (同增, 环增: 同比, 环比 in short)
    r"按[年月](?=[增减升降涨跌上下回录])|"  # (按年增长, 按月下跌: 同比 and 环比 as Hong Kong writes them)
    # (年增62.48%, 月增3.78%, 季增20.36%, 年增率67%: 同比 and 环比 as Taiwan writes them; not 全年增, 3月增)
    r"(?<![\d一二三四五六七八九十两全上下本当今去明前同环])[年月季](?=[增减]率?(?:[\d.]|高达|达|为|$))|"
    r"(?:比|较|相比)(?:上年末|上年|去年|上周[一二三四五六日天]|上一?[年月旬季周](?:末|底)?|\d{4}年(?:末|底)?|"
    r"\d{1,2}(?:[-—至]\d{1,2})?月(?:份|末|底)?|年初|年末|前一年|同期)"
    r"(?:同期|执行数)?"
)
# a plan or goal named as done (完成全年目标48.7%, 完成年度计划82.3%): no marker
_NOT_DONE = r"(?<!完成)(?<!完成全年)(?<!完成年度)"
# a goal's horizon after 到/至 (到2025年, 到年底): a target marker (RE_TARGET), and no period of its own (periods())
GOAL_HORIZON = r"\d{4}年|本世纪|[一二三四]季度|年底|年末|今年底|明年"
RE_TARGET = guarded(re.compile(
    # a plan is a target, but not one completed so far (完成年度计划82.3%: achieved, like 完成年度计划的78.6%)
    # (比市场预期高了0.2个百分点, 如市场预期环比下降了0.1%: the outcome measured against the forecast)
    # a forecast's modal before a level (收益率可能低至1.25%, 可能会跌破1%), a plan's 拟 (拟投资, 拟在2023年达到)
    # (预期寿命: life expectancy, an indicator, no forecast)
    r"(?<!不)可能(?:会|将)?(?=低至|高达|达到?|跌破|突破|升至|降至|回落至|在|超过|为)|(?<![模虚草])拟|"
    # (冲击3500亿产值 aims at a figure; 疫情对经济冲击较大 is an impact)
    # (努力争取市级和县级财政资金支持: funds sought, read as 争取 below, no 力争)
    r"(?<!努)力争|冲击(?=[约近超逾]?(?:\d|[一二两三四五六七八九十百千]+[百千万亿]))|"
    # (超出任务目标12509套, 较目标产量增加21.1公斤/亩: by how much the outcome beat the goal; 占比目标: a share as goal)
    # (控制在预期目标以内, 低于预期目标1.4个百分点: the outcome against the goal; 预期态势向好: sentiment; “双碳”目标:
    # a goal by its name)
    # (以争取利息收益最高为目标，将18.01亿元…配置: an aim that names no figure; one that does is read by target_after)
    rf"(?<!超出)(?<!超出任务)(?<!超过)(?<!超过任务)(?<!超)(?<!超省定)(?<!超市定)(?<!超年度)(?<![于如比较]预期)(?<!”)(?<!占)(?<!占全年)(?<!占年度)(?<!为)(?<!”这一)(?<!较)(?<![^占]比){_NOT_DONE}目标(?!任务的|的|任务[，,。]|以内|之内|范围内|企业|公司|资产|股权|客户|市场|群体|(?:任务)?进度)|"
    # (提振信心、引导预期, 稳预期: a policy on expectations, no forecast)
    r"预计(?![^，,。；;\d]{1,6}?量的)|(?<!引导)(?<!稳)(?<!稳定)(?<!提振)(?<!改善)(?<!管理)预期(?!寿命|目标(?:以内|之内|范围内)|态势|向好|改善|转好|增强|偏弱|减弱|走弱|转弱|不足|稳定)(?<![于如比较]预期)(?<![于如比较]市场预期)(?<!完成全年预期)(?<!完成年度预期)(?<!符合预期)(?<!超预期)(?<!不及预期)(?<!超出预期)(?<!符合市场预期)|预测(?![^，,。；;\d]{0,4}?(?:资源量|储量))|预估(?=的|为|值|今年|明年|全年|\d{4}年)|"
    # (占年计划投资的53.98%, 占年底计划数52.7%: the share of the plan done so far; 计划执行势头良好: the plan's
    # progress; 经过3次行车计划调整，将…缩短至5分钟: a schedule changed, what it changed to done; 飞行计划申请737条,
    # 计划生育, 计划经济: a flight plan filed, family planning, the planned economy)
    rf"{_NOT_DONE}(?<!完成年)(?<!占)(?<!占年)(?<!占年度)(?<!占全年)(?<!占年底)计划(?!的|立项|项目|专项|单列|调整|执行(?:势头|情况|进度|率)|申请|生育|经济)|"
    # (but 按照科学总体规划，完成…建设整治项目: the plan followed, the work done)
    r"(?:根据|按照|依据|按)[^，,。；;]{0,16}?规划(?![，,]?(?:完成|建成|实施了|已))|规划(?:到|至|提出|明确|要求)|"
    # (争取上级转移支付31.8亿元, 争取政府债券资金59.62亿元, 争取到…项目，总投资额7亿元: funds obtained, as reviews
    # count them)
    r"远期|有望|争取(?!到|了|上级|中央|省级|省市|市级|国家|政府|各类|[^，,。；;\d]{0,4}?(?:资金|经费|债券|专项|转移支付|补助|政策))|(?<![为以])(?<!为了)确保|还将|将于|将有|大概率|需(?:要)?(?:完成|达到|实现|新增|建成)|规划(?=新建|建设|改建|扩建)|(?<![决原])定于|或(?=超|达|将|突破)|要(?:分别)?(?:超|达|实现|新增|完成|确保)|将(?![^，,。；;]{0,12}?(?:作为|列为|视为|当作)(?![^，,。；;]{0,10}?(?:任务|目标)))(?:要|会|可|力争|累计|新建|建成|新增|达到?|突破|超过|接近|增至|升至|降至|在|开工|筹集|供应|举办|推出|启动|加开|增开|开行|拿出|安排|落实|对(?![比外于])|"
    r"增长|增加|提高|提升|扩大|形成|实现|完成|带动|投入|投资|培育|引进|建设|保持|下降|减少|降低|下移|上移|回升|回落|上涨|释放|"
    r"下跌|放缓|加快|拆除|改造|淘汰|关停|整治|治理|收购|修建|铺设|安装|招聘|招募|发放)|"
    # (将加快电网建设改造作为重点工作: 将 taking an object, what a body treats as its work, no plan's figure; but
    # 将培育…企业作为一项重要工作任务，新增…500家: a task set)
    # (not 至2021年3月31日止: the day figures so far are counted to)
    rf"(?:^|[，,。；;：:\s“是而]|提出|明确|要求|确定)(?:到|至|预计到|力争到)(?:{GOAL_HORIZON})(?![^，,。；;]{{0,8}}?止)|"
    # a deadline (要在2023年前建成, 2025年前，建成加氢站15座)
    r"(?:^|[，,。；;：:\s“要将])在?\d{4}年(?:底)?前(?=[，,]?[^，,。；;]{0,3}?(?:建成|建设|完成|实现|达到|推广|新增|投放|累计|形成))|"
    r"(?:未来|今后)[一二两三四五六七八九十\d]{1,2}年|"
    # what a project is to bring once built (项目建成后，…新增保土23.45万吨; 项目建成达产后…年产2万余台), not what a
    # built work brought (该村饮水安全工程建成后，不仅…): a project's named as such only
    r"项目(?:全部|顺利|正式|全面)?(?:建成|投产|达产|完工|竣工)(?:达产|投产|运营)?后|"  # (项目顺利投产后)
    # (5年内形成…万亿级产业3个: a span ahead for what is to be built; not 过去3年内, nor 形成了)
    r"(?<![过去近])[一二两三四五六七八九十\d]{1,2}年内(?=[^，,。；;]{0,4}?(?:形成|建成|实现|培育|打造|新增)(?!了))|"
    # a budget's figures (支出预算数为, 预算安排, 比上年执行数增长: a budget set against last year's outturn), not
    # its execution (为预算数的102%; 债务减少…，其中预算安排资金偿还1,631万元: repaid out of the budget)
    r"预算数(?!的)|预算安排(?!资金(?:偿还|支付|拨付|还本|付息))|(?:比|较)(?:上年|去年|\d{4}年)执行数"
))
# what makes the figures after it achieved, whatever plan came before (今年力争120亿元，上半年已完成58.6亿元)
RE_ACHIEVED = re.compile(r"已经?(?!规划|计划|明确|提出|制定|出台|印发|部署)|"  # 已规划将…: still a plan
                         r"实际|完成了|累计完成|已完成|实现了|目前|此前|现有|(?<![比较])去年|(?<![比较])上年|过去|"
                         r"(?:^|(?<=[，,；;]))完成(?=[\d约近超])|^分别完成|"  # 计划投资201亿元，完成38.9%: progress
                         # (仅完成全年任务的13%: progress so far)
                         r"完成(?:全年|年度)?(?:任务|计划|目标|预期)(?:任务)?的")
# a target's year: its horizon (到2025年) or its deadline (2023年前)
RE_TARGET_YEAR = re.compile(r"(?:(?:到|至)|(?=\d{4}年底?前(?![\d个])))(\d{4})年")

# (比常年偏高1℃, 偏多2成: above the normal, as climate bulletins say it)
UP = ("偏高|偏多|(?<!负)增长|增加|提高|提升|上升|扩大|扩面|扩种|加快|(?<!少)增产|(?<!少)增收|增支|增利|上涨|攀升|回升|"
      "抬升|上扬|走高|飙升|反弹|回暖|多增|净增|成长|延长|推迟|提价|涨价|上修|(?<!以)上行|拉大|超序时进度|超过序时进度|超序时|快于序时进度|"
      "增重|增|升|涨|提速")
# (超序时8.1个百分点: ahead of the schedule by)
# (成长6%: growth as Taiwan writes it; 利率上行0.1个百分点; 增速差比上一季度拉大0.4个百分点: a gap widened)
# (not 起降: takeoffs and landings, 飞机起降22.2万架次)
# (负增长5.92%: growth below zero, a fall)
# (少增产2500万吨: a rise smaller by, a shortfall)
DOWN = ("负增长|偏低|偏少|少增产|少增收|下降|降低|降价|减少|回落|下滑|减产|减收|减支|减缓|下跌|下挫|走低|收窄|放缓|"
        "缩小|缩水|萎缩|收缩|缩短|下调|下修|下行|少增|减亏|减|(?<!起)降|跌")  # (减亏10.3亿元: a loss cut by)
# (累计上涨每吨460元: the measure a price's change is per)
_FILLER = (r"(?:了|分别为|分别|(?<=增长)为|平均|均|约|达到|高达|达|近|超过|超|累计|仅为|仅|只有|甚至|"
           r"每(?:吨|升|公斤|千克|斤|度|千瓦时|立方米|桶))*")
RE_DIRECTION_END = re.compile(rf"(?P<verb>{UP}|{DOWN}){_FILLER}$")
# a difference stated by comparison: 比全省平均水平高2.4个百分点, 高于全国0.3个百分点 (比全国（3.8%）高: a bracket)
RE_COMPARE_END = re.compile(r"(?:(?:比|较)(?:[^，,。；;%％（(]|[（(][^）)，,。；;]{0,12}[）)]){0,15}?"
                            # (比去年同期少蓄1.09亿方, 比上年多收: more or less of what a verb does)
                            # (与去年相比分别晚0.2岁: later, older by)
                            # (比2018年多支出360万元: a verb of two)
                            r"(?P<a>高|低|快|慢|多|少|晚|早)(?:(?<=[多少])(?![于出的达至到为了])[\u4e00-\u9fff]{1,2}?)?|"
                            # (落后于全市平均水平1.4个百分点, 领先于全省0.5个百分点)
                            # (高于1—8月5.2个百分点: the months of the yardstick)
                            # (按不低于国家最低收购价收购61.4万吨: a floor on the price paid, no comparison)
                            r"(?<!不)(?P<b>高于|低于|快于|慢于|落后于?|领先于?)"
                            r"(?:[^，,。；;\d]|\d{1,2}(?=[-—－~至到]\d{1,2}月|月)){1,12}|"
                            # (好于行业表现的21个百分点; not a standard met: 达到或优于Ⅲ类水体比例超过95%)
                            r"(?P<d>好于|优于|差于|弱于|强于)(?![^，,。；;\d]*?(?:超过|达到|为|是|占|类|标准))[^，,。；;\d]{1,12}|"
                            # (超目标进度42个百分点, 超时序进度: ahead of the schedule by)
                            r"(?P<c>高出|低出|快出|多出|少出|超出(?=[^，,。；;\d])|超(?=(?:年度|全年|目标|任务|时序|序时|计划)*进度)|"
                            # (发明专利申请量1350件，超额完成17%: by how much the goal was beaten; 北京(超额32.95%)
                            r"超额(?=(?:完成了?)?$)|"
                            # (超省定目标1.8个百分点: by how much the outcome beat the goal)
                            r"超(?=(?:省定|市定|年度|全年)?目标$))"
                            r"[^，,。；;\d]{0,12})(?:了)?$")
RE_DIRECTION_AFTER = re.compile(rf"^(?:以上|以下|左右)?的?(?:幅度|速度|增幅|规模)(?P<verb>{UP}|{DOWN})|"
                                # (5.5%宏观经济增长目标: a goal of growth)
                                r"^(?:左右|以上)?(?:宏观)?经济(?P<goal>增长)|"
                                r"^(?:以上|以下|左右)?(?:较高|较快|较低|较慢)?的(?:同比|环比|年均|平均|高速|快速|较快|稳定|大幅|高|低)?"
                                r"(?P<noun>增长|增速|增幅|涨幅|升幅|上涨|下降|降幅|跌幅|下滑|回落)|"
                                # 以10.9%的财政收入增速: a rate of change of a named quantity
                                # (not 43.2%的行业同比增速改善: the share of industries whose rate did)
                                r"^的(?!行业|企业|产品|商品|地区|城市|县|区|市)[^，,。；;\d%％的]{1,6}?(?P<rate>增速|增幅|涨幅|增长率|降幅|跌幅|增量)")
# a percent right before the change it is (长沙人口实现42.6%增长), not a rate's name (12%增长率), the next figure
# nor the level a rate moved from (占比从9%下降至4%)
RE_PERCENT_CHANGE_AFTER = re.compile(rf"(?:{UP}|{DOWN})(?![率\d.点至到])")  # (``match`` at the figure's end)
# growth stated as a level: 增速为7.35%, 累计增速分别为…, 涨幅仅为0.3%, 降幅为2.6% (a rate of change is a change)
RE_RATE_LEVEL_END = re.compile(
    # (按年增长也自8月的10.0%大跌至…: growth moving from a month's rate is that rate)
    r"(?:(?P<up>增速|增幅|涨幅|升幅|增长率|成长率|[年月季]增率|增长速度|增长幅度|增长目标|增长预期目标|增速目标|"
    r"增长(?=[也亦]?[从由自]))|"
    r"(?P<down>降幅|跌幅|减幅|降速|下降幅度|回落幅度|下滑幅度))"
    r"(?:中值|中位数|均值|平均值|分别|累计|平均|均|皆|仅|只|约|也|则(?=高达|达到?|为|是)|都|已|甚至|更是|高达|达到|达|为|是|录得|在|保持在|保持|维持在|超过|超|逾|近|接近|了|将|从|由|标注|"
    r"预计|可|有望|或|应该|应当|应|"  # (跌幅应为4.8%: what a rate should be, recomputed)
    r"(?:从|由|自)(?:\d{4}年|上年|去年|上月|\d{1,2}月份?)的|"
    # a rate moving to a level is still a rate of growth (增速回落到20%以下, 增长率降至2.3%, 增速比上年的26.1%)
    r"最高|最低|一度|(?:回落|下降|下滑|放缓|变缓|回升|上升|提高|提升|收窄|扩大)?[至到]|降至|降到|升至|升到|(?:比|较)[^，,。；;%％\d]{1,8}的)*$")
# the change or rate a ranking names, then its place (增速最为缓慢的是五指山市3.0%, 增长最快的是洋浦，为14.2%)
RE_RANKED_END = re.compile(rf"(?P<w>增速|增幅|涨幅|升幅|增长率|降幅|跌幅|{UP}|{DOWN})(?:幅度|速度)?"
                           r"最为?[^，,。；;\d的]{1,2}的(?:是|为|要数|当属)[^，,。；;\d%％]{1,12}?(?:为|达|是)?$")
UP_WORDS = frozenset(re.sub(r"\(\?<!\w+\)", "", w) for w in UP.split("|"))  # (the words, lookbehinds off)
# nouns of a change that is a rise (以8%的速度增长 aside: 增速, 涨幅, 人口增量)
UP_NOUNS = frozenset({"增速", "增幅", "涨幅", "升幅", "增长率", "成长率", "增量", "年增率", "月增率", "季增率"})


def direction_of(word: str) -> str:
    """``up`` for a verb or noun of a rise (增长, 反弹, 增速), else ``down`` (the word is known to be a change)."""
    return "up" if word in UP_WORDS or word in UP_NOUNS else "down"

# bound words as written; a negated one is its own word (不低于 is at least, never 低于)
QUALIFIER_BEFORE = ("不会超过", "不会低于", "不超过", "超过", "超出", "超", "逾", "接近", "将近", "近", "大约", "约",
                    "不足", "不到", "高于", "低于", "多于", "少于", "不低于", "不少于", "不止", "不下", "至少", "最多")
# 都超过了50%: the aspect particle after the bound word
# (约 ends words too: 节约, 签约, 制约)
NOT_ABOUT = "(?<![节制签预契公违履特邀])约"
# (大约有346万: the bound word before 有)
# (至少已有11个省份; 至少新增55个用人单位, 至少将达到67家: a bound before the verb of what is added or reached)
RE_QUALIFIER_BEFORE = re.compile("(" + "|".join(q if q != "约" else NOT_ABOUT for q in QUALIFIER_BEFORE)
                                 + ")(?:了|(?:已经?|还)?有|(?:(?<=至少)|(?<=不少于)|(?<=不低于)|(?<=最多))"
                                 "(?:将|要|可|能|会)?(?:新增|新建|建成|达到|达|突破))?$")
QUALIFIER_AFTER = ("以上", "以下", "之上", "之下", "左右", "附近", "以内", "多", "余", "上下")
# what may not follow a bound word after a figure (上下游 is a supply chain's)
_AFTER_GUARD = {"上下": "(?![游班车级文])"}
# 8%及以上; 提升了2倍不止 (not 不止于: more than a bound)
RE_QUALIFIER_AFTER = re.compile("|".join(w + _AFTER_GUARD.get(w, "") for w in QUALIFIER_AFTER)
                                + "|(?<=[%％])及(?=以上|以下)|不止(?!于|是|在)")

# a figure moved from the one before it (的11.5%提至19.2%, 从10.9%大幅下降至4%): ``search`` up to the figure
MOVED = (r"[\d%％][^，,。；;\d]{0,12}?"
         r"(?:提高|提升|提|上升|升|增长|增加|增|下降|降低|降|下滑|回落|减少|扩大|缩小|跃升|攀升|回升|上涨|涨|下跌|跌|"
         r"放缓|收窄|上修|下修)")
# (by how much on the way: 的114.1点降3.6点至110.5点; the period of the level reached: 大幅下降至9月的4%)
RE_MOVED_TO = re.compile(rf"{MOVED}(?:[\d.]+[^\d，,。；;至到]{{0,4}})?(?:至|到)了?(?:(?:\d{{4}}年)?\d{{1,2}}月份?的)?$")
# ... or by how much (的114.1点降3.6点)
RE_MOVED_BY = re.compile(rf"{MOVED}(?:了)?$")

# a heading that opens a list of goals (主要目标：…, 发展目标：)
RE_TARGET_HEADING = re.compile(r"^[^，,。；;]{0,10}目标[：:]")
RE_LIST_MARKER = re.compile(r"^(?:——|－－|--|[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|"
                            r"\([一二三四五六七八九十\d]+\)|\d{1,2}[.、．]|[①②③④⑤⑥⑦⑧⑨⑩]|[一二三四五六七八九十]+、)")


# (a period of their own only when the sentence has stated none before)
RE_DAYS_SPAN = re.compile(DAYS_SPAN)


# a quoted slogan of short parts (“年初低开、逐月回升，稳中趋缓”), not a quoted name nor quoted speech
RE_QUOTED_PHRASE = re.compile(r"“(?:[^“”、，,。；;\d]{2,6}[、，,]){1,5}[^“”、，,。；;\d]{2,6}”")


def periods(text: str) -> list[tuple[int, int, str]]:
    """Period expressions in ``text`` as (start, end, text); adjacent ones are merged
    (``10月1日至7日国庆长假期间``); comparison bases (``去年同期``, ``比2020年``) are left out."""
    out: list[tuple[int, int, str]] = []
    if not RE_PERIOD_HINT.search(text):
        return out
    # (全州经济“年初低开、逐月回升，稳中趋缓”: a phrase in quotes describes, its time words date nothing)
    slogans = [q.span() for q in RE_QUOTED_PHRASE.finditer(text)] if "“" in text else []
    for m in RE_PERIOD.finditer(text):
        s, e = m.start(), m.end()
        if slogans and any(qs < s and e < qe for qs, qe in slogans):
            continue
        if RE_CAUSE_BEFORE.search(text, max(0, s - 2), s) and RE_HOLIDAY_WORD.search(m.group()):
            continue
        if (text[s - 1:s] == "是" and RE_MULTIPLE_OF_AFTER.match(text, e)) or (
                RE_SHARE_OF_AFTER.match(text, e) and RE_SHARE_OF_BEFORE.search(text, max(0, s - 4), s)) or (
                text[s - 1:s] == "占" and RE_SHARE_WHOLE_AFTER.match(text, e)):
            # 是2018年全年投放量的1.58倍, 为2019年的97%, 恢复至2019年同期的76%: the base a multiple or a share is of
            # (not 调整为2010年的37.9%: the level it moved to, dated by its year; 占今年电脑票销量的55.33%: the whole's
            # period)
            continue
        if RE_NOT_PERIOD_BEFORE.search(text, max(0, s - 4), s) and not (
                out and out[-1][1] == s - 1 and text[s - 1] in "与和及" and not RE_COMPARED_AFTER.match(text, e)):
            continue  # (but 于2021年一季度末与2021年年末: a list of periods; 2011年1-5月与2010年1-5月…相比: a base)
        if text[s - 1:s] == "在" and RE_BASE_FRAME_AFTER.match(text, e):
            continue
        if s and (text[s - 1] in "（(" or (text[s - 1] in "及和与" and not text.startswith("的", e))) \
                and RE_BASE_END.search(text, max(0, s - 13), s - 1):
            # 较假日前4天（4月27日至30日）增长140%: the dates of the base a change is against; 较去年同期及今年一季度
            # 分别回落: a second base (but 相比9月、10月的5425套和5553套: the bases' own figures, dated)
            continue
        if RE_NOT_PERIOD_AFTER.match(text, e):
            if not (text.startswith("同期", e) and RE_OPENS_BEFORE.search(text, max(0, s - 2), s)):
                continue
            e += 2  # 去年同期，…只有120亿: the base period opening its clause is the period of its figures
        if text[s - 1:s] in ("至", "到") and (s == 1 or text[s - 2] in RE_CLAUSE_OPENERS) \
                and not RE_PERIOD_PREFIX.match(text, s) and not RE_GOAL_HORIZON.match(text, s):
            # 至10月底，拥有船舶49艘: up to the period, as 截至 writes it (not 1至10月, 增长到2023年的; nor a goal's
            # horizon, 到2022年，形成…, 到年底，…将达: see RE_TARGET)
            s -= 1
        written = text[s:e]
        if out and RE_DAYS_SPAN.fullmatch(written):
            continue  # 春节期间，…，七天里，…: the days of the period the sentence has stated, not another
        if len(written) == 3 and RE_BARE_SHORT_YEAR.fullmatch(text, s, e) and len(RE_BARE_SHORT_YEAR.findall(text)) < 2:
            continue  # 10年增长2.7倍: a span, unless the sentence runs through years so written (15年…，16年…)
        if not written.startswith(("截至", "截止")) and (
                (("日" in written or written.endswith(("底", "末"))) and RE_EVENT_AFTER.match(text, e))
                or ("日" in written and RE_EVENT_BY_AFTER.match(text, e))):
            # 4月18日公布, 2021年底到期的…政策: when something happened, not the figures' period (but
            # 截至4月25日，已开工2.84万套: the day a count is taken to)
            continue
        if written.endswith("目前") and RE_SO_FAR_AFTER.match(text, e):
            continue
        if written in ("去年", "上年") and RE_YEAR_MODIFIER_AFTER.match(text, e):
            continue
        if RE_POLICY_OF_YEAR_AFTER.match(text, e) and RE_FULL_YEAR.fullmatch(written):
            continue  # 2019年新出台的减税政策减税68.36亿元: the year a policy came in, not the figure's period
        if RE_HORIZON_START.match(written) and RE_RECORD_AFTER.match(text, e):
            continue  # 达到最近3年最高水平: the span a record is set in, not the figures' period
        if (written.endswith("以来") or written == "全年") and RE_RECORD_OF_SPAN_AFTER.match(text, e):
            # 达到3月份以来的最高值, 再创1979年3月以来新高, 9月份增速全年最低: a record's span, no period of figures
            continue
        if written == "全年" and (RE_PLAN_AFTER.match(text, e) or (
                RE_DONE_PLAN_AFTER.match(text, e) and RE_DONE_BEFORE.search(text, max(0, s - 3), s))):
            continue  # 完成全年任务的13%: the year's plan, not the period of the figure
        if RE_PLAN_PERIOD.search(written) and RE_PLAN_NAME_AFTER.match(text, e):
            continue  # “十四五”规划重大工程项目: the plan's name, not a period (十四五规划期间 is one)
        if RE_PLAN_PERIOD.search(written) and text[s - 1:s] == "是" and RE_PLAN_YEAR_AFTER.match(text, e):
            continue  # 2021年是“十四五”开局之年: what the year is in the plan, the year is the period
        # a bare year right before a measure noun is a plan or a name (2023—2027年 is kept above)
        if out and out[-1][1] >= s - 2 and RE_JOIN.fullmatch(text[out[-1][1]:s]):
            ps = out[-1][0]
            out[-1] = (ps, e, text[ps:e])
        elif out and s >= 1 and text[s - 1] in "（(" and text[out[-1][1]:s - 1] in ("", "里", "内") \
                and text[e:e + 1] in "）)":  # (头100天里（2月24日-6月3日）)
            ps = out[-1][0]  # 除夕至正月初六（2月4日至10日）: the dates of the period as written, one period
            out[-1] = (ps, e + 1, text[ps:e + 1])
        else:
            out.append((s, e, written))
    if "期间" in text or "以来" in text:  # (花儿大会期间，…接待游客62.67万人次: the days of an event the text names)
        for m in RE_EVENT_SPAN.finditer(text):
            s, e = m.span("p")
            if not any(ps < e and s < pe for ps, pe, _ in out):
                out.append((s, e, m.group("p")))
        out.sort()
    return out


# an event's days, opening a clause (花儿大会期间, 在进博会期间, 马拉松比赛期间): its name, then 期间
RE_EVENT_SPAN = re.compile(r"(?:^|(?<=[，,。；;：:\s“”]))在?(?P<p>[^，,。；;：:\s“”\d在]{0,10}?"
                           r"(?:大会|博览会|进博会|交易会|洽谈会|投洽会|展览会|推介会|招商会|峰会|论坛|运动会|展会|赛事|比赛|马拉松|"
                           r"文化节|旅游节|艺术节|音乐节|"
                           r"购物节|消费节|美食节|啤酒节|灯会|庙会|"
                           # (a campaign's days: 行动期间，全省未发生…, 活动期间共销售…)
                           # (and the days since it began: 行动以来，出动警力…, 专项整治开展以来; not 大会期间的)
                           r"行动|活动|会战|整治)(?:期间|(?:开展|展开|启动|实施)?以来))(?![的内外前后])")
RE_JOIN = re.compile(r"[，,的]?")
# the end of a comparison's base, before the bracket or 及 that adds to it (较假日前4天（…）, 较去年同期及…)
RE_BASE_END = re.compile(r"(?:较|比|相比)[^，,。；;（(）)]{1,10}$")
RE_BARE_SHORT_YEAR = re.compile(BARE_SHORT_YEAR)
RE_HORIZON_START = re.compile(r"(?:过去|最近|近)")
# (创近5年季度增速新高: words between the span and its record)
RE_RECORD_AFTER = re.compile(r"(?:来|以来)?的?(?:[^，,。；;\d]{0,6}?(?:新高|新低)|最高|最低|最快|最慢|最好|最大|最小)")
RE_RECORD_OF_SPAN_AFTER = re.compile(r"的?(?:最高|最低|新高|新低|最大|最小|最快|最慢|最好|最差|高位|低位|高点|低点|"
                                     r"峰值|纪录|记录)")
RE_PLAN_PERIOD = re.compile(r"十[一二三四五六七八九]?五")
RE_PLAN_YEAR_AFTER = re.compile(r"[”\"]?(?:规划)?的?(?:开局|开篇|起步|收官|决胜|攻坚|关键|谋篇布局)之?年")
RE_PLAN_NAME_AFTER = re.compile(r"[”\"]?规划(?:的|中的)?(?:重大|重点)?(?:工程|项目|纲要|编制|建议|布局)")
# where a period opens its clause: the text's start, a clause break, 在 (在上年同期18.0%的高增速基础上)
RE_OPENS_BEFORE = re.compile(r"(?:^|[，,。；;：:\s（(]|(?:^|(?<=[，,。；;]))而)$")  # (…，而去年同期净利润为…)
# a character every period expression holds (目前 and 如今 hold none of 年月季旬期日)
# (十二五: a plan period without 期; 长假7天, 春节7天: a holiday by its days; 元旦小长假, 春节长假: a holiday)
RE_PERIOD_HINT = re.compile(rf"[年月季旬期日前今周]|以来|十[一二三四五]五|[假节周][一二三四五六七八九十两\d]{{1,2}}天|"
                            rf"天{DAYS_SPAN_WORD}|头[一二三四五六七八九十两\d]|{HOLIDAY}|长假|黄金周|现在|眼下|初[一二三四五六七八九十]|双(?:十|1)")
# 目前 before 已 and a verb's 的 tells how far something has come (目前已公布的省份中, 从目前公布的数据来看): the
# time of the telling, not the period of the figures (目前，青县已建成8家…: the count as it stands now)
RE_SO_FAR_AFTER = re.compile(r"[^。；;]{0,12}?已经?[^，,。；;\d]{1,4}的|(?:公布|发布|披露|掌握)的")


# the base a count of new items is set against (较2021年新增668列, 比上年新增12家, 比上年底新增88家)
RE_BASE_BEFORE_NEW = re.compile(r"(?:比|较)(?:\d{4}年[初底末]?|(?:上|去)?年[初末底]|上年[底末]?|去年[底末]?|上月末?|"
                                r"上季度末?|同期|上年同期|去年同期)$")


def direction_before(clause: str) -> str | None:
    """``up``/``down`` when ``clause`` (text before the number) ends with a change verb; ``None`` for a
    level (``降为``, ``增长至``, ``新增``)."""
    m = RE_DIRECTION_END.search(clause)
    if not m:
        cmp = RE_COMPARE_END.search(clause)
        if cmp:
            word = cmp.group("a") or cmp.group("b") or cmp.group("c") or cmp.group("d")
            return "up" if word[0] in "高快多好优强超领晚" else "down"
        rate = RE_RATE_LEVEL_END.search(clause)
        if rate:
            return "up" if rate.group("up") else "down"
        ranked = RE_RANKED_END.search(clause)
        return direction_of(ranked.group("w")) if ranked else None
    verb = m.group("verb")
    if verb in ("增", "升") and clause[max(0, m.start() - 1):m.start()] == "新":
        # 新增 counts new items: a level; but against a base (较2021年新增668列) it is the increase over it
        return "up" if RE_BASE_BEFORE_NEW.search(clause, 0, m.start() - 1) else None
    return direction_of(verb)


def direction_after(rest: str) -> str | None:
    """``up``/``down`` when the words after the number say it is a change (``以8%的速度增长``,
    ``实现38.6%的增长``, ``1.2%的降幅``)."""
    m = RE_DIRECTION_AFTER.match(rest)
    if not m:
        return None
    word = m.group("verb") or m.group("noun") or m.group("rate") or m.group("goal")
    return direction_of(word)


def qualifier_before(clause: str) -> str | None:
    return bound_word(RE_QUALIFIER_BEFORE.search(clause))


def bound_word(m: re.Match[str] | None) -> str | None:
    """The bound word of a ``RE_QUALIFIER_BEFORE`` match, None for a verb's aspect (涨了, but 超过了 still bounds)."""
    if m is None or (m.group().endswith("了") and m.group(1) not in ("超过", "超出")):
        return None
    return m.group(1)


# the wholes a figure may be measured against (全国, 全省…): yardsticks, bounds' objects
WHOLES = "全国|全省|全市|全区|全县"
# (电动车年产销量也超过全国40%: the whole the share is of, between the bound and the figure)
RE_QUALIFIER_VERB = re.compile(rf"(大约|约|近|超过|逾)(?:占|为|相当于|等于|合|(?:{WHOLES}|全球)的?$)")


def qualifier_verb(clause: str) -> str | None:
    """A bound word before the verb: ``约占全国的10%`` → ``约``."""
    m = RE_QUALIFIER_VERB.search(clause)
    return m.group(1) if m else None


def basis(clause: str) -> str | None:
    """The base a change is measured against (``同比``, ``比上年``), ``同增`` and ``按年增长`` read as ``同比``,
    ``环增`` and ``按月`` as ``环比``.

    >>> basis("新房成交面积环增121.3"), basis("外汇储备较9月末上升"), basis("零售总额按年下跌")
    ('环比', '较9月末', '同比')
    """
    found = RE_BASIS.findall(clause)
    if not found:
        return None
    return SHORT_BASIS.get(found[-1], found[-1])


SHORT_BASIS = {"同": "同比", "环": "环比", "按年": "同比", "按月": "环比", "年": "同比", "月": "环比", "季": "环比"}


# a goal named after its figure (5.5%左右的增长目标, 3%左右的全年预期目标)
# (5.5%左右的预期目标, 5.5%宏观经济增长目标: a goal named after its figure)
# (100亿的宏伟目标, 的奋斗目标: a goal's epithet)
GOAL_AFTER = (r"(?:左右|以上)?(?:的(?:全年|年度)?|(?:宏观)?经济|GDP)(?:增长|预期|发展)?(?:预期)?"
              r"(?:宏伟|奋斗|既定|远景|阶段性|总体|战略)?目标")
# the rest of a list of goals a clause sets (…蔬菜10万亩、生猪35万头…的目标) and the verb that sets them before it
# (紧盯奶牛存栏64万头、…和全产业链产值600亿元的年度目标任务: the goals a text's work is aimed at)
RE_GOAL_LIST_AFTER = re.compile(r"(?:[^，,。；;、]{0,30}?、)*[^，,。；;、]{0,30}?"
                                r"的(?:发展|奋斗|工作|主要|年度|全年)?目标")
RE_GOAL_SET_BEFORE = re.compile(r"(?:确定|提出|制定|明确|紧盯|瞄准|锚定|围绕|紧扣)了?[^，,。；;]*$")
RE_TARGET_AFTER = re.compile(rf"{GOAL_AFTER}|"
                             # 此前165GW的全球新增装机预测, 190GW…也是完全可能的: a forecast's figure
                             r"的[^，,。；;\d]{0,8}?(?:预测|预期)(?!值?[为是])|[^，,。；;\d]{0,6}?(?:完全|极有|很有)?可能(?:的|实现)|"
                             r"[，,]?[^，,。；;\d]{0,6}?(?:很|非常|较)?有希望")


# an aim a clause sets, its figure inside (以地区生产总值增长6%为目标, 以年均增长10%以上为奋斗目标)
AIM_GOAL = r"为(?:发展|奋斗|工作|主要|总体)?目标"
RE_AIM_AFTER = re.compile(rf"[^，,。；;\d]{{0,12}}?{AIM_GOAL}")
RE_AIM_BEFORE = re.compile(r"以[^，,。；;以]*$")
# (an aim naming no figure: 以…为目标; 紧紧围绕…的能源基地目标, 朝着…目标: the aim work is done toward)
RE_AIM_CLAUSE = re.compile(rf"以[^，,。；;\d以]*?{AIM_GOAL}|(?:围绕|紧扣|紧盯|瞄准|朝着|向着|锚定)[^，,。；;\d]*?目标")


# the year's goal naming its figure: 全年目标为5.5%左右, 低于全年5.5%的预期目标 (before), 3%左右的全年预期目标 (after)
RE_YEAR_GOAL_BEFORE = re.compile(r"全年(?:的?(?:增长|发展)?(?:预期)?目标(?:任务)?(?:是|为|定为|设定为)?)?$")
RE_YEAR_GOAL_AFTER = re.compile(r"(?:左右|以上)?的(?:全年|年度)")


def year_goal(text: str, start: int, end: int) -> bool:
    """True when the goal a figure states is the year's (its period is ``全年``).

    >>> year_goal("全年目标为5.5%左右", 5, 9), year_goal("低于3%左右的全年预期目标", 2, 4)
    (True, True)
    >>> year_goal("全年增长5.5%", 4, 8)
    False
    """
    return RE_YEAR_GOAL_BEFORE.search(text, max(0, start - 12), start) is not None \
        or RE_YEAR_GOAL_AFTER.match(text, end) is not None


def target_after(text: str, end: int, start: int | None = None) -> bool:
    """True when the words right after a number make it a goal (``5.5%左右的增长目标``), or (``start``: where the
    number starts) it is one item of a list of goals a clause sets (``确定了重点发展烟叶6万亩、蔬菜10万亩…的目标``).

    >>> t = "确定了重点发展烟叶6万亩、蔬菜10万亩的目标"
    >>> target_after(t, t.index("亩") + 1, t.index("6")), target_after("实现了销售收入10亿元的目标", 12, 6)
    (True, False)
    >>> t = "以地区生产总值增长6%为目标"
    >>> target_after(t, t.index("%") + 1, t.index("6"))
    True
    """
    if RE_TARGET_AFTER.match(text, end) is not None:
        return True
    if start is not None and RE_AIM_AFTER.match(text, end) is not None \
            and RE_AIM_BEFORE.search(text, max(0, start - 30), start) is not None:
        return True  # 以地区生产总值增长6%为目标: the figure of an aim a clause sets
    return start is not None and "目标" in text and RE_GOAL_LIST_AFTER.match(text, end) is not None \
        and RE_GOAL_SET_BEFORE.search(text, max(0, start - 40), start) is not None


# a goal that the share done is of (完成全年任务数1049万人的101.04%, 完成一季度2500亿元目标的103.7%)
RE_COMPLETION_BEFORE = re.compile(r"(?:完成了?|占)[^，,。；;\d]{0,8}$")  # (占全年目标任务6.9万人的111.2%)
RE_COMPLETION_AFTER = re.compile(r"(?:的?(?:目标|任务|计划)+)?的[\d一二三四五六七八九]")  # (…80亿目标任务的125.64%)


def completion_goal(text: str, start: int, end: int) -> bool:
    """True when the number at ``start``-``end`` is the goal that a share done is measured against.

    >>> t = "完成全年任务数1049万人的101.04%"
    >>> completion_goal(t, t.index("1049"), t.index("的")), completion_goal("完成产值10亿元的企业", 4, 8)
    (True, False)
    """
    return RE_COMPLETION_BEFORE.search(text, max(0, start - 12), start) is not None \
        and RE_COMPLETION_AFTER.match(text, end) is not None


# a task's figure right after it (农村危房改造任务为10702户, 承担实施高标准农田建设任务6万亩), not one done
# (累计完成…建设任务510.8万亩) nor the projects a task is made of (投入…资金3244万元的建设任务13个项目)
RE_TASK_BEFORE = re.compile(r"任务(?:数|量)?(?:为|是|共|达)?$")
RE_TASK_DONE = re.compile(r"完成|实现|落实了|超额")
RE_TASK_AFTER = re.compile(r"[^，,。；;\d的]{0,6}?任务(?![的数量])")
RE_TASK_SET_BEFORE = re.compile(r"下达|明确|确定|分解|承担|部署")


def task_figure(text: str, start: int, end: int) -> bool:
    """True when the figure at ``start``-``end`` is the quantity of a task set (…改造任务为10702户), no task done.

    >>> t = "梅州市农村危房改造任务为10702户，累计完成建设任务510.8万亩"
    >>> task_figure(t, t.index("10702"), t.index("10702") + 6), task_figure(t, t.index("510.8"), t.index("510.8") + 7)
    (True, False)
    """
    opens = max(text.rfind(c, 0, start) for c in "，,。；;：:") + 1
    if RE_TASK_DONE.search(text, opens, start) is not None or text.startswith("项", end):
        return False
    # (明确了101.5万户改厕任务: a task set, its figure before it)
    return RE_TASK_BEFORE.search(text, max(0, start - 5), start) is not None or (
        RE_TASK_AFTER.match(text, end) is not None and RE_TASK_SET_BEFORE.search(text, opens, start) is not None)


def target_markers(text: str, end: int | None = None, *, now: int | None = None) -> list[re.Match[str]]:
    """The goal, plan and forecast markers of ``text`` (up to ``end``); a horizon in a year before ``now`` (the
    document's publication year) is none: 到1820年 in a 2004 article, 到2023年底 in a 2024 report tell how
    things stood then, unless a requirement sets it (责任书的要求，到2015年底…要比2010年减少20.9%: the goal as set).

    >>> [m.group() for m in target_markers("到2023年底，全市建成充电站860座，力争", now=2024)]
    ['力争']
    >>> [m.group() for m in target_markers("按要求，到2015年底，排放总量减少20.9%", now=2016)]
    ['，到2015年']
    """
    found = [m for m in RE_TARGET.finditer(text, 0, len(text) if end is None else end)
             if not (m.group() == "计划" and RE_PLAN_CARRIED_OUT.search(text, max(0, m.start() - 20), m.start()))]
    if found and "目标" in text:  # (以争取利息收益最高为目标，将18.01亿元…: the words of an aim that names no figure)
        aims = [a.span() for a in RE_AIM_CLAUSE.finditer(text)]
        found = [m for m in found if not any(s <= m.start() < e for s, e in aims)]
    if now is None:
        return found
    return [m for m in found if not ((y := RE_MARKER_YEAR.search(m.group())) and int(y.group()) < now
                                     and not required_horizon(text, m))]


# a horizon a requirement sets (提出到2015年, 的要求，到2015年底): a goal even once its year is past
RE_REQUIRED_HORIZON = re.compile(r"(?:要求|提出|明确|确定)[，,：:]?(?:到|至)")


def required_horizon(text: str, marker: re.Match[str]) -> bool:
    """True when a requirement sets the horizon ``marker`` found in ``text`` (…的要求，到2015年底).

    >>> t = "按要求，到2015年底，减少20.9%"
    >>> u = "到2015年底，减少20.9%"
    >>> required_horizon(t, RE_TARGET.search(t)), required_horizon(u, RE_TARGET.search(u))
    (True, False)
    """
    return RE_REQUIRED_HORIZON.search(text, max(0, marker.start() - 2), marker.end()) is not None


# a plan by its name being carried out (滚动实施小微企业三年成长计划，新增…): what follows is done, no goal
# (实施“128”股改上市三年行动计划, 启动全国首个智能马桶质量攻坚行动计划: a plan's name may hold its figures)
# (14个项目完成年度投资计划80%以上: the share of a plan done)
RE_PLAN_CARRIED_OUT = re.compile(r"(?:(?:实施|推进|开展|执行|落实|启动)[^，,。；;]{0,16}|完成[^，,。；;：:率]{0,8})$")


RE_MARKER_YEAR = re.compile(r"\d{4}")


# what goes on about the figure before it: its change, its parts, its share; or a modal anywhere in the clause
RE_GOES_ON = re.compile(r"(?:同比|环比|比|较|增|减|下降|上升|提高|降低|其中|占|约|达|为|分别|相当于)")
RE_MODAL = re.compile(r"可|将|有望|能够?|或")
# the figure a plan names right after it, up to the end of its clause (计划完成投资32亿元, 年度计划投资34.96亿元)
RE_PLAN_FIGURE = re.compile(r"(?:完成|新增|实现)?(?:投资|投入|产值|产量|收入)[^，,。；;、\d]{0,4}?[\d.]+"
                            r"[^，,。；;、]*?(?=[，,。；;、])")


def target_at(text: str, pos: int, *, now: int | None = None, markers: list[re.Match[str]] | None = None) -> bool:
    """True when a goal, plan or forecast marker stands in ``text`` before ``pos`` and no word of
    achievement (已, 实际, 完成了) stands between them (``now``: see :func:`target_markers`; ``markers``: the
    text's markers, found once for all its numbers).

    >>> target_at("今年力争实现营业收入120亿元，上半年已完成58.6亿元", 16)
    True
    >>> target_at("今年力争实现营业收入120亿元，上半年已完成58.6亿元", 31)
    False
    >>> target_at("到2002年，上海转让了8条高速公路", 12), target_at("到2002年，上海转让了8条高速公路", 12, now=2004)
    (True, False)
    """
    if markers is None:
        markers = target_markers(text, pos, now=now)
    last = next((m for m in reversed(markers) if m.end() <= pos), None)
    if last is not None and last.group() in ("计划", "预计") \
            and (own := RE_PLAN_FIGURE.match(text, last.end())) is not None and own.end() <= pos \
            and (last.group() == "计划" or not (RE_GOES_ON.match(text, own.end() + 1)
                                               or RE_MODAL.search(text, own.end() + 1, pos))):
        # 当年计划完成投资32亿元，其中续建项目28个: a plan that names its own figure covers that one; so does a
        # forecast (预计产量6.89亿公斤，马铃薯种薯面积46.65万亩: the next measure as it stands), unless it goes on
        # (预计产量100万吨，同比增长5%, 其中玉米50万吨, 产值可达121万元)
        return False
    # (up to the number's first character: 完成 must be seen right before a number)
    return last is not None and RE_ACHIEVED.search(text, last.end(), pos + 1) is None


RE_FULL_YEAR = re.compile(r"(\d{4})(?:年|(?=[上下]半年|[一二三四]季度))")
RE_RELATIVE_YEAR = re.compile(r"今年|去年|上年|明年|前年|当年|本年|同年")
# the words a period may open on, kept as written (截至6月29日, 至10月底)
RE_PERIOD_PREFIX = re.compile(r"截至|截止到?|进入|自|从|至|到")
RE_STARTS_WITH_YEAR_WORD = re.compile(rf"(?:{RE_PERIOD_PREFIX.pattern})?年")
RE_GOAL_HORIZON = re.compile(GOAL_HORIZON)
RE_CLAUSE_OPENERS = "，,；;。：: \n"  # (what stands before a clause's first word)
RELATIVE_YEAR_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


def year_of(period: str | None) -> int | None:
    """The calendar year a period writes out (``2019年末`` → 2019), else None.

    >>> year_of("2024年4月份"), year_of("4月份"), year_of("2023—2027年")
    (2024, None, 2023)
    """
    m = re.search(rf"(\d{{4}}){DASH}\d{{4}}年", period or "") or RE_FULL_YEAR.search(period or "")
    return int(m.group(1)) if m else None


# a year the text states of what it reports: not a horizon (到2025年, 2025年前, 至2030年)
RE_STATED_YEAR = re.compile(r"(?<![\d到至])((?:19[5-9]|20[0-4])\d)(?=年(?!前|底前|以前|之前))")


# what looks back on a year from the next: its bulletin or annual report by title, a work report's review of it
RE_LOOKED_BACK = re.compile(r"《[^《》]{0,20}?(\d{4})年[^《》]{0,30}?(?:公报|年报|年度报告|白皮书)》|"
                            r"回顾(?:了|过去的)?(\d{4})年|(\d{4})年(?:工作|发展)?回顾")


def document_year(texts) -> int | None:
    """The year a document that gives no date of its own speaks from, for its 今年 and 去年: the year its text
    states most often (the later of a tie), horizons aside; None when it states none.

    >>> document_year(["2021年中央财政预算…2020年执行数…", "2021年，12万亿怎么花", "到2025年…2025年前"])
    2021
    >>> document_year(["2019年增长5%", "2020年增长6%"]), document_year(["今年以来"])
    (2020, None)

    A year's bulletin or annual report by its title (《2023年全国民用运输机场生产统计公报》) comes out the year after,
    and a work report reviews a year (回顾了2017年工作) from the next: a document citing one speaks from then (its 去年
    is the bulletin's year, its 今年 the next).

    >>> document_year(["民航局发布《2023年全国民用运输机场生产统计公报》", "2023年旅客吞吐量增长"])
    2024

    The year of a record the text's figures beat (超过了历史最高年份2009年的134公斤) is past: the document speaks from
    a later one, which a text that states no other year leaves unknown.

    >>> document_year(["今年单产143.9公斤，超过了历史最高年份2009年的134公斤"]) is None
    True
    """
    counts: dict[int, int] = {}
    reported: set[int] = set()
    beaten = 0
    for text in texts:
        reported.update(int(m.group(m.lastindex)) for m in RE_LOOKED_BACK.finditer(text))
        for m in RE_STATED_YEAR.finditer(text):
            if RE_RECORD_YEAR_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                beaten = max(beaten, int(m.group(1)))
            else:
                counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    if not counts:
        return None
    year = max(counts, key=lambda y: (counts[y], y))
    year = year + 1 if year in reported else year
    return year if year > beaten else None


# the year of a record (历史最高年份2004年, 历史最好水平的2019年)
RE_RECORD_YEAR_BEFORE = re.compile(r"(?:最高|最好|最多|最低)(?:的|水平的?)?(?:年份|年度)?$")


# a plan the text reports as just issued, with its span (日前印发…三年行动计划(2023—2025年))
JUST = r"(?:日前|近日|近期|今天|今日|昨天|昨日)"  # (when a text reports a plan issued: just now)
ISSUED = r"(?:正式)?(?:印发|出台|发布|公布|出炉)了?"
RE_PLAN_ISSUED = re.compile(rf"{JUST}{ISSUED}"
                            r"[^。；;]{0,60}?(?:规划|计划|方案|纲要|意见|措施)》?[（(]"
                            rf"((?:19|20)\d\d){DASH}(?:19|20)\d\d年?[）)]")


# a five-year plan the text reports as just issued, named by its term (近日印发《…“十四五”规划》)
RE_FIVE_YEAR_PLAN_ISSUED = re.compile(rf"{JUST}[，,]?[^，,。；;\d]{{0,12}}?{ISSUED}"
                                      r"[^。；;]{0,40}?“?十([一二三四五])五”?[^。；;》]{0,6}?(?:规划|计划|方案|纲要)")


def issued_plan_year(texts) -> int | None:
    """The first year of a plan a text reports as just issued: the earliest the text can speak from, when it gives
    no date of its own (its plan's later years are still ahead: goals); None when it reports none.

    >>> issued_plan_year(["广州市人民政府办公厅日前印发…三年行动计划(2023—2025年)。其中提出，2024年，…"])
    2023
    >>> issued_plan_year(["根据去年广东公布的《循环经济发展规划(2010-2020)》", "近日印发了实施意见"]) is None
    True
    >>> issued_plan_year(["近日，海南省林业局印发《海南省椰子产业高质量发展“十四五”规划》"])
    2021
    """
    for t in texts:
        if (m := RE_PLAN_ISSUED.search(t)) is not None:
            return int(m.group(1))
        if "五" in t and (m := RE_FIVE_YEAR_PLAN_ISSUED.search(t)) is not None:
            return 2006 + 5 * "一二三四五".index(m.group(1))  # (十一五: 2006–2010, …, 十四五: 2021–2025)
    return None


# periods that hold for their own sentence only: the month before the data month, past spans (近10年)
# and a base period opening its clause (2020年同期…)
RE_NOT_CARRIED = re.compile(rf"^(?:(?:从|由)?上个?[月周季]|(?:从|自)?(?:过去|近)[一二两三四五六七八九十\d]|"
                            rf"[{CN_D}两\d]{{1,2}}年[来间内]|{HORIZON_WORDS}|.*同期$)")
RE_SAME_MONTH = re.compile(r"^(?:当|本|同)月份?$")
# a month, perhaps its end (11月末: 本月 is 11月)
# (本月（2018年11月）: a month carried as resolved)
RE_MONTH_PERIOD = re.compile(r"\d{1,2}月份?(?=[末底初]?）?$|的?第[一二三四五1-5]周$)|(?<=\d{4}年)\d{1,2}(?=[末底]$)")
RE_BARE_WEEK = re.compile(r"^第[一二三四五1-5]周$")
RE_WEEK_OF_YEAR = re.compile(rf"(?:\d{{4}}年)?{WEEK_OF_YEAR}")
THIS_WEEK = frozenset({"本周", "当周"})  # (the week in force: 本周量跌价升 after 2018年第04周)


def resolved(period: str | None, *, year: int | None, doc_year: int | None,
             month: str | None = None) -> str | None:
    """The period with the year it takes: ``年末`` with 2019 in force → ``2019年末``, ``4月份`` → ``2024年4月份``,
    ``当年`` → ``当年（2018年）``; ``今年``/``去年`` count from the document's own year (``doc_year``); a period that
    writes its year, a horizon or a period without a year in force is kept as written.

    >>> resolved("年末", year=2019, doc_year=None), resolved("4月份", year=2024, doc_year=None)
    ('2019年末', '2024年4月份')
    >>> resolved("截至6月底", year=2015, doc_year=None), resolved("截至年底", year=2015, doc_year=None)
    ('截至6月底（2015年6月底）', '截至年底（2015年底）')
    >>> resolved("全年", year=2019, doc_year=None), resolved("当年", year=2018, doc_year=None)
    ('2019年全年', '当年（2018年）')
    >>> resolved("去年1-11月", year=2021, doc_year=2022), resolved("今年一季度", year=2021, doc_year=None)
    ('去年1-11月（2021年1-11月）', '今年一季度')
    >>> resolved("三年多来", year=2006, doc_year=None)  # a horizon up to now takes no year of the text
    '三年多来'
    """
    if period and RE_SAME_MONTH.match(period) and month and (named := RE_MONTH_PERIOD.search(month)):
        written = named.group() if "月" in named.group() else f"{named.group()}月"  # (2018年11底: the month, 11月)
        return f"{period}（{resolved(written, year=year, doc_year=doc_year)}）"  # 尤其是6月…当月 → 当月（6月）
    if period and RE_BARE_WEEK.match(period) and month and (named := RE_MONTH_PERIOD.search(month)):
        return f"{period}（{named.group()}{period}）"  # 6月第一周…第二周 → 第二周（6月第二周）
    if period in THIS_WEEK and month and (week := RE_WEEK_OF_YEAR.search(month)):
        return f"{period}（{week.group()}）"  # 2018年第04周…本周量跌价升 → 本周（2018年第04周）
    if period in PAST_YEAR and year is not None:
        return f"{period}（{year}年）"  # 一、2022年工作回顾 过去的一年，… → 过去的一年（2022年）
    if not period or year_of(period) is not None or RE_UNDATED.search(period) or period.isdigit():
        return period  # (2027: a target's year)
    if (short := RE_SHORT_YEAR.match(period)) is not None:  # 17年四季度 → 17年四季度（2017年四季度）
        return f"{period}（20{short.group(1)}年{period[short.end():]}）"
    rel = RE_RELATIVE_YEAR.search(period)
    if rel:
        offset = RELATIVE_YEAR_OFFSET.get(rel.group())
        base = year if offset is None else (doc_year + offset if doc_year is not None else None)
        if base is None:
            return period
        return f"{period}（{period[:rel.start()]}{base}年{period[rel.end():]}）"
    if year is None:
        return period
    lead = RE_STARTS_WITH_YEAR_WORD.match(period)
    if lead:  # 年末 → 2019年末, 截至年底 → 截至年底（2019年底）
        cut = lead.end() - 1
        return f"{period}（{year}{period[cut:]}）" if cut else f"{year}{period}"
    prefix = RE_PERIOD_PREFIX.match(period)
    if prefix:  # 截至6月29日 → 截至6月29日（2015年6月29日）: the words as written stay whole
        return f"{period}（{year}年{period[prefix.end():]}）"
    return f"{year}年{period}"


RE_SHORT_YEAR = re.compile(r"([12]\d)年")
# the whole of the year in force, or its end (not a month or a quarter: 11月 after 明年… is this year's, as a
# text dates its figures)
PART_OF_YEAR = r"(?:全年|年[末底初])"
RE_PART_OF_YEAR = re.compile(PART_OF_YEAR + "$")
# a year other than the present in force, perhaps with a part of it (去年, 去年全年; 今年's parts take the year
# the text states)
RE_RELATIVE_YEAR_IN_FORCE = re.compile(rf"(去年|上年|前年|明年){PART_OF_YEAR}?$")


def within_year(period: str | None, prior: str | None) -> str | None:
    """A part of a year said under a relative year in force, as that year's: ``去年，…，全年…`` is 去年全年 (not the
    last year a text wrote out); else ``period`` as it is.

    >>> within_year("全年", "去年"), within_year("年末", "去年全年"), within_year("全年", "2016年")
    ('去年全年', '去年年末', '全年')
    >>> within_year("2017年", "去年"), within_year("去年", "今年"), within_year("一季度", "今年")
    ('2017年', '去年', '一季度')
    """
    if period and prior and RE_PART_OF_YEAR.match(period) and (rel := RE_RELATIVE_YEAR_IN_FORCE.match(prior)):
        return rel.group(1) + period
    return period
# the year just past, as a review names it: with a year in force it is that year
PAST_YEAR = frozenset({"过去的一年", "过去一年", "过去的1年", "过去1年"})
# periods that are no point in a calendar year: horizons, the present, the month before the data month, holidays
# (榨季: a season across two years)
RE_UNDATED = re.compile(r"过去|近[一二两三四五六七八九十\d]|未来|今后|目前|如今|眼下|十[一二三四五]五|"
                        r"(?:上个?|本|当)[月周]|年多?[来间内]|年累计|些年|榨季|制糖期|雪季")
