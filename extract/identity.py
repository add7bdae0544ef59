"""A posting's identity, defined once.

posting_id depends only on (source, external_id), so re-reading the same source is an upsert.
content_hash depends only on what the ad says, so a repost under a new id is recognisable.
"""

from __future__ import annotations

import hashlib
import re

_WS = re.compile(r"\s+")


def posting_id(source: str, external_id: str) -> str:
    digest = hashlib.sha1(f"{source}\x1f{external_id}".encode()).hexdigest()
    return digest[:20]


def content_hash(title: str, company: str | None, text: str) -> str:
    canon = "\x1f".join(_WS.sub(" ", part or "").strip().lower() for part in (title, company, text))
    return hashlib.sha1(canon.encode()).hexdigest()[:20]


def fallback_external_id(title: str, company: str | None, text: str) -> str:
    """For inputs with no id of their own: the content decides, so a re-read is still an upsert."""
    return "h:" + content_hash(title, company, text)
