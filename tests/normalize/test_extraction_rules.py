"""The labelling rules (shared/corpus/gold/README.md), one test per rule, each with small positive
and negative examples written for this file. Asserts on credential-id sets and strengths."""

from __future__ import annotations

import pytest

from tests.normalize.mentions import ids, strengths

# ---------------------------------------------------------------------------------------------
# Person credentials only: company certifications / compliance are not mentions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We are ISO 27001 certified and SOC 2 compliant; HIPAA training provided",
        "Our company is PCI DSS compliant and Great Place to Work certified.",
        "We are a certified minority-owned business and a B Corp.",
        "We pay for certifications and conference travel.",
        "Experience with AWS, Azure and Tableau; Scrum methodology.",
        "German C1 level required",
    ],
)
def test_company_compliance_and_skills_are_not_mentions(extractor, text):
    assert extractor.extract("p", text) == []


def test_person_credential_next_to_company_compliance(extractor):
    text = "We are ISO 27001 certified. Candidates must hold CISSP."
    assert ids(extractor, text) == {"isc2-cissp"}


# ---------------------------------------------------------------------------------------------
# Spelling variants of one credential
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sec+",
        "Security +",
        "CompTIA Security Plus",
        "Security+ (SY0-701)",
        "Must hold Sec+ certification.",
        "CompTIA Security+ ce required",
        "SY0-601 passed",
    ],
)
def test_security_plus_variants(extractor, text):
    assert ids(extractor, text) == {"comptia-security-plus"}


@pytest.mark.parametrize(
    "text",
    [
        "Strong network security + compliance background",  # prose '+', lower case
        "Security experience is a plus",
        "Security Plan reviews",
    ],
)
def test_security_plus_negatives(extractor, text):
    assert "comptia-security-plus" not in ids(extractor, text)


# ---------------------------------------------------------------------------------------------
# Exam codes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cid",
    [
        ("AZ-104", "microsoft-azure-administrator-associate"),
        ("Passed exam AZ-104 or equivalent", "microsoft-azure-administrator-associate"),
        ("SAA-C03", "aws-solutions-architect-associate"),
        ("AWS SAA-C03 preferred", "aws-solutions-architect-associate"),
        ("200-301", "cisco-ccna"),
        ("Cisco exam 200-301 required", "cisco-ccna"),
    ],
)
def test_exam_codes(extractor, text, cid):
    assert ids(extractor, text) == {cid}


@pytest.mark.parametrize("code", ["AZ-104", "SAA-C03", "200-301", "SY0-701"])
def test_bare_exam_code_method(extractor, code):
    [mention] = extractor.extract("p", code)
    assert mention.method == "exam_code"
    assert mention.surface == code


@pytest.mark.parametrize("text", ["Call 200-3010 ext 5", "room AZ-1040", "order SAA-C030"])
def test_exam_code_needs_word_boundary(extractor, text):
    assert ids(extractor, text) == set()


# ---------------------------------------------------------------------------------------------
# Ambiguous acronyms: count only with context
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Scrum Master for an agile team; CSM required",
        "Agile coach; CSM preferred",
        "Certified ScrumMaster (CSM) preferred",
        "CSM or PSM and two years running sprints",
    ],
)
def test_csm_with_scrum_context(extractor, text):
    assert "scrum-alliance-csm" in ids(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Partner with our Customer Success Manager (CSM) team",
        "Our CSM team works closely with sales.",
        "Report to the CSM for your region.",
    ],
)
def test_csm_without_scrum_context(extractor, text):
    assert "scrum-alliance-csm" not in ids(extractor, text)


def test_csm_defined_as_customer_success_manager(extractor):
    assert "scrum-alliance-csm" not in ids(
        extractor, "Customer Success Manager (CSM) - Agile environment"
    )


@pytest.mark.parametrize(
    "text",
    ["CPA license required", "CPA required", "Licensed CPA", "Certified Public Accountant"],
)
def test_cpa_as_license(extractor, text):
    assert ids(extractor, text) == {"cpa-license"}
    assert {m.type for m in extractor.extract("p", text)} == {"license"}


