"""Translations: every user-facing string is extracted and has a finished zh_CN translation with the same
placeholders; the compiled .qm translates algorithms, parameters, help, menus and Designer forms; the plugin
installs it for a Chinese QGIS locale, early enough for the Processing toolbox and qgis_process."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QDialog, QDockWidget

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "i18n" / "lifecircle_zh_CN.ts"
LRELEASE = shutil.which("lrelease") or "/usr/bin/lrelease"
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"
#: strings found when the translation was made (issue 8): fewer means the extractor lost track of some
MIN_STRINGS = 774
CJK = re.compile(r"[\u4e00-\u9fff]")


def _load_i18n_script():
    spec = importlib.util.spec_from_file_location("lifecircle_i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


i18n = _load_i18n_script()


@pytest.fixture(scope="module")
def extraction():
    return i18n.extract(ROOT)


@pytest.fixture(scope="module")
def ts_entries():
    return {e.key: e for e in i18n.read_ts(TS)}


def zh(ts_entries, source: str, context: str = "LifeCircle") -> str:
    return ts_entries[(context, source, "")].translation


@pytest.fixture(scope="module")
def qm_file(tmp_path_factory) -> Path:
    """The .ts compiled with lrelease (as `make translations` does), into a temporary folder."""
    qm = tmp_path_factory.mktemp("qm") / "lifecircle_zh_CN.qm"
    out = subprocess.run([LRELEASE, str(TS), "-qm", str(qm)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    counts = re.search(r"Generated (\d+) translation\(s\) \((\d+) finished and (\d+) unfinished\)", out.stdout)
    assert counts, out.stdout
    generated, finished, unfinished = map(int, counts.groups())
    assert generated == finished >= MIN_STRINGS and unfinished == 0, out.stdout
    return qm


@pytest.fixture()
def chinese(qm_file):
    """The compiled translation installed for the duration of a test (as the plugin installs it)."""
    translator = QTranslator()
    assert translator.load(str(qm_file))
    assert QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


# ---------------------------------------------------------------------------------------------------------------
# extraction and the .ts


def test_extractor_finds_every_kind_of_string(extraction):
    found = {(m.context, m.source) for m in extraction.messages.values()}
    assert len(extraction.messages) >= MIN_STRINGS
    from lifecircle.lifecircle_plugin.plugin import PLANNER_STEPS
    from lifecircle.processing.base import GROUPS
    from lifecircle.processing.facility_coverage import (
        MAPPING_CHOICES,
        FacilityCoverageAlgorithm,
    )

    from lifecircle.processing.help_text import help_source, shared_help_source

    expected = [
        FacilityCoverageAlgorithm.DISPLAY,  # DISPLAY class attribute (tr(self.DISPLAY) in the base class)
        help_source("facilitycoverage"),  # a description in resources/help/help_text.json
        shared_help_source("compounds"),  # a paragraph the algorithms share, in the same file
        "Existing facilities (points, or polygons: their point on surface is used).",  # _param(p, help)
        "Streets and paths people walk on. Geographic layers are measured in a local projected CRS.",
        GROUPS["coverage"],  # tr(GROUPS[self.GROUP])
        PLANNER_STEPS[0][1],  # tr(text) in a loop over PLANNER_STEPS
        MAPPING_CHOICES[1][1],  # a *_CHOICES label
        "Number of nodes",  # tr(label) in a loop over a literal tuple of pairs
        "GCJ-02 (AMap/Tencent)",  # tr(SYSTEM_LABELS[s]): a dict imported from core
        "Potential space (潜力空间)",  # tr(label) over self.EXTRA_LAYERS (class attribute)
        "building year",  # tr(label) over the module constant PARCEL_FIELDS
        (
            "{} nodes, {} edges, {:.0f} m in all; {} connected components, the largest holds {:.1%} of the length; "
            "{} dangles; {} nodes merged within the node tolerance ({} gaps closed); {} duplicate and {} zero-length "
            "edges dropped; {} crossing nodes added."
        ),  # implicit concatenation, tr(...).format(...)
    ]
    for text in expected:
        assert ("LifeCircle", text) in found, text
    # Designer forms: under the form's class name, the context uic translates them with
    assert ("SitingDrafts", "Only the selected sites") in found
    assert ("ProjectDock", "Roll over to next year") in found
    assert ("ProjectForm", "一图三会 Consultations") in found
    # tests, scripts and build output are not part of the plugin
    assert not any(path.startswith(("tests/", "scripts/", "build/")) for m in extraction.messages.values()
                   for path, _ in m.locations)


def test_no_fstring_or_non_literal_passed_to_tr(extraction):
    assert extraction.errors == []


def test_every_string_has_a_finished_translation_with_the_same_placeholders(extraction):
    problems = i18n.problems(extraction, i18n.read_ts(TS))
    assert problems == [], "run `scripts/i18n.py update`, translate, then `scripts/i18n.py check`:\n" + "\n".join(
        problems[:40])


def test_translations_are_chinese_and_keep_codes_and_field_names(extraction, ts_entries):
    """Every translation reads as Chinese (except texts that are codes, formats or names), and the checklist codes,
    field names, parameter ids and units of the source survive in it."""
    kept = re.compile(r"\b(?:[QM]\d\d|[a-z]+_[a-z0-9_]+|[A-Z]{3,}(?:_[A-Z]+)*|EPSG:\d+|GB \d+-\d+|TD/T \d+-\d+)\b")
    not_chinese = []
    for key, msg in extraction.messages.items():
        t = ts_entries[key].translation
        if not CJK.search(t) and CJK.search(msg.source) is None and re.search(r"[a-z]{4,}", msg.source) \
                and msg.source not in ("GeoPackage (*.gpkg)", "WGS 84", "yyyy-MM-dd", "OpenStreetMap tags"):
            not_chinese.append(msg.source)
        # English abbreviations that Chinese spells out: 坐标参考系, 容积率, 商务部
        missing = {c for c in kept.findall(msg.source) if c not in t} - {"CRS", "FAR", "MOFCOM"}
        # the English placeholders of ProjectForm's field labels (replaced at run time) are translated on purpose
        if msg.context == "ProjectForm":
            missing.clear()
        assert not missing, f"{sorted(missing)} lost in the translation of {msg.source!r}: {t!r}"
    assert not_chinese == []


def test_placeholder_check():
    p = i18n.placeholders
    assert p("{} of {:.1%}") == p("{0}，{1:.1%}") == p("{1:.1%} / {0}")
    assert p("{} of {}") != p("{}")
    assert p("{:,.0f} m") != p("{} 米")
    assert p("{} and {1}") is None  # mixes automatic and manual numbering: str.format() would raise
    assert p("{{literal}} {}") == p("{{字面}}{}")


def _fake_plugin(root: Path, code: str, ts_text: str = "") -> None:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "mod.py").write_text(code, encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "test_x.py").write_text('tr(f"not the plugin {x}")\n')


FAKE = '''
from qgis.PyQt.QtCore import QCoreApplication

OUTPUTS = (("A", "Output a"), ("B", "Output b"))
LABELS = {"x": "Label x"}
SIZE_CHOICES = [("s", "Small"), ("l", "Large")]


def tr(text):
    return QCoreApplication.translate("LifeCircle", text)


def _param(p, help_text):
    p.setHelp(tr(help_text))


class Alg:
    DISPLAY = "Fake algorithm"
    HELP = ("Line one "
            "and two.")

    def name(self):
        return tr(self.DISPLAY)

    def init(self, layer):
        _param(None, "Help of a parameter")
        for key, label in OUTPUTS:
            tr(label)
        tr(LABELS["x"])
        tr("Layer '{}' is empty.").format(layer)
'''


def test_extractor_follows_indirect_strings_and_flags_what_it_cannot_read(tmp_path):
    bad = FAKE + """
    def bad(self, name):
        tr(f"Layer {name} is empty")
        tr("Layer {} is empty".format(name))
        tr("a" + name)
        text = name.upper()
        tr(text)
        tr(self.unknown())
        show("Shown through a wrapper")
        show(name.title())


