"""`vault.statistics`: grouped counts for reports, filtered by the acting user's role.

Administrators and supervisors count everyone's work; a screener counts only
the cases they created (the same owner rule as `vault.cases`). A screening
belongs to the period in which it started, a referral to the one in which it
was made (UTC dates, as stored). Nothing here returns a reference, a name or
an answer's value other than the few closed-choice answers the HTCDS coding
reads (type of work) and what says how old the person is (the profile's age
and age band, and the questionnaires' own age questions); app/reports turns
the rows into figures.
"""

# SQL text is built only from fixed fragments and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.roles import Permission, can
from app.storage.database import Connection


@dataclass(frozen=True)
class ScreeningGroup:
    """How many screenings share these values."""

    month: str
    form_id: str
    status: str
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
    """How many referrals made in a month share a service type, status, country and due date.

    `service_type` and `country` are the service's ("" when the service was
    removed, or no country is recorded); `status` is where the referral stands
    now and `due_on` its follow-up date (YYYY-MM-DD, None once declined or closed).
    """

    month: str
    service_type: str
    status: str
    country: str
    due_on: str | None
    count: int


@dataclass(frozen=True)
class AgeGroup:
    """How many screenings of a month are of people with this recorded age and age band.

    From the case's "about the person" (None: not recorded, or no profile).
    """

    month: str
    age: object
    age_band: object
    count: int


@dataclass(frozen=True)
class AgeAnswer:
    """One stored answer to a question that can say how old the person is."""

    screening_id: int
    month: str
    form_id: str
    question_id: str
    value: object
    declined: bool