@pytest.mark.parametrize(
    "text",
    ["Join a growing CPA firm", "We serve CPA firms across the region."],
)
def test_cpa_firm_is_not_a_license(extractor, text):
    assert ids(extractor, text) == set()


def test_cpa_firm_in_a_requirement_sentence(extractor):
    assert ids(extractor, "Experience at a CPA firm required") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Internal audit experience; CIA preferred",
        "CIA certification preferred for internal audit roles",
        "Certified Internal Auditor (CIA)",
        "CIA or CISA for this SOX audit role",
    ],
)
def test_cia_with_audit_context(extractor, text):
    assert "iia-cia" in ids(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "We support federal clients such as the CIA.",
        "CIA preferred",  # no audit context at all
        "Knowledge of the CIA triad of confidentiality, integrity and availability",
    ],
)
def test_cia_without_audit_context(extractor, text):
    assert "iia-cia" not in ids(extractor, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("MS in Statistics", {"degree-master"}),
        ("BS/MS in Computer Science", {"degree-bachelor", "degree-master"}),
        ("MS degree preferred", {"degree-master"}),
    ],
)
def test_ms_as_degree(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Proficient in MS Excel",
        "MS Office skills",
        "Advanced knowledge of MS Excel and MS Office",
        "Experience with MS Teams and SharePoint",
    ],
)
def test_ms_office_is_not_a_degree(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Proficiency in MS Excel and statistics software",
        "MS Excel, MS Access and data science tools",
    ],
)
def test_ms_excel_near_degree_field_words(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    "text", ["RN", "Active RN license required", "Registered Nurse (RN) with 2 years acute care"]
)
def test_rn(extractor, text):
    assert ids(extractor, text) == {"nursing-rn-license"}


@pytest.mark.parametrize(
    "text",
    ["RNA sequencing experience", "Resolve the urn:isbn identifier", "turn rn around", "RNAi"],
)
def test_rn_inside_other_words(extractor, text):
    assert "nursing-rn-license" not in ids(extractor, text)


# ---------------------------------------------------------------------------------------------
# List context: an ambiguous acronym among credentials is a credential
# ---------------------------------------------------------------------------------------------


def test_list_context_resolves_ambiguous_acronyms(extractor):
    found = ids(extractor, "certifications such as CPA, CISA, CIA or CFE")
    assert found == {"cpa-license", "isaca-cisa", "iia-cia", "acfe-cfe"}


def test_list_context_cia_between_credentials(extractor):
    assert "iia-cia" in ids(extractor, "Holds CFE / CIA")


# ---------------------------------------------------------------------------------------------
# Generic but scoped mentions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cid",
    [
        ("AWS certification preferred", "aws-any"),
        ("Microsoft certifications a plus", "microsoft-any"),
        ("CompTIA certification required", "comptia-any"),
    ],
)
def test_generic_scoped(extractor, text, cid):
    assert ids(extractor, text) == {cid}


def test_specific_example_replaces_generic(extractor):
    text = "AWS certification such as AWS Certified Solutions Architect \u2013 Associate"
    assert ids(extractor, text) == {"aws-solutions-architect-associate"}


def test_specific_example_replaces_generic_in_parentheses(extractor):
    text = "AWS certification (such as SAA-C03) preferred"
    assert ids(extractor, text) == {"aws-solutions-architect-associate"}


@pytest.mark.parametrize(
    "text",
    [
        "AWS certification (e.g. SAA-C03) preferred",
        "AWS certification (e.g. AWS Certified Solutions Architect) preferred",
    ],
)
def test_specific_example_after_eg_replaces_generic(extractor, text):
    assert strengths(extractor, text) == {"aws-solutions-architect-associate": "preferred"}


def test_generic_kept_when_specific_is_another_ecosystem(extractor):
    text = "AWS certification preferred; CISSP required."
    assert ids(extractor, text) == {"aws-any", "isc2-cissp"}


@pytest.mark.parametrize(
    "text",
    ["relevant certifications a plus", "Industry certifications preferred", "any certification"],
)
def test_fully_generic_is_nothing(extractor, text):
    assert ids(extractor, text) == set()


