"""The bad-input suite (issue 10): every input path fed malformed encodings, BOMs, CRLF, NUL
bytes, huge fields, deep JSON, duplicate ids, wrong types, odd dates, HTML bombs and
non-English text. Each case ends in a quarantine row with a reason, a clear error line naming
the input, or (for input that is fine after all: a BOM, CRLF, another language) a loaded
posting; the refresh's summary adds up.

Files and web sources go through ONE real refresh (Prefect, DuckDB) so the suite stays fast;
each case is then checked on its own rows: the quarantine row at its `input_ref`, or the
posting. Sources files, the catalog YAML, CLI arguments and `audit --have` names are checked
through their readers and the CLI.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from credfloor.extract.sources.config import load_sources
from credfloor.extract.sources.errors import SourcesFileError
from credfloor.flows.cli import app
from credfloor.flows.refresh import refresh
from credfloor.normalize.catalog import CatalogError, load_catalog
from credfloor.warehouse.store import Warehouse
from tests.extract.faultserver import FaultServer, ok, status, truncated

runner = CliRunner()
ROLE = "Registered Nurse"
DESC = "Registered nurse. An active RN license and BLS certification are required."
DEEP = 100_000


def js(**fields) -> bytes:
    return json.dumps(fields).encode()


def good(n: str, **extra) -> dict:
    return {"id": n, "title": "Registered Nurse", "description": DESC, **extra}


def html_bomb(levels: int = DEEP) -> str:
    return "<div>" * levels + "RN license required" + "</div>" * levels


@dataclass(frozen=True)
class Case:
    """One bad record. `ref` is where its outcome is found: a JSONL/CSV line, a file, an ATS
    posting (`kind:token#id`) or a whole source (`kind:token`)."""

    id: str
    ref: str
    outcome: str  # quarantined | loaded | duplicate | skipped | source_error
    expect: str = ""  # reason substring, or a check on the loaded posting (see _check_loaded)


# -- JSONL: one file, one line per case ------------------------------------------------------

JSONL: list[tuple[str, bytes, str, str]] = [
    # (id, line bytes, outcome, reason or check)
    ("utf8-bom-first-line", b"\xef\xbb\xbf" + js(**good("bom")), "loaded", "id=bom"),
    ("crlf-line-end", js(**good("crlf")) + b"\r", "loaded", "id=crlf"),
    (
        "latin1-bytes",
        js(**good("l1")).replace(b"RN license", b"RN licen\xe7a"),
        "quarantined",
        "not UTF-8 text",
    ),
    (
        "cp1252-smart-quotes",
        js(**good("cp")).replace(b"BLS", b"\x93BLS\x94"),
        "quarantined",
        "not UTF-8 text",
    ),
    ("invalid-utf8", b"\xff\xfe\xfa" + js(**good("bad")), "quarantined", "not UTF-8 text"),
    (
        "nul-in-description",
        js(**good("nul", description="RN\u0000 license required")),
        "quarantined",
        "binary data",
    ),
    (
        "nul-in-title",
        js(**good("nult", title="Nurse\u0000")),
        "quarantined",
        "title contains control characters",
    ),
    (
        "control-chars-description",
        js(**good("ctl", description="\u0001\u0002" * 40 + DESC)),
        "quarantined",
        "binary data",
    ),
    (
        "description-over-500k",
        js(**good("long", description="RN " * 200_000)),
        "quarantined",
        "description too long (599,999 chars",
    ),
    (
        "ten-mb-line",
        js(**good("10mb", description="x" * 10_000_000)),
        "quarantined",
        "description too long (10,000,000 chars",
    ),
    (
        "title-over-1000",
        js(**good("ltitle", title="Nurse " * 300)),
        "quarantined",
        "title too long",
    ),
    ("deep-json-array", b"[" * DEEP + b"]" * DEEP, "quarantined", "nested too deeply"),
    ("deep-json-object", b'{"a":' * DEEP + b"1" + b"}" * DEEP, "quarantined", "nested too deeply"),
    (
        "huge-integer",
        b'{"id": ' + b"9" * 5000 + b', "title": "Nurse"}',
        "quarantined",
        "not valid JSON: Exceeds the limit",
    ),
    ("truncated-json", js(**good("cut"))[:25], "quarantined", "not valid JSON"),
    (
        "json-not-object",
        b'["Registered Nurse", "RN required"]',
        "quarantined",
        "expected a JSON object, got list",
    ),
    ("dup-id-same-text-first", js(**good("dup")), "loaded", "id=dup"),
    ("dup-id-same-text", js(**good("dup")), "duplicate", ""),
    (
        "dup-id-other-text",
        js(**good("dup", description="Other text: CNA certificate.")),
        "quarantined",
        "reused with different text",
    ),
    ("title-number", js(**good("tnum", title=4711)), "loaded", "title=4711"),
    (
        "title-list",
        js(**good("tlist", title=["Nurse", "RN"])),
        "quarantined",
        "title is not text (a list)",
    ),
    (
        "title-boolean",
        js(**good("tbool", title=True)),
        "quarantined",
        "title is not text (a boolean)",
    ),
    (
        "description-object",
        js(**good("dobj", description={"html": "<p>RN</p>"})),
        "quarantined",
        "description is not text (an object)",
    ),
    (
        "id-object",
        js(
            **good(
                {"value": 1},
            )
        ),
        "quarantined",
        "id is not text (an object)",
    ),
    (
        "empty-description",
        js(**good("empty", description="   ")),
        "quarantined",
        "missing or empty description",
    ),
    ("missing-title", js(id="notitle", description=DESC), "quarantined", "missing title"),
    ("date-in-future", js(**good("future", posted="2999-01-01")), "loaded", "posted_at=None"),
    (
        "date-unparseable",
        js(**good("nodate", posted="last Tuesday-ish")),
        "loaded",
        "posted_at=None",
    ),
    (
        "date-epoch-millis",
        js(**good("epoch", posted=1_760_000_000_000)),
        "loaded",
        "posted_at=2025-10-09T08:53:20+00:00",
    ),
    ("date-wrong-type", js(**good("dlist", posted=["2026-01-01"])), "loaded", "posted_at=None"),
    (
        "html-bomb-description",
        js(**good("bomb", description=html_bomb(20_000))),
        "quarantined",
        "HTML nested too deeply",
    ),
    (
        "many-entities",
        js(**good("ent", description="<p>" + "&amp; &lt;b&gt; " * 20_000 + DESC)),
        "loaded",
        "text~RN license",
    ),
    (
        "non-english-chinese",
        js(
            **good(
                "zh",
                title="注册护士",
                description="注册护士。需要有效的护士执照和基础生命支持认证。" * 3,
            )
        ),
        "loaded",
        "lang=other",
    ),
    (
        "non-english-arabic",
        js(
            **good(
                "ar",
                description="ممرضة مسجلة. مطلوب ترخيص تمريض ساري المفعول وشهادة دعم الحياة الأساسي. "
                * 3,
            )
        ),
        "loaded",
        "lang=other",
    ),
    (
        "lone-surrogate",
        b'{"id": "sur", "title": "Nurse \\ud83d", "description": "RN required"}',
        "quarantined",
        "invalid Unicode",
    ),
    ("blank-line", b"", "skipped", ""),
    ("whitespace-line", b"  \t \r", "skipped", ""),
]

# -- CSV: BOM before the header, CRLF row ends -----------------------------------------------

CSV_ROWS: list[tuple[str, list[str], str, str]] = [
    ("csv-bom-header-crlf-good", ["c1", "Registered Nurse", DESC], "loaded", "id=c1"),
    ("csv-empty-title", ["c2", "", DESC], "quarantined", "missing title"),
    (
        "csv-field-over-limit",
        ["c3", "Registered Nurse", "x" * 3_000_000],
        "quarantined",
        "description too long",
    ),
    ("csv-nul-byte", ["c4", "Registered Nurse", "RN\x00 license"], "quarantined", "binary data"),
    (
        "csv-extra-cells",
        ["c5", "Registered Nurse", DESC, "surplus"],
        "quarantined",
        "more cells than the header",
    ),
    (
        "csv-non-english",
        [
            "c6",
            "Enfermera",
            "Enfermera registrada. Se requiere licencia de "
            "enfermería vigente y certificación en soporte vital básico para el puesto. " * 2,
        ],
        "loaded",
        "lang=other",
    ),
    ("csv-dup-same", ["c1", "Registered Nurse", DESC], "duplicate", ""),
    (
        "csv-dup-other-text",
        ["c1", "Registered Nurse", "CNA certificate."],
        "quarantined",
        "reused with different text",
    ),
]


def _csv_line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' for c in cells)


# -- HTML folder: one file per case -----------------------------------------------------------

PAGE = "<html><head><title>{t}</title></head><body><h1>{t}</h1><p>{d}</p></body></html>"
HTML_FILES: list[tuple[str, str, bytes, str, str]] = [
    # (id, file name, bytes, outcome, reason or check)
    (
        "html-good",
        "good.html",
        PAGE.format(t="Registered Nurse", d=DESC).encode(),
        "loaded",
        "text~BLS",
    ),
    (
        "html-utf8-bom",
        "bom.html",
        b"\xef\xbb\xbf" + PAGE.format(t="Nurse", d=DESC).encode(),
        "loaded",
        "title=Nurse",
    ),
    (
        "html-latin1",
        "latin1.html",
        PAGE.format(t="Enfermera", d="Licencia de enfermería requerida.").encode("latin-1"),
        "loaded",
        "text~enfermería",
    ),
    (
        "html-cp1252-meta",
        "cp1252.html",
        (
            '<meta charset="windows-1252">' + PAGE.format(t="Nurse", d="RN license — “required”")
        ).encode("cp1252"),
        "loaded",
        "text~“required”",
    ),
    (
        "html-utf16",
        "utf16.html",
        PAGE.format(t="Nurse", d=DESC).encode("utf-16"),
        "loaded",
        "text~BLS",
    ),
    (
        "html-crlf",
        "crlf.html",
        PAGE.format(t="Nurse", d=DESC).replace("><", ">\r\n<").encode(),
        "loaded",
        "title=Nurse",
    ),
    ("html-empty-file", "empty.html", b"", "quarantined", "empty file"),
    (
        "html-no-title",
        "notitle.html",
        b"<html><body><p>RN license required</p></body></html>",
        "quarantined",
        "missing title",
    ),
    (
        "html-nul-bytes",
        "nul.html",
        b"<html><body><h1>Nurse</h1>\x00\x00<p>RN</p></body></html>",
        "quarantined",
        "binary data",
    ),
    (
        "html-bomb-deep-tags",
        "bomb.html",
        ("<h1>Nurse</h1>" + html_bomb()).encode(),
        "quarantined",
        "HTML nested too deeply",
    ),
    (
        "html-huge-page",
        "huge.html",
        PAGE.format(t="Nurse", d=DESC * 8_000).encode(),
        "quarantined",
        "description too long",
    ),
    (
        "html-entity-flood",
        "entities.html",
        PAGE.format(t="Nurse", d="&amp;&#x41;&nbsp;" * 200_000).encode(),
        "quarantined",
        "description too long",
    ),
    (
        "html-non-english",
        "ja.html",
        PAGE.format(t="正看護師", d="正看護師の免許とBLS認定が必要です。" * 4).encode(),
        "loaded",
        "lang=other",
    ),
]

# -- Web sources: five job boards and JSON-LD pages on a local server ------------------------

GH_JOBS = [
    {"id": 101, "title": "Registered Nurse", "content": "&lt;p&gt;" + DESC + "&lt;/p&gt;"},
    {"id": 102, "title": ["Registered", "Nurse"], "content": DESC},
    {"id": 103, "title": "Registered Nurse", "content": {"html": DESC}},
    {"id": 104, "title": "Registered Nurse", "content": html_bomb(5_000)},
    {"id": 105, "title": "Registered Nurse", "content": DESC, "first_published": "2999-12-31"},
    {
        "id": 106,
        "title": "Krankenpfleger",
        "content": "Wir suchen examinierte "
        "Pflegefachkräfte mit gültiger Zulassung und Erfahrung auf der Station. " * 3,
    },
    {"id": 101, "title": "Registered Nurse", "content": "Another text entirely."},
    7,
]
LEVER = [
    {"id": ["x"], "text": "Registered Nurse", "descriptionPlain": DESC},
    {
        "id": "lv-ok",
        "text": "Registered Nurse",
        "descriptionPlain": DESC,
        "lists": 5,
        "categories": [1],
        "createdAt": "soon",
    },
    "not a posting",
]
ASHBY = {
    "jobs": [
        {
            "id": "ab-ok",
            "title": "Registered Nurse",
            "descriptionPlain": DESC,
            "secondaryLocations": 5,
            "publishedAt": "2026-13-45",
        },
        {"id": "ab-notitle", "descriptionPlain": DESC},
        {"id": "ab-hidden", "title": "Hidden", "descriptionPlain": DESC, "isListed": False},
    ]
}
SR_LIST = {
    "totalFound": 4,
    "content": [
        {"id": "sr-ok", "name": "Registered Nurse"},
        {"name": "Registered Nurse"},
        {"id": "sr-500", "name": "Registered Nurse"},
        {"id": "sr-shape", "name": "Registered Nurse"},
    ],
}
SR_DETAIL = {"jobAd": {"sections": {"jobDescription": {"title": "About", "text": DESC}}}}
WORKABLE = {
    "name": ["not", "text"],
    "jobs": [
        {"shortcode": "WK1", "title": 42, "description": DESC},
        {"shortcode": "WK2", "title": "Registered Nurse", "description": {"p": DESC}},
        {
            "shortcode": "WK3",
            "title": "Registered Nurse",
            "description": "<p>RN license required \ud83d</p>",
        },
    ],
}


def ld_page(*blocks: str) -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head>{scripts}</head><body><h1>Careers</h1></body></html>".encode()


LD_JOB = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Registered Nurse",
    "description": DESC,
    "identifier": "ld-1",
    "datePosted": "not a date",
}


def routes(srv: FaultServer) -> dict[str, str]:
    """Serve every source; return the sources-file entries' tokens -> what they exercise."""
    srv.route("/v1/boards/gh-mixed/jobs", ok(json.dumps({"jobs": GH_JOBS})))
    srv.route("/v1/boards/gh-500/jobs", status(500))
    srv.route("/v1/boards/gh-html/jobs", ok("<!doctype html><p>Board moved</p>", "text/html"))
    srv.route("/v1/boards/gh-deep/jobs", ok(b"[" * DEEP + b"]" * DEEP))
    srv.route("/v1/boards/gh-shape/jobs", ok('{"error": "board not found"}'))
    srv.route("/v0/postings/lv-mixed", ok(json.dumps(LEVER)))
    srv.route("/v0/postings/lv-shape", ok('{"postings": []}'))
    srv.route("/v0/postings/lv-cut", truncated(json.dumps(LEVER).encode()))
    srv.route("/posting-api/job-board/ab-mixed", ok(json.dumps(ASHBY)))
    srv.route("/posting-api/job-board/ab-notjson", ok(b"\xff\xfe this is not JSON"))
    srv.route("/v1/companies/sr-mixed/postings", ok(json.dumps(SR_LIST)))
    srv.route("/v1/companies/sr-mixed/postings/sr-ok", ok(json.dumps(SR_DETAIL)))
    srv.route("/v1/companies/sr-mixed/postings/sr-500", status(500))
    srv.route("/v1/companies/sr-mixed/postings/sr-shape", ok("[1, 2, 3]"))
    srv.route("/api/v1/widget/accounts/wk-mixed", ok(json.dumps(WORKABLE)))
    srv.route("/api/v1/widget/accounts/wk-null", ok("null"))
    srv.route(
        "/careers/mixed.html",
        ok(
            ld_page(
                json.dumps(LD_JOB),
                '{"@type": "JobPosting", "title": "Nurse", ',  # broken JSON
                "[" * DEEP + "]" * DEEP,
                json.dumps({"@type": "JobPosting", "title": {"en": "Nurse"}, "description": DESC}),
            ),
            "text/html",
        ),
    )
    srv.route(
        "/careers/wrongtype.html",
        ok(ld_page(json.dumps({"@type": "Organization", "name": "Acme Hospital"})), "text/html"),
    )
    srv.route(
        "/careers/bomb.html",
        ok(
            ld_page(json.dumps(LD_JOB)).replace(b"<h1>", html_bomb(5_000).encode() + b"<h1>"),
            "text/html",
        ),
    )
    return {}


