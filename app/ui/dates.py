"""Dates as lists show them, with the month in words: "12 Jul 2026, 10:17".

A numeric short date such as 12/7/26 is read as 12 July in one team and as
7 December in another; international teams share laptops and screenshots.
The month name comes from the locale (CLDR skeleton "yMMMd"), so every
language gets its own order and words; times are in the user's time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.i18n import current_language


def format_moment(moment: datetime, lang: str | None = None) -> str:
    """Date with the month in words and the time (hours and minutes), in `lang`."""
    # Imported here: babel's date code loads after the first paint, not at start.
    from babel import Locale
    from babel.dates import format_skeleton, format_time

    locale = Locale.parse(lang or current_language())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    date = format_skeleton("yMMMd", local, locale=locale)
    time = format_time(local, format="short", locale=locale)
    pattern = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    return pattern.replace("{1}", date).replace("{0}", time)
