"""A dock's message area: the whole message, wrapped at words over as many lines as it needs, coloured by level,
with a button to close it — not QgsMessageBar's one scrolling line, which a narrow dock cuts off."""

from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton

#: background and border of each level (Qgis.MessageLevel: info, warning, critical, success), light with dark text
_STYLE = {
    0: ("#e7f0fb", "#8fb4e3"),  # info
    1: ("#fff4d6", "#e0b64a"),  # warning
    2: ("#fde3e1", "#d9827b"),  # critical
    3: ("#e5f4e3", "#86c180"),  # success
}


def _level_number(level) -> int:
    return int(level.value) if hasattr(level, "value") and not isinstance(level, int) else int(level)


class MessageArea(QFrame):
    """Shows one message at a time; ``push(text, level, duration_s)`` (0: stays until closed)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("lifecircleMessageArea")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 2, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label, 1)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.clear)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.level = None
        self.hide()

    def push(self, text: str, level=Qgis.MessageLevel.Info, duration_s: int = 0) -> None:
        number = _level_number(level)
        background, border = _STYLE.get(number, _STYLE[0])
        self.setStyleSheet(f"#lifecircleMessageArea {{ background: {background}; border: 1px solid {border}; "
                           f"border-radius: 3px; }} QLabel {{ color: #1a1a1a; }}")
        self.label.setText(text)
        self.level = number
        self.show()
        self._timer.stop()
        if duration_s > 0:
            self._timer.start(duration_s * 1000)

    def text(self) -> str:
        return self.label.text() if self.isVisibleTo(self.parentWidget()) else ""

    def clear(self) -> None:
        self._timer.stop()
        self.label.clear()
        self.level = None
        self.hide()
