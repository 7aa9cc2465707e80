"""Invariants of the bundled sample district 示例区 (resources/sample/sample_district.gpkg).

No QGIS here: geopandas/shapely only. The numbers are computed from the committed file, and the generator
(scripts/make_sample_district.py, loaded by path) must reproduce that file exactly.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest

gpd = pytest.importorskip("geopandas")
pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "resources/sample/sample_district.gpkg"
GENERATOR = ROOT / "scripts/make_sample_district.py"

LAYERS = ["subdistricts", "blocks", "residents", "streets", "barriers", "river", "facilities", "parcels", "projects",
          "buildings", "needs", "compounds", "gates"]
GEOGRAPHIC = {"needs": 4326}  # layers not in EPSG:4549: the needs are lon/lat in GCJ-02, as AMap exports them
AGE_FIELDS = ["pop_0_3", "pop_3_6", "pop_6_12", "pop_60p", "pop_80p"]
HOME_FLOORS = {6, 11, 18, 24, 30}
NON_RESIDENTIAL = {"商业", "办公", "工业", "学校", "公共服务"}
NEED_SOURCES = {"问需求计问卷", "12345热线", "意见箱", "社区小程序"}
CODES = [f"Q{i:02d}" for i in range(1, 11)] + [f"M{i:02d}" for i in range(1, 11)]
PROJECT_FIELDS = ["project_id", "year", "district", "subdistrict", "unit_id", "name", "category", "kind", "content",
                  "path", "implementer", "funding", "investment", "start_date", "end_date", "design_team",
                  "community_planner", "status", "progress", "hearing_date", "coordination_date", "evaluation_date",
                  "remarks", "updated_at"]
BRIDGES = {"中山路桥", "西岸人行桥"}


def _read(path: Path, layer: str):
    return gpd.read_file(path, layer=layer)


@pytest.fixture(scope="module")
def sample():
    assert GPKG.exists(), f"missing {GPKG}: run scripts/make_sample_district.py"
    return {name: _read(GPKG, name) for name in LAYERS}


def _within_which(points, polygons, key):
    """For each point, the ``key`` value of the polygon containing it (None if none): no spatial index needed."""
    out = []
    for p in points.geometry:
        hit = [k for k, g in zip(polygons[key], polygons.geometry) if g.contains(p)]
        out.append(hit[0] if len(hit) == 1 else None)
    return out


def _intersecting_pairs(geoms):
    """Index pairs (i < j) of geometries that intersect (bounding-box prefilter, then the exact predicate)."""
    import numpy as np

    b = np.array([g.bounds for g in geoms])
    pairs = []
    for i, g in enumerate(geoms):
        cand = np.nonzero((b[i + 1:, 0] <= b[i, 2]) & (b[i + 1:, 2] >= b[i, 0])
                          & (b[i + 1:, 1] <= b[i, 3]) & (b[i + 1:, 3] >= b[i, 1]))[0] + i + 1
        pairs.extend((i, int(j)) for j in cand if g.intersects(geoms[j]))
    return pairs


def _coords(geom):
    if hasattr(geom, "geoms"):
        return [c for g in geom.geoms for c in _coords(g)]
    return [tuple(c[:2]) for c in geom.coords]


def test_layers_and_crs(sample):
    for name, gdf in sample.items():
        assert len(gdf) > 0, name
        assert gdf.crs is not None and gdf.crs.to_epsg() == GEOGRAPHIC.get(name, 4549), name
        assert gdf.geometry.is_valid.all(), name
        assert not gdf.geometry.is_empty.any(), name


def test_location_is_near_shanghai(sample):
    lonlat = sample["subdistricts"].to_crs(4326).unary_union.centroid
    assert 121.2 < lonlat.x < 121.6 and 31.0 < lonlat.y < 31.4, (lonlat.x, lonlat.y)


def test_two_subdistricts(sample):
    sds = sample["subdistricts"]
    assert len(sds) == 2
    assert sorted(sds["name"]) == ["东湖街道", "西岸街道"]
    assert set(sds["district"]) == {"示例区"}
    a, b = sds.geometry
    assert a.intersection(b).area < 1.0


def test_blocks_tile_without_overlap_each_in_one_subdistrict(sample):
    blocks, sds = sample["blocks"], sample["subdistricts"]
    assert 15 <= len(blocks) <= 25
    assert blocks["block_id"].is_unique
    assert set(blocks["block_type"]) <= {"居住", "商务", "产业"}
    geoms = list(blocks.geometry)
    worst = max(a.intersection(b).area for a, b in itertools.combinations(geoms, 2))
    assert worst < 1.0, f"blocks overlap by {worst:.3f} m²"
    by_name = dict(zip(sds["name"], sds.geometry))
    for _, blk in blocks.iterrows():
        inside = [name for name, sd in by_name.items() if sd.intersection(blk.geometry).area > 1.0]
        assert inside == [blk["subdistrict"]], (blk["block_id"], inside)
        assert blk.geometry.within(by_name[blk["subdistrict"]]), blk["block_id"]
        assert abs(blk.geometry.area - blk["area_m2"]) < 1.0


def test_blocks_are_not_split_by_barriers(sample):
    river = sample["river"].geometry.iloc[0]
    express = sample["barriers"].set_index("type").geometry["expressway"]
    for _, blk in sample["blocks"].iterrows():
        assert blk.geometry.intersection(river).area < 1.0, blk["block_id"]
        assert not blk.geometry.buffer(-1.0).intersects(express), blk["block_id"]


def test_population(sample):
    blocks, residents = sample["blocks"], sample["residents"]
    total = int(blocks["population"].sum())
    assert 100_000 <= total <= 150_000, total
    assert (blocks["population"] > 0).all()
    assert (blocks["households"] > 0).all() and (blocks["households"] < blocks["population"]).all()
    assert 300 <= len(residents) <= 600
    assert residents["resident_id"].is_unique
    per_block = residents.groupby("block_id")["population"].sum()
    expected = blocks.set_index("block_id")["population"]
    assert per_block.reindex(expected.index).fillna(0).astype(int).to_dict() == expected.astype(int).to_dict()
    geom = dict(zip(blocks["block_id"], blocks.geometry))
    outside = [r.resident_id for r in residents.itertuples() if not geom[r.block_id].contains(r.geometry)]
    assert outside == []


def test_river_crossed_only_at_the_two_bridges(sample):
    streets = sample["streets"]
    ground = streets[streets["highway"] != "trunk"]
    river = sample["river"].geometry.iloc[0]
    centre = sample["barriers"].set_index("type").geometry["river"]
    over_water = ground[ground.intersects(river)]
    over_line = ground[ground.intersects(centre)]
    assert len(over_water) == 2 and len(over_line) == 2
    assert set(over_water["name"]) == BRIDGES == set(over_line["name"])
    assert set(over_water["highway"]) <= {"secondary", "footway"}
    # the bridges join both banks: each ends at junctions with other ground streets
    ends = [c for g in ground.geometry for c in (g.coords[0], g.coords[-1])]
    for g in over_water.geometry:
        for end in (g.coords[0], g.coords[-1]):
            assert ends.count(end) >= 3, end


def test_streets_are_noded_at_junctions(sample):
    streets = sample["streets"]
    ground = streets[streets["highway"] != "trunk"].reset_index(drop=True)
    assert set(ground["highway"]) <= {"primary", "secondary", "tertiary", "residential", "footway", "service"}
    assert (ground.geometry.geom_type == "LineString").all()
    assert ground.geometry.length.min() > 5.0
    geoms = list(ground.geometry)
    bad = []
    for i, j in _intersecting_pairs(geoms):
        g, h = geoms[i], geoms[j]
        meet = g.intersection(h)
        shared_ends = {g.coords[0], g.coords[-1]} & {h.coords[0], h.coords[-1]}
        if meet.geom_type not in ("Point", "MultiPoint") or not set(_coords(meet)) <= shared_ends:
            bad.append((ground["street_id"].iloc[i], ground["street_id"].iloc[j]))
    assert bad == [], f"{len(bad)} street pairs cross or touch away from shared end vertices: {bad[:5]}"
    # one connected walking network (the river is crossed by the bridges)
    parent = {}

    def find(k):
        parent.setdefault(k, k)
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for g in ground.geometry:
        parent[find(g.coords[0])] = find(g.coords[-1])
    assert len({find(k) for k in list(parent)}) == 1


def test_expressway_passes_over_without_junctions(sample):
    streets = sample["streets"]
    trunk = streets[streets["highway"] == "trunk"]
    ground = streets[streets["highway"] != "trunk"]
    assert len(trunk) >= 1
    trunk_vertices = {c for g in trunk.geometry for c in _coords(g)}
    ground_vertices = {c for g in ground.geometry for c in _coords(g)}
    assert trunk_vertices.isdisjoint(ground_vertices)
    crossed = ground[ground.intersects(trunk.unary_union)]
    assert len(crossed) >= 5, "ground streets should pass under the expressway"
    barrier = sample["barriers"].set_index("type").geometry["expressway"]
    assert barrier.equals(trunk.unary_union) or barrier.buffer(0.01).contains(trunk.unary_union)


def test_facilities(sample):
    fac, sds = sample["facilities"], sample["subdistricts"]
    assert 120 <= len(fac) <= 250
    assert fac["facility_id"].is_unique
    assert set(fac["category"]) <= set(CODES)
    absent = sorted(set(CODES) - set(fac["category"]))
    assert len(absent) >= 2, absent
    fac = fac.assign(sd=_within_which(fac, sds, "name"))
    assert fac["sd"].notna().all(), "every facility lies in one 街镇"
    per_sd = fac.groupby("category")["sd"].nunique()
    one_sd_only = sorted(per_sd[per_sd == 1].index)
    assert len(one_sd_only) >= 2, one_sd_only
    assert set(fac["is_one_stop"]) <= {0, 1}
    one_stop = fac[fac["is_one_stop"] == 1]
    assert (one_stop["area_m2"] >= 800).any() and (one_stop["area_m2"] < 800).any()
    assert (fac["area_m2"] > 0).all()


def test_parcels(sample):
    parcels = sample["parcels"]
    assert 150 <= len(parcels) <= 300
    assert parcels["parcel_id"].is_unique
    assert set(parcels["status"]) == {"idle", "vacant", "in_use"}
    assert {"居住", "商业", "工业", "仓储", "教育", "机关", "绿地", "空地"} <= set(parcels["land_use"])
    small = parcels[(parcels["area_m2"] >= 50) & (parcels["area_m2"] <= 2000)]
    assert len(small) >= 10
    assert (parcels["remark"] == "学校运动场").sum() >= 3
    assert (parcels["remark"] == "高架下空间（桥下）").sum() >= 3
    blocks = sample["blocks"].set_index("block_id")
    homes_blocks = set(blocks.index[blocks["block_type"] == "居住"])
    legacy = parcels[parcels["land_use"].isin(["工业", "仓储"]) & parcels["block_id"].isin(homes_blocks)]
    assert len(legacy) >= 3, "some industry / warehouses inside residential areas"
    assert (abs(parcels.geometry.area - parcels["area_m2"]) < 1.0).all()


def test_projects(sample):
    projects, parcels = sample["projects"], sample["parcels"]
    from lifecircle.lifecircle_plugin.core import projects as P

    programme = list(P.FIELD_NAMES[P.FIELD_NAMES.index("project_source"):])  # the schema's issue-19 fields
    assert list(projects.columns[projects.columns != "geometry"]) == PROJECT_FIELDS + programme
    assert 15 <= len(projects) <= 30
    assert projects["project_id"].is_unique
    assert set(projects["category"]) <= set(CODES)
    kind = projects["category"].str[0].map({"Q": "基础保障", "M": "品质提升"})
    assert (projects["kind"] == kind).all()
    assert set(projects["path"]) <= {"新建", "改扩建", "更新改造", "功能置换", "开放共享", "分时利用"}
    assert set(projects["status"]) <= {"谋划", "前期", "在建", "完工", "运营", "取消"}
    assert projects["progress"].between(0, 100).all()
    assert (projects["year"] == 2026).all()
    assert (pd.to_datetime(projects["start_date"]) <= pd.to_datetime(projects["end_date"])).all()
    assert all(p is not None for p in _within_which(projects, parcels, "parcel_id")), "projects sit on parcels"
    absent = set(CODES) - set(sample["facilities"]["category"])
    assert absent & set(projects["category"]), "the list answers some of the absent categories"


def test_styles_and_project_files():
    """The committed .qml styles and the .qgz project, read as plain XML (no QGIS needed)."""
    import xml.etree.ElementTree as ET
    import zipfile

    styles = ROOT / "resources/styles"
    for name in ["streets", "blocks", "facilities", "parcels", "barriers", "projects", "subdistricts", "buildings",
                 "needs", "compounds", "gates"]:
        assert ET.parse(styles / f"sample_{name}.qml").getroot().tag == "qgis", name
    categories = {c.get("value") for c in ET.parse(styles / "sample_facilities.qml").iter("category")}
    assert categories == set(CODES)
    with zipfile.ZipFile(ROOT / "resources/sample/sample_district.qgz") as z:
        qgs = next(n for n in z.namelist() if n.endswith(".qgs"))
        project = ET.fromstring(z.read(qgs))
    sources = [e.text for e in project.iter("datasource") if e.text]
    assert sorted(s.split("layername=")[1] for s in sources) == sorted(LAYERS)
    assert all(s.startswith("./sample_district.gpkg|") for s in sources), sources
    assert project.find("projectCrs").find(".//authid").text == "EPSG:4549"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_sample_district", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


def test_regenerating_gives_the_committed_data(sample, tmp_path):
    generator = _load_generator()
    fresh = generator.write_sample_district(tmp_path)
    for name in LAYERS:
        old, new = sample[name], _read(fresh, name)
        assert list(old.columns) == list(new.columns), name
        assert len(old) == len(new), name
        pd.testing.assert_frame_equal(pd.DataFrame(old.drop(columns="geometry")),
                                      pd.DataFrame(new.drop(columns="geometry")), obj=name)
        assert [g.wkb for g in old.geometry] == [g.wkb for g in new.geometry], name


# ---------------------------------------------------------------------------------------------------------------
# census by age group, buildings and residents' needs
def _core():
    from lifecircle.lifecircle_plugin.core import coords, population

    return population, coords


def _grid_uv(geom):
    """(along, across) the sample's street grid, rotated by 8° (scripts/make_sample_district.py ROTATION_DEG)."""
    import math

    a = math.radians(8.0)
    return geom.x * math.cos(a) + geom.y * math.sin(a), -geom.x * math.sin(a) + geom.y * math.cos(a)


