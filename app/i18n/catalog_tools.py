"""Catalog maintenance: ``python -m app.i18n.catalog_tools update|compile|check``.

``update`` extracts UI strings from ``app/`` (babel's python extractor) into
``locales/waystation.pot`` and questionnaire texts from ``forms/*.yaml`` (our
babel extractor) into ``locales/forms.pot``, then creates or updates
``locales/<lang>/LC_MESSAGES/{waystation,forms}.po`` for every offered language.
Babel drops headers it does not know, so each catalog's ``X-Review-Status`` is
put back (new catalogs start as ``draft``). ``compile`` builds the .mo files,
``check`` lists untranslated entries and translations whose {fields} differ.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app import __version__
from app.i18n.catalogs import FORMS_DOMAIN, UI_DOMAIN, placeholder_fields
from app.i18n.languages import (
    REVIEW_HEADER,
    REVIEW_RE,
    SOURCE_LANGUAGE,
    offered_languages,
)
from app.i18n.languages import read_review_status as review_status_of
from app.resources import data_root

KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "ngettext_in": (2, 3),
    "pgettext_in": ((2, "c"), 3),
}
COMMENT_TAGS = ("TRANSLATORS:",)
DOMAINS = (UI_DOMAIN, FORMS_DOMAIN)
_DATE_LINE_RE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*$', re.MULTILINE)


def _new_catalog(domain: str) -> Catalog:
    return Catalog(
        project="Waystation",
        version=__version__,
        domain=domain,
        charset="utf-8",
        fuzzy=False,
        creation_date=datetime.now(UTC),
    )


def extract_ui(root: Path) -> Catalog:
    """Every marked UI string under root/app, with translator comments."""
    catalog = _new_catalog(UI_DOMAIN)
    found = extract_from_dir(
        str(root / "app"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        location = ("app/" + filename.replace("\\", "/"), lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def extract_forms(root: Path) -> Catalog:
    """Every text of every questionnaire under root/forms, with where it is shown."""
    from app.screening.extractor import extract_forms as extractor

    catalog = _new_catalog(FORMS_DOMAIN)
    for path in sorted((root / "forms").glob("*.yaml")):
        for lineno, message, comments, context in extract_from_file(extractor, str(path)):
            location = (f"forms/{path.name}", lineno)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def templates(root: Path) -> dict[str, Catalog]:
    """The freshly extracted template of each domain."""
    return {UI_DOMAIN: extract_ui(root), FORMS_DOMAIN: extract_forms(root)}


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No wrapping of messages (as `pybabel --no-wrap`): long texts stay one line for reviewers.
    write_po(buffer, catalog, width=0, ignore_obsolete=True, omit_header=False, sort_output=False)
    return buffer.getvalue()


def _without_dates(data: bytes) -> str:
    return _DATE_LINE_RE.sub("", data.decode("utf-8"))


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write unless only the dates would change, to keep diffs meaningful."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def with_review_status(data: bytes, status: str) -> bytes:
    """`data` (a .po file) with its X-Review-Status header line set to `status`."""
    text = data.decode("utf-8")
    line = f'"{REVIEW_HEADER}: {status}\\n"'
    if REVIEW_RE.search(text):
        return REVIEW_RE.sub(f'"{REVIEW_HEADER}: {status}', text, count=1).encode("utf-8")
    lines = text.split("\n")
    # The header entry is the first msgid ""; its msgstr lines end at the first blank line.
    start = next(i for i, item in enumerate(lines) if item.startswith('msgstr ""'))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith('"')), len(lines)
    )
    generated = next((i for i in range(start, end) if lines[i].startswith('"Generated-By:')), end)
    lines.insert(generated, line)
    return "\n".join(lines).encode("utf-8")


def po_path(root: Path, lang: str, domain: str) -> Path:
    """Where a language's catalog of a domain lives."""
    return root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


def translated_languages() -> list[str]:
    """Every offered language but the source."""
    return [lang.code for lang in offered_languages() if lang.code != SOURCE_LANGUAGE]


def update(root: Path) -> list[str]:
    """Extract templates and create or update every language's catalogs; changed files."""
    changed: list[str] = []
    for domain, template in templates(root).items():
        pot = root / "locales" / f"{domain}.pot"
        if _write_if_changed(pot, _po_bytes(template)):
            changed.append(str(pot.relative_to(root)))
        for lang in translated_languages():
            path = po_path(root, lang, domain)
            status = review_status_of(path)
            if path.exists():
                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=lang, domain=domain)
                catalog.update(template, update_header_comment=False)
            else:
                catalog = Catalog(
                    locale=lang,
                    domain=domain,
                    project="Waystation",
                    version=__version__,
                    charset="utf-8",
                    fuzzy=False,
                    revision_date=datetime.now(UTC),
                )
                catalog.update(template, update_header_comment=True)
            data = with_review_status(_po_bytes(catalog), status)
            if _write_if_changed(path, data):
                changed.append(str(path.relative_to(root)))
    return changed


def compile_all(root: Path) -> list[str]:
    """Build a .mo beside every .po (fuzzy entries left out); the files written."""
    written = []
    for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        po.with_suffix(".mo").write_bytes(buffer.getvalue())
        written.append(str(po.with_suffix(".mo").relative_to(root)))
    return written


def _short(text: str) -> str:
    text = text.replace("\n", " ")
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'


def check(root: Path) -> list[str]:
    """One line per missing catalog, untranslated entry or translation with other {fields}."""
    problems: list[str] = []
    fresh = templates(root)
    for lang in translated_languages():
        for domain in DOMAINS:
            path = po_path(root, lang, domain)
            shown = str(path.relative_to(root))
            if not path.exists():
                problems.append(f"{shown}: missing catalog (run: make catalogs)")
                continue
            try:
                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=lang, domain=domain)
            except (ValueError, OSError) as error:
                problems.append(f"{shown}: unreadable catalog: {error}")
                continue
            for wanted in fresh[domain]:
                if not wanted.id:
                    continue
                message = catalog.get(wanted.id, context=wanted.context)
                source = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
                if message is None:
                    problems.append(
                        f"{shown}: not in catalog (run: make catalogs): {_short(source)}"
                    )
                    continue
                where = f"{shown}:{message.lineno}"
                strings = (
                    message.string
                    if isinstance(message.string, tuple | list)
                    else (message.string,)
                )
                if message.fuzzy or not all(strings):
                    problems.append(f"{where}: untranslated: {_short(source)}")
                    continue
                sources = wanted.id if isinstance(wanted.id, tuple | list) else (wanted.id,)
                allowed = [placeholder_fields(s) for s in sources]
                for string in strings:
                    if placeholder_fields(string) not in allowed:
                        problems.append(
                            f"{where}: {{fields}} differ from the source: {_short(source)}"
                        )
                        break
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: update, compile or check the catalogs."""
    parser = argparse.ArgumentParser(prog="python -m app.i18n.catalog_tools")
    parser.add_argument("action", choices=("update", "compile", "check"))
    parser.add_argument("--root", type=Path, default=data_root(), help="project folder")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.action == "update":
        for path in update(root):
            print(f"updated {path}")
        return 0
    if args.action == "compile":
        print(f"compiled {len(compile_all(root))} catalogs")
        return 0
    problems = check(root)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
