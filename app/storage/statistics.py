"""`vault.statistics`: grouped counts for reports, filtered by the acting user's role.

Administrators and supervisors count everyone's work; a screener counts only
the cases they created (the same owner rule as `vault.cases`). A screening
belongs to the period in which it started, a referral to the one in which it
was made (UTC dates, as stored). Nothing here returns a reference, a name or
an answer's value other than the few closed-choice answers the HTCDS coding
reads (type of work); app/reports turns the rows into figures.
"""

# SQL text is built only from fixed fragments and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.roles import Permission, can
from app.storage.database import Connection

# A screening stopped because the person did not agree to be screened (the case list's rule).
REFUSED_SQL = "(s.status = 'stopped' AND s.consent_screen = 0 AND s.consent_at IS NOT NULL)"


@dataclass(frozen=True)
class ScreeningGroup:
    """How many screenings share these values. `refused`: consent to screen refused."""

    month: str
    form_id: str
    status: str
    refused: bool
    stop_reason: str | None
    level: str | None
    decision: str | None
    count: int


@dataclass(frozen=True)
class AnswerGroup:
    """Of the stored answers to one question of one form: how many, how many declined."""

    form_id: str
    question_id: str
    answered: int
    declined: int


@dataclass(frozen=True)
class ReferralGroup:
    """How many referrals were made in a month to services of one type ("" if unknown)."""

    month: str
    service_type: str
    count: int


