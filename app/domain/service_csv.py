"""Service directory entries: checking their fields, and reading and writing CSV.

A CSV import is checked completely before anything is stored: the report
names the row and column of every problem, and one problem means nothing is
imported. Columns (first row, any order): id, name, type, languages, area,
phone, email, address, intake, notes. Only name and type are required; an id
that matches an existing service updates it, an empty id adds a new one.
Languages are codes such as ``ar`` or ``fa``, separated by spaces, commas or
semicolons.

Cells that a spreadsheet would run as a formula (starting with = + - @) are
written with a leading apostrophe and read back without it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import referral_rules
from app.domain.errors import NotFound, UsageError
from app.domain.models import Service, ServiceFields
from app.i18n import _

# The id, then ServiceFields' fields in their order: one list for CSV and storage.
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ServiceFields))
COLUMNS: tuple[str, ...] = ("id", *FIELD_NAMES)
REQUIRED: tuple[str, ...] = ("name", "type")
MAX_LENGTH = {"name": 200, "area": 200, "phone": 60, "email": 200, "address": 500}
MAX_TEXT = 2000
MAX_ROWS = 5000
# A directory of MAX_ROWS services is a few MB; a larger file is refused before it
# is read whole (parsing takes some twenty times the file's size in memory).
MAX_FILE_BYTES = 8 * 1024 * 1024

_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()./\- ]+$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ImportRow:
    """One checked CSV row: the fields, and the id of the service it updates (or None)."""

    row: int
    service_id: int | None
    fields: ServiceFields


@dataclass(frozen=True)
class CsvProblem:
    """One problem of a CSV file, at a row (1 = the header) and column."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row {row}, column {column}: {message}").format(
            row=self.row, column=self.column, message=self.message
        )


@dataclass
class CsvReport:
    """The checked rows of a CSV file and every problem found."""

    rows: list[ImportRow] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_languages(text: str) -> tuple[str, ...]:
    """Language codes from "ar, fa; en" (ValueError naming a malformed code)."""
    codes = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    for code in codes:
        if not _LANGUAGE.match(code):
            raise ValueError(code)
    return tuple(dict.fromkeys(code.replace("_", "-") for code in codes))


def field_problems(values: dict[str, str]) -> list[tuple[str, str]]:
    """(column, message) for each field of a service that is not acceptable."""
    problems: list[tuple[str, str]] = []
    for column in REQUIRED:
        if not values.get(column, "").strip():
            problems.append((column, _("required, but empty")))
    kind = values.get("type", "").strip()
    if kind:
        try:
            referral_rules.check_service_type(kind)
        except UsageError as error:
            problems.append(("type", str(error)))
    try:
        parse_languages(values.get("languages", ""))
    except ValueError as error:
        problems.append(
            (
                "languages",
                _("{code!r} is not a language code such as ar or fa").format(code=str(error)),
            )
        )
    email = values.get("email", "").strip()
    if email and not _EMAIL.match(email):
        problems.append(("email", _("{value!r} is not an e-mail address").format(value=email)))
    phone = values.get("phone", "").strip()
    if phone and not _PHONE.match(phone):
        problems.append(
            (
                "phone",
                _("{value!r} may hold only digits, spaces and + ( ) - . /").format(value=phone),
            )
        )
    for column in COLUMNS[1:]:
        limit = MAX_LENGTH.get(column, MAX_TEXT)
        if len(values.get(column, "")) > limit:
            problems.append((column, _("longer than {limit} characters").format(limit=limit)))
    return problems


def check_fields(values: dict[str, str]) -> ServiceFields:
    """Checked service fields from text values; UsageError listing every problem."""
    problems = field_problems(values)
    if problems:
        raise UsageError(
            "; ".join(
                _("{column}: {message}").format(column=column, message=message)
                for column, message in problems
            )
        )
    return _fields(values)


