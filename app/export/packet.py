"""Referral packets as PDF bytes, in the recipient's language, built in memory.

What a receiving service reads first comes first: how urgent, who the
person is (child or adult, age, languages, people with them, where they are
and how to reach them safely), then who refers them to whom and when, who
agreed to the referral and on what ground, and what the service may do with
the packet. Then the needs, the screening's decision with its plain
explanation, each indicator with the answer given, what the person chose not
to answer, the worker's note, and the contacts and next steps.
"Confidential", "Page N of M", the packet reference and the app version are
on every page; a packet in a draft translation says so on its first page.
A bilingual packet repeats everything in the person's language after the
service's, for the person's own copy.
"""

from __future__ import annotations

from collections.abc import Callable
from unicodedata import bidirectional

from reportlab.lib.units import mm

from app import __version__
from app.domain import referral_rules as rules
from app.domain.child_protection import CAUTION_UNDER_DUTY, GROUNDS
from app.domain.consent import GIVER_TITLES
from app.domain.models import ConsentGiver
from app.export.content import ContactInfo, PacketContent, Words
from app.export.packet_flow import (
    BODY,
    CAUTION_STYLE,
    NOTICE_STYLE,
    SMALL,
    SUBHEADING,
    TITLE,
    URGENT_STYLE,
    FlowPart,
    Outline,
    PageFlow,
    paginate_parts,
)
from app.export.packet_person import PersonBlock
from app.export.text_layout import TextEngine, left_to_right
from app.i18n import (
    N_,
    form_text,
    format_datetime_zone,
    language_name,
    pgettext_in,
    review_status,
    translate,
)
from app.screening.explanation import DECISION_TITLES
from app.screening.scoring import CAUTION

INTERPRETER = {
    "none": N_("no interpreter"),
    "in_person": N_("an interpreter in person"),
    "phone": N_("an interpreter by phone"),
}
STRENGTHS = {"strong": N_("strong"), "medium": N_("medium"), "weak": N_("weak")}
# Who agreed to the referral (a models.ConsentGiver value), with the time of the consent.
CONSENT_GIVEN_BY = {
    "person": N_("The person agreed to this referral on {time}."),
    "child": N_(
        "The child agreed to this referral on {time}; no parent or guardian could be asked."
    ),
    "guardian_and_child": N_(
        "A parent or guardian agreed to this referral on {time}, with the child's own agreement."
    ),
}
# A consent recorded before the app asked who gave it.
CONSENT_NOT_SAYING_WHO = N_("Consent to this referral was recorded on {time}.")
CONSENT_UNDER_DUTY = N_(
    "Made under a child-protection duty, without the child's agreement to be referred. "
    "The child was told of this referral. This packet shares only what the duty needs."
)
SHARE_FURTHER = {
    "no": N_("Do not share it with anyone else without the person's consent."),
    "team": N_(
        "Share it only within your own team working with the person, and no further "
        "without the person's consent."
    ),
    "partners": N_(
        "Share it only with the services you refer the person on to, for their support, "
        "and with no one else."
    ),
}
# Under the child-protection duty there is no consent to share further with: the
# receiving service's own procedure says who else must know.
SHARE_UNDER_DUTY = N_(
    "Share it only as your child-protection procedure requires, and with no one else."
)
DRAFT_NOTICE = N_(
    "This packet is in a draft translation that a native speaker has not yet reviewed. "
    "If anything is unclear, ask the referring worker."
)
URGENT = ("urgent", "emergency")


def _is_rtl_letter(char: str) -> bool:
    return bidirectional(char) in ("R", "AL")


