"""`credfloor catalog suggest` over the warehouse: posting texts in, normalize/suggest.py out."""

from __future__ import annotations

from collections.abc import Iterator

from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.resolve import NameResolver
from credfloor.normalize.suggest import Suggestion, suggest_phrases
from credfloor.warehouse.store import Warehouse


def posting_texts(wh: Warehouse, batch: int = 5000) -> Iterator[str]:
    cur = wh.con.execute("SELECT text FROM postings")
    while rows := cur.fetchmany(batch):
        for (text,) in rows:
            yield text


def catalog_suggestions(wh: Warehouse, limit: int = 50) -> list[Suggestion]:
    resolver = NameResolver(load_catalog())
    return suggest_phrases(posting_texts(wh), resolver.resolve, limit=limit)
