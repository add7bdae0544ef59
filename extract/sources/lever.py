"""Lever postings API, paged with skip/limit.

GET {base}/v0/postings/{site}?mode=json&skip=0&limit=100 -> [posting, ...]
The text is `description` + each of `lists` (a heading and <li> items) + `additional`.
"""

from __future__ import annotations

from collections.abc import Iterator

from credfloor.extract.http import PoliteClient
from credfloor.extract.records import SourceError
from credfloor.extract.sources.base import (
    Board,
    Record,
    SourceFailure,
    get_json,
    iso_from_millis,
    join_text,
    plain,
    scalar,
    text_or_none,
)

KIND = "lever"
DEFAULT_BASE_URL = "https://api.lever.co"
NEEDS = "site name: the name in jobs.lever.co/<site> (EU boards: base_url https://api.eu.lever.co)"
PAGE_SIZE = 100


def _text(p: dict) -> str:
    parts = [plain(p.get("description")) or text_or_none(p.get("descriptionPlain"))]
    lists = p.get("lists")
    for section in lists if isinstance(lists, list) else []:
        if isinstance(section, dict):
            parts.append(
                join_text(text_or_none(section.get("text")), plain(section.get("content")))
            )
    parts.append(plain(p.get("additional")) or text_or_none(p.get("additionalPlain")))
    return join_text(*parts)


def fetch(
    client: PoliteClient,
    token: str,
    *,
    base_url: str | None = None,
    role_hint: str | None = None,
    max_pages: int | None = None,
) -> Iterator[Record]:
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/v0/postings/{token}"
    board = Board.start(KIND, token, role_hint)
    skip, pages, seen = 0, 0, set()
    while max_pages is None or pages < max_pages:
        data, got = get_json(client, url, params={"mode": "json", "skip": skip, "limit": PAGE_SIZE})
        pages += 1
        if not isinstance(data, list):
            raise SourceFailure(f"expected a JSON list of postings ({got.url})")
        ids = {text_or_none(p.get("id")) for p in data if isinstance(p, dict)}
        # A server that ignores `skip` would loop forever; so would one that keeps sending
        # pages of entries with no id (no JSON object at all, say).
        if pages > 1 and data and ids <= seen:
            why = "repeats earlier postings" if ids else "has no posting ids"
            yield SourceError(board.source, f"page at skip={skip} {why}; stopped")
            break
        seen |= ids
        for p in data:
            if not isinstance(p, dict):
                yield board.not_an_object(p)
                continue
            cats = p.get("categories") if isinstance(p.get("categories"), dict) else {}
            fields = {
                "external_id": scalar(p.get("id")),
                "title": scalar(p.get("text")),
                "description": _text(p),
                "company": token,
                "location": text_or_none(cats.get("location")),
                "url": text_or_none(p.get("hostedUrl")),
                "posted_at": iso_from_millis(p.get("createdAt")),
            }
            yield board.posting(p, fields, fields["external_id"])
        if len(data) < PAGE_SIZE:
            break
        skip += PAGE_SIZE
