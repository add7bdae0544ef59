"""What every web source shares: the interface, JSON fetching with clear errors, field mapping.

A source module defines ``KIND``, ``DEFAULT_BASE_URL`` and

    fetch(client, token, *, base_url=None, role_hint=None, max_pages=None)
        -> Iterator[Posting | Rejected | SourceError]

A record that cannot be a posting is a ``Rejected`` (quarantined, counted as read); a source
that cannot be read (DNS, 500s after retries, malformed JSON, HTML where JSON was expected) ends
with a ``SourceError`` after whatever postings it did yield (a posting whose detail request
failed is one ``SourceError`` too, and the source goes on). ``fetch_source`` guarantees that
no exception escapes, so one failing source never stops the others.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from credfloor.extract.http import Fetched, FetchError, PoliteClient
from credfloor.extract.records import Posting, Rejected, SourceError
from credfloor.extract.sources.files import posting_from_mapping
from credfloor.extract.text import MarkupError, html_to_text, looks_like_html

Record = Posting | Rejected | SourceError
FetchFn = Callable[..., Iterator[Record]]


class SourceFailure(Exception):
    """Raised inside a source when its response cannot be used at all."""


@dataclass(frozen=True)
class SourceSpec:
    """One line of a sources file."""

    kind: str
    token: str
    role: str | None = None
    base_url: str | None = None

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.token}"


def get_json(
    client: PoliteClient, url: str, *, params: dict | None = None
) -> tuple[object, Fetched]:
    """GET a JSON API response; anything else is a SourceFailure with a one-line reason."""
    if params:
        url = str(client.http.build_request("GET", url, params=params).url)
    try:
        got = client.get(url, headers={"Accept": "application/json"})
    except FetchError as exc:
        raise SourceFailure(str(exc)) from None
    head = got.content[:200].lstrip().lower()
    if "html" in got.content_type or head.startswith((b"<!doctype", b"<html", b"<")):
        kind = got.content_type or "markup"
        raise SourceFailure(f"expected JSON, got {kind} ({url})")
    try:
        return json.loads(got.content), got
    except RecursionError:
        raise SourceFailure(f"malformed JSON: nested too deeply ({url})") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, a 5,000-digit number
        raise SourceFailure(f"malformed JSON: {str(exc).split('; use')[0][:200]} ({url})") from None


def plain(value: object, *, escaped: bool = False) -> str:
    """Description HTML (optionally HTML-escaped, as Greenhouse sends it) -> plain text.

    Markup too deep to parse is returned as it is: posting_from_mapping then quarantines the
    posting with the reason, instead of one bad posting failing the whole source."""
    if not isinstance(value, str):
        return ""
    text = html.unescape(value) if escaped else value
    if looks_like_html(text):
        try:
            text = html_to_text(text)
        except MarkupError:
            return text.strip()
    else:
        text = html.unescape(text)
    return text.strip()


def scalar(value: object) -> object:
    """A field that must be text, as sent (stripped): posting_from_mapping names a wrong type
    ("title is a list, not text") instead of calling it missing."""
    return value.strip() if isinstance(value, str) else value


def join_text(*parts: str | None) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso_from_millis(value: object) -> str | None:
    if isinstance(value, (int, float)) and value > 0:
        return datetime.fromtimestamp(value / 1000, UTC).isoformat(timespec="seconds")
    return None


def text_or_none(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def make_posting(
    item: object,
    fields: dict,
    *,
    source: str,
    ref: str,
    role_hint: str | None,
    fetched_at: str,
) -> Posting | Rejected:
    """Typed through files.posting_from_mapping, the one place loose records become Postings."""
    raw = json.dumps(item, ensure_ascii=False, default=str)
    record = {k: v for k, v in fields.items() if v not in (None, "")}
    if not isinstance(item, dict):
        record = item  # rejected by type: "expected a JSON object, got ..."
    out = posting_from_mapping(
        record, input_ref=ref, default_source=source, raw=raw, role_hint=role_hint
    )
    if isinstance(out, Posting):
        out = replace(out, source=source, fetched_at=fetched_at)
    return out


@dataclass(frozen=True)
class Board:
    """One fetch of one job board: the source name, role hint and fetch time that every record
    it yields carries."""

    source: str
    role_hint: str | None
    fetched_at: str

    @classmethod
    def start(cls, kind: str, token: str, role_hint: str | None) -> Board:
        return cls(f"{kind}:{token}", role_hint, now_iso())

    def ref(self, job_id: object) -> str:
        return f"{self.source}#{job_id}"

    def posting(self, item: object, fields: dict, job_id: object) -> Posting | Rejected:
        """A job of the board, typed through make_posting; its reference is `source#job_id`."""
        return make_posting(
            item,
            fields,
            source=self.source,
            ref=self.ref(job_id),
            role_hint=self.role_hint,
            fetched_at=self.fetched_at,
        )

    def not_an_object(self, item: object) -> Rejected:
        """A list entry that is not a JSON object: quarantined, with its type as the reason."""
        return self.posting(item, {}, "?")


def get_jobs(client: PoliteClient, url: str, *, params: dict) -> dict:
    """A board response that is one JSON object with a 'jobs' list (Greenhouse, Ashby,
    Workable); anything else is a SourceFailure."""
    data, got = get_json(client, url, params=params)
    if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
        raise SourceFailure(f"expected an object with a 'jobs' list ({got.url})")
    return data


def fetch_source(client: PoliteClient, spec: SourceSpec, *, max_pages: int | None = None):
    """Run one source; never raises. Ends with a SourceError if the source failed."""
    from credfloor.extract.sources.registry import SOURCES

    module = SOURCES.get(spec.kind)
    if module is None:
        known = ", ".join(sorted(SOURCES))
        yield SourceError(spec.name, f"unknown source kind {spec.kind!r} (known: {known})")
        return
    try:
        yield from module.fetch(
            client,
            spec.token,
            base_url=spec.base_url,
            role_hint=spec.role,
            max_pages=max_pages,
        )
    except SourceFailure as exc:
        yield SourceError(spec.name, str(exc))
    except FetchError as exc:
        yield SourceError(spec.name, str(exc))
    except Exception as exc:  # a parser bug must not stop the other sources
        yield SourceError(spec.name, f"unexpected {type(exc).__name__}: {exc}")