class Statistics:
    """Grouped counts over a period: screenings, answers, referrals, outcome evidence."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def sees_everyone(self) -> bool:
        """True when the acting user's figures cover every account's work."""
        return can(self._vault.user.role, Permission.VIEW_ALL_REPORTS)

    def _scope(self, start: date, end: date, *, time_column: str = "s.started"):
        """A WHERE clause on screenings `s`: in the period, and the screener's own cases.

        `end` is inclusive: the period runs to the end of that day (UTC). The
        owner test is a subquery SQLite runs once, not a join per row.
        """
        clause = f"{time_column} >= ? AND {time_column} < ?"
        params: list[object] = [start.isoformat(), _day_after(end)]
        if not self.sees_everyone():
            clause += " AND s.case_id IN (SELECT id FROM cases WHERE created_by = ?)"
            params.append(self._vault.user.name)
        return clause, params

    def _in_scope(self, start: date, end: date, condition: str = "1") -> tuple[str, list]:
        """`WITH sc(id, form_id)`: the screenings in scope, made once and joined by id.

        Joining answers or evidence to this small table is about three times
        quicker than looking each row's screening up in the screenings table.
        """
        where, params = self._scope(start, end)
        cte = (
            "sc AS MATERIALIZED (SELECT s.id AS id, s.form_id AS form_id FROM screenings s "
            f"WHERE {condition} AND {where})"
        )
        return cte, params

    def screenings(self, start: date, end: date) -> list[ScreeningGroup]:
        """Screenings started in the period, grouped by month, form, status and outcome."""
        where, params = self._scope(start, end)
        sql = (
            "SELECT substr(s.started, 1, 7), s.form_id, s.status, "
            "s.stop_reason, o.level, o.decision, count(*) FROM screenings s "
            "LEFT JOIN outcomes o INDEXED BY outcomes_level "
            "ON o.screening_id = s.id AND s.status = 'completed' "
            f"WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6"
        )
        return [ScreeningGroup(*row[:6], int(row[6])) for row in self._conn.execute(sql, params)]

    def interview_seconds(self, start: date, end: date) -> list[tuple[str, float]]:
        """(form id, seconds of interview) of each completed screening in the period with a time."""
        where, params = self._scope(start, end)
        sql = (
            "SELECT s.form_id, (SELECT sum(t.value) FROM json_each(CASE WHEN "
            "json_valid(s.section_seconds) AND json_type(s.section_seconds) = 'object' "
            "THEN s.section_seconds ELSE '{}' END) t WHERE t.type IN ('integer', 'real')) "
            f"FROM screenings s WHERE s.status = 'completed' AND {where}"
        )
        return [
            (form_id, float(total))
            for form_id, total in self._conn.execute(sql, params)
            if total is not None and total > 0
        ]

    def answers(self, start: date, end: date) -> list[AnswerGroup]:
        """Stored answers of screenings started in the period, per form and question.

        Screenings whose answers were deleted (the person asked not to keep
        them) have no rows here: only kept answers can be counted.
        """
        cte, params = self._in_scope(start, end)
        sql = (
            f"WITH {cte} SELECT sc.form_id, a.question_id, count(*), sum(a.declined) "
            "FROM answers a INDEXED BY answers_question JOIN sc ON sc.id = a.screening_id "
            "GROUP BY 1, 2"
        )
        return [
            AnswerGroup(row[0], row[1], int(row[2]), int(row[3] or 0))
            for row in self._conn.execute(sql, params)
        ]

    def screenings_with_answers(self, start: date, end: date) -> int:
        """How many screenings started in the period still hold at least one answer."""
        where, params = self._scope(start, end)
        sql = (
            "SELECT count(*) FROM screenings s "
            f"WHERE EXISTS (SELECT 1 FROM answers a WHERE a.screening_id = s.id) AND {where}"
        )
        return int(self._conn.execute(sql, params).fetchone()[0])

    def answers_not_kept(self, start: date, end: date) -> int:
        """Ended screenings whose person agreed to the screening but not to keeping the answers.

        Their answer values were deleted when they ended (screening_states.answers_forgotten).
        """
        where, params = self._scope(start, end)
        sql = (
            "SELECT count(*) FROM screenings s WHERE s.consent_at IS NOT NULL "
            "AND s.consent_screen = 1 AND s.consent_store = 0 "
            f"AND s.status IN ('completed', 'stopped') AND {where}"
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
        cte, params = self._in_scope(start, end, "s.status = 'completed'")
        pairs = " OR ".join("(sc.form_id = ? AND a.question_id = ?)" for _pair in questions)
        names = sorted({question for _form, question in questions})
        sql = (
            f"WITH {cte} SELECT sc.id, o.decision, sc.form_id, a.question_id, a.value "
            "FROM answers a INDEXED BY answers_question JOIN sc ON sc.id = a.screening_id "
            # The level index holds the decision: the outcomes table holds each result's JSON.
            "JOIN outcomes o INDEXED BY outcomes_level ON o.screening_id = sc.id "
            f"WHERE a.question_id IN ({', '.join('?' for _name in names)}) AND a.declined = 0 "
            f"AND ({pairs})"
        )
        flat = [*params, *names, *(item for pair in questions for item in pair)]
        return [
            (int(row[0]), row[1], row[2], row[3], value)
            for row, value in _with_values(self._conn.execute(sql, flat))
        ]

    def referrals(self, start: date, end: date) -> list[ReferralGroup]:
        """Referrals made in the period, by month, service type, status, country and due date."""
        where, params = self._scope(start, end, time_column="r.created_at")
        sql = (
            "SELECT substr(r.created_at, 1, 7), COALESCE(v.type, ''), r.status, "
            "COALESCE(v.country, ''), r.due_on, count(*) "
            "FROM referrals r JOIN screenings s ON s.id = r.screening_id "
            "LEFT JOIN services v ON v.id = r.service_id "
            f"WHERE {where} GROUP BY 1, 2, 3, 4, 5"
        )
        return [ReferralGroup(*row[:5], int(row[5])) for row in self._conn.execute(sql, params)]

    def ages(self, start: date, end: date) -> list[AgeGroup]:
        """Screenings started in the period by month and the age and age band of their person.

        Read from the case's profile (`vault.people`); a damaged profile counts
        as not recorded. Only these two fields are read, never the rest.
        """
        where, params = self._scope(start, end)
        sql = (
            f"SELECT substr(s.started, 1, 7), {_PROFILE_AGE}, {_PROFILE_BAND}, count(*) "
            "FROM screenings s LEFT JOIN person_profiles p ON p.case_id = s.case_id "
            f"WHERE {where} GROUP BY 1, 2, 3"
        )
        return [AgeGroup(*row[:3], int(row[3])) for row in self._conn.execute(sql, params)]

    def age_answers(
        self, start: date, end: date, questions: Sequence[tuple[str, str]]
    ) -> list[AgeAnswer]:
        """Stored answers to the listed (form id, question id) pairs, of screenings started in
        the period whose profile records neither an age nor an age band.

        The questionnaire's own age question (and those deciding whether it is
        shown) then says the age, as it does for a referral packet.
        """
        if not questions:
            return []
        where, params = self._scope(start, end)
        forms = sorted({form for form, _question in questions})
        marks = ", ".join("(?, ?)" for _pair in questions)
        sql = (
            f"WITH wanted(form_id, question_id) AS (VALUES {marks}), "
            "sc AS MATERIALIZED (SELECT s.id AS id, s.form_id AS form_id, "
            "substr(s.started, 1, 7) AS month FROM screenings s "
            "LEFT JOIN person_profiles p ON p.case_id = s.case_id "
            f"WHERE s.form_id IN ({', '.join('?' for _form in forms)}) "
            f"AND {_PROFILE_AGE} IS NULL AND {_PROFILE_BAND} IS NULL AND {where}) "
            "SELECT sc.id, sc.month, sc.form_id, a.question_id, a.value, a.declined FROM sc "
            "JOIN wanted w ON w.form_id = sc.form_id "
            "JOIN answers a ON a.screening_id = sc.id AND a.question_id = w.question_id"
        )
        flat = [*(item for pair in questions for item in pair), *forms, *params]
        return [
            AgeAnswer(int(row[0]), row[1], row[2], row[3], value, bool(row[5]))
            for row, value in _with_values(self._conn.execute(sql, flat))
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
        by triggers: see migrations._REPORT_INDEXES). When the person asked
        for the answers not to be kept, the outcome keeps only its level and
        decision, so such screenings count in none of these codes.
        """
        cte, params = self._in_scope(start, end, "s.status = 'completed'")
        # Each map row seeks its question (or dimension) in outcome_evidence's
        # indexes, then the screening in scope and its decision.
        joined = (
            "JOIN sc ON sc.id = x.screening_id AND sc.form_id = m.form_id "
            "JOIN outcomes o INDEXED BY outcomes_level ON o.screening_id = sc.id "
        )
        searches = (
            (
                "indicator",
                indicators,
                "map(form_id, question_id, dimension_id, code)",
                "JOIN outcome_evidence x INDEXED BY outcome_evidence_question "
                "ON x.question_id = m.question_id "
                "AND (m.dimension_id = '*' OR x.dimension_id = m.dimension_id) ",
            ),
            (
                "dimension",
                dimensions,
                "map(form_id, dimension_id, code)",
                "JOIN outcome_evidence x INDEXED BY outcome_evidence_dimension "
                "ON x.dimension_id = m.dimension_id AND x.positive = 1 ",
            ),
        )
        result: list[tuple[str, str, str | None, int]] = []
        for kind, codes, mapping, evidence in searches:
            if not codes:
                continue
            marks = ", ".join("(" + ", ".join("?" * len(codes[0])) + ")" for _code in codes)
            sql = (
                f"WITH {cte}, {mapping} AS (VALUES {marks}) "
                "SELECT m.code, o.decision, count(DISTINCT sc.id) FROM map m "
                f"{evidence}{joined} GROUP BY 1, 2"
            )
            flat = [*params, *(item for code in codes for item in code)]
            result += [(kind, row[0], row[1], int(row[2])) for row in self._conn.execute(sql, flat)]
        return result


# The profile's age and age band (JSON in person_profiles.data); NULL when none or damaged.
_PROFILE_AGE = "CASE WHEN json_valid(p.data) THEN json_extract(p.data, '$.age') END"
_PROFILE_BAND = "CASE WHEN json_valid(p.data) THEN json_extract(p.data, '$.age_band') END"


def _with_values(rows: Iterable[Sequence]) -> Iterator[tuple[Sequence, object]]:
    """Each row with its answer's value (the fifth column, JSON); unreadable ones left out."""
    for row in rows:
        try:
            yield row, (json.loads(row[4]) if row[4] is not None else None)
        except ValueError:
            continue


def _day_after(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()
