"""The small typed records that flow between layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from credfloor.extract.identity import content_hash, posting_id


@dataclass(frozen=True)
class Posting:
    """One job ad as read from a source, before extraction."""

    source: str
    external_id: str
    title: str
    text: str
    company: str | None = None
    location: str | None = None
    url: str | None = None
    posted_at: str | None = None
    valid_through: str | None = None
    fetched_at: str | None = None
    lang: str | None = None
    input_ref: str = ""
    role_hint: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    # Computed once per posting (the text's hash is read by the run's deduper, the extraction
    # and the warehouse rows) and pickled along with it to a worker process.
    @cached_property
    def posting_id(self) -> str:
        return posting_id(self.source, self.external_id)

    @cached_property
    def content_hash(self) -> str:
        return content_hash(self.title, self.company, self.text)


@dataclass(frozen=True)
class Rejected:
    """An input record that could not become a Posting, and why. Goes to quarantine."""

    input_ref: str
    reason: str
    raw: str

    def __post_init__(self) -> None:
        # Quarantine stores these as UTF-8: a lone surrogate (half an escaped emoji) in the
        # raw text must not make the bad record fail to be recorded.
        for name in ("input_ref", "reason", "raw"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.isascii():
                clean = value.encode("utf-8", "replace").decode("utf-8")
                if clean != value:
                    object.__setattr__(self, name, clean)


@dataclass(frozen=True)
class SourceError:
    """A source (a job board, a page) that could not be read at all, or not to the end.

    Not a record of the input: it is reported in the refresh summary (`source_errors`), not
    quarantined, and it is not counted in `read`."""

    source: str
    reason: str
