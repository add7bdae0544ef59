"""Issue 17: credentials of Canadian Job Bank adverts and US hospital careers sites.

The sentences are written for these tests (no posting text). Each case names what must be found
and what must not: a wrong id is worse than none.
"""

from __future__ import annotations

import pytest

from credfloor.normalize.catalog import load_catalog


def found(extractor, text: str, country: str | None = "CA") -> set[str]:
    return {m.credential_id for m in extractor.extract("p", text, country) if m.credential_id}


CANADA = [
    # trades: the Red Seal endorsement and the provincial certificate of qualification
    ("Certificates and licences: Red Seal endorsement.", {"red-seal-endorsement"}),
    ("Interprovincial Red Seal certification is an asset.", {"red-seal-endorsement"}),
    ("We want a Red Seal Cook for the new kitchen.", {"red-seal-endorsement"}),
    (
        "Trade certificate required; Certificate of Qualification (309A).",
        {"ca-certificate-of-qualification"},
    ),
    (
        "Journeyperson certificate or Red Seal.",
        {"ca-certificate-of-qualification", "red-seal-endorsement"},
    ),
    # driver's licences: ordinary classes are the driver's licence, truck classes their own
    ("A valid Class 5 driver's licence is needed.", {"drivers-license"}),
    ("Full G licence with a clean abstract.", {"drivers-license"}),
    (
        "Class 1 or A Licence and an air brake endorsement.",
        {"ca-class-1-licence", "ca-air-brake-endorsement"},
    ),
    ("AZ licence holders only.", {"ca-class-1-licence"}),
    ("Class 3 or D Licence.", {"ca-class-3-licence"}),
    # on a Canadian advert the UK's "Class 1 licence" form is the provincial class (groups/canada.yaml)
    ("Class 1 licence required.", {"ca-class-1-licence"}),
    # safety, first aid and food certificates
    ("WHMIS certificate and TDG certificate.", {"whmis-certificate", "ca-tdg-certificate"}),
    (
        "Working at Heights certificate and H2S Alive.",
        {"ca-working-at-heights", "energy-safety-canada-h2s-alive"},
    ),
    ("St. John Ambulance First Aid and CPR Level C.", {"aha-first-aid", "aha-cpr"}),
    ("Standard First Aid and CPR Level C are required.", {"aha-first-aid", "aha-cpr"}),
    ("FOODSAFE Level 1 certificate.", {"food-handler-card"}),
    ("Food Safe, Level 1 or equivalent.", {"food-handler-card"}),
    ("FOODSAFE Level 2 for the supervisor.", {"food-protection-manager"}),
    ("Smart Serve Certification required.", {"agco-smart-serve"}),
    ("Serving It Right certificate.", {"bc-serving-it-right"}),
    ("ProServe certification.", {"aglc-proserve"}),
    # care, nursing, finance, security
    ("Personal Support Worker (PSW) certificate.", {"ca-psw-certificate"}),
    ("Registered Practical Nurse (RPN) in good standing.", {"nursing-lpn-license"}),
    ("RN/RPN positions in our long-term care home.", {"nursing-rn-license", "nursing-lpn-license"}),
    (
        "Registered Psychiatric Nurse for the mental health unit.",
        {"ca-registered-psychiatric-nurse"},
    ),
    ("Completion of the Canadian Securities Course (CSC).", {"csi-csc"}),
    (
        "LLQP licence and the Canadian Investment Funds Course.",
        {"ca-llqp-life-licence", "ca-mutual-funds-licence"},
    ),
    ("Ontario Security Guard Licence.", {"security-guard-license"}),
    ("BC Security Worker Licence.", {"security-guard-license"}),
    ("Forklift operator certificate.", {"osha-forklift"}),
    ("CPA designation preferred.", {"cpa-canada"}),
    # regulated professions with Canadian titles
    ("Registered Social Worker (RSW) in good standing.", {"ca-registered-social-worker"}),
    ("Registered Social Worker with the provincial college.", {"ca-registered-social-worker"}),
    ("Registered Psychotherapist (Qualifying) welcome.", {"ca-registered-psychotherapist"}),
    ("CSMLS certification as a laboratory technologist.", {"csmls-mlt"}),
    ("MRT(R) certified through the CAMRT.", {"camrt-mrt"}),
    ("Primary Care Paramedic (PCP) licence.", {"ca-primary-care-paramedic"}),
    ("C.E.T. designation through OACETT.", {"oacett-cet"}),
    ("P.Geo. or P.Eng. designation.", {"ca-professional-geoscientist", "engineers-canada-peng"}),
    ("Mortgage Agent Level 2 licence.", {"ca-mortgage-agent-licence"}),
    # trade codes, gas technicians and Ontario's G classes
    ("309A licence or 442A certificate.", {"ca-certificate-of-qualification"}),
    ("G2 Gas Technician certificate.", {"gas-fitter-license"}),
    ("Full G licence and a clean driving abstract.", {"drivers-license"}),
    # a Job Bank certificate list
    (
        "Certificates: Interprovincial Trade Certification (Red Seal); Fall Arrest Certificate.",
        {"red-seal-endorsement", "fall-protection-certificate"},
    ),
    ("Hazard Analysis and Critical Control Point (HACCP) Certification.", {"haccp-certificate"}),
    ("Must be able to obtain Reliability Status.", {"clearance-ca-reliability"}),
    ("Enhanced Reliability check required.", {"clearance-ca-enhanced-reliability"}),
    # early childhood and welding, as Canadian adverts write them
    ("Early Childhood Assistant certificate or ECE Level 2.", {"early-childhood-credentials"}),
    ("Child Development Assistant certificate.", {"early-childhood-credentials"}),
    ("B Pressure welder ticket holders.", {"cwb-welding"}),
    ("Valid welding ticket.", {"welding-any"}),
    # French forms on Quebec adverts
    (
        "Sceau rouge et certificat de qualification.",
        {"red-seal-endorsement", "ca-certificate-of-qualification"},
    ),
    ("Permis de conduire classe 5 et formation SIMDUT.", {"drivers-license", "whmis-certificate"}),
    ("Carte ASP Construction obligatoire.", {"qc-asp-construction"}),
    ("Certificat de secourisme et RCR/DEA.", {"aha-first-aid", "aha-cpr"}),
    ("Études : Diplôme d'études secondaires (DES).", {"degree-high-school"}),
    # Job Bank's education line
    ("Education: Secondary (high) school graduation certificate.", {"degree-high-school"}),
]