class PacketWriter:
    """Composes one packet's text in one language, onto pages or into an outline."""

    def __init__(self, content: PacketContent, lang: str, flow: PageFlow | Outline) -> None:
        self.content = content
        self.lang = lang
        self.engine = flow.engine if isinstance(flow, PageFlow) else TextEngine(lang)
        self.flow = flow

    # -- words in the packet's language ---------------------------------------

    def t(self, message: str) -> str:
        return translate(message, self.lang)

    def list_separator(self) -> str:
        """What goes between the items of a run-in list in the packet's language."""
        # TRANSLATORS: between the items of a list on one line; Arabic and Farsi use "؛ ".
        return pgettext_in(self.lang, "list separator", "; ")

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

    def words(self, words: Words) -> str:
        if words.kind == "form":
            return self.f(words.text)
        if words.kind == "ui":
            return self.t(words.text)
        return self.v(words.text)

    def when(self, moment) -> str:
        return self.v(format_datetime_zone(moment, self.lang)) if moment else "—"

    def own_words(self, text: str, written_lang: str) -> str:
        """The worker's free text, marked when it is in another language than the packet's."""
        text = text.strip()
        if not text or not written_lang or written_lang == self.lang:
            return self.v(text)
        return self.t(N_("{text} [written in {language}]")).format(
            text=self.v(text), language=language_name(written_lang, self.lang)
        )

    def contact_text(self, contact: ContactInfo) -> str:
        parts = [contact.name, contact.role]
        parts += [self.ltr(value) for value in (contact.phone, contact.email) if value]
        parts.append(contact.address)
        return ", ".join(self.v(part) for part in parts if part)

    # -- the packet -------------------------------------------------------------

    def build(self) -> None:
        content, flow = self.content, self.flow
        flow.paragraph(self.t(N_("Referral packet")), TITLE)
        if review_status(self.lang) != "reviewed":
            flow.paragraph(self.t(DRAFT_NOTICE), NOTICE_STYLE)
            if self.lang != "en":
                flow.paragraph(self.v(DRAFT_NOTICE), NOTICE_STYLE)
        urgency = self.t(rules.URGENCIES.get(content.urgency, "routine"))
        flow.paragraph(
            self.t(N_("Urgency: {urgency}")).format(urgency=urgency),
            URGENT_STYLE if content.urgency in URGENT else SUBHEADING,
        )
        flow.space(4)
        PersonBlock(self).draw()
        self.referral()
        if rules.NEEDS_SECTION in content.sections:
            self.needs()
        if rules.OUTCOME_SECTION in content.sections and (
            content.outcome_title or content.outcome_decision
        ):
            self.result()
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
            flow.bullets([f"{self.ltr(q.ref)} {self.f(q.question)}" for q in content.declined])
        if rules.NOTE_SECTION in content.sections and content.note.strip():
            flow.heading(self.t(N_("Note from the referring worker")))
            flow.paragraph(self.own_words(content.note, content.text_lang))
        self.contacts()

    def referral(self) -> None:
        content, flow = self.content, self.flow
        recipient = content.recipient
        flow.heading(self.t(N_("The referral")))
        service_type = self.t(rules.SERVICE_TYPES.get(recipient.service_type, "other"))
        flow.row(self.t(N_("Referring organisation")), self.v(content.organisation))
        flow.row(self.t(N_("Referring worker")), self.contact_text(content.worker))
        flow.row(
            self.t(N_("Referred to")),
            self.t(N_("{service} ({type})")).format(
                service=self.v(recipient.name), type=service_type
            ),
        )
        flow.row(self.t(N_("Made on")), self.when(content.created))
        flow.row(self.t(N_("Packet reference")), self.ltr(content.reference))
        consent = content.consent
        if consent.under_duty:
            consent_text = self.t(CONSENT_UNDER_DUTY)
        elif consent.at is None:
            consent_text = self.t(N_("No record of consent."))
        else:
            template = CONSENT_GIVEN_BY.get(consent.given_by or "", CONSENT_NOT_SAYING_WHO)
            consent_text = self.t(template).format(time=self.when(consent.at))
        flow.row(self.t(N_("Consent")), consent_text)
        if consent.under_duty:
            ground = GROUNDS.get(consent.duty_ground or "", consent.duty_ground or "")
            flow.row(self.t(N_("Ground for the duty")), self.t(ground))
            if consent.given_by in GIVER_TITLES:
                flow.row(
                    self.t(N_("Consent to the screening given by")),
                    self.t(GIVER_TITLES[ConsentGiver(consent.given_by)]),
                )
        shared = [self.t(rules.SECTIONS[s]) for s in rules.SECTIONS if s in content.sections]
        flow.row(
            self.t(N_("Shared under the child-protection duty"))
            if consent.under_duty
            else self.t(N_("Shared with the person's agreement")),
            self.list_separator().join(shared)
            if shared
            else self.t(N_("only the referral details and the contacts")),
        )
        flow.row(
            self.t(N_("Interpreter at the screening")),
            self.t(INTERPRETER.get(content.interpreter, "none")),
        )
        terms = content.terms
        flow.row(
            self.t(N_("What you may do with this packet")),
            " ".join(
                (
                    self.t(N_("Use it only to help the person and to act on this referral.")),
                    self.t(
                        SHARE_UNDER_DUTY
                        if consent.under_duty
                        else SHARE_FURTHER.get(terms.share_further, SHARE_FURTHER["no"])
                    ),
                    self.t(
                        N_(
                            "Delete it, paper copies included, when the referral is closed "
                            "and at the latest {days} days after you received it."
                        )
                    ).format(days=terms.keep_days),
                )
            ),
        )

    def needs(self) -> None:
        content, flow = self.content, self.flow
        flow.heading(self.t(N_("Needs")))
        items = [self.t(rules.NEEDS[need]) for need in content.needs if need in rules.NEEDS]
        if content.other_need.strip() and "other" in content.needs:
            items[-1] = self.t(N_("{need}: {text}")).format(
                need=items[-1], text=self.own_words(content.other_need, content.text_lang)
            )
        flow.bullets(items or [self.t(N_("none recorded"))])

    def result(self) -> None:
        content, flow = self.content, self.flow
        flow.heading(self.t(N_("Screening result")))
        words = DECISION_TITLES.get(content.outcome_decision)
        decision = self.t(words) if words else ""
        if decision:
            flow.paragraph(self.t(N_("Decision: {decision}")).format(decision=decision), SUBHEADING)
        title = self.f(content.outcome_title) if content.outcome_title else ""
        if title and title != decision:  # the form's level title, when it says more
            flow.paragraph(title, SUBHEADING)
        if content.outcome_description:
            flow.paragraph(self.f(content.outcome_description))
        if content.outcome_version:
            flow.paragraph(
                self.t(N_("Scored with version {version} of the questionnaire.")).format(
                    version=self.v(content.outcome_version)
                ),
                SMALL,
            )
        if rules.INDICATORS_SECTION not in content.sections:
            flow.paragraph(self.caution(), CAUTION_STYLE)  # else after the indicators

    def caution(self) -> str:
        """That a screen identifies no one; under the duty, without "respect their choice"."""
        return self.t(CAUTION_UNDER_DUTY if self.content.consent.under_duty else CAUTION)

    def findings(self) -> None:
        content, flow = self.content, self.flow
        flow.heading(self.t(N_("Indicators found, by dimension")))
        flow.paragraph(
            self.t(N_("Each indicator with the person's answer and how strong a sign it is.")),
            SMALL,
        )
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
                    self.t(N_("{ref} {question} Answer: {answer} ({strength})")).format(
                        ref=self.ltr(item.ref),
                        question=self.f(item.question),
                        answer=self.list_separator().join(self.words(w) for w in item.answer)
                        or "—",
                        strength=self.t(STRENGTHS.get(item.strength, item.strength)),
                    )
                    for item in finding.indicators
                ]
            )
        flow.space(4)
        flow.paragraph(self.caution(), CAUTION_STYLE)

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
            flow.bullets([self.own_words(step, content.text_lang) for step in steps])

    def second_copy_heading(self, first_lang: str) -> None:
        """The start of the copy in the person's language."""
        self.flow.paragraph(
            self.t(N_("The same packet in {language}, for the person's own copy")).format(
                language=language_name(self.lang, self.lang)
            ),
            NOTICE_STYLE,
        )
        self.flow.paragraph(
            self.t(N_("The service received it in {language}.")).format(
                language=language_name(first_lang, self.lang)
            ),
            SMALL,
        )


