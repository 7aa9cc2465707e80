"""The QGIS plugin: menu, toolbar, Processing provider, translations; ``unload`` removes all of it.

Loading imports Qt and qgis.core only: numpy, scipy, shapely and openpyxl load when an algorithm runs.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu, QMessageBox
from .messages import tr

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
MENU = "LifeCircle 15分钟生活圈"
SAMPLE_PROJECT = PLUGIN_ROOT / "resources" / "sample" / "sample_district.qgz"
#: what the Processing toolbox's search is set to: the provider's name (it shows LifeCircle's algorithms only)
TOOLBOX_FILTER = "LifeCircle"


def sample_folder() -> Path:
    """Where the sample district is copied for the planner (setting lifecircle/sample_folder; by default
    Documents/LifeCircle/示例区): edits to it are saved there, never into the plugin's install folder."""
    from qgis.PyQt.QtCore import QStandardPaths

    chosen = QgsSettings().value("lifecircle/sample_folder", "", type=str)
    if chosen:
        return Path(chosen)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "LifeCircle" / "示例区"


def sample_copy() -> tuple[Path, bool]:
    """(the planner's copy of the sample project, whether it was copied now). A copy made earlier is opened as it
    is, with the planner's edits."""
    import shutil

    folder = sample_folder()
    project = folder / SAMPLE_PROJECT.name
    if project.exists():
        return project, False
    folder.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PROJECT.parent.glob("sample_district.*"):
        shutil.copy2(part, folder / part.name)
    return project, True


#: the size an algorithm dialog opens at (at most nine tenths of the screen): its parameter labels and the log
#: side by side without a horizontal scroll bar
DIALOG_SIZE = (980, 820)


def fit_dialog(dialog, parent=None) -> None:
    """Grows ``dialog`` to DIALOG_SIZE (within the screen); never shrinks a size the planner gave it."""
    screen = (parent or dialog).screen() if hasattr(dialog, "screen") else None
    available = screen.availableGeometry() if screen is not None else None
    width, height = DIALOG_SIZE
    if available is not None:
        width = min(width, int(available.width() * 0.9))
        height = min(height, int(available.height() * 0.9))
    dialog.resize(max(dialog.width(), width), max(dialog.height(), height))


def processing_toolbox(iface):
    """QGIS's Processing toolbox dock (the Processing plugin's), or None when that plugin is not loaded."""
    from qgis.PyQt.QtWidgets import QDockWidget

    try:
        from qgis.utils import plugins

        toolbox = getattr(plugins.get("processing"), "toolbox", None)
    except ImportError:  # pragma: no cover - qgis.utils is always there in QGIS
        toolbox = None
    if toolbox is None:
        toolbox = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
    return toolbox


#: (algorithm id, menu text, on the toolbar) in the order of the planner's year
PLANNER_STEPS = (
    ("lifecircle:preparenetwork", "1 Prepare walking network… 步行网络", False),
    ("lifecircle:delineateunits", "2 Delineate life-circle units… 划示基本单元", False),
    ("lifecircle:distributepopulation", "3 Residents from census and buildings… 人口到建筑", False),
    ("lifecircle:residentneeds", "4 Residents' needs… 问需求计", False),
    ("lifecircle:facilitycoverage", "5 Facility coverage (体检)… 十全/十美", True),
    ("lifecircle:potentialspace", "6 Potential space… 找空间", False),
    ("lifecircle:siting", "7 Siting recommendations… 选址", False),
    ("lifecircle:projectimpact", "8 Project impact (before/after)… 项目成效", False),
    ("lifecircle:comparecoverage", "9 Compare coverage year over year… 监测评估", False),
    ("lifecircle:exportledger", "Export Excel ledger… 导出台账", False),
    ("lifecircle:importledger", "Import ledger updates… 导入台账", False),
    ("lifecircle:convertcoords", "Convert GCJ-02 / BD-09 coordinates… 坐标转换", False),
)




#: QGIS's names for the interface languages we ship (Options › General › Override system locale)
LOCALE_ALIASES = {"zh-Hans": "zh_CN", "zh_Hans": "zh_CN", "zh_SG": "zh_CN"}


def user_locale() -> str:
    locale = str(QgsSettings().value("locale/userLocale", "") or QLocale().name())
    locale = locale.split(".")[0].split("@")[0]
    return LOCALE_ALIASES.get(locale, locale.replace("-", "_")[:5])


class LifeCirclePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions: list = []
        self.toolbar = None
        self.menu = None
        self.project_dock = None
        self.translator = None
        self._install_translator()

    # -- translations -------------------------------------------------------------------------------------
    def _install_translator(self) -> None:
        locale = user_locale()
        for name in (f"lifecircle_{locale}.qm", f"lifecircle_{locale[:2]}.qm"):
            qm = PLUGIN_ROOT / "i18n" / name
            if qm.exists():
                translator = QTranslator()
                if translator.load(str(qm)):
                    QCoreApplication.installTranslator(translator)
                    self.translator = translator
                break

    # -- Processing ---------------------------------------------------------------------------------------
    def initProcessing(self):  # noqa: N802 - called by QGIS (also by qgis_process)
        if self.provider is None:
            from ..processing.provider import LifeCircleProvider

            self.provider = LifeCircleProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    # -- GUI ----------------------------------------------------------------------------------------------
    def initGui(self):  # noqa: N802
        self.initProcessing()
        QgsProject.instance().layersAdded.connect(guard_shared_lists)
        guard_shared_lists(QgsProject.instance().mapLayers().values())
        icon = QIcon(str(PLUGIN_ROOT / "resources" / "icons" / "lifecircle.svg"))
        main_window = self.iface.mainWindow()
        self.menu = QMenu(MENU, main_window)
        self.menu.setObjectName("LifeCircleMenu")
        menu_bar = main_window.menuBar()
        help_menu = self.iface.firstRightStandardMenu()
        if isinstance(help_menu, QMenu):
            menu_bar.insertMenu(help_menu.menuAction(), self.menu)
        else:
            menu_bar.addMenu(self.menu)
        self.toolbar = self.iface.addToolBar(MENU)
        self.toolbar.setObjectName("LifeCircleToolbar")
        # the planner's year, in order; an algorithm not (yet) in the provider is left out of the menu
        registry = QgsApplication.processingRegistry()
        for algorithm_id, text, on_toolbar in PLANNER_STEPS:
            if registry.algorithmById(algorithm_id) is None:
                continue
            self._add_action(icon if on_toolbar else QgsApplication.getThemeIcon("/processingAlgorithm.svg"),
                             tr(text), (lambda checked=False, a=algorithm_id: self._open_algorithm(a)),
                             toolbar=on_toolbar)
        self._add_action(QgsApplication.getThemeIcon("/mActionOpenTable.svg"),
                         tr("Annual project list 年度项目实施清单"), self._toggle_project_dock, toolbar=True)
        self.menu.addSeparator()
        self._add_action(
            QgsApplication.getThemeIcon("/processingAlgorithm.svg"), tr("LifeCircle tools in the Processing toolbox"),
            self._show_toolbox,
        )
        self._add_action(QgsApplication.getThemeIcon("/mActionFileOpen.svg"), tr("Open the sample district 示例区"),
                         self._open_sample)
        self._add_action(QgsApplication.getThemeIcon("/mActionHelpContents.svg"), tr("About LifeCircle"), self._about)

    def _add_action(self, icon, text, callback, toolbar=False):
        action = QAction(icon, text, self.iface.mainWindow())
        action.triggered.connect(callback)
        self.menu.addAction(action)
        if toolbar and self.toolbar is not None:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def unload(self):
        try:
            QgsProject.instance().layersAdded.disconnect(guard_shared_lists)
        except (TypeError, RuntimeError):
            pass
        if self.project_dock is not None:
            self.project_dock.unload()
            self.iface.removeDockWidget(self.project_dock)
            self.project_dock.deleteLater()
            self.project_dock = None
        for action in self.actions:
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
            from ..processing.base import wait_for_closing

            # a cancelled run's outputs may still be closing in the background before they are removed
            wait_for_closing(timeout=60.0)
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # -- actions --------------------------------------------------------------------------------------------
    def _toggle_project_dock(self):
        if self.project_dock is None:
            from .gui import create_project_dock

            self.project_dock = create_project_dock(self.iface)
        else:
            self.project_dock.setVisible(not self.project_dock.isVisible())

    def _open_algorithm(self, algorithm_id: str):
        """The algorithm's dialog, opened at a size that shows its parameters without clipping them (QGIS opens
        a new profile's dialogs small; a size the planner chose before is kept)."""
        from qgis import processing

        dialog = processing.createAlgorithmDialog(algorithm_id, {})
        if dialog is None:
            return
        fit_dialog(dialog, self.iface.mainWindow())
        dialog.show()
        dialog.exec()

    def _show_toolbox(self):
        """The Processing toolbox, shown and filtered to LifeCircle's algorithms (QGIS 3.22 has no
        iface.actionShowProcessingToolbox: the toolbox dock is found and shown directly)."""
        toolbox = processing_toolbox(self.iface)
        if toolbox is None:
            QMessageBox.information(self.iface.mainWindow(), MENU, tr(
                "The Processing toolbox is not available: enable the 'Processing' core plugin (Plugins › Manage "
                "and Install Plugins › Installed)."))
            return
        toolbox.setVisible(True)
        toolbox.raise_()
        search = getattr(toolbox, "searchBox", None)
        if search is not None:
            search.setText(TOOLBOX_FILTER)
            search.setFocus()

    def _open_sample(self):
        if not SAMPLE_PROJECT.exists():
            QMessageBox.warning(self.iface.mainWindow(), MENU, tr("The sample district is missing from this install."))
            return
        project = QgsProject.instance()
        if project.isDirty():
            answer = QMessageBox.question(
                self.iface.mainWindow(), MENU,
                tr("Open the sample district 示例区? Unsaved changes to the current project will be lost."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            path, copied = sample_copy()
        except OSError as exc:
            QMessageBox.warning(self.iface.mainWindow(), MENU, tr(
                "The sample district could not be copied to your folder {}: {}").format(sample_folder(), exc))
            return
        self.iface.addProject(str(path))
        if copied:
            self.iface.messageBar().pushInfo(MENU, tr(
                "The sample district 示例区 was copied to {}: your edits are saved there.").format(path.parent))

    def _about(self):
        version = ""
        meta = PLUGIN_ROOT / "metadata.txt"
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.startswith("version="):
                version = line.split("=", 1)[1]
        QMessageBox.about(
            self.iface.mainWindow(),
            MENU,
            tr(
                "LifeCircle {}\n\nTools for the 15-minute community life circle (15分钟社区生活圈): walking "
                "network, basic units, 十全/十美 facility coverage, potential space, siting, project list and "
                "ledgers. Algorithms are in the Processing toolbox under 'LifeCircle'."
            ).format(version),
        )


def guard_shared_lists(layers) -> None:
    """Every shared project list in the project (a table with the version column) gets its save guard, so edits
    saved through QGIS's own attribute table are checked against colleagues' saves even if the dock never opened
    the list."""
    from qgis.core import QgsVectorLayer

    for layer in layers:
        if isinstance(layer, QgsVectorLayer) and layer.fields().lookupField("lc_version") >= 0:
            from .list_save import SaveGuard

            SaveGuard.of(layer)
