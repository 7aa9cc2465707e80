"""The few PyQGIS calls that differ between the QGIS versions LifeCircle supports (3.22 LTR to 3.40 LTR and
later), each detected by feature rather than by version number, in one place."""

from __future__ import annotations

from qgis.PyQt.QtCore import QMetaType

# field types (QMetaType.Type: Qt 6 has no QVariant.Type); make_field turns them into what this QGIS takes
STRING, INT, INT64, UINT, UINT64 = (QMetaType.Type.QString, QMetaType.Type.Int, QMetaType.Type.LongLong,
                                    QMetaType.Type.UInt, QMetaType.Type.ULongLong)
DOUBLE, BOOL, DATE, DATETIME, TIME = (QMetaType.Type.Double, QMetaType.Type.Bool, QMetaType.Type.QDate,
                                      QMetaType.Type.QDateTime, QMetaType.Type.QTime)


def metre_unit():
    """The "metres" distance unit (the enum moved from QgsUnitTypes to Qgis in QGIS 3.30)."""
    try:
        from qgis.core import Qgis

        return Qgis.DistanceUnit.Meters
    except AttributeError:
        from qgis.core import QgsUnitTypes

        return QgsUnitTypes.DistanceUnit.DistanceMeters


def can_store_styles(provider) -> bool:
    """Whether a data provider can keep layer styles in its database (GeoPackage and PostGIS ``layer_styles``).

    QGIS 3.22 asks ``isSaveAndLoadStyleToDatabaseSupported()``; QGIS 3.30 replaced it with
    ``styleStorageCapabilities()`` (``Qgis.ProviderStyleStorageCapability.SaveToDatabase``) and 3.34 removed the
    old call."""
    capabilities = getattr(provider, "styleStorageCapabilities", None)
    if capabilities is not None:
        from qgis.core import Qgis

        return bool(capabilities() & Qgis.ProviderStyleStorageCapability.SaveToDatabase)
    return bool(provider.isSaveAndLoadStyleToDatabaseSupported())


_FIELD_TAKES_METATYPE = None


def make_field(name: str, kind, *args, **kwargs):
    """A QgsField of ``kind`` (a ``QMetaType.Type``: STRING, INT, DOUBLE … above; further arguments as
    QgsField's).

    QGIS 3.38 deprecated field types given as ``QVariant.Type`` for ``QMetaType.Type`` (the same numbers; Qt 6 has
    only the latter); QGIS 3.22 accepts only ``QVariant.Type``. The first call finds out which this QGIS takes."""
    global _FIELD_TAKES_METATYPE
    from qgis.core import QgsField

    if _FIELD_TAKES_METATYPE is None:
        try:
            QgsField("probe", QMetaType.Type.Int)
            _FIELD_TAKES_METATYPE = True
        except TypeError:
            _FIELD_TAKES_METATYPE = False
    if _FIELD_TAKES_METATYPE:
        kind = QMetaType.Type(int(kind))
    else:
        from qgis.PyQt.QtCore import QVariant

        kind = QVariant.Type(int(kind))
    return QgsField(name, kind, *args, **kwargs)


def layer_filters(*names: str):
    """Map-layer combo box filters by name ("PointLayer", "PolygonLayer", "VectorLayer" …), or-ed together:
    ``Qgis.LayerFilters`` since QGIS 3.34, ``QgsMapLayerProxyModel.Filters`` before. (Or-ed members must be
    wrapped in the flags type: a bare int picks 3.40's deprecated overload.)"""
    from qgis.core import Qgis, QgsMapLayerProxyModel

    if hasattr(Qgis, "LayerFilters"):
        member, flags = Qgis.LayerFilter, Qgis.LayerFilters
    else:
        member, flags = QgsMapLayerProxyModel.Filter, QgsMapLayerProxyModel.Filters
    combined = getattr(member, names[0])
    for name in names[1:]:
        combined = combined | getattr(member, name)
    return flags(combined)


def make_tab(container) -> None:
    """Makes a form container a tab (not a group box): ``setType`` since QGIS 3.32, ``setIsGroupBox`` before."""
    if hasattr(container, "setType"):
        from qgis.core import Qgis

        container.setType(Qgis.AttributeEditorContainerType.Tab)
    else:
        container.setIsGroupBox(False)

