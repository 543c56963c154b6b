"""A report's period: whole UTC days from a first to a last date, and its months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.domain.errors import UsageError
from app.i18n import _

# A longer period makes a longer monthly chart than anyone reads; split it instead.
MAX_DAYS = 5 * 366


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included (UTC dates, as times are stored)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UsageError(
                _("the period ends ({end}) before it starts ({start})").format(
                    start=self.start.isoformat(), end=self.end.isoformat()
                )
            )
        if (self.end - self.start).days > MAX_DAYS:
            raise UsageError(_("the period is longer than five years; choose a shorter one"))

    @classmethod
    def parse(cls, start: str | None, end: str | None, *, today: date | None = None) -> Period:
        """From --from/--to texts (YYYY-MM-DD); either missing: the last whole month."""
        default = cls.last_month(today)
        return cls(
            _parse_day(start, "--from") if start else default.start,
            _parse_day(end, "--to") if end else default.end,
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def last_month(cls, today: date | None = None) -> Period:
        """The calendar month before the one `today` (UTC) falls in."""
        today = today or datetime.now(UTC).date()
        last_day = today.replace(day=1) - timedelta(days=1)
        return cls.month(last_day.year, last_day.month)

    def months(self) -> tuple[str, ...]:
        """Every month the period touches, as YYYY-MM, in order."""
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(result)

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            _("{option}: '{text}' is not a date; write it as YYYY-MM-DD").format(
                option=option, text=text
            )
        ) from None
