"""The bundled credential catalog is consistent, and the loader/validator report every kind of
problem (with the file named) rather than loading a broken catalog."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from credfloor.normalize.catalog import (
    Catalog,
    CatalogError,
    Credential,
    catalog_dir,
    load_catalog,
    norm_key,
    validate,
)
from credfloor.normalize.catalog.loader import ID_RE, LEVELS, REQUIRED_FIELDS, STATUSES, TYPES
from credfloor.normalize.catalog.profiles import ASSESSMENTS, ISSUER_KINDS

# ---------------------------------------------------------------------------------------------
# The bundled catalog
# ---------------------------------------------------------------------------------------------


def test_bundled_catalog_validates(catalog):
    assert validate(list(catalog)) == []


def test_catalog_is_large_enough(catalog):
    assert len(catalog) >= 400


def test_all_four_types_present(catalog):
    counts = Counter(c.type for c in catalog)
    assert set(counts) == TYPES
    assert all(counts[t] > 0 for t in TYPES)


def test_ids_unique_across_yaml_files():
    """The Catalog dict would silently keep only one of two equal ids: count them in the files."""
    ids: list[tuple[str, str]] = []
    for path in sorted(catalog_dir().glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            ids.append((str(raw["id"]), path.name))
    counts = Counter(cid for cid, _ in ids)
    dupes = {cid: [f for i, f in ids if i == cid] for cid, n in counts.items() if n > 1}
    assert dupes == {}


def test_ids_are_lowercase_slugs(catalog):
    bad = [c.id for c in catalog if not ID_RE.match(c.id) or c.id != c.id.lower()]
    assert bad == []


def test_dict_keys_match_entry_ids(catalog):
    assert all(cid == cred.id for cid, cred in catalog.credentials.items())


def test_required_fields_present_and_valid(catalog):
    problems = []
    for c in catalog:
        for f in REQUIRED_FIELDS:
            value = getattr(c, f)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{c.id}: empty {f}")
        if c.type not in TYPES:
            problems.append(f"{c.id}: type {c.type!r}")
        if c.level not in LEVELS:
            problems.append(f"{c.id}: level {c.level!r}")
        if c.status not in STATUSES:
            problems.append(f"{c.id}: status {c.status!r}")
        if not c.source_file.endswith(".yaml"):
            problems.append(f"{c.id}: source_file {c.source_file!r}")
    assert problems == []


def test_every_form_resolves_to_one_id_unless_ambiguous_everywhere(catalog):
    """A name/alias/exam code shared by two entries is allowed only when every sharing entry lists
    it among its ambiguous_aliases (and then cues decide)."""
    problems = []
    for c in catalog:
        for form in c.surface_forms():
            ids = catalog.ids_for(form)
            assert c.id in ids, f"{c.id}: {form!r} does not resolve to its own entry"
            if len(ids) == 1:
                continue
            key = norm_key(form)
            for other in ids:
                if key not in {norm_key(a) for a in catalog[other].ambiguous_aliases}:
                    problems.append(f"{form!r} -> {sorted(ids)} but not ambiguous in {other}")
    assert problems == []


def test_exam_codes_resolve_uniquely(catalog):
    problems = [
        (c.id, code, sorted(catalog.ids_for(code)))
        for c in catalog
        for code in c.exam_codes
        if catalog.ids_for(code) != {c.id}
    ]
    assert problems == []


def test_requires_point_to_existing_ids(catalog):
    missing = [(c.id, r) for c in catalog for r in c.requires if r not in catalog.credentials]
    assert missing == []
    assert [c.id for c in catalog if c.id in c.requires] == []


def test_successors_exist_and_only_on_retired_entries(catalog):
    missing = [
        (c.id, c.successor)
        for c in catalog
        if c.successor and c.successor not in catalog.credentials
    ]
    assert missing == []
    not_retired = [c.id for c in catalog if c.successor and c.status != "retired"]
    assert not_retired == []


def test_successor_chains_terminate(catalog):
    for c in catalog:
        seen = {c.id}
        cur = c
        while cur.successor:
            assert cur.successor not in seen, f"successor cycle through {c.id}"
            seen.add(cur.successor)
            cur = catalog[cur.successor]


def test_catalog_keeps_retired_credentials(catalog):
    """The labelling rules label retired credentials (CCDA, MCSD, ITIL v3) as written."""
    assert any(c.status == "retired" for c in catalog)


def test_ecosystems_are_set(catalog):
    assert [c.id for c in catalog if not c.ecosystem] == []


@pytest.mark.parametrize(
    "ecosystem",
    [
        "aws",
        "microsoft",
        "gcp",
        "comptia",
        "cisco",
        "isc2",
        "isaca",
        "giac",
        "pmi",
        "scrum-alliance",
        "scrum-org",
        "itil",
        "salesforce",
        "redhat",
        "ec-council",
        "offsec",
        "safe",
        "six-sigma",
        "degree",
        "us-clearance",
        "uk-vetting",
        "nursing",
        "finra",
        "cdl",
    ],
)
def test_family_present(catalog, ecosystem):
    assert any(c.ecosystem == ecosystem for c in catalog), ecosystem


@pytest.mark.parametrize("ecosystem", ["aws", "microsoft", "comptia", "gcp", "cisco", "itil"])
def test_generic_any_entry_per_ecosystem(catalog, ecosystem):
    cid = f"{ecosystem}-any"
    assert cid in catalog.credentials
    cred = catalog[cid]
    assert cred.generic is True
    assert cred.ecosystem == ecosystem
    assert "(any)" in cred.name


def test_any_suffix_means_generic(catalog):
    assert [c.id for c in catalog if c.id.endswith("-any") and not c.generic] == []


@pytest.mark.parametrize(
    "code, cid",
    [
        ("SY0-701", "comptia-security-plus"),
        ("SY0-601", "comptia-security-plus"),
        ("SAA-C03", "aws-solutions-architect-associate"),
        ("AZ-104", "microsoft-azure-administrator-associate"),
        ("200-301", "cisco-ccna"),
        ("sy0 701", "comptia-security-plus"),  # folding: case and dash
    ],
)
def test_exam_code_resolves_to_credential(catalog, code, cid):
    assert catalog.ids_for(code) == {cid}


@pytest.mark.parametrize(
    "cid, ctype",
    [
        ("comptia-security-plus", "certification"),
        ("isc2-cissp", "certification"),
        ("pmi-pmp", "certification"),
        ("cpa-license", "license"),
        ("nursing-rn-license", "license"),
        ("degree-bachelor", "degree"),
        ("degree-master", "degree"),
        ("degree-high-school", "degree"),
        ("clearance-ts-sci", "clearance"),
        ("clearance-any", "clearance"),
    ],
)
def test_key_entries_have_expected_type(catalog, cid, ctype):
    assert catalog[cid].type == ctype


def test_ids_for_unknown_text_is_empty(catalog):
    assert catalog.ids_for("definitely not a credential name") == set()


# ---------------------------------------------------------------------------------------------
# validate() on hand-built lists
# ---------------------------------------------------------------------------------------------


def cred(cid: str, **kw) -> Credential:
    kw.setdefault("name", cid.replace("-", " ").title())
    kw.setdefault("issuer", "Issuer")
    kw.setdefault("type", "certification")
    kw.setdefault("source_file", "test.yaml")
    return Credential(id=cid, **kw)


def test_validate_clean_list():
    creds = [
        cred("a-one", aliases=("A1",)),
        cred("b-two", requires=("a-one",), exam_codes=("B-200",)),
        cred("a-old", status="retired", successor="a-one"),
    ]
    assert validate(creds) == []


def test_validate_reports_duplicate_id():
    creds = [cred("dup", source_file="x.yaml"), cred("dup", name="Other", source_file="y.yaml")]
    problems = validate(creds)
    assert any("duplicate id 'dup'" in p for p in problems)
    assert any("x.yaml" in p and "y.yaml" in p for p in problems)


def test_validate_reports_alias_clash():
    creds = [cred("a-one", aliases=("Shared Name",)), cred("b-two", aliases=("shared-name",))]
    problems = validate(creds)
    assert len(problems) == 1
    assert "'shared name'" in problems[0]
    assert "a-one" in problems[0] and "b-two" in problems[0]


def test_validate_reports_name_clash_with_exam_code():
    creds = [cred("a-one", exam_codes=("XY-100",)), cred("b-two", aliases=("XY 100",))]
    assert any("resolves to" in p for p in validate(creds))


def test_validate_allows_alias_ambiguous_in_every_sharer():
    creds = [
        cred("a-one", ambiguous_aliases=("ABC",), cues=("alpha",)),
        cred("b-two", ambiguous_aliases=("ABC",), cues=("beta",)),
    ]
    assert validate(creds) == []


def test_validate_reports_alias_ambiguous_in_only_one_sharer():
    creds = [cred("a-one", ambiguous_aliases=("ABC",)), cred("b-two", aliases=("ABC",))]
    problems = validate(creds)
    assert len(problems) == 1 and "'abc'" in problems[0]


def test_validate_reports_unknown_requires():
    problems = validate([cred("a-one", requires=("no-such-id",))])
    assert problems == ["a-one: requires unknown id 'no-such-id'"]


def test_validate_reports_self_requires():
    assert "a-one: requires itself" in validate([cred("a-one", requires=("a-one",))])


def test_validate_checks_every_kind_of_ladder_edge():
    creds = [
        cred("a-one"),
        cred("b-two", requires_one_of=(("a-one", "ghost"),), recommended=("a-one", "b-two")),
    ]
    problems = validate(creds)
    assert "b-two: requires_one_of unknown id 'ghost'" in problems
    assert "b-two: recommended itself" in problems
    assert "b-two: 'a-one' is in both requires_one_of and recommended" in problems


def test_validate_reports_a_prerequisite_cycle_but_not_a_recommended_one():
    looped = [cred("a-one", requires=("b-two",)), cred("b-two", requires_one_of=(("a-one",),))]
    assert any("prerequisite cycle: a-one -> b-two -> a-one" in p for p in validate(looped))
    advice = [cred("a-one", requires=("b-two",)), cred("b-two", recommended=("a-one",))]
    assert validate(advice) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  requires_one_of: [a, b]\n", r"good-one.*'requires_one_of' must be a list of groups"),
        ("  requires_one_of: [[]]\n", r"good-one.*'requires_one_of' must be a list of groups"),
        ("  recommended: {a: b}\n", r"good-one.*'recommended' must be a list"),
    ],
)
def test_load_catalog_bad_ladder_field_names_the_entry(tmp_path, line, message):
    write(tmp_path, "ladder.yaml", GOOD_ENTRY + line)
    with pytest.raises(CatalogError, match=message):
        load_catalog(tmp_path)


def test_ladder_kinds_load_apart(tmp_path):
    second = GOOD_ENTRY.replace("good-one", "good-two").replace("Good One", "Good Two")
    second = second.replace("G1", "G2")
    third = GOOD_ENTRY.replace("good-one", "good-three").replace("Good One", "Good Three")
    third = third.replace("G1", "G3")
    third += "  requires: [good-one]\n  requires_one_of: [[good-two]]\n  recommended: []\n"
    write(tmp_path, "ladder.yaml", GOOD_ENTRY + "\n" + second + "\n" + third)
    three = load_catalog(tmp_path)["good-three"]
    assert three.requires == ("good-one",)
    assert three.requires_one_of == (("good-two",),)
    assert three.recommended == ()
    assert three.ladder_ids() == ("good-one", "good-two")


def test_catalog_ladders_follow_the_issuers(catalog):
    # Reviewed against the issuers' rules: no SSCP before a CISSP; the ISSAP/ISSEP/ISSMP
    # opened a non-CISSP route in 2023; AWS only recommends its Associate before Professional;
    # Azure DevOps Expert takes either associate.
    assert "isc2-sscp" not in catalog["isc2-cissp"].ladder_ids()
    assert "isc2-cissp" in catalog["isc2-cissp-issap"].recommended
    pro = catalog["aws-solutions-architect-professional"]
    assert pro.requires == () and pro.requires_one_of == ()
    assert catalog["cncf-cks"].requires == ("cncf-cka",)
    (group,) = catalog["microsoft-azure-devops-engineer-expert"].requires_one_of
    assert set(group) == {
        "microsoft-azure-administrator-associate",
        "microsoft-azure-developer-associate",
    }


def test_lifetime_and_retired_credentials_get_no_renewal_cycle(catalog):
    for cid in ("itil-v3-foundation", "microsoft-mcse", "microsoft-mcsa", "cisco-ccent"):
        assert catalog[cid].status == "retired" and catalog[cid].renewal_years is None, cid
    for cid in ("microsoft-office-specialist-excel", "lpi-linux-essentials", "asq-cssgb"):
        assert catalog[cid].renewal_years == 0, cid
    assert catalog["itil-any"].renewal_years is None  # spans ITIL v3 (for life) and ITIL 4
    assert catalog["itil-4-foundation"].renewal_years == 3
    assert catalog["lpi-lpic-1"].renewal_years == 5


def test_validate_reports_successor_on_active_entry():
    creds = [cred("a-new"), cred("a-old", successor="a-new")]  # status defaults to active
    problems = validate(creds)
    assert problems == ["a-old: has a successor but status is not 'retired'"]


def test_validate_reports_unknown_successor():
    problems = validate([cred("a-old", status="retired", successor="ghost")])
    assert problems == ["a-old: successor unknown id 'ghost'"]


def test_validate_reports_empty_alias():
    problems = validate([cred("a-one", aliases=("---",))])
    assert any("empty alias" in p for p in problems)


def test_validate_reports_every_problem_at_once():
    creds = [
        cred("x", requires=("nope",)),
        cred("x"),
        cred("y", successor="x"),
    ]
    problems = validate(creds)
    assert any("duplicate id" in p for p in problems)
    assert any("requires unknown id 'nope'" in p for p in problems)
    assert any("status is not 'retired'" in p for p in problems)


def test_catalog_object_indexes_forms():
    cat = Catalog({c.id: c for c in [cred("a-one", aliases=("Alpha One",), exam_codes=("A1-01",))]})
    assert len(cat) == 1
    assert cat.ids_for("ALPHA–ONE") == {"a-one"}
    assert cat.ids_for("a1 01") == {"a-one"}
    assert cat["a-one"].name == "A One"


# ---------------------------------------------------------------------------------------------
# load_catalog() on a temporary directory
# ---------------------------------------------------------------------------------------------

GOOD_ENTRY = """\
- id: good-one
  name: Good One Certification
  issuer: Good Body
  type: certification
  ecosystem: good
  aliases: [Good One, G1 cert]
  exam_codes: [G1-001]
