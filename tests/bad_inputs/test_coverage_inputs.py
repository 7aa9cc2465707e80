"""Bad inputs to lifecircle:facilitycoverage, lifecircle:projectimpact and lifecircle:comparecoverage, on the
sample district (or small layers built here): mismatched and mislabelled CRS, text/negative/NULL/huge
population, unknown categories, residents far from the network or without geometry, Z/M and multipart points,
invalid and overlapping units, duplicate ids, missing fields, long non-ASCII names.

Numbers of the cases that must work are checked against the sample run in its own CRS (the reference), or by hand.
"""

from __future__ import annotations

import json
import re

import pytest
from qgis.core import QgsFeatureRequest, QgsVectorLayer

import bad_inputs_support as S

FC = "lifecircle:facilitycoverage"
PI = "lifecircle:projectimpact"
CO = "lifecircle:comparecoverage"


def base(**over):
    p = {"FACILITIES": S.sample_uri("facilities"), "CATEGORY_FIELD": "category",
         "RESIDENTS": S.sample_uri("residents"), "POPULATION_FIELD": "population", "NETWORK": S.sample_uri("streets"),
         "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:", "FACILITIES_OUTPUT": "memory:"}
    p.update(over)
    return {k: v for k, v in p.items() if v is not None}


def file_outputs(tmp_path, names=("RESIDENTS_OUTPUT", "UNITS_OUTPUT", "FACILITIES_OUTPUT")):
    return {n: str(tmp_path / f"{n.lower()}.gpkg") for n in names}


def fails(tmp_path, params, pattern, alg=FC, ctx=None, names=("RESIDENTS_OUTPUT", "UNITS_OUTPUT",
                                                                "FACILITIES_OUTPUT")):
    out = file_outputs(tmp_path, names)
    return S.run_fails(alg, {**params, **out}, pattern, out.values(), ctx=ctx)


def distances(result, key="resident_id") -> dict:
    codes = [f"d_{c}" for c in S.CODES]
    return S.read_rows(result["RESIDENTS_OUTPUT"], key, codes + ["snapped", "access_m", "unit_id"])


def sample_points(layer: str, fields: list, transform=None):
    """(geometry, *values) rows of a sample layer, for memory copies with changes."""
    src = QgsVectorLayer(S.sample_uri(layer), layer, "ogr")
    rows = [[f.geometry()] + [S.plain(f[n]) for n in fields] for f in src.getFeatures()]
    del src
    return rows


@pytest.fixture(scope="module")
def reference(lc_provider_module):
    """The sample run in its own CRS (EPSG:4549), every input as it is shipped."""
    res = S.run(FC, base())
    # the same residents without their age-group fields (what the copies below carry): every category over everyone
    plain = S.run("native:deletecolumn", {"INPUT": S.sample_uri("residents"), "OUTPUT": "memory:",
                                          "COLUMN": ["pop_0_3", "pop_3_6", "pop_6_12", "pop_60p", "pop_80p"]})
    everyone = S.run(FC, base(RESIDENTS=plain["OUTPUT"]))
    return {"result": res, "d": distances(res), "shares": json.loads(res["COVERAGE_BY_CATEGORY"]),
            "shares_all": json.loads(everyone["COVERAGE_BY_CATEGORY"])}


# -- CRS ---------------------------------------------------------------------------------------------------


def test_mismatched_crs_gives_the_same_numbers(reference, tmp_path):
    """Residents in WGS 84 lon/lat, facilities in Web Mercator, the network in CGCS2000 / GK: reprojected on the
    way in, every distance equals the same-CRS run's; outputs stay in each input's CRS."""
    res_uri = S.reproject(S.sample_uri("residents"), "EPSG:4326", tmp_path / "in.gpkg", "residents_wgs84")
    fac_uri = S.reproject(S.sample_uri("facilities"), "EPSG:3857", tmp_path / "in.gpkg", "facilities_3857")
    res = S.run(FC, base(RESIDENTS=res_uri, FACILITIES=fac_uri))
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares"]
    got, want = distances(res), reference["d"]
    assert got.keys() == want.keys()
    for rid, row in want.items():
        for name, value in row.items():
            if isinstance(value, float):
                assert got[rid][name] == pytest.approx(value, abs=0.11), (rid, name)
            else:
                assert got[rid][name] == value, (rid, name)
    assert res["RESIDENTS_OUTPUT"].crs().authid() == "EPSG:4326"
    assert res["FACILITIES_OUTPUT"].crs().authid() == "EPSG:3857"


