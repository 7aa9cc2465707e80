"""What every LifeCircle algorithm shares: group, icon, help, translation, dependency check, error and
cancellation handling, progress mapping, the one reader of the checklist-profile parameters, and the
walking-network parameters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from ..lifecircle_plugin import deps
from ..lifecircle_plugin.messages import error_message, plain_values, tr_msg  # noqa: F401 (tr_msg: for the algorithms)
from ..lifecircle_plugin.core.errors import listed  # noqa: F401 (used here and by the algorithms)
# how values are written into fields: one place for the algorithms and lifecircle.api (re-exported for the algorithms)
from ..lifecircle_plugin.core.written_values import number_or_null, numbers_or_null  # noqa: F401
from ..lifecircle_plugin.messages import tr
# (the profile a run without a profile parameter uses, e.g. the ledger's need answers)
from ..lifecircle_plugin.core.checklist import DEFAULT_PROFILE  # noqa: F401

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
ICON = PLUGIN_ROOT / "resources" / "icons" / "lifecircle.svg"

GROUPS = {
    "network": "1 · Walking network",
    "units": "2 · Basic units",
    "coverage": "3 · Facility coverage",
    "space": "4 · Potential space and siting",
    "projects": "5 · Projects and ledgers",
    "people": "Residents: population and needs",
    "tools": "Tools",
}


# -- the checklist profile of a run: the one reader of PROFILE / PROFILE_FILE / THRESHOLDS / UNIT_TYPE_PROFILES --


def threshold_overrides(alg, parameters, context, thresholds_param: str = "THRESHOLDS") -> dict:
    """{code: metres} from the THRESHOLDS parameter (e.g. "Q05=300, M03=800"); {} when not set."""
    from ..lifecircle_plugin.core.checklist import parse_thresholds

    if not thresholds_param:
        return {}
    return parse_thresholds(alg.parameterAsString(parameters, thresholds_param, context))


def _with_overrides(profile, overrides: dict):
    return profile.with_thresholds(overrides) if overrides else profile


def profile_from_parameters(alg, parameters, context, profile_param: str = "PROFILE",
                            file_param: str = "PROFILE_FILE", thresholds_param: str = ""):
    """The checklist profile a run asks for: the planner's own CSV when given, else the bundled profile chosen; with
    ``thresholds_param`` its THRESHOLDS overrides applied."""
    from ..lifecircle_plugin.core import checklist

    profile_file = alg.parameterAsFile(parameters, file_param, context) if file_param else ""
    if profile_file:
        profile = checklist.load_profile(profile_file)
    else:
        ids = [pid for pid, _ in checklist.bundled_profiles()]
        profile = checklist.load_profile(ids[alg.parameterAsEnum(parameters, profile_param, context)])
    return _with_overrides(profile, threshold_overrides(alg, parameters, context, thresholds_param))


def unit_type_profiles_from_parameters(alg, parameters, context, feedback, types_param: str = "UNIT_TYPE_PROFILES",
                                       thresholds_param: str = "THRESHOLDS") -> dict:
    """{unit type: profile} from ``types_param`` (e.g. "商务=national"), THRESHOLDS applied to each, each logged;
    {} when the algorithm has no such parameter or it is not set."""
    from ..lifecircle_plugin.core import checklist

    if alg.parameterDefinition(types_param) is None:
        return {}
    named = checklist.parse_unit_type_profiles(alg.parameterAsString(parameters, types_param, context))
    overrides = threshold_overrides(alg, parameters, context, thresholds_param)
    out = {}
    for unit_type, name in named.items():
        out[unit_type] = _with_overrides(checklist.load_profile(name), overrides)
        feedback.pushInfo(tr("Units of type {}: profile {}").format(unit_type, out[unit_type].label))
    return out


def default_profile():
    """The bundled default profile (Shanghai), for runs that have no profile parameter."""
    from ..lifecircle_plugin.core.checklist import load_profile

    return load_profile(DEFAULT_PROFILE)


def check_profile_parameters(alg, parameters, context, thresholds_param: str = "THRESHOLDS",
                             types_param: str = "UNIT_TYPE_PROFILES", more=()) -> tuple:
    """(ok, message) for checkParameterValues: THRESHOLDS and UNIT_TYPE_PROFILES (when the algorithm has them)
    parse, and so does every (parser, parameter) of ``more``; the message is the parser's."""
    from ..lifecircle_plugin.core.checklist import parse_unit_type_profiles
    from ..lifecircle_plugin.core.errors import LifeCircleError

    try:
        threshold_overrides(alg, parameters, context, thresholds_param)
        if types_param and alg.parameterDefinition(types_param) is not None:
            parse_unit_type_profiles(alg.parameterAsString(parameters, types_param, context))
        for parse, name in more:
            parse(alg.parameterAsString(parameters, name, context))
    except LifeCircleError as exc:
        return False, error_message(exc)
    return True, ""


def ui_language() -> str:
    """'zh_CN' or 'en': the language QGIS's interface is in (for names the core has in both)."""
    from .help_pages import help_language

    return help_language()


