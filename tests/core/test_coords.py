"""GCJ-02 / BD-09 ⇄ WGS 84 (core, no QGIS): published reference values, round trips, outside China, NaN."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifecircle.lifecircle_plugin.core import coords
from lifecircle.lifecircle_plugin.core.coords import (
    BD09,
    GCJ02,
    WGS84,
    bd09_to_gcj02,
    bd09_to_wgs84,
    convert,
    convert_coordinates,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    system_name,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

EARTH_RADIUS_M = 6371008.8


def haversine_m(lon1, lat1, lon2, lat2):
    """Great-circle distance in metres (mean Earth radius), vectorised."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


# ---------------------------------------------------------------------------------------------------------
# Published reference values (lon, lat) of the forward transforms.
#
# * googollee/eviltransform, python/test.py (MIT), TESTS (given there as wgsLat, wgsLng, gcjLat, gcjLng):
#   https://github.com/googollee/eviltransform/blob/master/python/test.py
# * wandergis/coordtransform, README.md "示例用法" results for the input (116.404, 39.915):
#   https://github.com/wandergis/coordtransform#示例用法exampleusage
#   wgs84togcj02 -> [116.41024449916938, 39.91640428150164], gcj02tobd09 -> [116.41036949371029, 39.92133699351021]
WGS_TO_GCJ_REFERENCE = [
    # (name, wgs lon, wgs lat, gcj lon, gcj lat, source)
    ("Shanghai (Pudong)", 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597, "eviltransform"),
    ("Shenzhen", 113.912316, 22.543847, 113.9171764808363, 22.540796131694766, "eviltransform"),
    ("Beijing (Xicheng)", 116.377817, 39.911954, 116.38404722455657, 39.91334545536069, "eviltransform"),
    ("Beijing (Tian'anmen)", 116.404, 39.915, 116.41024449916938, 39.91640428150164, "coordtransform"),
]
GCJ_TO_BD_REFERENCE = [
    ("Beijing (Tian'anmen)", 116.404, 39.915, 116.41036949371029, 39.92133699351021, "coordtransform"),
]
# coordtransform's README also publishes its one-step (approximate) inverses for the same input:
# gcj02towgs84(116.404, 39.915) -> [116.39775550083061, 39.91359571849836],
# bd09togcj02(116.404, 39.915) -> [116.39762729119315, 39.90865673957631].
APPROXIMATE_GCJ_TO_WGS = (116.404, 39.915, 116.39775550083061, 39.91359571849836)
APPROXIMATE_BD_TO_GCJ = (116.404, 39.915, 116.39762729119315, 39.90865673957631)
# (eviltransform's TESTS_bd values are left out: they do not follow from the published BD-09 formulas — the
# forward transform of its WGS 84 answer misses its BD-09 input by about 10 m — so they test something else.)


@pytest.mark.parametrize("name,wlon,wlat,glon,glat,src", WGS_TO_GCJ_REFERENCE)
def test_wgs84_to_gcj02_matches_published_values(name, wlon, wlat, glon, glat, src):
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9), name
    assert lat == pytest.approx(glat, abs=1e-9), name


@pytest.mark.parametrize("name,wlon,wlat,glon,glat,src", WGS_TO_GCJ_REFERENCE)
def test_gcj02_to_wgs84_recovers_the_published_wgs84_point(name, wlon, wlat, glon, glat, src):
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert haversine_m(lon, lat, wlon, wlat) < 0.01, name


@pytest.mark.parametrize("name,glon,glat,blon,blat,src", GCJ_TO_BD_REFERENCE)
def test_gcj02_to_bd09_matches_published_values(name, glon, glat, blon, blat, src):
    lon, lat = gcj02_to_bd09(glon, glat)
    assert lon == pytest.approx(blon, abs=1e-9)
    assert lat == pytest.approx(blat, abs=1e-9)
    back = bd09_to_gcj02(blon, blat)
    assert haversine_m(*back, glon, glat) < 0.01


def test_wgs84_to_bd09_is_gcj02_then_bd09():
    for _name, wlon, wlat, glon, glat, _src in WGS_TO_GCJ_REFERENCE:
        assert wgs84_to_bd09(wlon, wlat) == pytest.approx(gcj02_to_bd09(glon, glat), abs=1e-9)
    # and the Baidu value of the coordtransform reference point follows from its two published steps
    blon, blat = gcj02_to_bd09(116.41024449916938, 39.91640428150164)
    assert wgs84_to_bd09(116.404, 39.915) == pytest.approx((blon, blat), abs=1e-12)


