"""lifecircle:siting — 选址: choose sites among candidates (maximal covering, set covering, p-median)."""

from __future__ import annotations

import math

from qgis.core import (
    QgsFields,
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
    log_keyword_categories,
    profile_from_parameters,
    read_needs,
    read_network,
    resident_groups,
    tr,
    ui_language,
    number_or_null as _num,
    listed as _listed,
)
from .gated_inputs import say_compounds_unused
from .styles import load_with_style
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field
from ..lifecircle_plugin.messages import error_message, tr_msg

MODELS = [
    ("mclp", "Maximal covering (MCLP): P new sites covering the most residents"),
    ("lscp", "Set covering (LSCP): fewest sites to reach the target share"),
    ("pmedian", "p-median: P sites with the least population-weighted walking distance"),
]
#: the type of each of the sites' own fields (core.siting.report.SITE_FIELDS) that is not a number
_SITE_FIELD_KINDS = {"lc_rank": INT, "lc_site_id": STRING, "lc_code": STRING, "lc_reason": STRING, "model": STRING,
                     "solver": STRING}
SOLVERS = [
    ("auto", "Automatic: exact when the model fits the budget, else greedy"),
    ("exact", "Exact (mixed-integer programming, HiGHS)"),
    ("greedy", "Greedy (+ local search)"),
]


