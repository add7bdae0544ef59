"""Precision rules (normalize/precision.py): each kind of mistake with sentences written for this
file where the rule must fire and where it must not."""

from __future__ import annotations

import pytest

from credfloor.normalize.precision import is_uk_posting
from tests.normalize.mentions import ids, strengths

# --- negation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("A driver's license is not required for this role.", "drivers-license"),
        ("Driver's license not required.", "drivers-license"),
        ("CDL (not required) - we train you.", "cdl-any"),
        ("No degree required; we value skills.", "degree-bachelor"),
        ("You can apply without a bachelor's degree.", "degree-bachelor"),
        ("This role does not require a CPA license.", "cpa-license"),
        ("PMP certification is NOT necessary.", "pmi-pmp"),
        ("Clearance Level: Public Trust/Other Required: None", "clearance-public-trust"),
    ],
)
def test_negated_mentions_are_dropped(extractor, text, absent):
    assert absent not in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("A valid driver's license is required.", "drivers-license"),
        ("Bachelor's degree required; no experience necessary.", "degree-bachelor"),
        ("Travel is not required. Must hold an active PMP certification.", "pmi-pmp"),
        ("Driver's license required; overtime not required.", "drivers-license"),
        ("CPA license required, no exceptions.", "cpa-license"),
    ],
)
def test_negation_stays_with_its_own_clause(extractor, text, present):
    assert present in ids(extractor, text)


def test_not_required_but_preferred_is_preferred(extractor):
    found = strengths(extractor, "A bachelor's degree is not required, but preferred.")
    assert found == {"degree-bachelor": "preferred"}
    found = strengths(extractor, "Bachelor's degree preferred but not required.")
    assert found == {"degree-bachelor": "preferred"}


# --- boilerplate -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Acme is an AA/EEO employer.",
        "We are an EEO/AA employer: minorities, women, veterans and disabled are encouraged.",
        "Acme, Inc. is an AA / EOE / M / F / Disability / Vet employer.",
        "We are hiring Associate-Level Configuration Analysts for our Denver office.",
        "Associate level analysts join a twelve-week programme.",
    ],
)
def test_employer_boilerplate_and_job_levels_are_no_degree(extractor, text):
    assert "degree-associate" not in ids(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "AA degree in business or equivalent experience.",
        "Associate degree (AA or AS) required.",
        "Associate's degree required. We are an equal opportunity employer.",
    ],
)
def test_associate_degrees_still_count(extractor, text):
    assert "degree-associate" in ids(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "We support clients whose contracts require the highest levels of security clearance.",
        "Other jobs may require vetting for various levels of agency public trust.",
    ],
)
def test_clearance_levels_the_employer_handles_are_not_asked(extractor, text):
    assert not {cid for cid in ids(extractor, text) if cid.startswith("clearance")}


# --- word sense ------------------------------------------------------------------------------


def test_acronym_spelled_out_as_something_else_is_dropped_posting_wide(extractor):
    text = (
        "You will run the City Voluntary Cleanup Program (City VCP) intake. "
        "Review VCP applications weekly."
    )
    assert "vmware-vcp" not in ids(extractor, text)
    text = "Customer Success Manager (CSM) for our SaaS line; CSM experience with renewals."
    assert "scrum-alliance-csm" not in ids(extractor, text)


def test_acronym_spelled_out_as_itself_is_kept(extractor):
    assert "vmware-vcp" in ids(extractor, "VMware Certified Professional (VCP) required.")
    assert "vmware-vcp" in ids(extractor, "VCP certification required; vSphere 8 experience.")


@pytest.mark.parametrize(
    "text",
    [
        "Certified phlebotomist, CA certification required.",
        "Our lab in Los Angeles, CA 90012 is hiring phlebotomists.",
        "Located in Sacramento, CA. Certified Phlebotomy Technician required.",
    ],
)
def test_a_state_code_is_not_a_chartered_accountant(extractor, text):
    assert "chartered-accountant" not in ids(extractor, text)


def test_chartered_accountant_still_counts_with_its_own_cues(extractor):
    assert "chartered-accountant" in ids(extractor, "Qualified CA (ICAEW) with audit experience.")


# --- one family, one entry -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Position requires a Top Secret (TS/SCI) clearance with a polygraph.",
        "Required: current Top Secret clearance and eligible for SCI access.",
    ],
)
def test_ts_sci_is_not_also_top_secret(extractor, text):
    found = ids(extractor, text)
    assert "clearance-ts-sci" in found and "clearance-top-secret" not in found