def test_generic_per_named_ecosystem(extractor):
    found = ids(extractor, "cloud certification (AWS, Azure or GCP)")
    assert "aws-any" in found and "gcp-any" in found
    assert found & {"microsoft-any", "azure-any"}


# ---------------------------------------------------------------------------------------------
# Degrees by level
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("BS/MS in Computer Science", {"degree-bachelor", "degree-master"}),
        ("Bachelor's or Master's degree", {"degree-bachelor", "degree-master"}),
        (
            "Bachelor\u2019s or Master\u2019s degree in Finance",
            {"degree-bachelor", "degree-master"},
        ),
        ("a degree in Mathematics", {"degree-bachelor"}),
        ("University degree in a STEM subject", {"degree-bachelor"}),
        ("advanced degree", {"degree-master"}),
        ("An advanced degree in Economics", {"degree-master"}),
        ("high school diploma or GED", {"degree-high-school"}),
        ("HS diploma required", {"degree-high-school"}),
        ("PhD in Chemistry", {"degree-doctorate"}),
        ("MBA preferred", {"degree-mba"}),
        ("Associate's degree in Nursing", {"degree-associate"}),
    ],
)
def test_degree_levels(extractor, text, expected):
    assert ids(extractor, text) == expected
    assert {m.type for m in extractor.extract("p", text)} == {"degree"}


@pytest.mark.parametrize(
    "text",
    [
        "a high degree of accuracy",
        "360 degree feedback",
        "360-degree view of the customer",
        "to some degree",
        "temperatures above 90 degrees",
        "third-degree burns",
    ],
)
def test_degree_word_not_a_qualification(extractor, text):
    assert ids(extractor, text) == set()


def test_glued_scraped_text(extractor):
    assert ids(extractor, "collaborativelyBachelor's degree in Accounting") == {"degree-bachelor"}


def test_glued_scraped_text_acronym(extractor):
    assert ids(extractor, "Strong communicatorCISSP required") == {"isc2-cissp"}


def test_no_match_inside_lowercase_word(extractor):
    assert ids(extractor, "misspmp scissprocket") == set()


# ---------------------------------------------------------------------------------------------
# Strength
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cid, strength",
    [
        ("Required: CompTIA A+", "comptia-a-plus", "required"),
        ("Must have CCNA.", "cisco-ccna", "required"),
        ("Network+ is a plus", "comptia-network-plus", "preferred"),
        ("Preferred qualifications:\n- CISSP", "isc2-cissp", "preferred"),
        ("Nice to have: PMP", "pmi-pmp", "preferred"),
        ("PMP would be a bonus.", "pmi-pmp", "preferred"),
        ("Ideally you hold a CISSP.", "isc2-cissp", "preferred"),
        ("Benefits:\n- We pay for your PMP exam", "pmi-pmp", "mentioned"),
        (
            "Security+ certification required within 6 months of hire",
            "comptia-security-plus",
            "required",
        ),
        ("Bachelor's degree, preferably in Finance", "degree-bachelor", "required"),
        ("Active RN license", "nursing-rn-license", "required"),  # license default
    ],
)
def test_strength(extractor, text, cid, strength):
    assert strengths(extractor, text) == {cid: strength}


def test_strength_under_headings(extractor):
    text = (
        "Minimum Qualifications:\n"
        "- Bachelor's degree in Computer Science\n"
        "- CompTIA Security+\n"
        "Preferred Qualifications:\n"
        "- CISSP\n"
        "Benefits:\n"
        "- Paid PMP exam fees\n"
    )
    assert strengths(extractor, text) == {
        "degree-bachelor": "required",
        "comptia-security-plus": "required",
        "isc2-cissp": "preferred",
        "pmi-pmp": "mentioned",
    }


