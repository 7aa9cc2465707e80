"""core/feature_ids: a feature's id as the planner knows it — hand-worked."""

from __future__ import annotations

from lifecircle.lifecircle_plugin.core.feature_ids import ids_or_fids


def test_id_values_as_text_empty_ones_by_feature_id():
    assert ids_or_fids(["DH01", None, "", 7, 0, " "], [1, 2, 3, 4, 5, 6]) == ["DH01", "2", "3", "7", "0", " "]


def test_without_an_id_field_the_feature_ids():
    assert ids_or_fids(None, [10, 11]) == ["10", "11"]
    assert ids_or_fids([], []) == []
