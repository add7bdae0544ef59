"""Ashby public job posting API: one request lists the board.

GET {base}/posting-api/job-board/{board}?includeCompensation=false -> {"jobs": [...]}
Unlisted jobs (`isListed: false`) are skipped: the board does not show them either.
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
    data = get_jobs(client, url, params={"includeCompensation": "false"})
    board = Board.start(KIND, token, role_hint)
    for job in data["jobs"]:
        if isinstance(job, dict) and job.get("isListed") is False:
            continue
        if not isinstance(job, dict):
            yield board.not_an_object(job)
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
        yield board.posting(job, fields, fields["external_id"])
