"""Titles -> roles: the hand-written title set, seniority, exclusions and the table's shape."""

import re
from collections import Counter
from pathlib import Path

import pytest

from credfloor.normalize.roles import (
    SENIORITY_LEVELS,
    all_roles,
    classify_title,
    load_roles,
    normalize_title,
    resolve_title,
    role_by_id_or_name,
    role_for_title,
    role_from_name,
    role_table,
    seniority_for_title,
)

TITLES = Path(__file__).with_name("role_titles.tsv")


def _title_set() -> list[tuple[str, str]]:
    """(title, expected role id or "unknown"); an expected O*NET-SOC code names its role."""
    rows = []
    for line in TITLES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            title, expected = line.split("\t")
            expected = expected.strip()
            if re.match(r"^\d{2}-\d{4}\.\d{2}$", expected):
                role = role_by_id_or_name(expected)
                assert role is not None, f"{title!r}: no O*NET occupation {expected}"
                expected = role.id
            rows.append((title, expected))
    return rows


def test_title_set_accuracy_and_wrong_role_rate():
    rows = _title_set()
    assert len(rows) >= 600
    assert len({t for t, _ in rows}) == len(rows), "a title is listed twice"
    role_ids = {r.id for r in all_roles()}
    assert {e for _, e in rows} - {"unknown"} <= role_ids
    assert {r.id for r in load_roles()} <= {e for _, e in rows}, "every curated role needs titles"
    assert sum(e == "unknown" for _, e in rows) >= 60
    correct, wrong, confusion = 0, 0, Counter()
    failures = []
    for title, expected in rows:
        got = classify_title(title).role_id or "unknown"
        if got == expected:
            correct += 1
            continue
        if got != "unknown":
            wrong += 1
        confusion[(expected, got)] += 1
        failures.append(f"  {title!r}: expected {expected}, got {got}")
    accuracy, wrong_rate = correct / len(rows), wrong / len(rows)
    report = (
        f"accuracy {accuracy:.3f}, wrong-occupation rate {wrong_rate:.3f} over {len(rows)} titles\n"
        + "\n".join(failures)
        + "\nconfusion (expected -> got):\n"
        + "\n".join(f"  {e} -> {g}: {n}" for (e, g), n in confusion.most_common())
    )
    print(report)
    assert accuracy >= 0.93, report
    assert wrong_rate <= 0.02, report


@pytest.mark.parametrize(
    ("title", "role_id", "seniority"),
    [
        ("Sr. Cloud Engineer II (AWS) - Remote", "cloud-engineer", "senior"),
        ("Cloud Infrastructure Engineer", "cloud-engineer", "mid"),
        ("Junior Data Analyst", "data-analyst", "entry"),
        ("Data Analyst Intern", "data-analyst", "intern"),
        ("Data Analyst I", "data-analyst", "entry"),
        ("Data Analyst III", "data-analyst", "senior"),
        ("Lead Data Engineer", "data-engineer", "lead"),
        ("Principal Data Scientist", "data-scientist", "lead"),
        ("Staff Data Scientist", "data-scientist", "lead"),
        ("Staff Nurse", "registered-nurse", "mid"),
        ("Senior Staff Nurse", "registered-nurse", "senior"),
        ("Nurse Manager", "registered-nurse", "manager"),
        ("Project Manager", "project-manager", "mid"),
        ("Senior Project Manager", "project-manager", "senior"),
        ("Data Science Manager", "data-scientist", "manager"),
        ("Director of Data Science", "data-scientist", "director"),
        ("VP, Software Engineering", "software-engineer", "director"),
        ("Associate Data Scientist", "data-scientist", "entry"),
        ("New Grad RN", "registered-nurse", "entry"),
        ("SOC Analyst (Tier 1)", "cybersecurity-analyst", "entry"),
        ("Accounting Manager", "accountant", "manager"),
        ("Apprentice Electrician", "electrician", "entry"),
    ],
)
def test_role_and_seniority(title, role_id, seniority):
    match = classify_title(title)
    assert (match.role_id, match.seniority) == (role_id, seniority)
    assert seniority_for_title(title) == seniority
    assert role_for_title(title).id == role_id


@pytest.mark.parametrize(
    "title", ["Analyst", "Senior Consultant", "Engineer II", "Team Lead", "Various Positions"]
)
def test_unknown_rather_than_wrong(title):
    role, seniority, score = resolve_title(title)
    assert role is None and score == 0 and seniority in SENIORITY_LEVELS


@pytest.mark.parametrize(
    ("title", "not_role"),
    [
        ("Cloud Sales Executive", "cloud-engineer"),
        ("Cloud Engineer - Sales", "cloud-engineer"),
        ("Veterinary Nurse", "registered-nurse"),
    ],
)
def test_exclusions_still_veto_curated_roles(title, not_role):
    assert classify_title(title).role_id != not_role


def test_near_misses_go_through_the_fuzzy_cutoff():
    typo = classify_title("Sofware Engineer")
    assert typo.role_id == "software-engineer" and typo.method == "fuzzy" and 90 <= typo.score < 100
    assert classify_title("Engineer, Cloud").role_id == "cloud-engineer"
    # a subset of an alias is not a near miss (O*NET files it under an occupation of its own)
    automation = classify_title("Automation Engineer")
    assert automation.role_id != "qa-engineer" and automation.method != "fuzzy"


