"""Referral packets as PDF bytes, in the recipient's language, built in memory.

The cover says who refers the person to whom, when, how urgently, under
which reference, what the person agreed to and when, and whether an
interpreter took part; then come the needs, the screening result, the
indicators by dimension with the caution that a screen is not an
identification, what the person chose not to answer, the worker's note, and
the contacts and next steps. "Confidential", the page number ("Page N of M")
and the app version are on every page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from unicodedata import bidirectional

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import __version__
from app.domain import referral_rules as rules
from app.domain.child_protection import GROUNDS
from app.domain.consent import GIVER_TITLES
from app.domain.models import ConsentGiver
from app.export.content import ContactInfo, PacketContent
from app.export.text_layout import Line, TextEngine, TextStyle, left_to_right
from app.i18n import N_, form_text, format_date, format_datetime, translate
from app.i18n.catalogs import UI_DOMAIN, translations
from app.screening.explanation import DECISION_TITLES
from app.screening.scoring import CAUTION


def _is_rtl_letter(char: str) -> bool:
    return bidirectional(char) in ("R", "AL")


PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
TOP = PAGE_HEIGHT - MARGIN - 10 * mm
BOTTOM = MARGIN + 10 * mm
LABEL_SHARE = 0.34

BODY = TextStyle(size=10)
SMALL = TextStyle(size=8, color=(0.3, 0.3, 0.3))
LABEL = TextStyle(size=10, bold=True)
TITLE = TextStyle(size=18, bold=True, leading=1.4)
HEADING = TextStyle(size=13, bold=True, leading=1.6, color=(0.1, 0.2, 0.4))
SUBHEADING = TextStyle(size=10.5, bold=True)
CONFIDENTIAL = TextStyle(size=9, bold=True, color=(0.65, 0.0, 0.0))
CAUTION_STYLE = TextStyle(size=9.5, bold=True, color=(0.45, 0.2, 0.0))

INTERPRETER = {
    "none": N_("no interpreter"),
    "in_person": N_("an interpreter in person"),
    "phone": N_("an interpreter by phone"),
}
STRENGTHS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}


@dataclass
class _Op:
    page: int
    draw: Callable[[Canvas], None]


class _Flow:
    """Places lines down the pages; breaks pages where the next line does not fit."""

    def __init__(self, engine: TextEngine) -> None:
        self.engine = engine
        self.left = MARGIN
        self.right = PAGE_WIDTH - MARGIN
        self.page = 0
        self.y = TOP
        self.ops: list[_Op] = []

    @property
    def width(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self.page += 1
        self.y = TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def _place(self, line: Line, left: float, right: float, y: float) -> None:
        engine = self.engine
        self.ops.append(_Op(self.page, lambda c: engine.draw(c, line, left, right, y)))

    def paragraph(self, text: str, style: TextStyle = BODY, indent: float = 0.0) -> None:
        """Wrapped text; indented from the start side (the right in Arabic)."""
        left, right = self.left, self.right
        if self.engine.rtl:
            right -= indent
        else:
            left += indent
        for line in self.engine.lines(text, style, right - left):
            self.need(style.line_height)
            self.y -= style.line_height
            self._place(line, left, right, self.y + style.line_height * 0.3)

    def heading(self, text: str, style: TextStyle = HEADING) -> None:
        """A heading kept on the page with at least three lines after it."""
        self.need(style.line_height + 3 * BODY.line_height + 4)
        self.space(4)
        self.paragraph(text, style)

    def bullets(self, items: list[str], style: TextStyle = BODY) -> None:
        for item in items:
            self.paragraph("• " + item, style, indent=4 * mm)

    def row(self, label: str, value: str) -> None:
        """A label and its value side by side; the label on the start side."""
        label_width = self.width * LABEL_SHARE
        gap = 4 * mm
        label_lines = self.engine.lines(label, LABEL, label_width - gap)
        value_lines = self.engine.lines(value or "—", BODY, self.width - label_width)
        if self.engine.rtl:
            label_box = (self.right - label_width + gap, self.right)
            value_box = (self.left, self.right - label_width)
        else:
            label_box = (self.left, self.left + label_width - gap)
            value_box = (self.left + label_width, self.right)
        height = max(len(label_lines), len(value_lines)) * BODY.line_height
        if height <= self.y - BOTTOM or self.y == TOP:
            self.need(height)
            top = self.y
            for lines, box in ((label_lines, label_box), (value_lines, value_box)):
                y = top
                for line in lines:
                    y -= BODY.line_height
                    self._place(line, *box, y + BODY.line_height * 0.3)
            self.y = top - height - 2
        else:
            self.new_page()
            self.row(label, value)


_OUTLINE_KINDS = {
    TITLE: "title",
    HEADING: "heading",
    SUBHEADING: "subheading",
    CAUTION_STYLE: "caution",
    SMALL: "small",
}


class _Outline:
    """Records what the packet says, block by block, instead of placing it on pages."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []

    def paragraph(self, text: str, style: TextStyle = BODY, indent: float = 0.0) -> None:
        self.blocks.append((_OUTLINE_KINDS.get(style, "text"), text))

    def heading(self, text: str, style: TextStyle = HEADING) -> None:
        self.paragraph(text, style)

    def bullets(self, items: list[str], style: TextStyle = BODY) -> None:
        self.blocks += [("item", item) for item in items]

    def row(self, label: str, value: str) -> None:
        self.blocks.append(("field", f"{label}: {value}"))

    def space(self, height: float) -> None:
        pass


