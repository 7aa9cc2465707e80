"""processing/base.py's one reader of a run's profile parameters (PROFILE, PROFILE_FILE, THRESHOLDS,
UNIT_TYPE_PROFILES), on the real algorithms' parameters; the thresholds checked against the bundled CSVs."""

from __future__ import annotations

import csv

import pytest
from lifecircle.processing.base import (
    check_profile_parameters,
    default_profile,
    profile_from_parameters,
    threshold_overrides,
    unit_type_profiles_from_parameters,
)
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback


def csv_thresholds(root_dir, profile_id: str) -> dict:
    """{code: threshold_m} read straight from resources/standards/<id>.csv."""
    with open(root_dir / "resources" / "standards" / f"{profile_id}.csv", encoding="utf-8-sig") as f:
        return {row["code"]: float(row["threshold_m"]) for row in csv.DictReader(f)}


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.infos = []

    def pushInfo(self, text):  # noqa: N802
        self.infos.append(text)


@pytest.fixture
def coverage_alg(lc_provider):
    return QgsApplication.processingRegistry().createAlgorithmById("lifecircle:facilitycoverage")


def test_profile_with_threshold_overrides(coverage_alg, root_dir):
    context = QgsProcessingContext()
    shanghai = csv_thresholds(root_dir, "shanghai")
    params = {"PROFILE": 0, "THRESHOLDS": "Q05=300, M03=800"}
    assert threshold_overrides(coverage_alg, params, context) == {"Q05": 300.0, "M03": 800.0}
    profile = profile_from_parameters(coverage_alg, params, context, thresholds_param="THRESHOLDS")
    assert profile.threshold("Q05") == 300.0 and profile.threshold("M03") == 800.0
    assert profile.threshold("Q03") == shanghai["Q03"]
    # without thresholds_param the overrides are not read
    plain = profile_from_parameters(coverage_alg, params, context)
    assert plain.threshold("Q05") == shanghai["Q05"] == 500.0
    assert {c: default_profile().threshold(c) for c in default_profile().codes} == shanghai


def test_unit_type_profiles_take_the_overrides_too(coverage_alg, root_dir):
    context = QgsProcessingContext()
    national = csv_thresholds(root_dir, "national")
    log = Log()
    params = {"PROFILE": 0, "THRESHOLDS": "Q03=450", "UNIT_TYPE_PROFILES": "商务=national"}
    found = unit_type_profiles_from_parameters(coverage_alg, params, context, log)
    assert list(found) == ["商务"]
    assert found["商务"].threshold("Q03") == 450.0  # THRESHOLDS apply to every profile
    assert found["商务"].threshold("Q05") == national["Q05"] == 300.0
    assert len(log.infos) == 1 and "商务" in log.infos[0]
    assert unit_type_profiles_from_parameters(coverage_alg, {"PROFILE": 0}, context, log) == {}


def test_an_algorithm_without_unit_type_profiles(lc_provider):
    alg = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:potentialspace")
    context = QgsProcessingContext()
    assert unit_type_profiles_from_parameters(alg, {"UNIT_TYPE_PROFILES": "商务=national"}, context, Log()) == {}
    assert check_profile_parameters(alg, {"THRESHOLDS": "Q05=300"}, context) == (True, "")


def test_check_gives_the_parser_message_as_the_algorithms_do(coverage_alg):
    context = QgsProcessingContext()
    bad = {"PROFILE": 0, "THRESHOLDS": "Q05=far"}
    ok, message = check_profile_parameters(coverage_alg, bad, context)
    assert not ok and message
    assert coverage_alg.checkParameterValues(bad, context) == (False, message)
    bad_types = {"PROFILE": 0, "UNIT_TYPE_PROFILES": "商务"}
    ok, message = check_profile_parameters(coverage_alg, bad_types, context)
    assert not ok and message
    assert coverage_alg.checkParameterValues(bad_types, context) == (False, message)
    space = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:potentialspace")
    ok, message = space.checkParameterValues({"WEIGHTS": "need=lots"}, context)
    assert not ok and message