@pytest.mark.parametrize(("text", "expected"), CANADA)
def test_canadian_credentials(extractor, text, expected):
    assert found(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "country", "not_expected"),
    [
        # New York City's FDNY and New York State also issue "Certificates of Qualification"
        ("Certificate of Qualification for Refrigeration Operator from the Fire Department.", "US",
         "ca-certificate-of-qualification"),
        ("Certificate of Qualification in Clinical Chemistry preferred.", "US", "ca-certificate-of-qualification"),
        # Job Bank's education line is a schooling level, not a trade certificate
        ("Education: Apprenticeship or trades certificate or diploma.", "CA", "ca-certificate-of-qualification"),
        ("Red Seal Electric Co. is a family business.", "CA", "red-seal-endorsement"),
        ("Comply with WHMIS regulations on site.", "CA", "whmis-certificate"),
        ("Rank failure modes by RPN (risk priority number).", "US", "nursing-lpn-license"),
        ("Keep a food safe environment.", "US", "food-handler-card"),
        ("Florida Class G license for armed guards.", "US", "drivers-license"),
        # the UK's Class 1 stays the UK's on a British advert
        ("Class 1 licence required.", "GB", "ca-class-1-licence"),
        ("Registered Social Worker required.", "GB", "ca-registered-social-worker"),
        # bare G2 is also the gas technician licence: a driving form needs a driving word
        ("G2 licence required for gas appliance service.", "CA", "drivers-license"),
        ("Refer patients to their PCP (primary care physician).", "US", "ca-primary-care-paramedic"),
        ("We monitor the reliability status of every service.", "CA", "clearance-ca-reliability"),
        ("Designed for enhanced reliability under load.", "CA", "clearance-ca-enhanced-reliability"),
        ("Comply with HACCP and SQF regulations.", "US", "haccp-certificate"),
        ("Wear fall protection equipment on the roof.", "US", "fall-protection-certificate"),
    ],
)  # fmt: skip
def test_canadian_forms_do_not_fire_elsewhere(extractor, text, country, not_expected):
    assert not_expected not in found(extractor, text, country)


def test_first_aid_and_cpr_stay_two_credentials(extractor):
    # a combined form must not swallow the CPR certificate
    assert {"aha-first-aid", "aha-cpr"} <= found(extractor, "Standard First Aid and CPR required.")


