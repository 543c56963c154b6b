"""The bar along the main window's top: Hide, Cases, Reports, Administration, who is signed in,
the interface language, About and Lock.

From its first paint on it wraps onto a second row rather than pushing About
and Lock off a 1024-pixel screen or into an overflow menu (Russian
"Заблокировать" is three times "Lock"). The language box lists each language
in its own name and, for the others, in the interface language too ("ไทย
(Thai)" beside "हिन्दी (Hindi)"), so a worker can find a language whose
script they cannot read.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6 import QtCore, QtWidgets

from app.i18n import _, current_language, offered_languages
from app.ui.controls import button, set_text
from app.ui.language import language_choice_title, language_title, review_title

# The item data holding a language as the open list shows it, review status included.
# (Qt.UserRole + 1 as a number: building Qt's ItemDataRole enum costs about 15 ms, which
# the unlock screen's first paint must not wait for.)
CHOICE_ROLE = 0x0100 + 1


class ChoiceDelegate(QtWidgets.QStyledItemDelegate):
    """Draws the open list's items from `CHOICE_ROLE` ("فارسی - draft translation"),
    while the closed box shows only the language's name and keeps its small width."""

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QtWidgets.QStyleOptionViewItem, index: QtCore.QModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        choice = index.data(CHOICE_ROLE)
        if choice:
            option.text = choice


class TopBar(QtWidgets.QFrame):
    """The main window's buttons; the window connects their signals (and `on_language`)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainToolbar")
        self.hide_button = button("danger", "quickHideButton")
        # Reached with Tab, but never the first stop: pages put the focus on their own field.
        self.hide_button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.hide_button.setAutoDefault(False)
        self.cases_button = button("", "casesButton")
        self.admin_button = button("", "adminButton")
        self.reports_button = button("", "reportsButton")
        self.lock_button = button("", "lockButton")
        self.about_button = button("", "aboutButton")
        for widget in (
            self.cases_button,
            self.reports_button,
            self.admin_button,
            self.lock_button,
            self.about_button,
        ):
            widget.setAutoDefault(False)
        self.user_label = QtWidgets.QLabel()
        self.user_label.setObjectName("userLabel")
        self.language_label = QtWidgets.QLabel()
        self.language_box = QtWidgets.QComboBox()
        self.language_box.setObjectName("uiLanguage")
        self.language_label.setBuddy(self.language_box)
        # Only the language in use at first: the others' names in the interface language
        # come from babel's locale data, which loads after the first paint.
        self.listed = False
        self.list_current()
        self.on_language: Callable[[str], None] = lambda _code: None
        self.language_box.currentIndexChanged.connect(self._chosen)
        # A plain row until the first paint (the unlock screen's few buttons fit any
        # screen); `wrap()` then lays them out in rows that wrap.
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(8)
        for widget in self._leading():
            layout.addWidget(widget)
        layout.addStretch(1)
        for widget in self._trailing():
            layout.addWidget(widget)

    def _leading(self) -> tuple[QtWidgets.QWidget, ...]:
        return (self.hide_button, self.cases_button, self.reports_button, self.admin_button)

    def _trailing(self) -> tuple[QtWidgets.QWidget, ...]:
        return (
            self.user_label,
            self.language_label,
            self.language_box,
            self.about_button,
            self.lock_button,
        )

    def wrap(self) -> None:
        """Lay the bar out in rows that wrap instead of pushing Lock off a small screen."""
        from app.ui.flow_layout import FlowLayout

        if isinstance(self.layout(), FlowLayout):
            return
        shiboken6.delete(self.layout())  # the widgets stay; only their row goes
        layout = FlowLayout(self, spacing=8, margin=4)
        for widget in self._leading():
            layout.addWidget(widget)
        layout.addStretch()
        for widget in self._trailing():
            layout.addWidget(widget)

    def retranslate(self) -> None:
        """Texts in the current language (the window calls this on LanguageChange)."""
        set_text(
            self.hide_button,
            _("Hide (F12)"),
            _("Hide every window and lock the vault (F12)"),
        )
        self.hide_button.setToolTip(_("F12 hides every window at once and locks the vault."))
        set_text(self.cases_button, _("Cases"))
        set_text(self.admin_button, _("Administration"))
        set_text(
            self.reports_button, _("Reports"), _("Figures of a period, the PDF and statistics")
        )
        set_text(self.lock_button, _("Lock"), _("Lock the vault (Ctrl+L)"))
        set_text(self.about_button, _("About"), _("About Waystation"))
        self.language_label.setText(_("Language"))
        self.language_box.setAccessibleName(_("User interface language"))
        if self.listed:
            self._fill(list_all=True)
        else:
            self.list_current()

    def list_current(self) -> None:
        """Only the language in use (before the first paint)."""
        self._fill(list_all=False)

    def list_languages(self) -> None:
        """Every offered language (after the first paint)."""
        if not self.listed:
            self.listed = True
            self._fill(list_all=True)

    def _fill(self, *, list_all: bool) -> None:
        box = self.language_box
        box.blockSignals(True)
        box.clear()
        if list_all:
            self._fill_all(box)
        else:  # before the first paint: the name alone, nothing that costs time
            box.addItem(language_title(current_language()), current_language())
        box.setCurrentIndex(max(0, box.findData(current_language())))
        box.blockSignals(False)

    @staticmethod
    def _fill_all(box: QtWidgets.QComboBox) -> None:
        """Every language, each with its review status in the open list and its tooltip."""
        roles = QtCore.Qt.ItemDataRole
        if not isinstance(box.itemDelegate(), ChoiceDelegate):
            box.setItemDelegate(ChoiceDelegate(box))
        for lang in offered_languages():
            box.addItem(language_title(lang.code), lang.code)
            row = box.count() - 1
            box.setItemData(row, language_choice_title(lang.code), CHOICE_ROLE)
            status = review_title(lang.code)
            box.setItemData(row, status, roles.ToolTipRole)
            box.setItemData(row, status, roles.AccessibleDescriptionRole)
        # The open list is as wide as its longest line, review status included, so no
        # line is cut (the closed box stays as narrow as the language's name).
        metrics = box.view().fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(box.itemData(i, CHOICE_ROLE)) for i in range(box.count())),
            default=0,
        )
        box.view().setMinimumWidth(widest + 4 * metrics.averageCharWidth() + 24)

    def _chosen(self, index: int) -> None:
        code = self.language_box.itemData(index)
        if code and code != current_language():
            self.on_language(code)

    def set_user(self, text: str) -> None:
        """Who is signed in ("" while locked)."""
        self.user_label.setText(text)
        self.user_label.setVisible(bool(text))
