"""The compiled-extractor cache is keyed on every file of the catalog: an edit to credentials,
profiles.yaml or roles.yaml (or a file added later) builds a new extractor, never a stale one."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from credfloor.normalize.cache import cache_dir
from credfloor.normalize.catalog import catalog_dir
from credfloor.normalize.extractor import load_extractor


def test_suite_cache_is_a_temporary_one():
    home_cache = Path.home() / ".cache" / "credfloor"
    assert cache_dir() != home_cache
    assert cache_dir().is_relative_to(Path(tempfile.gettempdir()))


@pytest.fixture
def copied(tmp_path, monkeypatch):
    """A copy of the bundled catalog folder (credentials/, profiles.yaml, roles.yaml, ...) and an
    empty cache of its own."""
    monkeypatch.setenv("CREDFLOOR_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "catalog"
    shutil.copytree(catalog_dir().parent, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _pickles() -> set[str]:
    return {p.name for p in cache_dir().glob("extractor-*.pickle")}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cache_is_rebuilt_after_each_catalog_edit(copied):
    creds = copied / "credentials"
    first = load_extractor(creds)
    assert len(_pickles()) == 1
    assert load_extractor(creds).catalog.version == first.catalog.version  # read from the cache
    assert len(_pickles()) == 1

    # credentials: a new alias is found at once
    _edit(creds / "aws.yaml", "aliases: [", "aliases: [Quuxcloud Practitioner, ")
    edited = load_extractor(creds)
    assert len(_pickles()) == 2
    found = {m.credential_id for m in edited.extract("p", "Quuxcloud Practitioner required.")}
    assert found and all(cid.startswith("aws-") for cid in found)

    # profiles.yaml: the new default reaches the credentials (and the catalog version)
    _edit(
        copied / "profiles.yaml",
        "aws: {issuer_kind: vendor, assessment: proctored_exam, renewal_years: 3}",
        "aws: {issuer_kind: vendor, assessment: proctored_exam, renewal_years: 7}",
    )
    profiled = load_extractor(creds)
    assert len(_pickles()) == 3
    assert profiled.catalog["aws-cloud-practitioner"].renewal_years == 7
    assert profiled.catalog.version != edited.catalog.version

    # roles.yaml and a file added later: each is an input of the cache key too
    with (copied / "roles.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    load_extractor(creds)
    assert len(_pickles()) == 4
    (copied / "groups").mkdir(exist_ok=True)
    (copied / "groups" / "new.yaml").write_text("[]\n", encoding="utf-8")
    load_extractor(creds)
    assert len(_pickles()) == 5


def test_a_lone_credentials_folder_does_not_read_its_parent(tmp_path, monkeypatch):
    """Without profiles.yaml beside it, a folder of credentials is its own catalog: what else
    sits in its parent does not change the key."""
    monkeypatch.setenv("CREDFLOOR_CACHE", str(tmp_path / "cache"))
    creds = tmp_path / "mine"
    creds.mkdir()
    shutil.copy(catalog_dir() / "aws.yaml", creds / "aws.yaml")
    load_extractor(creds)
    (tmp_path / "unrelated.txt").write_text("x", encoding="utf-8")
    load_extractor(creds)
    assert len(_pickles()) == 1
    os.utime(creds / "aws.yaml")  # touching is no edit: the key is the content
    load_extractor(creds)
    assert len(_pickles()) == 1


def test_a_not_credentials_edit_rebuilds_and_takes_effect(copied):
    """not_credentials.yaml beside the credentials is catalog data: a phrase added there is no
    longer stored as an unlisted candidate by the next extractor."""
    creds = copied / "credentials"
    text = "Zorblax Cloud Architect certification is required."

    def unlisted(extractor):
        return {m.candidate_key for m in extractor.extract("p", text) if not m.credential_id}

    assert unlisted(load_extractor(creds)) == {"zorblax cloud architect"}
    with (copied / "not_credentials.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "- phrase: Zorblax Cloud Architect certification\n"
            "  kind: job-title\n"
            "  reason: a test entry\n"
        )
    assert unlisted(load_extractor(creds)) == set()
    assert len(_pickles()) == 2


def test_version_changes_with_the_not_credentials_list():
    """Refreshes record the extractor's version: a change to what is never stored is one."""
    from credfloor.normalize.catalog import load_catalog
    from credfloor.normalize.extractor import Extractor

    catalog = load_catalog()
    one = Extractor(catalog, ["SOC 2 certified"])
    two = Extractor(catalog, ["SOC 2 certified", "Great Place to Work certified"])
    assert one.version != two.version
    assert one.version.startswith(f"0.1.0+{catalog.version[:8]}.")
    assert Extractor(catalog, ["SOC 2 certified"]).version == one.version
