"""Step 3 of the referral dialog: each packet as the core builds it, then the password.

The list names each packet by service, language, the reference it will
carry and its file name; the preview beside it shows the selected packet
block by block, in its language and direction. The references shown are the
ones the packets are saved under.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.i18n import N_, _, current_language, language_name
from app.ui.bidi import isolate, ltr
from app.ui.controls import label, line_edit, quiet_scroll_area, set_text
from app.ui.language import Retranslating
from app.ui.operations import error_message
from app.ui.referral.preview import PacketPreview
from app.ui.referral.step_services import checkbox, group

UNPROTECTED_WARNING = N_(
    "Without a password the packet is not protected: anyone who gets the file can "
    "read it. Send it only by a safe way."
)


def _shown_language(code: str) -> str:
    """A packet language's name in the UI language, kept whole in a sentence."""
    return isolate(language_name(code, current_language()))


class ReviewStep(Retranslating):
    """The packets to be written, a preview of the selected one, and the packet password."""

    def __init__(self, draft: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralStepReview")
        self.draft = draft
        self.packets_label = label()
        self.packets = QtWidgets.QListWidget()
        self.packets.setObjectName("referralPackets")
        self.packets.setTabKeyNavigation(False)
        self.packets.currentRowChanged.connect(self.refresh_preview)
        self.packets_label.setBuddy(self.packets)
        # The selected packet's file name (one line per packet in the list: a second line
        # is cut off in Arabic, whose letters are taller than the row Qt measures).
        self.file_label = label("note")
        self.file_label.setObjectName("referralFileName")
        self.file_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_title = label("interviewer")
        self.preview = PacketPreview()
        self.preview.setMinimumHeight(160)
        self.preview_title.setBuddy(self.preview)
        self.password_group, protect = group("referralPassword")
        form = QtWidgets.QFormLayout()
        self.password_label, self.repeat_label = label(), label()
        self.password = line_edit("packetPassword", password=True)
        self.repeat = line_edit("packetPasswordRepeat", password=True)
        self.password_label.setBuddy(self.password)
        self.repeat_label.setBuddy(self.repeat)
        form.addRow(self.password_label, self.password)
        form.addRow(self.repeat_label, self.repeat)
        protect.addLayout(form)
        self.unprotected_warning = label("caution")
        self.unprotected_warning.setObjectName("unprotectedWarning")
        self.unprotected_ok = checkbox("confirmUnprotected")
        protect.addWidget(self.unprotected_warning)
        protect.addWidget(self.unprotected_ok)
        for field_ in (self.password, self.repeat):
            field_.textChanged.connect(self._password_changed)
        self.packets.setMinimumHeight(90)
        column = QtWidgets.QWidget()
        left = QtWidgets.QVBoxLayout(column)
        left.setContentsMargins(0, 0, 4, 0)
        left.addWidget(self.packets_label)
        left.addWidget(self.packets, 1)
        left.addWidget(self.file_label)
        left.addWidget(self.password_group)
        # The list and the password scroll on a small screen or with large text.
        scroll = quiet_scroll_area("referralReviewChoices")
        scroll.setWidget(column)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.preview_title)
        right.addWidget(self.preview, 1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(right, 1)
        self.service_ids: list[int] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.packets_label.setText(_("&Packets to write"))
        self.packets.setAccessibleName(_("Packets to write"))
        self.preview.setAccessibleName(_("Preview of the selected packet"))
        self.password_group.setTitle(_("Protect the packets"))
        self.password_label.setText(_("Packet pass&word"))
        self.repeat_label.setText(_("Re&peat it"))
        self.password.setAccessibleName(_("Packet password"))
        self.repeat.setAccessibleName(_("Repeat the packet password"))
        self.unprotected_warning.setText(_(UNPROTECTED_WARNING))
        set_text(self.unprotected_ok, _("Write the packets without a password"))
        self._password_changed()
        if self.service_ids:
            self.show_packets()

    def show_packets(self) -> None:
        """List the packets as they will be written, and preview the first."""
        references = self.draft.references()
        current = max(0, self.packets.currentRow())
        self.packets.blockSignals(True)
        self.packets.clear()
        self.service_ids = list(self.draft.plans)
        for service_id in self.service_ids:
            plan = self.draft.plans[service_id]
            languages = _shown_language(plan.lang)
            if plan.second_lang:
                languages = _("{first} and {second}").format(
                    first=languages, second=_shown_language(plan.second_lang)
                )
            text = _("{service} · {languages} · packet {reference}").format(
                service=isolate(plan.service.name),
                languages=languages,
                reference=ltr(references[service_id]),
            )
            item = QtWidgets.QListWidgetItem(text)
            item.setToolTip(self._file_text(service_id))
            item.setData(
                QtCore.Qt.ItemDataRole.AccessibleTextRole,
                f"{text}, {self._file_text(service_id)}",
            )
            self.packets.addItem(item)
        self.packets.blockSignals(False)
        self.packets.setCurrentRow(min(current, len(self.service_ids) - 1))
        self.refresh_preview()

    def refresh_preview(self, *_args: Any) -> None:
        """Show the selected packet as the core builds it."""
        from app.export.packet import packet_outline

        row = self.packets.currentRow()
        if not 0 <= row < len(self.service_ids):
            self.preview_title.setText(_("Preview"))
            self.file_label.setText("")
            self.preview.show_message("")
            return
        service_id = self.service_ids[row]
        plan = self.draft.plans[service_id]
        self.file_label.setText(self._file_text(service_id))
        self.preview_title.setText(
            _("Preview of packet {reference} for {service}, in {language}").format(
                reference=ltr(self.draft.references()[service_id]),
                service=isolate(plan.service.name),
                language=_shown_language(plan.lang),
            )
        )
        try:
            content = self.draft.content(service_id)
        except Exception as error:
            self.preview.show_message(error_message(error))
            return
        self.preview.show_outline(packet_outline(content), plan.lang)

    def _file_text(self, service_id: int) -> str:
        return _("File name: {file}").format(file=ltr(self.draft.file_name(service_id)))

    def _password_changed(self, *_args: Any) -> None:
        unprotected = not self.password.text() and not self.repeat.text()
        self.unprotected_warning.setVisible(unprotected)
        self.unprotected_ok.setVisible(unprotected)

    def problems(self) -> list[str]:
        """What stops the export now, in words."""
        if self.password.text() != self.repeat.text():
            return [_("The two packet passwords differ. Type the same password twice.")]
        if not self.password.text() and not self.unprotected_ok.isChecked():
            return [_("Enter a packet password, or confirm that the packets may be unprotected.")]
        return []

    def clear_passwords(self) -> None:
        self.password.clear()
        self.repeat.clear()
