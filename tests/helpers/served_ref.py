"""Who each category serves, for the tests' own reference computations on the sample: the Shanghai profile's
``serves`` column written out here (independently of the code that reads it), and the residents of each point a
category serves — its age group's count, never above the point's population, or everyone."""

from __future__ import annotations

import numpy as np

SERVES = {"Q05": ["pop_60p"], "Q06": ["pop_0_3", "pop_3_6"], "M03": ["pop_6_12"]}


def served(res, code) -> np.ndarray:
    """``res``: a GeoDataFrame of resident points with population (and the sample's age-group fields)."""
    pop = res.population.to_numpy().astype(float)
    if code not in SERVES or any(c not in res.columns for c in SERVES[code]):
        return pop
    return np.minimum(sum(res[c].to_numpy().astype(float) for c in SERVES[code]), pop)
