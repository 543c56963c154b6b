"""The in-process figures: unlock, answer save against sqlite3, referral packets.

Each function returns a dict of plain numbers (seconds unless named otherwise)
with the baseline measured in the same run next to the figure.
"""

from __future__ import annotations

import io
import json
import sqlite3
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.demo.bulk_load import Batch, synthetic_batches
from app.domain.consent import ConsentAnswers
from app.storage import keyfile as keyfile_module
from app.storage import migrations
from app.storage.keyfile import KeyFile, _derive_password_key
from app.storage.vault import DB_NAME, KEYFILE_NAME, Vault


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


# -- unlock -------------------------------------------------------------------


def unlock(folder: Path, user: str, password: str, runs: int = 5) -> dict:
    """Vault.open as the desktop app does it, split into key derivation and the rest.

    The desktop opens with ``check_pages=False`` and runs the full page check
    right after, in a worker thread; that check is timed on its own. The CLI's
    open (checked before returning) is the sum of the two.
    """
    slot = KeyFile.load(folder / KEYFILE_NAME).slot(user)
    kdf, total, after, background = [], [], [], []

    def timed_derive(*args, **kwargs):
        # The key derivation inside this very Vault.open, timed where it runs.
        started = time.perf_counter()
        try:
            return _derive_password_key(*args, **kwargs)
        finally:
            kdf.append(time.perf_counter() - started)

    for _ in range(runs):
        keyfile_module._derive_password_key = timed_derive
        try:
            started = time.perf_counter()
            vault = Vault.open(folder, user, password, check_pages=False)
            total.append(time.perf_counter() - started)
        finally:
            keyfile_module._derive_password_key = _derive_password_key
        after.append(total[-1] - kdf[-1])
        started = time.perf_counter()
        vault.check_pages()  # the desktop runs this in a worker thread after unlocking
        background.append(time.perf_counter() - started)
        vault.close()
    kdf_s = statistics.median(kdf)
    return {
        "kdf_s": kdf_s,
        "kdf_params": slot.kdf.to_json(),
        "open_total_s": statistics.median(total),
        "after_kdf_s": statistics.median(after),
        "full_page_check_s": statistics.median(background),
        "database_bytes": (folder / DB_NAME).stat().st_size,
        "runs": runs,
    }


# -- answer save --------------------------------------------------------------