SOURCE_ENTRIES = [
    ("greenhouse", "gh-mixed"),
    ("greenhouse", "gh-500"),
    ("greenhouse", "gh-html"),
    ("greenhouse", "gh-deep"),
    ("greenhouse", "gh-shape"),
    ("lever", "lv-mixed"),
    ("lever", "lv-shape"),
    ("lever", "lv-cut"),
    ("ashby", "ab-mixed"),
    ("ashby", "ab-notjson"),
    ("smartrecruiters", "sr-mixed"),
    ("workable", "wk-mixed"),
    ("workable", "wk-null"),
]
LD_PAGES = ["mixed.html", "wrongtype.html", "bomb.html"]

WEB: list[Case] = [
    Case("greenhouse-good-escaped-html", "greenhouse:gh-mixed#101", "loaded", "text~BLS"),
    Case(
        "greenhouse-title-list",
        "greenhouse:gh-mixed#102",
        "quarantined",
        "title is not text (a list)",
    ),
    Case(
        "greenhouse-content-object",
        "greenhouse:gh-mixed#103",
        "quarantined",
        "missing or empty description",
    ),
    Case(
        "greenhouse-html-bomb", "greenhouse:gh-mixed#104", "quarantined", "HTML nested too deeply"
    ),
    Case("greenhouse-future-date", "greenhouse:gh-mixed#105", "loaded", "posted_at=None"),
    Case("greenhouse-german", "greenhouse:gh-mixed#106", "loaded", "lang=other"),
    Case(
        "greenhouse-dup-id-other-text",
        "greenhouse:gh-mixed#101",
        "quarantined",
        "reused with different text",
    ),
    Case(
        "greenhouse-job-not-object",
        "greenhouse:gh-mixed#?",
        "quarantined",
        "expected a JSON object, got int",
    ),
    Case("greenhouse-http-500", "greenhouse:gh-500", "source_error", "HTTP 500"),
    Case("greenhouse-html-not-json", "greenhouse:gh-html", "source_error", "expected JSON"),
    Case("greenhouse-deep-json", "greenhouse:gh-deep", "source_error", "nested too deeply"),
    Case("greenhouse-missing-jobs-key", "greenhouse:gh-shape", "source_error", "'jobs' list"),
    Case("lever-id-list", "lever:lv-mixed#['x']", "quarantined", "id is not text (a list)"),
    Case("lever-lists-number", "lever:lv-mixed#lv-ok", "loaded", "posted_at=None"),
    Case(
        "lever-posting-not-object",
        "lever:lv-mixed#?",
        "quarantined",
        "expected a JSON object, got str",
    ),
    Case("lever-object-not-list", "lever:lv-shape", "source_error", "expected a JSON list"),
    Case("lever-truncated-body", "lever:lv-cut", "source_error", "lv-cut"),
    Case("ashby-locations-number", "ashby:ab-mixed#ab-ok", "loaded", "posted_at=None"),
    Case("ashby-missing-title", "ashby:ab-mixed#ab-notitle", "quarantined", "missing title"),
    Case("ashby-non-json-body", "ashby:ab-notjson", "source_error", "malformed JSON"),
    Case("smartrecruiters-good", "smartrecruiters:sr-mixed#sr-ok", "loaded", "text~BLS"),
    Case("smartrecruiters-no-id", "smartrecruiters:sr-mixed#None", "quarantined", "no usable id"),
    Case(
        "smartrecruiters-detail-500",
        "smartrecruiters:sr-mixed",
        "source_error",
        "posting sr-500: HTTP 500",
    ),
    Case(
        "smartrecruiters-detail-wrong-shape",
        "smartrecruiters:sr-mixed#sr-shape",
        "quarantined",
        "missing or empty description",
    ),
    Case("workable-title-number", "workable:wk-mixed#WK1", "loaded", "title=42"),
    Case(
        "workable-description-object",
        "workable:wk-mixed#WK2",
        "quarantined",
        "missing or empty description",
    ),
    # The HTML parser drops the lone surrogate: the text is clean, so the posting loads.
    Case(
        "workable-lone-surrogate-in-html",
        "workable:wk-mixed#WK3",
        "loaded",
        "text=RN license required",
    ),
    Case("workable-null-body", "workable:wk-null", "source_error", "'jobs' list"),
    Case("jsonld-good-bad-date", "/careers/mixed.html#job0", "loaded", "posted_at=None"),
    Case(
        "jsonld-broken-json",
        "/careers/mixed.html#ld1",
        "quarantined",
        "JSON-LD block is not valid JSON",
    ),
    Case("jsonld-deep-json", "/careers/mixed.html#ld2", "quarantined", "nested too deeply"),
    Case(
        "jsonld-title-object",
        "/careers/mixed.html#job1",
        "quarantined",
        "title is not text (an object)",
    ),
    Case(
        "jsonld-wrong-type", "/careers/wrongtype.html", "source_error", "no schema.org JobPosting"
    ),
    Case("jsonld-html-bomb-page", "/careers/bomb.html", "quarantined", "HTML nested too deeply"),
]