def test_top_secret_elsewhere_in_the_posting_stays(extractor):
    text = "TS clearance required for phase one.\n\nPhase two: active TS/SCI clearance preferred."
    found = ids(extractor, text)
    assert {"clearance-top-secret", "clearance-ts-sci"} <= found


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Active security clearance required.\nLevel: Secret clearance.", "clearance-secret"),
        ("Must hold a DoD clearance. Top Secret clearance preferred.", "clearance-top-secret"),
    ],
)
def test_no_unspecified_clearance_when_the_level_is_named(extractor, text, level):
    found = ids(extractor, text)
    assert level in found and "clearance-any" not in found


def test_unspecified_clearance_alone_stays(extractor):
    assert "clearance-any" in ids(extractor, "Ability to obtain a security clearance required.")


def test_dod_8570_category_gives_way_to_the_listed_certifications(extractor):
    found = ids(extractor, "Must have IAT Level II certification (Security+, CISSP or CASP).")
    assert "dod-8570-iat-level-2" not in found
    assert {"comptia-security-plus", "isc2-cissp"} <= found
    found = ids(extractor, "DoD 8570 IAT Level II certification required:\nSecurity+ CE or CySA+")
    assert "dod-8570-iat-level-2" not in found and "comptia-security-plus" in found


def test_dod_8570_category_alone_stays(extractor):
    found = ids(extractor, "Must meet DoD 8570 IAT Level II certification within 6 months.")
    assert "dod-8570-iat-level-2" in found
    text = "IAT Level II certification required. Python experience; AWS a plus."
    assert "dod-8570-iat-level-2" in ids(extractor, text)


# --- jurisdiction ----------------------------------------------------------------------------

UK_NURSE = (
    "Staff Nurse, Band 5, NHS Foundation Trust, Leeds LS1 3EX. Salary £29,000.\n"
    "You will be a registered nurse with current NMC registration."
)
US_NURSE = "Staff Nurse, Boston, MA 02115. Salary $80,000. Registered nurse license required."


def test_uk_posting_gets_uk_registration_not_a_us_licence(extractor):
    found = ids(extractor, UK_NURSE)
    assert "uk-nmc-registration" in found and "nursing-rn-license" not in found


def test_us_posting_keeps_its_licence(extractor):
    assert "nursing-rn-license" in ids(extractor, US_NURSE)


def test_country_given_by_the_source_wins(extractor):
    assert "nursing-rn-license" in ids(extractor, UK_NURSE, country="US")
    text = "Registered nurse license required."
    assert "nursing-rn-license" not in ids(extractor, text, country="GB")


def test_us_only_licences_are_dropped_on_uk_postings(extractor):
    text = UK_NURSE + "\nWork as CPA Care Coordinator. Series 7 license a plus."
    found = ids(extractor, text)
    assert not found & {"cpa-license", "finra-series-7"}
    assert "drivers-license" in ids(extractor, UK_NURSE + "\nFull UK driving licence required.")


@pytest.mark.parametrize(
    ("text", "uk"),
    [
        ("NHS Trust, London. Salary £30,000.", True),
        ("Registered with the HCPC; based in Scotland.", True),
        ("Our London office works with clients in the United States; pay $90,000.", False),
        ("Remote role anywhere in the USA.", False),
        ("Based in London.", False),  # one marker is not enough
    ],
)
def test_is_uk_posting(text, uk):
    assert is_uk_posting(text) is uk


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("Associate level degree in IT or equivalent.", "degree-associate"),
        ("Associate-level degree required.", "degree-associate"),
        ("Master level degree in a relevant subject.", "degree-master"),
    ],
)
def test_a_level_named_before_degree_is_that_level(extractor, text, cid):
    found = ids(extractor, text)
    assert cid in found and "degree-bachelor" not in found


def test_an_acronym_that_names_the_employer_is_no_credential(extractor):
    text = (
        "At CNA, we help people matter. CNA seeks to offer great benefits.\n"
        "Internal CNA employees are welcome to apply."
    )
    assert "nursing-cna" not in ids(extractor, text)
    # Its spelled-out forms still count in the same posting.
    assert "nursing-cna" in ids(extractor, "CNA is committed to you. CNA license required.")
    assert "nursing-cna" in ids(extractor, "CNA required; CNA experience in long-term care.")


def test_a_drivers_licence_as_proof_of_identity_is_no_credential(extractor):
    text = (
        "Bring a document that establishes identity, such as a U.S. Passport or Driver's license."
    )
    assert "drivers-license" not in ids(extractor, text)
    assert "drivers-license" in ids(extractor, "Valid driver's license and reliable car required.")


