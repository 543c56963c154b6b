"""The monthly report as PDF bytes: the page's figures and charts in any offered language.

Every page says "Confidential" and carries the period, the organisation and the
page number; the first page carries the caution that counts of screens are not
counts of identified victims. Charts are horizontal bars drawn with the
canvas: the label on the start side, the bar growing away from it and its
number just past its end, mirrored in right-to-left languages. Text goes
through the packets' shaping and bidi engine (text_layout.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal, format_percent
from reportlab.lib.units import mm

from app.domain.atomic_files import write_atomic
from app.domain.errors import UsageError
from app.export.packet_flow import (  # the packets' page flow and styles, shared
    BODY,
    CAUTION_STYLE,
    SMALL,
    TITLE,
    PageFlow,
    paginate,
)
from app.export.text_layout import TextStyle, left_to_right
from app.i18n import N_, _, is_offered
from app.reports.figures import OUTCOME_CATEGORIES, Summary
from app.reports.titles import AGES_NOTE, CAUTION, NOT_KEPT, OVERDUE, STATUS_NOTE, Titles

# One colour per outcome category, told apart in greyscale print too.
CATEGORY_COLOURS = {
    "refer": (0.75, 0.22, 0.17),
    "no_referral": (0.20, 0.45, 0.70),
    "undetermined": (0.55, 0.55, 0.55),
    "unknown": (0.80, 0.80, 0.80),
    "stopped": (0.90, 0.60, 0.15),
    "refused": (0.45, 0.25, 0.55),
    "in_progress": (0.60, 0.80, 0.55),
}
PLAIN_BAR = (0.20, 0.45, 0.70)
BAR_LABEL = TextStyle(size=9)
BAR_HEIGHT = 11.0
BAR_GAP = 5.0
DECLINED_SHOWN = 10


class _ReportFlow(PageFlow):
    """The packets' flow plus horizontal bar charts and a colour legend."""

    def bars(self, items: Sequence[tuple[str, Sequence[tuple[float, tuple]], str]]) -> None:
        """One bar per item: (label, [(value, colour), ...] stacked, number shown past it)."""
        engine = self.engine
        label_width = self.width * 0.30
        number_width = 22 * mm
        bar_room = self.width - label_width - number_width - 6
        largest = max((sum(v for v, _c in parts) for _l, parts, _n in items), default=0) or 1
        for label, parts, number in items:
            self.need(BAR_HEIGHT + BAR_GAP)
            self.y -= BAR_HEIGHT + BAR_GAP
            y = self.y
            label_line = engine.lines(label, BAR_LABEL, label_width - 4)[0]
            number_line = engine.lines(number, BAR_LABEL, number_width)[0]
            rtl = engine.rtl
            start = self.right - label_width if rtl else self.left + label_width
            segments = []
            position = start
            for value, colour in parts:
                length = bar_room * value / largest
                x = position - length if rtl else position
                segments.append((x, length, colour))
                position = position - length if rtl else position + length
            if rtl:
                label_box = (self.right - label_width + 4, self.right)
                number_box = (position - 3 - number_width, position - 3)
            else:
                label_box = (self.left, self.left + label_width - 4)
                number_box = (position + 3, position + 3 + number_width)
            self.add_drawing(
                _bar_drawing(engine, segments, y, label_line, label_box, number_line, number_box)
            )
        self.space(4)

    def legend(self, entries: Sequence[tuple[str, tuple]]) -> None:
        """Colour squares with their names, three to a line, from the start side."""
        engine = self.engine
        column = self.width / 3
        for first in range(0, len(entries), 3):
            self.need(BODY.line_height)
            self.y -= BODY.line_height
            y = self.y
            for index, (name, colour) in enumerate(entries[first : first + 3]):
                if engine.rtl:
                    right = self.right - index * column
                    square = right - 8
                    box = (right - column + 4, right - 12)
                else:
                    left = self.left + index * column
                    square = left
                    box = (left + 12, left + column - 4)
                line = engine.lines(name, SMALL, box[1] - box[0])[0]

                def draw(canvas, square=square, y=y, colour=colour, line=line, box=box):
                    canvas.setFillColorRGB(*colour)
                    canvas.rect(square, y, 8, 8, stroke=0, fill=1)
                    engine.draw(canvas, line, *box, y + 1)

                self.add_drawing(draw)
        self.space(4)