# -- the one refresh --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    jsonl = tmp / "bad.jsonl"
    jsonl.write_bytes(b"\n".join(line for _, line, _, _ in JSONL) + b"\n")
    csv_path = tmp / "bad.csv"
    rows = ["id,title,description", *(_csv_line(cells) for _, cells, _, _ in CSV_ROWS)]
    csv_path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    cp1252 = tmp / "excel.csv"
    cp1252.write_bytes(
        "id,title,description\r\nx1,Enfermera,Licencia RN — “vigente”\r\n".encode("cp1252")
    )
    (tmp / "empty.jsonl").write_bytes(b"")
    (tmp / "header-only.csv").write_bytes(b"id,title,description\r\n")
    whole = gzip.compress(b"\n".join(js(**good(f"gz{i}")) for i in range(50)) + b"\n")
    (tmp / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp / "plain.jsonl.gz").write_bytes(js(**good("nogz")) + b"\n")
    pages = tmp / "pages"
    pages.mkdir()
    for _, name, data, _, _ in HTML_FILES:
        (pages / name).write_bytes(data)
    inputs = [
        jsonl,
        csv_path,
        cp1252,
        tmp / "empty.jsonl",
        tmp / "header-only.csv",
        tmp / "cut.jsonl.gz",
        tmp / "plain.jsonl.gz",
        pages,
    ]
    with FaultServer() as srv:
        routes(srv)
        entries = [{"kind": k, "token": t, "base_url": srv.url} for k, t in SOURCE_ENTRIES]
        entries += [{"kind": "jsonld", "token": f"{srv.url}/careers/{p}"} for p in LD_PAGES]
        sources = tmp / "sources.yaml"
        http = {"min_interval": 0, "retries": 1, "backoff": 0.01, "cache_dir": str(tmp / "c")}
        sources.write_text(yaml.safe_dump({"http": http, "sources": entries}), encoding="utf-8")
        db = tmp / "bad.duckdb"
        summary = refresh(inputs=inputs, db=db, role=ROLE, sources=sources)
    with Warehouse.open(db, read_only=True) as wh:
        quarantine = wh.con.execute("SELECT input_ref, reason FROM quarantine").fetchall()
        postings = wh.con.execute(
            "SELECT input_ref, external_id, title, text, posted_at, lang FROM postings"
        ).fetchall()
    return {
        "tmp": tmp,
        "db": db,
        "summary": summary,
        "server": srv.url,
        "quarantine": quarantine,
        "postings": postings,
        "jsonl": jsonl,
        "csv": csv_path,
        "pages": pages,
    }


