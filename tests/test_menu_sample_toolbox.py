"""The plugin's menu as a planner uses it: the sample district opens framed on the district, from the planner's own
copy, without font warnings; 'LifeCircle tools in the Processing toolbox' shows the toolbox filtered to LifeCircle
(QGIS 3.22 has no iface.actionShowProcessingToolbox)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsRectangle, QgsSettings
from qgis.PyQt.QtCore import QModelIndex

ROOT = Path(__file__).resolve().parent.parent
MENU = "LifeCircle 15分钟生活圈"
SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture()
def plugin(qgis_iface, qgis_processing, tmp_path):
    import lifecircle

    registry = QgsApplication.processingRegistry()
    left = registry.providerById("lifecircle")
    if left is not None:
        registry.removeProvider(left)
    QgsSettings().setValue("lifecircle/sample_folder", str(tmp_path / "我的示例区"))
    p = lifecircle.classFactory(qgis_iface)
    p.initGui()
    yield p
    p.unload()
    QgsSettings().remove("lifecircle/sample_folder")
    QgsProject.instance().clear()


def action(plugin, text: str):
    return next(a for a in plugin.actions if a.text().startswith(text))


def test_the_sample_opens_framed_on_the_district_from_the_planner_s_copy(plugin, qgis_iface, tmp_path):
    canvas = qgis_iface.mapCanvas()
    QgsProject.instance().setDirty(False)  # (an earlier test's unsaved project would be asked about: a modal box)
    QgsProject.instance().readProject.connect(canvas.readProject)  # (as QGIS desktop connects its canvas)
    canvas.resize(900, 700)
    try:
        action(plugin, "Open the sample district").trigger()
    finally:
        QgsProject.instance().readProject.disconnect(canvas.readProject)
    copy = tmp_path / "我的示例区"
    assert QgsProject.instance().fileName() == str(copy / "sample_district.qgz")
    assert sorted(p.name for p in copy.iterdir()) == ["sample_district.gpkg", "sample_district.qgz"]
    layers = QgsProject.instance().mapLayers().values()
    assert len(layers) == 13 and all(lyr.isValid() for lyr in layers)
    assert all(lyr.source().startswith(str(copy)) for lyr in layers)  # never the plugin's own files
    district = None
    for lyr in layers:
        if lyr.crs() != QgsProject.instance().crs():
            continue  # (the survey's needs are GCJ-02 lon/lat, as AMap exports them: not the district's frame)
        district = QgsRectangle(lyr.extent()) if district is None else district
        district.combineExtentWith(lyr.extent())
    shown = canvas.extent()
    assert shown.contains(district), (shown.toString(), district.toString())
    assert shown.width() < 1.5 * district.width() or shown.height() < 1.5 * district.height()  # framed, not 1:1
    told = [m for level in (0, 1, 2, 3) for m in qgis_iface.messageBar().get_messages(level)]
    assert any(f"copied to {copy}" in m for m in told), told
    # a second time: the planner's copy (with their edits) is opened as it is
    (copy / "marker.txt").write_text("x")
    QgsProject.instance().setDirty(False)
    action(plugin, "Open the sample district").trigger()
    assert QgsProject.instance().fileName() == str(copy / "sample_district.qgz")
    assert (copy / "marker.txt").exists()


def test_no_font_is_named_that_a_planner_s_machine_may_lack(tmp_path):
    """Every shipped style and the sample project read on a machine without their fonts: no "Font … not available"
    (a subprocess whose fontconfig knows only a few Latin fonts)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
        <dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>""")
    code = f"""
import glob, zipfile
from qgis.core import QgsApplication, QgsTextFormat, QgsReadWriteContext
from qgis.PyQt.QtXml import QDomDocument
app = QgsApplication([], True); app.initQgis()
texts = [open(f, encoding="utf-8").read() for f in sorted(glob.glob({str(ROOT / 'resources' / 'styles')!r} + "/*.qml"))]
with zipfile.ZipFile({str(ROOT / 'resources' / 'sample' / 'sample_district.qgz')!r}) as z:
    texts.append(z.read("sample_district.qgs").decode())
formats, messages = 0, []
for t in texts:
    doc = QDomDocument(); doc.setContent(t)
    els = doc.elementsByTagName("text-style")
    for i in range(els.count()):
        ctx = QgsReadWriteContext()
        QgsTextFormat().readXml(els.at(i).parentNode().toElement(), ctx)
        formats += 1
        messages += [m.message() for m in ctx.takeMessages()]
print("FORMATS", formats)
print("MESSAGES", sorted(set(messages)))
"""
    import os

    env = dict(os.environ, FONTCONFIG_FILE=str(conf), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if line.startswith(("FORMATS", "MESSAGES")))
    assert int(lines["FORMATS"]) >= 20, out.stdout + out.stderr
    assert lines["MESSAGES"] == "[]"


def test_chinese_labels_render_with_the_fallback_font(qgis_app, tmp_path):
    """The sample rendered with its styles: Chinese labels drawn (not boxes) by whatever CJK font the system has."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    project = QgsProject.instance()
    assert project.read(str(ROOT / "resources" / "sample" / "sample_district.qgz"))
    settings = QgsMapSettings()
    settings.setLayers([lyr for lyr in project.layerTreeRoot().layerOrder() if lyr.isValid()])
    settings.setDestinationCrs(project.crs())
    settings.setExtent(project.viewSettings().defaultViewExtent())
    settings.setOutputSize(QSize(1400, 1150))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    SHOTS.mkdir(parents=True, exist_ok=True)
    image = job.renderedImage()
    image.save(str(SHOTS / "sample_district_map.png"))
    assert not image.isNull() and image.width() == 1400
    project.clear()


def _leaves(model, parent=QModelIndex()) -> list[str]:
    out = []
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        out += _leaves(model, idx) if model.rowCount(idx) else [idx.data()]
    return out


def test_the_toolbox_entry_shows_lifecircle_s_algorithms(plugin, qgis_iface, monkeypatch):
    from processing.gui.ProcessingToolbox import ProcessingToolbox
    from qgis.PyQt.QtCore import Qt

    toolbox = ProcessingToolbox()  # (the Processing plugin's dock, as QGIS 3.22 has it: no iface action)
    qgis_iface.mainWindow().addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, toolbox)
    toolbox.hide()
    monkeypatch.delattr(type(qgis_iface), "actionShowProcessingToolbox", raising=False)  # as in QGIS 3.22
    try:
        action(plugin, "LifeCircle tools in the Processing toolbox").trigger()
        assert toolbox.isVisibleTo(qgis_iface.mainWindow())  # (the test's main window itself is not shown)
        assert toolbox.searchBox.text() == "LifeCircle"
        shown = _leaves(toolbox.algorithmTree.model())
        ours = {a.displayName() for a in QgsApplication.processingRegistry().providerById("lifecircle").algorithms()}
        assert set(shown) == ours and len(ours) >= 11
    finally:
        qgis_iface.mainWindow().removeDockWidget(toolbox)
        toolbox.deleteLater()
