"""`waystation report summary|pdf|stats` and the monthly PDF in English, Farsi and Arabic."""

from __future__ import annotations

import json

import pytest

from app.export.report_pdf import render_report
from app.reports.figures import summarise
from tests.cli_runner import cli_runner
from tests.export.pdf_tools import pdftotext


@pytest.fixture
def run(monkeypatch, capsys, report_vault):
    folder, _passwords = report_vault
    return cli_runner(
        monkeypatch, capsys, ("app.cli.report_commands",), prefix=("--vault", str(folder))
    )


def _period(whole_period) -> list[str]:
    return ["--from", whole_period.start.isoformat(), "--to", whole_period.end.isoformat()]


def test_summary_json_gives_the_same_counts_as_the_page(
    run, report_vault, whole_period, open_report_vault
):
    _folder, passwords = report_vault
    code, _out, err = run(
        [
            "report",
            "summary",
            "--json",
            "--user",
            "sol",
            "--password-stdin",
            *_period(whole_period),
        ],
        stdin=passwords["sol"] + "\n",
    )
    assert code == 0, err
    data = json.loads(_out)
    assert data["screenings"] == 7 and data["scope"] == "own cases"
    assert data == json.loads(
        json.dumps(summarise(open_report_vault("sol"), whole_period).to_json())
    )


def test_stats_refuses_k_below_five_and_screeners(run, report_vault, whole_period, tmp_path):
    _folder, passwords = report_vault
    out_file = tmp_path / "s.csv"
    args = ["report", "stats", "--password-stdin", "--out", str(out_file), *_period(whole_period)]
    code, _out, err = run([*args, "--user", "sue", "--k", "4"], stdin=passwords["sue"] + "\n")
    assert code == 2 and "at least 5" in err and not out_file.exists()
    code, _out, err = run([*args, "--user", "sol"], stdin=passwords["sol"] + "\n")
    assert code == 3 and not out_file.exists()
    # A supervisor may ask for a larger k, not a smaller one than the vault's 11.
    code, _out, err = run([*args, "--user", "sue", "--k", "7"], stdin=passwords["sue"] + "\n")
    assert code == 3 and "administrator" in err and not out_file.exists()
    code, _out, err = run([*args, "--user", "sue", "--k", "15"], stdin=passwords["sue"] + "\n")
    assert code == 0, err
    assert out_file.read_text().splitlines()[1].split(",")[2] == "15"
    # An existing file is replaced only with --overwrite.
    code, _out, err = run([*args, "--user", "demo", "--k", "7"], stdin=passwords["demo"] + "\n")
    assert code == 2 and "--overwrite" in err
    assert out_file.read_text().splitlines()[1].split(",")[2] == "15"
    args.append("--overwrite")
    code, _out, err = run([*args, "--user", "demo", "--k", "7"], stdin=passwords["demo"] + "\n")
    assert code == 0, err
    assert out_file.read_text().splitlines()[1].split(",")[2] == "7"


def test_a_bad_date_names_the_option(run, report_vault):
    _folder, passwords = report_vault
    code, _out, err = run(
        ["report", "summary", "--user", "sue", "--password-stdin", "--from", "2026-13-01"],
        stdin=passwords["sue"] + "\n",
    )
    assert code == 2 and "--from" in err and "YYYY-MM-DD" in err


def test_pdf_is_written_audited_and_marked(
    run, report_vault, whole_period, tmp_path, open_report_vault
):
    _folder, passwords = report_vault
    target = tmp_path / "report.pdf"
    code, _out, err = run(
        [
            "report",
            "pdf",
            "--user",
            "sue",
            "--password-stdin",
            "--lang",
            "fa",
            "--out",
            str(target),
            *_period(whole_period),
        ],
        stdin=passwords["sue"] + "\n",
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    entries = [e for e in open_report_vault("sue").audit.entries() if e.action == "report.pdf"]
    assert entries and entries[-1].detail["lang"] == "fa"
    assert entries[-1].detail["from"] == whole_period.start.isoformat()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_pdf_says_confidential_the_period_the_organisation_and_the_caution(
    lang, open_report_vault, whole_period, tmp_path
):
    summary = summarise(open_report_vault("sue"), whole_period)
    text = pdftotext(render_report(summary, lang, "Harbour Outreach"), tmp_path)
    assert "Harbour Outreach" in text
    if lang == "en":
        assert "Confidential" in text
        assert "not counts of identified victims" in text.replace("\n", " ")
        assert str(whole_period.start.year) in text
        assert str(summary.screenings) in text


def test_a_farsi_share_reads_right_to_left_with_its_brackets(
    open_report_vault, whole_period, tmp_path
):
    from tests.export.pdf_tools import lines_of, words

    summary = summarise(open_report_vault("sol"), whole_period)
    assert [(d.declined, d.answered) for d in summary.declined] == [(4, 7)]
    lines = lines_of(words(render_report(summary, "fa", ""), tmp_path))
    (line,) = [line for line in lines if any("%" in w.text for w in line)]
    position = {w.text.strip("\u200f"): w.x_min for w in line}
    share = next(text for text in position if "%" in text)
    # The brackets enclose the share (without the marks: "(7 (57.1%" and no closing one).
    assert share[0] in "()" and share[-1] in "()", share
    # Visual order, left to right: "(57.1%)", "7", "از", "4": read from the right, 4 of 7.
    assert position[share] < position["7"] < position["4"]


def test_summary_text_lists_statuses_and_the_overdue_follow_ups(run, report_vault, whole_period):
    from datetime import date

    from app.reports.titles import Titles
    from tests.reports.helpers import FOLLOW_UP_OVERDUE, FOLLOW_UP_STATUSES

    _folder, passwords = report_vault
    code, out, err = run(
        ["report", "summary", "--user", "ria", "--password-stdin", *_period(whole_period)],
        stdin=passwords["ria"] + "\n",
    )
    assert code == 0, err
    lines = out.splitlines()
    assert "  declined by the service: 1" in lines and "  received by the service: 0" in lines
    assert sum(FOLLOW_UP_STATUSES.values()) == 5 and "Referrals made: 5" in lines
    day = Titles("en").day(date.today())
    assert f"Referral follow-ups overdue on {day}: {FOLLOW_UP_OVERDUE}" in lines
