"""The plugin's layering, as one contract read from the source (no QGIS, nothing imported).

Every ``.py`` file of the plugin package (the repository root is the package ``lifecircle``; tests/ and scripts/
are not part of it) is parsed, and each import statement — module level or inside a function, relative ones
resolved — is checked against the rules:

* ``lifecircle_plugin/core/**`` imports no QGIS, Qt or GDAL (``qgis``, ``qgis.PyQt``, ``PyQt5``/``PyQt6``, ``sip``,
  ``osgeo``) and nothing of the plugin outside the core (not gui, not processing, not the bridge modules
  ``lifecircle_plugin/*.py``);
* ``processing/**`` imports nothing from ``lifecircle_plugin/gui``;
* ``lifecircle_plugin/gui/**`` imports nothing from ``processing`` (the dock reaches the list and the workbook
  through the bridge, e.g. ``ledger_io``);
* ``api.py`` (``lifecircle.api``, the analyses over GeoDataFrames for notebooks) imports no QGIS, Qt or GDAL and
  nothing of the plugin but the core, and nothing of the plugin imports it (so it never runs when QGIS loads the
  plugin, and geopandas is imported there only);
* what QGIS runs when it loads the plugin — the package ``__init__`` and the modules its ``classFactory`` imports,
  followed through their module-level imports (imports inside functions run later, when an algorithm or a dialog
  runs) — imports none of numpy, scipy, shapely, pandas, geopandas, networkx, openpyxl.

A broken rule fails with ``file:line``, the import as written, and the rule. The checker itself is tested on a
small fake plugin below, one violation of each rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "lifecircle"
NOT_PLUGIN = {"tests", "scripts", "build", "dist"}  # top-level folders that are not part of the package

QGIS_SIDE = ("qgis", "PyQt5", "PyQt6", "sip", "osgeo")  # (qgis.PyQt is under qgis)
HEAVY = ("numpy", "scipy", "shapely", "pandas", "geopandas", "networkx", "openpyxl")

CORE, GUI, PROCESSING, BRIDGE, ENTRY, API = "core", "gui", "processing", "bridge", "entry", "api"


@dataclass(frozen=True)
class Import:
    file: Path  # the importing file
    module: str  # the importing module, dotted
    line: int
    text: str  # the statement as written
    target: str  # the imported module, absolute and dotted (a plugin module resolved to its file when it is one)
    module_level: bool  # runs when the module is imported (not inside a function)

    def where(self, root: Path) -> str:
        return f"{self.file.relative_to(root)}:{self.line}"


# ------------------------------------------------------------------------------------------------------------
# reading the plugin


def plugin_files(root: Path) -> list[Path]:
    """The package's own .py files: top-level modules and every package folder but tests/, scripts/, build/ …"""
    files = sorted(p for p in root.glob("*.py"))
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        if folder.name.startswith(".") or folder.name in NOT_PLUGIN or not (folder / "__init__.py").exists():
            continue
        files += sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
    return files


def module_of(root: Path, path: Path, package: str = PACKAGE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def layer_of(module: str, package: str = PACKAGE) -> Optional[str]:
    """core, gui, processing, bridge (lifecircle_plugin and its modules outside core and gui), api (``api.py``) or
    entry (the package's ``__init__``); None for anything not of the plugin."""
    if module == package:
        return ENTRY
    if not module.startswith(package + "."):
        return None
    parts = module.split(".")[1:]
    if parts[0] == "processing":
        return PROCESSING
    if parts[0] == "api":
        return API
    if parts[0] == "lifecircle_plugin":
        if len(parts) > 1 and parts[1] == "core":
            return CORE
        if len(parts) > 1 and parts[1] == "gui":
            return GUI
        return BRIDGE
    return BRIDGE  # another top-level module of the package


class _Imports(ast.NodeVisitor):
    def __init__(self, file: Path, module: str, is_package: bool, source: str, known: set[str]):
        self.file, self.module, self.known = file, module, known
        self.lines = source.splitlines()
        self.package = module if is_package else module.rpartition(".")[0]
        self.depth = 0  # inside a function: runs when called, not at import
        self.found: list[Import] = []

    def _add(self, node: ast.AST, target: str) -> None:
        # the statement as written (ast.get_source_segment would split the whole file at each call)
        lines = self.lines[node.lineno - 1: node.end_lineno]
        lines[-1] = lines[-1][: node.end_col_offset]
        lines[0] = lines[0][node.col_offset:]
        text = " ".join(lines) or target
        self.found.append(Import(self.file, self.module, node.lineno, " ".join(text.split()), target,
                                 self.depth == 0))

    def _function(self, node) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults, *node.decorator_list]:
            if default is not None:
                self.visit(default)  # evaluated when the def runs
        self.depth += 1
        for child in node.body:
            self.visit(child)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function  # noqa: N815

    def visit_Lambda(self, node: ast.Lambda) -> None:  # noqa: N802
        self.depth += 1
        self.visit(node.body)
        self.depth -= 1

    def visit_Import(self, node: ast.Import) -> None:  # noqa: N802
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:  # noqa: N802
        if node.level:
            base = self.package.split(".")
            if node.level - 1 >= len(base):
                raise AssertionError(f"{self.file}:{node.lineno}: relative import beyond the package")
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        for alias in node.names:
            sub = f"{module}.{alias.name}"
            self._add(node, sub if sub in self.known else module)  # `from . import x`: the module x when it is one

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        """``__import__("x")`` and ``importlib.import_module("x")`` with a written name count too."""
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) and not node.args[0].value.startswith("."):
            self._add(node, node.args[0].value)
        self.generic_visit(node)


