"""Which region a figure is about: gazetteer mentions that name a subject, and the region in force.

A mention counts when it falls on jieba word boundaries (not 太原 in 太原理工), stands outside an aside in
brackets (福州（不含平潭）), and is not a list member, a comparison frame (比全国, 占全省), a destination or
origin (至南宁, 对欧盟, 来自北京), a firm or a person. For one figure, in order:

1. the place its number is attached to: ``江西（6.9%）``, ``全国（2.5%）``, ``高于4.8%的全国水平``;
2. a count of provinces (``21个省份``) is about the whole country;
3. the mentions before it in the sentence (a wider region named in passing does not replace a narrower
   one; ``全市/全省/本市`` point back to the region of that level in force, else to the article's own);
4. the region in force: carried from earlier sentences of the same paragraph; at a new paragraph, the
   article's own region (its title's or the first one its body names).

``A、B、C分别…x、y、z`` is handled by the walk (each place its number).
"""

from __future__ import annotations

import dataclasses
import re
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING

from transforms import context, regions
from transforms.extract.scan import RE_CJK_CHAR, clause_start

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from transforms.extract.walk import State

NATION = regions.Mention(-1, -1, regions.NATIONAL, 0, (regions.NATIONAL_CODE,))

# what stands before a place that is not the subject: comparison frames, destinations, origins, list links
RE_REGION_SKIP_BEFORE = re.compile(
    # (排名深圳市之后, 仅次于广州: the place ranked before, a yardstick)
    r"(?:位居|位列|居于|居|排名|排在|仅次于|次于|紧随|占据?|占有|占到|进入|列入|列|高于|低于|高出|低出|超过|快于|慢于|领跑|领先于?|跑赢|跑输|赶超|落后于?|比|较|"
    # (not 记者来到湖北天门的这家服装厂: the scene a reporter visits, not where goods go)
    r"来自|位于|地处|赴|前往|运往|发往|销往|通达|通过|出口到?|进口自|除|与|和|及|、|至|(?<!来)到|往|对|向|自|从|迁入|迁往|同|打造|"
    r"(?<![经理])由|[东西南北]起|止于|上报|报送|报请|呈报|捐往|捐给|捐赠给|支援|"
    # (全都销往了哈萨克斯坦: where goods went, its 了 between)
    r"(?:运往|发往|销往|卖往|卖到|销到|出口到?|迁往)了|"
    # (东接烟台，南邻青岛，西靠潍坊，北望大连: a place's neighbours, where it lies)
    r"[东西南北](?:接|邻|靠|望|连|临|依|濒|倚|界)|毗邻|紧邻|邻近|"
    # (吸引全球范围内投资达40亿元, 引进北京…企业: where what a place draws in comes from)
    r"吸引了?|引进了?|招引)$")
# a section's number before a place (二、湖州市实现…): no list of places
RE_SECTION_MARK_BEFORE = re.compile(r"(?:^|[：:；;。\s])[一二三四五六七八九十\d]{1,3}、$")
# (由鄂尔多斯市援建的项目: the builder, not where; 经由, 理由 are words; 北起平度灰埠镇: a route's end, not what the
# figure is about; 上报国家…: where a report goes; 再捐往湖北省的款物, 支援武汉: where a donation goes)
# a firm's or brand's name before a place that names its site (吉利汽车临海产业园)
RE_FIRM_BEFORE = re.compile(r"(?:汽车|集团|公司|股份|科技|控股|电子|药业|制药|实业|能源|电气|化工|钢铁|电器|重工|"
                            r"物业|地产|置业)$")
RE_SUBSIDIARY_AFTER = re.compile(r"[（(]|(?:与|同意|签订|公告|宣布)")
RE_SITE_AFTER = re.compile(r"(?:产业园|工业园|园区|基地|工厂|厂区|生产基地|项目)")
ADDRESS_TIERS = frozenset("街镇乡村路巷")  # the tiers of an address below a district (石门街, 钟落潭镇)
# the field of a ranking after 在 (GDP在安徽排第60的县)
# (在全国城市中排名第三: the field, its members named between)
RE_RANKED_WITHIN_AFTER = re.compile(r"^(?:[^，,。；;\d]{0,6}?中)?(?:排名?|位列|位居|居|名列|处于领先|领先|靠前)第?")
RE_ORDINAL_AFTER = re.compile(r"的?第[\d一二三四五六七八九十]")
# a title counting cities (66城下滑, 10座城市): a national story
RE_CITY_COUNT = re.compile(r"(?<![\d.])(?:\d{2,3}|百)(?:余|多)?(?:个|座)?(?:大中|重点|主要|热点)?城(?:市)?(?![区镇乡])")
# a clause that only continues the figure before it with a change (，同比增长24.95%)
RE_CHANGE_CLAUSE = re.compile(rf"(?:{context.RE_BASIS.pattern})?(?:{context.UP}|{context.DOWN})?了?")
# a character of a firm's name: no verb or particle (我国共有基金管理公司, 全国共有银行: a count of a class, not a firm)
NAME_CHAR = r"(?!有(?![限色])|[是为在的了将已和与及等共对从向把被由])"
# a firm as a clause's subject (公司实现主营收入…, 该公司上半年净利…)
# a firm by its name (东风公司, 方大钢铁集团, 川恒股份), not a class of firms (证券公司, 上市公司, 内资公司,
# 150家期货公司: no digits in a name, nor a verb: 我国共有…公司)
# (a bank by its name, 长治农商行, not a class: 商业银行, 城商行)
# (财险公司, 寿险公司, 人身险公司: classes of insurers)
FIRM_NAME = (r"(?![^，,。；;\d]{0,6}?(?:证券|期货|险|基金|信托|上市|挂牌|金融|投资|控股|房地产|地产|物流|快递|资|"
             r"国有|民营|政府|人民|平台|管理|子|分|企业|商业|村镇|中小|股份制|大型|全国性|地方|城市)(?:公司|集团|股份|银行))"
             # (关于银行…的贷款比例: a preposition before a class, not a name)
             rf"(?!全|我国|中国|国内|本|各|该|行业|关于|对于|由于|根据|随着|通过|新增|累计)(?:{NAME_CHAR}[\u4e00-\u9fff]){{2,8}}?(?:股份有限公司|有限责任公司|"
             # (股份制企业: a class of firms)
             # (占全省银行业金融机构的40%: banks as a class, no bank's name)
             r"有限公司|公司|集团|股份(?!制)|银行(?!业|机构|网点|间)|农商行|商行|"
             r"证券(?!资产|市场|交易|行业|业|账户|投资|化|公司|期货))"
             # (招商证券则预计…: an analyst's forecast, not the firm's own figure)
             r"(?![则也还]?(?:预计|认为|表示|指出|预测|称|分析|测算|研报|报告))")
RE_FIRM_SUBJECT = re.compile(r"(?:其中|同时|此外|而)?[，,]?(?:(?:该|本|这家)?(?:公司|集团)(?!所在)|该行|"
                             # (川恒股份与国轩集团分别以出资…: firms together)
                             rf"{FIRM_NAME}(?:[与和及、]{FIRM_NAME})*(?!所在|旗下|下属|[和与及、]))")
# a news agency's dateline (新华社北京1月17日电, 中新网上海3月2日讯)
RE_AGENCY_BEFORE = re.compile(r"(?:社|网|报|台)\s?$")  # (中新社 北京9月27日电: a blank between)
RE_DATELINE_AFTER = re.compile(r"(?:\d{1,2}月\d{1,2}日)?(?:电|讯)")  # (本报南宁讯: no date)
# a news site's dateline opening the text (中国宁波网讯, 中国江苏网3月2日讯, 宁波网讯, 中国水利网站2月18日讯)
# (中国园林网3月15日消息: a site's own line too)
RE_SITE_DATELINE = re.compile(r"[^\s，,。；;：:（(“”\d]{1,10}?网站?(?:\d{1,2}月\d{1,2}日)?(?:讯|消息[：:])")
# a dispatch's place opening the text (南宁讯（记者…）, 北京3月5日电; not 韩国电池材料…, 科大讯飞)
RE_BARE_DATELINE_AFTER = re.compile(r"\d{1,2}月\d{1,2}日电|讯(?![飞息号])")
# a reporter's byline with the city filed from (〔记者郑琪芳／台北报导〕, （记者李明 北京报道）)
RE_BYLINE_AFTER = re.compile(r"\s?(?:报导|报道)[〕\]）)】]")
# a member picked out of a group (其中深圳…), the field a thing is compared in (在全球主要货币中)
AMONG = r"其中[，,]?"
RE_AMONG_BEFORE = re.compile(AMONG + "$")
RE_AMONG_AFTER = re.compile(r"[^，,。；;：:\d]{1,10}?中(?![国心部])")
# the cities or provinces of the country a place is ranked among (在全国44城中排名第18位)
RE_RANKED_AMONG_AFTER = re.compile(r"[^，,。；;：:]{1,10}?中(?![国心部])[^，,。；;]{0,4}?(?:排名|排|位居|居|位列|列)")
# (河南等地: examples of a wider, unnamed area, not the subject; 西藏拉萨等4条国内货运航线: where routes go)
# (华家山西麓, 泰山东麓: a mountain's side, not 山西 or 山东)
# (天府粮仓, 天府之国: an epithet of a plain, not 天府新区)
# (在商务部指导下, 在省委省政府的大力支持下: a frame of who helped, not the subject)
RE_REGION_SKIP_AFTER = re.compile(r"^(?:[、和及与至到麓]|人$|籍|游客|车辆|牌照|地区以外|以外|等地|等省|等国|等城市|"
                                  r"等[\d一二三四五六七八九十]{1,3}(?:条|个|座)|盆地|猪瘟|"
                                  r"粮仓|之国|[^，,。；;]{0,6}?的?(?:大力|正确)?(?:指导|支持|帮助|领导|关心|协调)下|"
                                  # (欧洲方向1037列, 海安越南线月均3列: a route's destination, not the subject)
                                  r"方向|航线|专线|线(?![上下索路]))")
# a place's name that is a word before these (日照时数: sunshine, no 日照市)
WORD_NOT_PLACE_AFTER = {"日照": re.compile(r"时数|时间|小时|充足|(?:大部|总体|普遍|略)?偏[多少]|条件|百分率|不足"),
                        "包头": re.compile(r"鱼"),  # (包头鱼: the bighead carp, not 包头市)
                        "巴西": re.compile(r"菇|蘑|木|龟"),  # (巴西菇4160亩: a mushroom, not Brazil)
                        "温州": re.compile(r"蜜柑|蜜桔|蜜橘"),  # (温州蜜柑6.51万t: a citrus grown everywhere)
                        # (牡丹籽含油量, 牡丹果荚: the peony, not 牡丹区)
                        "牡丹": re.compile(r"籽|果荚|花|园|亭|产业|种植|美食|文化")}
# (油用牡丹0.38万亩, 凤丹油用牡丹: the oil peony, not 牡丹区)
WORD_NOT_PLACE_BEFORE = {"牡丹": re.compile(r"(?:油用|凤丹|观赏|芍药|种植)$")}
# 市民 (the city's people: 南宁市民刘晓梅, a visitor from elsewhere), but not 市 + 民间/民营/民生 (成都市民间投资)
RE_CITIZENS = re.compile(r"市民(?![间营生政族用航俗宿办企])")
# visitors by where they came from (中国大陆旅客, 内地游客): the origin, not the place visited
RE_VISITORS_AFTER = re.compile(r"(?:大陆|内地)?籍?(?:旅客|游客|访客)(?!吞吐|发送|运输|周转|量)")
# a government body of the place (重庆高新区科技创新局, 河北省发改委, 南京海关): it speaks for the place
# (not 政府性基金: a kind of fund)
RE_GOV_AFTER = re.compile(r"^[^，,。；;：:]{0,8}?(?:局|厅|委|办|政府(?!性)|管委会|委员会)(?!员)")
# an office whose district is wider than the city it is named after (南京海关 reports for 江苏)
RE_DISTRICT_OFFICE_AFTER = re.compile(r"^(?:海关|分行|中心支行|铁路局)")
# (not 北京上市公司数量: the place's listed companies, a class; nor 潍坊市协调银行机构…: 银行机构, 银行业 are banks
# as a class, no bank's name)
# (but 滑县人民医院, 滑县中医院: the county's public hospital, of the county)
# (领克01在路桥基地量产: a plant named after its place; 宁夏证券期货市场: the place's securities market, no firm)
RE_FIRM_AFTER = re.compile(r"^(?:基地|工厂|厂区)|^(?![^，,。；;]{0,4}?(?:A股|境内|境外|新增)?(?:上市|挂牌)公司)"
                           rf"(?:{NAME_CHAR}[^，,。；;：:]){{0,10}}?(?:公司|集团|银行(?!机构|业|网点|间)|有限|大学|学院|协会|(?<!人民)(?<!中)医院|日报|晚报|新闻|"
                           r"电视台|证券(?!期货|市场|行业|业|交易|账户|投资)|航空(?!枢纽|港|物流|货运|运输|口岸|经济|产业|护林)|股份|控股|研究院|研究所|农商|农信社|信用社|商行|"
                           # (南海海洋生物技术国家工程中心: an institute; 上海黄金交易所: an exchange)
                           r"(?:工程|技术|研究|检测|检验)中心|实验室|交易所)")
# a brand word right after a place makes a firm's name (宁德时代, 北京现代, 青岛啤酒, 云南白药, 上海电气)
# (not a place's modern industries, 上海现代服务业增加值, nor its heavy industry, 辽宁重工业基地)
RE_BRAND_AFTER = re.compile(r"(?:时代|现代(?!化|服务|农业|产业|物流|制造|金融|渔业|种业|商贸|城市|都市|流通|能源|"
                            r"工业|经济|企业|畜牧|林业|化工|医药|职业|教育|文化|旅游|海洋)|啤酒|白药|茅台|电气(?!化)|"
                            r"重工(?!业)|药业|制药)")
# what a national agency does to a place's own business (国家发改委对报告进行再次审查, 国务院批复…): it is no
# subject then, the place in force holds
NATION_WORDS = frozenset({"全国", "我国", "我们国家", "中国", "国内"})
LOCAL_TIERS = frozenset("省市县区州")
RE_ACTS_ON_AFTER = re.compile(r"^[^，,。；;]{0,20}?(?:审查|审核|审批|批复|批准|核准|下达|同意|复审|评审|立项|拨付|考察|"
                              r"调研)")
# a development's name after its place (南京龙湖春江紫宸项目, 上海龙湖天璞项目): the place locates it, as a firm's does,
# but a project of a kind (重庆市重大项目, 全市重点项目) is the place's own
# (not a verb's object: 在匈牙利投资建设电池产业基地项目 invests in the place)
# (nor a count or a relative clause: 东莞多个楼盘, 位于东莞麻涌的华侨城…项目 locate what follows in the place)
RE_PROJECT_AFTER = re.compile(r"^(?!投资|建设|新建|兴建|新增|新开工|打造|落地|实施|推进|启动|开工|签约|引进|布局|"
                              r"的|多|各|部分|其他|其余|所有|全部|相关|[\d一二三四五六七八九十两几数]+[个家座批])"
                              r"([^，,。；;：:、\d（）()的]{2,10}?)(?:项目|楼盘)")
# what measures a place by others (相当于…美国的…总和, 超过日本)
RE_COMPARED_WITH = re.compile(r"相当于|超过|超越|赶超|接近|媲美")
# the rest of a list of towns named short and their count (…、造甲、杜集、朱巷4个乡镇)
RE_TOWNS_COUNTED_AFTER = re.compile(r"(?:[\s、和及与][\u4e00-\u9fff]{2,3}){0,8}[\s、]?"
                                    r"[\d一二三四五六七八九十两]{1,2}个(?:乡镇|镇街|街道|镇|乡)(?![村亲里])")
FULL_NAME_END = "[省市县区旗州盟]"  # (the last character of a division's full name)
RE_SUFFIX_END = re.compile(FULL_NAME_END + "$")
RE_PROJECT_KIND = re.compile(r"(?:重点|重大|建设|投资|产业|在建|新建|续建|招商|民生|基础设施|工业|农业|水利|交通|"
                             r"能源|示范|试点|各类|各个|一批|实体|外资|内资|亿元|万元|"
                             # (宜昌市今年引进项目: the place's own projects)
                             r"引进|招引|签约|落地|开工|竣工|实施|推进|新房|住宅|入市|"
                             r"工程)$")  # (浏阳市森林防火综合治理工程项目: public works, the place's own)
# 中国 in a name or an adjective, not the country as a place
# (中国制造 is a slogan, 中国制造业 the country's manufacturing)
RE_NOT_NATIONAL_AFTER = re.compile(r"^(?:[（(]|特色|式|梦|人民|共产党|制造(?!业)|品牌|方案|智慧|经验|故事|声音|企业家|"
                                   # (我国最大的煤岩气田: a superlative's frame, not the country's figure)
                                   r"证监会|银保监会|人大|政协|性|重点|十佳|百强|首|唯一|一流|前列|第|领先|知名|著名|古代|"
                                   r"最[大高早长多强先]|"
                                   r"早期|近代|传统|主流|罕见|同类|各地|各族|范围内?|人|之最|乃至|内陆|东部|西部|中部|"
                                   # (省商务部门: a province's department, no ministry; 全国代表大会)
                                   r"北方|南方|沿海|东北|门|代表大会|"
                                   # (票房51.68亿元，全国占比9.4%, 全国产量占比提升至16.6%: the place's share of the
                                   # country's, a yardstick)
                                   r"[^，,。；;\d]{0,3}?占比)")
