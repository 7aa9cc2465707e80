"""Writes the algorithms' help pages shipped with the plugin: resources/help/<en|zh_CN>/<algorithm>.html.

Run after changing an algorithm's description (resources/help/help_text.json: edit it, run `scripts/i18n.py update`
and translate the changed text first) or its parameters (`.venv/bin/python scripts/make_help.py`); the pages are
committed and tests/test_help_pages.py checks they are in step with the code and the data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))


def write_pages(out: Path = ROOT / "resources" / "help") -> list[Path]:
    """Every LifeCircle algorithm's page in every language (the provider must be registered)."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    from lifecircle.processing.help_pages import LANGUAGES, page

    provider = QgsApplication.processingRegistry().providerById("lifecircle")
    written = []
    for language in LANGUAGES:
        translator = None
        if language != "en":
            with tempfile.TemporaryDirectory() as folder:
                qm = Path(folder) / "help.qm"
                subprocess.run(["lrelease", "-silent", str(ROOT / "i18n" / f"lifecircle_{language}.ts"), "-qm",
                                str(qm)], check=True)
                translator = QTranslator()
                translator.load(str(qm))
                QCoreApplication.installTranslator(translator)
        try:
            (out / language).mkdir(parents=True, exist_ok=True)
            for alg in provider.algorithms():
                if alg.name() == "lifecircle_chain":  # (the model: its help lives in the model)
                    continue
                fresh = QgsApplication.processingRegistry().createAlgorithmById(alg.id())  # (translated anew)
                path = out / language / f"{alg.name()}.html"
                path.write_text(page(fresh), encoding="utf-8")
                written.append(path)
        finally:
            if translator is not None:
                QCoreApplication.removeTranslator(translator)
    return written


def main() -> int:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from lifecircle.processing.provider import LifeCircleProvider

    provider = LifeCircleProvider(load_models=False)
    QgsApplication.processingRegistry().addProvider(provider)
    for path in write_pages():
        print(f"wrote {path.relative_to(ROOT)}")
    QgsApplication.processingRegistry().removeProvider(provider)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