def test_age_groups_of_blocks_and_residents(sample):
    blocks, residents = sample["blocks"], sample["residents"]
    for layer in (blocks, residents):
        for f in AGE_FIELDS:
            assert (layer[f] >= 0).all() and (layer[f] <= layer["population"]).all(), f
        assert (layer["pop_80p"] <= layer["pop_60p"]).all()
        assert (layer[["pop_0_3", "pop_3_6", "pop_6_12", "pop_60p"]].sum(axis=1) <= layer["population"]).all()
    per_block = residents.groupby("block_id")[AGE_FIELDS].sum()
    expected = blocks.set_index("block_id")[AGE_FIELDS]
    assert per_block.reindex(expected.index).astype(int).to_dict() == expected.astype(int).to_dict()
    # roughly Shanghai's 2020 census shares, varied by 居委 (×0.7–1.4)
    share = blocks[AGE_FIELDS].sum() / blocks["population"].sum()
    base = {"pop_0_3": 0.024, "pop_3_6": 0.026, "pop_6_12": 0.052, "pop_60p": 0.234, "pop_80p": 0.035}
    for f, s in base.items():
        assert 0.8 * s < share[f] < 1.2 * s, (f, share[f])
        ratio = blocks[f] / (blocks["population"] * s)
        assert ratio.min() > 0.65 and ratio.max() < 1.45, (f, ratio.min(), ratio.max())
    # older 居委 in 西岸, fewer children in 商务/产业 blocks
    old = blocks["pop_60p"] / blocks["population"]
    assert old[blocks["subdistrict"] == "西岸街道"].mean() > old[blocks["subdistrict"] == "东湖街道"].mean()
    young = blocks["pop_6_12"] / blocks["population"]
    assert young[blocks["block_type"] != "居住"].mean() < young[blocks["block_type"] == "居住"].mean()


