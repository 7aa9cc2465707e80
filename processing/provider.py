"""The Processing provider ``lifecircle``."""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..lifecircle_plugin import deps
from .base import ICON, tr

CORE_REQUIREMENTS = ("numpy", "scipy", "shapely")


MODELS = Path(__file__).resolve().parent.parent / "resources" / "models"


class LifeCircleProvider(QgsProcessingProvider):
    def __init__(self, load_models: bool = True):
        super().__init__()
        self._load_models = load_models

    def id(self) -> str:
        return "lifecircle"

    def name(self) -> str:
        return "LifeCircle"

    def longName(self) -> str:  # noqa: N802
        return tr("LifeCircle — 15-minute community life circle (15分钟社区生活圈)")

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(ICON)

    def load(self) -> bool:
        missing = deps.missing(CORE_REQUIREMENTS)
        if missing:
            QgsMessageLog.logMessage(deps.install_message(missing), "LifeCircle", Qgis.MessageLevel.Warning)
        return super().load()

    def loadAlgorithms(self):  # noqa: N802
        from .algorithms import algorithm_classes

        for cls in algorithm_classes():
            self.addAlgorithm(cls())
        if self._load_models:
            self._add_models()

    def _add_models(self) -> None:
        """The Processing models shipped in resources/models, as algorithms of this provider."""
        from qgis.core import QgsProcessingModelAlgorithm

        for path in sorted(MODELS.glob("*.model3")):
            model = QgsProcessingModelAlgorithm()
            if model.fromFile(str(path)):
                model.setProvider(self)
                self.addAlgorithm(model)
            else:
                QgsMessageLog.logMessage(f"Could not read the model {path.name}", "LifeCircle",
                                         Qgis.MessageLevel.Warning)
