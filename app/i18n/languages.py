"""The languages Waystation offers, with their direction, script and review status.

Translations written by the project are drafts until a native speaker reviews
them; each catalog says which in its ``X-Review-Status`` header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.resources import locales_dir

SOURCE_LANGUAGE = "en"

# code -> script used to pick a font; the order is the order shown to users.
_OFFERED: dict[str, str] = {
    "en": "latin",
    "ar": "arabic",
    "fa": "arabic",
    "uk": "cyrillic",
    "ru": "cyrillic",
    "es": "latin",
    "fr": "latin",
    "vi": "latin",
    "hi": "devanagari",
    "th": "thai",
}

# Each offered language's name in itself and its direction, as babel's CLDR data gives
# them (a test keeps them equal): the desktop's first screen needs one name and one
# direction, and loading babel and a locale for them would delay it.
_NATIVE_NAMES: dict[str, str] = {
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "uk": "українська",
    "ru": "русский",
    "es": "español",
    "fr": "français",
    "vi": "Tiếng Việt",
    "hi": "हिन्दी",
    "th": "ไทย",
}
_RIGHT_TO_LEFT = frozenset({"ar", "fa"})

REVIEWED = "reviewed"
DRAFT = "draft"
REVIEW_HEADER = "X-Review-Status"
REVIEW_RE = re.compile(r'^"X-Review-Status:\s*([A-Za-z-]+)', re.MULTILINE)


@dataclass(frozen=True)
class Language:
    """One offered language: its code, names, writing direction and script."""

    code: str
    script: str

    @property
    def native_name(self) -> str:
        """The language's name in itself, e.g. "العربية"."""
        if self.code in _NATIVE_NAMES:
            return _NATIVE_NAMES[self.code]
        from babel import Locale

        return Locale.parse(self.code).get_display_name(self.code) or self.code

    def display_name(self, in_language: str) -> str:
        """The language's name written in another language."""
        from babel import Locale

        name = Locale.parse(self.code).get_display_name(Locale.parse(in_language))
        return name or self.code

    @property
    def rtl(self) -> bool:
        """True for languages written right to left (Arabic, Farsi)."""
        return is_rtl(self.code)

    @property
    def review_status(self) -> str:
        """``reviewed`` once a native speaker reviewed the catalogs, else ``draft``."""
        return review_status(self.code)


def offered_languages() -> list[Language]:
    """Every language the app offers, English first."""
    return [Language(code, script) for code, script in _OFFERED.items()]


def language(code: str) -> Language:
    """The offered language with this code; raises KeyError for any other."""
    return Language(code, _OFFERED[code])


def is_offered(code: str) -> bool:
    """True when `code` is one of the offered languages."""
    return code in _OFFERED


def is_rtl(code: str) -> bool:
    """True when `code` is written right to left."""
    if code in _OFFERED:
        return code in _RIGHT_TO_LEFT
    from babel import Locale

    return Locale.parse(code).character_order == "right-to-left"


@cache
def review_status(code: str) -> str:
    """The review status of a language: reviewed only when both of its catalogs say so.

    The interface catalog and the questionnaire catalog (the words read to the
    respondent) are reviewed separately; a language whose questions are still a
    draft is shown as a draft. English is the source language and needs no
    review. A catalog without the header counts as a draft: nothing is called
    reviewed unless someone said so.
    """
    if code == SOURCE_LANGUAGE:
        return REVIEWED
    folder = locales_dir() / code / "LC_MESSAGES"
    written = [read_review_status(folder / f"{domain}.po") for domain in ("waystation", "forms")]
    return REVIEWED if all(status.lower() == REVIEWED for status in written) else DRAFT


def read_review_status(po: Path) -> str:
    """The X-Review-Status written in a catalog's header as it stands, or draft."""
    try:
        with po.open(encoding="utf-8") as handle:
            head = handle.read(4000)  # the header entry comes first
    except (OSError, UnicodeDecodeError):
        return DRAFT
    match = REVIEW_RE.search(head)
    return match.group(1) if match else DRAFT
