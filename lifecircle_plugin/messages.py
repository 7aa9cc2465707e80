"""Messages in the planner's language for what the core says (``tr_msg``: the core has
no Qt, so its messages carry their English template and values — core.errors.Msg — and are translated here)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

# The core's templates are collected from the core itself (scripts/i18n.py); looking them up goes through this alias,
# which the extractor does not take for a translating call of its own.
_lookup = getattr(QCoreApplication, "translate")


def _translated(text: str) -> str:
    return _lookup("LifeCircle", text)


def tr_msg(value) -> str:
    """A core message in the interface's language: a Msg's template translated and filled in with its values
    (messages among them translated too); plain text looked up as a whole; anything else as it is."""
    from .core.errors import Msg

    if isinstance(value, Msg):
        values = [tr_msg(v) if isinstance(v, Msg) else v for v in value.values]
        try:
            return _translated(value.template).format(*values)
        except (IndexError, KeyError, ValueError):  # (a translation that does not fit: the English is right)
            return str(value)
    if isinstance(value, str):
        return _translated(value) if value else value
    return value


def error_message(exc: BaseException) -> str:
    """What a LifeCircleError (or any error) says, in the interface's language."""
    return tr_msg(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else str(exc)


def plain_values(values) -> list:
    """Attribute values ready for a QgsFeature: a core message becomes its text in the interface's language (a Msg,
    being a str subclass, would otherwise reach QVariant as a Python object that no provider can store)."""
    from .core.errors import Msg

    return [tr_msg(v) if isinstance(v, Msg) else v for v in values]


def tr(text: str) -> str:
    """The interface's text in the planner's language (the plugin's one translation context, "LifeCircle")."""
    return QCoreApplication.translate("LifeCircle", text)
