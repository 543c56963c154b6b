"""Numbered schema migrations; `PRAGMA user_version` says which have run.

Each migration runs in one transaction together with the version bump, so a
crash leaves the database at the old or the new version, never in between.
Never edit a released migration: add the next one.
"""

# Migration scripts are fixed text put together from fixed pieces, never from input.
# ruff: noqa: S608

from __future__ import annotations

# Only for complete_statement(), which parses SQL text and opens no database.
import sqlite3

from app.domain.errors import VaultError
from app.i18n import _
from app.storage.database import Connection

_V1 = """
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'screener')),
    created TEXT NOT NULL
);
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    name TEXT,
    created_by TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_at TEXT
);
CREATE TABLE screenings (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    interviewer TEXT NOT NULL,
    interviewer_lang TEXT NOT NULL,
    respondent_lang TEXT NOT NULL,
    interpreter_mode TEXT NOT NULL DEFAULT 'none'
        CHECK (interpreter_mode IN ('none', 'in_person', 'phone')),
    interpreter_id TEXT,
    interpreter_briefed INTEGER NOT NULL DEFAULT 0,
    consent_screen INTEGER NOT NULL DEFAULT 0,
    consent_store INTEGER NOT NULL DEFAULT 0,
    consent_refer INTEGER NOT NULL DEFAULT 0,
    consent_at TEXT,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'paused', 'completed', 'stopped')),
    stop_reason TEXT,
    current_question TEXT,
    section_seconds TEXT NOT NULL DEFAULT '{}',
    started TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE answers (
    screening_id INTEGER NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value TEXT,
    declined INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (screening_id, question_id)
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    record TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    mac TEXT NOT NULL
);
"""

_V2 = """
CREATE TABLE outcomes (
    screening_id INTEGER PRIMARY KEY REFERENCES screenings(id) ON DELETE CASCADE,
    level TEXT NOT NULL,
    result TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    languages TEXT NOT NULL DEFAULT '[]',
    area TEXT,
    phone TEXT,
    email TEXT,
    address TEXT,
    intake TEXT,
    notes TEXT
);
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    screening_id INTEGER NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
    service_id INTEGER REFERENCES services(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    sections TEXT NOT NULL DEFAULT '[]',
    urgency TEXT,
    needs TEXT NOT NULL DEFAULT '[]',
    packet_sha256 TEXT,
    lang TEXT
);
CREATE INDEX screenings_case ON screenings(case_id);
CREATE INDEX cases_created_by ON cases(created_by);
CREATE INDEX cases_closed ON cases(status, closed_at);
CREATE INDEX referrals_screening ON referrals(screening_id);
"""

# What the person agreed a referral may share, stored with the consent to refer
# (JSON list of section ids). Screenings that already had consent to refer get
# the minimal scope a plain "yes" now means (referral_rules.CONSENT_DEFAULT_SECTIONS
# as it was when this migration was written): needs and screening result.
_V3 = """
ALTER TABLE screenings ADD COLUMN consent_refer_sections TEXT NOT NULL DEFAULT '[]';
UPDATE screenings SET consent_refer_sections = '["needs", "outcome"]' WHERE consent_refer = 1;
"""

# The case list (cases.overview) finds each case's latest screening with one
# seek in screenings_case_latest. It reads outcome levels from outcomes_level
# alone: the outcomes table holds each scored result as JSON, and reading its
# pages for the level took 250 ms with 16,000 outcomes.
_V4 = """
CREATE INDEX screenings_case_latest ON screenings(case_id, updated DESC, started, id);
CREATE INDEX outcomes_level ON outcomes(screening_id, level);
"""

