"""End to end: clean → articles → sentences → indicators on the seed page and the dev set, scored by
the shared scorer (``../shared/eval/score.py``) against the issue's thresholds."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from scripts import devtools
from scripts.devtools import ROOT, SHARED_EVAL

pytestmark = pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(),
                                reason=f"shared scorer not found at {SHARED_EVAL / 'score.py'}")


@pytest.fixture(scope="module")
def score():
    return devtools.load_score()


def predict(files: list[Path]) -> list[dict]:
    return devtools.indicators(files).to_dicts()


gold = devtools.gold


def test_seed_page(score):
    result = score.score(predict(sorted((ROOT / "seeds").glob("*.txt"))), gold([SHARED_EVAL / "seed_gold.jsonl"]))
    assert result["f1"] >= 0.97, result
    assert result["strict_f1"] >= 0.97, {k: v for k, v in result.items() if not k.startswith("_")}


def _dev(pattern: str) -> list[Path]:
    """The dev documents matching ``pattern``; each has its gold rows beside it (``.jsonl``)."""
    return sorted(Path(p) for p in glob.glob(str(SHARED_EVAL / "dev" / f"{pattern}.txt")))


def test_dev_set(score):
    """Issue 15's bar on all sixteen dev documents: F1 ≥ 0.98, strict F1 ≥ 0.90, every field ≥ 0.93,
    metric overlap ≥ 0.80."""
    texts = _dev("dev*")
    if not texts:
        pytest.skip("no dev documents beside the scorer")
    result = score.score(predict(texts), gold([t.with_suffix(".jsonl") for t in texts]))
    summary = {k: v for k, v in result.items() if not k.startswith("_")}
    assert result["f1"] >= 0.98, summary
    assert result["strict_f1"] >= 0.90, summary
    fields = dict(result["field_accuracy"])
    assert fields.pop("metric") >= 0.80, summary
    assert min(fields.values()) >= 0.93, summary


def test_unseen_style_dev_documents(score):
    """dev07–16 (added after the rules were first written) on their own: strict F1 ≥ 0.90."""
    texts = [t for t in _dev("dev[01][0-9]") if t.stem >= "dev07"]
    if not texts:
        pytest.skip("no dev07-16 beside the scorer")
    result = score.score(predict(texts), gold([t.with_suffix(".jsonl") for t in texts]))
    assert result["strict_f1"] >= 0.90, {k: v for k, v in result.items() if not k.startswith("_")}


def test_real_web_pages(score):
    """The eight real web pages of ../shared/real-inputs/html, read as a run reads them, against the project's
    own gold rows for them (tests/cases/extract/web: annotated blind, then tuned on): strict F1 ≥ 0.87."""
    pages = sorted((SHARED_EVAL.parent / "real-inputs" / "html").glob("*.html"))
    gold_files = [ROOT / "tests" / "cases" / "extract" / "web" / f"{p.stem}.jsonl" for p in pages]
    if not pages:
        pytest.skip("no real web pages beside the scorer")
    assert all(g.exists() for g in gold_files)
    result = score.score(predict(pages), gold(gold_files))
    summary = {k: v for k, v in result.items() if not k.startswith("_")}
    assert result["f1"] >= 0.96, summary
    assert result["strict_f1"] >= 0.87, summary


def test_first_dev_documents_stay(score):
    """dev01–06, the documents the first rules were written against, stay ≥ 0.97 strict."""
    texts = _dev("dev0[1-6]")
    if not texts:
        pytest.skip("no dev01-06 beside the scorer")
    result = score.score(predict(texts), gold([t.with_suffix(".jsonl") for t in texts]))
    assert result["strict_f1"] >= 0.97, {k: v for k, v in result.items() if not k.startswith("_")}


@pytest.mark.parametrize("folder", ["news", "web"])
def test_gold_evidences_can_match(folder):
    """score.py looks for a gold evidence in the sentence with its blanks removed: an evidence with a blank inside
    (``達 7.73 億元``, copied from a spaced source) could never match, and would count as a miss and a false positive
    whatever the extractor does. Every required evidence is blank-free and occurs in its blank-free text (a figure
    a title repeats may share its body's evidence: rows match one to one)."""
    bad = []
    for path in sorted((ROOT / "tests" / "cases" / "extract" / folder).glob("*.jsonl")):
        text = "".join(path.with_suffix(".txt").read_text("utf-8").split()) if path.with_suffix(".txt").exists() \
            else None
        for row in gold([path]):
            if row.get("kind", "required") != "required":
                continue
            if "".join(row["evidence"].split()) != row["evidence"] or (
                    text is not None and row["evidence"] not in text):
                bad.append((path.name, row["evidence"]))
    assert not bad


def test_real_news_documents(score):
    """The 1239 news documents annotated blind for the project (tests/cases/extract/news, twenty-four sets of six,
    twenty-six of five, a hundred and fifty-seven of four, a hundred and nine of three, four of two and two of one,
    from the archives dev01–16 come from and others;
    scored blind at 0.75, 0.69, 0.69, 0.23, 0.51, 0.70, 0.66, 0.88, 0.57, 0.52, 0.69, 0.43, 0.53, 0.59, 0.65, 0.46,
    0.51, 0.43, 0.52, 0.63, 0.53, 0.74, 0.82, 0.45, 0.49, 0.39, 0.60, 0.83, 0.34, 0.41, 0.45, 0.80, 0.06, 0.96, 0.13,
    0.71, 0.60, 0.53, 0.60, 0.50, 0.80, 0.77, 0.75, 0.69, 0.62, 0.88, 0.73, 0.75, 0.85, 0.69, 0.89, 0.56, 0.67, 0.77,
    0.90, 0.93, 0.66, 0.54, 0.43, 0.88, 0.87, 0.86, 0.46, 0.46, 0.75, 1.00, 0.98, 0.64, 0.99, 0.51, 0.70, 0.73,
    0.86, 0.75, 0.42, 0.92, 0.88, 0.80, 0.75, 0.82, 0.99, 0.98, 0.83, 0.76, 0.97, 0.84, 1.00, 0.81,
    0.98, 0.80, 0.71, 0.30, 1.00, 0.78, 0.77, 0.88, 0.78, 0.86, 0.55, 1.00, 0.95, 0.94, 0.52, 0.66, 0.43, 0.63, 0.84,
    0.54, 0.80, 0.51, 0.63, 0.99, 0.56, 0.26, 0.90, 0.00, 0.86, 0.85, 0.98, 0.39, 0.25, 0.29, 0.58, 0.65, 0.94, 0.91,
    0.92, 0.73, 0.90, 0.83, 0.72, 0.49, 0.81, 0.03, 0.91, 0.88, 0.85, 0.87, 0.80, 0.74, 0.80, 0.74, 0.84, 0.52, 0.98,
    0.74, 0.82, 0.73, 0.87, 0.53, 0.99, 0.57, 0.61, 0.70, 0.95, 0.95, 0.77, 0.86, 0.21, 0.76, 0.46, 0.52, 0.82, 0.86,
    0.95, 0.70, 0.74, 0.70, 0.95, 0.95, 0.22, 0.90, 0.72, 0.70, 0.77, 0.59, 0.22, 0.76, 0.34, 0.67, 0.30, 0.95,
    0.86, 0.59, 0.53, 0.53, 0.70, 0.55, 0.32, 0.97, 1.00, 0.91, 0.57, 0.90, 0.69, 0.60, 0.53, 1.00, 0.66, 0.60,
    0.51, 0.77, 0.68, 0.91, 0.72, 0.74, 0.66, 0.68, 0.93, 0.83, 0.46, 0.40, 0.71, 0.55, 0.53, 0.56, 0.59, 0.62,
    0.38, 0.94, 0.23, 0.88, 0.59, 1.00, 1.00, 0.39, 0.84, 0.70, 0.38, 0.71, 0.38, 0.77, 0.75, 0.59, 0.83, 0.87,
    0.76, 0.68, 0.67, 0.99, 1.00, 0.84, 0.54, 0.45, 0.79, 0.55, 0.84, 0.88, 0.83, 0.98, 0.77, 0.93, 0.69, 0.95,
    0.85, 0.79, 0.66, 0.59, 0.38, 0.93, 0.54, 0.31, 0.86, 0.78, 0.72, 0.31, 0.70, 0.84, 0.73, 0.45, 0.83, 0.60,
    0.61, 0.35, 0.64, 0.85, 0.46, 0.87, 0.96, 0.19, 0.64, 0.72, 0.64, 1.00, 0.64, 0.30, 0.21, 1.00, 0.90,
    0.79, 0.80, 0.80, 0.71, 0.87, 0.66, 0.91, 0.69, 0.62, 0.67, 0.51, 0.63, 0.73, 0.32, 0.64, 0.77, 0.64, 0.44,
    0.40, 0.66, 0.62, 0.86, 0.55, 0.38, 0.47, 0.72, 0.86, 0.76, 0.61, 0.44 and 0.29 on the sets no rule had seen,
    tuned on since).
    Sets A–D (rules drawn from them over two rounds): strict F1 ≥ 0.88, F1 ≥ 0.98; sets F–N, Q and R (one round
    past blind and residual rules): ≥ 0.82, F1 ≥ 0.98; sets S–W (the same, firms named without a suffix left): ≥ 0.72,
    F1 ≥ 0.95; sets E, X, Y and Z (one round past blind): ≥ 0.88, F1 ≥ 0.98; sets AA–AD (one round past blind; a
    firm's deal that names the country in passing, city tiers and counts without a measure word left): ≥ 0.71,
    F1 ≥ 0.94; sets AE–AF (one round past blind; an industry's figures from a national registry, a town's page):
    ≥ 0.80, F1 ≥ 0.98; sets AG–AH (one round past blind; a page in traditional characters, an auction's prices in
    bare 万; a note on the country's data that names no place until its fourth sentence left): ≥ 0.78, F1 ≥ 0.96;
    sets AI–AJ (one round past blind; Hong Kong opinion columns in traditional characters, whose elided verbs and
    periods are left, and local pages): ≥ 0.69, F1 ≥ 0.96; sets AK–AL (one round past blind; Taiwan and Macau pages
    and firms' results): ≥ 0.79, F1 ≥ 0.98;
    sets AM–AN (one round past blind; stored web pages, work reports and plans): ≥ 0.73, F1 ≥ 0.98; sets AO–AP (one
    round past blind; the west and north-east, markets and weekly reports): ≥ 0.84, F1 ≥ 0.98; sets AQ–AR (one
    round past blind; towns and counties, national releases): ≥ 0.90, F1 ≥ 0.97; sets AS–AT (one round past
    blind; local finance, energy, farming and the environment): ≥ 0.81, F1 ≥ 0.96; sets AU–AV (one rule past blind:
    consumption, foreign trade): ≥ 0.80, F1 ≥ 0.97; sets AW, AX, AY and BA–BD (one round past blind:
    industry, property, incomes and prices, technology markets, provinces' half-year reviews, county bulletins whose
    blank-spaced figures cleaning closes, farming): ≥ 0.91, F1 ≥ 0.98; sets BE–BJ (one round past blind: transport,
    tourism, energy, foreign trade, credit, work reports): ≥ 0.89, F1 ≥ 0.98; sets BM and BO (one round past blind:
    public finance, industry associations): ≥ 0.96, F1 ≥ 0.98; sets BP, BR and BS (one round past blind: prices,
    farming with blank-spaced thousands, cities' industry named only in passing): ≥ 0.96, F1 ≥ 0.98; sets BT–BW
    (one round past blind: tourism, energy, housing, county reviews): ≥ 0.92, F1 ≥ 0.98; sets BX–BZ and CA–CE (one
    round past blind: foreign trade, incomes, transport, zones, retail, investment, technology, population): ≥ 0.87,
    F1 ≥ 0.98; sets CF–CI (one round past blind: credit, work reports, industrial profits, environment): ≥ 0.88,
    F1 ≥ 0.98; sets CJ–CM (one round past blind: city GDP, market entities, ports and airports, farming): ≥ 0.92,
    F1 ≥ 0.98; sets CN–CQ (one round past blind: services, national releases, bulletins, firms and industries):
    ≥ 0.92, F1 ≥ 0.98; sets CR–CU (one round past blind: social statistics, construction, western counties whose
    banners the text names by local short forms, Hong Kong, Macau and Taiwan): ≥ 0.79, F1 ≥ 0.98; sets CV–CX (one
    round past blind: provinces' half-years, city districts, farm-market prices): ≥ 0.93, F1 ≥ 0.98; sets CY–DB (one
    round past blind: public finance, tourism, energy, social security): ≥ 0.93, F1 ≥ 0.98; sets DC–DF (industry,
    counties, prices, insurance and capital markets): ≥ 0.90, F1 ≥ 0.98; sets DG–DJ (foreign investment, water and
    land, vehicles, rankings of cities): ≥ 0.85, F1 ≥ 0.98; sets DK–DN (rural revitalisation, trade fairs, telecoms,
    urban renewal): ≥ 0.81, F1 ≥ 0.98; sets DO–DR (Hong Kong, Macau and Taiwan, county bulletins, city briefs, national
    sectors): ≥ 0.79, F1 ≥ 0.98; sets DS–DV (towns, trade partners, labour, state firms): ≥ 0.93, F1 ≥ 0.98; sets
    DW–DZ (prefectures, census bulletins, budget reports, holiday sales): ≥ 0.74, F1 ≥ 0.98; sets EA–ED (the
    marine economy, health services, mining, news from before 2011): ≥ 0.87, F1 ≥ 0.98; sets EE–EH (express
    delivery, housing provident funds, grain, e-commerce): ≥ 0.88, F1 ≥ 0.98; sets EI–EL (events, migrant workers,
    the Spring Festival travel rush, specialty crops): ≥ 0.80, F1 ≥ 0.98; sets EM–EP (disasters, central-bank
    branches, outward investment, patents): ≥ 0.87, F1 ≥ 0.98; sets EQ–ET (market regulation, forestry, freight
    trains, elderly care): ≥ 0.85, F1 ≥ 0.98; sets EU–EX (tax revenue, education bulletins, box office, roads):
    ≥ 0.91, F1 ≥ 0.98; sets EY–FB (catering, livestock, water conservancy, specialised firms): ≥ 0.83, F1 ≥ 0.98; sets
    FC–FF (fisheries, new-energy vehicles, the digital economy, sport): ≥ 0.79, F1 ≥ 0.98; sets FG–FJ (culture, land
    sales, cross-border payments, climate bulletins): ≥ 0.78, F1 ≥ 0.98; sets FK–FN (industrial products, charity,
    affordable housing, exhibitions): ≥ 0.74, F1 ≥ 0.98; sets FO–FR (pharmaceuticals, rural tourism, cement, tea):
    ≥ 0.82, F1 ≥ 0.98; sets FS–FV (inland ports, market entities, the night economy, public transport): ≥ 0.88,
    F1 ≥ 0.98; sets FW–FZ (medical insurance, high-tech zones, logistics, grain harvests): ≥ 0.77, F1 ≥ 0.98; sets
    GA–GD (water supply, investment fairs, coal, rental housing): ≥ 0.69, F1 ≥ 0.98; sets GE–GH (liquor, textile
    clusters, farmers' cooperatives, vegetable markets): ≥ 0.81, F1 ≥ 0.97; sets GI–GL (sanitation, lotteries,
    urban greening, marriage registrations; three of GK's texts below the set's length or figure limits): ≥ 0.72,
    F1 ≥ 0.96; sets GM–GP (tobacco and silk, east–west aid whose donor and recipient the annotators read one way,
    talent, farm machinery): ≥ 0.72, F1 ≥ 0.98; sets GQ–GT (supply cooperatives, fires, government procurement,
    courts): ≥ 0.90, F1 ≥ 0.98; sets GU–GX (road safety, police, consumer complaints, blood donation): ≥ 0.74,
    F1 ≥ 0.96; sets GY–HB (heating, volunteers, trade unions, veterans): ≥ 0.75, F1 ≥ 0.97; sets HC, HE and HF
    (village collectives, shipbuilding, farmland; the search budget ran out, so two sets of three and one of two,
    several texts below the sets' length or figure limits): ≥ 0.74, F1 ≥ 0.98; sets HG–HJ (disabled persons, border
    ports, bonded zones, work safety): ≥ 0.89, F1 ≥ 0.98; sets HK–HN (sugar and cotton, drug regulation, charging
    posts, disease control): ≥ 0.80, F1 ≥ 0.98; sets HO–HR (seeds, real-estate registration, legal aid, edible fungi;
    HP's texts thin, each below the set's figure limit): ≥ 0.72, F1 ≥ 0.97; sets HS–HV (rural drinking water,
    museums, grain and oil processing, financing guarantees): ≥ 0.88, F1 ≥ 0.97; sets HW, HY and HZ (ski resorts,
    farm insurance, furniture; the search budget ran out, so two texts, one and three, one of them thin): ≥ 0.90,
    F1 ≥ 0.98; sets IA–IC (local bonds, dairy, social insurance): ≥ 0.92, F1 ≥ 0.98; sets ID–IF (land consolidation,
    Chinese medicine, soil and water; villages' figures in a county's project list left, and three of ID's texts
    below the set's figure limit): ≥ 0.72, F1 ≥ 0.97; sets IG–II (flowers, fruit, listed companies): ≥ 0.84,
    F1 ≥ 0.98; sets IJ–IL (urban gas, insurance, old-community renovation; plans by year of a
    city's programme read as done left): ≥ 0.86, F1 ≥ 0.98; sets IM–IO (PPP projects, carbon and energy saving,
    audit; the search budget ran out in this round, two of IN's texts thin): ≥ 0.96, F1 ≥ 0.98; sets IP and IQ
    (farm green development, cattle and bees; every IP text below its figure limit): ≥ 0.96, F1 ≥ 0.98; sets IS and
    IT (car consumption, digital RMB; three of IT's texts below the set's figure limit): ≥ 0.79, F1 ≥ 0.98; sets IR,
    IU, IV and IW (drainage and flood control, childcare, data centres, prepared food and cold chains; one round of
    six helpers, each set three texts, several below their limits; IR's flood standards and flows are not read as
    units): ≥ 0.80, F1 ≥ 0.95; sets IX–JC (potatoes, pharmaceuticals, wind power, expressways, rural credit
    cooperatives, exhibitions; one round of six helpers, three or four texts each, ix03 below its figure limit):
    ≥ 0.91, F1 ≥ 0.98; sets JD–JI (maize and soybeans, inland shipping, rural e-commerce and parcels, grasslands,
    urban heating, iron ore and mining; a second round of six, three or four texts each, jg03 below its figure limit,
    none of JF on live-streaming, none of JI on rare earths): ≥ 0.79, F1 ≥ 0.98; sets JJ–JO (nature reserves, rice,
    household services, urban rail, funeral reform, power grids; a third round of six whose search budget ran out:
    JK one text, eight texts below their length or figure limits, two of JJ's national): ≥ 0.72, F1 ≥ 0.95;
    sets JP–JU (chemicals, duty-free shopping, photovoltaic poverty relief, rural housing renovation, rural toilets,
    oil crops; one round of six helpers, three or four texts each, eleven below their length, figure or headline
    limits): ≥ 0.84, F1 ≥ 0.97; sets JV–KA (water diversion, land transfer, coffee and tropical crops, tax cuts,
    lithium batteries, business-environment reforms; a second round of six, three or four texts each, six below
    their length, figure or headline limits): ≥ 0.74, F1 ≥ 0.98; sets KB–KG (textiles, flood control, seeds,
    greenhouse vegetables, vocational schools, marriage registration; a third round of six, three or four texts
    each, eleven ending early where the stored page stops mid-sentence): ≥ 0.79, F1 ≥ 0.99; sets KH–KM (sports
    grounds and events, forest fire prevention, radio and television, fuel and utility prices, taxis and shared
    bicycles, births; a fourth round of six, three or four texts each): ≥ 0.77, F1 ≥ 0.99; sets KN–KS (steel,
    ceramics and glass, feed, crabs and crayfish, paper and packaging, tyres; a fifth round of six, three or four
    texts each, two without a headline): ≥ 0.88, F1 ≥ 0.98; sets KZ and LA–LE (bamboo, household appliances,
    chips, social assistance, industrial robots, gold; a round of six, four texts each): ≥ 0.80, F1 ≥ 0.99; sets
    LF–LK (salt lakes, general aviation, cross-border e-commerce, camellia oil, hotels, motorcycles and bicycles; a
    second round): ≥ 0.70, F1 ≥ 0.99; sets LL–LQ (non-ferrous smelting, construction machinery, grain for green,
    small-firm loans, marine ranching, residents' pensions; a third round): ≥ 0.64, F1 ≥ 0.98; sets LR–LW
    (beverages, printing and bookstores, property services, timber, parking, games; a fourth round, three or four
    texts each, some below their length or figure limit): ≥ 0.63, F1 ≥ 0.98;
    sets O–P (company news, a market digest of a blog, a text in full-width digits whose gold keeps them where
    cleaning folds them): ≥ 0.60, F1 ≥ 0.88."""
    texts = sorted((ROOT / "tests" / "cases" / "extract" / "news").glob("*.txt"))
    assert len(texts) == 1239 and all(t.with_suffix(".jsonl").exists() for t in texts)
    for sets, floor, f1_floor in ((tuple("abcd"), 0.88, 0.98), (tuple("fghijklmnqr"), 0.82, 0.98),
                                  (tuple("stuvw"), 0.72, 0.95), (tuple("exyz"), 0.88, 0.98),
                                  (("aa", "ab", "ac", "ad"), 0.71, 0.94), (("ae", "af"), 0.80, 0.98),
                                  (("ag", "ah"), 0.78, 0.96), (("ai", "aj"), 0.69, 0.96),
                                  (("ak", "al"), 0.79, 0.98),
                                  (("am", "an"), 0.73, 0.98), (("ao", "ap"), 0.84, 0.98),
                                  (("aq", "ar"), 0.90, 0.97), (("as", "at"), 0.81, 0.96), (("au", "av"), 0.80, 0.97),
                                  (("aw", "ax", "ay", "ba", "bb", "bc", "bd"), 0.91, 0.98),
                                  (("be", "bf", "bg", "bh", "bi", "bj"), 0.89, 0.98), (("bm", "bo"), 0.96, 0.98),
                                  (("bp", "br", "bs"), 0.96, 0.98),
                                  (("bt", "bu", "bv", "bw"), 0.92, 0.98),
                                  (("bx", "by", "bz", "ca", "cb", "cc", "cd", "ce"), 0.87, 0.98),
                                  (("cf", "cg", "ch", "ci"), 0.88, 0.98), (("cj", "ck", "cl", "cm"), 0.92, 0.98),
                                  (("cn", "co", "cp", "cq"), 0.92, 0.98), (("cr", "cs", "ct", "cu"), 0.79, 0.98),
                                  (("cv", "cw", "cx"), 0.93, 0.98),
                                  (("cy", "cz", "da", "db"), 0.93, 0.98), (("dc", "dd", "de", "df"), 0.90, 0.98),
                                  (("dg", "dh", "di", "dj"), 0.85, 0.98), (("dk", "dl", "dm", "dn"), 0.81, 0.98),
                                  (("do", "dp", "dq", "dr"), 0.79, 0.98), (("ds", "dt", "du", "dv"), 0.93, 0.98),
                                  (("dw", "dx", "dy", "dz"), 0.74, 0.98),
                                  (("ea", "eb", "ec", "ed"), 0.87, 0.98),
                                  (("ee", "ef", "eg", "eh"), 0.88, 0.98), (("ei", "ej", "ek", "el"), 0.80, 0.98),
                                  (("em", "en", "eo", "ep"), 0.87, 0.98), (("eq", "er", "es", "et"), 0.85, 0.98),
                                  (("eu", "ev", "ew", "ex"), 0.91, 0.98), (("ey", "ez", "fa", "fb"), 0.83, 0.98),
                                  (("fc", "fd", "fe", "ff"), 0.79, 0.98), (("fg", "fh", "fi", "fj"), 0.78, 0.98),
                                  (("fk", "fl", "fm", "fn"), 0.74, 0.98), (("fo", "fp", "fq", "fr"), 0.82, 0.98),
                                  (("fs", "ft", "fu", "fv"), 0.88, 0.98), (("fw", "fx", "fy", "fz"), 0.77, 0.98),
                                  (("ga", "gb", "gc", "gd"), 0.69, 0.98), (("ge", "gf", "gg", "gh"), 0.81, 0.97),
                                  (("gi", "gj", "gk", "gl"), 0.72, 0.96), (("gm", "gn", "go", "gp"), 0.72, 0.98),
                                  (("gq", "gr", "gs", "gt"), 0.90, 0.98), (("gu", "gv", "gw", "gx"), 0.74, 0.96),
                                  (("gy", "gz", "ha", "hb"), 0.75, 0.97), (("hc", "he", "hf"), 0.74, 0.98),
                                  (("hg", "hh", "hi", "hj"), 0.89, 0.98), (("hk", "hl", "hm", "hn"), 0.80, 0.98),
                                  (("ho", "hp", "hq", "hr"), 0.72, 0.97), (("hs", "ht", "hu", "hv"), 0.88, 0.97),
                                  (("hw", "hy", "hz"), 0.90, 0.98),
                                  (("ia", "ib", "ic"), 0.92, 0.98), (("id", "ie", "if"), 0.72, 0.97),
                                  (("ig", "ih", "ii"), 0.84, 0.98), (("ij", "ik", "il"), 0.86, 0.98),
                                  (("im", "in", "io"), 0.96, 0.98), (("ip", "iq"), 0.96, 0.98),
                                  (("is", "it"), 0.79, 0.98), (("ir", "iu", "iv", "iw"), 0.80, 0.95),
                                  (("ix", "iy", "iz", "ja", "jb", "jc"), 0.91, 0.98),
                                  (("jd", "je", "jf", "jg", "jh", "ji"), 0.79, 0.98),
                                  (("jj", "jk", "jl", "jm", "jn", "jo"), 0.72, 0.95),
                                  (("jp", "jq", "jr", "js", "jt", "ju"), 0.84, 0.97),
                                  (("jv", "jw", "jx", "jy", "jz", "ka"), 0.74, 0.98),
                                  (("kb", "kc", "kd", "ke", "kf", "kg"), 0.79, 0.99),
                                  (("kh", "ki", "kj", "kk", "kl", "km"), 0.77, 0.99),
                                  (("kn", "ko", "kp", "kq", "kr", "ks"), 0.88, 0.98),
                                  (("kz", "la", "lb", "lc", "ld", "le"), 0.80, 0.99),
                                  (("lf", "lg", "lh", "li", "lj", "lk"), 0.70, 0.99),
                                  (("ll", "lm", "ln", "lo", "lp", "lq"), 0.64, 0.98),
                                  (("lr", "ls", "lt", "lu", "lv", "lw"), 0.63, 0.98),
                                  (tuple("op"), 0.60, 0.88)):
        group = [t for t in texts if devtools.news_set(t) in sets]
        result = score.score(predict(group), gold([t.with_suffix(".jsonl") for t in group]))
        summary = {k: v for k, v in result.items() if not k.startswith("_")}
        assert result["f1"] >= f1_floor, (sets, summary)
        assert result["strict_f1"] >= floor, (sets, summary)