def test_strongest_occurrence_wins(extractor):
    text = "Benefits:\n- PMP exam paid\nRequirements:\n- PMP required"
    assert strengths(extractor, text) == {"pmi-pmp": "required"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CISSP or CISM required", {"isc2-cissp": "required", "isaca-cism": "required"}),
        (
            "Bachelor's or Master's degree required",
            {"degree-bachelor": "required", "degree-master": "required"},
        ),
        (
            "Security+ or CySA+ is a plus",
            {"comptia-security-plus": "preferred", "comptia-cysa-plus": "preferred"},
        ),
    ],
)
def test_x_or_y_share_strength(extractor, text, expected):
    assert strengths(extractor, text) == expected


def test_required_then_preferred(extractor):
    assert strengths(extractor, "Bachelor's degree required, Master's preferred") == {
        "degree-bachelor": "required",
        "degree-master": "preferred",
    }


def test_required_then_preferred_with_degree_word(extractor):
    assert strengths(extractor, "Bachelor's degree required, Master's degree preferred") == {
        "degree-bachelor": "required",
        "degree-master": "preferred",
    }


def test_explicit_marker_beats_or(extractor):
    assert strengths(extractor, "Bachelor's or Master's (preferred)") == {
        "degree-bachelor": "required",
        "degree-master": "preferred",
    }


def test_cue_line_is_not_a_heading_for_the_next_line(extractor):
    text = "Requirements\nMaster's degree preferred\nBachelor's degree in Finance"
    assert strengths(extractor, text) == {
        "degree-master": "preferred",
        "degree-bachelor": "required",
    }


# ---------------------------------------------------------------------------------------------
# A license acronym as a job held is not a license asked for
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["one year of LPN experience", "2+ years RN experience in med-surg"]
)
def test_role_experience_is_not_a_license(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    "text, cid",
    [
        ("active LPN license", "nursing-lpn-license"),
        ("Must be an LPN with one year of experience", "nursing-lpn-license"),
        ("Current RN license; 2 years nursing experience", "nursing-rn-license"),
    ],
)
def test_license_asked_for(extractor, text, cid):
    assert ids(extractor, text) == {cid}


# ---------------------------------------------------------------------------------------------
# Clearances
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cid",
    [
        ("TS/SCI with polygraph required", "clearance-ts-sci"),
        ("Active Secret clearance", "clearance-secret"),
        ("ability to obtain a security clearance", "clearance-any"),
        ("Must be able to obtain a Public Trust clearance", "clearance-public-trust"),
    ],
)
def test_clearances(extractor, text, cid):
    assert ids(extractor, text) == {cid}
    assert {m.type for m in extractor.extract("p", text)} == {"clearance"}


@pytest.mark.parametrize("text", ["Keep customer data secret.", "Our secret sauce is people."])
def test_secret_without_clearance_context(extractor, text):
    assert ids(extractor, text) == set()


# ---------------------------------------------------------------------------------------------
# Surface text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Project Management Professional (PMP) required", "Project Management Professional (PMP)"),
        ("Certified ScrumMaster (CSM) or PSM", "Certified ScrumMaster (CSM)"),
    ],
)
def test_surface_keeps_closing_parenthesis(extractor, text, surface):
    assert extractor.extract("p", text)[0].surface == surface


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Must hold CompTIA Security+ (SY0-701).", "CompTIA Security+"),
        ("Bachelor\u2019s degree in Finance", "Bachelor\u2019s degree"),
        (
            "Required:\tAWS Certified Solutions Architect \u2013 Associate",
            "AWS Certified Solutions Architect \u2013 Associate",
        ),
    ],
)
def test_surface_is_exact_original_text(extractor, text, surface):
    first = extractor.extract("p", text)[0]
    assert first.surface == surface
    assert text[first.start : first.end] == surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AWS or Azure certification preferred", {"aws-any", "azure-any"}),
        ("Cisco or Juniper certification a plus", {"cisco-any", "juniper-any"}),
        ("Google Cloud or AWS certification", {"gcp-any", "aws-any"}),
    ],
)
def test_generic_per_ecosystem_in_a_list_before_the_cue(extractor, text, expected):
    assert ids(extractor, text) == expected


