"""lifecircle:potentialspace — 找空间: parcels that could take the missing facilities, scored and explained."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from .base import (
    SNAP_TOLERANCE,
    LifeCircleAlgorithm,
    _param,
    NEEDS,
    add_needs_parameters,
    add_network_parameters,
    check_profile_parameters,
    profile_from_parameters,
    read_needs,
    read_network,
    resident_groups,
    tr,
    number_or_null as _num,
    listed as _listed,
)
from .styles import load_with_style
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field
from ..lifecircle_plugin.messages import plain_values

#: parcel attributes the rules read: (parameter, default field name, what it is)
PARCEL_FIELDS = (
    ("LAND_USE_FIELD", "land_use", "land use"),
    ("STATUS_FIELD", "status", "status"),
    ("FAR_FIELD", "far", "FAR"),
    ("BUILDING_YEAR_FIELD", "building_year", "building year"),
    ("OWNERSHIP_FIELD", "ownership", "ownership"),
    ("AREA_FIELD", "area_m2", "area"),
    ("REMARK_FIELD", "remark", "remark"),
)
PARCEL_FIELD_HELP = {
    "LAND_USE_FIELD": "Land use: class names (居住, 商业, 工业, 仓储, 教育, 机关, 绿地, 交通, 空地), GB 50137 "
                      "or 用地用海分类 codes, or text labels.",
    "STATUS_FIELD": "Use status: idle / vacant / in_use (or 闲置 / 空置 / 使用中).",
    "FAR_FIELD": "Floor area ratio (容积率), a number.",
    "BUILDING_YEAR_FIELD": "Year the buildings were completed, a number (empty for open land).",
    "OWNERSHIP_FIELD": "Ownership (国有 / 集体 / 企业 / 业主共有 …): how easily the land can be used.",
    "AREA_FIELD": "Parcel area in m². Without it the area is computed from the geometry.",
    "REMARK_FIELD": "Free text (remark or name) searched for the rules' keywords, e.g. 运动场.",
}
CONSTRAINT_MODES = [("exclude", "Exclude parcels that overlap them"), ("clip", "Cut them out of the parcels")]
DEFAULT_ELEVATED = "expressway,elevated,viaduct,高架,高架路,快速路"


class PotentialSpaceAlgorithm(LifeCircleAlgorithm):
    NAME = "potentialspace"
    DISPLAY = "Potential space (找空间)"
    GROUP = "space"
    REQUIRES = ("numpy", "scipy", "shapely")

    PARCELS = "PARCELS"
    ZONES = "ZONES"
    ZONE_TYPE_FIELD = "ZONE_TYPE_FIELD"
    ZONE_FIELD = "ZONE_FIELD"
    NETWORK = "NETWORK"
    BARRIERS = "BARRIERS"
    BARRIER_TYPE_FIELD = "BARRIER_TYPE_FIELD"
    ELEVATED_VALUES = "ELEVATED_VALUES"
    CONSTRAINTS = "CONSTRAINTS"
    CONSTRAINT_MODE = "CONSTRAINT_MODE"
    CONSTRAINT_MODE_FIELD = "CONSTRAINT_MODE_FIELD"
    CONSTRAINT_NAME_FIELD = "CONSTRAINT_NAME_FIELD"
    COVERAGE = "COVERAGE"
    COVERAGE_POPULATION_FIELD = "COVERAGE_POPULATION_FIELD"
    PROFILE = "PROFILE"
    PROFILE_FILE = "PROFILE_FILE"
    THRESHOLDS = "THRESHOLDS"
    RULES = "RULES"
    LAND_USE_TABLE = "LAND_USE_TABLE"
    WEIGHTS = "WEIGHTS"
    KEEP_ALL = "KEEP_ALL"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add_parcel_parameters()
        self._add_place_parameters()
        self._add_demand_parameters()
        self._add_rules_parameters()
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Potential space"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber("POTENTIAL_COUNT", tr("Parcels with potential")))
        self.addOutput(QgsProcessingOutputString("BY_KIND", tr("Parcels by kind of potential (JSON)")))

    def _add_parcel_parameters(self) -> None:
        """PARCELS and the field of each parcel attribute the rules read."""
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.PARCELS, tr("Parcels"), [QgsProcessing.SourceType.TypeVectorPolygon]),
            "Land parcels (地块) with land use, status, FAR, building year, ownership and area."))
        for name, default, label in PARCEL_FIELDS:
            numeric = name in ("AREA_FIELD",)
            self.addParameter(_param(QgsProcessingParameterField(
                name, tr("Parcel {} field").format(tr(label)), defaultValue=default,
                parentLayerParameterName=self.PARCELS,
                type=(QgsProcessingParameterField.DataType.Numeric if numeric
                      else QgsProcessingParameterField.DataType.Any),
                optional=True), PARCEL_FIELD_HELP[name], advanced=name == "REMARK_FIELD"))

    def _add_place_parameters(self) -> None:
        """Where the parcels lie: zones, the walking network, elevated roads and constraints."""
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.ZONES, tr("Zones (居委 or life-circle units)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True),
            "Which residential area each parcel lies in (by its point on surface)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.ZONE_TYPE_FIELD, tr("Zone type field"), parentLayerParameterName=self.ZONES, optional=True),
            "Zones whose type is a residential word (the 居住 rows of resources/rules/unit_types.csv: 居住, 住宅, "
            "residential …, or the rules file's own residential_zone_values) are residential. Without it a zone is residential when housing is at least half of its parcels' area."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.ZONE_FIELD, tr("Parcel zone field (without a zones layer)"), parentLayerParameterName=self.PARCELS,
            optional=True), "A parcel field naming its 居委 or unit (e.g. block_id), used when no zones layer is "
            "given. Without both, a parcel's zone is the parcels within 300 m.", advanced=True))
        add_network_parameters(self, self.NETWORK, snap=True)
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.BARRIERS, tr("Elevated roads / barriers (lines)"), [QgsProcessing.SourceType.TypeVectorLine],
            optional=True),
            "Elevated expressways for the 桥下空间 rule. Without this layer, the network's excluded classes "
            "(expressways nobody walks on) count as elevated roads."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.BARRIER_TYPE_FIELD, tr("Barrier type field"), defaultValue="type",
            parentLayerParameterName=self.BARRIERS, optional=True),
            "Only barriers whose type is in the list below count as elevated roads (rivers do not)."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.ELEVATED_VALUES, tr("Types that are elevated roads (comma separated)"),
            defaultValue=DEFAULT_ELEVATED, optional=True), "Barrier types that are elevated roads.", advanced=True))
        self._add_constraint_parameters()

    def _add_constraint_parameters(self) -> None:
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.CONSTRAINTS, tr("Constraints (heritage, ecological red line, road red line …)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True), "Areas where nothing may be built."))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.CONSTRAINT_MODE, tr("Constraints"), [tr(label) for _, label in CONSTRAINT_MODES], defaultValue=0),
            "Exclude: parcels overlapping a constraint are left out. Clip: the constraint is cut out of the "
            "parcel and its usable area shrinks."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.CONSTRAINT_MODE_FIELD, tr("Constraint mode field (exclude / clip per feature)"),
            parentLayerParameterName=self.CONSTRAINTS, optional=True),
            "Per-feature mode: exclude (排除) or clip (裁剪); empty values take the choice above.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterField(
            self.CONSTRAINT_NAME_FIELD, tr("Constraint name field"), parentLayerParameterName=self.CONSTRAINTS,
            optional=True), "Named in the output and the reasons (e.g. 历史风貌保护区).", advanced=True))

    def _add_demand_parameters(self) -> None:
        """Who lacks what: the coverage output, the residents' needs and the checklist profile."""
        from ..lifecircle_plugin.core.checklist import bundled_profiles

        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.COVERAGE, tr("Residents with walking distances (Facility coverage output)"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            "The RESIDENTS_OUTPUT of Facility coverage: its d_Q01… fields say who lacks what."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.COVERAGE_POPULATION_FIELD, tr("Population field"), defaultValue="population",
            parentLayerParameterName=self.COVERAGE, optional=True), "Residents of each feature."))
        add_needs_parameters(self, "The needs output of 'Residents' needs' (with COVERAGE): the need term counts the "
                             "residents a parcel would reach more where they asked for the category.")
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.PROFILE, tr("Checklist profile"), [label for _, label in bundled_profiles()], defaultValue=0),
            "Categories, walking thresholds and the minimum area of each category."))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.PROFILE_FILE, tr("Your own profile (CSV, overrides the choice above)"), extension="csv",
            optional=True), "A copy of a bundled profile CSV, edited.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterString(
            self.THRESHOLDS, tr("Threshold overrides (e.g. Q05=300, M03=800)"), optional=True),
            "Walking thresholds in metres for single categories, replacing the profile's.", advanced=True))

    def _add_rules_parameters(self) -> None:
        """The rules table, land-use classes, score weights, and whether every parcel is written."""
        self.addParameter(_param(QgsProcessingParameterFile(
            self.RULES, tr("Your own rules table (CSV, replaces the bundled one)"), extension="csv", optional=True),
            "A copy of resources/rules/potential_space.csv, edited: rules, thresholds and score weights."))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.LAND_USE_TABLE, tr("Your own land-use classes (CSV)"), extension="csv", optional=True),
            "Rows (pattern, match, class, note) that take precedence over resources/rules/land_use.csv.",
            advanced=True))
        self.addParameter(_param(QgsProcessingParameterString(
            self.WEIGHTS, tr("Score weights (e.g. kind=30, need=40, area=15, ownership=15)"), optional=True),
            "Points for each part of the score, replacing the rules file's; need_full and area_full set the "
            "scales."))
        self.addParameter(_param(QgsProcessingParameterBoolean(
            self.KEEP_ALL, tr("Keep every parcel (not only potential space)"), defaultValue=False),
            "Write all parcels; those without potential have no kind, score or rank.", advanced=True))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        from ..lifecircle_plugin.core.potential import parse_weights

        ok, message = check_profile_parameters(self, parameters, context, self.THRESHOLDS,
                                               more=[(parse_weights, self.WEIGHTS)])
        if not ok:
            return ok, message
        return super().checkParameterValues(parameters, context)

    # ------------------------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        import json

        from qgis.core import QgsProcessingMultiStepFeedback

        from ..lifecircle_plugin.core import potential as pot
        from ..lifecircle_plugin.core.errors import CancelledError
        from ..lifecircle_plugin.core.potential_report import parcels_by_kind

        if feedback.isCanceled():  # a multi-step feedback made after the cancel would not know of it
            raise CancelledError()
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        profile = profile_from_parameters(self, parameters, context, self.PROFILE, self.PROFILE_FILE, self.THRESHOLDS)
        rules, land_use = self._read_rules(parameters, context, feedback)
        # network, parcels, elevated roads, constraints, coverage ----------------------------------------------
        steps.setCurrentStep(0)
        progress, _ = self.progress_callbacks(steps)
        cancelled = feedback.isCanceled
        net, crs, net_src, net_name, net_data = read_network(self, parameters, context, steps, self.NETWORK,
                                                             progress, cancelled)
        steps.setCurrentStep(1)
        par_src, par_name, parcels, table = self._read_parcels(parameters, context, crs, steps, feedback)
        elevated = self._elevated_lines(parameters, context, crs, steps, net_src, net_data, feedback)
        constraints = self._constraints(parameters, context, crs, steps, feedback)
        demand = self._coverage_demand(parameters, context, crs, steps, profile, feedback)
        # analysis -----------------------------------------------------------------------------------------
        steps.setCurrentStep(2)
        progress, _ = self.progress_callbacks(steps)
        if cancelled():
            raise CancelledError()
        result = pot.potential_space(
            table, rules, profile, network=net, elevated_lines=elevated, constraints=constraints, demand=demand,
            land_use=land_use, snap_tolerance=self.parameterAsDouble(parameters, SNAP_TOLERANCE, context),
            keep_all=self.parameterAsBool(parameters, self.KEEP_ALL, context), progress=progress,
            is_cancelled=cancelled)
        self._log(result, par_name, demand, feedback)
        # output (written only now: a failure or cancel above leaves nothing half-written) ---------------------
        steps.setCurrentStep(3)
        out = self._write(parameters, context, result, parcels, par_src, crs)
        out["POTENTIAL_COUNT"] = int(result.potential.sum())
        out["BY_KIND"] = json.dumps(parcels_by_kind(result.kinds, result.potential), ensure_ascii=False)
        return out

    # -- reading the inputs ----------------------------------------------------------------------------------
    def _read_rules(self, parameters, context, feedback):
        """(rules with the WEIGHTS applied, land-use classes), the score formula logged."""
        from ..lifecircle_plugin.core import potential as pot

        rules = pot.load_rules(self.parameterAsFile(parameters, self.RULES, context) or None)
        weights = pot.parse_weights(self.parameterAsString(parameters, self.WEIGHTS, context))
        if weights:
            rules = rules.with_settings(weights)
        land_use = pot.load_land_use(self.parameterAsFile(parameters, self.LAND_USE_TABLE, context) or None)
        w = rules.weights
        feedback.pushInfo(tr("Rules: {} ({} rules). Score = {:g} × kind + {:g} × need + {:g} × area + {:g} × "
                             "ownership.").format(rules.source, len(rules.rules), w["kind"], w["need"], w["area"],
                                                  w["ownership"]))
        return rules, land_use

    def _read_parcels(self, parameters, context, crs, steps, feedback):
        """(source, layer name, parcels read, the core's ParcelTable) of PARCELS in the working CRS ``crs``."""
        from ..lifecircle_plugin.core import potential as pot
        from ..lifecircle_plugin.qgis_bridge import qgs_to_shapely, read_points

        par_src, par_name = self.source_or_fail(parameters, self.PARCELS, context, tr("parcels"))
        if par_src.featureCount() == 0:
            raise QgsProcessingException(tr("Layer '{}' is empty.").format(par_name))
        chosen = self._parcel_fields(parameters, context, par_src, par_name, feedback)
        zone_field = self.parameterAsString(parameters, self.ZONE_FIELD, context)
        parcels = read_points(par_src, par_name, crs, context, steps,
                              [f for f in list(chosen.values()) + [zone_field] if f])
        to_work = QgsCoordinateTransform(par_src.sourceCrs(), crs, context.transformContext())
        geoms = []
        for f in parcels.features:
            g = QgsGeometry(f.geometry())
            if not g.isNull() and not g.isEmpty():
                g.transform(to_work)
            geoms.append(qgs_to_shapely(g))
        values = {key: (parcels.values(name) if name else None) for key, name in chosen.items()}
        zone, zone_type = self._zones(parameters, context, crs, steps, geoms, feedback)
        if zone is None and zone_field:
            zone = parcels.values(zone_field)
        table = pot.ParcelTable(
            ids=parcels.fids, geometries=geoms, land_use=values["land_use"], status=values["status"],
            far=values["far"], year=values["year"], ownership=values["ownership"], area=values["area"],
            remark=values["remark"], zone=zone, zone_type=zone_type, layer=par_name,
            field_names={"FAR": chosen["far"] or "", "building year": chosen["year"] or "",
                         "area": chosen["area"] or ""})
        return par_src, par_name, parcels, table

    def _zones(self, parameters, context, crs, steps, geoms, feedback):
        """(zone, zone type) of each parcel geometry from the ZONES layer (by its point on surface); (None, None)
        without that layer."""
        from ..lifecircle_plugin.core.potential_report import zones_of_parcels
        from ..lifecircle_plugin.qgis_bridge import read_source

        if self.parameterAsSource(parameters, self.ZONES, context) is None:
            return None, None
        zones_src, zones_name = self.source_or_fail(parameters, self.ZONES, context, tr("zones"))
        type_field = self.parameterAsString(parameters, self.ZONE_TYPE_FIELD, context)
        zdata = read_source(zones_src, zones_name, crs, context, steps, fields=[type_field])
        zone, zone_type = zones_of_parcels(geoms, zdata.geometries, zdata.fids,
                                           zdata.attributes[type_field] if type_field else None)
        feedback.pushInfo(tr("Zones '{}': {} of {} parcels lie in a zone.").format(
            zones_name, sum(z is not None for z in zone), len(zone)))
        return zone, zone_type

    def _coverage_demand(self, parameters, context, crs, steps, profile, feedback):
        """The core's CoverageDemand from COVERAGE (who lacks what, weighted by groups and NEEDS); None without
        COVERAGE."""
        from ..lifecircle_plugin.core import potential as pot
        from ..lifecircle_plugin.core.coverage import category_weights, clean_population
        from ..lifecircle_plugin.core.errors import CancelledError
        from ..lifecircle_plugin.qgis_bridge import read_points

        if self.parameterAsSource(parameters, self.COVERAGE, context) is None:
            if parameters.get(NEEDS) not in (None, ""):
                feedback.pushWarning(tr("NEEDS is used with COVERAGE only (it weighs the residents who lack a "
                                        "category): give the residents output of 'Facility coverage' as COVERAGE."))
            return None
        cov_src, cov_name, pop_field, d_fields = self._coverage_fields(parameters, context, profile)
        res = read_points(cov_src, cov_name, crs, context, steps, [pop_field] + list(d_fields.values()))
        population = clean_population(res.values(pop_field), res.fids, cov_name, pop_field)
        distances = {}
        for c, f in d_fields.items():
            if feedback.isCanceled():
                raise CancelledError()
            distances[c] = pot.clean_distances(res.values(f), res.fids, cov_name, f)
        groups = resident_groups(res, cov_name, population, profile, feedback, codes=list(d_fields))
        weights, _ = category_weights(profile, list(d_fields), population, groups)
        needs = read_needs(self, parameters, context, crs, feedback)
        if needs is not None:
            weights = self._weighted_by_needs(weights, population, res.xy, needs, profile, list(d_fields), feedback)
        feedback.pushInfo(tr("Coverage '{}': {} residents in {} features; distance fields for {} categories.")
                          .format(cov_name, f"{population.sum():,.0f}", len(population), len(d_fields)))
        return pot.CoverageDemand(xy=res.xy, population=population, distances=distances, layer=cov_name,
                                  weights=weights)

    def _coverage_fields(self, parameters, context, profile):
        """(source, layer name, population field, {code: distance field}) of COVERAGE; a layer without distance
        fields or without the population field is refused with its fields listed."""
        from ..lifecircle_plugin.core.potential_report import distance_fields

        cov_src, cov_name = self.source_or_fail(parameters, self.COVERAGE, context, tr("coverage"))
        names = cov_src.fields().names()
        d_fields = distance_fields(names, profile.codes)
        if not d_fields:
            raise QgsProcessingException(tr(
                "Layer '{}' has no distance fields d_Q01…d_M10 (fields: {}). Use the 'Residents with walking "
                "distances' output (RESIDENTS_OUTPUT) of lifecircle:facilitycoverage as COVERAGE.").format(
                cov_name, ", ".join(names)))
        pop_field = self.parameterAsString(parameters, self.COVERAGE_POPULATION_FIELD, context)
        if not pop_field or cov_src.fields().lookupField(pop_field) < 0:
            raise QgsProcessingException(tr(
                "Layer '{}' has no population field '{}' (fields: {}). Choose the population field of the "
                "residents.").format(cov_name, pop_field, ", ".join(names)))
        return cov_src, cov_name, pop_field, d_fields

    # ------------------------------------------------------------------------------------------------------
    def _parcel_fields(self, parameters, context, source, name, feedback) -> dict:
        """The chosen parcel field for each attribute (None: not chosen). A default name the layer lacks is
        skipped with a note; a field the user named that the layer lacks is an error."""
        keys = {"LAND_USE_FIELD": "land_use", "STATUS_FIELD": "status", "FAR_FIELD": "far",
                "BUILDING_YEAR_FIELD": "year", "OWNERSHIP_FIELD": "ownership", "AREA_FIELD": "area",
                "REMARK_FIELD": "remark"}
        fields = source.fields()
        chosen, skipped = {}, []
        for param, default, label in PARCEL_FIELDS:
            value = self.parameterAsString(parameters, param, context) or ""
            key = keys[param]
            if not value:
                chosen[key] = None
                continue
            if fields.lookupField(value) < 0:
                if value == default and parameters.get(param) in (None, default):
                    skipped.append(f"{label} ('{default}')")
                    chosen[key] = None
                    continue
                raise QgsProcessingException(tr("Layer '{}' has no field '{}' ({}). Fields: {}").format(
                    name, value, tr(label), ", ".join(fields.names())))
            chosen[key] = value
        if skipped:
            feedback.pushWarning(tr("Layer '{}' has no field for: {}. Rules on these attributes cannot fire; choose "
                                    "the fields if the layer has them under other names.").format(
                name, ", ".join(skipped)))
        if chosen["land_use"] is None and chosen["status"] is None:
            feedback.pushWarning(tr("Neither land use nor status is known: only the rules on size, place and "
                                    "keywords can fire."))
        return chosen

    @staticmethod
    def _weighted_by_needs(weights, population, xy, needs, profile, codes, feedback):
        """Each category's residents counted more near the needs asked for it (see core/needs.py)."""
        from ..lifecircle_plugin.core.needs import weighted_by_needs

        out = dict(weights)
        for c in codes:
            if any(c in cs for cs in needs.codes):
                out[c], asked = weighted_by_needs(weights.get(c, population), xy, needs.xy, needs.codes,
                                                  needs.weights, c, profile.category(c).threshold_m, needs.bonus,
                                                  needs.full)
                feedback.pushInfo(tr("  {} {}: {:,.0f} residents live where it was asked for.").format(
                    c, profile.category(c).name_zh, float(weights.get(c, population)[asked > 0].sum())))
        return out

    def _elevated_lines(self, parameters, context, crs, feedback_steps, net_src, net_data, feedback) -> list:
        from shapely import wkb

        from ..lifecircle_plugin.core.potential_report import of_types, typed_values
        from ..lifecircle_plugin.qgis_bridge import read_source
        from .base import CLASS_FIELD, EXCLUDED_CLASSES

        src = self.parameterAsSource(parameters, self.BARRIERS, context)
        if src is not None:
            src, name = self.source_or_fail(parameters, self.BARRIERS, context, tr("barriers"))
            type_field = self.parameterAsString(parameters, self.BARRIER_TYPE_FIELD, context) or ""
            if type_field and src.fields().lookupField(type_field) < 0:
                if type_field == "type" and parameters.get(self.BARRIER_TYPE_FIELD) in (None, "type"):
                    type_field = ""
                else:
                    raise QgsProcessingException(tr("Layer '{}' has no field '{}' (barrier type). Fields: {}")
                                                 .format(name, type_field, ", ".join(src.fields().names())))
            data = read_source(src, name, crs, context, feedback_steps, fields=[type_field])
            if type_field:
                elevated = of_types(data.attributes[type_field],
                                    self.parameterAsString(parameters, self.ELEVATED_VALUES, context))
                lines = [data.geometries[i] for i in elevated if data.geometries[i] is not None]
            else:
                lines = [g for g in data.geometries if g is not None]
                feedback.pushInfo(tr("Layer '{}' has no type field: all its {} lines count as elevated roads.")
                                  .format(name, len(lines)))
            feedback.pushInfo(tr("Elevated roads: {} line(s) of '{}'.").format(len(lines), name))
            return lines
        class_field = self.parameterAsString(parameters, CLASS_FIELD, context) or ""
        excluded_text = self.parameterAsString(parameters, EXCLUDED_CLASSES, context)
        excluded = typed_values(excluded_text)
        classes = net_data.attributes.get(class_field) if class_field else None
        if not classes or not excluded:
            return []
        lines = [wkb.loads(net_data.geometries[i]) for i in of_types(classes, excluded_text)
                 if net_data.geometries[i] is not None]
        if lines:
            feedback.pushInfo(tr("Elevated roads: the {} network line(s) of the excluded classes ({}).").format(
                len(lines), ", ".join(sorted(excluded))))
        return lines

    def _constraints(self, parameters, context, crs, feedback_steps, feedback) -> list:
        from ..lifecircle_plugin.core.potential import Constraint, constraint_mode
        from ..lifecircle_plugin.qgis_bridge import read_source

        src = self.parameterAsSource(parameters, self.CONSTRAINTS, context)
        if src is None:
            return []
        src, name = self.source_or_fail(parameters, self.CONSTRAINTS, context, tr("constraints"))
        mode_field = self.parameterAsString(parameters, self.CONSTRAINT_MODE_FIELD, context)
        name_field = self.parameterAsString(parameters, self.CONSTRAINT_NAME_FIELD, context)
        default = CONSTRAINT_MODES[self.parameterAsEnum(parameters, self.CONSTRAINT_MODE, context)][0]
        data = read_source(src, name, crs, context, feedback_steps, fields=[mode_field, name_field])
        out = []
        for i, g in enumerate(data.geometries):
            if g is None or g.geom_type not in ("Polygon", "MultiPolygon"):
                continue
            mode = constraint_mode(data.attributes[mode_field][i] if mode_field else None, default,
                                   data.fids[i], name, mode_field)
            label = data.attributes[name_field][i] if name_field else None
            out.append(Constraint(geometry=g, mode=mode, name=str(label) if label is not None else name))
        feedback.pushInfo(tr("Constraints '{}': {} polygon(s), {} to exclude, {} to clip.").format(
            name, len(out), sum(c.mode == "exclude" for c in out), sum(c.mode == "clip" for c in out)))
        return out

    def _log(self, r, name, demand, feedback) -> None:
        from collections import Counter

        from ..lifecircle_plugin.core.potential_report import parcels_by_kind

        d = r.diagnostics
        if d.get("repaired_geometries"):
            feedback.reportError(tr("Layer '{}': invalid polygons were repaired before use (feature ids {}).")
                                 .format(name, _listed(d["repaired_geometries"])), False)
        if d.get("unknown_status"):
            listed = ", ".join(f"{v!s} ({n})" for v, n in Counter(d["unknown_status"]).most_common(10))
            feedback.reportError(tr("Layer '{}': status values that are not idle / vacant / in_use (rules on "
                                    "status do not fire on them): {}").format(name, listed), False)
        if d.get("area_from_geometry"):
            feedback.pushInfo(tr("Layer '{}': {} parcel(s) without an area value: their area is computed from the "
                                 "geometry.").format(name, len(d["area_from_geometry"])))
        if d.get("keyword_rules_without_text"):
            feedback.pushWarning(tr("No remark field: the rules on keywords cannot fire."))
        if d.get("excluded"):
            items = [f"{k} ({'、'.join(v)})" for k, v in d["excluded"].items()]
            feedback.pushInfo(tr("{} parcel(s) excluded by constraints: {}").format(len(items), _listed(items)))
        if d.get("parcels_beyond_snap"):
            feedback.reportError(tr("Layer '{}': {} potential parcel(s) are farther than the snap tolerance from "
                                    "every walkable street: no residents are counted for them (feature ids {}).")
                                 .format(name, len(d["parcels_beyond_snap"]), _listed(d["parcels_beyond_snap"])),
                                 False)
        if d.get("residents_beyond_snap"):
            feedback.reportError(tr("{} resident feature(s) are farther than the snap tolerance from every walkable "
                                    "street and are not counted near any parcel.").format(
                len(d["residents_beyond_snap"])), False)
        if d.get("unknown_codes"):
            feedback.pushInfo(tr("Distance fields for codes not in the profile were ignored: {}").format(
                ", ".join(d["unknown_codes"])))
        if demand is not None:
            lacking = d.get("lacking", {})
            feedback.pushInfo(tr("Residents lacking each category (distance empty or beyond its threshold):"))
            for c in r.codes:
                feedback.pushInfo(f"  {c} {r.names_zh[c]} ({r.thresholds[c]:.0f} m): {lacking.get(c, 0):,.0f}")
        counts = parcels_by_kind(r.kinds, r.potential)
        feedback.pushInfo(tr("{} parcel(s) with potential: {}").format(
            int(r.potential.sum()), ", ".join(f"{k} {n}" for k, n in counts.items())))
        top = sorted((i for i in range(len(r.ids)) if r.rank[i] > 0), key=lambda i: r.rank[i])[:10]
        for i in top:
            feedback.pushInfo(f"  #{r.rank[i]} {r.ids[i]} ({r.score[i]:.1f}): {r.reasons[i]}")

    def _write(self, parameters, context, r, parcels, source, crs) -> dict:
        import numpy as np

        from ..lifecircle_plugin.qgis_bridge import back_transform, shapely_to_qgs

        extra = QgsFields()
        spec = [("kinds", STRING), ("main_kind", STRING), ("rules", STRING),
                ("area_used", DOUBLE), ("clipped_m2", DOUBLE), ("constraint", STRING),
                ("in_res_zone", BOOL), ("ref_far", DOUBLE), ("access_m", DOUBLE)]
        spec += [(f"u_{c}", DOUBLE) for c in r.codes]
        spec += [("need", DOUBLE), ("fits", STRING), ("gaps", STRING),
                 ("gaps_zh", STRING), ("s_kind", DOUBLE), ("s_need", DOUBLE),
                 ("s_area", DOUBLE), ("s_owner", DOUBLE), ("score", DOUBLE),
                 ("rank", INT), ("reason", STRING)]
        for name, kind in spec:
            extra.append(make_field(name, kind))
        fields = QgsProcessingUtils.combineFields(parcels.fields, extra)
        wkb_type = QgsWkbTypes.multiType(source.wkbType())
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, wkb_type, source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        transform = back_transform(crs, source.sourceCrs(), context)
        order = sorted(np.flatnonzero(r.kept), key=lambda i: (r.rank[i] == 0, r.rank[i], i))
        comp = r.components
        for i in order:
            feat = parcels.features[i]
            if r.geometry[i] is not None:
                g = shapely_to_qgs(r.geometry[i])
                if transform is not None:
                    g.transform(transform)
            else:
                g = QgsGeometry(feat.geometry())
            g.convertToMultiType()
            pot_ = bool(r.potential[i])
            row = [";".join(r.kinds[i]) or None, r.main_kind[i], ";".join(r.rules[i]) or None,
                   _num(r.area[i], 1), _num(r.clipped_m2[i], 1), "、".join(r.constraints[i]) or None,
                   bool(r.residential_zone[i]), _num(r.ref_far[i], 2), _num(r.access_m[i], 1)]
            row += [_num(r.uncovered[i, j], 0) for j in range(len(r.codes))]
            row += [_num(r.need[i], 1) if pot_ else None, ";".join(r.fits[i]) or None, ";".join(r.gaps[i]) or None,
                    "、".join(r.names_zh[c] for c in r.gaps[i]) or None]
            row += [_num(comp[k][i], 2) if pot_ else None for k in ("kind", "need", "area", "ownership")]
            row += [_num(r.score[i], 2), int(r.rank[i]) if pot_ else None, r.reasons[i] or None]
            f = QgsFeature(fields)
            f.setGeometry(g)
            f.setAttributes(list(feat.attributes()) + plain_values(row))
            if not sink.addFeature(f, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(tr("Could not write parcel {}: {}").format(feat.id(), sink.lastError()))
        load_with_style(context, dest, "potential_space", wkb_type)
        return {self.OUTPUT: dest}