# --- umbrella entries and cards named together ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "member", "umbrella"),
    [
        (
            "Active nursing license in good standing.\n\nQualifications: RN license required.",
            "nursing-rn-license",
            "nursing-any",
        ),
        (
            "AWS certifications are valued.\n\nMust hold AWS Certified Solutions Architect - "
            "Associate.",
            "aws-solutions-architect-associate",
            "aws-any",
        ),
    ],
)
def test_an_umbrella_gives_way_to_a_member_named_anywhere_in_the_posting(
    extractor, text, member, umbrella
):
    found = ids(extractor, text)
    assert member in found and umbrella not in found


def test_an_umbrella_alone_or_beside_another_family_stays(extractor):
    assert "nursing-any" in ids(extractor, "Active nursing license in good standing required.")
    found = ids(extractor, "Active nursing license required.\n\nBLS certification required.")
    assert "nursing-any" in found
    # An endorsement is added to a CDL; it does not say which CDL.
    found = ids(extractor, "Valid CDL required.\n\nHazmat endorsement a plus.")
    assert "cdl-any" in found


@pytest.mark.parametrize(
    "text",
    [
        "Current BLS/CPR certification required.",
        "Obtain and maintain current BLS CPR card.",
        "CPR (BLS) certification from the American Heart Association.",
        "BLS-CPR for healthcare providers required within 30 days.",
    ],
)
def test_bls_written_with_cpr_is_one_card(extractor, text):
    found = ids(extractor, text)
    assert "aha-bls" in found and "aha-cpr" not in found


@pytest.mark.parametrize(
    "text",
    [
        "BLS required for nurses; CPR certification required for drivers.",
        "CPR certification and first aid required.",
        "Certifications: BLS, ACLS, CPR.",
    ],
)
def test_cpr_apart_from_bls_still_counts(extractor, text):
    assert "aha-cpr" in ids(extractor, text)


# --- a form's answer, a match inside a word, an acronym spelled out --------------------------


def test_a_form_answer_no_after_the_question_negates(extractor):
    text = "Valid Driver's License required No\nCommercial Driver's License required No\nDates"
    assert not ids(extractor, text) & {"drivers-license", "cdl-any"}
    assert "cdl-any" in ids(extractor, "CDL required No exceptions.")
    assert "drivers-license" in ids(extractor, "Driver's License required\nNo weekend work.")


@pytest.mark.parametrize(
    "text",
    [
        "Vi bor i Helsingør, tæt på centrum.",  # folds to 'helsing r t t'
        "Vårt mål är att växa.",
        "Participer au développement de la plateforme.",
    ],
)
def test_a_match_inside_a_word_with_letters_the_fold_drops_is_none(extractor, text):
    assert not ids(extractor, text)


def test_a_match_beside_mojibake_still_counts(extractor):
    assert "degree-bachelor" in ids(extractor, "Bachelorâ€™s degree in computer science.")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Guidance from the National Cyber Security Programme (NCSP) shapes our plan.",
            "nasp-ncsp",
        ),
        ("Report for the Coastal Data Information Program (CDIP) each quarter.", "ahima-cdip"),
        ("Current Certified First Assistant (CFA) required for the OR.", "cfa-charterholder"),
    ],
)
def test_one_shared_word_does_not_make_a_spelling_the_credentials(extractor, text, absent):
    assert absent not in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("We hire Registered Nurses (RN) for nights. RN license required.", "nursing-rn-license"),
        ("Trauma Nurse Core Curriculum (TNCC) within 60 days of hire.", "ena-tncc"),
        ("Certified Nurse Operating Room (CNOR) preferred.", "cci-cnor"),
    ],
)
def test_a_spelling_in_other_forms_of_the_credentials_words_keeps_it(extractor, text, present):
    assert present in ids(extractor, text)