def test_acronym_spelled_out_as_its_own_credential_still_counts(extractor):
    assert ids(extractor, "Certified Internal Auditor (CIA) preferred") == {"iia-cia"}


def test_near_miss_spelling_beside_a_cue_is_fuzzy(extractor):
    mentions = extractor.extract("p", "Advanced Cardiac Life Spt must be obtained within 90 days")
    assert [(m.credential_id, m.method) for m in mentions] == [("aha-acls", "fuzzy")]
    assert 0.9 <= mentions[0].score < 1.0


def test_a_near_miss_seen_before_is_scored_once_and_the_same(extractor, monkeypatch):
    """Boilerplate repeats: a run of words already scored is not scored again; the memo is
    never pickled with the compiled extractor."""
    import pickle

    from credfloor.normalize import fuzzy

    text = "Advanced Cardiac Life Spt must be obtained within 30 days."
    first = [(m.credential_id, m.start, m.method) for m in extractor.extract("p", text)]
    monkeypatch.setattr(fuzzy, "_closest", lambda *a: pytest.fail("scored again"))
    again = [(m.credential_id, m.start, m.method) for m in extractor.extract("q", text)]
    assert again == first == [("aha-acls", 0, "fuzzy")]
    assert extractor.fuzzy._near and pickle.loads(pickle.dumps(extractor.fuzzy))._near == {}


@pytest.mark.parametrize(
    "text, wrong",
    [
        # One number off a catalog name is another credential (or none), never a typo.
        ("Fire Officer 3 certification required", "fire-officer-1"),
        ("OSHA 31 Hour Construction certification required", "osha-10-construction"),
        ("NVQ Level 4 in Electrotechnical Services certificate", "uk-nvq3-electrotechnical"),
    ],
)
def test_fuzzy_never_changes_a_number(extractor, text, wrong):
    assert wrong not in ids(extractor, text)


def test_fuzzy_fixes_a_typo_when_the_numbers_agree(extractor):
    mentions = extractor.extract("p", "NVQ Level 3 in Electrotechnicl Services certificate")
    assert [(m.credential_id, m.method) for m in mentions] == [
        ("uk-nvq3-electrotechnical", "fuzzy")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "You will need to be registered with the Nursing & Midwifery Council.",
        "You will need to be registered with the Nursing and Midwifery Council.",
    ],
)
def test_the_scan_reads_ampersand_as_and(extractor, text):
    assert ids(extractor, text) == {"uk-nmc-registration"}


def test_the_scan_keeps_an_ampersand_inside_a_word(extractor):
    # "Nursing&Midwifery" is one glued word, not the Council's name.
    assert ids(extractor, "Nursing&Midwifery Council nurse") == set()


def test_fuzzy_reads_ampersand_as_and(extractor):
    # The catalog writes "Health and Life license"; '&' and a typo together were too far off.
    mentions = extractor.extract("p", "Must hold a Health & Life Lisence certification")
    assert [(m.credential_id, m.method) for m in mentions] == [
        ("insurance-life-health-license", "fuzzy")
    ]


def test_fuzzy_needs_a_cue_word(extractor):
    assert ids(extractor, "Advanced Cardiac Life Spt is taught on the ward") == set()


# A label glued to the sentence before it and the text after it (scraped pages lose newlines).
def test_glued_label_heading_sets_the_strength(extractor):
    text = (
        "Help desk support for a busy office.RequirementsMust have a high school diploma."
        "Desired Experience:Work in a service deskDesired Education & Certifications:"
        "AWS Certified Cloud PractitionerMS-900: Microsoft 365 Fundamentals"
    )
    got = strengths(extractor, text)
    assert got["degree-high-school"] == "required"
    assert got["aws-cloud-practitioner"] == "preferred"
    assert got["microsoft-365-fundamentals"] == "preferred"


def test_glued_colon_that_is_no_heading_changes_nothing(extractor):
    # "Shift:Nights" names no kind of section: the Requirements heading above still decides.
    text = "Ward nurse.RequirementsCurrent BLS certification.Shift:Nights on rotationACLS certification"
    got = strengths(extractor, text)
    assert got["aha-bls"] == "required" and got["aha-acls"] == "required"


