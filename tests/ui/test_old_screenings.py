"""Screenings scored with version 1 of the forms still open with the current forms.

They show their answers (also those to questions the forms no longer ask), the
outcome and decision they were scored with, and which version scored them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.i18n import set_language
from app.screening.loader import find_form
from app.storage.vault import Vault
from app.ui.bidi import plain
from app.ui.summary_page import SummaryPage
from tests.fixtures.vaults.make_vaults import PASSWORD, USER

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "vaults" / "v5"


def _open(tmp_path: Path) -> Vault:
    folder = tmp_path / "v5"
    shutil.copytree(FIXTURE, folder)
    os.chmod(folder, 0o700)
    for file in folder.iterdir():
        os.chmod(file, 0o600)
    return Vault.open(folder, USER, PASSWORD)


def _summary(qtbot, vault: Vault, screening_id: int) -> SummaryPage:
    page = SummaryPage()
    qtbot.addWidget(page)
    screening = vault.screenings.get(screening_id)
    page.show_screening(vault, screening, find_form(screening.form_id), "completed")
    return page


def test_a_version_1_adult_screening_keeps_its_outcome_and_says_its_version(qtbot, tmp_path):
    set_language("en")
    with _open(tmp_path) as vault:
        page = _summary(qtbot, vault, 3)  # the domestic worker profile, scored in version 1
        assert plain(page.decision_line.text()) == "Decision: No referral from this screen"
        assert plain(page.outcome_title.text()).startswith("Outcome: Some indicators present")
        version = plain(page.version_line.text())
        assert "Scored with version 1 of this questionnaire." in version
        # The worker sees what today's rules make of the same answers.
        assert "now at version 2" in version and "Refer for a full assessment" in version
        questions = [
            plain(page.answer_table.item(r, 0).text()) for r in range(page.answer_table.rowCount())
        ]
        assert len(questions) == 7
        assert any("Does someone else keep your passport" in q for q in questions)
        # The stored outcome is not rewritten by opening it.
        assert vault.screenings.outcome(3).level == "indicators_present"


def test_a_version_1_answer_to_a_retired_question_is_still_shown(qtbot, tmp_path):
    set_language("en")
    with _open(tmp_path) as vault:
        # Screening 8: border triage version 1, "child_alone" answered no (retired since).
        page = _summary(qtbot, vault, 8)
        rows = {
            plain(page.answer_table.item(r, 0).text()): plain(page.answer_table.item(r, 1).text())
            for r in range(page.answer_table.rowCount())
        }
        retired = [q for q in rows if q.startswith("(earlier version)")]
        assert retired == [
            "(earlier version) Are you under 18 and travelling without your mother, father"
            " or legal guardian?"
        ]
        assert rows[retired[0]] == "No"
        assert "child_alone" not in " ".join(rows)
        assert plain(page.decision_line.text()) == "Decision: No referral from this screen"
        assert "Is someone else keeping your passport" in plain(page.unsure.text())
