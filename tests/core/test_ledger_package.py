"""The ledger package's phases on their own (issue 20): the yes/no columns, the import's header and checks, the
ledger sheet's totals, the summary's counts — hand-worked cases and the sample read with SQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from lifecircle.lifecircle_plugin.core import ledger as L  # noqa: E402
from lifecircle.lifecircle_plugin.core import projects as P  # noqa: E402
from lifecircle.lifecircle_plugin.core.ledger.import_sheet import (  # noqa: E402
    _exported_fields, _header_columns, _header_names, _merged_cell_issues,
)
from lifecircle.lifecircle_plugin.core.ledger.model import LedgerColumn  # noqa: E402
from lifecircle.lifecircle_plugin.core.ledger.selection import group_by_subdistrict  # noqa: E402
from lifecircle.lifecircle_plugin.core.ledger.sheets.ledger_sheet import _total_values  # noqa: E402
from lifecircle.lifecircle_plugin.core.ledger.sheets.summary import _by_status  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "resources/sample/sample_district.gpkg"
NOW = dt.datetime(2026, 7, 1, 9, 30)
PROJECTS = [{"project_id": "2026-东湖-001", "name": "甲", "subdistrict": "东湖街道", "year": 2026, "investment": 10.0}]


def _column(ws, header_row: int, header: str) -> list:
    head = [c.value for c in ws[header_row]]
    j = head.index(header) + 1
    return [ws.cell(row=r, column=j).value for r in range(header_row + 1, ws.max_row + 1)]


def test_counted_and_all_met_read_through_the_one_yes_no_vocabulary(tmp_path):
    """计入 (成效评估) and 十全全部达标 (单元体检) read typed yes/no words the way every yes/no field is read
    (typed.yes_no) and write 是/否; before, '是', 'TRUE' or 2 were written 否 and a 否 typed in meets_target 是."""
    counted = [True, "是", "TRUE", 2, "yes", "否", "0", False, None, "maybe"]
    expected = ["是", "是", "是", "是", "是", "否", "否", "否", "否", "否"]
    impact_projects = [{"project_id": f"2026-东湖-{k + 1:03d}", "lc_order": k + 1, "counted": v, "new_alone": 1.0,
                        "new_ordered": 1.0} for k, v in enumerate(counted)]
    q_codes = [c for c in P.category_codes() if c.startswith("Q")]
    # meets_target as the layer says it; when empty or unreadable, all 十全 shares at or above 85 % decide
    units = [{"unit_id": f"U{k + 1}", "population": 100.0, "meets_target": met,
              **{f"c_{c}": share for c in q_codes}}
             for k, (met, share) in enumerate([("否", 90.0), ("是", 10.0), (1, 10.0), (0, 90.0), (None, 90.0),
                                               (None, 84.0), ("maybe", 90.0)])]
    path = tmp_path / "yes_no.xlsx"
    L.export_ledger(path, PROJECTS, L.ExportInfo(exported_at=NOW),
                    L.ExportExtras(units=units, impact_projects=impact_projects))
    wb = openpyxl.load_workbook(path)
    rows = list(wb[L.IMPACT_SHEET].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "顺序")
    col = rows[head].index("计入")
    assert [r[col] for r in rows[head + 1: head + 1 + len(counted)]] == expected
    met = _column(wb[L.UNITS_SHEET], 4, "十全全部达标")
    assert met[:len(units)] == ["否", "是", "是", "否", "是", "否", "是"]


def _cell(value):
    return L.CellValue(value)


def test_header_found_by_any_alias_and_a_column_twice_is_told():
    names = _header_names()
    duplicates: list = []
    found = _header_columns({1: _cell("项目编号"), 2: _cell(" Name "), 3: _cell("项目状态"), 5: _cell("status"),
                             6: _cell("校验码"), 7: _cell("填表人")}, names, duplicates)
    assert found == {"project_id": 1, "name": 2, "status": 3, L.FINGERPRINT_KEY: 6}
    assert duplicates == [("status", 3, 5)]


def test_fields_of_the_workbook_as_exported():
    fp, office = _exported_fields({"fingerprint_fields": "project_id,name", "office_fields": "status,no_such,remarks"})
    assert (fp, office) == (["project_id", "name"], ["status", "remarks"])
    assert _exported_fields({}) == (list(P.FIELD_NAMES), list(L.OFFICE_FIELDS))


def test_merged_cells_below_the_title_are_errors_at_their_first_cell():
    issues = _merged_cell_issues(["A1:D1", "C5:B6", "E2:E3", "nonsense"], 3, L.LEDGER_SHEET)
    assert [(i.row, i.column) for i in issues] == [(5, "B"), (3, "E")]
    assert all(i.sheet == L.LEDGER_SHEET and "C5:B6" in issues[0].message for i in issues)


def test_subtotal_row_puts_the_count_and_the_sum_in_their_columns():
    cols = [LedgerColumn(k, k, P.TEXT) for k in ("project_id", "subdistrict", "name", "investment", "status")]
    assert _total_values(cols, "东湖街道", "小计：3 个项目", 0.1 + 0.2) == [None, "东湖街道", "小计：3 个项目", 0.3,
                                                                               None]


def test_summary_counts_and_investment_by_subdistrict_and_status_match_sql():
    con = sqlite3.connect(GPKG)
    con.row_factory = sqlite3.Row
    projects = [dict(r) for r in con.execute("SELECT project_id, subdistrict, status, investment FROM projects")]
    sql = {(sd, st): (n, money) for sd, st, n, money in con.execute(
        "SELECT subdistrict, COALESCE(NULLIF(TRIM(status), ''), '（未填）'), count(*), total(investment) "
        "FROM projects GROUP BY 1, 2")}
    con.close()
    statuses, count, money = _by_status(group_by_subdistrict(projects))
    assert statuses[:len(P.STATUSES)] == list(P.STATUSES)
    got = {(sd, st): (count[sd][st], money[sd][st]) for sd in count for st in statuses if count[sd][st]}
    assert got.keys() == sql.keys()
    for key, (n, m) in sql.items():
        assert got[key][0] == n and got[key][1] == pytest.approx(m), key
