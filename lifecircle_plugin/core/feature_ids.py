"""The id by which a planner knows each feature of a layer: the value of its id field, or — without the field,
or where the value is empty — its feature id (no QGIS)."""

from __future__ import annotations

from typing import Optional, Sequence


def ids_or_fids(values: Optional[Sequence], fids: Sequence) -> list:
    """Per feature, the text of its id value (``values``: the id field's column, None without an id field); the
    feature id where there is no field or the value is empty (NULL or '')."""
    if values is None:
        values = fids
    return [str(v) if v not in (None, "") else str(fid) for v, fid in zip(values, fids)]
