"""Two refreshes with different inputs, then `credfloor changes` (snapshots + floor_changes)."""

import json
import random

from typer.testing import CliRunner

from credfloor.flows.cli import app
from credfloor.flows.refresh import refresh
from credfloor.warehouse.queries import changes
from credfloor.warehouse.store import Warehouse
from tests.conftest import write_jsonl

WORDS = (
    "ledger harbor velvet quarry lantern meadow cobalt timber saffron glacier orchard falcon "
    "granite willow ember prairie copper thistle canyon marble juniper beacon tundra raven "
    "cedar delta summit fjord lagoon mosaic nectar opal pebble quartz reef sierra tulip"
).split()


def _postings(path, pl300: int, data_plus: int, seed: int):
    """10 Data Analyst adverts (ids a0..a9): the first `pl300` name PL-300, the last
    `data_plus` CompTIA Data+. Each has its own filler text, so none is a repost."""
    rng = random.Random(seed)
    lines = []
    for i in range(10):
        filler = ". ".join(" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(6))
        needs = []
        if i < pl300:
            needs.append("PL-300 certification required.")
        if i >= 10 - data_plus:
            needs.append("CompTIA Data+ certification required.")
        text = f"Advert {i} {seed}. {filler}. " + " ".join(needs)
        lines.append(json.dumps({"id": f"a{i}", "title": "Data Analyst", "description": text}))
    return write_jsonl(path, lines)


def test_two_refreshes_then_changes(tmp_path):
    db = tmp_path / "c.duckdb"
    first = refresh(inputs=[_postings(tmp_path / "one.jsonl", 7, 2, 1)], db=db)
    second = refresh(inputs=[_postings(tmp_path / "two.jsonl", 4, 8, 2)], db=db)
    assert first["snapshot_rows"] == second["snapshot_rows"] == 2
    with Warehouse.open(db, read_only=True) as wh:
        snaps = wh.con.execute(
            "SELECT refresh_id, credential_id, postings_with, clusters_total, tier "
            "FROM signal_snapshots ORDER BY refresh_id, credential_id"
        ).fetchall()
        cols, rows = changes(wh, "Data Analyst")
    r1, r2 = first["refresh_id"], second["refresh_id"]
    pl, dp = "microsoft-power-bi-data-analyst-associate", "comptia-data-plus"
    assert snaps == [
        (r1, dp, 2, 10, "other"),
        (r1, pl, 7, 10, "floor"),
        (r2, dp, 8, 10, "floor"),
        (r2, pl, 4, 10, "specialization"),  # one role: concentration 1.0, 4 adverts >= 3
    ]
    got = [dict(zip(cols, r, strict=True)) for r in rows]
    assert [(g["change"], g["credential_id"]) for g in got] == [("entered", dp), ("left", pl)]
    assert (got[0]["recall_before"], got[0]["recall_after"], got[0]["recall_delta"]) == (
        0.2,
        0.8,
        0.6,
    )
    assert (got[1]["recall_before"], got[1]["recall_after"], got[1]["recall_delta"]) == (
        0.7,
        0.4,
        -0.3,
    )
    assert (got[0]["from_refresh_id"], got[0]["to_refresh_id"]) == (r1, r2)

    runner = CliRunner()
    out = runner.invoke(app, ["changes", "--role", "data-analyst", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.output.strip().splitlines()]
    assert [(x["change"], x["credential_id"]) for x in lines] == [("entered", dp), ("left", pl)]
    as_csv = runner.invoke(
        app, ["changes", "--role", "Data Analyst", "--since", str(r1), "--db", str(db), "--csv"]
    )
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.output.splitlines()[0].startswith("market,change,credential_id,")
    assert len(as_csv.output.strip().splitlines()) == 3
    table = runner.invoke(app, ["changes", "--role", "Data Analyst", "--db", str(db)])
    assert table.exit_code == 0 and "entered" in table.output and "left" in table.output
    bad = runner.invoke(
        app, ["changes", "--role", "Data Analyst", "--since", str(r2), "--db", str(db)]
    )
    assert bad.exit_code == 1 and "no earlier snapshot" in bad.output
    assert "Traceback" not in bad.output


def test_changes_needs_two_snapshots(tmp_path):
    db = tmp_path / "one.duckdb"
    refresh(inputs=[_postings(tmp_path / "one.jsonl", 7, 2, 1)], db=db)
    out = CliRunner().invoke(app, ["changes", "--role", "Data Analyst", "--db", str(db)])
    assert out.exit_code == 1 and "two refresh snapshots" in out.output


def _moves_postings(path, have: dict[str, int], seed: int):
    """10 Data Analyst adverts; the first have[phrase] of them name that credential."""
    rng = random.Random(seed)
    lines = []
    for i in range(10):
        filler = ". ".join(" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(6))
        needs = " ".join(f"{phrase} certification required." for phrase, n in have.items() if i < n)
        text = f"Advert {i} {seed}. {filler}. {needs}"
        lines.append(json.dumps({"id": f"m{i}", "title": "Data Analyst", "description": text}))
    return write_jsonl(path, lines)


def test_up_and_down_moves_and_top(tmp_path):
    """No credential enters or leaves the floor; three recalls move: Data+ up 0.4 (1 -> 5 of
    10), PL-300 down 0.2 (9 -> 7, still a floor), Security+ down 0.1 (4 -> 3). --top N keeps
    the N largest moves."""
    db = tmp_path / "m.duckdb"
    refresh(
        inputs=[
            _moves_postings(
                tmp_path / "one.jsonl", {"PL-300": 9, "CompTIA Data+": 1, "CompTIA Security+": 4}, 1
            )
        ],
        db=db,
    )
    refresh(
        inputs=[
            _moves_postings(
                tmp_path / "two.jsonl", {"PL-300": 7, "CompTIA Data+": 5, "CompTIA Security+": 3}, 2
            )
        ],
        db=db,
    )
    pl, dp, sec = (
        "microsoft-power-bi-data-analyst-associate",
        "comptia-data-plus",
        "comptia-security-plus",
    )
    runner = CliRunner()

    def moves(*top):
        out = runner.invoke(
            app, ["changes", "--role", "data-analyst", "--db", str(db), "--json", *top]
        )
        assert out.exit_code == 0, out.output
        rows = [json.loads(line) for line in out.output.strip().splitlines()]
        return [(r["change"], r["credential_id"], round(r["recall_delta"], 3)) for r in rows]

    # Security+ is the only member of the DoD 8570 IAT II group these adverts name: the group
    # row (catalog/groups) moves with it.
    everything = [
        ("up", dp, 0.4),
        ("down", pl, -0.2),
        ("down", sec, -0.1),
        ("down", "dod-8570-iat-2", -0.1),
    ]
    assert moves() == everything
    assert moves("--top", "2") == everything[:2]
    assert moves("--top", "1") == everything[:1]
    assert moves("--top", "0") == []
