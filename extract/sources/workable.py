"""Workable widget API: one request lists an account's published jobs with descriptions.

GET {base}/api/v1/widget/accounts/{account}?details=true -> {"name": ..., "jobs": [...]}
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

KIND = "workable"
DEFAULT_BASE_URL = "https://apply.workable.com"
NEEDS = "account subdomain: the name in apply.workable.com/<account>"


def _location(job: dict) -> str | None:
    parts = [text_or_none(job.get(k)) for k in ("city", "state", "country")]
    text = ", ".join(p for p in parts if p)
    if job.get("telecommuting"):
        text = f"{text} (remote)" if text else "Remote"
    return text or None


def fetch(
    client: PoliteClient,
    token: str,
    *,
    base_url: str | None = None,
    role_hint: str | None = None,
    max_pages: int | None = None,
) -> Iterator[Record]:
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/api/v1/widget/accounts/{token}"
    data = get_jobs(client, url, params={"details": "true"})
    board = Board.start(KIND, token, role_hint)
    company = text_or_none(data.get("name")) or token
    for job in data["jobs"]:
        if not isinstance(job, dict):
            yield board.not_an_object(job)
            continue
        job_id = text_or_none(job.get("shortcode")) or text_or_none(job.get("url"))
        fields = {
            "external_id": job_id,
            "title": scalar(job.get("title")),
            "description": plain(job.get("description")),
            "company": company,
            "location": _location(job),
            "url": text_or_none(job.get("url")) or text_or_none(job.get("shortlink")),
            "posted_at": text_or_none(job.get("published_on") or job.get("created_at")),
        }
        yield board.posting(job, fields, job_id)
