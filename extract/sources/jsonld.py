"""Career pages that carry schema.org `JobPosting` as JSON-LD (https://schema.org/JobPosting).

The token is the page URL. The page is fetched only if robots.txt allows it. Every
`<script type="application/ld+json">` block is read (selectolax); postings are found at the top
level, in lists, in `@graph`, and in `ItemList`s. `description` is often HTML, sometimes
HTML-escaped HTML: both become plain text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from credfloor.extract.http import FetchError, PoliteClient
from credfloor.extract.records import Posting, Rejected
from credfloor.extract.sources.base import (
    Record,
    SourceFailure,
    make_posting,
    now_iso,
    plain,
    scalar,
    text_or_none,
)
from credfloor.extract.text import MarkupError, check_markup

KIND = "jsonld"
DEFAULT_BASE_URL = ""
NEEDS = "page URL: a career page whose HTML has a schema.org JobPosting JSON-LD block"
MAX_DEPTH = 8


def ld_blocks(page: str) -> list[str]:
    tree = LexborHTMLParser(page)
    out = []
    for node in tree.css("script"):
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        if kind == "application/ld+json":
            out.append(node.text(deep=True) or "")
    return out


def _is_job(node: dict) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting"
        for k in kinds
    )


def find_job_postings(data: object, depth: int = 0) -> Iterator[dict]:
    """JobPosting objects anywhere a page puts them: top level, lists, @graph, ItemList."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from find_job_postings(item, depth + 1)
    elif isinstance(data, dict):
        if _is_job(data):
            yield data
            return
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in data:
                yield from find_job_postings(data[key], depth + 1)


def _first(value: object) -> object:
    return value[0] if isinstance(value, list) and value else value


def _name(value: object) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return text_or_none(value.get("name")) or text_or_none(value.get("legalName"))
    return text_or_none(value)


def _place(place: object) -> str | None:
    if isinstance(place, str):
        return text_or_none(place)
    if not isinstance(place, dict):
        return None
    address = place.get("address", place)
    if isinstance(address, str):
        return text_or_none(address)
    if not isinstance(address, dict):
        return _name(place)
    parts = [
        text_or_none(address.get("addressLocality")),
        text_or_none(address.get("addressRegion")),
        _name(address.get("addressCountry")),
    ]
    return ", ".join(p for p in parts if p) or _name(place)


def _location(job: dict) -> str | None:
    places = job.get("jobLocation")
    places = places if isinstance(places, list) else [places]
    names = [n for n in (_place(p) for p in places) if n]
    remote = str(job.get("jobLocationType") or "").upper() == "TELECOMMUTE"
    if remote:
        # A remote job says where applicants may live: that is its market (issue 18).
        allowed = job.get("applicantLocationRequirements")
        allowed = allowed if isinstance(allowed, list) else [allowed]
        names += [f"Remote ({n})" for n in (_name(a) for a in allowed) if n] or ["Remote"]
    return "; ".join(dict.fromkeys(names)) or None


def _identifier(value: object) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return text_or_none(value.get("value")) or text_or_none(value.get("@id"))
    return text_or_none(value)


def _date(value: object) -> str | None:
    return text_or_none(_first(value))


def posting_fields(job: dict, page_url: str, index: int) -> dict:
    """Map one JobPosting object to our field names (plain text description)."""
    url = text_or_none(_first(job.get("url"))) or page_url
    external = _identifier(job.get("identifier"))
    if not external:
        external = url if index == 0 or url != page_url else f"{page_url}#{index}"
    return {
        "external_id": external,
        "title": scalar(job.get("title") or job.get("name")),
        "description": plain(job.get("description"), escaped=True),
        "company": _name(job.get("hiringOrganization")),
        "location": _location(job),
        "url": url,
        "posted_at": _date(job.get("datePosted")),
        "valid_through": _date(job.get("validThrough")),
    }


def parse_page(
    page: str,
    page_url: str,
    *,
    source: str,
    role_hint: str | None = None,
    fetched_at: str | None = None,
) -> Iterator[Posting | Rejected]:
    fetched_at = fetched_at or now_iso()
    index = 0
    try:
        check_markup(page)
    except MarkupError as exc:
        yield Rejected(page_url, f"page not read: {exc}", page[:2000])
        return
    for n, block in enumerate(ld_blocks(page)):
        try:
            data = json.loads(block, strict=False)
        except json.JSONDecodeError as exc:
            yield Rejected(
                f"{page_url}#ld{n}", f"JSON-LD block is not valid JSON: {exc.msg}", block[:2000]
            )
            continue
        except RecursionError:
            yield Rejected(
                f"{page_url}#ld{n}",
                "JSON-LD block is not valid JSON: nested too deeply",
                block[:2000],
            )
            continue
        except ValueError as exc:  # a number of more than 4,300 digits
            reason = f"JSON-LD block is not valid JSON: {str(exc).split(':')[0]}"
            yield Rejected(f"{page_url}#ld{n}", reason, block[:2000])
            continue
        for job in find_job_postings(data):
            fields = posting_fields(job, page_url, index)
            yield make_posting(
                job,
                fields,
                source=source,
                ref=f"{page_url}#job{index}",
                role_hint=role_hint,
                fetched_at=fetched_at,
            )
            index += 1


def fetch(
    client: PoliteClient,
    token: str,
    *,
    base_url: str | None = None,
    role_hint: str | None = None,
    max_pages: int | None = None,
) -> Iterator[Record]:
    url = token if "://" in token or not base_url else f"{base_url.rstrip('/')}/{token.lstrip('/')}"
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceFailure(f"not an http(s) URL: {url!r}")
    try:
        got = client.get(url, page=True, headers={"Accept": "text/html,application/xhtml+xml"})
    except FetchError as exc:
        raise SourceFailure(str(exc)) from None
    source = f"{KIND}:{urlsplit(url).netloc}"  # the configured URL: stable identity
    found = 0
    for record in parse_page(got.text, url, source=source, role_hint=role_hint):
        found += 1
        yield record
    if not found:
        raise SourceFailure(f"no schema.org JobPosting JSON-LD on the page ({url})")
