"""In a Chinese QGIS, a planner reads Chinese: every algorithm run on the sample district with the zh_CN translation
installed, and a run of each that fails on bad input, leaves no English sentence in its log or its error — nor does
any legend of the result styles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

import bad_inputs_support as S
from chinese import chinese_ui, english_sentences
from planner_runs import INPUTS, layer, ledger_cells, made_inputs

ROOT = Path(__file__).resolve().parent.parent

def test_the_detector_finds_english_and_lets_names_pass():
    assert english_sentences("Layer 'streets' is empty; check the layer.")
    assert english_sentences("图层“居民”：no value (NULL) in feature ids 3")
    assert english_sentences("图层“streets”为空。") == []
    assert english_sentences("阈值 Q05=300，EPSG:4549，字段 snap_tolerance，GB 50180-2018，HiGHS 求解") == []
    assert english_sentences("图层“Walking network edges”，字段 'highway'：LifeCircle 15分钟生活圈") == []


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    with chinese_ui(tmp_path_factory.mktemp("qm")) as translator:
        yield translator


@pytest.fixture(scope="module")
def made(lc_provider_module, tmp_path_factory):
    return made_inputs(tmp_path_factory.mktemp("inputs"))


def everything_said(feedback) -> list[str]:
    return feedback.infos + feedback.warnings + feedback.errors


@pytest.mark.parametrize("alg_id", [a for a in INPUTS if a != "lifecircle:lifecircle_chain"])
def test_a_run_speaks_chinese(chinese, made, alg_id):
    params = {k: v for k, v in {**INPUTS[alg_id], **made.get(alg_id, {})}.items() if v is not None}
    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    for d in alg.destinationParameterDefinitions():
        if d.createByDefault():
            params[d.name()] = "memory:" if d.type() != "fileDestination" else str(
                Path(made["folder"]) / f"{alg.name()}.xlsx")
    feedback = S.recording_feedback()
    processing.run(alg_id, params, feedback=feedback)
    said = [line for line in everything_said(feedback) if line.strip()]
    assert said, alg_id
    english = {line: english_sentences(line) for line in said if english_sentences(line)}
    assert not english, "\n".join(f"{k!r}: {v}" for k, v in english.items())


FAILING = {  # a run of each algorithm that fails in the core on bad input
    "lifecircle:preparenetwork": {"INPUT": None},
    "lifecircle:facilitycoverage": {"FACILITIES": layer("facilities"), "CATEGORY_FIELD": "name",
                                    "RESIDENTS": layer("residents"), "POPULATION_FIELD": "population",
                                    "NETWORK": layer("streets"), "RESIDENTS_OUTPUT": "memory:",
                                    "UNITS_OUTPUT": "memory:", "MAPPING": 1},
    "lifecircle:siting": {"CANDIDATES": layer("parcels"), "DEMAND": layer("residents"),
                          "POPULATION_FIELD": "population", "NETWORK": layer("streets"), "CATEGORY": "Q05", "P": 2,
                          "THRESHOLD": 1, "SITES": "memory:"},
    "lifecircle:delineateunits": {"BLOCKS": layer("blocks"), "POPULATION_FIELD": "population",
                                  "BLOCK_ID_FIELD": "name", "ADMIN": layer("subdistricts"),
                                  "ADMIN_NAME_FIELD": "name", "NETWORK": layer("streets"), "MAX_WALK": 100,
                                  "UNITS": "memory:", "BLOCKS_OUTPUT": "memory:"},
}


@pytest.mark.parametrize("alg_id", list(FAILING))
def test_an_error_speaks_chinese(chinese, made, alg_id, tmp_path):
    params = dict(FAILING[alg_id])
    if params.get("INPUT", 1) is None:  # an empty line layer
        params["INPUT"] = S.memory_layer("LineString", [("highway", "string")], [], name="空路网")
        params["OUTPUT"] = "memory:"
    with pytest.raises(QgsProcessingException) as info:
        processing.run(alg_id, params, feedback=S.recording_feedback())
    message = str(info.value)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert not english_sentences(message), message


def test_every_legend_is_bilingual():
    """Every rule, category and range label of the result styles has its Chinese (English may follow)."""
    untranslated = {}
    for qml in sorted((ROOT / "resources" / "styles").glob("*.qml")):
        labels = re.findall(r'\blabel="([^"]*)"', qml.read_text(encoding="utf-8"))
        bad = [lab for lab in labels if re.search(r"[A-Za-z]{3,}", lab) and not re.search(r"[\u4e00-\u9fff]", lab)]
        if bad:
            untranslated[qml.name] = bad
    assert not untranslated, untranslated


def test_a_returned_ledger_speaks_chinese(chinese, tmp_path):
    """Everything an import tells about an office's workbook — changes, a conflict, a planner's column changed, a
    deleted row, 合计 and note rows, then a value that is not a number — in Chinese."""
    import openpyxl
    from lifecircle.lifecircle_plugin.core import ledger as L

    gpkg = S.copy_sample(tmp_path)
    layer_uri = S.sample_uri("projects", path=gpkg)
    workbook = tmp_path / "ledger.xlsx"
    S.run("lifecircle:exportledger", {"INPUT": layer_uri, "OUTPUT": str(workbook)})
    ids, col = ledger_cells(workbook)
    projects = QgsVectorLayer(layer_uri, "projects", "ogr")  # changed in QGIS since the export
    [fid] = [f.id() for f in projects.getFeatures("project_id = '2026-东湖-004'")]
    assert projects.dataProvider().changeAttributeValues({fid: {projects.fields().indexOf("progress"): 55}})
    del projects
    wb = openpyxl.load_workbook(workbook)
    ws = wb[L.LEDGER_SHEET]
    ws[f"{col['progress']}{ids['2026-东湖-002']}"] = 30
    ws[f"{col['progress']}{ids['2026-东湖-004']}"] = 60
    ws[f"{col['investment']}{ids['2026-东湖-003']}"] = 88.8
    ws.delete_rows(ids["2026-西岸-003"])
    ws[f"A{ws.max_row + 2}"] = "合计"
    ws[f"A{ws.max_row + 2}"] = "注：本表由街道办填报"
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    feedback = S.recording_feedback()
    res = processing.run("lifecircle:importledger", {"INPUT": layer_uri, "WORKBOOK": str(returned),
                                                     "OUTPUT": "memory:"}, feedback=feedback)
    assert (res["CHANGES"], res["CONFLICTS"], res["LOCKED_EDITS"], res["MISSING_ROWS"]) == (1, 1, 1, 1)
    said = [line for line in everything_said(feedback) if line.strip()]
    assert any("2026-东湖-004" in line and "自导出后已在 QGIS 中修改" in line for line in said), said
    assert any("街镇改动了规划师的列，未采用" in line for line in said), said
    assert not {line: english_sentences(line) for line in said if english_sentences(line)}

    ws[f"{col['progress']}{ids['2026-东湖-002']}"] = "三十"
    wb.save(returned)
    feedback = S.recording_feedback()
    res = processing.run("lifecircle:importledger", {"INPUT": layer_uri, "WORKBOOK": str(returned),
                                                     "OUTPUT": "memory:"}, feedback=feedback)
    assert res["ERRORS"] == 1 and res["APPLIED"] == 0
    said = [line for line in everything_said(feedback) if line.strip()]
    assert any("“三十”不是数字" in line and f"第 {ids['2026-东湖-002']} 行" in line for line in said), said
    assert not {line: english_sentences(line) for line in said if english_sentences(line)}