def test_buildings(sample):
    buildings, residents, parcels = sample["buildings"], sample["residents"], sample["parcels"]
    assert list(buildings.columns[buildings.columns != "geometry"]) == ["building_id", "block_id", "use", "floors",
                                                                         "height_m", "area_m2"]
    assert buildings["building_id"].is_unique
    assert (buildings.geometry.geom_type == "Polygon").all()
    assert set(buildings["use"]) == {"住宅"} | NON_RESIDENTIAL
    homes = buildings[buildings["use"] == "住宅"]
    others = buildings[buildings["use"] != "住宅"]
    assert len(homes) == len(residents)
    assert 50 <= len(others) <= 70
    assert set(homes["floors"]) == HOME_FLOORS
    assert (homes["height_m"] == homes["floors"] * 3.0).all()
    assert (buildings["floors"] >= 1).all() and (buildings["height_m"] > 0).all()
    assert (abs(buildings.geometry.area - buildings["area_m2"]) < 0.1).all()
    # every 住宅 building is centred on its resident point, with 30 m² of floor area per resident
    for h, r in zip(homes.itertuples(), residents.itertuples()):
        assert h.geometry.centroid.distance(r.geometry) < 0.02 and h.block_id == r.block_id, (h.building_id, r)
        assert abs(h.geometry.area * h.floors / (r.population * 30.0) - 1.0) < 0.005, h.building_id
        assert min(_sides(h.geometry)) >= 7.9, h.building_id
    # non-residential buildings stand on non-residential parcels
    use_at = _within_which(gpd.GeoDataFrame(geometry=others.geometry.centroid, crs=others.crs), parcels, "land_use")
    assert all(u is not None and u != "居住" for u in use_at), use_at


