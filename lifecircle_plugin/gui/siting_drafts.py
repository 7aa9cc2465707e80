"""Dialog: which siting (or potential-space) layer, which of its fields mean what, and the year of the drafts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from qgis.core import QgsFieldProxyModel, QgsVectorLayer
from qgis.PyQt import uic
from qgis.PyQt.QtWidgets import QDialog

from ..core import projects as P
from ..qgis_compat import layer_filters
from ..messages import tr

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("siting_drafts.ui")))

#: role -> combo attribute name
ROLE_COMBOS = {"category": "categoryFieldCombo", "rank": "rankFieldCombo", "newly_covered": "coveredFieldCombo",
               "reason": "reasonFieldCombo", "name": "nameFieldCombo", "site_id": "siteIdFieldCombo",
               "subdistrict": "subdistrictFieldCombo"}




def likely_sites_layer(exclude=None) -> Optional[QgsVectorLayer]:
    """The project's layer a planner most likely drafts projects from: the latest siting result (it has lc_rank),
    else the latest potential-space result (rank and the categories that fit), else None."""
    from qgis.core import QgsProject

    layers = [lyr for lyr in QgsProject.instance().mapLayers().values()
              if isinstance(lyr, QgsVectorLayer) and lyr is not exclude]
    for wanted in (("lc_rank",), ("rank", "fits")):
        hits = [lyr for lyr in layers if all(lyr.fields().lookupField(f) >= 0 for f in wanted)]
        if hits:
            return hits[-1]  # (the one added last)
    return None


class SitingDraftsDialog(QDialog, FORM_CLASS):
    def __init__(self, year: Optional[int] = None, sites: Optional[QgsVectorLayer] = None,
                 exclude: Optional[QgsVectorLayer] = None, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setWindowTitle(tr("Draft projects from siting results"))
        self.introLabel.setText(tr("Each chosen site becomes a draft project (status 谋划) with its category, kind "
                                   "and why it was chosen (rank, newly covered residents, reason). The field "
                                   "guesses below can be changed."))
        self.sitesCombo.setFilters(layer_filters("PointLayer", "PolygonLayer"))
        if exclude is not None:
            self.sitesCombo.setExceptedLayerList([exclude])
        for attr in ROLE_COMBOS.values():
            combo = getattr(self, attr)
            combo.setAllowEmptyFieldName(True)
        self.rankFieldCombo.setFilters(QgsFieldProxyModel.Filter.Numeric | QgsFieldProxyModel.Filter.String)
        self.coveredFieldCombo.setFilters(QgsFieldProxyModel.Filter.Numeric | QgsFieldProxyModel.Filter.String)
        self.defaultCategoryCombo.addItem(tr("(none: skip sites without a category)"), None)
        for label, code in P.value_choices("category"):
            self.defaultCategoryCombo.addItem(label, code)
        self.yearSpin.setValue(int(year or dt.date.today().year))
        self.sitesCombo.layerChanged.connect(self._layer_changed)
        self.selectedOnlyCheck.toggled.connect(self._update_preview)
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        if sites is not None:
            self.sitesCombo.setLayer(sites)
        self._layer_changed(self.sitesCombo.currentLayer())

    def layer(self) -> Optional[QgsVectorLayer]:
        return self.sitesCombo.currentLayer()

    def _layer_changed(self, layer) -> None:
        for attr in ROLE_COMBOS.values():
            getattr(self, attr).setLayer(layer)
        if layer is None:
            self._update_preview()
            return
        guess = P.guess_site_fields([f.name() for f in layer.fields()])
        for role, attr in ROLE_COMBOS.items():
            getattr(self, attr).setField(guess.get(role) or "")
        self.selectedOnlyCheck.setChecked(layer.selectedFeatureCount() > 0)
        self._update_preview()

    def mapping(self) -> dict[str, Optional[str]]:
        return {role: (getattr(self, attr).currentField() or None) for role, attr in ROLE_COMBOS.items()}

    def default_category(self) -> Optional[str]:
        return self.defaultCategoryCombo.currentData()

    def selected_only(self) -> bool:
        return self.selectedOnlyCheck.isChecked()

    def year(self) -> int:
        return self.yearSpin.value()

    def _update_preview(self, *_args) -> None:
        layer = self.layer()
        if layer is None:
            self.previewLabel.setText(tr("Choose the layer of chosen sites."))
            return
        n = layer.selectedFeatureCount() if self.selected_only() else layer.featureCount()
        self.previewLabel.setText(tr("{} site(s) of '{}' will become draft projects.").format(n, layer.name()))
