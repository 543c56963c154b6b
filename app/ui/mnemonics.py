"""Keyboard mnemonics (Alt+letter) that never break a script's letters.

An underline under an Arabic, Farsi, Devanagari or Thai letter breaks its
shaping: it hides the dots of ب (so بحث reads يحث) and splits a Devanagari
cluster into a dotted circle. In those scripts the mnemonic is shown the way
Chinese and Japanese software does: the text without any underline, then the
key in brackets, "بحث (S)", with the Latin letter of the English source (the
key a worker presses is the same in every language). The brackets are a
left-to-right isolate, so they stay at the end of a right-to-left text.

`shown` turns a text as translated into the text to show; it is idempotent,
so `fix_mnemonics` can run over a whole window again after any change.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6 import QtWidgets

from app.i18n import current_language
from app.ui.bidi import LRI, PDI
from app.ui.language import uses_brackets

# "(&S)" at the end of a text, inside an isolate or not (Thai catalogs write it so).
_BRACKETED = re.compile(rf"\s*{LRI}?\(&([^\s&)])\){PDI}?")
_SINGLE_AMPERSAND = re.compile(r"&(?!&)")


def mnemonic_char(text: str) -> str:
    """The character after the one `&` that marks a mnemonic ("&&" is a literal &), or ""."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return ""
        if text[index + 1] == "&":
            index += 2
            continue
        return text[index + 1]


def without_mnemonic(text: str) -> str:
    """The text as read aloud: no mnemonic mark, no "(&S)" suffix; "&&" becomes "&"."""
    text = _BRACKETED.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@cache
def _sources(lang: str) -> dict[str, str]:
    """Translated text -> English source, for the UI catalog's texts with a mnemonic."""
    from app.i18n.catalogs import UI_DOMAIN, translations

    catalog = getattr(translations(lang, UI_DOMAIN), "_catalog", {}) or {}
    found: dict[str, str] = {}
    for source, translated in catalog.items():
        if isinstance(source, str) and isinstance(translated, str) and "&" in translated:
            found.setdefault(translated, source.split("\x04")[-1])
    return found


def source_letter(text: str, lang: str) -> str:
    """The mnemonic letter of the English text `text` was translated from ("" if unknown)."""
    source = _sources(lang).get(text, "")
    letter = mnemonic_char(source)
    return letter.upper() if letter.isascii() and letter.isalnum() else ""


def shown(text: str, lang: str | None = None) -> str:
    """`text` with its mnemonic in the form its script needs ("بحث (&S)"); else unchanged."""
    lang = lang or current_language()
    if "&" not in text or not uses_brackets(lang):
        return text
    bracketed = _BRACKETED.search(text)
    if bracketed is not None:
        letter = bracketed.group(1)
        body = text[: bracketed.start()] + text[bracketed.end() :]
    else:
        letter = mnemonic_char(text)
        if not letter:
            return text
        if not (letter.isascii() and letter.isalnum()):
            letter = source_letter(text, lang)
        body = _SINGLE_AMPERSAND.sub("", text, count=1)
    body = body.rstrip()
    if not letter:
        return body
    return f"{body} {LRI}(&{letter.upper()}){PDI}"


def _carries_mnemonic(widget: QtWidgets.QWidget) -> bool:
    """Labels with a buddy and buttons: the widgets whose `text()` gives an Alt+key."""
    if isinstance(widget, QtWidgets.QLabel):
        return widget.buddy() is not None
    return isinstance(widget, QtWidgets.QAbstractButton)


def _fix(widget: QtWidgets.QWidget) -> None:
    if _carries_mnemonic(widget):
        text = widget.text()
        if "&" in text and shown(text) != text:
            widget.setText(shown(text))
    elif isinstance(widget, QtWidgets.QGroupBox):
        title = widget.title()
        if "&" in title and shown(title) != title:
            widget.setTitle(shown(title))
    elif isinstance(widget, QtWidgets.QTabWidget):
        for index in range(widget.count()):
            text = widget.tabText(index)
            if "&" in text and shown(text) != text:
                widget.setTabText(index, shown(text))


def fix_mnemonics(root: QtWidgets.QWidget) -> None:
    """Show every mnemonic under `root` (itself included) in the form its script needs."""
    if not uses_brackets():
        return
    _fix(root)
    for widget in root.findChildren(QtWidgets.QWidget):
        _fix(widget)


def mnemonic_widgets(root: QtWidgets.QWidget) -> dict[str, list[QtWidgets.QWidget]]:
    """Visible widgets under `root` by the Alt+key their mnemonic gives (lower case)."""
    found: dict[str, list[QtWidgets.QWidget]] = {}
    for widget in [root, *root.findChildren(QtWidgets.QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        texts: list[str] = []
        if _carries_mnemonic(widget):
            texts.append(widget.text())
        elif isinstance(widget, QtWidgets.QGroupBox) and widget.isCheckable():
            texts.append(widget.title())
        elif isinstance(widget, QtWidgets.QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        for text in texts:
            letter = mnemonic_char(text).lower()
            if letter:
                found.setdefault(letter, []).append(widget)
    return found