class _Packet:
    """Composes one packet's text in its language."""

    def __init__(self, content: PacketContent, outline: _Outline | None = None) -> None:
        self.content = content
        self.lang = content.lang
        self.engine = TextEngine(content.lang)
        self.flow = outline if outline is not None else _Flow(self.engine)

    def t(self, message: str) -> str:
        return translate(message, self.lang)

    def list_separator(self) -> str:
        """What goes between the items of a run-in list in the packet's language."""
        # TRANSLATORS: between the items of a list on one line; Arabic and Farsi use "؛ ".
        return translations(self.lang, UI_DOMAIN).pgettext("list separator", "; ")

    def v(self, value: str) -> str:
        """A value put into a sentence, kept whole if it is left-to-right text.

        In an Arabic sentence an English question or name would otherwise
        lose its final punctuation to the far end of the line.
        """
        if self.engine.rtl and value and not any(_is_rtl_letter(c) for c in value):
            return left_to_right(value)
        return value

    def ltr(self, value: str) -> str:
        """A phone number, address or reference, kept whole in right-to-left text."""
        # Only where needed: each embedding is a run of its own in the PDF.
        return left_to_right(value) if self.engine.rtl else value

    def f(self, text: str) -> str:
        """A questionnaire text in the packet's language."""
        return self.v(form_text(self.lang, text))

    def contact_text(self, contact: ContactInfo) -> str:
        parts = [contact.name, contact.role]
        parts += [self.ltr(value) for value in (contact.phone, contact.email) if value]
        parts.append(contact.address)
        return ", ".join(self.v(part) for part in parts if part)

    def build(self) -> _Flow | _Outline:
        content, flow = self.content, self.flow
        flow.paragraph(self.t(N_("Referral packet")), TITLE)
        flow.paragraph(self.t(CAUTION), CAUTION_STYLE)
        flow.space(6)
        self.cover()
        if rules.NEEDS_SECTION in content.sections:
            self.needs()
        if rules.OUTCOME_SECTION in content.sections and content.outcome_title:
            flow.heading(self.t(N_("Screening result")))
            decision = DECISION_TITLES.get(content.outcome_decision)
            if decision:
                flow.paragraph(self.t(decision), SUBHEADING)
            flow.paragraph(self.f(content.outcome_title), SUBHEADING)
            if content.outcome_version:
                flow.paragraph(
                    self.t(N_("Scored with version {version} of the questionnaire.")).format(
                        version=self.v(content.outcome_version)
                    ),
                    SMALL,
                )
        if rules.INDICATORS_SECTION in content.sections:
            self.findings()
        if rules.DECLINED_SECTION in content.sections and content.declined:
            flow.heading(self.t(N_("Questions the person chose not to answer")))
            flow.paragraph(
                self.t(
                    N_("“Prefer not to say” is the person's right; it means neither yes nor no.")
                ),
                SMALL,
            )
            flow.bullets([f"{q.ref} {self.f(q.question)}" for q in content.declined])
        if rules.NOTE_SECTION in content.sections and content.note.strip():
            flow.heading(self.t(N_("Note from the referring worker")))
            flow.paragraph(content.note)
        self.contacts()
        return flow

    def cover(self) -> None:
        content, flow = self.content, self.flow
        recipient = content.recipient
        service_type = self.t(rules.SERVICE_TYPES.get(recipient.service_type, "other"))
        flow.row(self.t(N_("Referring organisation")), content.organisation)
        flow.row(self.t(N_("Referring worker")), self.contact_text(content.worker))
        flow.row(
            self.t(N_("Referred to")),
            self.t(N_("{service} ({type})")).format(
                service=self.v(recipient.name), type=service_type
            ),
        )
        flow.row(self.t(N_("Date")), format_date(content.created, self.lang))
        flow.row(self.t(N_("Urgency")), self.t(rules.URGENCIES.get(content.urgency, "routine")))
        flow.row(self.t(N_("Packet reference")), self.ltr(content.reference))
        duty = content.duty_ground is not None
        if duty:
            consent = self.t(
                N_(
                    "Made under a child-protection duty, without the child's agreement to be "
                    "referred. The child was told of this referral."
                )
            )
        elif content.consent_at is not None:
            consent = self.t(N_("The person agreed to this referral on {date}.")).format(
                date=format_datetime(content.consent_at, self.lang)
            )
        else:
            consent = self.t(N_("No record of consent."))
        flow.row(self.t(N_("Consent")), consent)
        if duty:
            ground = GROUNDS.get(content.duty_ground or "", content.duty_ground or "")
            flow.row(self.t(N_("Ground for the duty")), self.t(ground))
        if content.consent_by is not None and content.consent_by in GIVER_TITLES:
            flow.row(
                self.t(N_("Consent to the screening given by")),
                self.t(GIVER_TITLES[ConsentGiver(content.consent_by)]),
            )
        shared = [self.t(rules.SECTIONS[s]) for s in rules.SECTIONS if s in content.sections]
        flow.row(
            self.t(N_("Shared under the child-protection duty"))
            if duty
            else self.t(N_("Shared with the person's agreement")),
            self.list_separator().join(shared)
            if shared
            else self.t(N_("only this cover page and the contacts")),
        )
        flow.row(self.t(N_("Interpreter")), self.t(INTERPRETER.get(content.interpreter, "none")))

    def needs(self) -> None:
        content, flow = self.content, self.flow
        flow.heading(self.t(N_("Needs")))
        items = [self.t(rules.NEEDS[need]) for need in content.needs if need in rules.NEEDS]
        if content.other_need.strip() and "other" in content.needs:
            items[-1] = f"{items[-1]}: {self.v(content.other_need.strip())}"
        flow.bullets(items or [self.t(N_("none recorded"))])

    def findings(self) -> None:
        content, flow = self.content, self.flow
        flow.heading(self.t(N_("Indicators found, by dimension")))
        for finding in content.findings:
            state = self.t(N_("positive")) if finding.positive else self.t(N_("not positive"))
            flow.paragraph(
                self.t(N_("{dimension}: {state}")).format(
                    dimension=self.f(finding.title), state=state
                ),
                SUBHEADING,
            )
            if not finding.indicators:
                flow.paragraph(self.t(N_("no indicators")), BODY, indent=4 * mm)
                continue
            flow.bullets(
                [
                    self.t(N_("{ref} {question} ({strength})")).format(
                        ref=item.ref,
                        question=self.f(item.question),
                        strength=self.t(STRENGTHS.get(item.strength, item.strength)),
                    )
                    for item in finding.indicators
                ]
            )
        flow.space(4)
        flow.paragraph(self.t(CAUTION), CAUTION_STYLE)

    def contacts(self) -> None:
        content, flow = self.content, self.flow
        flow.heading(self.t(N_("Contacts and next steps")))
        recipient = content.recipient
        flow.bullets(
            [
                self.t(N_("Referring worker: {contact}")).format(
                    contact=self.contact_text(content.worker)
                )
            ]
            + [self.contact_text(contact) for contact in content.contacts]
            + [
                self.contact_text(
                    ContactInfo(
                        recipient.name,
                        phone=recipient.phone,
                        email=recipient.email,
                        address=recipient.address,
                    )
                )
            ]
        )
        if recipient.intake:
            flow.paragraph(
                self.t(N_("How {service} takes referrals: {intake}")).format(
                    service=self.v(recipient.name), intake=self.v(recipient.intake)
                )
            )
        steps = [step for step in content.next_steps if step.strip()]
        if steps:
            flow.space(4)
            flow.paragraph(self.t(N_("Next steps")), SUBHEADING)
            flow.bullets(steps)