class SitingAlgorithm(LifeCircleAlgorithm):
    NAME = "siting"
    DISPLAY = "Siting recommendations (选址)"
    GROUP = "space"
    REQUIRES = ("numpy", "scipy", "shapely")

    CANDIDATES = "CANDIDATES"
    CANDIDATE_ID_FIELD = "CANDIDATE_ID_FIELD"
    DEMAND = "DEMAND"
    POPULATION_FIELD = "POPULATION_FIELD"
    DEMAND_ID_FIELD = "DEMAND_ID_FIELD"
    EXISTING = "EXISTING"
    EXISTING_CATEGORY_FIELD = "EXISTING_CATEGORY_FIELD"
    EXISTING_ID_FIELD = "EXISTING_ID_FIELD"
    NETWORK = "NETWORK"
    COST_MATRIX = "COST_MATRIX"
    ORIGIN_FIELD = "ORIGIN_FIELD"
    DESTINATION_FIELD = "DESTINATION_FIELD"
    COST_FIELD = "COST_FIELD"
    MODEL = "MODEL"
    P = "P"
    TARGET = "TARGET"
    MAX_DISTANCE = "MAX_DISTANCE"
    CATEGORY = "CATEGORY"
    PROFILE = "PROFILE"
    PROFILE_FILE = "PROFILE_FILE"
    THRESHOLD = "THRESHOLD"
    SOLVER = "SOLVER"
    TIME_LIMIT = "TIME_LIMIT"
    SITES = "SITES"
    ALLOCATION = "ALLOCATION"

    def initAlgorithm(self, config=None):  # noqa: N802
        self._add_layers()
        self._add_distance_sources()
        self._add_model_choices()
        self._add_outputs()

    def _add_layers(self):
        """Candidates, residents and existing facilities, with their fields."""
        point_or_polygon = [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon]
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.CANDIDATES, tr("Candidate sites"), point_or_polygon),
            "Where a facility could go: points or polygons (their point on surface is used), e.g. the potential-space "
            "output or idle parcels."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.CANDIDATE_ID_FIELD, tr("Candidate id field"), parentLayerParameterName=self.CANDIDATES,
            optional=True),
            "Names each candidate in the outputs; with a cost matrix, the ids its destination column uses. "
            "Default: the feature id."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.DEMAND, tr("Residents (demand)"), point_or_polygon),
            "Resident points (buildings, address points) or polygons, with population."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.POPULATION_FIELD, tr("Population field"), parentLayerParameterName=self.DEMAND,
            type=QgsProcessingParameterField.DataType.Any), "Number of residents of each feature (0 or more)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.DEMAND_ID_FIELD, tr("Resident id field"), parentLayerParameterName=self.DEMAND, optional=True),
            "Names each resident point in the allocation; with a cost matrix, the ids its origin column uses. "
            "Default: the feature id."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.EXISTING, tr("Existing facilities of the category"), point_or_polygon, optional=True),
            "Facilities that already serve the category: residents within the threshold of one count as covered "
            "(MCLP/LSCP); for p-median they stay open."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.EXISTING_CATEGORY_FIELD, tr("Existing facilities' category field"),
            parentLayerParameterName=self.EXISTING, optional=True),
            "With CATEGORY: only existing facilities of that category are used (values are mapped as in facility "
            "coverage: checklist codes, AMap types, OSM tags)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.EXISTING_ID_FIELD, tr("Existing facility id field"), parentLayerParameterName=self.EXISTING,
            optional=True),
            "With a cost matrix: the ids its destination column uses for existing facilities. Default: feature id.",
            advanced=True))

    def _add_distance_sources(self):
        """Where distances come from: a walking network, or a cost matrix table and its columns."""
        add_network_parameters(self, self.NETWORK, snap=True, optional=True)
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.COST_MATRIX, tr("…or a cost matrix (table: origin_id, destination_id, cost)"),
            [QgsProcessing.SourceType.TypeVector], optional=True),
            "Instead of a network: one row per resident → candidate (or existing facility) pair with its walking "
            "distance in metres, e.g. an OD matrix exported from QNEAT3 or ORS Tools. Pairs missing from the table "
            "cannot reach each other."))
        for name, label, default in ((self.ORIGIN_FIELD, "Cost matrix: origin (resident id) field", "origin_id"),
                                     (self.DESTINATION_FIELD, "Cost matrix: destination (site id) field",
                                      "destination_id"),
                                     (self.COST_FIELD, "Cost matrix: cost (metres) field", "cost")):
            self.addParameter(_param(QgsProcessingParameterField(
                name, tr(label), defaultValue=default, parentLayerParameterName=self.COST_MATRIX, optional=True),
                "Column of the cost matrix.", advanced=True))

    def _add_model_choices(self):
        """The model, its numbers, the category and its threshold, the solver."""
        from ..lifecircle_plugin.core.checklist import bundled_profiles

        self.addParameter(_param(QgsProcessingParameterEnum(
            self.MODEL, tr("Model"), [tr(label) for _, label in MODELS], defaultValue=0),
            "What to optimise."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.P, tr("Number of new sites (P)"), QgsProcessingParameterNumber.Type.Integer, 3, minValue=1),
            "MCLP and p-median: how many sites to choose."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.TARGET, tr("Target share of residents covered (%) — LSCP"), QgsProcessingParameterNumber.Type.Double,
            85.0, minValue=0.1, maxValue=100.0),
            "LSCP: the share of all residents to bring within the threshold (existing facilities included)."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.MAX_DISTANCE, tr("Maximum walking distance (m) — p-median, 0 = none"),
            QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0),
            "p-median: residents are only assigned within this distance (those beyond every site are counted as "
            "unserved). 0: no limit."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.CATEGORY, tr("Facility category (checklist code, e.g. Q05)"), optional=True),
            "The checklist category the sites are for: its threshold is the default THRESHOLD, and it selects the "
            "existing facilities when their category field is given."))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.PROFILE, tr("Checklist profile"), [label for _, label in bundled_profiles()], defaultValue=0),
            "Where the category's threshold comes from.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.PROFILE_FILE, tr("Your own profile (CSV)"), extension="csv", optional=True),
            "A copy of a bundled profile CSV, edited.", advanced=True))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.THRESHOLD, tr("Coverage threshold (m), 0 = the category's"), QgsProcessingParameterNumber.Type.Double,
            0.0, minValue=0.0),
            "Walking distance within which a resident counts as covered by a site."))
        self.addParameter(_param(QgsProcessingParameterEnum(
            self.SOLVER, tr("Solver"), [tr(label) for _, label in SOLVERS], defaultValue=0),
            "Exact proves the optimum (or reports the gap when the time limit ends it); greedy is fast."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.TIME_LIMIT, tr("Time limit (s)"), QgsProcessingParameterNumber.Type.Double, 60.0, minValue=1.0),
            "The exact solver stops after this long with the best solution found and its gap.", advanced=True))

    def _add_outputs(self):
        """NEEDS (an input, kept beside what it adds to the sites), the two layers and the run's numbers."""
        add_needs_parameters(self, "The needs output of 'Residents' needs' (with a CATEGORY): residents count more "
                             "where they asked for the category, and each site lists the needs it answers "
                             "(lc_needs, lc_asks).")
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.SITES, tr("Recommended sites"), QgsProcessing.SourceType.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.ALLOCATION, tr("Allocation (resident → site)"), QgsProcessing.SourceType.TypeVectorLine, optional=True,
            createByDefault=True))
        for name, label in (("OBJECTIVE", "Objective"), ("COVERAGE_BEFORE", "Covered share before (%)"),
                            ("COVERAGE_AFTER", "Covered share after (%)"), ("OPTIMALITY_GAP", "Optimality gap (%)"),
                            ("SOLVE_TIME", "Solve time (s)"), ("SITE_COUNT", "Sites chosen")):
            self.addOutput(QgsProcessingOutputNumber(name, tr(label)))
        self.addOutput(QgsProcessingOutputString("SOLVER_USED", tr("Solver used")))
        self.addOutput(QgsProcessingOutputString("SUMMARY", tr("Summary (JSON)")))

    # ------------------------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        from qgis.core import QgsProcessingMultiStepFeedback

        steps = QgsProcessingMultiStepFeedback(4, feedback)
        run = self._read_choices(parameters, context, feedback)
        steps.setCurrentStep(0)
        self._read_sources(run, parameters, context, feedback, steps)
        steps.setCurrentStep(1)
        self._read_layers(run, parameters, context, feedback, steps)
        self._read_demand(run, parameters, context, feedback)
        self._name_features(run)
        steps.setCurrentStep(2)
        self._distances(run, parameters, context, feedback)
        steps.setCurrentStep(3)
        result = self._solve(run, steps)
        self._log(result, run.cand_ids, feedback)
        return self._write_outputs(run, result, parameters, context)

    def _read_choices(self, parameters, context, feedback):
        """The model, its numbers, the solver and the threshold (given, or the CATEGORY's); where distances come
        from."""
        from types import SimpleNamespace

        run = SimpleNamespace(
            model=MODELS[self.parameterAsEnum(parameters, self.MODEL, context)][0],
            p=self.parameterAsInt(parameters, self.P, context),
            target=self.parameterAsDouble(parameters, self.TARGET, context) / 100.0,
            max_distance=self.parameterAsDouble(parameters, self.MAX_DISTANCE, context) or None,
            solver=SOLVERS[self.parameterAsEnum(parameters, self.SOLVER, context)][0],
            time_limit=self.parameterAsDouble(parameters, self.TIME_LIMIT, context),
            category=(self.parameterAsString(parameters, self.CATEGORY, context) or "").strip().upper(),
            threshold=self.parameterAsDouble(parameters, self.THRESHOLD, context) or None, profile=None)
        if run.category:
            run.profile = profile_from_parameters(self, parameters, context, self.PROFILE, self.PROFILE_FILE)
            cat = run.profile.category(run.category)
            run.category = cat.code
            if run.threshold is None:
                run.threshold = float(cat.threshold_m)
                feedback.pushInfo(tr("Threshold {:g} m: {} {} in profile {}.").format(
                    run.threshold, cat.code, cat.name_zh, run.profile.label))
        if run.threshold is None and run.model != "pmedian":
            raise QgsProcessingException(tr(
                "Give a THRESHOLD in metres or a CATEGORY (e.g. Q05) whose threshold the profile holds: the covering "
                "models need to know what distance counts as covered."))
        run.has_network = parameters.get(self.NETWORK) not in (None, "")
        has_matrix = parameters.get(self.COST_MATRIX) not in (None, "")
        if run.has_network == has_matrix:
            raise QgsProcessingException(tr(
                "Give either a walking NETWORK or a COST_MATRIX table (one of the two): distances come from one of "
                "them."))
        return run

    def _read_sources(self, run, parameters, context, feedback, steps):
        """The layers and their fields; the network (its CRS is the run's) or, with a cost matrix, the residents'
        CRS."""
        run.cand_src, run.cand_name = self.source_or_fail(parameters, self.CANDIDATES, context, tr("candidates"))
        run.dem_src, run.dem_name = self.source_or_fail(parameters, self.DEMAND, context, tr("residents"))
        run.ex_src = self.parameterAsSource(parameters, self.EXISTING, context)
        run.ex_name = ""
        if run.ex_src is not None:
            run.ex_src, run.ex_name = self.source_or_fail(parameters, self.EXISTING, context,
                                                          tr("existing facilities"))
        for src, label in ((run.cand_src, run.cand_name), (run.dem_src, run.dem_name)):
            if src.featureCount() == 0:
                raise QgsProcessingException(tr("Layer '{}' is empty.").format(label))
        for key, name in (("pop_field", self.POPULATION_FIELD), ("cand_id_field", self.CANDIDATE_ID_FIELD),
                          ("dem_id_field", self.DEMAND_ID_FIELD), ("ex_cat_field", self.EXISTING_CATEGORY_FIELD),
                          ("ex_id_field", self.EXISTING_ID_FIELD)):
            setattr(run, key, self.parameterAsString(parameters, name, context))
        run.net = None
        if run.has_network:
            progress, cancelled = self.progress_callbacks(steps)
            run.net, run.crs, _, _, _ = read_network(self, parameters, context, steps, self.NETWORK, progress,
                                                     cancelled)
        else:
            run.crs = run.dem_src.sourceCrs()
            say_compounds_unused(parameters, feedback, tr("those of the cost matrix"))

    def _read_layers(self, run, parameters, context, feedback, steps):
        """Candidates, residents and existing facilities as points (the existing ones of the CATEGORY only, when
        their category field is given)."""
        import numpy as np

        from ..lifecircle_plugin.core import checklist
        from ..lifecircle_plugin.qgis_bridge import read_points

        run.candidates = read_points(run.cand_src, run.cand_name, run.crs, context, steps, [run.cand_id_field])
        run.demand = read_points(run.dem_src, run.dem_name, run.crs, context, steps, [run.pop_field,
                                                                                     run.dem_id_field])
        run.existing = None
        if run.ex_src is None:
            return
        existing = run.existing = read_points(run.ex_src, run.ex_name, run.crs, context, steps,
                                              [run.ex_cat_field, run.ex_id_field])
        if run.ex_cat_field and run.category:
            mapper = checklist.load_mapping("auto", valid_codes=set(run.profile.codes))
            codes, _ = mapper.map_values(existing.values(run.ex_cat_field))
            log_keyword_categories(feedback, run.ex_name, run.ex_cat_field, mapper, existing.values(run.ex_cat_field))
            keep = [i for i, c in enumerate(codes) if c == run.category]
            feedback.pushInfo(tr("Layer '{}': {} of {} facilities are of category {} and count as existing.")
                              .format(run.ex_name, len(keep), len(codes), run.category))
            existing.features = [existing.features[i] for i in keep]
            existing.xy = existing.xy[keep] if len(keep) else np.zeros((0, 2))
        elif run.ex_cat_field and not run.category:
            feedback.reportError(tr("An existing facilities' category field was given without CATEGORY: every "
                                    "existing facility is used."), False)

    def _read_demand(self, run, parameters, context, feedback):
        """The residents the sites are for (the CATEGORY's own group when the layer carries it) and the weights the
        sites are chosen for (more where residents asked for the category, with NEEDS)."""
        from ..lifecircle_plugin.core.coverage import category_weights, clean_population
        from ..lifecircle_plugin.core.groups import serves_label

        category, profile = run.category, run.profile
        everyone = population = clean_population(run.demand.values(run.pop_field), run.demand.fids, run.dem_name,
                                                 run.pop_field)
        if category:  # the category's own residents (e.g. 60+ for elderly care) when the layer carries the group
            groups = resident_groups(run.demand, run.dem_name, population, profile, feedback, codes=[category])
            weights, _ = category_weights(profile, [category], population, groups)
            if category in weights:
                population = weights[category]
                feedback.pushInfo(tr("Demand: {:,.0f} of {:,.0f} residents ({}).").format(
                    population.sum(), everyone.sum(), serves_label(profile.category(category).serves, ui_language())))
        run.population = population
        run.needs = needs = read_needs(self, parameters, context, run.crs, feedback)
        if needs is not None and not category:
            raise QgsProcessingException(tr("NEEDS needs a CATEGORY: needs weigh the residents for one category."))
        run.demand_weights = population
        if needs is not None:
            from ..lifecircle_plugin.core.needs import weighted_by_needs

            run.demand_weights, asked = weighted_by_needs(population, run.demand.xy, needs.xy, needs.codes,
                                                          needs.weights, category, run.threshold, needs.bonus,
                                                          needs.full)
            feedback.pushInfo(tr("Demand weights: {}; {:,.0f} resident points are near needs for {}.").format(
                needs.formula(), int((asked > 0).sum()), category))

    def _name_features(self, run):
        """The ids the outputs (and a cost matrix) use for residents, candidates and existing facilities."""
        run.dem_ids = self._ids(run.demand, run.dem_id_field)
        # (named by what they are when no id field is chosen; a cost matrix names them by feature id)
        run.cand_ids = (self._candidate_names(run.candidates) if run.has_network and not run.cand_id_field
                        else self._ids(run.candidates, run.cand_id_field))
        run.ex_ids = self._ids(run.existing, run.ex_id_field) if run.existing is not None else []

    def _distances(self, run, parameters, context, feedback):
        """Resident × candidate (and × existing facility) walking distances, from the network or the cost matrix."""
        from ..lifecircle_plugin.core.siting import distance_limit

        if run.has_network:
            limit = distance_limit(run.model, run.threshold, run.max_distance)
            run.cost, run.ex_cost = self._network_costs(run, limit, parameters, context, feedback)
        else:
            run.cost, run.ex_cost = self._table_costs(run, parameters, context, feedback)

    def _solve(self, run, steps):
        """The core's siting run; its errors name the two layers."""
        from ..lifecircle_plugin.core.errors import LifeCircleError
        from ..lifecircle_plugin.core.siting import solve_siting

        progress, cancelled = self.progress_callbacks(steps)
        # (chosen for the weighted demand: the figures count the residents)
        report = None if run.demand_weights is run.population else run.population
        try:
            return solve_siting(run.model, run.cost, run.demand_weights, threshold=run.threshold, p=run.p,
                                target=run.target, max_distance=run.max_distance, existing_cost=run.ex_cost,
                                solver=run.solver, time_limit=run.time_limit, report_weights=report,
                                progress=progress, is_cancelled=cancelled)
        except LifeCircleError as exc:
            raise LifeCircleError(tr("Layer '{}' / '{}': {}").format(run.cand_name, run.dem_name,
                                                                    error_message(exc))) from None

    def _write_outputs(self, run, result, parameters, context):
        """The sites and allocation layers (written only now) and the run's numbers."""
        import json

        from ..lifecircle_plugin.core.siting.report import headline

        out = {}
        cat_name = run.profile.category(run.category).name_zh if run.category else ""
        out.update(self._write_sites(parameters, context, result, run.candidates, run.cand_ids, run.category,
                                     cat_name, run.needs, run.threshold, run.population))
        out.update(self._write_allocation(parameters, context, result, run.candidates, run.demand, run.existing,
                                          run.cand_ids, run.dem_ids, run.ex_ids, run.crs, run.population))
        numbers = headline(result, run.cand_ids, run.category)
        summary = numbers.pop("summary")
        out.update(numbers)
        out["SUMMARY"] = json.dumps(summary, ensure_ascii=False)
        return out

    # ------------------------------------------------------------------------------------------------------
    @staticmethod
    def _ids(layer, field_name):
        from ..lifecircle_plugin.core.siting import normalise_id

        if layer is None:
            return []
        if field_name:
            return [normalise_id(v) if normalise_id(v) is not None else f"#{fid}"
                    for v, fid in zip(layer.values(field_name), layer.fids)]
        return [str(fid) for fid in layer.fids]

    @staticmethod
    def _candidate_names(candidates):
        from ..lifecircle_plugin.core.siting import candidate_names

        columns = {name: candidates.values(name) for name in candidates.fields.names()}
        return candidate_names(columns, candidates.fids, candidates.name.split(" › ")[-1])

    def _network_costs(self, run, limit, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.errors import LifeCircleError

        net, candidates, demand, existing = run.net, run.candidates, run.demand, run.existing
        cand_name, dem_name, ex_name = run.cand_name, run.dem_name, run.ex_name

        tol = self.parameterAsDouble(parameters, SNAP_TOLERANCE, context)
        cand_snap = net.snap(candidates.xy, tol, is_cancelled=feedback.isCanceled)
        off = cand_snap.beyond
        if len(off):
            ids = [candidates.fids[i] for i in off]
            raise LifeCircleError(tr(
                "Layer '{}': {} candidate site(s) lie farther than the snap tolerance ({:g} m) from any walkable "
                "street, or have no geometry, so nobody could walk to them (feature ids {}). Remove them from the "
                "candidates or raise SNAP_TOLERANCE.").format(cand_name, len(off), tol, _listed(ids)))
        dem_snap = net.snap(demand.xy, tol, is_cancelled=feedback.isCanceled)
        if len(dem_snap.beyond):
            ids = [demand.fids[i] for i in dem_snap.beyond]
            feedback.reportError(tr("Layer '{}': {} resident point(s) are farther than the snap tolerance from any "
                                    "walkable street and count as out of reach (feature ids {}).")
                                 .format(dem_name, len(ids), _listed(ids)), False)
        sets = {"cand": cand_snap, "dem": dem_snap}
        if existing is not None and len(existing.features):
            ex_snap = net.snap(existing.xy, tol, is_cancelled=feedback.isCanceled)
            sets["ex"] = ex_snap
            if len(ex_snap.beyond):
                ids = [existing.fids[i] for i in ex_snap.beyond]
                feedback.reportError(tr("Layer '{}': {} existing facilities are farther than the snap tolerance from "
                                        "any walkable street and serve nobody (feature ids {}).")
                                     .format(ex_name, len(ids), _listed(ids)), False)
        router = net.router(sets)
        cost = router.distance_matrix("cand", "dem", limit=limit, is_cancelled=feedback.isCanceled).T.tocsr()
        ex_cost = None
        if "ex" in sets:
            ex_cost = router.distance_matrix("ex", "dem", limit=limit, is_cancelled=feedback.isCanceled).T.tocsr()
        feedback.pushInfo(tr("{:,} resident–candidate pairs within {} m.").format(
            cost.nnz, "{:g}".format(limit) if np.isfinite(limit) else "∞"))
        return cost, ex_cost

    def _table_costs(self, run, parameters, context, feedback):
        from ..lifecircle_plugin.core.siting import cost_matrix_from_table

        table_src, table_name = self.source_or_fail(parameters, self.COST_MATRIX, context, tr("cost matrix"))
        o_f = self.parameterAsString(parameters, self.ORIGIN_FIELD, context) or "origin_id"
        d_f = self.parameterAsString(parameters, self.DESTINATION_FIELD, context) or "destination_id"
        c_f = self.parameterAsString(parameters, self.COST_FIELD, context) or "cost"
        names = table_src.fields().names()
        missing = [f for f in (o_f, d_f, c_f) if f not in names]
        if missing:
            raise QgsProcessingException(tr("Cost matrix '{}' has no column {} (columns: {}).").format(
                table_name, ", ".join(repr(m) for m in missing), ", ".join(names)))
        self._check_ids_for_the_table(run, feedback)
        origins, dests, costs = self._read_table(table_src, (o_f, d_f, c_f), feedback)
        ex_list = run.ex_ids if run.existing is not None else None
        table = cost_matrix_from_table(origins, dests, costs, run.dem_ids, run.cand_ids, ex_list, table=table_name,
                                       fields=(o_f, d_f, c_f))
        feedback.pushInfo(tr("Cost matrix '{}': {:,} rows, {:,} resident–candidate pairs, {:,} resident–existing "
                             "pairs.").format(table_name, table.rows_read, table.pairs_candidates,
                                              table.pairs_existing))
        return table.candidates, table.existing

    def _check_ids_for_the_table(self, run, feedback):
        """The ids a cost matrix is matched against: present and unique in every layer."""
        from ..lifecircle_plugin.core.siting import unique_ids
        from ..lifecircle_plugin.qgis_bridge import plain_value

        for field_name, label in ((run.dem_id_field, "DEMAND_ID_FIELD"), (run.cand_id_field, "CANDIDATE_ID_FIELD")):
            if not field_name:
                feedback.pushInfo(tr("No {} given: the cost matrix ids are matched against feature ids.").format(label))
        unique_ids(self._raw_ids(run.dem_src, run.dem_id_field), self._fids_of(run.dem_src), run.dem_name,
                   run.dem_id_field or "feature id")
        unique_ids(self._raw_ids(run.cand_src, run.cand_id_field), self._fids_of(run.cand_src), run.cand_name,
                   run.cand_id_field or "feature id")
        if run.existing is not None:
            features = run.existing.features
            raw = [plain_value(f[run.ex_id_field]) for f in features] if run.ex_id_field else \
                [f.id() for f in features]
            unique_ids(raw, [f.id() for f in features], run.ex_name, run.ex_id_field or "feature id")

    @staticmethod
    def _read_table(table_src, fields, feedback):
        """The table's (origins, destinations, costs) columns as plain values."""
        from qgis.core import QgsFeatureRequest

        from ..lifecircle_plugin.qgis_bridge import plain_value

        o_f, d_f, c_f = fields
        request = QgsFeatureRequest()
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setSubsetOfAttributes([o_f, d_f, c_f], table_src.fields())
        origins, dests, costs = [], [], []
        for feat in table_src.getFeatures(request):
            if feedback.isCanceled():
                from ..lifecircle_plugin.core.errors import CancelledError

                raise CancelledError()
            origins.append(plain_value(feat[o_f]))
            dests.append(plain_value(feat[d_f]))
            costs.append(plain_value(feat[c_f]))
        return origins, dests, costs

    @staticmethod
    def _raw_ids(source, field_name):
        from qgis.core import QgsFeatureRequest

        from ..lifecircle_plugin.qgis_bridge import plain_value

        request = QgsFeatureRequest()
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        if not field_name:
            request.setNoAttributes()
            return [f.id() for f in source.getFeatures(request)]
        request.setSubsetOfAttributes([field_name], source.fields())
        return [plain_value(f[field_name]) for f in source.getFeatures(request)]

    @staticmethod
    def _fids_of(source):
        from qgis.core import QgsFeatureRequest

        request = QgsFeatureRequest()
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        request.setNoAttributes()
        return [f.id() for f in source.getFeatures(request)]

    def _log(self, r, cand_ids, feedback):
        from ..lifecircle_plugin.core.siting import MODEL_NAMES

        feedback.pushInfo(tr("Model: {}; solver: {}; {:.2f} s.").format(tr_msg(MODEL_NAMES[r.model]), tr_msg(r.solver),
                                                                         r.time_s))
        for note in r.notes:
            feedback.pushInfo("  " + tr_msg(note))
        st = r.stats
        if "demand_groups" in st:
            feedback.pushInfo(tr("  Reduction: {:,} resident points → {:,} still to cover → {:,} distinct coverage "
                                 "sets; {:,} candidates → {:,} (dominated ones removed).").format(
                st.get("demand_points", 0), st.get("demand_active", 0), st.get("demand_groups", 0),
                st.get("candidates", 0), st.get("candidates_kept", 0)))
        gap = "—" if r.gap is None else (tr("0 (proven optimal)") if r.gap == 0 else "{:.3%}".format(r.gap))
        feedback.pushInfo(tr("Objective ({}): {:,.1f}; best bound: {}; optimality gap: {}.").format(
            tr_msg(r.objective_label), r.objective, "—" if r.bound is None else "{:,.1f}".format(r.bound), gap))
        if r.threshold:
            feedback.pushInfo(tr("Residents within {:g} m: before {:,.0f} ({:.1%}), after {:,.0f} ({:.1%}) of {:,.0f}; "
                                 "{:,.0f} out of reach of every candidate and existing facility.").format(
                r.threshold, r.covered_before, r.share_before, r.covered_after, r.share_after, r.total_population,
                r.unreachable_population))
        if r.model == "pmedian":
            feedback.pushInfo(tr("Population-weighted distance {:,.0f} m (mean {:,.0f} m per resident served); {:,.0f} "
                                 "residents beyond reach of every open site.").format(
                r.weighted_distance or 0.0,
                (r.weighted_distance or 0.0) / max(1e-9, r.total_population - r.unserved_population
                                                   - r.unreachable_population),
                r.unserved_population + r.unreachable_population))
        for rank, j in enumerate(r.sites, start=1):
            feedback.pushInfo(tr("  #{} {}: +{:,.0f} residents newly covered, {:,.0f} cumulative.").format(
                rank, cand_ids[j], _nan0(r.site_marginal[rank - 1]), _nan0(r.site_cumulative[rank - 1])))

    def _write_sites(self, parameters, context, r, candidates, cand_ids, category, cat_name, needs, threshold,
                     population):
        from ..lifecircle_plugin.core.siting.report import SITE_FIELDS, site_rows
        from ..lifecircle_plugin.qgis_bridge import write_rows

        extra = QgsFields()
        for name in SITE_FIELDS:
            extra.append(make_field(name, _SITE_FIELD_KINDS.get(name, DOUBLE)))
        answered = self._needs_answered(r, candidates, category, needs, threshold)
        if answered is not None:
            extra.append(make_field("lc_needs", DOUBLE))
            extra.append(make_field("lc_asks", STRING))
        fields = QgsProcessingUtils.combineFields(candidates.fields, extra)
        sink, dest = self.parameterAsSink(parameters, self.SITES, context, fields, candidates.wkb_type,
                                          candidates.crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.SITES))
        feats, rows = [], []
        for k, row in enumerate(site_rows(r, population, cand_ids, category, cat_name)):
            row["solver"] = tr_msg(row["solver"])
            feats.append(candidates.features[r.sites[k]])
            rows.append([row[name] for name in SITE_FIELDS] + (list(answered[k]) if answered is not None else []))
        write_rows(sink, fields, feats, rows)
        load_with_style(context, dest, "siting_sites", candidates.wkb_type)
        return {self.SITES: dest}

    @staticmethod
    def _needs_answered(r, candidates, category, needs, threshold):
        """Per chosen site: the weighted needs for the category within its threshold (straight line) and what they
        said; None without NEEDS."""
        if needs is None:
            return None
        from ..lifecircle_plugin.core.needs import needs_within

        near = needs_within(candidates.xy[list(r.sites)], needs.xy, needs.codes, category, threshold)
        out = []
        for idx in near:
            texts = list(dict.fromkeys(needs.texts[i] for i in idx if needs.texts and needs.texts[i]))
            asks = "；".join(texts[:5]) + (" …" if len(texts) > 5 else "")
            out.append((float(needs.weights[idx].sum()) if idx else 0.0, asks or None))
        return out

    def _write_allocation(self, parameters, context, r, candidates, demand, existing, cand_ids, dem_ids, ex_ids,
                          crs, population):
        import numpy as np
        from shapely.geometry import LineString

        from ..lifecircle_plugin.qgis_bridge import back_transform, write_features

        if parameters.get(self.ALLOCATION) in (None, ""):
            return {}
        fields = QgsFields()
        for name, kind in (("demand_id", STRING), ("site_id", STRING),
                           ("site_kind", STRING), ("site_rank", INT),
                           ("distance_m", DOUBLE), ("population", DOUBLE),
                           ("newly_cov", BOOL)):
            fields.append(make_field(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.ALLOCATION, context, fields, QgsWkbTypes.Type.LineString,
                                          demand.crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.ALLOCATION))
        rank_of = {int(j): k + 1 for k, j in enumerate(r.sites)}
        rows, geoms = [], []
        for i, site, ex, dist, newly in zip(r.alloc_demand, r.alloc_site, r.alloc_existing, r.alloc_distance,
                                            r.alloc_newly_covered):
            a = demand.xy[i]
            if site >= 0:
                b, sid, kind, rank = candidates.xy[site], cand_ids[site], "new", rank_of.get(int(site))
            else:
                b = existing.xy[ex] if (existing is not None and ex >= 0) else None
                sid = ex_ids[ex] if (existing is not None and ex >= 0) else None
                kind, rank = "existing", None
            ok = b is not None and np.isfinite(a).all() and np.isfinite(b).all()
            geoms.append(LineString([tuple(a), tuple(b)]) if ok else None)
            rows.append([dem_ids[i], sid, kind, rank, _num(dist, 1), float(population[i]), bool(newly)])
        write_features(sink, fields, rows, geoms, back_transform(crs, demand.crs, context))
        load_with_style(context, dest, "siting_allocation")
        return {self.ALLOCATION: dest}


def _nan0(value) -> float:
    return 0.0 if value is None or math.isnan(value) else float(value)
