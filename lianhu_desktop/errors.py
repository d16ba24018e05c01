"""Errors a user can cause. Each carries a Chinese message fit to show as is.

The CLI maps them to exit codes (1 user mistake, 3 database problem); the GUI
shows ``str(error)`` in a dialog. Anything else is a bug and goes to the log.
"""


class LianhuError(Exception):
    """Base of every error a user can cause; ``str()`` is the Chinese message."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(LianhuError):
    """A value the user typed or imported is not acceptable."""


class NotFoundError(LianhuError):
    """Something the user named (a village, a member …) does not exist."""


class NotEmptyError(LianhuError):
    """An operation that needs an empty database met a filled one."""


class DatabaseProblem(LianhuError):
    """The database is missing, locked, corrupt or too new."""

    exit_code = 3


class Cancelled(LianhuError):
    """The user cancelled a long operation; everything it did was rolled back."""

    def __init__(self, message: str = "操作已取消，数据库未作任何改动", **kwargs):
        super().__init__(message, **kwargs)


class ValidationErrors(ValidationError):
    """Several refusals at once (every problem of one record); ``errors`` lists
    them, the message and field are the first one's."""

    def __init__(self, errors):
        errors = list(errors)
        super().__init__(errors[0].message, field=errors[0].field)
        self.errors = errors


class UsageError(LianhuError):
    """A command-line option that does not apply (exit 2, like argparse's own)."""

    exit_code = 2


class StaleRecord(LianhuError):
    """A record changed (or deleted) by someone else since it was loaded; nothing was written.

    ``changes`` lists (label, their value, the value loaded) as shown text;
    ``deleted`` says the record is gone, so there is nothing to load again.
    """

    def __init__(self, message: str, *, changes=(), deleted: bool = False):
        super().__init__(message)
        self.changes = list(changes)
        self.deleted = deleted