def packet_outline(content: PacketContent) -> list[tuple[str, str]]:
    """What the packet will say, as (kind, text) blocks, for a preview before export.

    Kinds: title, heading, subheading, field ("label: value"), item, text,
    caution, small. Texts are in the packet's language, exactly as drawn.
    """
    outline = _Outline()
    _Packet(content, outline).build()
    return outline.blocks


def render_packet(content: PacketContent) -> bytes:
    """The packet as PDF bytes. Nothing is written to disk."""
    packet = _Packet(content)
    flow = packet.build()

    def footer(page: int, pages: int) -> str:
        text = packet.t(N_("Page {page} of {pages}")).format(page=page, pages=pages)
        text += " · " + packet.t(N_("Packet {reference}")).format(
            reference=packet.ltr(content.reference)
        )
        return text + " · " + packet.t(N_("Confidential")) + f" · Waystation {__version__}"

    return paginate(
        flow,
        title=packet.t(N_("Referral packet")),
        confidential=packet.t(N_("Confidential")),
        footer=footer,
    )


def paginate(
    flow: _Flow, *, title: str, confidential: str, footer: Callable[[int, int], str]
) -> bytes:
    """The flow's pages as PDF bytes: "confidential" over a red rule on top, a footer below.

    `footer(page, pages)` gives each page's footer. Shared by the referral
    packet and the monthly report.
    """
    engine = flow.engine
    pages = flow.page + 1
    buffer = io.BytesIO()
    # The document's own font as the canvas's initial font: otherwise reportlab
    # names Helvetica on every page, a font that is not embedded.
    canvas = Canvas(
        buffer,
        pagesize=A4,
        pageCompression=1,
        initialFontName=engine.chain[0].regular.fontName,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setCreator(f"Waystation {__version__}")
    canvas.setAuthor("")
    canvas.setSubject("")
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    for page in range(pages):
        header = engine.lines(confidential, CONFIDENTIAL, right - left)[0]
        engine.draw(canvas, header, left, right, PAGE_HEIGHT - MARGIN)
        canvas.setStrokeColorRGB(0.65, 0.0, 0.0)
        canvas.line(left, PAGE_HEIGHT - MARGIN - 3, right, PAGE_HEIGHT - MARGIN - 3)
        for op in flow.ops:
            if op.page == page:
                op.draw(canvas)
        for line in engine.lines(footer(page + 1, pages), SMALL, right - left):
            engine.draw(canvas, line, left, right, MARGIN)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