def test_geographic_network_with_projected_points(reference, tmp_path):
    net_uri = S.reproject(S.sample_uri("streets"), "EPSG:4490", tmp_path / "in.gpkg", "streets_4490")
    res = S.run(FC, base(NETWORK=net_uri))
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares"]
    got = distances(res)
    for rid, row in reference["d"].items():
        assert got[rid]["d_Q05"] == pytest.approx(row["d_Q05"], abs=0.11)


def test_residents_in_metres_labelled_lon_lat_are_named(lc_provider, tmp_path):
    """A residents layer whose CRS says EPSG:4326 but whose coordinates are metres: the message names it."""
    rows = [[g, p] for g, p in sample_points("residents", ["population"])[:30]]
    uri = S.write_gpkg(S.memory_layer("Point", [("population", "int")], rows, crs="EPSG:4326"),
                       tmp_path / "in.gpkg", "residents_wrong_crs")
    fails(tmp_path, base(RESIDENTS=uri), r"Layer 'in › residents_wrong_crs'.*(CRS|coordinate reference system)")


# -- population -------------------------------------------------------------------------------------------


def residents_with(tmp_path, values: dict, field_type="string"):
    """The sample residents with population replaced for some resident ids (by {resident_id: value})."""
    rows = [[g, rid, values.get(rid, pop)] for g, rid, pop in sample_points("residents", ["resident_id", "population"])]
    if field_type != "string":
        rows = [[g, rid, v] for g, rid, v in rows]
    layer = S.memory_layer("Point", [("resident_id", "string"), ("人口", field_type)], rows, name="居民点")
    return S.write_gpkg(layer, tmp_path / "res.gpkg", "居民点")


@pytest.mark.parametrize("values, problem", [
    ({"R0003": "约200人"}, r"a value that is not a number in feature ids 3\b"),
    ({"R0005": "-12"}, r"a negative value in feature ids 5\b"),
    ({"R0007": None, "R0008": ""}, r"no value \(NULL\) in feature ids 7\b.*not a number in feature ids 8\b"),
    ({"R0002": "nan", "R0004": "inf"}, r"a value that is not a number in feature ids 2, 4\b"),
])
def test_bad_population_is_named(lc_provider, tmp_path, values, problem):
    uri = residents_with(tmp_path, values)
    fails(tmp_path, base(RESIDENTS=uri, POPULATION_FIELD="人口"),
          r"Layer 'res › 居民点', population field '人口': " + problem)


def test_text_population_field_that_holds_numbers(reference, tmp_path):
    """Population stored as text ('173') counts as the number it spells."""
    src = sample_points("residents", ["resident_id", "population"])
    uri = residents_with(tmp_path, {rid: str(pop) for _, rid, pop in src})
    res = S.run(FC, base(RESIDENTS=uri, POPULATION_FIELD="人口"))
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares_all"]


def test_population_typed_with_separators_and_full_width_digits(reference, tmp_path):
    """'1,234', ' 173 ', '１７３' (a Chinese input method's digits) count as the numbers they spell."""
    src = sample_points("residents", ["resident_id", "population"])
    styles = [lambda v: f"{v:,}", lambda v: f" {v} ", lambda v: str(v).translate(str.maketrans("0123456789",
                                                                                            "０１２３４５６７８９"))]
    uri = residents_with(tmp_path, {rid: styles[i % 3](pop) for i, (_, rid, pop) in enumerate(src)})
    res = S.run(FC, base(RESIDENTS=uri, POPULATION_FIELD="人口"))
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares_all"]


