"""The gated-compound inputs (COMPOUNDS, GATES and their options), under the same names in every algorithm that
joins points to a walking network; read once per run into a :class:`core.compounds.GatedCompounds`."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateTransform,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .base import _param, tr
from .help_text import shared_help_source
from .facility_coverage import COORDINATE_CHOICES
from ..lifecircle_plugin.messages import tr_msg

COMPOUNDS = "COMPOUNDS"
COMPOUND_NAME_FIELD = "COMPOUND_NAME_FIELD"
COMPOUND_OPEN_FIELD = "COMPOUND_OPEN_FIELD"
COMPOUND_TYPE_FIELD = "COMPOUND_TYPE_FIELD"
GATES = "GATES"
GATE_TYPE_FIELD = "GATE_TYPE_FIELD"
GATE_PEDESTRIAN_FIELD = "GATE_PEDESTRIAN_FIELD"
GATE_HOURS_FIELD = "GATE_HOURS_FIELD"
AT_HOUR = "AT_HOUR"
GATE_DETOUR = "GATE_DETOUR"
NO_GATE = "NO_GATE"
COMPOUND_COORDINATES = "COMPOUND_COORDINATES"
NO_GATE_LABELS = ("Join the nearest street (listed in the log)", "Stop the run")

#: the paragraph the algorithms with these inputs add to their description (resources/help/help_text.json, "shared")
COMPOUNDS_HELP = shared_help_source("compounds")

#: the open field's own words for "open (not gated)", on top of the one yes/no vocabulary (typed.YES_WORDS)
OPEN_WORDS = {"open", "开放", "开放式", "不封闭", "非封闭"}
#: values of the pedestrian field, besides a plain no (the walkable flag's rule), that say a gate is for vehicles only
VEHICLES_ONLY = {"车行", "车行出入口", "仅车行", "vehicle", "vehicles"}


def add_compound_parameters(alg) -> None:
    """COMPOUNDS, GATES and their options (all optional: without COMPOUNDS every point joins its nearest street)."""
    alg.addParameter(_param(QgsProcessingParameterFeatureSource(
        COMPOUNDS, tr("Gated compounds 封闭小区 (polygons)"), [QgsProcessing.SourceType.TypeVectorPolygon],
        optional=True),
        "Residential compounds with walls and gates. A point inside one reaches the network only through its "
        "gates (the best gate for each destination); two points inside one walk straight to each other."))
    alg.addParameter(_param(QgsProcessingParameterField(
        COMPOUND_NAME_FIELD, tr("Compound name field"), parentLayerParameterName=COMPOUNDS, optional=True),
        "Names the compounds in the log (feature ids otherwise)."))
    alg.addParameter(_param(QgsProcessingParameterField(
        COMPOUND_OPEN_FIELD, tr("Open (not gated) flag field"), parentLayerParameterName=COMPOUNDS, optional=True),
        "Compounds with 1/true/yes/是/开放 here are open: their points join the nearest street.", advanced=True))
    alg.addParameter(_param(QgsProcessingParameterField(
        COMPOUND_TYPE_FIELD, tr("Compound type field (AMap/OSM)"), parentLayerParameterName=COMPOUNDS,
        optional=True),
        "With an AMap AOI or OSM export: only features whose type is a residential compound (AMap 120300–120303 "
        "住宅区/别墅/住宅小区/宿舍, OSM landuse=residential) are used — resources/mappings/compounds.csv.",
        advanced=True))
    alg.addParameter(_param(QgsProcessingParameterFeatureSource(
        GATES, tr("Compound gates 出入口 (points)"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True),
        "The gates residents use. A gate belongs to the compound whose edge is nearest within 20 m. Gates near "
        "no compound, or farther than the snap tolerance from every street, are listed and not used."))
    alg.addParameter(_param(QgsProcessingParameterField(
        GATE_TYPE_FIELD, tr("Gate type field (AMap/OSM)"), parentLayerParameterName=GATES, optional=True),
        "With an AMap POI or OSM export: only gate POIs are used (AMap 991400/991401 临街院门, OSM barrier=gate, "
        "entrance=*).", advanced=True))
    alg.addParameter(_param(QgsProcessingParameterField(
        GATE_PEDESTRIAN_FIELD, tr("Gate pedestrian flag field"), parentLayerParameterName=GATES, optional=True),
        "Gates with 0/false/no/否/车行 here are not for pedestrians and are left out; empty values are kept.",
        advanced=True))
    alg.addParameter(_param(QgsProcessingParameterField(
        GATE_HOURS_FIELD, tr("Gate opening hours field"), parentLayerParameterName=GATES, optional=True),
        "Opening hours such as 06:00-22:00, 6点至22点, 22:00-06:00 (over midnight), 24/7, 全天 or 关闭; empty: "
        "always open. Used with 'Check access at'."))
    alg.addParameter(_param(QgsProcessingParameterString(
        AT_HOUR, tr("Check access at (hh:mm, night mode)"), optional=True),
        "E.g. 22:00: gates closed at that hour are left out, so residents walk round to a gate still open (a "
        "night check of access to emergency facilities). Empty: every gate counts."))
    alg.addParameter(_param(QgsProcessingParameterNumber(
        GATE_DETOUR, tr("Detour factor inside compounds"), QgsProcessingParameterNumber.Type.Double, 1.0,
        minValue=1.0, maxValue=3.0),
        "The walk from a point to a gate is the straight line times this. 1.0 (default) is an interpretation, not "
        "a standard: set a measured factor (e.g. 1.2–1.4 for winding estate paths) where you have one.",
        advanced=True))
    alg.addParameter(_param(QgsProcessingParameterEnum(
        NO_GATE, tr("Points in a compound without a usable gate"), [tr(t) for t in NO_GATE_LABELS], defaultValue=0),
        "A compound with no gate mapped (or none within the snap tolerance of a street): its points join the "
        "nearest street through the wall, listed by compound in the log — or the run stops and lists them.",
        advanced=True))
    alg.addParameter(_param(QgsProcessingParameterEnum(
        COMPOUND_COORDINATES, tr("Compound and gate coordinates are in"), [tr(t) for _, t in COORDINATE_CHOICES],
        defaultValue=0),
        "AMap exports are in GCJ-02 and Baidu's in BD-09: they are converted to WGS 84 on the way in (the layers "
        "must then be in longitude/latitude).", advanced=True))


def say_compounds_unused(parameters, feedback, instead: str) -> None:
    """A run without a network cannot walk through gates: says so when COMPOUNDS was given (``instead``: what the
    distances are)."""
    if parameters.get(COMPOUNDS) not in (None, ""):
        feedback.pushWarning(tr("COMPOUNDS is not used: without a walking NETWORK the distances are {}, so there are "
                                "no gates to walk through.").format(instead))


def has_compound_parameters(alg) -> bool:
    return alg.parameterDefinition(COMPOUNDS) is not None


def read_gated_compounds(alg, parameters, context, feedback, crs):
    """The run's :class:`GatedCompounds` (None without COMPOUNDS), its checks reported in the log."""
    import numpy as np

    from ..lifecircle_plugin.core import gate_hours
    from ..lifecircle_plugin.core.compounds import NO_GATE_POLICIES, GatedCompounds, type_roles
    from ..lifecircle_plugin.core.errors import LifeCircleError
    from ..lifecircle_plugin.core.network import flag_is_false

    if parameters.get(COMPOUNDS) in (None, ""):
        if parameters.get(GATES) not in (None, ""):
            feedback.pushWarning(tr("GATES is given without COMPOUNDS: gates are used only with the compounds they "
                                    "belong to, so every point joins its nearest street."))
        return None
    s = {k: alg.parameterAsString(parameters, k, context) or "" for k in (
        COMPOUND_NAME_FIELD, COMPOUND_OPEN_FIELD, COMPOUND_TYPE_FIELD, GATE_TYPE_FIELD, GATE_PEDESTRIAN_FIELD,
        GATE_HOURS_FIELD, AT_HOUR)}
    coords = COORDINATE_CHOICES[alg.parameterAsEnum(parameters, COMPOUND_COORDINATES, context)][0]
    comp = _read_layer(alg, parameters, COMPOUNDS, tr("compounds"), context, feedback, crs, coords,
                       [s[COMPOUND_NAME_FIELD], s[COMPOUND_OPEN_FIELD], s[COMPOUND_TYPE_FIELD]])
    if parameters.get(GATES) not in (None, ""):
        gates = _read_layer(alg, parameters, GATES, tr("gates"), context, feedback, crs, coords,
                            [s[GATE_TYPE_FIELD], s[GATE_PEDESTRIAN_FIELD], s[GATE_HOURS_FIELD]])
    else:
        gates = {"name": "", "geoms": [], "fids": [], "attrs": {}}
        feedback.pushWarning(tr("COMPOUNDS is given without GATES: no compound has a gate."))
    keep_c = _of_role(comp, s[COMPOUND_TYPE_FIELD], "COMPOUND", type_roles, feedback)
    keep_g = _of_role(gates, s[GATE_TYPE_FIELD], "GATE", type_roles, feedback)
    names = comp["attrs"].get(s[COMPOUND_NAME_FIELD]) if s[COMPOUND_NAME_FIELD] else None
    labels = [f"{names[i]} (id {fid})" if names and names[i] not in (None, "") else f"id {fid}"
              for i, fid in enumerate(comp["fids"])]
    polys = [g if g is not None and g.geom_type in ("Polygon", "MultiPolygon") else None for g in comp["geoms"]]
    is_open = np.array([_is_open(v) for v in comp["attrs"].get(s[COMPOUND_OPEN_FIELD], [None] * len(polys))], bool)
    gate_xy = np.array([(g.x, g.y) if g is not None and not g.is_empty else (np.nan, np.nan)
                        for g in (_point_of(g) for g in gates["geoms"])], float).reshape(-1, 2)
    gate_labels = [f"id {fid}" for fid in gates["fids"]]
    walkable = np.array([not (flag_is_false(v) or _word(v) in VEHICLES_ONLY)
                         for v in gates["attrs"].get(s[GATE_PEDESTRIAN_FIELD], [None] * len(gate_xy))], bool)
    hour = _hour(s[AT_HOUR])
    open_now = np.ones(len(gate_xy), bool)
    if hour is not None and s[GATE_HOURS_FIELD]:
        bad = []
        for i, v in enumerate(gates["attrs"][s[GATE_HOURS_FIELD]]):
            try:
                open_now[i] = gate_hours.is_open_at(gate_hours.open_ranges(v), hour)
            except ValueError:
                bad.append(f"{gate_labels[i]}: {v}")
        if bad:
            raise QgsProcessingException(tr(
                "Layer '{}', field '{}': opening hours that cannot be read ({}). Write them like 06:00-22:00, "
                "22:00-06:00, 24/7 or 关闭.").format(gates["name"], s[GATE_HOURS_FIELD], "; ".join(bad[:15])))
    elif hour is not None:
        feedback.pushWarning(tr("'Check access at' {} is set but GATE_HOURS_FIELD is not: every gate counts as "
                                "open.").format(s[AT_HOUR]))
    say = {"info": feedback.pushInfo, "warning": feedback.pushWarning}
    try:
        gated = GatedCompounds(
            [polys[i] for i in keep_c], [labels[i] for i in keep_c], gate_xy[keep_g],
            [gate_labels[i] for i in keep_g], is_open=is_open[keep_c], gate_walkable=walkable[keep_g],
            gate_open=open_now[keep_g], detour=alg.parameterAsDouble(parameters, GATE_DETOUR, context),
            no_gate=NO_GATE_POLICIES[alg.parameterAsEnum(parameters, NO_GATE, context)],
            hour_label=s[AT_HOUR] if hour is not None else "",
            report=lambda kind, m: say[kind](tr_msg(m)))
    except LifeCircleError as exc:
        raise QgsProcessingException(tr_msg(exc.args[0])) from None
    gated.report_checks()
    return gated


