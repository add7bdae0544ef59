"""NameResolver: free-text credential names (as written in the gold labels) -> one catalog entry."""

from __future__ import annotations

import pytest

from credfloor.normalize.resolve import NameResolver


@pytest.fixture(scope="module")
def resolver(catalog):
    return NameResolver(catalog)


@pytest.mark.parametrize(
    "name, cid",
    [
        # The examples in the labelling rules, written as the labels write them.
        ("CompTIA Security+", "comptia-security-plus"),
        ("Registered Nurse (RN) license", "nursing-rn-license"),
        ("AWS certification (any)", "aws-any"),
        ("Microsoft certification (any)", "microsoft-any"),
        ("Bachelor's degree", "degree-bachelor"),
        ("Master's degree", "degree-master"),
        ("Associate degree", "degree-associate"),
        ("PhD", "degree-doctorate"),
        ("MBA", "degree-mba"),
        ("High school diploma or GED", "degree-high-school"),
        ("TS/SCI", "clearance-ts-sci"),
        ("Top Secret", "clearance-top-secret"),
        ("Security clearance (level unspecified)", "clearance-any"),
        ("Project Management Professional (PMP)", "pmi-pmp"),
        ("Certified Information Systems Security Professional (CISSP)", "isc2-cissp"),
        ("AWS Certified Solutions Architect \u2013 Associate", "aws-solutions-architect-associate"),
        (
            "Microsoft Certified: Azure Administrator Associate (AZ-104)",
            "microsoft-azure-administrator-associate",
        ),
        ("Certified Public Accountant", "cpa-license"),
        ("CPA", "cpa-license"),
        ("Certified ScrumMaster (CSM)", "scrum-alliance-csm"),
    ],
)
def test_resolves_label_names(resolver, catalog, name, cid):
    assert cid in catalog.credentials  # the expected id is real
    cred = resolver.resolve(name)
    assert cred is not None, name
    assert cred.id == cid


@pytest.mark.parametrize(
    "name, cid",
    [
        ("  CompTIA Security+  ", "comptia-security-plus"),
        ("COMPTIA SECURITY+", "comptia-security-plus"),
        ("Bachelor\u2019s degree", "degree-bachelor"),
        ("CISSP certification", "isc2-cissp"),
        ("RN license", "nursing-rn-license"),
        ("SY0-701", "comptia-security-plus"),
    ],
)
def test_resolves_spelling_variants(resolver, name, cid):
    cred = resolver.resolve(name)
    assert cred is not None and cred.id == cid


def test_resolves_small_typo_by_fuzzy_match(resolver):
    cred = resolver.resolve("Certified Information Systems Security Profesional")
    assert cred is not None and cred.id == "isc2-cissp"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "xyzzy plugh",
        "the quick brown fox jumps",
        "Certified Quantum Basket Weaver",
        "Experience with spreadsheets",
        "Excel",
        "???",
    ],
)
def test_nonsense_resolves_to_none(resolver, name):
    assert resolver.resolve(name) is None


def test_resolution_returns_catalog_entry(resolver, catalog):
    cred = resolver.resolve("CompTIA Security+")
    assert cred is catalog["comptia-security-plus"]


def test_every_catalog_name_resolves_to_itself(resolver, catalog):
    """An entry's own official name is the first thing a label writes."""
    wrong = [
        (c.id, c.name, getattr(resolver.resolve(c.name), "id", None))
        for c in catalog
        if len(catalog.ids_for(c.name)) == 1
        and getattr(resolver.resolve(c.name), "id", None) != c.id
    ]
    assert wrong == []


# --- A wrong id is worse than none (issue 17, item 7) --------------------------------------


@pytest.mark.parametrize(
    "name, right",
    [
        # A near miss in an acronym or a brand is another credential, not a typo: it answers
        # that credential's own entry once the catalog lists it, never the look-alike.
        ("SAS certification", "sas-any"),
        ("sas certification", "sas-any"),
        ("CITI Program certification", "citi-program"),
        ("SAP certification", "sap-any"),
        ("CIMA certificate holder", None),
        # The words before a bracketed acronym spell out something the entry is not.
        ("Certified Analytics Professional (CAP)", "informs-cap"),
        ("California Certified Radiologic Technologist (CRT)", "ca-crt-radiologic"),
        ("Certified Netware Administrator (CNA)", None),
        ("Certified Personal Trainer (CPT)", "personal-trainer-any"),
        ("Customer Success Manager (CSM)", None),
        ("Certified Payroll Technician (CPT)", None),
        ("Certified Data Management Professional (CDMP)", "dama-cdmp"),
        ("Certified Business Analysis Professional (CBAP)", "iiba-cbap"),
        # Names the catalog does not list answer nothing.
        ("IBM Certified Data Scientist", "ibm-data-scientist"),
        ("Splunk Core Certified User", "splunk-core-certified-user"),
        ("Solder certification", "ipc-j-std-001"),
        ("Certified Underwater Basket Weaver", None),
        ("Galactic Federation Starship License", None),
    ],
)
def test_never_answers_a_wrong_credential(resolver, name, right):
    cred = resolver.resolve(name)
    assert getattr(cred, "id", None) == right, (name, cred and cred.id)


