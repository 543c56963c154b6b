"""The reports page: a period's figures, drawn as bars with their numbers.

Administrators and supervisors see everyone's work, a screener their own
cases (the core filters: app/storage/statistics.py). The figures are counted
in a worker thread; "Save PDF" writes the monthly report in a chosen
language, "Export statistics" the k-anonymised CSV for sharing (for those
who may share). Both go through the core, which audits them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from babel.numbers import format_decimal, format_percent
from PySide6 import QtCore, QtWidgets

from app.domain.errors import WaystationError
from app.domain.roles import Permission, can
from app.i18n import N_, _, current_language, offered_languages
from app.ui.controls import button, label, set_text
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating
from app.ui.operations import error_message, run_in_background
from app.ui.reports.bar_chart import Bar, BarChart

# The PDF's colours, as Qt names.
COLOURS = {
    "refer": "#bf382b",
    "no_referral": "#3373b3",
    "undetermined": "#8c8c8c",
    "unknown": "#cccccc",
    "stopped": "#e69926",
    "refused": "#73408c",
    "in_progress": "#99cc8c",
}
PLAIN = "#3373b3"
PRESETS = (
    ("last_month", N_("Last month")),
    ("this_month", N_("This month")),
    ("last_12_months", N_("Last 12 months")),
)
DECLINED_SHOWN = 10
# The page's charts, in order, with their headings.
SECTIONS = {
    "by_month": N_("Screenings by month and outcome"),
    "by_form": N_("Screenings by questionnaire"),
    "ages": N_("Screenings by the person's age band"),
    "by_level": N_("Completed screenings by outcome level"),
    "stops": N_("Consent refused and interviews stopped"),
    "declined": N_("Questions people chose not to answer"),
    "referrals": N_("Referrals by type of service"),
    "referral_status": N_("Referrals by where they stand now"),
    "countries": N_("Referrals by the service's country"),
}


def preset_period(key: str, today: date | None = None) -> tuple[date, date]:
    """The first and last day of a preset period (UTC dates)."""
    today = today or datetime.now(UTC).date()
    first_of_month = today.replace(day=1)
    if key == "this_month":
        return first_of_month, today
    if key == "last_12_months":
        start = first_of_month.replace(year=first_of_month.year - 1)
        return start, today
    last = first_of_month - timedelta(days=1)
    return last.replace(day=1), last


class ReportsPage(Retranslating):
    """Period controls, export buttons and the figures of the chosen period."""

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.vault = vault
        self.summary: Any = None
        self._build()
        self.retranslate()
        self.choose_preset("last_12_months")

    # --- construction ---------------------------------------------------------------
    def _build(self) -> None:
        outer = QtWidgets.QVBoxLayout(self)
        self.preset_box = QtWidgets.QComboBox()
        self.preset_box.setObjectName("reportPreset")
        self.preset_box.activated.connect(
            lambda index: self.choose_preset(self.preset_box.itemData(index))
        )
        self.from_label, self.to_label = label(wrap=False), label(wrap=False)
        self.from_edit, self.to_edit = QtWidgets.QDateEdit(), QtWidgets.QDateEdit()
        for edit, name in ((self.from_edit, "reportFrom"), (self.to_edit, "reportTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.from_label.setBuddy(self.from_edit)
        self.to_label.setBuddy(self.to_edit)
        self.show_button = button("primary", "reportShow")
        self.show_button.clicked.connect(self.refresh)
        self.lang_box = QtWidgets.QComboBox()
        self.lang_box.setObjectName("reportLanguage")
        self.pdf_button = button("", "reportPdf")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.stats_button = button("", "reportStats")
        self.stats_button.clicked.connect(self.export_stats)
        self.stats_button.setVisible(can(self.vault.user.role, Permission.SHARE_STATISTICS))
        # One row that wraps on a small screen or with large text (app/ui/flow_layout.py).
        outer.addWidget(
            flow_bar(
                self.preset_box,
                self.from_label,
                self.from_edit,
                self.to_label,
                self.to_edit,
                self.show_button,
                None,
                self.lang_box,
                self.pdf_button,
                self.stats_button,
            )
        )

        self.scroll = QtWidgets.QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        body = QtWidgets.QWidget()
        self.body = QtWidgets.QVBoxLayout(body)
        self.status = label("hint")
        self.status.setObjectName("reportStatus")
        self.caution = label("caution")
        self.caution.setObjectName("reportCaution")
        self.caution.setStyleSheet("color: #733300; font-weight: bold;")
        self.key_figures = label()
        self.key_figures.setObjectName("reportKeyFigures")
        self.body.addWidget(self.status)
        self.body.addWidget(self.caution)
        self.body.addWidget(self.key_figures)
        self.sections: dict[str, tuple[QtWidgets.QLabel, BarChart, QtWidgets.QLabel]] = {}
        for key in SECTIONS:
            heading = label("heading")
            heading.setStyleSheet("font-weight: bold; font-size: 12pt; margin-top: 8px;")
            chart = BarChart()
            chart.setObjectName(f"chart_{key}")
            note = label("hint")
            self.body.addWidget(heading)
            if key == "by_month":
                self.legend = label("hint")
                self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
                self.body.addWidget(self.legend)
            self.body.addWidget(chart)
            self.body.addWidget(note)
            self.sections[key] = (heading, chart, note)
        self.body.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)

    def retranslate(self) -> None:
        """Set every text in the current language (and redraw the figures with it)."""
        current = self.preset_box.currentData()
        self.preset_box.clear()
        for key, title in PRESETS:
            self.preset_box.addItem(_(title), key)
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(current)))
        self.preset_box.setAccessibleName(_("Period"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        set_text(self.show_button, _("Show"), _("Show the figures of this period"))
        set_text(self.pdf_button, _("Save PDF…"), _("Save the report of this period as PDF"))
        set_text(
            self.stats_button,
            _("Export statistics…"),
            _("Export k-anonymised statistics for sharing (CSV)"),
        )
        self.lang_box.setAccessibleName(_("Language of the PDF"))
        if self.lang_box.count() == 0:
            for lang in offered_languages():
                self.lang_box.addItem(lang.native_name, lang.code)
        self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(current_language())))
        from app.reports.titles import CAUTION

        self.caution.setText(_(CAUTION))
        for key, (heading, _chart, _note) in self.sections.items():
            heading.setText(_(SECTIONS[key]))
        if self.summary is not None:
            self.show_summary(self.summary)

    # --- period ---------------------------------------------------------------------
    def choose_preset(self, key: str) -> None:
        """Set the dates of a preset period and count it."""
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(key)))
        start, end = preset_period(key)
        self.from_edit.setDate(QtCore.QDate(start.year, start.month, start.day))
        self.to_edit.setDate(QtCore.QDate(end.year, end.month, end.day))
        self.refresh()

    def period(self):
        from app.reports.period import Period

        start, end = self.from_edit.date(), self.to_edit.date()
        return Period(
            date(start.year(), start.month(), start.day()),
            date(end.year(), end.month(), end.day()),
        )

    def refresh(self) -> None:
        """Count the chosen period in a worker thread, then show it."""
        from app.reports.figures import summarise
        from app.reports.titles import loaded_forms

        try:
            period = self.period()
        except WaystationError as error:
            self.status.setText(error_message(error))
            return
        self.status.setText(_("Counting…"))
        vault = self.vault
        run_in_background(
            parent=self,
            # The questionnaires (for titles) are read in the worker too, not on the UI thread.
            work=lambda: (loaded_forms(), summarise(vault, period))[1],
            on_success=self.show_summary,
            on_failure=lambda error: self.status.setText(error_message(error)),
        )

    # --- figures --------------------------------------------------------------------
    def _n(self, value: float) -> str:
        return format_decimal(value, locale=current_language())

    def show_summary(self, summary: Any) -> None:
        """Draw a Summary (app/reports/figures.py)."""
        from app.reports import titles as titles_module
        from app.reports.figures import OUTCOME_CATEGORIES
        from app.reports.titles import Titles

        self.summary = summary
        titles = Titles(current_language())
        scope = (
            _("Everyone's work")
            if summary.scope is None
            else _("Your own cases only ({name})").format(name=summary.scope)
        )
        self.status.setText(f"{titles.period(summary)} · {scope}")
        minutes = (
            _("{minutes} minutes").format(minutes=self._n(summary.median_minutes))
            if summary.median_minutes is not None
            else "—"
        )
        overdue_day = titles.day(summary.overdue_on) if summary.overdue_on else "—"
        overdue = _("{label}: {value}").format(
            label=_(titles_module.OVERDUE).format(day=overdue_day),
            value=self._n(summary.referrals_overdue),
        )
        self.key_figures.setText(
            _(
                "Screenings started: {screenings} · referrals made: {referrals} · "
                "median interview length: {minutes}"
            ).format(
                screenings=self._n(summary.screenings),
                referrals=self._n(summary.referrals),
                minutes=minutes,
            )
            + "\n"
            + overdue
        )
        self.legend.setText(
            " ".join(
                f'<span style="color:{COLOURS[key]}">■</span> {titles.category(key)}'
                for key in OUTCOME_CATEGORIES
            )
        )
        self._fill(
            "by_month",
            [
                Bar(
                    titles.month(month),
                    tuple((counts.get(k, 0), COLOURS[k]) for k in OUTCOME_CATEGORIES),
                    self._n(sum(counts.values())),
                )
                for month, counts in summary.by_month.items()
            ],
        )
        self._fill("by_form", self._plain(summary.by_form, titles.form))
        self._fill(
            "ages",
            self._plain(summary.by_age_band, titles.age_band, keep_zeros=True)
            if summary.screenings
            else [],
            note=_(titles_module.AGES_NOTE),
        )
        self._fill(
            "by_level",
            [
                Bar(
                    f"{titles.form(form_id)}: {titles.level(form_id, level)}",
                    ((count, PLAIN),),
                    self._n(count),
                )
                for (form_id, level), count in sorted(summary.by_level.items())
            ],
        )
        stops = {"refused": summary.refused, **summary.stop_reasons}
        self._fill(
            "stops",
            [
                Bar(
                    titles.category(key) if key == "refused" else titles.stop_reason(key),
                    ((count, COLOURS["refused" if key == "refused" else "stopped"]),),
                    self._n(count),
                )
                for key, count in stops.items()
            ],
        )
        language = current_language()
        self._fill(
            "declined",
            [
                Bar(
                    titles.form_question(item.form_id, item.question_id),
                    ((item.share, PLAIN),),
                    _("{declined} of {answered} ({share})").format(
                        declined=self._n(item.declined),
                        answered=self._n(item.answered),
                        share=format_percent(item.share, "#,##0.0%", locale=language),
                    ),
                )
                for item in summary.declined[:DECLINED_SHOWN]
            ],
            note=_(
                "Only kept answers are counted: screenings whose answers were deleted at the "
                "person's request are not in these shares."
            )
            + " "
            + _("{label}: {value}").format(
                label=_(titles_module.NOT_KEPT), value=self._n(summary.answers_not_kept)
            ),
        )
        self._fill("referrals", self._plain(summary.referrals_by_type, titles.service_type))
        self._fill(
            "referral_status",
            self._plain(summary.referrals_by_status, titles.referral_status, keep_zeros=True)
            if summary.referrals
            else [],
            note=_(titles_module.STATUS_NOTE) + " " + overdue,
        )
        self._fill("countries", self._plain(summary.referrals_by_country, titles.country))

    def _plain(self, counts: dict[str, int], title, *, keep_zeros: bool = False) -> list[Bar]:
        return [
            Bar(title(key), ((count, PLAIN),), self._n(count))
            for key, count in counts.items()
            if count or keep_zeros
        ]

    def _fill(self, key: str, bars: list[Bar], note: str = "") -> None:
        _heading, chart, hint = self.sections[key]
        chart.set_bars(bars)
        chart.setVisible(bool(bars))
        hint.setText(note if bars else _("none in this period"))

    # --- exports --------------------------------------------------------------------
    def _ask_path(self, title: str, suggested: str, name_filter: str, suffix: str) -> str | None:
        from app.ui.file_dialogs import choose_file

        return choose_file(
            self, title, save=True, suggested=suggested, name_filter=name_filter, suffix=suffix
        )

    def save_pdf(self) -> None:
        """Ask where, then write the report of the period in the chosen language."""
        period = self.period()
        lang = self.lang_box.currentData() or current_language()
        path = self._ask_path(
            _("Save the report as PDF"),
            f"report-{period.start.isoformat()}-{period.end.isoformat()}-{lang}.pdf",
            _("PDF files (*.pdf)"),
            "pdf",
        )
        if path:
            self.write_pdf(path, lang)

    def write_pdf(self, path: str, lang: str) -> None:
        """Count, render and write the PDF in a worker thread (audited by the core)."""
        from app.export.report_pdf import export_report
        from app.reports.figures import summarise

        vault, period = self.vault, self.period()
        run_in_background(
            parent=self,
            work=lambda: export_report(vault, summarise(vault, period), lang, path),
            on_success=lambda _pages: self.status.setText(
                _("Saved the report to {path}.").format(path=path)
            ),
            on_failure=lambda error: self.status.setText(error_message(error)),
            progress_text=_("Writing the report…"),
        )

    def export_stats(self) -> None:
        """Ask where, then write the k-anonymised statistics of the period."""
        period = self.period()
        path = self._ask_path(
            _("Export statistics for sharing"),
            f"statistics-{period.start.isoformat()}-{period.end.isoformat()}.csv",
            _("CSV files (*.csv)"),
            "csv",
        )
        if path:
            self.write_stats(path)

    def write_stats(self, path: str) -> None:
        """Write the k-anonymised CSV in a worker thread (checked and audited by the core)."""
        from app.reports.shared import export_statistics

        vault, period = self.vault, self.period()
        run_in_background(
            parent=self,
            work=lambda: export_statistics(vault, period, path),
            on_success=lambda rows: self.status.setText(
                _("Exported {rows} rows of statistics to {path}.").format(rows=rows, path=path)
            ),
            on_failure=lambda error: self.status.setText(error_message(error)),
        )
