"""About the person, on the summary page: a short summary and an editor.

Everything is optional; nothing is shared unless the person agreed to the
packet section it belongs to. The editor pre-fills the languages from the
screening (the respondent's language, and the interpreter's when one took
part) until something is saved. The core checks every field and names the
one that is wrong; the dialog fits a 1024x600 screen by scrolling its fields.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.person import AGE_BANDS, CONTACT_WAYS, PLACE_KINDS, PersonProfile, check_profile
from app.domain.person import is_child as person_is_child
from app.i18n import N_, _, current_language, language_name, pgettext
from app.ui.controls import button, label, line_edit, ok_cancel_buttons, quiet_scroll_area, set_text
from app.ui.operations import error_message

CHILD_CHOICES = {
    "": N_("as the age or the questionnaire says"),
    "yes": N_("a child (under 18)"),
    "no": N_("an adult"),
}

# (key, label) of the editor's fields, in order.
FIELDS: tuple[tuple[str, str], ...] = (
    ("age", N_("&Age in years")),
    ("age_band", N_("Age &band")),
    ("age_uncertain", N_("The age is &uncertain")),
    ("child", N_("&Child or adult")),
    ("gender", N_("&Gender, as the person describes it")),
    ("languages", N_("&Languages they speak (codes such as es ar ti)")),
    ("preferred_language", N_("&Preferred language (code)")),
    ("interpreter_language", N_("&Interpreter needed in (code)")),
    ("dependant_children", N_("C&hildren with them")),
    ("dependant_adults", N_("A&dults who depend on them")),
    ("dependants_note", N_("About the people with them")),
    ("place_kind", N_("&Where they are now (kind of place)")),
    ("address", N_("Add&ress (shared only with the person's agreement)")),
    ("contact_way", N_("How to reach them &safely")),
    ("contact_detail", N_("Phone or e-mail &to use")),
    ("contact_time", N_("Safe &time to contact")),
)
NOT_KNOWN = -1


def _combo(choices: dict[str, str]) -> QtWidgets.QComboBox:
    box = QtWidgets.QComboBox()
    box.addItem(_("not known"), "")
    for key, title in choices.items():
        box.addItem(_(title), key)
    return box


def _number(maximum: int) -> QtWidgets.QSpinBox:
    spin = QtWidgets.QSpinBox()
    spin.setRange(NOT_KNOWN, maximum)
    spin.setSpecialValueText(_("not known"))
    spin.setValue(NOT_KNOWN)
    return spin


def profile_summary(profile: PersonProfile, form_audience: str | None) -> str:
    """One line about the person, in the UI language ("not recorded yet" when empty)."""
    parts = []
    child = person_is_child(profile, form_audience)
    if child is not None:
        parts.append(_("a child") if child else _("an adult"))
    if profile.age is not None:
        parts.append(_("{age} years").format(age=profile.age))
    elif profile.band:
        parts.append(_(AGE_BANDS[profile.band]))
    if profile.age_uncertain:
        parts.append(_("age uncertain"))
    if profile.languages:
        names = [language_name(code, current_language()) for code in profile.languages]
        parts.append(
            _("speaks {languages}").format(languages=pgettext("list separator", ", ").join(names))
        )
    if profile.interpreter_language:
        parts.append(
            _("interpreter in {language}").format(
                language=language_name(profile.interpreter_language, current_language())
            )
        )
    if profile.place_kind:
        parts.append(_(PLACE_KINDS[profile.place_kind]))
    if profile.contact_way:
        parts.append(_(CONTACT_WAYS[profile.contact_way]))
    if not parts:
        return _("Nothing recorded yet. What a service needs to know, such as age and "
                 "languages, goes here; it is shared only as the person agreed.")  # fmt: skip
    return " · ".join(parts)


class PersonDialog(QtWidgets.QDialog):
    """Edit a case's "about the person"; OK stores it through the core."""

    saved = QtCore.Signal(object)

    def __init__(
        self,
        vault: Any,
        case_id: int,
        profile: PersonProfile,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.setWindowTitle(_("About the person"))
        self.setAccessibleName(_("About the person"))
        self.vault, self.case_id = vault, case_id
        self.fields: dict[str, QtWidgets.QWidget] = {}
        form = QtWidgets.QFormLayout()
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, text in FIELDS:
            widget = self._field(key)
            widget.setObjectName(f"person_{key}")
            title = _(text)
            widget.setAccessibleName(title.replace("&", ""))
            if isinstance(widget, QtWidgets.QCheckBox):
                set_text(widget, title, title.replace("&", ""))
                form.addRow(widget)
            else:
                name = label()
                name.setText(title)
                name.setBuddy(widget)
                form.addRow(name, widget)
            self.fields[key] = widget
        inner = QtWidgets.QWidget()
        inner.setLayout(form)
        scroll = quiet_scroll_area()
        scroll.setWidget(inner)
        self.note = label("note")
        self.note.setText(
            _(
                "Everything is optional. Each part reaches a service only if the person "
                "agreed to share it. Never write the person's account here."
            )
        )
        self.error = label("error")
        self.error.setObjectName("personErrors")
        self.error.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, self.save))
        self.load(profile)
        screen = self.screen()
        height = screen.availableGeometry().height() - 60 if screen is not None else 560
        self.resize(640, min(640, max(height, 400)))

    def _field(self, key: str) -> QtWidgets.QWidget:
        if key == "age":
            return _number(120)
        if key in ("dependant_children", "dependant_adults"):
            return _number(30)
        if key == "age_band":
            return _combo(AGE_BANDS)
        if key == "place_kind":
            return _combo(PLACE_KINDS)
        if key == "contact_way":
            return _combo(CONTACT_WAYS)
        if key == "child":
            box = QtWidgets.QComboBox()
            for value, title in CHILD_CHOICES.items():
                box.addItem(_(title), value)
            return box
        if key == "age_uncertain":
            return QtWidgets.QCheckBox()
        edit = line_edit(f"person_{key}")
        edit.setMaxLength(300)
        return edit

    def load(self, profile: PersonProfile) -> None:
        """Show a profile's values."""
        for key, widget in self.fields.items():
            value = getattr(profile, key)
            if isinstance(widget, QtWidgets.QSpinBox):
                widget.setValue(NOT_KNOWN if value is None else int(value))
            elif isinstance(widget, QtWidgets.QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QtWidgets.QComboBox):
                wanted = {True: "yes", False: "no", None: ""}[value] if key == "child" else value
                widget.setCurrentIndex(max(0, widget.findData(wanted or "")))
            else:
                widget.setText(" ".join(value) if key == "languages" else str(value or ""))

    def values(self) -> dict[str, object]:
        """The fields as entered, for the core to check."""
        values: dict[str, object] = {"written_lang": current_language()}
        for key, widget in self.fields.items():
            if isinstance(widget, QtWidgets.QSpinBox):
                values[key] = None if widget.value() == NOT_KNOWN else widget.value()
            elif isinstance(widget, QtWidgets.QCheckBox):
                values[key] = widget.isChecked()
            elif isinstance(widget, QtWidgets.QComboBox):
                values[key] = widget.currentData() or ""
            else:
                values[key] = widget.text()
        return values

    def save(self) -> None:
        """Check and store; on a problem, say which field and keep everything typed."""
        try:
            profile = check_profile(self.values())
            stored = self.vault.people.save(self.case_id, profile)
        except Exception as error:
            self.error.setText(error_message(error))
            self.error.show()
            return
        self.saved.emit(stored)
        self.accept()


