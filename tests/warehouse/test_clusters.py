"""Repost clusters are recomputed over the whole warehouse, across refreshes."""

from credfloor.warehouse.clusters import recluster
from credfloor.warehouse.store import PostingRow, Warehouse

AD = (
    "We need a cloud engineer to build our AWS landing zone and the shared platform teams deploy "
    "to. You will write Terraform modules, review pull requests and keep the platform documented. "
    "You will be on call one week in six and automate away what pages us. Four years of AWS and "
    "Linux experience and the AWS Solutions Architect Associate certification are required."
)


def _row(i: int, text: str, title: str = "Cloud Engineer") -> PostingRow:
    return PostingRow(
        posting_id=f"p{i}",
        source="test",
        external_id=str(i),
        url=None,
        title=title,
        company="Acme",
        location=None,
        posted_at=None,
        valid_through=None,
        fetched_at=None,
        content_hash=f"h{i}",
        text=text,
        lang="en",
        role_id="cloud-engineer",
        seniority="mid",
        cluster_id=f"h{i}",
        input_ref=None,
    )


def test_recluster_across_refreshes(tmp_path):
    with Warehouse.open(tmp_path / "c.duckdb") as wh:
        wh.write_batch(1, [_row(1, AD), _row(2, "A registered nurse for the night shift.")], [])
        assert recluster(wh, 1)["clustered"] == 0
        wh.write_batch(
            2, [_row(3, AD + " Apply today through our agency.", "Sr. Cloud Engineer")], []
        )
        out = recluster(wh, 2)
        assert out["clustered"] == 1 and out["clusters"] == 2
        got = dict(wh.con.execute("SELECT posting_id, cluster_id FROM postings").fetchall())
        assert got == {"p1": "p1", "p2": "p2", "p3": "p1"}
        assert recluster(wh)["changed"] == 0
