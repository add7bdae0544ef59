"""Every web source against recorded responses (httpx.MockTransport): fields, escaping,
paging, and failures that become one SourceError instead of an exception."""

from __future__ import annotations

import json

import httpx
import pytest

from credfloor.extract.identity import posting_id
from credfloor.extract.records import Posting, Rejected, SourceError
from credfloor.extract.sources import ashby, greenhouse, jsonld, lever, smartrecruiters, workable
from credfloor.extract.sources.base import SourceSpec, fetch_source
from tests.extract.webhelpers import fixture_bytes, json_route, mock_client

BASE = "https://mirror.test"


def run(kind, token, routes, tmp_path, **kw):
    client, _, seen = mock_client(json_route(routes), tmp_path / "cache", **kw)
    with client:
        out = list(fetch_source(client, SourceSpec(kind, token, base_url=BASE)))
    return out, seen


def postings(items):
    return [i for i in items if isinstance(i, Posting)]


# -- Greenhouse ------------------------------------------------------------------------------


def test_greenhouse_maps_fields_and_unescapes_content(tmp_path):
    items, seen = run(
        "greenhouse",
        "vaulttec",
        {"/v1/boards/vaulttec/jobs": fixture_bytes("greenhouse_jobs.json")},
        tmp_path,
    )
    assert seen[0].url.params["content"] == "true"
    first, second = postings(items)
    assert first.source == "greenhouse:vaulttec"
    assert first.external_id == "4012345006"
    assert first.posting_id == posting_id("greenhouse:vaulttec", "4012345006")
    assert first.title == "Cloud Security Engineer"
    assert first.company == "Vault-Tec"
    assert first.location == "Austin, TX"
    assert first.posted_at == "2026-09-15T09:30:00-04:00"
    assert first.url == "https://boards.greenhouse.io/vaulttec/jobs/4012345006"
    assert "AWS Certified Security – Specialty or CISSP required" in first.text
    assert "Bachelor's degree" in first.text
    assert "<" not in first.text and "&lt;" not in first.text and "track()" not in first.text
    assert "Fish & chips" in second.text
    assert first.fetched_at


def test_greenhouse_empty_content_is_rejected_not_lost(tmp_path):
    items, _ = run(
        "greenhouse",
        "vaulttec",
        {"/v1/boards/vaulttec/jobs": fixture_bytes("greenhouse_jobs.json")},
        tmp_path,
    )
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(rejected) == 1
    assert rejected[0].input_ref == "greenhouse:vaulttec#4012345008"
    assert "description" in rejected[0].reason
    assert len(items) == 3


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Board not found</body></html>", "expected JSON"),
        (b'{"jobs": [', "malformed JSON"),
        (b'{"error": "nope"}', "'jobs' list"),
        (500, "HTTP 500 after 3 attempts"),
        (404, "HTTP 404"),
    ],
)
def test_greenhouse_failures_are_one_clear_source_error(tmp_path, body, reason):
    items, _ = run("greenhouse", "gone", {"/v1/boards/gone/jobs": body}, tmp_path)
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert items[0].source == "greenhouse:gone"
    assert reason in items[0].reason


def test_dns_failure_is_a_source_error(tmp_path):
    def handler(request):
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    client, fake, _ = mock_client(handler, tmp_path / "c")
    with client:
        items = list(fetch_source(client, SourceSpec("lever", "x", base_url=BASE)))
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert "cannot connect" in items[0].reason and "Name or service" in items[0].reason
    assert len(fake.slept) == 2  # two backoffs, no real sleeping


# -- Lever -----------------------------------------------------------------------------------


def test_lever_joins_description_lists_and_additional(tmp_path):
    items, seen = run(
        "lever",
        "leverdemo",
        {"/v0/postings/leverdemo": fixture_bytes("lever_postings.json")},
        tmp_path,
    )
    nurse, pm = postings(items)
    assert seen[0].url.params["mode"] == "json"
    assert nurse.title == "Registered Nurse - Telehealth"
    assert nurse.external_id == "5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
    assert nurse.location == "Denver, CO"
    assert nurse.posted_at == "2026-10-01T16:00:00+00:00"
    assert nurse.url.startswith("https://jobs.lever.co/leverdemo/")
    for part in (
        "telehealth",
        "Requirements",
        "Active RN license",
        "BLS and ACLS",
        "CCRN",
        "Benefits",
    ):
        assert part in nurse.text
    assert "<" not in nurse.text
    assert "PMP required" in pm.text


