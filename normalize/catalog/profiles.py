"""How employers read a credential: who issues it, how it is assessed, how often it renews.

Defaults per ecosystem (and per level within one) live in profiles.yaml beside this file, with
the overlap groups; a credential's own `issuer_kind`, `assessment` or `renewal_years` in its
issuer's YAML wins. The loader applies them, so every loaded Credential carries all three.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

ISSUER_KINDS = {"vendor", "professional_body", "university", "learning_platform", "regulator"}
ASSESSMENTS = {
    "proctored_exam",
    "graded_projects",
    "coursework",
    "attendance",
    "background_investigation",
}
# renewal_years: 0 = does not expire; None = not recorded (the audit then says nothing).
MAX_RENEWAL_YEARS = 10
TYPE_DEFAULTS = {
    "license": ("regulator", "proctored_exam"),
    "clearance": ("regulator", "background_investigation"),
    "degree": ("university", "coursework"),
    "certification": ("professional_body", "proctored_exam"),
}


@dataclass(frozen=True)
class Profiles:
    ecosystems: dict[str, dict]
    overlaps: tuple[tuple[str, tuple[str, ...]], ...]  # (group name, credential ids)
    text: str = ""  # the file as read, so the catalog version changes with it


def check_fields(raw: dict, where: str) -> list[str]:
    """Problems with the profile fields of one mapping (a credential or an ecosystem)."""
    problems = []
    if not isinstance(raw, dict):
        return [f"{where}: expected a mapping of issuer_kind, assessment, renewal_years"]
    if raw.get("issuer_kind") is not None and str(raw["issuer_kind"]) not in ISSUER_KINDS:
        problems.append(
            f"{where}: issuer_kind {raw['issuer_kind']!r} not in {sorted(ISSUER_KINDS)}"
        )
    if raw.get("assessment") is not None and str(raw["assessment"]) not in ASSESSMENTS:
        problems.append(f"{where}: assessment {raw['assessment']!r} not in {sorted(ASSESSMENTS)}")
    by_level = raw.get("renewal_by_level") or {}
    if not isinstance(by_level, dict):
        return [f"{where}: renewal_by_level must map a level to years"]
    years = [raw.get("renewal_years"), *by_level.values()]
    for value in years:
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= MAX_RENEWAL_YEARS
        ):
            problems.append(
                f"{where}: renewal_years {value!r} must be a whole number of years, "
                f"0 (does not expire) to {MAX_RENEWAL_YEARS}"
            )
    return problems


def load_profiles(path: Path) -> Profiles:
    """profiles.yaml at `path`, checked (raises ValueError naming the entry at fault); a
    catalog without one gets the type defaults only."""
    if not path.is_file():
        return Profiles({}, ())
    import yaml  # here: a run that finds the compiled extractor cached never parses YAML

    text = path.read_text("utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: not valid YAML: {exc}") from exc
    problems: list[str] = []
    ecosystems = data.get("ecosystems") or {}
    for name, eco in ecosystems.items():
        problems += check_fields(eco, f"profiles.yaml ecosystem {name}")
    overlaps = []
    for i, group in enumerate(data.get("overlaps") or [], 1):
        ids = tuple(group.get("ids") or ())
        if not group.get("name") or len(ids) < 2:
            problems.append(f"profiles.yaml overlap group {i}: needs a name and two or more ids")
        overlaps.append((str(group.get("name")), ids))
    if problems:
        raise ValueError("\n  ".join(problems))
    return Profiles(ecosystems, tuple(overlaps), text)


def with_profile(cred, profiles: Profiles):
    """`cred` with issuer_kind, assessment and renewal_years filled from its ecosystem's
    defaults, then its type's; its own values win."""
    eco = profiles.ecosystems.get(cred.ecosystem or "", {})
    kind, assessment = TYPE_DEFAULTS.get(cred.type, TYPE_DEFAULTS["certification"])
    renewal = cred.renewal_years
    # A retired credential can no longer be renewed, and an umbrella entry ("ITIL", "AWS
    # certification") spans versions with different rules (ITIL v3 was for life): the
    # ecosystem's cycle is for the current, specific credentials only.
    if renewal is None and cred.status != "retired" and not cred.generic:
        renewal = (eco.get("renewal_by_level") or {}).get(cred.level, eco.get("renewal_years"))
    return replace(
        cred,
        issuer_kind=cred.issuer_kind or eco.get("issuer_kind") or kind,
        assessment=cred.assessment or eco.get("assessment") or assessment,
        renewal_years=renewal,
    )
