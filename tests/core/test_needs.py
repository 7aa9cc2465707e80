"""Residents' needs core: need texts as residents write them (hits and near-misses) mapped through the bundled
vocabulary, counts per unit, the expressed-and-measured gap ranking worked by hand, and the need factor."""

from __future__ import annotations

import numpy as np
import pytest

from lifecircle.lifecircle_plugin.core import needs as N
from lifecircle.lifecircle_plugin.core.checklist import load_mapping, load_profile
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

PROFILE = load_profile("shanghai")

# (text, expected codes): what residents write in 问需求计 surveys, to 12345 and in suggestion boxes
TEXTS = [
    ("缺菜场", ("Q03",)),
    ("附近没有菜市场，买菜要走很远", ("Q03",)),
    ("没有养老院", ("Q05",)),
    ("老人吃饭难，希望有长者食堂", ("Q05",)),
    ("孩子没地方托管", ("M03",)),
    ("放学后没人接孩子，希望有四点半课堂", ("M03",)),
    ("孩子没地方上托班", ("Q06",)),
    ("想要口袋公园", ("Q10",)),  # the longer phrase wins over 公园 (M01)
    ("希望滨河绿道贯通", ("M01",)),
    ("希望有菜场和卫生站", ("Q03", "Q04")),  # two needs in one text, in the order written
    ("希望小区装ＡＥＤ", ("Q09",)),  # full-width letters
    ("居民开会没地方，需要议事厅", ("Q02",)),
    ("公厕太少", ("M10",)),
    ("Q05", ("Q05",)),
    ("希望小区装 AED", ("Q09",)),
    ("Paediatric clinic too far", ()),  # (not AED inside a word)
    ("Q05、Q99", ("Q05",)),  # the known code counts; the unknown one is listed (below)
    ("q03；Q05", ("Q03", "Q05")),
    # near-misses: not a facility need, or a need of no category
    ("养老保险报销太麻烦", ()),
    ("养老金什么时候涨", ()),
    ("健身器材店太贵", ()),
    ("路灯坏了", ()),
    ("停车位太少", ()),
    ("电梯经常坏", ()),
    ("消防通道被堵", ()),
    # complaints about price, fees, paperwork or nuisance name a facility but do not ask for one: their clause is
    # set aside (the rest of the text still counts)
    ("幼儿园学费太贵", ()),
    ("快递柜超时收费不合理", ()),
    ("老年卡办理太慢", ()),
    ("晚上广场舞音乐太吵", ()),
    ("菜场太远，超市太贵", ("Q03",)),
    ("超市太贵。希望有长者食堂！", ("Q05",)),
    ("", ()),
]


@pytest.fixture(scope="module")
def mapper():
    return N.load_needs_mapper(PROFILE.codes, facility_mapper=load_mapping("auto", valid_codes=set(PROFILE.codes)))


@pytest.mark.parametrize("text,codes", TEXTS)
def test_need_texts(mapper, text, codes):
    assert mapper.codes_for(text)[0] == codes


def test_negative_phrase_hides_only_its_own_span(mapper):
    # 养老保险 is not a need, but the 养老院 in the same text is
    assert mapper.codes_for("不要只谈养老保险，我们需要养老院")[0] == ("Q05",)


def test_map_texts_lists_the_unmapped(mapper):
    codes, phrases, unmapped = mapper.map_texts(["缺菜场", "路灯坏了", "路灯坏了", None, "Q05、Q99", "长" * 200])
    assert codes == [("Q03",), (), (), (), ("Q05",), ()] and phrases[0] == "菜场"
    assert unmapped == {"路灯坏了": 2, "Q99": 1, "长" * 60 + "…": 1}