def _local(ref: str, server: str) -> str:
    return ref.replace(server, "")


def _quarantined(run, ref: str) -> list[str]:
    return [r for q, r in run["quarantine"] if _local(q, run["server"]) == ref]


def _loaded(run, ref: str) -> list[tuple]:
    return [p for p in run["postings"] if _local(p[0], run["server"]) == ref]


def _check_loaded(row: tuple, check: str) -> None:
    _, external_id, title, text, posted_at, lang = row
    key, op, want = re.match(r"(\w+)([=~])(.*)", check, re.S).groups()
    got = {"id": external_id, "title": title, "text": text, "posted_at": posted_at, "lang": lang}[
        key
    ]
    if op == "~":
        assert want in got, (check, got[:200])
    else:
        assert str(got) == want, (check, got)


def _assert_case(run, ref: str, outcome: str, expect: str) -> None:
    reasons, rows = _quarantined(run, ref), _loaded(run, ref)
    if outcome == "quarantined":
        assert any(expect in r for r in reasons), (ref, reasons)
    elif outcome == "loaded":
        assert len(rows) == 1, (ref, rows, reasons)
        _check_loaded(rows[0], expect)
    elif outcome == "source_error":
        errors = [
            e for e in run["summary"]["source_errors"] if e["source"] == ref or ref in e["reason"]
        ]
        assert any(expect in e["reason"] for e in errors), (ref, run["summary"]["source_errors"])
    else:  # duplicate / skipped: neither loaded nor quarantined at this reference
        assert not reasons and not rows, (ref, reasons, rows)


