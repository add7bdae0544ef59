"""Licences follow their jurisdiction (issue 18 step 2): both sides of each equivalence."""

from __future__ import annotations

import pytest

from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.jurisdiction import for_country


def ids(extractor, text: str, country: str | None) -> set[str]:
    found = extractor.extract("p", text)
    return {m.credential_id for m in for_country(found, country, extractor.catalog)}


@pytest.mark.parametrize(
    ("text", "country", "expected", "not_expected"),
    [
        ("Registered Nurse registration is required.", "GB", "uk-nmc-registration", "nursing-rn-license"),
        ("Registered Nurse registration is required.", "US", "nursing-rn-license", "uk-nmc-registration"),
        ("You must be a licensed pharmacist.", "US", "pharmacist-license", "uk-gphc-registration"),
        ("You must be a licensed pharmacist.", "GB", "uk-gphc-registration", "pharmacist-license"),
        ("Active NMC PIN required.", "GB", "uk-nmc-registration", "nursing-rn-license"),
    ],
)  # fmt: skip
def test_the_posting_country_decides(extractor, text, country, expected, not_expected):
    found = ids(extractor, text, country)
    assert expected in found and not_expected not in found


def test_unknown_country_and_unbound_credentials_stay(extractor):
    assert "nursing-rn-license" in ids(extractor, "Registered Nurse license required.", None)
    # BLS has no jurisdiction: a UK advert keeps it
    assert "aha-bls" in ids(extractor, "BLS certification required.", "GB")
    # a country the group has no member for keeps the id found
    assert "nursing-rn-license" in ids(extractor, "Registered Nurse license required.", "SE")


def test_catalog_jurisdictions_and_groups_are_valid():
    catalog = load_catalog()
    assert catalog["nursing-rn-license"].jurisdiction == "US"
    assert catalog["uk-nmc-registration"].jurisdiction == "GB"
    groups = {g.id: g for g in catalog.groups}
    assert {"rn-licensure", "bls-cpr", "dod-8570-iat-2", "pharmacist-licensure"} <= set(groups)
    for g in catalog.groups:
        assert all(m in catalog.credentials for m in g.members)


def test_bad_jurisdiction_is_refused(tmp_path):
    from credfloor.normalize.catalog import CatalogError

    creds = tmp_path / "credentials"
    creds.mkdir()
    (tmp_path / "profiles.yaml").write_text("")
    (creds / "x.yaml").write_text(
        "- {id: x-lic, name: X licence, issuer: X, type: license, jurisdiction: usa}\n"
    )
    with pytest.raises(CatalogError, match="jurisdiction 'usa'"):
        load_catalog(creds)


@pytest.mark.parametrize(
    ("text", "country", "expected", "not_expected"),
    [
        ("A CPA designation is an asset.", "CA", "cpa-canada", "cpa-license"),
        ("A CPA designation is an asset.", "US", "cpa-license", "cpa-canada"),
        ("Chartered Professional Accountant required.", "US", "cpa-license", "cpa-canada"),
        ("Registered Nurse registration is required.", "GB", "uk-nmc-registration", "nursing-rn-license"),
        ("Registered Nurse registration is required.", "US", "nursing-rn-license", "uk-nmc-registration"),
    ],
)  # fmt: skip
def test_extract_itself_follows_the_posting_country(
    extractor, text, country, expected, not_expected
):
    # `credfloor extract` gives the country to extract() and applies no for_country() after it
    found = {m.credential_id for m in extractor.extract("p", text, country)}
    assert expected in found and not_expected not in found


def test_extract_without_a_country_keeps_what_the_text_names(extractor):
    found = {m.credential_id for m in extractor.extract("p", "CPA designation required.")}
    assert found == {"cpa-license"}
