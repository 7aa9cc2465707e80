"""The algorithms' descriptions as data: each algorithm's short help lives in resources/help/help_text.json (like
QGIS's own processing/algs/help/*.yaml), by the algorithm's name, and is translated through the plugin's one
translation context (scripts/i18n.py extracts the same texts from that file)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

HELP_TEXT_FILE = Path(__file__).resolve().parent.parent / "resources" / "help" / "help_text.json"


@lru_cache(maxsize=None)
def _help_data(path: Path = HELP_TEXT_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _joined(paragraphs) -> str:
    """A text as the file writes it: one string, or paragraphs joined with a blank line."""
    return paragraphs if isinstance(paragraphs, str) else "\n\n".join(paragraphs)


def help_source(name: str) -> str:
    """The English description of the algorithm ``name`` (the translation's source string); '' when the file has
    none."""
    return _joined(_help_data()["algorithms"].get(name, ""))


def shared_help_source(key: str) -> str:
    """The English text of a paragraph several algorithms share (e.g. ``compounds``); '' when there is none."""
    return _joined(_help_data()["shared"].get(key, ""))


def help_text(name: str, compounds: bool = False) -> str:
    """The algorithm's description in the interface's language ('' when the file has none), followed, for an
    algorithm with the gated-compound inputs, by their shared paragraph."""
    from ..lifecircle_plugin.messages import tr

    source = help_source(name)
    text = tr(source) if source else ""
    if compounds:
        text += "\n\n" + tr(shared_help_source("compounds"))
    return text
