"""lifecircle:distributepopulation — census to buildings: resident points with population and age groups."""

from __future__ import annotations

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from .base import LifeCircleAlgorithm, _param, listed, tr
from .styles import load_with_style
from ..lifecircle_plugin.core.residential import residential_words
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field

METHOD_CHOICES = [
    ("floor_area", "Floor area (footprint × floors)"),
    ("footprint", "Footprint area"),
    ("count", "One share per building"),
]
#: use values that mean "people live here": the one list of residential words (resources/rules/unit_types.csv's 居住
#: rows: Chinese land-use/building-use words and OSM building=* values)
RESIDENTIAL_WORDS = ", ".join(residential_words())
#: the fields the output writes itself besides the age groups' (name, type, alias), around them: before, after
OWN_FIELDS_BEFORE = (("census_id", STRING, "普查单元"), ("population", INT, "人口"))
OWN_FIELDS_AFTER = (("basis", DOUBLE, "分配依据(建筑面积/占地)"), ("split", BOOL, "跨普查单元"),
                    ("note", STRING, "说明"))
#: (parameter, group key) for the optional age-group fields of the census polygons
GROUP_PARAMETERS = (("AGE_0_3_FIELD", "0-3"), ("AGE_3_6_FIELD", "3-6"), ("AGE_6_12_FIELD", "6-12"),
                    ("AGE_60_FIELD", "60+"), ("AGE_80_FIELD", "80+"))


