"""The web sources by kind. Each module has KIND, DEFAULT_BASE_URL, NEEDS and fetch()."""

from __future__ import annotations

from credfloor.extract.sources import (
    ashby,
    greenhouse,
    jsonld,
    lever,
    smartrecruiters,
    workable,
)

SOURCES = {m.KIND: m for m in (greenhouse, lever, ashby, smartrecruiters, workable, jsonld)}
