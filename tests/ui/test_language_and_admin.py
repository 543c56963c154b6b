"""Runtime language switch with right-to-left layout, text scaling, and the admin pages."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import current_language
from app.ui.appearance import BASE_POINTS
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import give_consent, start_screening

RTL = QtCore.Qt.LayoutDirection.RightToLeft
LTR = QtCore.Qt.LayoutDirection.LeftToRight


def test_switch_to_arabic_at_runtime_mirrors_the_layout(qtbot, window, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    english_cancel = QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel")
    window.set_language("ar")
    assert current_language() == "ar"
    assert QtWidgets.QApplication.layoutDirection() == RTL
    assert window.layoutDirection() == RTL
    assert window.case_list_page.table.layoutDirection() == RTL
    # Qt's own catalog follows, so built-in buttons speak Arabic too.
    arabic_cancel = QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert arabic_cancel != english_cancel and any("\u0600" <= c <= "\u06ff" for c in arabic_cancel)
    # The language box shows Arabic, and switching back restores left to right.
    assert window.language_box.currentData() == "ar"
    window.set_language("en")
    assert window.layoutDirection() == LTR
    assert QtCore.QCoreApplication.translate("QPlatformTheme", "Cancel") == english_cancel


def test_retranslate_reaches_every_page(qtbot, window, monkeypatch, vault_users):
    """Each page re-sets its texts on LanguageChange (checked with a stand-in translation)."""
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    import app.ui.case_list_page as case_list_page

    monkeypatch.setattr(case_list_page, "_", lambda text: "«" + text + "»")
    window.set_language("fr")
    assert window.case_list_page.title.text() == "«Cases»"


def test_respondent_text_is_right_to_left_in_an_english_ui(qtbot, window, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window, respondent="ar")
    consent = window.flow.consent_page
    assert consent.script_respondent.layoutDirection() == RTL
    assert consent.script_interviewer.layoutDirection() == LTR
    give_consent(qtbot, window)
    page = window.flow.interview_page
    assert window.layoutDirection() == LTR
    assert page.respondent_text.layoutDirection() == RTL
    assert page.interviewer_text.layoutDirection() == LTR
    assert page.answers.layoutDirection() == RTL
    window.flow.open_respondent_view()
    view = window.flow.respondent_view
    assert view.layoutDirection() == RTL
    assert view.question_text.text() == page.respondent_text.text()
    # The respondent view answers through the same engine.
    qtbot.mouseClick(view.answers.buttons["yes"], QtCore.Qt.MouseButton.LeftButton)
    assert page.interview.current.id == "under_18"
    assert window.windowTitle() == "Waystation"
    assert "papers" not in view.windowTitle()


def test_text_scales_with_ctrl_plus_and_minus(qtbot, window):
    window.activateWindow()
    scale = window.text_scale
    start = scale.scale
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Plus, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert scale.scale > start
    font = QtWidgets.QApplication.font()
    assert font.pointSizeF() > BASE_POINTS
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Minus, QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Minus, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert scale.scale < start
    scale.reset()


def test_audit_view_and_verify(qtbot, window, vault_users):
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    qtbot.mouseClick(window.admin_button, QtCore.Qt.MouseButton.LeftButton)
    audit = window.admin_page.audit_page
    actions = [entry.action for entry in audit.model.entries]
    assert "unlock" in actions
    qtbot.mouseClick(audit.verify_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: audit.verify_button.isEnabled(), timeout=10_000)
    assert audit.result.text() == "The vault and its audit trail are intact."


def test_supervisor_sees_the_audit_but_not_accounts_or_settings(qtbot, window, vault_users):
    unlock(qtbot, window, "sam", vault_users["sam"][1])
    window.show_admin()
    admin = window.admin_page
    assert admin.audit_page is not None
    assert admin.users_page is None and admin.settings_page is None


def test_admin_adds_an_account(qtbot, window, monkeypatch, vault_users):
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    window.show_admin()
    users = window.admin_page.users_page
    from app.storage.keyfile import TEST_KDF

    real_add = window.vault.users.add
    monkeypatch.setattr(window.vault.users, "add", lambda n, r, p: real_add(n, r, p, kdf=TEST_KDF))

    seen: list[str] = []

    def fake_exec(dialog):
        ok = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        # A name the command line could not take: said in the dialog, which stays open.
        dialog.name.setText("lee <admin>")
        dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
        assert "every case" in dialog.role_description.text()
        dialog.password.setText("lee-password")
        dialog.repeat.setText("lee-password")
        ok.click()
        seen.append(dialog.error.text())
        assert dialog.result() != QtWidgets.QDialog.DialogCode.Accepted
        # A name already taken: the core says so; everything typed is still there.
        dialog.name.setText("sol")
        ok.click()
        qtbot.waitUntil(lambda: dialog.operation.done, timeout=10_000)
        seen.append(dialog.error.text())
        assert dialog.password.text() == "lee-password"
        assert dialog.role.currentData() == "supervisor"
        dialog.name.setText("lee")
        ok.click()
        qtbot.waitUntil(lambda: dialog.operation.done, timeout=10_000)
        return dialog.result()

    from app.ui.admin import users_page

    monkeypatch.setattr(users_page.PasswordDialog, "exec", fake_exec)
    users.add_user()
    assert "letters, digits" in seen[0] and seen[0][0].isupper()
    assert seen[1] == "An account named sol already exists"
    names = [users.table.item(row, 0).text() for row in range(users.table.rowCount())]
    assert "lee" in names
    assert {u.name: u.role for u in window.vault.users.list()}["lee"] == "supervisor"
    assert users.message.text() == "Account lee added."


def test_a_window_opened_in_farsi_starts_right_to_left(qtbot, vault_dir, clock):
    from app.ui.language import apply_language
    from app.ui.main_window import MainWindow

    apply_language("fa")
    window = MainWindow(vault_dir, clock=clock)
    qtbot.addWidget(window)
    window.show()
    assert window.language_box.currentData() == "fa"
    assert window.layoutDirection() == RTL
    assert window.unlock_page.unlock_button.text() != "Unlock"  # the Farsi catalog's word


def test_the_language_box_says_which_translations_are_drafts(qtbot, window):
    """Translations made here are drafts until a native speaker reviews them: the box
    where the interface language is chosen says so, item by item (and in its tooltip)."""
    from app.i18n import language, offered_languages
    from app.ui.language import review_title

    window.list_languages()
    box = window.language_box
    codes = [box.itemData(i) for i in range(box.count())]
    assert codes == [lang.code for lang in offered_languages()]
    drafts = [code for code in codes if language(code).review_status != "reviewed"]
    assert "en" not in drafts and drafts, "English is the source; the others start as drafts"
    for index, code in enumerate(codes):
        shown = listed(box, index)
        tooltip = box.itemData(index, QtCore.Qt.ItemDataRole.ToolTipRole)
        assert tooltip == review_title(code)
        assert ("draft translation" in shown) == (code in drafts), shown
        # The closed box shows the name alone, so it stays narrow in the top bar.
        assert "draft" not in box.itemText(index)
    # In Farsi the mark is in Farsi too, not English.
    window.set_language("fa")
    window.list_languages()
    fa_shown = listed(box, box.findData("fa"))
    assert "draft" not in fa_shown and fa_shown != language("fa").native_name


def listed(box: QtWidgets.QComboBox, index: int) -> str:
    """An item's text as the open list draws it (through the box's item delegate)."""
    option = QtWidgets.QStyleOptionViewItem()
    box.itemDelegate().initStyleOption(option, box.model().index(index, 0))
    return option.text


def test_about_says_when_the_app_uses_the_network():
    """Since sending to ODK Central exists, About must not claim the app never connects."""
    from app.ui.about_dialog import about_text

    text = about_text()
    assert "never opens a network connection" not in text
    assert "ODK Central" in text
