"""lifecircle:facilitycoverage — the planner's 体检: 十全/十美 presence and walking coverage per unit and resident."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from qgis.core import (
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from .base import (
    SNAP_TOLERANCE,
    LifeCircleAlgorithm,
    _param,
    add_network_parameters,
    add_needs_parameters,
    check_profile_parameters,
    log_keyword_categories,
    profile_from_parameters,
    read_checked_points,
    read_needs,
    read_network,
    resident_groups,
    ui_language,
    tr,
    tr_msg,
    unit_type_profiles_from_parameters,
    number_or_null as _num,
    numbers_or_null,
    listed as _listed,
)
from .styles import load_with_style
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field
from ..lifecircle_plugin.core.written_values import centre_note

MAPPING_CHOICES = [
    ("auto", "Automatic: checklist codes, AMap (高德) types and OSM tags"),
    ("codes", "Checklist codes only (Q01…M10)"),
    ("amap", "AMap (高德) type codes and names"),
    ("osm", "OpenStreetMap tags"),
]
COORDINATE_CHOICES = [("WGS84", "WGS 84 / CGCS2000 (no conversion)"), ("GCJ02", "GCJ-02 (AMap 高德, Tencent)"),
                      ("BD09", "BD-09 (Baidu 百度)")]


@dataclass
class CoverageInputs:
    """Everything read and checked for a coverage run (shared with lifecircle:projectimpact)."""

    network: Any
    crs: Any
    profile: Any
    target: Optional[float]  # the TARGET share; None: each profile's own target
    facilities: Any  # PointLayer
    facility_geometries: Any  # converted geometries (GCJ-02/BD-09 input) or None
    codes: list
    one_stop: Any
    area: Any
    residents: Any  # PointLayer
    population: Any
    groups: dict  # population group -> residents of each point in it (only the groups a category serves)
    units_src: Any
    unit_ids: Optional[list]
    unit_polys: Optional[list]
    unit_feats: Optional[list]
    snap_tolerance: float
    search_limit: float
    functions: Optional[list] = None  # the checklist codes each facility's functions field lists
    unit_profiles: Optional[list] = None  # the profile of each unit (by its type), None: ``profile`` for all


@dataclass
class UnitInputs:
    """The life-circle units of a run, read and checked (all None without units)."""

    source: Any = None
    ids: Optional[list] = None
    polygons: Optional[list] = None
    features: Optional[list] = None
    profiles: Optional[list] = None  # the profile of each unit by its type; None: the run's profile for all


class FacilityCoverageAlgorithm(LifeCircleAlgorithm):
    NAME = "facilitycoverage"
    DISPLAY = "Facility coverage (十全/十美 checklist)"
    GROUP = "coverage"
    REQUIRES = ("numpy", "scipy", "shapely")
    #: file outputs written and closed in the background (set by write_outputs: when no two share a file)
    _finish_early = False

    FACILITIES = "FACILITIES"
    CATEGORY_FIELD = "CATEGORY_FIELD"
    MAPPING = "MAPPING"
    MAPPING_TABLE = "MAPPING_TABLE"
    SOURCE_COORDINATES = "SOURCE_COORDINATES"
    ONE_STOP_FIELD = "ONE_STOP_FIELD"
    AREA_FIELD = "AREA_FIELD"
    FUNCTIONS_FIELD = "FUNCTIONS_FIELD"
    CENTRE_RADIUS = "CENTRE_RADIUS"
    LINK_DISTANCE = "LINK_DISTANCE"
    UNIT_TYPE_FIELD = "UNIT_TYPE_FIELD"
    UNIT_TYPE_PROFILES = "UNIT_TYPE_PROFILES"
    RESIDENTS = "RESIDENTS"
    POPULATION_FIELD = "POPULATION_FIELD"
    UNITS = "UNITS"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    NETWORK = "NETWORK"
    PROFILE = "PROFILE"
    PROFILE_FILE = "PROFILE_FILE"
    THRESHOLDS = "THRESHOLDS"
    TARGET = "TARGET"
    SEARCH_LIMIT = "SEARCH_LIMIT"
    SERVICE_AREA_BUFFER = "SERVICE_AREA_BUFFER"
    RESIDENTS_OUTPUT = "RESIDENTS_OUTPUT"
    UNITS_OUTPUT = "UNITS_OUTPUT"
    FACILITIES_OUTPUT = "FACILITIES_OUTPUT"
    SERVICE_AREAS = "SERVICE_AREAS"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_parameters()
        self.add_one_plus_n_parameters()
        add_needs_parameters(self, "The needs output of 'Residents' needs': each unit's unmet categories are ranked "
                             "by the residents beyond reach, counted more where they asked for the category "
                             "(gaps_ranked), and the needs asked in each unit are counted (nd_Q01…).")
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.SERVICE_AREA_BUFFER, tr("Service area width either side of the street (m)"),
            QgsProcessingParameterNumber.Type.Double, 50.0, minValue=0.0), "How far from the reachable streets the "
            "service-area polygons extend.", advanced=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.RESIDENTS_OUTPUT, tr("Residents with walking distances"),
            QgsProcessing.SourceType.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNITS_OUTPUT, tr("Units: 十全/十美 coverage"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.FACILITIES_OUTPUT, tr("Facilities with residents served"),
            QgsProcessing.SourceType.TypeVectorAnyGeometry, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.SERVICE_AREAS, tr("Service areas per category"), QgsProcessing.SourceType.TypeVectorPolygon,
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("UNITS_MEETING_TARGET", tr("Units meeting the 十全 target")))
        self.addOutput(QgsProcessingOutputNumber("UNIT_COUNT", tr("Units")))
        self.addOutput(QgsProcessingOutputString("COVERAGE_BY_CATEGORY", tr("Share of residents covered, by category "
                                                                            "(JSON)")))

    def add_one_plus_n_parameters(self):
        """The "1+N" check's and the unit types' parameters (this algorithm only)."""
        self.addParameter(_param(QgsProcessingParameterField(
            self.FUNCTIONS_FIELD, tr("One-stop centre functions field"), parentLayerParameterName=self.FACILITIES,
            optional=True), "The functions a flagged centre hosts: checklist codes or category names separated by "
            "; , 、 or spaces (e.g. Q01;Q02;Q05 or 党群服务、为老服务). The centre's own category counts too.",
            advanced=True))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.CENTRE_RADIUS, tr("Facilities within this distance of a centre are part of it (m)"),
            QgsProcessingParameterNumber.Type.Double, 30.0, minValue=0.0),
            "Facilities this close (straight line) to a flagged one-stop centre count as its functions (the same "
            "building) and not as N points. 30 m is a planning default, not a standard value.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.LINK_DISTANCE, tr("N points linked within this walk of the centre (m)"),
            QgsProcessingParameterNumber.Type.Double, None, optional=True, minValue=1.0),
            "An N point is linked to its unit's one-stop centre when the walk between them along the network is at "
            "most this. Empty: the profile's small_point_link_m (Shanghai: 1,000 m, the 15-minute walk).",
            advanced=True))
        self.addParameter(_param(QgsProcessingParameterField(
            self.UNIT_TYPE_FIELD, tr("Unit type field"), parentLayerParameterName=self.UNITS, optional=True),
            "Field with each unit's type (居住 / 商务 / 产业 / 乡村; 'Delineate units' writes unit_type). With profiles "
            "by unit type, each unit is judged by its type's profile."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.UNIT_TYPE_PROFILES, tr("Profiles by unit type (e.g. 乡村=national)"), optional=True),
            "Unit types judged by another profile: type=profile pairs separated by ; — a bundled profile id "
            "(shanghai, national) or the path of a profile CSV, e.g. 乡村=national; 产业=D:/体检/industrial.csv. Units "
            "of other types use the profile above; THRESHOLDS apply to every profile.", advanced=True))

    def add_input_parameters(self):
        """The inputs shared with lifecircle:projectimpact (facilities, residents, units, network, profile)."""
        from ..lifecircle_plugin.core.checklist import bundled_profiles

        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.FACILITIES, tr("Facilities"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon]),
            "Existing facilities (points, or polygons: their point on surface is used)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.CATEGORY_FIELD, tr("Facility category field"), parentLayerParameterName=self.FACILITIES),
            "Field with a checklist code (Q01…M10), an AMap type code/name or OSM tags."))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.MAPPING, tr("Category mapping"), [tr(label) for _, label in MAPPING_CHOICES], defaultValue=0),
            "Which bundled tables translate the category field into checklist codes."))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.MAPPING_TABLE, tr("Your own mapping table (CSV)"), extension="csv", optional=True),
            "Rows (source, pattern, match, code, note) that override the bundled ones.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.SOURCE_COORDINATES, tr("Facility coordinates are in"), [tr(label) for _, label in COORDINATE_CHOICES],
            defaultValue=0),
            "Chinese POI data from AMap/Tencent is in GCJ-02 and from Baidu in BD-09: it is converted to WGS 84 on "
            "the way in (the facility layer must then be in a longitude/latitude CRS).", advanced=True))
        self.addParameter(_param(QgsProcessingParameterField(
            self.ONE_STOP_FIELD, tr("One-stop centre flag field"), parentLayerParameterName=self.FACILITIES,
            optional=True), "1/true marks a one-stop service centre (一站式综合服务中心) for the '1+N' check.",
            advanced=True))
        self.addParameter(_param(QgsProcessingParameterField(
            self.AREA_FIELD, tr("Facility floor area field (m²)"), parentLayerParameterName=self.FACILITIES,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True),
            "Floor area for the '1+N' check: the centre needs ≥ 800 m², small points 50–200 m².", advanced=True))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.RESIDENTS, tr("Residents"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon]),
            "Resident points (buildings, address points) or polygons (their point on surface), with population."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.POPULATION_FIELD, tr("Population field"), parentLayerParameterName=self.RESIDENTS,
            type=QgsProcessingParameterField.DataType.Any), "Number of residents of each feature (0 or more)."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.UNITS, tr("Life-circle units"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            "Units to summarise by. Without them the whole area is one summary."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.UNIT_ID_FIELD, tr("Unit id field"), parentLayerParameterName=self.UNITS, optional=True),
            "Field naming each unit (default: the feature id)."))
        add_network_parameters(self, self.NETWORK, snap=True)
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.PROFILE, tr("Checklist profile"), [label for _, label in bundled_profiles()], defaultValue=0),
            "Bundled profile: categories, walking thresholds and target."))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.PROFILE_FILE, tr("Your own profile (CSV, overrides the choice above)"), extension="csv",
            optional=True), "A copy of a bundled profile CSV, edited.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterString(
            self.THRESHOLDS, tr("Threshold overrides (e.g. Q05=300, M03=800)"), optional=True),
            "Walking thresholds in metres for single categories, replacing the profile's."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.TARGET, tr("Target share of residents covered (%)"), QgsProcessingParameterNumber.Type.Double, None,
            optional=True, minValue=0.1, maxValue=100.0),
            "A category is met in a unit when at least this share of its residents are within the threshold. Empty: "
            "the profile's target (Shanghai: 85 % for 2025, its target year; 99 % for 2035)."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.SEARCH_LIMIT, tr("Search limit (m)"), QgsProcessingParameterNumber.Type.Double, 3000.0, minValue=1.0),
            "Distances beyond this are reported as unreachable (empty).", advanced=True))

    # ------------------------------------------------------------------------------------------------------
    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = check_profile_parameters(self, parameters, context, self.THRESHOLDS, self.UNIT_TYPE_PROFILES)
        if not ok:
            return False, message
        return super().checkParameterValues(parameters, context)

    def process(self, parameters, context, feedback):
        from qgis.core import QgsProcessingMultiStepFeedback

        from ..lifecircle_plugin.core.phase_timer import phase, take

        take()
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        with phase("read inputs"):
            inp = self.read_inputs(parameters, context, feedback, steps)
        steps.setCurrentStep(2)
        link_distance = self._optional_number(parameters, self.LINK_DISTANCE, context)
        with phase("analysis"):
            result = self.analyse(parameters, context, inp, link_distance, steps)
        with phase("log"):
            self._log(result, inp.residents, inp.facilities, inp.residents.name, inp.facilities.name, inp.unit_ids,
                      feedback)
            self._log_one_plus_n(result, inp, inp.unit_ids, feedback, link_distance)
            gaps = self._gap_priority(parameters, context, result, inp, feedback)
        # outputs (written only now: a failure or cancel above leaves nothing half-written) ----------------
        steps.setCurrentStep(3)
        out = self.write_outputs(parameters, context, result, inp, gaps, steps)
        out.update(self.summary_outputs(result))
        report_phases()
        return out

    def wants(self, parameters, name: str) -> bool:
        """Whether the optional output ``name`` was asked for."""
        return name in parameters and parameters[name] not in (None, "")

    def analyse(self, parameters, context, inp: "CoverageInputs", link_distance, steps):
        """The coverage of the read inputs; service areas only when asked for (what no chosen output shows is not
        computed). Each facility's reach is left for later: write_outputs searches it, only for the facilities
        output, while the residents' output is being closed."""
        from ..lifecircle_plugin.core.coverage import facility_coverage

        progress, cancelled = self.progress_callbacks(steps)
        return facility_coverage(
            inp.network, inp.profile, inp.facilities.xy, inp.codes, inp.residents.xy, inp.population,
            unit_polygons=inp.unit_polys, facility_area=inp.area, facility_one_stop=inp.one_stop,
            facility_functions=inp.functions, unit_profiles=inp.unit_profiles,
            centre_radius=self.parameterAsDouble(parameters, self.CENTRE_RADIUS, context),
            link_distance=link_distance, snap_tolerance=inp.snap_tolerance, target=inp.target,
            search_limit=inp.search_limit, facility_reach=False,  # (searched while the residents are closed)
            service_areas=self.wants(parameters, self.SERVICE_AREAS), group_counts=inp.groups, progress=progress,
            is_cancelled=cancelled,
        )

    def write_outputs(self, parameters, context, result, inp: "CoverageInputs", gaps, steps) -> dict:
        """Writes the residents, units, facilities (when asked for) and service areas (when asked for)."""
        from ..lifecircle_plugin.core.phase_timer import phase

        out = {}
        # each file output is written and closed in the background as soon as its features are built (GDAL builds a
        # GeoPackage's spatial index then) unless outputs share a file; each facility's reach is searched meanwhile
        self._finish_early = self.outputs_apart(parameters, context)
        with phase("write residents"):
            out.update(self._write_residents(parameters, context, result, inp.residents, inp.unit_ids,
                                             inp.network.gated))
        if self.wants(parameters, self.FACILITIES_OUTPUT):
            progress, _ = self.progress_callbacks(steps, 0, 50)
            with phase("facilities' reach, the residents written meanwhile"):
                result.measure_facility_reach(progress, self.check_cancel)
        with phase("write units"):
            out.update(self._write_units(parameters, context, result, inp.unit_ids, inp.unit_feats, inp.units_src,
                                         inp.residents, inp.crs, gaps))
        with phase("write facilities"):
            out.update(self._write_facilities(parameters, context, result, inp.facilities, inp.facility_geometries,
                                              inp.unit_ids))
        if self.wants(parameters, self.SERVICE_AREAS):
            with phase("write service areas"):
                buffer_m = self.parameterAsDouble(parameters, self.SERVICE_AREA_BUFFER, context)
                out.update(self._write_service_areas(parameters, context, result, inp.crs, inp.residents.crs,
                                                     buffer_m, steps))
        return out

    @staticmethod
    def summary_outputs(result) -> dict:
        """The run's numbers: units meeting the target, units, and the share covered by category (JSON)."""
        import json

        return {"UNITS_MEETING_TARGET": int(result.unit_meets_target.sum()),
                "UNIT_COUNT": len(result.unit_population),
                "COVERAGE_BY_CATEGORY": json.dumps({c: round(s, 4) for c, s in result.overall_share().items()})}

    def read_inputs(self, parameters, context, feedback, steps) -> "CoverageInputs":
        """Reads and checks everything the coverage needs (steps 0 and 1 of ``steps``)."""
        from ..lifecircle_plugin.core.phase_timer import phase

        profile, target, type_profiles, search_limit = self.read_profile(parameters, context, feedback)
        steps.setCurrentStep(0)
        with phase("read inputs/network"):
            progress, cancelled = self.progress_callbacks(steps)
            net, crs, _, _, _ = read_network(self, parameters, context, steps, self.NETWORK, progress, cancelled)
        steps.setCurrentStep(1)
        with phase("read inputs/facilities and residents"):
            facilities, residents, fac_geoms = self.read_point_inputs(parameters, context, feedback, steps, crs)
        with phase("read inputs/population"):
            population, groups = self.resident_figures(parameters, context, residents, profile, feedback)
        with phase("read inputs/categories"):
            codes, one_stop, area, functions = self.facility_categories(parameters, context, facilities,
                                                                        residents, profile, feedback)
        with phase("read inputs/units"):
            units = self.read_units(parameters, context, steps, crs, profile, type_profiles, feedback)
        return CoverageInputs(
            network=net, crs=crs, profile=profile, target=target, facilities=facilities,
            facility_geometries=fac_geoms, codes=codes, one_stop=one_stop, area=area, residents=residents,
            population=population, groups=groups, units_src=units.source, unit_ids=units.ids,
            unit_polys=units.polygons, unit_feats=units.features,
            snap_tolerance=self.parameterAsDouble(parameters, SNAP_TOLERANCE, context), search_limit=search_limit,
            functions=functions, unit_profiles=units.profiles,
        )

    def read_profile(self, parameters, context, feedback) -> tuple:
        """(profile, target share or None, {unit type: profile}, search limit), each logged."""
        from ..lifecircle_plugin.core.coverage import search_limit_for

        profile = profile_from_parameters(self, parameters, context, self.PROFILE, self.PROFILE_FILE, self.THRESHOLDS)
        asked_target = self._optional_number(parameters, self.TARGET, context)
        target = None if asked_target is None else asked_target / 100.0
        feedback.pushInfo(tr("Profile: {}").format(profile.label))
        log_target(feedback, profile, target)
        type_profiles = unit_type_profiles_from_parameters(self, parameters, context, feedback, self.UNIT_TYPE_PROFILES,
                                                           self.THRESHOLDS)
        for other in type_profiles.values():
            if target is None and other is not profile:
                log_target(feedback, other, None)
        asked = self.parameterAsDouble(parameters, self.SEARCH_LIMIT, context)
        thresholds = {c: max(float(p.category(c).threshold_m) for p in [profile, *type_profiles.values()])
                      for c in profile.codes}
        search_limit, needs = search_limit_for(asked, thresholds)
        if needs is not None:
            feedback.pushWarning(tr("SEARCH_LIMIT {:,.0f} m is shorter than the walking threshold of {} ({:,.0f} m): "
                                    "distances are searched up to {:,.0f} m instead, so that every category can be "
                                    "judged.").format(asked, needs, search_limit, search_limit))
        return profile, target, type_profiles, search_limit

    def read_point_inputs(self, parameters, context, feedback, steps, crs) -> tuple:
        """(facilities, residents, the facilities' converted geometries or None): both layers read, the facilities
        converted from GCJ-02/BD-09 when they are in those coordinates."""
        # (their geometries are checked as they are read)
        fac_src, fac_name = self.source_or_fail(parameters, self.FACILITIES, context, tr("facilities"),
                                                check_geometries=False)
        res_src, res_name = self.source_or_fail(parameters, self.RESIDENTS, context, tr("residents"),
                                                check_geometries=False)
        for src, label in ((fac_src, fac_name), (res_src, res_name)):
            if src.featureCount() == 0:
                raise QgsProcessingException(tr("Layer '{}' is empty.").format(label))
        facilities = read_checked_points(fac_src, fac_name, crs, context, steps,
                                         [self.parameterAsString(parameters, self.CATEGORY_FIELD, context),
                                          *self.facility_fields(parameters, context)])
        residents = read_checked_points(res_src, res_name, crs, context, steps,
                                        [self.parameterAsString(parameters, self.POPULATION_FIELD, context)])
        source_coords = COORDINATE_CHOICES[self.parameterAsEnum(parameters, self.SOURCE_COORDINATES, context)][0]
        fac_geoms = None
        if source_coords != "WGS84":
            facilities, fac_geoms = self._convert_chinese_coordinates(facilities, source_coords, crs, context, feedback)
        return facilities, residents, fac_geoms

    def facility_fields(self, parameters, context) -> tuple:
        """(one-stop flag field, floor area field, functions field), "" for each not set."""
        return (self.parameterAsString(parameters, self.ONE_STOP_FIELD, context),
                self.parameterAsString(parameters, self.AREA_FIELD, context),
                self.parameterAsString(parameters, self.FUNCTIONS_FIELD, context)
                if self.parameterDefinition(self.FUNCTIONS_FIELD) is not None else "")

    def resident_figures(self, parameters, context, residents, profile, feedback) -> tuple:
        """(population of each resident point, age-group counts), checked; points without geometry are logged."""
        import numpy as np

        from ..lifecircle_plugin.core.coverage import clean_population

        pop_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        population = clean_population(residents.values(pop_field), residents.fids, residents.name, pop_field)
        groups = resident_groups(residents, residents.name, population, profile, feedback)
        missing_xy = np.flatnonzero(~np.isfinite(residents.xy).all(axis=1))
        if len(missing_xy):
            feedback.reportError(tr("Layer '{}': {} feature(s) without geometry (feature ids {}) count as "
                                    "unreachable.").format(residents.name, len(missing_xy),
                                                           ", ".join(str(residents.fids[i]) for i in missing_xy[:15])),
                                 False)
        return population, groups

    def facility_categories(self, parameters, context, facilities, residents, profile, feedback) -> tuple:
        """(checklist code of each facility, one-stop flags, floor areas, functions); None for fields not set."""
        import numpy as np

        from ..lifecircle_plugin.core import checklist
        from ..lifecircle_plugin.core.one_plus_n import ONE_STOP_WORDS
        from ..lifecircle_plugin.core.typed import is_yes

        cat_field = self.parameterAsString(parameters, self.CATEGORY_FIELD, context)
        mapping = MAPPING_CHOICES[self.parameterAsEnum(parameters, self.MAPPING, context)][0]
        mapper = checklist.load_mapping(mapping, self.parameterAsFile(parameters, self.MAPPING_TABLE, context) or None,
                                        valid_codes=set(profile.codes))
        values = facilities.values(cat_field)
        codes, unmapped = mapper.map_values(values)
        log_keyword_categories(feedback, facilities.name, cat_field, mapper, values)
        if unmapped:
            top = ", ".join(f"{v!s} ({n})" for v, n in unmapped.most_common(20))
            feedback.reportError(
                tr("Layer '{}': {} facilities have a '{}' value that maps to no checklist category, left out of the "
                   "analysis: {}").format(facilities.name, sum(unmapped.values()), cat_field, top), False)
        one_stop_field, area_field, functions_field = self.facility_fields(parameters, context)
        one_stop = (np.array([is_yes(v, ONE_STOP_WORDS) for v in facilities.values(one_stop_field)], dtype=bool)
                    if one_stop_field else None)
        area = (np.array([_number_or_nan(v) for v in facilities.values(area_field)], dtype=float)
                if area_field else None)
        functions = (self._read_functions(facilities, facilities.name, functions_field, profile, feedback)
                     if functions_field else None)
        return codes, one_stop, area, functions

    def read_units(self, parameters, context, steps, crs, profile, type_profiles, feedback) -> "UnitInputs":
        """The units (ids, polygons, features, the profile of each by its type), checked for overlaps; empty
        UnitInputs without units."""
        from ..lifecircle_plugin.core.geometry import check_polygons, overlapping_pairs
        from ..lifecircle_plugin.qgis_bridge import read_source

        units_src = self.parameterAsSource(parameters, self.UNITS, context)
        type_field = (self.parameterAsString(parameters, self.UNIT_TYPE_FIELD, context)
                      if self.parameterDefinition(self.UNIT_TYPE_FIELD) is not None else "")
        if type_profiles and (units_src is None or not type_field):
            raise QgsProcessingException(tr("Profiles by unit type need the units and their unit type field: set "
                                            "UNITS and UNIT_TYPE_FIELD (e.g. unit_type), or clear UNIT_TYPE_PROFILES."))
        if units_src is None:
            return UnitInputs()
        units_src, units_name = self.source_or_fail(parameters, self.UNITS, context, tr("units"))
        id_field = self.parameterAsString(parameters, self.UNIT_ID_FIELD, context)
        data = read_source(units_src, units_name, crs, context, steps, fields=[id_field, type_field])
        unit_polys = check_polygons(data.geometries, data.fids, units_name)
        unit_ids = [str(v) if v is not None else str(fid) for v, fid in
                    zip(data.attributes[id_field] if id_field else data.fids, data.fids)]
        overlaps = overlapping_pairs(unit_polys, min_area=1.0)
        if overlaps:
            listed = "; ".join(f"{unit_ids[i]} and {unit_ids[j]} ({a:,.0f} m²)" for i, j, a in overlaps[:10])
            raise QgsProcessingException(tr(
                "Layer '{}': units overlap, so residents would count twice: {}. Fix the unit polygons "
                "(e.g. with 'Remove overlaps' or by snapping) and run again.").format(units_name, listed))
        profiles = (profiles_by_unit_type(data.attributes[type_field], type_profiles, profile, units_name, type_field,
                                          feedback) if type_field else None)
        return UnitInputs(units_src, unit_ids, unit_polys, list(units_src.getFeatures()), profiles)

    def _optional_number(self, parameters, name, context) -> Optional[float]:
        """An optional number parameter's value, None when left empty."""
        if parameters.get(name) in (None, "") or self.parameterDefinition(name) is None:
            return None
        return self.parameterAsDouble(parameters, name, context)

    def _read_functions(self, facilities, layer_name, field, profile, feedback) -> list:
        """The checklist codes each facility's functions field lists (items that are none are logged)."""
        from collections import Counter

        from ..lifecircle_plugin.core.checklist import parse_functions

        out, unknown = [], Counter()
        for value in facilities.values(field):
            codes, bad = parse_functions(value, profile)
            out.append(codes)
            unknown.update(bad)
        if unknown:
            feedback.reportError(tr("Layer '{}', functions field '{}': {} item(s) are no checklist code or category "
                                    "name of the profile and were ignored: {}").format(
                layer_name, field, sum(unknown.values()), ", ".join(f"{v} ({n})" for v, n in unknown.most_common(20))),
                False)
        return out

    # ------------------------------------------------------------------------------------------------------
    def _convert_chinese_coordinates(self, facilities, source, crs, context, feedback):
        """GCJ-02/BD-09 facility locations -> WGS 84 (the layer must be in lon/lat)."""
        import numpy as np
        from qgis.core import QgsCoordinateTransform

        from ..lifecircle_plugin.core.coords import convert_coordinates

        if not facilities.crs.isGeographic():
            raise QgsProcessingException(tr(
                "Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: GCJ-02/BD-09 "
                "offsets apply to longitude/latitude. Give the layer in its original lon/lat CRS (EPSG:4326).")
                .format(facilities.name, facilities.crs.authid(), source))
        geoms, lon, lat = [], [], []
        for f in facilities.features:
            g = f.geometry()
            p = None if g.isNull() or g.isEmpty() else (g.asPoint() if QgsWkbTypes.flatType(g.wkbType()) ==
                                                        QgsWkbTypes.Type.Point else g.pointOnSurface().asPoint())
            lon.append(p.x() if p else np.nan)
            lat.append(p.y() if p else np.nan)
        conv = convert_coordinates(np.array(lon), np.array(lat), source, "WGS84")
        to_work = QgsCoordinateTransform(facilities.crs, crs, context.transformContext())
        xy = np.full((len(lon), 2), np.nan)
        for i, f in enumerate(facilities.features):
            g = QgsGeometry(f.geometry())
            if np.isfinite(lon[i]):
                g.translate(float(conv.lon[i] - lon[i]), float(conv.lat[i] - lat[i]))
                p = to_work.transform(conv.lon[i], conv.lat[i])
                xy[i] = (p.x(), p.y())
            geoms.append(g)
        feedback.pushInfo(tr("Layer '{}': facility coordinates converted from {} to WGS 84 ({} outside China left "
                             "unchanged).").format(facilities.name, source, conv.n_outside_china))
        facilities.xy = xy
        return facilities, geoms

    def _log(self, r, residents, facilities, res_name, fac_name, unit_ids, feedback):
        d = r.diagnostics
        if d["residents_beyond_snap"]:
            ids = [residents.fids[i] for i in d["residents_beyond_snap"]]
            pop = float(r.population[d["residents_beyond_snap"]].sum())
            feedback.reportError(tr("Layer '{}': {} resident point(s) ({:,.0f} residents) are farther than the snap "
                                    "tolerance from any walkable street and count as not covered (feature ids {}).")
                                 .format(res_name, len(ids), pop, _listed(ids)), False)
        if d["facilities_beyond_snap"]:
            ids = [facilities.fids[i] for i in d["facilities_beyond_snap"]]
            feedback.reportError(tr("Layer '{}': {} facilities are farther than the snap tolerance from any walkable "
                                    "street and serve nobody (feature ids {}).").format(fac_name, len(ids),
                                                                                         _listed(ids)), False)
        if d["residents_outside_units"]:
            feedback.pushInfo(tr("{} resident point(s) lie outside every unit: they count in the overall shares "
                                 "only.").format(len(d["residents_outside_units"])))
        if d["categories_without_facilities"]:
            feedback.pushWarning(tr("No facility at all for: {}").format(
                "、".join(f"{c} {r.names_zh[c]}" for c in d["categories_without_facilities"])))
        shares = r.overall_share()
        everyone = r.overall_share(everyone=True) if r.serves else shares
        feedback.pushInfo(tr("Share of residents within walking distance, by category:"))
        for c in r.codes:
            group_share = ""
            if c in r.serves:
                from ..lifecircle_plugin.core.groups import serves_label

                group_share = tr(" of {}; {:.1%} of all residents").format(serves_label(r.serves[c], ui_language()),
                                                                            everyone[c])
            feedback.pushInfo(tr("  {} {} ({}, {:.0f} m): {:.1%}{} — {} facilities").format(
                c, r.names_zh[c], r.tiers[c], r.thresholds[c], shares[c], group_share,
                d['facilities_by_code'].get(c, 0)))
        feedback.pushInfo(tr("{} of {} unit(s) meet the 十全 target.").format(int(r.unit_meets_target.sum()),
                                                                             len(r.unit_population)))

    def _log_one_plus_n(self, r, inp, unit_ids, feedback, link_distance=None):
        import numpy as np

        ones = r.one_plus_n
        if inp.one_stop is None:
            feedback.pushInfo(tr("'1+N': no one-stop flag field (ONE_STOP_FIELD), so no unit has a one-stop centre; "
                                 "N points are counted, none is linked."))
        link = link_distance if link_distance is not None else inp.profile.small_point_link_m
        feedback.pushInfo(tr("'1+N': {} of {} unit(s) have a one-stop centre with every one-stop function ({}); N "
                             "points: {} linked (within a {:,.0f} m walk of the centre along the network), {} not "
                             "linked.").format(
            int((ones.centre >= 0).sum()), len(ones.centre), "、".join(inp.profile.one_stop_codes) or "—",
            int(ones.n_linked.sum()), link, int(ones.n_unlinked.sum())))
        for u in np.flatnonzero((ones.centre < 0) & (ones.candidate >= 0)).tolist()[:15]:
            feedback.pushInfo(tr("  {}: the flagged centre (feature id {}) is not a one-stop centre: {}").format(
                unit_ids[u] if unit_ids else tr("whole area"), inp.facilities.fids[ones.candidate[u]],
                centre_note(r, u) or ""))

    def _write_residents(self, parameters, context, r, residents, unit_ids, gated=None):
        """``gated``: the run's gated compounds (a ``compound`` column says which one each resident is behind)."""
        from ..lifecircle_plugin.core.phase_timer import phase

        extra = QgsFields()
        extra.append(make_field("unit_id", STRING))
        extra.append(make_field("snapped", BOOL))
        extra.append(make_field("access_m", DOUBLE))
        for c in r.codes:
            extra.append(make_field(f"d_{c}", DOUBLE))
        extra.append(make_field("n_q_met", INT))
        extra.append(make_field("n_m_met", INT))
        extra.append(make_field("unreachable", BOOL))
        behind = gated is not None and r.resident_compound is not None
        if behind:
            extra.append(make_field("compound", STRING))
        fields = QgsProcessingUtils.combineFields(residents.fields, extra)
        with phase("write residents/columns"):
            columns = self._resident_columns(r, unit_ids, gated if behind else None)
        # (the residents' features become the output's: after this only their geometries are read, for the hull)
        return self._sink(parameters, context, self.RESIDENTS_OUTPUT, fields, residents.features, None,
                          residents.wkb_type, residents.crs, "coverage_residents", columns=columns, reuse=True)

    def _resident_columns(self, r, unit_ids, gated=None) -> list:
        """The residents' new columns, whole (100,000 residents × 20 categories are millions of values): unit,
        snapped, access, the distance to each category, categories met, unreachable (and the gated compound)."""
        snapped = r.resident_snapped.astype(bool)
        columns = [[unit_ids[u] if (u >= 0 and unit_ids) else None for u in r.resident_unit.tolist()],
                   snapped.tolist(), numbers_or_null(r.resident_access, 1)]
        for j in range(len(r.codes)):
            self.check_cancel()
            columns.append(numbers_or_null(r.resident_distance[:, j], 1))
        columns += [r.resident_met_must.astype(int).tolist(), r.resident_met_optional.astype(int).tolist(),
                    (~snapped).tolist()]
        if gated is not None:
            labels = [tr_msg(label) for label in gated.part_labels]
            columns.append([labels[k] if k >= 0 else None for k in r.resident_compound.tolist()])
        return columns

    def _gap_priority(self, parameters, context, r, inp, feedback):
        """With NEEDS: the unmet categories of each unit ranked by residents beyond reach × need factor (logged)."""
        import numpy as np

        from ..lifecircle_plugin.core.geometry import points_in_polygons
        from ..lifecircle_plugin.core.needs import coverage_gap_priority

        needs = read_needs(self, parameters, context, inp.crs, feedback)
        if needs is None:
            return None
        unit = (points_in_polygons(needs.xy, inp.unit_polys) if inp.unit_polys
                else np.where(np.isfinite(needs.xy).all(axis=1), 0, -1))
        gaps = coverage_gap_priority(r, unit, needs.xy, needs.codes, needs.weights, needs.bonus, needs.full)
        feedback.pushInfo(tr("Gap ranking: index = 100 × the residents a category serves who are beyond its "
                             "threshold, each counted {}, ÷ the residents it serves in the unit. Highest:")
                          .format(needs.formula()))
        ranked = sorted(((p, u, c, a) for u in range(len(r.unit_population)) for c, p, a in gaps.ranked(u, r.codes)),
                        key=lambda t: -t[0])
        for p, u, c, a in ranked[:15]:
            feedback.pushInfo(tr("  {} {} {}: index {:.0f} ({:g} asked in the unit)").format(
                inp.unit_ids[u] if inp.unit_ids else tr("whole area"), c, r.names_zh[c], p, a))
        return gaps

    def _write_units(self, parameters, context, r, unit_ids, unit_feats, units_src, residents, crs, gaps=None):
        extra = QgsFields()
        for name, kind in (("unit_id", STRING), ("population", DOUBLE), ("residents", INT)):
            extra.append(make_field(name, kind))
        for c in r.codes:
            extra.append(make_field(f"c_{c}", DOUBLE))
        for c in r.codes:
            extra.append(make_field(f"n_{c}", INT))
        grouped = [j for j, c in enumerate(r.codes) if c in r.serves]
        for j in grouped:  # beside a group's share: the group's residents, and the share of all residents
            extra.append(make_field(f"sv_{r.codes[j]}", DOUBLE))
            extra.append(make_field(f"call_{r.codes[j]}", DOUBLE))
        for name, kind in (("q_met", INT), ("m_met", INT), ("missing_q", STRING),
                           ("missing_m", STRING), ("meets_target", BOOL),
                           ("one_stop", BOOL), ("small_points", INT), ("centre_type", STRING), ("n_linked", INT),
                           ("n_unlinked", INT), ("missing_fn", STRING), ("centre_note", STRING),
                           ("profile", STRING), ("target_pct", DOUBLE),
                           ("score", DOUBLE), ("group_basis", STRING)):
            extra.append(make_field(name, kind))
        asked = [j for j in range(len(r.codes)) if gaps is not None and gaps.asked[:, j].any()]
        for j in asked:
            extra.append(make_field(f"nd_{r.codes[j]}", DOUBLE))
        if gaps is not None:
            extra.append(make_field("gaps_ranked", STRING))
        rows = []
        for u in range(len(r.unit_population)):
            row = [unit_ids[u] if unit_ids else tr("whole area"), float(r.unit_population[u]),
                   int(r.unit_residents[u])]
            row += [_num(100.0 * r.unit_share[u, j], 1) for j in range(len(r.codes))]
            row += [int(r.unit_presence[u, j]) for j in range(len(r.codes))]
            for j in grouped:
                row += [float(r.unit_served[u, j]), _num(100.0 * r.unit_share_all[u, j], 1)]
            ones = r.one_plus_n
            row += [int(r.unit_met_must[u]), int(r.unit_met_optional[u]), r.unit_missing(u, "十全"),
                    r.unit_missing(u, "十美"), bool(r.unit_meets_target[u]), bool(r.unit_one_stop[u]),
                    int(r.unit_small_points[u]), ones.centre_type[u] or None, int(ones.n_linked[u]),
                    int(ones.n_unlinked[u]), r.missing_functions(u) or None, centre_note(r, u),
                    r.unit_profile[u] if r.unit_profile else None, round(100.0 * float(r.unit_target[u]), 2),
                    float(r.unit_score[u]), r.group_basis() or None]
            row += [float(gaps.asked[u, j]) for j in asked]
            if gaps is not None:
                row.append("；".join(f"{r.names_zh[c]} {p:.0f}" + (f"（{a:g}）" if a else "")
                                    for c, p, a in gaps.ranked(u, r.codes)) or None)
            rows.append(row)
        if unit_feats is not None:
            fields = QgsProcessingUtils.combineFields(units_src.fields(), extra)
            return self._sink(parameters, context, self.UNITS_OUTPUT, fields, unit_feats, rows,
                              units_src.wkbType(), units_src.sourceCrs(), "coverage_units")
        # no units: one feature for the whole area, its geometry the residents' convex hull
        from qgis.core import QgsFeature

        from ..lifecircle_plugin.qgis_bridge import whole_area_hull

        # (an empty geometry when one resident, or all on one line: the whole area has no polygon to draw)
        hull = whole_area_hull(residents, self.check_cancel)
        whole = QgsFeature(QgsFields())
        whole.setGeometry(hull)
        whole.setAttributes([])
        return self._sink(parameters, context, self.UNITS_OUTPUT, extra, [whole], rows, QgsWkbTypes.Type.Polygon,
                          residents.crs, "coverage_units")

    def _write_facilities(self, parameters, context, r, facilities, geoms, unit_ids):
        if parameters.get(self.FACILITIES_OUTPUT) in (None, ""):
            return {}
        extra = QgsFields()
        for name, kind in (("lc_code", STRING), ("lc_name", STRING), ("lc_tier", STRING),
                           ("snapped", BOOL), ("access_m", DOUBLE),
                           ("pop_within", DOUBLE), ("pop_nearest", DOUBLE), ("role", STRING), ("link_m", DOUBLE),
                           ("hosts", STRING)):
            extra.append(make_field(name, kind))
        fields = QgsProcessingUtils.combineFields(facilities.fields, extra)
        rows = []
        ones = r.one_plus_n
        for i, code in enumerate(r.facility_code):
            hosts = ones.hosted.get(i)
            rows.append([code, r.names_zh.get(code) if code else None, r.tiers.get(code) if code else None,
                         bool(r.facility_snapped[i]), _num(r.facility_access[i], 1),
                         _num(r.facility_pop_within[i], 0), _num(r.facility_pop_nearest[i], 0),
                         ones.role[i] or None, _num(ones.link_m[i], 1),
                         ";".join(c for c in r.codes if c in hosts) if hosts is not None else None])
        return self._sink(parameters, context, self.FACILITIES_OUTPUT, fields, facilities.features, rows,
                          facilities.wkb_type, facilities.crs, "coverage_facilities", geometries=geoms)

    def _write_service_areas(self, parameters, context, r, crs, out_crs, buffer_m, feedback):
        from ..lifecircle_plugin.core.service_areas import service_area_polygons
        from ..lifecircle_plugin.qgis_bridge import back_transform, shapely_to_qgs

        fields = QgsFields()
        for name, kind in (("lc_code", STRING), ("lc_name", STRING), ("lc_tier", STRING),
                           ("threshold_m", DOUBLE), ("street_km", DOUBLE),
                           ("area_km2", DOUBLE)):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.SERVICE_AREAS, context, fields,
                                          QgsWkbTypes.Type.MultiPolygon,
                                          out_crs)
        if sink is None:
            return {}
        transform = back_transform(crs, out_crs, context)
        from qgis.core import QgsFeature

        # (a district's service areas take tens of seconds: progress per category, cancellable inside each; the
        # next category's pieces are made and its tiles buffered while this one is united and written, and each
        # category's pieces are let go once its area is made — all categories' line pieces alive at once would take
        # gigabytes)
        codes = [c for c in r.codes if c in r.service_areas]
        pieces_of = lambda code: r.service_areas.pieces(code, self.check_cancel)  # noqa: E731
        areas = service_area_polygons(codes, pieces_of, buffer_m, is_cancelled=feedback.isCanceled)
        for j, (c, street_m, poly) in enumerate(areas):
            feedback.setProgress(100.0 * j / max(len(codes), 1))
            if poly is None:
                continue
            g = shapely_to_qgs(poly)
            if transform is not None:
                g.transform(transform)
            g.convertToMultiType()
            f = QgsFeature(fields)
            f.setGeometry(g)
            f.setAttributes([c, r.names_zh[c], r.tiers[c], r.thresholds[c], round(street_m / 1000, 3),
                             round(poly.area / 1e6, 4)])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        load_with_style(context, dest, "coverage_service_areas")
        return {self.SERVICE_AREAS: dest}

    def _sink(self, parameters, context, name, fields, features, rows, wkb_type, crs, style, geometries=None,
              columns=None, reuse=False):
        """Writes output ``name``: each feature followed by its row of ``rows`` (or of whole ``columns``), in bulk;
        ``reuse``: the features themselves become the output's (see sink_rows.write_with_columns)."""
        from .sink_rows import write_rows_bulk, write_with_columns

        sink, dest = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        # a file of its own: written and closed in the background while the run goes on (see write_outputs)
        background = self._finish_early and self.writes_a_file(dest, context)
        if columns is not None:
            write_with_columns(sink, fields, features, columns, geometries, self.check_cancel, reuse=reuse,
                               background=background)
        else:
            write_rows_bulk(sink, fields, features, rows, geometries, self.check_cancel, background=background)
        load_with_style(context, dest, style, wkb_type)
        return {name: dest}