# --- someone else's licence ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("LPN duties: care under the supervision of a registered nurse.", "nursing-rn-license"),
        ("Performs point of care testing as delegated by RN.", "nursing-rn-license"),
        (
            "Technicians work under the direct supervision of a licensed pharmacist.",
            "pharmacist-license",
        ),
        ("Provides direction and supervision to LVN/LPNs and aides.", "nursing-lpn-license"),
        ("Care is provided by board certified emergency medicine physicians.", "abms-any"),
        (
            "Pass a fitness exam conducted by a licensed physician before starting.",
            "physician-medical-license",
        ),
        (
            "Nurses plan care with the knowledge of a licensed physician or dentist.",
            "physician-medical-license",
        ),
        (
            "We report payments under the Sunshine Act: if you are a licensed physician who "
            "incurs recruiting expenses when you interview, tell us.",
            "physician-medical-license",
        ),
    ],
)
def test_a_licence_someone_else_holds_is_not_asked(extractor, text, absent):
    assert absent not in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Registered nurse license required; you will supervise aides.", "nursing-rn-license"),
        ("Must be a licensed pharmacist in good standing.", "pharmacist-license"),
        ("Physicians must be board certified in internal medicine.", "abms-any"),
        ("You must be licensed as a physician in Ohio.", "physician-medical-license"),
        (
            "If you are a licensed physician with ten years in practice, apply today.",
            "physician-medical-license",
        ),
        ("Knowledge of RN scope of practice; RN license required.", "nursing-rn-license"),
    ],
)
def test_a_licence_the_candidate_holds_stays(extractor, text, present):
    assert present in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Benefits: we cover your medical licensure costs and CME.", "physician-medical-license"),
        ("Perks: NMC registration fees paid; staff discounts.", "uk-nmc-registration"),
        ("Paid professional fees (AANA, DEA, license fees).", "dea-registration"),
    ],
)
def test_a_licence_whose_fees_the_employer_pays_is_a_benefit_not_a_requirement(
    extractor, text, absent
):
    assert absent not in ids(extractor, text)


def test_a_licence_named_with_its_renewal_stays(extractor):
    text = "Current NMC registration required; you keep it current yourself."
    assert "uk-nmc-registration" in ids(extractor, text)


def test_a_medical_license_on_a_crna_or_midwife_advert_is_the_nurses_own(extractor):
    text = "CRNA certification required. Hold an unrestricted medical license in the state of Iowa."
    assert "physician-medical-license" not in ids(extractor, text)
    text = "Certified Nurse Midwife (CNM); active Montana medical license or ability to obtain."
    assert "physician-medical-license" not in ids(extractor, text)


def test_a_medical_license_stays_where_a_physician_is_asked(extractor):
    text = "MD or DO degree; unrestricted medical license. You will supervise CRNAs."
    assert "physician-medical-license" in ids(extractor, text)
    text = "Current, unrestricted Texas medical license; board certification in family medicine."
    assert "physician-medical-license" in ids(extractor, text)


def test_board_certification_on_an_np_or_pa_advert_is_not_a_physician_board(extractor):
    text = "Nurse Practitioner license required. Current board certification (FNP-BC) required."
    assert "abms-any" not in ids(extractor, text)
    text = "PA-C required; active NCCPA board certification."
    assert "abms-any" not in ids(extractor, text)


def test_board_certification_stays_where_a_physician_is_asked(extractor):
    text = "Physician (MD) with an unrestricted medical license; board certification required."
    assert "abms-any" in ids(extractor, text)
    text = "Physician or Nurse Practitioner license; medical license and board certification."
    assert "abms-any" in ids(extractor, text)


# Acronyms the corpus also uses for something else: each counts only beside words of its own
# field (or, for a degree, beside a degree), so the other sense in a posting is not a mention.
@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Fully remote; you must keep CST or EST hours.", "nbstsa-cst"),
        ("The Trust (CPFT) runs community and mental health services.", "nbrc-rpft"),
        ("Work as a CPN in the home treatment team.", "pncb-cpn"),
        ("Structure PHR data for the patient portal.", "hrci-phr"),
        ("Patients detained under the MHA need a tribunal.", "degree-master"),
        ("Track OTD and first-pass yield every week.", "degree-doctorate"),
        ("Model SCD Type 2 dimensions in the warehouse.", "degree-doctorate"),
        ("ABOUT DSC: we make razors.", "degree-doctorate"),
        ("Reconcile EDD benefit claims for clients.", "degree-doctorate"),
        ("You will configure Oracle VCP modules for demand planning.", "vmware-vcp"),
        ("Storage arrays such as Hitachi VCP and NetApp FAS are in scope.", "vmware-vcp"),
        ("Sites enrolled in the city's VCP need quarterly reports.", "vmware-vcp"),
    ],
)
def test_acronym_in_its_other_sense_is_not_the_credential(extractor, text, wrong):
    assert wrong not in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("Surgical technologist: CST certification from the NBSTSA required.", "nbstsa-cst"),
        ("RPFT or CPFT credential from the NBRC required.", "nbrc-rpft"),
        ("CPN certification preferred for pediatric nurses.", "pncb-cpn"),
        ("PHR or SHRM-CP certification preferred.", "hrci-phr"),
        ("MHA or MBA preferred.", "degree-master"),
        ("PhD or DSc in physics required.", "degree-doctorate"),
        ("OTD or MS in occupational therapy.", "degree-doctorate"),
        ("EdD or PhD in education preferred.", "degree-doctorate"),
        ("Administer vSphere and vCenter clusters; VCP preferred.", "vmware-vcp"),
        ("Certifications such as CCNA, MCSA, VCP or CISSP are a plus.", "vmware-vcp"),
        ("Must hold a current VCP cert.", "vmware-vcp"),
        ("VMware VCP required.", "vmware-vcp"),
    ],
)
def test_acronym_beside_its_own_field_is_the_credential(extractor, text, right):
    assert right in ids(extractor, text)