def _read_layer(alg, parameters, name, label, context, feedback, crs, coords, fields):
    """Geometries (shapely, working CRS) of one layer, GCJ-02/BD-09 converted first; attributes of ``fields``."""
    from ..lifecircle_plugin.qgis_bridge import qgs_to_shapely, read_source, shapely_to_qgs

    source, layer = alg.source_or_fail(parameters, name, context, label)
    fields = [f for f in fields if f]
    if coords == "WGS84":
        data = read_source(source, layer, crs, context, feedback, fields=fields)
        return {"name": layer, "geoms": data.geometries, "fids": data.fids, "attrs": data.attributes}
    if not source.sourceCrs().isGeographic():
        raise QgsProcessingException(tr(
            "Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: GCJ-02/BD-09 offsets apply "
            "to longitude/latitude. Give the layer in its original lon/lat CRS (EPSG:4326).").format(
            layer, source.sourceCrs().authid(), coords))
    data = read_source(source, layer, source.sourceCrs(), context, feedback, fields=fields)
    to_work = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
    geoms = []
    for g in data.geometries:
        if g is None or g.is_empty:
            geoms.append(None)
            continue
        q = shapely_to_qgs(_shifted(g, coords))
        q.transform(to_work)
        geoms.append(qgs_to_shapely(q))
    feedback.pushInfo(tr("Layer '{}': coordinates converted from {} to WGS 84.").format(layer, coords))
    return {"name": layer, "geoms": geoms, "fids": data.fids, "attrs": data.attributes}


