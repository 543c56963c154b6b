"""ODK Central's REST API as a web user: publishing forms and deleting withdrawn submissions.

A session is opened with the user's email and password (never stored) and
closed (logged out) when the work is done.
"""

from __future__ import annotations

import contextlib
import json
import urllib.parse

from app.domain.errors import AccessDenied, NotFound, SyncError
from app.i18n import _
from app.sync import http


def _quote(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


class CentralSession:
    """A logged-in web user; use as a context manager so the session is ended."""

    def __init__(self, url: str, email: str, password: str) -> None:
        parts = http.check_origin(url)
        self.base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.base = self.base.removesuffix("/v1")
        self.host = parts.netloc
        response = http.request(
            "POST",
            self.base + "/v1/sessions",
            body=json.dumps({"email": email, "password": password}).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        if response.status in (401, 403):
            raise AccessDenied(
                _("{server} did not accept this email and password").format(server=self.host)
            )
        data = response.json()
        if response.status != 200 or not isinstance(data, dict) or "token" not in data:
            raise SyncError(
                _("{server} is not an ODK Central server, or it failed: {message}").format(
                    server=self.host, message=response.message()
                )
            )
        self._token = str(data["token"])

    def __enter__(self) -> CentralSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._token:
            # A logout that fails changes nothing: the session expires on the server anyway.
            with contextlib.suppress(SyncError):
                self.call("DELETE", f"/v1/sessions/{_quote(self._token)}", ok=(200, 401, 404))
            self._token = ""

    def call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "application/json",
        ok: tuple[int, ...] = (200,),
    ) -> http.Response:
        """One authenticated request; SyncError (or NotFound) unless the status is in `ok`."""
        headers = {"Authorization": "Bearer " + self._token}
        if body is not None:
            headers["Content-Type"] = content_type
        response = http.request(method, self.base + path, body=body, headers=headers)
        if response.status in ok:
            return response
        if response.status == 404:
            raise NotFound(_("{server}: not found: {path}").format(server=self.host, path=path))
        if response.status == 403:
            raise AccessDenied(
                _("{server}: this web user may not do this ({path})").format(
                    server=self.host, path=path
                )
            )
        raise SyncError(
            _("{server} answered {status} to {path}: {message}").format(
                server=self.host, status=response.status, path=path, message=response.message()
            )
        )

    def json(self, method: str, path: str, payload: object = None, **kwargs) -> object:
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        return self.call(method, path, body=body, **kwargs).json()

    # -- projects and forms -------------------------------------------------------

    def project(self, project_id: int) -> dict:
        data = self.json("GET", f"/v1/projects/{int(project_id)}")
        return data if isinstance(data, dict) else {}

    def form(self, project_id: int, form_id: str) -> dict | None:
        """The published form, or None when the project has no form with this id."""
        response = self.call(
            "GET", f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}", ok=(200, 404)
        )
        data = response.json() if response.status == 200 else None
        return data if isinstance(data, dict) else None

    def form_ids(self, project_id: int) -> list[str]:
        """The ids of the project's forms."""
        data = self.json("GET", f"/v1/projects/{int(project_id)}/forms")
        return [str(item["xmlFormId"]) for item in data or [] if isinstance(item, dict)]

    def create_form(self, project_id: int, xml: bytes) -> None:
        self.call(
            "POST",
            f"/v1/projects/{int(project_id)}/forms?publish=true",
            body=xml,
            content_type="application/xml",
        )

    def publish_version(self, project_id: int, form_id: str, xml: bytes) -> None:
        path = f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}/draft"
        self.call("POST", path, body=xml, content_type="application/xml")
        self.call("POST", path + "/publish")

    def app_users(self, project_id: int) -> list[dict]:
        data = self.json("GET", f"/v1/projects/{int(project_id)}/app-users")
        return [item for item in data or [] if isinstance(item, dict)]

    def grant(self, project_id: int, form_id: str, actor_id: int) -> None:
        """Let an App User submit to a form (already allowed is fine)."""
        self.call(
            "POST",
            f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}/assignments/app-user/"
            f"{int(actor_id)}",
            ok=(200, 409),
        )

    # -- submissions -------------------------------------------------------------

    def submissions(self, project_id: int, form_id: str) -> list[dict]:
        data = self.json(
            "GET", f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}/submissions"
        )
        return [item for item in data or [] if isinstance(item, dict)]

    def has_submission(self, project_id: int, form_id: str, instance_id: str) -> bool:
        response = self.call(
            "GET",
            f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}/submissions/"
            f"{_quote(instance_id)}",
            ok=(200, 404),
        )
        return response.status == 200

    def delete_submission(self, project_id: int, form_id: str, instance_id: str) -> None:
        self.call(
            "DELETE",
            f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}/submissions/"
            f"{_quote(instance_id)}",
        )

    def set_review_state(self, project_id: int, form_id: str, instance_id: str, state: str) -> None:
        self.json(
            "PATCH",
            f"/v1/projects/{int(project_id)}/forms/{_quote(form_id)}/submissions/"
            f"{_quote(instance_id)}",
            {"reviewState": state},
        )
