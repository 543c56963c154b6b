"""The one place user-visible text is translated.

Use ``_("...")`` for text shown now, ``N_("...")`` to mark a label defined at
import time (translate it with ``_`` when shown), ``ngettext`` and ``pgettext``
as in gettext. Texts take named ``{fields}`` filled with ``.format()``.
Questionnaire texts live in their own domain: ``form_text(lang, text)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from app.i18n.catalogs import FORMS_DOMAIN, UI_DOMAIN, translations
from app.i18n.languages import (
    SOURCE_LANGUAGE,
    Language,
    is_offered,
    is_rtl,
    language,
    language_name,
    offered_languages,
    review_status,
)

__all__ = [
    "N_",
    "SOURCE_LANGUAGE",
    "FormText",
    "Language",
    "_",
    "add_language_listener",
    "current_language",
    "form_text",
    "format_date",
    "format_datetime",
    "format_datetime_zone",
    "format_day",
    "is_offered",
    "is_rtl",
    "language",
    "language_name",
    "ngettext",
    "ngettext_in",
    "offered_languages",
    "pgettext",
    "pgettext_in",
    "review_status",
    "set_language",
    "translate",
]

_current = SOURCE_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def set_language(code: str) -> None:
    """Switch the UI language; listeners (the UI) re-set their texts."""
    global _current
    if not is_offered(code):
        raise ValueError(f"language not offered: {code}")
    _current = code
    for listener in list(_listeners):
        listener(code)


def current_language() -> str:
    """The code of the UI language in use."""
    return _current


def add_language_listener(listener: Callable[[str], None]) -> None:
    """Call `listener(code)` after every language switch."""
    _listeners.append(listener)


def _(message: str) -> str:
    """`message` in the current UI language."""
    return translations(_current, UI_DOMAIN).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark `message` for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current UI language."""
    return translations(_current, UI_DOMAIN).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current UI language, disambiguated by `context`."""
    return translations(_current, UI_DOMAIN).pgettext(context, message)


def ngettext_in(lang: str, singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` in a given language (not the UI's)."""
    return translations(lang, UI_DOMAIN).ngettext(singular, plural, n)


def pgettext_in(lang: str, context: str, message: str) -> str:
    """`message` disambiguated by `context`, in a given language (not the UI's)."""
    return translations(lang, UI_DOMAIN).pgettext(context, message)


def translate(message: str, lang: str) -> str:
    """`message` in a given language (not the UI's), e.g. for a referral packet."""
    return translations(lang, UI_DOMAIN).gettext(message)


class FormText(str):
    """A questionnaire text that remembers its form, its gettext context.

    Each form's texts are translated in that form's own context, so the same
    English question can be worded for a child in one form and for an adult in
    another (e.g. "tu" or "vous").
    """

    __slots__ = ("context",)
    context: str

    def __new__(cls, text: str, context: str) -> FormText:
        made = super().__new__(cls, text)
        made.context = context
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # copy, deepcopy and pickle
        return (str(self), self.context)


def form_text(lang: str, message: str) -> str:
    """A questionnaire text (question, option, script) in language `lang`."""
    if not message:
        return message
    catalog = translations(lang, FORMS_DOMAIN)
    context = getattr(message, "context", None)
    if context:
        return catalog.pgettext(context, str(message))
    return catalog.gettext(str(message))


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def format_datetime(moment: datetime, lang: str | None = None, fmt: str = "medium") -> str:
    """A UTC time shown in the user's time zone and the locale's format."""
    from babel.dates import format_datetime as _babel_format_datetime  # slow import: on use

    local = _local(moment)
    return _babel_format_datetime(local, format=fmt, tzinfo=local.tzinfo, locale=lang or _current)


def format_datetime_zone(moment: datetime, lang: str | None = None) -> str:
    """A UTC time in the user's time zone with the zone's offset: "March 3, 2026, 11:30 AM
    (GMT+02:00)", the date spelled out and joined to the time as the locale joins them.

    For what is read elsewhere (a referral packet): the reader may be in another zone.
    """
    from babel import Locale
    from babel.dates import format_date as _date
    from babel.dates import format_time as _time
    from babel.dates import get_timezone_gmt  # slow imports: on use

    locale = lang or _current
    local = _local(moment)
    joined = str(Locale.parse(locale).datetime_formats["medium"]).format(
        _time(local, "short", tzinfo=local.tzinfo, locale=locale),
        _date(local.date(), "long", locale=locale),
    )
    return f"{joined} ({get_timezone_gmt(local, 'long', locale=locale)})"


def format_day(day: date, lang: str | None = None, fmt: str = "medium") -> str:
    """A calendar date (a follow-up date, say) in the locale's format."""
    from babel.dates import format_date as _babel_format_date  # slow import: on use

    return _babel_format_date(day, format=fmt, locale=lang or _current)


def format_date(moment: datetime, lang: str | None = None, fmt: str = "long") -> str:
    """The date of a UTC time in the user's time zone and the locale's format."""
    from babel.dates import format_date as _babel_format_date  # slow import: on use

    return _babel_format_date(_local(moment).date(), format=fmt, locale=lang or _current)