# a national designation a place wins (全国农业标准化示范区达13个, 全国文明城市): a title, not the country
# the domestic side of a market a province counts too (安徽…国内旅游收入1191亿元, 国内游客) while a place at home is
# in force, not the country (2016年全年，国内旅游人数44.4亿人次 with no place before)
SCOPE_NATIONAL = frozenset({"国内", "境内"})
RE_MARKET_AFTER = re.compile(r"旅游|游客|市场(?:占有率|份额|占比)")  # (国内市场占有率达70%以上: the place's share)


def _province_part(m: regions.Mention) -> bool:
    """Whether ``m`` names a part of a province by its own name (苏南, 湘北, 长株潭: a code ``<province>:<name>``;
    not a division so coded, 71:嘉义县)."""
    return m.level == 2 and all(len(c) > 3 and c[2] == ":" and c[-1] not in "县市区" for c in m.codes)


def abroad_at_home(state: State) -> bool:
    """Whether the article is a place's at home below the country (山东, 宁波): what it says its firms do abroad
    (在伊朗承接…, 在亚洲和非洲新签合同额…) is its own figure, not the country's abroad."""
    return state.home is not None and _at_home(state.home)


def works_abroad(text: str, m: regions.Mention, state: State) -> bool:
    """Whether ``m`` is a country or continent after 在 where a place at home's firms work (在伊朗承接…)."""
    return text[m.start - 1:m.start] == "在" and regions.is_foreign(m) and abroad_at_home(state)


def _at_home(m: regions.Mention) -> bool:
    """A place at home below the country: neither the whole country nor abroad."""
    return not regions.is_national(m) and not regions.is_foreign(m)


def _local_in_force(state: State, found: list[regions.Mention]) -> bool:
    """Whether a place at home below the country is in force: named before in the sentence, or carried."""
    return any(_at_home(p) for p in (*found, state.region, state.home) if p is not None)
# (全国无偿献血促进奖(单位奖)10个单位: an award's name)
RE_DESIGNATION_AFTER = re.compile(r"[^，,。；;\d]{0,8}?(?:示范区|示范县|示范市|示范基地|示范单位|试点|先进|百强|"
                                  r"[^获]奖|文明城市|卫生城市|模范|重点镇)|首批|"
                                  # (全国绿色食品原料（水稻）标准化生产基地19.7万亩: a designation's name)
                                  r"(?:[^，,。；;\d（(]|[（(][^）)]{1,6}[）)]){2,18}?(?:标准化|生产|示范|产业)基地|"
                                  # (全国对口支援三峡库区工作座谈会将在万州召开: a national meeting's name, held where
                                  # the text is about)
                                  r"[^，,。；;\d]{0,16}?(?:座谈会|电视电话会议|工作会议?|大会|论坛|峰会|推进会|现场会|"
                                  r"研讨会|交流会)(?=将|在|于|召开|举行|开幕)")
# an honour by the body that grants it (四川省五一劳动奖章, 甘肃省劳动模范和先进工作者, 四川省工人先锋号)
RE_HONOUR_AFTER = re.compile(r"[^，,。；;\d]{0,6}?(?:奖状|奖章|先锋号|劳动模范|先进工作者|先进集体|先进个人|工匠|"
                             r"青年文明号|巾帼文明岗|三八红旗手|五四青年奖)")
# a list of the whole province or city a place is put on (全省首批…名单, 全市…称号): no subject
RE_WHOLE_LIST_AFTER = re.compile(r"首批|[^，,。；;\d]{0,16}?(?:名单|称号)")
# (a forecast or a finding about a place names it as the subject: IMF预测中国经济增长8%, 数据显示我国…)
# (至2030年中国汽车将…: a horizon's 至/到 before the time words)
RE_SUBJECT_BEFORE = re.compile(r"(?:^|^至|^到|在|据|位于|走进|“|预期|预计|预测|估计|认为|显示|表明|指出)$")
# a bracket holding an aside (福州（不含平潭）, 四川（除成都外）): its places are not subjects
RE_ASIDE = re.compile(r"[（(][^（）()]{0,30}[）)]")

SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
               "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
               "孔向汤")
RE_PERSON_BEFORE = re.compile(r"(?:^|[，,。；：:、\s“”（）]|人|长|员|者|任|记|理|书|席|授|师|家|主|委)$")


# an earlier event the sentence follows on (继…之后, 继…后): its places are not the sentence's subject
RE_PRIOR_EVENT = re.compile(r"继[^，,。；;]{1,40}?之?后")


def _prior_events(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in RE_PRIOR_EVENT.finditer(text)]


def _asides(text: str) -> list[tuple[int, int]]:
    """The brackets holding asides; not a place alone inside an official name, which says where the named thing is
    (中国(湖南)自由贸易试验区, 中欧班列(长沙)2022年发运1020列; a firm's, 品捷电子（苏州）有限公司, is the firm's)."""
    if "（" not in text and "(" not in text:
        return []
    return [m.span() for m in RE_ASIDE.finditer(text) if not _place_of_name(text, m)]


RE_PLACED_NAME_BEFORE = re.compile(r"(?:中国|班列)$")


def _place_of_name(text: str, bracket: re.Match[str]) -> bool:
    """Whether ``bracket`` holds one place alone, after 中国 or 班列: part of an official name, no aside."""
    s, e = bracket.span()
    if not RE_PLACED_NAME_BEFORE.search(text, max(0, s - 2), s):
        return False
    inner = [m for m in regions.mentions(text[s + 1:e - 1]) if not m.short]
    return len(inner) == 1 and inner[0].start == 0 and inner[0].end == e - s - 2


def boundaries(words: list[str]) -> set[int]:
    """Character offsets where jieba words start or end."""
    return set(accumulate(map(len, words), initial=0))


def named(text: str, words: list[str] | None) -> list[regions.Mention]:
    """The gazetteer's names in ``text`` that stand as words of their own, outside asides in brackets: what
    :func:`valid_mentions` and :func:`list_heads` choose from (read once per sentence)."""
    cuts = boundaries(words) if words is not None else None
    if cuts is not None:
        cuts |= _nested_cuts(text, cuts)
    asides = _asides(text)
    return [m for m in regions.mentions(text, cuts)
            if (_on_boundaries(m, cuts) or _area_word(text, m, cuts))
            and not any(s < m.start and m.end < e for s, e in asides)]


RE_FULL_NAME_END = re.compile(FULL_NAME_END)


def _nested_cuts(text: str, cuts: set[int]) -> set[int]:
    """Where a jieba word that writes a place after the place it lies in (新疆伊犁哈萨克自治州, kept whole) parts
    the two: each a word of its own (``cuts``: where the words start and end). The inner place is written in full
    (not 白山黑水: a phrase of two short names). Read from the few words that end as a full name does, not from
    every word of every sentence.

    >>> t = "新疆伊犁哈萨克自治州近年"
    >>> sorted(_nested_cuts(t, {0, 10, 12}))
    [2]
    >>> _nested_cuts("白山黑水新疆", {0, 4, 6})
    set()
    """
    out: set[int] = set()
    for e in RE_FULL_NAME_END.finditer(text):
        end = e.end()
        if end not in cuts or end < 5 or any(c in cuts for c in range(end - 4, end)):
            continue  # (not a word's end, or a word of fewer than five characters: 全市, 重庆市)
        start = max(c for c in cuts if c < end)
        ms = regions.mentions(text[start:end])
        if len(ms) >= 2 and ms[0].start == 0 and ms[-1].end == end - start and not ms[-1].short \
                and all(a.end == b.start and regions.is_ancestor(a, b) for a, b in pairwise(ms)):
            out.update(start + m.start for m in ms[1:])
    return out


RE_AREA_AFTER = re.compile(r"地区|境内|全境|一带|[东南西北]?站|火车站|高铁站|机场|港(?![口澳台])|(?<=[省市县区])政府")


def _area_word(text: str, m: regions.Mention, cuts: set[int] | None) -> bool:
    """Whether jieba kept the place and an area word as one (北京地区, 深圳境内), a station or port named after it
    (北京西站, 在北京站，…, 宁波港) or its government (江苏省政府债务): the place still."""
    return cuts is not None and m.start in cuts and (a := RE_AREA_AFTER.match(text, m.end)) is not None \
        and a.end() in cuts


def _on_boundaries(m: regions.Mention, cuts: set[int] | None) -> bool:
    """Whether a mention is a word of its own (not 太原 in 太原理工, 白山 in 白山黑水); a zone (重庆高新区)
    or a place written with its suffix (洪江区) is checked at its start."""
    if cuts is None:
        return True
    # (东部地区生产总值: jieba cuts 东部/地区生产总值, the area word glued to the indicator after it)
    return m.start in cuts and (m.end in cuts or m.level == 4 or m.end - 1 in cuts
                                or (m.text.endswith("地区") and m.end - 2 in cuts))


def brands(text: str, known: list[regions.Mention]) -> list[regions.Mention]:
    """Places that open a brand's name (宁德时代, 青岛啤酒) and are not in ``known``: jieba keeps such a name
    whole, so the place is no word of its own and :func:`named` never offers it."""
    if RE_BRAND_AFTER.search(text) is None:
        return []
    seen = {m.start for m in known}
    return [m for m in regions.mentions(text, None)
            if m.start not in seen and not m.short and RE_BRAND_AFTER.match(text, m.end)]


def _after_figure(text: str, link: int) -> bool:
    """Whether the 、 at ``link`` closes a stretch holding a figure (成都增长24.5万人、杭州…): it then parts two
    clauses, not two members of a list."""
    start = max(text.rfind("、", 0, link) + 1, clause_start(text, link))
    return RE_DIGIT.search(text, start, link) is not None


def _figures_in_brackets_before(text: str, link: int) -> int:
    """Where the brackets the 、 or 和 at ``link`` follows open when they hold figures (南充市(占计划的54%)、自贡市):
    after a place taken as a subject, the next member of a list of places, each with its own figures; else -1.

    >>> _figures_in_brackets_before("南充市(占计划的54%)、自贡市", 12)
    3
    >>> _figures_in_brackets_before("港澳(地区)和广州", 6)
    -1
    """
    if link < 1 or text[link - 1] not in ")）":
        return -1
    opened = max(text.rfind("(", 0, link - 1), text.rfind("（", 0, link - 1))
    return opened if opened >= 0 and RE_DIGIT.search(text, opened, link - 1) is not None else -1


RE_DIGIT = re.compile(r"[\d０-９]")
# what a development slogan lifts the county by (产业兴县, 科技兴市, 旅游富县)
RE_SLOGAN_BEFORE = re.compile(r"(?:产业|工业|科技|人才|文化|文旅|旅游|生态|农业|商贸|开放|创新|项目|教育|质量|品牌|"
                              r"实业|数字|金融)$")
# a bond issue's name, its series in brackets (河南省政府专项债券(五十三期), 四川省…一般债券（三期）)
RE_BOND_ISSUE_AFTER = re.compile(r"[^，,。；;：:\d]{0,12}?债券[(（][^)）]{0,6}期[)）]")
RE_AIRPORT_AFTER = re.compile(r"(?:国际)?机场|[两双]场")
# a rank within the place (广东第2位, 全省第一名)
RE_RANK_IN_AFTER = re.compile(r"第[\d一二三四五六七八九十]{1,3}(?:位|名)|首位")
# the field of a superlative (全国客流量最大的…, 国内唯一的…)
RE_SUPERLATIVE_AFTER = re.compile(r"[^，,。；;、：:\d是]{0,6}?(?:最[大多高长早]|唯一)"
                                  r"(?:、最[^，,。；;、：:\d]{1,3}?)*的")  # (西南地区最大、最专业的…)
# the country's ranking (全国排名大幅提高, 全国位次前移): the field a place is ranked in, never the subject
RE_NATIONAL_RANK_AFTER = re.compile(r"(?:的|中的?)?(?:排名|排位|位次|名次)")
# an event's venue after 在 (在广州发布, 在京召开); an office or exchange where firms file or list (在山东证监局辅导备案
# 企业15家, 在上海证券交易所挂牌: the firms are the text's own)
RE_VENUE_AFTER = re.compile(r"^(?:市|省)?(?:发布|召开|举行|举办|开幕|揭晓|公布|揭牌)|"
                            r"^[^，,。；;\d]{0,8}?(?:局|厅|委|交易所)(?:辅导)?(?:备案|登记|注册|申报|挂牌|上市)")
# what a share's yardstick says after its place (…粗钢产量的13.68%)
RE_SHARE_OF_AFTER = re.compile(r"[^，,。；;\d]{0,12}的[\d.]")
# a figure whose origin follows it in its clause (其中2190万吨来自中国, 有40%的存量来自中国)
RE_FIGURE_FROM = re.compile(r"[\d%％][^，,。；;\d]{0,8}?来自$")
RE_GAP_FROM = re.compile(r"[^，,。；;\d]{0,8}?来自")


# the words before a trade partner or a destination (对我国香港地区进出口, 出口到美国): a place written on from one is
# the partner too
PARTNER_WORDS = frozenset({"对", "向", "自", "运往", "发往", "销往", "出口到", "出口", "进口自", "往", "捐往", "捐给",
                           "捐赠给"})