@pytest.mark.parametrize("alg, extra", [
    (FC, {}),
    ("lifecircle:siting", {"CANDIDATES": S.sample_uri("parcels"), "MODEL": 0, "P": 2, "CATEGORY": "Q05"}),
])
def test_all_zero_population_is_refused_clearly(lc_provider, tmp_path, alg, extra):
    """Every resident with 0 population: a message naming the layer and field — never NaN shares or 'nan%'."""
    src = sample_points("residents", ["resident_id", "population"])
    uri = residents_with(tmp_path, {rid: 0 for _, rid, _ in src}, field_type="int")
    pattern = (r"Layer 'res › 居民点', population field '人口': all 454 features have 0 population, so no share of "
               r"residents can be computed\. Is this the population field\?")
    if alg == FC:
        fails(tmp_path, base(RESIDENTS=uri, POPULATION_FIELD="人口"), pattern)
    else:
        out = tmp_path / "sites.gpkg"
        S.run_fails(alg, {"DEMAND": uri, "POPULATION_FIELD": "人口", "NETWORK": S.sample_uri("streets"),
                          "SITES": str(out), **extra}, pattern, [out])


def test_search_limit_below_a_threshold_is_explained(reference, tmp_path):
    """SEARCH_LIMIT 800 m with 1,000 m categories: the search goes to 1,000 m, and the log says so."""
    fb = S.recording_feedback()
    res = S.run(FC, base(SEARCH_LIMIT=800), feedback=fb)
    assert ("SEARCH_LIMIT 800 m is shorter than the walking threshold of Q01 (1,000 m): distances are searched up to "
            "1,000 m instead, so that every category can be judged.") in fb.warnings
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares"]
    fb = S.recording_feedback()
    S.run(FC, base(SEARCH_LIMIT=1000), feedback=fb)
    assert not any("SEARCH_LIMIT" in w for w in fb.warnings)


def test_huge_population(reference, tmp_path):
    """One building with 10¹² residents: shares are weighted by population, computed here from the distances."""
    pops = {rid: pop for _, rid, pop in sample_points("residents", ["resident_id", "population"])}
    pops["R0001"] = 10 ** 12
    uri = residents_with(tmp_path, pops, field_type="double")
    res = S.run(FC, base(RESIDENTS=uri, POPULATION_FIELD="人口"))
    shares = json.loads(res["COVERAGE_BY_CATEGORY"])
    total = float(sum(pops.values()))
    thresholds = {"Q05": 500, "Q10": 300, "M03": 500}
    for code, limit in thresholds.items():
        covered = sum(pops[rid] for rid, row in reference["d"].items()
                      if row[f"d_{code}"] is not None and row[f"d_{code}"] <= limit)
        assert shares[code] == pytest.approx(round(covered / total, 4), abs=1e-4), code
    unit = next(res["UNITS_OUTPUT"].getFeatures())
    assert unit["population"] == pytest.approx(total)


# -- facilities -------------------------------------------------------------------------------------------


def test_unknown_empty_and_null_categories_are_left_out_and_counted(reference, tmp_path):
    rows = sample_points("facilities", ["facility_id", "category"])
    rows.append([rows[0][0], "F-X1", "XYZ-99"])
    rows.append([rows[1][0], "F-X2", ""])
    rows.append([rows[2][0], "F-X3", None])
    layer = S.memory_layer("Point", [("facility_id", "string"), ("类别", "string")], rows, name="设施")
    fb = S.recording_feedback()
    res = S.run(FC, base(FACILITIES=layer, CATEGORY_FIELD="类别"), feedback=fb)
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares"]
    assert re.search(r"Layer '设施': 3 facilities have a '类别' value that maps to no checklist category, left out of "
                     r"the analysis: .*XYZ-99 \(1\)", fb.text())
    codes = {f["facility_id"]: S.plain(f["lc_code"]) for f in res["FACILITIES_OUTPUT"].getFeatures()}
    assert codes["F-X1"] is codes["F-X2"] is codes["F-X3"] is None
    assert sum(c is not None for c in codes.values()) == len(rows) - 3


def test_no_facility_maps_to_a_category(lc_provider, tmp_path):
    fails(tmp_path, base(CATEGORY_FIELD="area_m2"), r"No facility belongs to a checklist category")


# -- residents: position, geometry kinds ----------------------------------------------------------------------


