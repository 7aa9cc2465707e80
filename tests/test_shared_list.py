"""A shared project list used by two planners at once — each a QGIS process of its own (helpers/planner_process.py)
— on a GeoPackage and on the test PostGIS server: no save overwrites a colleague's unseen, one save is one
transaction, ledger imports re-check at apply time. What the database holds is read back with sqlite3 / psql,
independently of QGIS."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from qgis import processing
from qgis.core import QgsVectorLayer

from lifecircle.lifecircle_plugin.list_save_gpkg import is_network_path
from lifecircle.lifecircle_plugin import project_layer as PL
from lifecircle.lifecircle_plugin.core import conflicts as C
from pg_server import CONN, psql
from planner_runs import ledger_cells, returned_ledger

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
CHILD = Path(__file__).resolve().parent / "helpers" / "planner_process.py"
X = "2026-东湖-003"  # the project both planners change
Y = "2026-西岸-005"


class Planner:
    """A planner's QGIS process, answering one JSON line per command."""

    def __init__(self):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env, bufsize=1)
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            raise EOFError(self.proc.stderr.read()[-3000:])
        return line

    def __call__(self, op: str, **args) -> dict:
        self.proc.stdin.write(json.dumps({"op": op, **args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self._line())
        assert "error" not in answer, answer.get("trace") or answer
        return answer

    def killed_while(self, op: str, **args) -> bool:
        """True when the process died during the command (no answer)."""
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        self.proc.wait(timeout=60)
        return not line

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.flush()
                self.proc.wait(timeout=30)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()


@pytest.fixture()
def planners():
    made = []

    def make(n=2):
        new = [Planner() for _ in range(n)]
        made.extend(new)
        return new

    yield make
    for p in made:
        p.close()


# ------------------------------------------------------------------------------------------------------------
# the two backends, read back independently


class Gpkg:
    def __init__(self, tmp_path: Path):
        self.path = tmp_path / "shared.gpkg"
        shutil.copy(SAMPLE, self.path)
        self.source, self.provider = f"{self.path}|layername=projects", "ogr"

    def rows(self) -> dict:
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        try:
            return {r["project_id"]: {k: r[k] for k in r.keys() if k != "geom"}
                    for r in con.execute("SELECT * FROM projects")}
        finally:
            con.close()

    def layer(self) -> QgsVectorLayer:
        return QgsVectorLayer(self.source, "projects", "ogr")


class Pg:
    def __init__(self, tmp_path: Path, table: str):
        shutil.copy(SAMPLE, tmp_path / "s.gpkg")
        src = QgsVectorLayer(f"{tmp_path / 's.gpkg'}|layername=projects", "s", "ogr")
        PL.export_to_postgis(CONN, table, source=src)
        del src
        self.table = table
        self.source, self.provider = PL.postgis_uri(CONN, table), "postgres"

    def rows(self) -> dict:
        out = psql(f'SELECT row_to_json(t)::text FROM (SELECT * FROM public."{self.table}") t')
        rows = [json.loads(r[0]) for r in out]
        return {r["project_id"]: {k: v for k, v in r.items() if k != "geom"} for r in rows}

    def layer(self) -> QgsVectorLayer:
        return QgsVectorLayer(self.source, self.table, "postgres")


@pytest.fixture(params=["gpkg", "postgis"])
def shared(request, tmp_path, qgis_app):
    if request.param == "gpkg":
        return Gpkg(tmp_path)
    return Pg(tmp_path, request.getfixturevalue("table"))


def opened(planners, shared, n=2):
    out = planners(n)
    for p in out:
        answer = p("open", source=shared.source, provider=shared.provider)
        assert answer["shared"] and answer["problem"] is None, answer
    return out


# ------------------------------------------------------------------------------------------------------------
# two planners, one project


@pytest.mark.parametrize("choice", ["mine", "theirs", "merge"])
def test_two_planners_change_the_same_project(planners, shared, choice):
    a, b = opened(planners, shared)
    everything = shared.rows()
    before = everything[X]
    a("edit", project_id=X, values={"progress": 70, "status": "完工", "actual_end": "2026-06-20"})
    b("edit", project_id=X, values={"progress": 60, "remarks": "B 的备注"})
    assert a("save")["ok"]
    saved = b("save")
    # nothing of B's is written, and B is told who/what changed it
    assert not saved["ok"] and saved["modified"], saved
    [k] = saved["conflicts"]
    assert k["project_id"] == X and k["kind"] == C.CHANGED
    assert set(k["theirs"]) == {"progress", "status", "actual_end"} and set(k["mine"]) == {"progress", "remarks"}
    assert k["clashes"] == ["progress"]
    assert f"progress {before['progress']} → 70" in k["message"] and "changed by another user" in k["message"]
    now = shared.rows()[X]
    assert (now["progress"], now["status"], now["remarks"]) == (70, "完工", before["remarks"])
    # B chooses, and saves again
    fields = {"progress": C.TAKE_THEIRS} if choice == "merge" else {}
    b("resolve", choice=choice, fields=fields)
    assert b("save")["ok"]
    now = shared.rows()[X]
    expected = {"mine": (60, before["status"], "B 的备注"), "theirs": (70, "完工", before["remarks"]),
                "merge": (70, "完工", "B 的备注")}[choice]
    assert (now["progress"], now["status"], now["remarks"]) == expected
    assert now["lc_version"] == before["lc_version"] + (1 if choice == "theirs" else 2)
    assert {pid: r for pid, r in shared.rows().items() if pid != X} == {
        pid: r for pid, r in everything.items() if pid != X}  # the other projects untouched


def test_edits_to_a_project_another_planner_deleted(planners, shared):
    a, b = opened(planners, shared)
    b("edit", project_id=X, values={"progress": 90})
    a("delete", project_id=X)
    assert a("save")["ok"] and X not in shared.rows()
    saved = b("save")
    assert not saved["ok"] and [k["kind"] for k in saved["conflicts"]] == [C.DELETED_BY_OTHER]
    assert "deleted by another user" in saved["conflicts"][0]["message"]
    assert X not in shared.rows()  # not "saved" into nothing
    b("resolve", choice="mine")  # add it again, with B's values
    assert b("save")["ok"]
    assert shared.rows()[X]["progress"] == 90


def test_a_delete_does_not_remove_a_colleagues_later_edit(planners, shared):
    a, b = opened(planners, shared)
    b("delete", project_id=X)  # B opened the list earlier and deletes X …
    a("edit", project_id=X, values={"remarks": "A 刚更新"})
    assert a("save")["ok"]  # … after A saved an edit of it
    saved = b("save")
    assert not saved["ok"] and [k["kind"] for k in saved["conflicts"]] == [C.CHANGED_BY_OTHER]
    assert shared.rows()[X]["remarks"] == "A 刚更新"
    b("resolve", choice="theirs")
    assert b("save")["ok"]
    assert shared.rows()[X]["remarks"] == "A 刚更新"


def test_qgis_own_attribute_table_is_guarded_too(planners, shared):
    """Edits made in QGIS's own attribute table and saved with Save Layer Edits: the database refuses the one
    that would overwrite a colleague's save."""
    a, b = opened(planners, shared)
    a("qgis_edit", project_id=X, field="progress", value=71)
    b("qgis_edit", project_id=X, field="progress", value=72)
    assert a("qgis_commit")["ok"]
    refused = b("qgis_commit")
    assert not refused["ok"] and refused["modified"]
    assert "changed by another user" in " ".join(refused["errors"]), refused
    assert shared.rows()[X]["progress"] == 71


def test_the_plugin_guards_lists_the_dock_never_opened(planners, tmp_path, qgis_iface, qgis_processing):
    """With the plugin loaded, a shared list added to the project and edited only in QGIS's own attribute table is
    guarded too: the save that would overwrite a colleague's is refused."""
    import lifecircle
    from qgis.core import QgsApplication, QgsProject

    shared = Gpkg(tmp_path)
    [colleague] = opened(planners, shared, 1)  # (the list was upgraded by a colleague's dock)
    registry = QgsApplication.processingRegistry()
    if registry.providerById("lifecircle") is not None:
        registry.removeProvider(registry.providerById("lifecircle"))
    plugin = lifecircle.classFactory(qgis_iface)
    plugin.initGui()
    try:
        layer = shared.layer()
        QgsProject.instance().addMapLayer(layer)
        fid = next(f.id() for f in layer.getFeatures() if f["project_id"] == X)
        assert layer.startEditing() and layer.changeAttributeValue(fid, layer.fields().lookupField("progress"), 77)
        colleague("edit", project_id=X, values={"progress": 71})
        assert colleague("save")["ok"]
        assert not layer.commitChanges(False)
        assert "changed by another user" in " ".join(layer.commitErrors())
        assert shared.rows()[X]["progress"] == 71 and layer.isModified()
        layer.rollBack()
        QgsProject.instance().removeMapLayer(layer.id())
    finally:
        plugin.unload()


def test_non_conflicting_saves_both_land(planners, shared):
    a, b = opened(planners, shared)
    a("edit", project_id=X, values={"progress": 40})
    b("edit", project_id=Y, values={"progress": 35})
    assert a("save")["ok"] and b("save")["ok"]
    rows = shared.rows()
    assert (rows[X]["progress"], rows[Y]["progress"]) == (40, 35)
    assert rows[X]["updated_by"] and rows[Y]["updated_by"]


# ------------------------------------------------------------------------------------------------------------
# ledgers


def test_two_ledger_imports_at_the_same_moment(planners, shared, tmp_path, lc_provider):
    layer = shared.layer()
    PL.ProjectEditor(layer)  # (upgraded before the export, as the dock does)
    out = tmp_path / "ledger.xlsx"
    processing.run("lifecircle:exportledger", {"INPUT": layer, "OUTPUT": str(out)})
    del layer
    ids, c = ledger_cells(out)
    one = returned_ledger(out, tmp_path / "office1.xlsx", {f"{c['progress']}{ids[X]}": 35})
    two = returned_ledger(out, tmp_path / "office2.xlsx", {f"{c['progress']}{ids[X]}": 55,
                                                     f"{c['remarks']}{ids[Y]}": "二办已核"})
    a, b = opened(planners, shared)
    assert a("preview_ledger", path=str(one))["changes"] == 1
    assert b("preview_ledger", path=str(two))["changes"] == 2
    first = a("apply_ledger")
    assert (first["applied"], first["conflicts"]) == (1, [])
    second = b("apply_ledger")
    assert second["applied"] == 1 and second["conflicts"] == [X] and second["changes"] == 1
    rows = shared.rows()
    assert rows[X]["progress"] == 35 and rows[Y]["remarks"] == "二办已核"


# ------------------------------------------------------------------------------------------------------------
# one save, one transaction


MIXED_STEPS = [("locked", 1), ("update", 1), ("update", 2), ("delete", 1), ("insert", 1), ("insert", 3),
               ("commit", 1), ("committed", 1)]


def _mixed_edits(p: Planner) -> None:
    p("edit", project_id=X, values={"progress": 66})
    p("edit", project_id=Y, values={"remarks": "混合保存"})
    p("delete", project_id="2026-东湖-001")
    for i in range(3):
        p("add", project={"year": 2027, "project_id": f"2027-东湖-90{i}", "subdistrict": "东湖街道",
                          "name": f"新增 {i}", "category": "Q02"})


@pytest.mark.parametrize("step, nth", MIXED_STEPS)
def test_a_kill_at_every_step_of_a_mixed_save_is_all_or_nothing(planners, tmp_path, step, nth):
    shared = Gpkg(tmp_path)
    [p] = opened(planners, shared, 1)
    before = shared.rows()
    _mixed_edits(p)
    assert p.killed_while("save", kill_at=step, nth=nth)
    after = shared.rows()
    if step == "committed":
        assert after[X]["progress"] == 66 and after[Y]["remarks"] == "混合保存"
        assert "2026-东湖-001" not in after and {f"2027-东湖-90{i}" for i in range(3)} <= set(after)
    else:
        assert after == before
    # the file is sound: another planner saves
    [q] = opened(planners, shared, 1)
    q("edit", project_id=Y, values={"progress": 12})
    assert q("save")["ok"] and shared.rows()[Y]["progress"] == 12


def test_a_kill_mid_transaction_on_postgis_is_all_or_nothing(planners, tmp_path, table):
    """The save's single statement is held mid-way (a row lock taken by another session), the planner's process
    is killed, the lock released: the database has all of the save or none of it."""
    shared = Pg(tmp_path, table)
    [p] = opened(planners, shared, 1)
    before = shared.rows()
    _mixed_edits(p)
    y_fid = psql(f"SELECT fid FROM public.\"{table}\" WHERE project_id = '{Y}'")[0][0]
    env = dict(os.environ, PGPASSWORD="lc")
    holder = subprocess.Popen(["psql", "-h", "127.0.0.1", "-U", "lc", "-d", "lc_test", "-qtA"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    holder.stdin.write(f'BEGIN; SELECT fid FROM public."{table}" WHERE fid = {y_fid} FOR UPDATE;\n')
    holder.stdin.flush()
    holder.stdout.readline()
    p.proc.stdin.write(json.dumps({"op": "save"}) + "\n")
    p.proc.stdin.flush()
    for _ in range(100):  # the save waits on the lock, part-way through its statement
        if psql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = 'lc_test'")[0][0] \
                != "0":
            break
        time.sleep(0.1)
    else:
        pytest.fail("the save never reached the locked row")
    p.proc.kill()
    p.proc.wait(timeout=30)
    holder.stdin.write("ROLLBACK;\n\\q\n")
    holder.stdin.flush()
    holder.wait(timeout=30)
    time.sleep(0.5)
    after = shared.rows()
    everything = after.get(X, {}).get("progress") == 66 and "2026-东湖-001" not in after
    assert after == before or (everything and after[Y]["remarks"] == "混合保存"
                               and {f"2027-东湖-90{i}" for i in range(3)} <= set(after))


# ------------------------------------------------------------------------------------------------------------
# schema changes are migrations


def test_two_planners_upgrade_and_roll_over_an_old_list_at_once(planners, tmp_path):
    """The sample list has no previous_id: both planners open it at the same moment (both upgrade it: one adds
    the columns, the other finds them), both roll 2026 over; the second save names the ids taken by the first and
    keeps its buffer, and after undoing its rollover its unrelated edit saves."""
    shared = Gpkg(tmp_path)
    a, b = planners(2)
    a.proc.stdin.write(json.dumps({"op": "open", "source": shared.source, "provider": "ogr"}) + "\n")
    b.proc.stdin.write(json.dumps({"op": "open", "source": shared.source, "provider": "ogr"}) + "\n")
    a.proc.stdin.flush()
    b.proc.stdin.flush()
    answers = [json.loads(a._line()), json.loads(b._line())]
    assert all(x.get("shared") and x.get("problem") is None for x in answers), answers
    assert sorted(answers[0]["added"] + answers[1]["added"]).count("previous_id") >= 1
    con = sqlite3.connect(shared.path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(projects)")]
    con.close()
    assert columns.count("previous_id") == 1 and columns.count("lc_version") == 1
    b("edit", project_id=Y, values={"remarks": "B 的无关修改"})
    assert a("rollover", year=2026)["added"] == b("rollover", year=2026)["added"] == 14
    assert a("save")["ok"]
    failed = b("save")
    assert not failed["ok"] and failed["modified"]
    assert "2027-东湖-" in failed["message"] and "already in the list" in failed["message"]
    assert "Nothing is lost" in failed["message"]
    assert "duplicate column" not in failed["message"]
    b("undo")
    assert b("save")["ok"]
    rows = shared.rows()
    assert rows[Y]["remarks"] == "B 的无关修改"
    assert sum(1 for pid in rows if pid.startswith("2027-")) == 14


# ------------------------------------------------------------------------------------------------------------
# pieces


def test_conflict_fields_and_merge():
    old = {"project_id": X, "progress": 50, "status": "前期", "remarks": None, "updated_at": dt.datetime(2026, 1, 1)}
    theirs = dict(old, progress=70, status="在建", updated_at=dt.datetime(2026, 12, 2, 10, 42))
    mine = dict(old, progress=60, remarks="mine")
    k = C.Conflict(1, X, C.CHANGED, old, theirs, mine, 3, theirs["updated_at"], "王敏")
    assert k.their_changes() == ["status", "progress"] and k.my_changes() == ["progress", "remarks"]
    assert k.clashes() == ["progress"]
    assert str(k.message()) == (f"Project {X} was changed by another user (王敏) at 2026-12-02 10:42 (status 前期 → "
                                "在建; progress 50 → 70).")
    choices = C.merge_choices(k)
    assert choices == {"status": C.TAKE_THEIRS, "progress": C.KEEP_MINE, "remarks": C.KEEP_MINE}
    merged = C.merged_values(k, {**choices, "progress": C.TAKE_THEIRS})
    assert (merged["progress"], merged["status"], merged["remarks"]) == (70, "在建", "mine")
    same = C.Conflict(1, X, C.CHANGED, old, dict(old, progress=60), dict(old, progress=60))
    assert same.clashes() == []  # both typed the same value


def test_network_paths(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\nserver:/plans /mnt/plans nfs4 rw 0 0\n"
                      "//nas/gis /mnt/nas cifs rw 0 0\ntmpfs /mnt/plans/tmp tmpfs rw 0 0\n")
    assert is_network_path("/mnt/plans/2026/projects.gpkg", str(mounts))
    assert is_network_path("/mnt/nas/x.gpkg", str(mounts))
    assert not is_network_path("/mnt/plans/tmp/x.gpkg", str(mounts))  # the longest mount point decides
    assert not is_network_path("/home/planner/x.gpkg", str(mounts))
    assert is_network_path("//nas/gis/x.gpkg", str(mounts))


# ------------------------------------------------------------------------------------------------------------
# the dock, as a planner sees a conflict


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_dock_shows_a_conflict_and_saves_the_planners_choice(planners, tmp_path, qgis_iface, qgis_new_project,
                                                                 qtbot, monkeypatch, language):
    from qgis.core import QgsProject
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox

    from lifecircle.lifecircle_plugin.gui.conflict_dialog import ConflictDialog
    from lifecircle.lifecircle_plugin.gui.project_dock import ProjectDock
    from chinese import chinese_ui, english_sentences

    shared = Gpkg(tmp_path)
    layer = shared.layer()
    QgsProject.instance().addMapLayer(layer)
    with (chinese_ui(tmp_path) if language == "zh_CN" else _nothing()):
        dock = ProjectDock(qgis_iface, qgis_iface.mainWindow())
        dock.show()
        dock.layerCombo.setLayer(layer)
        assert "prepared for shared editing" in dock.last_message[0] or language != "en", dock.last_message
        seen = []

        def run(dialog):
            dialog.show()
            qtbot.waitExposed(dialog)
            seen.append(dialog)
            if isinstance(dialog, ConflictDialog):
                panel = dialog.panels[0]
                assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == [
                    "项目状态 (status)", "进度（%） (progress)", "备注 (remarks)", "实际完工 (actual_end)"]
                # old | theirs | mine of progress, the field both changed
                assert [panel.table.item(1, c).text() for c in (1, 2, 3)] == ["30", "70", "60"]
                qtbot.mouseClick(panel.merge, Qt.MouseButton.LeftButton)
                assert panel.merge.isChecked() and panel.combos["progress"].isEnabled()
                panel.combos["progress"].setCurrentIndex(1)  # theirs
                shot = ROOT / "build" / "screenshots" / f"conflict_dialog_{language}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                assert dialog.grab().save(str(shot))
                if language == "zh_CN":
                    shown = " ".join([dialog.header.text(), panel.text.text(), panel.mine.text(),
                                      panel.merge.text()])
                    assert not english_sentences(shown), english_sentences(shown)
                qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            else:  # the project form
                dialog.progressEdit.setText("60")
                dialog.remarksEdit.setPlainText("我的备注")
                qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Save),
                                 Qt.MouseButton.LeftButton)
            return dialog.result() == 1

        monkeypatch.setattr(dock, "_exec", run)
        try:
            fid = next(f for f, p in dock.editor.projects() if p["project_id"] == X)
            dock.select_fids([fid])
            assert dock.edit_selected()
            [other] = opened(planners, shared, 1)
            other("edit", project_id=X, values={"progress": 70, "status": "完工", "actual_end": "2026-06-20"})
            assert other("save")["ok"]
            assert dock.commit()
            assert [type(d).__name__ for d in seen] == ["ProjectFormDialog", "ConflictDialog"]
            now = shared.rows()[X]
            assert (now["progress"], now["status"], now["remarks"]) == (70, "完工", "我的备注")
            assert not layer.isModified() and layer.isEditable()
            assert not layer.undoStack().canRedo() and not layer.undoStack().canUndo()  # nothing saved is redone
            assert dock.model.project_by_fid(fid)["progress"] == 70  # the dock shows what is stored
        finally:
            dock.unload()
            dock.deleteLater()
            QApplication.processEvents()


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_a_list_that_cannot_be_upgraded_says_saves_are_not_checked(qgis_app, tmp_path, table):
    """An old PostGIS list (no version column) opened by a role that may write rows but not alter the table: the
    upgrade is refused in the planner's words, editing goes on through QGIS's commit, and nothing is half-added."""
    shared = Pg(tmp_path, table)
    psql(f'DROP TRIGGER lifecircle_version_guard ON public."{table}"; ALTER TABLE public."{table}" DROP COLUMN '
         "lc_version, DROP COLUMN updated_by")
    psql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='lc_writer') THEN "
         "CREATE ROLE lc_writer LOGIN PASSWORD 'writer'; END IF; END $$")
    psql(f'GRANT SELECT, INSERT, UPDATE, DELETE ON public."{table}" TO lc_writer')
    psql("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO lc_writer; "
         "GRANT SELECT ON public.layer_styles TO lc_writer")
    writer = CONN.replace("user='lc' password='lc'", "user='lc_writer' password='writer'")
    layer = QgsVectorLayer(PL.postgis_uri(writer, table), table, "postgres")
    editor = PL.ProjectEditor(layer)
    assert editor.upgrade.problem and "may not change this table" in editor.upgrade.problem, editor.upgrade
    assert not editor.shared
    columns = [r[0] for r in psql("SELECT column_name FROM information_schema.columns WHERE table_name = "
                                  f"'{table}'")]
    assert "lc_version" not in columns and "updated_by" not in columns  # nothing half-added
    fid = next(f for f, p in editor.projects() if p["project_id"] == X)
    editor.update(fid, {"progress": 33})
    assert editor.commit().ok and shared.rows()[X]["progress"] == 33
    del layer, editor