def _fields(values: dict[str, str]) -> ServiceFields:
    get = lambda key: values.get(key, "").strip()  # noqa: E731
    return ServiceFields(
        name=get("name"),
        type=referral_rules.check_service_type(get("type")),
        languages=parse_languages(get("languages")),
        area=get("area"),
        phone=get("phone"),
        email=get("email"),
        address=get("address"),
        intake=get("intake"),
        notes=get("notes"),
    )


def _unescape(cell: str) -> str:
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_START:
        return cell[1:]
    return cell


def _escape(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def read_file(path: Path) -> str:
    """The text of a CSV file to import; UsageError if unreadable, too large or not UTF-8.

    Reads at most MAX_FILE_BYTES (and one byte more, to tell a larger file).
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise NotFound(_("file not found: {path}").format(path=path)) from None
    except OSError as error:
        raise UsageError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(
            _(
                "{path} is larger than {size} MB, far more than a service directory of "
                "{limit} services; nothing was imported"
            ).format(path=path, size=MAX_FILE_BYTES // (1024 * 1024), limit=MAX_ROWS)
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte order mark, as spreadsheets write it
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            _("{path} is not UTF-8 text (byte {offset}); save the CSV as UTF-8").format(
                path=path, offset=error.start
            )
        ) from None


def read_csv(text: str, known_ids: set[int]) -> CsvReport:
    """Check a whole CSV text; `known_ids` are the ids of services in the vault."""
    report = CsvReport()
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark, as spreadsheets write it
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        report.problems.append(
            CsvProblem(1, "-", _("not a CSV file: {reason}").format(reason=error))
        )
        return report
    if not rows or not any(cell.strip() for cell in rows[0]):
        report.problems.append(
            CsvProblem(1, "-", _("the file is empty; the first row names the columns"))
        )
        return report
    header = [cell.strip().lower() for cell in rows[0]]
    for index, name in enumerate(header):
        if name not in COLUMNS:
            report.problems.append(
                CsvProblem(
                    1,
                    name or str(index + 1),
                    _("unknown column; the columns are {columns}").format(
                        columns=", ".join(COLUMNS)
                    ),
                )
            )
        elif header.index(name) != index:
            report.problems.append(CsvProblem(1, name, _("this column appears twice")))
    for name in REQUIRED:
        if name not in header:
            report.problems.append(CsvProblem(1, name, _("required column missing")))
    if report.problems:
        return report
    if len(rows) - 1 > MAX_ROWS:
        report.problems.append(
            CsvProblem(1, "-", _("more than {limit} services in one file").format(limit=MAX_ROWS))
        )
        return report
    seen_ids: dict[int, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            report.problems.append(
                CsvProblem(
                    number,
                    str(len(header) + 1),
                    _("more cells than columns ({count})").format(count=len(header)),
                )
            )
            continue
        values = {
            name: _unescape(cells[i]) if i < len(cells) else "" for i, name in enumerate(header)
        }
        problems = field_problems(values)
        service_id = None
        raw_id = values.get("id", "").strip()
        if raw_id:
            if not raw_id.isdigit() or int(raw_id) not in known_ids:
                problems.append(
                    ("id", _("no service with id {id} in this vault").format(id=raw_id))
                )
            elif int(raw_id) in seen_ids:
                problems.append(
                    ("id", _("the same id is on row {row}").format(row=seen_ids[int(raw_id)]))
                )
            else:
                service_id = int(raw_id)
                seen_ids[service_id] = number
        report.problems += [CsvProblem(number, column, message) for column, message in problems]
        if not problems:
            report.rows.append(ImportRow(number, service_id, _fields(values)))
    return report


def write_csv(services: list[Service]) -> str:
    """The services as CSV text with a header row, readable by `read_csv`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for service in services:
        cells = [getattr(service, name) for name in FIELD_NAMES]
        writer.writerow(
            [str(service.id)] + [_escape(" ".join(c) if isinstance(c, tuple) else c) for c in cells]
        )
    return out.getvalue()
