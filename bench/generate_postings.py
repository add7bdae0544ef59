"""Write N synthetic job postings to JSONL for scale tests (issue 10).

    uv run python bench/generate_postings.py --n 1000000 --out /tmp/postings-1m.jsonl [--seed 7]

Postings are assembled from template sentences and catalog credentials (not from the corpus):
realistic lengths (~2-4 KB), a credential mix drawn per role from the catalog's ecosystems,
requirement/preference cues, and ~5% reposts (same text under another id and source) so repost
clustering has work to do. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from credfloor.normalize.catalog import load_catalog

ROLES = {
    "Cloud Engineer": ["aws", "microsoft", "gcp", "cncf", "hashicorp", "degree"],
    "Cybersecurity Analyst": [
        "comptia",
        "isc2",
        "isaca",
        "giac",
        "ec-council",
        "degree",
        "us-clearance",
    ],
    "Registered Nurse": ["nursing", "aha-resuscitation", "degree"],
    "Data Analyst": ["google-career", "microsoft", "tableau", "degree"],
    "Project Manager": ["pmi", "scrum-alliance", "prince2", "six-sigma", "degree"],
    "IT Support Specialist": ["comptia", "microsoft", "itil", "degree"],
    "Accountant": ["aicpa", "ima", "iia", "degree"],
    "Truck Driver": ["cdl", "osha"],
}
FILLER = [
    "You will work closely with colleagues across the organisation to deliver reliable services.",
    "Our team values clear communication, curiosity and a willingness to learn new tools.",
    "The role involves planning, documenting and improving day-to-day operational processes.",
    "You will support stakeholders, triage requests and keep records accurate and up to date.",
    "We offer flexible hours, a pension plan, paid leave and a budget for professional development.",
    "Applicants must be able to work in the country without sponsorship.",
    "This is a full-time position with occasional travel between sites.",
    "We are an equal opportunity employer and welcome applicants from every background.",
]
REQ = ["{c} required.", "Must hold {c}.", "Minimum qualifications: {c}.", "{c} is mandatory."]
PREF = ["{c} preferred.", "{c} is a plus.", "Nice to have: {c}.", "Ideally you hold {c}."]
TITLE_PREFIX = ["", "", "Senior ", "Junior ", "Lead ", "Sr. "]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    catalog = load_catalog()
    pool: dict[str, list[str]] = {}
    for role, ecosystems in ROLES.items():
        names = [
            rng.choice((c.name, *c.aliases)) if c.aliases else c.name
            for c in catalog
            if c.ecosystem in ecosystems and not c.generic and c.status == "active"
        ]
        pool[role] = sorted(set(names)) or ["a relevant certification"]
    roles = list(ROLES)
    t0 = time.perf_counter()
    previous: list[dict] = []
    with a.out.open("w", encoding="utf-8") as out:
        for i in range(a.n):
            if previous and rng.random() < 0.05:  # a repost of a recent ad elsewhere
                rec = dict(rng.choice(previous), id=f"syn-{i}", source="synthetic-agency")
            else:
                role = rng.choice(roles)
                names = pool[role]
                # A few credentials are common in each role (the floor), the rest a long tail.
                head = names[: max(1, len(names) // 10)]
                creds = rng.sample(head, min(2, len(head))) + rng.sample(names, min(2, len(names)))
                lines = [f"About the role\n{' '.join(rng.sample(FILLER, 4))}", "Requirements"]
                lines += ["- " + rng.choice(REQ).format(c=c) for c in creds[:2]]
                lines += ["Preferred qualifications"]
                lines += ["- " + rng.choice(PREF).format(c=c) for c in creds[2:]]
                lines += ["Benefits", " ".join(rng.sample(FILLER, 5))]
                rec = {
                    "id": f"syn-{i}",
                    "source": "synthetic",
                    "title": rng.choice(TITLE_PREFIX) + role,
                    "company": f"Company {rng.randrange(5000)}",
                    "location": rng.choice(["Remote", "London", "Austin, TX", "Toronto", "Leeds"]),
                    "posted": f"2026-{rng.randrange(5, 12):02d}-{rng.randrange(1, 29):02d}",
                    "description": "\n".join(lines),
                }
                previous = (previous + [rec])[-1000:]
            out.write(json.dumps(rec) + "\n")
    size = a.out.stat().st_size / 2**20
    print(
        f"wrote {a.n:,} postings ({size:,.0f} MiB) to {a.out} in {time.perf_counter() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
