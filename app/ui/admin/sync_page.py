"""The ODK Central page: connect this laptop, choose what is sent, send now, write a bundle.

The core does the work (app/sync); the page only asks for it, through the
one helper for slow work, and shows the result. Administrators connect and
set the policy (the vault enforces it; the page hides what others cannot use);
everyone who reaches the page may send what waits.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.roles import Permission, can
from app.i18n import _, format_datetime
from app.ui.controls import button, label, quiet_scroll_area, set_text
from app.ui.file_dialogs import choose_file
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating
from app.ui.operations import error_message, run_in_background


def _ltr(text: str) -> str:
    """An address or id kept left to right inside a right-to-left line.

    A Unicode embedding (LRE ... PDF): Qt lays these out, where isolates (LRI)
    turned `L-ZC7SNSBH` around in an Arabic line.
    """
    return "\u202a" + text + "\u202c"


def _forms() -> dict[str, Any]:
    from app.screening.loader import load_forms

    return {form.id: form for form in load_forms()}


class SyncPage(Retranslating):
    """Status, the App User link (administrators), the policy, Send now and Write a bundle."""

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.vault = vault
        self.admin = can(vault.user.role, Permission.CHANGE_SETTINGS)
        self.title = label("title")
        self.status = label()
        self.status.setObjectName("syncStatus")
        self.link_label = label()
        self.link = QtWidgets.QLineEdit()
        self.link.setObjectName("syncLink")
        # The link is a credential: not shown to whoever stands behind the screen.
        self.link.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.link_label.setBuddy(self.link)
        self.connect_button = button("", "syncConnectButton")
        self.connect_button.clicked.connect(self.connect_server)
        self.outcome_only = QtWidgets.QRadioButton()
        self.outcome_only.setObjectName("syncPolicyOutcome")
        self.with_answers = QtWidgets.QRadioButton()
        self.with_answers.setObjectName("syncPolicyAnswers")
        self.auto_send = QtWidgets.QCheckBox()
        self.auto_send.setObjectName("syncAutoSend")
        self.allow_unencrypted = QtWidgets.QCheckBox()
        self.allow_unencrypted.setObjectName("syncAllowUnencrypted")
        self.save_button = button("", "syncSaveButton")
        self.save_button.clicked.connect(self.save_policy)
        self.push_button = button("primary", "syncPushButton")
        self.push_button.clicked.connect(self.push)
        self.bundle_button = button("", "syncBundleButton")
        self.bundle_button.clicked.connect(self.bundle)
        self.message = label()
        self.message.setObjectName("syncMessage")

        connect_row = QtWidgets.QHBoxLayout()
        connect_row.addWidget(self.link, 1)
        connect_row.addWidget(self.connect_button)
        self.policy_box = QtWidgets.QGroupBox()
        policy = QtWidgets.QVBoxLayout(self.policy_box)
        for widget in (
            self.outcome_only,
            self.with_answers,
            self.auto_send,
            self.allow_unencrypted,
        ):
            policy.addWidget(widget)
        policy.addWidget(self.save_button, 0, QtCore.Qt.AlignmentFlag.AlignLeading)
        content = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.status)
        column.addWidget(self.link_label)
        column.addLayout(connect_row)
        column.addWidget(self.policy_box)
        column.addStretch(1)
        # The settings scroll on a small screen; sending and its progress stay in view.
        scroll = quiet_scroll_area("syncScroll")
        scroll.setWidget(content)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(flow_bar(self.push_button, self.bundle_button, None))
        for widget in (self.link_label, self.link, self.connect_button, self.policy_box):
            widget.setVisible(self.admin)
        self.operation = None
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.title.setText(_("ODK Central server"))
        self.link_label.setText(_("App User link (from Central's App Users page or QR code)"))
        self.link.setAccessibleName(self.link_label.text())
        self.link.setPlaceholderText("https://…/v1/key/…/projects/…")
        set_text(self.connect_button, _("Connect"))
        self.policy_box.setTitle(_("What is sent"))
        set_text(self.outcome_only, _("The outcome and decision only"))
        set_text(self.with_answers, _("The outcome, decision and answers (never names or notes)"))
        set_text(self.auto_send, _("Send automatically while the vault is open"))
        set_text(self.allow_unencrypted, _("Allow forms that are not encrypted (not recommended)"))
        set_text(self.save_button, _("Save"))
        set_text(self.push_button, _("Send now"))
        set_text(self.bundle_button, _("Write a bundle…"))
        if self.vault.is_open:
            self.load()

    def load(self) -> None:
        """Show the connection, the policy and what waits, was sent or failed."""
        from app.sync.push import status

        try:
            info = status(self.vault)
        except Exception as error:
            self.status.setText(error_message(error))
            return
        counts = info.counts
        lines = [
            _("Server: {server}").format(
                server=_ltr(info.server) if info.server else _("not connected")
            ),
            _("This laptop: {laptop}").format(laptop=_ltr(info.laptop_id)),
            _("Waiting: {waiting}  In a bundle: {bundled}  Sent: {sent}  Failed: {failed}").format(
                waiting=counts.waiting,
                bundled=counts.bundled,
                sent=counts.sent,
                failed=counts.failed,
            ),
        ]
        if counts.withdrawals:
            lines.append(_("Withdrawal notices to send: {count}").format(count=counts.withdrawals))
        if counts.last_sent:
            lines.append(_("Last sent: {time}").format(time=format_datetime(counts.last_sent)))
        lines += [_ltr(instance) + ": " + error for instance, error in info.errors[:3]]
        self.status.setText("\n".join(lines))
        self.with_answers.setChecked(info.policy == "answers")
        self.outcome_only.setChecked(info.policy != "answers")
        self.auto_send.setChecked(info.auto_send)
        self.allow_unencrypted.setChecked(info.allow_unencrypted)
        self.push_button.setEnabled(info.server is not None)
        self.bundle_button.setEnabled(info.server is not None)

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.load()

    def _failed(self, error: BaseException) -> None:
        self._done(error_message(error))

    def connect_server(self) -> None:
        """Check the pasted link against the server's form list and keep it."""
        from app.sync.push import connect

        vault, text = self.vault, self.link.text()
        self.operation = run_in_background(
            parent=self,
            work=lambda: connect(vault, text),
            on_success=lambda forms: (
                self.link.clear(),
                self._done(_("Connected: {count} forms.").format(count=len(forms))),
            ),
            on_failure=self._failed,
            progress_text=_("Checking the link with the server…"),
        )

    def save_policy(self) -> None:
        try:
            self.vault.sync_config.set_policy(
                policy="answers" if self.with_answers.isChecked() else "outcome",
                auto_send=self.auto_send.isChecked(),
                allow_unencrypted=self.allow_unencrypted.isChecked(),
            )
        except Exception as error:
            self._failed(error)
            return
        self._done(_("Saved."))

    def push(self) -> None:
        """Send what waits, with a progress bar."""
        from app.sync.push import push

        vault, forms = self.vault, _forms()
        self.operation = run_in_background(
            parent=self,
            work=lambda report: push(vault, forms, progress=report),
            with_progress=True,
            on_success=lambda result: self._done(
                _(
                    "Delivered: {sent}  Already on the server: {duplicates}  "
                    "Withdrawal notices: {notices}  Not sent: {failed}"
                ).format(
                    sent=result.sent,
                    duplicates=result.duplicates,
                    notices=result.withdrawals,
                    failed=result.failed,
                )
            ),
            on_failure=self._failed,
            progress_text=_("Sending to the server…"),
        )

    def bundle(self) -> None:
        """Write what waits into a bundle file the user picks."""
        from app.sync.bundle import write_bundle

        path = choose_file(
            self,
            _("Write a bundle"),
            save=True,
            suggested="waystation.wsbundle",
            name_filter=_("Waystation bundle (*.wsbundle)"),
            suffix="wsbundle",
        )
        if not path:
            return
        vault, forms = self.vault, _forms()
        self.operation = run_in_background(
            parent=self,
            work=lambda: write_bundle(vault, forms, path),
            on_success=lambda report: self._done(
                _("Bundle written: {screenings} screenings, {notices} withdrawal notices.").format(
                    screenings=report.screenings, notices=report.withdrawals
                )
            ),
            on_failure=self._failed,
            progress_text=_("Writing the bundle…"),
        )
