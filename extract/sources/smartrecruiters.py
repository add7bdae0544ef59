"""SmartRecruiters posting API: a paged list, then one detail request per posting for its text.

GET {base}/v1/companies/{company}/postings?offset=0&limit=100
    -> {"offset": 0, "limit": 100, "totalFound": N, "content": [...]}
GET {base}/v1/companies/{company}/postings/{id} -> {..., "jobAd": {"sections": {...}}}
Detail responses are conditional requests too, so an unchanged posting costs a 304.
A detail that fails is reported (a SourceError naming the posting) and the rest go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from credfloor.extract.http import PoliteClient
from credfloor.extract.records import Rejected, SourceError
from credfloor.extract.sources.base import (
    Board,
    Record,
    SourceFailure,
    get_json,
    join_text,
    plain,
    scalar,
    text_or_none,
)

KIND = "smartrecruiters"
DEFAULT_BASE_URL = "https://api.smartrecruiters.com"
NEEDS = "company identifier: the name in jobs.smartrecruiters.com/<company>"
PAGE_SIZE = 100
CHECK_PAGE_SIZE = 10  # `sources check` reads one short page (each posting costs a request)
SECTIONS = ("jobDescription", "qualifications", "additionalInformation")


def _location(loc: object) -> str | None:
    if not isinstance(loc, dict):
        return None
    full = text_or_none(loc.get("fullLocation"))
    if full:
        return full
    parts = [text_or_none(loc.get(k)) for k in ("city", "region", "country")]
    text = ", ".join(p for p in parts if p)
    if loc.get("remote"):
        text = f"{text} (remote)" if text else "Remote"
    return text or None


def _text(detail: dict) -> str:
    ad = detail.get("jobAd") if isinstance(detail.get("jobAd"), dict) else {}
    sections = ad.get("sections") if isinstance(ad.get("sections"), dict) else {}
    parts = []
    for key in SECTIONS:
        sec = sections.get(key)
        if isinstance(sec, dict):
            parts.append(join_text(text_or_none(sec.get("title")), plain(sec.get("text"))))
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
    url = f"{base}/v1/companies/{token}/postings"
    board = Board.start(KIND, token, role_hint)
    size = PAGE_SIZE if max_pages is None else CHECK_PAGE_SIZE
    offset, pages, seen = 0, 0, set()
    while max_pages is None or pages < max_pages:
        data, got = get_json(client, url, params={"offset": offset, "limit": size})
        pages += 1
        if not isinstance(data, dict) or not isinstance(data.get("content"), list):
            raise SourceFailure(f"expected an object with a 'content' list ({got.url})")
        ids = {text_or_none(e.get("id")) for e in data["content"] if isinstance(e, dict)}
        # A server that ignores `offset` would loop forever; so would one that keeps sending
        # pages of entries with no id (no JSON object at all, say) and no usable totalFound.
        if pages > 1 and data["content"] and ids <= seen:
            why = "repeats earlier postings" if ids else "has no posting ids"
            yield SourceError(board.source, f"page at offset={offset} {why}; stopped")
            break
        seen |= ids
        for entry in data["content"]:
            if not isinstance(entry, dict):
                yield board.not_an_object(entry)
                continue
            job_id = text_or_none(entry.get("id"))
            if job_id is None:  # no id, no detail request, no text
                raw = json.dumps(entry, ensure_ascii=False, default=str)[:2000]
                reason = "posting has no usable id (needed to fetch its text)"
                yield Rejected(board.ref(job_id), reason, raw)
                continue
            try:
                detail, _ = get_json(client, f"{url}/{job_id}")
            except SourceFailure as exc:
                yield SourceError(board.source, f"posting {job_id}: {exc}")
                continue
            detail = detail if isinstance(detail, dict) else {}
            company = entry.get("company") if isinstance(entry.get("company"), dict) else {}
            fields = {
                "external_id": job_id,
                "title": scalar(entry.get("name") or detail.get("name")),
                "description": _text(detail),
                "company": text_or_none(company.get("name")) or token,
                "location": _location(entry.get("location")),
                "url": text_or_none(detail.get("postingUrl"))
                or f"https://jobs.smartrecruiters.com/{token}/{job_id}",
                "posted_at": text_or_none(entry.get("releasedDate")),
            }
            yield board.posting({**entry, **detail}, fields, job_id)
        total = data.get("totalFound")
        offset += size
        if not data["content"] or (isinstance(total, int) and offset >= total):
            break
