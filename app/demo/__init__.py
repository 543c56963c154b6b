"""Synthetic demo data: a demo vault for newcomers, and the throwaway vault of `--demo`.

Public API:
- `throwaway_vault()`: context manager yielding a DemoVault (`.path`, `.user`,
  `.password`) in a private temporary folder, deleted when the block ends.
- `build_demo_vault(folder, cases=..., interviewer_lang=..., password=...)`:
  the same in a folder of the caller's choice (`waystation demo --out DIR`).
- `fill_vault(vault, cases=...)`: add scripted screenings to an open vault.
"""

from app.demo.builder import (
    DEFAULT_CASES,
    DEMO_USER,
    DemoSummary,
    DemoVault,
    build_demo_vault,
    demo_password,
    fill_vault,
)
from app.demo.throwaway import throwaway_vault

__all__ = [
    "DEFAULT_CASES",
    "DEMO_USER",
    "DemoSummary",
    "DemoVault",
    "build_demo_vault",
    "demo_password",
    "fill_vault",
    "throwaway_vault",
]
