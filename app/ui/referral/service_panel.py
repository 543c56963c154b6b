"""The referral dialog's panel for one chosen service: packet language, sections, needs.

It draws a `ServiceChoice` and the core's `SectionOption`s and reports what
the worker changes through its signals; it decides nothing itself.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.i18n import _, offered_languages
from app.ui.bidi import isolate
from app.ui.controls import compact_combo, label, set_text
from app.ui.language import language_title
from app.ui.new_screening_page import review_title


def checkbox(name: str) -> QtWidgets.QCheckBox:
    """A check box with an object name (texts are set on retranslate)."""
    box = QtWidgets.QCheckBox()
    box.setObjectName(name)
    return box


class ServiceChoicePanel(QtWidgets.QGroupBox):
    """What one service gets; disabled until a service is ticked and selected."""

    section_toggled = QtCore.Signal(str, bool)
    need_toggled = QtCore.Signal(str, bool)
    language_chosen = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralServiceChoice")
        self._loading = False
        self.choice: Any = None
        # Under the child-protection duty the scope is the duty's, not the person's consent.
        self.under_duty = False
        self.lang_label = label()
        # Long review notes in the items must not widen the whole column.
        self.lang_box = compact_combo("packetLanguage")
        self.lang_label.setBuddy(self.lang_box)
        self.lang_box.currentIndexChanged.connect(self._lang_chosen)
        self.sections_label = label()
        self.section_boxes: dict[str, QtWidgets.QCheckBox] = {}
        self.section_reasons: dict[str, QtWidgets.QLabel] = {}
        sections_grid = QtWidgets.QGridLayout()
        for row, section in enumerate(rules.SECTIONS):
            box = checkbox(f"share_{section}")
            box.toggled.connect(lambda on, s=section: self._section_toggled(s, on))
            reason = label("note")
            reason.setObjectName(f"shareReason_{section}")
            reason.setIndent(36)  # under the box's text, not under its square
            reason.hide()
            self.section_boxes[section], self.section_reasons[section] = box, reason
            sections_grid.addWidget(box, 2 * row, 0)
            sections_grid.addWidget(reason, 2 * row + 1, 0)
        self.needs_label = label()
        self.need_boxes: dict[str, QtWidgets.QCheckBox] = {}
        needs_grid = QtWidgets.QGridLayout()
        for index, need in enumerate(rules.NEEDS):
            box = checkbox(f"serviceNeed_{need}")
            box.toggled.connect(lambda on, n=need: self._need_toggled(n, on))
            self.need_boxes[need] = box
            needs_grid.addWidget(box, index // 2, index % 2)
        language_row = QtWidgets.QHBoxLayout()
        language_row.addWidget(self.lang_label)
        language_row.addWidget(self.lang_box, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(language_row)
        layout.addWidget(self.sections_label)
        layout.addLayout(sections_grid)
        layout.addWidget(self.needs_label)
        layout.addLayout(needs_grid)

    def retranslate(self) -> None:
        """Texts in the current UI language."""
        self.lang_label.setText(_("Packet &language"))
        self.lang_box.setAccessibleName(_("Language of this service's packet"))
        self._loading = True
        self.lang_box.clear()
        for lang in offered_languages():
            self.lang_box.addItem(
                _("{language} ({status})").format(
                    language=isolate(language_title(lang.code)), status=review_title(lang.code)
                ),
                lang.code,
            )
        self._loading = False
        self.sections_label.setText(_("Shared with this service:"))
        for section, box in self.section_boxes.items():
            set_text(box, _(rules.SECTIONS[section]))
        self.needs_label.setText(_("Needs this service is told about:"))
        for need, box in self.need_boxes.items():
            set_text(
                box,
                _(rules.NEEDS[need]),
                _("Tell this service about: {need}").format(need=_(rules.NEEDS[need])),
            )

    def show_choice(
        self, choice: Any, options: list[rules.SectionOption], person_needs: set[str]
    ) -> None:
        """Draw one service's choices (None: no ticked service is selected)."""
        self.choice = choice
        self.setEnabled(choice is not None)
        if choice is None:
            self.setTitle(_("Tick a service above to choose what it gets"))
            options = [rules.SectionOption(s, False, True) for s in rules.SECTIONS]
        else:
            self.setTitle(
                _("For {service} ({type})").format(
                    service=choice.service.name,
                    type=_(rules.SERVICE_TYPES.get(choice.service.type, choice.service.type)),
                )
            )
        self._loading = True
        for option in options:
            box, reason = self.section_boxes[option.section], self.section_reasons[option.section]
            box.setChecked(choice is not None and option.section in choice.sections)
            box.setEnabled(option.allowed)
            if option.allowed:
                reason.setText("")
            elif self.under_duty:
                reason.setText(_("Not shared: the child-protection duty does not allow it."))
            else:
                reason.setText(_("Not shared: the person did not agree to share this."))
            reason.setVisible(not option.allowed)
            box.setAccessibleDescription(reason.text())
            box.setToolTip(reason.text())
        for need, box in self.need_boxes.items():
            present = need in person_needs
            box.setEnabled(present)
            box.setChecked(choice is not None and need in choice.needs)
            box.setToolTip("" if present else _("Tick this need under the person's needs first."))
        if choice is not None:
            self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(choice.lang)))
        self._loading = False

    def _section_toggled(self, section: str, on: bool) -> None:
        if not self._loading and self.choice is not None:
            self.section_toggled.emit(section, on)

    def _need_toggled(self, need: str, on: bool) -> None:
        if not self._loading and self.choice is not None:
            self.need_toggled.emit(need, on)

    def _lang_chosen(self, _index: int) -> None:
        code = self.lang_box.currentData()
        if not self._loading and code and self.choice is not None:
            self.language_chosen.emit(code)
