"""Ashby public job posting API: one request lists the board.

GET {base}/posting-api/job-board/{board}?includeCompensation=false -> {"jobs": [...]}
Unlisted jobs (`isListed: false`) are skipped: the board does not show them either.
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

KIND = "ashby"
DEFAULT_BASE_URL = "https://api.ashbyhq.com"
NEEDS = "job board name: the name in jobs.ashbyhq.com/<board>"


def _location(job: dict) -> str | None:
    names = [text_or_none(job.get("location"))]
    extras = job.get("secondaryLocations")
    for extra in extras if isinstance(extras, list) else []:
        if isinstance(extra, dict):
            names.append(text_or_none(extra.get("location")))
    names = [n for n in names if n]
    return "; ".join(dict.fromkeys(names)) or None


def fetch(
    client: PoliteClient,
    token: str,
    *,
    base_url: str | None = None,
    role_hint: str | None = None,
    max_pages: int | None = None,
) -> Iterator[Record]:
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/posting-api/job-board/{token}"
    data, got = get_json(client, url, params={"includeCompensation": "false"})
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise SourceFailure(f"expected an object with a 'jobs' list ({got.url})")
    source, fetched_at = f"{KIND}:{token}", now_iso()
    for job in data["jobs"]:
        if isinstance(job, dict) and job.get("isListed") is False:
            continue
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
        fields = {
            "external_id": scalar(job.get("id")),
            "title": scalar(job.get("title")),
            "description": plain(job.get("descriptionHtml"))
            or text_or_none(job.get("descriptionPlain")),
            "company": token,
            "location": _location(job),
            "url": text_or_none(job.get("jobUrl")),
            "posted_at": text_or_none(job.get("publishedAt")),
        }
        yield make_posting(
            job,
            fields,
            source=source,
            ref=f"{source}#{fields['external_id']}",
            role_hint=role_hint,
            fetched_at=fetched_at,
        )
