"""The case list's query: one page of cases with their latest screening, searched,
filtered, sorted and paged in SQL (`vault.cases.overview` and `count`).

The titles the list shows (questionnaire, outcome, status) are matched and ranked
in the current UI language, in Python; SQL sees only ids.
"""

# SQL text is built only from fixed column lists and `?` placeholders, never from input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.errors import UsageError
from app.i18n import N_, _
from app.storage.database import Connection, parse_time

# What the case list shows for each state of a case's latest screening. "none":
# no screening yet; "refused": stopped because consent to screen was refused.
STATUS_TITLES = {
    "none": N_("not started"),
    "draft": N_("in progress"),
    "paused": N_("paused"),
    "completed": N_("completed"),
    "stopped": N_("stopped"),
    "refused": N_("consent refused"),
}
# The "to continue" filter: interviews that can go on, and cases not started.
OPEN_STATUSES = ("none", "draft", "paused")
# The "follow-up due" filter: cases with an open referral past its follow-up date.
FOLLOWUP_DUE = "followup_due"
SORT_KEYS = (
    "reference",
    "status",
    "form",
    "outcome",
    "last_activity",
    "interviewer",
    "followup",
)


@dataclass(frozen=True)
class CaseOverview:
    """One line of the case list: a case and its latest screening (if any).

    `status` is one of STATUS_TITLES; `outcome_level` and `outcome_decision`
    are set only for a completed screening with a stored outcome (the decision
    may be None for a level no shipped form knew, see migration 6);
    `next_followup` is the earliest follow-up date of the case's open referrals.
    """

    case_id: int
    reference: str
    screening_id: int | None
    status: str
    form_id: str | None
    outcome_level: str | None
    last_activity: datetime | None
    interviewer: str
    outcome_decision: str | None = None  # a domain.models.Decision value, with the level
    next_followup: date | None = None


# The latest screening of a case: greatest `updated`, the earliest started on a
# tie (the same choice as screenings.latest_by_case). Migrations 4 and 5 give
# indexes holding every column read here, so no table but `cases` is read, and
# the default order (last activity, kept by triggers) walks an index and stops
# after one page. INDEXED BY: left to itself SQLite reads the outcome level
# through the outcomes rowid, i.e. the table's pages with each result's JSON
# (250 ms for 16,000 outcomes instead of 2 ms), and screenings through theirs.
_OVERVIEW = """
SELECT c.id, c.reference, s.id, s.form_id, o.level,
       c.last_activity AS activity,
       COALESCE(s.interviewer, c.created_by) AS shown_interviewer,
       CASE WHEN s.id IS NULL THEN 'none'
            WHEN s.status = 'stopped' AND s.consent_screen = 0 AND s.consent_at IS NOT NULL
            THEN 'refused'
            ELSE s.status END AS shown_status,
       o.decision,
       c.next_followup
FROM cases c
LEFT JOIN screenings s INDEXED BY screenings_case_latest_cover ON s.case_id = c.id AND s.id = (
    SELECT l.id FROM screenings l INDEXED BY screenings_case_latest_cover WHERE l.case_id = c.id
    ORDER BY l.updated DESC, l.started, l.id LIMIT 1)
LEFT JOIN outcomes o INDEXED BY outcomes_level
    ON o.screening_id = s.id AND s.status = 'completed'
"""
# For every other order, and for searches few cases match: read cases in storage order.
_OVERVIEW_IN_STORAGE_ORDER = _OVERVIEW.replace("FROM cases c\n", "FROM cases c NOT INDEXED\n")
_FEW = 200  # fewer matching references than this: a search reads cases in storage order


_REFUSED = "(s.status = 'stopped' AND s.consent_screen = 0 AND s.consent_at IS NOT NULL)"


def status_condition(statuses) -> str:
    """SQL true for a row whose shown status is one of `statuses` (STATUS_TITLES keys).

    Spelled on the stored columns, not on the shown_status CASE, which SQLite
    would evaluate for every case.
    """
    parts = []
    plain = [status for status in statuses if status in ("draft", "paused", "completed")]
    if plain:
        parts.append("s.status IN (" + ", ".join(f"'{status}'" for status in plain) + ")")
    if "none" in statuses:
        parts.append("s.id IS NULL")
    if "refused" in statuses:
        parts.append(_REFUSED)
    if "stopped" in statuses:
        parts.append(f"(s.status = 'stopped' AND NOT {_REFUSED})")
    return "(" + (" OR ".join(parts) or "0") + ")"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