def _sides(poly):
    import numpy as np

    c = np.asarray(poly.exterior.coords)
    return np.hypot(*(c[1:] - c[:-1]).T)


def test_buildings_inside_their_blocks_and_apart(sample):
    buildings = sample["buildings"]
    blocks = dict(zip(sample["blocks"]["block_id"], sample["blocks"].geometry))
    outside = [b.building_id for b in buildings.itertuples() if not blocks[b.block_id].contains(b.geometry)]
    assert outside == []
    geoms = list(buildings.geometry)
    overlapping = [(i, j) for i, j in _intersecting_pairs(geoms) if geoms[i].intersection(geoms[j]).area > 0.01]
    # A few resident points were placed only metres apart (the sample's random placement): no two buildings of
    # reasonable width can each be centred on one of them. Those "twin" pairs overlap each other, nothing else.
    use = list(buildings["use"])
    twins = [(i, j) for i, j in overlapping
             if use[i] == use[j] == "住宅" and geoms[i].centroid.distance(geoms[j].centroid) < 12.0]
    assert overlapping == twins, [(buildings["building_id"][i], buildings["building_id"][j]) for i, j in overlapping]
    assert len(twins) <= 12
    in_twins = [k for pair in twins for k in pair]
    assert len(in_twins) == len(set(in_twins))  # pairs, not clusters


