"""Result layers load with the plugin's bundled styles (resources/styles/<name>.qml)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingLayerPostProcessorInterface

from .base import tr

STYLES = Path(__file__).resolve().parent.parent / "resources" / "styles"

# PyQGIS does not keep post-processors alive: hold them until QGIS has used them
_KEEP: list = []


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, qml: Path):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and self.qml.exists():
            aliases = layer.attributeAliases() if hasattr(layer, "attributeAliases") else {}
            message, ok = layer.loadNamedStyle(str(self.qml))
            if not ok and feedback is not None:
                feedback.reportError(tr("Could not apply the style {}: {}").format(self.qml.name, message), False)
            keep_aliases(layer, aliases)  # (a style's placeholder aliases must not wipe the result's own)
            layer.triggerRepaint()
        if layer is not None:
            layer.setCustomProperty(RESULT_PROPERTY, True)
            points_above_areas(layer)


def keep_aliases(layer, aliases: dict) -> None:
    """Gives ``layer``'s fields their ``aliases`` (field name -> alias) back, where they have none now."""
    for name, alias in (aliases or {}).items():
        index = layer.fields().indexOf(name)
        if alias and index >= 0 and not layer.attributeAlias(index):
            layer.setFieldAlias(index, alias)


#: marks LifeCircle's result layers in a project (their order among themselves is ours to keep readable)
RESULT_PROPERTY = "lifecircle/result"


def _drawing_rank(node) -> int:
    """Points on top, then lines, then polygons, then tables (a unit's fill must not hide its residents)."""
    from qgis.core import QgsVectorLayer, QgsWkbTypes

    layer = node.layer()
    if not isinstance(layer, QgsVectorLayer):
        return 4
    return {QgsWkbTypes.GeometryType.PointGeometry: 0, QgsWkbTypes.GeometryType.LineGeometry: 1,
            QgsWkbTypes.GeometryType.PolygonGeometry: 2}.get(layer.geometryType(), 3)


def points_above_areas(layer) -> None:
    """Orders the run of LifeCircle result layers around ``layer`` in its layer tree group: points above lines
    above polygons (QGIS loads a run's outputs in the order of their ids, which can put the units' fill on top)."""
    from qgis.core import QgsLayerTreeLayer, QgsProject

    node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
    if node is None or node.parent() is None:
        return
    group = node.parent()
    siblings = group.children()

    def ours(n) -> bool:
        return isinstance(n, QgsLayerTreeLayer) and n.layer() is not None and bool(
            n.layer().customProperty(RESULT_PROPERTY, False))

    i = next(k for k, n in enumerate(siblings) if n is node or (isinstance(n, QgsLayerTreeLayer)
                                                                 and n.layerId() == layer.id()))
    lo, hi = i, i
    while lo > 0 and ours(siblings[lo - 1]):
        lo -= 1
    while hi + 1 < len(siblings) and ours(siblings[hi + 1]):
        hi += 1
    block = siblings[lo:hi + 1]
    wanted = sorted(block, key=_drawing_rank)  # (stable: a run's own order kept within a kind)
    if [n.layerId() for n in wanted] == [n.layerId() for n in block]:
        return
    # the clones go in before the originals come out: a layer left with no node would leave the project
    for k, n in enumerate(wanted):
        group.insertChildNode(lo + k, n.clone())
    for n in block:
        group.removeChildNode(n)


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
