"""Render page 1 of sample packets to PNG for docs/screenshots (run by hand): one per
script, and a child's packet under the child-protection duty in English and Arabic.

    python -m tests.export.make_screenshots docs/screenshots

Labels come from the app's catalogs (drafts until reviewed); the notes are
test data.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from app.domain.child_protection import DUTY_SECTIONS
from app.domain.person import PersonProfile
from app.export.content import Consent
from app.export.packet import render_packet
from tests.export.samples import ARABIC_NOTE, FARSI_NOTE, HINDI_NOTE, NOTE_MARK, THAI_NOTE, packet

NOTES = {"en": NOTE_MARK, "ar": ARABIC_NOTE, "fa": FARSI_NOTE, "hi": HINDI_NOTE, "th": THAI_NOTE}


def duty_packet(lang: str):
    """A child who did not agree to be referred, referred to child protection under the duty."""
    sample = packet(lang)
    child = PersonProfile(
        age_band="13-15",
        age_uncertain=True,
        languages=("ar",),
        preferred_language="ar",
        interpreter_language="ar",
        place_kind="reception",
        contact_way="through_worker",
    )
    return packet(
        lang,
        sections=DUTY_SECTIONS,
        consent=Consent(sample.consent.at, "child", "alone_or_separated"),
        child=True,
        person=child,
        needs=("child_protection", "safe_housing"),
        other_need="",
        recipient=sample.recipient.__class__("Harbour Child Protection Team", "child_protection"),
    )


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    samples = {f"packet-{lang}": packet(lang, note=note) for lang, note in NOTES.items()}
    samples.update({f"packet-duty-{lang}": duty_packet(lang) for lang in ("en", "ar")})
    with tempfile.TemporaryDirectory() as folder:
        for name, content in samples.items():
            pdf = Path(folder) / f"{name}.pdf"
            pdf.write_bytes(render_packet(content))
            prefix = out / name
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix],
                check=True,
            )
            print(prefix.with_suffix(".png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