def test_residents_are_the_census_shared_over_the_buildings(sample):
    """Each 居委's population (and each age group) shared over its 住宅 buildings by floor area (footprint ×
    floors), largest remainder, gives back exactly the resident points at the buildings' centres: what
    lifecircle:distributepopulation does with the sample's blocks and buildings."""
    import numpy as np

    population, _ = _core()
    homes = sample["buildings"][sample["buildings"]["use"] == "住宅"]
    residents = sample["residents"]
    rxy = np.array([(p.x, p.y) for p in residents.geometry])
    for blk in sample["blocks"].itertuples():
        mine = homes[homes["block_id"] == blk.block_id]
        assert len(mine), blk.block_id
        floor_area = mine.geometry.area.to_numpy() * mine["floors"].to_numpy()
        at = []
        for g in mine.geometry:
            c = g.centroid
            d = np.hypot(rxy[:, 0] - c.x, rxy[:, 1] - c.y)
            k = int(np.argmin(d))
            assert d[k] < 0.02, (blk.block_id, c)
            at.append(k)
        at = np.array(at)
        assert sorted(at.tolist()) == np.flatnonzero(residents["block_id"].to_numpy() == blk.block_id).tolist()
        pops = residents["population"].to_numpy()[at]
        assert population.largest_remainder(blk.population, floor_area).tolist() == pops.tolist(), blk.block_id
        for f in AGE_FIELDS:
            shared = population.largest_remainder(getattr(blk, f), floor_area, caps=pops)
            assert shared.tolist() == residents[f].to_numpy()[at].tolist(), (blk.block_id, f)


