"""A project's values as the ledger compares them: typed, as canonical text, fingerprinted, shown."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Optional

from .. import projects as P


_FIELD_TYPES = {f.name: f.type for f in P.FIELDS}


def typed_value(name: str, value: object) -> object:
    """``projects.coerce_value`` with fast paths for values that already have the schema's type (the common case:
    values read from the layer); the raw value when it cannot be coerced (bad data in the layer is shown, not
    hidden)."""
    if value is None:
        return None
    kind = _FIELD_TYPES.get(name)
    cls = type(value)
    if kind == P.TEXT and cls is str:
        return value.strip() or None
    if kind == P.INTEGER and cls is int:
        return value
    if kind == P.REAL and cls is float:
        return value if math.isfinite(value) else None
    if kind == P.DATE and cls is dt.date:
        return value
    if kind == P.DATETIME and cls is dt.datetime:
        return value
    if kind is None:
        return value
    try:
        return P.coerce_value(name, value)
    except ValueError:
        return value


def _canon_typed(v: object) -> str:
    if v is None:
        return ""
    cls = type(v)
    if cls is str:
        return v.replace("\r\n", "\n").replace("\r", "\n").strip()
    if cls is int:
        return str(v)
    if cls is float:
        return "%.10g" % v if math.isfinite(v) else ""
    if cls is dt.date:
        return v.isoformat()
    if cls is dt.datetime:
        return v.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dt.datetime):
        return v.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return "%.10g" % v if math.isfinite(v) else ""
    if isinstance(v, int):
        return str(v)
    return str(v).replace("\r\n", "\n").replace("\r", "\n").strip()


def canonical(name: str, value: object) -> str:
    """A field value as stable text (what fingerprints and comparisons use): '' for empty, ISO dates,
    ``%.10g`` numbers, stripped text with ``\\n`` line ends."""
    return _canon_typed(typed_value(name, value))


def fingerprint(project: Mapping[str, object], fields: Sequence[str] = P.FIELD_NAMES) -> str:
    """16 hex digits: a hash of the project's values of ``fields`` (all schema fields by default; a field the
    layer lacks counts as empty). Any edit of the project in QGIS changes it."""
    return _hash_canon({name: canonical(name, project.get(name)) for name in fields}, fields)


def _hash_canon(canon: Mapping[str, str], fields: Sequence[str]) -> str:
    """The fingerprint of canonical values (a field missing from ``canon`` counts as empty)."""
    text = "\x1e".join(f"{name}\x1f{canon.get(name, '')}" for name in fields)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _maybe_int(v: object) -> Optional[int]:
    try:
        n = P.to_number(v)
    except ValueError:
        return None
    return int(round(n)) if n is not None else None


def _maybe_float(v: object) -> Optional[float]:
    try:
        return P.to_number(v)
    except ValueError:
        return None


def show(value: object) -> str:
    """A value as a person reads it in the preview: 空 for empty, ISO dates."""
    if P.is_empty(value):
        return "（空）"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _from_canonical(name: str, text: Optional[str]) -> object:
    if text is None or text == "":
        return None
    try:
        return P.coerce_value(name, text)
    except ValueError:
        return text


#: the words the ledger writes for yes and no (a yes/no it reads goes through typed.yes_no)
YES_WORD, NO_WORD = "是", "否"


def yes_no_word(flag: bool) -> str:
    return YES_WORD if flag else NO_WORD