def read_imports(root: Path, package: str = PACKAGE) -> dict[str, list[Import]]:
    """{module: its imports} for every file of the plugin."""
    files = plugin_files(root)
    known = {module_of(root, f, package) for f in files}
    out = {}
    for f in files:
        source = f.read_text(encoding="utf-8")
        module = module_of(root, f, package)
        visitor = _Imports(f, module, f.name == "__init__.py", source, known)
        visitor.visit(ast.parse(source, filename=str(f)))
        out[module] = visitor.found
    return out


# ------------------------------------------------------------------------------------------------------------
# the rules


def _top(target: str) -> str:
    return target.split(".")[0]


def layer_violations(imports: dict[str, list[Import]], root: Path, package: str = PACKAGE) -> list[str]:
    out = []
    for module, found in sorted(imports.items()):
        layer = layer_of(module, package)
        for imp in found:
            to = layer_of(imp.target, package)
            rule = None
            if layer == CORE and _top(imp.target) in QGIS_SIDE:
                rule = "the core imports no QGIS, Qt or GDAL (lifecircle_plugin/core/** runs without QGIS)"
            elif layer == CORE and to not in (None, CORE):
                rule = f"the core imports nothing of the plugin outside the core (this is {to})"
            elif layer == PROCESSING and to == GUI:
                rule = "processing imports nothing from lifecircle_plugin/gui"
            elif layer == GUI and to == PROCESSING:
                rule = "gui imports nothing from processing (reach the list through the bridge, e.g. ledger_io)"
            elif layer == API and _top(imp.target) in QGIS_SIDE:
                rule = "the api imports no QGIS, Qt or GDAL (lifecircle.api runs without QGIS)"
            elif layer == API and to not in (None, CORE, API):
                rule = f"the api imports nothing of the plugin but the core (this is {to})"
            elif layer != API and to == API:
                rule = "nothing of the plugin imports the api (lifecircle.api is for notebooks, never loaded by QGIS)"
            if rule:
                out.append(f"{imp.where(root)}: `{imp.text}` — {rule}")
    return list(dict.fromkeys(out))  # (one line for `from x import a, b`)


def _with_packages(target: str, package: str) -> list[str]:
    """Importing a.b.c runs a, a.b and a.b.c."""
    parts = target.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]).startswith(package)]


def load_modules(imports: dict[str, list[Import]], package: str = PACKAGE) -> dict[str, Optional[Import]]:
    """{module run when QGIS loads the plugin: the import that brought it in (None: the package itself)}.

    QGIS imports the package (its ``__init__``, at module level) and calls ``classFactory``: the imports in
    that function are where the plugin starts; and the plugin's ``initProcessing`` registers the provider, whose
    ``loadAlgorithms`` QGIS runs at once: the imports of ``processing/algorithms.algorithm_classes`` (every
    algorithm module) run at load too. From there only module-level imports are followed."""
    reached: dict[str, Optional[Import]] = {package: None}
    todo = [package]

    def follow(imp: Import) -> None:
        for m in _with_packages(imp.target, package):
            if m in imports and m not in reached:
                reached[m] = imp
                todo.append(m)

    for module, function in ((package, "classFactory"), (f"{package}.processing.algorithms", "algorithm_classes")):
        for imp in imports.get(module, []):
            if not imp.module_level and _in_function(imp, function):
                follow(imp)
    while todo:
        for imp in imports.get(todo.pop(), []):
            if imp.module_level:
                follow(imp)
    return reached