@pytest.mark.parametrize(
    "name, cid",
    [
        # Bracketed acronyms whose words agree with the entry.
        ("Certified Authorization Professional (CAP)", "isc2-cgrc"),
        ("Certified Respiratory Therapist (CRT)", "nbrc-crt"),
        ("Certified Nursing Assistant (CNA)", "nursing-cna"),
        ("Certified Phlebotomy Technician (CPT)", "nha-cpt"),
        ("Certified Medical Assistant (CMA)", "aama-cma"),
        ("Certified Management Accountant (CMA)", "ima-cma"),
        ("Certified in Infection Control (CIC)", "cbic-cic"),
        ("Certified Scrum Master (CSM)", "scrum-alliance-csm"),
        ("Registered Professional Nurse (RN)", "nursing-rn-license"),
        ("Current Louisiana Certification as a Nurses' Assistant (CNA)", "nursing-cna"),
        ("Health and Care Professions Council (HCPC) registration", "uk-hcpc-registration"),
        # A state or a generic word around a known form does not disagree.
        ("Texas CPA license", "cpa-license"),
        ("ISC2 CAP", "isc2-cgrc"),
        ("NBRC CRT", "nbrc-crt"),
        ("SANS certification", "giac-any"),
        # A typo in a long word is still that word.
        ("Certified Kubernetes Administrater", "cncf-cka"),
        ("Certified Information Systems Security Profesional", "isc2-cissp"),
    ],
)
def test_resolves_when_the_words_agree(resolver, name, cid):
    cred = resolver.resolve(name)
    assert cred is not None and cred.id == cid, (name, cred and cred.id)


# --- Numbers are never typos (issue 17) -------------------------------------------------------


@pytest.mark.parametrize(
    "name, right",
    [
        # One digit from a catalog name, the fuzzy match used to answer that entry.
        ("Series 2 license", None),  # not the Series 22
        ("Series 5 license", None),  # not the Series 52
        # A number beside a known form that the entry never writes: no CFA level 4 exists.
        ("CFA Level 4", None),
        ("passed CFA Level 4", None),
        ("ITIL 5 Foundation certification", None),
        ("Blue Team Level 3", None),
    ],
)
def test_a_number_the_entry_never_writes_resolves_to_nothing(resolver, name, right):
    cred = resolver.resolve(name)
    assert getattr(cred, "id", None) == right, (name, cred and cred.id)


@pytest.mark.parametrize(
    "name, cid",
    [
        ("Series 22 license", "finra-series-22"),
        ("Series 52 license", "finra-series-52"),
        ("CFA Level 3", "cfa-level-3"),
        ("CFA Level 1 candidate", "cfa-level-1"),
        ("ITIL 4 Foundation certification", "itil-4-foundation"),
        ("OSHA 30", "osha-30"),
        # A typo in a word is still fixed when the numbers agree.
        ("Series 7 - General Securites Representative", "finra-series-7"),
    ],
)
def test_the_same_numbers_still_resolve(resolver, name, cid):
    cred = resolver.resolve(name)
    assert cred is not None and cred.id == cid, (name, cred and cred.id)


# --- '&' and 'and' are one word (issue 17) ----------------------------------------------------


@pytest.mark.parametrize(
    "name, cid",
    [
        # The catalog writes these with 'and' only.
        ("Nursing & Midwifery Council registration", "uk-nmc-registration"),
        ("Nursing and Midwifery Council registration", "uk-nmc-registration"),
        ("Health & Life license", "insurance-life-health-license"),
    ],
)
def test_ampersand_and_and_resolve_alike(resolver, catalog, name, cid):
    cred = resolver.resolve(name)
    assert cred is not None and cred.id == cid, (name, cred and cred.id)
    assert catalog.ids_for(name.replace("&", "and")) == catalog.ids_for(
        name.replace(" and ", " & ")
    )


@pytest.mark.parametrize(
    "name, right",
    [
        # The brackets name another entry than the words before them: the brackets refine it
        # when the words agree with that entry ...
        ("Security clearance (TS/SCI)", "clearance-ts-sci"),
        ("Active clearance (Top Secret)", "clearance-top-secret"),
        # ... and nothing is answered when they contradict each other.
        ("Blue Team Level 1 (BTL2)", None),
        ("BICSI Installer 2 (INST1)", None),
        # Brackets that name the same entry (or none) change nothing.
        ("CompTIA Security+ (SY0-701)", "comptia-security-plus"),
        ("Registered Nurse (RN) license", "nursing-rn-license"),
    ],
)
def test_brackets_naming_another_entry_are_not_ignored(resolver, name, right):
    cred = resolver.resolve(name)
    assert getattr(cred, "id", None) == right, (name, cred and cred.id)