# A heading glued to the word before it, followed by a space (flattened text).
def test_heading_glued_to_the_word_before_sets_the_strength(extractor):
    text = (
        "Requirements: PMP certification. Advanced Excel & Power PointNice To Have Business "
        "process mapping. Lean Six Sigma Green Belt Certification. Previous consulting work."
    )
    got = strengths(extractor, text)
    assert got["pmi-pmp"] == "required"
    assert got["six-sigma-green-belt"] == "preferred"


def test_heading_words_inside_a_sentence_change_nothing(extractor):
    # "Nice to have" not at a glued seam, and a capitalised run that only starts like a heading.
    text = "Requirements: PMP certification. It is nice to have fun. Team NiceToHaveCo CISSP."
    got = strengths(extractor, text)
    assert got["pmi-pmp"] == "required" and got["isc2-cissp"] == "required"


# ---------------------------------------------------------------------------------------------
# Recall on unseen phrasings (issue 17): glued '+', shared heads, certification lists,
# licences named by the person, professional-body membership
# ---------------------------------------------------------------------------------------------


def test_plus_glued_to_the_next_name_ends_the_word(extractor):
    text = (
        "Qualifications: CompTIA A+Accreditation in CompTIA Server+ITIL Foundation "
        "certificationAWS Certified Cloud Practitioner"
    )
    assert ids(extractor, text) == {
        "comptia-a-plus",
        "comptia-server-plus",
        "itil-4-foundation",
        "aws-cloud-practitioner",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Fluent in C++Java and Python",  # no credential glued on
        "data +Analytics team",  # prose '+', no name before it
        "Salary 40k+Benefits package",
    ],
)
def test_plus_seam_invents_nothing(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salesforce.com certifications are a plus.", {"salesforce-any"}),
        (
            "A certification with a major cloud provider (e.g. AWS, GCP, Azure, or Snowflake).",
            {"aws-any", "gcp-any", "azure-any", "snowflake-any"},
        ),
        ("Cloud certification (e.g. AWS or Azure) preferred.", {"aws-any", "azure-any"}),
        (
            "Certified on one of the major cloud platforms such as AWS or GCP.",
            {"aws-any", "gcp-any"},
        ),
    ],
)
def test_generic_per_ecosystem_after_a_short_phrase_or_eg(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Certifications are a plus, and experience with tools such as AWS and Azure.",
        "Certification in project management from a recognised body.",
    ],
)
def test_generic_list_must_belong_to_the_certification(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Certification from a recognised cloud vendor is a strong plus (e.g. AWS or GCP).",
            {"aws-any", "gcp-any"},
        ),
        ("Cloud certifications are preferred, such as Azure or AWS.", {"azure-any", "aws-any"}),
        (
            "A data platform certification would be an advantage (Snowflake, Databricks).",
            {"snowflake-any", "databricks-any"},
        ),
    ],
)
def test_generic_list_after_how_much_the_certification_is_wanted(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Certification in first aid is required and familiarity with platforms such as AWS.",
        "Certifications are preferred and a background in tools like Azure or GCP.",
        "Certification is required; experience with Azure (AWS a plus).",
    ],
)
def test_how_much_it_is_wanted_does_not_reach_a_later_clause(extractor, text):
    assert {i for i in ids(extractor, text) if i and i.endswith("-any")} == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "California Property & Casualty and Life Licenses required.",
            {"insurance-property-casualty-license", "insurance-life-health-license"},
        ),
        (
            "Series 7, 63 and 65 licenses required.",
            {"finra-series-7", "finra-series-63", "finra-series-65"},
        ),
        (
            "Six Sigma Green or Black Belt preferred.",
            {"six-sigma-green-belt", "six-sigma-black-belt"},
        ),
        (
            "Six Sigma Greenbelt/Blackbelt preferred.",
            {"six-sigma-green-belt", "six-sigma-black-belt"},
        ),
        (
            "Azure Administrator and Developer certifications are a plus.",
            {"microsoft-azure-administrator-associate", "microsoft-azure-developer-associate"},
        ),
    ],
)
def test_coordinated_names_share_their_head(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Experience in Sales and Marketing licenses our software to partners.",
        "Must have 7 and 63 licenses",  # no name opens the list
        "PA or NJ State License required.",  # states, not a physician assistant
        "Our office in Greenbelt, MD is near the metro.",  # the town, not the belt
    ],
)
def test_shared_head_needs_a_catalog_name(extractor, text):
    assert not {i for i in ids(extractor, text) if i}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Relevant certifications: Azure Security Engineer, AWS Security Specialty, "
            "CompTIA Security+",
            {
                "microsoft-azure-security-engineer-associate",
                "aws-security-specialty",
                "comptia-security-plus",
            },
        ),
        (
            "Preferred Certifications:\n- Azure Administrator\n- AWS Developer\n\nAbout us",
            {"microsoft-azure-administrator-associate", "aws-developer-associate"},
        ),
        (
            "Certifications such as Azure Developer are a plus.",
            {"microsoft-azure-developer-associate"},
        ),
    ],
)
def test_certification_list_items_without_their_head_word(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We are hiring an Azure Security Engineer to join our cloud team.",
        "Reports to the Azure Administrator; our certifications team is nearby.",
        "Certification:\nThe Azure Developer builds our services every day and mentors juniors.",
        "We pay for certifications\nAWS\nAzure",  # a prose line, not a heading
        "Training & Certifications: Splunk, AWS, VMware and more!",  # training offered
        "Certifications:\n- Unit training (Cardiac Tele, Critical Care units)\n",
    ],
)
def test_job_title_outside_a_certification_list_is_no_credential(extractor, text):
    assert {i for i in ids(extractor, text) if i} == set()  # unlisted candidates aside


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ", with" adds wanted items to the issuer's certification: the generic entry stays.
        (
            "One Salesforce certification, with Advanced Administrator or Service Cloud preferred.",
            {
                "salesforce-any",
                "salesforce-advanced-administrator",
                "salesforce-service-cloud-consultant",
            },
        ),
        (
            "Holds at least one AWS certification, with Security Specialty preferred.",
            {"aws-any", "aws-security-specialty"},
        ),
        # Examples of the issuer's certifications name them alone.
        (
            "ServiceNow certifications such as Certified Application Developer are a plus.",
            {"servicenow-cad"},
        ),
        (
            "Salesforce Certifications:\n- Advanced Administrator\n- Service Cloud\n\nAbout us",
            {"salesforce-advanced-administrator", "salesforce-service-cloud-consultant"},
        ),
    ],
)
def test_issuer_certification_list_items_take_the_issuer(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the product, not its certification
        ("Salesforce certification, with Service Cloud experience a plus.", {"salesforce-any"}),
        # several Marketing Cloud certifications: no guess
        ("Salesforce certification, with Marketing Cloud preferred.", {"salesforce-any"}),
        ("Microsoft certifications such as Data Engineer are a plus.", {"microsoft-any"}),
        # no issuer before the certification word: ", with" opens no list
        ("CPR certification, with Advanced Administrator preferred.", {"aha-cpr"}),
        # an item of another issuer's catalog forms is not the named issuer's
        ("AWS certifications such as Advanced Administrator are a plus.", {"aws-any"}),
        (
            "Our Salesforce certification, with its Advanced Administrator track, is free.",
            {"salesforce-any"},
        ),
    ],
)
def test_issuer_certification_list_never_guesses(extractor, text, expected):
    assert {i for i in ids(extractor, text) if i} == expected


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("Licensed driver with a reliable vehicle.", "drivers-license"),
        (
            "Current license or registration as a professional nurse in Ohio.",
            "nursing-rn-license",
        ),
        ("Must be licensed as a pharmacist in Texas.", "pharmacist-license"),
        ("Must be a registered architect.", "architect-license"),
    ],
)
def test_licence_named_by_the_person_who_holds_it(extractor, text, cid):
    assert ids(extractor, text) == {cid}