def valid_mentions(text: str, state: State, names: list[regions.Mention], *,
                   firms: list | None = None, passing: bool = False, title: bool = False) -> list[regions.Mention]:
    """Region mentions (of ``names``, see :func:`named`) that name what the sentence is about (see the module
    doc). Places in firm names (重庆某某有限公司) go to ``firms``: a last resort.
    ``passing``: the country named in passing counts too (介绍了当前我国消费市场: the article's own); ``title``:
    ``text`` is a headline."""
    found = []
    prior = _prior_events(text) if "继" in text else []
    skipped: set[int] = set()  # where the partners a word before skipped end (对我国 of 对我国香港地区)
    for m in names:
        if m.start in skipped:
            skipped.add(m.end)
            continue  # 对我国香港地区进出口: the place written on from a partner's is the partner too
        after = text[m.end:m.end + 14]
        skip = RE_REGION_SKIP_BEFORE.search(text, max(0, m.start - 4), m.start)
        if text[m.start - 1:m.start] == "在" and (RE_RANKED_WITHIN_AFTER.match(after) or (
                (regions.is_national(m) or m.codes == (regions.WORLD,)) and RE_ORDINAL_AFTER.match(after))):
            continue  # GDP在安徽排第60的县, 格力电器在全球的第8个生产基地: the field of a ranking, not the subject
        if text[m.start - 1:m.start] in ADDRESS_TIERS and m.start > 0 \
                and any(0 <= m.start - o.end <= 6 for o in names if o.end < m.start):
            continue  # 白云区石门街朝阳联新东街地块: a name in an address under a place, not 朝阳 (a city)
        if any(s < m.start < e for s, e in prior):
            continue  # 继湖南常德石门县委书记鼓励干部带头买房之后，安徽宿州泗县…: an earlier event elsewhere
        if RE_DATELINE_AFTER.match(after) and (RE_AGENCY_BEFORE.search(text, max(0, m.start - 3), m.start)
                                               or (m.start == 0 and RE_BARE_DATELINE_AFTER.match(after))):
            continue  # 新华社北京1月17日电, 南宁讯: where the dispatch was filed, not what it is about
        if m.start < 8 and regions.is_national(m) and (site := RE_SITE_DATELINE.match(text)) is not None \
                and m.end <= site.end():
            continue  # 中国宁波网讯(…): a news site's name opening its dispatch, not the country's story (宁波 is)
        if ((word := WORD_NOT_PLACE_AFTER.get(m.text)) is not None and word.match(after)) or (
                (word := WORD_NOT_PLACE_BEFORE.get(m.text)) is not None
                and word.search(text, max(0, m.start - 4), m.start)):
            continue  # 年日照时数为2568小时: sunshine, not 日照市; 油用牡丹0.38万亩: the oil peony, not 牡丹区
        if not RE_SUFFIX_END.search(m.text) and RE_TOWNS_COUNTED_AFTER.match(text, m.end):
            continue  # (下塘 造甲 杜集 朱巷 4个乡镇: towns a county counts, by their short names; no 杜集区)
        if RE_BYLINE_AFTER.match(after):
            continue  # 〔记者郑琪芳／台北报导〕: the same, in a reporter's byline
        if m.text[0] in "和与及" and m.start > 0 and RE_CJK_CHAR.match(text, m.start - 1) \
                and not any(o.end == m.start for o in names):
            continue  # 乡镇卫生院和县卫生防疫站: 和 joins two nouns, no 和县 (安徽和县 is one)
        if m.start > 1 and text[m.start - 1] in "，," and text.startswith("占", clause_start(text, m.start - 2)) \
                and RE_SHARE_OF_AFTER.match(text, m.end):
            continue  # 占河北省粗钢产量的57.7%，全国粗钢产量的13.68%: 占 goes on, the place is a yardstick
        if m.text[0] in "兴富" and RE_SLOGAN_BEFORE.search(text, max(0, m.start - 2), m.start):
            continue  # 推进产业兴县, 旅游富县: a slogan (industry lifts the county), not 兴县 or 富县
        if after.startswith("段") and m.level >= 3 and m.start > 0 and RE_CJK_CHAR.match(text, m.start - 1):
            continue  # (马水河耒阳市段, 祁水砖塘镇段: the stretch of a river in a county, an address)
        if RE_COPULA_BEFORE.search(text, max(0, m.start - 4), m.start) and (of := RE_OBJECT_OF_AFTER.match(after)) \
                and not RE_PARTNER_NOUN.match(after, of.end()) \
                and any(clause_start(text, m.start) <= o.start and o.end < m.start for o in found):
            # 宁波依旧是杭州在省内的强劲对手: what the subject named before is, a place of the predicate (but 东盟依然是
            # 云南省最大的贸易伙伴, 香港是东莞最大的出口市场: the partner of the place's own trade)
            continue
        if RE_BOND_ISSUE_AFTER.match(text, m.end):
            continue  # 2024年河南省社会事业专项债券(十四期): an issue the province sold, not where its money went
        if RE_AIRPORT_AFTER.match(after) and any(o.end == m.start for o in names):
            continue  # 成都天府国际机场, 上海浦东机场: the airport's name under its city, not 天府新区 or 浦东新区
        if RE_RANK_IN_AFTER.match(after) or (regions.is_national(m) and RE_NATIONAL_RANK_AFTER.match(after)):
            continue  # 仍居全国第5位、广东第2位: the field of a rank, not the subject
        if text[m.start - 1:m.start] == "在" and RE_VENUE_AFTER.match(after):
            continue  # 中华全国工商业联合会在广州发布…榜单: where a release was made, not what it is about
        if skip and skip.group() in ("位于", "地处"):
            if any(o.end == m.start - 2 for o in names) or RE_TOWN_END.search(text, 0, m.start - 2):
                continue  # 康保县位于河北省最西北部, 院桥镇位于黄岩区南部: where the place lies, not the subject
            skip = None  # (位于东莞麻涌的…项目: where the thing the figures are about lies)
        if skip and skip.group() == "来自" and (fig := RE_FIGURE_FROM.search(text, cs := clause_start(text, m.start),
                                                                         m.start)) is not None:
            if not RE_WHOLE.search(text, cs, fig.start()):
                found.append(m)  # 其中2190万吨来自中国, 有40%的存量来自中国: the part of the figure that is the place's
            continue  # (全市73.4%的进口商品来自亚洲地区: the whole's share, its origin named after)
        if skip and not (skip.group() in ("从", "自", "由") and RE_GOV_AFTER.match(after)) \
                and not (skip.group() == "、" and (_after_figure(text, m.start - 1) or RE_SECTION_MARK_BEFORE.search(
                    text, max(0, m.start - 5), m.start))) \
                and not (skip.group() in "、和及与" and any(o.end == _figures_in_brackets_before(text, m.start - 1)
                                                          for o in found)):
            if skip.group() in PARTNER_WORDS:
                skipped.add(m.end)
            continue  # but 从遵义市商务局获悉: a source that names its place; 成都增长24.5万人、杭州增长…: a subject
        if not title and RE_CITIZENS.match(m.text[-1:] + after if m.text.endswith("市") else after):
            continue  # 南宁市民, 南宁 + 市民: the city's people (a headline's 武汉市民春节线上消费 is the city's story)
        if not title and works_abroad(text, m, state):
            continue  # 在亚洲和非洲新签合同额…: where a province's firms work abroad, its own figures
        if not title and text[m.start - 1:m.start] in "在到赴" and RE_WORK_AFTER.match(after) \
                and abroad_at_home(state) and not regions.is_ancestor(state.home, m) and m.codes != state.home.codes:
            continue  # 其中，在广东务工的最多，达282.2万人: where a province's migrant workers work, its own figures
        if not title and RE_COUNTED_LIST_AFTER.match(after):
            continue  # 海口、三亚2市8个区和16个省直辖县210.7万人受灾: places counted as a group, the group's figures
        if "包括" in text and _included(text, m):
            continue  # (…包括贵德高原休闲养生度假区AAAA级景区、…同德石藏AA级景区等5个: a place naming an item included)
        if not title and "等" in after and RE_EXAMPLE_AFTER.match(after):
            # 莲都区九里村等29个村被列入…: where the example of a counted group lies, not the group's place (its
            # province is the article's still: 缙云11个 after 缙云县东渡镇等4个镇)
            if not m.short:
                state.provinces.update(regions.province_of(c) for c in m.codes)
            continue
        if not title and RE_VISITORS_AFTER.match(after) and m.end - m.start == len(m.text):
            # 中国大陆旅客有1,246,256人次: where the visitors came from, not the place they visited (but
            # 合肥新桥国际机场旅客吞吐量: a facility's traffic, in its city)
            continue
        if m.level == 1 and RE_HONOUR_AFTER.match(after):
            continue  # 四川省五一劳动奖状2个, 甘肃省劳动模范33名: a province's honour a city's people won, no subject
        if RE_REGION_SKIP_AFTER.match(after) or (regions.is_national(m) and (
                RE_NOT_NATIONAL_AFTER.match(after) or RE_DESIGNATION_AFTER.match(text, m.end)
                or (m.text in SCOPE_NATIONAL and RE_MARKET_AFTER.match(after) and _local_in_force(state, found))
                or (m.start > 0 and m.text not in NATION_WORDS and text[m.start - 1] in LOCAL_TIERS))):
            continue  # (市商务局, 省发改委: a local office, not the national body its name ends with)
        named_project = RE_PROJECT_AFTER.match(after)
        # (吉利汽车临海产业园: a firm's site named after its place, not the place's own; 碧桂园物业香港（本公司间接
        # 全资附属公司）与…: a subsidiary named after its place)
        firm = RE_FIRM_AFTER.match(after) or RE_BRAND_AFTER.match(after) or (
            (RE_SITE_AFTER.match(after) or RE_SUBSIDIARY_AFTER.match(after))
            and RE_FIRM_BEFORE.search(text, max(0, m.start - 4), m.start))
        if firm or (named_project and not RE_PROJECT_KIND.search(named_project.group(1))):
            if firms is not None and not m.short and not regions.is_national(m):
                firms.append(m)
            continue
        if (regions.is_national(m) or m.codes == (regions.WORLD,) or _grouping(m)) \
                and RE_SUPERLATIVE_AFTER.match(text, m.end):
            continue  # (全国客流量最大的拱北口岸…达5600万人次, 全球单体规模最大的…基地, 西南地区最大的中央空调生产
            # 制造基地: the field a thing is the greatest in, not its place)
        if regions.is_national(m) and not (passing and m.text != "中国") and not _subject(text, m):
            continue  # the country named in passing (是中国古代…, 居全国…) is a frame, not the subject
        if RE_GOV_AFTER.match(text[m.end:m.end + 12]) or (regions.is_national(m) and m.text not in NATION_WORDS
                                                           and RE_ACTS_ON_AFTER.match(text[m.end:m.end + 24])):
            state.orgs.add((text, m.start))  # (国家发改委对报告进行审查: a national body acting on the place's project)
        if RE_DISTRICT_OFFICE_AFTER.match(after):
            state.offices.add((text, m.start))
        found.append(m)
    provinces = set(state.provinces)
    provinces.update(regions.province_of(c) for m in found if not m.short and not _province_part(m) for c in m.codes)
    out = []
    for m in found:
        if m.short:
            if not _confirmed(m, provinces) and not (len(m.codes) == 1 and RE_COURT_AFTER.match(text, m.end)):
                continue  # (but 建始法院受理各类案件1803件: a county's court names its one county)
            if m.start >= 1 and text[m.start - 1] in SURNAMES and \
                    RE_PERSON_BEFORE.search(text, max(0, m.start - 2), m.start - 1):
                continue  # 沈丹阳说: a person, not 丹阳
        m = regions.resolve(m, provinces)
        if RE_PORT_AFTER.match(text, m.end) and (town := _city_of_district(m)) is not None:
            m = dataclasses.replace(town, start=m.start, end=m.end)  # 福田口岸: a port of 深圳, named for its district
        out.append(m)
    return out


# a border or sea port named for where it stands (福田口岸, 拱北口岸, 横琴口岸)
RE_PORT_AFTER = re.compile(r"(?:陆路|公路|铁路|水运|航空)?口岸")


def _city_of_district(m: regions.Mention) -> regions.Mention | None:
    """The city a district (福田区: code 440304, a 市辖区 numbered 01–20) or a zone inside a city (横琴) lies in;
    None for a county or a county-level city (满洲里, 东兴: a port's own place)."""
    code = m.codes[0] if len(m.codes) == 1 else ""
    if m.level == 3 and code.isdigit() and "01" <= code[4:6] <= "20":
        return regions.city(m)
    if m.level == 4 and len(city := code.split(":")[0]) == 4:
        return regions.city_of_code(city)
    return None


# a place's own court, procuratorate or police (建始法院, 江口县人民检察院): its name, not a word
RE_COURT_AFTER = re.compile(r"(?:人民)?(?:法院|检察院)|公安局")


def _confirmed(m: regions.Mention, provinces: set[str]) -> bool:
    """Whether ``m`` can be read as a place: a full name, or a short one of a province the text has named."""
    return not m.short or any(regions.province_of(c) in provinces for c in m.codes)


def list_heads(text: str, ms: list[regions.Mention]) -> list[regions.Mention]:
    """The first place of each list of places in ``text`` (湖北、贵州增速…, 江苏与广东之间; ``ms``: its names, see
    :func:`named`): a list that is the subject of its clause speaks for its first member."""
    heads = []
    for i, m in enumerate(ms[:-1]):
        if i and RE_LIST_LINK.fullmatch(text[ms[i - 1].end:m.start]):
            continue  # not the first of its list
        last = i
        while last + 1 < len(ms) and RE_LIST_LINK.fullmatch(text[ms[last].end:ms[last + 1].start]):
            last += 1
        examples = (text.startswith("等", ms[last].end) and not RE_PLACE_KIND.match(text, ms[last].end + 1)) \
            or ("等" in text and RE_GROUP_COUNT_AFTER.match(text, ms[last].end) is not None)
        if last == i or RE_REGION_SKIP_BEFORE.search(text, max(0, m.start - 4), m.start) \
                or examples or "除" in text[clause_start(text, m.start):m.start] \
                or RE_LIST_COUNT_AFTER.match(text, ms[last].end):
            # no list; a frame; examples (北京、广东等车辆); an exception (除北海、南宁外); a counted group
            # (海口、三亚2市)
            continue
        heads.append(m)
    return heads


RE_LIST_LINK = re.compile(r"[、和及与]|以及|、以及")
# the count that closes a list of places as one group (苏州工业园区、厦门海沧投资区、海南洋浦开发区等5个…区域): the
# group's figures, not its first member's
RE_GROUP_COUNT_AFTER = re.compile(r"(?:[^、，,。；;：:]{0,12}?、){0,8}[^、，,。；;：:]{0,12}?"
                                  r"等[\d一二三四五六七八九十]{1,3}(?:个|座|家|地)")
# 等 followed by a kind of place closes a list of subjects (江西、湖南等省份); by anything else, of examples
RE_PLACE_KIND = re.compile(r"省份|省区|省市|城市|地市|市州|市（州）|区县|县区|市县|县市|地区|国家|经济体")


def _subject(text: str, m: regions.Mention, state: State | None = None) -> bool:
    """A mention that opens its clause (after time words) or follows 在/据/位于 is what the clause is about;
    a government body (河北省发改委) is not."""
    if state is not None and (text, m.start) in state.orgs:
        return False
    cs = clause_start(text, m.start)
    lead = text[cs:m.start]
    if RE_SUBJECT_BEFORE.search(lead) is not None:
        return True
    bare = RE_PERIOD_ONLY.sub("", lead)  # 预期2021年中国经济…: time words stand between
    return not bare or RE_SUBJECT_BEFORE.search(bare) is not None


def _walk(text: str, ms: list[regions.Mention], current: regions.Mention | None,
          state: State | None = None) -> regions.Mention | None:
    """The region in force after ``ms``: each mention replaces the current one, except a wider region
    named in passing (位居重庆市前列, 华为…重庆中心) while a narrower one is in force, and a government
    body of a narrower place (南京海关) while a wider one is."""
    for m in ms:
        if current is not None and regions.is_ancestor(m, current) and not _subject(text, m, state):
            continue
        if current is not None and state is not None and (text, m.start) in state.offices \
                and regions.is_ancestor(current, m):
            continue
        current = m
    return current


# (not a yardstick: 占全省, 高于全市; nor the second of a pair of them: 分别占全省和全市总量的8.2%和22.6%)
RE_WHOLE = re.compile(r"(?<![占居列比较于])(?<![占居比较于]全[市省区县][和与及、])(?<!占同期)(?<!占当期)"
                      r"(?:全|本|我)(市|省|区|县|州|盟|旗)")  # (占同期全省进出口总值的26.1%: a yardstick)
# 全省 as a yardstick (超过全省平均水平, 高于全市), not the subject
# a rank in the whole, or in the fields of one rank listed (增速全省领先, 居全省第一, 在全省率先建立…机制, 保持全市、
# 全省、西北五省第一)
RE_RANK_AFTER = re.compile(r"(?:[、和与及][^，,。；;、\d]{1,6}?)*(?:排[位名序]|位[居列次])?"
                           r"(?:领先|率先|第[一二三四五六七八九十\d]|首位|前列|前[三五十])")
# a place in what a subject is (…是杭州在省内的强劲对手, 是广东的经济中心)
RE_COPULA_BEFORE = re.compile(r"(?:依旧|依然|仍然?|也|还|正|已经?)?是$")
RE_OBJECT_OF_AFTER = re.compile(r"[^，,。；;\d]{0,8}?的")
RE_PARTNER_NOUN = re.compile(r"[^，,。；;\d]{0,6}?(?:伙伴|市场|来源地|目的地|客源地|投资来源)")
RE_MOST_AFTER = re.compile(r"最[高低大小多少快慢好差佳优]|倒数第")
RE_PREDICATE_BEFORE = re.compile(r"(?:为|是|居|成为|属于?)$")
RE_YARDSTICK_LIST_BEFORE = re.compile(r"(?:比|较|高于|低于|快于|慢于)(?:全[国省市区县州][、和与及])+$")
# (拉动全市工业产值增速提高25.5个百分点: the whole a part drives, the part's figure)
RE_COMPARE_BEFORE = re.compile(r"(?:超过|高于|低于|快于|慢于|高出|低出|跑赢|领先|拉动|带动)$")
AUTONOMOUS = {"15", "45", "54", "64", "65"}
MUNICIPAL = regions.MUNICIPALITIES


def _self_named(m: regions.Mention, whole: str) -> bool:
    """Whether a text that calls itself 我市/本县 (``whole``: 市, 县) can be ``m``'s: as :func:`_fits`, a county by
    its full name's kind (缙云 is 缙云县, never 我市)."""
    return _fits(m, whole) and (m.level != 3 or whole not in "市县区" or regions.full_name(m)[-1] == whole)


def _fits(m: regions.Mention, whole: str) -> bool:
    """Whether 全市/全省/全区/全县 can mean region ``m`` (全区 is a district, a zone or 广西)."""
    if m.level == 0 or regions.is_foreign(m):
        return False
    prov = regions.province_of(m.codes[0])
    if m.level == 1:
        return whole == "省" or (whole == "市" and prov in MUNICIPAL) or (whole == "区" and prov in AUTONOMOUS)
    if m.level == 2:
        return whole in ("市", "州", "盟")
    if m.level == 3:
        suffix = m.text[-1]
        return whole == suffix if suffix in "区县市旗" else whole in ("区", "县", "市", "旗")
    return whole == "区"


# a contest a place's figure was won in (在全市…示范项目评比中): the field, not the figure's place
RE_CONTEST_AFTER = re.compile(r"[^，,。；;]{0,24}?(?:评比|比赛|竞赛|考核|评选|评审|大赛|比武)(?:活动)?中")


def _yardstick(text: str, m: re.Match[str]) -> bool:
    """Whether the 全市/全省 of ``m`` (a match of RE_WHOLE) is what a figure is measured against or ranked in, not
    its subject."""
    return bool(RE_COMPARE_BEFORE.search(text, max(0, m.start() - 3), m.start())
                # (分别比全国、全省、全市高1.9、0.9、0.1个百分点: a list of yardsticks)
                or RE_YARDSTICK_LIST_BEFORE.search(text, max(0, m.start() - 12), m.start())
                # (高于全市平均水平: a yardstick; but 全市平均气温9.9℃ opening its clause is the subject)
                or (text.startswith("平均", m.end())
                    and RE_PERIOD_ONLY.sub("", text[clause_start(text, m.start()):m.start()]))
                # (增速在全市排第15位: the field of a ranking, not the subject)
                # (在全市农民工返乡创业示范项目评比中，…获得奖励资金10万元: the field of a contest)
                or (text[m.start() - 1:m.start()] == "在" and (RE_RANKED_WITHIN_AFTER.match(text[m.end():m.end() + 3])
                                                               or RE_CONTEST_AFTER.match(text, m.end())))
                # (增速全省领先, 居全省第一; 保持全市、全省、西北五省第一: the fields of one rank)
                or RE_RANK_AFTER.match(text, m.end())
                # (金华的-3.70%则为全省最低的降幅, 这也是全省最差: a superlative in the whole, the part's)
                or (RE_MOST_AFTER.match(text, m.end())
                    and RE_PREDICATE_BEFORE.search(text, max(0, m.start() - 2), m.start()))
                or RE_WHOLE_LIST_AFTER.match(text, m.end()))  # (列入全省首批…示范区创建名单)


