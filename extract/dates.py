"""Posting dates as sources write them -> ISO 8601 text, or None when they cannot be trusted.

The warehouse reads `posted_at` as a date to decide which postings are still active, so a
date that cannot be read is dropped rather than guessed, and a posting date in the future
(a typo, a board's placeholder) is dropped too: it would keep the posting "active" for years.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

# A day of slack: boards stamp dates in their own time zone.
FUTURE_SLACK = timedelta(days=1)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # before job boards: a zero or a typo
_EPOCH_DIGITS = re.compile(r"^\d{10}(\d{3})?$")
_TEXT_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%Y/%m/%d", "%d.%m.%Y")


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _parse(value: object) -> tuple[datetime, str] | None:
    """(the moment, the text to keep) or None."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    if isinstance(value, str):
        text = value.strip()
        if _EPOCH_DIGITS.match(text):
            value = int(text)
        else:
            try:
                return _aware(datetime.fromisoformat(text)), text
            except ValueError:
                pass
            for fmt in _TEXT_FORMATS:
                try:
                    day = datetime.strptime(text, fmt)
                except ValueError:
                    continue
                return _aware(day), day.date().isoformat()
            # Imported here: email.utils (with socket) is ~6 ms of every `extract` start, and
            # only a date in no format above gets this far.
            from email.utils import parsedate_to_datetime

            try:
                moment = parsedate_to_datetime(text)  # RFC 2822: "Wed, 01 Oct 2026 08:00:00 GMT"
            except (TypeError, ValueError, IndexError):
                return None
            return (_aware(moment), _aware(moment).isoformat()) if moment else None
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinity
        return None
    seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds or seconds
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment, moment.isoformat(timespec="seconds")


def clean_date(
    value: object, *, future_ok: bool = False, now: datetime | None = None
) -> str | None:
    """ISO text for a readable date; None for anything else, before 1990, or (unless
    `future_ok`, as for a closing date) later than tomorrow."""
    parsed = _parse(value)
    if parsed is None:
        return None
    moment, text = parsed
    if moment < EARLIEST:
        return None
    if not future_ok and moment > (now or datetime.now(UTC)) + FUTURE_SLACK:
        return None
    return text
