"""Tests of transforms.layout: the seed page's articles, captions and credit; one-paragraph-per-line documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pagegen
from transforms import layout

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_1e7ae3f02ce5cf70.txt"


@pytest.fixture(scope="module")
def seed_articles() -> list[layout.Article]:
    return layout.articles(SEED.read_text("utf-8"))


def test_seed_three_articles_with_titles_and_authors(seed_articles: list[layout.Article]) -> None:
    arts = [a for a in seed_articles if a.kind == "article"]
    assert [(a.title, a.author) for a in arts] == [
        ("重庆数字经济引领创新发展", "吴陆牧"),
        ("产业协同发展是基础", "郭贝贝"),
        ("“科学重器”结硕果", "杨阳腾"),
    ]
    assert arts[2].kicker == "深圳光明科学城汇聚24个重大科技创新载体——"


def test_seed_captions_and_credit(seed_articles: list[layout.Article]) -> None:
    captions = [a for a in seed_articles if a.kind == "caption"]
    credits = [a for a in seed_articles if a.kind == "credit"]
    assert len(captions) == 3
    assert captions[0].body.endswith("赵启瑞摄（中经视觉）") and captions[0].author == "赵启瑞"
    assert "图为深圳光明科学城启动区。（资料图片）" in [c.body for c in captions]
    assert "图为重庆联合微电子8寸特色工艺中试线，研发人员正在操作设备。（资料图片）" in [c.body for c in captions]
    assert [c.body for c in credits] == ["本版编辑周颖一美编高妍"]


def test_seed_indices_and_bodies(seed_articles: list[layout.Article]) -> None:
    assert [a.index for a in seed_articles] == list(range(len(seed_articles)))
    for a in seed_articles:
        assert a.kind in {"article", "caption", "credit"}
        assert a.body and "\n\n" not in a.body
    first = seed_articles[0].body.split("\n")
    assert "赋能传统制造" in first and "壮大产业集群" in first and "做优数字生态" in first
    assert not any("赋能传统制造1000多台" in p for a in seed_articles for p in a.body.split("\n"))
    assert not any("本报记者" in a.body for a in seed_articles)


def test_line_document_title_is_first_line() -> None:
    text = "食品和金银珠宝等需求持续旺盛\n" + "\n".join("社会消费品零售总额增长17.2%，" * 5 + "完。" for _ in range(4))
    (art,) = layout.articles(text)
    assert art.title == "食品和金银珠宝等需求持续旺盛"
    assert len(art.body.split("\n")) == 4


def test_empty_page() -> None:
    assert layout.articles("\n \r\n") == []


@pytest.mark.parametrize(
    ("byline", "author"),
    [("□本报记者吴陆牧", "吴陆牧"), ("本报记者 吴陆牧 郭贝贝", "吴陆牧、郭贝贝"), ("记者从自治区了解到，", None),
     ("文/图 本报记者 陈七", "陈七"), ("图／记者 李四", "李四"), ("文化记者节", None)],
)
def test_author_of(byline: str, author: str | None) -> None:
    assert layout.author_of(byline) == author


# ----------------------------------------------------------------------------- headlines and sections

COLUMN = ["全市经济运行稳中有进，工业增加", "值增长较快，新能源汽车产量大幅", "提高。"]
SECOND = ["消费市场持续回暖，社会消费品零", "售总额增长较快，网上零售额增长", "较快。"]


def _titles(raw: str) -> list[str | None]:
    return [a.title for a in layout.articles(raw) if a.kind == "article"]


def test_a_headline_wider_than_the_column_opens_an_article() -> None:
    raw = "\n".join(["重庆上半年地区生产总值增长百分之六点一", *COLUMN, *SECOND,
                     "深圳前七个月外贸进出口总值创同期新高", *SECOND, *COLUMN])
    assert _titles(raw) == ["重庆上半年地区生产总值增长百分之六点一", "深圳前七个月外贸进出口总值创同期新高"]


@pytest.mark.parametrize("section", ["二、消费市场", "（二）消费市场", "2.消费市场", "第二部分 消费市场"])
def test_a_numbered_section_heading_stays_in_its_article(section: str) -> None:
    raw = "\n".join(["重庆上半年地区生产总值增长百分之六点一", *COLUMN, section, *SECOND])
    (article,) = layout.articles(raw)
    assert article.title == "重庆上半年地区生产总值增长百分之六点一"
    assert "".join(section.split()) in article.body.split("\n")


def test_a_subhead_between_paragraphs_stays_and_a_blank_line_before_a_headline_opens() -> None:
    body = [*COLUMN, *SECOND, *COLUMN, *SECOND]
    raw = "\n".join(["重庆经济运行稳中有进", *body[:6], "消费回暖", *body[6:], "", "深圳外贸创新高", *body])
    arts = layout.articles(raw)
    assert [a.title for a in arts] == ["重庆经济运行稳中有进", "深圳外贸创新高"]
    assert "消费回暖" in arts[0].body.split("\n")


def test_a_second_byline_after_the_body_closes_the_article_begun_at_the_last_subhead() -> None:
    raw = "\n".join(["重庆经济运行稳中有进", "本报记者 王明", *COLUMN, *SECOND, "深圳外贸创新高", *COLUMN,
                     *SECOND, "□ 本报记者 李华"])
    arts = layout.articles(raw)
    assert [(a.title, a.author) for a in arts] == [("重庆经济运行稳中有进", "王明"), ("深圳外贸创新高", "李华")]


@pytest.mark.parametrize("family", pagegen.FAMILIES)
def test_family_pages_publish_their_titles(family: str) -> None:
    """On 25 pages of each layout family, at least 88 % of the article titles are found as titles."""
    found = total = 0
    for seed in range(100, 125):
        page = pagegen.laid(seed, family)
        titles = {"".join((a.title or "").split()) for a in layout.articles(page.raw) if a.kind == "article"}
        found += sum("".join(t.split()) in titles for t in page.titles)
        total += len(page.titles)
    assert found >= 0.88 * total


@pytest.mark.parametrize(("under", "title", "author"), [
    ("扩产计划", "新能源汽车带动锂电池需求增长化学企业抛出激进扩产计划", None),  # the headline's end
    ("王明", "新能源汽车带动锂电池需求增长化学企业抛出激进", "王明"),  # a surname: its author
])
def test_a_short_line_under_a_wide_headline(under: str, title: str, author: str | None) -> None:
    head = "新能源汽车带动锂电池需求增长化学企业抛出激进"
    (article,) = layout.articles("\n".join([head, under, *COLUMN, *SECOND]))
    assert (article.title, article.author) == (title, author)


DEV = ROOT.parent / "shared" / "eval" / "dev"


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval/dev absent")
def test_real_articles_laid_out_by_another_generator() -> None:
    """Pages of `bench/layout_holdout.py` (the dev articles set by a generator written apart from the
    reader): a headline set on two balanced lines is one title (0.11 of them before, 0.87 now), titles
    0.92 (0.40), and a page that sets “”—… half width is measured so (paragraph starts 0.92 before, 0.96)."""
    from bench import clean_bench
    from bench import layout_holdout as holdout

    sources = holdout.load_sources(DEV)
    pages = [holdout.laid(family, 0, k, sources) for family in ("indented", "flush", "wide_headline")
             for k in range(20)]
    two_line = hits = found = 0
    tp = npred = ngold = 0
    for page in pages:
        published = {"".join((a.title or "").split()) for a in layout.articles(page.raw) if a.kind == "article"}
        found += sum(title in published for title in page.titles)
        for title, form in zip(page.titles, page.forms, strict=True):
            if form[0] == "2-line":
                two_line += 1
                hits += title in published
        a, b, c = clean_bench.start_f1(page.paragraphs, holdout.clean.page(page.raw).split("\n"))
        tp, npred, ngold = tp + a, npred + b, ngold + c
    assert two_line >= 15 and hits >= 0.8 * two_line
    assert found >= 0.88 * sum(len(page.titles) for page in pages)
    assert 2 * tp / (npred + ngold) >= 0.95


# a body set in a column of 20 (greedily, closing marks hanging): indented, flush, and flush with a blank
# line after each paragraph
INDENTED = [
    "\u3000\u3000全市经济运行稳中有进，工业增加值同比", "增长百分之六点五，新能源汽车产量大幅提高，",
    "带动相关产业链加快发展。", "\u3000\u3000消费市场持续回暖，社会消费品零售总额",
    "增长较快，网上零售额增长百分之十二，服务", "消费需求持续释放。",
    "\u3000\u3000固定资产投资增长百分之四，其中工业投", "资增长百分之九，基础设施投资增长百分之七，",
    "民间投资有所回升。",
]
FLUSH = [
    "全市经济运行稳中有进，工业增加值同比增长", "百分之六点五，新能源汽车产量大幅提高，带",
    "动相关产业链加快发展。", "消费市场持续回暖，社会消费品零售总额增长",
    "较快，网上零售额增长百分之十二，服务消费", "需求持续释放。",
    "固定资产投资增长百分之四，其中工业投资增", "长百分之九，基础设施投资增长百分之七，民",
    "间投资有所回升。",
]
SPACED = [x for line in FLUSH for x in ([line, ""] if line.endswith("。") else [line])]


@pytest.mark.parametrize(("head", "body", "title", "author"), [
    # a headline set on two balanced lines, a blank line under it (the body read as a paragraph under it)
    (["上半年全市经济运行稳中有进", "工业和消费双双回升好于预期", ""], INDENTED,
     "上半年全市经济运行稳中有进工业和消费双双回升好于预期", None),
    (["上半年全市经济运行稳中有进", "工业和消费双双回升好于预期", ""], FLUSH,
     "上半年全市经济运行稳中有进工业和消费双双回升好于预期", None),
    # a page with a blank line after every paragraph: the unpunctuated lines at its top are its headline
    (["上半年全市经济运行", "稳中有进好于预期", ""], SPACED, "上半年全市经济运行稳中有进好于预期", None),
    # there, two lines standing alone with no blank line between them and one under them are one headline
    (["上半年全市经济运行稳中有进", "工业和消费双双回升好于预期", ""], SPACED,
     "上半年全市经济运行稳中有进工业和消费双双回升好于预期", None),
    # a subtitle under a headline that fills the column, a byline under both
    (["上半年全市经济运行稳中有进工业消费", "——工业和消费双双回升好于预期", "文/图 本报记者 陈七", ""], SPACED,
     "上半年全市经济运行稳中有进工业消费", "陈七"),
    # a ``——`` subtitle under the headline is neither glued to it nor the headline of another article
    (["上半年全市经济运行稳中有进", "——工业和消费双双回升", "", "本报记者 王明"], INDENTED,
     "上半年全市经济运行稳中有进", "王明"),
])
def test_headlines_set_within_the_column(head: list[str], body: list[str], title: str, author: str | None) -> None:
    arts = layout.articles("\n".join([*head, *body]))
    assert [(a.title, a.author) for a in arts] == [(title, author)]
    paragraphs = [p for p in arts[0].body.split("\n") if not p.startswith("——")]
    assert paragraphs[0].startswith("全市经济运行稳中有进，") and paragraphs[0].endswith("加快发展。")
    assert len(paragraphs) == 3


def test_a_headline_with_its_subtitle_after_an_article_opens_the_next() -> None:
    """A headline set apart by a blank line, its ``——`` subtitle under it, then the next article's byline
    (``文/图 …``: who wrote it and who took the pictures) and body."""
    raw = "\n".join([*INDENTED, "", "下半年经济有望保持回升态势", "——多项先行指标持续改善", "", "文/图 本报记者 陈七",
                     *INDENTED])
    arts = layout.articles(raw)
    assert [(a.title, a.author) for a in arts] == [(None, None), ("下半年经济有望保持回升态势", "陈七")]
    assert arts[1].body.split("\n")[0] == "——多项先行指标持续改善"


def test_a_headline_centred_by_a_narrow_margin_on_a_page_of_flush_paragraphs() -> None:
    """On a page whose paragraphs carry no spaces, a line with a margin as wide as the room it leaves on the
    right (one full-width space each side) is centred: a headline, its second line too."""
    head = ["\u3000上半年全市经济运行稳中有进", "\u3000\u3000\u3000工业消费双双回升"]
    arts = layout.articles("\n".join([*head, *FLUSH]))
    assert [a.title for a in arts] == ["上半年全市经济运行稳中有进工业消费双双回升"]
    assert len(arts[0].body.split("\n")) == 3


def test_a_centred_headline_opens_an_article_on_a_page_of_blank_separated_paragraphs() -> None:
    """Centred (its margin, full-width spaces the extraction kept, wider than any indentation) right under
    the last paragraph of an article, on a page where a blank line follows every paragraph."""
    raw = "\n".join([*SPACED, "\u3000" * 6 + "下半年经济有望保持回升态势", "", *SPACED])
    arts = layout.articles(raw)
    assert [a.title for a in arts] == [None, "下半年经济有望保持回升态势"]
    assert len(arts[1].body.split("\n")) == 3


@pytest.mark.parametrize("raw", [
    # on a page with a blank line after every paragraph, two blank lines set an article apart
    [*SPACED, "", "下半年经济有望保持回升态势", "", *SPACED],
    # with no blank line at all, a subtitle under it says it is a headline (a subhead has none)
    [*INDENTED, "下半年经济有望保持回升态势", "——多项先行指标持续改善", *INDENTED],
])
def test_a_later_article_s_headline_set_within_the_column(raw: list[str]) -> None:
    arts = layout.articles("\n".join(raw))
    assert [a.title for a in arts] == [None, "下半年经济有望保持回升态势"]
    assert next(p for p in arts[1].body.split("\n") if not p.startswith("——")).startswith("全市经济运行稳中有进")
