"""Errors a kn command ends with, printed the way kn prints them.

kn prints every failure as ``Error: <message>`` on stderr, followed (for anything but a
plugin's own failure) by ``Run '<command> --help' for usage``, where the command is the first
quoted ``'kn ...'`` found in the message, else ``kn``; the exit code is 1. knlite adds two
things kn does not have: a "Did you mean this?" block for unknown flags and sub-commands
(cobra has it only for top-level commands) and a hint line for errors the user can act on
(the daemon is not running, the token is rejected).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class KnError(Exception):
    """A failure to report as ``Error: ...``."""

    def __init__(self, message: str, suggestion: list[str] | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = list(suggestion or [])
        self.hint = hint


class ApiError(KnError):
    """A Kubernetes ``Status`` error from the API (client-go's StatusError)."""

    def __init__(self, code: int, reason: str, message: str, status: dict[str, Any] | None = None,
                 hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.code = code
        self.reason = reason
        self.status = status or {}

    @property
    def not_found(self) -> bool:
        return self.code == 404

    @property
    def conflict(self) -> bool:
        return self.code == 409 and self.reason == "Conflict"

    @property
    def already_exists(self) -> bool:
        return self.code == 409 and self.reason == "AlreadyExists"


_CMD_IN_MESSAGE = re.compile(r"'(kn\s.+?)'")


def suggestion_block(names: list[str]) -> str:
    """cobra's ``\\n\\nDid you mean this?\\n\\t<name>\\n`` block."""
    if not names:
        return ""
    return "\n\nDid you mean this?\n" + "".join(f"\t{n}\n" for n in names)


def format_error(err: KnError) -> str:
    """The text kn writes to stderr for ``err``."""
    message = re.sub(r"(?i)^error:\s*", "", err.message) + suggestion_block(err.suggestion)
    m = _CMD_IN_MESSAGE.search(message)
    command = m.group(1) if m else "kn"
    text = f"Error: {message}\n"
    if err.hint:
        text += err.hint.rstrip("\n") + "\n"
    return text + f"Run '{command} --help' for usage\n"