@pytest.mark.parametrize("tag", ["#LI-DNP", "*LI-DNP", "#LI-AM2"])
def test_linkedin_job_tag_is_not_a_credential(extractor, tag):
    assert ids(extractor, f"We are an equal opportunity employer.\n\n{tag}") == set()


def test_dnp_asked_for_is_kept_beside_a_tag(extractor):
    found = ids(extractor, "DNP or PhD in nursing required.\n\n#LI-Remote")
    assert "degree-doctorate" in found


@pytest.mark.parametrize(
    "text",
    [
        "L'innovation est au cœur de notre ADN !",
        "Nous entretenons un ADN fort.",
        "C'est dans l'ADN de l'entreprise.",
    ],
)
def test_french_adn_is_dna_not_a_nursing_degree(extractor, text):
    assert "degree-associate" not in ids(extractor, text)


@pytest.mark.parametrize(
    "text",
    ["ADN required, BSN preferred.", "An ADN or Diploma in Nursing and one year of practice."],
)
def test_adn_asked_of_a_nurse_is_an_associate_degree(extractor, text):
    assert "degree-associate" in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Location: Boston, MA (Hybrid)\nWe build data tools.", "degree-master"),
        ("Work location: Owings Mills, MD (Remote)", "degree-md"),
        ("Sites: Frederick, MD/Wilson, NC", "degree-md"),
        ("Remote (excluding: CA, CT, MD, MA, NY, OR)", "degree-md"),
        ("Remote (excluding: CA, CT, MD, MA, NY, OR)", "degree-master"),
        ("WHAT YOU'LL DO\nIn addition to the daily work, you will plan.", "degree-md"),
        ("Use the exact phrases from the JD in your resume.", "degree-jd"),
    ],
)
def test_state_codes_and_other_words_are_not_degrees(extractor, text, wrong):
    assert wrong not in ids(extractor, text)


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("BA in Psychology, MA preferred.", "degree-master"),
        ("MA or MS degree in statistics.", "degree-master"),
        ("BS, MS or PhD in physics.", "degree-master"),
        ("Education: MD or DO.", "degree-md"),
        ("Education requirement: DO/MD", "degree-md"),
        ("Law degree (JD) required.", "degree-jd"),
    ],
)
def test_degree_acronyms_asked_for_are_kept(extractor, text, right):
    assert right in ids(extractor, text)


def test_acronym_spelled_out_after_it_as_something_else_is_dropped(extractor):
    text = "Our recruiters each hold a CPC (Certified Personnel Consultant)."
    assert "aapc-cpc" not in ids(extractor, text)


def test_acronym_spelled_out_after_it_as_itself_is_kept(extractor):
    assert "aapc-cpc" in ids(extractor, "CPC (Certified Professional Coder) required.")
    assert "pmi-pmp" in ids(extractor, "PMP (Project Management Professional) preferred.")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Work authorization: OPT, CPT, I-20 and H-1B accepted.", "cdph-cpt1"),
        ("Support partners across our network, plus on-call duty.", "comptia-network-plus"),
        ("Salary range: $62,000 - $101,500 a year.", "lpi-lpic-1"),
    ],
)
def test_a_form_is_not_matched_across_the_comma_of_a_list(extractor, text, wrong):
    assert wrong not in ids(extractor, text)


def test_a_name_and_its_credential_noun_match_across_a_comma(extractor):
    found = extractor.extract("p", "Google Analytics, certification is a plus.")
    assert [(m.credential_id, m.surface) for m in found] == [
        ("google-analytics-certified", "Google Analytics, certification")
    ]