def _languages(content: PacketContent) -> list[str]:
    langs = [content.lang]
    if content.second_lang and content.second_lang != content.lang:
        langs.append(content.second_lang)
    return langs


def packet_outline(content: PacketContent) -> list[tuple[str, str]]:
    """What the packet will say, as (kind, text) blocks, for a preview before export.

    Kinds: title, heading, subheading, field ("label: value"), item, text,
    caution, small. Texts are in the packet's language, exactly as drawn
    (the first language of a bilingual packet).
    """
    outline = Outline()
    PacketWriter(content, content.lang, outline).build()
    return outline.blocks


def render_packet(content: PacketContent) -> bytes:
    """The packet as PDF bytes (both languages of a bilingual one). Nothing is written to disk."""
    parts: list[FlowPart] = []
    first_page = 0
    writers = []
    for index, lang in enumerate(_languages(content)):
        flow = PageFlow(TextEngine(lang), first_page)
        writer = PacketWriter(content, lang, flow)
        if index:
            writer.second_copy_heading(content.lang)
        writer.build()
        writers.append(writer)
        parts.append(FlowPart(flow, writer.t(N_("Confidential")), _footer(writer, content)))
        first_page = flow.page + 1
    return paginate_parts(parts, title=writers[0].t(N_("Referral packet")))


def _footer(writer: PacketWriter, content: PacketContent) -> Callable[[int, int], str]:
    """Each page's footer in the writer's language: page, packet reference, confidential."""

    def footer(page: int, pages: int) -> str:
        text = writer.t(N_("Page {page} of {pages}")).format(page=page, pages=pages)
        text += " · " + writer.t(N_("Packet {reference}")).format(
            reference=writer.ltr(content.reference)
        )
        return text + " · " + writer.t(N_("Confidential")) + f" · Waystation {__version__}"

    return footer
