"""The credential catalog: YAML data in credentials/, loaded and validated by loader.py."""

from credfloor.normalize.catalog.loader import (
    Catalog,
    CatalogError,
    Credential,
    Group,
    catalog_dir,
    catalog_files,
    catalog_root,
    load_catalog,
    norm_key,
    validate,
)

__all__ = [
    "Catalog",
    "CatalogError",
    "Credential",
    "Group",
    "catalog_dir",
    "catalog_files",
    "catalog_root",
    "load_catalog",
    "norm_key",
    "validate",
]
