"""When two planners change the same project: what each changed, and how a save goes on (keep mine, take theirs,
or field by field).

A save changes a project only if the project still has the version the planner started from. When it does not,
the save writes nothing and lists a :class:`Conflict` per project: the values the planner started from (*old*),
the values in the list now (*theirs*, None when another user deleted the project) and the planner's own (*mine*,
None when the planner deleted it). The planner decides per project with a :class:`Resolution`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping, Optional

from . import projects as P
from .errors import Msg
from .ledger import canonical

#: what happened to the project
CHANGED = "changed"  # both changed it
DELETED_BY_OTHER = "deleted_by_other"  # the planner changed it, another user deleted it
CHANGED_BY_OTHER = "changed_by_other"  # the planner deleted it, another user changed it

#: the planner's choice
KEEP_MINE, TAKE_THEIRS, MERGE = "mine", "theirs", "merge"


@dataclass
class Conflict:
    fid: int
    project_id: str
    kind: str
    old: dict
    theirs: Optional[dict]
    mine: Optional[dict]
    their_version: Optional[int] = None
    changed_at: Optional[dt.datetime] = None
    changed_by: Optional[str] = None

    def their_changes(self) -> list[str]:
        """Fields another user changed since the planner started (all of them for a deletion)."""
        return _differences(self.old, self.theirs)

    def my_changes(self) -> list[str]:
        return _differences(self.old, self.mine)

    def clashes(self) -> list[str]:
        """Fields both changed, to different values: the planner has to choose."""
        if self.theirs is None or self.mine is None:
            return []
        theirs = set(self.their_changes())
        return [n for n in self.my_changes() if n in theirs and not _same(n, self.theirs.get(n), self.mine.get(n))]

    def message(self) -> Msg:
        """``项目 2026-东湖-002 was changed by another user (王敏) at 10:42 (progress 50 → 70)``."""
        who = Msg(" ({})", self.changed_by) if self.changed_by else ""
        when = self.changed_at.strftime("%Y-%m-%d %H:%M") if isinstance(self.changed_at, dt.datetime) else "?"
        if self.kind == DELETED_BY_OTHER:
            return Msg("Project {} was deleted by another user after you started changing it.", self.project_id)
        changes = "; ".join(f"{n} {show(self.old.get(n))} → {show(self.theirs.get(n))}"
                            for n in self.their_changes()[:4])
        if self.kind == CHANGED_BY_OTHER:
            return Msg("Project {}, which you deleted, was changed by another user{} at {} ({}).", self.project_id,
                       who, when, changes)
        return Msg("Project {} was changed by another user{} at {} ({}).", self.project_id, who, when, changes)


@dataclass
class Resolution:
    """The planner's answer to a conflict: keep mine, take theirs, or per field (``fields``: name → 'mine' or
    'theirs'; fields not named take the default of :func:`merge_choices`)."""

    choice: str
    fields: dict = field(default_factory=dict)


def merge_choices(conflict: Conflict) -> dict[str, str]:
    """The field-by-field merge a planner starts from: each side's own changes kept; where both changed a field,
    the planner's value (shown first in the dialog, changeable)."""
    out = {n: TAKE_THEIRS for n in conflict.their_changes()}
    out.update({n: KEEP_MINE for n in conflict.my_changes()})
    return out


def merged_values(conflict: Conflict, choices: Mapping[str, str]) -> dict:
    """The values the project gets from a field-by-field merge: theirs, with the fields chosen as mine."""
    base = dict(conflict.theirs or conflict.old)
    for name, side in choices.items():
        if side == KEEP_MINE and conflict.mine is not None:
            base[name] = conflict.mine.get(name)
    return base


def _differences(old: Mapping, new: Optional[Mapping]) -> list[str]:
    if new is None:
        return [n for n in P.FIELD_NAMES if n != "updated_at" and not P.is_empty(old.get(n))]
    return [n for n in P.FIELD_NAMES if n != "updated_at" and not _same(n, old.get(n), new.get(n))]


def _same(name: str, a: object, b: object) -> bool:
    return canonical(name, a) == canonical(name, b)


def show(value: object) -> str:
    """A value as a planner reads it in a conflict: — for empty."""
    if P.is_empty(value):
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