def _whole_region(text: str, pos: int, state: State, current: regions.Mention | None,
                  named: list[regions.Mention]) -> tuple[bool, regions.Mention | None]:
    """Whether a 全市/全区/本市 stands before ``pos``, and the region it refers to: the one in force if it
    fits, else one the sentence names (江苏省统计局…全省), else the article's own; None when the
    document never names it (a city bureau writing only 全市)."""
    found = None
    if "全" not in text and "本" not in text and "我" not in text:
        return False, None
    after = named[-1].end if named else 0
    for m in RE_WHOLE.finditer(text, after, pos):
        if not _yardstick(text, m):
            found, found_at = m.group(1), m.start()
    if found is None:
        return False, None
    if found == "省" and not RE_PERIOD_ONLY.sub("", text[clause_start(text, found_at):found_at]):
        # 在长沙人口实现42.6%增长…基础上，全省人口…: 全省 opening its clause is the province of the place the
        # sentence names (not a yardstick: 增速分别比全国、全省高…)
        for cand in reversed(named):
            if (prov := cand if _fits(cand, found) else regions.province(cand)) is not None:
                return True, prov
    fits = _self_named if text[found_at] in "我本" else _fits  # (我市 of a text on 缙云县's figures is no 缙云)
    # (我区 of a text at home in 广西 is the region, not a district the sentence named: 长洲水利枢纽…我区…)
    order = (state.home, current, *reversed(named)) if text[found_at] == "我" \
        else (current, *reversed(named), state.home)
    for cand in order:
        if cand is not None and fits(cand, found):
            return True, cand
    if found == "市" and not named:  # 全区…，全市…: the city of the district the article is about (奉贤区 → 上海市)
        for cand in (current, state.home):
            if cand is not None and (town := regions.city(cand)) is not None and not regions.is_ancestor(cand, town):
                return True, town
    if found == "省" and not named and state.last_region is not None and _fits(state.last_region, found):
        # 10月，云南省CPI…。¶ 从同比看，10月全省…: the province the paragraph before was on
        return True, state.last_region
    if state.home is None:  # 我县…, a county paper that names itself further on (落户灵川…灵川县八里街)
        for cand in state.elsewhere:  # (of its full name's kind: 洛宁 is 洛宁县, no 全市)
            if _self_named(cand, found):
                return True, cand
        provinces = [regions.province(c) for c in state.elsewhere if not _province_part(c)] if found == "省" else []
        if provinces and None not in provinces and len({p.codes for p in provinces}) == 1:
            return True, provinces[0]  # 全省…, then only 太原市…、晋城市…: the province of the cities it names
    if found == "省" and not named:  # 武汉…，全省: the province the city lies in (a city's story told by its province)
        for cand in (current, state.home):
            if cand is not None and (prov := regions.province(cand)) is not None:
                return True, prov
    return True, None


# what a number in brackets is attached to: 江西（6.9%）, 全国（2.5%）, 全省平均水平（4.6%）, 黄山（增长686.7%）
RE_BRACKET_OPEN = re.compile(rf"[（(](?:同比)?(?:{context.UP}|{context.DOWN})?(?:约|近|超过?|达)?$")
# (高于全国增幅(9.4%): the rate's name between)
RE_WHOLE_LEVEL = re.compile(r"(?P<nat>全国|国家线|“国家线”|全国平均)(?:平均)?(?:水平|值|线|增速|增幅|增长率|涨幅)?$|"
                            r"(?P<whole>全|本)(?P<level>市|省|区|县)(?:平均)?(?:水平|值|线|增速|增幅|增长率|涨幅)?$")
RE_LEVEL_AFTER = re.compile(r"的?(?:全国(?:平均)?(?:水平|值|线|增速)|“?国家线”?|全国平均)")
RE_NATIONAL_FRAME_BEFORE = re.compile(r"(?:高于|低于|超过|快于|慢于|略高于|略低于|与|和|同)全国(?:同期)?"
                                      r"(?P<rate>(?:两年)?(?:平均)?(?:增速|增幅|增长率|水平))?$")
# (远低于全国火化区64.88%的平均水平, 按照2013年全国0.716%的死亡率计算: the country's level, a word of it between)
RE_NATIONAL_LEVEL_BEFORE = re.compile(r"(?:按照?|依照|[远略]?[低高]于|超过|不及|相当于)(?:\d{4}年)?全国"
                                      r"[^（）()，,。；;\d]{0,6}$")
# (高于全国同期1.7%的两年平均增速)
RE_AVERAGE_AFTER = re.compile(r"的(?:平均|增速|增长)?水平|的平均值|的(?:两年)?平均(?:增速|增幅|增长)")
RE_PROVINCE_COUNT = re.compile(r"(?:省份|省区市|省（区、市）|省市区|省市|个省)")
# (拓展到…282个大中城市, 遍及…100多座城市: the cities a place's network reaches, its own figure)
RE_REACH_BEFORE = re.compile(r"(?:到|至|及|覆盖|辐射|通达|联通|连接|开通|遍及|延伸|通往|直达)[^，,。；;]{0,10}$")
RE_CITY_COUNT_AFTER = re.compile(r"(?:大中|重点|主要|样本|监测)?城市")
RE_CITY_COUNT_BEFORE = re.compile(r"的城市(?:数量|数)?(?:已经?|共|累计)?(?:达到?|有|超过|为)?$")
RE_PROVINCE_COUNT_BEFORE = re.compile(r"(?:省份|省区市)(?:数量|数)?(?:多|少|增加|减少|增至|达到|达)了?$")


def attached(q, text: str, ms: list[regions.Mention], state: State) -> tuple[bool, regions.Mention | None]:
    """The region a number is attached to by its own words, if any (see the module doc, 1. and 2.)."""
    if (bracket := RE_PLACES_BRACKET_AFTER.match(text, q.end)) is not None:
        # 降水量1411.4毫米(蔡甸)—1565.9毫米(黄陂), 17.5℃(蔡甸、江夏): the places a figure is measured at, named
        # in brackets after it (only places there)
        rest = bracket.group(1)
        inside = regions.mentions(rest)
        for m in reversed(inside):
            rest = rest[:m.start] + rest[m.end:]
        if inside and RE_JOINERS_ONLY.fullmatch(rest) and not regions.is_foreign(inside[0]):
            known = state.provinces | {regions.province_of(c) for r in (state.region, state.home) if r is not None
                                       for c in r.codes}
            if _confirmed(inside[0], known):
                return True, regions.resolve(inside[0], known)
    opened = RE_BRACKET_OPEN.search(text, max(0, q.start - 3), q.start)
    if opened is not None:
        bracket = opened.start()
        owner = next((m for m in ms if m.end == bracket), None)
        if owner is None:  # a list member (江西（6.9%）、福建（6.7%）) is no subject, but owns its bracket
            lead = max(0, bracket - 12)
            owner = next((m for m in regions.mentions(text[lead:bracket]) if lead + m.end == bracket), None)
        if owner is not None:
            return True, owner
        if _firms_bracketed(text, bracket):
            return True, None  # 华泰证券（6415亿元）和国泰君安（6109亿元）: firms' own figures
        whole = RE_WHOLE_LEVEL.search(text, max(0, bracket - 10), bracket)
        if whole is not None:
            return True, NATION if whole.group("nat") else _fitting(whole.group("level"), state)
    if "来自" in text:  # 其中2190万吨来自中国: the part of a total that comes from the place
        origin = next((m for m in ms if m.start > q.end and RE_GAP_FROM.fullmatch(text, q.end, m.start)), None)
        if origin is not None:
            return True, origin
    frame = RE_NATIONAL_FRAME_BEFORE.search(text, max(0, q.start - 12), q.start)
    # (a difference from it, 高于全国平均水平10.04个百分点, is the subject's own)
    national_level = frame and ((frame.group("rate") and q.unit_norm == "%") or RE_AVERAGE_AFTER.match(text, q.end))
    if RE_LEVEL_AFTER.match(text, q.end) or national_level:
        return True, NATION  # 高于4.8%的全国水平, 高于全国4.3%的平均水平: the national figure
    if "全国" in text and text.startswith("的", q.end) \
            and RE_NATIONAL_LEVEL_BEFORE.search(text, max(0, q.start - 16), q.start) is not None:
        # 远低于全国火化区64.88%的平均水平, 按照2013年全国0.716%的死亡率计算: the country's level a place is set
        # against or computed by, its measure after it (not 高于全国0.6个百分点, the place's own lead)
        return True, NATION
    if RE_NATIONAL_BATCH_BEFORE.search(text, max(0, q.start - 8), q.start):
        return True, NATION  # 成为全国首批7个试点碳市场中…首个: the country's batch a designation counts
    if q.unit.endswith("个") and (RE_PROVINCE_COUNT.match(text, q.end)
                                 or RE_PROVINCE_COUNT_BEFORE.search(text, max(0, q.start - 8), q.start)):
        # 21个省份, 超过万亿的省份多3个: a count of provinces is about the country, or the grouping of provinces
        # in force or the article's (西部地区…，9个省份同比增长)
        return True, next((r for r in (state.region, state.home) if _grouping(r)), NATION)
    if q.unit.endswith(("个", "座")) and (RE_CITY_COUNT_BEFORE.search(text, max(0, q.start - 10), q.start) or (
            RE_CITY_COUNT_AFTER.match(text, q.end) and not RE_REACH_BEFORE.search(text, max(0, q.start - 12), q.start)
            and not any(clause_start(text, q.start) <= m.start and m.end <= q.start for m in ms))) \
            and (state.region is None or state.region.level >= 2) \
            and not any(m.end <= q.start and 0 < m.level < 2 for m in ms):
        # (…延期的城市已达10余个, after 济南…; 有21个城市环比上涨, after 西宁…: no city counts cities, nor a province
        # named)
        return True, NATION
    return False, None


RE_NATIONAL_BATCH_BEFORE = re.compile(r"(?:全国|国家级?)(?:首批|第[一二三四五六七八九十\d]+批)$")
# places in brackets right after a figure (1411.4毫米(蔡甸), 17.5℃（蔡甸、江夏）)
RE_PLACES_BRACKET_AFTER = re.compile(r"\s?[（(]([^（）()，,。；;\d%％]{2,24})[）)]")
RE_JOINERS_ONLY = re.compile(r"[、和及与\s]*")
# the names of a list of figures in brackets (华泰证券（6415亿元）和国泰君安（…）): split at each bracket
RE_BRACKET_ITEM_SPLIT = re.compile(r"[（(][^）)]{1,20}[）)][、和及与]?")
RE_FIRM_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,10}(?:证券|公司|集团|股份|银行|控股|保险|基金|信托)")


def _firms_bracketed(text: str, bracket: int) -> bool:
    """Whether the names of the bracketed figures listed up to ``bracket`` are firms (one written with a firm's
    suffix makes the list one of firms)."""
    start = max(text.rfind(c, 0, bracket) for c in "，,。；;：:") + 1
    names = [n.lstrip("、和及与") for n in RE_BRACKET_ITEM_SPLIT.split(text[start:bracket])]
    return any(RE_FIRM_ITEM.fullmatch(n) and not RE_FIRM_CLASS.search(n) for n in names)


RE_FIRM_CLASS = re.compile(r"(?:^|[的家])(?:证券|期货|保险|基金|信托|上市|商业|城市|农村)?(?:公司|集团|银行)$")


def _fitting(level: str, state: State) -> regions.Mention | None:
    for cand in (state.region, state.home):
        if cand is not None and _fits(cand, level):
            return cand
    if level == "省":  # (济南…，高于全省增幅(9.3%): the province of the city in force)
        for cand in (state.region, state.home):
            if cand is not None and (prov := regions.province(cand)) is not None and _fits(prov, level):
                return prov
    return None


# a tier of cities as a clause's subject (二线城市和三线城市…分别下降, 70个大中城市中): cities across the country
RE_CITY_TIER = re.compile(r"(?:[一二三四]|新一)线(?:及以下)?(?:代表|重点|主要|热点)?城市|"
                          r"(?:\d+|[一二三四五六七八九十百]+)个(?:大中|代表|重点|热点)城市")


def _tier_after(text: str, start: int, end: int, current: regions.Mention | None) -> bool:
    """Whether a tier of cities, the subject of its clause, stands in ``text[start:end]`` while a city (or no
    region, or the country) is in force: the figures after it are about cities nationwide, not that city."""
    if "城市" not in text or (current is not None and current.level == 1):
        return False
    for m in RE_CITY_TIER.finditer(text, start):
        if m.start() >= end:
            break
        lead = RE_PERIOD_ONLY.sub("", text[clause_start(text, m.start()):m.start()])
        if not lead or RE_SUBJECT_BEFORE.search(lead):
            return True
    return False


def _ranked_frame(text: str, m: regions.Mention) -> bool:
    """Whether the country ``m`` is the field a place is ranked in (在全国44城中排名第18位), not a subject."""
    return regions.is_national(m) and text[m.start - 1:m.start] == "在" and RE_RANKED_AMONG_AFTER.match(text, m.end) \
        is not None


RE_OWN_FIGURE_AFTER = re.compile(r"[^，,。；;：:\d]{0,12}?[\d０-９]")


def _later_no_subject(text: str, m: regions.Mention, pos: int, state: State) -> bool:
    """Whether a place named after the figure at ``pos`` is not its subject (see :func:`region_for`)."""
    if m.start <= pos:
        return False
    if RE_AMONG_BEFORE.search(text, max(0, m.start - 3), m.start):
        return True
    if clause_start(text, m.start) <= pos:
        return False
    if RE_OWN_FIGURE_AFTER.match(text, m.end) and not RE_PERIOD_ONLY.sub("", text[clause_start(text, m.start):m.start]):
        return True  # (全年租用飞机32架，…，大连欧亚训练飞行488架次: a later clause's subject, with its own figure)
    if state.region is not None and _ranked_frame(text, m):
        return True  # (客运强度0.66万人次，在全国44城中排名第18位: the field the figure is ranked in, a later clause)
    # (…由2005年的608座压减到129座，…亚美大宁2个400万吨: a county's short name in a later clause, the region in
    # force known)
    return text.startswith("来自", m.start - 2) or (state.region is not None and (
        m.short or (regions.is_foreign(m) and not regions.is_foreign(state.region))))


def region_for(q, text: str, ms: list[regions.Mention], state: State,
               firms: list[regions.Mention], heads: list[regions.Mention]) -> regions.Mention | None:
    """The region of the figure ``q`` in sentence ``text`` when no place is attached to it (see the module
    doc, 3. and 4.)."""
    if state.firm_profile:
        return None  # 我行简介, 公司概况: a firm's page about itself, its figures its own
    pos = q.start
    before = sorted([m for m in ms if m.end <= pos] + [h for h in heads if h.end <= pos and _subject(text, h)],
                    key=lambda m: m.start)
    cs = clause_start(text, pos)
    if cs > 0 and RE_CHANGE_CLAUSE.fullmatch(text, cs, pos):
        cs = clause_start(text, cs - 1)  # (…主营收入10.06亿元，同比增长24.95%: the clause it continues)
    own_clause = not any(m.start >= cs for m in before)
    if (not firms and ((RE_FIRM_SUBJECT.match(text, cs) and own_clause)
                       or (not before and (state.firm_topic or _firm_topic(text, cs, state.firm_names))))) \
            or (state.firm_names and own_clause and _listed_subject(text, cs, state)):
        # 公司实现主营收入10.06亿元, 该公司上半年净利…: the firm's own figures are no place's (but a firm the
        # sentence names with its place, 重庆易阅科技有限公司…公司已研发推出20多款软件, speaks for the place)
        return None
    walked = _walk(text, before, state.region, state) if before else state.region
    if _tier_after(text, before[-1].end if before else 0, q.end, walked):
        return NATION
    if not before and any(f.end <= pos and RE_BRAND_AFTER.match(text, f.end) and _subject(text, f) for f in firms):
        # 2020年11月宁德时代的装车量为5.19GWh，占比48.9%: a brand's own figures are no region's, unless the sentence
        # names where they are (国内市场方面，宁德时代…市占率; 候选地点包括墨西哥…，宁德时代的投资额); a local
        # firm's (重庆易阅科技有限公司…研发推出20多款软件) are its place's
        return None
    whole, chosen = _whole_region(text, pos, state, walked, before)
    if whole and chosen is None and not before:
        return None  # 全市 of a city the document never names
    if not whole and _source_lead(text, ms, pos):
        return NATION
    if chosen is None and before:
        chosen = walked
    if chosen is None:
        # (a member picked out after the figure, 同比下降0.47%，其中广州降幅较大, is not the figure's place)
        # (nor the origin of a later clause's figure: 17年超过了300万辆，并且有40%的存量来自中国)
        # (nor, while a place at home is in force, the world or a country abroad a later clause names: 杭州的同盾…
        # 估值达到20亿美元，被评为全球27家金融科技独角兽)
        candidates = [m for m in ms if not _later_no_subject(text, m, pos, state)]
        if candidates:
            chosen = max(candidates, key=lambda m: (m.level, m.start))
    if chosen is None:
        chosen = state.region
    if chosen is None:  # 成都某科技有限公司: an unnamed firm of a city speaks for it, a named firm does not
        chosen = next((f for f in firms if text.startswith("某", f.end)), None)
    return chosen


# a firm named with its stock code (碧桂园服务（06098.HK）, 川恒股份(002895．SZ), 茂迪 (6244-TW)): the name, after the
# clause's other words
RE_LISTED_FIRM = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,8})\s?[（(]\s*\d{4,6}\s*[-.．]\s*(?:HK|SH|SZ|SS|BJ|TWO?)"
                            r"\s*[）)]")


# the title of a firm's page about itself (我行简介, 本公司概况, 企业介绍)
RE_FIRM_PROFILE_TITLE = re.compile(r"(?:我行|本行|我公司|本公司|公司|企业|集团)(?:简介|概况|介绍)")