def _bar_drawing(engine, segments, y, label_line, label_box, number_line, number_box):
    """What draws one bar: its coloured segments, its label and its number."""

    def draw(canvas) -> None:
        for x, length, colour in segments:
            canvas.setFillColorRGB(*colour)
            canvas.rect(x, y, max(length, 0.0), BAR_HEIGHT, stroke=0, fill=1)
        engine.draw(canvas, label_line, *label_box, y + 2.5)
        engine.draw(canvas, number_line, *number_box, y + 2.5)

    return draw


class _Report:
    """Composes the report's pages in one language."""

    def __init__(self, summary: Summary, lang: str, organisation: str) -> None:
        self.summary = summary
        self.lang = lang
        self.titles = Titles(lang)
        self.flow = _ReportFlow(self._engine())
        # A Latin name inside a right-to-left line keeps its own order (and its brackets).
        rtl_letters = any(unicodedata.bidirectional(c) in ("R", "AL") for c in organisation)
        if self.flow.engine.rtl and organisation and not rtl_letters:
            organisation = left_to_right(organisation)
        self.organisation = organisation

    def _engine(self):
        from app.export.text_layout import TextEngine

        return TextEngine(self.lang)

    def t(self, message: str) -> str:
        return self.titles.t(message)

    def n(self, value: float) -> str:
        """A number in the language's format, kept whole inside right-to-left text."""
        return self.ltr(format_decimal(value, locale=self.lang))

    def ltr(self, text: str) -> str:
        return left_to_right(text) if self.flow.engine.rtl else text

    def brackets(self, text: str) -> str:
        """Brackets around a number kept on the right-to-left side of it.

        Between two left-to-right numbers a bracket would take their direction
        and "11 of 213 (5.2%)" would read "(213 (5.2%"; a right-to-left mark
        beside each bracket keeps it with the sentence.
        """
        if not self.flow.engine.rtl:
            return text
        return text.replace("(", "\u200f(").replace(")", ")\u200f")

    def build(self) -> _ReportFlow:
        s, flow, t = self.summary, self.flow, self.t
        flow.paragraph(t(N_("Screening report")), TITLE)
        flow.row(t(N_("Organisation")), self.organisation or "—")
        flow.row(t(N_("Period")), self.titles.period(s))
        flow.row(
            t(N_("Whose work")),
            t(N_("everyone's"))
            if s.scope is None
            else t(N_("own cases of {name}")).format(name=s.scope),
        )
        flow.space(4)
        flow.paragraph(t(CAUTION), CAUTION_STYLE)
        flow.heading(t(N_("Screenings")))
        flow.row(t(N_("Screenings started")), self.n(s.screenings))
        for key in OUTCOME_CATEGORIES:
            flow.row(self.titles.category(key), self.n(s.by_category.get(key, 0)))
        flow.row(
            t(N_("Median interview length")),
            t(N_("{minutes} minutes")).format(minutes=self.n(s.median_minutes))
            if s.median_minutes is not None
            else "—",
        )
        self._overdue()
        flow.heading(t(N_("Screenings by month and outcome")))
        flow.legend([(self.titles.category(k), CATEGORY_COLOURS[k]) for k in OUTCOME_CATEGORIES])
        flow.bars(
            [
                (
                    self.titles.month(month),
                    [(counts.get(k, 0), CATEGORY_COLOURS[k]) for k in OUTCOME_CATEGORIES],
                    self.n(sum(counts.values())),
                )
                for month, counts in s.by_month.items()
            ]
        )
        self._plain_bars(N_("Screenings by questionnaire"), s.by_form, self.titles.form)
        self._plain_bars(
            N_("Screenings by the person's age band"),
            s.by_age_band if s.screenings else {},
            self.titles.age_band,
            note=AGES_NOTE,
        )
        if s.by_level:
            flow.heading(t(N_("Completed screenings by outcome level")))
            for (form_id, level), count in sorted(s.by_level.items()):
                flow.row(
                    f"{self.titles.form(form_id)}: {self.titles.level(form_id, level)}",
                    self.n(count),
                )
        flow.heading(t(N_("Consent refused and interviews stopped")))
        flow.row(self.titles.category("refused"), self.n(s.refused))
        for reason, count in s.stop_reasons.items():
            flow.row(self.titles.stop_reason(reason), self.n(count))
        self._declined()
        self._plain_bars(
            N_("Referrals by type of service"), s.referrals_by_type, self.titles.service_type
        )
        self._plain_bars(
            N_("Referrals by where they stand now"),
            s.referrals_by_status if s.referrals else {},
            self.titles.referral_status,
            note=STATUS_NOTE,
        )
        if s.referrals:
            self._overdue()
        self._plain_bars(
            N_("Referrals by the service's country"), s.referrals_by_country, self.titles.country
        )
        return flow

    def _overdue(self) -> None:
        s = self.summary
        day = self.titles.day(s.overdue_on) if s.overdue_on else "—"
        self.flow.row(self.t(OVERDUE).format(day=day), self.n(s.referrals_overdue))

    def _plain_bars(self, heading: str, counts: dict[str, int], title, note: str = "") -> None:
        self.flow.heading(self.t(heading))
        if not counts:
            self.flow.paragraph(self.t(N_("none in this period")))
            return
        if note:
            self.flow.paragraph(self.t(note), SMALL)
        self.flow.bars(
            [(title(key), [(count, PLAIN_BAR)], self.n(count)) for key, count in counts.items()]
        )

    def _declined(self) -> None:
        s, flow, t = self.summary, self.flow, self.t
        flow.heading(t(N_("Questions people chose not to answer")))
        flow.paragraph(
            t(
                N_(
                    "Share of “prefer not to say” among the kept answers to each question; "
                    "screenings whose answers were deleted at the person's request are not counted."
                )
            ),
            SMALL,
        )
        flow.row(t(NOT_KEPT), self.n(s.answers_not_kept))
        if not s.declined:
            flow.paragraph(t(N_("none in this period")))
            return
        for item in s.declined[:DECLINED_SHOWN]:
            flow.row(
                self.titles.form_question(item.form_id, item.question_id),
                self.brackets(t(N_("{declined} of {answered} ({share})"))).format(
                    declined=self.n(item.declined),
                    answered=self.n(item.answered),
                    share=self.ltr(format_percent(item.share, "#,##0.0%", locale=self.lang)),
                ),
            )


