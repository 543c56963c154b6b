"""Publishing the questionnaires to an ODK Central project, as a web user.

A form the project does not have is created and published; a form whose
XForm changed (its version carries a fingerprint of the XForm) gets a new
published version; an unchanged form is left alone. The withdrawal notice
form is published with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.screening.model import Form
from app.sync.central import CentralSession
from app.sync.xform import BuiltXForm, base_version, build_notice_xform, build_xform


@dataclass(frozen=True)
class Published:
    """What happened to one form: created, updated or unchanged, and its version."""

    form_id: str
    action: str  # created | updated | unchanged
    version: str


def publish(
    session: CentralSession,
    project_id: int,
    forms: Iterable[Form],
    *,
    public_key: str | None = None,
    grant_app_users: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Published]:
    """Publish every form (and the notice form) to the project; what was done to each."""
    session.project(project_id)  # NotFound / AccessDenied before anything changes
    built: list[BuiltXForm] = [build_xform(form, public_key=public_key) for form in forms]
    built.append(build_notice_xform())
    actors = [int(a["id"]) for a in session.app_users(project_id)] if grant_app_users else []
    done: list[Published] = []
    for number, xform in enumerate(built, start=1):
        current = session.form(project_id, xform.form_id)
        if current is None:
            session.create_form(project_id, xform.xml)
            action = "created"
        elif base_version(str(current.get("version") or "")) == xform.version:
            action = "unchanged"
        else:
            session.publish_version(project_id, xform.form_id, xform.xml)
            action = "updated"
        for actor in actors:
            session.grant(project_id, xform.form_id, actor)
        done.append(Published(xform.form_id, action, xform.version))
        if progress is not None:
            progress(number, len(built))
    return done