@pytest.mark.parametrize("approx,inverse,forward", [
    (APPROXIMATE_GCJ_TO_WGS, gcj02_to_wgs84, wgs84_to_gcj02),
    (APPROXIMATE_BD_TO_GCJ, bd09_to_gcj02, gcj02_to_bd09),
])
def test_iterative_inverse_refines_the_published_one_step_inverse(approx, inverse, forward):
    lon_in, lat_in, lon_pub, lat_pub = approx
    lon, lat = inverse(lon_in, lat_in)
    # close to the published one-step answer (centimetres) ...
    assert haversine_m(lon, lat, lon_pub, lat_pub) < 0.2
    # ... but exact: the forward transform of ours reproduces the input, theirs misses it
    assert haversine_m(*forward(lon, lat), lon_in, lat_in) < 1e-4
    assert haversine_m(*forward(lon_pub, lat_pub), lon_in, lat_in) > 0.01


# ---------------------------------------------------------------------------------------------------------
# round trips everywhere in China


def china_grid(n_lon: int = 250, n_lat: int = 200, whole_box: bool = True):
    """A grid over the whole published box (its edges included), or over China's own extent (73.5–135.1°E,
    3.8–53.6°N), plus China's extreme points."""
    if whole_box:
        lon, lat = np.meshgrid(np.linspace(72.0041, 137.8346, n_lon), np.linspace(0.8294, 55.8270, n_lat))
    else:
        lon, lat = np.meshgrid(np.linspace(73.5, 135.1, n_lon), np.linspace(3.8, 53.6, n_lat))
    extremes = np.array([
        (73.50, 39.38),   # Pamir, westernmost
        (135.08, 48.40),  # Heixiazi island, easternmost
        (122.35, 53.56),  # Mohe, northernmost
        (112.27, 3.86),   # Zengmu Ansha, southernmost
        (121.4737, 31.2304),  # Shanghai, People's Square
        (116.3975, 39.9087),  # Beijing, Tian'anmen
    ])
    return np.concatenate([lon.ravel(), extremes[:, 0]]), np.concatenate([lat.ravel(), extremes[:, 1]])


@pytest.mark.parametrize("forward,inverse", [
    (wgs84_to_gcj02, gcj02_to_wgs84),
    (wgs84_to_bd09, bd09_to_wgs84),
    (gcj02_to_bd09, bd09_to_gcj02),
])
def test_round_trip_is_within_a_centimetre_everywhere_in_china(forward, inverse):
    lon, lat = china_grid()
    shifted = forward(lon, lat)
    # the shift is real everywhere in the box (no point silently left alone; GCJ-02's smallest is ~9 m) ...
    assert np.all(haversine_m(lon, lat, *shifted) > 1)
    back = inverse(*shifted)
    # ... and undone to well under 0.01 m
    assert np.max(haversine_m(lon, lat, *back)) < 0.01


def test_inverse_first_round_trip_too():
    """gcj → wgs → gcj: the inverse solves the forward transform, so this returns to the start as well.

    Only over China's own extent: a GCJ-02 point within a few hundred metres inside the box's edge may be the
    image of no WGS 84 point at all (its solution lies outside the box, where GCJ-02 = WGS 84).
    """
    lon, lat = china_grid(80, 60, whole_box=False)
    for forward, inverse in ((wgs84_to_gcj02, gcj02_to_wgs84), (wgs84_to_bd09, bd09_to_wgs84)):
        again = forward(*inverse(lon, lat))
        assert np.max(haversine_m(lon, lat, *again)) < 0.01


def test_composite_baidu_conversions_equal_their_two_steps():
    # (over China's own extent: at the box's edge the intermediate GCJ-02 point may fall outside it)
    lon, lat = china_grid(60, 50, whole_box=False)
    b_lon, b_lat = wgs84_to_bd09(lon, lat)
    direct = bd09_to_wgs84(b_lon, b_lat)
    two_steps = gcj02_to_wgs84(*bd09_to_gcj02(b_lon, b_lat))
    assert np.max(haversine_m(*direct, *two_steps)) < 0.01


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=72.0041, max_value=137.8346, allow_nan=False),
    st.floats(min_value=0.8294, max_value=55.8270, allow_nan=False),
    st.sampled_from([(WGS84, GCJ02), (WGS84, BD09), (GCJ02, BD09)]),
)
def test_round_trip_property(lon, lat, systems):
    source, target = systems
    back = convert(*convert(lon, lat, source, target), target, source)
    assert haversine_m(lon, lat, *back) < 0.01


