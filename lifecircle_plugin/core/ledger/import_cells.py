"""A returned cell as a field's value: typed as the schema's, or a reason why not."""

from __future__ import annotations

import datetime as dt
import json
from typing import Optional

from .. import projects as P
from ..errors import Msg
from .model import DATE_MAX, DATE_MIN, REMARKS_MAX_CHARS
from .values import show
from .xlsx_cells import CellValue


def _cell_problem(issue, row: int, key: str, cell: CellValue, pid: Optional[str] = None) -> None:
    if cell.error:
        issue(row, key, Msg("the cell holds the error value {} (formula {})", cell.value, cell.formula)
              if cell.formula else Msg("the cell holds the error value {}", cell.value), pid)
    else:
        issue(
            row,
            key,
            Msg(
                "the cell holds a formula ({}) without a saved result; formulas are never evaluated on import: type "
                "the value instead, or open and save the file in Excel / WPS / LibreOffice so the result is saved",
                cell.formula,
            ),
            pid,
        )


def _cell_value(name: str, cell: Optional[CellValue]) -> object:
    """The value of a ledger field from its cell, typed as the schema's; ValueError with a reason."""
    if cell is None or P.is_empty(cell.value):
        return None
    value = cell.value
    spec = P.FIELDS_BY_NAME[name]
    if isinstance(value, bool):
        raise ValueError(Msg("{} is not a {}", "TRUE" if value else "FALSE", _type_word(spec.type)))
    if spec.type == P.DATE:
        if isinstance(value, (dt.datetime, dt.date)):
            d = value.date() if isinstance(value, dt.datetime) else value
        elif isinstance(value, (int, float)):
            d = P.to_date(value)
        else:
            d = P.to_date(str(value))
        if d is not None and not DATE_MIN <= d <= DATE_MAX:
            raise ValueError(Msg("{} is not a plausible date ({}–{})", d.isoformat(), DATE_MIN.year, DATE_MAX.year))
        return d
    if name == "year":
        return P.to_year(value)
    if spec.type == P.INTEGER:
        if isinstance(value, (dt.date, dt.datetime)):
            raise ValueError(Msg("{} is a date, not a number", show(value)))
        if cell.percent and isinstance(value, (int, float)):
            value = value * 100.0
            value = round(value, 6)
        number = P.to_number(value)
        if number is None:
            return None
        if abs(number - round(number)) > 1e-9:
            raise ValueError(Msg("{:g} is not a whole number", number))
        return int(round(number))
    if spec.type == P.REAL:
        return P.to_number(value)
    # text
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if name == "status":
        allowed = P.allowed_values(name)
        text = P.status_of(text) or text  # (' 完工', '完工 ' are 完工)
        if allowed and text not in allowed:
            raise ValueError(Msg("'{}' is not in the dropdown list ({})", text, " / ".join(allowed)))
    if name == "remarks" and len(text) > REMARKS_MAX_CHARS:
        raise ValueError(Msg("{} characters; at most {}", len(text), REMARKS_MAX_CHARS))
    return text or None


def _type_word(kind: str) -> str:
    return {P.DATE: Msg("date"), P.INTEGER: Msg("whole number"), P.REAL: Msg("number")}.get(kind, Msg("text"))


def _exported_values(cell: Optional[CellValue]) -> Optional[dict]:
    if cell is None or not isinstance(cell.value, str):
        return None
    try:
        data = json.loads(cell.value)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): str(v) for k, v in data.items()}
