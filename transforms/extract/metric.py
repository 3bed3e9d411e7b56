"""What a figure measures: the noun after a count, else the head of the clause before the number."""

from __future__ import annotations

import re
from functools import lru_cache

from transforms import context, regions, units
from transforms.units import COUNT_UNITS

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


def metric(scan: str, end: int, unit: str, before: str) -> str | None:
    """What is measured by the number-with-``unit`` ending at ``end``: the noun after a count
    (6080个智能化改造项目), else the clause head ``before`` it."""
    if units.split_unit(unit)[1] in COUNT_UNITS:
        after = RE_NOUN_AFTER.match(scan, end)
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


# verbs that open a clause and govern its figures: 调减玉米种植面积3.2万亩、水稻1.1万亩 (新增 counts: a level)
CHANGE_VERBS = {"增加": "up", "调增": "up", "扩大": "up", "提高": "up", "提升": "up", "增长": "up",
                "减少": "down", "调减": "down", "压减": "down", "缩减": "down", "削减": "down", "降低": "down"}


@lru_cache(maxsize=16384)
def leading_verb(clause: str) -> str | None:
    """``up``/``down`` when the clause before a number opens with a change verb and its object
    (全县调减玉米种植面积…), at jieba word boundaries (增加值 is a noun, not 增加)."""
    from transforms import segment

    head = RE_METRIC_LEAD_PLACE.sub("", clause)
    if not head:
        return None
    words = segment.words(head)
    i = 0
    while i < len(words) and regions.is_name(words[i]):
        i += 1
    if i + 1 >= len(words):  # the verb alone before the number is direction_before's
        return None
    return CHANGE_VERBS.get(words[i])


RE_METRIC_LEAD_PLACE = re.compile(rf"^(?:(?:{context.RE_PERIOD.pattern})|其中|同时|此外|另外|全县|全区|全市|全省|"
                                  r"全国|当地|我国|共|累计|，|,)+")
