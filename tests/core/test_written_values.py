"""core/written_values.py: the values the outputs write, on hand-worked cases."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from lifecircle.lifecircle_plugin.core.written_values import (centre_note, number_or_null, numbers_or_null,
                                                              site_reason)


def test_numbers_rounded_and_missing_as_null():
    assert number_or_null(1234.56, 0) == 1235.0 and number_or_null("12.345", 1) == 12.3
    assert [number_or_null(v, 1) for v in (None, "x", math.nan, math.inf)] == [None] * 4
    assert numbers_or_null([1.26, np.inf, np.nan, -0.04], 1) == [1.3, None, None, -0.0]


def test_centre_note_says_why_a_unit_has_no_centre():
    ones = SimpleNamespace(centre=[3, -1, -1, -1], candidate=[3, -1, 5, 6], missing=[(), (), ("Q05",), ()],
                           area_short=[False, False, True, False])
    r = SimpleNamespace(one_plus_n=ones, missing_functions=lambda u: "Q05 为老服务")
    assert [centre_note(r, u) for u in range(4)] == [None, "无标记的一站式中心", "缺少一站式功能：Q05 为老服务；面积不足",
                                                    None]


def test_site_reason_in_the_planners_words():
    mclp = SimpleNamespace(model="mclp", threshold=500.0, site_marginal=[875.0], site_assigned=[900.0])
    assert site_reason(mclp, 0, 1, "为老服务", 70.46, 120.0) == \
        "第1推荐：500 m 步行范围内新增覆盖 875 名缺少为老服务的居民，累计覆盖率 70.5%"
    median = SimpleNamespace(model="pmedian", threshold=None, site_marginal=[math.nan], site_assigned=[1234.0])
    assert site_reason(median, 0, 2, "", math.nan, 321.4) == "第2推荐：设施就近服务 1,234 人，人均步行 321 m"
