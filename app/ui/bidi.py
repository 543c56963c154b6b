"""Unicode isolates that keep mixed right-to-left and left-to-right text in place.

An Arabic option with a key hint, "[1]" after "8 hours or less" in an Arabic
paragraph, or an English section name inside a Farsi sentence are reordered
by the bidirectional algorithm unless each embedded piece is isolated
(Unicode 6.3 isolates: FSI/LRI/RLI ... PDI). Qt lays isolates out and draws
nothing for them. A paragraph whose first strong letter belongs to embedded
text also takes that text's direction; `in_direction` starts it with a mark
of the intended direction.
"""

from __future__ import annotations

from app.i18n import current_language, is_rtl

LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
FSI = "\u2068"  # first-strong isolate: direction from the text itself
PDI = "\u2069"  # pop directional isolate
LRM = "\u200e"
RLM = "\u200f"
MARKS = (LRI, RLI, FSI, PDI, LRM, RLM)


def isolate(text: object) -> str:
    """`text` in its own direction (from its first strong letter), kept as one piece."""
    shown = str(text)
    return f"{FSI}{shown}{PDI}" if shown else ""


def ltr(text: object) -> str:
    """`text` laid out left to right as one piece: key hints, numbers, references, paths."""
    shown = str(text)
    return f"{LRI}{shown}{PDI}" if shown else ""


def in_lang(text: object, lang: str) -> str:
    """`text` isolated in the direction of language `lang`."""
    shown = str(text)
    if not shown:
        return ""
    return f"{RLI if is_rtl(lang) else LRI}{shown}{PDI}"


def in_direction(text: str, lang: str | None = None) -> str:
    """A paragraph that reads in `lang`'s direction (default: the UI's) whatever it starts with."""
    return (RLM if is_rtl(lang or current_language()) else LRM) + text


def key_hint(key: str) -> str:
    """A key name in brackets, e.g. "[Y]", that stays at the end of any script's text."""
    return ltr(f"[{key}]") if key else ""


def plain(text: str) -> str:
    """`text` without the marks and isolates added here (for comparisons and tests)."""
    for mark in MARKS:
        text = text.replace(mark, "")
    return text
