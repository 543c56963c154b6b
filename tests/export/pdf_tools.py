"""Reading PDFs back in tests: text with pdftotext and pypdf, word boxes with pdftotext -bbox."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pypdf


@dataclass(frozen=True)
class Word:
    """A word pdftotext found, with its box in points (origin top left)."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def pdftotext(data: bytes, tmp_path: Path, *args: str) -> str:
    """The text poppler extracts from a PDF."""
    path = tmp_path / "extract.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def pypdf_text(data: bytes, password: str | None = None) -> str:
    """The text pypdf extracts from every page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def words(data: bytes, tmp_path: Path) -> list[Word]:
    """Every word with its bounding box, from `pdftotext -bbox`."""
    html = pdftotext(data, tmp_path, "-bbox")
    return [
        Word(unescape(m.group(5)), *(float(m.group(i)) for i in range(1, 5)))
        for m in _WORD.finditer(html)
    ]


def lines_of(found: list[Word], tolerance: float = 2.0) -> list[list[Word]]:
    """Words grouped into lines by their vertical position, top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(found, key=lambda w: w.y_max):
        if lines and abs(lines[-1][0].y_max - word.y_max) <= tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def joined_words(found: list[Word], gap: float = 0.5) -> list[list[Word]]:
    """Lines of words, fragments that touch joined into one word.

    Poppler splits a word's box where a zero-width glyph (an Arabic letter's
    dots) carries no text of its own, though its plain text has no gap.
    Joined text is in visual (left to right) order.
    """
    result = []
    for line in lines_of(found):
        merged: list[Word] = []
        for word in sorted(line, key=lambda w: w.x_min):
            if merged and word.x_min - merged[-1].x_max <= gap:
                last = merged[-1]
                merged[-1] = Word(
                    last.text + word.text,
                    last.x_min,
                    min(last.y_min, word.y_min),
                    word.x_max,
                    max(last.y_max, word.y_max),
                )
            else:
                merged.append(word)
        result.append(merged)
    return result


def logical(visual_text: str) -> str:
    """A word as read: `pdftotext -bbox` gives right-to-left words in display order."""
    rtl = any("\u0590" <= char <= "\u08ff" for char in visual_text)
    return visual_text[::-1] if rtl else visual_text