def test_the_summary_adds_up(run):
    s = run["summary"]
    assert s["read"] == s["loaded"] + s["quarantined"] + s["duplicates"]
    with Warehouse.open(run["db"], read_only=True) as wh:
        assert wh.counts()["quarantine"] == s["quarantined"]
    assert s["duplicates"] == 2  # one in the JSONL, one in the CSV
    assert len(run["postings"]) == s["loaded"]


@pytest.mark.parametrize(
    ("line", "outcome", "expect"),
    [(n, o, e) for n, (_, _, o, e) in enumerate(JSONL, start=1)],
    ids=[c[0] for c in JSONL],
)
def test_jsonl(run, line, outcome, expect):
    _assert_case(run, f"{run['jsonl']}:{line}", outcome, expect)


@pytest.mark.parametrize(
    ("line", "outcome", "expect"),
    [(n, o, e) for n, (_, _, o, e) in enumerate(CSV_ROWS, start=2)],
    ids=[c[0] for c in CSV_ROWS],
)
def test_csv(run, line, outcome, expect):
    _assert_case(run, f"{run['csv']}:{line}", outcome, expect)


@pytest.mark.parametrize(
    ("name", "outcome", "expect"),
    [(f, o, e) for _, f, _, o, e in HTML_FILES],
    ids=[c[0] for c in HTML_FILES],
)
def test_html_folder(run, name, outcome, expect):
    _assert_case(run, str(run["pages"] / name), outcome, expect)


