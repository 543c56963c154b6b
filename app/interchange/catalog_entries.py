"""Putting an imported questionnaire's translations into the forms catalogs.

Each text goes into `locales/<lang>/LC_MESSAGES/forms.po` under the form's id
(its gettext context), with a comment saying where it came from; the catalog's
review status is left as it is: an imported translation is reviewed like any
other.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from app.domain.atomic_files import write_atomic
from app.i18n.catalog_tools import with_review_status
from app.i18n.catalogs import FORMS_DOMAIN
from app.i18n.languages import DRAFT, read_review_status


def add_translations(
    locales: Path, form_id: str, translations: dict[str, dict[str, str]], source: str
) -> list[Path]:
    """Add or replace each language's entries for `form_id`; the catalogs written."""
    written: list[Path] = []
    for code, entries in sorted(translations.items()):
        po = locales / code / "LC_MESSAGES" / f"{FORMS_DOMAIN}.po"
        status = read_review_status(po) if po.exists() else DRAFT
        if po.exists():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=code)
        else:
            catalog = Catalog(locale=code, domain=FORMS_DOMAIN)
        for msgid, msgstr in entries.items():
            message = catalog.get(msgid, context=form_id)
            if message is None:
                catalog.add(msgid, msgstr, context=form_id, auto_comments=[f"from {source}"])
            else:
                message.string = msgstr
                message.flags.discard("fuzzy")
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=0, ignore_obsolete=True, sort_output=False)
        po.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(po, with_review_status(buffer.getvalue(), status), mode=0o644)
        written.append(po)
    return written