def _shifted(geom, coords):
    """``geom`` (lon/lat) with every vertex converted from GCJ-02/BD-09 to WGS 84."""
    import numpy as np
    from shapely.ops import transform

    from ..lifecircle_plugin.core.coords import convert_coordinates

    def convert(x, y, z=None):
        c = convert_coordinates(np.asarray(x, float), np.asarray(y, float), coords, "WGS84")
        return c.lon, c.lat

    return transform(convert, geom)


def _of_role(layer, type_field, role, type_roles, feedback) -> list:
    """Indices of the features to use: all, or (with a type field) those whose type maps to ``role``."""
    n = len(layer["fids"])
    if not type_field:
        return list(range(n))
    roles = type_roles(layer["attrs"][type_field])
    keep = [i for i in range(n) if roles[i] == role]
    feedback.pushInfo(tr("Layer '{}': {} of {} feature(s) are {} by their '{}' type.").format(
        layer["name"], len(keep), n, tr("compounds") if role == "COMPOUND" else tr("gates"), type_field))
    return keep


def _point_of(g):
    if g is None or g.is_empty:
        return None
    return g if g.geom_type == "Point" else g.representative_point()


def _word(value) -> str:
    from ..lifecircle_plugin.core.typed import word_key

    return word_key(value) if value is not None else ""


def _is_open(value) -> bool:
    """A compound's open mark: a yes of the one yes/no vocabulary, or one of OPEN_WORDS."""
    from ..lifecircle_plugin.core.typed import is_yes

    return is_yes(value, OPEN_WORDS)


def _hour(text: str):
    from ..lifecircle_plugin.core.gate_hours import parse_hour

    try:
        return parse_hour(text)
    except ValueError:
        raise QgsProcessingException(tr("'Check access at' must be an hour of the day like 22:00 (got '{}').")
                                     .format(text)) from None
