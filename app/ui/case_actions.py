"""Close, reopen and withdraw consent for a case, each after a confirmation that says what
happens and when. The core does the work (`vault.cases.close`, `reopen`,
`withdraw_consent`); the texts take their dates and counts from it.

Each function returns True when the action was done. The confirmation is a
message box whose window title never names the case; Cancel is the default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.i18n import _, format_date, ngettext
from app.ui.operations import error_message
from app.workflows.case_details import case_details


def _ask(box: QtWidgets.QMessageBox) -> bool:
    box.exec()
    return box.clickedButton() is box.property("acceptButton")


# Tests (and the screenshot tool) replace this to answer the box without a user.
ask: Callable[[QtWidgets.QMessageBox], bool] = _ask


def confirmation(
    parent: QtWidgets.QWidget | None,
    name: str,
    title: str,
    text: str,
    details: str,
    accept_text: str,
    *,
    destructive: bool = False,
) -> QtWidgets.QMessageBox:
    """A warning box with `accept_text` and Cancel (the default, also on Escape)."""
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(details)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    role = (
        QtWidgets.QMessageBox.ButtonRole.DestructiveRole
        if destructive
        else QtWidgets.QMessageBox.ButtonRole.AcceptRole
    )
    accept = box.addButton(accept_text, role)
    accept.setObjectName(name + "Accept")
    accept.setAccessibleName(accept_text)
    cancel = box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    cancel.setAccessibleName(cancel.text().replace("&", ""))
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    # Wide enough that a case reference (WS-XXXX-XX) is never broken at its hyphen.
    box.setStyleSheet(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 28em; }"
    )
    box.setAccessibleName(title)
    box.setAccessibleDescription(text + "\n" + details)
    box.setProperty("acceptButton", accept)
    return box


def _failed(parent: QtWidgets.QWidget | None, error: BaseException) -> None:
    QtWidgets.QMessageBox.warning(parent, _("Not completed"), error_message(error))


def close_box(parent: QtWidgets.QWidget | None, vault: Any, case_id: int) -> QtWidgets.QMessageBox:
    """The confirmation for closing a case: when it will be deleted under the retention setting."""
    case = vault.cases.check_access(case_id)
    days = int(vault.settings.get("retention_days"))
    due = datetime.now(UTC) + timedelta(days=days)
    return confirmation(
        parent,
        "closeCaseConfirm",
        _("Close the case"),
        _("Close case {ref}?").format(ref=case.reference),
        ngettext(
            "Nobody can go on with its screenings while it is closed. Under the retention "
            "setting ({days} day), the case and everything in it will be deleted for good on "
            "{date}, unless it is reopened before then.",
            "Nobody can go on with its screenings while it is closed. Under the retention "
            "setting ({days} days), the case and everything in it will be deleted for good on "
            "{date}, unless it is reopened before then.",
            days,
        ).format(days=days, date=format_date(due)),
        _("Close the case"),
    )


def reopen_box(parent: QtWidgets.QWidget | None, vault: Any, case_id: int) -> QtWidgets.QMessageBox:
    """The confirmation for reopening a closed case: it is no longer due for deletion."""
    case = vault.cases.check_access(case_id)
    due = vault.cases.deletion_due(case)
    return confirmation(
        parent,
        "reopenCaseConfirm",
        _("Reopen the case"),
        _("Reopen case {ref}?").format(ref=case.reference),
        _(
            "It will no longer be deleted on {date}. If it is closed again, the retention "
            "period starts again from that day."
        ).format(date=format_date(due) if due else "-"),
        _("Reopen the case"),
    )


def withdraw_box(
    parent: QtWidgets.QWidget | None, vault: Any, case_id: int
) -> QtWidgets.QMessageBox:
    """The confirmation for a withdrawal of consent: what is deleted, that it is now and final."""
    details = case_details(vault, case_id)
    count = len(details.screenings)
    lines = [
        _("Deleted now, for good; this cannot be undone:"),
        "• "
        + ngettext(
            "{n} screening with its outcome", "{n} screenings with their outcomes", count
        ).format(n=count),
    ]
    if details.answers:
        lines.append(
            "• " + ngettext("{n} answer", "{n} answers", details.answers).format(n=details.answers)
        )
    if details.referrals:
        lines.append(
            "• "
            + ngettext(
                "the record of {n} referral", "the records of {n} referrals", details.referrals
            ).format(n=details.referrals)
        )
    if details.referrals:
        lines.append(
            _(
                "Packets already sent to services are not recalled: tell those services that "
                "the person withdrew consent."
            )
        )
    lines.append(_("The audit trail keeps only that a case was deleted, with these counts."))
    return confirmation(
        parent,
        "withdrawConfirm",
        _("Withdraw consent"),
        _("The person withdraws their consent. Delete case {ref} and everything in it now?").format(
            ref=details.case.reference
        ),
        "\n".join(lines),
        _("Delete the case now"),
        destructive=True,
    )


def _confirm_then(
    parent: QtWidgets.QWidget | None,
    build: Callable[[], QtWidgets.QMessageBox],
    act: Callable[[], object],
) -> bool:
    try:
        box = build()
    except Exception as error:
        _failed(parent, error)
        return False
    confirmed = ask(box)
    box.deleteLater()
    if not confirmed:
        return False
    try:
        act()
    except Exception as error:
        _failed(parent, error)
        return False
    return True


def close_case(parent: QtWidgets.QWidget | None, vault: Any, case_id: int) -> bool:
    """Ask, then close the case; True when closed."""
    return _confirm_then(
        parent, lambda: close_box(parent, vault, case_id), lambda: vault.cases.close(case_id)
    )


def reopen_case(parent: QtWidgets.QWidget | None, vault: Any, case_id: int) -> bool:
    """Ask, then reopen the case; True when reopened."""
    return _confirm_then(
        parent, lambda: reopen_box(parent, vault, case_id), lambda: vault.cases.reopen(case_id)
    )


def withdraw_consent(parent: QtWidgets.QWidget | None, vault: Any, case_id: int) -> bool:
    """Ask, then delete the case at once (the person withdrew consent); True when deleted."""
    return _confirm_then(
        parent,
        lambda: withdraw_box(parent, vault, case_id),
        lambda: vault.cases.withdraw_consent(case_id),
    )