def plain_sqlite_copy(path: Path, cases: int, answers: int) -> sqlite3.Connection:
    """A stdlib sqlite3 database with the vault's schema, pragmas and the same synthetic rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode = WAL",
        "synchronous = FULL",
        "temp_store = MEMORY",
        "secure_delete = ON",
        "foreign_keys = ON",
    ):
        conn.execute("PRAGMA " + pragma)
    for script in migrations.MIGRATIONS:
        for statement in migrations._statements(script):
            conn.execute(statement)
    conn.execute("INSERT INTO users (name, role, created) VALUES ('demo', 'admin', 'now')")
    batch: Batch
    for batch in synthetic_batches(cases=cases, answers=answers, owner="demo"):
        if batch.rows:
            marks = ", ".join("?" * len(batch.columns))
            conn.execute("BEGIN")
            conn.executemany(
                f"INSERT INTO {batch.table} ({', '.join(batch.columns)}) VALUES ({marks})",
                batch.rows,
            )
            conn.execute("COMMIT")
    return conn


def _plain_save(conn: sqlite3.Connection, screening_id: int, question_id: str, text: str) -> None:
    """The statements `Screenings.save_answer` runs, on stdlib sqlite3."""
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    row = conn.execute(
        "SELECT id, case_id FROM screenings WHERE id = ?", (screening_id,)
    ).fetchone()
    conn.execute("SELECT created_by FROM cases WHERE id = ?", (row[1],)).fetchone()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "INSERT INTO answers (screening_id, question_id, value, declined, answered_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(screening_id, question_id) DO UPDATE SET "
        "value = excluded.value, declined = excluded.declined, "
        "answered_at = excluded.answered_at",
        (screening_id, question_id, text, 0, now),
    )
    conn.execute("UPDATE screenings SET updated = ? WHERE id = ?", (now, screening_id))
    conn.execute("COMMIT")


def answer_save(
    folder: Path, user: str, password: str, plain: sqlite3.Connection, count: int = 400
) -> dict:
    """Committing one answer: through the vault's answer sink vs the same SQL on sqlite3."""
    from app.screening.loader import find_form

    form = find_form("adult-screening")
    questions = [q for q in form.questions if q.type == "yes_no"]
    with Vault.open(folder, user, password) as vault:
        case = vault.cases.create()
        screenings = []
        for _ in range(count // len(questions) + 1):
            screenings.append(
                vault.screenings.begin(
                    case.id,
                    form_id=form.id,
                    form_version=str(form.version),
                    interviewer_lang="en",
                    respondent_lang="ar",
                    consent=ConsentAnswers(True, True, True, given_by="person"),
                ).id
            )
        vault_times = []
        for number in range(count):
            sink = vault.screenings.answer_sink(screenings[number // len(questions)])
            question = questions[number % len(questions)]
            started = time.perf_counter()
            sink.save_answer(question.id, "yes", False)
            vault_times.append(time.perf_counter() - started)
    first = plain.execute("SELECT max(id) FROM screenings").fetchone()[0]
    plain_times = []
    for number in range(count):
        question = questions[number % len(questions)]
        started = time.perf_counter()
        _plain_save(plain, first - number // len(questions), question.id, json.dumps("yes"))
        plain_times.append(time.perf_counter() - started)
    return {
        "vault_p50_s": percentile(vault_times, 0.5),
        "vault_p99_s": percentile(vault_times, 0.99),
        "sqlite3_p50_s": percentile(plain_times, 0.5),
        "sqlite3_p99_s": percentile(plain_times, 0.99),
        "answers_timed": count,
    }


# -- referral packets ---------------------------------------------------------


def _packet_content(lang: str, repeat: int):
    """A packet from the adult form's texts: every dimension, `repeat` times over."""
    from app.domain import referral_rules as rules
    from app.export.content import (
        ContactInfo,
        DeclinedQuestion,
        Finding,
        Indicator,
        PacketContent,
        Recipient,
    )
    from app.screening.loader import find_form

    form = find_form("adult-screening")
    findings = []
    for _ in range(repeat):
        for dimension in form.dimensions:
            indicators = tuple(
                Indicator(q.ref, q.text, i.strength)
                for q in form.questions
                for i in q.indicators
                if i.dimension == dimension.id
            )
            findings.append(Finding(dimension.title, bool(indicators), indicators))
    return PacketContent(
        lang=lang,
        reference="WS-DEMO-00-1-R1",
        created=datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
        urgency="urgent",
        organisation="Waystation demo (synthetic data)",
        worker=ContactInfo("demo", "caseworker", "+00 000 000 000", "demo@example.org"),
        recipient=Recipient("Demo Harbour Shelter", "shelter", intake="ring the duty worker"),
        consent_at=datetime(2026, 3, 3, 9, 5, tzinfo=UTC),
        interpreter="phone",
        sections=frozenset(rules.SECTIONS),
        needs=("safe_housing", "medical", "interpreter"),
        outcome_title=form.outcomes[0].title,
        findings=tuple(findings),
        declined=tuple(DeclinedQuestion(q.ref, q.text) for q in form.questions[:3]),
        note="Synthetic demo referral: no real person.",
        next_steps=("The service confirms receipt by phone.",),
    )


def _pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _four_pages(lang: str):
    """The packet content (grown or shrunk) that renders to exactly 4 pages in `lang`."""
    from app.export.packet import render_packet

    base = _packet_content(lang, 1)
    findings = base.findings
    for repeat in range(1, 8):
        content = replace(base, findings=findings * repeat)
        pages = _pages(render_packet(content))
        if pages >= 4:
            # Trim findings one by one until it just fits on 4 pages.
            while pages > 4:
                content = replace(content, findings=content.findings[:-1])
                pages = _pages(render_packet(content))
            return content
    raise RuntimeError("cannot fill 4 pages")


def _plain_reportlab(lines: int) -> bytes:
    """Baseline: reportlab drawing as many plain Latin lines over 4 pages, built-in font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    per_page = -(-lines // 4)
    for page in range(4):
        canvas.setFont("Helvetica", 10)
        for line in range(per_page):
            canvas.drawString(56, 780 - line * 12.5, f"Line {page}.{line} of plain text " * 3)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def packets(runs: int = 5) -> dict:
    """A 4-page packet rendered in English and in Arabic, against plain reportlab."""
    from app.export.packet import render_packet

    result: dict = {}
    for lang in ("en", "ar"):
        content = _four_pages(lang)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            data = render_packet(content)
            times.append(time.perf_counter() - started)
        result[f"{lang}_s"] = statistics.median(times)
        result[f"{lang}_pages"] = _pages(data)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        _plain_reportlab(4 * 55)
        times.append(time.perf_counter() - started)
    result["plain_reportlab_s"] = statistics.median(times)
    return result


# -- ending a screening whose answers are not kept -------------------------------


def screening_end(folder: Path, user: str, password: str, runs: int = 5) -> dict:
    """Completing a screening whose answers are not kept, against one whose answers are.

    Not kept: the same transaction also deletes the answers (secure_delete zeroes
    them) and the WAL is checkpointed, so no old copy of a page stays in it. Also
    timed: a VACUUM of the whole file at this size, what a purge adds after it
    deletes (a screening's end does not run one).
    """
    from app.screening.loader import find_form
    from app.storage.database import compact
    from app.workflows import screening as lifecycle

    form = find_form("border-triage")

    def end(vault, store: bool) -> float:
        consent = ConsentAnswers(True, store, False, given_by="person")
        session = lifecycle.begin(
            vault, form, consent=consent, interviewer_lang="en", respondent_lang="ar"
        )
        while session.interview.current is not None:
            session.interview.answer("yes")
        started = time.perf_counter()
        session.complete()
        elapsed = time.perf_counter() - started
        lifecycle.end_conversation(vault, session.screening.id)
        return elapsed

    with Vault.open(folder, user, password) as vault:
        kept = [end(vault, True) for _ in range(runs)]
        forgotten = [end(vault, False) for _ in range(runs)]
        started = time.perf_counter()
        compact(vault.connection)
        vacuum = time.perf_counter() - started
    return {
        "kept_p50_s": statistics.median(kept),
        "not_kept_p50_s": statistics.median(forgotten),
        "not_kept_max_s": max(forgotten),
        "vacuum_s": vacuum,
    }