def test_lever_pages_until_a_short_page(tmp_path, monkeypatch):
    monkeypatch.setattr(lever, "PAGE_SIZE", 1)
    data = json.loads(fixture_bytes("lever_postings.json"))

    def handler(request):
        skip = int(request.url.params["skip"])
        return httpx.Response(200, json=data[skip : skip + 1])

    client, _, seen = mock_client(handler, tmp_path / "c")
    with client:
        items = list(lever.fetch(client, "leverdemo", base_url=BASE))
    assert [p.title for p in items] == ["Registered Nurse - Telehealth", "Project Manager"]
    assert [r.url.params["skip"] for r in seen] == ["0", "1", "2"]


def test_lever_object_instead_of_list_is_a_source_error(tmp_path):
    items, _ = run(
        "lever", "x", {"/v0/postings/x": b'{"ok": false, "error": "Document not found"}'}, tmp_path
    )
    assert isinstance(items[-1], SourceError) and "JSON list" in items[-1].reason


# -- Ashby -----------------------------------------------------------------------------------


def test_ashby_maps_fields_and_skips_unlisted(tmp_path):
    items, _ = run(
        "ashby",
        "ashbydemo",
        {"/posting-api/job-board/ashbydemo": fixture_bytes("ashby_board.json")},
        tmp_path,
    )
    (job,) = items
    assert isinstance(job, Posting)
    assert job.source == "ashby:ashbydemo"
    assert job.title == "Data Analyst"
    assert job.location == "New York, NY; Remote (US)"
    assert job.posted_at == "2026-10-10T15:04:05.123+00:00"
    assert "Google Data Analytics Professional Certificate" in job.text
    assert "<li>" not in job.text


def test_ashby_plain_description_is_used_when_no_html(tmp_path):
    board = {
        "jobs": [
            {
                "id": "1",
                "title": "Analyst",
                "descriptionPlain": "SQL. CFA a plus.",
                "isListed": True,
            }
        ]
    }
    items, _ = run("ashby", "b", {"/posting-api/job-board/b": json.dumps(board).encode()}, tmp_path)
    assert items[0].text == "SQL. CFA a plus."


def test_ashby_html_page_is_a_source_error(tmp_path):
    def handler(request):
        return httpx.Response(
            200, text="<html>maintenance</html>", headers={"content-type": "text/html"}
        )

    client, _, _ = mock_client(handler, tmp_path / "c")
    with client:
        (err,) = list(fetch_source(client, SourceSpec("ashby", "b", base_url=BASE)))
    assert isinstance(err, SourceError) and "got text/html" in err.reason


# -- SmartRecruiters -------------------------------------------------------------------------


SR = {
    "/v1/companies/SmartDemo/postings": fixture_bytes("smartrecruiters_list.json"),
    "/v1/companies/SmartDemo/postings/744000091234567": fixture_bytes(
        "smartrecruiters_detail_744000091234567.json"
    ),
    "/v1/companies/SmartDemo/postings/744000091234568": fixture_bytes(
        "smartrecruiters_detail_744000091234568.json"
    ),
}


def test_smartrecruiters_list_then_detail(tmp_path):
    items, seen = run("smartrecruiters", "SmartDemo", SR, tmp_path)
    analyst, helpdesk = postings(items)
    assert len(seen) == 3
    assert analyst.title == "Cybersecurity Analyst"
    assert analyst.company == "SmartDemo Industries"
    assert analyst.location == "Arlington, VA, United States"
    assert analyst.posted_at == "2026-10-12T09:15:31.000Z"
    assert analyst.url.endswith("744000091234567-cybersecurity-analyst")
    assert "CompTIA Security+ required" in analyst.text
    assert "ISO 27001" not in analyst.text  # the company blurb is not the ad
    assert helpdesk.location == "Leeds, gb (remote)"
    assert "ITIL 4 Foundation" in helpdesk.text


