"""The county server's refusals: user errors that carry the HTTP status to answer with.

Any :class:`~wuye_desktop.domain.errors.UserError` raised while serving a request becomes a 4xx
whose ``detail`` is its Chinese message (400 unless it is a :class:`Refusal` with its own
status); anything else is a bug, logged and answered with a plain 500 (``app.py``).
"""

from __future__ import annotations

from wuye_desktop.domain.errors import UserError


class Refusal(UserError):
    """A request the server refuses, with the 4xx ``status`` to send and a Chinese message."""

    #: the HTTP status of the answer (a 4xx)
    status: int = 400

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        if status is not None:
            if not 400 <= status < 500:
                raise ValueError(f"a refusal is a 4xx, not {status}")
            self.status = status
