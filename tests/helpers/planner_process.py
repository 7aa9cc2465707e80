"""A planner in a QGIS process of its own, driven line by line (JSON in, JSON out) by a test: two of these edit
the same shared project list the way two planners do — through the editing path the dock uses, or through QGIS's
own commit (attribute table, Save Layer Edits), and importing ledgers.

Commands: open, edit, delete, add, rollover, save (optionally killed at a step), resolve, qgis_edit, qgis_commit,
preview_ledger, apply_ledger, quit. Each answers {"ok": …, …}; an exception answers {"error": text}.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

BUILD = Path(__file__).resolve().parents[2] / "build"
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BUILD.parent]
sys.path.insert(0, str(BUILD))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

APP = QgsApplication([], False)
APP.initQgis()

from lifecircle.lifecircle_plugin import project_layer as PL  # noqa: E402
from lifecircle.lifecircle_plugin.core import conflicts as C  # noqa: E402
from lifecircle.lifecircle_plugin.core import projects as P  # noqa: E402


class Planner:
    def __init__(self):
        self.layer = None
        self.editor = None
        self.conflicts = []
        self.ledger = None

    def fid(self, project_id: str) -> int:
        for fid, p in self.editor.projects():
            if p["project_id"] == project_id:
                return fid
        raise KeyError(project_id)

    def open(self, source: str, provider: str) -> dict:
        self.layer = QgsVectorLayer(source, "projects", provider)
        assert self.layer.isValid(), source
        self.editor = PL.ProjectEditor(self.layer)
        up = self.editor.upgrade
        return {"ok": True, "added": up.added if up else [], "problem": up.problem if up else None,
                "shared": self.editor.shared}

    def edit(self, project_id: str, values: dict) -> dict:
        self.editor.update(self.fid(project_id), values)
        return {"ok": True}

    def delete(self, project_id: str) -> dict:
        self.editor.delete([self.fid(project_id)])
        return {"ok": True}

    def add(self, project: dict) -> dict:
        self.editor.add([P.new_project(**project)])
        return {"ok": True}

    def rollover(self, year: int) -> dict:
        plan, fids = self.editor.roll_over(year)
        return {"ok": True, "added": len(fids)}

    def save(self, kill_at: str = "", nth: int = 1) -> dict:
        seen = {"n": 0}

        def step(name):
            if name == kill_at:
                seen["n"] += 1
                if seen["n"] == nth:
                    os.kill(os.getpid(), 9)

        result = self.editor.commit(on_step=step)
        self.conflicts = result.conflicts
        return {"ok": result.ok, "message": result.message, "modified": self.layer.isModified(),
                "conflicts": [{"project_id": k.project_id, "kind": k.kind, "theirs": k.their_changes(),
                               "mine": k.my_changes(), "clashes": k.clashes(), "message": str(k.message()),
                               "changed_by": k.changed_by} for k in result.conflicts]}

    def resolve(self, choice: str, fields: dict | None = None) -> dict:
        for k in self.conflicts:
            self.editor.resolve(k, C.Resolution(choice, dict(fields or {})))
        return {"ok": True}

    def qgis_edit(self, project_id: str, field: str, value) -> dict:
        """An edit in QGIS's own attribute table: straight into the edit buffer."""
        if not self.layer.isEditable():
            self.layer.startEditing()
        fid = self.fid(project_id)
        idx = self.layer.fields().lookupField(field)
        return {"ok": self.layer.changeAttributeValue(fid, idx, value)}

    def qgis_delete(self, project_id: str) -> dict:
        if not self.layer.isEditable():
            self.layer.startEditing()
        return {"ok": self.layer.deleteFeature(self.fid(project_id))}

    def undo(self) -> dict:
        self.layer.undoStack().undo()
        return {"ok": True}

    def qgis_commit(self) -> dict:
        ok = self.layer.commitChanges(False)
        return {"ok": ok, "errors": list(self.layer.commitErrors()), "modified": self.layer.isModified()}

    def preview_ledger(self, path: str) -> dict:
        from lifecircle.lifecircle_plugin.ledger_io import read_layer_ledger

        if self.layer.isEditable() and not self.layer.isModified():
            self.layer.commitChanges()
        self.ledger = read_layer_ledger(self.layer, path)
        result, _ = self.ledger
        return {"ok": result.ok, "changes": len(result.changes), "conflicts": len(result.conflicts)}

    def apply_ledger(self) -> dict:
        from lifecircle.lifecircle_plugin.ledger_io import apply_ledger_changes

        result, fids = self.ledger
        applied = apply_ledger_changes(self.layer, result, fids)
        return {"ok": True, "applied": applied, "changes": len(result.changes),
                "conflicts": [k.project_id for k in result.conflicts]}


def main() -> None:
    planner = Planner()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        if op == "quit":
            break
        try:
            answer = getattr(planner, op)(**command)
        except Exception as exc:  # noqa: BLE001 - said to the test
            answer = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        print(json.dumps(answer, ensure_ascii=False, default=str), flush=True)
    planner.layer = planner.editor = None
    APP.exitQgis()


if __name__ == "__main__":
    main()
