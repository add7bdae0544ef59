"""`credfloor extract`: postings file -> mentions JSONL, with the same extractor as refresh."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from credfloor.extract.records import Rejected
from credfloor.extract.sources.files import read_path
from credfloor.flows.errors import USER_ERRORS
from credfloor.normalize.extractor import Extractor, load_extractor
from credfloor.normalize.locations import locate_posting

_JSON = json.JSONEncoder(
    ensure_ascii=False
)  # what json.dumps(..., ensure_ascii=False) builds per call


def extract_file(input: Path, output: Path, extractor: Extractor | None = None) -> dict[str, int]:
    """Write one JSON object per mention. `posting_id` is the input's own id for the posting
    (so results join back to the input); `warehouse_id` is the id the warehouse gives it."""
    extractor = extractor or load_extractor()
    counts = {"postings": 0, "mentions": 0, "rejected": 0}
    with output.open("w", encoding="utf-8") as out:
        # The mentions need only the id and the text: no language guess.
        for item in read_path(input, guess_language=False):
            if isinstance(item, Rejected):
                counts["rejected"] += 1
                continue
            counts["postings"] += 1
            country = posting_country(item.location)
            for m in extractor.extract(item.posting_id, item.text, country):
                record = dict(m.__dict__)  # asdict() deep-copies: 10x slower here
                record["warehouse_id"] = record["posting_id"]
                record["posting_id"] = item.external_id
                out.write(_JSON.encode(record) + "\n")
                counts["mentions"] += 1
    return counts


def posting_country(location: str | None) -> str | None:
    """The country the posting's location names ('Gravesend, United Kingdom' -> GB, 'Austin,
    TX' -> US), or None (then the precision rules read UK postings from the text). A UK
    advert's "registered nurse" is NMC registration, not a US state licence. A bare city name
    is not trusted: 'Exeter' and 'Ashford' are towns in England and in New England alike."""
    if not location:
        return None
    place = locate_posting(location)
    return place.country if place.how != "city" else None


def run_extract(input: Path, output: Path) -> int:
    """The whole `credfloor extract` command: the summary line (or one error line) on stderr,
    and the exit code. Both the Typer command and the console fast path (console.py) call it."""
    try:
        counts = extract_file(input, output)
    except USER_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{counts['postings']:,} postings, {counts['mentions']:,} mentions, "
        f"{counts['rejected']:,} rejected -> {output}",
        file=sys.stderr,
    )
    return 0
