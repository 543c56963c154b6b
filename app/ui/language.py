"""Switching the UI language at runtime: texts, Qt's own buttons, and text direction.

Widgets re-set their texts when Qt sends them a LanguageChange event (the
`Retranslating` base does this by calling `retranslate()`); Arabic and Farsi
switch the whole layout to right to left. Qt's own `qtbase_*.qm` catalogs are
loaded from the Qt installation so built-in buttons (OK, Cancel) follow.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import N_, _, current_language, is_rtl, language, set_language

_qt_translator: QtCore.QTranslator | None = None


def layout_direction(code: str) -> QtCore.Qt.LayoutDirection:
    """Right to left for Arabic and Farsi, else left to right."""
    if is_rtl(code):
        return QtCore.Qt.LayoutDirection.RightToLeft
    return QtCore.Qt.LayoutDirection.LeftToRight


def _load_qt_catalog(app: QtCore.QCoreApplication, code: str) -> bool:
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    translator = QtCore.QTranslator(app)
    folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    if code != "en" and translator.load(f"qtbase_{code}", folder):
        app.installTranslator(translator)
        _qt_translator = translator
        return True
    return False


def apply_language(code: str) -> None:
    """Make `code` the UI language now: every open widget re-translates and re-lays out.

    Raises ValueError for a language the app does not offer.
    """
    set_language(code)
    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        return
    _load_qt_catalog(app, code)
    app.setLayoutDirection(layout_direction(code))
    # Installing a translator already sends LanguageChange, but not every language has
    # a Qt catalog; sending it ourselves makes every widget follow in every case.
    for widget in app.allWidgets():
        QtCore.QCoreApplication.sendEvent(widget, QtCore.QEvent(QtCore.QEvent.Type.LanguageChange))


# Scripts whose letters a mnemonic underline breaks (their words are joined or stacked):
# there the Alt+key shows as "(S)" after the text (app.ui.mnemonics).
NO_UNDERLINE_SCRIPTS = frozenset({"arabic", "devanagari", "thai"})


def uses_brackets(code: str | None = None) -> bool:
    """True when `code` (default: the UI language) shows mnemonics as "(S)", not underlined."""
    try:
        return language(code or current_language()).script in NO_UNDERLINE_SCRIPTS
    except KeyError:
        return False


def language_title(code: str) -> str:
    """A language as lists show it: its own name and, unless it is the interface language,
    its name in the interface language too ("ไทย (Thai)"). Loads babel's names on first use."""
    ui = current_language()
    own = language(code).native_name
    if code == ui:
        return own
    try:
        other = language(code).display_name(ui)
    except (ValueError, LookupError):
        return own
    if not other or other.casefold() == own.casefold():
        return own
    from app.ui.bidi import isolate  # after the first paint: only lists call this

    return _("{language} ({name})").format(language=isolate(own), name=isolate(other))


REVIEW_TITLES = {
    "reviewed": N_("reviewed by a native speaker"),
    "draft": N_("draft translation, not yet reviewed: check understanding as you go"),
}


def review_title(code: str) -> str:
    """A language's review status in words (translations made here are drafts until a
    native speaker reviews them)."""
    status = language(code).review_status
    return _(REVIEW_TITLES.get(status, REVIEW_TITLES["draft"]))


def language_choice_title(code: str) -> str:
    """A language as a chooser lists it: `language_title`, marked when its translation is
    still a draft, so the review status shows where the language is chosen."""
    title = language_title(code)
    if language(code).review_status == "reviewed":
        return title
    return _("{language} - draft translation").format(language=title)


def set_text_direction(widget: QtWidgets.QWidget, code: str) -> None:
    """Lay out one widget (e.g. the respondent's question) in `code`'s direction.

    Needed even in an English UI: the respondent's Arabic reads right to left
    while the interviewer's panel stays left to right.
    """
    widget.setLayoutDirection(layout_direction(code))
    if isinstance(widget, QtWidgets.QLabel):
        alignment = widget.alignment() & ~QtCore.Qt.AlignmentFlag.AlignHorizontal_Mask
        widget.setAlignment(alignment | QtCore.Qt.AlignmentFlag.AlignLeading)


class Retranslating(QtWidgets.QWidget):
    """A widget that re-sets its texts on LanguageChange; subclasses define `retranslate()`."""

    def retranslate(self) -> None:
        """Set every user-visible text in the current language."""

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


__all__ = [
    "Retranslating",
    "apply_language",
    "current_language",
    "language_choice_title",
    "language_title",
    "layout_direction",
    "review_title",
    "set_text_direction",
    "uses_brackets",
]
