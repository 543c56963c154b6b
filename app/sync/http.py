"""HTTP to the one server an administrator configured, and nowhere else.

The standard library's client with: no proxy from the environment (the
connection goes straight to the configured host), no redirect followed (a
server that answers with one is reported, not followed), certificates checked,
plain http only to this machine (loopback), and a time limit on every request.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from app.domain.errors import SyncError
from app.i18n import _

TIMEOUT_SECONDS = 30
OPENROSA_HEADERS = {"X-OpenRosa-Version": "1.0"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx answer is returned to the caller as it is


_OPENER = urllib.request.build_opener(
    urllib.request.ProxyHandler({}),
    _NoRedirect(),
    urllib.request.HTTPSHandler(context=ssl.create_default_context()),
)


def is_loopback(host: str) -> bool:
    """True for this machine's own addresses (localhost, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_origin(url: str) -> urllib.parse.SplitResult:
    """The parsed URL if it is https, or http to this machine; SyncError otherwise."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(_("{url} is not a web address (https://...)").format(url=redact(url)))
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise SyncError(
            _(
                "{host}: the server must be reached over https, so that the link and the data "
                "cannot be read on the way"
            ).format(host=parts.hostname)
        )
    return parts


def redact(url: str) -> str:
    """A URL with an App User token replaced by `…`, for messages and logs."""
    parts = url.split("/key/", 1)
    if len(parts) == 2:
        rest = parts[1].split("/", 1)
        return parts[0] + "/key/…" + ("/" + rest[1] if len(rest) == 2 else "")
    return url


class Unreachable(SyncError):
    """The server could not be reached at all (network, name, certificate, time limit)."""


@dataclass(frozen=True)
class Response:
    """An HTTP answer: status, body and content type."""

    status: int
    body: bytes
    content_type: str

    def json(self) -> object:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def message(self) -> str:
        """The server's own words about an error (Central's JSON or OpenRosa XML), short."""
        data = self.json()
        if isinstance(data, dict) and data.get("message"):
            return str(data["message"])[:300]
        text = self.body.decode("utf-8", "replace")
        start = text.find("<message")
        if start >= 0:
            start = text.find(">", start) + 1
            return text[start : text.find("</message>", start)].strip()[:300]
        return text.strip()[:120]


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One request; any HTTP status is returned, a network failure is a SyncError."""
    parts = check_origin(url)
    # check_origin allowed only http(s) above: no file: or other scheme reaches urlopen.
    prepared = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with _OPENER.open(prepared, timeout=TIMEOUT_SECONDS) as answer:
            return Response(answer.status, answer.read(), answer.headers.get_content_type())
    except urllib.error.HTTPError as error:
        content_type = error.headers.get_content_type() if error.headers else ""
        return Response(error.code, error.read() or b"", content_type)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise Unreachable(
            _("cannot reach {host}: {reason}; nothing was sent").format(
                host=parts.hostname, reason=reason
            )
        ) from None


def multipart(parts: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body of (field, file name, content, type); and its content type."""
    boundary = "waystation-" + secrets.token_hex(16)
    chunks: list[bytes] = []
    for field, filename, content, kind in parts:
        chunks.append(
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                f"Content-Type: {kind}\r\n\r\n"
            ).encode()
        )
        chunks.append(content)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
