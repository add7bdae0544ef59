"""Precision audit on a sample of the corpus the dev labels do not cover.

    python bench/precision_sample.py input  /tmp/audit/postings.jsonl
    .venv/bin/credfloor extract --input /tmp/audit/postings.jsonl --output /tmp/audit/before.jsonl
    python bench/precision_sample.py sample /tmp/audit/postings.jsonl /tmp/audit/before.jsonl
    python bench/precision_sample.py diff   /tmp/audit/postings.jsonl before.jsonl after.jsonl
    python bench/precision_sample.py score  judged.tsv before.jsonl after.jsonl

`input` writes the corpus minus the dev ids (../shared/corpus/gold/dev.jsonl). `sample` draws a
stratified random sample (fixed seed) of catalog mentions, weighted towards the classes where a
wrong id is likeliest, and prints each with ~200 characters either side; it also writes the
sample's keys to `<mentions>.sample.tsv` (posting id, start, credential id, class, and an empty
verdict column for the reader to fill with y/n). `diff` counts the mentions a change removed or
relabelled, per credential, and prints a sample of them in context. `score` gives each class's
precision on the judged sample for every mentions file named (a judged mention a later file no
longer has counts as removed; a removed true one is a loss the figures show).

Nothing here is written into the repository: the corpus text stays in ../shared and /tmp.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import ROOT, corpus_records, require_corpus  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "gold" / "dev.jsonl"
SEED = 17
REACH = 200

# How many of each class the sample draws (a mention belongs to the first class it fits).
QUOTAS = {
    "umbrella": 50,  # a generic '-any' entry
    "off-domain": 50,  # a credential of a field far from the posting's role
    "short-acronym": 60,  # surface of 2-4 capitals
    "license": 45,
    "degree-uk": 15,  # a degree on a posting with NHS / UK markers
    "certification": 30,  # every other certification or clearance
}

# The field a catalog file's credentials belong to; None: any field may ask for them.
FILE_DOMAIN = {
    "healthcare.yaml": "health",
    "healthcare-specialty.yaml": "health",
    "trades-transport.yaml": "trades",
    "accounting-finance.yaml": "business",
    "hr.yaml": "business",
    "supply-chain.yaml": "business",
    "us-licences.yaml": None,
    "uk-professional-bodies.yaml": None,
    "pmi.yaml": None,
    "six-sigma.yaml": None,
    "axelos.yaml": None,
    "scrum-alliance.yaml": None,
    "scrum-org.yaml": None,
    "safe.yaml": None,
    "business-services.yaml": None,
    "professional-certificates.yaml": None,
    "clearances.yaml": None,
    "degrees.yaml": None,
    "healthcare-it.yaml": "tech",
}
# The field of a role, from the major group of its O*NET-SOC code.
SOC_DOMAIN = {
    "15": "tech",
    "17": "tech",
    "29": "health",
    "31": "health",
    "11": "business",
    "13": "business",
    "41": "business",
    "43": "business",
    "23": "business",
    "47": "trades",
    "49": "trades",
    "51": "trades",
    "53": "trades",
}


def cmd_input(args) -> None:
    require_corpus()
    dev = {json.loads(line)["id"] for line in DEV.open()}
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for rec in corpus_records():
            if rec.get("id") in dev:
                continue
            out.write(json.dumps(rec) + "\n")
            n += 1
    print(f"{n:,} postings (corpus minus {len(dev)} dev ids) -> {args.out}")


def _postings(path: str) -> dict[str, dict]:
    """id -> {'title', 'text'}: the text the mentions' offsets point into."""
    from credfloor.extract.records import Rejected
    from credfloor.extract.sources.files import read_path

    out = {}
    for item in read_path(Path(path), guess_language=False):
        if not isinstance(item, Rejected):
            out[item.external_id] = {"title": item.title, "text": item.text}
    return out


def _mentions(path: str) -> list[dict]:
    return [m for m in map(json.loads, open(path, encoding="utf-8")) if m.get("credential_id")]


def _key(m: dict) -> tuple[str, int, str]:
    return (m["posting_id"], int(m["start"]), m["credential_id"])


def _is_uk(text: str) -> bool:
    from credfloor.normalize.precision import is_uk_posting

    return is_uk_posting(text)


def classify(m: dict, posting: dict, catalog, role_domain) -> str:
    cred = catalog[m["credential_id"]]
    if cred.type == "degree":
        return "degree-uk" if _is_uk(posting["text"]) else "degree"
    if cred.generic:
        return "umbrella"
    own = FILE_DOMAIN.get(cred.source_file.rsplit("/", 1)[-1], "tech")
    role = role_domain(posting["title"])
    if own and role and own != role:
        return "off-domain"
    surface = m["surface"].strip()
    if 2 <= len(surface) <= 4 and surface.isupper():
        return "short-acronym"
    return "license" if cred.type == "license" else "certification"


