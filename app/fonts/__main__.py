"""``python -m app.fonts build``: write the static font instances (a build step)."""

from __future__ import annotations

import argparse
import sys
import time

from app.fonts import SCRIPTS, generated_dir, source_font, static_file_name
from app.fonts.instancing import STYLES, instantiate


def build(force: bool = False) -> int:
    """Write every script's Regular and Bold instance into the generated folder."""
    out = generated_dir()
    out.mkdir(parents=True, exist_ok=True)
    done: set[str] = set()
    for script in SCRIPTS:
        for style in STYLES:
            name = static_file_name(script, style)
            target = out / name
            if name in done or (target.exists() and not force):
                continue
            started = time.perf_counter()
            data = instantiate(source_font(script), style)
            partial = target.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(target)
            done.add(name)
            print(f"{name}: {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line of the font build step."""
    parser = argparse.ArgumentParser(prog="python -m app.fonts")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--force", action="store_true", help="rebuild existing instances")
    args = parser.parse_args(argv)
    return build(force=args.force)


if __name__ == "__main__":
    sys.exit(main())
