"""lifecircle:exportledger — the annual project list as an Excel ledger (台账) for district offices."""

from __future__ import annotations

from typing import Optional

from qgis.core import (
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from .base import LifeCircleAlgorithm, _param, tr
from ..lifecircle_plugin.messages import error_message, tr_msg


class ExportLedgerAlgorithm(LifeCircleAlgorithm):
    NAME = "exportledger"
    DISPLAY = "Export Excel ledger (台账)"
    GROUP = "projects"
    REQUIRES = ("openpyxl",)
    HELP = (
        "Writes the annual project list (年度项目实施清单) as an Excel workbook for the district offices, in Chinese: "
        "项目台账 (the projects grouped by 街镇 with investment subtotals and a total; the columns the office fills — "
        "项目状态, 进度, planned and actual 开工/完工 dates, 一图三会 dates and outcomes (attendance, public notice, "
        "votes, satisfaction, feedback), 备注 — are yellow, unlocked and have dropdowns / checks; the rest, with the "
        "project source, budget year and funding by source, is protected without a password; A3 landscape, fit to "
        "width), 汇总 (counts and investment by 街镇 × status and by 十全/十美 category, with charts; when the list "
        "has yearly targets (the project dock's 年度目标…), each year's targets per 街镇 or district against the "
        "projects started, completed and the investment, with a chart) and 说明 (what, from which layer, when, and how to return "
        "it).\n\nOptional results add sheets: coverage units (Facility coverage) → 单元体检 and the gaps of "
        "缺项与选址; siting results → recommended sites in 缺项与选址; potential-space parcels → 潜力空间; Project "
        "impact / Compare coverage units and Project impact projects → 成效评估.\n\nYEARS: empty = the latest year of "
        "the list; 0 or 'all' = every year; or e.g. 2026, 2025,2026, 2024-2026. SUBDISTRICTS: empty = all 街镇, or a "
        "comma-separated list (东湖 matches 东湖街道).\n\nEach project row carries a hidden fingerprint of its "
        "values: 'Import ledger updates' takes the office's changes back and flags projects changed in QGIS since the "
        "export as conflicts."
    )

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
            _default_target(), minValue=1.0, maxValue=100.0),
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
        from ..lifecircle_plugin.core.checklist import load_profile
        from ..lifecircle_plugin.core.needs import answering_projects, codes_of
        from ..lifecircle_plugin.qgis_bridge import read_points, working_crs

        src, name = self.source_or_fail(parameters, self.NEEDS, context, tr("needs"))
        if "lc_codes" not in src.fields().names():
            raise QgsProcessingException(tr("Layer '{}' has no field lc_codes: give the needs output of 'Residents' "
                                            "needs'.").format(name))
        crs = working_crs(src, context, feedback, name)
        needs = read_points(src, name, crs, context, feedback, ["lc_codes"])
        projects = read_points(layer, layer.name(), crs, context, feedback, ["project_id", "category"])
        profile = load_profile("shanghai")
        thresholds = {c: profile.threshold(c) for c in profile.codes}
        found = answering_projects(needs.xy, [codes_of(v) for v in needs.values("lc_codes")], projects.xy,
                                   [P.parse_category(v) for v in projects.values("category")], thresholds)
        ids = projects.values("project_id")
        return [[str(ids[j]) for j in js if ids[j] is not None] for js in found]


def _default_target() -> float:
    try:
        from ..lifecircle_plugin.core.checklist import load_profile

        return round(100.0 * float(load_profile("shanghai").target_share), 6)
    except Exception:  # pragma: no cover - a broken profile file must not break the toolbox
        return 85.0


# ------------------------------------------------------------------------------------------------------------
# shared with the project dock (gui/ledger_dialogs.py)


def safe_source(layer) -> str:
    """The layer's data source without a password (it goes into the workbook)."""
    source = layer.source()
    try:
        return QgsDataSourceUri.removePassword(source)
    except Exception:  # pragma: no cover - older API
        import re

        return re.sub(r"password=('[^']*'|\S+)", "password=***", source)


def read_projects(layer, is_cancelled=None) -> list[tuple[int, dict]]:
    """(feature id, project dict) of every feature of a project-list layer (the edit buffer included).

    The same values as ``project_layer.feature_project`` (schema fields; absent → None; NULL → None; QDate →
    date; dates kept as text parsed), read with one ``attributes()`` call per feature: 10,000 projects in a
    fraction of a second instead of ~1.5 s.
    """
    from ..lifecircle_plugin.core import projects as P
    from ..lifecircle_plugin.project_layer import to_python

    fields = layer.fields()
    index = [(name, fields.lookupField(name)) for name in P.FIELD_NAMES]
    present = [(name, i) for name, i in index if i >= 0]
    absent = {name: None for name, i in index if i < 0}
    plain = (str, int, float)
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    out = []
    for f in layer.getFeatures(req):
        if is_cancelled is not None and len(out) % 2000 == 1999 and is_cancelled():
            from ..lifecircle_plugin.core.errors import CancelledError

            raise CancelledError()
        attrs = f.attributes()
        project = dict(absent)
        for name, i in present:
            v = attrs[i]
            project[name] = v if type(v) in plain else to_python(v)
        for name in P.DATE_FIELDS:  # dates kept as text in some sources
            v = project.get(name)
            if isinstance(v, str):
                try:
                    project[name] = P.to_date(v)
                except ValueError:
                    pass
        out.append((f.id(), project))
    return out