def test_smartrecruiters_failed_detail_is_reported_and_the_rest_go_on(tmp_path):
    routes = dict(SR)
    routes["/v1/companies/SmartDemo/postings/744000091234567"] = 500
    items, _ = run("smartrecruiters", "SmartDemo", routes, tmp_path)
    assert [p.title for p in postings(items)] == ["Help Desk Technician"]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert len(errors) == 1 and "744000091234567" in errors[0].reason


def test_smartrecruiters_pages_with_offset(tmp_path, monkeypatch):
    monkeypatch.setattr(smartrecruiters, "PAGE_SIZE", 1)
    full = json.loads(SR["/v1/companies/SmartDemo/postings"])

    def handler(request):
        path = request.url.path
        if path.endswith("/postings"):
            off = int(request.url.params["offset"])
            page = dict(full, offset=off, limit=1, content=full["content"][off : off + 1])
            return httpx.Response(200, json=page)
        return httpx.Response(200, content=SR[path], headers={"content-type": "application/json"})

    client, _, seen = mock_client(handler, tmp_path / "c")
    with client:
        items = list(smartrecruiters.fetch(client, "SmartDemo", base_url=BASE))
    assert len(postings(items)) == 2
    assert [r.url.params.get("offset") for r in seen if r.url.path.endswith("postings")] == [
        "0",
        "1",
    ]


# -- Workable --------------------------------------------------------------------------------


def test_workable_maps_fields(tmp_path):
    items, seen = run(
        "workable",
        "workdemo",
        {"/api/v1/widget/accounts/workdemo": fixture_bytes("workable_account.json")},
        tmp_path,
    )
    safety, data = postings(items)
    assert seen[0].url.params["details"] == "true"
    assert safety.company == "Workdemo Ltd"
    assert safety.external_id == "8F3A2B1C9D"
    assert safety.location == "Houston, Texas, United States"
    assert safety.posted_at == "2026-10-03"
    assert "OSHA 30 card" in safety.text and "<" not in safety.text
    assert data.location == "Portugal (remote)"


def test_workable_identity_is_stable_across_fetches(tmp_path):
    routes = {"/api/v1/widget/accounts/workdemo": fixture_bytes("workable_account.json")}
    one, _ = run("workable", "workdemo", routes, tmp_path / "a")
    two, _ = run("workable", "workdemo", routes, tmp_path / "b")
    assert [p.posting_id for p in postings(one)] == [p.posting_id for p in postings(two)]


def test_workable_job_without_title_is_rejected(tmp_path):
    body = {"name": "W", "jobs": [{"shortcode": "X1", "description": "<p>text</p>"}, "junk"]}
    items, _ = run(
        "workable", "w", {"/api/v1/widget/accounts/w": json.dumps(body).encode()}, tmp_path
    )
    assert [type(i) for i in items] == [Rejected, Rejected]
    assert "missing title" in items[0].reason
    assert "expected a JSON object" in items[1].reason


# -- JSON-LD ---------------------------------------------------------------------------------


def page_client(tmp_path, pages: dict[str, bytes], robots: bytes | int = 404):
    def handler(request):
        if request.url.path == "/robots.txt":
            if isinstance(robots, int):
                return httpx.Response(robots)
            return httpx.Response(200, content=robots)
        body = pages.get(request.url.path)
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, content=body, headers={"content-type": "text/html"})

    return mock_client(handler, tmp_path / "c")


def test_jsonld_graph_escaped_description_and_nested_organization(tmp_path):
    client, _, _ = page_client(tmp_path, {"/careers/acc": fixture_bytes("jsonld_graph.html")})
    with client:
        items = list(
            fetch_source(client, SourceSpec("jsonld", "https://ledgerly.example/careers/acc"))
        )
    (job,) = items
    assert job.source == "jsonld:ledgerly.example"
    assert job.external_id == "ACC-2026-07"
    assert job.title == "Senior Accountant"
    assert job.company == "Ledgerly"
    assert job.location == "Chicago, IL, US"
    assert job.posted_at == "2026-10-20" and job.valid_through == "2026-12-31T23:59"
    assert job.url == "https://ledgerly.example/careers/senior-accountant"
    assert "CPA license required" in job.text and "R&D tax credit" in job.text
    assert "<" not in job.text and "&lt;" not in job.text


