"""Render page 1 of sample packets to PNG for docs/screenshots (run by hand).

    python -m tests.export.make_screenshots docs/screenshots

Labels come from the app's catalogs (drafts until reviewed); the notes are
test data.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from app.export.packet import render_packet
from tests.export.samples import ARABIC_NOTE, FARSI_NOTE, HINDI_NOTE, NOTE_MARK, THAI_NOTE, packet

NOTES = {"en": NOTE_MARK, "ar": ARABIC_NOTE, "fa": FARSI_NOTE, "hi": HINDI_NOTE, "th": THAI_NOTE}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for lang, note in NOTES.items():
            pdf = Path(folder) / f"{lang}.pdf"
            pdf.write_bytes(render_packet(packet(lang, note=note)))
            prefix = out / f"packet-{lang}"
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
                check=True,
            )
            print(prefix.with_suffix(".png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
