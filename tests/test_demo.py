"""`make demo`'s chain, run as the README says, into a temporary folder: every product is there and opens."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_writes_every_result(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PROJ_DATA="/usr/share/proj")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "demo.py"), "--out", str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    assert "Summary 摘要" in out.stdout and "life-circle units:" in out.stdout

    from qgis.core import QgsProject, QgsVectorLayer

    results = tmp_path / "lifecircle_demo.gpkg"
    for table in ("network_edges", "units", "coverage_units", "coverage_residents", "potential_space", "sites",
                  "projects", "impact_units", "residents_census", "needs", "needs_by_unit"):
        lyr = QgsVectorLayer(f"{results}|layername={table}", table, "ogr")
        assert lyr.isValid() and lyr.featureCount() > 0, table
        del lyr
    # the draft projects from the sites are in the list, as 谋划
    projects = QgsVectorLayer(f"{results}|layername=projects", "projects", "ogr")
    drafts = [f for f in projects.getFeatures() if f["status"] == "谋划" and "选址" in str(f["remarks"])]
    assert len(drafts) >= 1
    del projects

    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "台账_示例区_2026.xlsx")
    assert {"项目台账", "汇总", "单元体检", "缺项与选址", "潜力空间", "成效评估", "需求", "说明"} <= set(wb.sheetnames)
    # the annual programme: targets beside the list, compared in 汇总 and in the summary printed
    summary = [[c.value for c in r] for r in wb["汇总"].iter_rows()]
    head = next(i for i, r in enumerate(summary) if r[0] == "2026 年：目标与实际（按街镇）")
    assert [r[0] for r in summary[head + 2:head + 5]] == ["示例区", "东湖街道", "西岸街道"]
    assert "annual programme 2026: projects by source" in out.stdout and "    东湖街道: " in out.stdout
    assert "check: 2026-西岸-" in out.stdout and "adds up to" in out.stdout  # the short-funded market
    # "1+N": the sample's two 人民坊 are an ideal and a basic centre; the small 邻里中心 is none
    assert "centre 理想型" in out.stdout and "centre 基本型" in out.stdout and "面积不足" in out.stdout
    maps = sorted((tmp_path / "maps").glob("*.png"))
    assert len(maps) == 6 and all(m.stat().st_size > 50_000 for m in maps)
    # the walls and gates (封闭小区): per resident point, the categories lost through the gates and at 22:00, as the
    # three coverage runs' counts say
    runs = {t: {f.id(): f["n_q_met"] + f["n_m_met"] for f in QgsVectorLayer(
        f"{results}|layername={t}", t, "ogr").getFeatures()} for t in (
        "coverage_residents_no_gates", "coverage_residents", "coverage_residents_night")}
    effect = QgsVectorLayer(f"{results}|layername=gate_effect", "gate_effect", "ogr")
    lost = {f.id(): (f["lost_walls"], f["lost_night"]) for f in effect.getFeatures()}
    del effect
    walls, gates, night = runs.values()
    assert lost == {k: (walls[k] - gates[k], gates[k] - night[k]) for k in gates}
    assert sum(1 for a, _ in lost.values() if a > 0) > 0 and sum(1 for _, b in lost.values() if b > 0) > 0
    assert all(b >= 0 for _, b in lost.values())  # shutting gates never brings a category nearer
    assert "gated compounds 封闭小区" in out.stdout
    # the project opens every layer, by a path relative to it
    project = QgsProject()
    assert project.read(str(tmp_path / "lifecircle_demo.qgz"))
    layers = list(project.mapLayers().values())
    assert len(layers) >= 8 and all(lyr.isValid() for lyr in layers)
    project.clear()
