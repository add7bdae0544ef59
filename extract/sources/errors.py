"""Errors of the web sources that the CLI reports as one line (kept import-light on purpose)."""


class SourcesFileError(ValueError):
    """A sources file that cannot be used, with the file and the entry at fault."""