def show(message):
    return tr(message)
"""
    _fake_plugin(tmp_path, bad)
    ex = i18n.extract(tmp_path)
    found = {m.source for m in ex.messages.values()}
    assert found == {"Output a", "Output b", "Label x", "Small", "Large", "Fake algorithm", "Line one and two.",
                     "Help of a parameter", "Layer '{}' is empty.", "Shown through a wrapper"}
    lines = bad.splitlines()

    def line_of(text):
        return 1 + next(i for i, ln in enumerate(lines) if text in ln)

    expected = [
        (line_of('tr(f"Layer'), "f-string"),
        (line_of('tr("Layer {} is empty".format'), "'.format()' inside tr()"),
        (line_of('tr("a" + name)'), "computed text"),
        (line_of("        tr(text)"), "non-literal text"),
        (line_of("tr(self.unknown())"), "non-literal text"),
        (line_of("show(name.title())"), "non-literal text"),
    ]
    assert len(ex.errors) == len(expected), ex.errors
    for line, what in expected:
        assert any(e.startswith(f"pkg/mod.py:{line}: {what}") for e in ex.errors), (line, what, ex.errors)


def test_check_fails_on_a_new_untranslated_string_and_update_merges(tmp_path):
    """update keeps translations, adds new strings as unfinished and keeps vanished ones as obsolete; check fails
    until the new string is translated, and on placeholders that differ."""
    _fake_plugin(tmp_path, FAKE)
    ts = tmp_path / "i18n" / "x_zh_CN.ts"
    ex = i18n.extract(tmp_path)
    entries, counts = i18n.merge(ex, [])
    assert counts["new"] == len(ex.messages) and all(e.state == "unfinished" for e in entries)
    for e in entries:
        e.translation, e.state = "译：" + e.source, i18n.FINISHED
    i18n.write_ts(ts, entries)
    assert i18n.problems(ex, i18n.read_ts(ts)) == []
    # a translation that lost its placeholder
    broken = [e for e in i18n.read_ts(ts)]
    for e in broken:
        if "{}" in e.source:
            e.translation = "图层为空。"
    assert any("placeholders differ" in p for p in i18n.problems(ex, broken))

    # a new string in the code, an old one gone
    (tmp_path / "pkg" / "mod.py").write_text(FAKE.replace("Help of a parameter", "A new help text"),
                                             encoding="utf-8")
    ex2 = i18n.extract(tmp_path)
    entries2, counts2 = i18n.merge(ex2, i18n.read_ts(ts))
    assert (counts2["kept"], counts2["new"], counts2["obsolete"]) == (len(ex.messages) - 1, 1, 1)
    i18n.write_ts(ts, entries2)
    problems = i18n.problems(ex2, i18n.read_ts(ts))
    assert len(problems) == 1 and "no finished translation" in problems[0] and "A new help text" in problems[0]
    by_source = {e.source: e for e in i18n.read_ts(ts)}
    assert by_source["Help of a parameter"].state == "obsolete"
    assert by_source["Output a"].translation == "译：Output a" and by_source["Output a"].finished
    # lrelease compiles only the finished ones
    out = subprocess.run([LRELEASE, str(ts), "-qm", str(tmp_path / "x.qm")], capture_output=True, text=True)
    assert out.returncode == 0
    n = len(ex.messages) - 1
    assert f"Generated {n} translation(s) ({n} finished and 0 unfinished)" in out.stdout
    assert "Ignored 1 untranslated source text(s)" in out.stdout


def test_check_command_passes_on_the_plugin():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r"(\d+) strings, 0 problem\(s\)", out.stderr)


# ---------------------------------------------------------------------------------------------------------------
# the compiled translation at run time


def test_qm_translates_the_facility_coverage_display_name(chinese, ts_entries):
    from lifecircle.processing.facility_coverage import FacilityCoverageAlgorithm

    text = QCoreApplication.translate("LifeCircle", FacilityCoverageAlgorithm.DISPLAY)
    assert text == "设施服务覆盖（十全/十美清单）" == zh(ts_entries, FacilityCoverageAlgorithm.DISPLAY)


def test_provider_algorithms_in_chinese_with_the_translator_and_english_without(lc_provider, qm_file, ts_entries):
    from lifecircle.processing.base import GROUPS, LifeCircleAlgorithm

    algorithms = [a for a in lc_provider.algorithms() if isinstance(a, LifeCircleAlgorithm)]
    assert len(algorithms) >= 10
    # what is not ours is a Processing model shipped with the plugin (its name comes from the .model3 file)
    others = [a for a in lc_provider.algorithms() if not isinstance(a, LifeCircleAlgorithm)]
    assert all(a.__class__.__name__ == "QgsProcessingModelAlgorithm" for a in others)

    for alg in algorithms:
        assert alg.displayName() == alg.DISPLAY
        assert alg.group() == GROUPS[alg.GROUP]
    facility = lc_provider.algorithm("facilitycoverage")
    fresh = facility.create()
    assert fresh.parameterDefinition("FACILITIES").description() == "Facilities"

    translator = QTranslator()
    assert translator.load(str(qm_file))
    QCoreApplication.installTranslator(translator)
    try:
        for alg in algorithms:
            assert alg.displayName() == zh(ts_entries, alg.DISPLAY), alg.id()
            assert CJK.search(alg.displayName()) and alg.displayName() != alg.DISPLAY
            assert alg.group() == zh(ts_entries, GROUPS[alg.GROUP])
            from lifecircle.processing.help_text import help_source, shared_help_source

            expected = zh(ts_entries, help_source(alg.name()))
            if alg.parameterDefinition("COMPOUNDS") is not None:  # (the gated-compound paragraph they share)
                expected += "\n\n" + zh(ts_entries, shared_help_source("compounds"))
            assert alg.shortHelpString() == expected
            # parameters are described when an instance is made (the toolbox and qgis_process make one per run)
            fresh = alg.create()
            for p in fresh.parameterDefinitions():
                assert CJK.search(p.description()), (alg.id(), p.name(), p.description())
                if p.help():
                    assert CJK.search(p.help()), (alg.id(), p.name(), p.help())
            for o in fresh.outputDefinitions():
                assert CJK.search(o.description()), (alg.id(), o.name(), o.description())
        assert lc_provider.longName() == "LifeCircle — 15分钟社区生活圈"
        from lifecircle.processing.facility_coverage import MAPPING_CHOICES

        fresh = facility.create()
        mapping = fresh.parameterDefinition("MAPPING")
        assert mapping.options() == [zh(ts_entries, label) for _, label in MAPPING_CHOICES]
        # a message built with .format() after translating
        from lifecircle.processing.base import tr

        assert tr("Layer '{}' (walking network) is empty.").format("streets") == "图层“streets”（步行网络）为空。"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert facility.displayName() == "Facility coverage (十全/十美 checklist)"


@pytest.mark.parametrize(
    "module, context, host, title",
    [
        ("lifecircle.lifecircle_plugin.gui.siting_drafts", "SitingDrafts", QDialog, "Draft projects from siting results"),
        ("lifecircle.lifecircle_plugin.gui.project_dock", "ProjectDock", QDockWidget,
         "Annual project list 年度项目实施清单"),
    ],
)
def test_designer_forms_translate_under_their_class_name(chinese, ts_entries, module, context, host, title):
    form_class = importlib.import_module(module).FORM_CLASS
    widget = host()
    form = form_class()
    form.setupUi(widget)
    assert widget.windowTitle() == zh(ts_entries, title, context) != title
    if context == "SitingDrafts":
        assert form.selectedOnlyCheck.text() == zh(ts_entries, "Only the selected sites", context) == "仅所选的选址点"
    else:
        assert form.rolloverButton.text() == zh(ts_entries, "Roll over to next year", context) == "结转到下一年度"
    widget.deleteLater()


# ---------------------------------------------------------------------------------------------------------------
# the plugin installs the translation for QGIS's locale


@pytest.fixture()
def locale_setting():
    settings = QgsSettings()
    before = settings.value("locale/userLocale", None)

    def set_locale(value: str) -> None:
        QgsSettings().setValue("locale/userLocale", value)

    yield set_locale
    if before is None:
        QgsSettings().remove("locale/userLocale")
    else:
        QgsSettings().setValue("locale/userLocale", before)


@pytest.mark.parametrize("qgis_locale", [
    "zh_CN",  # QGIS following a Chinese system locale writes QLocale().name() into locale/userLocale
    "zh-Hans",  # QGIS's own "Chinese (Simplified)" choice in Options › General
])
def test_plugin_follows_the_qgis_locale(qgis_iface, qgis_processing, qm_file, tmp_path, monkeypatch, locale_setting,
                                        ts_entries, qgis_locale):
    """With QGIS in Chinese the plugin installs its translator in __init__, before initProcessing registers the
    provider: the toolbox, the menus and the dialogs come up in Chinese; unload removes it. In English: nothing."""
    import lifecircle
    from lifecircle.lifecircle_plugin import plugin as plugin_module

    fake_root = tmp_path / "plugin"
    (fake_root / "i18n").mkdir(parents=True)
    shutil.copy(qm_file, fake_root / "i18n" / "lifecircle_zh_CN.qm")
    monkeypatch.setattr(plugin_module, "PLUGIN_ROOT", fake_root)
    registry = QgsApplication.processingRegistry()
    left = registry.providerById("lifecircle")
    if left is not None:  # registered by another test's fixture: start from a QGIS without it
        registry.removeProvider(left)
    from lifecircle.processing.facility_coverage import FacilityCoverageAlgorithm

    locale_setting("en_US")
    plugin = lifecircle.classFactory(qgis_iface)
    assert plugin.translator is None
    plugin.initProcessing()
    assert registry.algorithmById("lifecircle:facilitycoverage").displayName() == FacilityCoverageAlgorithm.DISPLAY
    plugin.unload()

    locale_setting(qgis_locale)
    plugin = lifecircle.classFactory(qgis_iface)
    try:
        assert plugin.translator is not None  # installed before QGIS calls initProcessing/initGui
        plugin.initProcessing()
        alg = registry.algorithmById("lifecircle:facilitycoverage")
        assert alg.displayName() == "设施服务覆盖（十全/十美清单）"
        created = registry.createAlgorithmById("lifecircle:facilitycoverage")
        assert created.parameterDefinition("RESIDENTS").description() == zh(ts_entries, "Residents") == "居民"
        plugin.initGui()
        main = qgis_iface.mainWindow()
        menu = [a.menu() for a in main.menuBar().actions() if a.text() == plugin_module.MENU][0]
        texts = [a.text() for a in menu.actions()]
        assert "5 设施服务覆盖体检（十全/十美）…" in texts and "关于 LifeCircle" in texts
    finally:
        plugin.unload()
    assert plugin.translator is None
    assert QCoreApplication.translate("LifeCircle", FacilityCoverageAlgorithm.DISPLAY) == \
        FacilityCoverageAlgorithm.DISPLAY


@pytest.mark.qgis_process
def test_qgis_process_lists_and_describes_algorithms_in_chinese(tmp_path, ts_entries):
    """Batch users with a Chinese QGIS profile: qgis_process loads the plugin (classFactory → translator, then
    initProcessing) and prints the algorithms' names, help and parameters in Chinese."""
    qm = ROOT / "i18n" / "lifecircle_zh_CN.qm"
    if not qm.exists() or qm.stat().st_mtime < TS.stat().st_mtime:  # what `make translations` does
        out = subprocess.run([LRELEASE, "-silent", str(TS), "-qm", str(qm)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
    profile = tmp_path / "profile"
    ini = profile / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[locale]\nuserLocale=zh_CN\noverrideFlag=true\n", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile),
               QGIS_PLUGINPATH=str(ROOT / "build"), PROJ_DATA="/usr/share/proj")
    out = subprocess.run([QGIS_PROCESS, "plugins", "enable", "lifecircle"], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    listing = subprocess.run([QGIS_PROCESS, "list"], env=env, capture_output=True, text=True, timeout=300)
    assert listing.returncode == 0, listing.stderr[-2000:]
    assert "lifecircle:facilitycoverage\t设施服务覆盖（十全/十美清单）" in listing.stdout
    assert "lifecircle:preparenetwork\t准备步行网络" in listing.stdout
    help_ = subprocess.run([QGIS_PROCESS, "help", "lifecircle:siting"], env=env, capture_output=True, text=True,
                           timeout=300)
    assert help_.returncode == 0, help_.stderr[-2000:]
    from lifecircle.processing.help_text import help_source

    assert help_.stdout.startswith("选址推荐 (lifecircle:siting)")
    assert zh(ts_entries, help_source("siting")).split("\n")[0] in help_.stdout
    assert "CANDIDATES: 候选点" in help_.stdout


def test_the_descriptions_file_is_extracted_as_the_reader_joins_it(tmp_path):
    """resources/help/help_text.json: each text (a string or paragraphs joined with a blank line) is one source
    string, located at its key; the reader's own tr() calls are not followed (no error for them)."""
    _fake_plugin(tmp_path, FAKE)
    (tmp_path / "processing").mkdir()
    (tmp_path / "processing" / "help_text.py").write_text(
        "def help_text(name):\n    source = load(name)\n    return tr(source)\n", encoding="utf-8")
    (tmp_path / "resources" / "help").mkdir(parents=True)
    (tmp_path / "resources" / "help" / "help_text.json").write_text(
        '{"about": "not extracted",\n "algorithms": {\n  "one": ["First.", "Second."],\n  "two": "Only."},\n'
        ' "shared": {\n  "common": ["A", "B", "C"]}}\n', encoding="utf-8")
    ex = i18n.extract(tmp_path)
    assert not ex.errors, ex.errors
    data = {m.source: m.locations for m in ex.messages.values() if m.locations[0][0].startswith("resources/")}
    assert data == {"First.\n\nSecond.": [("resources/help/help_text.json", 3)],
                    "Only.": [("resources/help/help_text.json", 4)],
                    "A\n\nB\n\nC": [("resources/help/help_text.json", 6)]}
