"""Posting dates in the formats the README promises (ISO 8601, epoch seconds or milliseconds,
RFC 2822, "Sep 15, 2026"-style text), and the ones that are dropped."""

from datetime import UTC, datetime

import pytest

from credfloor.extract.dates import clean_date

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
SEP_15 = int(datetime(2026, 9, 15, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-09-15", "2026-09-15"),  # ISO 8601 date
        ("2026-09-15T08:30:00Z", "2026-09-15T08:30:00Z"),  # ISO 8601 with a zone, kept as sent
        ("2026-09-15T08:30:00+02:00", "2026-09-15T08:30:00+02:00"),
        (SEP_15, "2026-09-15T00:00:00+00:00"),  # epoch seconds
        (SEP_15 * 1000, "2026-09-15T00:00:00+00:00"),  # epoch milliseconds
        (str(SEP_15), "2026-09-15T00:00:00+00:00"),  # the same, as text
        (str(SEP_15 * 1000), "2026-09-15T00:00:00+00:00"),
        ("Tue, 15 Sep 2026 08:00:00 GMT", "2026-09-15T08:00:00+00:00"),  # RFC 2822
        ("Sep 15, 2026", "2026-09-15"),
        ("September 15, 2026", "2026-09-15"),
        ("15 Sep 2026", "2026-09-15"),
        ("15 September 2026", "2026-09-15"),
        ("2026/09/15", "2026-09-15"),
        ("15.09.2026", "2026-09-15"),
        ("  Sep 15, 2026 ", "2026-09-15"),
    ],
)
def test_readme_date_formats_are_read(value, expected):
    assert clean_date(value, now=NOW) == expected


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "15/09/2026x",
        "",
        None,
        True,
        float("nan"),
        float("inf"),
        ["2026-09-15"],
        "1989-12-31",  # before job boards: a zero or a typo
        0,  # the epoch itself
        "2099-01-01",  # a posting date in the future would keep it active for ever
        "Dec 4, 2026",  # more than a day ahead of NOW
    ],
)
def test_unreadable_old_or_future_dates_are_dropped(value):
    assert clean_date(value, now=NOW) is None


def test_a_day_of_slack_and_closing_dates_may_be_in_the_future():
    assert clean_date("2026-12-03", now=NOW) == "2026-12-03"  # boards' time zones
    assert clean_date("2099-01-01", future_ok=True, now=NOW) == "2099-01-01"
    assert clean_date("1980-01-01", future_ok=True, now=NOW) is None
