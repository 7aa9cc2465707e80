"""lifecircle:delineateunits — 划示基本单元: group blocks (居委 / 居住街坊) into life-circle units people walk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from .base import (
    SNAP_TOLERANCE,
    LifeCircleAlgorithm,
    _param,
    add_network_parameters,
    read_network,
    tr,
    number_or_null as _num,
)
from .styles import load_with_style
from ..lifecircle_plugin.core.feature_ids import ids_or_fids
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field
from ..lifecircle_plugin.messages import error_message, tr_msg
from .gated_inputs import say_compounds_unused

#: (preset id in resources/rules/unit_presets.csv or "own", label). The order is the enum index that saved models
#: and scripts store: new presets go at the end. The labels repeat the table's numbers (a test keeps them equal).
PRESET_CHOICES = [
    ("shanghai_central", "Shanghai central city 上海主城区: 30,000–50,000 residents, 1,000 m"),
    ("shanghai_new_town", "Shanghai new towns 上海新城: 20,000 residents or more, 1,500 m"),
    ("gb50180_15min", "GB 50180-2018 15-minute life circle 十五分钟生活圈: 50,000–100,000 residents, 1,000 m"),
    ("own", "Your own values (POP_MIN / POP_MAX below)"),
    ("shanghai_new_market_town", "Shanghai new market towns 上海新市镇: 20,000 residents or more, 5,000 m"),
    ("shanghai_village", "Shanghai villages 上海乡村: no population floor, 3,000 m on foot or by bicycle"),
]


class DelineateUnitsAlgorithm(LifeCircleAlgorithm):
    NAME = "delineateunits"
    DISPLAY = "Delineate life-circle units (划示基本单元)"
    GROUP = "units"
    REQUIRES = ("numpy", "scipy", "shapely")

    BLOCKS = "BLOCKS"
    POPULATION_FIELD = "POPULATION_FIELD"
    BLOCK_ID_FIELD = "BLOCK_ID_FIELD"
    BLOCK_TYPE_FIELD = "BLOCK_TYPE_FIELD"
    ADMIN = "ADMIN"
    ADMIN_NAME_FIELD = "ADMIN_NAME_FIELD"
    ADMIN_FIELD = "ADMIN_FIELD"
    BARRIERS = "BARRIERS"
    NETWORK = "NETWORK"
    SEEDS = "SEEDS"
    SEED_NAME_FIELD = "SEED_NAME_FIELD"
    LOCKED_FIELD = "LOCKED_FIELD"
    PRESET = "PRESET"
    POP_MIN = "POP_MIN"
    POP_MAX = "POP_MAX"
    MAX_WALK = "MAX_WALK"
    ADJACENCY_GAP = "ADJACENCY_GAP"
    MIN_CONTACT = "MIN_CONTACT"
    LOCKED_CAN_GROW = "LOCKED_CAN_GROW"
    RANDOM_SEED = "RANDOM_SEED"
    UNITS = "UNITS"
    BLOCKS_OUTPUT = "BLOCKS_OUTPUT"
    CENTRES = "CENTRES"

    def initAlgorithm(self, config=None):  # noqa: N802
        num = QgsProcessingParameterNumber
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.BLOCKS, tr("Blocks (居委 / 居住街坊)"), [QgsProcessing.SourceType.TypeVectorPolygon]),
            "The areas units are made of: 居委 areas or residential blocks, not overlapping."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.POPULATION_FIELD, tr("Population field"), parentLayerParameterName=self.BLOCKS,
            type=QgsProcessingParameterField.DataType.Any), "Residents of each block (0 or more)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.BLOCK_ID_FIELD, tr("Block name or id field"), parentLayerParameterName=self.BLOCKS, optional=True),
            "Names blocks in messages and centres (default: the feature id)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.BLOCK_TYPE_FIELD, tr("Block type field (居住/商务/产业/乡村)"), parentLayerParameterName=self.BLOCKS,
            optional=True),
            "Optional: a unit's type is the type holding most of its residents. Values are read through "
            "resources/rules/unit_types.csv (住宅, R, residential → 居住; 商业, 办公, B → 商务; 工业, M → 产业; 村, "
            "村庄, village → 乡村); other values are named in the log and count as untyped. Without MAX_WALK, "
            "blocks typed 乡村 keep the 乡村 preset's walking radius."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.ADMIN, tr("街镇 polygons"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True),
            "Subdistricts / towns: a unit never crosses their boundaries. Each block belongs to the 街镇 it "
            "overlaps most. Give these or a 街镇 field on the blocks."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.ADMIN_NAME_FIELD, tr("街镇 name field"), parentLayerParameterName=self.ADMIN, optional=True),
            "Field with the 街镇 name (default: a field called 'name', else the feature id)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.ADMIN_FIELD, tr("…or 街镇 field on the blocks"), parentLayerParameterName=self.BLOCKS,
            optional=True), "Field on the blocks with their 街镇 (used when no 街镇 polygons are given)."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.BARRIERS, tr("Barriers (expressways, railways, rivers)"), [QgsProcessing.SourceType.TypeVectorLine],
            optional=True),
            "Lines that separate blocks: two blocks on either side are not neighbours unless a walkable line of "
            "the network crosses the barrier between them (a bridge or an underpass)."))
        add_network_parameters(self, self.NETWORK, snap=True, optional=True)
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.SEEDS, tr("Seeds (existing centres, optional)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True),
            "Points such as existing 党群服务中心 or one-stop centres: each anchors its own unit and is its centre "
            "(one per block; seeds outside every block are ignored with a message)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.SEED_NAME_FIELD, tr("Seed name field"), parentLayerParameterName=self.SEEDS, optional=True),
            "Names the centre of seeded units (default: the feature id)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.LOCKED_FIELD, tr("Locked unit field"), parentLayerParameterName=self.BLOCKS, optional=True),
            "Blocks a planner has already assigned: blocks with the same value form one unit that keeps them (and "
            "keeps the value as its unit_id); empty values are free. Locked blocks must be contiguous and in one "
            "街镇."))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.PRESET, tr("Population band"), [tr(label) for _, label in PRESET_CHOICES], defaultValue=0),
            "Residents per unit and walking radius by area type: Shanghai's central city (主城区), new towns (新城), "
            "new market towns (新市镇) and villages (乡村), GB 50180-2018's 15-minute life circle, or your own "
            "values. Each preset's values and public source, and whether it is a draft or an interpretation, are "
            "in resources/rules/unit_presets.csv (see resources/rules/README.md); the log names the source used."))
        self.addParameter(_param(num(
            self.POP_MIN, tr("POP_MIN: at least this many residents per unit"), num.Double, optional=True,
            minValue=1.0), "With 'your own values', or to override the preset's floor."))
        self.addParameter(_param(num(
            self.POP_MAX, tr("POP_MAX: at most this many residents per unit"), num.Double, optional=True,
            minValue=1.0), "With 'your own values' (empty: no ceiling), or to override the preset's ceiling."))
        self.addParameter(_param(num(
            self.MAX_WALK, tr("MAX_WALK: walking distance from the centre to every block (m)"), num.Double,
            optional=True, minValue=1.0),
            "Empty: the preset's radius (with your own values, GB 50180-2018's 1,000 m), and blocks typed 乡村 keep "
            "the 乡村 preset's. A value here applies to every block."))
        self.addParameter(_param(num(
            self.ADJACENCY_GAP, tr("Adjacency gap (m)"), num.Double, 80.0, minValue=0.0),
            "Blocks whose boundaries are closer than this are neighbours: slivers between 居委 polygons, or the "
            "streets and river corridors between blocks.", advanced=True))
        self.addParameter(_param(num(
            self.MIN_CONTACT, tr("Minimum shared boundary (m)"), num.Double, 20.0, minValue=0.0),
            "Blocks touching along less than this (e.g. only at a corner) are not neighbours.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterBoolean(
            self.LOCKED_CAN_GROW, tr("Locked units may take other blocks"), defaultValue=False),
            "Off: a locked unit is exactly its locked blocks. On: free blocks may join it.", advanced=True))
        self.addParameter(_param(num(
            self.RANDOM_SEED, tr("Random seed"), num.Integer, 1, minValue=0),
            "The search restarts from randomised centres: the same seed gives the same units.", advanced=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNITS, tr("Life-circle units"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.BLOCKS_OUTPUT, tr("Blocks with their unit"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CENTRES, tr("Unit centres"), QgsProcessing.SourceType.TypeVectorPoint, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("UNIT_COUNT", tr("Units")))
        self.addOutput(QgsProcessingOutputNumber("UNITS_MEETING_RULES", tr("Units meeting every rule")))

    # ------------------------------------------------------------------------------------------------------
    def _preset(self, parameters, context) -> str:
        return PRESET_CHOICES[self.parameterAsEnum(parameters, self.PRESET, context)][0]

    def _rules(self, parameters, context):
        """(unit rules, log lines naming where each value comes from): the preset's, where the planner's
        POP_MIN / POP_MAX / MAX_WALK are empty."""
        from ..lifecircle_plugin.core.units import unit_rules_from_preset

        def given(name):
            return None if parameters.get(name) in (None, "") else self.parameterAsDouble(parameters, name, context)

        return unit_rules_from_preset(
            self._preset(parameters, context), given(self.POP_MIN), given(self.POP_MAX), given(self.MAX_WALK),
            adjacency_gap=self.parameterAsDouble(parameters, self.ADJACENCY_GAP, context),
            min_contact=self.parameterAsDouble(parameters, self.MIN_CONTACT, context),
            locked_can_grow=self.parameterAsBool(parameters, self.LOCKED_CAN_GROW, context),
            seed=self.parameterAsInt(parameters, self.RANDOM_SEED, context))

    def process(self, parameters, context, feedback):
        from qgis.core import QgsProcessingMultiStepFeedback

        from ..lifecircle_plugin.core import units as U

        rules = self._checked_rules(parameters, context, feedback)
        steps = QgsProcessingMultiStepFeedback(4, feedback)
        steps.setCurrentStep(0)
        blocks_src, blocks_name = self.source_or_fail(parameters, self.BLOCKS, context, tr("blocks"))
        if blocks_src.featureCount() == 0:
            raise QgsProcessingException(tr("Layer '{}' (blocks) is empty.").format(blocks_name))
        net, crs = self._network_and_crs(parameters, context, feedback, steps, blocks_src, blocks_name)
        steps.setCurrentStep(1)
        blocks = self._read_blocks(parameters, context, feedback, steps, blocks_src, blocks_name, crs)
        subdistrict = self._subdistricts(parameters, context, steps, blocks, crs)
        barrier_lines = self._barrier_lines(parameters, context, steps, crs)
        seed_xy, seed_ids, seed_block = self._seeds(parameters, context, steps, crs, blocks.polygons)
        steps.setCurrentStep(2)
        progress, cancelled = self.progress_callbacks(steps)
        distances, crossings = self._distances(parameters, context, feedback, net, blocks.polygons, seed_xy,
                                               barrier_lines)
        result = U.delineate_units(
            blocks.polygons, blocks.population, subdistrict, rules, distances, block_ids=blocks.ids,
            layer_name=blocks_name, barrier_lines=barrier_lines, crossings=crossings, block_type=blocks.types,
            locked=blocks.locked, seed_block=seed_block, seed_ids=seed_ids, progress=progress,
            is_cancelled=cancelled)
        for message in result.messages:
            feedback.pushWarning(message)
        self._log(result, feedback)
        # outputs (written only now: a failure or cancel above leaves nothing half-written)
        steps.setCurrentStep(3)
        return self._write_outputs(parameters, context, result, blocks, seed_ids, crs, blocks_src)

    # -- the steps of process() ---------------------------------------------------------------------------
    def _checked_rules(self, parameters, context, feedback):
        """The unit rules, validated, with the log lines that say where each value comes from."""
        import numpy as np

        from ..lifecircle_plugin.core.errors import LifeCircleError

        try:
            rules, notes = self._rules(parameters, context)
            rules.validate()
        except LifeCircleError as exc:
            raise QgsProcessingException(error_message(exc)) from None
        for note in notes:
            feedback.pushInfo(tr_msg(note))
        feedback.pushInfo(tr("Rules: {:,.0f}–{} residents per unit, every block within {:,.0f} m of the centre.")
                          .format(rules.pop_min, "∞" if not np.isfinite(rules.pop_max) else
                                  f"{rules.pop_max:,.0f}", rules.max_walk))
        return rules

    def _network_and_crs(self, parameters, context, feedback, steps, blocks_src, blocks_name):
        """(walking network or None, working CRS): the network's CRS, else the blocks' metric one."""
        from ..lifecircle_plugin.qgis_bridge import working_crs

        if parameters.get(self.NETWORK) not in (None, ""):
            progress, cancelled = self.progress_callbacks(steps)
            net, crs, _, _, _ = read_network(self, parameters, context, steps, self.NETWORK, progress, cancelled)
            return net, crs
        crs = working_crs(blocks_src, context, feedback, blocks_name)
        feedback.pushWarning(tr("No walking network: walking distances are straight lines between the blocks' "
                                "representative points, and barriers are never crossed."))
        say_compounds_unused(parameters, feedback, tr("straight lines"))
        return None, crs

    def _read_blocks(self, parameters, context, feedback, steps, blocks_src, blocks_name, crs) -> "_Blocks":
        """The blocks' polygons, ids, residents, types and locked labels, checked."""
        from ..lifecircle_plugin.core import units as U
        from ..lifecircle_plugin.core.coverage import clean_population
        from ..lifecircle_plugin.core.geometry import check_polygons
        from ..lifecircle_plugin.qgis_bridge import read_points, read_source

        pop_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        id_field = self.parameterAsString(parameters, self.BLOCK_ID_FIELD, context)
        type_field = self.parameterAsString(parameters, self.BLOCK_TYPE_FIELD, context)
        admin_field = self.parameterAsString(parameters, self.ADMIN_FIELD, context)
        locked_field = self.parameterAsString(parameters, self.LOCKED_FIELD, context)
        fields = [f for f in (pop_field, id_field, type_field, admin_field, locked_field) if f]
        data = read_source(blocks_src, blocks_name, crs, context, steps, fields=fields)
        feats = {f.id(): f for f in read_points(blocks_src, blocks_name, crs, context, steps).features}
        polygons = check_polygons(data.geometries, data.fids, blocks_name)
        ids = ids_or_fids(data.attributes[id_field] if id_field else None, data.fids)
        population = clean_population(data.attributes[pop_field], data.fids, blocks_name, pop_field)
        U.check_overlaps(polygons, ids, blocks_name)
        types = None
        if type_field:
            types, unknown = U.block_types(data.attributes[type_field], ids, blocks_name, type_field)
            if unknown:
                feedback.pushWarning(tr_msg(unknown))
        untyped = U.untyped_village_blocks(self._preset(parameters, context), types, ids)
        if untyped:
            feedback.pushWarning(tr_msg(untyped))
        return _Blocks(name=blocks_name, fids=data.fids, feats=feats, polygons=polygons, ids=ids,
                       population=population, types=types,
                       locked=data.attributes[locked_field] if locked_field else None,
                       admin_values=data.attributes[admin_field] if admin_field else None, admin_field=admin_field)

    def _subdistricts(self, parameters, context, steps, blocks: "_Blocks", crs) -> list:
        """Each block's 街镇: from the 街镇 polygons (ADMIN), else from a field on the blocks (ADMIN_FIELD)."""
        from ..lifecircle_plugin.core import units as U
        from ..lifecircle_plugin.core.geometry import check_polygons
        from ..lifecircle_plugin.qgis_bridge import read_source

        if parameters.get(self.ADMIN) not in (None, ""):
            admin_src, admin_name = self.source_or_fail(parameters, self.ADMIN, context, tr("街镇"))
            name_field = self.parameterAsString(parameters, self.ADMIN_NAME_FIELD, context)
            if not name_field and admin_src.fields().lookupField("name") >= 0:
                name_field = "name"
            admin = read_source(admin_src, admin_name, crs, context, steps, fields=[name_field] if name_field else [])
            names = admin.attributes[name_field] if name_field else [str(fid) for fid in admin.fids]
            admin_polys = check_polygons(admin.geometries, admin.fids, admin_name)
            return U.subdistricts_from_polygons(blocks.polygons, admin_polys, names, blocks.ids, blocks.name,
                                                admin_name)
        if blocks.admin_field:
            return U.subdistricts_from_field(blocks.admin_values, blocks.ids, blocks.name, blocks.admin_field)
        raise QgsProcessingException(tr(
            "Give the 街镇: either 街镇 polygons (ADMIN) or a 街镇 field on the blocks (ADMIN_FIELD). A unit "
            "never crosses a 街镇 boundary."))

    def _barrier_lines(self, parameters, context, steps, crs) -> list:
        """The barriers (expressways, railways, rivers) as coordinate arrays, none when not given."""
        from ..lifecircle_plugin.qgis_bridge import read_source

        barrier_lines = []
        if parameters.get(self.BARRIERS) not in (None, ""):
            bar_src, bar_name = self.source_or_fail(parameters, self.BARRIERS, context, tr("barriers"))
            for g in read_source(bar_src, bar_name, crs, context, steps).geometries:
                barrier_lines.extend(_line_coords(g))
        return barrier_lines

    def _seeds(self, parameters, context, steps, crs, polygons) -> tuple:
        """(seed coordinates, seed names, the block holding each seed or -1), empty when no seeds are given."""
        import numpy as np

        from ..lifecircle_plugin.core.geometry import points_in_polygons
        from ..lifecircle_plugin.qgis_bridge import read_points

        if parameters.get(self.SEEDS) in (None, ""):
            return np.zeros((0, 2)), [], np.zeros(0, dtype=np.int64)
        seed_src, seed_name = self.source_or_fail(parameters, self.SEEDS, context, tr("seeds"))
        seed_name_field = self.parameterAsString(parameters, self.SEED_NAME_FIELD, context)
        seeds = read_points(seed_src, seed_name, crs, context, steps, [seed_name_field] if seed_name_field else [])
        seed_ids = ids_or_fids(seeds.values(seed_name_field) if seed_name_field else None, seeds.fids)
        return seeds.xy, seed_ids, points_in_polygons(seeds.xy, polygons)

    def _distances(self, parameters, context, feedback, net, polygons, seed_xy, barrier_lines) -> tuple:
        """(walking distances, barrier crossings or None): along the network when given, else straight lines."""
        from ..lifecircle_plugin.core import units as U
        from ..lifecircle_plugin.core.network import points_xy

        block_xy = points_xy(polygons)
        if net is None:
            return U.WalkDistances(block_xy, seed_xy), None
        distances = U.NetworkDistances(net, block_xy, seed_xy,
                                       self.parameterAsDouble(parameters, SNAP_TOLERANCE, context))
        crossings = None
        if barrier_lines:
            crossings = U.barrier_crossings(net, barrier_lines)
            feedback.pushInfo(tr("{} places where walkable lines cross a barrier (bridges, underpasses).")
                              .format(len(crossings)))
        return distances, crossings

    def _write_outputs(self, parameters, context, result, blocks: "_Blocks", seed_ids, crs, blocks_src) -> dict:
        """The units, blocks and centres layers, and the two counts."""
        out = {}
        out.update(self._write_units(parameters, context, result, blocks.ids, seed_ids, crs, blocks_src.sourceCrs()))
        out.update(self._write_blocks(parameters, context, result, blocks.fids, blocks.feats, blocks_src))
        out.update(self._write_centres(parameters, context, result, blocks.ids, seed_ids, crs,
                                       blocks_src.sourceCrs()))
        out["UNIT_COUNT"] = len(result.units)
        out["UNITS_MEETING_RULES"] = sum(u.meets_rules for u in result.units)
        return out

    # ------------------------------------------------------------------------------------------------------
    def _log(self, result, feedback):
        units = result.units
        feedback.pushInfo(tr("{} units in {} 街镇 ({} walking distances); {} meet every rule.").format(
            len(units), len({u.subdistrict for u in units}), result.distance_kind,
            sum(u.meets_rules for u in units)))
        for u in units:
            if u.flags:
                feedback.pushWarning(f"{u.unit_id}: {tr_msg(u.flag_text)}")

    @staticmethod
    def _unit_fields() -> QgsFields:
        fields = QgsFields()
        for name, kind, alias in (
            ("unit_id", STRING, "单元编号"), ("subdistrict", STRING, "街镇"),
            ("population", DOUBLE, "人口"), ("area_km2", DOUBLE, "面积(km²)"),
            ("n_blocks", INT, "街坊数"), ("unit_type", STRING, "类型"),
            ("centre", STRING, "中心"), ("centre_x", DOUBLE, "中心X"),
            ("centre_y", DOUBLE, "中心Y"), ("max_walk_m", DOUBLE, "最大步行距离(m)"),
            ("mean_walk_m", DOUBLE, "平均步行距离(m)"), ("compactness", DOUBLE, "紧凑度"),
            ("below_min", BOOL, "低于人口下限"), ("above_max", BOOL, "高于人口上限"),
            ("beyond_walk", BOOL, "超出步行半径"), ("meets_rules", BOOL, "符合全部规则"),
            ("flags", STRING, "问题与原因"), ("locked", STRING, "锁定"),
            ("map_colour", INT, "配色"),
        ):
            f = make_field(name, kind)
            f.setAlias(alias)
            fields.append(f)
        return fields

    def _centre_label(self, u, ids, seed_ids) -> str:
        return tr("seed {}").format(seed_ids[u.centre_seed]) if u.centre_seed >= 0 else ids[u.centre_block]

    def _write_units(self, parameters, context, result, ids, seed_ids, crs, out_crs):
        from ..lifecircle_plugin.qgis_bridge import back_transform, shapely_to_qgs

        fields = self._unit_fields()
        sink, dest = self.parameterAsSink(parameters, self.UNITS, context, fields, QgsWkbTypes.Type.MultiPolygon, out_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.UNITS))
        transform = back_transform(crs, out_crs, context)
        for u in result.units:
            g = shapely_to_qgs(u.geometry)
            centre = QgsGeometry.fromPointXY(QgsPointXY(*u.centre_xy))
            if transform is not None:
                g.transform(transform)
                centre.transform(transform)
            g.convertToMultiType()
            f = QgsFeature(fields)
            f.setGeometry(g)
            c = centre.asPoint()
            f.setAttributes([
                u.unit_id, u.subdistrict, float(u.population), round(u.area_km2, 4), len(u.blocks), u.unit_type,
                self._centre_label(u, ids, seed_ids), c.x(), c.y(), _num(u.max_walk, 1), _num(u.mean_walk, 1),
                round(u.compactness, 3), bool(u.below_min), bool(u.above_max), bool(u.beyond_walk),
                bool(u.meets_rules), tr_msg(u.flag_text) or None, u.locked_label, int(u.map_colour)])
            if not sink.addFeature(f, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(tr("Could not write unit {}: {}").format(u.unit_id, sink.lastError()))
        load_with_style(context, dest, "units")
        return {self.UNITS: dest}

    def _write_blocks(self, parameters, context, result, fids, feats, blocks_src):
        from ..lifecircle_plugin.qgis_bridge import write_rows

        extra = QgsFields()
        for name, kind, alias in (("unit_id", STRING, "单元编号"),
                                  ("walk_m", DOUBLE, "至中心步行距离(m)"),
                                  ("is_centre", BOOL, "单元中心"), ("map_colour", INT, "配色")):
            f = make_field(name, kind)
            f.setAlias(alias)
            extra.append(f)
        fields = QgsProcessingUtils.combineFields(blocks_src.fields(), extra)
        sink, dest = self.parameterAsSink(parameters, self.BLOCKS_OUTPUT, context, fields, blocks_src.wkbType(),
                                          blocks_src.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.BLOCKS_OUTPUT))
        rows = []
        for i in range(len(fids)):
            u = result.units[result.block_unit[i]]
            rows.append([u.unit_id, _num(result.block_walk[i], 1), bool(result.block_is_centre[i]),
                         int(u.map_colour)])
        write_rows(sink, fields, [feats[fid] for fid in fids], rows)
        load_with_style(context, dest, "units_blocks")
        return {self.BLOCKS_OUTPUT: dest}

    def _write_centres(self, parameters, context, result, ids, seed_ids, crs, out_crs):
        if parameters.get(self.CENTRES) in (None, ""):
            return {}
        from ..lifecircle_plugin.qgis_bridge import back_transform

        fields = QgsFields()
        for name, kind in (("unit_id", STRING), ("centre", STRING), ("is_seed", BOOL),
                           ("population", DOUBLE), ("max_walk_m", DOUBLE),
                           ("meets_rules", BOOL)):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.CENTRES, context, fields, QgsWkbTypes.Type.Point, out_crs)
        if sink is None:
            return {}
        transform = back_transform(crs, out_crs, context)
        for u in result.units:
            g = QgsGeometry.fromPointXY(QgsPointXY(*u.centre_xy))
            if transform is not None:
                g.transform(transform)
            f = QgsFeature(fields)
            f.setGeometry(g)
            f.setAttributes([u.unit_id, self._centre_label(u, ids, seed_ids), u.centre_seed >= 0,
                             float(u.population), _num(u.max_walk, 1), bool(u.meets_rules)])
            sink.addFeature(f, QgsFeatureSink.Flag.FastInsert)
        load_with_style(context, dest, "units_centres")
        return {self.CENTRES: dest}


@dataclass
class _Blocks:
    """The blocks as read from their layer: names, ids and values the run needs."""

    name: str
    fids: list
    feats: dict
    polygons: list
    ids: list
    population: object
    types: Optional[list]
    locked: Optional[list]
    admin_values: Optional[list]
    admin_field: str


def _line_coords(geom) -> list:
    """Coordinate arrays (k × 2) of the line parts of a geometry."""
    import numpy as np

    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [np.asarray(geom.coords, dtype=float)[:, :2]]
    if hasattr(geom, "geoms"):
        out = []
        for g in geom.geoms:
            out.extend(_line_coords(g))
        return out
    return []


