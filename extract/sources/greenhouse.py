"""Greenhouse job board API: one request lists every job with its content.

GET {base}/v1/boards/{board_token}/jobs?content=true -> {"jobs": [...], "meta": {"total": N}}
`content` is HTML that is itself HTML-escaped (&lt;p&gt;...), so it is unescaped twice over.
"""

from __future__ import annotations

from collections.abc import Iterator

from credfloor.extract.http import PoliteClient
from credfloor.extract.sources.base import (
    Record,
    SourceFailure,
    get_json,
    make_posting,
    now_iso,
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
    data, got = get_json(client, url, params={"content": "true"})
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise SourceFailure(f"expected an object with a 'jobs' list ({got.url})")
    source, fetched_at = f"{KIND}:{token}", now_iso()
    for job in data["jobs"]:
        if not isinstance(job, dict):
            yield make_posting(
                job,
                {},
                source=source,
                ref=f"{source}#?",
                role_hint=role_hint,
                fetched_at=fetched_at,
            )
            continue
        job_id = text_or_none(job.get("id"))
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
        yield make_posting(
            job,
            fields,
            source=source,
            ref=f"{source}#{job_id}",
            role_hint=role_hint,
            fetched_at=fetched_at,
        )
