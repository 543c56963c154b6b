"""How answer values are stored: JSON text per answer type (docs/architecture.md).

"Prefer not to say" is ``declined=True`` with value ``None``; "not asked" is no
row at all. These helpers keep the three apart when values go in and out.
"""

from __future__ import annotations

import json
import math
from datetime import date

from app.domain.errors import UsageError
from app.i18n import _

ANSWER_TYPES = ("yes_no", "single", "multiple", "number", "date", "text")
YES_NO_VALUES = ("yes", "no", "unsure")


def encode_value(value: object, declined: bool) -> str | None:
    """The JSON text stored for an answer; None (SQL NULL) for a declined one."""
    if declined:
        if value is not None:
            raise UsageError(_("a declined answer carries no value"))
        return None
    if value is None:
        raise UsageError(_("an answer needs a value unless it is declined"))
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(_("a number answer must be finite"))
    if isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, str | int | float | list) or isinstance(value, bool):
        raise UsageError(
            _("cannot store an answer of type {kind}").format(kind=type(value).__name__)
        )
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        raise UsageError(_("a multiple-choice answer is a list of option ids"))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode_value(text: str | None) -> object:
    """The answer value stored as `text` (None for a declined answer)."""
    if text is None:
        return None
    return json.loads(text)


def check_value(answer_type: str, value: object) -> None:
    """Raise UsageError unless `value` is a valid value for `answer_type`."""
    ok = {
        "yes_no": lambda v: v in YES_NO_VALUES,
        "single": lambda v: isinstance(v, str) and v != "",
        "multiple": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "date": _is_iso_date,
        "text": lambda v: isinstance(v, str),
    }.get(answer_type)
    if ok is None:
        raise UsageError(_("unknown answer type '{kind}'").format(kind=answer_type))
    if not ok(value):
        raise UsageError(
            _("'{value}' is not a valid {kind} answer").format(value=value, kind=answer_type)
        )


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