def test_user_vocabulary_overrides_and_is_checked(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("pattern,code\n路灯,Q09\n菜场,-\n", encoding="utf-8")
    m = N.load_needs_mapper(PROFILE.codes, user_table=table)
    assert m.codes_for("路灯坏了")[0] == ("Q09",) and m.codes_for("缺菜场")[0] == ()
    table.write_text("pattern,code\n路灯,X99\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"mine.csv, row 2: code X99 is not in the profile"):
        N.load_needs_mapper(PROFILE.codes, user_table=table)
    table.write_text("pattern,code\n路灯,\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"mine.csv, row 2, column 'code': empty code"):
        N.load_needs_mapper(PROFILE.codes, user_table=table)


def test_weights_named_by_feature():
    assert N.clean_weights([None, "3", 2, "", "3票"], [1, 2, 3, 4, 5], "needs", "votes").tolist() == [1, 3, 2, 1, 3]
    with pytest.raises(LifeCircleError, match=r"'needs', field 'votes'.*feature ids 7 \(many\), 9 \(-2\)"):
        N.clean_weights(["many", 1, -2], [7, 8, 9], "needs", "votes")


def test_needs_by_unit_and_gap_ranking():
    # unit 0 (1,000 residents): Q05 asked 3× (weights 1, 1, 4 = 6), Q03 once; unit 1 (4,000): Q05 asked 10 votes
    unit = np.array([0, 0, 0, 0, 1, -1])
    codes = [("Q05",), ("Q05",), ("Q05",), ("Q03",), ("Q05",), ("Q05",)]
    w = np.array([1, 1, 4, 1, 10, 5.0])
    share = np.array([[0.5, 0.9], [0.2, 0.8]])  # (unit × [Q05, Q03])
    r = N.needs_by_unit(unit, codes, w, ["Q05", "Q03"], 2, np.array([1000, 4000.0]), share, 0.85)
    assert r.count.tolist() == [[3, 1], [1, 0]] and r.weighted.tolist() == [[6, 1], [10, 0]]
    np.testing.assert_allclose(r.per_1000, [[6, 1], [2.5, 0]])
    # Q03 in unit 0 is asked for but met (90 %); Q05: 6 per 1,000 in unit 0 before 2.5 in unit 1
    assert r.gap_rank.tolist() == [[1, 0], [2, 0]] and r.gaps() == [(0, 0), (1, 0)]
    assert r.below_target.tolist() == [[True, False], [True, True]]


def test_need_factor_and_asked_near():
    need_xy = np.array([[0, 0], [100, 0], [5000, 0]], float)
    asked = N.asked_near(np.array([[0, 50], [3000, 0]], float), need_xy, [("Q05",), ("Q05", "Q03"), ("Q05",)],
                         np.array([4, 2, 9.0]), "Q05", 500)
    assert asked.tolist() == [6.0, 0.0]
    np.testing.assert_allclose(N.need_factor(np.array([0, 5, 10, 30])), [1, 1.25, 1.5, 1.5])
    w, a = N.weighted_by_needs(np.array([100, 100.0]), np.array([[0, 50], [3000, 0]], float), need_xy,
                               [("Q05",), ("Q05",), ("Q05",)], np.array([4, 2, 9.0]), "Q05", 500, bonus=1.0, full=6)
    np.testing.assert_allclose(w, [200, 100])
    with pytest.raises(LifeCircleError, match="need bonus"):
        N.need_factor(np.zeros(1), bonus=-1)


def test_coverage_gap_priority_hand_worked():
    """The hand case of tests/core/test_coverage.py: Q03 is unmet in unit 1 (point 2: 50 of its 250 residents, 710 m
    away), M03 in both units (point 0: all 100 of unit 0; point 2: 50 of 250). Ten votes for Q03 at 50 m from point 2
    count its residents 1.5×: Q03's index in unit 1 is 100 × 75 / 250 = 30."""
    from shapely.geometry import LineString, box

    from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
    from lifecircle.lifecircle_plugin.core.network import build_network
    from miniprofile import Cat, MiniProfile

    net = build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 400)])])
    profile = MiniProfile([Cat("Q03", "便民商业", "十全", 500), Cat("M03", "儿童托管", "十美", 500)])
    r = facility_coverage(net, profile, np.array([[100, 10], [900, -5]]), ["Q03", "M03"],
                          np.array([[0, 20], [450, 30], [500, 300], [2000, 2000]]), np.array([100.0, 200, 50, 10]),
                          unit_polygons=[box(-100, -100, 300, 500), box(300, -100, 1100, 500)])
    g = N.coverage_gap_priority(r, np.array([1]), np.array([[500.0, 350.0]]), [("Q03",)], np.array([10.0]))
    np.testing.assert_allclose(g.priority, [[0, 100], [30, 20]])
    np.testing.assert_allclose(g.asked, [[0, 0], [10, 0]])
    assert g.ranked(1, r.codes) == [("Q03", 30.0, 10.0), ("M03", 20.0, 0.0)]
    assert g.ranked(0, r.codes) == [("M03", 100.0, 0.0)]