@pytest.mark.parametrize("case", WEB, ids=[c.id for c in WEB])
def test_web_sources(run, case):
    _assert_case(run, case.ref, case.outcome, case.expect)


def test_csv_in_windows_1252_is_read(run):
    (row,) = _loaded(run, f"{run['tmp'] / 'excel.csv'}:2")
    assert "Licencia RN — “vigente”" in row[3]


def test_empty_files_give_no_records(run):
    for name in ("empty.jsonl", "header-only.csv"):
        ref = str(run["tmp"] / name)
        assert not [q for q, _ in run["quarantine"] if q.startswith(ref)]
        assert not [p for p in run["postings"] if p[0].startswith(ref)]


def test_truncated_gzip_keeps_what_it_read_and_quarantines_the_rest(run):
    ref = str(run["tmp"] / "cut.jsonl.gz")
    loaded = [p for p in run["postings"] if p[0].startswith(ref + ":")]
    damaged = [(q, r) for q, r in run["quarantine"] if q.startswith(ref + ":")]
    assert len(damaged) == 1 and "damaged compressed file" in damaged[0][1]
    assert damaged[0][0] == f"{ref}:{len(loaded) + 1}" and "lines after" in damaged[0][1]


def test_a_file_named_gz_that_is_not_gzip_is_quarantined(run):
    reasons = _quarantined(run, f"{run['tmp'] / 'plain.jsonl.gz'}:1")
    assert reasons and "Not a gzipped file" in reasons[0] and "nothing could be read" in reasons[0]


def test_unlisted_ashby_job_is_not_a_record(run):
    assert not _loaded(run, "ashby:ab-mixed#ab-hidden")
    assert not _quarantined(run, "ashby:ab-mixed#ab-hidden")


# -- sources file: load_sources names the file, the entry and what is wrong ------------------