def test_jsonld_list_string_org_locations_remote_and_bad_block(tmp_path):
    client, _, _ = page_client(tmp_path, {"/jobs": fixture_bytes("jsonld_list.html")})
    with client:
        items = list(fetch_source(client, SourceSpec("jsonld", "https://northwind.example/jobs")))
    lpn, coder, bad = items
    assert lpn.company == "Northwind Clinics"
    assert lpn.location == "Portland, OR, US; Salem, OR"
    assert lpn.external_id == "https://northwind.example/jobs/lpn"
    assert "LPN license" in lpn.text
    assert coder.title == "Medical Coder (Remote)" and coder.location == "Remote"
    assert coder.external_id == "NW-CODER-3"
    assert isinstance(bad, Rejected) and "not valid JSON" in bad.reason


def test_jsonld_page_without_postings_and_robots_disallow(tmp_path):
    client, _, seen = page_client(
        tmp_path,
        {"/plain": b"<html><body>No jobs</body></html>", "/private/x": b"<html></html>"},
        robots=b"User-agent: *\nDisallow: /private/\n",
    )
    with client:
        (none,) = list(fetch_source(client, SourceSpec("jsonld", "https://site.example/plain")))
        (blocked,) = list(
            fetch_source(client, SourceSpec("jsonld", "https://site.example/private/x"))
        )
    assert isinstance(none, SourceError) and "no schema.org JobPosting" in none.reason
    assert isinstance(blocked, SourceError) and "robots.txt" in blocked.reason
    assert "/private/x" not in [r.url.path for r in seen]
    assert [r.url.path for r in seen].count("/robots.txt") == 1  # robots.txt read once per host


def test_unknown_kind_is_a_source_error(tmp_path):
    client, _, _ = mock_client(json_route({}), tmp_path / "c")
    with client:
        (err,) = list(fetch_source(client, SourceSpec("monster", "x")))
    assert "unknown source kind" in err.reason


def test_every_module_has_the_common_interface():
    for module in (greenhouse, lever, ashby, smartrecruiters, workable, jsonld):
        assert module.KIND and module.NEEDS and callable(module.fetch)


def test_lever_server_ignoring_skip_does_not_loop(tmp_path, monkeypatch):
    monkeypatch.setattr(lever, "PAGE_SIZE", 2)
    body = fixture_bytes("lever_postings.json")  # always the same full page
    client, _, seen = mock_client(lambda r: httpx.Response(200, content=body), tmp_path / "c")
    with client:
        items = list(lever.fetch(client, "leverdemo", base_url=BASE))
    assert len(postings(items)) == 2 and len(seen) == 2
    assert isinstance(items[-1], SourceError) and "repeats earlier postings" in items[-1].reason


@pytest.mark.parametrize(
    ("module", "page"),
    [(lever, [1, "x"]), (smartrecruiters, {"content": [1, "x"], "totalFound": "many"})],
)
def test_pages_of_entries_without_ids_do_not_loop(tmp_path, monkeypatch, module, page):
    """Found by the property test: a server that keeps sending full pages of non-objects (and,
    for SmartRecruiters, no usable totalFound) was read forever."""
    monkeypatch.setattr(module, "PAGE_SIZE", 2)
    body = json.dumps(page).encode()
    client, _, seen = mock_client(lambda r: httpx.Response(200, content=body), tmp_path / "c")
    with client:
        items = list(module.fetch(client, "acme", base_url=BASE))
    assert len(seen) == 2  # the first page is read, the second stops it
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [r.reason for r in rejected] == ["expected a JSON object, got int"] + [
        "expected a JSON object, got str"
    ]
    assert isinstance(items[-1], SourceError) and "has no posting ids" in items[-1].reason
