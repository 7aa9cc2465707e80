"""The Processing model shipped with the plugin: visible in the provider, and it runs the chain on the sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis import processing

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"


def uri(layer):
    return f"{SAMPLE}|layername={layer}"


def test_model_is_in_the_toolbox_and_runs_the_chain(lc_provider):
    ids = [a.id() for a in lc_provider.algorithms()]
    assert "lifecircle:lifecircle_chain" in ids
    res = processing.run("lifecircle:lifecircle_chain", {
        "streets": uri("streets"), "blocks": uri("blocks"), "block_population": "population",
        "block_name": "name", "subdistricts": uri("subdistricts"), "subdistrict_name": "name",
        "barriers": uri("barriers"), "facilities": uri("facilities"), "facility_category": "category",
        "residents": uri("residents"), "resident_population": "population", "parcels": uri("parcels"),
        "land_use": "land_use", "parcel_status": "status", "category": "Q05", "sites": 2,
        "pop_min": 15000, "pop_max": 40000, "max_walk": 1500,
        **{k: "memory:" for k in ("network:Walking network 步行网络", "units:Life-circle units 生活圈基本单元",
                                   "coverage:Coverage by unit 单元体检",
                                   "coverage:Residents' walking distances 居民步行距离",
                                   "potential:Potential space 潜力空间", "siting:Recommended sites 推荐选址")},
    })
    from qgis.core import QgsProcessingUtils

    def layer(key):
        value = res[key]
        return value if hasattr(value, "featureCount") else QgsProcessingUtils.mapLayerFromString(value, None)

    units = layer("units:Life-circle units 生活圈基本单元")
    coverage = layer("coverage:Coverage by unit 单元体检")
    sites = layer("siting:Recommended sites 推荐选址")
    # the chain is wired: coverage is summarised by the model's own units, the sites are ranked candidates
    assert units.featureCount() == coverage.featureCount() >= 2
    assert {f["unit_id"] for f in units.getFeatures()} == {f["unit_id"] for f in coverage.getFeatures()}
    assert sum(f["population"] for f in coverage.getFeatures()) == pytest.approx(
        sum(f["population"] for f in units.getFeatures()))
    ranks = sorted(f["lc_rank"] for f in sites.getFeatures())
    assert ranks == [1, 2]


def test_the_chain_asks_for_units_as_delineateunits_does(lc_provider):
    """The model's unit rules have delineateunits' own choices and defaults: the same population bands (Shanghai
    central city by default), no population of its own, the same walking radius."""
    from qgis.core import QgsApplication, QgsProcessingParameterDefinition

    optional = int(QgsProcessingParameterDefinition.Flag.FlagOptional)
    registry = QgsApplication.processingRegistry()
    model = registry.algorithmById("lifecircle:lifecircle_chain")
    units = registry.algorithmById("lifecircle:delineateunits")
    preset, own = model.parameterDefinition("preset"), units.parameterDefinition("PRESET")
    assert preset.options() == own.options() and preset.defaultValue() == own.defaultValue() == 0
    for name in ("pop_min", "pop_max", "max_walk"):  # empty: the band's own (max_walk: its walking radius)
        assert model.parameterDefinition(name).defaultValue() is None
        assert int(model.parameterDefinition(name).flags()) & optional
    assert model.parameterDefinition("max_walk").defaultValue() == units.parameterDefinition("MAX_WALK").defaultValue()
