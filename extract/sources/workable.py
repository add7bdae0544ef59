"""Workable widget API: one request lists an account's published jobs with descriptions.

GET {base}/api/v1/widget/accounts/{account}?details=true -> {"name": ..., "jobs": [...]}
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
    data, got = get_json(client, url, params={"details": "true"})
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise SourceFailure(f"expected an object with a 'jobs' list ({got.url})")
    source, fetched_at = f"{KIND}:{token}", now_iso()
    company = text_or_none(data.get("name")) or token
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
        yield make_posting(
            job,
            fields,
            source=source,
            ref=f"{source}#{job_id}",
            role_hint=role_hint,
            fetched_at=fetched_at,
        )
