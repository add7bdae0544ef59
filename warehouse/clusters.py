"""Repost clusters over the whole warehouse: one vote per advert (normalize/dedup.py decides).

Run after a refresh has loaded its postings, so a repost is found whether its other copies came
in the same run or in an earlier one.
"""

from __future__ import annotations

from credfloor.normalize.dedup import cluster_postings
from credfloor.warehouse.store import Warehouse


def recluster(wh: Warehouse, refresh_id: int | None = None) -> dict[str, int]:
    """Recompute every posting's cluster_id; return `clusters` (whole warehouse), `changed`
    (rows whose cluster_id moved) and `clustered` (postings of this refresh, or of the whole
    warehouse, folded into another posting's cluster, old or new)."""
    rows = wh.con.execute("SELECT posting_id, text, company, title FROM postings").fetchall()
    clusters = cluster_postings(rows)
    wh.con.execute("BEGIN")
    try:
        wh._bulk_insert(
            "_clusters", ["posting_id", "cluster_id"], list(clusters.items()), temp_like="postings"
        )
        (changed,) = wh.con.execute(
            """SELECT count(*) FROM postings p JOIN _clusters c USING (posting_id)
               WHERE p.cluster_id IS DISTINCT FROM c.cluster_id"""
        ).fetchone()
        wh.con.execute(
            """UPDATE postings SET cluster_id = c.cluster_id FROM _clusters c
               WHERE postings.posting_id = c.posting_id
                 AND postings.cluster_id IS DISTINCT FROM c.cluster_id"""
        )
        wh.con.execute("DROP TABLE _clusters")
        wh.con.execute("COMMIT")
    except Exception:
        wh.con.execute("ROLLBACK")
        raise
    # A cluster's id is its first member's posting_id: every other member is folded into it.
    where, params = ("AND last_refresh_id = ?", [refresh_id]) if refresh_id else ("", [])
    (clustered,) = wh.con.execute(
        f"SELECT count(*) FROM postings WHERE cluster_id <> posting_id {where}", params
    ).fetchone()
    return {"clusters": len(set(clusters.values())), "changed": changed, "clustered": clustered}
