"""Job titles -> canonical role and seniority. A small table for now (catalog/roles.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

SENIORITY_PATTERNS = [
    ("intern", r"\b(intern|internship|co-?op|trainee|apprentice)\b"),
    ("entry", r"\b(junior|jr\.?|entry[- ]level|graduate|new grad|associate|i)\b"),
    ("lead", r"\b(lead|principal|staff|head of|director|architect)\b"),
    ("senior", r"\b(senior|sr\.?|iii|iv|experienced)\b"),
    ("manager", r"\b(manager|supervisor)\b"),
]


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    soc_code: str | None
    patterns: tuple[re.Pattern, ...] = ()


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unnamed"


@lru_cache(maxsize=1)
def load_roles() -> tuple[Role, ...]:
    path = resources.files("credfloor.normalize.catalog") / "roles.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Role(
            id=r["id"],
            name=r["name"],
            soc_code=r.get("soc_code"),
            patterns=tuple(re.compile(p, re.I) for p in r.get("patterns", [])),
        )
        for r in data
    )


def role_for_title(title: str) -> Role | None:
    for role in load_roles():
        if any(p.search(title) for p in role.patterns):
            return role
    return None


def role_from_name(name: str) -> Role:
    """An explicit --role: a known role by id or name, else a new role named as given."""
    slug = slugify(name)
    for role in load_roles():
        if slug in (role.id, slugify(role.name)):
            return role
    return Role(id=slug, name=name.strip(), soc_code=None)


def seniority_for_title(title: str) -> str:
    for level, pattern in SENIORITY_PATTERNS:
        if re.search(pattern, title, re.I):
            return level
    return "mid"
