"""Plain functions behind `credfloor sources ...`: list, add, check (no Prefect, no database)."""

from __future__ import annotations

import os
from pathlib import Path

from credfloor.extract.http import PoliteClient
from credfloor.extract.records import Posting, Rejected, SourceError
from credfloor.extract.sources.base import SourceSpec, fetch_source
from credfloor.extract.sources.config import add_source, example_sources_path, load_sources
from credfloor.extract.sources.errors import SourcesFileError

SOURCES_ENV = "CREDFLOOR_SOURCES"


def sources_file(path: Path | None) -> Path:
    """--file, else $CREDFLOOR_SOURCES, else ./sources.yaml."""
    return Path(path or os.environ.get(SOURCES_ENV) or "sources.yaml")


def list_sources(path: Path) -> list[SourceSpec]:
    if not path.exists():
        raise SourcesFileError(
            f"{path}: no such sources file; `credfloor sources add KIND TOKEN` creates one "
            f"(an example: {example_sources_path()})"
        )
    return load_sources(path)[1]


def add(path: Path, kind: str, token: str, role: str | None, base_url: str | None) -> SourceSpec:
    spec = SourceSpec(kind=kind, token=token, role=role or None, base_url=base_url or None)
    add_source(path, spec)
    return spec


def check_sources(path: Path, client: PoliteClient | None = None) -> tuple[list[dict], dict]:
    """Fetch the first page of every source; count what it gives; load nothing.

    Returns one row per source (kind, token, status, postings, rejected, error) and the
    client's request counters."""
    list_sources(path)  # a missing file gets the helpful message
    settings, specs = load_sources(path)
    own = client is None
    client = client or PoliteClient(settings)
    rows = []
    try:
        for spec in specs:
            postings = rejected = 0
            errors: list[str] = []
            for item in fetch_source(client, spec, max_pages=1):
                if isinstance(item, Posting):
                    postings += 1
                elif isinstance(item, Rejected):
                    rejected += 1
                elif isinstance(item, SourceError):
                    errors.append(item.reason)
            status = "ok" if not errors else ("partial" if postings else "failed")
            rows.append(
                {
                    "kind": spec.kind,
                    "token": spec.token,
                    "status": status,
                    "postings": postings,
                    "rejected": rejected,
                    "error": "; ".join(errors),
                }
            )
    finally:
        if own:
            client.close()
    return rows, client.stats.as_dict()