def listed_firms(texts) -> frozenset[str]:
    """The names of the firms ``texts`` give a stock code to (``碧桂园服务（06098.HK）公告称`` → 碧桂园服务): a firm by
    its name wherever the article names it again, suffix or not.

    >>> sorted(listed_firms(["9月20日，碧桂园服务（06098.HK）公告称", "富力地产(02777．HK)发布公告"]))
    ['富力地产', '碧桂园服务']
    >>> sorted(listed_firms(["模组厂茂迪 (6244-TW)、元晶 (6443-TW)公布营收"]))
    ['元晶', '茂迪']
    """
    return frozenset(RE_FIRM_KIND_BEFORE.sub("", m.group(1)) for text in texts if "（" in text or "(" in text
                     for m in RE_LISTED_FIRM.finditer(text))


# the kind of firm written before a listed firm's name (模组厂茂迪, 设备商…, 龙头…): not part of the name
RE_FIRM_KIND_BEFORE = re.compile(r"^.+?(?:厂商|厂|商|龙头|巨头)(?=[\u4e00-\u9fffA-Za-z]{2})")


def _listed_subject(text: str, pos: int, state: State) -> bool:
    """Whether a firm the article names with a stock code opens the text at ``pos`` (after time words)."""
    lead = RE_PERIOD_ONLY.match(text, pos)
    start = lead.end() if lead else pos
    return any(text.startswith(name, start) for name in state.firm_names)


def _firm_topic(text: str, cs: int, names: frozenset[str] = frozenset()) -> bool:
    """Whether a clause of the sentence before the one at ``cs`` opens on a firm (or one of ``names``, the firms
    the article lists with a stock code), the topic of every clause after in a sentence that names no place
    before the figure (方大钢铁集团以生产…为主，拥有…，年产钢能力1600万吨; 报告期内，公司实现营业收入52.34亿元…；
    归属于…的净利润8.28亿元)."""
    while cs > 0:
        cs = clause_start(text, cs - 1)
        lead = RE_PERIOD_ONLY.match(text, cs)
        start = lead.end() if lead else cs
        firm = RE_FIRM_SUBJECT.match(text, start)
        end = firm.end() if firm is not None and firm.end() > start else next(
            (start + len(n) for n in names if text.startswith(n, start)), None)
        # (not a firm's people speaking: 财信证券首席经济学家…告诉, 奥维咨询公司总经理…表示)
        if end is not None and not RE_SPEAKER_AFTER.match(text, end):
            # (公司还计划…再建两家新厂，合计产能为6万吨: the new plants' figures are where the plants are)
            return not RE_PLANT_AFTER.match(text, end)
    return False


RE_PLANT_AFTER = re.compile(r"[^，,。；;]{0,14}?(?:建|投产|设立|开设)[^，,。；;]{0,6}?(?:厂|基地|生产线)")
RE_SPEAKER_AFTER = re.compile(r"[^，,。；;]{0,12}?(?:首席|总经理|董事长|总裁|分析师|经济学家|研究员|研究所|研究院|"
                              r"研究部|所长|院长|行长|记者|人士|专家|负责人|副总|主任|发言人|策略师|告诉|表示|认为|指出|介绍|"
                              r"称|预计|透露|分析)")


RE_LEAD_AFTER = re.compile(r"[：:，,]")
RE_BREAKDOWN_LEAD = re.compile(r"^(?:从|分)(?:地区|区域|城市|地市|市州|区县|县区|省份|各地)(?:来)?看[，,：:]")


def lead(text: str, ms: list[regions.Mention], *, heading: bool = True):
    """The place a sentence opens a section with (``合肥：…``, ``在武汉，…``, a heading ``尚义县基本情况``), None
    when it opens a breakdown by places (``从地区看，…``), False when it opens no section (``heading``: whether a
    heading may open one; an article's title is its own, not a section's)."""
    if RE_BREAKDOWN_LEAD.match(text):
        return None
    first = ms[0] if ms else None
    titled = heading and RE_HEADING.fullmatch(text) is not None
    # (三、宁夏证券期货市场综述: a numbered heading, its number before the place)
    at = number.end() if titled and (number := context.RE_LIST_MARKER.match(text)) is not None else 0
    if first is not None and not regions.is_national(first) and first.start <= at + 1 \
            and text[at:first.start] in ("", "在") and (RE_LEAD_AFTER.match(text, first.end) or titled):
        return first
    return None if titled else False  # (a heading that names no place closes the section before it)


# a section heading: a short line without end or clause punctuation (尚义县基本情况, 全球建设11个生产基地)
RE_HEADING = re.compile(r"[^。！？!?；;，,：:]{2,20}")


def _grouping(m: regions.Mention | None) -> bool:
    """Whether ``m`` names a grouping of provinces (西部地区, 长三角, 京津冀: a code ``00:<name>``)."""
    return m is not None and any(c.startswith("00:") for c in m.codes)


RE_PICKED_FROM = re.compile(AMONG)


# the rest of a list of places and the count that closes it as one group (海口、三亚2市, 南京、苏州两市; not
# 两省…，各占5席: each member's)
# (南平、三明…和福州6个设区市: the kind of city counted between; 3个地级市, 5个县级市)
# (满洲里、二连浩特两个重点口岸: places counted by their role)
LIST_COUNT = (r"[两二三四五六七八九十\d]{1,2}(?:个?(?:设区的?|地级|县级)?[市县区州省](?![场长委民级份])|"
              r"[个座](?:重点|主要|沿边|边境|国家级|省级)?(?:口岸|城市))(?![^。；;]{0,12}各)")
RE_COUNTED_LIST_AFTER = re.compile(rf"(?:[、和及与][\u4e00-\u9fff]{{1,6}}?)+{LIST_COUNT}")
RE_LIST_COUNT_AFTER = re.compile(LIST_COUNT)
# work done away from home (在广东务工, 到广东打工, 在东部地区从业)
RE_WORK_AFTER = re.compile(r"[^，,。；;\d]{0,3}?(?:务工|从业|打工|就业)")
# a place's village or town named as the example of a counted group (九里村等29个村, 东渡镇等4个镇)
RE_EXAMPLE_AFTER = re.compile(r"[^，,。；;、\d等]{1,5}?(?:村|镇|乡|街道|社区)等[\d一二三四五六七八九十]{1,3}个")


def _picked_out(text: str, m: regions.Mention) -> bool:
    """Whether ``m`` is one of the members a sentence opening on 其中 picks out of the group the sentence before
    spoke of (其中，北京、广州和深圳分别下降…，上海上涨0.6%): none of them holds past the sentence."""
    return m.start > 0 and RE_PICKED_FROM.match(text) is not None and not RE_WHOLE.search(text, 0, m.start)


# the others a list names beside the text's own place (其他4个产金市是：, 其余三个城市为)
RE_OTHERS_LIST = re.compile(r"(?:其他|其它|其余|另外)[^，,。；;：:]{0,12}?(?:是|为|有|包括|分别是)[：:]?"
                            r"[^，,。；;]*$")


def _may_be_own(text: str, m: regions.Mention) -> bool:
    """Whether ``m`` may be the place a text that calls itself 我市 means: a place at home, not a member picked out
    of a group (其中，丰镇市…发电量最多), nor in a list of the others beside it (其他4个产金市是：…渭南市).

    >>> t = "其他4个产金市是:山东省烟台市、陕西省渭南市。"
    >>> _may_be_own(t, regions.Mention(t.find("渭南"), t.find("渭南") + 3, "渭南市", 2, ("6105",)))
    False
    """
    return _at_home(m) and not _picked_out(text, m) and not (
        ("其" in text or "另外" in text) and RE_OTHERS_LIST.search(text, 0, m.start) is not None)


# a list of places each with its figure (南阳市71个、驻马店市69个): a breakdown
RE_PLACE_LIST_FIGURES = re.compile(r"\d[^、，,。；;]{0,4}、[^、，,。；;\d]{2,8}\d")


# the story going to a place (行走在夏日的东台沿海滩涂, 记者走进…, 来到…): a scene set there, what follows is its
RE_VISIT_BEFORE = re.compile(r"(?:走进|来到|行走在|走在|漫步在?|驱车|步入|置身|踏上|走访)[^，,。；;：:\d]{0,6}$")


def update_region(text: str, ms: list[regions.Mention], state: State, heads: list[regions.Mention], *,
                  figures: bool = True, para_start: bool = False) -> None:
    """The region in force after the sentence, and the article's provinces (``figures``: whether the sentence
    states any; ``para_start``: whether it opens its paragraph)."""
    # 温岭列入全省首批…示范区创建名单。 in a city's report: a county named for an honour, with no figure and no
    # section of its own, does not take the report over (but 1-8月，临汾市煤炭行业持续下降。 opening a paragraph of
    # a province's report is the subject of the paragraph)
    goes_on = text.rstrip().endswith(("；", ";"))
    if goes_on and state.breakdown_of is None and RE_PICKED_FROM.match(text):
        state.breakdown_of = state.region
    held = not figures and ms and state.home is not None and not regions.is_national(state.home) \
        and state.region is not None and state.region.codes == state.home.codes \
        and all(regions.is_ancestor(state.home, m) for m in ms) and lead(text, ms) is False \
        and not (para_start and not RE_PERIOD_ONLY.sub("", text[:ms[0].start])) \
        and not RE_VISIT_BEFORE.search(text, 0, ms[0].start)
    if not held:
        # (人民币汇率在全球主要货币中表现稳健: the field a thing is compared in holds for its sentence only)
        # (…上升10.54%，其中深圳升幅较大: a member picked out of the group holds for its clause only)
        # (…存栏1.89万头,其中凌海1.2万头,义县0.7万头,太和区0.5万头。: every member the breakdown lists)
        among = next((m.start for m in ms if m.start > 3 and RE_AMONG_BEFORE.search(text, m.start - 3, m.start)),
                     None)
        ms = [m for m in ms if not (text[m.start - 1:m.start] == "在" and m.codes == (regions.WORLD,)
                                    and RE_AMONG_AFTER.match(text, m.end)) and not _ranked_frame(text, m)
              and not (among is not None and m.start >= among and (
                  m.start == among or (state.region is not None and regions.is_ancestor(state.region, m))))
              # (其中，南京市共接待游客…；旅游总收入…: the one member picked out goes on past ；)
              and (not _picked_out(text, m) or (len(ms) == 1 and text.rstrip().endswith(("；", ";"))))
              # (河北省…相当于世界第二印度、第三日本外加半个第四美国的钢产量总和: countries a place is measured by)
              and not (regions.is_foreign(m)
                       and RE_COMPARED_WITH.search(text, clause_start(text, m.start), m.start) is not None)]
        if len(ms) > 1 and not _examples(text, ms[0]):
            # (福建省已初步形成龙海九湖、漳浦马口、漳平永福等多处花卉产业群: the examples the subject's sentence lists,
            # each with its own spot, are not the place that goes on)
            ms = [ms[0]] + [m for m in ms[1:] if not _examples(text, m)]
        if figures and state.region is not None and len({m.codes for m in ms}) >= 3 \
                and all(regions.is_ancestor(state.region, m) for m in ms) and RE_PLACE_LIST_FIGURES.search(text):
            # (按地区划分前五位的市县为:南阳市71个、驻马店市69个、…郑州市56个。: the members a breakdown ranks hold
            # for their own figures, the whole goes on)
            ms = []
        walked = _walk(text, ms, state.region, state)
        last = ms[-1].end if ms else 0
        said, whole = _whole_region(text, len(text), state, walked, ms)
        if _tier_after(text, last, len(text), walked) or (not said and _source_lead(text, ms, len(text))):
            state.region = NATION
        elif said and not any(m.end > last for m in ms):  # a 全市 after the last place named holds
            state.region = whole  # (None: the city the document never names)
        elif ms:
            state.region = walked
        elif heads and _subject(text, heads[-1]) and not _picked_out(text, heads[-1]):
            state.region = heads[-1]
    if state.breakdown_of is not None:
        if state.region is not None and regions.is_ancestor(state.breakdown_of, state.region):
            state.breakdown_members.add(state.region.codes)
        if not goes_on:
            # (其中市政热力100万平方米，…；桥东区50万平方米，…；桥西区80万平方米，…。中心城区集中供热普及率…: the
            # members a breakdown lists hold for their items only, the whole goes on after it; but not the one member
            # picked out: 其中，南京市共接待游客…；旅游总收入…。景区共接待…)
            if len(state.breakdown_members) > 1:
                state.region = state.breakdown_of
            state.breakdown_of = None
            state.breakdown_members = set()
    state.town = (town_names(text) or [state.town])[-1]
    for m in ms:  # (not 长株潭, 苏南: a part of a province by its own name does not name the province)
        if not _province_part(m):
            state.provinces.update(regions.province_of(c) for c in m.codes if not regions.is_national(m))
    # (公司实现营业收入52.34亿元…；归属于…的净利润8.28亿元: the firm stays the topic past ；)
    state.firm_topic = text.rstrip().endswith(("；", ";")) and not ms and (
        state.firm_topic or _firm_topic(text, len(text), state.firm_names))


# a place, perhaps with a spot of it, in a list of examples (龙海九湖、漳浦马口、漳平永福等多处; 北京、广东等)
RE_EXAMPLES_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:[、和及与][^，,。；;、等\d]{1,10}?)*(?<![高平中初对相均])等"
                               r"(?![地省国市县区级于待同奖次])")  # (not 广东高等院校)


RE_INCLUDING = re.compile(r"包括[:：]?[^。；;：:]*$")
RE_INCLUDED_CLOSE = re.compile(r"[^。；;：:]*?等(?:[\d一二三四五六七八九十两]+[个处家项座条])?")


def _included(text: str, m: regions.Mention) -> bool:
    """Whether ``m`` names an item of a list a group includes, closed by 等 (包括贵德…景区、…等5个).

    >>> t = "其中国家A级旅游景区包括贵德高原休闲养生度假区AAAA级景区、同德石藏AA级景区等5个"
    >>> _included(t, regions.Mention(t.find("同德"), t.find("同德") + 2, "同德", 3, ("632522",)))
    True
    """
    return RE_INCLUDING.search(text, 0, m.start) is not None and RE_INCLUDED_CLOSE.match(text, m.end) is not None


def _examples(text: str, m: regions.Mention) -> bool:
    """Whether ``m`` is a member of a list of examples closed by 等 (see RE_EXAMPLES_AFTER)."""
    return RE_EXAMPLES_AFTER.match(text, m.end) is not None


# the group a place's member is picked out of (武汉6个新城区中 东西湖区, 全省13个设区市中，苏州…)
RE_AMONG_GAP = re.compile(r"的?(?:\d{1,3}|[一二三四五六七八九十两]{1,3})个[^，,。；;\d]{0,6}?中[，,\s]*")
LEAD_SENTENCES = 3  # the sentences of an article's lead: a place it names there is the article's
# a line of no sentence or clause mark (a table's caption, 鹤岗市农村信用合作社1968年至1985年存款余额表; a heading)
RE_CAPTION_LINE = re.compile(r"[^。！？!?；;，,：:]{4,40}")


# a headline's count of provinces or cities compared (25省份, 31个省区市, 多省, 百城)
RE_COUNTED_PLACES = re.compile(r"(?:\d+|[两二三四五六七八九十百]+|多|各)个?(?:省份|省区市|省区|省市|省|城市|城)")


