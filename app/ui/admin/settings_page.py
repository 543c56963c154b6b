"""Settings, built from the vault's declarations (type, default, title, limits), plus
backup and purge, which run off the UI thread."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.i18n import _, current_language, form_text
from app.ui.controls import button, compact_combo, label, quiet_scroll_area, set_text
from app.ui.file_dialogs import choose_file
from app.ui.flow_layout import flow_bar
from app.ui.forms_access import available_forms
from app.ui.language import Retranslating
from app.ui.operations import error_message, run_in_background

FORM_SETTING = "default_form"


def _declared_settings() -> tuple[Any, ...]:
    from app.storage.settings import SETTINGS

    return SETTINGS


class SettingsPage(Retranslating):
    """One field per declared setting; `load()` fills them, `save()` writes what changed."""

    saved = QtCore.Signal()

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self.vault = vault
        self.title = label("title")
        self.fields: dict[str, QtWidgets.QWidget] = {}
        self.labels: dict[str, QtWidgets.QLabel] = {}
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for setting in _declared_settings():
            field = self._field(setting)
            field.setObjectName(f"setting_{setting.key}")
            name = label(wrap=True)
            name.setBuddy(field)
            self.fields[setting.key] = field
            self.labels[setting.key] = name
            form.addRow(name, field)
        self.save_button = button("primary", "saveSettingsButton")
        self.save_button.clicked.connect(self.save)
        self.message = label()
        self.message.setObjectName("settingsMessage")
        self.backup_button = button("", "backupButton")
        self.backup_button.clicked.connect(self.backup)
        self.purge_button = button("", "purgeButton")
        self.purge_button.clicked.connect(self.purge)
        content = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addLayout(form)
        column.addStretch(1)
        # The settings scroll on a small screen; saving, backup and purge stay in view.
        scroll = quiet_scroll_area("settingsScroll")
        scroll.setWidget(content)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(flow_bar(self.save_button, None, self.backup_button, self.purge_button))
        self.operation = None
        self.retranslate()
        self.load()

    @staticmethod
    def _field(setting: Any) -> QtWidgets.QWidget:
        if setting.key == FORM_SETTING:
            # A choice of the installed questionnaires, never a name typed by hand.
            return compact_combo()
        if setting.type is bool:
            return QtWidgets.QCheckBox()
        if setting.type is int:
            spin = QtWidgets.QSpinBox()
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0") * 10 + 60)
            spin.setRange(
                setting.minimum if setting.minimum is not None else 0,
                setting.maximum if setting.maximum is not None else 1_000_000,
            )
            return spin
        return QtWidgets.QLineEdit()

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        for setting in _declared_settings():
            text = _(setting.title)
            self.labels[setting.key].setText(text)
            self.fields[setting.key].setAccessibleName(text)
        self._list_forms()
        set_text(self.save_button, _("Save settings"))
        set_text(self.backup_button, _("Back up now…"))
        set_text(self.purge_button, _("Delete expired cases now"))

    def _list_forms(self) -> None:
        """The questionnaire choice: "ask each time", then every installed questionnaire."""
        box = self.fields.get(FORM_SETTING)
        if not isinstance(box, QtWidgets.QComboBox):
            return
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(_("none: choose for each screening"), "")
        lang = current_language()
        for form in available_forms().values():
            box.addItem(form_text(lang, form.title), form.id)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    def load(self) -> None:
        """Show the stored values."""
        for setting in _declared_settings():
            value = self.vault.settings.get(setting.key)
            field = self.fields[setting.key]
            if isinstance(field, QtWidgets.QComboBox):
                # A stored questionnaire that is no longer installed shows as "none".
                field.setCurrentIndex(max(0, field.findData(str(value or ""))))
            elif isinstance(field, QtWidgets.QCheckBox):
                field.setChecked(bool(value))
            elif isinstance(field, QtWidgets.QSpinBox):
                field.setValue(int(value))
            elif isinstance(field, QtWidgets.QLineEdit):
                field.setText(str(value or ""))

    def value(self, key: str) -> object:
        """The value a field holds now."""
        field = self.fields[key]
        if isinstance(field, QtWidgets.QComboBox):
            return str(field.currentData() or "")
        if isinstance(field, QtWidgets.QCheckBox):
            return field.isChecked()
        if isinstance(field, QtWidgets.QSpinBox):
            return field.value()
        return field.text().strip()

    def save(self) -> None:
        """Store every changed setting (the vault checks the role and the limits)."""
        try:
            changed = 0
            for setting in _declared_settings():
                value = self.value(setting.key)
                if value != self.vault.settings.get(setting.key):
                    self.vault.settings.set(setting.key, value)
                    changed += 1
        except Exception as error:
            self.message.setText(error_message(error))
            return
        self.message.setText(_("Settings saved."))
        self.saved.emit()

    def backup(self) -> None:
        """Write an encrypted backup to a file the user picks.

        Qt's own file dialog, not the desktop's (those add the file to recent-file
        lists), and Qt's folder history put back as it was.
        """
        path = choose_file(
            self,
            _("Back up the vault"),
            save=True,
            suggested="waystation-backup.wsbackup",
            name_filter=_("Waystation backup (*.wsbackup)"),
            suffix="wsbackup",
        )
        if not path:
            return
        vault = self.vault
        self.operation = run_in_background(
            parent=self,
            work=lambda: vault.backup(path),
            on_success=lambda _r: self.message.setText(_("Backup written.")),
            on_failure=lambda error: self.message.setText(error_message(error)),
            progress_text=_("Writing the backup…"),
        )

    def purge(self) -> None:
        """Delete closed cases past the retention time, now."""
        vault = self.vault
        self.operation = run_in_background(
            parent=self,
            work=vault.purge,
            on_success=lambda count: self.message.setText(
                _("Expired cases deleted: {count}.").format(count=count)
            ),
            on_failure=lambda error: self.message.setText(error_message(error)),
            progress_text=_("Deleting expired cases…"),
        )
