"""The throwaway demo vault behind `waystation --demo`: made in a private folder, gone on exit.

This is the one place the app makes a temporary folder. It is 0700 and holds
only synthetic data, and it is removed when the context ends, even after an
error.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.demo.builder import DEFAULT_CASES, DemoVault, build_demo_vault
from app.storage.keyfile import DEFAULT_KDF, KdfParams


@contextmanager
def throwaway_vault(
    *,
    cases: int = DEFAULT_CASES,
    interviewer_lang: str = "en",
    kdf: KdfParams = DEFAULT_KDF,
    parent: Path | str | None = None,
) -> Iterator[DemoVault]:
    """A filled demo vault that is deleted when the block ends.

    Yields a DemoVault: `.path` (the vault folder), `.user` ("demo") and
    `.password` (random, made for this run). `parent` (tests only) says where
    the private temporary folder goes; `kdf` is for tests only.
    """
    folder = Path(tempfile.mkdtemp(prefix="waystation-demo-", dir=parent))
    try:
        folder.chmod(0o700)
        # Packets too, so the demo's cases have referrals to follow up; they go with the folder.
        packets = folder / "packets"
        packets.mkdir(mode=0o700)
        yield build_demo_vault(
            folder / "vault",
            cases=cases,
            interviewer_lang=interviewer_lang,
            kdf=kdf,
            packets_into=packets,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