def home(title: str | None, title_words: list[str] | None, body: list[tuple[str, list[str] | None]],
         state: State, quoted: list[str] = (), rest: Iterable[tuple[str, list[str] | None]] = ()
         ) -> regions.Mention | None:
    """The article's own region: the first place its body names when that is the whole country (国家统计局…
    全国…), else the first its title names, else the first its body names (``body``: its first sentences,
    blanked of quoted names, with their words; ``rest``: the sentences after them, read (lazily) only for a
    全市 text that names no place in its first ones)."""
    def first(text: str, words: list[str] | None, found: list | None = None) -> regions.Mention | None:
        """The first place named, or the narrowest of a chain written together (怀化市洪江区 → 洪江区);
        ``found``: the text's valid mentions when already read."""
        if found is None:
            found = valid_mentions(text, state, named(text, words), passing=True)
        ms = [m for m in found if not regions.is_foreign(m)
              and not (regions.is_national(m) and (text, m.start) in state.orgs)  # (国家发改委对…进行审查)
              and (regions.is_national(m) or not _picked_out(text, m))]  # (其中，丰镇市…最多: a member)
        # (据昆明海关统计，…云南省: an office of a wider district gives way to the place the text names after it; 人行
        # 中山市中心支行 alone speaks for its city)
        if len(ms) > 1 and regions.is_national(ms[0]) and ms[1].start == ms[0].end \
                and (text, ms[1].start) in state.offices:
            ms = ms[1:]  # (中国人民银行南京分行…江苏金融运行: the national bank's branch, an office of its district)
        if ms and (text, ms[0].start) in state.offices:
            ms = [m for m in ms[1:] if not regions.is_national(m) and (text, m.start) not in state.offices] or ms
        if not ms:
            return None
        chain = ms[0]
        for m in ms[1:]:
            if (among := RE_AMONG_GAP.match(text, chain.end)) is not None and m.end <= among.end():
                continue  # (6个新城区中: the group's own words, no 新城区 of 西安)
            # (盘锦•双台子区: a chain parted by a dot; 武汉6个新城区中 东西湖区…: a member picked out of its place's
            # counted group)
            if not (m.start == chain.end or (m.start == chain.end + 1 and text[chain.end] in "•·・")
                    or RE_AMONG_GAP.fullmatch(text, chain.end, m.start)) or not regions.is_ancestor(chain, m):
                break
            chain = m
        return chain

    heading = valid_mentions(title, state, named(title, title_words), passing=True, title=True) if title else []
    if heading and (column := RE_COLUMN_HEAD.match(title)) is not None:
        heading = [m for m in heading if m.start >= column.end()]  # (全球报道:宁夏土地整治…: a column's name)
    if heading and (site := RE_SITE_TAIL.search(title)) is not None:
        heading = [m for m in heading if m.start < site.start()]  # (…“花儿经济”活力强劲|全球快播: a site's column)
    if heading and (group := RE_COUNTED_PLACES.search(title, 0, heading[0].start)) is not None:
        # (25省份地方债图谱：宁夏增长最快 贵州债务率最高: the members a comparison of many places singles out; of
        # provinces, the country's comparison)
        heading = [m for m in heading if m.start < group.start()]
        if not heading and "省" in group.group():
            return NATION
    if heading and heading[0].codes == (regions.WORLD,):
        return heading[0]  # a headline about the world market (全球光伏组件出货量或超190GW): the world's the article's
    local = bool(title and RE_WHOLE.search(title))  # 前4个月全市外贸…: a local document, whatever 全国 it cites
    # (the headline's place while the body is read: 安徽…国内旅游收入 is the province's domestic tourism)
    state.home = next((m for m in heading if _at_home(m)), None)
    wholes = [w.group() for text, _ in body for w in RE_WHOLE.finditer(text)]  # (全县, 我县, 本市: the body's own)
    def opening() -> tuple[int, regions.Mention | None]:
        """The first body sentence that names a place, and that place (a 全市 text's country aside)."""
        return next(((i, m) for i, (text, words) in enumerate(body) if (m := first(text, words)) is not None
                     and not (local and regions.is_national(m))), (0, None))

    at, opener = opening()
    if opener is None and not heading and (
            kin := _kin_provinces(texts := [title or "", *(text for text, _ in body)])
            or _self_confirmed(texts, wholes)):
        # (慈溪最多…；紧随其后的是鄞州…, 北仑…: a city's districts named short confirm each other's province, read
        # only when nothing else names a place; 东兰年产油茶籽6200吨, then 东兰…全县…: a county by its short name that
        # the text calls 全县)
        state.provinces |= kin
        at, opener = opening()
    if not heading and (visited := _visited(title, body[:LEAD_SENTENCES])) is not None \
            and (opener is None or at > visited[0] or regions.is_national(opener)):
        # (a lead that counts the visitors who came to Macau, 来澳旅客, before it names their origins: 中国大陆旅客,
        # 香港(582,025人次)…旅客)
        return visited[1]
    if opener is not None and regions.is_national(opener) and any(w[0] in "我本" for w in wholes) \
            and not any(_fits(opener, w[1]) for w in wholes):
        # (…记者在陕西省汽车工业协会获悉，…我省汽车工业…。…目前成为我国…销量冠军: a text that calls itself 我省 is
        # not the country's, whatever it compares with the country)
        opener = None
    if opener is not None and regions.is_national(opener) and at < LEAD_SENTENCES and not (
            state.home is not None and any(_fits(state.home, w[1]) for w in wholes)):
        # (past the lead, 为国内多家大型企业…服务 in a county paper is said in passing; a headline's county that the
        # body calls 全县/我县 stays the article's: 2022年云和县…统计公报, 2022年，全国经济…，我县…)
        return opener
    if opener is not None and at >= LEAD_SENTENCES and (body[at][0], opener.start) not in state.orgs \
            and not RE_CAPTION_LINE.fullmatch(body[at][0]) and not any(
            (m := first(text, words)) is not None and m.codes == opener.codes for text, words in body[at + 1:]) \
            and not (regions.is_national(opener) and not wholes and not heading and all(
                regions.is_national(m) for text, words in body
                for m in valid_mentions(text, state, named(text, words), passing=True))):
        # named once, past the lead and not as a government's (在福建晋江动车车站借充电宝时): an anecdote's place,
        # not the article's (浙江省物价局的一份通知 would be); but a text that names no place but the whole country
        # (3月财政收入…。虽然3月全国复产复工…) is the country's
        opener = None
    if opener is not None and not regions.is_national(opener) and (opener.level == 1 or _province_part(opener)) \
            and wholes and not _fits(opener, wholes[0][1]):
        # (2019年，全县上下…深入贯彻落实…视察江西重要讲话精神…: a province that a text speaking of itself first as
        # 全县 names in passing is not its place; nor a part of its province, 全省…。长株潭区域3个城市…)
        opener = None
    if opener is not None and title and (own_word := RE_WHOLE.search(title)) is not None \
            and own_word.group()[0] in "我本" and not regions.is_national(opener) \
            and not any(_at_home(m) for m in heading) and not _self_named(opener, own_word.group(1)):
        # (我市4镇29村上榜…, then 缙云11个、青田4个: a headline that calls its place 我市 is a city's, not the county
        # its body names first, 缙云 being 缙云县)
        opener = None
    headline = first(title, title_words, heading) if title else None
    if headline is not None and (about := title.find("关于")) > headline.start and (inner := next(
            (m for m in heading if m.start > about and regions.is_ancestor(headline, m)), None)) is not None:
        # (福建省林业厅关于长汀县森林重点火险区…工程项目初步设计的批复: the body that writes names itself first; the
        # place its document is about follows 关于)
        headline = inner
    if headline is not None and headline.level >= 3 and (selves := [
            w.group(1) for text, _ in body for w in RE_WHOLE.finditer(text)
            if not _yardstick(text, w) and not text.startswith("之", w.end())]) \
            and not any(_self_named(headline, w) for w in selves) \
            and (wider := next((m for m in heading if regions.is_ancestor(m, headline)
                                and _fits(m, selves[0])), None)) is not None:
        # (中牟县牟山郊野公园…这样的公园郑州远期规划49个, then 全市 and never 全县: the county names a park; the city
        # its headline names after it, which 全市 can mean, is the text's)
        headline = wider
    if headline is None and heading and (abroad := _abroad(title, heading, body)) is not None:
        return abroad
    if headline is None and title and RE_CITY_COUNT.search(title):
        return NATION  # 10年新低、66城下滑，楼市…: cities counted nationwide, whichever city the body opens with
    if headline is None and opener is not None and not regions.is_national(opener):
        opener = _narrower_subject(opener, body, state, wholes) or opener
    own = headline or opener or _national_source(title, body)
    self_wholes = [w for w in wholes if w[0] in "我本"]  # (我县, 本市: what the text calls itself)
    if (own is None or not regions.is_national(own)) and self_wholes \
            and (paper := _paper_home(body[:LEAD_SENTENCES], self_wholes)) is not None \
            and (own is None or regions.is_ancestor(paper, own)):
        # (福州新闻网2月8日讯(福州日报记者…)…2017年我市渔业经济总产值…, then 福清: a city paper's 我市 is its city,
        # whatever county of it the text names first)
        own = paper
    if own is None:
        # (a county's short name counts once a place of its province is named, in a firm's name too: 桂林天海塑业…
        # 落户灵川)
        firms: list[regions.Mention] = []
        body_names = [(text, named(text, words)) for text, words in body]  # (read once for the three passes below)
        found = [m for text, names in body_names for m in valid_mentions(text, state, names, firms=firms)]
        kept = set(state.provinces)
        state.provinces |= {regions.province_of(c) for m in found + firms if not m.short and not _province_part(m)
                            for c in m.codes}
        # (not a member picked out of the whole, 其中，丰镇市…发电量最多，占全市…的31.1%, nor one of the others)
        state.elsewhere = [m for text, names in body_names for m in valid_mentions(text, state, names)
                           if _may_be_own(text, m)]
        state.provinces = kept
        # a paper that calls its place 我县/本市 and names it further on (落户灵川): that place is the article's
        mine = self_wholes[0][1] if self_wholes else None
        rest_names = [(text, named(text, words)) for text, words in rest] if wholes else []  # (read for 全市 only)
        if mine is not None:
            own = next((c for c in state.elsewhere if _self_named(c, mine)), None) or _addressed(body_names, mine)
            if own is None:  # (or a zone named after it anywhere, 签约荆州高新区…项目: the city of 我市)
                zones = state.elsewhere + [m for text, names in rest_names for m in valid_mentions(text, state, names)]
                own = next((s for c in zones if (s := _seat(c)) is not None and _fits(s, mine)), None)
        # (a headline's 我市 says which whole is the text's own: 我市烈士纪念设施…, then 完成全省三年提升行动任务)
        headed = [w.group() for w in RE_WHOLE.finditer(title or "") if w.group()[0] in "我本"][:1]
        if own is None:
            own = _quoted_home(quoted, headed or wholes)
        if own is None and wholes:
            own = _named_whole(body_names + rest_names, wholes, state)
        if own is None and wholes:
            # (a page whose first line is its dateline, no headline: 东南网8月11日讯(福建日报记者…)…全省…)
            own = _paper_home([(title, title_words)] * bool(title) + body[:LEAD_SENTENCES], wholes)
        if own is None and headed:
            own = _only_place(body_names + rest_names, headed, state)
        if own is None and mine is not None:
            # (…被列入北京市政府重要民生实事项目, then 我市生态清洁小流域…: the city's own government named in full; the
            # words cut 北京市人大常委会 as one, so the names are read from the text)
            # (记者在陕西省汽车工业协会获悉，1-6月，我省汽车工业…: the trade body of the place 我省 means, in the lead;
            # read from all its names, valid_mentions taking a body's for a firm's)
            own = _sole_body([(t, valid_mentions(t, state, regions.mentions(t))) for t, _ in body_names + rest_names],
                             mine, RE_OWN_ORGAN_AFTER) or _sole_body(
                [(text, regions.mentions(text)) for text, _ in body[:LEAD_SENTENCES]], mine, RE_ASSOCIATION_AFTER,
                _self_named)
    if body and (town := RE_TOWN_SUBJECT.match(body[0][0])) is not None and (county := next(
            (m for m in regions.mentions(body[0][0]) if m.start == town.end()), None)) is not None:
        # 院桥镇位于黄岩区南部，…: a town's own page; its figures are the town's, in its county's code
        return regions.Mention(0, town.end(1), town.group(1), county.level, county.codes)
    if title and (town := RE_TOWN_HEADLINE.match(title)) is not None \
            and any(town.group(1) in text for text, _ in body[:LEAD_SENTENCES]) \
            and (own is None or own.level < 3 or regions.is_national(own)):
        # 东兴镇上半年实现产业投资13亿元, 七圩镇：…: a town's own news, the town its body speaks of (no county is the
        # text's own here, so in a code of its own)
        return _town(town.group(1), None)
    if (town_name := _town_called_back(title, body)) is not None and (
            not any(_at_home(m) for m in heading) or town_name[:2] in (title or "")):
        # (but 盂县投资10亿元推进城乡供水…, then 北下庄乡…该乡17个行政村: a county's headline, one town of it in the
        # lead; the text is the county's)
        # 笔者从企石镇政府获悉，…该镇实现生产总值18.1亿元: a town or subdistrict the lead names and the text calls
        # 该镇/全镇 is its place (in the code of the county or zone named, else in none)
        return _town(town_name, own if own is not None and own.level >= 3 and not regions.is_national(own) else None)
    return own


# a column's name before a headline (全球报道:宁夏土地整治…, 财经快讯：…)
RE_COLUMN_HEAD = re.compile(r"[^：:，,。]{0,6}(?:报道|快讯|速递|快报|资讯|头条)[：:]")
# a site's or column's name after a headline (…活力强劲|全球快播, …_新浪财经)
RE_SITE_TAIL = re.compile(r"\s*[|｜_]\s*[^|｜_，,。！!？?]{1,10}$")


# the place a text's visitors come to (以个人游方式来澳的内地旅客, 访港旅客人次): Macau's or Hong Kong's own count,
# whichever origins it lists (中国大陆旅客, 内地); not 访澳 of a state visit to Australia, nor 来港旅客 of a
# mainland port; or the province its travellers enter or leave by its one-character name (航空进川旅客, 出川客流,
# 进京车辆: the province's travel season; not the names a word could mean, 青, 宁, 吉, 黑, 甘, 苏, 新)
VISITED = {"澳": "澳门", "港": "香港", "川": "四川", "渝": "重庆", "沪": "上海", "京": "北京", "津": "天津",
           "粤": "广东", "桂": "广西", "琼": "海南", "黔": "贵州", "滇": "云南", "藏": "西藏", "疆": "新疆",
           "陇": "甘肃", "湘": "湖南", "鄂": "湖北", "赣": "江西", "皖": "安徽", "闽": "福建", "浙": "浙江",
           "鲁": "山东", "豫": "河南", "冀": "河北", "晋": "山西", "陕": "陕西", "辽": "辽宁"}
_PROVINCE_ONE = "".join(c for c in VISITED if c not in "澳港")
RE_VISITED = re.compile(rf"(?:[来访抵]澳|访港)(?!洲|大利亚)的?\w{{0,2}}(?:旅客|游客)|"
                        rf"(?<![先引促推])[进入出]([{_PROVINCE_ONE}])的?(?:旅客|游客|客流|人员|车辆|车流)")


def _visited(title: str | None, lead: list[tuple[str, list[str] | None]]) -> tuple[int, regions.Mention] | None:
    """Macau or Hong Kong, for a lead that counts the visitors who came there (``来澳旅客``), or a province its
    travellers enter (``进川旅客``), with the index of the sentence that says so (-1: the headline)."""
    for i, text in enumerate((title or "", *(text for text, _ in lead)), start=-1):
        if (m := RE_VISITED.search(text)) is not None:
            return i, regions.mentions(VISITED[m.group(1) or m.group()[1]])[0]
    return None


TOWN_WORD = r"(?:镇|乡|街道)"  # what ends a town's or a subdistrict's name
RE_TOWN_WORD = re.compile(TOWN_WORD)
RE_TOWN_BACK = re.compile(rf"(?:该|全|我|本)({TOWN_WORD})")
# a town word in a common word (推进城乡供水, 乡镇, 乡村振兴, 村镇银行) or calling a town back (全镇, 该乡): no
# town's name ends there
RE_TOWN_WORD_NOT = re.compile(rf"城乡|.乡[镇村]|.镇[乡村]|村镇|[该全我本各每]{TOWN_WORD}")
# what cannot open a town's name (从企石镇政府获悉, 在新河街道; 盐南高新区新河街道, 某县城关镇: a wider place's suffix;
# 1-6月份磁灶镇: a period's)
TOWN_NAME_STOP = set("从在据对向于自到与和及的是为将把被由、，,。；;：:（()“”全该本我各个每其这那省市县区年月份日季")
# a sentence opening on a village, perhaps after its town, and a household or person of it (窑店镇翻山村村民张兴俭
# 去年种植14亩党参, 天王镇浮山村的沈爱军经营着…, 毛嘴镇闵台村二组棉农王金枝): the story of one village, its figures
# the village's; or opening on a town as its subject (安口镇为…主要产区，拥有种植面积28400亩, 其中红石镇基地…)
_VILLAGER = r"(?:村民|农民|[棉果菜茶蔗瓜烟药]农|农户|种植户|养殖户|大户|贫困户|脱贫户)"
_OPENER = (r"(?:(?:其中|如|比如|例如)[，,：:]?)?(?:(?:19|20)\d{2}年[，,]?|(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日[，,]|"
           r"去年[，,]?|今年[，,]?|近日[，,]|日前[，,])?")
# (近日,西吉县兴隆镇王河村村民宋建军…: the county before the town; the person, told of again by name further on)
RE_VILLAGE_OPENING = re.compile(
    _OPENER + rf"(?:[\u4e00-\u9fff]{{1,4}}?[县市区旗](?=[\u4e00-\u9fff]{{2,4}}?{TOWN_WORD}))?"
    rf"(?P<town>[\u4e00-\u9fff]{{2,4}}?{TOWN_WORD})?(?P<name>[\u4e00-\u9fff]{{2,3}}村)(?![民委级集庄镇])"
    rf"(?:(?:[一二三四五六七八九十\d]+组)?(?:的(?:{_VILLAGER})?|{_VILLAGER})(?P<person>[\u4e00-\u9fff]{{3}})?|"
    # (2022年8月12日,湘溪村成为浙江省首个数字人民币试点村: the village as the subject)
    r"(?=成为|是|有|共有|现有|位于|地处|辖))")
RE_TOWN_OPENING = re.compile(_OPENER + rf"(?P<name>[\u4e00-\u9fff]{{2,4}}?{TOWN_WORD})(?![镇乡村])")
# a sentence taking the story to a village, its county, a part of it and its town before (在高密西部阚家镇赵家街村，
# 45岁以下的劳力几乎没有在家种地的; 日前，记者来到昌江黎族自治县十月田镇南岭村。): the scene of what follows
RE_VILLAGE_SCENE = re.compile(
    _OPENER + r"(?:在|(?:记者)?(?:来到|走进|走访|深入))"
    rf"(?:[\u4e00-\u9fff]{{1,8}}?(?:[县市区旗]|[东西南北中]部)(?=[\u4e00-\u9fff]{{2,4}}?{TOWN_WORD}))?"
    rf"(?P<town>[\u4e00-\u9fff]{{2,4}}?{TOWN_WORD})(?P<name>[\u4e00-\u9fff]{{2,3}}村)(?=[，,。])")
# words that end in 村 and name no village (新农村, 美丽乡村, 全村, 行政村)
VILLAGE_NOT = ("农村", "乡村", "全村", "各村", "每村", "行政村", "自然村", "贫困村", "示范村", "重点村", "淘宝村")
# a village's name after a town's (乔庄镇大沟村端午节…: the village's story, not the town's)
RE_VILLAGE_NAME = re.compile(rf"(?!{'|'.join(VILLAGE_NOT)})[\u4e00-\u9fff]{{1,3}}村")
# words a town word ends (参加城镇居民医保, 新建乡镇综合文化站, 基金小镇, 建立返乡创业园) and verbs that open a
# clause before a town (位于潭下镇…): no town's name
# (淘宝镇: a class of e-commerce towns, no name, as 淘宝村 of villages; 回乡: a return home)
TOWN_WORDS_NOT = ("城镇", "乡镇", "小镇", "集镇", "返乡", "下乡", "家乡", "故乡", "老乡", "水乡", "城乡", "村镇",
                  "淘宝镇", "回乡")
