"""Each algorithm's help as an HTML page shipped in the plugin (resources/help/<language>/<algorithm>.html), made
from the algorithm's description (data: resources/help/help_text.json, read by :mod:`.help_text`) and its
parameters' help (scripts/make_help.py writes them; a test keeps them in step), and linked as the algorithm's help
URL (the dialog's Help button)."""

from __future__ import annotations

import html
from pathlib import Path

from qgis.core import QgsProcessingParameterDefinition
from qgis.PyQt.QtCore import QUrl
from ..lifecircle_plugin.messages import tr

HELP_DIR = Path(__file__).resolve().parent.parent / "resources" / "help"
LANGUAGES = ("en", "zh_CN")



def _text(value: str) -> str:
    """Text for an element's content (apostrophes and quotes as they are: only <, > and & need escaping)."""
    return html.escape(value, quote=False)



def help_language() -> str:
    """The language of the help pages to show: 简体中文 when QGIS's interface is Chinese, English otherwise."""
    from ..lifecircle_plugin.plugin import user_locale

    return "zh_CN" if user_locale().startswith("zh") else "en"


def help_path(name: str, language: str) -> Path:
    return HELP_DIR / language / f"{name}.html"


def help_url(name: str) -> str:
    path = help_path(name, help_language())
    if not path.exists():
        path = help_path(name, "en")
    return QUrl.fromLocalFile(str(path)).toString() if path.exists() else ""


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_text(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p.strip())


def _default(definition) -> str:
    value = definition.defaultValue()
    if value is None or value == "":
        return ""
    options = definition.options() if hasattr(definition, "options") else None
    if options and isinstance(value, int) and 0 <= value < len(options):
        return options[value]
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    return str(value)


def page(alg, version: str = "") -> str:
    """The help page of ``alg`` in the language of the installed translation."""
    inputs, outputs = [], []
    for d in alg.parameterDefinitions():
        if d.isDestination():
            outputs.append((d.description(), d.name(), d.help() if hasattr(d, "help") else ""))
            continue
        notes = []
        if int(d.flags()) & int(QgsProcessingParameterDefinition.Flag.FlagOptional):
            notes.append(tr("optional"))
        if int(d.flags()) & int(QgsProcessingParameterDefinition.Flag.FlagAdvanced):
            notes.append(tr("advanced"))
        inputs.append((d.description(), d.name(), d.help(), _default(d), "、".join(notes)))
    for o in alg.outputDefinitions():
        if not any(o.name() == name for _, name, _ in outputs):
            outputs.append((o.description(), o.name(), ""))
    rows = "".join(
        f"<tr><td><b>{_text(desc)}</b><br><code>{_text(name)}</code>"
        + (f"<br><i>{_text(notes)}</i>" if notes else "")
        + f"</td><td>{_text(help_text)}"
        + (f"<br>{_text(tr('Default'))}: <code>{_text(default)}</code>" if default else "")
        + "</td></tr>" for desc, name, help_text, default, notes in inputs)
    outs = "".join(f"<tr><td><b>{_text(desc)}</b><br><code>{_text(name)}</code></td>"
                   f"<td>{_text(help_text)}</td></tr>" for desc, name, help_text in outputs)
    lang = "zh-CN" if tr("Parameters") != "Parameters" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{_text(alg.displayName())} — LifeCircle</title>
<style>
body {{ font-family: sans-serif; max-width: 60em; margin: 1.5em auto; padding: 0 1em; line-height: 1.5; color: #1a1a1a; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 1.5em; border-bottom: 1px solid #ccc; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border-top: 1px solid #ddd; padding: .4em .6em; vertical-align: top; }} td:first-child {{ width: 32%; }}
code {{ background: #f3f3f3; padding: 0 .2em; }} .meta {{ color: #555; }}
</style></head>
<body>
<h1>{_text(alg.displayName())}</h1>
<p class="meta">{_text(tr("LifeCircle 15-minute community life circle"))} · {_text(alg.group())} ·
<code>{_text(alg.id())}</code>{(" · " + _text(version)) if version else ""}</p>
{_paragraphs(alg.shortHelpString())}
<h2>{_text(tr("Parameters"))}</h2>
<table>{rows}</table>
<h2>{_text(tr("Outputs"))}</h2>
<table>{outs}</table>
<p class="meta">{_text(tr("Every default names its source in the README (Where the defaults come from) and in "
                                "resources/standards/README.md."))}</p>
</body></html>
"""