def test_gap_priority_uses_each_units_own_profile():
    """Profiles by unit type: the hand case above with Q03 at 800 m for the run and 200 m for unit 1's own profile.
    Q03's shop is at x=100 on the main street: point 1 (200 residents) walks 30 + 350 + 10 = 390 m, point 2 (50)
    300 + 400 + 10 = 710 m. Judged by 800 m unit 1 has no Q03 gap; judged by its own 200 m both points are beyond,
    and the ten votes 50 m from point 2 (within 200 m; point 1 is 324 m from them) count its residents 1.5×:
    100 × (200 + 75) / 250 = 110."""
    from shapely.geometry import LineString, box

    from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
    from lifecircle.lifecircle_plugin.core.network import build_network
    from miniprofile import Cat, MiniProfile

    net = build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 400)])])
    wide = MiniProfile([Cat("Q03", "便民商业", "十全", 800), Cat("M03", "儿童托管", "十美", 500)])
    tight = MiniProfile([Cat("Q03", "便民商业", "十全", 200), Cat("M03", "儿童托管", "十美", 500)])
    kwargs = dict(unit_polygons=[box(-100, -100, 300, 500), box(300, -100, 1100, 500)])
    facilities, codes = np.array([[100, 10], [900, -5]]), ["Q03", "M03"]
    residents, people = np.array([[0, 20], [450, 30], [500, 300], [2000, 2000]]), np.array([100.0, 200, 50, 10])
    needs = (np.array([1]), np.array([[500.0, 350.0]]), [("Q03",)], np.array([10.0]))
    judged_wide = facility_coverage(net, wide, facilities, codes, residents, people, **kwargs)
    judged_by_unit = facility_coverage(net, wide, facilities, codes, residents, people, unit_profiles=[wide, tight],
                                       **kwargs)
    assert N.coverage_gap_priority(judged_wide, *needs).priority[1, 0] == 0
    g = N.coverage_gap_priority(judged_by_unit, *needs)
    np.testing.assert_allclose(g.priority[1, 0], 100 * (200 + 75) / 250)


def test_needs_by_category_counts_a_need_of_two_categories_for_both():
    codes = [("Q05",), ("Q05", "Q03"), (), ("M03",), ("Q05",)]
    weights = np.array([1.0, 3.0, 7.0, 2.5, 0.5])
    count, weighted = N.needs_by_category(codes, weights)
    assert dict(count) == {"Q05": 3, "Q03": 1, "M03": 1}
    assert dict(weighted) == {"Q05": 4.5, "Q03": 3.0, "M03": 2.5}  # the need without a category counts nowhere


def test_lon_lat_of_fields_as_written():
    lons = [121.47, "121.5", "１２１．５", None, "east", 31.2, 200.0, True]
    lats = [31.23, " 31.2 ", "31.2", 31.2, 31.2, 121.47, 31.2, 31.2]
    xy, bad = N.lon_lat_of(lons, lats)
    assert xy.shape == (8, 2)
    assert xy[:2].tolist() == [[121.47, 31.23], [121.5, 31.2]]
    # 3: no longitude; 4: text; 5: a swapped pair (latitude 121°); 6: beyond 180°; 7: a yes/no is not a number
    assert bad == [3, 4, 5, 6, 7]
    assert np.isnan(xy[bad]).all()
    assert N.lon_lat_of([], [])[0].shape == (0, 2)
