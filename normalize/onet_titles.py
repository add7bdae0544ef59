"""The O*NET title index: ~60,000 alternate, short and reported titles and the occupation titles
themselves, normalized like a posting title (roles.normalize_phrase) and keyed to one SOC code.

A title O*NET lists under several occupations goes to one of them, in this order: the
occupation's own title, a reported title (what incumbents call their job), an alternate title;
then an occupation other than an "All Other" catch-all; then the occupation whose own title
shares more words with it ("Sales Representative": Sales Representatives, Wholesale...); then a
base `.00` occupation over its specialties; then the occupation with more titles (the broader
one: a generic title is likelier there); then the lower code. Single generic words ("Analyst", "Engineer",
"Consultant") are dropped: they name no occupation on their own. Reviewed corrections
(catalog/onet_corrections.yaml) override a key's occupation, or drop the key (`unknown`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from credfloor.normalize.occupations import occupations, onet_titles

# Words that name a field or a group, not a person ("Sales", "Data", "Team"): never a key alone
# (below), and no job word for normalize/roles.py to take a title's field default from.
FIELD_WORDS = frozenset(
    {
        "crew",
        "team",
        "support",
        "service",
        "services",
        "sales",
        "marketing",
        "operations",
        "finance",
        "management",
        "administration",
        "research",
        "development",
        "production",
        "maintenance",
        "manufacturing",
        "business",
        "data",
        "general",
    }
)

# One word that names no occupation by itself (the head of many titles): never a key alone.
GENERIC_WORDS = FIELD_WORDS | {
    "analyst",
    "engineer",
    "scientist",
    "consultant",
    "manager",
    "specialist",
    "technician",
    "technologist",
    "associate",
    "assistant",
    "coordinator",
    "officer",
    "director",
    "administrator",
    "representative",
    "lead",
    "leader",
    "supervisor",
    "developer",
    "designer",
    "architect",
    "worker",
    "operator",
    "clerk",
    "agent",
    "advisor",
    "adviser",
    "executive",
    "partner",
    "president",
    "member",
    "practitioner",
    "investigator",
    "aide",
    "helper",
    "inspector",
    "professional",
    "expert",
    "generalist",
    "controller",
    "owner",
    "principal",
    "head",
    "chief",
    "staff",
    "employee",
    "trainee",
    "intern",
    "apprentice",
    "volunteer",
    "researcher",
    "programmer",
    "instructor",
    "attendant",
    "planner",
    "handler",
    "mechanic",
    "installer",
    "monitor",
    "tester",
    "producer",
    "fellow",
    "faculty",
    "therapist",
    "counselor",
    "nurse",
    "doctor",
    "teacher",
    "tutor",
    "trainer",
    "coach",
    "driver",
    "laborer",
    "operative",
    "senior",
    "junior",
    "master",
    "journeyman",
    "foreman",
    "superintendent",
    "examiner",
    "auditor",
    "reviewer",
    "processor",
    "scheduler",
    "dispatcher",
    "buyer",
    "broker",
    "dealer",
    "rep",
    "vice",
    "facilitator",
    "liaison",
    "ambassador",
    "champion",
    "navigator",
    "guide",
    "host",
    "manager trainee",
    "runner",
    "sorter",
    "packer",
    "picker",
    "loader",
}

KIND_RANK = {"occupation": 0, "reported": 1, "alternate": 2, "short": 2}
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")


@dataclass
class OnetIndex:
    keys: dict[str, str] = field(default_factory=dict)  # normalized title -> SOC code or role id
    max_len: int = 1
    # fuzzy choices by (word count, first letter): a typo rarely hits the first letter, and the
    # buckets keep each rapidfuzz scan ~20x shorter than all titles of that length
    choices: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    reviewed: set[str] = field(default_factory=set)  # keys from the corrections file
    # "* developer": {role, not}: the head noun with any modifier means the role, unless a
    # veto word occurs in the title ("Real Estate Developer")
    heads: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    strong: set[str] = field(default_factory=set)  # occupation, reported and reviewed titles
    # "data analytics *": a title naming this field with only a generic job word for a head
    # ("Senior Manager, Data & Analytics") means the role
    domains: dict[str, str] = field(default_factory=dict)


def _forms(title: str) -> list[str]:
    """The phrases a listed title stands for: "Staff RN (Staff Registered Nurse)" -> both;
    "Cooks, Restaurant" -> also "Restaurant Cooks"."""
    inner = [m.group(1) for m in _PAREN.finditer(title)]
    outer = _PAREN.sub(" ", title).strip()
    forms = [outer, *inner]
    if outer.count(",") == 1:
        head, tail = (p.strip() for p in outer.split(","))
        forms += [f"{tail} {head}", head] if len(head.split()) > 1 else [f"{tail} {head}"]
    return [f for f in forms if f.strip()]


def load_corrections() -> dict:
    import yaml

    path = resources.files("credfloor.normalize.catalog") / "onet_corrections.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError("onet_corrections.yaml: expected a mapping of title -> code")
    return {str(k): v if isinstance(v, dict) else str(v) for k, v in data.items()}


def build_index(
    normalize_phrase: Callable[[str], str], corrections: dict | None = None
) -> OnetIndex:
    occ = occupations()
    titles = [(code, o.title, "occupation") for code, o in occ.items()] + onet_titles()
    per_code = Counter(code for code, _, _ in titles)
    occ_words = {code: set(normalize_phrase(o.title).split()) for code, o in occ.items()}
    best: dict[str, tuple] = {}
    for code, title, kind in titles:
        catch_all = "All Other" in occ[code].title
        for form in _forms(title):
            key = normalize_phrase(form)
            if not key or len(key) < 3 or key in GENERIC_WORDS:
                continue
            overlap = len(set(key.split()) & occ_words[code])
            rank = (
                KIND_RANK[kind],
                catch_all,
                -overlap,
                not code.endswith(".00"),
                -per_code[code],
                code,
            )
            if key not in best or rank < best[key]:
                best[key] = rank
    keys = {key: rank[-1] for key, rank in best.items()}
    heads: dict[str, tuple[str, tuple[str, ...]]] = {}
    domains: dict[str, str] = {}
    for title, code in (corrections or {}).items():
        key = normalize_phrase(title)
        if title.endswith(" *"):
            domains[normalize_phrase(title[:-2])] = str(code)
            continue
        if title.startswith("* "):
            vetoes = tuple(normalize_phrase(v) for v in code.get("not", []))
            heads[normalize_phrase(title[2:])] = (str(code["role"]), vetoes)
        elif code == "unknown":
            keys.pop(key, None)
        else:
            keys[key] = code
    reviewed = {normalize_phrase(t) for t in corrections or {} if "*" not in t}
    strong = {key for key, rank in best.items() if rank[0] <= 1} | reviewed
    index = OnetIndex(
        keys, reviewed=reviewed, heads=heads, strong=strong & set(keys), domains=domains
    )
    index.max_len = max(len(k.split()) for k in index.keys)
    for key in index.keys:
        if len(key) >= 6:
            index.choices.setdefault((len(key.split()), key[0]), []).append(key)
    return index
