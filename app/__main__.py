"""Entry point of the `waystation` command and of `python -m app`."""

from __future__ import annotations

import sys

from app.platform_safety import harden_process


def main() -> int:
    """Harden the process, then run the command line or the desktop app."""
    harden_process()
    from app.cli.main import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