def _role_domain():
    from credfloor.normalize.roles import role_for_title

    cache: dict[str, str | None] = {}

    def domain(title: str) -> str | None:
        if title not in cache:
            role = role_for_title(title)
            cache[title] = SOC_DOMAIN.get((role.soc_code or "")[:2]) if role else None
        return cache[title]

    return domain


def context(text: str, start: int, end: int, reach: int = REACH) -> str:
    left = text[max(0, start - reach) : start]
    right = text[end : end + reach]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def cmd_sample(args) -> None:
    from credfloor.normalize.catalog import load_catalog

    catalog = load_catalog()
    postings = _postings(args.postings)
    domain = _role_domain()
    by_class: dict[str, list[dict]] = defaultdict(list)
    for m in _mentions(args.mentions):
        m["class"] = classify(m, postings[m["posting_id"]], catalog, domain)
        by_class[m["class"]].append(m)
    rng = random.Random(args.seed)
    print("class populations:", {k: len(v) for k, v in sorted(by_class.items())})
    picked = []
    for cls, quota in QUOTAS.items():
        pool = by_class.get(cls, [])
        picked += rng.sample(pool, min(quota, len(pool)))
    keys = Path(args.mentions + ".sample.tsv")
    with keys.open("w", encoding="utf-8") as out:
        out.write("posting_id\tstart\tcredential_id\tclass\tverdict\n")
        for i, m in enumerate(picked):
            p = postings[m["posting_id"]]
            out.write(f"{m['posting_id']}\t{m['start']}\t{m['credential_id']}\t{m['class']}\t\n")
            print(
                f"\n#{i} [{m['class']}] {m['credential_id']} ({m['method']}) title={p['title']!r}"
            )
            print("   ", context(p["text"], m["start"], m["end"]))
    print(f"\n{len(picked)} mentions; keys -> {keys}")


def cmd_diff(args) -> None:
    postings = _postings(args.postings)
    before = {_key(m): m for m in _mentions(args.before)}
    after = {_key(m) for m in _mentions(args.after)}
    after_at = {(k[0], k[1]) for k in after}
    gone = [m for k, m in before.items() if k not in after]
    kinds = Counter(
        (
            m["credential_id"],
            "relabelled" if (m["posting_id"], m["start"]) in after_at else "dropped",
        )
        for m in gone
    )
    added = len(after - set(before))
    print(
        f"{len(before):,} mentions before, {len(after):,} after: "
        f"{len(gone):,} removed or relabelled, {added:,} new (relabelled included)"
    )
    for (cid, kind), n in kinds.most_common(args.top):
        print(f"  {n:5d}  {kind:10s} {cid}")
    rng = random.Random(args.seed)
    for m in rng.sample(gone, min(args.n, len(gone))):
        p = postings[m["posting_id"]]
        print(f"\n{m['credential_id']} ({m['method']}) title={p['title']!r}")
        print("   ", context(p["text"], m["start"], m["end"], args.reach))


def cmd_score(args) -> None:
    rows = []
    with open(args.judged, encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            pid, start, cid, cls, verdict = (line.rstrip("\n").split("\t") + [""])[:5]
            if verdict.strip().lower() in ("y", "n"):
                rows.append(((pid, int(start), cid), cls, verdict.strip().lower() == "y"))
    print(f"{len(rows)} judged mentions")
    for path in args.mentions:
        present = {_key(m) for m in _mentions(path)}
        print(f"\n{path}")
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # kept true, kept, removed true
        for key, cls, ok in rows:
            for c in (cls, "all"):
                if key in present:
                    per[c][0] += ok
                    per[c][1] += 1
                else:
                    per[c][2] += ok
        for cls in [*QUOTAS, "all"]:
            t, k, lost = per[cls]
            if k or lost:
                print(
                    f"  {cls:14s} P {t / k if k else 0:.3f}  ({t}/{k} kept; true ones removed: {lost})"
                )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("input")
    p.add_argument("out")
    p.set_defaults(run=cmd_input)
    p = sub.add_parser("sample")
    p.add_argument("postings")
    p.add_argument("mentions")
    p.add_argument("--seed", type=int, default=SEED)
    p.set_defaults(run=cmd_sample)
    p = sub.add_parser("diff")
    p.add_argument("postings")
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--n", type=int, default=30)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--reach", type=int, default=150)
    p.add_argument("--seed", type=int, default=SEED)
    p.set_defaults(run=cmd_diff)
    p = sub.add_parser("score")
    p.add_argument("judged")
    p.add_argument("mentions", nargs="+")
    p.set_defaults(run=cmd_score)
    args = ap.parse_args()
    if args.cmd != "input":
        require_corpus()
    args.run(args)


if __name__ == "__main__":
    main()
