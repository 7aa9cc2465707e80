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
    HELP = (
        "Chooses sites among candidates (e.g. the potential-space output) for a facility category, by walking "
        "distance along the network or from a cost matrix you bring (e.g. an OD matrix from QNEAT3 or ORS "
        "Tools).\n\nModels: maximal covering (MCLP) — P new sites that bring the most residents within the threshold, "
        "residents already within reach of an EXISTING facility counting as covered; set covering (LSCP) — the fewest "
        "sites that bring the covered share to TARGET (existing facilities included), and with that many sites the "
        "most covered; p-median — P sites that minimise the population-weighted walking distance, everyone going to "
        "the nearest open site (existing facilities stay open), optionally only within MAX_DISTANCE.\n\nTHRESHOLD is "
        "the walking distance that counts as covered; leave it at 0 to take the CATEGORY's threshold from the profile "
        "(e.g. Q05 为老服务: 500 m).\n\nSolvers: exact (mixed-integer programming with HiGHS, stopped after "
        "TIME_LIMIT seconds with the best solution and its gap), greedy (MCLP: at least 63.2 % of the optimum "
        "guaranteed, usually far better, then improved by swaps; p-median: greedy then Teitz–Bart interchange), or "
        "automatic. The summary reports the objective, coverage before and after, the solver, the optimality gap (0 = "
        "proven optimum) and the time.\n\nOutputs: the chosen sites with rank (in the order that adds the most), "
        "residents newly covered by each (marginal), cumulative coverage and the candidate's own attributes; "
        "allocation lines from each resident point to its site (the nearest chosen site covering it; for p-median the "
        "assigned site, which may be an existing facility). Lines are straight, for display: distances are along the "
        "network."
    )

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
        from ..lifecircle_plugin.core.checklist import bundled_profiles

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
        import json

        import numpy as np
        from qgis.core import QgsProcessingMultiStepFeedback

        from ..lifecircle_plugin.core import checklist, siting
        from ..lifecircle_plugin.core.coverage import category_weights, clean_population
        from ..lifecircle_plugin.core.errors import LifeCircleError
        from ..lifecircle_plugin.core.groups import serves_label
        from ..lifecircle_plugin.qgis_bridge import read_points

        steps = QgsProcessingMultiStepFeedback(4, feedback)
        model = MODELS[self.parameterAsEnum(parameters, self.MODEL, context)][0]
        p = self.parameterAsInt(parameters, self.P, context)
        target = self.parameterAsDouble(parameters, self.TARGET, context) / 100.0
        max_distance = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context) or None
        solver_name = SOLVERS[self.parameterAsEnum(parameters, self.SOLVER, context)][0]
        time_limit = self.parameterAsDouble(parameters, self.TIME_LIMIT, context)

        # threshold: given, or the category's ------------------------------------------------------------
        category = (self.parameterAsString(parameters, self.CATEGORY, context) or "").strip().upper()
        threshold = self.parameterAsDouble(parameters, self.THRESHOLD, context) or None
        profile = None
        if category:
            profile = profile_from_parameters(self, parameters, context, self.PROFILE, self.PROFILE_FILE)
            cat = profile.category(category)
            category = cat.code
            if threshold is None:
                threshold = float(cat.threshold_m)
                feedback.pushInfo(tr("Threshold {:g} m: {} {} in profile {}.").format(
                    threshold, cat.code, cat.name_zh, profile.label))
        if threshold is None and model != "pmedian":
            raise QgsProcessingException(tr(
                "Give a THRESHOLD in metres or a CATEGORY (e.g. Q05) whose threshold the profile holds: the covering "
                "models need to know what distance counts as covered."))

        # where distances come from --------------------------------------------------------------------------
        has_network = parameters.get(self.NETWORK) not in (None, "")
        has_matrix = parameters.get(self.COST_MATRIX) not in (None, "")
        if has_network == has_matrix:
            raise QgsProcessingException(tr(
                "Give either a walking NETWORK or a COST_MATRIX table (one of the two): distances come from one of "
                "them."))

        # inputs -------------------------------------------------------------------------------------------
        steps.setCurrentStep(0)
        cand_src, cand_name = self.source_or_fail(parameters, self.CANDIDATES, context, tr("candidates"))
        dem_src, dem_name = self.source_or_fail(parameters, self.DEMAND, context, tr("residents"))
        ex_src = self.parameterAsSource(parameters, self.EXISTING, context)
        ex_name = ""
        if ex_src is not None:
            ex_src, ex_name = self.source_or_fail(parameters, self.EXISTING, context, tr("existing facilities"))
        for src, label in ((cand_src, cand_name), (dem_src, dem_name)):
            if src.featureCount() == 0:
                raise QgsProcessingException(tr("Layer '{}' is empty.").format(label))
        pop_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        cand_id_field = self.parameterAsString(parameters, self.CANDIDATE_ID_FIELD, context)
        dem_id_field = self.parameterAsString(parameters, self.DEMAND_ID_FIELD, context)
        ex_cat_field = self.parameterAsString(parameters, self.EXISTING_CATEGORY_FIELD, context)
        ex_id_field = self.parameterAsString(parameters, self.EXISTING_ID_FIELD, context)

        net = None
        if has_network:
            progress, cancelled = self.progress_callbacks(steps)
            net, crs, _, net_name, _ = read_network(self, parameters, context, steps, self.NETWORK, progress,
                                                    cancelled)
        else:
            crs = dem_src.sourceCrs()
            say_compounds_unused(parameters, feedback, tr("those of the cost matrix"))
        steps.setCurrentStep(1)
        candidates = read_points(cand_src, cand_name, crs, context, steps, [cand_id_field])
        demand = read_points(dem_src, dem_name, crs, context, steps, [pop_field, dem_id_field])
        existing = None
        if ex_src is not None:
            existing = read_points(ex_src, ex_name, crs, context, steps, [ex_cat_field, ex_id_field])
            if ex_cat_field and category:
                mapper = checklist.load_mapping("auto", valid_codes=set(profile.codes))
                codes, _ = mapper.map_values(existing.values(ex_cat_field))
                log_keyword_categories(feedback, ex_name, ex_cat_field, mapper, existing.values(ex_cat_field))
                keep = [i for i, c in enumerate(codes) if c == category]
                feedback.pushInfo(tr("Layer '{}': {} of {} facilities are of category {} and count as existing.")
                                  .format(ex_name, len(keep), len(codes), category))
                existing.features = [existing.features[i] for i in keep]
                existing.xy = existing.xy[keep] if len(keep) else np.zeros((0, 2))
            elif ex_cat_field and not category:
                feedback.reportError(tr("An existing facilities' category field was given without CATEGORY: every "
                                        "existing facility is used."), False)
        everyone = population = clean_population(demand.values(pop_field), demand.fids, dem_name, pop_field)
        if category:  # the category's own residents (e.g. 60+ for elderly care) when the layer carries the group
            groups = resident_groups(demand, dem_name, population, profile, feedback, codes=[category])
            weights, _ = category_weights(profile, [category], population, groups)
            if category in weights:
                population = weights[category]
                feedback.pushInfo(tr("Demand: {:,.0f} of {:,.0f} residents ({}).").format(
                    population.sum(), everyone.sum(), serves_label(profile.category(category).serves, ui_language())))
        needs = read_needs(self, parameters, context, crs, feedback)
        if needs is not None and not category:
            raise QgsProcessingException(tr("NEEDS needs a CATEGORY: needs weigh the residents for one category."))
        if needs is not None:
            from ..lifecircle_plugin.core.needs import weighted_by_needs

            demand_weights, asked = weighted_by_needs(population, demand.xy, needs.xy, needs.codes, needs.weights,
                                                      category, threshold, needs.bonus, needs.full)
            feedback.pushInfo(tr("Demand weights: {}; {:,.0f} resident points are near needs for {}.").format(
                needs.formula(), int((asked > 0).sum()), category))
        else:
            demand_weights = population
        dem_ids = self._ids(demand, dem_id_field)
        # (named by what they are when no id field is chosen; a cost matrix names them by feature id)
        cand_ids = (self._candidate_names(candidates) if has_network and not cand_id_field
                    else self._ids(candidates, cand_id_field))
        ex_ids = self._ids(existing, ex_id_field) if existing is not None else []

        # distances ------------------------------------------------------------------------------------------
        steps.setCurrentStep(2)
        limit = threshold if model != "pmedian" else (max_distance or np.inf)
        if model == "pmedian" and threshold:
            limit = max(limit, threshold) if np.isfinite(limit) else limit
        if has_network:
            cost, ex_cost = self._network_costs(net, candidates, demand, existing, limit, parameters, context,
                                                feedback, cand_name, dem_name, ex_name)
        else:
            cost, ex_cost = self._table_costs(parameters, context, feedback, dem_ids, cand_ids, ex_ids, existing,
                                              dem_src, cand_src, ex_src, dem_name, cand_name, ex_name,
                                              dem_id_field, cand_id_field, ex_id_field)

        # solve ----------------------------------------------------------------------------------------------
        steps.setCurrentStep(3)
        progress, cancelled = self.progress_callbacks(steps)
        solver = siting.make_solver(solver_name, time_limit)
        try:
            if model == "mclp":
                problem = siting.MaximalCovering.from_cost_matrix(cost, demand_weights, threshold, p,
                                                                  existing_cost=ex_cost)
            elif model == "lscp":
                problem = siting.SetCovering.from_cost_matrix(cost, demand_weights, threshold, target,
                                                              existing_cost=ex_cost)
            else:
                problem = siting.PMedian.from_cost_matrix(cost, demand_weights, p, max_distance=max_distance,
                                                          existing_cost=ex_cost, threshold=threshold)
            if demand_weights is not population:  # chosen for the weighted demand; figures in residents
                problem.report_weights = population
            result = problem.solve(solver, progress=progress, is_cancelled=cancelled)
        except LifeCircleError as exc:
            raise LifeCircleError(tr("Layer '{}' / '{}': {}").format(cand_name, dem_name, error_message(exc))) from None
        self._log(result, cand_ids, feedback)

        # outputs (written only now) -------------------------------------------------------------------------
        out = {}
        cat_name = profile.category(category).name_zh if category else ""
        out.update(self._write_sites(parameters, context, result, candidates, cand_ids, category, cat_name, needs,
                                     threshold,
                                     population))
        out.update(self._write_allocation(parameters, context, result, candidates, demand, existing, cand_ids,
                                          dem_ids, ex_ids, crs, population))
        pct = (lambda x: None if x is None or not np.isfinite(x) else round(100.0 * x, 4))
        out["OBJECTIVE"] = float(result.objective)
        out["COVERAGE_BEFORE"] = pct(result.share_before)
        out["COVERAGE_AFTER"] = pct(result.share_after)
        out["OPTIMALITY_GAP"] = None if result.gap is None else round(100.0 * result.gap, 6)
        out["SOLVE_TIME"] = round(result.time_s, 3)
        out["SITE_COUNT"] = len(result.sites)
        out["SOLVER_USED"] = str(result.solver)
        summary = result.summary()
        summary["sites_chosen"] = [cand_ids[j] for j in result.sites]
        summary["category"] = category or None
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

    def _network_costs(self, net, candidates, demand, existing, limit, parameters, context, feedback, cand_name,
                       dem_name, ex_name):
        import numpy as np

        from ..lifecircle_plugin.core.errors import LifeCircleError

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

    def _table_costs(self, parameters, context, feedback, dem_ids, cand_ids, ex_ids, existing, dem_src, cand_src,
                     ex_src, dem_name, cand_name, ex_name, dem_id_field, cand_id_field, ex_id_field):
        from qgis.core import QgsFeatureRequest

        from ..lifecircle_plugin.core.siting import cost_matrix_from_table, unique_ids
        from ..lifecircle_plugin.qgis_bridge import plain_value

        table_src, table_name = self.source_or_fail(parameters, self.COST_MATRIX, context, tr("cost matrix"))
        o_f = self.parameterAsString(parameters, self.ORIGIN_FIELD, context) or "origin_id"
        d_f = self.parameterAsString(parameters, self.DESTINATION_FIELD, context) or "destination_id"
        c_f = self.parameterAsString(parameters, self.COST_FIELD, context) or "cost"
        names = table_src.fields().names()
        missing = [f for f in (o_f, d_f, c_f) if f not in names]
        if missing:
            raise QgsProcessingException(tr("Cost matrix '{}' has no column {} (columns: {}).").format(
                table_name, ", ".join(repr(m) for m in missing), ", ".join(names)))
        for field_name, label in ((dem_id_field, "DEMAND_ID_FIELD"), (cand_id_field, "CANDIDATE_ID_FIELD")):
            if not field_name:
                feedback.pushInfo(tr("No {} given: the cost matrix ids are matched against feature ids.").format(label))
        # ids must be present and unique to be matched
        unique_ids(self._raw_ids(dem_src, dem_id_field), self._fids_of(dem_src), dem_name,
                   dem_id_field or "feature id")
        unique_ids(self._raw_ids(cand_src, cand_id_field), self._fids_of(cand_src), cand_name,
                   cand_id_field or "feature id")
        ex_list = None
        if existing is not None:
            raw = [plain_value(f[ex_id_field]) for f in existing.features] if ex_id_field else \
                [f.id() for f in existing.features]
            unique_ids(raw, [f.id() for f in existing.features], ex_name, ex_id_field or "feature id")
            ex_list = ex_ids
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
        table = cost_matrix_from_table(origins, dests, costs, dem_ids, cand_ids, ex_list, table=table_name,
                                       fields=(o_f, d_f, c_f))
        feedback.pushInfo(tr("Cost matrix '{}': {:,} rows, {:,} resident–candidate pairs, {:,} resident–existing "
                             "pairs.").format(table_name, table.rows_read, table.pairs_candidates,
                                              table.pairs_existing))
        return table.candidates, table.existing

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
        import numpy as np

        from ..lifecircle_plugin.qgis_bridge import write_rows

        extra = QgsFields()
        for name, kind in (("lc_rank", INT), ("lc_site_id", STRING), ("lc_code", STRING),
                           ("new_pop", DOUBLE), ("cum_pop", DOUBLE),
                           ("cum_share", DOUBLE), ("reach_pop", DOUBLE),
                           ("assign_pop", DOUBLE), ("mean_dist", DOUBLE),
                           ("saving_m", DOUBLE), ("lc_reason", STRING),
                           ("model", STRING), ("solver", STRING)):
            extra.append(make_field(name, kind))
        answered = self._needs_answered(r, candidates, category, needs, threshold)
        if answered is not None:
            extra.append(make_field("lc_needs", DOUBLE))
            extra.append(make_field("lc_asks", STRING))
        fields = QgsProcessingUtils.combineFields(candidates.fields, extra)
        sink, dest = self.parameterAsSink(parameters, self.SITES, context, fields, candidates.wkb_type,
                                          candidates.crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.SITES))
        # population-weighted mean distance of the residents allocated to each site
        wd = np.zeros(len(r.sites))
        pos = {int(j): k for k, j in enumerate(r.sites)}
        for i, site, d in zip(r.alloc_demand, r.alloc_site, r.alloc_distance):
            if site >= 0 and np.isfinite(d):
                wd[pos[int(site)]] += population[i] * d
        feats, rows = [], []
        total = r.total_population
        for rank, j in enumerate(r.sites, start=1):
            k = rank - 1
            share = 100.0 * r.site_cumulative[k] / total if total > 0 else float("nan")
            mean = wd[k] / r.site_assigned[k] if r.site_assigned[k] > 0 else float("nan")
            feats.append(candidates.features[j])
            rows.append([rank, cand_ids[j], category or None, _num(r.site_marginal[k], 1),
                         _num(r.site_cumulative[k], 1), _num(share, 3), _num(r.site_reach[k], 1),
                         _num(r.site_assigned[k], 1), _num(mean, 1), _num(r.site_saving[k], 1),
                         _reason(r, k, rank, cat_name, share, mean), r.model, tr_msg(r.solver)])
            if answered is not None:
                rows[-1] += list(answered[k])
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


def _reason(r, k: int, rank: int, cat_name: str, share: float, mean: float) -> str:
    """Why this site, in the planner's words (Chinese, like the checklist)."""
    what = cat_name or "设施"
    if r.model == "pmedian":
        text = "第{}推荐：{}就近服务 {:,.0f} 人".format(rank, what, r.site_assigned[k])
        if not math.isnan(mean):
            text += "，人均步行 {:,.0f} m".format(mean)
        if r.threshold and not math.isnan(r.site_marginal[k]):
            text += "；{:g} m 内新增覆盖 {:,.0f} 人".format(r.threshold, r.site_marginal[k])
        return text
    text = "第{}推荐：{:g} m 步行范围内新增覆盖 {:,.0f} 名缺少{}的居民".format(
        rank, r.threshold, r.site_marginal[k], what)
    if not math.isnan(share):
        text += "，累计覆盖率 {:.1f}%".format(share)
    return text


def _nan0(value) -> float:
    return 0.0 if value is None or math.isnan(value) else float(value)


