"""The questionnaires the UI offers, loaded once from the app's forms folder."""

from __future__ import annotations

from functools import cache
from typing import Any

from app.domain.errors import WaystationError


@cache
def _load() -> tuple[tuple[Any, ...], str]:
    from app.screening.loader import load_forms

    try:
        return tuple(load_forms()), ""
    except WaystationError as error:
        return (), str(error)


def available_forms() -> dict[str, Any]:
    """Questionnaires by id (empty when none could be loaded; see `forms_problem`)."""
    forms, _problem = _load()
    return {form.id: form for form in forms}


def forms_problem() -> str:
    """Why no questionnaire could be loaded ("" when they loaded)."""
    return _load()[1]


def reload_forms() -> None:
    """Forget the loaded questionnaires (tests, or after installing a new form)."""
    _load.cache_clear()
