"""The referral dialog's "what the person agreed to share": the scope recorded at consent.

Sections the person agreed to are ticked and may be unticked (they changed
their mind since); the others are disabled and say why. Nothing here can
widen what was recorded: only a new consent can.
"""

from __future__ import annotations

from datetime import datetime

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.domain.child_protection import Duty
from app.i18n import _, format_datetime
from app.ui.controls import label, set_text
from app.ui.referral.service_panel import checkbox


class ConsentScope(QtWidgets.QGroupBox):
    """One check box per packet section; emits `section_toggled(section, agreed)`."""

    section_toggled = QtCore.Signal(str, bool)

    def __init__(
        self,
        recorded: frozenset[str],
        consent_at: datetime | None,
        parent: QtWidgets.QWidget | None = None,
        *,
        duty: Duty | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralConsent")
        self.recorded = recorded
        self.consent_at = consent_at
        self.duty = duty  # under the child-protection duty `recorded` is what the duty allows
        layout = QtWidgets.QVBoxLayout(self)
        self.note = label("note")
        layout.addWidget(self.note)
        self.boxes: dict[str, QtWidgets.QCheckBox] = {}
        for section in rules.SECTIONS:
            box = checkbox(f"consent_{section}")
            agreed = section in recorded
            box.setChecked(agreed)
            box.setEnabled(agreed)  # what the person did not agree to stays off for good
            box.toggled.connect(lambda on, s=section: self.section_toggled.emit(s, on))
            self.boxes[section] = box
            layout.addWidget(box)

    def retranslate(self) -> None:
        if self.duty is not None:
            self.setTitle(_("What the child-protection duty allows to share"))
            self.note.setText(
                _(
                    "The child did not agree to be referred. Under the duty the packet may share "
                    "only the ticked parts; untick what the service does not need."
                )
            )
            allowed = _("The duty allows to share: {section}")
            refused = _("{section} (not shared under the duty)")
        else:
            self.setTitle(_("What the person agreed to share"))
            when = format_datetime(self.consent_at, fmt="short") if self.consent_at else "—"
            self.note.setText(
                _(
                    "The person agreed to be referred ({when}) and to share the ticked parts. "
                    "Untick anything they no longer want shared: no service will get it. "
                    "To share more, record their consent again."
                ).format(when=when)
            )
            allowed = _("The person agreed to share: {section}")
            refused = _("{section} (not agreed at consent)")
        for section, box in self.boxes.items():
            name = _(rules.SECTIONS[section])
            if section in self.recorded:
                set_text(box, name, allowed.format(section=name))
            else:
                text = refused.format(section=name)
                set_text(box, text, text)
