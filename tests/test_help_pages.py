"""Every algorithm's Help button opens a page shipped in the plugin, in the interface's language, in step with the
algorithm's own description and parameters (scripts/make_help.py writes the pages)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QUrl

ROOT = Path(__file__).resolve().parent.parent
HELP = ROOT / "resources" / "help"


def ours(provider):
    return [a for a in provider.algorithms() if a.name() != "lifecircle_chain"]


@pytest.mark.parametrize("locale, language", [("en_US", "en"), ("zh_CN", "zh_CN"), ("zh-Hans", "zh_CN")])
def test_every_algorithm_links_its_help_page_in_the_interface_s_language(lc_provider, locale, language):
    settings = QgsSettings()
    before = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", locale)
    try:
        algorithms = ours(lc_provider)
        assert len(algorithms) >= 10
        for alg in algorithms:
            url = QUrl(alg.helpUrl())
            assert url.isLocalFile(), alg.id()
            path = Path(url.toLocalFile())
            assert path == HELP / language / f"{alg.name()}.html" and path.exists(), (alg.id(), path)
    finally:
        settings.setValue("locale/userLocale", before)


def test_the_pages_are_in_step_with_the_algorithms(lc_provider, tmp_path):
    """The shipped pages equal pages made now from the code and the translation (run scripts/make_help.py)."""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / 'scripts')!r})
sys.path.insert(0, {str(ROOT / 'build')!r})
from qgis.core import QgsApplication
app = QgsApplication([], False); app.initQgis()
from lifecircle.processing.provider import LifeCircleProvider
provider = LifeCircleProvider(load_models=False)
QgsApplication.processingRegistry().addProvider(provider)
import make_help
from pathlib import Path
print(len(make_help.write_pages(Path({str(tmp_path)!r}))))
QgsApplication.processingRegistry().removeProvider(provider)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.html"))
    shipped = sorted(p.relative_to(HELP) for p in HELP.rglob("*.html"))
    assert made == shipped and len(made) >= 20
    stale = [str(p) for p in made if (tmp_path / p).read_text(encoding="utf-8") != (HELP / p).read_text(
        encoding="utf-8")]
    assert not stale, f"run scripts/make_help.py: {stale}"


def test_a_page_holds_the_description_and_every_parameter(lc_provider):
    for alg in ours(lc_provider):
        text = (HELP / "en" / f"{alg.name()}.html").read_text(encoding="utf-8")
        assert alg.displayName() in text
        for d in alg.parameterDefinitions():
            assert f"<code>{d.name()}</code>" in text, (alg.id(), d.name())
        zh = (HELP / "zh_CN" / f"{alg.name()}.html").read_text(encoding="utf-8")
        assert 'lang="zh-CN"' in zh and "参数" in zh and "输出" in zh


def test_every_description_is_data_in_one_file(lc_provider):
    """Each algorithm's description is resources/help/help_text.json's text for its name (in English without a
    translator), with the gated-compound paragraph for the algorithms that have those inputs; a class that still
    carries a HELP text in code must say the same (delete it: the file is the one place)."""
    import json

    from lifecircle.processing.base import LifeCircleAlgorithm
    from lifecircle.processing.help_text import HELP_TEXT_FILE, help_source, help_text

    data = json.loads(HELP_TEXT_FILE.read_text(encoding="utf-8"))
    compounds = "\n\n".join(data["shared"]["compounds"])
    algorithms = [a for a in ours(lc_provider) if isinstance(a, LifeCircleAlgorithm)]
    assert sorted(a.name() for a in algorithms) == sorted(data["algorithms"])
    for alg in algorithms:
        own = "\n\n".join(data["algorithms"][alg.name()])
        assert help_source(alg.name()) == own and len(own) > 200, alg.name()
        with_compounds = alg.parameterDefinition("COMPOUNDS") is not None
        assert alg.shortHelpString() == (own + "\n\n" + compounds if with_compounds else own), alg.name()
        assert vars(type(alg)).get("HELP", "") in ("", own), f"{alg.name()}: HELP in code differs from the data file"
    assert help_text("no_such_algorithm") == "" and help_source("no_such_algorithm") == ""
