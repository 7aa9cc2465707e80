"""LifeCircle translations: extract the user-facing strings, keep ``i18n/lifecircle_zh_CN.ts`` in step, check it.

    python scripts/i18n.py extract [--errors-only]   list every string (context, file:line, text)
    python scripts/i18n.py update  [--ts PATH] [--drop-obsolete]
    python scripts/i18n.py check   [--ts PATH]       exit 1 when a string has no finished translation

Why not pylupdate5: it files module-level ``tr()`` calls under the wrong context (the plugin translates everything
under "LifeCircle"), cannot follow the strings the plugin passes to ``tr()`` indirectly (algorithm DISPLAY/HELP
attributes, parameter help through ``_param``, GROUPS, menu texts, choice labels) and says nothing when a string
cannot be extracted. This extractor reads the Python source with :mod:`ast`:

* translating calls are ``tr(...)``/``self.tr(...)`` (any function whose parameter goes straight into a
  translating call counts too: ``tr`` itself, ``_param(p, help)``), and ``QCoreApplication.translate(ctx, text)``;
* a literal argument is collected (implicit concatenation is one literal); a name, attribute or subscript is
  followed to the literals it can hold: loop variables over literal tuples (``for key, label in ((…, "…"), …)``,
  ``[tr(label) for _, label in MAPPING_CHOICES]``), module constants (also imported ones), class attributes of the
  class and its subclasses (``tr(self.DISPLAY)``), dict/list values (``tr(GROUPS[self.GROUP])``);
* what cannot be followed — an f-string, ``"…".format()`` inside ``tr()``, a computed value — is an error with
  file:line (translate the template, then ``.format()`` the result);
* besides, every non-empty DISPLAY/HELP class attribute and the label of each (value, label) pair of a module-level
  ``*_CHOICES`` list is collected even where no ``tr()`` reaches it yet;
* the algorithms' descriptions, which are data (``resources/help/help_text.json``, read and translated by
  ``processing/help_text.py``): every text of the file, paragraphs joined with a blank line as the reader joins
  them; the ``tr()`` calls of that reader are not followed (they translate what the file holds);
* Qt Designer forms (``*.ui``): every ``<string>`` without ``notr="true"``, under the form's class name (the
  context uic translates them with).

The .ts file is Qt's TS XML (open it in Qt Linguist); ``make translations`` compiles it with lrelease.
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_PATH = ROOT / "i18n" / "lifecircle_zh_CN.ts"
LANGUAGE = "zh_CN"
CONTEXT = "LifeCircle"
#: folders that are not part of the installed plugin (or are links back to it)
EXCLUDED_DIRS = {"tests", "scripts", "build", "ext_libs", "dist", "outputs", "docs", ".venv", ".git", "__pycache__"}
#: calls in the core that carry a message to a planner: name -> index of the message argument
CORE_MESSAGE_CALLS = {"Msg": 0, "LifeCircleError": 0, "LedgerError": 0, "CancelledError": 0, "Problem": 1,
                      "issue": 2, "LedgerIssue": 4}
#: lists in the core whose appended texts a planner reads
CORE_MESSAGE_LISTS = {"notes", "skipped", "messages", "warnings"}
#: translation states that lrelease compiles
FINISHED = ""
#: the algorithms' descriptions (data), relative to the plugin root
HELP_TEXT_FILE = Path("resources") / "help" / "help_text.json"
#: modules whose tr() calls translate texts read from a data file (the file's texts are extracted from the file)
DATA_TRANSLATING_MODULES = {"processing/help_text.py"}


# ---------------------------------------------------------------------------------------------------------------
# what is extracted


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    locations: list = field(default_factory=list)  # [(relative path, line)]

    @property
    def key(self) -> tuple:
        return (self.context, self.source, self.comment)


@dataclass
class Extraction:
    messages: dict = field(default_factory=dict)  # key -> Message, in the order first found
    errors: list = field(default_factory=list)  # "file:line: what"

    def add(self, context: str, source: str, path: str, line: int, comment: str = "") -> None:
        if not source or not source.strip():
            return
        key = (context, source, comment)
        msg = self.messages.get(key)
        if msg is None:
            msg = self.messages[key] = Message(context, source, comment)
        if (path, line) not in msg.locations:
            msg.locations.append((path, line))

    def error(self, path: str, line: int, text: str) -> None:
        entry = f"{path}:{line}: {text}"
        if entry not in self.errors:
            self.errors.append(entry)


def plugin_files(root: Path, suffix: str) -> list:
    """The plugin's files with ``suffix``, without tests, scripts, build output and bundled libraries."""
    found = []
    for path in sorted(root.rglob(f"*{suffix}")):
        rel = path.relative_to(root)
        if any(part in EXCLUDED_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        if path.is_symlink():
            continue
        found.append(path)
    return found


# ---------------------------------------------------------------------------------------------------------------
# Python sources


class Unresolved(Exception):
    """A value passed to tr() that is not (or does not lead to) string literals."""

    def __init__(self, node: ast.AST, module: Module, text: str):
        super().__init__(text)
        self.node = node
        self.module = module
        self.text = text


@dataclass
class Module:
    name: str  # dotted, relative to the plugin root ("processing.base")
    rel: str  # path relative to the plugin root
    tree: ast.Module
    is_package: bool

    def resolve_import(self, level: int, module: str | None) -> str:
        if level == 0:
            return module or ""
        parts = self.name.split(".") if self.name else []
        package = parts if self.is_package else parts[:-1]
        base = package[: len(package) - (level - 1)] if level > 1 else package
        return ".".join(base + ([module] if module else []))


def _str_const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _callee_name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _target_path(target: ast.AST, name: str) -> tuple | None:
    """Where ``name`` sits in a (nested) tuple target: () for the target itself, (1,) for ``_, name`` …"""
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, (ast.Tuple, ast.List)):
        for i, elt in enumerate(target.elts):
            sub = _target_path(elt, name)
            if sub is not None:
                return (i,) + sub
    return None


