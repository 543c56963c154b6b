"""The packet's first block: who the person is, where they are and how to reach them safely.

Whether the person is a child is always said (a receiving service must know
which procedure applies). The rest is drawn only as far as the person agreed
to share it: about the person (age, gender, languages, people with them),
where they are and how to reach them, and the address, each its own section.
What the person did not agree to share is said to be withheld, so a service
does not take it for unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain import referral_rules as rules
from app.domain.person import AGE_BANDS, CONTACT_WAYS, PLACE_KINDS
from app.i18n import N_, language_name, ngettext_in

if TYPE_CHECKING:
    from app.export.packet import PacketWriter

CHILD_WORDS = {
    True: N_("A child (under 18): apply your child-protection procedure."),
    False: N_("An adult."),
    None: N_("Not known whether a child or an adult."),
}


class PersonBlock:
    """Draws "About the person" for a `PacketWriter`."""

    def __init__(self, writer: PacketWriter) -> None:
        self.writer = writer

    def draw(self) -> None:
        writer = self.writer
        content, flow, t = writer.content, writer.flow, writer.t
        person = content.person
        flow.heading(t(N_("About the person")))
        child = t(CHILD_WORDS[content.child])
        if content.child and person.age_uncertain:
            child += " " + t(N_("The age is uncertain: treated as a child until it is known."))
        flow.row(t(N_("Child or adult")), child)
        sections = content.sections
        if rules.PERSON_SECTION in sections:
            self.about(person)
        if rules.CONTACT_SECTION in sections:
            self.reach(person)
        if rules.ADDRESS_SECTION in sections and person.address:
            flow.row(t(N_("Address")), writer.v(person.address))
        withheld = [
            t(rules.SECTIONS[s])
            for s in (rules.PERSON_SECTION, rules.CONTACT_SECTION)
            if s not in sections
        ]
        if withheld:
            flow.row(
                t(N_("Not shared")),
                t(N_("The person did not agree to share: {parts}.")).format(
                    parts=writer.list_separator().join(withheld)
                ),
            )

    def about(self, person) -> None:
        writer = self.writer
        flow, t = writer.flow, writer.t
        if person.age is not None or person.band:
            if person.age is not None:
                text = t(N_("{age} years")).format(age=person.age)
            else:
                text = t(AGE_BANDS[person.band])
            if person.age_uncertain:
                text = t(N_("{age} (uncertain)")).format(age=text)
            flow.row(t(N_("Age")), text)
        if person.gender:
            flow.row(
                t(N_("Gender, as the person describes it")),
                writer.own_words(person.gender, person.written_lang),
            )
        if person.languages:
            names = []
            for code in person.languages:
                name = language_name(code, writer.lang)
                if code == person.preferred_language:
                    name = t(N_("{language} (preferred)")).format(language=name)
                names.append(name)
            flow.row(t(N_("Languages the person speaks")), writer.list_separator().join(names))
        if person.interpreter_language:
            flow.row(
                t(N_("Interpreter needed")),
                t(N_("yes, in {language}")).format(
                    language=language_name(person.interpreter_language, writer.lang)
                ),
            )
        people = []
        if person.dependant_children:
            people.append(
                ngettext_in(
                    writer.lang,
                    "{count} child",
                    "{count} children",
                    person.dependant_children,
                ).format(count=person.dependant_children)
            )
        if person.dependant_adults:
            people.append(
                ngettext_in(
                    writer.lang,
                    "{count} adult who depends on them",
                    "{count} adults who depend on them",
                    person.dependant_adults,
                ).format(count=person.dependant_adults)
            )
        if person.dependants_note:
            people.append(writer.own_words(person.dependants_note, person.written_lang))
        if people or person.dependant_children == 0 or person.dependant_adults == 0:
            flow.row(
                t(N_("People with them")),
                writer.list_separator().join(people) if people else t(N_("none")),
            )

    def reach(self, person) -> None:
        writer = self.writer
        flow, t = writer.flow, writer.t
        if person.place_kind:
            flow.row(t(N_("Where the person is now")), t(PLACE_KINDS[person.place_kind]))
        if not person.contact_way:
            return
        if person.contact_way == "do_not_contact":
            text = t(
                N_("Do not contact the person directly. Contact the referring worker instead.")
            )
        elif person.contact_way == "through_worker":
            text = t(N_("Only through the referring worker."))
        else:
            text = t(CONTACT_WAYS[person.contact_way])
            if person.contact_detail:
                text += ": " + writer.ltr(person.contact_detail)
        if person.contact_time and person.contact_way != "do_not_contact":
            text += " " + t(N_("Safe time: {time}")).format(
                time=writer.own_words(person.contact_time, person.written_lang)
            )
        flow.row(t(N_("How to reach the person safely")), text)