def test_residents_far_from_the_network_and_without_geometry(reference):
    rows = [[g, rid, pop] for g, rid, pop in sample_points("residents", ["resident_id", "population"])]
    rows.append(["POINT(640000 3460000)", "FAR", 300])  # ~7 km from the district
    rows.append([None, "NOGEOM", 50])
    rows.append(["POINT EMPTY", "EMPTY", 20])
    layer = S.memory_layer("Point", [("resident_id", "string"), ("population", "int")], rows, name="居民")
    fb = S.recording_feedback()
    res = S.run(FC, base(RESIDENTS=layer), feedback=fb)
    n = len(rows)
    assert re.search(rf"Layer '居民': 3 resident point\(s\) \(370 residents\) are farther than the snap tolerance "
                     rf"from any walkable street and count as not covered \(feature ids {n - 2}, {n - 1}, {n}\)",
                     fb.text())
    assert re.search(rf"Layer '居民': 2 feature\(s\) without geometry \(feature ids {n - 1}, {n}\)", fb.text())
    got = distances(res)
    for rid in ("FAR", "NOGEOM", "EMPTY"):
        assert got[rid]["snapped"] is False and all(got[rid][f"d_{c}"] is None for c in S.CODES)
    for rid, row in reference["d"].items():
        assert got[rid] == row
    # shares: the same covered residents over 370 more residents
    total = sum(r[2] for r in rows[:-3])
    for code, share in json.loads(res["COVERAGE_BY_CATEGORY"]).items():
        assert share == pytest.approx(round(reference["shares_all"][code] * total / (total + 370), 4), abs=1.5e-4)


@pytest.mark.parametrize("kind", ["PointZM", "MultiPoint"])
def test_z_m_and_multipart_residents(reference, kind):
    rows = []
    for g, rid, pop in sample_points("residents", ["resident_id", "population"]):
        p = g.asPoint()
        wkt = (f"POINT ZM({p.x()} {p.y()} 12.5 3)" if kind == "PointZM" else f"MULTIPOINT(({p.x()} {p.y()}))")
        rows.append([wkt, rid, pop])
    layer = S.memory_layer(kind, [("resident_id", "string"), ("population", "int")], rows)
    res = S.run(FC, base(RESIDENTS=layer))
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares_all"]
    assert distances(res) == reference["d"]


def test_polygon_residents_use_their_point_on_surface(reference):
    """Residents as small squares around the points: each counts at its point on surface (the square's centre
    here), so the distances equal the points'."""
    rows = []
    for g, rid, pop in sample_points("residents", ["resident_id", "population"]):
        p = g.asPoint()
        rows.append([f"POLYGON(({p.x() - 2} {p.y() - 2}, {p.x() + 2} {p.y() - 2}, {p.x() + 2} {p.y() + 2}, "
                     f"{p.x() - 2} {p.y() + 2}, {p.x() - 2} {p.y() - 2}))", rid, pop])
    layer = S.memory_layer("Polygon", [("resident_id", "string"), ("population", "int")], rows)
    res = S.run(FC, base(RESIDENTS=layer))
    got = distances(res)
    for rid, row in reference["d"].items():
        assert got[rid]["d_Q01"] == pytest.approx(row["d_Q01"], abs=0.11)


def test_empty_residents(lc_provider, tmp_path):
    empty = S.write_gpkg(S.memory_layer("Point", [("population", "int")], [], name="空"), tmp_path / "e.gpkg", "空")
    fails(tmp_path, base(RESIDENTS=empty), r"Layer 'e › 空' is empty\.")


def test_residents_on_one_street_without_units(lc_provider):
    """Two residents on one straight street, no units, temporary (memory) outputs: the whole area is one unit."""
    layer = S.memory_layer("Point", [("population", "int")], [("POINT(633400 3454000)", 10),
                                                              ("POINT(633500 3454000)", 20)])
    res = S.run(FC, base(RESIDENTS=layer))
    units = list(res["UNITS_OUTPUT"].getFeatures())
    assert len(units) == 1 and units[0]["population"] == 30.0


# -- units ------------------------------------------------------------------------------------------------


def units_layer(tmp_path, bowtie=False, overlap=False, name="单元"):
    rows = [[g, uid] for g, uid in sample_points("blocks", ["block_id"])]
    if bowtie:
        rows[4][0] = "POLYGON((633000 3453000, 633400 3453400, 633400 3453000, 633000 3453400, 633000 3453000))"
    if overlap:
        rows[1][0] = rows[0][0].buffer(30, 4)
    layer = S.memory_layer("Polygon", [("unit_id", "string")], rows, name=name)
    return S.write_gpkg(layer, tmp_path / "units_in.gpkg", name)


