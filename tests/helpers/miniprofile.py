"""A minimal checklist profile for core tests: just what the coverage core reads of a profile (the real,
bundled profiles are tested in tests/core/test_checklist.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cat:
    code: str
    name_zh: str
    tier: str
    threshold_m: float
    serves: tuple = ()


class MiniProfile:
    def __init__(self, cats, target=0.85):
        self._cats = {c.code: c for c in cats}
        self.codes = [c.code for c in cats]
        self.target_share = target
        self.one_stop_min_area_m2 = 800.0
        self.small_point_min_m2 = 50.0
        self.small_point_max_m2 = 200.0

    def category(self, code):
        return self._cats[code]