class Statistics:
    """Grouped counts over a period: screenings, answers, referrals, outcome evidence."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def sees_everyone(self) -> bool:
        """True when the acting user's figures cover every account's work."""
        return can(self._vault.user.role, Permission.VIEW_ALL_REPORTS)

    def _scope(self, time_column: str, start: date, end: date) -> tuple[str, list[object]]:
        # `end` is inclusive: the period runs to the end of that day (UTC).
        clause = f" {time_column} >= ? AND {time_column} < ?"
        params: list[object] = [start.isoformat(), _day_after(end)]
        if not self.sees_everyone():
            clause += " AND c.created_by = ?"
            params.append(self._vault.user.name)
        return clause, params

    def screenings(self, start: date, end: date) -> list[ScreeningGroup]:
        """Screenings started in the period, grouped by month, form, status and outcome."""
        where, params = self._scope("s.started", start, end)
        sql = (
            f"SELECT substr(s.started, 1, 7), s.form_id, s.status, {REFUSED_SQL}, "
            "s.stop_reason, o.level, o.decision, count(*) "
            "FROM screenings s JOIN cases c ON c.id = s.case_id "
            "LEFT JOIN outcomes o INDEXED BY outcomes_level "
            "ON o.screening_id = s.id AND s.status = 'completed' "
            f"WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6, 7"
        )
        return [
            ScreeningGroup(row[0], row[1], row[2], bool(row[3]), *row[4:7], int(row[7]))
            for row in self._conn.execute(sql, params)
        ]

    def interview_seconds(self, start: date, end: date) -> list[tuple[str, float]]:
        """(form id, seconds of interview) of each completed screening in the period."""
        where, params = self._scope("s.started", start, end)
        sql = (
            "SELECT s.form_id, s.section_seconds FROM screenings s "
            f"JOIN cases c ON c.id = s.case_id WHERE s.status = 'completed' AND {where}"
        )
        result = []
        for form_id, text in self._conn.execute(sql, params):
            try:
                seconds = json.loads(text or "{}")
            except ValueError:
                continue
            if isinstance(seconds, dict):
                total = sum(float(v) for v in seconds.values() if isinstance(v, int | float))
                if total > 0:
                    result.append((form_id, total))
        return result

    def answers(self, start: date, end: date) -> list[AnswerGroup]:
        """Stored answers of screenings started in the period, per form and question.

        Screenings whose answers were deleted (the person asked not to keep
        them) have no rows here: only kept answers can be counted.
        """
        where, params = self._scope("s.started", start, end)
        sql = (
            "SELECT s.form_id, a.question_id, count(*), sum(a.declined) "
            "FROM answers a INDEXED BY answers_question JOIN screenings s ON s.id = a.screening_id "
            f"JOIN cases c ON c.id = s.case_id WHERE {where} GROUP BY 1, 2"
        )
        return [
            AnswerGroup(row[0], row[1], int(row[2]), int(row[3] or 0))
            for row in self._conn.execute(sql, params)
        ]

    def screenings_with_answers(self, start: date, end: date) -> int:
        """How many screenings started in the period still hold at least one answer."""
        where, params = self._scope("s.started", start, end)
        sql = (
            "SELECT count(*) FROM screenings s JOIN cases c ON c.id = s.case_id "
            f"WHERE EXISTS (SELECT 1 FROM answers a WHERE a.screening_id = s.id) AND {where}"
        )
        return int(self._conn.execute(sql, params).fetchone()[0])

    def answer_values(
        self, start: date, end: date, questions: Sequence[tuple[str, str]]
    ) -> list[tuple[int, str | None, str, str, object]]:
        """(screening id, decision, form id, question id, value) of answers to closed questions.

        Only completed screenings, only the listed (form id, question id) pairs,
        declined answers left out.
        """
        if not questions:
            return []
        where, params = self._scope("s.started", start, end)
        pairs = " OR ".join("(s.form_id = ? AND a.question_id = ?)" for _pair in questions)
        names = sorted({question for _form, question in questions})
        sql = (
            "SELECT s.id, o.decision, s.form_id, a.question_id, a.value "
            "FROM answers a INDEXED BY answers_question JOIN screenings s ON s.id = a.screening_id "
            "JOIN cases c ON c.id = s.case_id JOIN outcomes o ON o.screening_id = s.id "
            f"WHERE a.question_id IN ({', '.join('?' for _name in names)}) AND a.declined = 0 "
            f"AND s.status = 'completed' AND ({pairs}) AND {where}"
        )
        flat = [*names, *(item for pair in questions for item in pair)]
        result = []
        for row in self._conn.execute(sql, [*flat, *params]):
            try:
                value = json.loads(row[4]) if row[4] is not None else None
            except ValueError:
                continue
            result.append((int(row[0]), row[1], row[2], row[3], value))
        return result

    def referrals(self, start: date, end: date) -> list[ReferralGroup]:
        """Referrals made in the period, by month and the type of service referred to."""
        where, params = self._scope("r.created_at", start, end)
        sql = (
            "SELECT substr(r.created_at, 1, 7), COALESCE(v.type, ''), count(*) "
            "FROM referrals r JOIN screenings s ON s.id = r.screening_id "
            "JOIN cases c ON c.id = s.case_id LEFT JOIN services v ON v.id = r.service_id "
            f"WHERE {where} GROUP BY 1, 2"
        )
        return [
            ReferralGroup(row[0], row[1], int(row[2])) for row in self._conn.execute(sql, params)
        ]

    def outcome_codes(
        self,
        start: date,
        end: date,
        indicators: Sequence[tuple[str, str, str, str]],
        dimensions: Sequence[tuple[str, str, str]],
    ) -> list[tuple[str, str, str | None, int]]:
        """(kind, code, decision, screenings) from completed screenings' stored outcomes.

        `indicators` are (form id, question id, dimension id or "*", code): an
        indicator found counts for a code when its form, question and dimension
        match (kind "indicator"). `dimensions` are (form id, dimension id,
        code): a dimension scored positive counts for its code (kind
        "dimension"). Each screening counts once per code and decision. Read
        from the stored outcome (its rows in outcome_evidence, kept beside it
        by triggers: see migrations._REPORT_INDEXES), not the answers, so
        screenings whose answers were deleted at the person's request still
        count.
        """
        where, params = self._scope("s.started", start, end)
        marks = ", ".join("(?, ?, ?, ?)" for _code in indicators) or "(NULL, NULL, NULL, NULL)"
        dimension_marks = ", ".join("(?, ?, ?)" for _code in dimensions) or "(NULL, NULL, NULL)"
        sql = (
            f"WITH imap(form_id, question_id, dimension_id, code) AS (VALUES {marks}), "
            f"dmap(form_id, dimension_id, code) AS (VALUES {dimension_marks}), "
            "found AS MATERIALIZED (SELECT s.id AS id, s.form_id AS form_id, "
            "o.decision AS decision, x.dimension_id AS dimension_id, x.positive AS positive, "
            "x.question_id AS question_id "
            "FROM outcome_evidence x JOIN screenings s ON s.id = x.screening_id "
            "JOIN cases c ON c.id = s.case_id "
            "JOIN outcomes o INDEXED BY outcomes_level ON o.screening_id = s.id "
            f"WHERE s.status = 'completed' AND {where}) "
            "SELECT 'indicator', m.code, f.decision, count(DISTINCT f.id) FROM found f "
            "JOIN imap m ON m.form_id = f.form_id AND m.question_id = f.question_id "
            "AND m.dimension_id IN ('*', f.dimension_id) GROUP BY 1, 2, 3 "
            "UNION ALL "
            "SELECT 'dimension', m.code, f.decision, count(DISTINCT f.id) FROM found f "
            "JOIN dmap m ON m.form_id = f.form_id AND m.dimension_id = f.dimension_id "
            "WHERE f.positive GROUP BY 1, 2, 3"
        )
        flat = [item for code in indicators for item in code]
        flat += [item for code in dimensions for item in code]
        return [
            (row[0], row[1], row[2], int(row[3]))
            for row in self._conn.execute(sql, [*flat, *params])
        ]


def _day_after(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()
