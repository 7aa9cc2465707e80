"""Defaults of the people-and-needs algorithms, light to import (plain Python): the Processing dialogs show them
when QGIS loads, before any analysis library is imported. Each says where it comes from."""

#: storey height for buildings given by height only (m): 《住宅设计规范》GB 50096-2011 §5.5.1 puts a dwelling's
#: storey height at no more than 2.8 m; 3 m (including the slab) is the usual planning figure — an interpretation
DEFAULT_STOREY_M = 3.0
#: the extra weight of a place where residents asked for a category, and the weighted needs within the category's
#: threshold at which it is full (core/needs.py: need_factor) — LifeCircle's own interpretation: no standard sets
#: how much an expressed need should count
NEED_BONUS = 0.5
NEED_FULL = 10.0
