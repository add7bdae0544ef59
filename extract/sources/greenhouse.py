"""Greenhouse job board API: one request lists every job with its content.

GET {base}/v1/boards/{board_token}/jobs?content=true -> {"jobs": [...], "meta": {"total": N}}
`content` is HTML that is itself HTML-escaped (&lt;p&gt;...), so it is unescaped twice over.
"""

from __future__ import annotations

from collections.abc import Iterator

from credfloor.extract.http import PoliteClient
from credfloor.extract.sources.base import (
    Board,
    Record,
    get_jobs,
    plain,
    scalar,
    text_or_none,
)

KIND = "greenhouse"
DEFAULT_BASE_URL = "https://boards-api.greenhouse.io"
NEEDS = "board token: the name in boards.greenhouse.io/<token> or job-boards.greenhouse.io/<token>"


def fetch(
    client: PoliteClient,
    token: str,
    *,
    base_url: str | None = None,
    role_hint: str | None = None,
    max_pages: int | None = None,
) -> Iterator[Record]:
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/v1/boards/{token}/jobs"
    data = get_jobs(client, url, params={"content": "true"})
    board = Board.start(KIND, token, role_hint)
    for job in data["jobs"]:
        if not isinstance(job, dict):
            yield board.not_an_object(job)
            continue
        location = job.get("location")
        fields = {
            "external_id": scalar(job.get("id")),
            "title": scalar(job.get("title")),
            "description": plain(job.get("content"), escaped=True),
            "company": text_or_none(job.get("company_name")) or token,
            "location": text_or_none(location.get("name")) if isinstance(location, dict) else None,
            "url": text_or_none(job.get("absolute_url")),
            "posted_at": text_or_none(job.get("first_published") or job.get("updated_at")),
        }
        yield board.posting(job, fields, text_or_none(job.get("id")))
