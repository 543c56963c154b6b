"""The Server page: administrators connect and set the policy; Send now shows its progress."""

from __future__ import annotations

from PySide6 import QtWidgets

from app.screening.loader import load_forms
from app.sync.publish import publish
from app.ui.admin.sync_page import SyncPage
from app.ui.operations import run_in_background
from tests.sync.central import needs_central, new_project
from tests.sync.helpers import complete_screening


def test_only_administrators_see_the_link_and_policy(qtbot, open_vault):
    admin = SyncPage(open_vault("ada"))
    supervisor = SyncPage(open_vault("sam"))
    qtbot.addWidget(admin)
    qtbot.addWidget(supervisor)
    assert not admin.link.isHidden() and not admin.policy_box.isHidden()
    assert supervisor.link.isHidden() and supervisor.policy_box.isHidden()
    assert "not connected" in supervisor.status.text()
    assert not supervisor.push_button.isEnabled()
    assert admin.link.echoMode() == QtWidgets.QLineEdit.EchoMode.Password


def test_a_bad_link_is_explained_and_nothing_is_kept(qtbot, vault):
    page = SyncPage(vault)
    qtbot.addWidget(page)
    page.link.setText("https://central.example.org/v1/projects/3")
    page.connect_server()
    qtbot.waitUntil(lambda: page.operation.done, timeout=10_000)
    assert "not an App User link" in page.message.text()
    assert vault.sync_config.link is None


def test_the_policy_is_saved_and_audited(qtbot, vault):
    page = SyncPage(vault)
    qtbot.addWidget(page)
    page.with_answers.setChecked(True)
    page.auto_send.setChecked(True)
    page.save_policy()
    assert vault.sync_config.policy == "answers" and vault.sync_config.auto_send
    assert vault.audit.entries(action="odk.policy")[0].detail["auto_send"] is True


def test_progress_reaches_the_bar_from_the_worker(qtbot):
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    seen = []

    def work(report):
        for done in range(1, 4):
            report(done, 3)
        return "ok"

    operation = run_in_background(
        parent=parent, work=work, with_progress=True, on_success=seen.append, progress_text="x"
    )
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert seen == ["ok"]


@needs_central
def test_connect_and_send_now_from_the_page(qtbot, vault):
    project = new_project("waystation ui")
    publish(project.session, project.id, load_forms())
    link = project.app_user_link("desktop")
    complete_screening(vault)
    complete_screening(vault)
    page = SyncPage(vault)
    qtbot.addWidget(page)
    page.link.setText(link)
    page.connect_server()
    qtbot.waitUntil(lambda: page.operation.done, timeout=20_000)
    assert "Connected" in page.message.text() and page.link.text() == ""
    assert page.push_button.isEnabled()
    page.push()
    qtbot.waitUntil(lambda: page.operation.done, timeout=30_000)
    assert "Delivered: 2" in page.message.text()
    assert "Sent: 2" in page.status.text()
    assert len(project.session.submissions(project.id, "border-triage")) == 2
    project.session.close()


def test_automatic_sending_only_when_switched_on(qtbot, vault):
    from types import SimpleNamespace

    from PySide6 import QtCore

    from app.ui.auto_send import AutoSender
    from tests.sync.helpers import connect_offline

    class Window(QtCore.QObject):
        locked = QtCore.Signal()
        unlocked = QtCore.Signal()

    window = Window()
    window.vault = vault
    sender = AutoSender(window)
    complete_screening(vault)
    connect_offline(vault)  # a link to a closed port on this machine
    sender.send()
    assert sender.operation is None  # switched off: nothing is even tried
    vault.sync_config.set_policy(auto_send=True)
    sender.send()
    assert sender.operation is not None
    qtbot.waitUntil(lambda: sender.operation is None, timeout=20_000)
    entry = vault.audit.entries(action="odk.push")[0]
    assert entry.detail["trigger"] == "automatic" and entry.detail["sent"] == 0
    assert entry.detail["interrupted"] is True
    assert SimpleNamespace(**entry.detail).server == "127.0.0.1:9"
