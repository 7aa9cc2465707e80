"""PyQGIS steps of `make demo` that are dock features rather than Processing algorithms: the project list
draft from the chosen sites (as the dock's "From siting results" does), and the styled .qgz of all results.

    python scripts/demo_steps.py drafts RESULTS.gpkg SAMPLE.gpkg YEAR CATEGORY
    python scripts/demo_steps.py project RESULTS.gpkg OUT.qgz
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
STYLES = ROOT / "resources" / "styles"

#: result table -> (display name, style) in drawing order, bottom first
LAYERS = [
    ("coverage_units", "体检：十全达标（按单元）", "coverage_units"),
    ("units", "生活圈基本单元", "units"),
    ("potential_space", "潜力空间", "potential_space"),
    ("network_edges", "步行网络", "network_edges"),
    ("service_areas", "服务范围（按类别）", "coverage_service_areas"),
    ("coverage_residents", "居民点：十全达标数", "coverage_residents"),
    ("gate_effect", "封闭小区：因围墙失去的类别", None),
    ("coverage_facilities", "现有设施", "coverage_facilities"),
    ("sites", "推荐选址", "siting_sites"),
    ("projects", "年度项目实施清单", None),
]


def write_table(layer, results: Path, name: str) -> None:
    """``layer`` written into the results GeoPackage as table ``name`` (replacing it, keeping the others)."""
    from qgis.core import QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    err = QgsVectorFileWriter.writeAsVectorFormatV2(layer, str(results), layer.transformContext(), options)
    if err[0] != QgsVectorFileWriter.NoError:
        raise SystemExit(f"demo: could not write {name}: {err}")


def drafts(results: Path, sample: Path, year: int, category: str) -> dict:
    """Copies the sample's project list into the results and adds draft projects (谋划) from the sites."""
    from qgis.core import QgsGeometry, QgsVectorLayer

    from lifecircle.lifecircle_plugin import project_layer as PL
    from lifecircle.lifecircle_plugin.core import projects as P

    src = QgsVectorLayer(f"{sample}|layername=projects", "projects", "ogr")
    write_table(src, results, "projects")
    del src
    layer = QgsVectorLayer(f"{results}|layername=projects", "projects", "ogr")
    PL.configure_layer(layer)
    sites = QgsVectorLayer(f"{results}|layername=sites", "sites", "ogr")
    units = QgsVectorLayer(f"{results}|layername=units", "units", "ogr")
    feats = sorted(sites.getFeatures(), key=lambda f: f.id())
    names = sites.fields().names()
    rows = [{n: PL.to_python(f.attribute(i)) for i, n in enumerate(names)} for f in feats]
    geoms = [QgsGeometry(PL.transform_geometry(f.geometry(), sites.crs(), layer.crs()).pointOnSurface())
             for f in feats]
    located = PL.locate_in_units(geoms, layer.crs(), units, "unit_id", "subdistrict")
    editor = PL.ProjectEditor(layer)
    result = P.drafts_from_sites(rows, P.guess_site_fields(names), year=year, existing_ids=editor.ids(),
                                 subdistricts=[sd for _u, sd in located], unit_ids=[u for u, _sd in located],
                                 district="示例区", default_category=category)
    fids = editor.add(result.projects, [geoms[i] for i in result.sources], "Drafts from the siting results")
    outcome = editor.commit()
    ids = [p["project_id"] for p in result.projects]
    programme = _programme(editor, sample, results, year)
    del editor, layer, sites, units
    return {"drafts": ids, "skipped": result.skipped, "committed": bool(getattr(outcome, "ok", True)),
            "fids": list(fids), **programme}


def _programme(editor, sample: Path, results: Path, year: int) -> dict:
    """The list's yearly targets copied beside it, and what the dock shows of the programme: projects by source,
    progress against the targets, the 一图三会 outcomes so far, and funding that does not add up."""
    from collections import Counter

    from lifecircle.lifecircle_plugin import list_targets as T
    from lifecircle.lifecircle_plugin.core import programme as G
    from lifecircle.lifecircle_plugin.core import projects as P

    targets = T.read_gpkg_targets(str(sample), "projects_targets")
    T.write_gpkg_targets(str(results), "projects_targets", targets)
    projects = [p for _fid, p in editor.projects() if P.year_of(p.get("year")) == year]
    progress = [G.progress_by_unit(projects, targets, year)]
    meetings = {name: sum(1 for p in projects if not P.is_empty(p.get(name))) for name in P.CONSULTATION_FIELDS}
    scores = [p["satisfaction"] for p in projects if p.get("satisfaction") is not None]
    return {"sources": dict(Counter(p.get("project_source") or "（未填）" for p in projects)),
            "progress": [[r.unit, r.started, r.target.started, r.completed, r.target.completed, r.investment,
                          r.target.investment] for r in progress[0] if r.target],
            "meetings": meetings, "satisfaction": sum(scores) / len(scores) if scores else None,
            "funding_warnings": [f"{p['project_id']}: {w.message}" for p in projects
                                 for w in P.project_warnings(p) if w.field == "investment"]}


