"""A real ODK Central for end-to-end tests: its address from the environment, a fresh project.

`.ci/run` starts the server (../shared/odk-central/up.sh) and exports
ODK_CENTRAL_URL, ODK_CENTRAL_EMAIL and ODK_CENTRAL_PASSWORD; without them the
end-to-end tests are skipped, saying why.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import urllib.parse
import zipfile
from dataclasses import dataclass

import pytest

from app.sync.central import CentralSession

URL = os.environ.get("ODK_CENTRAL_URL", "")
EMAIL = os.environ.get("ODK_CENTRAL_EMAIL", "")
PASSWORD = os.environ.get("ODK_CENTRAL_PASSWORD", "")
PASSPHRASE = "managed-key-passphrase-" + secrets.token_hex(4)

needs_central = pytest.mark.skipif(
    not URL,
    reason="ODK_CENTRAL_URL is not set: start a Central with ../shared/odk-central/up.sh "
    "(as .ci/run does) to run the end-to-end sync tests",
)


@dataclass
class Project:
    """A Central project with managed encryption, for one test module."""

    session: CentralSession
    id: int

    def app_user_link(self, name: str) -> str:
        user = self.session.json("POST", f"/v1/projects/{self.id}/app-users", {"displayName": name})
        for form_id in self.session.form_ids(self.id):
            self.session.grant(self.id, form_id, user["id"])
        return f"{URL}/v1/key/{user['token']}/projects/{self.id}"

    def instance_ids(self, form_id: str) -> set[str]:
        return {s["instanceId"] for s in self.session.submissions(self.id, form_id)}

    def export(self, form_id: str) -> list[dict[str, str]]:
        """The decrypted CSV export of a form's submissions (with the passphrase)."""
        keys = self.session.json("GET", f"/v1/projects/{self.id}/forms/{form_id}/submissions/keys")
        body = urllib.parse.urlencode({str(k["id"]): PASSPHRASE for k in keys}).encode()
        response = self.session.call(
            "POST",
            f"/v1/projects/{self.id}/forms/{form_id}/submissions.csv.zip?attachments=false",
            body=body,
            content_type="application/x-www-form-urlencoded",
        )
        archive = zipfile.ZipFile(io.BytesIO(response.body))
        text = archive.read(f"{form_id}.csv").decode("utf-8")
        return list(csv.DictReader(io.StringIO(text)))


def new_project(name: str) -> Project:
    session = CentralSession(URL, EMAIL, PASSWORD)
    project = session.json("POST", "/v1/projects", {"name": f"{name} {secrets.token_hex(3)}"})
    session.json("POST", f"/v1/projects/{project['id']}/key", {"passphrase": PASSPHRASE})
    return Project(session, int(project["id"]))
