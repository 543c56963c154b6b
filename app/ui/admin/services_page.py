"""The service directory: list, add, edit, remove, and CSV import and export.

Everyone may read the directory; administrators change it (the vault enforces
that, the page only hides the buttons others cannot use). A CSV import is
checked whole by the core first: every problem is listed with its row and
column, and one problem means nothing is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.domain.errors import UsageError
from app.domain.roles import Permission, can
from app.domain.service_csv import check_fields, field_problems, read_csv, read_file
from app.i18n import N_, _, ngettext
from app.ui.controls import button, confirm, label, line_edit, ok_cancel_buttons, set_text
from app.ui.file_dialogs import choose_file, export_csv_file
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating
from app.ui.operations import error_message

# (key, header) of each column; the key names the Service field shown.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", N_("Name")),
    ("type", N_("Type")),
    ("languages", N_("Languages")),
    ("area", N_("Area")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
)


class ServicesModel(QtCore.QAbstractTableModel):
    """The service directory as a table.

    Columns: 0 name, 1 type (in words, in the UI language), 2 languages
    (codes, e.g. "ar en"), 3 area, 4 phone, 5 e-mail. With `checkable`, the
    name column carries a check box (the services chosen for a referral);
    `checked_ids()` lists them in directory order. `service(row)` is the
    `Service` shown on a row.
    """

    checked_changed = QtCore.Signal()

    def __init__(self, *, checkable: bool = False, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.checkable = checkable
        self.services: list[Any] = []
        self._checked: set[int] = set()

    def set_services(self, services: list[Any]) -> None:
        """Show these services (checked ones that remain stay checked)."""
        self.beginResetModel()
        self.services = list(services)
        self._checked &= {service.id for service in self.services}
        self.endResetModel()

    def service(self, row: int) -> Any:
        return self.services[row]

    def checked_ids(self) -> list[int]:
        return [s.id for s in self.services if s.id in self._checked]

    def set_checked(self, service_id: int, checked: bool) -> None:
        """Tick or untick a service, as a click on its box does."""
        for row, service in enumerate(self.services):
            if service.id == service_id:
                self.setData(
                    self.index(row, 0),
                    QtCore.Qt.CheckState.Checked if checked else QtCore.Qt.CheckState.Unchecked,
                    QtCore.Qt.ItemDataRole.CheckStateRole,
                )

    def retranslate(self) -> None:
        """Re-announce headers and type names in the current language."""
        self.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.services:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.services) - 1, 1))

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.services)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = 0
    ) -> Any:
        if (
            role == QtCore.Qt.ItemDataRole.DisplayRole
            and orientation == QtCore.Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section][1])
        return None

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        service = self.services[index.row()]
        key = COLUMNS[index.column()][0]
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.AccessibleTextRole):
            if key == "type":
                return _(rules.SERVICE_TYPES.get(service.type, service.type))
            if key == "languages":
                return " ".join(service.languages)
            return getattr(service, key)
        if role == QtCore.Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            checked = service.id in self._checked
            return QtCore.Qt.CheckState.Checked if checked else QtCore.Qt.CheckState.Unchecked
        return None

    def flags(self, index: QtCore.QModelIndex) -> QtCore.Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.isValid() and index.column() == 0:
            flags |= QtCore.Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: QtCore.QModelIndex, value: Any, role: int = 2) -> bool:  # noqa: N802
        if not (
            self.checkable
            and index.isValid()
            and index.column() == 0
            and role == QtCore.Qt.ItemDataRole.CheckStateRole
        ):
            return False
        service_id = self.services[index.row()].id
        checked = QtCore.Qt.CheckState(value) == QtCore.Qt.CheckState.Checked
        if checked:
            self._checked.add(service_id)
        else:
            self._checked.discard(service_id)
        self.dataChanged.emit(index, index, [role])
        self.checked_changed.emit()
        return True


def service_table(model: ServicesModel, name: str) -> QtWidgets.QTableView:
    """A read-only table view of the directory, one row selected at a time."""
    view = QtWidgets.QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


# (key, label) of the edit dialog's fields, in order.
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("&Name")),
    ("type", N_("&Type")),
    ("languages", N_("&Languages (codes such as ar fa en)")),
    ("area", N_("&Area")),
    ("phone", N_("&Phone")),
    ("email", N_("&E-mail")),
    ("address", N_("A&ddress")),
    ("intake", N_("How it takes &referrals")),
    ("notes", N_("N&otes")),
)


class ServiceDialog(QtWidgets.QDialog):
    """Add or edit one service; OK checks the fields in the core and names each problem."""

    def __init__(self, parent: QtWidgets.QWidget, *, title: str, service: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceDialog")
        self.setWindowTitle(title)
        self.fields: dict[str, QtWidgets.QWidget] = {}
        form = QtWidgets.QFormLayout()
        for key, text in FIELDS:
            if key == "type":
                widget: QtWidgets.QWidget = QtWidgets.QComboBox()
                for type_id, type_title in rules.SERVICE_TYPES.items():
                    widget.addItem(_(type_title), type_id)
            elif key == "notes":
                widget = QtWidgets.QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(90)
            else:
                widget = line_edit(f"service_{key}")
            widget.setObjectName(f"service_{key}")
            widget.setAccessibleName(_(text).replace("&", ""))
            form.addRow(_(text), widget)
            self.fields[key] = widget
        if service is not None:
            self._load(service)
        self.error = label("error")
        self.error.setObjectName("serviceErrors")
        self.error.hide()
        buttons = ok_cancel_buttons(self, self.check)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_fields: Any = None

    def _load(self, service: Any) -> None:
        for key, widget in self.fields.items():
            value = getattr(service, key)
            if isinstance(widget, QtWidgets.QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QtWidgets.QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(" ".join(value) if key == "languages" else value)

    def values(self) -> dict[str, str]:
        """The fields as typed, as text (the same shape as a CSV row)."""
        values = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QtWidgets.QComboBox):
                values[key] = str(widget.currentData())
            elif isinstance(widget, QtWidgets.QPlainTextEdit):
                values[key] = widget.toPlainText()
            else:
                values[key] = widget.text()
        return values

    def check(self) -> None:
        """Accept when the core finds no problem; else list each one by field."""
        values = self.values()
        problems = field_problems(values)
        if problems:
            titles = {key: _(text).replace("&", "") for key, text in FIELDS}
            self.error.setText(
                "\n".join(
                    _("{field}: {message}").format(field=titles.get(column, column), message=text)
                    for column, text in problems
                )
            )
            self.error.show()
            self.fields[problems[0][0]].setFocus()
            return
        self.result_fields = check_fields(values)
        self.accept()


class ServicesPage(Retranslating):
    """The directory with add, edit, remove, import and export (editing: administrators)."""

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("servicesPage")
        self.vault = vault
        self.may_edit = can(vault.user.role, Permission.MANAGE_SERVICES)
        self.title = label("title")
        self.model = ServicesModel(parent=self)
        self.table = service_table(self.model, "servicesTable")
        self.table.doubleClicked.connect(lambda _index: self.edit_service())
        self.add_button = button("primary", "addServiceButton")
        self.add_button.clicked.connect(self.add_service)
        self.edit_button = button("", "editServiceButton")
        self.edit_button.clicked.connect(self.edit_service)
        self.remove_button = button("danger", "removeServiceButton")
        self.remove_button.clicked.connect(self.remove_service)
        self.import_button = button("", "importServicesButton")
        self.import_button.clicked.connect(self.import_csv)
        self.export_button = button("", "exportServicesButton")
        self.export_button.clicked.connect(self.export_csv)
        self.message = label()
        self.message.setObjectName("servicesMessage")
        self.report = QtWidgets.QPlainTextEdit()
        self.report.setObjectName("servicesImportReport")
        self.report.setReadOnly(True)
        self.report.setTabChangesFocus(True)
        self.report.setMaximumHeight(140)
        self.report.hide()
        for widget in (self.add_button, self.edit_button, self.remove_button, self.import_button):
            # Hidden or left alone, never shown: a button made visible before it has a
            # parent opens as a window of its own (and takes the focus from the app).
            if not self.may_edit:
                widget.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(
            flow_bar(
                self.add_button,
                self.edit_button,
                self.remove_button,
                self.import_button,
                self.export_button,
            )
        )
        layout.addWidget(self.message)
        layout.addWidget(self.report)
        layout.addWidget(self.table, 1)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(_("Service directory"))
        self.table.setAccessibleName(_("Service directory"))
        self.report.setAccessibleName(_("Problems found in the CSV file"))
        set_text(self.add_button, _("Add service…"))
        set_text(self.edit_button, _("Edit service…"))
        set_text(self.remove_button, _("Remove service…"))
        set_text(self.import_button, _("Import CSV…"))
        set_text(self.export_button, _("Export CSV…"))
        self.model.retranslate()

    def refresh(self) -> None:
        """Reload the directory from the vault."""
        try:
            services = self.vault.services.list()
        except Exception as error:
            self.message.setText(error_message(error))
            return
        self.model.set_services(services)
        self.table.resizeColumnsToContents()

    def selected_service(self) -> Any:
        """The service on the selected row, or None (with a note to select one)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(_("Select a service first."))
            return None
        return self.model.service(rows[0].row())

    # --- editing ------------------------------------------------------------------------
    def _store(self, action: Any, done: str) -> None:
        try:
            action()
        except Exception as error:
            self.message.setText(error_message(error))
            return
        self.message.setText(done)
        self.refresh()

    def add_service(self) -> None:
        """Ask for a new service's fields and add it."""
        dialog = ServiceDialog(self, title=_("Add service"))
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        fields = dialog.result_fields
        self._store(
            lambda: self.vault.services.add(fields),
            _("Service {name} added.").format(name=fields.name),
        )

    def edit_service(self) -> None:
        """Change the selected service's fields."""
        service = self.selected_service()
        if service is None or not self.may_edit:
            return
        dialog = ServiceDialog(self, title=_("Edit service"), service=service)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        fields = dialog.result_fields
        self._store(
            lambda: self.vault.services.update(service.id, fields),
            _("Service {name} changed.").format(name=fields.name),
        )

    def remove_service(self) -> None:
        """Remove the selected service after a confirmation."""
        service = self.selected_service()
        if service is None:
            return
        agreed = confirm(
            self,
            _("Remove service"),
            _(
                "Remove {name} from the directory? Referrals already made to it keep their record."
            ).format(name=service.name),
        )
        if not agreed:
            return
        self._store(
            lambda: self.vault.services.remove(service.id),
            _("Service {name} removed.").format(name=service.name),
        )

    # --- CSV ----------------------------------------------------------------------------
    def import_csv(self, path: str | None = None) -> bool:
        """Check a CSV file whole and import it, or list every problem and import nothing."""
        if not path:
            path = choose_file(
                self, _("Import services"), save=False, name_filter="CSV (*.csv)", suffix="csv"
            )
            if not path:
                return False
        self.report.clear()
        self.report.hide()
        try:
            report = read_csv(read_file(Path(path)), self.vault.services.ids())
        except UsageError as error:
            self.message.setText(error_message(error))
            return False
        if not report.ok:
            name = Path(path).name
            self.report.setPlainText(
                "\n".join(
                    _("{file}: {problem}").format(file=name, problem=str(p))
                    for p in report.problems
                )
            )
            self.report.show()
            self.message.setText(
                ngettext(
                    "{count} problem; nothing was imported.",
                    "{count} problems; nothing was imported.",
                    len(report.problems),
                ).format(count=len(report.problems))
            )
            return False
        try:
            added, updated = self.vault.services.import_rows(report.rows)
        except Exception as error:
            self.message.setText(error_message(error))
            return False
        self.message.setText(
            _("Imported {added} new and {updated} updated services.").format(
                added=added, updated=updated
            )
        )
        self.refresh()
        return True

    def export_csv(self, path: str | None = None) -> bool:
        """Write the directory as CSV (it re-imports as updates, not copies)."""
        try:
            # Through the core: it checks the export right and audits the copy.
            written = export_csv_file(
                self,
                path,
                title=_("Export services"),
                suggested="services.csv",
                produce=self.vault.services.export_csv,
            )
            count = len(self.vault.services.list())
        except Exception as error:
            self.message.setText(error_message(error))
            return False
        if written is None:
            return False
        self.message.setText(
            ngettext(
                "Wrote {count} service to {path}.",
                "Wrote {count} services to {path}.",
                count,
            ).format(count=count, path=written)
        )
        return True
