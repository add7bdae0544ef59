"""Rebuild the bundled O*NET extracts from the O*NET text files (converted to UTF-8 TSV).

    python normalize/catalog/onet/build.py DIR

DIR holds occupations.tsv, alternate_titles.tsv, sample_of_reported_titles.tsv and
education_training_experience.tsv (O*NET 27.0/30.0, CC BY 4.0; see NOTICE). Writes, gzipped
with a fixed timestamp so a rebuild is byte-identical:

- occupations.tsv.gz: soc_code, title (descriptions are not used)
- titles.tsv.gz: soc_code, title, kind (alternate | short | reported)
- education.tsv.gz: soc_code, category (1-12), share (%): the "Required Level of Education"
  (scale RL) distribution, rows flagged recommend_suppress kept (the shares must add up).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _write(name: str, header: list[str], rows: list[tuple]) -> None:
    buf = io.StringIO()
    buf.write("\t".join(header) + "\n")
    for row in rows:
        buf.write("\t".join(str(v) for v in row) + "\n")
    with (
        (HERE / name).open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))
    print(f"{name}: {len(rows):,} rows")


def main(src: Path) -> None:
    occ = _rows(src / "occupations.tsv")
    _write("occupations.tsv.gz", ["soc_code", "title"], [(r["soc_code"], r["title"]) for r in occ])
    titles: list[tuple] = []
    seen = set()

    def add(code: str, title: str, kind: str) -> None:
        key = (code, title.strip().lower())
        if title.strip() and key not in seen:
            seen.add(key)
            titles.append((code, title.strip(), kind))

    for r in _rows(src / "alternate_titles.tsv"):
        add(r["soc_code"], r["alternate_title"], "alternate")
        if r["short_title"]:
            add(r["soc_code"], r["short_title"], "short")
    for r in _rows(src / "sample_of_reported_titles.tsv"):
        add(r["soc_code"], r["reported_title"], "reported")
    _write("titles.tsv.gz", ["soc_code", "title", "kind"], titles)
    edu = [
        (r["soc_code"], int(r["category"]), r["data_value"])
        for r in _rows(src / "education_training_experience.tsv")
        if r["scale_id"] == "RL"
    ]
    _write("education.tsv.gz", ["soc_code", "category", "share"], edu)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
