"""Incremental fetching: two refreshes' worth of fetching of the same sources against a local
server (tests/extract/faultserver.py) that answers conditional requests like the real boards.

    uv run python bench/fetch_incremental.py [--boards 6] [--jobs 40] [--min-interval 0]

Run 1 starts with an empty conditional cache; run 2 is a second refresh with a new client (a new
process would do the same: the cache is on disk). Between them one Greenhouse board gains a
posting, as boards do. Prints requests, full-body downloads, 304s, bytes and time per run, and
the ratio of run 2's full-body downloads to run 1's (goal: <= 10%). The fetching goes through
flows.pipeline.read_sources, the same path as `credfloor refresh --sources`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from credfloor.extract.records import Posting, Rejected, SourceError  # noqa: E402
from credfloor.flows.pipeline import read_sources  # noqa: E402
from tests.extract.faultserver import FaultServer, ok  # noqa: E402

TEXT = (
    "<p>Join the {team} team.</p><h3>Requirements</h3><ul><li>{cred} required</li>"
    "<li>Bachelor&#39;s degree or equivalent experience</li></ul><p>{filler}</p>"
)
CREDS = ["CompTIA Security+", "AWS Certified Solutions Architect", "PMP", "CISSP", "RN license"]
FILLER = "We value curiosity, ownership and clear writing. " * 20


def desc(i: int) -> str:
    return TEXT.format(team=f"T{i % 7}", cred=CREDS[i % len(CREDS)], filler=FILLER)


def greenhouse(board: int, jobs: int) -> bytes:
    import html

    items = [
        {
            "id": board * 10_000 + j,
            "title": f"Engineer {j}",
            "company_name": f"Board {board}",
            "location": {"name": "Remote"},
            "absolute_url": f"https://boards.example/{board}/{j}",
            "updated_at": "2026-10-01T00:00:00Z",
            "content": html.escape(desc(j)),
        }
        for j in range(jobs)
    ]
    return json.dumps({"jobs": items, "meta": {"total": jobs}}).encode()


def lever(site: int, jobs: int) -> bytes:
    return json.dumps(
        [
            {
                "id": f"lv-{site}-{j}",
                "text": f"Analyst {j}",
                "description": desc(j),
                "categories": {"location": "Denver"},
                "createdAt": 1790000000000,
                "hostedUrl": f"https://jobs.example/{site}/{j}",
                "lists": [],
            }
            for j in range(jobs)
        ]
    ).encode()


def ashby(board: int, jobs: int) -> bytes:
    return json.dumps(
        {
            "jobs": [
                {
                    "id": f"ab-{board}-{j}",
                    "title": f"Nurse {j}",
                    "isListed": True,
                    "descriptionHtml": desc(j),
                    "location": "Austin",
                }
                for j in range(jobs)
            ]
        }
    ).encode()


def workable(account: int, jobs: int) -> bytes:
    return json.dumps(
        {
            "name": f"Account {account}",
            "jobs": [
                {
                    "shortcode": f"WK{account}X{j}",
                    "title": f"Manager {j}",
                    "description": desc(j),
                    "city": "Leeds",
                    "country": "UK",
                }
                for j in range(jobs)
            ],
        }
    ).encode()


def jsonld_page(n: int) -> bytes:
    job = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": f"Accountant {n}",
        "description": desc(n),
        "identifier": {"value": f"JL-{n}"},
        "hiringOrganization": {"name": "Ledgerly"},
        "datePosted": "2026-10-01",
    }
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(job)}</script>'
        f"</head><body><h1>Accountant {n}</h1></body></html>"
    ).encode()


def build(srv: FaultServer, boards: int, jobs: int) -> list[dict]:
    srv.route("/robots.txt", ok("User-agent: *\nAllow: /\n", "text/plain"))
    entries = []
    for b in range(boards):
        srv.route(f"/v1/boards/gh{b}/jobs", ok(greenhouse(b, jobs)))
        entries.append({"kind": "greenhouse", "token": f"gh{b}"})
    for s in range(3):
        # the local server ignores `skip`, so a Lever board stays within one page
        srv.route(f"/v0/postings/lv{s}", ok(lever(s, min(jobs, 99))))
        entries.append({"kind": "lever", "token": f"lv{s}"})
    for a in range(3):
        srv.route(f"/posting-api/job-board/ab{a}", ok(ashby(a, jobs)))
        entries.append({"kind": "ashby", "token": f"ab{a}"})
    for w in range(2):
        srv.route(f"/api/v1/widget/accounts/wk{w}", ok(workable(w, jobs)))
        entries.append({"kind": "workable", "token": f"wk{w}"})
    for c in range(2):
        ids = [f"{c}{j:05d}" for j in range(20)]
        listing = {
            "offset": 0,
            "limit": 100,
            "totalFound": len(ids),
            "content": [
                {"id": i, "name": f"Analyst {i}", "company": {"name": f"SR {c}"}} for i in ids
            ],
        }
        srv.route(f"/v1/companies/sr{c}/postings", ok(json.dumps(listing)))
        for n, i in enumerate(ids):
            detail = {"id": i, "jobAd": {"sections": {"jobDescription": {"text": desc(n)}}}}
            srv.route(f"/v1/companies/sr{c}/postings/{i}", ok(json.dumps(detail)))
        entries.append({"kind": "smartrecruiters", "token": f"sr{c}"})
    for p in range(4):
        srv.route(f"/careers/{p}", ok(jsonld_page(p), "text/html"))
        entries.append({"kind": "jsonld", "token": f"{srv.url}/careers/{p}"})
    for e in entries:
        if e["kind"] != "jsonld":
            e["base_url"] = srv.url
    return entries


def one_run(sources: Path) -> dict:
    stats: dict = {}
    counts = {"postings": 0, "rejected": 0, "source_errors": 0}
    ids: set[str] = set()
    t0 = time.perf_counter()
    for item in read_sources(sources, fetch_stats=stats):
        if isinstance(item, Posting):
            counts["postings"] += 1
            ids.add(item.posting_id)
        elif isinstance(item, Rejected):
            counts["rejected"] += 1
        elif isinstance(item, SourceError):
            counts["source_errors"] += 1
    return {**counts, "unique_ids": len(ids), "seconds": time.perf_counter() - t0, **stats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=6, help="Greenhouse boards")
    parser.add_argument("--jobs", type=int, default=40, help="jobs per board")
    parser.add_argument("--min-interval", type=float, default=0.0, help="politeness pause (s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FaultServer() as srv:
        entries = build(srv, args.boards, args.jobs)
        sources = Path(tmp) / "sources.yaml"
        http = {
            "cache_dir": str(Path(tmp) / "cache"),
            "min_interval": args.min_interval,
            "contact": "bench@localhost",
        }
        sources.write_text(yaml.safe_dump({"http": http, "sources": entries}))
        first = one_run(sources)
        srv.route("/v1/boards/gh0/jobs", ok(greenhouse(0, args.jobs + 1)))  # one board changes
        second = one_run(sources)
    print(f"sources: {len(entries)}  (server at 127.0.0.1; min_interval {args.min_interval} s)")
    cols = [
        "postings",
        "unique_ids",
        "rejected",
        "source_errors",
        "requests",
        "full_bodies",
        "not_modified",
        "bytes",
        "seconds",
    ]
    print(f"{'':8}" + "".join(f"{c:>14}" for c in cols))
    for name, run in (("run 1", first), ("run 2", second)):
        cells = [f"{run[c]:>14.2f}" if c == "seconds" else f"{run[c]:>14,}" for c in cols]
        print(f"{name:8}" + "".join(cells))
    ratio = second["full_bodies"] / max(1, first["full_bodies"])
    print(
        f"run 2 full-body downloads / run 1: {second['full_bodies']}/{first['full_bodies']} "
        f"= {ratio:.1%} (goal <= 10%); bytes {second['bytes'] / max(1, first['bytes']):.1%}"
    )


if __name__ == "__main__":
    main()
