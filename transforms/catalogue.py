"""The metric catalogue: canonical indicator ids, their Chinese names and aliases, and the matcher that
maps a metric phrase as written (``规模以上工业增加值增速``) to an id.

The catalogue is a data file (``data/metrics.tsv``: id, name, aliases separated by ``|``, natural unit,
kind, category), loaded once per process. A phrase maps to an id when one of the id's aliases stands in
it **on jieba word boundaries** (cut by :func:`transforms.segment.words`, with the project's user
dictionary), and everything else in the phrase is neutral: places and periods before it
(``全省``, ``大庆市``, ``1-6月``), measure words after it (``增速``, ``同比``, ``两年平均``, ``预期目标``).
A word that narrows the metric (``地方工业增加值``, ``民营企业出口``, ``重点企业粗钢产量``), states a
relation to it (``拉动进出口增长``, ``GDP差距``, ``高于全国平均水平``) or counts things
(``GDP增速高于全国的省份``) leaves the phrase unmapped: a wrong id is worse than none.

``X占Y的比重`` is a share of X (``第一产业增加值占地区生产总值的比重`` → ``value_added_primary``).

>>> match("规模以上工业增加值增速").id
'industrial_value_added'
>>> m = match("第一产业增加值占地区生产总值的比重"); (m.id, m.share)
('value_added_primary', True)
>>> match("进出口总额").id, match("出口").id
('trade_total', 'exports')
>>> match("民营企业出口") is None
True
>>> match("规模以上工业企业实现利润总额").id
'industrial_profits'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from transforms import context, regions, script
from transforms.resources import DATA_DIR

METRICS_FILE = DATA_DIR / "metrics.tsv"
KINDS = ("flow", "stock", "rate", "index")
COLUMNS = ("id", "name", "aliases", "unit", "kind", "category")
RE_ID = re.compile(r"[a-z][a-z0-9_]*")

# --- normalisation ---------------------------------------------------------------------------------
RE_SPACE = re.compile(r"\s+")
RE_QUOTES = re.compile(r"[“”‘’\"'「」『』《》〈〉]")
RE_PAREN = re.compile(r"\(([^()]*)\)")
# a parenthesis that narrows the quantity (不含平潭: without one area) is kept, so the phrase stays unmapped;
# 不含农户 is the standard scope of fixed-asset investment and narrows nothing
RE_NARROWING = re.compile(r"^(?:不含|不包括|扣除|剔除|除)(?!农户)")


def normalise(text: str) -> str:
    """The form phrases and aliases are compared in: NFKC (full-width forms), simplified characters
    (``固定資產投資``), no blanks or quotes, Latin letters upper case, parenthesised remarks dropped (``（CPI）``,
    ``（预测）``) unless they narrow the scope.

    >>> normalise("全国居民消费价格（ＣＰＩ）")
    '全国居民消费价格'
    >>> normalise("gdp增速 (不含平潭)")
    'GDP增速(不含平潭)'
    """
    text = script.fold(unicodedata.normalize("NFKC", text or ""))
    text = RE_QUOTES.sub("", RE_SPACE.sub("", text))
    text = RE_PAREN.sub(lambda m: m.group() if RE_NARROWING.match(m.group(1)) else "", text)
    return "".join(c.upper() if "a" <= c <= "z" else c for c in text)


# --- the catalogue -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    name: str
    aliases: tuple[str, ...]  # as written in the file, the name not included
    unit: str  # natural unit (元, 吨, %, ‰, 千瓦时 …)
    kind: str  # flow (summed over a period), stock (a balance at a moment), rate (a ratio), index (a price or
    #            production index: its % figures are changes)
    category: str


@dataclass(frozen=True, slots=True)
class Match:
    """What a metric phrase measures: the catalogue id and name, and whether the phrase states a share of it
    (``占…比重``, ``占比``) rather than the metric itself."""

    id: str
    name: str
    share: bool = False
    alias: str = ""  # the alias found in the phrase (normalised)


@dataclass(frozen=True, slots=True)
class Catalogue:
    metrics: dict[str, Metric]  # by id, in file order
    by_alias: dict[str, str]  # normalised alias (and name) -> id
    patterns: tuple[str, ...]  # the automaton's patterns, by index
    automaton: ahocorasick_rs.AhoCorasick  # every normalised alias, overlapping matches

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics

    def __len__(self) -> int:
        return len(self.metrics)


class CatalogueError(ValueError):
    """The catalogue file breaks its format (a bad id, kind, duplicate id or an alias of two ids)."""


def parse(text: str) -> Catalogue:
    """A catalogue from the TSV text (header line; ``#`` lines and blank lines ignored)."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise CatalogueError(f"header must be the columns {', '.join(COLUMNS)} separated by tabs")
    metrics: dict[str, Metric] = {}
    by_alias: dict[str, str] = {}
    for n, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise CatalogueError(f"line {n}: {len(fields)} fields, expected {len(COLUMNS)}")
        mid, name, aliases, unit, kind, category = (f.strip() for f in fields)
        if not RE_ID.fullmatch(mid) or mid in metrics:
            raise CatalogueError(f"line {n}: bad or duplicate id {mid!r}")
        if kind not in KINDS or not name or not unit:
            raise CatalogueError(f"line {n}: kind must be one of {KINDS}, name and unit set")
        alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
        metrics[mid] = Metric(mid, name, alias_list, unit, kind, category)
        for alias in {normalise(a) for a in (name, *alias_list)}:
            if by_alias.setdefault(alias, mid) != mid:
                raise CatalogueError(f"line {n}: alias {alias!r} of both {by_alias[alias]} and {mid}")
    patterns = tuple(by_alias)
    automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
    return Catalogue(metrics, by_alias, patterns, automaton)


@lru_cache(maxsize=1)
def load() -> Catalogue:
    """The project's catalogue (``data/metrics.tsv``), read once per process."""
    return parse(METRICS_FILE.read_text("utf-8"))


def resolve(text: str) -> str | None:
    """The id of a metric given as id, name or alias (``gdp``, ``地区生产总值``, ``GDP``), else the id
    :func:`match` finds in it; None when neither.

    >>> resolve("社零"), resolve("retail_sales"), resolve("天气")
    ('retail_sales', 'retail_sales', None)
    """
    cat = load()
    if text in cat.metrics:
        return text
    found = cat.by_alias.get(normalise(text))
    if found:
        return found
    m = match(text)
    return m.id if m is not None and not m.share else None


# --- matching --------------------------------------------------------------------------------------
# Words that may stand before the alias without changing what is measured (places and periods are
# removed before these are looked up).
NEUTRAL_BEFORE = frozenset({
    "全国", "全省", "全市", "全区", "全县", "全州", "全盟", "全旗", "全镇", "全", "全社会", "我国", "我省", "我市",
    "我区", "我县", "本市", "本省", "本区", "本县", "中国", "国内", "境内", "当地", "各地", "全年", "当年", "今年",
    "本年", "同期", "累计", "实现", "完成", "其中", "共", "共计", "合计", "总计", "的", "年", "月", "为", "是",
    # the place the article is about, named again (该县 GDP), and a target's or forecast's verb (力争生产总值)
    "该省", "该市", "该区", "该县", "该州", "该地", "力争", "预计",
})
# Words that may follow the alias: how the quantity is stated, not what it is.
MEASURE_AFTER = frozenset({
    "增速", "增长", "增幅", "涨幅", "降幅", "跌幅", "增长率", "增长速度", "速度", "增速度", "同比", "环比",
    "上涨", "下降", "下跌", "回落", "回升", "提高", "提升", "增加", "减少", "加快", "放缓", "增", "降", "涨", "升",
    "总量", "总额", "规模", "体量", "累计", "累计值", "实际", "名义", "两年", "平均", "两年平均", "年均", "当月",
    "月度", "季度", "年度", "全年", "预期", "目标", "预期目标", "预计", "预测", "预测值", "初步", "核算", "初步核算",
    "现价", "可比价", "按", "可比", "价格", "计算", "绝对额", "净增", "净增加", "增量", "同期", "水平", "指数",
    "数据", "值", "额", "金额", "数", "比", "较", "的", "为", "达", "达到", "突破", "超过", "约", "完成", "实现",
    "合计", "总计", "共计", "下限", "上限", "最高", "最低", "分别", "均", "仍", "继续", "保持", "到资", "到位",
    "实际到资", "产量", "总产量", "总值",
})
# comparison bases (同比, 比2019年同期, 较上年, 比同期): cut out before the phrase is segmented, so that
# jieba cannot glue the alias to them (产量比上年 is cut 产量比/上年)
RE_BASE = re.compile(rf"{context.RE_BASIS.pattern}|(?:比|较)(?:\d{{4}}年(?:同期|全年)?|同期|上年全年)")
# periods, durations and the arrival of funds written after the metric (十年增长, FDI到资)
RE_BASE_AFTER = re.compile(
    rf"{context.RE_PERIOD.pattern}|(?:近|过去|这)?[{context.CN_D}两\d]{{1,3}}个?年(?:来|间)?|(?:实际)?到资|到位资金"
)
# verbs a release writes between a subject and its quantity; left out of the phrase before it is matched
MID_VERBS = frozenset({"实现", "完成"})
RE_PUNCT = re.compile(r"[\s,，、;；:：.。()（）\-—–~～/／]+")
SHARE_WORD = "占"
SHARE_END = frozenset({"比重", "占比", "比例", "份额", "所占比重"})


def match(phrase: str | None) -> Match | None:
    """The catalogue metric a metric phrase states, or None when it states none (or several, or a
    narrower or related quantity). Cached: the same phrases come back in document after document.

    >>> match("城镇居民人均可支配收入").id
    'urban_disposable_income'
    >>> match("锂电新能源产业对全市规模以上工业增加值增长贡献率") is None
    True
    """
    if not phrase:
        return None
    return _match(normalise(phrase))


@lru_cache(maxsize=65536)
def _match(text: str) -> Match | None:
    if not text:
        return None
    from transforms import segment  # jieba loads only where metrics are matched

    # periods and bases are neutral wherever they stand; cut out, jieba cannot glue them to an alias
    # (1-6月光伏电池 is cut 月光/伏)
    text = context.RE_PERIOD.sub(" ", RE_BASE.sub(" ", text))
    # a verb between the subject and what it achieved names no quantity (规模以上工业企业|实现|利润总额)
    words = [w for i, w in enumerate(segment.words(text)) if i == 0 or w not in MID_VERBS]
    subject, share = _share_subject(words)
    if subject is None:
        return None
    found = _subject_match(subject)
    if found is None:
        return None
    metric, alias = found
    return Match(metric.id, metric.name, share, alias)


def _share_subject(words: list[str]) -> tuple[str | None, bool]:
    """(the text whose metric is wanted, whether the phrase states a share of it). ``X占Y…`` and ``X比重``
    are shares of X, unless ``X比重`` is itself an alias (优良天数比例); ``Y中的X`` is X."""
    parts = [i for i in range(len(words) - 1) if words[i] == "中" and words[i + 1] == "的"]
    if parts:
        words = words[parts[-1] + 2:]
    if SHARE_WORD in words:
        i = words.index(SHARE_WORD)
        return ("".join(words[:i]).strip() or None), True
    whole = "".join(words).strip()
    if len(words) > 1 and words[-1] in SHARE_END and _subject_match(whole) is None:
        return "".join(words[:-1]).strip().removesuffix("的") or None, True
    return whole or None, False


def _subject_match(text: str) -> tuple[Metric, str] | None:
    from transforms import segment

    cat = load()
    bounds = {0}
    pos = 0
    for w in segment.words(text):
        pos += len(w)
        bounds.add(pos)
    # a place's name ends a word even where jieba glues it to what follows (广东省政府|性基金收入)
    bounds.update(m.end for m in regions.mentions(text))
    spans = sorted(
        ((start, end, cat.patterns[idx]) for idx, start, end in cat.automaton.find_matches_as_indexes(
            text, overlapping=True) if start in bounds and end in bounds),
        key=lambda s: (s[0], -s[1]),
    )
    # the longest alias wins over the ones it contains (规模以上工业增加值 over 工业增加值)
    maximal = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o != s for o in spans)]
    ids = {cat.by_alias[alias]: alias for start, end, alias in maximal
           if _neutral_before(text[:start]) and _measure_after(text[end:])}
    if len(ids) != 1:
        return None
    (mid, alias), = ids.items()
    return cat.metrics[mid], alias


@lru_cache(maxsize=16384)
def _neutral_before(text: str) -> bool:
    """Only places, periods and neutral words before the alias (全省, 大庆市, 2022年上半年, 累计)."""
    if not text:
        return True
    from transforms import segment

    for m in reversed(regions.mentions(text)):
        text = text[:m.start] + " " + text[m.end:]
    text = context.RE_PERIOD.sub(" ", text)
    return all(w in NEUTRAL_BEFORE for w in segment.words(RE_PUNCT.sub(" ", text)) if w.strip())


@lru_cache(maxsize=16384)
def _measure_after(text: str) -> bool:
    """Only measure words, comparison bases and periods after the alias (增速, 比2019年同期, 两年平均增长)."""
    if not text:
        return True
    from transforms import segment

    text = RE_BASE_AFTER.sub(" ", text)
    return all(w in MEASURE_AFTER for w in segment.words(RE_PUNCT.sub(" ", text)) if w.strip())
