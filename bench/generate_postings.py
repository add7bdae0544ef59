"""Write N synthetic job postings to JSONL for scale tests (issue 10).

    uv run python bench/generate_postings.py --n 1000000 --out /tmp/postings-1m.jsonl [--seed 7]

Postings are assembled from generated sentences and catalog credentials (not from the corpus):
realistic lengths (~2-3 KB), a credential mix drawn per role from the catalog's ecosystems,
requirement/preference cues, each employer's own blurb and a common EEO line (boilerplate), duties
that differ from ad to ad (as real adverts do: otherwise every ad of a role is a near-duplicate of
every other), ~5% exact reposts (same text under another id and source) and ~2% reworded ones
(paragraphs shuffled, an agency line added), so repost clustering has work to do. Deterministic
for a given seed.
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
VERBS = (
    "build design run operate maintain review improve document test deploy monitor support plan "
    "coordinate analyse report audit migrate automate secure train mentor triage schedule assess "
    "configure estimate reconcile prepare present negotiate investigate validate"
).split()
NOUNS = (
    "pipelines dashboards budgets contracts patients schedules servers networks databases "
    "reports invoices forecasts policies vendors tickets releases backups workloads clinics wards "
    "accounts ledgers routes deliveries shipments audits controls incidents integrations "
    "workflows models datasets campaigns projects roadmaps teams sites permits inspections claims "
    "payroll procedures trainings endpoints firewalls clusters containers applications"
).split()
ADJS = (
    "daily weekly monthly quarterly regional national critical shared internal external legacy "
    "new complex routine urgent secure reliable accurate clinical financial operational technical "
    "remote onsite hybrid cross-functional customer-facing high-volume"
).split()
TAILS = (
    "for our clients|across three sites|with the operations team|under tight deadlines|in line "
    "with company policy|for senior leadership|with minimal supervision|as part of a small team|"
    "across several time zones|to agreed service levels|for the night shift|during peak season|"
    "with outside partners|in a regulated environment"
).split("|")
EEO = [
    "We are an equal opportunity employer and welcome applicants from every background.",
    "All qualified applicants will receive consideration for employment without regard to race, "
    "color, religion, sex, national origin, disability or veteran status.",
    "We are committed to an inclusive workplace and provide reasonable accommodations on request.",
]


def duty(rng: random.Random) -> str:
    """A duty sentence: word choices vary enough that two ads rarely share a 4-word run."""
    words = [rng.choice(VERBS).capitalize(), rng.choice(ADJS), rng.choice(NOUNS)]
    words += ["and", rng.choice(VERBS), rng.choice(ADJS), rng.choice(NOUNS), rng.choice(TAILS)]
    return " ".join(words) + "."


def company_blurb(company: int) -> str:
    """The employer's own boilerplate: the same in every ad of that company."""
    crng = random.Random(company)
    return " ".join(
        f"Company {company} {crng.choice(VERBS)}s {crng.choice(ADJS)} {crng.choice(NOUNS)} "
        f"{crng.choice(TAILS)} since {crng.randrange(1950, 2020)}."
        for _ in range(2)
    )


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
            draw = rng.random()
            if previous and draw < 0.05:  # a repost of a recent ad elsewhere
                rec = dict(rng.choice(previous), id=f"syn-{i}", source="synthetic-agency")
            elif previous and draw < 0.07:  # reworded by an agency
                base = rng.choice(previous)
                paras = base["description"].split("\n\n")
                rng.shuffle(paras)
                paras.append("Apply through TopTalent Staffing and a recruiter will call you.")
                rec = dict(
                    base,
                    id=f"syn-{i}",
                    source="synthetic-agency",
                    title=rng.choice(TITLE_PREFIX) + base["role"],
                    company="TopTalent Staffing",
                    description="\n\n".join(paras),
                )
            else:
                role = rng.choice(roles)
                names = pool[role]
                company = rng.randrange(5000)
                # A few credentials are common in each role (the floor), the rest a long tail.
                head = names[: max(1, len(names) // 10)]
                creds = rng.sample(head, min(2, len(head))) + rng.sample(names, min(2, len(names)))
                paras = [
                    "About us\n" + company_blurb(company),
                    "About the role\n" + " ".join(duty(rng) for _ in range(rng.randrange(5, 9))),
                    "What you will do\n"
                    + "\n".join("- " + duty(rng) for _ in range(rng.randrange(4, 8))),
                    "Requirements\n"
                    + "\n".join("- " + rng.choice(REQ).format(c=c) for c in creds[:2]),
                    "Preferred qualifications\n"
                    + "\n".join("- " + rng.choice(PREF).format(c=c) for c in creds[2:]),
                    "Benefits\n" + " ".join(rng.sample(FILLER, 3)) + " " + rng.choice(EEO),
                ]
                rec = {
                    "id": f"syn-{i}",
                    "source": "synthetic",
                    "title": rng.choice(TITLE_PREFIX) + role,
                    "role": role,
                    "company": f"Company {company}",
                    "location": rng.choice(["Remote", "London", "Austin, TX", "Toronto", "Leeds"]),
                    "posted": f"2026-{rng.randrange(5, 12):02d}-{rng.randrange(1, 29):02d}",
                    "description": "\n\n".join(paras),
                }
                previous = (previous + [rec])[-1000:]
            out.write(json.dumps({k: v for k, v in rec.items() if k != "role"}) + "\n")
    size = a.out.stat().st_size / 2**20
    print(
        f"wrote {a.n:,} postings ({size:,.0f} MiB) to {a.out} in {time.perf_counter() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