@pytest.mark.parametrize("check", [None, QgsFeatureRequest.GeometryAbortOnInvalid], ids=["default", "abort"])
def test_self_intersecting_unit_stops_the_run(lc_provider, tmp_path, check):
    fails(tmp_path, base(UNITS=units_layer(tmp_path, bowtie=True), UNIT_ID_FIELD="unit_id"),
          r"Layer 'units_in › 单元': 1 feature\(s\) with invalid geometry \(feature ids 5\)",
          ctx=S.context(check) if check is not None else None)


def test_self_intersecting_unit_skipped(reference, tmp_path):
    fb = S.recording_feedback()
    res = S.run(FC, base(UNITS=units_layer(tmp_path, bowtie=True), UNIT_ID_FIELD="unit_id"),
                ctx=S.context(QgsFeatureRequest.GeometrySkipInvalid), feedback=fb)
    assert res["UNIT_COUNT"] == 19
    assert "Layer 'units_in › 单元': 1 feature(s) with invalid geometry were skipped" in fb.text()
    # its residents lie outside every unit: they count in the overall shares only
    assert json.loads(res["COVERAGE_BY_CATEGORY"]) == reference["shares"]
    assert "XA05" not in {f["unit_id"] for f in res["UNITS_OUTPUT"].getFeatures()}


def test_overlapping_units_are_named(lc_provider, tmp_path):
    fails(tmp_path, base(UNITS=units_layer(tmp_path, overlap=True), UNIT_ID_FIELD="unit_id"),
          r"Layer 'units_in › 单元': units overlap, so residents would count twice: XA01 and XA02 \([\d,]+ m²\)")


def test_units_with_a_missing_id_field(lc_provider, tmp_path):
    fails(tmp_path, base(UNITS=S.sample_uri("blocks"), UNIT_ID_FIELD="单元编号"),
          r"Layer 'sample_district › blocks' has no field '单元编号'")


def test_duplicate_unit_ids_are_summarised_per_feature(reference):
    """Three blocks share one id: each stays its own unit (feature), with its own population."""
    rows = [[g, "同名单元" if i < 3 else bid] for i, (g, bid) in enumerate(sample_points("blocks", ["block_id"]))]
    res = S.run(FC, base(UNITS=S.memory_layer("Polygon", [("unit_id", "string")], rows), UNIT_ID_FIELD="unit_id"))
    assert res["UNIT_COUNT"] == 20
    blocks = QgsVectorLayer(S.sample_uri("blocks"), "b", "ogr")
    want = sorted(float(f["population"]) for f in blocks.getFeatures())
    del blocks
    got = sorted(f["population"] for f in res["UNITS_OUTPUT"].getFeatures())
    assert got == pytest.approx(want)


def test_long_non_ascii_unit_ids_and_names_survive(lc_provider, tmp_path):
    long_name = "长宁路街道第一居民委员会·" * 80  # 1,040 characters
    rows = [[g, long_name + bid] for g, bid in sample_points("blocks", ["block_id"])]
    out = file_outputs(tmp_path)
    res = S.run(FC, base(UNITS=S.memory_layer("Polygon", [("名称", "string")], rows), UNIT_ID_FIELD="名称", **out))
    ids = {f["unit_id"] for f in QgsVectorLayer(res["UNITS_OUTPUT"], "u", "ogr").getFeatures()}
    assert ids == {uid for _, uid in rows} and all(len(uid) == 1044 for uid in ids)


def test_categories_from_keywords_are_listed_in_the_log(lc_provider):
    """Names mapped by a keyword (not a code or an exact type name) are counted per category and keyword; a name
    that only sounds like a category (养老保险) maps to none and is listed as unmapped."""
    src = QgsVectorLayer(S.sample_uri("facilities"), "f", "ogr")
    geoms = [f.geometry() for f in src.getFeatures()][:6]
    del src
    names = ["长宁区新泾镇综合为老服务中心", "华阳路街道日间照料中心", "天山公园", "Q03", "090100", "平安养老保险(长宁营业部)"]
    layer = S.memory_layer("Point", [("类型", "string")], list(zip(geoms, names)), name="设施")
    fb = S.recording_feedback()
    S.run(FC, base(FACILITIES=layer, CATEGORY_FIELD="类型"), feedback=fb)
    assert ("Layer '设施': 3 facilities got their category from a keyword in their '类型' value, not from a code or an "
            "exact type name — check them: Q05 2 (为老服务 ×1、日间照料 ×1); Q10 1 (公园 ×1)") in fb.warnings
    assert re.search(r"1 facilities have a '类型' value that maps to no checklist category.*平安养老保险", fb.text())


