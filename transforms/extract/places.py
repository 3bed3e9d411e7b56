"""Which region a figure is about: gazetteer mentions that name a subject, and the region in force."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from transforms import context, regions
from transforms.extract.scan import clause_start

if TYPE_CHECKING:
    from transforms.extract.walk import State

RE_REGION_SKIP_BEFORE = re.compile(r"(?:位居|位列|居于|居|占|进入|列入|列|高于|低于|超过|比|较|来自|赴|前往|"
                                   r"除|与|和|及|、|至|到|往|对|从|迁入|迁往|[（(])$")
RE_REGION_SKIP_AFTER = re.compile(r"^(?:[、和及与至到]|人$|籍|市民|游客|车辆|牌照)")
# a government body of the place (重庆高新区科技创新局, 河北省发改委, 涪陵区委书记): it speaks for the place
RE_GOV_AFTER = re.compile(r"^[^，,。；;：:]{0,8}?(?:局|厅|委|办|政府|管委会|委员会)(?!员)")
RE_FIRM_AFTER = re.compile(r"^[^，,。；;：:]{0,10}?(?:公司|集团|银行|有限|大学|学院|协会|医院|日报|晚报|新闻|电视台)")
RE_NATIONAL = re.compile(r"全国|我国|国家统计局|中国(?!特色)|国内")
RE_SUBJECT_BEFORE = re.compile(r"(?:^|在|据|位于|走进|“)$")


SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
               "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
               "孔向汤")
RE_PERSON_BEFORE = re.compile(r"(?:^|[，,。；：:、\s“”（）]|人|长|员|者|任|记|理|书|席|授|师|家|主|委)$")


def valid_mentions(text: str, state: State, *, firms: list | None = None) -> list[regions.Mention]:
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


def _subject(text: str, m: regions.Mention, state: State | None = None) -> bool:
    """A mention that opens its clause (after time words) or follows 在/据/位于 is what the clause is about;
    a government body (河北省发改委) is not."""
    if state is not None and (text, m.start) in state.orgs:
        return False
    cs = clause_start(text, m.start)
    lead = text[cs:m.start]
    return RE_SUBJECT_BEFORE.search(lead) is not None or not RE_PERIOD_ONLY.sub("", lead)


def _walk(text: str, ms: list[regions.Mention], current: regions.Mention | None,
          state: State | None = None) -> regions.Mention | None:
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


def _whole_region(text: str, pos: int, state: State, current: regions.Mention | None,
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


def region_for(pos: int, text: str, ms: list[regions.Mention], state: State,
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


def update_region(text: str, ms: list[regions.Mention], state: State) -> None:
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


RE_PERIOD_ONLY = re.compile(rf"(?:{context.RE_PERIOD.pattern}|同时|此外|目前|截至目前|近年来|近日|当前|如今|"
                            r"其中|今年以来|据统计|另据|据|，|,|\s)+")

