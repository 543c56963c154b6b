"""The XForm of a questionnaire as published to ODK Central, built with pyxform.

pyxform is the ODK project's own XLSForm-to-XForm converter: it writes the
itext translations, binds, groups and `meta/instanceID` exactly as ODK Collect
and Central expect, so the form is built from the same XLSForm rows that
`forms export-xlsform` writes instead of by hand.

Besides the questions the form has a `waystation` group of fields that
Waystation fills itself (FIELDS), never a name, a note or free text. The
version is the questionnaire's version and a fingerprint of the XForm, so a
changed text or translation makes a new version and an unchanged form does not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.domain.errors import SyncError
from app.i18n import _
from app.interchange.xlsform_rows import workbook
from app.screening.model import Form

ROOT = "data"
GROUP = "waystation"
# name -> XForm type of the fields Waystation sends beside the answers.
FIELDS: dict[str, str] = {
    "case_ref": "string",
    "form_version": "string",
    "policy": "string",
    "consent_screen": "string",
    "consent_store": "string",
    "consent_refer": "string",
    "outcome_level": "string",
    "decision": "string",
    "interviewer": "string",
    "laptop": "string",
    "started": "dateTime",
    "ended": "dateTime",
    "declined": "string",
}


@dataclass(frozen=True)
class BuiltXForm:
    """A form's XForm XML, its id and the version written in it."""

    form_id: str
    version: str
    xml: bytes


def to_xform(book: dict, warnings: list[str]) -> str:
    """pyxform's conversion of XLSForm rows, in memory.

    pyxform's `Survey.to_xml` writes the XForm to a temporary file (for its
    optional validators) before returning it; the app writes nothing outside
    its vault and the files a user asks for, so the same steps run here and the
    XML is taken as pyxform builds it, without the file.
    """
    from pyxform.builder import create_survey_element_from_dict  # slow import: on use
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    workbook = get_xlsform(xlsform=book)
    data = workbook_to_json(
        workbook_dict=workbook,
        form_name=ROOT,
        fallback_form_name=workbook.fallback_form_name,
        warnings=warnings,
    )
    return create_survey_element_from_dict(data)._to_ugly_xml()


def _convert(form: Form, version: str, public_key: str | None) -> bytes:
    from pyxform.errors import PyXFormError  # slow import: only when publishing

    book = workbook(form, for_server=True, version=version)
    book.survey.append({"type": "begin_group", "name": GROUP})
    for name, kind in FIELDS.items():
        row = {"type": "hidden", "name": name}
        if kind != "string":
            row["bind::type"] = kind
        book.survey.append(row)
    book.survey.append({"type": "end_group", "name": GROUP})
    if public_key:
        book.settings[0]["public_key"] = public_key
    try:
        xml = to_xform(book.as_dict(), [])
    except PyXFormError as error:
        raise SyncError(
            _("questionnaire {id} cannot be written as an XForm: {reason}").format(
                id=form.id, reason=error
            )
        ) from None
    return xml.encode("utf-8")


def build_xform(form: Form, *, public_key: str | None = None) -> BuiltXForm:
    """The XForm of `form`; with `public_key` (base64 DER), for an organisation's own key."""
    draft = _convert(form, "0", public_key)
    fingerprint = hashlib.sha256(draft).hexdigest()[:8]
    version = f"{form.version}.{fingerprint}"
    return BuiltXForm(form.id, version, _convert(form, version, public_key))


def base_version(server_version: str) -> str:
    """A version as Waystation wrote it, without the suffix Central adds for managed keys."""
    cut = server_version.find("[encrypted:")
    return server_version[:cut] if cut >= 0 else server_version


def build_notice_xform() -> BuiltXForm:
    """The form of withdrawal notices: the withdrawn instance id, its form, laptop and time."""
    from app.sync.submission import NOTICE_FORM_ID, NOTICE_VERSION

    rows = [{"type": "hidden", "name": name} for name in ("withdrawn", "form", "laptop", "queued")]
    book = {
        "survey": rows,
        "settings": [
            {
                "form_title": "Waystation withdrawal notices",
                "form_id": NOTICE_FORM_ID,
                "version": NOTICE_VERSION,
            }
        ],
    }
    xml = to_xform(book, []).encode("utf-8")
    return BuiltXForm(NOTICE_FORM_ID, NOTICE_VERSION, xml)