# -- project impact ---------------------------------------------------------------------------------------


def impact_base(**over):
    p = base(PROJECTS=S.sample_uri("projects"), STATUSES="谋划,前期,在建,完工,运营", PROJECTS_OUTPUT="memory:",
             FACILITIES_OUTPUT=None)
    p.update(over)
    return p


def test_impact_reads_statuses_years_and_categories_as_typed(lc_provider):
    """' 完工', '在建 ', '2026年', '２０２６', 'ｑ５' count like their plain spellings; a year or status that is none
    is listed by project id with what it holds, never dropped silently."""
    src = QgsVectorLayer(S.sample_uri("projects"), "p", "ogr")
    plain = [[f.geometry(), S.plain(f["project_id"]), S.plain(f["category"]), S.plain(f["status"]),
              str(S.plain(f["year"]))] for f in src.getFeatures()]
    del src
    fields = [("project_id", "string"), ("category", "string"), ("status", "string"), ("year", "string")]
    clean = S.run(PI, impact_base(PROJECTS=S.memory_layer("Point", fields, plain, name="项目"), YEAR=2026))
    typed = [list(r) for r in plain]
    for i, r in enumerate(typed):
        r[3] = [" " + r[3], r[3] + " ", r[3] + "\u3000"][i % 3]
        r[4] = [r[4] + "年", r[4].translate(str.maketrans("0123456789", "０１２３４５６７８９")), r[4]][i % 3]
        if r[2] == "Q05":
            r[2] = "ｑ５"
    fb = S.recording_feedback()
    res = S.run(PI, impact_base(PROJECTS=S.memory_layer("Point", fields, typed, name="项目"), YEAR=2026),
                feedback=fb)
    for key in ("PROJECTS_COUNTED", "NEWLY_COVERED", "UNITS_MEETING_TARGET_AFTER"):
        assert res[key] == clean[key], key
    assert clean["PROJECTS_COUNTED"] > 5
    typed[0][4], typed[1][3] = "明年", "施工中"
    fb = S.recording_feedback()
    S.run(PI, impact_base(PROJECTS=S.memory_layer("Point", fields, typed, name="项目"), YEAR=2026), feedback=fb)
    assert re.search(r"Layer '项目': 1 project\(s\) left out, with a year that is not a year in 'year': "
                     + re.escape(typed[0][1]) + r" \('明年'\)", fb.text()), fb.text()
    assert re.search(r"1 project\(s\) left out, with a status that is not one of .* in 'status': "
                     + re.escape(typed[1][1]) + r" \('施工中'\)", fb.text())


def test_impact_projects_with_unknown_category_duplicate_id_and_no_geometry(lc_provider):
    src = QgsVectorLayer(S.sample_uri("projects"), "p", "ogr")
    rows = [[f.geometry(), S.plain(f["project_id"]), S.plain(f["category"]), S.plain(f["status"]),
             S.plain(f["year"])] for f in src.getFeatures()]
    del src
    rows[0][2] = "不存在的类别"
    rows[1][0] = None
    rows[2][1] = rows[3][1]
    layer = S.memory_layer("Point", [("project_id", "string"), ("category", "string"), ("status", "string"),
                                     ("year", "int")], rows, name="项目")
    fb = S.recording_feedback()
    res = S.run(PI, impact_base(PROJECTS=layer), feedback=fb)
    selected = [r for r in rows if r[3] in "谋划,前期,在建,完工,运营".split(",")]  # the sample has one 取消
    assert len(selected) == len(rows) - 1
    assert res["PROJECTS_COUNTED"] == len(selected) - 2
    assert re.search(r"2 selected project\(s\) cannot be counted \(no category or location\): .*"
                     + re.escape(rows[0][1]), fb.text())
    out = {(S.plain(f["project_id"]), S.plain(f["lc_order"])): f for f in res["PROJECTS_OUTPUT"].getFeatures()}
    assert len(out) == len(selected)  # every selected project is written, duplicate ids included
    not_counted = sorted(pid for (pid, _), f in out.items() if not f["counted"])
    assert not_counted == sorted([rows[0][1], rows[1][1]])


