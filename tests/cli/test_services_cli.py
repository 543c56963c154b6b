"""`waystation services list|import|export`, and the CSV checks behind them."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain.errors import AccessDenied
from app.domain.models import Service
from app.domain.service_csv import ServiceFields, read_csv, write_csv
from app.storage.vault import Vault
from tests.cli_runner import cli_runner

GOOD = (
    "name,type,languages,phone,email,intake\n"
    "Hope Shelter,shelter,en ar,+44 20 7946 0999,intake@hope.example,phone first\n"
    "Quay Street Clinic,medical,en;fa,,,walk in\n"
)


@pytest.fixture
def run(monkeypatch, capsys, vault_dir):
    """run(args, stdin) on the test's vault copy; returns (code, out, err)."""
    return cli_runner(
        monkeypatch,
        capsys,
        ("app.cli.services_commands", "app.cli.referral_commands"),
        prefix=("--vault", str(vault_dir)),
        default_stdin="",
    )


def _import(run, path, user="ada"):
    return run(
        ["services", "import", str(path), "--user", user, "--password-stdin"],
        f"{user}-password\n",
    )


def test_import_then_list_and_export_round_trip(run, tmp_path, vault_dir):
    source = tmp_path / "services.csv"
    source.write_text(GOOD, encoding="utf-8")
    code, out, err = _import(run, source)
    assert code == 0, err
    assert "2 new" in out
    code, out, err = run(
        ["services", "list", "--user", "sol", "--password-stdin"], "sol-password\n"
    )
    assert code == 0, err
    assert "Hope Shelter\tshelter\ten ar" in out
    assert "Quay Street Clinic\tmedical\ten fa" in out

    exported = tmp_path / "export.csv"
    code, out, err = run(
        ["services", "export", str(exported), "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 0, err
    text = exported.read_text(encoding="utf-8")
    assert "'+44 20 7946 0999" in text, "a cell starting with + is not run as a formula"
    # Re-importing the export updates the same services instead of adding copies.
    code, out, err = _import(run, exported)
    assert code == 0, err
    assert "0 new and 2 updated" in out
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        services = vault.services.list()
    assert len(services) == 2
    assert services[0].phone == "+44 20 7946 0999"
    assert services[0].languages == ("en", "ar")


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_imported(run, tmp_path, vault_dir):
    source = tmp_path / "services.csv"
    source.write_text(
        "name,type,email,languages\n"
        "Hope Shelter,shelter,intake@hope.example,en\n"
        ",spa,not-an-address,english!\n"
        "Clinic,medical,,en\n",
        encoding="utf-8",
    )
    code, _out, err = _import(run, source)
    assert code == 1
    assert f"{source}: row 3, column name: required, but empty" in err
    assert "row 3, column type: unknown service type 'spa'" in err
    assert "row 3, column email: 'not-an-address' is not an e-mail address" in err
    assert "row 3, column languages:" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        assert vault.services.list() == []


def test_unknown_columns_and_missing_required_columns_name_the_header(tmp_path):
    report = read_csv("title,type,colour\nX,shelter,red\n", set())
    messages = [str(problem) for problem in report.problems]
    assert "row 1, column title: unknown column" in messages[0]
    assert any(m.startswith("row 1, column colour") for m in messages)
    assert any(m == "row 1, column name: required column missing" for m in messages)
    assert report.rows == []


def test_ids_must_exist_and_not_repeat():
    report = read_csv("id,name,type\n7,A,shelter\n7,B,shelter\n9,C,other\n", {7})
    messages = [str(problem) for problem in report.problems]
    assert messages == [
        "row 3, column id: the same id is on row 2",
        "row 4, column id: no service with id 9 in this vault",
    ]


def test_csv_round_trip_keeps_every_field():
    service = Service("Centre d'aide", "legal_aid", ("fr", "ar"), "=HYPERLINK(1)",
                      "+33 1 23 45", "a@b.example", "1 rue, Lille", "mail first",
                      "-closed Sundays", id=3)  # fmt: skip
    text = write_csv([service])
    assert ",'=HYPERLINK(1)," in text
    report = read_csv(text, {3})
    assert report.ok, report.problems
    (row,) = report.rows
    assert row.service_id == 3
    assert row.fields.area == "=HYPERLINK(1)"
    assert (row.fields.phone, row.fields.notes) == ("+33 1 23 45", "-closed Sundays")
    assert (row.fields.address, row.fields.languages) == ("1 rue, Lille", ("fr", "ar"))
    # A service is its fields plus an id: the round trip gives back exactly those fields.
    assert row.fields == service.fields


def test_a_service_is_its_fields_plus_an_id(vault):
    fields = ServiceFields("Hope Shelter", "shelter", ("en",), phone="+44 20 7946 0999")
    stored = vault.services.add(fields)
    assert isinstance(stored, ServiceFields) and stored.fields == fields
    assert stored.id > 0 and stored.name == "Hope Shelter"
    renamed = vault.services.update(
        stored.id, dataclasses.replace(stored.fields, name="Hope House")
    )
    assert renamed.fields == dataclasses.replace(fields, name="Hope House")
    assert renamed.id == stored.id


def test_screener_may_list_but_not_import(run, tmp_path):
    source = tmp_path / "services.csv"
    source.write_text(GOOD, encoding="utf-8")
    code, _out, err = _import(run, source, user="sol")
    assert code == 3 and "may not" in err


def test_exporting_the_whole_directory_needs_the_export_right(run, tmp_path, vault_dir):
    source = tmp_path / "services.csv"
    source.write_text(GOOD, encoding="utf-8")
    assert _import(run, source)[0] == 0
    refused = tmp_path / "screener.csv"
    code, _out, err = run(
        ["services", "export", str(refused), "--user", "sol", "--password-stdin"],
        "sol-password\n",
    )
    assert code == 3 and "may not export data" in err
    assert not refused.exists()
    allowed = tmp_path / "supervisor.csv"
    code, out, err = run(
        ["services", "export", str(allowed), "--user", "sam", "--password-stdin"],
        "sam-password\n",
    )
    assert code == 0, err
    assert "Wrote 2 services" in out and "Hope Shelter" in allowed.read_text(encoding="utf-8")
    # The core refuses too, whatever front end asks, and records each export with a count.
    with Vault.open(vault_dir, "sol", "sol-password") as screener:
        with pytest.raises(AccessDenied):
            screener.services.export_csv()
        assert len(screener.services.list()) == 2
    with Vault.open(vault_dir, "sam", "sam-password") as supervisor:
        (entry,) = supervisor.audit.entries(action="service.export")
    assert entry.actor == "sam" and entry.detail == {"count": 2}


def test_a_screener_may_still_refer_their_own_case(run, tmp_path, vault_dir):
    from tests.export.vault_setup import add_services, completed_screening

    with Vault.open(vault_dir, "ada", "ada-password") as admin:
        services = add_services(admin)
    with Vault.open(vault_dir, "sol", "sol-password") as screener:
        screening_id = completed_screening(screener)
    out = tmp_path / "packet.pdf"
    code, _out, err = run(
        ["referral", "export", "--user", "sol", "--password-stdin", "--screening",
         str(screening_id), "--service", str(services["shelter"]), "--lang", "en",
         "--out", str(out)],
        "sol-password\n",
    )  # fmt: skip
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


def test_missing_and_non_utf8_files_are_named(run, tmp_path):
    code, _out, err = _import(run, tmp_path / "nothing.csv")
    assert code == 1 and "nothing.csv" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,type\nCentre l\xe9gal,legal_aid\n".encode("latin-1"))
    code, _out, err = _import(run, latin)
    assert code == 2 and "UTF-8" in err and "latin.csv" in err


def test_a_huge_csv_is_refused_before_it_is_read_whole(run, tmp_path):
    import tracemalloc

    source = tmp_path / "services.csv"
    with source.open("wb") as handle:
        handle.write(GOOD.encode())
        handle.truncate(84 * 1024 * 1024)  # sparse: 84 MB
    tracemalloc.start()
    try:
        code, _out, err = _import(run, source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and "larger than 8 MB" in err and "nothing was imported" in err
    assert peak < 32 * 1024 * 1024  # read up to the limit, never the 84 MB