TOWN_NAME_VERBS = ("位于", "参加", "实现", "安置", "新建", "建立", "建成", "推进")


def village_opening(text: str, state: State) -> regions.Mention | None:
    """The village or town a sentence opens on as its subject (see RE_VILLAGE_OPENING), in the code of the county
    or town in force; None when there is none or it is the text's own town. Records in ``state`` what later
    sentences call back: the village by its short name (``villages``), the villager named with it (``villagers``,
    ``para_villager``).

    >>> from transforms.extract.walk import State
    >>> village_opening("窑店镇翻山村村民张兴俭去年种植14亩党参", State()).text
    '翻山村'
    >>> village_opening("安口镇为大榛子主要产区，拥有种植面积28400亩", State()).text
    '安口镇'
    >>> no = ("全村村民人均收入1.2万元", "云南镇雄:63.5万农村群众", "新建乡镇文化站50个")
    >>> [village_opening(t, State()) for t in no]
    [None, None, None]
    """
    m = RE_VILLAGE_OPENING.match(text) or RE_VILLAGE_SCENE.match(text)
    if m is not None:
        town = m.group("town")
    elif (m := RE_TOWN_OPENING.match(text)) is not None:
        town = m.group("name")
        if RE_TOWN_WORD_NOT.search(text, max(0, m.start("name") - 1), m.end()) or "镇" in town[:-1] \
                or town.endswith(TOWN_WORDS_NOT) or town.startswith(TOWN_NAME_VERBS) \
                or RE_VILLAGE_NAME.match(text, m.end()) \
                or any(r.start < m.end() <= r.end + 1 and (r.end != m.end() or r.start <= m.start("name"))
                       for r in regions.mentions(text[:m.end() + 3])):
            # (乔庄镇大沟村端午节…: the village's story; 云南镇雄: a province, then a county; but 郭北镇 is a town,
            # whatever county 北镇 names)
            return None
    else:
        return None
    name = m.group("name")
    if name[0] in TOWN_NAME_STOP or (town or "")[:1] in TOWN_NAME_STOP or TOWN_NAME_STOP.intersection(name[1:-1]) \
            or any(name.endswith(w) or w.endswith(name) for w in VILLAGE_NOT):
        return None  # (今年该村村民…: 该村 calls a village back, no name; 其中全乡…)
    within = next((r for r in (state.region, state.home) if r is not None and r.level >= 3
                   and not regions.is_national(r) and not regions.is_foreign(r)), None)
    if within is not None and within.level == 4 and within.text[:2] == name[:2]:
        return None  # (银杏乡辖16个行政村 in 银杏树乡's own page: the text's town, as it is)
    place = _town(name, within)
    if name.endswith("村") and len(name) > 2:
        state.villages[name[:-1]] = place  # (湘溪村, then 湘溪是一个有着747户人家…的大村)
    if person := m.groupdict().get("person"):
        state.villagers.update({person: place, person[:2]: place})  # (a name of two or of three characters)
        state.para_villager = place
    return place


# a villager told of before, opening a sentence by name (宋建军告诉记者，…自家8亩地每亩年收入仅400元)
# (他为我们算了一笔账: the villager just named, in the same paragraph)
RE_TOLD_AFTER = re.compile(r"[^，,。；;“”\d]{0,6}?(?:告诉记者|告诉笔者|说|介绍|表示|算了|坦言)")


def speaker_village(attribution: str, state: State) -> regions.Mention | None:
    """The village of the villager the sentence after a quote gives it to: one it names with the village
    (…大湾村村民王天荣告诉记者。), or one named before, in a short attribution (倪有本盘算着。). Records the
    villager as :func:`village_opening` does (the attribution is read ahead of its turn)."""
    return village_opening(attribution, state) or next(
        (place for person, place in state.villagers.items()
         if attribution.startswith(person) and len(attribution) <= 16), None)


# a village called back (在这个村里, 该村, 为村里带来): the one in force
RE_VILLAGE_BACK = re.compile(r"(?:该|这个|本)村(?![民委级集庄镇])|(?<![农乡全各每山])村里")
RE_VILLAGE_SUBJECT = re.compile(r"村?(?:成为|是|有|共有|现有|位于|地处|辖)")
RE_VILLAGE_PLACED = re.compile(r"村?(?:位于|地处)")  # (九层村位于凤鸣镇政府西南面: where the village lies)
RE_PRONOUN_OPENING = re.compile(r"(?:[^，,。；;“”]{0,14}[，,])?[他她]")


def villager_opening(text: str, state: State) -> regions.Mention | None:
    """The village of a person a sentence opens on telling (see RE_TOLD_AFTER), named before as its villager, or
    of the paragraph's villager (他说…, a quote still open); the person found becomes the paragraph's villager.

    >>> from transforms.extract.walk import State
    >>> s = State()
    >>> village_opening("近日,西吉县兴隆镇王河村村民宋建军仔细查看芹菜种子", s).text
    '王河村'
    >>> villager_opening("宋建军告诉记者,自家8亩地每亩年收入仅400元", s).text
    '王河村'
    """
    if (short := next((s for s in state.villages if text.startswith(s) and RE_VILLAGE_SUBJECT.match(text, len(s))),
                      None)) is not None:
        return state.villages[short]  # (湘溪是一个有着747户人家、2274名居民的大村: the village named before, short)
    if state.para_villager is not None and (state.quote_open or (
            (he := RE_PRONOUN_OPENING.match(text)) is not None and RE_TOLD_AFTER.match(text, he.end()))):
        return state.para_villager  # (他说:“…”; …，他为我们算了一笔账:“…。今年我家种了12亩…”: the quote goes on)
    place = next((place for person, place in state.villagers.items()
                  if text.startswith(person) and RE_TOLD_AFTER.match(text, len(person))), None)
    state.para_villager = place or state.para_villager
    return place


RE_TOWN_BACK_OPENING = re.compile(rf"(?:[^，,。；;]{{0,8}}[，,])?该({TOWN_WORD})")


# a town or subdistrict opening a list item, its figure right after (其中城关镇3条、新华街道办事处9条)
RE_TOWN_ITEM_BEFORE = re.compile(rf"(?:^|(?<=[、，,；;：:\s]))(?:其中)?(?P<name>[\u4e00-\u9fff]{{2,4}}?{TOWN_WORD})"
                                 # (铜官窑古镇等16个: examples; 顺河镇、石子镇、郭北镇的3个…示范片: the list counted)
                                 r"(?:办事处)?[^\d、，,。；;：:等的]{0,4}$")


def town_item(text: str, pos: int, end: int, state: State) -> regions.Mention | None:
    """The town or subdistrict named in full as the item of a list of towns a figure at ``pos``-``end`` closes
    (…41条 七百间街道办事处3条、新华街道办事处9条; 其中城关镇3条、新华镇11条), in the code of the county in force;
    None for any other figure.

    >>> from transforms.extract.walk import State
    >>> t = "解放区41条,其中新华街道办事处9条、城关镇新建3条、全镇2条"
    >>> [getattr(town_item(t, t.index(n), t.index(n) + 2, State()), "text", None) for n in ("41", "9", "3", "2")]
    [None, '新华街道', '城关镇', None]
    """
    m = RE_TOWN_ITEM_BEFORE.search(text, max(0, pos - 16), pos)
    if m is None or not (text[m.start() - 1:m.start()] == "、" or RE_LIST_NEXT_AFTER.match(text, end) or (
            # (黄湖镇降雨量为131毫米，百丈镇为96毫米: towns' figures one clause each, parted by commas)
            text[m.start() - 1:m.start()] in "，,；;" and town_names(text[:m.start()]))):
        return None  # (授予池河镇…6个: a town named once, not a list of towns' figures)
    # (read in place: 文旅振兴乡村 is no town, 今年特庸镇 is 特庸镇; 其中新华街道 is 新华街道)
    names, name = town_names(text[:m.end("name") + 2]), m.group("name")
    if not names or not (name.endswith(names[-1]) or names[-1].endswith(name)):
        return None
    return _town(min(names[-1], name, key=len), _county_in_force(state))


RE_LIST_NEXT_AFTER = re.compile(r"[^，,。；;、\d]{0,3}、")


def town_called_back(text: str, state: State) -> regions.Mention | None:
    """The town a sentence of a county's text calls 该乡/该镇 as it opens (今年，该乡在5个村发展玉米制种): the last one
    the text named in full (隆阳区丙麻乡), in the code of the county in force; None in a town's own text or when the
    last town named is of another kind (a 该乡 after 企石镇).

    >>> from transforms.extract.walk import State
    >>> town_called_back("今年,该乡在5个村发展玉米制种", State(town="丙麻乡")).text
    '丙麻乡'
    >>> town_called_back("今年,该乡在5个村发展玉米制种", State(town="企石镇")) is None
    True
    """
    m = RE_TOWN_BACK_OPENING.match(text)
    if m is None or state.town is None or not state.town.endswith(m.group(1)) \
            or (state.home is not None and state.home.level == 4):
        return None
    return _town(state.town, _county_in_force(state))


def _county_in_force(state: State) -> regions.Mention | None:
    """The county (or district) in force, else the text's own: where a town named without its county lies."""
    return next((r for r in (state.region, state.home) if r is not None and r.level == 3
                 and not regions.is_foreign(r)), None)


def _town(name: str, within: regions.Mention | None) -> regions.Mention:
    """A town or subdistrict as the text's place, in the code of the county or zone it lies in (``within``), else in
    one of its own (the standard's codes stop at counties)."""
    return regions.Mention(0, len(name), name, 4, within.codes if within is not None else (f"00:{name}",))


def town_names(text: str, words: Iterable[str] = ("镇", "乡", "街道")) -> list[str]:
    """The towns and subdistricts ``text`` names in full (企石镇, 丙麻乡 of 隆阳区丙麻乡), of the kinds ``words``.

    >>> town_names("走进隆阳区丙麻乡，推进城乡供水，全乡…"), town_names("2011年,查干库勒乡实施了…")
    (['丙麻乡'], ['查干库勒乡'])
    """
    found = []
    named: list[regions.Mention] | None = None  # (the text's places, read once when a name of three or four needs them)
    for w in RE_TOWN_WORD.finditer(text):
        if w.group() not in words or RE_TOWN_WORD_NOT.match(text, w.start() - 1):
            continue
        i = w.start()
        for k in (4, 3, 2):
            name = text[i - k:i]
            if i - k < 0 or not all(RE_CJK_CHAR.match(c) for c in name) or name[0] in TOWN_NAME_STOP:
                continue
            if k == 4 and i > k and text[i - k - 1] not in "，,。；;：:、（( ":
                continue  # (2011年,查干库勒乡: a name of four opens its clause)
            if k > 2:
                named = regions.mentions(text) if named is None else named
                if any(i - k < m.end < i for m in named):
                    continue  # (晋江磁灶镇: the county's name, then the town's)
            if not (name + w.group()).endswith(TOWN_WORDS_NOT):  # (推动农民工返乡创业: no town)
                found.append(name + w.group())
            break
    return found


def _town_called_back(title: str | None, body: list[tuple[str, list[str] | None]]) -> str | None:
    """The town or subdistrict (企石镇, 新河街道, 银杏树乡) that the headline or the lead names and the body calls
    该镇/全镇/我镇 (该街道, 全乡): the text's own place, finer than any county."""
    back = {m.group(1) for text, _ in body for m in RE_TOWN_BACK.finditer(text)}
    if not back:
        return None
    towns: list[str] = []
    for text in [title or "", *(text for text, _ in body[:LEAD_SENTENCES])]:
        for name in town_names(text, back):
            if not any(t[:2] == name[:2] for t in towns):  # (银杏树乡, then 银杏乡: one town, two forms)
                towns.append(name)
    # (夏孜盖乡饮水安全改造工程、查干库勒乡…，覆盖全乡: a lead listing several towns is the county's; its 全乡 is
    # one of theirs)
    return towns[0] if len(towns) == 1 else None


# a place as the whole its members' shares are of (界首市…占阜阳市比重), or as what a higher authority asks of
# (省委对长治提出…的要求)
RE_ADDRESSED_BEFORE = re.compile(r"(?:占|省委|省政府|中央|国务院)对?$|^对$")


def _addressed(body_names: list[tuple[str, list[regions.Mention]]], mine: str) -> regions.Mention | None:
    """The place a text that calls itself 我市/本县 (``mine``: 市, 县) names only as the whole its members' shares
    are of or as what a higher authority addresses (占阜阳市比重, 省委对长治提出): its own, when it is the one
    such place (``body_names``: each sentence with its :func:`named` places)."""
    fitting = [m for text, names in body_names for m in names
               if _at_home(m) and not m.short and _fits(m, mine)
               and RE_ADDRESSED_BEFORE.search(text[max(0, m.start - 4):m.start])]
    return _holding_all(fitting)


def _named_whole(body_names: list[tuple[str, list[regions.Mention]]], wholes: list[str],
                 state: State) -> regions.Mention | None:
    """The place a text that speaks of 全市 (or 全县, 全省: ``wholes``) and names no place in its lead names in full
    as a sentence's subject further on (全市邮政行业…, then 6月份，…烟台市快递市场出现较大增长): its own, when it is
    the one place at home the text names so, and every whole the text speaks of as its own can mean it.

    >>> from transforms.extract.walk import State
    >>> t = "西工零工市场已建成,洛阳市涉外就业服务机关将与其合署办公"
    >>> _named_whole([(t, named(t, None))], ["我市", "全省"], State()).text
    '洛阳市'
    >>> t1, t2 = "【佛山市获中国陶瓷名城称号】8月15日,考察团进行了考察评审", "命名佛山市为中国陶瓷名城"
    >>> _named_whole([(t1, named(t1, None)), (t2, named(t2, None))], ["全市"], State()).text
    '佛山市'
    """
    # (我市…, then 在全省婚姻登记机关…评估验收中: what the text calls itself, not the whole it is measured in)
    levels = {w[1] for w in wholes if w[0] in "我本"} or {w[1] for w in wholes}
    fitting = []
    for text, names in body_names:
        for m in valid_mentions(text, state, names):
            if not _at_home(m) or m.short or not regions.RE_SUFFIX.match(m.text[-1]) or _picked_out(text, m):
                continue
            # (【淄博市获中国陶瓷名城称号】: a yearbook entry's bracketed heading opens on its subject)
            lead = RE_PERIOD_ONLY.sub("", text[clause_start(text, m.start):m.start]).lstrip("【〖[")
            if lead and not RE_SUBJECT_BEFORE.search(lead):
                if any(f.codes == m.codes for f in fitting):
                    continue  # (…，考察团先后对…淄博市进行了考察: the subject named before, named again in passing)
                return None  # (named in passing, 与烟台市签约: not the text's subject; nor is the text then read)
            if not all(_fits(m, level) for level in levels):
                return None
            fitting.append(m)
    return _holding_all(fitting)


# a place's own organs (北京市政府, 北京市人大常委会, 北京市委): not a bureau of it, which may serve another place
RE_OWN_ORGAN_AFTER = re.compile(r"(?:人民)?政府(?!性)|人大|委(?![员托])|党委")


# a trade body named after its place (陕西省汽车工业协会, 湖南省家电行业协会): it reports on the place's trade
RE_ASSOCIATION_AFTER = re.compile(r"[^，,。；;：:“”]{0,8}?(?:协会|商会|联合会)")


def _sole_body(texts: list[tuple[str, list[regions.Mention]]], mine: str, after: re.Pattern[str],
               fits: Callable[[regions.Mention, str], bool] = _fits) -> regions.Mention | None:
    """The place a 我市/我省 (``mine``) text names in full with a body of its own right after it (``after``: its
    government, congress or party committee, 北京市政府; its trade association, 陕西省汽车工业协会), when it is the
    only place the texts (each with its places) name that ``mine`` could mean.

    >>> lead = ["记者从湖南省家电行业协会获悉，我省家电出口额52.6亿元"]
    >>> _sole_body([(t, regions.mentions(t)) for t in lead], "省", RE_ASSOCIATION_AFTER, _self_named).text
    '湖南省'
    >>> lead = ["记者从湖南省家电行业协会获悉，江西省…"]
    >>> _sole_body([(t, regions.mentions(t)) for t in lead], "省", RE_ASSOCIATION_AFTER, _self_named) is None
    True
    """
    fitting = [(text, m) for text, found in texts for m in found if _at_home(m) and not m.short and fits(m, mine)]
    bodies = [m for text, m in fitting if after.match(text, m.end)]
    return bodies[0] if bodies and len({m.codes for _, m in fitting}) == 1 else None


def _kin_provinces(texts: list[str]) -> set[str]:
    """The province of a city three or more of whose counties or districts ``texts`` name by their short names
    (慈溪, 鄞州, 北仑: 宁波's), when they name no place in full (a text that does, 广州…天河客运站, is read by it).

    >>> sorted(_kin_provinces(["慈溪最多，有近32万人；紧随其后的是鄞州，北仑增幅达7%"]))
    ['33']
    """
    by_city: dict[str, set[str]] = {}
    for text in texts:
        for m in regions.mentions(text):
            if not m.short and _at_home(m):
                return set()
            if m.short and m.level == 3:
                for c in m.codes:
                    by_city.setdefault(c[:4], set()).add(m.text)
    return {regions.province_of(city) for city, names in by_city.items() if len(names) >= 3}


