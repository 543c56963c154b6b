"""What a referral may share, with whom: service types, packet sections, needs, urgency.

A referral packet carries only what the person agreed to share, and by
default only what the receiving service needs: a clinic gets the health
needs, not the account of how the person was recruited. The worker may
narrow the defaults or widen them within the consent, never beyond it.
A referral needs a completed screening and the person's consent to refer.

What the person agreed to share is stored with the consent to refer
(`consent_sections`). A plain "yes, refer me" with no sections named covers
only CONSENT_DEFAULT_SECTIONS: the needs and the screening result, the least
a service needs to act. The indicators (the person's account), the declined
questions and the worker's free-text note are shared only when the person
agreed to each of them by name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.errors import UsageError
from app.i18n import N_, _, is_offered

# -- service types --------------------------------------------------------

SERVICE_TYPES: dict[str, str] = {
    "shelter": N_("shelter"),
    "legal_aid": N_("legal aid"),
    "medical": N_("medical"),
    "psychosocial": N_("psychosocial support"),
    "child_protection": N_("child protection"),
    "labour_inspection": N_("labour inspection"),
    "consular": N_("consular"),
    "other": N_("other"),
}

# -- packet sections ------------------------------------------------------
# The cover (who refers whom, when, how urgently, consent, interpreter) and
# the contacts are always in a packet; these are the parts that can be left out.

PERSON_SECTION = "person"
CONTACT_SECTION = "contact"
ADDRESS_SECTION = "address"
NEEDS_SECTION = "needs"
OUTCOME_SECTION = "outcome"
INDICATORS_SECTION = "indicators"
DECLINED_SECTION = "declined"
NOTE_SECTION = "note"

SECTIONS: dict[str, str] = {
    PERSON_SECTION: N_("about the person: age, gender, languages, people with them"),
    CONTACT_SECTION: N_("the kind of place where the person is now, and a safe way to reach them"),
    ADDRESS_SECTION: N_("the address where the person is now"),
    NEEDS_SECTION: N_("needs"),
    OUTCOME_SECTION: N_("screening result"),
    INDICATORS_SECTION: N_("indicators found, by dimension"),
    DECLINED_SECTION: N_("questions the person chose not to answer"),
    NOTE_SECTION: N_("note from the referring worker"),
}

# -- needs ----------------------------------------------------------------

NEEDS: dict[str, str] = {
    "safe_housing": N_("safe housing"),
    "medical": N_("medical care"),
    "legal": N_("legal advice"),
    "interpreter": N_("an interpreter"),
    "child_protection": N_("child protection"),
    "psychosocial": N_("psychosocial support"),
    "return": N_("help to return home or repatriation"),
    "other": N_("other"),
}

URGENCIES: dict[str, str] = {
    "routine": N_("routine"),
    "soon": N_("within a few days"),
    "urgent": N_("urgent: within 24 hours"),
    "emergency": N_("emergency: now"),
}

_ALL_SECTIONS = frozenset(SECTIONS)
_HEALTH_NEEDS = frozenset({"medical", "psychosocial", "interpreter"})
_REACH = frozenset({PERSON_SECTION, CONTACT_SECTION})

# The address goes by default only to those who come to the person: a shelter
# and child protection. Everyone who must reach the person gets who they are
# and how to reach them safely.
DEFAULT_SECTIONS: dict[str, frozenset[str]] = {
    "shelter": _REACH | {ADDRESS_SECTION, NEEDS_SECTION, OUTCOME_SECTION, NOTE_SECTION},
    "legal_aid": _ALL_SECTIONS - {ADDRESS_SECTION},
    "medical": _REACH | {NEEDS_SECTION, NOTE_SECTION},
    "psychosocial": _REACH | {NEEDS_SECTION, OUTCOME_SECTION, NOTE_SECTION},
    "child_protection": _ALL_SECTIONS,
    "labour_inspection": frozenset({OUTCOME_SECTION, INDICATORS_SECTION, NOTE_SECTION}),
    "consular": _REACH | {NEEDS_SECTION, NOTE_SECTION},
    "other": _REACH | {NEEDS_SECTION, NOTE_SECTION},
}

# Needs a service type is told about by default (None: all of them).
DEFAULT_NEEDS: dict[str, frozenset[str] | None] = {
    "medical": _HEALTH_NEEDS,
    "psychosocial": _HEALTH_NEEDS,
    "consular": frozenset({"return", "interpreter", "legal"}),
}


# What a consent to refer covers when the person named no sections (see the module text).
CONSENT_DEFAULT_SECTIONS = frozenset({NEEDS_SECTION, OUTCOME_SECTION})


def consent_sections(*, refer: bool, sections: Iterable[str] | None) -> frozenset[str]:
    """The sections to store with a consent to refer, or UsageError naming unknown ones.

    No consent to refer: nothing. Consent with `sections` None: the minimal
    CONSENT_DEFAULT_SECTIONS. Otherwise exactly the sections named (an empty
    list: the cover page and contacts only).
    """
    if not refer:
        return frozenset()
    if sections is None:
        return CONSENT_DEFAULT_SECTIONS
    return parse_sections(",".join(sections))


def narrow_consent(recorded: Iterable[str], narrowed: Iterable[str] | None) -> frozenset[str]:
    """What may be shared: the recorded consent, cut down by `narrowed` (None: as recorded).

    A worker may narrow what the record says the person agreed to (they
    changed their mind since), never widen it: a section in `narrowed` that is
    not recorded is refused, naming it, so a typo cannot stand in for consent.
    """
    recorded = frozenset(recorded)
    if narrowed is None:
        return recorded
    wider = sorted(frozenset(narrowed) - recorded)
    if wider:
        raise UsageError(
            _(
                "the recorded consent to refer does not cover: {sections}; ask the person "
                "and record their consent again to share more"
            ).format(sections=", ".join(_(SECTIONS.get(s, s)) for s in wider))
        )
    return frozenset(narrowed)


def check_service_type(value: str) -> str:
    """The service type id `value`, or UsageError naming the valid ones."""
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in SERVICE_TYPES:
        raise UsageError(
            _("unknown service type {value!r}: use one of {types}").format(
                value=value, types=", ".join(SERVICE_TYPES)
            )
        )
    return key


def default_sections(service_type: str) -> frozenset[str]:
    """What a service of this type gets when the worker does not choose."""
    return DEFAULT_SECTIONS.get(service_type, DEFAULT_SECTIONS["other"])


def default_needs(service_type: str, needs: Iterable[str]) -> tuple[str, ...]:
    """The person's `needs` a service of this type is told about by default."""
    wanted = DEFAULT_NEEDS.get(service_type)
    return tuple(need for need in needs if wanted is None or need in wanted)


