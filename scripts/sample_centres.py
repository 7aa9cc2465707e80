"""The sample district's one-stop centres (一站式综合服务中心) and the functions each hosts, for facilitycoverage's
"1+N" check (a fifth generator, run after the others: nothing they made changes). The functions are checklist codes
in the ``functions`` field of the facilities flagged ``is_one_stop``; made up for the demo, chosen so the three
flagged facilities show the three outcomes: an ideal centre, a basic one, and a neighbourhood centre that is too
small and lacks functions.
"""

from __future__ import annotations

#: facility name -> the functions it hosts (its own category counts too)
CENTRE_FUNCTIONS = {
    # 1,782 m²: every one-stop function, childcare, sports and learning → 理想型 全龄共享
    "东湖街道党群服务中心（人民坊）": "Q01;Q02;Q04;Q05;Q07;Q06;Q08;M02",
    # 1,420 m²: every one-stop function and after-school care → 基本型 服务老幼
    "西岸街道党群服务中心（人民坊）": "Q01;Q02;Q04;Q05;Q07;M03",
    # 610 m²: below the 800 m² floor, no health or culture room → not a one-stop centre
    "锦绣邻里中心": "Q01;Q02;Q05",
}


def add_centre_functions(out: dict) -> None:
    facilities = out["facilities"]
    missing = set(CENTRE_FUNCTIONS) - set(facilities["name"])
    if missing:
        raise RuntimeError(f"no facility named {', '.join(sorted(missing))} in the sample")
    facilities["functions"] = [CENTRE_FUNCTIONS.get(name) for name in facilities["name"]]
