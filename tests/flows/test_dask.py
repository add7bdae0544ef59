"""Extraction on a Dask cluster through Prefect's DaskTaskRunner (prefect-dask) gives the same
warehouse as a single-process refresh: a local cluster of two worker processes."""

from __future__ import annotations

import pytest

from credfloor.extract.sources.files import InputError
from credfloor.flows.refresh import refresh
from credfloor.warehouse.store import Warehouse


def rows(db):
    with Warehouse.open(db, read_only=True) as wh:
        q = wh.con.execute
        return {
            "postings": q(
                "SELECT posting_id, content_hash, role_id, seniority, cluster_id FROM postings "
                "ORDER BY posting_id"
            ).fetchall(),
            "mentions": q("SELECT * FROM mentions ORDER BY ALL").fetchall(),
            "floor": q(
                "SELECT role_id, credential_id, postings_with, clusters_total FROM floor_signals "
                "ORDER BY ALL"
            ).fetchall(),
        }


def test_two_dask_workers_give_the_single_process_rows(tmp_path):
    single = refresh(db=tmp_path / "single.duckdb", batch_size=10)
    dask = refresh(db=tmp_path / "dask.duckdb", batch_size=10, dask="local:2")
    for key in ("read", "loaded", "quarantined", "duplicates", "mentions", "new"):
        assert dask[key] == single[key], key
    assert dask["loaded"] == 72
    assert rows(tmp_path / "dask.duckdb") == rows(tmp_path / "single.duckdb")


@pytest.mark.parametrize("spec", ["local:0", "local:many", "myhost:8786"])
def test_bad_dask_spec_is_a_clear_error(tmp_path, spec):
    with pytest.raises(InputError, match="--dask"):
        refresh(db=tmp_path / "x.duckdb", dask=spec)