def parse_sections(text: str) -> frozenset[str]:
    """Comma-separated section ids, or UsageError naming the unknown ones."""
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - _ALL_SECTIONS)
    if unknown:
        raise UsageError(
            _("unknown packet section {value!r}: use one of {sections}").format(
                value=", ".join(unknown), sections=", ".join(SECTIONS)
            )
        )
    return frozenset(chosen)


def parse_needs(text: str) -> tuple[str, ...]:
    """Comma-separated need ids, in checklist order, or UsageError naming unknown ones."""
    chosen = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(NEEDS))
    if unknown:
        raise UsageError(
            _("unknown need {value!r}: use one of {needs}").format(
                value=", ".join(unknown), needs=", ".join(NEEDS)
            )
        )
    return tuple(need for need in NEEDS if need in chosen)


def check_urgency(value: str) -> str:
    """The urgency id `value`, or UsageError naming the valid ones."""
    if value not in URGENCIES:
        raise UsageError(
            _("unknown urgency {value!r}: use one of {urgencies}").format(
                value=value, urgencies=", ".join(URGENCIES)
            )
        )
    return value


def check_may_refer(*, consent_to_refer: bool, screening_completed: bool) -> None:
    """UsageError saying why no referral can be made from a screening, if none can."""
    if not screening_completed:
        raise UsageError(_("a referral needs a completed screening"))
    if not consent_to_refer:
        raise UsageError(_("the person has not agreed to be referred"))