# ---------------------------------------------------------------------------------------------------------
# outside China, NaN, shapes


OUTSIDE = {
    "London": (-0.1276, 51.5072),
    "Sydney": (151.2093, -33.8688),
    "Tokyo": (139.6917, 35.6895),  # east of 137.8347°E
    "New York": (-74.0060, 40.7128),
    "Moscow": (37.6173, 55.7558),
    "Singapore": (103.8198, 0.5),  # south of 0.8293°N (Singapore itself is at 1.35°N, inside the box)
}


@pytest.mark.parametrize("name", sorted(OUTSIDE))
def test_points_outside_china_are_unchanged(name):
    lon, lat = OUTSIDE[name]
    assert out_of_china(lon, lat) is True
    for f in (wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02, wgs84_to_bd09, bd09_to_wgs84):
        assert f(lon, lat) == (lon, lat), f.__name__


def test_out_of_china_uses_the_published_box():
    lon = np.array([72.003, 72.005, 137.834, 137.836, 100.0, 100.0, 100.0, 100.0, 121.47])
    lat = np.array([30.0, 30.0, 30.0, 30.0, 0.8292, 0.8294, 55.827, 55.8272, 31.23])
    expected = [True, False, False, True, True, False, False, True, False]
    assert out_of_china(lon, lat).tolist() == expected
    assert out_of_china(np.nan, 30.0) is False  # NaN is not a place outside China: it stays NaN


def test_convert_coordinates_flags_what_was_left_unchanged():
    names = ["Shanghai", "London", "Beijing", "Sydney"]
    lon = np.array([121.4737, OUTSIDE["London"][0], 116.3975, OUTSIDE["Sydney"][0], np.nan])
    lat = np.array([31.2304, OUTSIDE["London"][1], 39.9087, OUTSIDE["Sydney"][1], 30.0])
    for source, target in ((GCJ02, WGS84), (WGS84, GCJ02), (BD09, WGS84), (WGS84, BD09), (BD09, GCJ02)):
        result = convert_coordinates(lon, lat, source, target)
        assert result.outside_china.tolist() == [False, True, False, True, False], (source, target, names)
        assert result.n_outside_china == 2
        assert result.lon[1] == lon[1] and result.lat[3] == lat[3]
        assert np.isnan(result.lon[4]) and np.isnan(result.lat[4])
    same = convert_coordinates(lon, lat, "GCJ-02", "gcj02")
    assert same.outside_china.tolist() == [False, True, False, True, False]
    np.testing.assert_array_equal(same.lon, lon)


def test_nan_in_nan_out():
    for f in (wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02, wgs84_to_bd09, bd09_to_wgs84):
        lon, lat = f(np.nan, np.nan)
        assert math.isnan(lon) and math.isnan(lat), f.__name__
        # a NaN among valid points stays NaN and spoils nothing else (the iteration still converges)
        lon, lat = f(np.array([121.47, np.nan, 116.40, 121.0]), np.array([31.23, 30.0, 39.91, np.nan]))
        assert np.isnan(lon[1]) and np.isnan(lat[1]) and np.isnan(lon[3]) and np.isnan(lat[3]), f.__name__
        assert np.all(np.isfinite(lon[[0, 2]])) and np.all(np.isfinite(lat[[0, 2]]))
        assert (lon[0], lat[0]) == pytest.approx(f(121.47, 31.23), abs=1e-12)


def test_scalars_lists_and_shapes():
    lon, lat = wgs84_to_gcj02(121.47, 31.23)
    assert isinstance(lon, float) and isinstance(lat, float)
    lon, lat = wgs84_to_gcj02([121.47, 116.40], [31.23, 39.91])
    assert isinstance(lon, np.ndarray) and lon.shape == (2,)
    grid_lon, grid_lat = np.meshgrid(np.linspace(110, 120, 4), np.linspace(25, 35, 3))
    out_lon, out_lat = gcj02_to_wgs84(grid_lon, grid_lat)
    assert out_lon.shape == (3, 4) and out_lat.shape == (3, 4)
    assert out_lon[1, 2] == pytest.approx(gcj02_to_wgs84(grid_lon[1, 2], grid_lat[1, 2])[0], abs=1e-12)
    empty = gcj02_to_wgs84(np.array([]), np.array([]))
    assert empty[0].shape == (0,)
    with pytest.raises(ValueError):
        wgs84_to_gcj02([1.0, 2.0], [1.0])


