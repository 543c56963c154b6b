"""About the person: what a receiving service needs to know to act on a referral.

Everything is optional. Age is a number or a band, and may be marked uncertain;
gender is recorded as the person describes it; languages are codes. Where the
person is now is a kind of place; an address is kept apart, since a packet
carries it only when the person agreed to share it. A safe way and time to
reach them, or "do not contact directly", tells a service how not to put them
in danger. Free text is the worker's words, in the language they wrote it in
(`written_lang`), so a packet in another language can say so.

Whether the person is a child comes from, in this order: the worker's own
choice; an age or band given as certain; a questionnaire made for children; an
uncertain age or band. When the age is uncertain and anything points to a
child, the person is treated as a child until it is settled (the presumption
of minority).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.errors import UsageError
from app.i18n import N_, _

ADULT_AGE = 18
MAX_AGE = 120
MAX_SHORT_TEXT = 120
MAX_NOTE = 300

# Age bands, in order, with the ages they cover (the last is open-ended).
AGE_BANDS: dict[str, str] = {
    "0-5": N_("0 to 5 years"),
    "6-12": N_("6 to 12 years"),
    "13-15": N_("13 to 15 years"),
    "16-17": N_("16 or 17 years"),
    "18-24": N_("18 to 24 years"),
    "25-34": N_("25 to 34 years"),
    "35-49": N_("35 to 49 years"),
    "50-64": N_("50 to 64 years"),
    "65+": N_("65 years or older"),
}
_BAND_RANGES: dict[str, tuple[int, int]] = {
    band: (int(band.rstrip("+").split("-")[0]), int(band.split("-")[1]) if "-" in band else 999)
    for band in AGE_BANDS
}

# Kinds of place where the person is now (never an address: see `address`).
PLACE_KINDS: dict[str, str] = {
    "shelter": N_("a shelter or safe house"),
    "reception": N_("a reception or transit centre"),
    "hospital": N_("a hospital or clinic"),
    "police": N_("a police station or border post"),
    "detention": N_("an immigration detention centre"),
    "friends_family": N_("with friends or family"),
    "own_home": N_("their own home"),
    "employer": N_("housing given by an employer"),
    "no_fixed_place": N_("no fixed place"),
    "other": N_("another kind of place"),
}

# How a service may reach the person safely.
CONTACT_WAYS: dict[str, str] = {
    "through_worker": N_("only through the referring worker"),
    "phone": N_("by phone"),
    "message": N_("by text message"),
    "email": N_("by e-mail"),
    "in_person": N_("in person, where they are now"),
    "do_not_contact": N_("do not contact the person directly"),
}

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class PersonProfile:
    """About the person, per case; every field optional (None or empty: not known).

    `child`: the worker's own choice (None: decided by `is_child`).
    `written_lang`: the language the free-text fields are written in.
    """

    age: int | None = None
    age_band: str | None = None
    age_uncertain: bool = False
    child: bool | None = None
    gender: str = ""
    languages: tuple[str, ...] = ()
    preferred_language: str = ""
    interpreter_language: str = ""
    dependant_children: int | None = None
    dependant_adults: int | None = None
    dependants_note: str = ""
    place_kind: str = ""
    address: str = ""
    contact_way: str = ""
    contact_detail: str = ""
    contact_time: str = ""
    written_lang: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing at all is recorded."""
        return self == PersonProfile(written_lang=self.written_lang)

    @property
    def band(self) -> str | None:
        """The age band: the one given, else the one the age falls in."""
        if self.age_band:
            return self.age_band
        return band_for_age(self.age) if self.age is not None else None

    @property
    def free_text(self) -> tuple[str, ...]:
        """The fields written in the worker's words (shown marked in another language)."""
        return (
            self.gender,
            self.dependants_note,
            self.address,
            self.contact_detail,
            self.contact_time,
        )

    def to_data(self) -> dict[str, object]:
        """The profile as JSON data (only the fields that hold something)."""
        data: dict[str, object] = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value in (None, "", (), False):
                continue
            data[item.name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> PersonProfile:
        """A profile from stored JSON data; unknown keys and bad values are dropped."""
        known = {item.name for item in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        try:
            return check_profile(values)
        except UsageError:
            pass
        # A damaged row shows what can still be read, never a crash.
        kept = {}
        for key, value in values.items():
            try:
                check_profile({key: value})
            except UsageError:
                continue
            kept[key] = value
        try:
            return check_profile(kept)
        except UsageError:  # an age and a band that do not fit: the age stays
            kept.pop("age_band", None)
            return check_profile(kept)


def band_for_age(age: int) -> str:
    """The age band an age falls in."""
    for band, (low, high) in _BAND_RANGES.items():
        if low <= age <= high:
            return band
    return "65+"


def band_is_child(band: str) -> bool:
    """True for a band wholly under 18."""
    return _BAND_RANGES[band][1] < ADULT_AGE


def is_child(profile: PersonProfile, form_audience: str | None = None) -> bool | None:
    """Whether the person is a child (None: nothing says), by the rule in the module text."""
    if profile.child is not None:
        return profile.child
    said: bool | None = None
    if profile.age is not None:
        said = profile.age < ADULT_AGE
    elif profile.age_band:
        said = band_is_child(profile.age_band)
    if said is not None and not profile.age_uncertain:
        return said
    if form_audience == "child":
        return True
    return said


def _problem(field: str, message: str) -> UsageError:
    return UsageError(
        _("about the person, {field}: {message}").format(field=field, message=message)
    )


def _whole_number(field: str, value: object, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise _problem(field, _("{value!r} is not a whole number").format(value=value)) from None
    if isinstance(number, bool) or not low <= number <= high:
        raise _problem(
            field, _("must be between {low} and {high}").format(low=low, high=high)
        ) from None
    return number


def _choice(field: str, value: object, known: Mapping[str, str]) -> str:
    text = str(value or "").strip()
    if text and text not in known:
        raise _problem(
            field,
            _("unknown value {value!r}; use one of {known}").format(
                value=text, known=", ".join(known)
            ),
        )
    return text


def _text(field: str, value: object, limit: int) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise _problem(field, _("longer than {limit} characters").format(limit=limit))
    return text


def _language(field: str, value: object) -> str:
    code = str(value or "").strip().replace("_", "-")
    if code and not _LANGUAGE_CODE.match(code):
        raise _problem(
            field, _("{code!r} is not a language code such as ar or fa").format(code=code)
        )
    return code


def _languages(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = re.split(r"[\s,;]+", value)
    codes = [_language("languages", code) for code in (value or ())]
    return tuple(dict.fromkeys(code for code in codes if code))


def _flag(field: str, value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise _problem(field, _("use yes or no"))


def check_profile(values: Mapping[str, object]) -> PersonProfile:
    """A checked profile from field values (text or typed); UsageError naming the field.

    Unknown field names are refused, so a typo cannot drop what was meant.
    """
    known = {item.name for item in dataclasses.fields(PersonProfile)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise _problem(
            ", ".join(unknown),
            _("unknown field; the fields are {fields}").format(fields=", ".join(sorted(known))),
        )
    get = values.get
    age = _whole_number("age", get("age"), 0, MAX_AGE)
    band = _choice("age_band", get("age_band"), AGE_BANDS) or None
    if age is not None and band is not None and band != band_for_age(age):
        raise _problem(
            "age_band", _("{band} does not fit the age {age}").format(band=band, age=age)
        )
    languages = _languages(get("languages"))
    preferred = _language("preferred_language", get("preferred_language"))
    if preferred and preferred not in languages:
        languages = (preferred, *languages)
    return PersonProfile(
        age=age,
        age_band=band,
        age_uncertain=bool(_flag("age_uncertain", get("age_uncertain"))),
        child=_flag("child", get("child")),
        gender=_text("gender", get("gender"), MAX_SHORT_TEXT),
        languages=languages,
        preferred_language=preferred,
        interpreter_language=_language("interpreter_language", get("interpreter_language")),
        dependant_children=_whole_number("dependant_children", get("dependant_children"), 0, 30),
        dependant_adults=_whole_number("dependant_adults", get("dependant_adults"), 0, 30),
        dependants_note=_text("dependants_note", get("dependants_note"), MAX_NOTE),
        place_kind=_choice("place_kind", get("place_kind"), PLACE_KINDS),
        address=_text("address", get("address"), MAX_NOTE),
        contact_way=_choice("contact_way", get("contact_way"), CONTACT_WAYS),
        contact_detail=_text("contact_detail", get("contact_detail"), MAX_SHORT_TEXT),
        contact_time=_text("contact_time", get("contact_time"), MAX_SHORT_TEXT),
        written_lang=_language("written_lang", get("written_lang")),
    )


# The fields each packet section carries (the section ids of referral_rules).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "person": (
        "age",
        "age_band",
        "age_uncertain",
        "gender",
        "languages",
        "preferred_language",
        "interpreter_language",
        "dependant_children",
        "dependant_adults",
        "dependants_note",
    ),
    "contact": ("place_kind", "contact_way", "contact_detail", "contact_time"),
    "address": ("address",),
}


def shared_profile(profile: PersonProfile, sections: frozenset[str]) -> PersonProfile:
    """Only the fields of `profile` that the given packet sections carry."""
    kept = {
        name: getattr(profile, name)
        for section, names in SECTION_FIELDS.items()
        if section in sections
        for name in names
    }
    return PersonProfile(**kept, written_lang=profile.written_lang)