def _in_function(imp: Import, name: str) -> bool:
    """The import stands inside the module-level function ``name``."""
    tree = ast.parse(imp.file.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node.lineno <= imp.line <= (node.end_lineno or node.lineno)
    return False


def _chain(reached: dict[str, Optional[Import]], module: str) -> str:
    steps = []
    while reached.get(module) is not None:
        steps.append(module)
        module = reached[module].module
    return " ← ".join(steps + [module])


def load_violations(imports: dict[str, list[Import]], root: Path, package: str = PACKAGE) -> list[str]:
    reached = load_modules(imports, package)
    out = []
    for module in sorted(reached):
        for imp in imports.get(module, []):
            if imp.module_level and _top(imp.target) in HEAVY:
                out.append(f"{imp.where(root)}: `{imp.text}` — nothing run at plugin load imports "
                           f"{_top(imp.target)} (import it inside the function that needs it); loaded through "
                           f"{_chain(reached, module)}")
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------------------------------------------------
# the plugin as it is


@pytest.fixture(scope="module")
def imports() -> dict[str, list[Import]]:
    return read_imports(ROOT)


def test_the_contract_reads_the_whole_plugin(imports):
    """Not a vacuous pass: every layer is there, and the load follows classFactory into plugin.py and on."""
    layers = {layer_of(m) for m in imports}
    assert {CORE, GUI, PROCESSING, BRIDGE, ENTRY, API} <= layers, layers
    assert len(imports) >= 50 and sum(len(v) for v in imports.values()) >= 500
    assert not any(m.startswith((PACKAGE + ".tests", PACKAGE + ".scripts", PACKAGE + ".build")) for m in imports)
    reached = load_modules(imports)
    assert {PACKAGE, PACKAGE + ".lifecircle_plugin", PACKAGE + ".lifecircle_plugin.plugin"} <= set(reached), reached


def test_the_layers_import_only_downwards(imports):
    bad = layer_violations(imports, ROOT)
    assert not bad, "\n" + "\n".join(bad)


def test_plugin_load_imports_no_analysis_library(imports):
    bad = load_violations(imports, ROOT)
    assert not bad, "\n" + "\n".join(bad)


# ------------------------------------------------------------------------------------------------------------
# the checker on a fake plugin: each rule broken once


FAKE = {
    "__init__.py": ("def classFactory(iface):\n    from .lifecircle_plugin.plugin import Plugin\n"
                    "    return Plugin(iface)\n"),
    "lifecircle_plugin/__init__.py": "",
    "lifecircle_plugin/plugin.py": "import json\nfrom .gui import dock\n\n\ndef run():\n    import numpy\n",
    "lifecircle_plugin/bridge.py": "from qgis.core import QgsProject\nfrom .core import model\n",
    "lifecircle_plugin/core/__init__.py": "",
    "lifecircle_plugin/core/model.py": ("import math\nimport numpy as np\n\n\n"
                                        "def f():\n    from ...processing import alg\n"),
    "lifecircle_plugin/core/bad_qt.py": "from qgis.PyQt.QtCore import QDate\n",
    "lifecircle_plugin/core/bad_gdal.py": "def g():\n    from osgeo import gdal\n",
    "lifecircle_plugin/core/bad_bridge.py": "from .. import bridge\n",
    "lifecircle_plugin/core/bad_dynamic.py": "q = __import__('qgis.core')\n",
    "lifecircle_plugin/gui/__init__.py": "",
    "lifecircle_plugin/gui/dock.py": ("from ..core import model\nfrom .. import bridge\n"
                                      "from . import panel\n\n\ndef export():\n"
                                      "    from ...processing.alg import write\n"),
    "lifecircle_plugin/gui/panel.py": "import openpyxl\n",
    "processing/__init__.py": "",
    "processing/alg.py": ("import scipy\nfrom ..lifecircle_plugin.gui.dock import export\n"
                          "from ..lifecircle_plugin import bridge\n"),
    "tests/test_x.py": "from lifecircle.processing import alg\nimport qgis\n",
    "scripts/tool.py": "import numpy\n",
}


@pytest.fixture
def fake(tmp_path) -> Path:
    root = tmp_path / "lifecircle"
    for name, text in FAKE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_relative_imports_are_resolved(fake):
    found = read_imports(fake)
    targets = {(i.module, i.target, i.module_level) for v in found.values() for i in v}
    assert ("lifecircle.lifecircle_plugin.core.model", "lifecircle.processing.alg", False) in targets
    assert ("lifecircle.lifecircle_plugin.core.bad_bridge", "lifecircle.lifecircle_plugin.bridge", True) in targets
    assert ("lifecircle.lifecircle_plugin.gui.dock", "lifecircle.lifecircle_plugin.gui.panel", True) in targets
    assert ("lifecircle.lifecircle_plugin.gui.dock", "lifecircle.processing.alg", False) in targets
    assert ("lifecircle", "lifecircle.lifecircle_plugin.plugin", False) in targets
    assert not any(m.startswith(("lifecircle.tests", "lifecircle.scripts")) for m in found)


def test_the_checker_finds_each_broken_layer_rule(fake):
    bad = layer_violations(read_imports(fake), fake)
    assert bad == [
        "lifecircle_plugin/core/bad_bridge.py:1: `from .. import bridge` — the core imports nothing of the plugin "
        "outside the core (this is bridge)",
        "lifecircle_plugin/core/bad_dynamic.py:1: `__import__('qgis.core')` — the core imports no QGIS, Qt or GDAL "
        "(lifecircle_plugin/core/** runs without QGIS)",
        "lifecircle_plugin/core/bad_gdal.py:2: `from osgeo import gdal` — the core imports no QGIS, Qt or GDAL "
        "(lifecircle_plugin/core/** runs without QGIS)",
        "lifecircle_plugin/core/bad_qt.py:1: `from qgis.PyQt.QtCore import QDate` — the core imports no QGIS, Qt or "
        "GDAL (lifecircle_plugin/core/** runs without QGIS)",
        "lifecircle_plugin/core/model.py:6: `from ...processing import alg` — the core imports nothing of the plugin "
        "outside the core (this is processing)",
        "lifecircle_plugin/gui/dock.py:7: `from ...processing.alg import write` — gui imports nothing from "
        "processing (reach the list through the bridge, e.g. ledger_io)",
        "processing/alg.py:2: `from ..lifecircle_plugin.gui.dock import export` — processing imports nothing from "
        "lifecircle_plugin/gui",
    ]


def test_the_checker_follows_the_load_through_module_level_imports_only(fake):
    found = read_imports(fake)
    reached = load_modules(found)
    assert set(reached) == {
        "lifecircle", "lifecircle.lifecircle_plugin", "lifecircle.lifecircle_plugin.plugin",
        "lifecircle.lifecircle_plugin.gui", "lifecircle.lifecircle_plugin.gui.dock",
        "lifecircle.lifecircle_plugin.gui.panel", "lifecircle.lifecircle_plugin.core",
        "lifecircle.lifecircle_plugin.core.model", "lifecircle.lifecircle_plugin.bridge",
    }  # not processing (imported inside a function), not bad_* (nothing imports them)
    assert load_violations(found, fake) == [
        "lifecircle_plugin/core/model.py:2: `import numpy as np` — nothing run at plugin load imports numpy (import "
        "it inside the function that needs it); loaded through lifecircle.lifecircle_plugin.core.model ← "
        "lifecircle.lifecircle_plugin.gui.dock ← lifecircle.lifecircle_plugin.plugin ← lifecircle",
        "lifecircle_plugin/gui/panel.py:1: `import openpyxl` — nothing run at plugin load imports openpyxl (import "
        "it inside the function that needs it); loaded through lifecircle.lifecircle_plugin.gui.panel ← "
        "lifecircle.lifecircle_plugin.gui.dock ← lifecircle.lifecircle_plugin.plugin ← lifecircle",
    ]


def test_the_algorithm_modules_the_provider_loads_count_as_load(fake):
    """QGIS runs the provider's loadAlgorithms when the plugin loads (initProcessing): the modules
    processing/algorithms.algorithm_classes imports are load-time, and so is what they import at module level."""
    (fake / "processing" / "algorithms.py").write_text(
        "def algorithm_classes():\n    from .alg_light import A\n    return [A]\n", encoding="utf-8")
    (fake / "processing" / "alg_light.py").write_text("from ..lifecircle_plugin.core import tables\nA = 1\n",
                                                      encoding="utf-8")
    (fake / "lifecircle_plugin" / "core" / "tables.py").write_text("import numpy as np\n", encoding="utf-8")
    bad = load_violations(read_imports(fake), fake)
    assert "lifecircle_plugin/core/tables.py:1: `import numpy as np` — nothing run at plugin load imports numpy " \
           "(import it inside the function that needs it); loaded through lifecircle.lifecircle_plugin.core.tables " \
           "← lifecircle.processing.alg_light ← lifecircle.processing.algorithms" in bad, bad


def test_a_forbidden_import_added_to_the_real_plugin_fails(tmp_path):
    """The real tree, copied, with one import added where each rule forbids it."""
    import shutil

    copy = tmp_path / "lifecircle"
    for f in plugin_files(ROOT):
        target = copy / f.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    assert not layer_violations(read_imports(copy), copy) and not load_violations(read_imports(copy), copy)
    for name, line in (("lifecircle_plugin/core/projects.py", "from ..gui import project_dock\n"),
                       ("lifecircle_plugin/gui/ledger_dialogs.py", "from ...processing import import_ledger\n"),
                       ("lifecircle_plugin/plugin.py", "import geopandas\n")):
        path = copy / name
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    bad = layer_violations(read_imports(copy), copy) + load_violations(read_imports(copy), copy)
    assert len(bad) == 3, bad
    assert bad[0].startswith("lifecircle_plugin/core/projects.py:") and "(this is gui)" in bad[0]
    assert bad[1].startswith("lifecircle_plugin/gui/ledger_dialogs.py:") and "gui imports nothing" in bad[1]
    assert bad[2].startswith("lifecircle_plugin/plugin.py:") and "`import geopandas`" in bad[2]


def test_the_checker_finds_each_broken_api_rule(fake):
    """The api beside the fake plugin: each of its rules broken once, and the api loaded with the plugin."""
    (fake / "api.py").write_text("import geopandas\nfrom .lifecircle_plugin.core import model\n"
                                 "from .lifecircle_plugin import bridge\nfrom qgis.core import QgsProject\n\n\n"
                                 "def f():\n    from .processing import alg\n", encoding="utf-8")
    panel = fake / "lifecircle_plugin" / "gui" / "panel.py"
    panel.write_text(panel.read_text(encoding="utf-8") + "from ... import api\n", encoding="utf-8")
    found = read_imports(fake)
    assert layer_of("lifecircle.api") == API and "lifecircle.api" in found
    bad = [b for b in layer_violations(found, fake) if "api" in b]
    assert bad == [
        "api.py:3: `from .lifecircle_plugin import bridge` — the api imports nothing of the plugin but the core (this "
        "is bridge)",
        "api.py:4: `from qgis.core import QgsProject` — the api imports no QGIS, Qt or GDAL (lifecircle.api runs "
        "without QGIS)",
        "api.py:8: `from .processing import alg` — the api imports nothing of the plugin but the core (this is "
        "processing)",
        "lifecircle_plugin/gui/panel.py:2: `from ... import api` — nothing of the plugin imports the api "
        "(lifecircle.api is for notebooks, never loaded by QGIS)",
    ]
    assert "lifecircle.api" in load_modules(found)
    assert "api.py:1: `import geopandas` — nothing run at plugin load imports geopandas (import it inside the " \
           "function that needs it); loaded through lifecircle.api ← lifecircle.lifecircle_plugin.gui.panel ← " \
           "lifecircle.lifecircle_plugin.gui.dock ← lifecircle.lifecircle_plugin.plugin ← lifecircle" \
           in load_violations(found, fake)


def test_the_real_api_uses_the_core_only(imports):
    """lifecircle.api is read by the contract, reaches the core (not a vacuous pass) and is not loaded by QGIS."""
    api = imports["lifecircle.api"]
    targets = {i.target for i in api}
    assert any(layer_of(t) == CORE for t in targets) and "geopandas" in targets
    assert "lifecircle.api" not in load_modules(imports)
