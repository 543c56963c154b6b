"""Reading and writing XLSForm sheets with openpyxl, keeping where each cell was.

openpyxl is the well-kept reader and writer of .xlsx files (pyxform uses it
too); nothing here evaluates formulas or runs macros: cells are read as the
values stored in the file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.domain.atomic_files import write_atomic
from app.domain.errors import UsageError
from app.i18n import _
from app.interchange.xlsform_rows import Workbook

MAX_XLSX_BYTES = 20_000_000


@dataclass(frozen=True)
class Cell:
    """A cell's text and where it is: sheet, row (1-based) and column letter and header."""

    text: str
    sheet: str
    row: int
    column: str
    header: str


@dataclass(frozen=True)
class SheetRow:
    """One row of a sheet: its number and its non-empty cells by column header."""

    number: int
    cells: dict[str, Cell]

    def text(self, header: str) -> str:
        cell = self.cells.get(header)
        return cell.text if cell else ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheets(path: Path) -> dict[str, list[SheetRow]]:
    """Every sheet of an .xlsx file as rows under its header row (sheet names lower-cased)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        if path.stat().st_size > MAX_XLSX_BYTES:
            raise UsageError(_("{path} is too large for a questionnaire").format(path=path))
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UsageError(
            _("{path} is not a readable .xlsx file: {reason}").format(path=path, reason=error)
        ) from None
    sheets: dict[str, list[SheetRow]] = {}
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [_text(v) for v in next(rows, ())]
            found: list[SheetRow] = []
            for number, values in enumerate(rows, start=2):
                cells = {}
                for index, value in enumerate(values):
                    text = _text(value)
                    if text and index < len(header) and header[index]:
                        cells[header[index]] = Cell(
                            text, sheet.title, number, get_column_letter(index + 1), header[index]
                        )
                if cells:
                    found.append(SheetRow(number, cells))
            sheets[sheet.title.strip().lower()] = found
    finally:
        book.close()
    return sheets


def write_workbook(book: Workbook, path: Path) -> None:
    """Write the survey, choices and settings sheets to `path` (atomically)."""
    import io

    from openpyxl import Workbook as XlsxBook

    xlsx = XlsxBook()
    xlsx.remove(xlsx.active)
    for name, rows in book.as_dict().items():
        sheet = xlsx.create_sheet(name)
        headers: list[str] = []
        for row in rows:
            headers += [key for key in row if key not in headers]
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(header, "") for header in headers])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    xlsx.save(buffer)
    write_atomic(path, buffer.getvalue())
