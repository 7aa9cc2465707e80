"""The years and 街镇 a ledger export offers and chooses (core/ledger_selection.py), hand-worked."""

import pytest

from lifecircle.lifecircle_plugin.core import ledger_selection as S
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

LIST = [
    {"year": 2025, "subdistrict": "东湖街道"},
    {"year": "2026", "subdistrict": " 西湖镇 "},
    {"year": None, "subdistrict": ""},
    {"year": "二〇二四", "subdistrict": None},
    {"year": 2026.0, "subdistrict": "东湖街道"},
]


def test_years_and_subdistricts_of_the_list():
    assert S.years_in(LIST) == [2025, 2026]  # text that is not a number is no year
    assert S.subdistricts_in(LIST) == ["东湖街道", "西湖镇"]
    assert S.years_in([]) == [] and S.subdistricts_in([]) == []


@pytest.mark.parametrize("text, expected", [
    ("", ((2026,), True)), (None, ((2026,), True)), ("  ", ((2026,), True)),
    ("0", ((), False)), ("ALL", ((), False)), ("全部", ((), False)), (0, ((), False)),
    ("2025", ((2025,), False)), ("2024-2026", ((2024, 2025, 2026), False)), (2025, ((2025,), False)),
])
def test_chosen_years(text, expected):
    assert S.chosen_years(text, LIST) == expected


def test_chosen_years_of_a_list_without_years_and_a_bad_text():
    assert S.chosen_years("", [{"year": None}]) == ((), True)
    with pytest.raises(LifeCircleError):
        S.chosen_years("twenty", LIST)


def test_unknown_subdistricts():
    assert S.unknown_subdistricts(["东湖", "西湖镇", "南湖"], LIST) == ["南湖"]
    assert S.unknown_subdistricts([], LIST) == []
