"""Which characters an account name may hold: what a worker can type after `--user`.

Letters and digits of any script (with their combining marks, so Arabic,
Devanagari or Thai names work), and the marks . _ - @ inside a name. No
spaces, quotes, slashes or shell characters such as < > ; that the command
line would split or change, and no leading dash that reads as an option.
"""

from __future__ import annotations

import unicodedata

from app.i18n import _

PUNCTUATION = "._-@"


def _allowed(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M") or char in PUNCTUATION


def account_name_problem(name: str) -> str | None:
    """Why `name` (already trimmed) cannot name a new account, translated; None if it can."""
    for char in name:
        if not _allowed(char):
            shown = _("a space") if char.isspace() else f"“{char}”"
            return _(
                "an account name may hold letters, digits and {marks} only, not {char}"
            ).format(marks=" ".join(PUNCTUATION), char=shown)
    if name and not name[0].isalnum():
        return _("an account name starts with a letter or a digit")
    return None