def _marks(values) -> str:
    return ",".join("?" * len(values))


class _Titles:
    """The titles the case list shows, in the current UI language, from the loaded forms."""

    def __init__(self, forms: Mapping[str, Any] | None) -> None:
        from app.i18n import current_language, form_text

        lang = current_language()
        self.forms: dict[str, str] = {}
        self.outcomes: dict[str, str] = {}  # "form_id/level" -> title
        for form_id, form in (forms or {}).items():
            self.forms[form_id] = form_text(lang, form.title)
            for rule in form.outcomes:
                self.outcomes[form_id + "/" + rule.id] = form_text(lang, rule.title)
        self.statuses = {status: _(title) for status, title in STATUS_TITLES.items()}

    @staticmethod
    def _containing(titles: dict[str, str], term: str) -> list[str]:
        return [key for key, title in titles.items() if term in title.casefold()]

    @staticmethod
    def _rank(titles: dict[str, str]) -> list[str]:
        return sorted(titles, key=lambda key: (titles[key].casefold(), key))

    def search(self, term: str) -> tuple[str, list[object], bool]:
        """A WHERE clause matching `term` in any shown text but the date, with its parameters.

        Translated titles are matched here, in Python, and become `IN (...)`
        lists of ids: SQL sees ids, never titles. Only the terms that can match
        go into the clause: each costs a test per case (20,000 per keystroke).
        Also says whether any title matched.
        """
        pattern = _like(term)
        terms = ["c.reference LIKE ? ESCAPE '\\'", "shown_interviewer LIKE ? ESCAPE '\\'"]
        params: list[object] = [pattern, pattern]
        forms = self._containing(self.forms, term)
        if forms:
            terms.append(f"s.form_id IN ({_marks(forms)})")
            params += forms
        outcomes = self._containing(self.outcomes, term)
        if outcomes:
            terms.append(f"(s.form_id || '/' || o.level) IN ({_marks(outcomes)})")
            params += outcomes
        statuses = self._containing(self.statuses, term)
        if statuses:
            terms.append(status_condition(statuses))
        if not self.forms:
            # Without the questionnaires the list shows ids, so ids are what is matched.
            terms.append("s.form_id LIKE ? ESCAPE '\\' OR o.level LIKE ? ESCAPE '\\'")
            params += [pattern, pattern]
        titled = len(terms) > 2
        return "(" + " OR ".join(terms) + ")", params, titled

    def order(self, sort: str, descending: bool) -> tuple[str, list[object]]:
        """An ORDER BY of shown titles (as ranks), newest activity breaking ties."""
        direction = " DESC" if descending else ""
        params: list[object] = []
        if sort == "reference":
            key = "c.reference"
        elif sort == "interviewer":
            key = "shown_interviewer"
        elif sort == "last_activity":
            return f"c.last_activity{direction}, c.id{direction}", params
        elif sort == "followup":
            # Cases with nothing to follow up last, whichever the direction.
            key = "c.next_followup IS NULL, c.next_followup"
        else:
            titles, column = {
                "status": (self.statuses, "shown_status"),
                "form": (self.forms, "s.form_id"),
                "outcome": (self.outcomes, "s.form_id || '/' || o.level"),
            }[sort]
            ranked = self._rank(titles)
            rank = str(len(ranked))
            if ranked:
                whens = " ".join("WHEN ? THEN ?" for _key in ranked)
                rank = f"CASE {column} {whens} ELSE {len(ranked)} END"
                for number, title_key in enumerate(ranked):
                    params += [title_key, number]
            # No value ("" on screen) first, unknown ids after the known titles.
            key = f"CASE WHEN {column} IS NULL THEN -1 ELSE {rank} END{direction}, {column}"
        return f"{key}{direction}, c.last_activity DESC, c.id DESC", params