def _is_inside(node: ast.AST, container: ast.AST) -> bool:
    while node is not None:
        if node is container:
            return True
        node = getattr(node, "_lc_parent", None)
    return False


class PythonExtractor:
    """Collects translatable strings from the plugin's modules (see the module docstring)."""

    def __init__(self, root: Path, out: Extraction):
        self.root = root
        self.out = out
        self.modules: dict = {}
        for path in plugin_files(root, ".py"):
            rel = path.relative_to(root)
            parts = list(rel.with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))
            except SyntaxError as exc:
                out.error(rel.as_posix(), exc.lineno or 0, f"cannot parse: {exc.msg}")
                continue
            module = Module(".".join(parts), rel.as_posix(), tree, is_package)
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    child._lc_parent = node  # type: ignore[attr-defined]
                    child._lc_module = module  # type: ignore[attr-defined]
            tree._lc_module = module  # type: ignore[attr-defined]
            self.modules[module.name] = module
        self.classes = self._index_classes()
        self.wrappers: dict = {}
        self._find_wrappers()

    # -- indexes ---------------------------------------------------------------------------------------------
    def _index_classes(self) -> dict:
        """class name -> [(ClassDef, Module)] (names can repeat across modules)."""
        classes: dict = {}
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef):
                    classes.setdefault(node.name, []).append((node, module))
        return classes

    def _subclasses(self, class_name: str) -> list:
        """The named class and every plugin class deriving from it (by base-class name), transitively."""
        found, todo, seen = [], [class_name], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            found.extend(self.classes.get(name, []))
            for other, entries in self.classes.items():
                for cls, _ in entries:
                    if any(_callee_name(b) == name for b in cls.bases):
                        todo.append(other)
        return found

    def _base_classes(self, cls: ast.ClassDef) -> list:
        found, todo, seen = [], [cls], set()
        while todo:
            c = todo.pop()
            for base in c.bases:
                name = _callee_name(base)
                if name and name not in seen:
                    seen.add(name)
                    for entry in self.classes.get(name, []):
                        found.append(entry)
                        todo.append(entry[0])
        return found

    def _translate_call(self, call: ast.Call) -> tuple | None:
        """For a call to Qt's translate: (context node, text node, comment node); None for other calls."""
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "translate"
            and isinstance(func.value, ast.Name)
            and func.value.id in {"QCoreApplication", "QApplication", "QgsApplication"}
            and len(call.args) >= 2
        ):
            return call.args[0], call.args[1], call.args[2] if len(call.args) > 2 else None
        return None

    def _find_wrappers(self) -> dict:
        """Functions whose parameter goes straight into a translating call: name -> {(index, param name)}.

        The index counts the parameters as callers pass them (``self``/``cls`` of a method left out)."""
        wrappers = self.wrappers
        changed = True
        while changed:
            changed = False
            for module in self.modules.values():
                for fn in ast.walk(module.tree):
                    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        continue
                    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
                    is_method = isinstance(getattr(fn, "_lc_parent", None), ast.ClassDef)
                    offset = 1 if is_method and params and params[0] in ("self", "cls") else 0
                    for call in ast.walk(fn):
                        if not isinstance(call, ast.Call):
                            continue
                        for arg in self._translated_args(call):
                            if isinstance(arg, ast.Name) and arg.id in params:
                                entry = (params.index(arg.id) - offset, arg.id)
                                if entry not in wrappers.setdefault(fn.name, set()):
                                    wrappers[fn.name].add(entry)
                                    changed = True
        return wrappers

    def _translated_args(self, call: ast.Call) -> list:
        qt = self._translate_call(call)
        if qt is not None:
            return [qt[1]]
        name = _callee_name(call.func)
        found = []
        for index, param in self.wrappers.get(name, ()):
            if index < len(call.args):
                found.append(call.args[index])
            for kw in call.keywords:
                if kw.arg == param:
                    found.append(kw.value)
        if name == "tr" and not found and call.args:  # before the wrappers are known: tr() itself
            found.append(call.args[0])
        return found

    def _context_of(self, call: ast.Call, module: Module) -> tuple:
        """(context, comment) of a translating call."""
        qt = self._translate_call(call)
        if qt is not None:
            context = _str_const(qt[0])
            if context is None:
                raise Unresolved(call, module, "the context of QCoreApplication.translate() must be a literal")
            comment = _str_const(qt[2]) if qt[2] is not None else ""
            return context, comment or ""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "tr" and isinstance(func.value, ast.Name) \
                and func.value.id == "self":
            cls = self._enclosing(call, ast.ClassDef)
            if cls is not None:
                own = [cls] + [c for c, _ in self._base_classes(cls)]
                defines_tr = any(
                    isinstance(s, ast.FunctionDef) and s.name == "tr" for c in own for s in c.body
                )
                if not defines_tr:  # Qt's own QObject.tr(): PyQt uses the Python class name as context
                    return cls.name, ""
        return CONTEXT, ""

    @staticmethod
    def _enclosing(node: ast.AST, kind) -> ast.AST | None:
        node = getattr(node, "_lc_parent", None)
        while node is not None and not isinstance(node, kind):
            node = getattr(node, "_lc_parent", None)
        return node

    # -- following values to literals ----------------------------------------------------------------------
    def strings(self, node: ast.AST, depth: int = 0) -> list:
        """The string literal nodes ``node`` can evaluate to (raises Unresolved)."""
        module = node._lc_module  # type: ignore[attr-defined]
        if depth > 25:
            raise Unresolved(node, module, "value too indirect to follow")
        if _str_const(node) is not None:
            return [node]
        if isinstance(node, ast.JoinedStr):
            raise Unresolved(node, module, "f-string passed to tr(): translate a literal template, then .format()")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            raise Unresolved(node, module, "'.format()' inside tr(): use tr(\"… {} …\").format(…)")
        if isinstance(node, ast.BinOp):
            raise Unresolved(node, module, "computed text passed to tr() (use one literal, implicit concatenation)")
        if isinstance(node, ast.IfExp):
            return self.strings(node.body, depth + 1) + self.strings(node.orelse, depth + 1)
        if isinstance(node, ast.BoolOp):
            return [s for v in node.values for s in self.strings(v, depth + 1)]
        if isinstance(node, ast.Subscript):
            key = _str_const(node.slice)
            found = []
            for container in self.containers(node.value, depth + 1):
                if isinstance(container, ast.Dict):
                    values = [
                        v for k, v in zip(container.keys, container.values)
                        if key is None or k is None or _str_const(k) in (None, key)
                    ]
                elif isinstance(container, (ast.Tuple, ast.List)):
                    values = container.elts
                else:
                    raise Unresolved(node, module, "subscript of a value that is not a literal dict/list")
                for v in values:
                    found.extend(self.strings(v, depth + 1))
            return found
        if isinstance(node, (ast.Name, ast.Attribute)):
            found = []
            for value in self.bindings(node, depth + 1):
                found.extend(self.strings(value, depth + 1))
            return found
        raise Unresolved(node, module, f"non-literal text passed to tr(): {ast.unparse(node)[:60]}")

    def containers(self, node: ast.AST, depth: int) -> list:
        """The literal collections (tuple/list/set/dict nodes) ``node`` can evaluate to."""
        module = node._lc_module  # type: ignore[attr-defined]
        if depth > 25:
            raise Unresolved(node, module, "value too indirect to follow")
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            return [node]
        if isinstance(node, (ast.Name, ast.Attribute)):
            return [c for v in self.bindings(node, depth + 1) for c in self.containers(v, depth + 1)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.containers(node.left, depth + 1) + self.containers(node.right, depth + 1)
        if isinstance(node, ast.Subscript):  # a list inside a dict/list
            found = []
            for container in self.containers(node.value, depth + 1):
                values = container.values if isinstance(container, ast.Dict) else getattr(container, "elts", [])
                for v in values:
                    found.extend(self.containers(v, depth + 1))
            return found
        raise Unresolved(node, module, f"cannot follow '{ast.unparse(node)[:60]}' to literal values")

    def elements(self, iterable: ast.AST, depth: int) -> list:
        """The element nodes a ``for`` loop over ``iterable`` sees."""
        module = iterable._lc_module  # type: ignore[attr-defined]
        if isinstance(iterable, ast.Call):
            fname = _callee_name(iterable.func)
            if fname in ("items", "values", "keys") and isinstance(iterable.func, ast.Attribute):
                found = []
                for d in self.containers(iterable.func.value, depth + 1):
                    if not isinstance(d, ast.Dict):
                        raise Unresolved(iterable, module, f".{fname}() of a value that is not a literal dict")
                    if fname == "values":
                        found.extend(d.values)
                    elif fname == "keys":
                        found.extend(k for k in d.keys if k is not None)
                    else:
                        for k, v in zip(d.keys, d.values):
                            pair = ast.Tuple(elts=[k, v], ctx=ast.Load())
                            pair._lc_module = module  # type: ignore[attr-defined]
                            found.append(pair)
                return found
            if fname in ("enumerate", "sorted", "reversed", "list", "tuple") and iterable.args:
                inner = self.elements(iterable.args[0], depth + 1)
                if fname != "enumerate":
                    return inner
                wrapped = []
                for i, e in enumerate(inner):
                    index = ast.Constant(i)
                    index._lc_module = module  # type: ignore[attr-defined]
                    pair = ast.Tuple(elts=[index, e], ctx=ast.Load())
                    pair._lc_module = module  # type: ignore[attr-defined]
                    wrapped.append(pair)
                return wrapped
            raise Unresolved(iterable, module, f"loop over a computed value: {ast.unparse(iterable)[:60]}")
        found = []
        for container in self.containers(iterable, depth + 1):
            if isinstance(container, ast.Dict):
                found.extend(k for k in container.keys if k is not None)
            else:
                for elt in container.elts:
                    if isinstance(elt, ast.Starred):
                        found.extend(self.elements(elt.value, depth + 1))
                    else:
                        found.append(elt)
        return found

    def _loop_values(self, iterable: ast.AST, path: tuple, depth: int) -> list:
        values = []
        for element in self.elements(iterable, depth + 1):
            node = element
            for index in path:
                subs = self.containers(node, depth + 1) if not isinstance(node, (ast.Tuple, ast.List)) else [node]
                picked = []
                for sub in subs:
                    elts = getattr(sub, "elts", None)
                    if elts is None or index >= len(elts):
                        raise Unresolved(element, element._lc_module, "loop element does not unpack as the target")
                    picked.append(elts[index])
                if len(picked) != 1:
                    raise Unresolved(element, element._lc_module, "ambiguous loop element")
                node = picked[0]
            values.append(node)
        return values

    def bindings(self, node: ast.AST, depth: int) -> list:
        """The value nodes a name or attribute can be bound to (raises Unresolved)."""
        module: Module = node._lc_module  # type: ignore[attr-defined]
        if isinstance(node, ast.Attribute):
            base = node.value
            if isinstance(base, ast.Name) and base.id in ("self", "cls"):
                cls = self._enclosing(node, ast.ClassDef)
                if cls is None:
                    raise Unresolved(node, module, f"self.{node.attr} outside a class")
                candidates = [(cls, module)] + self._subclasses(cls.name) + self._base_classes(cls)
                values, seen = [], set()
                for c, _ in candidates:
                    if id(c) in seen:
                        continue
                    seen.add(id(c))
                    values.extend(self._class_attr(c, node.attr))
                if not values:
                    raise Unresolved(node, module, f"no class attribute {node.attr} to follow")
                return values
            if isinstance(base, ast.Name):  # module.CONSTANT
                target = self._imported_module(base, module)
                if target is not None:
                    return self._module_binding(target, node.attr, node)
                cls_entries = self.classes.get(base.id, [])
                if cls_entries:
                    return [v for c, _ in cls_entries for v in self._class_attr(c, node.attr)]
            raise Unresolved(node, module, f"cannot follow '{ast.unparse(node)[:60]}' to literal values")
        name = node.id  # type: ignore[attr-defined]
        scope = getattr(node, "_lc_parent", None)
        while scope is not None:
            if isinstance(scope, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                for gen in scope.generators:
                    path = _target_path(gen.target, name)
                    if path is not None and not _is_inside(node, gen.iter):
                        return self._loop_values(gen.iter, path, depth)
            if isinstance(scope, ast.For) and not _is_inside(node, scope.iter):
                path = _target_path(scope.target, name)
                if path is not None:
                    return self._loop_values(scope.iter, path, depth)
            if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                args = scope.args
                params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
                if name in params:
                    if isinstance(scope, ast.Lambda):
                        defaults = args.defaults
                        offset = len(args.args) - len(defaults)
                        if name in [a.arg for a in args.args] and [a.arg for a in args.args].index(name) >= offset:
                            return [defaults[[a.arg for a in args.args].index(name) - offset]]
                    if any(p == name for _, p in self.wrappers.get(getattr(scope, "name", ""), ())):
                        return []  # a translating wrapper: its callers' literals are collected at the call sites
                    raise Unresolved(node, module, f"parameter '{name}' passed to tr(): pass literals")
                values = self._assigned_in(scope, name)
                if values is not None:
                    return values
            if isinstance(scope, ast.ClassDef) and self._enclosing(node, (ast.FunctionDef, ast.Lambda)) is None:
                values = self._class_attr(scope, name)
                if values:
                    return values
            if isinstance(scope, ast.Module):
                return self._module_binding(module, name, node)
            scope = getattr(scope, "_lc_parent", None)
        return self._module_binding(module, name, node)

    def _assigned_in(self, fn: ast.AST, name: str) -> list | None:
        """Values assigned to ``name`` (or imported as it) in a function body; None when it is not bound there."""
        module = fn._lc_module  # type: ignore[attr-defined]
        values, bound = [], False
        for stmt in ast.walk(fn):
            if stmt is not fn and isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name) and t.id == name:
                        values.append(stmt.value)
                        bound = True
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
                if stmt.value is not None:
                    values.append(stmt.value)
                bound = True
            elif isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if (alias.asname or alias.name) == name:
                        target = self.modules.get(module.resolve_import(stmt.level, stmt.module))
                        if target is None:
                            raise Unresolved(stmt, module, f"'{name}' comes from outside the plugin")
                        values.extend(self._module_binding(target, alias.name, stmt))
                        bound = True
        return values if bound else None

    def _class_attr(self, cls: ast.ClassDef, name: str) -> list:
        values = []
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets) or isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name \
                    and stmt.value is not None:
                values.append(stmt.value)
        return values

    def _imported_module(self, name_node: ast.Name, module: Module) -> Module | None:
        for stmt in ast.walk(module.tree):
            if isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if (alias.asname or alias.name) == name_node.id:
                        dotted = module.resolve_import(stmt.level, stmt.module)
                        return self.modules.get(f"{dotted}.{alias.name}" if dotted else alias.name)
        return None

    def _module_binding(self, module: Module, name: str, where: ast.AST) -> list:
        values = self._assigned_in_module(module, name)
        if values is None:
            raise Unresolved(where, where._lc_module, f"cannot follow '{name}' to literal values")
        return values

    def _assigned_in_module(self, module: Module, name: str) -> list | None:
        values, bound = [], False
        for stmt in module.tree.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name) and t.id == name:
                        values.append(stmt.value)
                        bound = True
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
                if stmt.value is not None:
                    values.append(stmt.value)
                bound = True
            elif isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if (alias.asname or alias.name) == name:
                        target = self.modules.get(module.resolve_import(stmt.level, stmt.module))
                        if target is None:
                            return None
                        values.extend(self._module_binding(target, alias.name, stmt))
                        bound = True
        return values if bound else None

    # -- the walk ------------------------------------------------------------------------------------------
    def run(self) -> None:
        for module in self.modules.values():
            self._explicit(module)
            if module.rel.startswith("lifecircle_plugin/core/"):
                self._core_messages(module)
            for call in ast.walk(module.tree):
                if isinstance(call, ast.Call):
                    self._call(call, module)

    def _call(self, call: ast.Call, module: Module) -> None:
        if module.rel in DATA_TRANSLATING_MODULES:
            return
        args = self._translated_args(call)
        if not args:
            return
        try:
            context, comment = self._context_of(call, module)
        except Unresolved as exc:
            self.out.error(exc.module.rel, getattr(exc.node, "lineno", 0), exc.text)
            return
        for arg in args:
            try:
                literals = self.strings(arg)
            except Unresolved as exc:
                line = getattr(exc.node, "lineno", 0)
                if exc.module is not module or line != call.lineno:
                    self.out.error(module.rel, call.lineno, f"{exc.text} (at {exc.module.rel}:{line})")
                else:
                    self.out.error(module.rel, line, exc.text)
                continue
            for lit in literals:
                lit_module: Module = lit._lc_module  # type: ignore[attr-defined]
                self.out.add(context, lit.value, lit_module.rel, getattr(lit, "lineno", call.lineno), comment)

    def _core_messages(self, module: Module) -> None:
        """The core's messages (it has no Qt, so no tr()): the templates of ``Msg(...)`` and the literal texts of
        the calls that carry a message to a planner (the adapters translate them with tr_msg)."""
        for call in ast.walk(module.tree):
            if not isinstance(call, ast.Call):
                continue
            name = _callee_name(call.func)
            index = CORE_MESSAGE_CALLS.get(name)
            if name == "append" and isinstance(call.func, ast.Attribute):
                owner = call.func.value
                owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
                index = 0 if owner_name in CORE_MESSAGE_LISTS else None
            if index is None or len(call.args) <= index:
                continue
            arg = call.args[index]
            if isinstance(arg, ast.JoinedStr):
                self.out.error(module.rel, call.lineno, "an f-string message in the core: write Msg(template, …)")
                continue
            text = _str_const(arg)
            if text:
                self.out.add(CONTEXT, text, module.rel, arg.lineno)

    def _explicit(self, module: Module) -> None:
        """DISPLAY/HELP class attributes and *_CHOICES labels, whether or not a tr() call reaches them."""
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                for attr in ("DISPLAY", "HELP"):
                    for value in self._class_attr(node, attr):
                        text = _str_const(value)
                        if text is None:
                            self.out.error(module.rel, value.lineno, f"{node.name}.{attr} is not a literal")
                        else:
                            self.out.add(CONTEXT, text, module.rel, value.lineno)
        for stmt in module.tree.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_CHOICES") for t in stmt.targets
            ):
                if not isinstance(stmt.value, (ast.List, ast.Tuple)):
                    continue
                for pair in stmt.value.elts:
                    label = pair.elts[1] if isinstance(pair, ast.Tuple) and len(pair.elts) >= 2 else None
                    if label is None or _str_const(label) is None:
                        self.out.error(module.rel, pair.lineno, "a *_CHOICES entry is not a (value, \"label\") pair")
                    else:
                        self.out.add(CONTEXT, label.value, module.rel, label.lineno)