def test_needs(sample):
    import numpy as np
    from pyproj import Transformer
    from shapely.geometry import Point

    _, coords = _core()
    needs = sample["needs"]
    assert list(needs.columns[needs.columns != "geometry"]) == ["need_id", "source", "text", "votes", "date",
                                                                 "block_id"]
    assert needs.crs.to_epsg() == 4326
    assert 250 <= len(needs) <= 350
    assert needs["need_id"].is_unique
    assert set(needs["source"]) == NEED_SOURCES
    assert (needs["votes"] >= 1).all() and needs["votes"].between(1, 5).mean() > 0.9
    assert needs["votes"].between(20, 80).sum() >= 3 and needs["votes"].max() <= 80
    dates = pd.to_datetime(needs["date"])
    assert dates.min() >= pd.Timestamp("2025-09-01") and dates.max() <= pd.Timestamp("2026-05-31")
    assert needs["text"].str.len().between(4, 60).all()
    # exact duplicates, as real surveys have: the same words at the same place from another channel
    key = needs["text"] + needs.geometry.to_wkt()
    dup = needs[key.duplicated(keep=False)]
    assert 3 <= key.duplicated().sum() <= 4
    assert (dup.groupby(key[dup.index])["source"].nunique() > 1).all()
    # GCJ-02 -> WGS 84 -> EPSG:4549: inside the district and in the 居委 the need names
    lon = needs.geometry.x.to_numpy()
    lat = needs.geometry.y.to_numpy()
    wgs = coords.convert_coordinates(lon, lat, "GCJ02", "WGS84")
    assert not wgs.outside_china.any()
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True).transform(wgs.lon, wgs.lat)
    blocks = sample["blocks"]
    district = blocks.unary_union.buffer(50.0)
    geom = dict(zip(blocks["block_id"], blocks.geometry))
    points = [Point(px, py) for px, py in zip(x, y)]
    assert all(district.contains(p) for p in points)
    wrong = [n for n, b, p in zip(needs["need_id"], needs["block_id"], points) if not geom[b].contains(p)]
    assert wrong == []
    # and the stored coordinates are GCJ-02, not WGS 84: a few hundred metres off
    sx, sy = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True).transform(lon, lat)
    shift = np.hypot(sx - np.asarray(x), sy - np.asarray(y))
    assert shift.min() > 100.0 and shift.max() < 1000.0


def test_needs_gather_where_the_sample_has_gaps(sample):
    needs = sample["needs"]
    name = dict(zip(sample["blocks"]["block_id"], sample["blocks"]["name"]))
    sd = dict(zip(sample["blocks"]["block_id"], sample["blocks"]["subdistrict"]))
    elderly = needs[needs["text"].str.contains("养老院|长者食堂|日间照料|助餐")]
    in_gap = elderly["block_id"].map(name).isin(["光明居委", "和平居委", "华东居委", "新华居委", "幸福居委"])
    assert len(elderly) >= 30 and in_gap.mean() > 0.7
    nursery = needs[needs["text"].str.contains("上托班|托育|幼儿园太远")]
    assert len(nursery) >= 20 and (nursery["block_id"].map(sd) == "东湖街道").mean() > 0.7
    after_school = needs[needs["text"].str.contains("托管|四点半|暑托")]
    assert len(after_school) >= 20 and (after_school["block_id"].map(sd) == "西岸街道").mean() > 0.7
    for text in ["养老保险报销太麻烦", "养老金什么时候涨", "健身器材店太贵", "路灯坏了", "楼道里有噪音", "停车位太少",
                 "小区门口乱停车", "电梯经常坏"]:
        assert needs["text"].str.startswith(text).sum() == 1, text


