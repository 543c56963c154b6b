"""Errors the user can act on. Their messages are translated and shown as they are.

Every error the core raises for bad input, a wrong password or damaged data is
one of these; the CLI maps them to exit codes and the UI to a message box, and
neither shows a traceback for them.
"""

from __future__ import annotations


class WaystationError(Exception):
    """Base of all user-facing errors; ``str(error)`` is the message to show."""

    exit_code = 1


class UsageError(WaystationError):
    """The command or input was malformed (exit code 2)."""

    exit_code = 2


class NotFound(WaystationError):
    """A record, file or form that was asked for does not exist."""

    exit_code = 1


class AccessDenied(WaystationError):
    """The acting user's role does not allow this (exit code 3)."""

    exit_code = 3


class WrongPassword(WaystationError):
    """The user name or password does not unlock the vault (exit code 3)."""

    exit_code = 3


class VaultError(WaystationError):
    """The vault cannot be used: missing, not SQLCipher, damaged or altered."""

    exit_code = 1


class FormError(WaystationError):
    """A questionnaire could not be loaded; ``problems`` lists each problem."""

    exit_code = 1

    def __init__(self, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class SyncError(WaystationError):
    """Sending to the ODK Central server, or reading a bundle, did not work; nothing was lost."""

    exit_code = 1


class ConsentRequired(UsageError):
    """A screening has no consent to screen recorded: nothing is asked or saved (exit code 2).

    The desktop shows the consent step when it meets this on resume.
    """
