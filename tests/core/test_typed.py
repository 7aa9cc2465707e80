"""Values read the way people type them (core/typed.py and where the core compares typed values)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecircle.lifecircle_plugin.core import projects as P
from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
from lifecircle.lifecircle_plugin.core.typed import clean_text, same_word, split_list, word_key, year_of


@pytest.mark.parametrize("typed, word", [
    (" 完工", "完工"), ("完工 ", "完工"), ("\u3000完工\u3000", "完工"), ("Trunk", "trunk"), ("MOTORWAY", "motorway"),
    ("ｔｒｕｎｋ", "trunk"), ("motorway_link ", "motorway_link"), ("Ｑ０５", "q05"), ("living  street", "living street"),
])
def test_one_word_however_typed(typed, word):
    assert word_key(typed) == word_key(word) and same_word(typed, word)


def test_different_words_stay_different():
    assert not same_word("在建", "完工") and not same_word("trunk", "trunk_link")


@pytest.mark.parametrize("typed, year", [
    (2026, 2026), (2026.0, 2026), ("2026", 2026), (" 2026 ", 2026), ("2026年", 2026), ("2026年度", 2026),
    ("２０２６", 2026), ("２０２６年", 2026), (dt.date(2026, 3, 1), 2026), (dt.datetime(2026, 3, 1, 8), 2026),
])
def test_years_as_typed(typed, year):
    assert year_of(typed) == year


@pytest.mark.parametrize("typed", [None, "", "明年", "26", 26, 2026.5, "2026-2027", True, float("nan"), 12026])
def test_what_is_not_a_year(typed):
    assert year_of(typed) is None


def test_lists_as_typed():
    assert split_list("在建, 完工，运营、取消；谋划") == ["在建", "完工", "运营", "取消", "谋划"]
    assert split_list(" ") == [] and split_list(None) == []


@given(st.text())
def test_cleaning_is_idempotent(text):
    assert clean_text(clean_text(text)) == clean_text(text)
    assert word_key(word_key(text)) == word_key(text)


# -- where the core compares typed values ----------------------------------------------------------------------


def test_road_classes_are_excluded_however_typed():
    from shapely.geometry import LineString

    geoms = [LineString([(0, 0), (100, 0)]).wkb, LineString([(100, 0), (100, 100)]).wkb,
             LineString([(100, 100), (0, 100)]).wkb, LineString([(0, 100), (0, 0)]).wkb]
    net = build_network(geoms, NetworkOptions(), classes=["Trunk", "MOTORWAY ", "ｔｒｕｎｋ_ｌｉｎｋ", "residential"])
    assert net.diagnostics.excluded_by_class == 3
    net = build_network(geoms, NetworkOptions(excluded_classes=[" Residential "]),
                        classes=["trunk", "trunk", "trunk", "RESIDENTIAL"])
    assert net.diagnostics.excluded_by_class == 1


def test_walkable_flags_however_typed():
    from shapely.geometry import LineString

    geoms = [LineString([(0, 0), (100, 0)]).wkb, LineString([(100, 0), (100, 100)]).wkb,
             LineString([(100, 100), (0, 100)]).wkb, LineString([(0, 100), (0, 0)]).wkb]
    net = build_network(geoms, NetworkOptions(), walkable=["NO", " False ", "ｎｏ", "是"])
    assert net.diagnostics.excluded_not_walkable == 3


def project(pid, year, status, subdistrict="东湖街道"):
    return {"project_id": pid, "year": year, "status": status, "subdistrict": subdistrict, "name": pid,
            "category": "Q05"}


def test_rollover_reads_years_and_statuses_as_typed():
    projects = [project("2026-东湖-001", "2026年", " 在建"), project("2026-东湖-002", "２０２６", "完工 "),
                project("2026-东湖-003", 2026.0, "前期"), project("2026-东湖-004", 2026, "取消\u3000")]
    plan = P.plan_rollover(projects, 2026)
    assert [p["previous_id"] for p in plan.new_projects] == ["2026-东湖-001", "2026-东湖-003"]
    assert plan.finished == ["2026-东湖-002"] and plan.cancelled == ["2026-东湖-004"]
    assert plan.unknown_status == []


def test_selecting_projects_reports_what_it_cannot_judge():
    years = ["2026", "2026年", "２０２６", "明年", 2025, 2026, 2026]
    statuses = [" 完工", "在建", "运营 ", "在建", "在建", "施工中", "谋划"]
    chosen = P.select_projects(years, statuses, 2026, ["在建", "完工", "运营"])
    assert chosen.selected == [0, 1, 2]
    assert chosen.unreadable_year == [3]  # '明年'
    assert chosen.unknown_status == [5]  # '施工中' is not a status of the list
    # 2025 and 谋划 are simply not asked for
    assert P.select_projects(years, statuses, 0, []).selected == [0, 1, 2, 3, 4, 5, 6]


def test_typed_values_are_saved_in_the_list_s_own_spelling():
    values, problems = P.coerce_project({"status": " 完工", "year": "2026年", "kind": "基础保障 ", "category": "Ｑ０５",
                                         "remarks": "与中心合并，调整至2027年"})
    assert problems == []
    assert values["status"] == "完工" and values["year"] == 2026 and values["kind"] == "基础保障"
    assert values["category"] == "Q05"
    assert values["remarks"] == "与中心合并，调整至2027年"  # free text keeps its own punctuation
    _, problems = P.coerce_project({"year": "明年"})
    assert problems and "'明年' is not a year" in problems[0].message


def test_latin_phrases_match_whole_words_only():
    from lifecircle.lifecircle_plugin.core.typed import contains_phrase

    assert contains_phrase("希望装aed", "aed") and contains_phrase("need an aed here", "aed")
    assert not contains_phrase("paediatric clinic", "aed") and not contains_phrase("gymnasium", "gym")
    assert contains_phrase("社区健身房", "健身")  # Chinese: anywhere


def test_a_facility_name_is_not_categorised_by_letters_inside_a_word():
    from lifecircle.lifecircle_plugin.core.checklist import load_mapping, load_profile

    codes = set(load_profile("shanghai").codes)
    mapper = load_mapping("auto", valid_codes=codes)
    assert mapper.code_for("AED") == "Q09" and mapper.code_for("Paediatric Centre") != "Q09"


# ---------------------------------------------------------------------------------------------------------
# the one yes/no vocabulary (typed.yes_no) and its callers


@pytest.mark.parametrize("value, answer", [
    # booleans and numbers as they are: 0 is no, any other number yes, nan says nothing
    (True, True), (False, False), (0, False), (1, True), (2, True), (-1, True), (0.0, False), (1.0, True),
    (float("nan"), None), (None, None),
    # the common words, however typed: case, spaces, full-width forms (NFKC)
    ("1", True), ("1.0", True), ("yes", True), (" YES ", True), ("ＹＥＳ", True), ("Ｙｅｓ", True), ("y", True),
    ("t", True), ("true", True), ("是", True), ("x", None), ("✓", True), ("√", True), ("１", True),
    ("0", False), ("0.0", False), ("no", False), ("ＮＯ", False), ("n", False), ("f", False), ("FALSE", False),
    ("否", False), ("×", False), ("✗", False), ("０", False),
    # empty and unknown words say neither (the caller decides)
    ("", None), ("   ", None), ("　", None), ("maybe", None), ("2", None), ("开放", None), ("open", None),
    ("nan", None), ("yess", None),
])
def test_yes_no_reads_values_as_typed(value, answer):
    from lifecircle.lifecircle_plugin.core.typed import yes_no

    assert yes_no(value) is answer


def test_yes_no_numpy_values():
    np = pytest.importorskip("numpy")
    from lifecircle.lifecircle_plugin.core.typed import yes_no

    assert yes_no(np.float64("nan")) is None
    assert yes_no(np.nan) is None
    assert yes_no(np.int64(0)) is False and yes_no(np.int64(1)) is True and yes_no(np.int64(2)) is True
    assert yes_no(np.float32(1.0)) is True and yes_no(np.bool_(True)) is True and yes_no(np.bool_(False)) is False


def test_a_domain_adds_its_words_on_top_of_the_common_ones():
    from lifecircle.lifecircle_plugin.core.typed import is_no, is_yes, yes_no

    open_words = ("open", "开放", "开放式")
    assert yes_no("开放", open_words) is True and yes_no("ＯＰＥＮ", open_words) is True
    assert yes_no("是", open_words) is True and yes_no("否", open_words) is False  # the common words stay
    assert yes_no("不可通行", no_words=("不可通行",)) is False
    assert is_yes("开放式", open_words) and not is_yes("开放式") and not is_yes("") and not is_yes("否")
    assert is_no("off", ("off",)) and not is_no("off") and not is_no(None) and not is_no("是")


def test_a_checklist_one_stop_cell_through_the_one_vocabulary():
    from lifecircle.lifecircle_plugin.core.checklist import _boolean

    # an empty cell is a no (as before); the yes/no words as typed; anything else is an error (None)
    table = {"": False, "  ": False, None: False, "0": False, "否": False, "1": True, "是": True, "x": True,
             "✓": True, "√": True, "ＹＥＳ": True, "×": False, "maybe": None, "2": None}
    assert {v: _boolean(v) for v in table} == table


def test_a_compound_open_mark_through_the_one_vocabulary():
    pytest.importorskip("qgis")
    from lifecircle.processing.gated_inputs import _is_open

    marks = [("1", True), (1, True), (1.0, True), (True, True), ("是", True), ("开放", True), ("开放式", True),
             ("不封闭", True), ("非封闭", True), ("Open", True), ("ＹＥＳ", True), ("√", True),
             ("0", False), (0, False), ("否", False), ("封闭", False), ("", False), (None, False), ("no", False),
             ("x", False)]  # (a Latin x is no open mark: a Chinese sheet types it for ×)
    assert [(v, _is_open(v)) for v, _ in marks] == marks


def test_numpy_values_read_as_what_they_hold():
    import numpy as np

    from lifecircle.lifecircle_plugin.core.typed import yes_no

    # a numpy string is text, a numpy number a number (a layer's fields come as both through the bridge)
    assert [yes_no(v) for v in (np.str_("no"), np.str_("是"), np.int64(0), np.float64(2.0), np.bool_(False),
                                np.float64("nan"))] == [False, True, False, True, False, None]