def resident_groups(residents, layer_name: str, population, profile, feedback, codes=None) -> dict:
    """The age-group counts a resident layer carries in the standard fields (pop_0_3 … pop_60p; see
    core/groups.py), cleaned, for the categories of ``profile`` (or only ``codes``) that serve groups — with one
    log line saying which categories are measured over which group, or that the layer carries none."""
    from ..lifecircle_plugin.core import groups as G
    from ..lifecircle_plugin.core.coverage import clean_population, groups_not_carried
    from ..lifecircle_plugin.core.errors import LifeCircleError

    codes = list(codes or profile.codes)
    wanted = {k for c in codes for k in G.serves_of(profile, c)}
    if not wanted:
        return {}
    names = residents.fields.names()
    counts = {}
    for key in sorted(wanted):
        name = G.field_name_in(names, key)
        if name:
            try:
                counts[key] = clean_population(residents.values(name), residents.fids, layer_name, name,
                                               allow_all_zero=True)
            except LifeCircleError as exc:  # (a field found by its name, not chosen: it must not stop the run)
                feedback.pushWarning(tr("The age-group field is not used: {}").format(error_message(exc)))
    for message in G.check_group_counts(population, counts, residents.fids, layer_name):
        feedback.pushWarning(tr_msg(message))
    missing = groups_not_carried(profile, codes, counts)
    measured = [c for c in codes if c not in missing and G.serves_of(profile, c)]
    if measured:
        feedback.pushInfo(tr("Measured over the residents they serve (group fields of layer '{}'): {}").format(
            layer_name, "; ".join(f"{c} {profile.category(c).name_zh} — "
                                  f"{G.serves_label(G.serves_of(profile, c), ui_language())}" for c in measured)))
    if missing:
        feedback.pushInfo(tr("Layer '{}' has no field {} for the residents that {} serve: measured over all "
                             "residents (lifecircle:distributepopulation writes these fields).").format(
            layer_name, ", ".join(sorted({G.group(k).field for g in missing.values() for k in g if k not in counts})),
            "、".join(f"{c} {profile.category(c).name_zh}" for c in missing)))
    return counts


def log_keyword_categories(feedback, layer_name: str, field: str, mapper, values) -> None:
    """Says which facilities got their checklist category from a keyword in a name (not a code, an exact type
    name or OSM tags), with counts per category and keyword: the mappings a planner should look at."""
    found = mapper.keyword_categories(values)
    if not found:
        return
    total = sum(sum(c.values()) for c in found.values())
    parts = "; ".join("{} {} ({})".format(code, sum(c.values()), "、".join(f"{k} ×{n}" for k, n in c.most_common(6)))
                      for code, c in sorted(found.items()))
    feedback.pushWarning(tr("Layer '{}': {} facilities got their category from a keyword in their '{}' value, not "
                            "from a code or an exact type name — check them: {}").format(layer_name, total, field,
                                                                                        parts))


class GuardedSink:
    """A feature sink that looks at the run's cancel flag every ``EVERY`` features written and raises
    CancelledError when it is set, so that writing a large output can be cancelled too. The algorithm's base
    keeps the real sink: when a run fails or is cancelled it closes it and removes what was written."""

    EVERY = 1000

    def __init__(self, sink, feedback):
        self._sink = sink
        self._feedback = feedback
        self._count = 0
        self._closing = None  # the worker that writes the queued features and then closes the file
        self._jobs = None  # what it has to do (a queue; None at its end)
        self.failure = None  # what went wrong there: a message, or CANCELLED

    CANCELLED = "cancelled"

    def write_in_background(self, write) -> None:
        """Queues ``write(sink)`` (features to add) for a worker thread, started by the first call, which then
        owns the sink: GDAL writes and builds a GeoPackage's spatial index with the GIL released, so the next
        features are built meanwhile. A failure or a cancel there is kept in ``failure`` (what is queued after it
        is not written) for the run's end, which waits for the worker as for any output (close_outputs)."""
        if self._jobs is None:
            import queue
            import threading

            self._jobs = queue.SimpleQueue()
            last = [self._sink]  # (the only reference left: the worker drops it, and the file is closed there)
            self._sink = None
            self._closing = threading.Thread(target=self._work, args=(last, self._jobs),
                                             name="LifeCircle: writing an output")
            _closing.append(self._closing)
            self._closing.start()
        self._jobs.put(write)

    def finish_in_background(self) -> None:
        """Lets the worker close the file once what is queued is written (started now when nothing was queued),
        while the run goes on."""
        self.write_in_background(None)

    def _work(self, last: list, jobs) -> None:
        try:
            while True:
                write = jobs.get()
                if write is None:
                    return
                if self.failure is not None:
                    continue
                if self._feedback is not None and self._feedback.isCanceled():
                    self.failure = self.CANCELLED
                    continue
                try:
                    write(last[0])
                except Exception as exc:  # noqa: BLE001 - kept for the run's end, which reports it
                    self.failure = str(exc) or type(exc).__name__
        finally:
            last.clear()

    def wait_closed(self) -> None:
        """Returns once the worker (if any) has written what was queued and closed the file."""
        if self._closing is not None:
            self._jobs.put(None)  # (the run may have stopped before finish_in_background: end the worker anyway)
            self._closing.join()

    def _check(self, n: int) -> None:
        before = self._count // self.EVERY
        self._count += n
        if self._feedback is not None and self._count // self.EVERY != before and self._feedback.isCanceled():
            from ..lifecircle_plugin.core.errors import CancelledError

            raise CancelledError()

    def addFeature(self, feature, *args):  # noqa: N802
        self._check(1)
        return self._sink.addFeature(feature, *args)

    def addFeatures(self, features, *args):  # noqa: N802
        self._check(len(features))
        return self._sink.addFeatures(features, *args)

    def __getattr__(self, name):
        return getattr(self._sink, name)


# -- closing outputs -----------------------------------------------------------------------------------------
# Closing a file output can take seconds that no code of ours runs in: GDAL builds a GeoPackage's spatial index
# when the file is closed (~2 s for 180,000 points). The files are closed in a worker thread (the C++ destructor
# runs with the GIL released) while the run's thread keeps watching the cancel flag, so a cancel during the close
# is answered at once; the files are then removed by the worker as soon as GDAL is done with them.

