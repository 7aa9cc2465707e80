"""lifecircle:projectimpact — what the year's projects change (before/after coverage, credit per project)."""

from __future__ import annotations

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from .base import _param, tr
from .base import listed as _listed
from .base import number_or_null as _num
from .base import numbers_or_null
from .facility_coverage import FacilityCoverageAlgorithm
from ..lifecircle_plugin.core.projects import select_projects
from ..lifecircle_plugin.core.typed import clean_text, split_list
from ..lifecircle_plugin.qgis_compat import BOOL, DOUBLE, INT, STRING, make_field

DEFAULT_STATUSES = "在建,完工,运营"


class ProjectImpactAlgorithm(FacilityCoverageAlgorithm):
    NAME = "projectimpact"
    DISPLAY = "Project impact (before / after)"
    GROUP = "projects"

    PROJECTS = "PROJECTS"
    PROJECT_ID_FIELD = "PROJECT_ID_FIELD"
    PROJECT_CATEGORY_FIELD = "PROJECT_CATEGORY_FIELD"
    PROJECT_STATUS_FIELD = "PROJECT_STATUS_FIELD"
    PROJECT_YEAR_FIELD = "PROJECT_YEAR_FIELD"
    YEAR = "YEAR"
    STATUSES = "STATUSES"
    PROJECTS_OUTPUT = "PROJECTS_OUTPUT"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_input_parameters()
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.PROJECTS, tr("Project list (年度项目实施清单)"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon]),
            "The annual project list layer: points or polygons with project_id, category, status, year."))
        for key, label, default in ((self.PROJECT_ID_FIELD, "Project id field", "project_id"),
                                    (self.PROJECT_CATEGORY_FIELD, "Project category field", "category"),
                                    (self.PROJECT_STATUS_FIELD, "Project status field", "status"),
                                    (self.PROJECT_YEAR_FIELD, "Project year field", "year")):
            self.addParameter(_param(QgsProcessingParameterField(
                key, tr(label), defaultValue=default, parentLayerParameterName=self.PROJECTS, optional=True),
                "Field of the project list (the LifeCircle schema's name is the default).", advanced=True))
        self.addParameter(_param(QgsProcessingParameterNumber(
            self.YEAR, tr("Year (0 = all years)"), QgsProcessingParameterNumber.Type.Integer, 0, minValue=0),
            "Only projects of this year count."))
        self.addParameter(_param(QgsProcessingParameterString(
            self.STATUSES, tr("Statuses to count (comma separated)"), defaultValue=DEFAULT_STATUSES),
            "Projects with these statuses count: 在建, 完工, 运营 by default; add 谋划, 前期 to test a draft list."))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNITS_OUTPUT, tr("Units: coverage before and after"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.PROJECTS_OUTPUT, tr("Projects: residents newly covered"),
            QgsProcessing.SourceType.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.RESIDENTS_OUTPUT, tr("Residents: distances before and after"),
            QgsProcessing.SourceType.TypeVectorAnyGeometry, optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber("PROJECTS_COUNTED", tr("Projects counted")))
        self.addOutput(QgsProcessingOutputNumber("PROJECTS_OVERLAPPING", tr("Projects covering nobody new")))
        self.addOutput(QgsProcessingOutputNumber("NEWLY_COVERED", tr("Residents newly covered (any category)")))
        self.addOutput(QgsProcessingOutputNumber("UNITS_MEETING_TARGET_BEFORE", tr("Units meeting the 十全 target "
                                                                                   "before")))
        self.addOutput(QgsProcessingOutputNumber("UNITS_MEETING_TARGET_AFTER", tr("Units meeting the 十全 target after")))

    def process(self, parameters, context, feedback):
        from ..lifecircle_plugin.core.impact import project_impact

        steps = QgsProcessingMultiStepFeedback(4, feedback)
        inp = self.read_inputs(parameters, context, feedback, steps)
        projects, ids, selected, codes = self._selected_projects(parameters, context, inp.crs, steps, feedback)
        steps.setCurrentStep(2)
        progress, cancelled = self.progress_callbacks(steps)
        r = project_impact(
            inp.network, inp.profile, inp.facilities.xy, inp.codes, projects.xy[selected], codes,
            inp.residents.xy, inp.population, unit_polygons=inp.unit_polys, snap_tolerance=inp.snap_tolerance,
            target=inp.target, search_limit=inp.search_limit, group_counts=inp.groups, progress=progress,
            is_cancelled=cancelled)
        overlapping, new_total = self._log_impact(r, ids, selected, projects, feedback)
        steps.setCurrentStep(3)
        out = {}
        self.check_cancel()
        out.update(self._write_units_impact(parameters, context, r, inp))
        self.check_cancel()
        out.update(self._write_projects(parameters, context, r, projects, selected))
        if parameters.get(self.RESIDENTS_OUTPUT) not in (None, ""):
            self.check_cancel()
            out.update(self._write_residents_impact(parameters, context, r, inp))
        out.update(PROJECTS_COUNTED=int(r.project_counted.sum()), PROJECTS_OVERLAPPING=len(overlapping),
                   NEWLY_COVERED=new_total, UNITS_MEETING_TARGET_BEFORE=int(r.before.unit_meets_target.sum()),
                   UNITS_MEETING_TARGET_AFTER=int(r.after.unit_meets_target.sum()))
        return out

    def _selected_projects(self, parameters, context, crs, steps, feedback):
        """(projects read, their ids, the selected ones in list order, the checklist code of each selected) from
        PROJECTS by YEAR and STATUSES; projects the selection cannot judge are listed, none selected is an error."""
        from ..lifecircle_plugin.core.impact import list_order, project_codes
        from ..lifecircle_plugin.qgis_bridge import read_points

        proj_src, proj_name = self.source_or_fail(parameters, self.PROJECTS, context, tr("projects"))
        fields = {k: self.parameterAsString(parameters, k, context) for k in
                  (self.PROJECT_ID_FIELD, self.PROJECT_CATEGORY_FIELD, self.PROJECT_STATUS_FIELD,
                   self.PROJECT_YEAR_FIELD)}
        projects = read_points(proj_src, proj_name, crs, context, steps, list(fields.values()))
        year = self.parameterAsInt(parameters, self.YEAR, context)
        statuses = split_list(self.parameterAsString(parameters, self.STATUSES, context))
        ids = [str(v).strip() if v is not None else "" for v in projects.values(fields[self.PROJECT_ID_FIELD])]
        chosen = select_projects(projects.values(fields[self.PROJECT_YEAR_FIELD]),
                                 projects.values(fields[self.PROJECT_STATUS_FIELD]), year, statuses)
        self._report_unjudged(chosen, ids, projects, fields, proj_name, feedback)
        if not chosen.selected:
            raise QgsProcessingException(tr(
                "Layer '{}': no project of year {} with status {} — nothing to assess. Check YEAR and STATUSES.")
                .format(proj_name, year or tr("(any)"), "/".join(statuses)))
        selected = list_order(chosen.selected, ids, projects.fids)
        categories = projects.values(fields[self.PROJECT_CATEGORY_FIELD])
        codes = project_codes([categories[i] for i in selected])
        feedback.pushInfo(tr("{} project(s) selected from '{}' (year {}, statuses {}).").format(
            len(selected), proj_name, year or tr("any"), "、".join(statuses)))
        return projects, ids, selected, codes

    @staticmethod
    def _log_impact(r, ids, selected, projects, feedback):
        """Logs the projects not counted or covering nobody new, and the residents newly covered; returns (ids of
        the overlapping projects, residents newly covered)."""
        import numpy as np

        not_counted = [ids[selected[i]] or str(projects.fids[selected[i]]) for i in np.flatnonzero(~r.project_counted)]
        if not_counted:
            feedback.reportError(tr("{} selected project(s) cannot be counted (no category or location): {}")
                                 .format(len(not_counted), _listed(not_counted)), False)
        overlapping = [ids[selected[i]] for i in r.overlapping_projects()]
        if overlapping:
            feedback.pushWarning(tr("{} project(s) cover nobody new (与现有服务重叠): {}").format(
                len(overlapping), _listed(overlapping)))
        new_total = r.newly_covered_residents()
        feedback.pushInfo(tr("Residents newly covered in at least one category: {:,.0f}. Units meeting the 十全 "
                             "target: {} before, {} after.").format(
            new_total, int(r.before.unit_meets_target.sum()), int(r.after.unit_meets_target.sum())))
        return overlapping, new_total

    # ------------------------------------------------------------------------------------------------------
    def _write_units_impact(self, parameters, context, r, inp):
        from qgis.core import QgsFeature

        b, a = r.before, r.after
        extra = QgsFields()
        extra.append(make_field("unit_id", STRING))
        extra.append(make_field("population", DOUBLE))
        for c in a.codes:
            extra.append(make_field(f"cb_{c}", DOUBLE))
            extra.append(make_field(f"ca_{c}", DOUBLE))
        grouped = [j for j, c in enumerate(a.codes) if c in a.serves]
        for j in grouped:  # beside a group's shares: all residents' (before, after)
            extra.append(make_field(f"cbe_{a.codes[j]}", DOUBLE))
            extra.append(make_field(f"cae_{a.codes[j]}", DOUBLE))
        for name, kind in (("q_met_b", INT), ("q_met_a", INT), ("m_met_b", INT),
                           ("m_met_a", INT), ("target_b", BOOL), ("target_a", BOOL),
                           ("new_pop", DOUBLE), ("improved", STRING), ("group_basis", STRING)):
            extra.append(make_field(name, kind))
        new_pop = r.unit_new_population()
        rows = []
        for u in range(len(a.unit_population)):
            row = [inp.unit_ids[u] if inp.unit_ids else tr("whole area"), float(a.unit_population[u])]
            for j in range(len(a.codes)):
                row += [_num(100 * b.unit_share[u, j], 1), _num(100 * a.unit_share[u, j], 1)]
            for j in grouped:
                row += [_num(100 * b.unit_share_all[u, j], 1), _num(100 * a.unit_share_all[u, j], 1)]
            row += [int(b.unit_met_must[u]), int(a.unit_met_must[u]), int(b.unit_met_optional[u]),
                    int(a.unit_met_optional[u]), bool(b.unit_meets_target[u]), bool(a.unit_meets_target[u]),
                    float(new_pop[u]), r.unit_improved(u), a.group_basis() or None]
            rows.append(row)
        self.check_cancel()
        if inp.unit_feats is not None:
            fields = QgsProcessingUtils.combineFields(inp.units_src.fields(), extra)
            return self._sink(parameters, context, self.UNITS_OUTPUT, fields, inp.unit_feats, rows,
                              inp.units_src.wkbType(), inp.units_src.sourceCrs(), "impact_units")
        from ..lifecircle_plugin.qgis_bridge import whole_area_hull

        # (an empty geometry when one resident, or all on one line: the whole area has no polygon to draw)
        hull = whole_area_hull(inp.residents, self.check_cancel)
        whole = QgsFeature(QgsFields())
        whole.setGeometry(hull)
        return self._sink(parameters, context, self.UNITS_OUTPUT, extra, [whole], rows, QgsWkbTypes.Type.Polygon,
                          inp.residents.crs, "impact_units")

    def _write_projects(self, parameters, context, r, projects, selected):
        extra = QgsFields()
        for name, kind in (("lc_order", INT), ("lc_code", STRING), ("counted", BOOL),
                           ("new_alone", DOUBLE), ("new_ordered", DOUBLE),
                           ("lc_reason", STRING)):
            extra.append(make_field(name, kind))
        fields = QgsProcessingUtils.combineFields(projects.fields, extra)
        rows = []
        for k, i in enumerate(selected):
            rows.append([k + 1, r.project_code[k], bool(r.project_counted[k]), _num(r.project_new_alone[k], 0),
                         _num(r.project_new_ordered[k], 0), r.project_reason[k] or None])
        return self._sink(parameters, context, self.PROJECTS_OUTPUT, fields, [projects.features[i] for i in selected],
                          rows, projects.wkb_type, projects.crs, "impact_projects")

    def _write_residents_impact(self, parameters, context, r, inp):
        import numpy as np

        b, a = r.before, r.after
        extra = QgsFields()
        extra.append(make_field("unit_id", STRING))
        for c in r.changed_codes:
            extra.append(make_field(f"db_{c}", DOUBLE))
            extra.append(make_field(f"da_{c}", DOUBLE))
        extra.append(make_field("newly_covered", STRING))
        fields = QgsProcessingUtils.combineFields(inp.residents.fields, extra)
        idx = [a.codes.index(c) for c in r.changed_codes]
        new = r.newly_covered
        n = len(inp.residents.features)
        units = a.resident_unit.tolist()
        columns = [[inp.unit_ids[u] if (u >= 0 and inp.unit_ids) else None for u in units]]
        for j in idx:  # whole columns at once (100,000 residents × 20 categories × 2 is millions of values)
            self.check_cancel()
            columns.append(numbers_or_null(b.resident_distance[:, j], 1))
            columns.append(numbers_or_null(a.resident_distance[:, j], 1))
        self.check_cancel()
        names = [a.names_zh[c] for c in a.codes]
        newly = [None] * n
        for i in np.flatnonzero(new.any(axis=1)).tolist():
            newly[i] = "、".join(names[j] for j in np.flatnonzero(new[i]))
        columns.append(newly)
        rows = self.rows_from_columns(columns)
        return self._sink(parameters, context, self.RESIDENTS_OUTPUT, fields, inp.residents.features, rows,
                          inp.residents.wkb_type, inp.residents.crs, "impact_residents")


    @staticmethod
    def _report_unjudged(chosen, ids, projects, fields, proj_name, feedback) -> None:
        """Projects the selection could not judge are listed by id with what they hold, never dropped silently."""
        for rows, field, what in ((chosen.unreadable_year, fields["PROJECT_YEAR_FIELD"],
                                   tr("a year that is not a year")),
                                  (chosen.unknown_status, fields["PROJECT_STATUS_FIELD"],
                                   tr("a status that is not one of 谋划/前期/在建/完工/运营/取消"))):
            if rows:
                values = projects.values(field)
                feedback.reportError(tr("Layer '{}': {} project(s) left out, with {} in '{}': {}").format(
                    proj_name, len(rows), what, field,
                    _listed([f"{ids[i] or '#' + str(projects.fids[i])} ('{clean_text(values[i])}')" for i in rows])),
                    False)