def test_existing_layers_unchanged_since_the_last_commit(sample, tmp_path):
    """The layers of the committed GeoPackage (git HEAD) keep their columns, values, geometries and order: the new
    fields and layers come from a generator of their own."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:resources/sample/sample_district.gpkg"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("not a git checkout with the sample committed")
    old_path = tmp_path / "head.gpkg"
    old_path.write_bytes(done.stdout)
    try:
        from fiona import listlayers
    except ImportError:  # geopandas 1.x with pyogrio alone
        from pyogrio import list_layers

        def listlayers(path):
            return [row[0] for row in list_layers(path)]

    for name in listlayers(str(old_path)):
        old, new = _read(old_path, name), sample[name] if name in sample else _read(GPKG, name)
        columns = [c for c in old.columns if c != "geometry"]
        assert set(columns) <= set(new.columns), name
        pd.testing.assert_frame_equal(pd.DataFrame(old[columns]), pd.DataFrame(new[columns]), obj=name)
        if "geometry" in old.columns and old["geometry"].notna().any():  # (the targets table has none)
            assert [g.wkb for g in old.geometry] == [g.wkb for g in new.geometry], name


# ---------------------------------------------------------------------------------------------------------------
# gated compounds (封闭小区) and their gates
NIGHT_HOURS = "06:00-22:00"
#: the showcases of resources/sample/README.md: (a) a single back gate, (b) an open compound, (c) a main gate closed
#: at night
SHOWCASE = {"back_gate": ("C036", "翠湖苑"), "open": ("C043", "中山花园"), "night_gate": ("C071", "锦绣花园")}


def _ground_streets(sample):
    streets = sample["streets"]
    return streets[streets["highway"] != "trunk"]


def _nearest_street(point, streets):
    """(distance, name) of the nearest of ``streets`` to ``point``."""
    return min((g.distance(point), n) for g, n in zip(streets.geometry, streets["name"].fillna("")))


def _compound_of(points, compounds):
    return _within_which(points, compounds, "compound_id")


def test_compounds(sample):
    from shapely.geometry import Point

    compounds, parcels, residents = sample["compounds"], sample["parcels"], sample["residents"]
    assert list(compounds.columns[compounds.columns != "geometry"]) == ["compound_id", "name", "block_id", "is_open",
                                                                         "type_code"]
    assert pd.api.types.is_integer_dtype(compounds["is_open"])
    assert (compounds.geometry.geom_type == "Polygon").all()
    # one compound per 居住 parcel that holds resident points, each a wall 1 m inside its parcel
    homes = parcels[parcels["land_use"] == "居住"]
    holding = {p for p in _within_which(residents, homes, "parcel_id") if p is not None}
    assert len(compounds) == len(holding) and 120 <= len(compounds) <= 170
    assert list(compounds["compound_id"]) == [f"C{n:03d}" for n in range(1, len(compounds) + 1)]
    assert compounds["name"].is_unique and compounds["name"].str.len().between(2, 6).all()
    assert set(compounds["type_code"]) == {"120302"}
    assert set(compounds["is_open"]) == {0, 1} and 0.05 <= compounds["is_open"].mean() <= 0.15
    parcel_of = _within_which(gpd.GeoDataFrame(geometry=compounds.geometry.representative_point(),
                                               crs=compounds.crs), homes, "parcel_id")
    assert None not in parcel_of and len(set(parcel_of)) == len(compounds)
    parcel_geom = dict(zip(homes["parcel_id"], homes.geometry))
    for c, p in zip(compounds.geometry, parcel_of):
        edge = parcel_geom[p].exterior
        assert c.within(parcel_geom[p]) and parcel_geom[p].buffer(-1.5).within(c), p
        # 1 m from the parcel's edge (√2 m at the inside corners of L-shaped parcels)
        assert all(0.98 < edge.distance(Point(xy)) < 1.42 for xy in c.exterior.coords), p
    # every resident point lies in one compound, of its own 居委
    inside = _compound_of(residents, compounds)
    assert None not in inside
    block_of = dict(zip(compounds["compound_id"], compounds["block_id"]))
    assert [block_of[c] for c in inside] == list(residents["block_id"])


def test_compounds_inside_their_blocks_and_apart(sample):
    compounds = sample["compounds"]
    blocks = dict(zip(sample["blocks"]["block_id"], sample["blocks"].geometry))
    outside = [c.compound_id for c in compounds.itertuples() if not blocks[c.block_id].contains(c.geometry)]
    assert outside == []
    geoms = list(compounds.geometry)
    assert _intersecting_pairs(geoms) == []  # not even touching: parcels are apart, the walls 1 m inside them


def test_gates(sample):
    from lifecircle.lifecircle_plugin.core import gate_hours

    gates, compounds = sample["gates"], sample["compounds"]
    assert list(gates.columns[gates.columns != "geometry"]) == ["gate_id", "compound_id", "name", "pedestrian",
                                                                 "hours", "type_code"]
    assert pd.api.types.is_integer_dtype(gates["pedestrian"])
    assert (gates.geometry.geom_type == "Point").all()
    assert list(gates["gate_id"]) == [f"G{n:04d}" for n in range(1, len(gates) + 1)]
    assert set(gates["type_code"]) == {"991400"}
    assert gates["name"].is_unique
    assert set(gates["pedestrian"]) == {0, 1} and 1 <= (gates["pedestrian"] == 0).sum() <= 10  # a few for cars only
    hours = gates["hours"].fillna("")
    assert set(hours) == {"", NIGHT_HOURS} and 10 <= (hours == NIGHT_HOURS).sum() <= 0.3 * len(gates)
    assert all(gate_hours.open_ranges(h) in (None, [(6.0, 22.0)]) for h in hours)
    # gates belong to the gated compounds only, 1–3 for pedestrians in each, at least one of them always open
    c = compounds.set_index("compound_id")
    assert set(gates["compound_id"]) == set(c.index[c["is_open"] == 0])
    walk = gates[gates["pedestrian"] == 1]
    assert walk.groupby("compound_id").size().between(1, 3).all()
    assert set(walk.loc[hours[walk.index] == "", "compound_id"]) == set(gates["compound_id"])
    per = walk.groupby("compound_id").size().value_counts()
    assert per.get(1, 0) >= 10 and per.get(2, 0) >= 10 and per.get(3, 0) >= 5
    assert (gates.loc[gates["pedestrian"] == 0, "hours"].isna()).all()
    # named after their compound and the direction from its centroid: 翠湖苑(北门), 翠湖苑(车行东门)
    for g in gates.itertuples():
        assert g.name.startswith(c.loc[g.compound_id, "name"] + "("), g.name
        assert g.name.endswith("门)") and (("车行" in g.name) == (g.pedestrian == 0)), g.name


def test_gates_on_the_wall_facing_a_street(sample):
    gates, compounds = sample["gates"], sample["compounds"]
    ground = _ground_streets(sample)
    wall = dict(zip(compounds["compound_id"], compounds.geometry))
    off_wall = [g.gate_id for g in gates.itertuples() if wall[g.compound_id].exterior.distance(g.geometry) > 1.0]
    assert off_wall == []
    far = [(g.gate_id, round(d, 1)) for g in gates.itertuples()
           for d in [_nearest_street(g.geometry, ground)[0]] if d > 15.0]
    assert far == []
    # a gate is nearer its own compound's wall than any other compound's
    # (lifecircle's engine gives a gate to the nearest compound within 20 m)
    for g in gates.itertuples():
        nearest = min(wall, key=lambda k: wall[k].distance(g.geometry))
        assert nearest == g.compound_id, g.gate_id


def test_showcase_compounds(sample):
    import numpy as np

    compounds, gates, residents = sample["compounds"], sample["gates"], sample["residents"]
    ground = _ground_streets(sample)
    c = compounds.set_index("compound_id")
    for cid, name in SHOWCASE.values():
        assert c.loc[cid, "name"] == name, cid
    res_in = residents.assign(compound_id=_compound_of(residents, compounds))

    # (a) one gate, on the far side: a resident point 20–40 m from a street walks more than 150 m to the gate
    cid = SHOWCASE["back_gate"][0]
    assert c.loc[cid, "is_open"] == 0
    mine = gates[gates["compound_id"] == cid]
    assert len(mine) == 1 and mine["pedestrian"].iloc[0] == 1 and pd.isna(mine["hours"].iloc[0])
    gate = mine.geometry.iloc[0]
    gate_street = _nearest_street(gate, ground)[1]
    walkers = []
    for r in res_in[res_in["compound_id"] == cid].itertuples():
        d, street = _nearest_street(r.geometry, ground)
        if 20.0 <= d < 40.0 and r.geometry.distance(gate) > 150.0 and street != gate_street:
            walkers.append(r.resident_id)
    assert walkers == ["R0105"]

    # (b) an open compound by 中山路, near the middle of the district, with resident points and no gates
    cid = SHOWCASE["open"][0]
    assert c.loc[cid, "is_open"] == 1 and cid not in set(gates["compound_id"])
    assert (res_in["compound_id"] == cid).sum() >= 3
    zhongshan = ground[ground["name"] == "中山路"].unary_union
    assert c.loc[cid, "geometry"].distance(zhongshan) < 20.0
    assert c.loc[cid, "geometry"].distance(sample["blocks"].unary_union.centroid) < 400.0

    # (c) two gates: the one nearer to most residents closes at night, the other is always open
    cid = SHOWCASE["night_gate"][0]
    assert c.loc[cid, "is_open"] == 0
    mine = gates[gates["compound_id"] == cid]
    assert len(mine) == 2 and (mine["pedestrian"] == 1).all()
    night = mine[mine["hours"] == NIGHT_HOURS].geometry
    always = mine[mine["hours"].isna()].geometry
    assert len(night) == 1 and len(always) == 1
    people = res_in[res_in["compound_id"] == cid]
    nearer = np.array([p.distance(night.iloc[0]) < p.distance(always.iloc[0]) for p in people.geometry])
    assert len(people) >= 3 and nearer.mean() > 0.5
    assert people["population"][nearer].sum() > 0.5 * people["population"].sum()
    assert night.iloc[0].distance(always.iloc[0]) > 100.0