_closing: list = []  # worker threads still closing (and maybe removing) outputs


def close_outputs(sinks: list, context, feedback, keep: bool, wait: bool = True, poll_s: float = 0.05) -> bool:
    """Closes the outputs ``sinks`` ((GuardedSink, destination, existed) triples) of a run.

    ``keep``: a successful run's outputs — wait for the close, but answer a cancel at once: the files are then
    removed once closed, and False is returned. Otherwise the outputs are removed after the close; ``wait``
    False returns before the files are closed and removed (after a cancel). Temporary (memory) layers are closed
    and removed here, in the run's thread. Returns True when the outputs were closed and kept."""
    import threading

    from ..lifecircle_plugin.qgis_bridge import discard_output, remove_output_file

    store = context.temporaryLayerStore() if context is not None else None
    files = []
    for guarded, dest, existed in sinks:
        if store is not None and store.mapLayer(dest) is not None:
            guarded._sink = None  # a memory layer: nothing to wait for
            if not keep:
                discard_output(dest, context, existed)
        else:
            files.append((guarded, dest, existed))
    if not files:
        return True
    state = {"remove": not keep, "done": False}
    lock = threading.Lock()

    def close():
        for guarded, _dest, _existed in files:
            sink, guarded._sink = guarded._sink, None
            del sink  # the last reference: the C++ sink is destroyed, the file closed, here
            guarded.wait_closed()  # (or it was closed early, in its own worker)
        with lock:
            state["done"] = True
            remove = state["remove"]
        if remove:
            for _guarded, dest, existed in files:
                try:
                    remove_output_file(dest, existed)
                except OSError:  # pragma: no cover - e.g. a file held open elsewhere on Windows
                    pass

    worker = threading.Thread(target=close, name="LifeCircle: closing outputs")
    _closing.append(worker)
    worker.start()
    try:
        if not keep:
            if wait:
                worker.join()
            return False
        while worker.is_alive():
            worker.join(poll_s)
            if worker.is_alive() and feedback is not None and feedback.isCanceled():
                with lock:
                    if not state["done"]:
                        state["remove"] = True
                        return False
        return True
    finally:
        _closing[:] = [t for t in _closing if t.is_alive()]


def wait_for_closing(timeout: float = None) -> bool:
    """Waits until outputs still being closed (and removed, after a cancel) in the background are done; True
    when none is left. The plugin calls it when unloaded; tests call it before looking for leftover files."""
    import time

    end = None if timeout is None else time.monotonic() + timeout
    for worker in list(_closing):
        worker.join(None if end is None else max(0.0, end - time.monotonic()))
    _closing[:] = [t for t in _closing if t.is_alive()]
    return not _closing


def _aliases_of(fields) -> dict:
    return {f.name(): f.alias() for f in fields if f.alias()}


def _without_aliases(fields):
    """``fields`` without their aliases. QGIS 3.40 warns twice for every aliased field of a temporary (memory)
    output ("… Aliases / Comments are not compatible with scratch layers"): dozens of warnings in every dialog run.
    The aliases go onto the memory layer once it exists instead (styles.keep_aliases)."""
    from qgis.core import QgsFields

    out = QgsFields()
    for f in fields:
        f = type(f)(f)
        f.setAlias("")
        out.append(f)
    return out


def _with_sink(value, staged: str):
    """An output parameter value writing to ``staged`` instead, everything else (loading, layer name) kept."""
    from qgis.core import QgsProcessingOutputLayerDefinition, QgsProperty

    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = QgsProcessingOutputLayerDefinition(value)
        value.sink = QgsProperty.fromValue(staged)
        return value
    return staged


def _load_on_completion_as(context, written: str, final: str) -> None:
    """The layer QGIS loads when the run is done is the target, not the staged file the sink wrote."""
    layers = context.layersToLoadOnCompletion()
    if written in layers:
        layers[final] = layers.pop(written)
        context.setLayersToLoadOnCompletion(layers)


def input_files(alg, parameters, context) -> dict:
    """{(real path, table or None): (parameter description, path › table)} of the run's inputs kept in files."""
    import os

    from qgis.core import (QgsDataSourceUri, QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                           QgsProcessingParameterMapLayer, QgsProcessingParameterVectorLayer, QgsProviderRegistry)

    found = {}
    for definition in alg.parameterDefinitions():
        name = definition.name()
        if parameters.get(name) in (None, ""):
            continue
        if isinstance(definition, QgsProcessingParameterFile):
            path = alg.parameterAsFile(parameters, name, context)
            if path:
                found[(os.path.realpath(path), None)] = (definition.description(), path)
            continue
        if not isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer,
                                       QgsProcessingParameterMapLayer)):
            continue
        layer = alg.parameterAsLayer(parameters, name, context)
        if layer is not None and layer.providerType() == "postgres":
            uri = QgsDataSourceUri(layer.source())
            found[(f"postgres:{uri.database()}", f"{uri.schema() or 'public'}.{uri.table()}")] = (
                definition.description(), f"{uri.database()} › {uri.schema() or 'public'}.{uri.table()}")
            continue
        if layer is None or layer.providerType() not in ("ogr", "spatialite"):
            continue
        parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
        path = parts.get("path") or ""
        if path and os.path.exists(path):
            table = parts.get("layerName") or _only_table(path)
            found[(os.path.realpath(path), table or None)] = (definition.description(),
                                                             path + (f" › {table}" if table else ""))
    return found


