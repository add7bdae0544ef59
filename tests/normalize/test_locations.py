"""Location text -> country and region (normalize/locations.py) on our own messy test set."""

from __future__ import annotations

from pathlib import Path

import pytest

from credfloor.normalize.locations import locate_posting, resolve

CASES = Path(__file__).parent / "data" / "locations.tsv"


def _cases() -> list[tuple[str, str | None, str | None]]:
    out = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, country, region = line.split("\t")
        out.append((text, None if country == "-" else country, None if region == "-" else region))
    return out


def test_the_set_is_big_and_varied():
    cases = _cases()
    assert len(cases) >= 400
    assert len({c for _, c, _ in cases if c}) >= 20


def test_accuracy_on_our_location_set():
    """>= 97% right (unknown is right when we expect unknown) and <= 1% a wrong country;
    every miss is printed."""
    cases = _cases()
    right = wrong = 0
    misses = []
    region_checked = region_right = 0
    for text, country, region in cases:
        place = resolve(text)
        if place.country == country:
            right += 1
        else:
            wrong += place.country is not None
            misses.append(f"{text!r}: expected {country}, got {place.country} ({place.how})")
        if region and place.country == country:
            region_checked += 1
            region_right += place.region == region
            if place.region != region:
                misses.append(f"{text!r}: region expected {region}, got {place.region}")
    print(f"\n{right}/{len(cases)} right, {wrong} wrong country")
    print("\n".join(misses))
    assert right / len(cases) >= 0.97
    assert wrong / len(cases) <= 0.01
    assert region_right / region_checked >= 0.90


@pytest.mark.parametrize(
    ("location", "text", "country", "how"),
    [
        (None, "Band 5 nurse, NHS Foundation Trust, salary £28,407", "GB", "text"),
        ("", "401(k) match; NCLEX-RN passed", "US", "text"),
        ("London", "Join our NHS trust", "GB", "location+text"),
        ("Georgia", "Paid PTO and 401(k)", "US", "location+text"),
        # the location wins over the text: a US company's UK office
        ("Leeds, United Kingdom", "401(k) for US staff", "GB", "country"),
        ("Remote", "We pay in £ and $ and offer a 401(k)", None, "no place named"),
    ],
)
def test_text_signals_only_when_the_location_says_nothing(location, text, country, how):
    place = locate_posting(location, text)
    assert (place.country, place.how) == (country, how)


def test_cli_prints_one_line_per_text():
    from typer.testing import CliRunner

    from credfloor.flows.cli import app

    result = CliRunner().invoke(app, ["locations", "resolve", "Burlington, IA", "Georgia"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Burlington, IA\tUS\tUS-IA\tcity+code",
        "Georgia\t\t\tambiguous: GE US",
    ]


def test_jsonld_remote_job_names_its_applicants_country():
    from credfloor.extract.sources.jsonld import _location

    job = {
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "Country", "name": "United Kingdom"},
    }
    assert _location(job) == "Remote (United Kingdom)"
    assert resolve(_location(job)).country == "GB"
    place = {"address": {"addressLocality": "Leeds", "addressCountry": "GB"}}
    assert resolve(_location({"jobLocation": place})) == resolve("Leeds, GB")
    assert resolve("Leeds, GB").country == "GB"


def test_existing_warehouses_get_their_countries_in_place(tmp_path):
    """A warehouse made before postings had a country is filled when a writer opens it."""
    from credfloor.warehouse.store import PostingRow, Warehouse

    db = tmp_path / "old.duckdb"
    rows = [
        PostingRow(f"p{i}", "s", str(i), None, "Nurse", None, loc, None, None, None, f"h{i}",
                   text, None, None, None, None, None)
        for i, (loc, text) in enumerate(
            [("Leeds, UK", "x"), ("Austin, TX", "x"), (None, "Band 5, NHS trust"), ("Remote", "x")]
        )
    ]  # fmt: skip
    with Warehouse.open(db) as wh:
        rid = wh.start_refresh({}, "c", "e")
        wh.write_batch(rid, rows, [])
        wh.con.execute("ALTER TABLE postings DROP COLUMN region")
        wh.con.execute("ALTER TABLE postings DROP COLUMN country")
    with Warehouse.open(db) as wh:
        got = wh.con.execute(
            "SELECT posting_id, country, region FROM postings ORDER BY posting_id"
        ).fetchall()
    assert got == [
        ("p0", "GB", "GB-LDS"),
        ("p1", "US", "US-TX"),
        ("p2", "GB", None),
        ("p3", None, None),
    ]
