"""The report indexes migration: each outcome's dimensions and evidence are kept beside it."""

from __future__ import annotations

from app.storage.vault import Vault
from tests.reports.helpers import consented_screening
from tests.storage.test_migrations import PASSWORD, USER, _copy


def _rows(vault, screening_id: int) -> list[tuple]:
    return sorted(
        vault.connection.execute(
            "SELECT dimension_id, positive, question_id FROM outcome_evidence "
            "WHERE screening_id = ?",
            (screening_id,),
        ).fetchall(),
        key=str,
    )


def _from_json(result: dict) -> list[tuple]:
    rows = []
    for dimension in result.get("dimensions", []):
        evidence = dimension.get("evidence") or [{"question_id": None}]
        for item in evidence:
            rows.append(
                (dimension["dimension_id"], int(dimension["positive"]), item["question_id"])
            )
    return sorted(rows, key=str)


RESULT = {
    "dimensions": [
        {
            "dimension_id": "coercion",
            "positive": True,
            "evidence": [
                {"question_id": "papers_held", "strength": "strong"},
                {"question_id": "controlled", "strength": "strong"},
            ],
        },
        {"dimension_id": "vulnerability", "positive": False, "evidence": []},
    ]
}


def test_old_outcomes_are_copied_when_the_vault_is_upgraded(tmp_path):
    with Vault.open(_copy(5, tmp_path), USER, PASSWORD) as vault:
        ids = [row[0] for row in vault.connection.execute("SELECT screening_id FROM outcomes")]
        assert ids
        for screening_id in ids:
            stored = vault.screenings.outcome(screening_id)
            assert _rows(vault, screening_id) == _from_json(stored.result)


def test_evidence_follows_each_save_and_goes_with_the_case(vault):
    screening = consented_screening(vault)
    case = vault.cases.check_access(screening.case_id)
    vault.screenings.save_outcome(screening.id, "refer_full_screening", RESULT, decision="refer")
    assert _rows(vault, screening.id) == _from_json(RESULT)
    vault.screenings.save_outcome(
        screening.id, "no_referral", {"dimensions": []}, decision="no_referral"
    )
    assert _rows(vault, screening.id) == []
    vault.screenings.save_outcome(screening.id, "refer_full_screening", RESULT, decision="refer")
    vault.cases.withdraw_consent(case.id)
    assert vault.connection.execute("SELECT count(*) FROM outcome_evidence").fetchone()[0] == 0