def _self_confirmed(texts: list[str], wholes: list[str]) -> set[str]:
    """The province of the one county a text names by its short name, twice or more, and confirms: by calling
    itself by its kind (东兰年产油茶籽6200吨 …东兰把油茶产业… 全县油茶总面积: 东兰县, 全县) or by its full name
    somewhere, a body's name too (如东的干紫菜…如东县紫菜协会), when it names no other place in full.

    >>> sorted(_self_confirmed(["东兰年产油茶籽6200吨", "近年来,东兰把油茶产业作为主导产业。全县油茶总面积达13.76万亩"],
    ...                        ["全县"]))
    ['45']
    >>> _self_confirmed(["东兰年产油茶籽6200吨", "全市油茶总面积达13.76万亩"], ["全市"])
    set()
    >>> sorted(_self_confirmed(["如东金色滩涂", "今年如东的干紫菜品质出色", "如东县紫菜协会会长介绍"], []))
    ['32']
    """
    kinds = {w[1] for w in wholes}
    seen: dict[str, int] = {}
    short: dict[str, regions.Mention] = {}
    full: set[str] = set()
    for text in texts:
        for m in regions.mentions(text):
            if regions.RE_NOT_REGION_AFTER.match(text, m.end):
                continue  # (大同乡: a township named after a city, no 大同)
            if not m.short and _at_home(m):
                full.update(m.codes)
            elif m.short and m.level == 3 and len(m.codes) == 1:
                seen[m.codes[0]] = seen.get(m.codes[0], 0) + 1
                short[m.codes[0]] = m
    named = [code for code, n in seen.items() if n >= 2]
    if len(named) != 1 or not full <= {named[0]}:
        return set()
    code = named[0]
    confirmed = code in full or regions.full_name(short[code])[-1] in kinds
    return {regions.province_of(code)} if confirmed else set()


def _only_place(body_names: list[tuple[str, list[regions.Mention]]], wholes: list[str],
                state: State) -> regions.Mention | None:
    """The one place of the level a text's 我市 means (``wholes``: its headline's) that it names anywhere, in any
    form (我市烈士纪念设施…, then only 雅安烈士陵园 at its end): a text headed by its own word for its place is that
    place's."""
    levels = {w[1] for w in wholes}
    found = {m.codes: m for text, names in body_names for m in valid_mentions(text, state, names)
             if _may_be_own(text, m) and not regions.is_national(m) and all(_fits(m, level) for level in levels)
             and text.count("“", 0, m.start) <= text.count("”", 0, m.start)}  # (not “保供固安全”: a slogan)
    return next(iter(found.values())) if len(found) == 1 else None


# the paper a dispatch is filed for, by its place (湖北日报讯（记者…）, 据浙江日报报道, 杭州日报记者)
# (福州新闻网2月8日讯(福州日报记者…): a city's news site, its paper's reporter in brackets)
# (四川新闻网--成都晚报讯: a site's line before the paper's)
RE_PAPER_DATELINE = re.compile(r"(?:^|据|[（(]|-{1,2}|—{1,2})([^\s，,。；;、：:“”（）()\d]{2,5}?)"
                               r"(?:日报|晚报|都市报|新闻网)"
                               r"(?:全媒体|融媒体|客户端)?(?:\d{1,2}月\d{1,2}日)?(?:讯|记者|消息|报道)")


def _paper_home(lead: list[tuple[str, list[str] | None]], wholes: list[str]) -> regions.Mention | None:
    """The place a 全省/全市 text that names none of its own is filed for, by its paper's name (湖北日报讯…，今年
    一季度全省国税收入…: 湖北's): a province's or a city's paper writes on its place, when every whole the text
    speaks of can mean it."""
    levels = {w[1] for w in wholes}
    for text, _ in lead:
        if (paper := RE_PAPER_DATELINE.search(text)) is None:
            continue
        name = paper.group(1)
        place = next((m for m in regions.mentions(name) if m.start == 0 and m.end == len(name)), None)
        if place is not None and _at_home(place) and all(_fits(place, level) for level in levels):
            return place
        # (兰州日报讯…1至9月，全省签约…: a city's paper on its province's figures, the province's)
        prov = regions.province(place) if place is not None and place.level == 2 and _at_home(place) else None
        if prov is not None and all(_fits(prov, level) for level in levels):
            return prov
        return None
    return None


def _seat(m: regions.Mention) -> regions.Mention | None:
    """The place a zone is named after (荆州高新区 → 荆州): what a 我市 text that names only the zone calls itself."""
    if m.level != 4 or not all(c.endswith(":zone") for c in m.codes):
        return None
    zone = regions.RE_ZONE.search(m.text)
    seat = m.text[:zone.start()] if zone is not None else ""
    codes = tuple(c.removesuffix(":zone") for c in m.codes)
    return next((s for s in regions.mentions(seat) if s.codes == codes and s.end == len(seat)), None)


def _holding_all(places: list[regions.Mention]) -> regions.Mention | None:
    """The one of ``places`` that is or holds every other (延安 of 延安 and 洛川), else None."""
    return next((m for m in places if all(o.codes == m.codes or regions.is_ancestor(m, o) for o in places)), None)


def _quoted_home(quoted: list[str], wholes: list[str]) -> regions.Mention | None:
    """The place a 全市/我市 text names only inside its quoted names (我市累计完成“森林重庆”建设任务): its own, when
    every quoted place 全市 can mean is that one (``quoted``: the quoted names; ``wholes``: the text's 全市, 我市)."""
    # (我市 is no county: 本市…“保供固安全” is not 固安县's, as 全市 could be a county-level city's)
    fitting = [m for name in quoted for m in regions.mentions(name)
               if _at_home(m) and any((_self_named if w[0] in "我本" else _fits)(m, w[1]) for w in wholes)]
    return _holding_all(fitting)  # (“延安·洛川苹果”: the city, its county a member of it)


# a headline that opens on a town as its subject (东兴镇上半年实现…, 七圩镇：…), not a class of towns (特色小镇)
RE_TOWN_HEADLINE = re.compile(rf"({RE_CJK_CHAR.pattern}{{2,3}}{TOWN_WORD})(?![的是])"
                              r"(?<!特色小镇)(?<!重点镇)(?<!小城镇)")
RE_TOWN_END = re.compile(rf"{RE_CJK_CHAR.pattern}{TOWN_WORD}$")
# a town or subdistrict that opens an article as its subject, placed in its county (院桥镇位于黄岩区南部)
RE_TOWN_SUBJECT = re.compile(rf"({RE_CJK_CHAR.pattern}{{2,5}}?{TOWN_WORD})(?:位于|地处|坐落[于在]|隶属于?)")


def _abroad(title: str, heading: list[regions.Mention], body: list[tuple[str, list[str] | None]]
            ) -> regions.Mention | None:
    """A foreign country a headline names first and the article's lead names first again (美国CPI…，then 美国劳工部
    公布…): the article is that country's story (not a firm's named after one: 智利矿业化工一季报)."""
    country = heading[0]
    if not regions.is_foreign(country) or country.codes == (regions.WORLD,) \
            or RE_FIRM_AFTER.match(title[country.end:]) or RE_INDUSTRY_AFTER.match(title, country.end):
        return None
    for text, _ in body[:LEAD_SENTENCES]:
        # (the gazetteer's matches: jieba keeps 美国劳工部 whole)
        found = [m for m in regions.mentions(text) if not any(s < m.start < e for s, e in _asides(text))]
        if found:
            return country if found[0].codes == country.codes else None
    return None


RE_INDUSTRY_AFTER = re.compile(r"[^，,。；;：:]{0,4}?(?:矿业|化工|石油|钢铁|电力|电信|航空|汽车|能源|药业|电子|科技)")


# a national body whose release an article reports (央行发布11月金融统计数据, 中国证券业协会发布…), or the
# central bank's aggregates (社融, M2): its figures are the country's when the article names no place (a survey team
# or a branch of one is local: 国家统计局宁波调查队)
# (the agencies regions_world.tsv lists, 国家统计局 or 商务部, are national mentions of their own, wherever they
# stand; these count only in the lead of an article that names no place)
RE_NATIONAL_SOURCE = re.compile(
    r"(?:人民银行|央行)(?![^，,。；;]{0,8}?(?:分行|支行|营业管理部))|外汇局|"
    r"证监会|银保监会|国家金融监督管理总局|住房和城乡建设部|住建部|人社部|人力资源和社会保障部|国家邮政局|国家铁路局|"
    r"民航局|文化和旅游部|国家知识产权局|(?:国家)?市场监管总局|(?:国家)?市场监督管理总局|生态环境部|水利部|自然资源部|科技部|"
    # (国务院总理…作政府工作报告, the 两会: the State Council's)
    r"国务院|两会|"
    # (the national registries: 中国信托登记有限责任公司, 中国证券登记结算有限责任公司, 中央国债登记结算…)
    r"(?:中国|中央)[^\s，,。；;、：:“”（）()]{1,8}?登记(?:结算)?有限责任公司|中国结算|中债登|中国信登|"
    r"教育部|国家卫健委|"
    # (a national administration by its name, 国家电影局, 国家税务总局, 国家能源局; not a local team or branch of one,
    # 国家统计局宁波调查队, 国家税务总局杭州市税务局)
    r"国家(?!级)[^\s，,。；;、：:“”（）()\d]{2,8}?(?:总局|局)(?![^\s，,。；;]{0,6}?(?:调查队|分局|税务局|监管局|办事处))|"
    r"中国[^\s，,。；;、：:“”（）()]{1,12}?(?:协会|联合会|联盟|商会)|中华全国[^\s，,。；;、：:“”（）()]{1,10}?(?:联合会|协会|总会)|全国工商联|中汽协|乘联会|乘联分会|中物联|中钢协|中证协|中期协|中基协|中保协|基金业协会|"
    # (or the central bank's aggregates named in the title or lead: 10月社融增速有望触底反弹)
    r"社融|社会融资规模|外汇储备|(?<![A-Za-z])M[012](?![A-Za-z\d])")


# a sentence that opens on a national body's figures (1、据乘联分会初步统计，7月乘用车市场零售…): the country's, when
# it names no place before them, whatever region the article was on (a digest's items each their own story)
# (银保监会官网数据显示，…: the body's own words, without 据)
# (从中国银保监会公布的2020年商业银行主要监管指标来看，…: the body's release, read)
RE_SOURCE_LEAD = re.compile(rf"(?:{context.RE_LIST_MARKER.pattern[1:]})?(?:[另又]?据(?:{RE_NATIONAL_SOURCE.pattern})|"
                            # (来自国家电影局的数据显示，…; 国家电影局今天(2024年1月1日)公布2023年中国电影行业重要指标)
                            rf"来自(?:{RE_NATIONAL_SOURCE.pattern})的(?:数据|统计)(?:显示|表明)|"
                            rf"(?:{RE_NATIONAL_SOURCE.pattern})[^，,。；;]{{0,20}}?(?:公布|发布)[^，,。；;]{{0,24}}?"
                            r"(?:数据|指标|统计公报)[，,]|"
                            # (中国演出行业协会7月6日发布数据显示: the release's day, its verb without 的)
                            rf"(?:{RE_NATIONAL_SOURCE.pattern})(?:\d{{1,2}}月\d{{1,2}}日)?(?:官网|公布的|发布的|发布|公布)?"
                            r"(?:数据|统计)(?:显示|表明)|"
                            rf"(?:从|根据)?(?:中国)?(?:{RE_NATIONAL_SOURCE.pattern})(?:官网)?(?:公布|发布)的"
                            r"[^，,。；;]{0,24}?(?:来看|看|显示|表明)[，,]|"
                            # (从中汽协数据来看，1-8月，汽车产销…)
                            rf"(?:从|根据)(?:中国)?(?:{RE_NATIONAL_SOURCE.pattern})的?(?:数据|统计)(?:来看|看|显示)[，,])")


# an airport or a port named after its city (合肥新桥国际机场, 宁波舟山港): its own name, then its kind
RE_FACILITY_AFTER = re.compile(r"([\u4e00-\u9fff]{2,4}?)(国际机场|机场|港)(?![口澳台区])")


def facility_places(text: str, names: list[regions.Mention], known: dict[str, regions.Mention]
                    ) -> list[regions.Mention]:
    """``names`` (see :func:`named`), with each airport or port the article has named after its city standing for the
    city where named alone (合肥新桥国际机场…, then 新桥国际机场旅客吞吐量…: 合肥's), and each zone it has named by a
    name of its own after its city standing for the zone (连云港徐圩新区…, then 徐圩新区…); ``known`` (the article's,
    by facility or zone name) learns the ones ``text`` names so.

    >>> known = {}
    >>> _ = facility_places("合肥新桥国际机场旅客吞吐量", regions.mentions("合肥新桥国际机场"), known)
    >>> [(m.text, m.start) for m in facility_places("新桥机场货邮吞吐量", [], known)]
    [('合肥', 0)]
    >>> _ = facility_places("连云港徐圩新区", regions.mentions("连云港徐圩新区"), known)
    >>> [(m.text, m.start, m.level) for m in facility_places("今年,徐圩新区工业投资", [], known)]
    [('徐圩新区', 3, 4)]
    """
    if "机场" not in text and "港" not in text and "区" not in text:
        return names
    for m in names:
        if (f := RE_FACILITY_AFTER.match(text, m.end)) is not None and not regions.is_national(m):
            known.setdefault(f.group(1) + f.group(2), m)
            known.setdefault(f.group(1) + ("机场" if f.group(2) == "国际机场" else f.group(2)), m)
        elif m.level == 4 and regions.RE_NAMED_ZONE.fullmatch(m.text) and m.text not in regions.gazetteer().entries:
            known.setdefault(m.text, m)
    if not known:
        return names
    taken = [(m.start, m.end) for m in names]
    added = []
    for name, place in known.items():
        start = text.find(name)
        while start >= 0:
            if not any(s <= start <= e for s, e in taken):  # (not inside a name, nor right after its city)
                added.append(regions.Mention(start, start + len(name), place.text, place.level, place.codes))
                taken.append((start, start + len(name)))
            start = text.find(name, start + len(name))
    return sorted(names + added, key=lambda m: m.start) if added else names


def _source_lead(text: str, ms: list[regions.Mention], pos: int) -> bool:
    """Whether ``text`` opens on a national body's figures and names no place before ``pos``."""
    return ("据" in text or "统计" in text or "布" in text or "来自" in text) \
        and RE_SOURCE_LEAD.match(text) is not None \
        and not any(m.start < pos for m in ms)  # (据, 统计, 布 or 来自: a cheap test first)


def _national_source(title: str | None, body: list[tuple[str, list[str] | None]]) -> regions.Mention | None:
    """The country, for an article that names no place but reports a national body's figures in its lead,
    and never speaks of 全市/本省/我省 (a local bureau that never names itself)."""
    lead = [text for text, _ in body[:LEAD_SENTENCES]]
    if title:
        lead.append(title)
    scope = False
    if not any(RE_NATIONAL_SOURCE.search(text) for text in lead):
        # (or the statistics' own scope, 1-10月规上电子信息制造业增加值…, but not a park's: 园区实现规上工业产值)
        scope = any(RE_STAT_SCOPE.search(text) for text in lead)
        if not scope:
            return None
    texts = [title or "", *(text for text, _ in body)]
    if any(RE_WHOLE.search(text) or (scope and RE_LOCAL_UNIT.search(text)) for text in texts):
        return None
    return NATION


RE_STAT_SCOPE = re.compile(r"规上|规模以上|限额以上")
RE_LOCAL_UNIT = re.compile(r"园区|开发区|高新区|经开区|新区|工业园|产业园|片区|示范区|我市|我县|我区|我省|本市|本县|"
                           r"当地")


def _narrower_subject(opener: regions.Mention, body: list[tuple[str, list[str] | None]],
                      state: State, wholes: list[str]) -> regions.Mention | None:
    """A place inside the opener that the article's first sentences name more often than the opener itself, by
    name or as 全省/我省 (贵州省决定对江口等10个县…, then 江口县… four times: the county's story): the article's own."""
    raw: dict[tuple[str, ...], int] = {}
    for text, _ in body:  # the gazetteer's matches first (cheap): most articles name no place inside so often
        for m in regions.mentions(text):
            if regions.is_ancestor(opener, m):
                raw[m.codes] = raw.get(m.codes, 0) + 1
    if max(raw.values(), default=0) < 3:
        return None
    counts: dict[tuple[str, ...], list] = {}
    for text, words in body:
        for m in valid_mentions(text, state, named(text, words), passing=True):
            entry = counts.setdefault(m.codes, [m, 0])
            entry[1] += 1
            if entry[0].short and not m.short:
                entry[0] = m  # 江口 then 江口县: the name written in full stands for it
    # (全省 and 我省 speak of the opener too: 记者从江苏省科技厅获悉，…全省…；我省…, then 苏南 in one point)
    own = counts.get(opener.codes, [opener, 0])[1] + sum(_fits(opener, w[1]) for w in wholes)
    best = max((c for c in counts.values() if regions.is_ancestor(opener, c[0])),
               key=lambda c: c[1], default=None)
    return best[0] if best is not None and best[1] >= max(3, own + 2) else None


RE_PERIOD_ONLY = re.compile(rf"(?:{context.RE_PERIOD.pattern}|同时|此外|目前|截至目前|近年来|近日|当前|如今|"
                            r"其中|今年以来|据统计|另据|据|，|,|\s)+")
