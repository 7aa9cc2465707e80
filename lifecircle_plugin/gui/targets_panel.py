"""Under the dock's totals: the year's progress against the programme office's targets (started, completed,
investment per 街镇 or district, with the dock's filters), and the year's numbers by category."""

from __future__ import annotations

import html
from typing import Optional, Sequence


from ..core import programme as G
from ..messages import tr




def progress_year(filter_year: Optional[int], targets: Sequence[G.Target], years: Sequence[int]) -> Optional[int]:
    """The year the panel shows: the year filter's, else the latest year that has targets, else the latest year."""
    if filter_year:
        return int(filter_year)
    with_targets = sorted({t.year for t in targets} & set(years))
    return (with_targets or sorted(years) or [None])[-1]


def _cell(actual: float, goal: Optional[float], money: bool = False) -> str:
    shown = f"{actual:,.0f}" if money else f"{actual:g}"
    if not goal:
        return shown
    share = actual / goal
    colour = "#2e7d32" if share >= 1 else ("#ef6c00" if share >= 0.5 else "#c62828")
    goal_text = f"{goal:,.0f}" if money else f"{goal:g}"
    return f"{shown}/{goal_text} <span style='color:{colour}'>({share:.0%})</span>"


def progress_html(rows: Sequence[G.Progress], categories: Sequence[G.Progress], year: int) -> str:
    """A small table: unit | started | completed | investment (actual/target and the share met)."""
    head = [tr("{} targets").format(year), tr("Started"), tr("Completed"), tr("Investment 万元")]
    lines = ["<tr>" + "".join(f"<th align='left' style='padding-right:10px'>{html.escape(h)}</th>" for h in head)
             + "</tr>"]
    for row in rows:
        if row.target is None:
            continue
        t = row.target
        cells = [html.escape(row.unit), _cell(row.started, t.started), _cell(row.completed, t.completed),
                 _cell(row.investment, t.investment, money=True)]
        lines.append("<tr>" + "".join(f"<td style='white-space:nowrap; padding-right:10px'>{c}</td>" for c in cells)
                     + "</tr>")
    by_category = " · ".join(f"{html.escape(c.unit)} {c.started}/{c.completed}" for c in categories if c.projects)
    note = f"<div>{html.escape(tr('By category (started/completed):'))} {by_category}</div>" if by_category else ""
    return f"<table cellspacing='0'>{''.join(lines)}</table>{note}"


def progress_text(rows: Sequence[G.Progress], year: int) -> str:
    """The same as plain text (tests, the log)."""
    out = []
    for row in rows:
        if row.target is None:
            continue
        t = row.target
        out.append(tr("{} {}: started {}/{}, completed {}/{}, investment {:,.0f}/{} 万元").format(
            year, row.unit, row.started, t.started if t.started is not None else "—", row.completed,
            t.completed if t.completed is not None else "—", row.investment,
            f"{t.investment:,.0f}" if t.investment is not None else "—"))
    return "\n".join(out)