# ---------------------------------------------------------------------------------------------------------------
# Qt Designer forms


def extract_ui(path: Path, rel: str, out: Extraction) -> None:
    """Every translatable <string> of a .ui form, under the form's class name (uic's translation context)."""
    try:
        tree = ET.parse(path)
    except ET.ParseError as exc:
        out.error(rel, exc.position[0], f"cannot parse: {exc}")
        return
    context = (tree.findtext("class") or "").strip()
    if not context:
        out.error(rel, 0, "form without a <class>")
        return
    # ElementTree has no line numbers: count them from the text for the translators' locations
    lines = path.read_text(encoding="utf-8").splitlines()
    cursor = 0
    for element in tree.iter("string"):
        if element.get("notr") == "true":
            continue
        text = element.text or ""
        if not text.strip():
            continue
        line = 0
        needle = ET.tostring(element, encoding="unicode").split(">", 1)[0].split()[0]
        for i in range(cursor, len(lines)):
            if needle in lines[i]:
                line, cursor = i + 1, i + 1
                break
        out.add(context, text, rel, line, element.get("comment") or "")


# ---------------------------------------------------------------------------------------------------------------
# the algorithms' descriptions (data)


def extract_help_text(path: Path, rel: str, out: Extraction) -> None:
    """Every text of the descriptions file (``{"algorithms": {name: text}, "shared": {key: text}}``, a text being
    one string or a list of paragraphs joined with a blank line), located at its key's line."""
    import json

    raw = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        out.error(rel, getattr(exc, "lineno", 0), f"cannot parse: {exc}")
        return
    lines = raw.splitlines()
    for section in ("algorithms", "shared"):
        for key, text in (data.get(section) or {}).items():
            if not (isinstance(text, str) or (isinstance(text, list) and all(isinstance(t, str) for t in text))):
                out.error(rel, 0, f"{section}.{key}: a text is a string or a list of paragraphs")
                continue
            line = next((i + 1 for i, s in enumerate(lines) if s.strip().startswith(f'"{key}":')), 0)
            out.add(CONTEXT, text if isinstance(text, str) else "\n\n".join(text), rel, line)