class DistributePopulationAlgorithm(LifeCircleAlgorithm):
    NAME = "distributepopulation"
    DISPLAY = "Distribute population to buildings (census → resident points)"
    GROUP = "people"
    REQUIRES = ("numpy", "shapely")

    CENSUS = "CENSUS"
    CENSUS_ID_FIELD = "CENSUS_ID_FIELD"
    POPULATION_FIELD = "POPULATION_FIELD"
    BUILDINGS = "BUILDINGS"
    FLOORS_FIELD = "FLOORS_FIELD"
    HEIGHT_FIELD = "HEIGHT_FIELD"
    STOREY_HEIGHT = "STOREY_HEIGHT"
    USE_FIELD = "USE_FIELD"
    RESIDENTIAL_VALUES = "RESIDENTIAL_VALUES"
    METHOD = "METHOD"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        from ..lifecircle_plugin.core.people_defaults import DEFAULT_STOREY_M

        polygon = [QgsProcessing.SourceType.TypeVectorPolygon]
        self.addParameter(_param(QgsProcessingParameterFeatureSource(self.CENSUS, tr("Census polygons"), polygon),
                                 "Polygons with a population each (居委, 小区, census tracts); they must not overlap."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.CENSUS_ID_FIELD, tr("Census polygon id field"), parentLayerParameterName=self.CENSUS,
            optional=True), "Names each polygon in the output and in messages (default: the feature id)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.POPULATION_FIELD, tr("Population field"), parentLayerParameterName=self.CENSUS,
            type=QgsProcessingParameterField.DataType.Any, defaultValue="population"),
            "Residents of each polygon (0 or more)."))
        for name, key in GROUP_PARAMETERS:
            self.addParameter(_param(QgsProcessingParameterField(
                name, tr("Residents aged {} (field)").format(key), parentLayerParameterName=self.CENSUS,
                type=QgsProcessingParameterField.DataType.Any, optional=True),
                "Count of the polygon's residents in the age group (part of its population)."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(self.BUILDINGS, tr("Buildings"), polygon),
                                 "Building footprints."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.FLOORS_FIELD, tr("Floors field"), parentLayerParameterName=self.BUILDINGS,
            type=QgsProcessingParameterField.DataType.Any, optional=True), "Number of storeys of each building."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.HEIGHT_FIELD, tr("Height field (m)"), parentLayerParameterName=self.BUILDINGS,
            type=QgsProcessingParameterField.DataType.Any, optional=True),
            "Building height in metres, used where the floors field is empty (floors = height ÷ storey height)."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.STOREY_HEIGHT, tr("Storey height (m)"), QgsProcessingParameterNumber.Type.Double, DEFAULT_STOREY_M,
            minValue=2.0, maxValue=10.0), "Metres per storey when floors come from the height (3 m: the usual "
            "planning figure; GB 50096-2011 §5.5.1 allows dwellings up to 2.8 m plus the slab).", advanced=True))
        self.addParameter(_param(QgsProcessingParameterField(
            self.USE_FIELD, tr("Building use field"), parentLayerParameterName=self.BUILDINGS, optional=True),
            "Building use; only buildings whose use is a residential value count. Without it every building "
            "counts."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.RESIDENTIAL_VALUES, tr("Residential use values (comma-separated)"), RESIDENTIAL_WORDS,
            optional=True), "Values of the use field that mean people live there (compared ignoring case and "
            "full-width letters).", advanced=True))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.METHOD, tr("Share population by"), [tr(label) for _, label in METHOD_CHOICES], defaultValue=0),
            "Floor area needs floors or height; footprint suits low-rise areas without floors; one share per "
            "building suits address points drawn as small polygons."))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Resident points"), QgsProcessing.SourceType.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputNumber("RESIDENT_POINTS", tr("Resident points")))
        self.addOutput(QgsProcessingOutputNumber("POPULATION", tr("Residents placed")))

    # ------------------------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        from qgis.core import QgsProcessingMultiStepFeedback

        from ..lifecircle_plugin.core.population import distribute_population

        steps = QgsProcessingMultiStepFeedback(3, feedback)
        census, buildings, crs = self._read(parameters, context, steps)
        steps.setCurrentStep(1)
        progress, cancelled = self.progress_callbacks(steps)
        result = distribute_population(
            census["polygons"], census["population"], buildings["polygons"], census_groups=census["groups"],
            floors=buildings["floors"], residential=buildings["homes"], method=buildings["method"],
            census_ids=census["ids"], census_layer=census["name"], progress=progress, is_cancelled=cancelled)
        self._log(result, census, buildings, feedback)
        steps.setCurrentStep(2)
        dest = self._write(parameters, context, result, census, buildings, crs)
        return {self.OUTPUT: dest, "RESIDENT_POINTS": len(result.population),
                "POPULATION": int(result.population.sum())}

    def _read(self, parameters, context, feedback):
        from ..lifecircle_plugin.qgis_bridge import read_source, working_crs

        census_src, census_name = self.source_or_fail(parameters, self.CENSUS, context, tr("census polygons"))
        build_src, build_name = self.source_or_fail(parameters, self.BUILDINGS, context, tr("buildings"))
        for src, name in ((census_src, census_name), (build_src, build_name)):
            if src.featureCount() == 0:
                raise QgsProcessingException(tr("Layer '{}' is empty.").format(name))
        crs = working_crs(build_src, context, feedback, build_name)  # (the output is in the buildings' CRS)
        census = self._read_census(parameters, context, feedback, census_src, census_name, crs)
        method = METHOD_CHOICES[self.parameterAsEnum(parameters, self.METHOD, context)][0]
        floors_field = self.parameterAsString(parameters, self.FLOORS_FIELD, context)
        height_field = self.parameterAsString(parameters, self.HEIGHT_FIELD, context)
        use_field = self.parameterAsString(parameters, self.USE_FIELD, context)
        if method == "floor_area" and not (floors_field or height_field):
            raise QgsProcessingException(tr(
                "Sharing by floor area needs the buildings' floors or height: choose the floors field or the height "
                "field of layer '{}', or share by footprint area.").format(build_name))
        names = build_src.fields().names()
        data = read_source(build_src, build_name, crs, context, feedback, fields=names)
        # the output writes its own census_id, population, pop_0_3 … : a building's fields of those names (e.g. from
        # an earlier run, or a group not chosen here) are left out, never carried beside them to be read as ours
        reserved = _reserved_names()
        kept = [n for n in names if n.lower() not in reserved]
        if len(kept) < len(names):
            feedback.pushInfo(tr("Layer '{}': its fields {} are left out of the output, which writes its own.")
                              .format(build_name, ", ".join(n for n in names if n.lower() in reserved)))
        out_fields = QgsFields()
        for n in kept:
            out_fields.append(build_src.fields().field(n))
        shapes = [g if g is not None and g.geom_type in ("Polygon", "MultiPolygon") else None
                  for g in data.geometries]
        homes = self._residential(parameters, context, data, use_field, build_name, feedback)
        floors, assumed = self._floors(parameters, context, data, floors_field, height_field, homes, method)
        buildings = {"name": build_name, "polygons": shapes, "fids": data.fids, "fields": out_fields,
                     "rows": [[data.attributes[n][i] for n in kept] for i in range(len(data.fids))],
                     "floors": floors, "assumed": assumed, "homes": homes, "method": method,
                     "crs": build_src.sourceCrs()}
        return census, buildings, crs

    def _read_census(self, parameters, context, feedback, src, name, crs) -> dict:
        from ..lifecircle_plugin.core.coverage import clean_population
        from ..lifecircle_plugin.core.feature_ids import ids_or_fids
        from ..lifecircle_plugin.core.geometry import check_polygons
        from ..lifecircle_plugin.qgis_bridge import read_source

        id_field = self.parameterAsString(parameters, self.CENSUS_ID_FIELD, context)
        pop_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        group_fields = {key: self.parameterAsString(parameters, p, context) for p, key in GROUP_PARAMETERS}
        group_fields = {k: f for k, f in group_fields.items() if f}
        wanted = [f for f in [id_field, pop_field, *group_fields.values()] if f]
        data = read_source(src, name, crs, context, feedback, fields=wanted)
        polygons = check_polygons(data.geometries, data.fids, name)
        ids = ids_or_fids(data.attributes[id_field] if id_field else None, data.fids)
        population = clean_population(data.attributes[pop_field], data.fids, name, pop_field)
        groups = {k: clean_population(data.attributes[f], data.fids, name, f, allow_all_zero=True)
                  for k, f in group_fields.items()}
        if not groups:
            feedback.pushInfo(tr("No age-group fields chosen: the resident points carry the population only."))
        return {"name": name, "polygons": polygons, "ids": ids, "population": population, "groups": groups,
                "fids": data.fids}

    def _residential(self, parameters, context, data, use_field, name, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.population import residential_by_use

        if not use_field:
            return np.ones(len(data.fids), bool)
        values = data.attributes[use_field]
        homes, others = residential_by_use(values, self.parameterAsString(parameters, self.RESIDENTIAL_VALUES,
                                                                          context))
        feedback.pushInfo(tr("Layer '{}': {:,} of {:,} buildings are residential by '{}'; other uses left out: {}")
                          .format(name, int(homes.sum()), len(values), use_field, "、".join(others[:20]) or "—"))
        if not homes.any():
            raise QgsProcessingException(tr(
                "Layer '{}': no building has a residential use in field '{}' (values found: {}). Add the residential "
                "values to RESIDENTIAL_VALUES.").format(name, use_field, "、".join(others[:20]) or "—"))
        return homes

    def _floors(self, parameters, context, data, floors_field, height_field, homes, method):
        from ..lifecircle_plugin.core.population import floors_from

        if method != "floor_area":
            return None, []
        n = len(data.fids)
        floors, assumed = floors_from(data.attributes[floors_field] if floors_field else [None] * n,
                                      data.attributes[height_field] if height_field else None,
                                      self.parameterAsDouble(parameters, self.STOREY_HEIGHT, context))
        return floors, [i for i in assumed if homes[i]]

    def _log(self, r, census, buildings, feedback):
        name, fids = buildings["name"], buildings["fids"]
        if buildings["assumed"]:
            feedback.pushWarning(tr("Layer '{}': {} residential building(s) have no usable floors or height and "
                                    "count as one storey (feature ids {}).")
                                 .format(name, len(buildings["assumed"]),
                                         listed(fids[i] for i in buildings["assumed"])))
        if r.repaired:
            feedback.pushWarning(tr("Layer '{}': {} building(s) with an invalid polygon were repaired before "
                                    "measuring (feature ids {}).").format(name, len(r.repaired),
                                                                          listed(fids[i] for i in r.repaired)))
        if r.without_polygon:
            feedback.reportError(tr("Layer '{}': {} residential building(s) have no polygon and are left out (feature "
                                    "ids {}).").format(name, len(r.without_polygon),
                                                       listed(fids[i] for i in r.without_polygon)), False)
        if r.buildings_outside:
            feedback.reportError(tr("Layer '{}': {} residential building(s) lie in no census polygon and are left "
                                    "out (feature ids {}).").format(name, len(r.buildings_outside),
                                                                    listed(fids[i] for i in r.buildings_outside)),
                                 False)
        ids = census["ids"]
        if r.census_without_buildings:
            feedback.reportError(tr("Layer '{}': {} polygon(s) have no residential building; their residents are "
                                    "placed on a point inside the polygon, flagged (polygons {}).")
                                 .format(census["name"], len(r.census_without_buildings),
                                         listed(f"{ids[k]} ({int(census['population'][k]):,})"
                                                for k in r.census_without_buildings)), False)
        if r.census_rounded:
            feedback.pushWarning(tr("Layer '{}': {} polygon(s) have a population that is not a whole number; it is "
                                    "rounded (polygons {}).").format(census["name"], len(r.census_rounded),
                                                                    listed(ids[k] for k in r.census_rounded)))
        split = int(r.split.sum())
        feedback.pushInfo(tr("{:,} residents placed on {:,} points ({} buildings across two or more polygons "
                             "were shared by area).").format(int(r.population.sum()), len(r.population), split))

    def _write(self, parameters, context, r, census, buildings, crs):
        import numpy as np
        from shapely.geometry import Point

        from ..lifecircle_plugin.core.groups import group
        from ..lifecircle_plugin.qgis_bridge import back_transform, write_features

        fields = QgsFields(buildings["fields"])
        extra = [*OWN_FIELDS_BEFORE, *((group(k).field, INT, group(k).name_zh) for k in r.groups), *OWN_FIELDS_AFTER]
        for name, kind, alias in extra:
            f = make_field(name, kind)
            f.setAlias(alias)
            fields.append(f)
        out_crs = buildings["crs"]
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.Point, out_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        n_fields = len(buildings["fields"])
        empty_note = tr("no residential building in the census polygon: its residents on a point inside it")
        rows = []
        for i in range(len(r.population)):
            b = int(r.building[i])
            base = buildings["rows"][b] if b >= 0 else [None] * n_fields
            row = list(base) + [census["ids"][int(r.census[i])], int(r.population[i])]
            row += [int(r.groups[k][i]) for k in r.groups]
            row += [round(float(r.basis[i]), 1) if b >= 0 else None, bool(r.split[i]), None if b >= 0 else
                    empty_note]
            rows.append(row)
        points = [Point(float(x), float(y)) for x, y in np.asarray(r.xy)]
        write_features(sink, fields, rows, points, back_transform(crs, out_crs, context))
        load_with_style(context, dest, "population_points")
        return dest


def _reserved_names() -> set:
    """Names the output writes itself, whichever groups a run has (a building field so named is left out)."""
    from ..lifecircle_plugin.core.groups import group_fields

    return {name for name, _, _ in OWN_FIELDS_BEFORE + OWN_FIELDS_AFTER} | set(group_fields())
