"""The About box: version, licence, and what the app promises about the data it holds."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app import APP_ID, __version__
from app.i18n import _, current_language, language
from app.ui.bidi import isolate


def about_text() -> str:
    """The About box's text in the current language (plain text, no case data)."""
    lang = language(current_language())
    status = _("reviewed") if lang.review_status == "reviewed" else _("draft")
    return "\n\n".join(
        [
            _("Waystation {version}").format(version=__version__),
            _(
                "Trauma-informed screening and referral. A screen is not an identification: "
                "it decides whether to refer a person for a full assessment and support."
            ),
            _(
                "Works offline. It opens a network connection only to send screenings to "
                "the ODK Central server an administrator set up, when you ask or when "
                "automatic sending was switched on. Every record is encrypted on this "
                "computer."
            ),
            _("Translation of {language}: {status}").format(
                language=isolate(lang.native_name), status=status
            ),
            _("Licence: GPL-3.0-or-later · Application id: {app_id}").format(app_id=APP_ID),
        ]
    )


class AboutDialog(QtWidgets.QDialog):
    """A small modal box; its window title names the app only, never a case."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About Waystation"))
        self.setModal(True)
        self.setAccessibleName(_("About Waystation"))
        # A read-only text a screen reader can read line by line (a label exposes only
        # a name); Tab reaches it first, and it holds no case data.
        self.text = QtWidgets.QPlainTextEdit()
        self.text.setObjectName("aboutText")
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.text.setPlainText(about_text())
        self.text.setAccessibleName(_("About Waystation"))
        self.text.setAccessibleDescription(about_text())
        self.text.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard
            | QtCore.Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Close).setAccessibleName(
            _("Close")
        )
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(520, self.fontMetrics().averageCharWidth() * 60))
        self.text.setFocus()