class PersonSummary(QtWidgets.QGroupBox):
    """ "About the person" on the summary page: one line, and "Edit…"."""

    changed = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personSummary")
        self.vault: Any = None
        self.screening: Any = None
        self.audience: str | None = None
        self.form: Any = None
        self.answers: Any = {}
        self.stored = PersonProfile()  # as the worker recorded it
        self.profile = PersonProfile()  # with what the answers say, as shown
        self.text = label()
        self.text.setObjectName("personSummaryText")
        self.edit_button = button("", "editPersonButton")
        self.edit_button.clicked.connect(self.edit)
        self.message = label("error")
        self.message.hide()
        row = QtWidgets.QHBoxLayout(self)
        column = QtWidgets.QVBoxLayout()
        column.addWidget(self.text)
        column.addWidget(self.message)
        row.addLayout(column, 1)
        row.addWidget(self.edit_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("About the person"))
        set_text(self.edit_button, _("&Edit…"), _("Edit about the person"))
        self.text.setText(profile_summary(self.profile, self.audience))

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_case(self, vault: Any, screening: Any, form: Any = None, answers: Any = None) -> None:
        """Read and show the case's profile (an audited view), with what the answers say."""
        from app.screening.person_hints import with_answers

        self.vault, self.screening = vault, screening
        self.audience = form.audience if form is not None else None
        self.form, self.answers = form, answers or {}
        try:
            self.stored = vault.people.get(screening.case_id)
            self.profile = with_answers(self.stored, form, self.answers)
        except Exception as error:
            self.message.setText(error_message(error))
            self.message.show()
            return
        self.message.hide()
        self.retranslate()

    def clear(self) -> None:
        self.vault = self.screening = self.form = None
        self.answers = {}
        self.stored = self.profile = PersonProfile()
        self.text.clear()

    def starting_profile(self) -> PersonProfile:
        """The stored profile, or one pre-filled from the screening when none is stored:
        the respondent's language (and the interpreter's), and an age the answers gave."""
        if not self.stored.is_empty or self.screening is None:
            return self.stored
        spoken = self.screening.respondent_lang
        interpreted = str(getattr(self.screening.interpreter_mode, "value", "none")) != "none"
        return PersonProfile(
            age=self.profile.age,
            languages=(spoken,),
            preferred_language=spoken,
            interpreter_language=spoken if interpreted else "",
        )

    def edit(self) -> None:
        if self.vault is None or self.screening is None:
            return
        dialog = PersonDialog(self.vault, self.screening.case_id, self.starting_profile(), self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        self.dialog = dialog

    def _saved(self, profile: PersonProfile) -> None:
        from app.screening.person_hints import with_answers

        self.stored = profile
        self.profile = with_answers(profile, self.form, self.answers)
        self.retranslate()
        self.changed.emit()