HOSPITAL = [
    ("BLS and ACLS required; NRP for labour and delivery nurses; PALS within six months.",
     {"aha-bls", "aha-acls", "aap-nrp", "aha-pals"}),
    ("TNCC and ENPC within one year.", {"ena-tncc", "ena-enpc"}),
    ("S.T.A.B.L.E. certification for NICU staff.", {"stable-program"}),
    ("CPI or Mandt certification within 90 days.", {"cpi-nci", "mandt-system"}),
    ("CCRN for the ICU, PCCN for step-down, CMSRN for med-surg.", {"aacn-ccrn", "aacn-pccn", "msncb-cmsrn"}),
    ("Emergency nurses: CEN preferred.", {"bcen-cen"}),
    ("RNC-OB or C-EFM for obstetrics; RNC-NIC for the NICU.", {"ncc-rnc-ob", "ncc-c-efm", "ncc-rnc-nic"}),
    ("CNOR for the operating room and OCN for oncology.", {"cci-cnor", "oncc-ocn"}),
    ("R.T.(R)(CT)(ARRT) registry.", {"arrt-ct"}),
    ("RDMS (ARDMS) required, RVT for vascular sonography.", {"ardms-rdms", "ardms-rvt"}),
    ("Sonographer: RDMS required.", {"ardms-rdms"}),
    ("RRT credential from the NBRC.", {"nbrc-rrt"}),
    ("MLS(ASCP) or MLT(ASCP) certification.", {"ascp-mls", "ascp-mlt"}),
    ("RHIT or CCS; CPC coders welcome.", {"ahima-rhit", "ahima-ccs", "aapc-cpc"}),
    ("CPhT (PTCB) required.", {"ptcb-cpht"}),
    ("CRCST or CBSPD certification within 18 months.", {"hspa-crcst", "cbspd-cspdt"}),
    ("NREMT-P or state paramedic license; EMT-B for techs.", {"nremt-paramedic", "nremt-emt"}),
    ("Surgical technologist: CST from the NBSTSA.", {"nbstsa-cst"}),
    ("Registered Dietitian (RD) with state licensure in nutrition.", {"cdr-rdn"}),
    # de-escalation programmes: each its own issuer's certification
    ("Non-Violent Crisis Intervention (NVCI) within six months of hire.", {"cpi-nci"}),
    ("NonViolent Crisis Intervention Program preferred.", {"cpi-nci"}),
    ("BCLS required; ACLS and Handle With Care preferred.", {"aha-bls", "aha-acls", "handle-with-care"}),
    ("Safety-Care certification (QBS) within 60 days.", {"qbs-safety-care"}),
    ("MOAB certification and Therapeutic Crisis Intervention (TCI) certification.", {"moab-certification", "cornell-tci"}),
    ("AVADE Workplace Violence Prevention Training within a year.", {"avade-workplace-violence-prevention"}),
    # AWHONN's fetal heart monitoring course, as labour and delivery adverts name it
    ("AWHONN Intermediate Fetal Monitoring Program within a year of hire.", {"awhonn-fhm"}),
    ("Certifications: BLS, NRP, AWHONN.", {"aha-bls", "aap-nrp", "awhonn-fhm"}),
    ("Trauma Care After Resuscitation (TCAR) within 18 months of hire.", {"tcar-program"}),
    ("BLS, ACLS, NIH certifications required.", {"aha-bls", "aha-acls", "nih-stroke-scale"}),
    ("Board Certified Medical-Surgical Registered Nurse preferred.", {"ancc-medsurg-bc"}),
    ("Medical Surgical Nurse-Board Certified (MEDSURG-BC) preferred.", {"ancc-medsurg-bc"}),
    ("Adult Clinical Nurse Specialist Board Certified.", {"ancc-agcns-bc"}),
    ("Certification in Rehabilitation Nursing preferred.", {"arn-crrn"}),
    ("Certified Correctional Health Professional (CCHP).", {"ncchc-cchp"}),
    ("Licensed to practice as a Registered Nurse in Virginia.", {"nursing-rn-license"}),
    ("Obtain a Good Clinical Practice (GCP) certification within four months.", {"citi-program"}),
    ("LPN with IV certification for the infusion clinic.", {"nursing-lpn-license", "iv-therapy-certification"}),
    ("Board Certification in Toxicology (DABT) preferred.", {"abt-dabt"}),
    ("CHAA certification preferred for patient access staff.", {"naham-chaa"}),
    ("Certified Brain Injury Specialist (CBIS) within a year.", {"acbis-cbis"}),
    # ARRT's own notation, one discipline each
    ("R.T.(CT)(ARRT) or R.T.(N)(ARRT).", {"arrt-ct", "arrt-nuclear-medicine"}),
    ("R.T.(M)(ARRT) for the breast centre.", {"arrt-mammography"}),
    ("Medical Laboratory Scientist (ASCP) certification.", {"ascp-mls"}),
    ("Chemotherapy Biotherapy Provider card within a year.", {"ons-chemo-immunotherapy"}),
    ("Certified in Infection Control (CIC).", {"cbic-cic"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), HOSPITAL)
def test_hospital_credentials(extractor, text, expected):
    assert expected <= found(extractor, text, "US")


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        ("The CST time zone applies to this remote role.", "nbstsa-cst"),
        ("Report the CPI (consumer price index) monthly.", "cpi-nci"),
        ("Our R&D team (RD) ships weekly.", "cdr-rdn"),
        ("Submit forms to the CEN committee on standards.", "bcen-cen"),
        ("Please handle with care: specimens are fragile.", "handle-with-care"),
        ("Our unit follows AWHONN staffing guidance.", "awhonn-fhm"),
        ("Researchers need NIH certification in human subjects protection.", "nih-stroke-scale"),
        ("NICET Level IV certified designers.", "iv-therapy-certification"),
        ("TCAR cases in the vascular lab.", "tcar-program"),
        # words of VA, privacy-law, telecom and contract-tool adverts that are not credentials
        ("Submit your EDRP application within four months of appointment.", "ec-council-edrp"),
        ("Comply with CCPA/CPRA privacy law.", "ncura-cra"),
        ("Telecom experience with 3G, 4G and 5G networks.", "welding-any"),
        (
            "Ironclad (Contract Lifecycle Management - CLM) administration.",
            "legal-specialist-certs",
        ),
        ("Required to pass certification examination set by the state board.", "bus-driver-certs"),
        ("Licensed to practice as a Registered Nurse in Virginia.", "bar-admission"),
        ("AACN, CCRN or CCP certification within two years.", "worldatwork-ccp"),
        ("Obtain a Good Clinical Practice (GCP) certification within four months.", "gcp-any"),
        ("AWHONN Advanced FHM Instructor or NCC Electronic Fetal Monitoring (C-EFM).", "nbcc-ncc"),
        ("State of California Certified Nurse Midwife (CNM).", "ca-crt-radiologic"),
        ("A registered nurse for the outpatient team within the RD and E site.", "cdr-rdn"),
        ("Hands-on experience with SQL and other RDMS technologies.", "ardms-rdms"),
        ("PM CEMS evaluations (RCA, RRA, ACA).", "arrt-rra"),
        ("Quality deliverables (RTY, RPPM, CPPM, warranty).", "aapc-cppm"),
        ("Bold Orange (BOCO) is a customer experience company.", "orthotics-abc"),
        ("Nurses take part in therapeutic crisis intervention with patients.", "cornell-tci"),
        ("Safety-Care certification within 60 days.", "cpi-nci"),
    ],
)
def test_hospital_acronyms_need_their_own_words(extractor, text, not_expected):
    assert not_expected not in found(extractor, text, "US")


