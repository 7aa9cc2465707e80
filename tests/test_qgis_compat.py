"""The PyQGIS calls that differ between QGIS 3.22 and 3.40 (lifecircle_plugin/qgis_compat.py) do the same thing on
the QGIS the suite runs on, without a deprecation warning (`make test` runs this on both versions)."""

from __future__ import annotations

import warnings

import pytest
from qgis.core import QgsAttributeEditorContainer, QgsEditFormConfig, QgsVectorLayer

from lifecircle.lifecircle_plugin import qgis_compat as C


@pytest.fixture(autouse=True)
def deprecations_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        yield


@pytest.mark.parametrize("kind, number", [  # (QVariant.Type and QMetaType.Type numbers: Qt's own)
    (C.STRING, 10), (C.INT, 2), (C.INT64, 4), (C.DOUBLE, 6), (C.BOOL, 1), (C.DATE, 14), (C.DATETIME, 16),
])
def test_fields_of_every_type(kind, number):
    f = C.make_field("x", kind)
    assert f.name() == "x" and int(f.type()) == number
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "t", "memory")
    assert layer.dataProvider().addAttributes([f])
    layer.updateFields()
    assert int(layer.fields().field("x").type()) == number


def test_field_length_and_precision_pass_through():
    f = C.make_field("length_m", C.DOUBLE, len=12, prec=2)
    assert (f.length(), f.precision()) == (12, 2)


def test_a_qvariant_type_is_taken_too():
    from qgis.PyQt.QtCore import QVariant

    assert int(C.make_field("s", QVariant.String).type()) == 10  # (a QVariant.Type from older code: no warning)


def test_style_storage(tmp_path):
    from qgis.core import QgsVectorFileWriter

    memory = QgsVectorLayer("Point?crs=EPSG:4326&field=a:integer", "m", "memory")
    assert not C.can_store_styles(memory.dataProvider())
    path = tmp_path / "t.gpkg"
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(memory, str(path), memory.transformContext(), opts)
    assert err[0] == QgsVectorFileWriter.WriterError.NoError, err
    gpkg = QgsVectorLayer(str(path), "g", "ogr")
    assert gpkg.isValid() and C.can_store_styles(gpkg.dataProvider())


def test_layer_filters(qgis_app):
    from qgis.gui import QgsMapLayerComboBox

    combo = QgsMapLayerComboBox()
    combo.setFilters(C.layer_filters("PointLayer", "PolygonLayer"))
    assert int(combo.filters()) == 4 | 16  # PointLayer | PolygonLayer, the same bits in both enums
    combo.setFilters(C.layer_filters("PolygonLayer"))
    assert int(combo.filters()) == 16
    points = QgsVectorLayer("Point?crs=EPSG:4326", "p", "memory")
    polygons = QgsVectorLayer("Polygon?crs=EPSG:4326", "q", "memory")
    lines = QgsVectorLayer("LineString?crs=EPSG:4326", "l", "memory")
    combo.setFilters(C.layer_filters("PointLayer", "PolygonLayer"))
    combo.setAdditionalLayers([points, polygons, lines])
    shown = {combo.layer(i).name() for i in range(combo.count()) if combo.layer(i) is not None}
    assert shown == {"p", "q"}


def test_form_tabs_are_tabs():
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=a:integer", "m", "memory")
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    tab = QgsAttributeEditorContainer("Project", config.invisibleRootContainer())
    C.make_tab(tab)
    if hasattr(tab, "setType"):  # QGIS ≥ 3.32
        from qgis.core import Qgis

        assert tab.type() == Qgis.AttributeEditorContainerType.Tab
    else:
        assert not tab.isGroupBox()


def test_metre_unit_is_what_a_metric_crs_reports():
    from qgis.core import QgsCoordinateReferenceSystem

    assert QgsCoordinateReferenceSystem("EPSG:4547").mapUnits() == C.metre_unit()
    assert QgsCoordinateReferenceSystem("EPSG:4326").mapUnits() != C.metre_unit()