"""


def write(tmp_path, name: str, text: str):
    (tmp_path / name).write_text(text, encoding="utf-8")


def test_load_catalog_from_directory(tmp_path):
    write(tmp_path, "good.yaml", GOOD_ENTRY)
    cat = load_catalog(tmp_path)
    assert list(cat.credentials) == ["good-one"]
    assert cat["good-one"].source_file == "good.yaml"
    assert cat.ids_for("G1-001") == {"good-one"}
    assert cat.version


def test_load_catalog_bad_yaml_names_file(tmp_path):
    write(tmp_path, "good.yaml", GOOD_ENTRY)
    write(tmp_path, "broken.yaml", "- id: x\n  name: [unclosed\n")
    with pytest.raises(CatalogError, match=r"broken\.yaml.*not valid YAML"):
        load_catalog(tmp_path)


def test_load_catalog_unknown_field_names_file_and_field(tmp_path):
    write(tmp_path, "extra.yaml", GOOD_ENTRY + "  colour: blue\n")
    with pytest.raises(CatalogError, match=r"extra\.yaml.*good-one.*unknown field.*colour"):
        load_catalog(tmp_path)


def test_load_catalog_bad_type_names_file(tmp_path):
    write(tmp_path, "typed.yaml", GOOD_ENTRY.replace("type: certification", "type: badge"))
    with pytest.raises(CatalogError, match=r"typed\.yaml.*type 'badge'"):
        load_catalog(tmp_path)


def test_load_catalog_missing_required_field_names_file(tmp_path):
    write(tmp_path, "nameless.yaml", GOOD_ENTRY.replace("  issuer: Good Body\n", ""))
    with pytest.raises(CatalogError, match=r"nameless\.yaml.*missing required field.*issuer"):
        load_catalog(tmp_path)


def test_load_catalog_bad_id_names_file(tmp_path):
    write(tmp_path, "ids.yaml", GOOD_ENTRY.replace("id: good-one", "id: Good_One"))
    with pytest.raises(CatalogError, match=r"ids\.yaml.*not a lowercase slug"):
        load_catalog(tmp_path)


def test_load_catalog_bad_level_and_status(tmp_path):
    write(tmp_path, "lvl.yaml", GOOD_ENTRY + "  level: wizard\n")
    with pytest.raises(CatalogError, match=r"lvl\.yaml.*level 'wizard'"):
        load_catalog(tmp_path)
    (tmp_path / "lvl.yaml").unlink()
    write(tmp_path, "st.yaml", GOOD_ENTRY + "  status: sleeping\n")
    with pytest.raises(CatalogError, match=r"st\.yaml.*status 'sleeping'"):
        load_catalog(tmp_path)


def test_load_catalog_bad_alias_list(tmp_path):
    write(tmp_path, "al.yaml", GOOD_ENTRY.replace("[Good One, G1 cert]", "{a: b}"))
    with pytest.raises(CatalogError, match=r"al\.yaml.*'aliases' must be a list"):
        load_catalog(tmp_path)


def test_load_catalog_top_level_not_a_list(tmp_path):
    write(tmp_path, "map.yaml", "id: x\nname: y\n")
    with pytest.raises(CatalogError, match=r"map\.yaml.*top level must be a list"):
        load_catalog(tmp_path)


def test_load_catalog_empty_directory(tmp_path):
    with pytest.raises(CatalogError, match="no catalog files"):
        load_catalog(tmp_path)


def test_load_catalog_strict_reports_cross_file_duplicate(tmp_path):
    write(tmp_path, "a.yaml", GOOD_ENTRY)
    write(tmp_path, "b.yaml", GOOD_ENTRY)
    with pytest.raises(CatalogError, match=r"duplicate id 'good-one' in b\.yaml and a\.yaml"):
        load_catalog(tmp_path)
    # Non-strict loading skips validation (the later file wins).
    assert list(load_catalog(tmp_path, strict=False).credentials) == ["good-one"]


def test_load_catalog_sees_edits(tmp_path):
    write(tmp_path, "good.yaml", GOOD_ENTRY)
    assert "good-one" in load_catalog(tmp_path).credentials
    write(
        tmp_path,
        "good.yaml",
        GOOD_ENTRY.replace("good-one", "good-two") + "  notes: edited to change size\n",
    )
    assert list(load_catalog(tmp_path).credentials) == ["good-two"]


# --- How employers read a credential (profiles.yaml defaults, per-credential overrides) -------


def test_every_credential_has_a_valid_profile(catalog):
    for c in catalog:
        assert c.issuer_kind in ISSUER_KINDS, c.id
        assert c.assessment in ASSESSMENTS, c.id
        assert c.renewal_years is None or 0 <= c.renewal_years <= 10, c.id


def test_profile_defaults_by_ecosystem_level_and_type(catalog):
    assert catalog["aws-cloud-practitioner"].renewal_years == 3  # ecosystem default
    assert catalog["microsoft-azure-fundamentals"].renewal_years == 0  # by level
    assert catalog["microsoft-azure-administrator-associate"].renewal_years == 1
    assert catalog["offsec-oscp"].renewal_years == 0  # the credential's own field wins
    assert catalog["google-data-analytics-certificate"].issuer_kind == "learning_platform"
    assert catalog["degree-bachelor"].issuer_kind == "university"
    assert catalog["clearance-secret"].assessment == "background_investigation"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  issuer_kind: guild\n", r"prof\.yaml.*good-one.*issuer_kind 'guild'"),
        ("  assessment: vibes\n", r"prof\.yaml.*good-one.*assessment 'vibes'"),
        ("  renewal_years: -1\n", r"prof\.yaml.*good-one.*renewal_years -1"),
        ("  renewal_years: three\n", r"prof\.yaml.*good-one.*renewal_years 'three'"),
    ],
)
def test_load_catalog_bad_profile_field_names_file_and_entry(tmp_path, line, message):
    write(tmp_path, "prof.yaml", GOOD_ENTRY + line)
    with pytest.raises(CatalogError, match=message):
        load_catalog(tmp_path)


def test_profiles_beside_the_catalog_fill_defaults_and_check_overlaps(tmp_path):
    creds = tmp_path / "credentials"
    creds.mkdir()
    write(creds, "good.yaml", GOOD_ENTRY)
    write(
        tmp_path,
        "profiles.yaml",
        "ecosystems:\n  good: {issuer_kind: vendor, renewal_years: 2}\n"
        "overlaps:\n  - name: pair\n    ids: [good-one, nowhere]\n",
    )
    with pytest.raises(CatalogError, match=r"overlap group 'pair': unknown id 'nowhere'"):
        load_catalog(creds)
    write(
        tmp_path,
        "profiles.yaml",
        "ecosystems:\n  good: {issuer_kind: vendor, renewal_years: 2}\n",
    )
    good = load_catalog(creds)["good-one"]
    assert (good.issuer_kind, good.assessment, good.renewal_years) == (
        "vendor",
        "proctored_exam",
        2,
    )
    write(tmp_path, "profiles.yaml", "ecosystems:\n  good: {assessment: osmosis}\n")
    with pytest.raises(CatalogError, match=r"ecosystem good: assessment 'osmosis'"):
        load_catalog(creds)


def test_validate_reports_a_cue_that_is_an_everyday_word():
    cred = Credential(
        id="x-cst",
        name="X Certified Surgical Tech",
        issuer="X",
        type="certification",
        ambiguous_aliases=("XCST",),
        cues=("surgical", "OR"),
    )
    problems = validate([cred])
    assert problems == [
        "x-cst: cue 'OR' is the everyday word 'or' (cues are matched in any case): spell it out"
    ]