def read_attributes(source, feedback=None) -> list[dict]:
    """Every feature's attributes as a plain dict (NULL → None, QDate → date)."""
    from ..lifecircle_plugin.project_layer import to_python

    names = source.fields().names()
    out = []
    req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    for f in source.getFeatures(req):
        if feedback is not None and feedback.isCanceled():
            from ..lifecircle_plugin.core.errors import CancelledError

            raise CancelledError()
        attrs = f.attributes()
        out.append({n: to_python(attrs[i]) for i, n in enumerate(names)})
    return out


def _targets_of(layer, selected, by_subdistrict: bool, feedback) -> list:
    """The list's yearly targets for the 汇总 sheet (a 街镇 choice keeps the targets of those 街镇 only); a targets
    table that cannot be read is said in the log, and the ledger is written without it."""
    from ..lifecircle_plugin.core import programme as G
    from ..lifecircle_plugin.core.errors import LifeCircleError
    from ..lifecircle_plugin.list_targets import read_layer_targets

    try:
        targets = read_layer_targets(layer)
    except LifeCircleError as exc:
        if feedback is not None:
            feedback.pushWarning(error_message(exc))
        return []
    if by_subdistrict:
        targets = [t for t in targets if any(G.names_subdistrict(t.unit, p) for p in selected)]
    if targets and feedback is not None:
        feedback.pushInfo(tr("Yearly targets: {} row(s), compared in the 汇总 sheet.").format(len(targets)))
    return targets


def export_layer_ledger(layer, path: str, *, years: object = "", subdistricts: object = "",
                        target_share: Optional[float] = None, extras=None, feedback=None, progress=None,
                        is_cancelled=None):
    """Exports the projects of ``layer`` (chosen by ``years`` / ``subdistricts`` as the algorithm's parameters)
    to ``path``; returns the core's ExportSummary. Raises LifeCircleError with a planner's message."""
    from ..lifecircle_plugin.core import ledger as L
    from ..lifecircle_plugin.core import projects as P
    from ..lifecircle_plugin.core.errors import LifeCircleError
    from ..lifecircle_plugin.project_layer import check_layer

    check = check_layer(layer)
    if not check.ok:
        raise LifeCircleError(check.message())
    projects = [p for _, p in read_projects(layer, is_cancelled)]
    if not projects:
        raise LifeCircleError(tr("'{}' holds no project: nothing to export.").format(layer.name()))
    text = str(years if years is not None else "").strip()
    if text.lower() in ("0", "all", "全部"):
        chosen_years: tuple = ()
    elif text:
        chosen_years = L.parse_years(text)
    else:
        present = [y for y in (_int(p.get("year")) for p in projects) if y is not None]
        chosen_years = (max(present),) if present else ()
        if chosen_years and feedback is not None:
            feedback.pushInfo(tr("Year: {} (the latest in the list; set YEARS to choose others, 0 for all).").format(
                chosen_years[0]))
    names = L.parse_names(subdistricts)
    selected = L.select_projects(projects, chosen_years, names)
    if not selected:
        have = sorted({str(p.get("subdistrict")) for p in projects if not P.is_empty(p.get("subdistrict"))})
        have_years = sorted({y for y in (_int(p.get("year")) for p in projects) if y is not None})
        raise LifeCircleError(tr("No project of '{}' matches year(s) {} and 街镇 {}. The list has years {} and 街镇 {}.")
                              .format(layer.name(), ", ".join(map(str, chosen_years)) or tr("all"),
                                      "、".join(names) or tr("all"), ", ".join(map(str, have_years)) or "—",
                                      "、".join(have) or "—"))
    if names:
        known = {P.subdistrict_short_name(str(p.get("subdistrict") or "")) for p in projects}
        unknown = [n for n in names if P.subdistrict_short_name(n) not in known]
        if unknown and feedback is not None:
            feedback.pushWarning(tr("No project in 街镇 {}.").format("、".join(unknown)))
    info = L.ExportInfo(layer_name=layer.name(), layer_source=safe_source(layer), years=chosen_years,
                        subdistricts=names,
                        target_share=target_share if target_share is not None else _default_target() / 100.0)
    extras = extras or L.ExportExtras()
    if extras.targets is None:
        extras.targets = _targets_of(layer, selected, bool(names), feedback)
    summary = L.export_ledger(path, selected, info, extras, progress=progress, is_cancelled=is_cancelled)
    if feedback is not None:
        feedback.pushInfo(tr("Ledger written: {} — {} project(s) in {} 街镇, investment {:,.2f} 万元; sheets: {}.")
                          .format(path, summary.projects, len(summary.subdistricts), summary.investment,
                                  "、".join(summary.sheets)))
        for note in summary.notes:
            feedback.pushWarning(tr_msg(note))
    return summary


def _int(value) -> Optional[int]:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