def _only_table(path: str):
    """The table QGIS opens in a file given without a layer name (its first), or None (not a database)."""
    if not path.lower().endswith((".gpkg", ".sqlite")):
        return None
    from osgeo import ogr

    ds = ogr.Open(path)
    return ds.GetLayer(0).GetName() if ds is not None and ds.GetLayerCount() else None


class LifeCircleAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set NAME, DISPLAY, GROUP, REQUIRES and implement ``process``; the description is
    data (resources/help/help_text.json, by NAME: :mod:`.help_text`).

    (Not ``run``: that name is QgsProcessingAlgorithm's own.)
    """

    NAME = ""
    DISPLAY = ""
    GROUP = "tools"
    HELP = ""
    REQUIRES: tuple = ("numpy", "scipy", "shapely")

    # -- identity -----------------------------------------------------------------------------------------
    def name(self) -> str:
        return self.NAME

    def displayName(self) -> str:  # noqa: N802
        return tr(self.DISPLAY)

    def group(self) -> str:
        return tr(GROUPS[self.GROUP])

    def groupId(self) -> str:  # noqa: N802
        return self.GROUP

    def shortHelpString(self) -> str:  # noqa: N802
        """The algorithm's description, from resources/help/help_text.json (processing/help_text.py)."""
        from .gated_inputs import has_compound_parameters
        from .help_text import help_text

        return help_text(self.name(), compounds=has_compound_parameters(self))

    def helpUrl(self) -> str:  # noqa: N802
        """The algorithm's help page shipped in the plugin (resources/help), in the interface's language."""
        from .help_pages import help_url

        return help_url(self.NAME)

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def tr(self, text: str) -> str:
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    # -- dependency check -----------------------------------------------------------------------------------
    def canExecute(self):  # noqa: N802
        missing = deps.missing(self.REQUIRES)
        if missing:
            return False, deps.install_message(missing)
        return True, ""

    # -- running ----------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)
        from ..lifecircle_plugin.core.errors import CancelledError, LifeCircleError

        # raised outside the except blocks, the QgsProcessingException chains no traceback: it carries the
        # planner's message only, and keeps none of the run's frames (and the data sources they hold) alive
        from ..lifecircle_plugin.output_staging import OutputStaging

        message = None
        cancelled = False
        self._feedback = feedback
        self._sinks = []
        self._staging = staging = OutputStaging()
        try:
            if feedback is not None and feedback.isCanceled():
                # cancelled before the start: a multi-step feedback made from it would not know
                raise CancelledError()
            self.refuse_outputs_over_inputs(parameters, context)
            result = self.process(parameters, context, feedback)
        except CancelledError:
            cancelled = True
        except LifeCircleError as exc:
            message = error_message(exc)
        except QgsProcessingException as exc:
            message = str(exc)
        except Exception as exc:  # noqa: BLE001 - an unexpected error: its traceback goes to the log
            import traceback

            feedback.reportError(traceback.format_exc(), False)
            message = tr("LifeCircle stopped on an unexpected error: {}: {}").format(type(exc).__name__, exc)
        finally:
            sinks, self._sinks = self._sinks, []
            self._feedback = self._staging = None
        if message is None and not cancelled:
            # success: the outputs are closed (flushed) here, before QGIS opens them — unless a cancel comes
            # while they are closed — and then moved into place, all of them
            if close_outputs(sinks, context, feedback, keep=True):
                failure = next((g.failure for g, _, _ in sinks if g.failure), None)  # (finished in the background)
                if failure is None:
                    problems = staging.commit()
                    if not problems:
                        return dict(zip(result, plain_values(result.values()))) if isinstance(result, dict) else result
                    message = tr("The results could not be moved into place: {}").format("; ".join(problems))
                else:
                    cancelled = failure == GuardedSink.CANCELLED
                    message = None if cancelled else failure
                    close_outputs(sinks, context, feedback, keep=False)  # (closed already: removed)
            else:
                cancelled = True
        elif sinks:
            # failed or cancelled: close every output this run opened and remove what it wrote (after a cancel,
            # files still being closed are removed in the background: see close_outputs)
            import gc

            gc.collect()  # (a frame of the failed run caught in a reference cycle could still hold a sink)
            close_outputs(sinks, context, feedback, keep=False, wait=not cancelled)
        staging.discard()  # (the targets were never touched)
        if cancelled:
            message = tr("Cancelled: no output was written.")
        raise QgsProcessingException(message) from None

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Runs ``prepare`` (in the main thread, before a background run) with the run's error handling."""
        self._with_planner_message(lambda: self.prepare(parameters, context, feedback))
        return True

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        """Runs ``post_process`` (in the main thread, after a background run); its results replace the run's."""
        return self._with_planner_message(lambda: self.post_process(context, feedback)) or {}

    def prepare(self, parameters, context, feedback) -> None:
        """What must be read in the main thread before a background run (project layers). Nothing by default."""

    def post_process(self, context, feedback) -> dict:
        """What must be done in the main thread after a background run (editing project layers): the run's full
        results when it changes them, {} otherwise."""
        return {}

    @staticmethod
    def _with_planner_message(step):
        from ..lifecircle_plugin.core.errors import LifeCircleError

        message = None
        try:
            return step()
        except LifeCircleError as exc:
            message = error_message(exc)
        raise QgsProcessingException(message) from None

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # noqa: N802
        """The sink of output ``name``, guarded (see :class:`GuardedSink`) and remembered, so that a run that
        fails or is cancelled — even while writing — leaves no output behind."""
        from ..lifecircle_plugin.qgis_bridge import output_existed

        destination = self.destination_of(parameters, name, context)
        staging = getattr(self, "_staging", None)
        staged = staging.stage(destination) if staging is not None and destination else None
        if staged is not None:  # written beside the target, moved into place when the whole run succeeded
            parameters = dict(parameters)
            parameters[name] = _with_sink(parameters.get(name), staged)
            destination = staged
        existed = output_existed(destination) if destination else False
        aliases = {}
        if destination.startswith("memory:") and args:  # (see _without_aliases)
            args, aliases = (_without_aliases(args[0]), *args[1:]), _aliases_of(args[0])
        sink, dest = super().parameterAsSink(parameters, name, context, *args, **kwargs)
        if sink is None:
            return sink, dest
        if aliases and context.temporaryLayerStore().mapLayer(dest) is not None:
            from .styles import keep_aliases

            keep_aliases(context.temporaryLayerStore().mapLayer(dest), aliases)
        guarded = GuardedSink(sink, getattr(self, "_feedback", None))
        if hasattr(self, "_sinks"):
            self._sinks.append((guarded, dest, existed))
        if staged is not None:
            final = staging.final(dest)
            _load_on_completion_as(context, dest, final)
            dest = final
        return guarded, dest

    @staticmethod
    def writes_a_file(dest: str, context) -> bool:
        """Whether output ``dest`` (as parameterAsSink named it) is a file, not a temporary layer or a table."""
        from ..lifecircle_plugin.qgis_bridge import output_file

        return context.temporaryLayerStore().mapLayer(dest) is None and bool(output_file(dest))

    def outputs_apart(self, parameters, context) -> bool:
        """Whether each file output asked for goes to a file of its own (outputs sharing a GeoPackage are closed
        together at the end: closing one while another is written would find the file locked)."""
        from qgis.core import QgsProcessingParameterFeatureSink

        from ..lifecircle_plugin.qgis_bridge import output_file

        files = [output_file(self.destination_of(parameters, p.name(), context))
                 for p in self.parameterDefinitions()
                 if isinstance(p, QgsProcessingParameterFeatureSink) and parameters.get(p.name()) not in (None, "")]
        files = [f for f in files if f]
        return len(files) == len(set(files))

    def destination_of(self, parameters, name: str, context) -> str:
        """Where output ``name`` goes. (QGIS's parameterAsOutputLayer also registers it to be loaded when the run is
        done, under that string — for a temporary layer not the id its sink gets, and the dialog then reports it
        'not correctly generated': the registration is undone here.)"""
        before = context.layersToLoadOnCompletion()
        try:
            return self.parameterAsOutputLayer(parameters, name, context)
        finally:
            context.setLayersToLoadOnCompletion(before)

    def refuse_outputs_over_inputs(self, parameters, context) -> None:
        """Refuses, before anything is written, an output that would overwrite an input of this run: the input's
        whole file, or its table (a new table in an input's GeoPackage is fine: the others are kept)."""
        from qgis.core import QgsDataSourceUri

        from ..lifecircle_plugin.output_staging import DatabaseTable, Destination, overwrites_input

        inputs = input_files(self, parameters, context)
        if not inputs:
            return
        for definition in self.destinationParameterDefinitions():
            if parameters.get(definition.name()) in (None, ""):
                continue
            try:
                destination = self.destination_of(parameters, definition.name(), context)
            except Exception:  # noqa: BLE001 - a file destination (not a layer): its path
                destination = self.parameterAsFileOutput(parameters, definition.name(), context)
            output = Destination.parse(destination or "") if destination else None
            table = DatabaseTable.parse(destination or "") if destination else None
            if table is not None:  # a PostGIS table over an input's table
                uri = QgsDataSourceUri(table.uri)
                key = (f"postgres:{uri.database()}", f"{table.schema}.{table.table}")
                overwritten, where = inputs.get(key), f"{uri.database()} › {table.schema}.{table.table}"
            else:
                overwritten = overwrites_input(output, inputs) if output is not None else None
                where = output.path + (f" › {output.table}" if output.table else "") if output is not None else ""
            if overwritten is not None:
                raise QgsProcessingException(tr(
                    "The output '{}' ({}) would overwrite the input '{}' ({}) of this run. Choose another file "
                    "(or another table name) for the output; nothing was written.").format(
                        definition.description(), where, *overwritten))

    def check_cancel(self) -> None:
        """Raises CancelledError when the running run's cancel flag is set (for stages with no feedback at hand)."""
        feedback = getattr(self, "_feedback", None)
        if feedback is not None and feedback.isCanceled():
            from ..lifecircle_plugin.core.errors import CancelledError

            raise CancelledError()

    def rows_from_columns(self, columns: list, chunk: int = 20000) -> list:
        """Attribute rows from whole columns (lists of equal length), ``chunk`` rows at a time with a cancel
        check between (100,000 rows of 30 values take about a second when a district's objects are alive)."""
        n = len(columns[0]) if columns else 0
        rows: list = []
        for k in range(0, n, chunk):
            self.check_cancel()
            rows += [list(row) for row in zip(*(c[k:k + chunk] for c in columns))]
        return rows

    def process(self, parameters, context, feedback) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- helpers -------------------------------------------------------------------------------------------
    @staticmethod
    def progress_callbacks(feedback, start: float = 0.0, end: float = 100.0):
        """(progress, is_cancelled) callbacks for core functions mapped onto [start, end] % of the bar."""

        def progress(fraction: float) -> None:
            feedback.setProgress(start + (end - start) * max(0.0, min(1.0, fraction)))

        return progress, feedback.isCanceled

    def source_or_fail(self, parameters, name: str, context, label: str, check_geometries: bool = True):
        """The feature source of parameter ``name`` and a layer name for messages; under the Processing setting
        "stop on invalid features", invalid geometries are refused here with their feature ids (unless
        ``check_geometries`` is False: the caller checks them as it reads, e.g. the network's lines)."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        from ..lifecircle_plugin.qgis_bridge import layer_label

        name_ = layer_label(source, label)
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is not None:
            name_ = layer.name() or name_
            uri = layer.source()
            if "layername=" in uri:
                sub = uri.split("layername=", 1)[1].split("|", 1)[0]
                if sub and sub not in name_:
                    name_ = f"{name_} › {sub}"
        if check_geometries:
            refuse_invalid_geometries(source, name_, context, getattr(self, "_feedback", None))
        return source, name_


def refuse_invalid_geometries(source, label: str, context, feedback=None) -> None:
    """Under the Processing setting "stop on invalid features", names every invalid geometry of ``source`` in a
    clean exception before the layer is read.

    (QGIS 3.22's own check throws a C++ exception from inside the feature iterator that unwinds through the
    algorithm's Python frames: the run fails with a good message, but the interpreter is left corrupted and the
    next run in the same session crashes. Reading with validity checks skipped and checking here avoids that;
    the "skip" and "ignore" settings are unaffected.)
    """
    from qgis.core import QgsFeatureRequest

    from ..lifecircle_plugin.qgis_bridge import aborts_on_invalid, features_of, is_invalid

    if not aborts_on_invalid(context):
        return
    request = QgsFeatureRequest()
    request.setNoAttributes()
    bad = []
    for i, feat in enumerate(features_of(source, request, skip_checks=True)):
        if feedback is not None and i % 2000 == 0 and feedback.isCanceled():
            from ..lifecircle_plugin.core.errors import CancelledError

            raise CancelledError()
        if is_invalid(feat.geometry()):
            bad.append(feat.id())
    if bad:
        raise invalid_geometries_error(label, bad)


def read_checked_points(source, name: str, crs, context, feedback=None, fields=()):
    """A point (or polygon) layer read for snapping — its source taken with ``check_geometries=False`` — and, under
    "stop on invalid features", its invalid geometries refused, found while it was read (one pass, not two)."""
    from ..lifecircle_plugin.qgis_bridge import read_points

    layer = read_points(source, name, crs, context, feedback, fields, checked=True)
    if layer.invalid:
        raise invalid_geometries_error(name, layer.invalid)
    return layer


def invalid_geometries_error(label: str, bad: list) -> QgsProcessingException:
    """The run stopped on invalid geometries, naming the layer and the feature ids."""
    return QgsProcessingException(tr(
        "Layer '{}': {} feature(s) with invalid geometry (feature ids {}), e.g. self-intersecting polygons. Fix "
        "them (Vector › Geometry Tools › Fix Geometries), or change the Processing setting 'Invalid "
        "features filtering' to skip or ignore them.").format(label, len(bad), listed(bad)))


# ---------------------------------------------------------------------------------------------------------
# the walking-network parameters, under the same names in every algorithm that takes a NETWORK

CLASS_FIELD = "CLASS_FIELD"
EXCLUDED_CLASSES = "EXCLUDED_CLASSES"
WALKABLE_FIELD = "WALKABLE_FIELD"
SPLIT_AT_CROSSINGS = "SPLIT_AT_CROSSINGS"
NODE_TOLERANCE = "NODE_TOLERANCE"
SNAP_TOLERANCE = "SNAP_TOLERANCE"
DEFAULT_CLASS_FIELD = "highway"
DEFAULT_EXCLUDED = "motorway,motorway_link,trunk,trunk_link"


def _param(p, help_text: str, advanced: bool = False):
    p.setHelp(tr(help_text))
    if advanced:
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    return p


def add_network_parameters(alg: QgsProcessingAlgorithm, network_param: str, snap: bool, optional: bool = False):
    alg.addParameter(
        _param(
            QgsProcessingParameterFeatureSource(
                network_param,
                tr("Walking network (lines)"),
                [QgsProcessing.SourceType.TypeVectorLine],
                optional=optional,
            ),
            "Streets and paths people walk on. Geographic layers are measured in a local projected CRS.",
        )
    )
    alg.addParameter(
        _param(
            QgsProcessingParameterField(
                CLASS_FIELD,
                tr("Road class field"),
                defaultValue=DEFAULT_CLASS_FIELD,
                parentLayerParameterName=network_param,
                optional=True,
            ),
            "Field holding the road class (OSM 'highway'). Lines whose class is in the excluded list are left out. If "
            "the layer has no such field, every line is used.",
        )
    )
    alg.addParameter(
        _param(
            QgsProcessingParameterString(
                EXCLUDED_CLASSES, tr("Excluded classes (comma separated)"), defaultValue=DEFAULT_EXCLUDED,
                optional=True,
            ),
            "Road classes nobody walks on: expressways, elevated roads and their ramps by default.",
        )
    )
    alg.addParameter(
        _param(
            QgsProcessingParameterField(
                WALKABLE_FIELD, tr("Walkable flag field"), parentLayerParameterName=network_param, optional=True
            ),
            "Optional field: lines with 0/false/no/否 are left out, empty values are kept.",
            advanced=True,
        )
    )
    alg.addParameter(
        _param(
            QgsProcessingParameterBoolean(
                SPLIT_AT_CROSSINGS, tr("Split lines where they cross (centre-line data)"), defaultValue=False
            ),
            "On for centre-line data whose streets cross without a shared vertex; off for data already noded like "
            "OpenStreetMap, where bridges cross roads without meeting them.",
        )
    )
    alg.addParameter(
        _param(
            QgsProcessingParameterNumber(
                NODE_TOLERANCE, tr("Node tolerance (m)"), QgsProcessingParameterNumber.Type.Double, 1.0, minValue=0.0
            ),
            "Line ends closer than this are joined (each join is reported). 0 disables joining.",
            advanced=True,
        )
    )
    if snap:
        alg.addParameter(
            _param(
                QgsProcessingParameterNumber(
                    SNAP_TOLERANCE, tr("Snap tolerance (m)"), QgsProcessingParameterNumber.Type.Double, 150.0,
                    minValue=0.0,
                ),
                "Points join the nearest walkable line within this distance; the access distance counts. Points "
                "farther away are listed, never snapped.",
            )
        )
        from .gated_inputs import add_compound_parameters

        add_compound_parameters(alg)


def read_network(alg, parameters, context, feedback, network_param: str, progress=None, is_cancelled=None):
    """Reads the NETWORK parameter and builds the walking network in a metric working CRS.

    Returns (network, working_crs, source, layer_name).
    """
    from ..lifecircle_plugin.core.network import NetworkOptions, build_network
    from ..lifecircle_plugin.qgis_bridge import working_crs

    # (the lines' validity is checked on the WKB read below: one pass over the layer, not two)
    source, name = alg.source_or_fail(parameters, network_param, context, tr("network"), check_geometries=False)
    geom_type = QgsWkbTypes.geometryType(source.wkbType())
    if geom_type != QgsWkbTypes.GeometryType.LineGeometry:
        raise QgsProcessingException(
            tr("Layer '{}' is a {} layer: the walking network must be a line layer.").format(
                name, QgsWkbTypes.geometryDisplayString(geom_type).lower()
            )
        )
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("Layer '{}' (walking network) is empty.").format(name))
    crs = working_crs(source, context, feedback, name)
    class_field = _road_class_field(alg, parameters, context, source, name, feedback)
    walkable_field = alg.parameterAsString(parameters, WALKABLE_FIELD, context) or ""
    excluded = [c.strip() for c in (alg.parameterAsString(parameters, EXCLUDED_CLASSES, context) or "").split(",")]
    options = NetworkOptions(
        excluded_classes=[c for c in excluded if c],
        split_at_crossings=alg.parameterAsBool(parameters, SPLIT_AT_CROSSINGS, context),
        node_tolerance=alg.parameterAsDouble(parameters, NODE_TOLERANCE, context),
    )
    data = read_network_lines(alg, parameters, network_param, source, name, crs, context, feedback,
                              [class_field, walkable_field])
    refuse_invalid_lines(data, name, context)
    if progress is None:
        progress, is_cancelled = alg.progress_callbacks(feedback)
    net = build_network(
        data.geometries,
        options,
        classes=data.attributes.get(class_field) if class_field else None,
        walkable=data.attributes.get(walkable_field) if walkable_field else None,
        feature_ids=data.fids,
        layer_name=name,
        progress=progress,
        is_cancelled=is_cancelled,
    )
    log_network_diagnostics(net, name, feedback)
    from .gated_inputs import has_compound_parameters, read_gated_compounds

    if has_compound_parameters(alg):
        gated = read_gated_compounds(alg, parameters, context, feedback, crs)
        if gated is not None:
            net = net.with_gates(gated)
    return net, crs, source, name, data


def read_network_lines(alg, parameters, network_param: str, source, name: str, crs, context, feedback, fields):
    """The network's lines as WKB with their ids and ``fields``: straight out of a whole GeoPackage layer a column
    at a time when that reads exactly what the feature source would (lifecircle_plugin/gpkg_columns.py), else
    feature by feature through the source."""
    from ..lifecircle_plugin.gpkg_columns import read_lines_from_gpkg
    from ..lifecircle_plugin.qgis_bridge import read_source

    layer = alg.parameterAsVectorLayer(parameters, network_param, context)
    data = read_lines_from_gpkg(layer, parameters.get(network_param), name, crs, context, fields)
    if data is not None:
        if feedback is not None and feedback.isCanceled():
            from ..lifecircle_plugin.core.errors import CancelledError

            raise CancelledError()
        return data
    return read_source(source, name, crs, context, feedback, fields=fields, as_wkb=True, checked=True)


def refuse_invalid_lines(data, name: str, context) -> None:
    """Under "stop on invalid features", the network's invalid lines (GEOS: too few points, coordinates that are
    not numbers) named with their feature ids — checked on the WKB just read instead of a second pass."""
    from ..lifecircle_plugin.core.wkb_lines import invalid_lines
    from ..lifecircle_plugin.qgis_bridge import aborts_on_invalid

    if not aborts_on_invalid(context):
        return
    bad = invalid_lines(data.geometries)
    if len(bad):
        raise invalid_geometries_error(name, [data.fids[i] for i in bad.tolist()])


def _road_class_field(alg, parameters, context, source, name: str, feedback) -> str:
    """The CLASS_FIELD of the network layer; '' when not set, or when the default 'highway' is missing (every line
    walkable, said in the log). A field the planner named that the layer lacks is refused with its fields."""
    class_field = alg.parameterAsString(parameters, CLASS_FIELD, context) or ""
    if not class_field or source.fields().lookupField(class_field) >= 0:
        return class_field
    if class_field == DEFAULT_CLASS_FIELD and parameters.get(CLASS_FIELD) in (None, DEFAULT_CLASS_FIELD):
        feedback.pushInfo(tr("Layer '{}' has no '{}' field: every line is treated as walkable.").format(
            name, class_field))
        return ""
    raise QgsProcessingException(tr("Layer '{}' has no field '{}' (road class). Fields: {}").format(
        name, class_field, ", ".join(source.fields().names())))


def log_network_diagnostics(net, name: str, feedback) -> None:
    d = net.diagnostics
    feedback.pushInfo(
        tr("Network '{}': {} features read, {} used, {} excluded by class, {} not walkable.").format(
            name, d.input_features, d.used_features, d.excluded_by_class, d.excluded_not_walkable
        )
    )
    if d.null_geometries:
        feedback.reportError(
            tr("Network '{}': {} feature(s) without geometry were skipped (feature ids {}).").format(
                name, len(d.null_geometries), ", ".join(map(str, d.null_geometries[:20]))
                + (" …" if len(d.null_geometries) > 20 else "")
            ),
            False,
        )
    feedback.pushInfo(
        tr(
            "{} nodes, {} edges, {:.0f} m in all; {} connected components, the largest holds {:.1%} of the length; {} "
            "dangles; {} nodes merged within the node tolerance ({} gaps closed); {} duplicate and {} zero-length "
            "edges dropped; {} crossing nodes added."
        ).format(
            net.n_nodes, net.n_edges, d.total_length, d.components, d.largest_component_share, d.dangles,
            len(d.merges), d.closed_gaps, d.duplicate_edges, d.collapsed_edges + d.zero_length_parts,
            d.crossing_nodes_added,
        )
    )
    for m in d.merges[:50]:
        if m.closed_gap:
            feedback.pushInfo(
                tr("  joined a gap of {:.2f} m at ({:.1f}, {:.1f})").format(m.distance, m.merged_x, m.merged_y)
            )
    if len(d.merges) > 50:
        feedback.pushInfo(tr("  … and {} more joins").format(len(d.merges) - 50))


# ---------------------------------------------------------------------------------------------------------
# residents' needs (the output of lifecircle:residentneeds), under the same names in every algorithm that takes them

NEEDS = "NEEDS"
NEED_BONUS = "NEED_BONUS"
NEED_FULL = "NEED_FULL"


def add_needs_parameters(alg: QgsProcessingAlgorithm, what: str) -> None:
    """The optional NEEDS input and its two weights; ``what`` says what the needs change in this algorithm."""
    from ..lifecircle_plugin.core import people_defaults as N

    alg.addParameter(_param(QgsProcessingParameterFeatureSource(
        NEEDS, tr("Residents' needs (output of 'Residents' needs')"), [QgsProcessing.SourceType.TypeVectorPoint],
        optional=True), what))
    alg.addParameter(_param(QgsProcessingParameterNumber(
        NEED_BONUS, tr("Extra weight where residents asked"), QgsProcessingParameterNumber.Type.Double, N.NEED_BONUS,
        minValue=0.0), "Residents count 1 + this many times for a category where enough of them asked for it "
        "(LifeCircle's interpretation: no standard sets it).", advanced=True))
    alg.addParameter(_param(QgsProcessingParameterNumber(
        NEED_FULL, tr("Needs for the full extra weight"), QgsProcessingParameterNumber.Type.Double, N.NEED_FULL,
        minValue=0.01), "Weighted needs within a category's walking threshold at which the extra weight is full "
        "(fewer: in proportion).", advanced=True))


@dataclass
class NeedsInput:
    name: str
    xy: Any  # (n, 2) in the working CRS
    codes: list  # tuple of checklist codes per need
    weights: Any
    bonus: float
    full: float
    texts: list = None  # what each need said (lc_text), when the layer has it

    def formula(self) -> str:
        return tr("residents × (1 + {:g} × min(needs asked within the category's threshold, {:g}) / {:g})").format(
            self.bonus, self.full, self.full)


def read_needs(alg, parameters, context, crs, feedback) -> Optional[NeedsInput]:
    """The NEEDS input read into ``crs`` (None when not given); a layer that is not a 'Residents' needs' output is
    refused by name."""
    if parameters.get(NEEDS) in (None, ""):
        return None
    import numpy as np

    from ..lifecircle_plugin.core.needs import clean_weights, codes_of
    from ..lifecircle_plugin.qgis_bridge import read_points

    src, name = alg.source_or_fail(parameters, NEEDS, context, tr("needs"))
    names = src.fields().names()
    if "lc_codes" not in names:
        raise QgsProcessingException(tr(
            "Layer '{}' has no field lc_codes: give the needs output of 'Residents' needs' (lifecircle:residentneeds) "
            "as NEEDS.").format(name))
    layer = read_points(src, name, crs, context, feedback, ["lc_codes"])
    texts = [str(v) if v is not None else "" for v in layer.values("lc_text")] if "lc_text" in names else None
    codes = [codes_of(v) for v in layer.values("lc_codes")]
    weights = (clean_weights(layer.values("lc_weight"), layer.fids, name, "lc_weight") if "lc_weight" in names
               else np.ones(len(codes)))
    out = NeedsInput(name, layer.xy, codes, weights, alg.parameterAsDouble(parameters, NEED_BONUS, context),
                     alg.parameterAsDouble(parameters, NEED_FULL, context), texts)
    if not any(codes):
        feedback.pushWarning(tr("Layer '{}' holds no need with a category: NEEDS changes nothing in this run.")
                             .format(name))
    feedback.pushInfo(tr("Needs '{}': {} needs with a category ({:g} weighted); weights: {}.").format(
        name, sum(1 for c in codes if c), float(weights[[bool(c) for c in codes]].sum()) if codes else 0.0,
        out.formula()))
    return out