SOURCES_FILES = [
    (
        "sources-latin1",
        "sources:\n  - kind: greenhouse\n    token: caf\xe9\n".encode("latin-1"),
        "not UTF-8 text",
    ),
    ("sources-deep-nesting", b"[" * DEEP + b"]" * DEEP, "nested too deeply"),
    (
        "sources-nul-byte",
        b"sources:\n  - kind: greenhouse\n    token: ac\x00me\n",
        "not valid YAML",
    ),
    ("sources-tab-indent", b"sources:\n\t- kind: greenhouse\n", "not valid YAML"),
    ("sources-kind-list", b"sources:\n  - kind: [greenhouse]\n    token: acme\n", "is not one of"),
    (
        "sources-token-mapping",
        b"sources:\n  - kind: lever\n    token: {a: 1}\n",
        "source #1: token must be text",
    ),
    (
        "sources-role-mapping",
        b"sources:\n  - kind: lever\n    token: a\n    role: {x: 1}\n",
        "role must be text",
    ),
    (
        "sources-base-url-number",
        b"sources:\n  - kind: ashby\n    token: a\n    base_url: 5\n",
        "base_url must be an http(s) URL",
    ),
    (
        "sources-jsonld-not-url",
        b"sources:\n  - kind: jsonld\n    token: careers page\n",
        "must be an http(s) page URL",
    ),
    (
        "sources-http-wrong-type",
        b"http:\n  min_interval: fast\nsources: []\n",
        "min_interval: expected a number",
    ),
    ("sources-http-negative", b"http:\n  retries: -1\nsources: []\n", "must be 0 or more"),
    (
        "sources-unknown-key",
        b"sources:\n  - kind: lever\n    token: a\n    tokn: b\n",
        "unknown key(s) tokn",
    ),
    (
        "sources-listed-twice",
        b"sources:\n  - {kind: lever, token: a}\n  - {kind: lever, token: a}\n",
        "listed twice",
    ),
    ("sources-scalar", b"just text\n", "expected a mapping"),
]


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in SOURCES_FILES], ids=[c[0] for c in SOURCES_FILES]
)
def test_sources_file(tmp_path, data, message):
    path = tmp_path / "sources.yaml"
    path.write_bytes(data)
    with pytest.raises(SourcesFileError) as exc:
        load_sources(path)
    assert str(exc.value).startswith(str(path)) and message in str(exc.value)


def test_sources_file_with_bom_and_crlf_is_read(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"\xef\xbb\xbfsources:\r\n  - kind: greenhouse\r\n    token: acme\r\n")
    _, specs = load_sources(path)
    assert [(s.kind, s.token) for s in specs] == [("greenhouse", "acme")]


def test_bad_sources_file_through_the_cli_is_one_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_bytes(SOURCES_FILES[0][1])
    result = runner.invoke(app, ["refresh", "--sources", str(path), "--db", str(tmp_path / "x")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error: {path}: not UTF-8 text" in result.output


# -- catalog YAML: load_catalog(directory) names the file and the entry ----------------------

ENTRY = b"- id: acme-cert\n  name: Acme Cert\n  issuer: Acme\n  type: certification\n"
CATALOG_FILES = [
    ("catalog-latin1", ENTRY.replace(b"Acme Cert", b"Acm\xe9 Cert"), "not UTF-8 text"),
    ("catalog-deep-nesting", b"[" * DEEP + b"]" * DEEP, "nested too deeply"),  # was SIGSEGV
    ("catalog-nul-byte", ENTRY.replace(b"Acme Cert", b"Acme\x00Cert"), "not valid YAML"),
    ("catalog-broken-yaml", b"- id: [\n", "not valid YAML"),
    ("catalog-top-level-mapping", b"id: acme-cert\n", "top level must be a list"),
    (
        "catalog-type-list",
        ENTRY.replace(b"type: certification", b"type: [license]"),
        "entry 1 (acme-cert): 'type' must be text",
    ),
    (
        "catalog-name-list",
        ENTRY.replace(b"name: Acme Cert", b"name: [a, b]"),
        "'name' must be text",
    ),
    ("catalog-level-mapping", ENTRY + b"  level: {a: 1}\n", "'level' must be text"),
    (
        "catalog-successor-list",
        ENTRY + b"  status: retired\n  successor: [x]\n",
        "'successor' must be text",
    ),
    ("catalog-generic-string", ENTRY + b"  generic: 'no'\n", "'generic' must be true or false"),
    ("catalog-duplicate-key", ENTRY + b"  name: Other Name\n", "duplicate key 'name'"),
    ("catalog-aliases-nested", ENTRY + b"  aliases: [[ACM]]\n", "'aliases' must be a list"),
    ("catalog-id-not-slug", ENTRY.replace(b"acme-cert", b"Acme Cert!"), "not a lowercase slug"),
    ("catalog-unknown-field", ENTRY + b"  alias: ACM\n", "unknown field(s) alias"),
    ("catalog-requires-unknown", ENTRY + b"  requires: [nope]\n", "requires unknown id 'nope'"),
]


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in CATALOG_FILES], ids=[c[0] for c in CATALOG_FILES]
)
def test_catalog_yaml(tmp_path, data, message):
    (tmp_path / "acme.yaml").write_bytes(data)
    with pytest.raises(CatalogError) as exc:
        load_catalog(tmp_path)
    assert message in str(exc.value)
    assert "acme.yaml" in str(exc.value) or "acme-cert" in str(exc.value)


def test_catalog_yaml_with_bom_and_crlf_is_read(tmp_path):
    (tmp_path / "acme.yaml").write_bytes(b"\xef\xbb\xbf" + ENTRY.replace(b"\n", b"\r\n"))
    assert [c.id for c in load_catalog(tmp_path)] == ["acme-cert"]


# -- CLI arguments: exit 1 with one `error:` line naming the argument, no traceback ----------


