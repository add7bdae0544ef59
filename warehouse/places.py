"""Filling postings.country and postings.region in warehouses made before they existed (issue 18):
each distinct location resolved once (normalize/locations.py); the posting text is read only for
postings whose location names no place, as a refresh would."""

from __future__ import annotations

from credfloor.normalize.locations import locate_posting, resolve
from credfloor.warehouse.store import Warehouse


def fill_places(wh: Warehouse) -> int:
    """Set country/region of every posting that has none; returns how many got a country."""
    locations = [
        r[0]
        for r in wh.con.execute(
            "SELECT DISTINCT location FROM postings WHERE country IS NULL"
        ).fetchall()
    ]
    rows = []
    undecided = []
    for loc in locations:
        place = resolve(loc)
        if place.country is not None:
            rows.append((loc, place.country, place.region))
        else:
            undecided.append(loc)
    wh.con.execute("BEGIN")
    try:
        wh.con.execute(
            "CREATE TEMP TABLE _places (location VARCHAR, country VARCHAR, region VARCHAR)"
        )
        if rows:
            wh.con.executemany("INSERT INTO _places VALUES (?, ?, ?)", rows)
        wh.con.execute(
            """UPDATE postings p SET country = x.country, region = x.region FROM _places x
               WHERE p.country IS NULL AND p.location = x.location"""
        )
        # Locations that name no place (or a name several countries share): the text decides.
        by_text = []
        if undecided:
            cur = wh.con.execute(
                """SELECT posting_id, location, text FROM postings
                   WHERE country IS NULL AND (location IS NULL OR location IN
                         (SELECT unnest(?::VARCHAR[])))""",
                [[loc for loc in undecided if loc is not None]],
            )
            while batch := cur.fetchmany(10_000):
                for pid, loc, text in batch:
                    place = locate_posting(loc, text)
                    if place.country is not None:
                        by_text.append((pid, place.country, place.region))
        if by_text:
            wh.con.execute(
                "CREATE TEMP TABLE _by_text (posting_id VARCHAR, country VARCHAR, region VARCHAR)"
            )
            wh.con.executemany("INSERT INTO _by_text VALUES (?, ?, ?)", by_text)
            wh.con.execute(
                """UPDATE postings p SET country = x.country, region = x.region FROM _by_text x
                   WHERE p.posting_id = x.posting_id"""
            )
            wh.con.execute("DROP TABLE _by_text")
        wh.con.execute("DROP TABLE _places")
        (n,) = wh.con.execute("SELECT count(*) FROM postings WHERE country IS NOT NULL").fetchone()
        wh.con.execute("COMMIT")
    except BaseException:
        wh.con.execute("ROLLBACK")
        raise
    return int(n)
