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
    maps = sorted((tmp_path / "maps").glob("*.png"))
    assert len(maps) == 5 and all(m.stat().st_size > 50_000 for m in maps)
    # the project opens every layer, by a path relative to it
    project = QgsProject()
    assert project.read(str(tmp_path / "lifecircle_demo.qgz"))
    layers = list(project.mapLayers().values())
    assert len(layers) >= 8 and all(lyr.isValid() for lyr in layers)
    project.clear()