def cli_cases(tmp: Path, db: Path) -> list[tuple[str, list, str]]:
    (tmp / "notes.txt").write_text("RN")
    (tmp / "not-a-db.duckdb").write_text("hello")
    (tmp / "a.csv").write_text("title,description\nNurse,RN required\n")
    return [
        (
            "cli-input-unknown-kind",
            ["refresh", "-i", tmp / "notes.txt", "--db", tmp / "n.db"],
            "unknown input kind",
        ),
        (
            "cli-input-missing",
            ["refresh", "-i", tmp / "nope.jsonl", "--db", tmp / "n.db"],
            "no such file or directory",
        ),
        (
            "cli-column-no-equals",
            ["refresh", "--column", "text", "--db", tmp / "n.db"],
            "expected FIELD=HEADER",
        ),
        (
            "cli-column-unknown-field",
            ["refresh", "-i", tmp / "a.csv", "--column", "salary=pay", "--db", tmp / "n.db"],
            "--column salary: unknown field",
        ),
        (
            "cli-column-header-missing",
            [
                "refresh",
                "-i",
                tmp / "a.csv",
                "--column",
                "text=Job Description",
                "--db",
                tmp / "n.db",
            ],
            "not in header",
        ),
        (
            "cli-role-punctuation",
            ["refresh", "--role", "!!!", "--db", tmp / "n.db"],
            "--role '!!!'",
        ),
        ("cli-db-is-a-folder", ["refresh", "--db", tmp], "cannot open database"),
        (
            "cli-db-not-duckdb",
            ["floor", "--role", "registered-nurse", "--db", tmp / "not-a-db.duckdb"],
            "not a valid DuckDB",
        ),
        (
            "cli-db-missing",
            ["floor", "--role", "registered-nurse", "--db", tmp / "none.duckdb"],
            "no database here yet",
        ),
        ("cli-sql-empty", ["sql", "  ", "--db", db], "empty query"),
        (
            "cli-csv-and-json",
            ["floor", "--role", "registered-nurse", "--csv", "--json", "--db", db],
            "choose one of --csv and --json",
        ),
        (
            "cli-portfolio-maybe",
            ["audit", "--role", "registered-nurse", "--portfolio", "maybe", "--db", db],
            "expected yes or no",
        ),
        (
            "cli-resume-missing",
            ["audit", "--role", "registered-nurse", "--resume", tmp / "cv.txt", "--db", db],
            "no such file",
        ),
        ("cli-unknown-role", ["floor", "--role", "astronaut chef", "--db", db], "unknown role"),
        (
            "cli-extract-unknown-kind",
            ["extract", "-i", tmp / "notes.txt", "-o", tmp / "o.jsonl"],
            "unknown input kind",
        ),
        ("cli-export-suffix", ["export", "--out", tmp / "x.txt", "--db", db], ".csv or .parquet"),
    ]


def test_cli_arguments(run, tmp_path):
    """One test over the table (the cases need the refreshed database); each failure names its
    case."""
    failures = []
    for name, args, message in cli_cases(tmp_path, run["db"]):
        result = runner.invoke(app, [str(a) for a in args])
        out = result.output
        if (
            result.exit_code != 1
            or message not in out
            or "Traceback" in out
            or (not out.startswith("error: "))
        ):
            failures.append((name, result.exit_code, out[-300:]))
    assert not failures, failures


def test_cli_typer_rejects_bad_numbers_with_usage(run):
    result = runner.invoke(app, ["changes", "--role", "x", "--top", "-1", "--db", str(run["db"])])
    assert result.exit_code == 2 and "Invalid value for '--top'" in result.output


# -- audit --have names ------------------------------------------------------------------------

HAVE = [
    ("have-empty", "", [], []),
    ("have-only-commas", ",,, ,", [], []),
    ("have-unknown-name", "Astronaut License", [], ["Astronaut License"]),
    ("have-control-chars", "Astro\x00naut\tLicense", [], ["Astro naut License"]),
    ("have-emoji", "\U0001f600", [], ["\U0001f600"]),
    ("have-huge-name", "A" * 100_000, [], ["A" * 100_000]),
    (
        "have-fullwidth",
        "\uff33\uff45\uff43\uff55\uff52\uff49\uff54\uff59\uff0b",
        ["comptia-security-plus"],
        [],
    ),
    ("have-exam-code-twice", "SY0-701, sy0-701", ["comptia-security-plus"], []),
    ("have-non-english", "Licencia de enfermería", [], ["Licencia de enfermería"]),
]


@pytest.mark.parametrize(
    ("have", "ids", "unresolved"), [c[1:] for c in HAVE], ids=[c[0] for c in HAVE]
)
def test_audit_have_names(run, have, ids, unresolved):
    result = runner.invoke(
        app,
        ["audit", "--role", "registered-nurse", "--have", have, "--db", str(run["db"]), "--json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert [h["id"] if isinstance(h, dict) else h for h in out["have"]] == ids
    assert out["unresolved"] == unresolved
