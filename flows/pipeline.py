"""Plain, Prefect-free steps of a refresh: read -> identify -> extract -> rows for the warehouse.

The Prefect flow in refresh.py composes these; tests can call them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from credfloor.extract.http import PoliteClient
from credfloor.extract.records import Posting, Rejected, SourceError
from credfloor.extract.samples import sample_postings_path
from credfloor.extract.sources.base import fetch_source
from credfloor.extract.sources.config import load_sources
from credfloor.extract.sources.files import read_path
from credfloor.normalize.dedup import fingerprint
from credfloor.normalize.extractor import Extractor, load_extractor
from credfloor.normalize.locations import load_places, locate_posting
from credfloor.normalize.roles import (
    Role,
    role_for_title,
    role_from_name,
    role_table,
    seniority_for_title,
)
from credfloor.warehouse.store import PostingRow


@dataclass
class RunCounts:
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    duplicates: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0
    roles: int = 0
    floors: int = 0
    role_ids: set[str] = field(default_factory=set, repr=False)

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if k != "role_ids"}
        d["roles"] = len(self.role_ids) if self.role_ids else self.roles
        return d


def default_inputs() -> list[Path]:
    return [sample_postings_path()]


def read_inputs(
    paths: Iterable[Path],
    role: str | None = None,
    columns: Mapping[str, str] | None = None,
    sources: Path | None = None,
    fetch_stats: dict | None = None,
) -> Iterator[Posting | Rejected | SourceError]:
    """Files first, then the web sources of a sources file. A SourceError is a report about a
    source (for the summary's `source_errors`), not a record: it is not counted as read."""
    for path in paths:
        yield from read_path(Path(path), role_hint=role, columns=columns)
    if sources is not None:
        yield from read_sources(Path(sources), role=role, fetch_stats=fetch_stats)


def read_sources(
    path: Path, role: str | None = None, fetch_stats: dict | None = None
) -> Iterator[Posting | Rejected | SourceError]:
    """Fetch every source of a sources file with one polite client, one source after another.
    A source's own `role` wins over `role`. `fetch_stats` receives the client's counters."""
    settings, specs = load_sources(path)
    with PoliteClient(settings) as client:
        try:
            for spec in specs:
                if role and not spec.role:
                    spec = replace(spec, role=role)
                yield from fetch_source(client, spec)
        finally:
            if fetch_stats is not None:
                fetch_stats.update(client.stats.as_dict())


class RunDeduper:
    """Within one run: the same id with the same content is a duplicate; with other content, a
    conflict that goes to quarantine (which version is right is not ours to guess)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}

    def check(self, posting: Posting) -> str | None:
        pid, chash = posting.posting_id, posting.content_hash
        if pid not in self._seen:
            self._seen[pid] = (chash, posting.input_ref)
            return None
        first_hash, first_ref = self._seen[pid]
        if first_hash == chash:
            return "duplicate"
        return f"id {posting.external_id!r} reused with different text (first seen at {first_ref})"


def assign_role(posting: Posting) -> Role | None:
    if posting.role_hint:
        return role_from_name(posting.role_hint)
    return role_for_title(posting.title)


def to_rows(
    postings: list[Posting], extractor: Extractor
) -> tuple[list[PostingRow], list[tuple], set, list[tuple]]:
    """Warehouse rows of a batch: postings, mentions, roles, and clustering fingerprints."""
    rows, mentions, roles, fingerprints = [], [], set(), []
    for p in postings:
        fp = fingerprint(p.text, p.title, p.company)
        fingerprints.append((p.posting_id, p.content_hash, *fp.fields()))
        role = assign_role(p)
        place = locate_posting(p.location, p.text)
        if role is not None:
            roles.add((role.id, role.name, role.soc_code))
        rows.append(
            PostingRow(
                posting_id=p.posting_id,
                source=p.source,
                external_id=p.external_id,
                url=p.url,
                title=p.title,
                company=p.company,
                location=p.location,
                posted_at=p.posted_at,
                valid_through=p.valid_through,
                fetched_at=p.fetched_at,
                content_hash=p.content_hash,
                text=p.text,
                lang=p.lang,
                role_id=role.id if role else None,
                seniority=seniority_for_title(p.title),
                cluster_id=p.posting_id,  # its own cluster until clustering says otherwise
                input_ref=p.input_ref,
                country=place.country,
                region=place.region,
            )
        )
        # extract() gives each country-bound credential the posting country's equivalent
        for m in extractor.extract(p.posting_id, p.text, place.country):
            mentions.append(
                (
                    m.posting_id,
                    m.credential_id,
                    m.type,
                    m.strength,
                    m.surface,
                    m.start,
                    m.end,
                    m.method,
                    m.score,
                    m.section,
                    m.candidate_key,
                )
            )
    return rows, mentions, roles, fingerprints


# A worker process of the refresh's extraction pool (flows/refresh.py) loads its own extractor
# once (from the compiled-catalog cache) and turns batches of postings into warehouse rows.
_worker_extractor: Extractor | None = None


def init_extract_worker() -> None:
    global _worker_extractor
    _worker_extractor = load_extractor()


def warm_extract_worker() -> None:
    """A worker's first task when its pool starts before the input is read (flows/refresh.py):
    load now what its first batch would."""
    if _worker_extractor is None:
        init_extract_worker()
    warm_up(_worker_extractor)


def warm_up(extractor: Extractor) -> None:
    """Load what extracting a first batch would otherwise load: spaCy (the recognizer imports
    it on first use), the role table and the place names."""
    extractor.recognizer.warm_up()
    role_table()
    load_places()


def extract_in_worker(
    postings: list[Posting],
) -> tuple[list[PostingRow], list[tuple], set, list[tuple]]:
    if _worker_extractor is None:  # a Dask worker has no initializer: load on first use
        init_extract_worker()
    return to_rows(postings, _worker_extractor)
