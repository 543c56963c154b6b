"""The service directory page: add and edit through the core's checks, CSV import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from app.ui.admin.admin_page import AdminPage
from app.ui.admin.services_page import ServiceDialog, ServicesPage
from app.ui.language import apply_language
from tests.export.vault_setup import add_services
from tests.ui.test_screening_flow import missing_accessible_names

GOOD_CSV = (
    "name,type,languages,area,phone,email\n"
    "North Legal Aid,legal_aid,en fr,City centre,+44 20 7946 0100,intake@legal.example\n"
    "Harbour Counselling,psychosocial,ar,Port district,,\n"
)
BAD_CSV = (
    "name,type,languages,email\n"
    "North Legal Aid,legal_aid,en,intake@legal.example\n"
    "Riverside Spa,spa,en,spa@example.org\n"
    "Hill Clinic,medical,en,not-an-address\n"
)


def make_page(qtbot, vault) -> ServicesPage:
    page = ServicesPage(vault)
    qtbot.addWidget(page)
    page.show()
    return page


def answer_service_dialog(monkeypatch, fill, checks=None) -> None:
    """Instead of waiting for a user, the service dialog is filled, OK pressed, and checked."""

    def exec_(dialog: ServiceDialog) -> int:
        dialog.show()
        fill(dialog)
        dialog.check()
        if checks is not None:
            checks(dialog)
        return dialog.result()

    monkeypatch.setattr(ServiceDialog, "exec", exec_)


def names(page: ServicesPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_add_a_service_with_a_bad_field_then_fixed(qtbot, vault, monkeypatch):
    page = make_page(qtbot, vault)
    assert missing_accessible_names(page) == []

    def fill(dialog: ServiceDialog) -> None:
        dialog.fields["name"].setText("North Legal Aid")
        dialog.fields["type"].setCurrentIndex(dialog.fields["type"].findData("legal_aid"))
        dialog.fields["languages"].setText("en, fr")
        dialog.fields["email"].setText("not-an-address")

    def fix(dialog: ServiceDialog) -> None:
        assert dialog.isVisible() and dialog.error.isVisible()
        assert "E-mail" in dialog.error.text() and "not-an-address" in dialog.error.text()
        assert missing_accessible_names(dialog) == []
        dialog.fields["email"].setText("intake@legal.example")
        dialog.check()

    answer_service_dialog(monkeypatch, fill, fix)
    page.add_service()
    (service,) = vault.services.list()
    assert service.name == "North Legal Aid" and service.type == "legal_aid"
    assert service.languages == ("en", "fr") and service.email == "intake@legal.example"
    assert names(page) == ["North Legal Aid"]
    model = page.model
    assert model.data(model.index(0, 1)) == "legal aid"
    assert model.data(model.index(0, 2)) == "en fr"
    assert "North Legal Aid" in page.message.text()


def test_edit_and_remove_a_service(qtbot, vault, monkeypatch):
    ids = add_services(vault)
    page = make_page(qtbot, vault)
    row = names(page).index("Quay Street Clinic")
    page.table.selectRow(row)
    answer_service_dialog(monkeypatch, lambda d: d.fields["area"].setText("Old town"))
    page.edit_service()
    assert vault.services.get(ids["medical"]).area == "Old town"
    page.table.selectRow(names(page).index("Quay Street Clinic"))
    asked: list[list[str]] = []

    def say_yes(box):
        asked.append(sorted(b.accessibleName() for b in box.buttons()))
        return QtWidgets.QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", say_yes)
    page.remove_service()
    assert asked == [["No", "Yes"]]  # Qt's own buttons, named for screen readers
    assert [s.name for s in vault.services.list()] == ["Hope Shelter"]
    assert names(page) == ["Hope Shelter"]


def test_import_with_a_bad_row_names_row_and_column_and_imports_nothing(qtbot, vault, tmp_path):
    add_services(vault)
    before = vault.services.list()
    page = make_page(qtbot, vault)
    bad = tmp_path / "services.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    assert page.import_csv(str(bad)) is False
    report = page.report.toPlainText()
    assert page.report.isVisible()
    assert "services.csv: row 3, column type" in report
    assert "services.csv: row 4, column email" in report
    assert "row 2" not in report
    assert "nothing was imported" in page.message.text()
    assert vault.services.list() == before
    assert len(names(page)) == len(before)


def test_import_then_export_round_trip(qtbot, vault, tmp_path):
    page = make_page(qtbot, vault)
    good = tmp_path / "good.csv"
    good.write_text("\ufeff" + GOOD_CSV, encoding="utf-8")
    assert page.import_csv(str(good)) is True
    assert not page.report.isVisible()
    assert names(page) == ["Harbour Counselling", "North Legal Aid"]
    out = tmp_path / "export.csv"
    assert page.export_csv(str(out)) is True
    assert "2 services" in page.message.text()
    exports = [e for e in vault.audit.entries() if e.action == "service.export"]
    assert len(exports) == 1  # the copy of the directory went through the core's audit
    # An export re-imports as updates, not as copies.
    assert page.import_csv(str(out)) is True
    assert len(vault.services.list()) == 2
    assert "0 new and 2 updated" in page.message.text()


def test_a_file_that_is_not_utf8_is_named(qtbot, vault, tmp_path):
    page = make_page(qtbot, vault)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,type\nCafé Refuge,shelter\n".encode("latin-1"))
    assert page.import_csv(str(latin)) is False
    assert "UTF-8" in page.message.text() and "latin.csv" in page.message.text()
    assert vault.services.list() == []


def test_supervisor_reads_but_cannot_edit(qtbot, open_vault):
    with open_vault("ada") as admin:
        add_services(admin)
    page = make_page(qtbot, open_vault("sam"))
    assert names(page) == ["Hope Shelter", "Quay Street Clinic"]
    for widget in (page.add_button, page.edit_button, page.remove_button, page.import_button):
        assert not widget.isVisible()
    assert page.export_button.isVisible()


def test_admin_tabs_hold_the_directory_and_follow_the_language(qtbot, vault, monkeypatch):
    admin = AdminPage(vault)
    qtbot.addWidget(admin)
    assert admin.services_page is not None
    index = admin.tabs.indexOf(admin.services_page)
    assert admin.tabs.tabText(index) == "Services"
    import app.ui.admin.services_page as services_page

    monkeypatch.setattr(services_page, "_", lambda text: "«" + text + "»")
    seen: list[int] = []
    admin.services_page.model.headerDataChanged.connect(lambda *args: seen.append(1))
    apply_language("fr")
    assert admin.services_page.title.text() == "«Service directory»"
    assert admin.services_page.add_button.text() == "«Add service…»"
    assert seen


def test_no_temporary_file_is_left_by_an_export(qtbot, vault, tmp_path: Path):
    add_services(vault)
    page = make_page(qtbot, vault)
    folder = tmp_path / "out"
    folder.mkdir()
    assert page.export_csv(str(folder / "services.csv")) is True
    assert [p.name for p in folder.iterdir()] == ["services.csv"]
    assert page.export_csv(str(tmp_path / "missing" / "services.csv")) is False
    assert page.message.text()