def gate_effect(results: Path) -> dict:
    """The walls' and gates' effect, per resident point, from three coverage runs of the demo: ``lost_walls`` —
    checklist categories within reach when residents walk through the walls (no compounds) but not through the
    gates; ``lost_night`` — those lost again at 22:00, when night-closed gates are shut. Written to the results as
    ``gate_effect`` (the residents' points)."""
    from qgis.core import QgsFeature, QgsField, QgsVectorLayer
    from qgis.PyQt.QtCore import QVariant

    runs = {k: QgsVectorLayer(f"{results}|layername={t}", k, "ogr") for k, t in (
        ("walls", "coverage_residents_no_gates"), ("gates", "coverage_residents"),
        ("night", "coverage_residents_night"))}
    met = {k: {f.id(): (f["n_q_met"] or 0) + (f["n_m_met"] or 0) for f in lyr.getFeatures()}
           for k, lyr in runs.items()}
    out = QgsVectorLayer(f"Point?crs={runs['gates'].crs().authid()}", "gate_effect", "memory")
    out.dataProvider().addAttributes([QgsField("population", QVariant.Int), QgsField("lost_walls", QVariant.Int),
                                      QgsField("lost_night", QVariant.Int)])
    out.updateFields()
    feats = []
    for f in runs["gates"].getFeatures():
        g = QgsFeature(out.fields())
        g.setGeometry(f.geometry())
        g.setAttributes([f["population"], met["walls"][f.id()] - met["gates"][f.id()],
                         met["gates"][f.id()] - met["night"][f.id()]])
        feats.append(g)
    out.dataProvider().addFeatures(feats)
    write_table(out, results, "gate_effect")
    lost = [f for f in feats if f["lost_walls"] > 0]
    night = [f for f in feats if f["lost_night"] > 0]
    return {"points": len(feats), "lost_points": len(lost), "lost_people": sum(f["population"] for f in lost),
            "night_points": len(night), "night_people": sum(f["population"] for f in night)}


def project(results: Path, out_qgz: Path) -> dict:
    """A QGIS project that opens every result layer, styled, by a path relative to the project file."""
    from qgis.core import QgsProject, QgsVectorLayer

    proj = QgsProject.instance()
    proj.clear()
    proj.setTitle("LifeCircle · 示例区 15分钟生活圈")
    proj.writeEntryBool("Paths", "/Absolute", False)
    loaded = []
    for table, name, style in LAYERS:
        lyr = QgsVectorLayer(f"{results}|layername={table}", name, "ogr")
        if not lyr.isValid():
            continue
        if style and lyr.geometryType() == 2 and (STYLES / f"{style}_polygon.qml").exists():
            style = f"{style}_polygon"
        if style and (STYLES / f"{style}.qml").exists():
            lyr.loadNamedStyle(str(STYLES / f"{style}.qml"))
        elif table == "projects":
            from lifecircle.lifecircle_plugin import project_layer as PL

            PL.configure_layer(lyr)
        proj.addMapLayer(lyr, False)
        loaded.append(lyr)
    root = proj.layerTreeRoot()
    for lyr in reversed(loaded):  # first drawn at the bottom
        root.addLayer(lyr)
    if loaded:
        proj.setCrs(loaded[0].crs())
    ok = proj.write(str(out_qgz))
    names = [lyr.name() for lyr in loaded]
    proj.clear()
    return {"written": ok, "layers": names}


def main(argv) -> int:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    if argv[0] == "drafts":
        out = drafts(Path(argv[1]), Path(argv[2]), int(argv[3]), argv[4])
    elif argv[0] == "gates":
        out = gate_effect(Path(argv[1]))
    elif argv[0] == "project":
        out = project(Path(argv[1]), Path(argv[2]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(out, ensure_ascii=False))
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
