"""Step 1 of the referral dialog: which services, and what the person needs and how urgently.

The needs and the urgency come pre-set from the screening's own needs
questions; the worker may change them. The case's earlier referrals are
listed, so a second referral is not made by mistake. For a child who did not
agree to be referred, the duty comes first (duty_panel.py) and only
child-protection services are listed.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.domain.referral_status import STATUS_TITLES, ReferralStatus
from app.i18n import _, format_datetime, pgettext
from app.ui.admin.services_page import COLUMNS, ServicesModel, service_table
from app.ui.controls import label, line_edit, set_text
from app.ui.language import Retranslating
from app.ui.referral.duty_panel import DutyPanel


def group(name: str) -> tuple[QtWidgets.QGroupBox, QtWidgets.QVBoxLayout]:
    """A titled group (its title is set on retranslate) and its layout."""
    box = QtWidgets.QGroupBox()
    box.setObjectName(name)
    return box, QtWidgets.QVBoxLayout(box)


def checkbox(name: str) -> QtWidgets.QCheckBox:
    """A check box with an object name (texts are set on retranslate)."""
    box = QtWidgets.QCheckBox()
    box.setObjectName(name)
    return box


class ServicesStep(Retranslating):
    """Services to refer to, the person's needs and the urgency; emits `changed`."""

    changed = QtCore.Signal()

    def __init__(self, draft: Any, services: list[Any], parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("referralStepServices")
        self.draft = draft
        self._loading = False
        self.intro = label("note")
        self.duty_panel = DutyPanel(draft) if draft.under_duty else None
        if self.duty_panel is not None:
            self.duty_panel.changed.connect(self.changed)
        self.earlier_group, earlier = group("referralEarlier")
        self.earlier_list = label()
        self.earlier_list.setObjectName("earlierReferrals")
        earlier.addWidget(self.earlier_list)
        self.services_group, services_layout = group("referralServices")
        self.services_model = ServicesModel(checkable=True, parent=self)
        self.services_model.set_services(draft.offered(services))
        self.services_model.checked_changed.connect(self._services_checked)
        self.services_view = service_table(self.services_model, "referralServiceTable")
        self.services_view.setMinimumHeight(120)
        for index, (key, _title) in enumerate(COLUMNS):
            if key in ("phone", "email"):  # in the packet, not needed to choose
                self.services_view.hideColumn(index)
        self.services_view.resizeColumnsToContents()
        self.services_empty = label("note")
        services_layout.addWidget(self.services_view)
        services_layout.addWidget(self.services_empty)
        self.needs_group, needs = group("referralNeeds")
        self.urgency_label = label()
        self.urgency_box = QtWidgets.QComboBox()
        self.urgency_box.setObjectName("referralUrgency")
        self.urgency_label.setBuddy(self.urgency_box)
        self.urgency_box.currentIndexChanged.connect(self._urgency_chosen)
        urgency_row = QtWidgets.QHBoxLayout()
        urgency_row.addWidget(self.urgency_label)
        urgency_row.addWidget(self.urgency_box, 1)
        self.found_note = label("note")
        self.found_note.setObjectName("needsFromScreening")
        self.need_boxes: dict[str, QtWidgets.QCheckBox] = {}
        grid = QtWidgets.QGridLayout()
        for index, need in enumerate(rules.NEEDS):
            box = checkbox(f"need_{need}")
            box.setChecked(need in draft.person_needs)
            box.toggled.connect(lambda on, n=need: self._need_toggled(n, on))
            self.need_boxes[need] = box
            grid.addWidget(box, index // 2, index % 2)
        self.other_need = line_edit("otherNeed")
        self.other_need.setMaxLength(200)
        self.other_need.setEnabled("other" in draft.person_needs)
        self.other_need.textChanged.connect(self._other_changed)
        needs.addLayout(urgency_row)
        needs.addWidget(self.found_note)
        needs.addLayout(grid)
        needs.addWidget(self.other_need)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.intro, self.duty_panel, self.earlier_group, self.services_group):
            if widget is not None:
                layout.addWidget(widget)
        layout.addWidget(self.needs_group)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        if self.draft.under_duty:
            self.intro.setText(
                _(
                    "Record the duty, then choose the child-protection service. Its packet is "
                    "in a language it works in, with only what the duty allows."
                )
            )
        else:
            self.intro.setText(
                _(
                    "Choose the services to refer the person to. Each gets its own packet, "
                    "in a language it works in, with only what you choose for it in the "
                    "next step."
                )
            )
        self.earlier_group.setTitle(_("Earlier referrals of this case"))
        self._show_earlier()
        self.services_group.setTitle(_("Services"))
        self.services_view.setAccessibleName(_("Services to refer to (Space ticks one)"))
        if self.draft.under_duty:
            self.services_empty.setText(
                _(
                    "The service directory has no child-protection service. An administrator "
                    "adds services under Administration."
                )
            )
        else:
            self.services_empty.setText(
                _("The service directory is empty: an administrator adds services first.")
            )
        self.services_empty.setVisible(not self.services_model.services)
        self.services_model.retranslate()
        self.needs_group.setTitle(_("What the person needs, and how urgently"))
        self.urgency_label.setText(_("&Urgency"))
        self.urgency_box.setAccessibleName(_("Urgency"))
        self._loading = True
        self.urgency_box.clear()
        for key, title in rules.URGENCIES.items():
            self.urgency_box.addItem(_(title), key)
        self.urgency_box.setCurrentIndex(max(0, self.urgency_box.findData(self.draft.urgency)))
        self._loading = False
        found = [_(rules.NEEDS[n]) for n in self.draft.found_needs]
        self.found_note.setText(
            _(
                "From the screening's answers: {needs}; urgency {urgency}. Change them if needed."
            ).format(
                # TRANSLATORS: between the items of a short list; Arabic and Farsi use "، ".
                needs=pgettext("list separator", ", ").join(found) if found else _("no needs"),
                urgency=_(rules.URGENCIES[self.draft.found_urgency]),
            )
        )
        for need, box in self.need_boxes.items():
            set_text(
                box,
                _(rules.NEEDS[need]),
                _("The person needs: {need}").format(need=_(rules.NEEDS[need])),
            )
        self.other_need.setAccessibleName(_("The other need, in a few words"))
        self.other_need.setPlaceholderText(_("The other need, in a few words"))

    def _show_earlier(self) -> None:
        earlier = self.draft.earlier
        names = {s.id: s.name for s in self.services_model.services}
        lines = [
            _("{reference}: {service}, {status} since {when}").format(
                reference=r.reference,
                service=names.get(r.service_id, _("a service no longer listed")),
                status=_(STATUS_TITLES[ReferralStatus(r.status)]),
                when=format_datetime(r.status_at or r.created_at, fmt="short"),
            )
            for r in earlier
        ]
        self.earlier_list.setText("\n".join(lines))
        self.earlier_group.setVisible(bool(lines))

    def refresh_earlier(self) -> None:
        """Show the case's referrals again (after an export)."""
        self._show_earlier()

    # --- changes -------------------------------------------------------------------------
    def _services_checked(self) -> None:
        checked = self.services_model.checked_ids()
        for service_id in list(self.draft.plans):
            if service_id not in checked:
                self.draft.drop(service_id)
        for service in self.services_model.services:
            if service.id in checked and service.id not in self.draft.plans:
                self.draft.choose(service)
        self.changed.emit()

    def _urgency_chosen(self, _index: int) -> None:
        if not self._loading and self.urgency_box.currentData():
            self.draft.set_urgency(self.urgency_box.currentData())
            self.changed.emit()

    def _need_toggled(self, need: str, on: bool) -> None:
        self.draft.set_person_need(need, on)
        if need == "other":
            self.other_need.setEnabled(on)
        self.changed.emit()

    def _other_changed(self, text: str) -> None:
        self.draft.other_need = text
        self.changed.emit()
