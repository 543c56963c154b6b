"""What a laptop does with an App User link: list the forms, read their keys, submit.

The link is the one ODK Central shows for an App User and that ODK Collect's QR
code carries: `https://HOST/v1/key/TOKEN/projects/ID`. Whoever holds it may
submit to the project and read its form list, nothing else: it cannot read a
submission.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from enum import StrEnum

from defusedxml import ElementTree

from app.domain.errors import SyncError
from app.i18n import _
from app.sync import http
from app.sync.crypto import EncryptedSubmission

_LINK_RE = re.compile(
    r"^(?P<base>.*?)/v1/key/(?P<token>[A-Za-z0-9!$]+)/projects/(?P<project>\d+)/?$"
)
_XFORMS_NS = "{http://www.w3.org/2002/xforms}"
_FORMLIST_NS = "{http://openrosa.org/xforms/xformsList}"


@dataclass(frozen=True)
class AppUserLink:
    """A parsed App User link: the server's base address, the token and the project."""

    base: str
    token: str
    project: int

    @property
    def text(self) -> str:
        return f"{self.base}/v1/key/{self.token}/projects/{self.project}"

    @property
    def shown(self) -> str:
        """The link without its token, to show and to log."""
        return f"{self.base}/v1/key/…/projects/{self.project}"

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base).netloc

    def url(self, path: str) -> str:
        return f"{self.text}/{path}"


def parse_link(text: str) -> AppUserLink:
    """The App User link in `text`; SyncError saying what a link looks like otherwise."""
    text = (text or "").strip()
    match = _LINK_RE.match(text)
    if match is None:
        raise SyncError(
            _(
                "this is not an App User link; it looks like "
                "https://HOST/v1/key/TOKEN/projects/NUMBER (Central shows it for each App User)"
            )
        )
    http.check_origin(text)
    return AppUserLink(
        match.group("base").rstrip("/"), match.group("token"), int(match.group("project"))
    )


@dataclass(frozen=True)
class OfferedForm:
    """A form in the server's form list, with the version and key its XForm carries."""

    form_id: str
    version: str
    public_key: str | None


def _xml(body: bytes, what: str):
    try:
        return ElementTree.fromstring(body)
    except (ElementTree.ParseError, ValueError) as error:
        raise SyncError(
            _("the server's {what} is not readable XML: {reason}").format(what=what, reason=error)
        ) from None


def _check(response: http.Response, link: AppUserLink) -> None:
    if response.status in (401, 403):
        raise SyncError(
            _(
                "{server} refused the App User link (revoked, or no access to this project's "
                "forms); ask the ODK administrator for a new link"
            ).format(server=link.shown)
        )
    if response.status == 404:
        raise SyncError(_("{server}: no such project").format(server=link.shown))
    if response.status >= 300:
        raise SyncError(
            _("{server} answered {status}: {message}").format(
                server=link.shown, status=response.status, message=response.message()
            )
        )


def form_list(link: AppUserLink) -> list[tuple[str, str]]:
    """(form id, version) of each form the App User may submit to."""
    response = http.request("GET", link.url("formList"), headers=http.OPENROSA_HEADERS)
    _check(response, link)
    root = _xml(response.body, _("form list"))
    found = []
    for item in root.iter(_FORMLIST_NS + "xform"):
        form_id = item.findtext(_FORMLIST_NS + "formID") or ""
        version = item.findtext(_FORMLIST_NS + "version") or ""
        if form_id:
            found.append((form_id, version))
    return found


def read_xform(xml: bytes) -> tuple[str, str, str | None]:
    """(form id, version, base64RsaPublicKey or None) written in an XForm."""
    root = _xml(xml, _("form"))
    instance = root.find(f".//{_XFORMS_NS}model/{_XFORMS_NS}instance")
    primary = next(iter(instance), None) if instance is not None else None
    if primary is None:
        raise SyncError(_("the server's form has no primary instance"))
    submission = root.find(f".//{_XFORMS_NS}model/{_XFORMS_NS}submission")
    key = submission.get("base64RsaPublicKey") if submission is not None else None
    return primary.get("id") or "", primary.get("version") or "", key or None


def offered_forms(link: AppUserLink) -> list[OfferedForm]:
    """Every form of the form list with the version and public key of its XForm."""
    offered = []
    for form_id, _version in form_list(link):
        quoted = urllib.parse.quote(form_id, safe="")
        response = http.request(
            "GET", link.url(f"forms/{quoted}.xml"), headers=http.OPENROSA_HEADERS
        )
        _check(response, link)
        _id, version, key = read_xform(response.body)
        offered.append(OfferedForm(form_id, version, key))
    return offered


class Delivery(StrEnum):
    """What the server said to one submission."""

    CREATED = "created"  # 201: stored (or the very same bytes again)
    DUPLICATE = "duplicate"  # 409: a submission with this instanceID is already there
    DELETED = "deleted"  # 409: it was there and was deleted; it may not come back


def submit(link: AppUserLink, submission: EncryptedSubmission) -> Delivery:
    """POST one encrypted submission; SyncError with the server's reason when refused."""
    parts = [("xml_submission_file", "submission.xml", submission.manifest, "text/xml")]
    parts += [
        (item.name, item.name, item.content, "application/octet-stream")
        for item in submission.files
    ]
    body, content_type = http.multipart(parts)
    response = http.request(
        "POST",
        link.url("submission"),
        body=body,
        headers={**http.OPENROSA_HEADERS, "Content-Type": content_type},
    )
    if response.status in (200, 201, 202):
        return Delivery.CREATED
    if response.status == 409:
        message = response.message().lower()
        if "already exists" in message:
            return Delivery.DUPLICATE
        if "deleted" in message:
            return Delivery.DELETED
    _check(response, link)
    raise SyncError(
        _("{server} answered {status}").format(server=link.shown, status=response.status)
    )