# Each case's last activity (its latest screening's time, else the case's own),
# kept by triggers, so the case list pages by activity down an index: the first
# 200 of 20,000 cases without computing the other 19,800. Walking cases in that
# order reads screenings in no order of their pages, so the latest screening's
# shown columns come from an index holding them (a few MB that stay in the page
# cache) instead of the screenings table (a search took 120 ms instead of 35).
_V5 = """
DROP INDEX screenings_case_latest;
CREATE INDEX screenings_case_latest_cover ON screenings(
    case_id, updated DESC, started, id, status, form_id, interviewer, consent_screen, consent_at);
ALTER TABLE cases ADD COLUMN last_activity TEXT;
UPDATE cases SET last_activity = COALESCE(
    (SELECT max(s.updated) FROM screenings s WHERE s.case_id = cases.id), updated);
CREATE INDEX cases_activity ON cases(last_activity);
CREATE INDEX cases_owner_activity ON cases(created_by, last_activity);
CREATE TRIGGER cases_activity_insert AFTER INSERT ON cases BEGIN
    UPDATE cases SET last_activity = COALESCE(
        (SELECT max(s.updated) FROM screenings s WHERE s.case_id = new.id), new.updated)
    WHERE id = new.id;
END;
CREATE TRIGGER cases_activity_update AFTER UPDATE OF updated ON cases BEGIN
    UPDATE cases SET last_activity = COALESCE(
        (SELECT max(s.updated) FROM screenings s WHERE s.case_id = new.id), new.updated)
    WHERE id = new.id;
END;
CREATE TRIGGER screenings_activity_insert AFTER INSERT ON screenings BEGIN
    UPDATE cases SET last_activity = COALESCE(
        (SELECT max(s.updated) FROM screenings s WHERE s.case_id = new.case_id), updated)
    WHERE id = new.case_id;
END;
CREATE TRIGGER screenings_activity_update AFTER UPDATE OF updated, case_id ON screenings BEGIN
    UPDATE cases SET last_activity = COALESCE(
        (SELECT max(s.updated) FROM screenings s WHERE s.case_id = cases.id), updated)
    WHERE id IN (new.case_id, old.case_id);
END;
CREATE TRIGGER screenings_activity_delete AFTER DELETE ON screenings BEGIN
    UPDATE cases SET last_activity = COALESCE(
        (SELECT max(s.updated) FROM screenings s WHERE s.case_id = old.case_id), updated)
    WHERE id = old.case_id;
END;
"""

# Each stored outcome keeps the decision its level meant when it was scored
# (domain.models.Decision). Backfilled from the levels the shipped forms had
# at version 1, by form and level id:
#   adult-screening  referral_recommended -> refer; indicators_present and
#                    no_indicators -> no_referral ("Some indicators present" only
#                    asked the worker to consider a referral; it did not recommend one)
#   child-screening  referral_recommended, child_protection_referral -> refer;
#                    no_indicators -> no_referral
#   border-triage    refer_full_screening -> refer; no_referral -> no_referral
# Any other level (a form that was not shipped) stays NULL: unknown, never guessed.
# outcomes_level is rebuilt to hold the decision too, so the case list still
# reads no outcome's JSON (see migration 4).
_V6_OUTCOME_DECISION = """
ALTER TABLE outcomes ADD COLUMN decision TEXT
    CHECK (decision IS NULL OR decision IN ('refer', 'no_referral', 'undetermined'));
UPDATE outcomes SET decision = CASE
    (SELECT s.form_id FROM screenings s WHERE s.id = outcomes.screening_id) || '/' || level
    WHEN 'adult-screening/referral_recommended' THEN 'refer'
    WHEN 'adult-screening/indicators_present' THEN 'no_referral'
    WHEN 'adult-screening/no_indicators' THEN 'no_referral'
    WHEN 'child-screening/referral_recommended' THEN 'refer'
    WHEN 'child-screening/child_protection_referral' THEN 'refer'
    WHEN 'child-screening/no_indicators' THEN 'no_referral'
    WHEN 'border-triage/refer_full_screening' THEN 'refer'
    WHEN 'border-triage/no_referral' THEN 'no_referral'
    END;
DROP INDEX outcomes_level;
CREATE INDEX outcomes_level ON outcomes(screening_id, level, decision);
"""

# Sending to an ODK Central server (app/sync, docs/sync.md). The outbox itself is a
# query over completed screenings with consent to keep the answers; these tables
# hold only what sending adds: each screening's stable instanceID, its state, the
# encrypted submission while it waits (dropped once sent), the withdrawal notices
# owed to the server (instance ids only), the connection settings and the
# server's forms as last seen.
_SYNC_OUTBOX = """
CREATE TABLE sync_outbox (
    screening_id INTEGER PRIMARY KEY REFERENCES screenings(id) ON DELETE CASCADE,
    instance_id TEXT NOT NULL UNIQUE,
    form_id TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'waiting'
        CHECK (state IN ('waiting', 'bundled', 'sent', 'failed')),
    built_for TEXT,
    payload BLOB,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_attempt TEXT,
    sent_at TEXT,
    bundle_id TEXT
);
CREATE INDEX sync_outbox_state ON sync_outbox(state);
CREATE TABLE sync_withdrawals (
    instance_id TEXT PRIMARY KEY,
    form_id TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'waiting'
        CHECK (state IN ('waiting', 'bundled', 'sent', 'failed')),
    built_for TEXT,
    payload BLOB,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_attempt TEXT,
    sent_at TEXT,
    bundle_id TEXT
);
CREATE TABLE sync_config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE sync_server_forms (
    form_id TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    public_key TEXT,
    fetched_at TEXT NOT NULL
);
"""