def _overview_sql(
    conn: Connection,
    owner: str | None,
    search: str,
    status: str | None,
    forms: Mapping[str, Any] | None,
    *,
    by_activity: bool = False,
) -> tuple[str, list[object], _Titles]:
    titles = _Titles(forms)
    term = search.strip().casefold()
    clause, more, titled = titles.search(term) if term else ("", [], False)
    # Two plans. Walking the cases by last activity stops after one page,
    # which is quick while many cases match; when few can, it visits nearly
    # every case in no order of their pages (80 ms with 20,000 cases), and
    # reading them in storage order and sorting the few matches is quicker
    # (40 ms). Same rows either way: only the plan differs.
    walk = by_activity and not (term and not titled and _few_match(conn, term))
    sql = (_OVERVIEW if walk else _OVERVIEW_IN_STORAGE_ORDER) + " WHERE 1 = 1"
    params: list[object] = []
    if owner is not None:
        sql += " AND c.created_by = ?"
        params.append(owner)
    if status == "open":
        sql += " AND " + status_condition(OPEN_STATUSES)
    elif status == FOLLOWUP_DUE:
        # Kept by triggers on referrals (migrations): the earliest open follow-up date.
        sql += " AND c.next_followup <= ?"
        params.append(date.today().isoformat())
    elif status:
        if status not in STATUS_TITLES:
            raise UsageError(
                _("unknown case status {status}; use one of: {known}").format(
                    status=status, known=", ".join(["open", FOLLOWUP_DUE, *STATUS_TITLES])
                )
            )
        sql += " AND " + status_condition([status])
    if term:
        sql += " AND " + clause
        params += more
    return sql, params, titles


def _few_match(conn: Connection, term: str) -> bool:
    """True when `term` is in no account name and in the references of less than a page.

    An estimate for choosing the plan (reading the reference index only):
    interviewers are accounts, and titles were matched before.
    """
    names = conn.execute("SELECT name FROM users").fetchall()
    if any(term in name.casefold() for (name,) in names):
        return False
    hits = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM cases WHERE reference LIKE ? ESCAPE '\\' LIMIT ?)",
        (_like(term), _FEW),
    ).fetchone()[0]
    return hits < _FEW


class CaseListQueries:
    """`vault.cases.overview` and `count`, mixed into storage.cases.Cases, which gives
    `_conn` and `_owner()` (the account whose cases the user sees; None: everyone's)."""

    _conn: Connection

    def _owner(self) -> str | None:
        raise NotImplementedError

    def overview(
        self,
        search: str = "",
        status: str | None = None,
        sort: str = "last_activity",
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
        *,
        forms: Mapping[str, Any] | None = None,
    ) -> list[CaseOverview]:
        """One page of the case list: the cases the acting user may see, with their latest
        screening.

        `search` matches the reference, the interviewer, and the questionnaire,
        outcome and status as titled in the current UI language (titles from
        `forms`, the loaded questionnaires by id; without them, their ids).
        `status` "followup_due": cases with a referral whose follow-up date has come.
        Case is ignored for titles, and for ASCII letters in references and
        names (SQL LIKE). The date is not searched. `status` is a STATUS_TITLES
        key or "open" (to continue). `sort` is one of SORT_KEYS; titled columns
        sort by their shown title. Filtering, sorting and paging happen in SQL;
        by last activity (the default) a page walks an index and stops, so the
        first page of 20,000 cases costs about what it costs with 20. Not
        audited, like `list()`: no answers are read.
        """
        if sort not in SORT_KEYS:
            raise UsageError(
                _("unknown sort key {sort}; use one of: {known}").format(
                    sort=sort, known=", ".join(SORT_KEYS)
                )
            )
        sql, params, titles = _overview_sql(
            self._conn, self._owner(), search, status, forms, by_activity=sort == "last_activity"
        )
        order, order_params = titles.order(sort, descending)
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        params += [*order_params, max(int(limit), 0), max(int(offset), 0)]
        return [
            CaseOverview(
                case_id=row[0],
                reference=row[1],
                screening_id=row[2],
                status=row[7],
                form_id=row[3],
                outcome_level=row[4],
                last_activity=parse_time(row[5]),
                interviewer=row[6],
                outcome_decision=row[8],
                next_followup=date.fromisoformat(row[9]) if row[9] else None,
            )
            for row in self._conn.execute(sql, params)
        ]

    def count(
        self,
        search: str = "",
        status: str | None = None,
        *,
        forms: Mapping[str, Any] | None = None,
    ) -> int:
        """How many cases `overview` would list with the same filters, over all pages."""
        sql, params, _titles = _overview_sql(self._conn, self._owner(), search, status, forms)
        return int(self._conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