def render_report(summary: Summary, lang: str, organisation: str = "") -> bytes:
    """The report as PDF bytes in `lang`. Nothing is written to disk."""
    return _render(summary, lang, organisation)[0]


def _render(summary: Summary, lang: str, organisation: str) -> tuple[bytes, int]:
    if not is_offered(lang):
        raise UsageError(_("language not offered: {code}").format(code=lang))
    report = _Report(summary, lang, organisation)
    flow = report.build()

    def footer(page: int, pages: int) -> str:
        parts = (
            report.t(N_("Page {page} of {pages}")).format(page=page, pages=pages),
            report.titles.period(summary),
            report.organisation,
            report.t(N_("Confidential")),
        )
        return " · ".join(part for part in parts if part)

    data = paginate(
        flow,
        title=report.t(N_("Screening report")),
        confidential=report.t(N_("Confidential")),
        footer=footer,
    )
    return data, flow.page + 1


def export_report(vault: Any, summary: Summary, lang: str, path: Path | str) -> int:
    """Render, write atomically and audit the report PDF; the number of pages."""
    organisation = str(vault.settings.get("organisation_name") or "")
    data, pages = _render(summary, lang, organisation)
    # Audited before the file exists: a crash between leaves an audited export
    # that was never written, never a copy the trail does not know of.
    vault.audit.record(
        "report.pdf",
        None,
        {**summary.period.as_dict(), "lang": lang, "rows": summary.screenings, "pages": pages},
    )
    write_atomic(Path(path), data)
    return pages