def test_normalization_drops_noise_and_keeps_segments():
    norm = normalize_title("REQ-48812 Sr. Sys Admin III - Nights (Full-Time) | Denver, CO")
    assert norm.segments[0] == ("senior", "system", "administrator")
    assert norm.level == 3
    assert "req" not in norm.words and "48812" not in norm.words
    assert normalize_title("Registered Nurses - PRN - Per Diem").segments == (
        ("registered", "nurse"),
    )


def test_table_shape():
    roles = load_roles()
    assert len(roles) >= 40
    assert len({r.id for r in roles}) == len(roles)
    for role in roles:
        assert re.fullmatch(r"\d\d-\d{4}\.\d\d", role.soc_code or ""), role.id
        assert role.aliases, role.id
    role_table()  # raises if two roles share an alias


def test_role_from_name_keeps_explicit_roles():
    assert role_from_name("Cloud Engineer").id == "cloud-engineer"
    assert role_from_name("registered-nurse").id == "registered-nurse"
    assert role_from_name("RN").id == "registered-nurse"
    custom = role_from_name("Astronaut Pilot")
    assert (custom.id, custom.name, custom.soc_code) == ("astronaut-pilot", "Astronaut Pilot", None)


def test_every_onet_occupation_is_a_role_and_curated_ids_stay():
    from credfloor.normalize.roles import occupation_roles

    occ = occupation_roles()
    assert len(occ) == 1016
    assert occ["29-1141.00"].id == "registered-nurse"  # the curated role is the preferred name
    assert occ["15-1244.00"].id == "systems-administrator"  # soc_primary among three
    assert occ["35-3023.01"].id == "baristas" and occ["35-3023.01"].kind == "occupation"
    assert len({r.id for r in all_roles()}) == len(all_roles())
    for name in ("registered-nurse", "registered-nurses", "Registered Nurses", "29-1141"):
        assert role_by_id_or_name(name).id == "registered-nurse", name
    assert role_by_id_or_name("29-1141.01").id == "acute-care-nurses"
    assert role_from_name("29-1141").id == "registered-nurse"


@pytest.mark.parametrize(
    ("title", "role_id", "method"),
    [
        ("Director of Finance", "financial-managers", "onet-contained"),
        ("Engineering Technician - Electrical", None, "onet"),
        ("Senior Manager, Data & Analysis", "data-analyst", "onet-domain"),
        ("Teradata Developer", "software-engineer", "onet-head"),
        ("Real Estate Developer", None, None),
        ("Receptionist/Data Entry", "receptionists-and-information-clerks", "onet"),
        ("Consultant in Respiratory Medicine", "physicians-all-other", "onet-domain"),
    ],
)
def test_onet_routes(title, role_id, method):
    match = classify_title(title)
    if role_id is not None:
        assert match.role_id == role_id
    if method is None:
        assert match.role_id != "software-engineer"
    else:
        assert match.method == method


def test_other_languages_map_or_note_the_language():
    hit = classify_title("Javautvecklare till konsultbolag i Malmö")
    assert (hit.role_id, hit.method, hit.language) == ("software-engineer", "foreign", "sv")
    cut = classify_title("Receptionist sökes till hotell i Visby")
    assert cut.role_id == "receptionists-and-information-clerks" and cut.language == "sv"
    miss = classify_title("Sachbearbeiter Einkauf (m/w/d)")
    assert miss.role is None and miss.language == "de"
    assert classify_title("Data Analyst").language is None


def test_compiled_table_is_cached(tmp_path, monkeypatch):
    from credfloor.normalize import roles

    monkeypatch.setenv("CREDFLOOR_CACHE", str(tmp_path))
    roles.role_table.cache_clear()
    try:
        built = roles.role_table()
        assert list(tmp_path.glob("credfloor/roles-*.pickle"))
        roles.role_table.cache_clear()
        loaded = roles.role_table()
        assert loaded is not built and loaded.onet.keys == built.onet.keys
    finally:
        roles.role_table.cache_clear()


def test_reviewed_tables_name_known_roles_and_occupations():
    """Every code in onet_corrections.yaml and foreign_titles.yaml is a curated role id or an
    O*NET-SOC code (or `unknown`), and the curated SOC codes exist."""
    from credfloor.normalize.foreign_titles import load_foreign_titles
    from credfloor.normalize.occupations import occupations
    from credfloor.normalize.onet_titles import load_corrections

    codes = set(occupations())
    curated = {r.id for r in load_roles()}
    assert {r.soc_code for r in load_roles()} <= codes
    known = codes | curated
    for title, value in load_corrections().items():
        code = value["role"] if isinstance(value, dict) else value
        assert code in known | {"unknown"}, f"onet_corrections.yaml {title!r}: {code!r}"
    table = load_foreign_titles()
    for phrase, (code, lang) in table.phrases.items():
        assert code in known, f"foreign_titles.yaml {lang} {phrase!r}: {code!r}"
    for suffix, code, lang, _ in table.suffixes:
        assert code in known, f"foreign_titles.yaml {lang} suffix {suffix!r}: {code!r}"