def extract(root: Path = ROOT) -> Extraction:
    out = Extraction()
    PythonExtractor(root, out).run()
    if (root / HELP_TEXT_FILE).is_file():
        extract_help_text(root / HELP_TEXT_FILE, HELP_TEXT_FILE.as_posix(), out)
    for path in plugin_files(root, ".ui"):
        extract_ui(path, path.relative_to(root).as_posix(), out)
    return out


# ---------------------------------------------------------------------------------------------------------------
# TS files


@dataclass
class Entry:
    context: str
    source: str
    comment: str = ""
    translation: str = ""
    state: str = "unfinished"  # "" (finished), "unfinished", "obsolete" / "vanished"
    locations: list = field(default_factory=list)
    extracomment: str = ""

    @property
    def key(self) -> tuple:
        return (self.context, self.source, self.comment)

    @property
    def finished(self) -> bool:
        return self.state == FINISHED and bool(self.translation)


def read_ts(path: Path) -> list:
    if not path.exists():
        return []
    entries = []
    root = ET.parse(path).getroot()
    for ctx in root.iter("context"):
        context = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            t = m.find("translation")
            entries.append(
                Entry(
                    context=context,
                    source=m.findtext("source") or "",
                    comment=m.findtext("comment") or "",
                    translation=(t.text or "") if t is not None else "",
                    state=(t.get("type") or "") if t is not None else "unfinished",
                    extracomment=m.findtext("extracomment") or "",
                )
            )
    return entries