def log_target(feedback, profile, target) -> None:
    """Which coverage target a run uses and where it comes from (TARGET, or the profile's settings)."""
    if target is not None:
        feedback.pushInfo(tr("Target: {:.0%}, set by TARGET (the profile's own is {:.0%}).").format(
            target, profile.target_share))
    elif getattr(profile, "target_label", ""):
        feedback.pushInfo(tr("Target for {}: {:.0%}, the profile's target for {} (its target_year); set TARGET to "
                             "use another.").format(profile.label, profile.target_share, profile.target_label))
    else:
        feedback.pushInfo(tr("Target for {}: {:.0%}, the profile's target_share; set TARGET to use another.").format(
            profile.label, profile.target_share))


def profiles_by_unit_type(types, type_profiles: dict, profile, layer_name: str, field: str, feedback) -> list:
    """The profile of each unit: its type's in ``type_profiles`` (types compared as typed, case-insensitive),
    else ``profile``; logs how many units each profile judges and the named types no unit has."""
    from collections import Counter

    from ..lifecircle_plugin.core.typed import clean_text, word_key

    by_key = {word_key(t): p for t, p in type_profiles.items()}
    chosen, used = [], Counter()
    for value in types:
        other = by_key.get(word_key(value))
        chosen.append(other or profile)
        used[clean_text(value) if other else ""] += 1
    for unit_type in type_profiles:
        if not used.get(clean_text(unit_type)):
            feedback.pushWarning(tr("Layer '{}', field '{}': no unit has type {}, so its profile judges no unit.")
                                 .format(layer_name, field, unit_type))
    judged = ", ".join(f"{t} {n}" for t, n in sorted(used.items()) if t)
    feedback.pushInfo(tr("Units judged by their type's profile: {}; by {}: {}.").format(
        judged or "0", profile.label, used.get("", 0)))
    return chosen


def _number_or_nan(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def report_phases() -> None:
    """With LIFECIRCLE_PHASES set: the run's phase timings on stderr, one line each (scripts/bench_e2e.py reads
    them)."""
    import sys

    from ..lifecircle_plugin.core.phase_timer import enabled, report_lines, take

    if enabled():
        for line in report_lines(take()):
            print(line, file=sys.stderr, flush=True)
