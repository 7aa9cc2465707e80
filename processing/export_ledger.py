"""lifecircle:exportledger — the annual project list as an Excel ledger (台账) for district offices."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from .base import LifeCircleAlgorithm, _param, default_profile, tr
from ..lifecircle_plugin.ledger_io import default_target, export_layer_ledger, read_attributes


class ExportLedgerAlgorithm(LifeCircleAlgorithm):
    NAME = "exportledger"
    DISPLAY = "Export Excel ledger (台账)"
    GROUP = "projects"
    REQUIRES = ("openpyxl",)

    INPUT = "INPUT"
    YEARS = "YEARS"
    SUBDISTRICTS = "SUBDISTRICTS"
    UNITS = "UNITS"
    TARGET = "TARGET"
    SITES = "SITES"
    SITES_CATEGORY = "SITES_CATEGORY"
    POTENTIAL = "POTENTIAL"
    IMPACT_UNITS = "IMPACT_UNITS"
    IMPACT_PROJECTS = "IMPACT_PROJECTS"
    NEEDS = "NEEDS"
    OUTPUT = "OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(_param(QgsProcessingParameterVectorLayer(
            self.INPUT, tr("Project list (年度项目实施清单)"), [QgsProcessing.SourceType.TypeVector]),
            "The annual project list layer (GeoPackage or PostGIS) with the LifeCircle project schema."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.YEARS, tr("Year(s) (empty = latest, 0 = all)"), defaultValue="", optional=True),
            "Which years to export: empty for the latest year in the list, 0 or 'all' for every year, or e.g. 2026, "
            "2025,2026 or 2024-2026."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.SUBDISTRICTS, tr("街镇 (empty = all)"), defaultValue="", optional=True),
            "Comma-separated 街镇 names for a ledger of some 街镇 only (东湖 matches 东湖街道)."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.UNITS, tr("Coverage units (Facility coverage result)"), [QgsProcessing.SourceType.TypeVector],
            optional=True),
            "The units output of 'Facility coverage' (c_Q01… shares, missing_q/missing_m): adds 单元体检 and the gaps "
            "of 缺项与选址."))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.TARGET, tr("Coverage target for the 单元体检 colours (%)"), QgsProcessingParameterNumber.Type.Double,
            default_target(), minValue=1.0, maxValue=100.0),
            "A category counts as met in a unit when at least this share of its residents is within walking distance "
            "(the profile's target by default; use the value the coverage was computed with).",
            advanced=True))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.SITES, tr("Recommended sites (Siting result)"), [QgsProcessing.SourceType.TypeVector], optional=True),
            "Chosen sites of 'Siting' (lc_rank, new_pop, cum_pop …, with the candidates' own fields): listed in "
            "缺项与选址."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.SITES_CATEGORY, tr("Category of the sites (e.g. Q05)"), optional=True),
            "The checklist category the siting run was for (its output has no category field)."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.POTENTIAL, tr("Potential space (Potential space result)"), [QgsProcessing.SourceType.TypeVector],
            optional=True),
            "Parcels scored by 'Potential space' (rank, score, reason): the ranked parcels go to 潜力空间."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.IMPACT_UNITS, tr("Impact units (Project impact or Compare coverage result)"),
            [QgsProcessing.SourceType.TypeVector], optional=True),
            "Units output of 'Project impact' (cb_/ca_ shares, q_met_b/q_met_a, new_pop) or of 'Compare coverage' "
            "(dc_ changes): per-unit before/after in 成效评估."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.IMPACT_PROJECTS, tr("Impact projects (Project impact result)"), [QgsProcessing.SourceType.TypeVector],
            optional=True),
            "Projects output of 'Project impact' (new_alone, new_ordered, lc_reason): per-project residents newly "
            "covered in 成效评估."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.NEEDS, tr("Residents' needs (Residents' needs result)"), [QgsProcessing.SourceType.TypeVector],
            optional=True),
            "Needs output of 'Residents' needs' (lc_codes, lc_text, unit_id): adds 需求 — what was asked where, and "
            "which projects of the list answer it (of its category, within the category's walking threshold, "
            "straight line)."))
        self.addParameter(_param(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Ledger workbook"), tr("Excel workbook (*.xlsx)")),
            "The .xlsx file to send to the district offices."))
        self.addOutput(QgsProcessingOutputNumber("PROJECTS", tr("Projects exported")))
        self.addOutput(QgsProcessingOutputNumber("INVESTMENT", tr("Investment exported (万元)")))

    def process(self, parameters, context, feedback) -> dict:
        from ..lifecircle_plugin.core import ledger as L

        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path:
            raise QgsProcessingException(tr("Choose the workbook to write (OUTPUT)."))
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        extras = {}
        for key, name in ((self.UNITS, "units"), (self.SITES, "sites"), (self.POTENTIAL, "potential"),
                          (self.IMPACT_UNITS, "impact_units"), (self.IMPACT_PROJECTS, "impact_projects"),
                          (self.NEEDS, "needs")):
            if parameters.get(key) in (None, ""):
                continue
            source = self.parameterAsSource(parameters, key, context)
            if source is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, key))
            extras[name] = read_attributes(source, feedback)
        extras["sites_category"] = self.parameterAsString(parameters, self.SITES_CATEGORY, context) or None
        if "needs" in extras:
            extras["need_answers"] = self._need_answers(parameters, context, layer, feedback)
        progress, is_cancelled = self.progress_callbacks(feedback)
        summary = export_layer_ledger(
            layer, path,
            years=self.parameterAsString(parameters, self.YEARS, context),
            subdistricts=self.parameterAsString(parameters, self.SUBDISTRICTS, context),
            target_share=self.parameterAsDouble(parameters, self.TARGET, context) / 100.0,
            extras=L.ExportExtras(**extras), feedback=feedback, progress=progress, is_cancelled=is_cancelled)
        return {self.OUTPUT: path, "PROJECTS": summary.projects, "INVESTMENT": summary.investment}

    def _need_answers(self, parameters, context, layer, feedback) -> list:
        """Per need (in the NEEDS layer's order): ids of the list's projects that answer it — of one of its
        categories, within that category's walking threshold of the need, straight line (core/needs.py)."""
        from ..lifecircle_plugin.core import projects as P
        from ..lifecircle_plugin.core.needs import answering_projects, codes_of
        from ..lifecircle_plugin.qgis_bridge import read_points, working_crs

        src, name = self.source_or_fail(parameters, self.NEEDS, context, tr("needs"))
        if "lc_codes" not in src.fields().names():
            raise QgsProcessingException(tr("Layer '{}' has no field lc_codes: give the needs output of 'Residents' "
                                            "needs'.").format(name))
        crs = working_crs(src, context, feedback, name)
        needs = read_points(src, name, crs, context, feedback, ["lc_codes"])
        projects = read_points(layer, layer.name(), crs, context, feedback, ["project_id", "category"])
        profile = default_profile()
        thresholds = {c: profile.threshold(c) for c in profile.codes}
        found = answering_projects(needs.xy, [codes_of(v) for v in needs.values("lc_codes")], projects.xy,
                                   [P.parse_category(v) for v in projects.values("category")], thresholds)
        ids = projects.values("project_id")
        return [[str(ids[j]) for j in js if ids[j] is not None] for js in found]
