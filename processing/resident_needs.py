"""lifecircle:residentneeds — 问需求计 as data: what residents asked for, by category and unit, and the gaps that are
both measured and asked for."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from .base import LifeCircleAlgorithm, _param, listed, number_or_null as _num, profile_from_parameters, tr
from .facility_coverage import COORDINATE_CHOICES
from .styles import load_with_style
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field



#: the fields the needs output writes (an input that has them — an earlier needs output — gets them replaced)
OUTPUT_FIELDS = ("lc_text", "lc_codes", "lc_names", "lc_phrase", "lc_weight", "lc_mapped", "unit_id")


class ResidentNeedsAlgorithm(LifeCircleAlgorithm):
    NAME = "residentneeds"
    DISPLAY = "Residents' needs (问需求计)"
    GROUP = "people"
    REQUIRES = ("numpy", "shapely")

    NEEDS = "NEEDS"
    TEXT_FIELD = "TEXT_FIELD"
    WEIGHT_FIELD = "WEIGHT_FIELD"
    LON_FIELD = "LON_FIELD"
    LAT_FIELD = "LAT_FIELD"
    SOURCE_COORDINATES = "SOURCE_COORDINATES"
    VOCABULARY = "VOCABULARY"
    UNITS = "UNITS"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    UNIT_POPULATION_FIELD = "UNIT_POPULATION_FIELD"
    TARGET = "TARGET"
    PROFILE = "PROFILE"
    PROFILE_FILE = "PROFILE_FILE"
    OUTPUT = "OUTPUT"
    SUMMARY = "SUMMARY"

    def initAlgorithm(self, config=None):  # noqa: N802
        from ..lifecircle_plugin.core.checklist import bundled_profiles

        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.NEEDS, tr("Residents' needs"), [QgsProcessing.SourceType.TypeVector]),
            "Points (survey answers, hotline cases, reports) or a table with longitude/latitude fields."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.TEXT_FIELD, tr("Need text or code field"), parentLayerParameterName=self.NEEDS, defaultValue="text"),
            "What was asked for, in the residents' words (缺菜场, 没有养老院 …) or as checklist codes."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.WEIGHT_FIELD, tr("Votes / weight field"), parentLayerParameterName=self.NEEDS, optional=True,
            type=QgsProcessingParameterField.DataType.Any), "How many residents a need stands for (empty: 1)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.LON_FIELD, tr("Longitude field (tables without geometry)"), parentLayerParameterName=self.NEEDS,
            optional=True, type=QgsProcessingParameterField.DataType.Any), "", advanced=True))
        self.addParameter(_param(QgsProcessingParameterField(
            self.LAT_FIELD, tr("Latitude field (tables without geometry)"), parentLayerParameterName=self.NEEDS,
            optional=True, type=QgsProcessingParameterField.DataType.Any), "", advanced=True))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.SOURCE_COORDINATES, tr("Coordinates are in"), [tr(label) for _, label in COORDINATE_CHOICES],
            defaultValue=0), "AMap/Tencent give GCJ-02 and Baidu BD-09: converted to WGS 84 on the way in (the "
            "layer must then be in longitude/latitude)."))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.VOCABULARY, tr("Your own needs vocabulary (CSV)"), extension="csv", optional=True),
            "Rows (pattern, code, note) added to or replacing the bundled ones; code '-' marks what is not a need.",
            advanced=True))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.UNITS, tr("Life-circle units"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            "Units to count the needs in: the units output of 'Facility coverage' also ranks the gaps."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.UNIT_ID_FIELD, tr("Unit id field"), parentLayerParameterName=self.UNITS, optional=True,
            defaultValue="unit_id"), "Field naming each unit (default: the feature id)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.UNIT_POPULATION_FIELD, tr("Unit population field"), parentLayerParameterName=self.UNITS,
            optional=True, defaultValue="population", type=QgsProcessingParameterField.DataType.Any),
            "Residents of each unit, for the rate per 1,000 residents."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.TARGET, tr("Target share of residents covered (%)"), QgsProcessingParameterNumber.Type.Double, 85.0,
            minValue=0.1, maxValue=100.0), "A category is a measured gap in a unit below this share (Shanghai: "
            "85 % by 2025)."))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.PROFILE, tr("Checklist profile"), [label for _, label in bundled_profiles()], defaultValue=0),
            "The categories needs are mapped to.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.PROFILE_FILE, tr("Your own profile (CSV, overrides the choice above)"), extension="csv",
            optional=True), "A copy of a bundled profile CSV, edited.", advanced=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Needs with categories"), QgsProcessing.SourceType.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.SUMMARY, tr("Needs by unit and category (table)"), QgsProcessing.SourceType.TypeVector,
            optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber("NEEDS_MAPPED", tr("Needs mapped to a category")))
        self.addOutput(QgsProcessingOutputNumber("NEEDS_UNMAPPED", tr("Needs that map to no category")))

    # ------------------------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core import needs as N
        from ..lifecircle_plugin.core.checklist import load_mapping

        profile = profile_from_parameters(self, parameters, context, self.PROFILE, self.PROFILE_FILE)
        src, name = self.source_or_fail(parameters, self.NEEDS, context, tr("needs"))
        if src.featureCount() == 0:
            raise QgsProcessingException(tr("Layer '{}' is empty.").format(name))
        text_field = self.parameterAsString(parameters, self.TEXT_FIELD, context)
        weight_field = self.parameterAsString(parameters, self.WEIGHT_FIELD, context)
        features = list(src.getFeatures())
        texts = [_value(f, text_field) for f in features]
        fids = [f.id() for f in features]
        weights = (N.clean_weights([_value(f, weight_field) for f in features], fids, name, weight_field)
                   if weight_field else np.ones(len(features)))
        mapper = N.load_needs_mapper(profile.codes, self.parameterAsFile(parameters, self.VOCABULARY, context) or None,
                                     load_mapping("auto", valid_codes=set(profile.codes)))
        codes, phrases, unmapped = mapper.map_texts(texts)
        feedback.setProgress(30)
        points, crs = self._locations(parameters, context, src, name, features, feedback)
        mapped = sum(1 for c in codes if c)
        self._log(name, codes, weights, unmapped, profile, feedback)
        empty = [fids[i] for i, t in enumerate(texts) if not str(t or "").strip()]
        if empty:
            feedback.reportError(tr("Layer '{}': {} need(s) have no text in field '{}' (feature ids {}): kept, with no "
                                    "category.").format(name, len(empty), text_field, listed(empty)), False)
        feedback.setProgress(50)
        units = self._units(parameters, context, crs, points, feedback)
        replaced = [f.name() for f in src.fields() if f.name().lower() in OUTPUT_FIELDS]
        if replaced:
            feedback.pushInfo(tr("Layer '{}' is an earlier needs output: its fields {} are replaced by this run's.")
                              .format(name, ", ".join(replaced)))
        out = self._write_needs(parameters, context, src, features, points, crs, texts, codes, phrases, weights,
                                units, profile)
        if parameters.get(self.SUMMARY) not in (None, ""):
            if units is None:  # the whole area as one unit
                feedback.pushInfo(tr("No units: the needs are counted for the whole area."))
                units = {"name": "", "ids": [tr("whole area")], "unit": np.zeros(len(features), dtype=np.int64),
                         "population": None, "shares": {}}
            out.update(self._write_summary(parameters, context, codes, weights, units, profile, feedback))
        out.update(NEEDS_MAPPED=mapped, NEEDS_UNMAPPED=len(codes) - mapped)
        return out

    def _log(self, name, codes, weights, unmapped, profile, feedback):
        from ..lifecircle_plugin.core.needs import needs_by_category

        by_code, votes = needs_by_category(codes, weights)
        feedback.pushInfo(tr("Needs by category: {}").format("; ".join(
            f"{c} {profile.category(c).name_zh} {by_code[c]} ({votes[c]:g})" for c in profile.codes if by_code[c])
            or "—"))
        if unmapped:
            feedback.reportError(tr("Layer '{}': {} need(s) map to no category (add their words to a needs "
                                    "vocabulary if they are facility needs): {}").format(
                name, sum(unmapped.values()), "; ".join(f"{t} ({n})" for t, n in unmapped.most_common(30))), False)

    def _locations(self, parameters, context, src, name, features, feedback):
        """Each need's location as a QgsPointXY (None without one) and their CRS: the layer's, or WGS 84 when
        converted from GCJ-02/BD-09 or given by longitude/latitude fields."""
        import numpy as np

        from ..lifecircle_plugin.core.coords import convert_coordinates
        from ..lifecircle_plugin.core.needs import lon_lat_of

        lon_field = self.parameterAsString(parameters, self.LON_FIELD, context)
        lat_field = self.parameterAsString(parameters, self.LAT_FIELD, context)
        source = COORDINATE_CHOICES[self.parameterAsEnum(parameters, self.SOURCE_COORDINATES, context)][0]
        wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
        if bool(lon_field) != bool(lat_field):
            raise QgsProcessingException(tr("Give both the longitude and the latitude field, or neither."))
        if lon_field:
            crs = wgs84
            xy, bad = lon_lat_of([_value(f, lon_field) for f in features], [_value(f, lat_field) for f in features])
            bad = [features[i].id() for i in bad]
            if bad:
                feedback.reportError(tr("Layer '{}': {} need(s) without a usable longitude/latitude (feature ids {}) "
                                        "are kept without a location.").format(name, len(bad), listed(bad)), False)
        else:
            if QgsWkbTypes.geometryType(src.wkbType()) != QgsWkbTypes.GeometryType.PointGeometry:
                raise QgsProcessingException(tr(
                    "Layer '{}' has no point geometry: give the longitude and latitude fields of the table.")
                    .format(name))
            crs = src.sourceCrs()
            xy = [((p.x(), p.y()) if (p := _point(f)) is not None else (np.nan, np.nan)) for f in features]
        xy = np.array(xy, dtype=float).reshape(-1, 2)
        if source != "WGS84":
            if not crs.isGeographic():
                raise QgsProcessingException(tr(
                    "Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: GCJ-02/BD-09 "
                    "offsets apply to longitude/latitude.").format(name, crs.authid(), source))
            if crs != wgs84:
                t = QgsCoordinateTransform(crs, wgs84, context.transformContext())
                xy = np.array([(p.x(), p.y()) for p in (t.transform(QgsPointXY(*v)) if np.isfinite(v).all()
                                                         else QgsPointXY(np.nan, np.nan) for v in xy)])
                crs = wgs84
            conv = convert_coordinates(xy[:, 0], xy[:, 1], source, "WGS84")
            xy = np.column_stack([conv.lon, conv.lat])
            feedback.pushInfo(tr("Layer '{}': coordinates converted from {} to WGS 84.").format(name, source))
        points = [QgsPointXY(float(x), float(y)) if np.isfinite(x) and np.isfinite(y) else None for x, y in xy]
        return points, crs

    def _units(self, parameters, context, crs, points, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.coverage import clean_population
        from ..lifecircle_plugin.core.feature_ids import ids_or_fids
        from ..lifecircle_plugin.core.geometry import check_polygons, points_in_polygons
        from ..lifecircle_plugin.core.impact import coverage_codes
        from ..lifecircle_plugin.qgis_bridge import read_source

        if parameters.get(self.UNITS) in (None, ""):
            return None
        src, name = self.source_or_fail(parameters, self.UNITS, context, tr("units"))
        id_field = self.parameterAsString(parameters, self.UNIT_ID_FIELD, context)
        pop_field = self.parameterAsString(parameters, self.UNIT_POPULATION_FIELD, context)
        names = src.fields().names()
        id_field = id_field if id_field in names else ""
        pop_field = pop_field if pop_field in names else ""
        share_fields = [f"c_{c}" for c in coverage_codes(names)]
        data = read_source(src, name, src.sourceCrs(), context, feedback,
                           fields=[f for f in [id_field, pop_field, *share_fields] if f])
        polygons = check_polygons(data.geometries, data.fids, name)
        ids = ids_or_fids(data.attributes[id_field] if id_field else None, data.fids)
        to_units = QgsCoordinateTransform(crs, src.sourceCrs(), context.transformContext())
        xy = np.array([(q.x(), q.y()) if p is not None else (np.nan, np.nan) for p in points
                       for q in [to_units.transform(p) if p is not None else None]], dtype=float).reshape(-1, 2)
        population = (clean_population(data.attributes[pop_field], data.fids, name, pop_field) if pop_field
                      else None)
        shares = {f[2:]: np.array([np.nan if v is None else float(v) / 100.0 for v in data.attributes[f]])
                  for f in share_fields}
        if not pop_field:
            feedback.pushInfo(tr("Layer '{}' has no population field: needs are not counted per 1,000 residents.")
                              .format(name))
        return {"name": name, "ids": ids, "unit": points_in_polygons(xy, polygons), "population": population,
                "shares": shares}

    def _write_needs(self, parameters, context, src, features, points, crs, texts, codes, phrases, weights, units,
                     profile):
        from qgis.core import QgsFeature, QgsFeatureSink

        # a rerun on an earlier needs output: its lc_* and unit_id fields are replaced, not kept beside (the other
        # algorithms read lc_codes: an old value left there would be used silently)
        keep = [i for i, f in enumerate(src.fields()) if f.name().lower() not in OUTPUT_FIELDS]
        fields = QgsFields()
        for i in keep:
            fields.append(src.fields().at(i))
        extra = QgsFields()
        for name, kind, alias in (("lc_text", STRING, "诉求原文"), ("lc_codes", STRING, "需求类别"),
                                  ("lc_names", STRING, "需求类别名称"),
                                  ("lc_phrase", STRING, "识别依据"), ("lc_weight", DOUBLE, "权重"),
                                  ("lc_mapped", BOOL, "已识别"), ("unit_id", STRING, "单元")):
            f = make_field(name, kind)
            f.setAlias(alias)
            extra.append(f)
        fields = QgsProcessingUtils.combineFields(fields, extra)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for i, feat in enumerate(features):
            if i % 1000 == 0:
                self.check_cancel()
            out = QgsFeature(fields)
            if points[i] is not None:
                out.setGeometry(QgsGeometry.fromPointXY(points[i]))
            u = int(units["unit"][i]) if units is not None else -1
            attrs = feat.attributes()
            out.setAttributes([attrs[k] for k in keep] + [
                None if texts[i] is None else str(texts[i]), ";".join(codes[i]) or None,
                "、".join(profile.category(c).name_zh for c in codes[i]) or None,
                phrases[i] or None, float(weights[i]), bool(codes[i]), units["ids"][u] if u >= 0 else None])
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
        load_with_style(context, dest, "needs_points")
        return {self.OUTPUT: dest}

    def _write_summary(self, parameters, context, codes, weights, units, profile, feedback):
        import numpy as np
        from qgis.core import QgsFeature, QgsFeatureSink

        from ..lifecircle_plugin.core.needs import needs_by_unit

        target = self.parameterAsDouble(parameters, self.TARGET, context) / 100.0
        cats = list(profile.codes)
        share = None
        if units["shares"]:
            share = np.column_stack([units["shares"].get(c, np.full(len(units["ids"]), np.nan)) for c in cats])
        r = needs_by_unit(units["unit"], codes, weights, cats, len(units["ids"]), units["population"], share, target)
        fields = QgsFields()
        for name, kind in (("unit_id", STRING), ("code", STRING), ("name", STRING), ("needs", INT),
                           ("weighted", DOUBLE), ("per_1000", DOUBLE), ("share", DOUBLE), ("below_target", BOOL),
                           ("gap_rank", INT)):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.SUMMARY, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            return {}
        for u, uid in enumerate(units["ids"]):
            for j, c in enumerate(cats):
                if not r.count[u, j]:
                    continue
                f = QgsFeature(fields)
                below = None if r.below_target is None else bool(r.below_target[u, j])
                f.setAttributes([uid, c, profile.category(c).name_zh, int(r.count[u, j]), float(r.weighted[u, j]),
                                 _num(r.per_1000[u, j], 2), _num(100 * share[u, j], 1) if share is not None else None,
                                 below, int(r.gap_rank[u, j]) or None])
                sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        gaps = r.gaps()
        if share is None:
            feedback.pushInfo(tr("The units carry no coverage shares (c_Q01…): use the units output of 'Facility "
                                 "coverage' to rank the gaps residents asked for."))
        elif gaps:
            feedback.pushInfo(tr("Gaps both measured (below {:.0%}) and asked for, most asked first:").format(target))
            for u, j in gaps[:15]:
                feedback.pushInfo(tr("  {}. {} {} {} — {:.1f} % covered, {:g} asked ({} per 1,000 residents)").format(
                    int(r.gap_rank[u, j]), units["ids"][u], cats[j], profile.category(cats[j]).name_zh,
                    100 * share[u, j], r.weighted[u, j], "—" if _num(r.per_1000[u, j], 1) is None
                    else _num(r.per_1000[u, j], 1)))
        else:
            feedback.pushInfo(tr("No category is both below the target and asked for."))
        return {self.SUMMARY: dest}


def _value(feature, field_name: str):
    from ..lifecircle_plugin.qgis_bridge import plain_value

    return plain_value(feature[field_name]) if field_name else None


def _point(feature):
    g = feature.geometry()
    if g is None or g.isNull() or g.isEmpty():
        return None
    return g.asPoint() if not g.isMultipart() else g.pointOnSurface().asPoint()
