"""Result layers load with the plugin's bundled styles (resources/styles/<name>.qml)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingLayerPostProcessorInterface

STYLES = Path(__file__).resolve().parent.parent / "resources" / "styles"

# PyQGIS does not keep post-processors alive: hold them until QGIS has used them
_KEEP: list = []


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, qml: Path):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and self.qml.exists():
            message, ok = layer.loadNamedStyle(str(self.qml))
            if not ok and feedback is not None:
                feedback.reportError(f"Could not apply the style {self.qml.name}: {message}", False)
            layer.triggerRepaint()


def style_path(name: str) -> Path:
    return STYLES / f"{name}.qml"


def load_with_style(context, dest: str, name: str, wkb_type=None) -> None:
    """When ``dest`` is loaded into the project after the run, apply the bundled style ``name`` (its
    ``<name>_polygon`` variant for polygon layers, where there is one)."""
    from qgis.core import QgsWkbTypes

    qml = style_path(name)
    if wkb_type is not None and QgsWkbTypes.geometryType(wkb_type) == QgsWkbTypes.GeometryType.PolygonGeometry:
        variant = style_path(f"{name}_polygon")
        if variant.exists():
            qml = variant
    if not qml.exists() or not context.willLoadLayerOnCompletion(dest):
        return
    processor = StylePostProcessor(qml)
    _KEEP.append(processor)
    del _KEEP[:-50]
    context.layerToLoadOnCompletionDetails(dest).setPostProcessor(processor)