@dataclass(frozen=True)
class SectionOption:
    """One optional packet section as a worker may choose it for one service.

    `default`: shared unless the worker says otherwise; `allowed`: within what
    the person agreed to share (a section that is not may not be chosen).
    """

    section: str
    default: bool
    allowed: bool


def section_options(
    service_type: str, consented_sections: Iterable[str] | None
) -> list[SectionOption]:
    """Every optional section, in packet order, with its default and whether consent allows it."""
    consented = _ALL_SECTIONS if consented_sections is None else frozenset(consented_sections)
    defaults = default_sections(service_type) & consented
    return [SectionOption(s, s in defaults, s in consented) for s in SECTIONS]


def allowed_sections(
    *,
    consent_to_refer: bool,
    screening_completed: bool,
    consented_sections: Iterable[str],
    requested: Iterable[str] | None,
    service_type: str,
) -> frozenset[str]:
    """The sections a packet may carry, or UsageError saying why there is no packet.

    `consented_sections` is what the person agreed to share (as recorded with
    the consent, see `narrow_consent`). `requested` is the worker's choice
    (None: the service type's defaults). Asking for more than the consent
    allows is refused, not quietly trimmed, so the worker knows what was left out.
    """
    check_may_refer(consent_to_refer=consent_to_refer, screening_completed=screening_completed)
    consented = frozenset(consented_sections)
    if requested is None:
        return default_sections(service_type) & consented
    wanted = frozenset(requested)
    beyond = sorted(wanted - consented)
    if beyond:
        raise UsageError(
            _("the person did not agree to share: {sections}").format(
                sections=", ".join(_(SECTIONS.get(s, s)) for s in beyond)
            )
        )
    return wanted & _ALL_SECTIONS


# -- the packet's language ------------------------------------------------


def packet_language(service_languages: Iterable[str], fallback: str) -> str:
    """The first working language of the service that the app offers, else `fallback`."""
    for code in service_languages:
        if is_offered(code):
            return code
    return fallback


def check_packet_language(
    service_name: str, service_languages: Iterable[str], lang: str, *, force: bool
) -> None:
    """UsageError when `lang` is not a working language the service lists, unless `force`.

    A service that lists no languages accepts any. The message names the
    service's languages, so the worker can choose one of them.
    """
    if not is_offered(lang):
        raise UsageError(_("language not offered: {code}").format(code=lang))
    listed = tuple(service_languages)
    if force or not listed or lang in listed:
        return
    raise UsageError(
        _(
            "{service} works in {languages}, not in {lang}: make the packet in one of its "
            "languages, or confirm that it should be in {lang} (--force-language)"
        ).format(service=service_name, languages=", ".join(listed), lang=lang)
    )


# -- packet file names ----------------------------------------------------


def service_short_name(name: str, short_name: str, service_id: int | None) -> str:
    """The service's short name for file names: its own, else made from its name.

    Latin letters, digits and hyphens only; a name in another script gives
    "service-ID", never an empty or unsafe file name.
    """
    if short_name.strip():
        return short_name.strip()
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", folded.lower())
    made = "-".join(words)[:24].strip("-")
    return made or f"service-{service_id if service_id is not None else 0}"


def packet_file_name(reference: str, short_name: str, day: date) -> str:
    """A packet's file name: its reference (case reference and number), service and date.

    Never the person's name: file names show in folder listings and e-mails.
    """
    return f"{reference}_{short_name}_{day.isoformat()}.pdf"