# What binds the database to the files beside it (app/storage/key_changes.py):
# the key file's epoch, the number of write transactions committed (the audit
# head counts them too, so lost commits are found), the last commit count whose
# head was written with fsync (an older head put back is refused), and whether
# a deletion still has to be wiped from the file by VACUUM (set by a trigger in
# the deleting transaction, cleared by the compaction).
_VAULT_STATE = """
CREATE TABLE vault_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL DEFAULT 0,
    commits INTEGER NOT NULL DEFAULT 0,
    head_synced INTEGER NOT NULL DEFAULT 0,
    compact_due INTEGER NOT NULL DEFAULT 0
);
INSERT INTO vault_state (id) VALUES (1);
CREATE TRIGGER vault_state_compact_after_delete AFTER DELETE ON cases
WHEN (SELECT compact_due FROM vault_state WHERE id = 1) = 0
BEGIN
    UPDATE vault_state SET compact_due = 1 WHERE id = 1;
END;
"""
# Referrals a service can act on, and followed up (issue 13): about the person
# per case (JSON, like answers: encrypted with the rest); services' country and
# short name (file names); each referral's packet reference (as printed, so the
# old ones get the reference their packets carry), status, follow-up date and
# history. Referrals made before are "prepared" with a follow-up a week after.
# Each case keeps its next follow-up date (triggers), so the case list shows and
# filters it without a subquery per case (the list pages 20,000 cases by index).
# A case's next follow-up: the earliest follow-up date of its open referrals.
_NEXT_FOLLOWUP = """(
    SELECT min(r.due_on) FROM referrals r JOIN screenings s ON s.id = r.screening_id
    WHERE s.case_id = cases.id AND r.status IN ('prepared', 'sent', 'received', 'accepted'))"""
_REFERRAL_FOLLOW_UP = """
CREATE TABLE person_profiles (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
ALTER TABLE services ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN reference TEXT;
ALTER TABLE referrals ADD COLUMN status TEXT NOT NULL DEFAULT 'prepared'
    CHECK (status IN ('prepared', 'sent', 'received', 'accepted', 'declined', 'closed'));
ALTER TABLE referrals ADD COLUMN status_at TEXT;
ALTER TABLE referrals ADD COLUMN due_on TEXT;
ALTER TABLE referrals ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN second_lang TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN forced_language INTEGER NOT NULL DEFAULT 0;
UPDATE referrals SET
    status_at = created_at,
    due_on = date(created_at, '+7 days'),
    reference = (SELECT c.reference FROM screenings s JOIN cases c ON c.id = s.case_id
                 WHERE s.id = referrals.screening_id)
        || '-' || referrals.screening_id || '-R'
        || (SELECT count(*) FROM referrals r
            WHERE r.screening_id = referrals.screening_id AND r.id <= referrals.id);
CREATE UNIQUE INDEX referrals_reference ON referrals(reference);
CREATE INDEX referrals_followup ON referrals(status, due_on);
CREATE INDEX referrals_mine ON referrals(created_by, status, due_on);
CREATE TABLE referral_events (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    due_on TEXT
);
CREATE INDEX referral_events_referral ON referral_events(referral_id, id);
INSERT INTO referral_events (referral_id, at, actor, status, due_on)
    SELECT id, created_at, created_by, 'prepared', due_on FROM referrals ORDER BY id;
ALTER TABLE cases ADD COLUMN next_followup TEXT;
UPDATE cases SET next_followup = NEXT_FOLLOWUP;
CREATE INDEX cases_followup ON cases(next_followup);
CREATE TRIGGER referrals_followup_insert AFTER INSERT ON referrals BEGIN
    UPDATE cases SET next_followup = NEXT_FOLLOWUP
    WHERE id = (SELECT case_id FROM screenings WHERE id = new.screening_id);
END;
CREATE TRIGGER referrals_followup_update AFTER UPDATE OF status, due_on ON referrals BEGIN
    UPDATE cases SET next_followup = NEXT_FOLLOWUP
    WHERE id = (SELECT case_id FROM screenings WHERE id = new.screening_id);
END;
CREATE TRIGGER referrals_followup_delete AFTER DELETE ON referrals BEGIN
    UPDATE cases SET next_followup = NEXT_FOLLOWUP
    WHERE id = (SELECT case_id FROM screenings WHERE id = old.screening_id);
END;
""".replace("NEXT_FOLLOWUP", _NEXT_FOLLOWUP)

