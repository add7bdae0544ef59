"""Property tests for every reader: the JSONL, CSV and HTML readers and each job-board parser
take any input without raising (a bad record is a Rejected, a bad source a SourceError), give
one record per input record, and give the same posting ids when read twice; the extractor's
offsets stay valid on what the readers produce. (The JSON-LD walker and the extractor on raw
text have their own files: test_jsonld_properties.py, tests/normalize/test_properties.py.)"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credfloor.extract.http import HttpSettings, PoliteClient
from credfloor.extract.records import Posting, Rejected, SourceError
from credfloor.extract.sources.base import SourceSpec, fetch_source
from credfloor.extract.sources.files import read_csv, read_html_file, read_jsonl
from credfloor.extract.sources.jsonld import parse_page

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FIELD_KEYS = ["id", "title", "description", "text", "company", "location", "posted", "url", "x"]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["CISSP required", "<p>PMP <b>preferred</b></p>", "2999-01-01", "\ufeff"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(FIELD_KEYS), children, max_size=4)
    ),
    max_leaves=12,
)
records = st.dictionaries(st.sampled_from(FIELD_KEYS), json_values, max_size=6)
# A line of a JSONL file: a JSON record, any JSON value, or raw bytes.
lines = st.one_of(
    records.map(lambda r: json.dumps(r).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ")),
)


def _tmp() -> Path:
    return Path(tempfile.mkdtemp(prefix="credfloor-prop-"))


def _check(items) -> list[str]:
    """Every item a Posting with usable text, or a Rejected with a reason. Returns the ids."""
    ids = []
    for item in items:
        assert isinstance(item, (Posting, Rejected)), item
        if isinstance(item, Rejected):
            assert item.reason and item.input_ref
            item.raw.encode("utf-8")  # storable
            continue
        assert item.title.strip() and item.text.strip()
        for value in (item.title, item.text, item.external_id, item.company or ""):
            value.encode("utf-8")  # no lone surrogates reach the warehouse
        ids.append(item.posting_id)
    return ids


@SETTINGS
@given(st.lists(lines, max_size=8), st.booleans())
def test_jsonl_reader_never_raises_and_rereads_the_same(lines, crlf):
    path = _tmp() / "p.jsonl"
    end = b"\r\n" if crlf else b"\n"
    path.write_bytes(end.join(lines) + end)
    first = list(read_jsonl(path))
    non_blank = [ln for ln in lines if ln.strip()]
    # One record per line that is not blank (a line of spaces decoded as UTF-8 is blank too, and
    # so is a first line holding only the file's byte-order mark).
    assert len(first) <= len(non_blank)
    texts = [ln.decode("utf-8", "replace") for ln in lines]
    if texts:
        texts[0] = texts[0].removeprefix("\ufeff")
    assert len(first) >= sum(1 for t in texts if t.strip())
    assert _check(first) == _check(read_jsonl(path))


cells = st.one_of(
    st.text(max_size=50),
    st.sampled_from(["", "Registered Nurse", "RN license required.", '"quoted"', "a,b", "\x00"]),
)


@SETTINGS
@given(st.lists(st.lists(cells, min_size=3, max_size=4), max_size=6), st.booleans())
def test_csv_reader_never_raises_and_rereads_the_same(rows, bom):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["id", "title", "description"])
    writer.writerows(rows)
    path = _tmp() / "p.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8", "replace"))
    first = list(read_csv(path))
    assert len(first) <= len(rows) + 1  # a row that breaks the file stops it with one Rejected
    assert _check(first) == _check(read_csv(path))


markup = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<h1>",
                "</h1>",
                "<p>",
                "</p>",
                "<div>",
                "</div>",
                "<li>",
                "<b>",
                "<br>",
                "<title>",
                "</title>",
                "<script>x()</script>",
                "&amp;",
                "&lt;",
                "&#x41;",
                "&nbsp;",
                "<!--",
                "-->",
                "Registered Nurse",
                "CISSP required",
                "\ufeff",
                "\x00",
            ]
        ),
        st.text(max_size=15),
    ),
    max_size=30,
).map("".join)


@SETTINGS
@given(markup, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_html_reader_never_raises_and_rereads_the_same(page, encoding):
    path = _tmp() / "page.html"
    path.write_bytes(page.encode(encoding, "replace"))
    first = read_html_file(path)
    assert _check([first]) == _check([read_html_file(path)])


# -- job boards: any JSON shape where the board's JSON should be --------------------------------

BOARD_PATHS = {
    "greenhouse": "/v1/boards/t/jobs",
    "lever": "/v0/postings/t",
    "ashby": "/posting-api/job-board/t",
    "smartrecruiters": "/v1/companies/t/postings",
    "workable": "/api/v1/widget/accounts/t",
}
job_keys = st.sampled_from(
    [
        "id",
        "title",
        "text",
        "name",
        "content",
        "description",
        "descriptionPlain",
        "descriptionHtml",
        "lists",
        "categories",
        "location",
        "secondaryLocations",
        "isListed",
        "shortcode",
        "createdAt",
        "first_published",
        "jobAd",
        "sections",
        "telecommuting",
        "x",
    ]
)
jobs = st.dictionaries(job_keys, json_values, max_size=6)
board_bodies = st.one_of(
    st.fixed_dictionaries({"jobs": st.lists(jobs | json_values, max_size=4)}),
    st.fixed_dictionaries(
        {"content": st.lists(jobs | json_values, max_size=3), "totalFound": json_values}
    ),
    st.lists(jobs | json_values, max_size=4),
    json_values,
).map(lambda body: json.dumps(body).encode())


def _client(body: bytes, detail: bytes) -> PoliteClient:
    def handler(request: httpx.Request) -> httpx.Response:
        data = body if request.url.path in BOARD_PATHS.values() else detail
        return httpx.Response(200, content=data, headers={"content-type": "application/json"})

    return PoliteClient(
        HttpSettings(min_interval=0.0, cache_dir=_tmp(), retries=0, use_cache=False),
        transport=httpx.MockTransport(handler),
        sleep=lambda s: None,
    )


@SETTINGS
@given(st.sampled_from(sorted(BOARD_PATHS)), board_bodies, board_bodies)
def test_board_parsers_never_raise_on_any_json(kind, body, detail):
    def read():
        with _client(body, detail) as client:
            return list(fetch_source(client, SourceSpec(kind, "t", base_url="https://b.test")))

    first = read()
    errors = [i for i in first if isinstance(i, SourceError)]
    for e in errors:  # a shape the parser did not expect is named, not an "unexpected" crash
        assert e.source == f"{kind}:t" and "unexpected" not in e.reason, e.reason
    records = [i for i in first if not isinstance(i, SourceError)]
    assert _check(records) == _check(i for i in read() if not isinstance(i, SourceError))


@SETTINGS
@given(st.lists(jobs.map(lambda d: {"@type": "JobPosting", **d}), max_size=3), markup)
def test_jsonld_pages_reread_the_same(items, body):
    block = json.dumps(items).replace("</", "<\\/")
    page = f'<html><head><script type="application/ld+json">{block}</script></head>{body}</html>'
    once = list(parse_page(page, "https://x.test/p", source="jsonld:x.test"))
    assert _check(once) == _check(parse_page(page, "https://x.test/p", source="jsonld:x.test"))


# -- the extractor on what the readers produce ---------------------------------------------------


@SETTINGS
@given(markup)
def test_extractor_offsets_on_reader_text(extractor, page):
    path = _tmp() / "page.html"
    path.write_text("<h1>Nurse</h1>" + page, encoding="utf-8", errors="replace")
    posting = read_html_file(path)
    if not isinstance(posting, Posting):
        return
    mentions = extractor.extract(posting.posting_id, posting.text)
    for m in mentions:
        assert posting.text[m.start : m.end] == m.surface
    assert extractor.extract(posting.posting_id, posting.text) == mentions


@SETTINGS
@given(
    st.lists(st.sampled_from(["a", "é", "\x00", "\x01", "\t", "\ufffd", "\ud800", "퀀", "💼"]))
    .map("".join)
    .filter(bool),
    st.integers(0, 5100),
)
def test_one_pass_text_scan_agrees_with_the_separate_checks(text, pad):
    from credfloor.extract.sources.files import _control_share, _encodable, _scan_text

    text = "x" * pad + text  # both sides of the 5,000-character sample
    has_nul, share, encodable = _scan_text(text)
    assert has_nul == ("\x00" in text)
    assert share == _control_share(text)
    assert encodable in (None, _encodable(text))
    if len(text) <= 5000:
        assert encodable is not None