@pytest.mark.parametrize(
    "text",
    [
        "Licensed and insured contractors only.",
        "We are a licensed professional services firm.",
        "Our licensed software is used by drivers.",
        "A licensed security software vendor.",  # a field, not a person
        "Licensed medical staff are on site.",
        "The apprenticeship would lead to registration as a pharmacy technician.",
        "Students may have the opportunity to become registered as a nurse.",
    ],
)
def test_licensed_without_a_licensed_person_is_nothing(extractor, text):
    assert ids(extractor, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Member of the Chartered Society of Physiotherapy (MCSP).", {"uk-csp-membership"}),
        ("Must be a Member of HCPC and CSP.", {"uk-hcpc-registration", "uk-csp-membership"}),
        (
            "HCPC registered physiotherapist; CSP member desirable.",
            {"uk-hcpc-registration", "uk-csp-membership"},
        ),
    ],
)
def test_uk_professional_body_membership(extractor, text, expected):
    assert ids(extractor, text) == expected


def test_csp_of_another_field_is_not_physiotherapy(extractor):
    assert ids(extractor, "CSP certification preferred for our safety manager.") == {"bcsp-csp"}


# --- 'RN' is a whole word, never part of another nursing acronym (issue 17) -------------------


@pytest.mark.parametrize(
    "text",
    [
        "ARNP license required",
        "APRN license required",
        "A.R.N.P. license required",
        "ARNP-BC license required",
        "CRNA license required",
        "Licensed as an ARNP in Washington",
        "Current ARNP/APRN licensure in Florida",
    ],
)
def test_rn_is_not_found_inside_another_acronym(extractor, text):
    assert "nursing-rn-license" not in ids(extractor, text)


