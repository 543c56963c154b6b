"""Loading gettext catalogs, compiling them in memory when no fresh .mo exists.

A translation whose ``{fields}`` differ from its source is never used: the
source text is shown instead, so a translator's typo cannot crash a screen or
put the wrong value in a sentence.
"""

from __future__ import annotations

import gettext
import io
import string
from functools import cache
from pathlib import Path

from app.resources import locales_dir

UI_DOMAIN = "waystation"
FORMS_DOMAIN = "forms"
_FORMATTER = string.Formatter()


def placeholder_fields(text: str) -> set[str] | None:
    """The named ``{fields}`` in `text`, or None when the braces are malformed."""
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(text) if name is not None}
    except ValueError:
        return None


class SafeTranslations(gettext.GNUTranslations):
    """GNU translations that fall back to the source when fields do not match."""

    def _safe(self, source: str, translated: str) -> str:
        if translated is source or translated == source:
            return translated
        if placeholder_fields(translated) != placeholder_fields(source):
            return source
        return translated

    def gettext(self, message: str) -> str:
        return self._safe(message, super().gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        source = msgid1 if n == 1 else msgid2
        return self._safe(source, super().ngettext(msgid1, msgid2, n))

    def pgettext(self, context: str, message: str) -> str:
        return self._safe(message, super().pgettext(context, message))


def _po_path(lang: str, domain: str, root: Path) -> Path:
    return root / lang / "LC_MESSAGES" / f"{domain}.po"


def compile_po(po_path: Path) -> bytes:
    """The .mo bytes for a .po file (fuzzy entries left out)."""
    # Imported here: a built .mo (and English, the source) needs no .po reader at start.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@cache
def translations(lang: str, domain: str = UI_DOMAIN) -> gettext.NullTranslations:
    """The translations of `domain` into `lang`; NullTranslations when none exist.

    A compiled .mo next to the .po is used when it is at least as new; otherwise
    the .po is compiled in memory, so a source checkout needs no build step and
    nothing is written to disk.
    """
    root = locales_dir()
    po = _po_path(lang, domain, root)
    mo = po.with_suffix(".mo")
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            data = mo.read_bytes()
        elif po.exists():
            data = compile_po(po)
        else:
            return gettext.NullTranslations()
    except OSError:
        return gettext.NullTranslations()
    return SafeTranslations(io.BytesIO(data))


def clear_cache() -> None:
    """Forget loaded catalogs (after `make catalogs` in a running test session)."""
    translations.cache_clear()