# Who gave the consent to a screening (the person, a child alone, or a parent or
# guardian together with the child; NULL: recorded before this was asked), and
# referrals made under a child-protection duty without the child's agreement:
# the ground, whether the child was told, and the worker's short note on it.
_CONSENT_GIVER_AND_DUTY = """
ALTER TABLE screenings ADD COLUMN consent_by TEXT
    CHECK (consent_by IN ('person', 'child', 'guardian_and_child'));
ALTER TABLE referrals ADD COLUMN duty_ground TEXT;
ALTER TABLE referrals ADD COLUMN duty_child_told INTEGER NOT NULL DEFAULT 0;
ALTER TABLE referrals ADD COLUMN duty_note TEXT;
"""


# Reports (app/storage/statistics.py) count indicators found over a year of
# outcomes. Reading them from each outcome's JSON took about a second for 16,000
# outcomes, so each outcome's dimensions and evidence question ids are also kept
# in outcome_evidence, written by triggers with the outcome and deleted with it
# (whatever the foreign-key pragma), with an index by question and one by
# dimension. It holds nothing the outcome does not. answers_question serves the
# declined-answer shares and the kind-of-work answers from the index alone (it
# holds the value, like the row it indexes, and goes with it).
_OUTCOME_EVIDENCE_ROWS = """
SELECT {id}, json_extract(d.value, '$.dimension_id'),
       COALESCE(json_extract(d.value, '$.positive'), 0), json_extract(e.value, '$.question_id')
FROM json_each(CASE WHEN json_valid({result}) THEN {result} ELSE '{{}}' END, '$.dimensions') d
LEFT JOIN json_each(d.value, '$.evidence') e
WHERE json_extract(d.value, '$.dimension_id') IS NOT NULL"""
_REPORT_INDEXES = (
    """
CREATE INDEX answers_question ON answers(question_id, declined, screening_id, value);
CREATE TABLE outcome_evidence (
    screening_id INTEGER NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
    dimension_id TEXT NOT NULL,
    positive INTEGER NOT NULL,
    question_id TEXT
);
CREATE INDEX outcome_evidence_screening ON outcome_evidence(screening_id);
CREATE INDEX outcome_evidence_question
    ON outcome_evidence(question_id, dimension_id, screening_id);
CREATE INDEX outcome_evidence_dimension
    ON outcome_evidence(dimension_id, positive, screening_id);
CREATE TRIGGER outcome_evidence_insert AFTER INSERT ON outcomes BEGIN
    INSERT INTO outcome_evidence (screening_id, dimension_id, positive, question_id) """
    + _OUTCOME_EVIDENCE_ROWS.format(id="new.screening_id", result="new.result")
    + """;
END;
CREATE TRIGGER outcome_evidence_update AFTER UPDATE ON outcomes BEGIN
    DELETE FROM outcome_evidence WHERE screening_id = old.screening_id;
    INSERT INTO outcome_evidence (screening_id, dimension_id, positive, question_id) """
    + _OUTCOME_EVIDENCE_ROWS.format(id="new.screening_id", result="new.result")
    + """;
END;
CREATE TRIGGER outcome_evidence_delete AFTER DELETE ON outcomes BEGIN
    DELETE FROM outcome_evidence WHERE screening_id = old.screening_id;
END;
INSERT INTO outcome_evidence (screening_id, dimension_id, positive, question_id) """
    + _OUTCOME_EVIDENCE_ROWS.format(id="o.screening_id", result="o.result").replace(
        "FROM json_each(", "FROM outcomes o, json_each(", 1
    )
    + ";\n"
)

MIGRATIONS: tuple[str, ...] = (
    _V1,
    _V2,
    _V3,
    _V4,
    _V5,
    _V6_OUTCOME_DECISION,
    _SYNC_OUTBOX,
    _VAULT_STATE,
    _CONSENT_GIVER_AND_DUTY,
    _REPORT_INDEXES,
    _REFERRAL_FOLLOW_UP,
)
LATEST = len(MIGRATIONS)


def version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, *, target: int = LATEST) -> int:
    """Run the migrations after the database's version up to `target`; the new version."""
    current = version(conn)
    if current > LATEST:
        raise VaultError(
            _(
                "this vault was written by a newer Waystation (schema {found}, this one knows "
                "{known}); update the app"
            ).format(found=current, known=LATEST)
        )
    for number in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a failed COMMIT (full disk) may have ended it already
                conn.execute("ROLLBACK")
            raise
    return version(conn)


def _statements(script: str) -> list[str]:
    """The script's statements, each whole.

    executescript would commit the open transaction, so statements run one by
    one. A ";" ends a statement only where SQLite says the text so far is a
    complete statement, so a trigger body or a literal holding ";" stays whole.
    A trailing incomplete statement is kept, for SQLite to report as an error.
    """
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                statements.append(pending.strip())
            pending = ""
    rest = pending[:-1].strip()  # the ";" added after the last piece is not in the script
    if rest:
        statements.append(rest)
    return statements