def test_impact_residents_on_one_street_without_units(lc_provider):
    """The same whole area for project impact: two residents on one straight street, no units, memory outputs —
    one unit without geometry (the residents' hull is a line) holding all 30 residents."""
    layer = S.memory_layer("Point", [("population", "int")], [("POINT(633400 3454000)", 10),
                                                              ("POINT(633500 3454000)", 20)])
    res = S.run(PI, impact_base(RESIDENTS=layer))
    units = list(res["UNITS_OUTPUT"].getFeatures())
    assert len(units) == 1 and units[0]["population"] == 30.0
    assert not units[0].hasGeometry()


def test_impact_nothing_selected(lc_provider, tmp_path):
    fails(tmp_path, impact_base(YEAR=2031),
          r"Layer 'sample_district › projects': no project of year 2031 with status .* — nothing to assess",
          alg=PI, names=("UNITS_OUTPUT", "PROJECTS_OUTPUT", "RESIDENTS_OUTPUT"))


def test_impact_missing_project_field(lc_provider, tmp_path):
    fails(tmp_path, impact_base(PROJECT_CATEGORY_FIELD="类别"),
          r"Layer 'sample_district › projects' has no field '类别'", alg=PI,
          names=("UNITS_OUTPUT", "PROJECTS_OUTPUT", "RESIDENTS_OUTPUT"))


# -- compare coverage -------------------------------------------------------------------------------------


def units_output(rows, name="units"):
    """A layer shaped like facility coverage's units output: unit_id, c_Q01…c_M10, q_met, m_met."""
    fields = [("unit_id", "string")] + [(f"c_{c}", "double") for c in S.CODES] + [("q_met", "int"),
                                                                                   ("m_met", "int")]
    square = "POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"
    return S.memory_layer("Polygon", fields, [[square, uid] + list(shares) + [q, m] for uid, shares, q, m in rows],
                          name=name)


def test_compare_needs_coverage_outputs(lc_provider, tmp_path):
    fails(tmp_path, {"BEFORE": S.sample_uri("blocks"), "AFTER": S.sample_uri("blocks"), "UNIT_ID_FIELD": "block_id"},
          r"Layer 'sample_district › blocks' is not a units output of 'Facility coverage'", alg=CO,
          names=("OUTPUT", "TABLE"))


@pytest.mark.parametrize("ids, pattern", [
    (["U1", "U1"], r"Layer 'before': unit id 'U1' appears twice"),
    (["U1", None], r"Layer 'before': feature 2 has no unit id"),
])
def test_compare_duplicate_or_missing_unit_ids(lc_provider, tmp_path, ids, pattern):
    before = units_output([(uid, [50.0] * 20, 3, 2) for uid in ids], name="before")
    after = units_output([("U1", [60.0] * 20, 4, 2)], name="after")
    fails(tmp_path, {"BEFORE": before, "AFTER": after}, pattern, alg=CO, names=("OUTPUT", "TABLE"))


def test_compare_units_in_one_layer_only_and_null_shares(lc_provider):
    before = units_output([("U1", [50.0] * 20, 3, 2), ("旧单元", [10.0] * 20, 0, 0)], name="before")
    shares = [None] + [80.0] * 19
    after = units_output([("U1", shares, 5, 2), ("新单元", [90.0] * 20, 10, 10)], name="after")
    fb = S.recording_feedback()
    res = S.run(CO, {"BEFORE": before, "AFTER": after, "OUTPUT": "memory:", "TABLE": "memory:"}, feedback=fb)
    assert "Units only in 'before': 旧单元" in fb.text() and "Units only in 'after': 新单元" in fb.text()
    rows = {f["unit_id"]: f for f in res["OUTPUT"].getFeatures()}
    assert S.plain(rows["U1"]["dc_Q01"]) is None and rows["U1"]["dc_Q02"] == pytest.approx(30.0)
    assert rows["U1"]["dq_met"] == 2 and rows["U1"]["change"] == "新增达标 gained"
    assert S.plain(rows["新单元"]["dq_met"]) is None and rows["新单元"]["change"] == "无对比 no comparison"
    assert (res["UNITS_GAINED"], res["UNITS_LOST"]) == (1, 0)