def test_inputs_are_not_modified_and_identity_returns_a_copy():
    lon = np.array([121.47, 116.40])
    lat = np.array([31.23, 39.91])
    gcj02_to_wgs84(lon, lat)
    assert lon.tolist() == [121.47, 116.40] and lat.tolist() == [31.23, 39.91]
    same_lon, _ = convert(lon, lat, "WGS 84", "wgs84")
    np.testing.assert_array_equal(same_lon, lon)
    assert same_lon is not lon


def test_vectorised_100k_points_match_pointwise_results():
    rng = np.random.default_rng(20231115)
    n = 100_000
    lon = rng.uniform(73.5, 135.0, n)
    lat = rng.uniform(18.0, 53.5, n)
    start = time.perf_counter()
    for source, target in ((GCJ02, WGS84), (BD09, WGS84), (WGS84, GCJ02)):
        out_lon, out_lat = convert(lon, lat, source, target)
        assert out_lon.shape == (n,) and np.all(np.isfinite(out_lon)) and np.all(np.isfinite(out_lat))
        for i in rng.choice(n, 25, replace=False):
            assert (out_lon[i], out_lat[i]) == pytest.approx(convert(lon[i], lat[i], source, target), abs=1e-11)
    assert time.perf_counter() - start < 30  # a few tenths of a second in practice
    back = wgs84_to_gcj02(*gcj02_to_wgs84(lon, lat))
    assert np.max(haversine_m(lon, lat, *back)) < 0.01


def test_system_names_and_the_wgs84_helper():
    assert system_name("WGS 84") == WGS84
    assert system_name("gcj-02") == GCJ02 and system_name("AMap") == GCJ02 and system_name("高德") == GCJ02
    assert system_name("Baidu") == BD09 and system_name("bd09ll") == BD09
    with pytest.raises(LifeCircleError, match="Unknown coordinate system 'UTM'"):
        system_name("UTM")
    with pytest.raises(ValueError):
        convert(121.0, 31.0, "GCJ02", "Mercator")
    assert to_wgs84(121.47, 31.23, "GCJ-02") == gcj02_to_wgs84(121.47, 31.23)
    assert to_wgs84(121.47, 31.23, "BD-09") == bd09_to_wgs84(121.47, 31.23)


def test_core_module_does_not_import_qgis():
    build = Path(coords.__file__).resolve().parent.parent.parent / "build"
    code = (
        f"import sys; sys.path.insert(0, {str(build)!r}); "
        "import lifecircle.lifecircle_plugin.core.coords as c; "
        "assert not any(m == 'qgis' or m.startswith('qgis.') for m in sys.modules), 'qgis imported'; "
        "print(c.wgs84_to_gcj02(121.0, 31.0))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_feature_outcomes_from_the_vertex_flags_hand_worked():
    from lifecircle.lifecircle_plugin.core.coords import CONVERTED, PARTLY_OUTSIDE, feature_outcomes
    from lifecircle.lifecircle_plugin.core.coords import OUTSIDE as LEFT_UNCHANGED

    # four features of 1, 3, 2 and 4 vertices: a point in China, a line crossing the edge (its last vertex
    # outside), a line wholly outside, a ring in China
    flags = [False, False, False, True, True, True, False, False, False, False]
    assert feature_outcomes([1, 3, 2, 4], flags) == [CONVERTED, PARTLY_OUTSIDE, LEFT_UNCHANGED, CONVERTED]
    assert feature_outcomes([], []) == []
    with pytest.raises(ValueError):
        feature_outcomes([2], [True])


def test_feature_outcomes_agree_with_the_points_convert_coordinates_leaves_unchanged():
    from lifecircle.lifecircle_plugin.core.coords import PARTLY_OUTSIDE, feature_outcomes
    from lifecircle.lifecircle_plugin.core.coords import OUTSIDE as LEFT_UNCHANGED

    # a feature Shanghai–London crosses the edge; London–Sydney lies wholly outside; NaN counts as not outside
    lon = np.array([121.4737, OUTSIDE["London"][0], OUTSIDE["London"][0],
                    OUTSIDE["Sydney"][0], np.nan])
    lat = np.array([31.2304, OUTSIDE["London"][1], OUTSIDE["London"][1],
                    OUTSIDE["Sydney"][1], 30.0])
    result = convert_coordinates(lon, lat, GCJ02, WGS84)
    assert feature_outcomes([2, 2, 1], result.outside_china) == [PARTLY_OUTSIDE, LEFT_UNCHANGED, "converted"]
