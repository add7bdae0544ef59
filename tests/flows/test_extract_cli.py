"""`credfloor extract`: the console fast path and the Typer command are one command."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credfloor.flows import console
from credfloor.flows.cli import app
from tests.conftest import ROOT

SAMPLES = ROOT / "extract" / "samples" / "sample_postings.jsonl"


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "--input", "in.jsonl", "--output", "out.jsonl"],
        ["extract", "-o", "out.jsonl", "-i", "in.jsonl"],
        ["extract", "--input=in.jsonl", "--output=out.jsonl"],
        ["extract", "--output", "out.jsonl", "--input=in.jsonl"],
    ],
)
def test_plain_forms_take_the_fast_path(argv):
    assert console.plain_extract_args(argv) == (Path("in.jsonl"), Path("out.jsonl"))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["floor", "--role", "x"],
        ["extract"],
        ["extract", "--help"],
        ["extract", "--input", "in.jsonl"],  # missing --output: Typer says so
        ["extract", "--input", "in.jsonl", "--output"],  # no value
        ["extract", "--input", "a", "--input", "b", "--output", "o"],  # given twice
        ["extract", "--input", "in.jsonl", "--output", "o", "--bogus"],
        ["extract", "--input", "in.jsonl", "--output", "-"],  # a dash value: Typer decides
        ["extract", "-iin.jsonl", "--output", "o"],  # glued short option: Typer parses it
        ["extract", "-i=in.jsonl", "--output", "o"],
        ["extract", "--input=", "--output", "o"],
    ],
)
def test_other_forms_go_to_typer(argv):
    assert console.plain_extract_args(argv) is None


def _fast(monkeypatch, capsys, *args) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["credfloor", "extract", *map(str, args)])
    with pytest.raises(SystemExit) as done:
        console.main()
    return done.value.code, capsys.readouterr().err


def test_fast_path_writes_what_the_typer_command_writes(tmp_path, monkeypatch, capsys):
    fast_out, typer_out = tmp_path / "fast.jsonl", tmp_path / "typer.jsonl"
    code, err = _fast(monkeypatch, capsys, "--input", SAMPLES, "--output", fast_out)
    result = CliRunner().invoke(
        app, ["extract", "--input", str(SAMPLES), "--output", str(typer_out)]
    )
    assert code == 0 and result.exit_code == 0, result.output
    rows = [json.loads(line) for line in fast_out.read_text(encoding="utf-8").splitlines()]
    assert rows and fast_out.read_bytes() == typer_out.read_bytes()
    assert {"posting_id", "warehouse_id", "credential_id", "strength", "start", "end"} <= set(
        rows[0]
    )
    postings = sum(1 for line in SAMPLES.open(encoding="utf-8") if line.strip())
    summary = f"{postings:,} postings, {len(rows):,} mentions, 0 rejected -> {fast_out}"
    assert err.strip() == summary
    assert summary.replace(str(fast_out), str(typer_out)) in result.output


def test_fast_path_reports_a_missing_input_like_typer(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "nope.jsonl"
    code, err = _fast(monkeypatch, capsys, "-i", missing, "-o", tmp_path / "m.jsonl")
    result = CliRunner().invoke(app, ["extract", "-i", str(missing), "-o", str(tmp_path / "t")])
    assert code == 1 and result.exit_code == 1
    line = f"error: {missing}: no such file or directory"
    assert err.strip() == line and line in result.output
    assert "Traceback" not in err


def test_extract_imports_no_heavy_library(tmp_path):
    """The fast path's point: no DuckDB, Prefect, matplotlib, selectolax (nor YAML, once the
    compiled catalog is cached) in an `extract` process. Typer, pydantic, httpx and Jinja2 are
    no longer in the list: spaCy (the recognizer, issue 17) imports them when a posting has a
    credential cue beside a capitalised word, as the samples do."""
    heavy = ("duckdb", "prefect", "matplotlib", "yaml")
    code = (
        "import sys\n"
        "from credfloor.flows import console\n"
        f"sys.argv = ['credfloor', 'extract', '-i', {str(SAMPLES)!r}, '-o', {str(tmp_path / 'm')!r}]\n"
        "try:\n"
        "    console.main()\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {(*heavy, 'selectolax')!r}))\n"
    )
    env = {**os.environ, "CREDFLOOR_CACHE": str(tmp_path / "cache")}
    for _ in range(2):  # the first run builds the compiled-catalog cache (from YAML)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("location", "country"),
    [
        ("Gravesend, United Kingdom", "GB"),
        ("Leeds, England", "GB"),
        ("Austin, TX", "US"),
        ("Exeter", None),  # a bare town name: England's or New Hampshire's
        ("Remote", None),
        (None, None),
    ],
)
def test_posting_country_trusts_a_location_that_names_its_country(location, country):
    from credfloor.flows.extraction import posting_country

    assert posting_country(location) == country


def test_extract_reads_the_country_from_the_location(tmp_path):
    """A UK advert's 'registered nurse' is NMC registration even when its text has no UK
    marker; the same words on a US advert are the state licence."""
    from credfloor.flows.extraction import extract_file

    text = "We are seeking an experienced registered nurse for our day surgery unit."
    rows = [
        {
            "id": "uk",
            "title": "Staff Nurse",
            "location": "Bath, United Kingdom",
            "description": text,
        },
        {"id": "us", "title": "Staff Nurse", "location": "Bath, ME", "description": text},
    ]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    extract_file(src, out)
    found = {(m["posting_id"], m["credential_id"]) for m in map(json.loads, out.open())}
    assert ("uk", "uk-nmc-registration") in found and ("uk", "nursing-rn-license") not in found
    assert ("us", "nursing-rn-license") in found


@pytest.mark.parametrize("fork", [True, False])
def test_workers_write_what_one_process_writes(tmp_path, monkeypatch, fork):
    """Past POOL_AFTER postings the batches go to worker processes (forked, or spawned and sent
    the extractor as on macOS); the file is the same, in input order, whatever the number of
    workers."""
    from credfloor.flows import extraction

    monkeypatch.setattr(extraction, "FORK", fork)
    monkeypatch.setattr(extraction, "POOL_AFTER", 3)
    monkeypatch.setattr(extraction, "BATCH", 2)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    counts_one = extraction.extract_file(SAMPLES, one, workers=0)
    counts_two = extraction.extract_file(SAMPLES, two, workers=2)
    assert counts_one == counts_two and counts_one["postings"] > 6
    assert one.read_bytes() == two.read_bytes() and counts_one["mentions"] > 0


def test_a_big_input_goes_to_the_workers_from_its_first_batch(tmp_path, monkeypatch):
    """Past settings.POOL_FROM_BYTES this process extracts nothing itself (it loads spaCy
    once, before the fork): the file is the one a single process writes."""
    from credfloor.flows import extraction

    monkeypatch.setattr(extraction, "BATCH", 2)
    pool_after: list[int] = []
    real = extraction._extracted
    monkeypatch.setattr(
        extraction, "_extracted", lambda b, w, after: pool_after.append(after) or real(b, w, after)
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    counts_one = extraction.extract_file(SAMPLES, one, workers=2)
    assert pool_after == [extraction.POOL_AFTER]  # the samples are small
    monkeypatch.setattr(extraction, "POOL_FROM_BYTES", 1)
    counts_two = extraction.extract_file(SAMPLES, two, workers=2)
    assert pool_after[1:] == [0]
    assert counts_one == counts_two and counts_one["postings"] > 6
    assert one.read_bytes() == two.read_bytes()


def test_a_big_input_is_read_in_a_process_of_its_own(tmp_path, monkeypatch):
    """Past POOL_FROM_BYTES a reader process parses the input while spaCy loads here: the
    file and the counts (rejected records too) are a single process's, and a reading error is
    raised here, with its own message."""
    from credfloor.extract.sources.files import InputError
    from credfloor.flows import extraction

    monkeypatch.setattr(extraction, "BATCH", 2)
    monkeypatch.setattr(extraction, "READ_AHEAD", 2)
    src = tmp_path / "in.jsonl"
    src.write_text(SAMPLES.read_text() + "not json\n" + '{"title": "No text"}\n')
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    counts_one = extraction.extract_file(src, one, workers=0)
    monkeypatch.setattr(extraction, "POOL_FROM_BYTES", 1)
    counts_two = extraction.extract_file(src, two, workers=2)
    assert counts_one == counts_two and counts_one["rejected"] == 2
    assert one.read_bytes() == two.read_bytes() and counts_one["mentions"] > 0
    bad = tmp_path / "in.txt"
    bad.write_text(src.read_text())
    with pytest.raises(InputError, match="unknown input kind"):
        extraction.extract_file(bad, tmp_path / "three.jsonl", workers=2)


def test_a_reader_that_dies_is_an_error_not_a_hang(tmp_path, monkeypatch):
    from credfloor.flows import extraction

    monkeypatch.setattr(extraction, "POOL_FROM_BYTES", 1)
    monkeypatch.setattr(extraction._Reader, "_run", lambda self, input: os._exit(3))
    with pytest.raises(RuntimeError, match="stopped .exit code 3"):
        extraction.extract_file(SAMPLES, tmp_path / "out.jsonl", workers=2)


def test_a_bad_worker_count_is_one_error_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CREDFLOOR_WORKERS", "two")
    code, err = _fast(monkeypatch, capsys, "-i", SAMPLES, "-o", tmp_path / "m.jsonl")
    assert code == 1 and "Traceback" not in err
    assert err.strip() == (
        "error: CREDFLOOR_WORKERS='two': expected a whole number of worker processes "
        "(0: work in this process)"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"surface": 'CompTIA "Security+"\\ \n\t\x01 – Ünïcode 🙂', "section": None},
        {"credential_id": None, "candidate_key": "togaf", "score": 0.9166666666666666},
        {"score": 1, "start": 0, "end": 10**12, "section": "Qualifications\u2028"},
        {"score": True},  # not a type extraction writes, but encoded as json does
    ],
)
def test_mention_line_is_what_json_writes(fields):
    from credfloor.flows.extraction import mention_line
    from credfloor.normalize.records import Mention

    base = dict(
        posting_id="wh1",
        credential_id="pmp",
        type="certification",
        strength="required",
        surface="PMP",
        start=3,
        end=6,
        method="name",
        score=1.0,
        section="Requirements",
        candidate_key=None,
    )
    m = Mention(**{**base, **fields})
    record = dict(m.__dict__)
    record["warehouse_id"] = record["posting_id"]
    record["posting_id"] = "input:7"
    expected = json.dumps(record, ensure_ascii=False) + "\n"
    assert mention_line(m, "input:7") == expected
    assert list(json.loads(mention_line(m, "input:7"))) == [
        "posting_id",
        *list(base)[1:],
        "warehouse_id",
    ]
