"""One base error and a few specific ones; messages say what to do next."""


class ConflictwatchError(Exception):
    """Base of every error the project raises on purpose; the CLI prints it on one line."""


class InputError(ConflictwatchError):
    """An input cannot be read at all (missing path, bad flag value)."""


class StoreError(ConflictwatchError):
    """The database cannot be opened or written."""


class FetchError(ConflictwatchError):
    """A URL could not be fetched (status, timeout, size, content type)."""