def _escape(text: str, quotes: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quotes:
        text = text.replace('"', "&quot;").replace("'", "&apos;")
    # control characters other than tab/newline are written as character references (as lupdate does)
    return "".join(c if c in "\t\n" or ord(c) >= 32 else f"&#x{ord(c):x};" for c in text)


def write_ts(path: Path, entries: Iterable, language: str = LANGUAGE) -> None:
    by_context: dict = {}
    for e in entries:
        by_context.setdefault(e.context, []).append(e)
    ts_dir = path.resolve().parent
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{language}" sourcelanguage="en">']
    for context in sorted(by_context):
        lines.append("<context>")
        lines.append(f"    <name>{_escape(context)}</name>")
        for e in by_context[context]:
            lines.append("    <message>")
            for rel, line in e.locations:
                loc = Path(ROOT / rel)
                try:
                    shown = Path("..") / loc.relative_to(ts_dir.parent) if ts_dir.parent == ROOT else loc
                except ValueError:
                    shown = loc
                lines.append(f'        <location filename="{_escape(shown.as_posix(), True)}" line="{line}"/>')
            lines.append(f"        <source>{_escape(e.source)}</source>")
            if e.comment:
                lines.append(f"        <comment>{_escape(e.comment)}</comment>")
            if e.extracomment:
                lines.append(f"        <extracomment>{_escape(e.extracomment)}</extracomment>")
            kind = f' type="{e.state}"' if e.state else ""
            lines.append(f"        <translation{kind}>{_escape(e.translation)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def merge(extraction: Extraction, old: list, drop_obsolete: bool = False) -> tuple:
    """The entries of the new .ts: extracted messages with their old translations, new ones unfinished, vanished
    ones kept as obsolete (unless dropped). Returns (entries, counts)."""
    old_by_key = {e.key: e for e in old}
    counts = Counter()
    entries = []
    ordered = sorted(extraction.messages.items(), key=lambda kv: (kv[1].context, min(kv[1].locations)))
    for key, msg in ordered:
        prev = old_by_key.pop(key, None)
        entry = Entry(msg.context, msg.source, msg.comment, locations=list(msg.locations))
        if prev is not None and prev.translation:
            entry.translation = prev.translation
            entry.extracomment = prev.extracomment
            # a translation that had vanished and comes back is used again as it was
            entry.state = FINISHED if prev.state in (FINISHED, "obsolete", "vanished") else prev.state
            counts["kept"] += 1
        else:
            entry.state = "unfinished"
            counts["new"] += 1
        entries.append(entry)
    for prev in old_by_key.values():
        if drop_obsolete or not prev.translation:
            counts["dropped"] += 1
            continue
        prev.state = "obsolete"
        prev.locations = []
        entries.append(prev)
        counts["obsolete"] += 1
    return entries, counts


# ---------------------------------------------------------------------------------------------------------------
# checks


def placeholders(text: str) -> Counter | None:
    """The ``str.format`` fields of ``text`` as a multiset of (argument, conversion, spec); auto-numbered fields are
    numbered, so a translation may reorder them with explicit indices. None when ``text`` is not a valid template
    (or mixes automatic and manual numbering)."""
    fields = Counter()
    auto = 0
    kinds = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        head = name.split(".", 1)[0].split("[", 1)[0]
        if head == "":
            kinds.add("auto")
            name = str(auto) + name
            auto += 1
        elif head.isdigit():
            kinds.add("manual")
        if spec and "{" in spec:
            nested = placeholders(spec)
            if nested is None:
                return None
        fields[(name, conversion or "", spec or "")] += 1
    if len(kinds) > 1:
        return None
    return fields


def problems(extraction: Extraction, entries: list) -> list:
    """What keeps the translation from being complete: missing, unfinished, placeholder mismatches."""
    by_key = {e.key: e for e in entries}
    found = []
    for key, msg in extraction.messages.items():
        where = "{}:{}".format(*msg.locations[0]) if msg.locations else "?"
        short = msg.source if len(msg.source) <= 90 else msg.source[:87] + "…"
        entry = by_key.get(key)
        if entry is None:
            found.append(f"{where}: [{msg.context}] not in the .ts (run `scripts/i18n.py update`): {short!r}")
            continue
        if not entry.finished:
            found.append(f"{where}: [{msg.context}] no finished translation: {short!r}")
            continue
        src, dst = placeholders(msg.source), placeholders(entry.translation)
        if src is not None and src != dst:
            found.append(
                f"{where}: [{msg.context}] placeholders differ: source {sorted(src.elements()) if src else []} / translation {sorted(dst.elements()) if dst else dst}: {short!r}"
            )
    return found


# ---------------------------------------------------------------------------------------------------------------
# command line


def _cmd_extract(args) -> int:
    ex = extract(ROOT)
    if not args.errors_only:
        for msg in ex.messages.values():
            path, line = msg.locations[0]
            print(f"[{msg.context}] {path}:{line}: {msg.source!r}")
        print(f"{len(ex.messages)} strings", file=sys.stderr)
    for e in ex.errors:
        print(f"ERROR {e}", file=sys.stderr)
    return 1 if ex.errors else 0


def _cmd_update(args) -> int:
    ex = extract(ROOT)
    ts = Path(args.ts)
    entries, counts = merge(ex, read_ts(ts), drop_obsolete=args.drop_obsolete)
    write_ts(ts, entries)
    print("{}: {} strings ({} kept, {} new), {} obsolete, {} dropped".format(
        ts.relative_to(ROOT) if ts.resolve().is_relative_to(ROOT) else ts, len(ex.messages), counts["kept"],
        counts["new"], counts["obsolete"], counts["dropped"]))
    for e in ex.errors:
        print(f"ERROR {e}", file=sys.stderr)
    return 1 if ex.errors else 0


def _cmd_check(args) -> int:
    ex = extract(ROOT)
    found = [f"ERROR {e}" for e in ex.errors] + problems(ex, read_ts(Path(args.ts)))
    for line in found:
        print(line)
    print(f"{len(ex.messages)} strings, {len(found)} problem(s)", file=sys.stderr)
    return 1 if found else 0


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="list the translatable strings and extraction errors")
    p.add_argument("--errors-only", action="store_true")
    p.set_defaults(run=_cmd_extract)
    p = sub.add_parser("update", help="write/merge the .ts file")
    p.add_argument("--ts", default=str(TS_PATH))
    p.add_argument("--drop-obsolete", action="store_true", help="remove vanished strings instead of keeping them")
    p.set_defaults(run=_cmd_update)
    p = sub.add_parser("check", help="exit 1 when a string lacks a finished translation")
    p.add_argument("--ts", default=str(TS_PATH))
    p.set_defaults(run=_cmd_check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
