"""Titles of the ids a report counts by, in a given language (questionnaires from their forms)."""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date

from app.domain import referral_rules
from app.domain.person import AGE_BANDS
from app.domain.referral_status import STATUS_TITLES
from app.domain.screening_states import STOP_REASONS
from app.i18n import N_, form_text, translate
from app.reports.age_bands import NOT_RECORDED_TITLE
from app.reports.figures import NO_COUNTRY, OUTCOME_CATEGORIES, Summary

NOT_KEPT = N_("Screenings whose answers were not kept at the person's request")
NO_COUNTRY_TITLE = N_("country not recorded")
OVERDUE = N_("Referral follow-ups overdue on {day}")
AGES_NOTE = N_(
    "The age band recorded in “about the person”, or the band of the age recorded there; "
    "where neither is, the questionnaire's own age question. A person screened twice counts "
    "twice."
)
STATUS_NOTE = N_(
    "Where the referrals made in the period stand now. Overdue: still open, and the "
    "follow-up date has come."
)
CAUTION = N_(
    "Counts of screens are not counts of identified victims: a screen decides only whether "
    "to refer a person for a full assessment."
)


@cache
def _loaded() -> dict:
    from app.domain.errors import WaystationError
    from app.screening.loader import load_forms

    try:
        return {form.id: form for form in load_forms()}
    except WaystationError:  # a broken form file: titles fall back to ids
        return {}


def loaded_forms() -> dict:
    """The installed questionnaires by id, read once (reading them takes about 0.3 s)."""
    return _loaded()


class Titles:
    """Turns a report's ids into text in `lang`; unknown ids are shown as they are."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, message: str) -> str:
        return translate(message, self.lang)

    def form(self, form_id: str) -> str:
        form = loaded_forms().get(form_id)
        return form_text(self.lang, form.title) if form else form_id

    def level(self, form_id: str, level: str) -> str:
        form = loaded_forms().get(form_id)
        for rule in form.outcomes if form else ():
            if rule.id == level:
                return form_text(self.lang, rule.title)
        return level

    def question(self, form_id: str, question_id: str) -> str:
        form = loaded_forms().get(form_id)
        if form is not None and form.has_question(question_id):
            return form_text(self.lang, form.question(question_id).text)
        return question_id

    def form_question(self, form_id: str, question_id: str) -> str:
        """ "Questionnaire: question", for lists mixing questionnaires."""
        return f"{self.form(form_id)}: {self.question(form_id, question_id)}"

    def category(self, key: str) -> str:
        return self.t(OUTCOME_CATEGORIES.get(key, key))

    def stop_reason(self, key: str) -> str:
        return self.t(STOP_REASONS[key]) if key in STOP_REASONS else key

    def service_type(self, key: str) -> str:
        return self.t(referral_rules.SERVICE_TYPES.get(key, key))

    def referral_status(self, key: str) -> str:
        return self.t(STATUS_TITLES[key]) if key in STATUS_TITLES else key

    def age_band(self, key: str) -> str:
        return self.t(AGE_BANDS.get(key, NOT_RECORDED_TITLE))

    def country(self, code: str) -> str:
        """A service's country (a two-letter code) by its name in the language, from babel."""
        if code == NO_COUNTRY:
            return self.t(NO_COUNTRY_TITLE)
        return _territories(self.lang).get(code, code)

    def month(self, month: str) -> str:
        """YYYY-MM as the month's name and year in the language (e.g. "March 2026")."""
        year, number = (int(part) for part in month.split("-"))
        return babel_format_date(date(year, number, 1), "LLLL y", locale=self.lang)

    def day(self, day: date) -> str:
        return babel_format_date(day, "long", locale=self.lang)

    def period(self, summary: Summary) -> str:
        return self.t(N_("{start} to {end}")).format(
            start=self.day(summary.period.start), end=self.day(summary.period.end)
        )


@cache
def _territories(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        return {}