@pytest.mark.parametrize(
    "text",
    ["RN license required", "RN/ARNP license required", "ARNP, RN license", "BSN-RN required"],
)
def test_rn_beside_another_acronym_is_found(extractor, text):
    assert "nursing-rn-license" in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Current ARNP license in the state of Washington is required.", {"nursing-aprn-license"}),
        ("ARNP licensure preferred.", {"nursing-aprn-license"}),
        ("Practice within the ARNP scope of practice.", set()),  # a job, not the licence
    ],
)
def test_arnp_licence_is_the_aprn_licence(extractor, text, expected):
    assert set(ids(extractor, text)) == expected


# --- UK adverts call the RCUK's Immediate Life Support course "intermediate" -----------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ward nurses hold intermediate life support (desirable).", {"rcuk-ils"}),
        ("Intermediate Life Support certificate essential.", {"rcuk-ils"}),
        ("Paediatric Intermediate Life Support would be an advantage.", {"rcuk-pils"}),
    ],
)
def test_intermediate_life_support_is_the_ils_course(extractor, text, expected):
    assert ids(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Intermediate level support for our life sciences clients.",
        "Provide intermediate support to life insurance customers.",
    ],
)
def test_intermediate_support_without_the_course_name_is_nothing(extractor, text):
    assert {i for i in ids(extractor, text) if i} == set()


def test_possessives_with_a_lost_apostrophe_are_read(extractor):
    assert "drivers-license" in ids(extractor, "Valid Driver\ufffds License required.")
    found = ids(extractor, "Master\ufffds degree preferred.")
    assert "degree-master" in found and "degree-bachelor" not in found


def test_uk_nursing_qualification_and_registration_is_nmc_registration(extractor):
    text = "You will have:\n• A relevant nursing qualification and registration\n• Team skills"
    assert "uk-nmc-registration" in ids(extractor, text, country="GB")


def test_gmc_specialist_register_is_its_own_entry_beside_gmc_registration(extractor):
    text = (
        "Applicants must hold full GMC registration with a licence to practise and be on the "
        "GMC Specialist Register, or within six months of CCT."
    )
    found = ids(extractor, text, country="GB")
    assert {"uk-gmc-registration", "uk-gmc-specialist-register"} <= found
    assert "uk-gmc-specialist-register" not in ids(
        extractor, "Pharmacists on the GPhC register; specialist registration in oncology pharmacy."
    )
