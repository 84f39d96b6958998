"""The one family of errors a person can cause or fix, and the one kind of "stopped on purpose".

Every layer raises a subclass of :class:`UserError` for a problem the person at the computer
can act on: a damaged or locked database file (``storage.errors``), an unreadable spreadsheet
(``storage.tabular``), a record that breaks a rule (``services.registers``), an inspection rule
(``domain.inspections``), a bad template, a print problem, a photo that is not a picture, a sync
refusal, a missing keyring, a county refusal. ``str(err)`` is its Chinese message, shown as is;
``hint`` says what to do when the message itself does not.

The edges check this one class and nothing else:

- the GUI's ``app.ErrorPresenter``: a plain warning (``OSError`` gets its file-problem text,
  anything else is a bug and opens a crash report);
- the command line (``__main__``): message and hint on stderr, exit 1; anything else writes a
  crash report and exits 3;
- the county server (``wuye_county.app``): a 4xx whose ``detail`` is the message; anything else
  is a logged 500.

A :class:`Cancelled` is neither: the person stopped the work, nothing is reported.

This module is pure Python (it sits in ``domain`` so every layer, the county server included,
can import it).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the person can act on: ``message`` says what happened, ``hint`` what to do.

    Subclasses keep their own constructors (a path, a status, a list of issues…) and pass the
    finished Chinese message up. ``hint`` is a class default a subclass may set, or a keyword
    for one raise; it is shown after the message (GUI, CLI, county ``detail``).
    """

    #: what to do, when the message does not already say it
    hint: str = ""

    def __init__(self, message: str = "", *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return self.message

    def with_hint(self) -> str:
        """The message and, on its own line, what to do: the text every edge shows."""
        if self.hint and self.hint not in self.message:
            return f"{self.message}\n{self.hint}"
        return self.message


class Cancelled(Exception):
    """The person stopped the work on purpose; nothing was written, and nothing is reported."""