def test_canadian_entries_are_bound_where_their_issuer_is():
    catalog = load_catalog()
    assert catalog["cpa-canada"].jurisdiction == "CA"
    assert catalog["ca-class-1-licence"].country == "CA"
    assert catalog["agco-smart-serve"].jurisdiction == "CA-ON"
    groups = {g.id: set(g.members) for g in catalog.groups}
    assert groups["tractor-trailer-licence"] == {
        "cdl-class-a",
        "uk-hgv-class-1",
        "ca-class-1-licence",
    }


def test_a_nursing_board_certification_is_not_a_physician_board(extractor):
    text = "Board Certified Medical-Surgical Registered Nurse preferred."
    assert "abms-any" not in found(extractor, text, "US")


def test_national_board_certification_is_a_teachers_only_beside_teaching(extractor):
    np_advert = "Master's in nursing and current National Board Certification (AANP or ANCC)."
    assert "nbpts-nbct" not in found(extractor, np_advert, "US")
    teacher_advert = "Teachers with National Board Certification earn a stipend."
    assert "nbpts-nbct" in found(extractor, teacher_advert, "US")


def test_a_canadian_assets_section_is_preferred(extractor):
    text = "Requirements:\nFOODSAFE Level 1\n\nAssets:\nSmart Serve certification\n"
    strength = {m.credential_id: m.strength for m in extractor.extract("p", text, "CA")}
    assert strength == {"food-handler-card": "required", "agco-smart-serve": "preferred"}


def test_class_1_names_resolve_to_the_canadian_class_and_extract_by_country(extractor):
    from credfloor.normalize.resolve import NameResolver

    # a labelled name is resolved without the posting's country: the bare form is the Canadian class
    assert NameResolver(extractor.catalog).resolve("Class 1 licence").id == "ca-class-1-licence"
    assert "uk-hgv-class-1" in found(extractor, "Class 1 licence for HGV driving.", "GB")
    assert "ca-class-1-licence" in found(extractor, "Class 1 licence required.", "CA")
