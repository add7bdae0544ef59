"""Licences follow their jurisdiction: the posting's country decides between equivalents.

"Registered Nurse" is an alias of the US RN licence, but on a UK advert it means NMC
registration; "licensed pharmacist" in the US is the state licence, in GB the GPhC registration.
An equivalence group (catalog/groups/*.yaml) whose members carry a `jurisdiction` says which
member each country uses: a mention of a member whose jurisdiction is another country's becomes
the member of the posting's country, when the group has one. Unknown country: unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from credfloor.normalize.catalog import Catalog

T = TypeVar("T")  # a dataclass with a credential_id: a Mention, or a matcher Hit

_TABLES: dict[tuple[int, str], dict[tuple[str, str], str]] = {}


def equivalents(catalog: Catalog) -> dict[tuple[str, str], str]:
    """(credential id, posting country) -> the group member for that country."""
    cache_key = (id(catalog), catalog.version)
    if cache_key not in _TABLES:
        _TABLES.clear()
        _TABLES[cache_key] = _build(catalog)
    return _TABLES[cache_key]


def _build(catalog: Catalog) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for group in catalog.groups:
        members = [catalog[m] for m in group.members if m in catalog.credentials]
        for m in members:
            if not m.country:
                continue
            for other in members:
                if other.country and other.country != m.country:
                    out.setdefault((m.id, other.country), other.id)
    return out


def for_country(mentions: list[T], country: str | None, catalog: Catalog) -> list[T]:
    """The mentions with each jurisdiction-bound credential swapped for the posting country's
    (`country`: an ISO code). Extractor.extract does this itself (precision rules)."""
    if not country:
        return mentions
    table = equivalents(catalog)
    if not table:
        return mentions
    return [
        replace(m, credential_id=table[(m.credential_id, country)])
        if (m.credential_id, country) in table
        else m
        for m in mentions
    ]
