"""Load and validate the credential catalog: reviewed YAML data, one file per issuer.

The catalog is the closed vocabulary the matcher looks for. Every entry is checked here, so
a bad edit to a YAML file fails loudly with the file and the entry named.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from credfloor.extract.text import read_utf8
from credfloor.normalize.catalog.profiles import check_fields, load_profiles, with_profile
from credfloor.normalize.textfold import fold_key, fold_keys

TYPES = {"certification", "license", "degree", "clearance"}
LEVELS = {None, "foundational", "associate", "professional", "specialty", "expert"}
STATUSES = {"active", "retired"}
REQUIRED_FIELDS = ("id", "name", "issuer", "type")
KNOWN_FIELDS = {
    "id",
    "name",
    "issuer",
    "ecosystem",
    "type",
    "level",
    "aliases",
    "exam_codes",
    "requires",
    "requires_one_of",
    "recommended",
    "ambiguous_aliases",
    "cues",
    "status",
    "successor",
    "generic",
    "case_sensitive_aliases",
    "notes",
    "xref",
    "issuer_kind",
    "assessment",
    "renewal_years",
    "jurisdiction",
}
# Where a licence is valid: an ISO 3166-1 country, or a 3166-2 subdivision ("US", "GB", "US-CA").
JURISDICTION_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CatalogError(ValueError):
    """The catalog data is inconsistent; the message names the file and entry."""


@dataclass(frozen=True)
class Credential:
    id: str
    name: str
    issuer: str
    type: str
    ecosystem: str | None = None
    level: str | None = None
    aliases: tuple[str, ...] = ()
    exam_codes: tuple[str, ...] = ()
    # The ladder, as the issuer states it: `requires` are prerequisites (all of them),
    # `requires_one_of` groups of which any one member will do (a one-member group: that one or
    # a route the catalog does not list), `recommended` an order the issuer suggests, not asks.
    requires: tuple[str, ...] = ()
    requires_one_of: tuple[tuple[str, ...], ...] = ()
    recommended: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    status: str = "active"
    successor: str | None = None
    generic: bool = False
    source_file: str = ""
    xref: tuple[tuple[str, str], ...] = ()
    # How employers read it (profiles.py fills these from ecosystem and type defaults).
    issuer_kind: str | None = None
    assessment: str | None = None
    renewal_years: int | None = None  # 0: does not expire; None: not recorded
    jurisdiction: str | None = None  # where it is valid (US, GB, US-CA); None: anywhere

    @property
    def country(self) -> str | None:
        """The country of its jurisdiction ("US-CA" -> "US")."""
        return self.jurisdiction.split("-", 1)[0] if self.jurisdiction else None

    def ladder_ids(self) -> tuple[str, ...]:
        """Every credential below this one on its ladder, of any kind."""
        return (*self.requires, *(i for g in self.requires_one_of for i in g), *self.recommended)

    def surface_forms(self) -> tuple[str, ...]:
        """Everything a posting may write for this credential."""
        return (self.name, *self.aliases, *self.exam_codes, *self.ambiguous_aliases)


def norm_key(text: str) -> str:
    """Comparison key for names: the matcher's folding, so catalog and text compare alike."""
    return fold_key(unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Group:
    """Equivalent credentials (groups/*.yaml): an advert naming any member names the group."""

    id: str
    name: str
    members: tuple[str, ...]
    source_file: str = ""


@dataclass
class Catalog:
    credentials: dict[str, Credential]
    version: str = ""
    groups: tuple[Group, ...] = ()
    # Groups of credentials that cover the same ground: (group name, ids), from profiles.yaml.
    overlaps: tuple[tuple[str, tuple[str, ...]], ...] = ()
    _by_key: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, set[str]] = defaultdict(set)
        for cred in self.credentials.values():
            for form in cred.surface_forms():
                for key in fold_keys(unicodedata.normalize("NFKC", form)):
                    index[key].add(cred.id)
        self._by_key = dict(index)

    def __len__(self) -> int:
        return len(self.credentials)

    def __getitem__(self, cid: str) -> Credential:
        return self.credentials[cid]

    def __iter__(self):
        return iter(self.credentials.values())

    def ids_for(self, text: str) -> set[str]:
        return set(self._by_key.get(norm_key(text), ()))


def groups_dir(directory: Path) -> Path:
    return directory.parent / "groups"


def catalog_dir() -> Path:
    # The package's own folder (setuptools installs package data as plain files). Not
    # importlib.resources: `credfloor extract` would import it only to find this path.
    return Path(__file__).parent / "credentials"


def catalog_root(directory: Path) -> Path:
    """The catalog's folder: the one holding `directory` (the credentials) beside profiles.yaml,
    roles.yaml and the other data files; a lone folder of credentials (no profiles.yaml beside
    it) is its own catalog, so its parent, which may hold anything, is never read."""
    return directory.parent if (directory.parent / "profiles.yaml").is_file() else directory


def catalog_files(directory: Path) -> list[Path]:
    """Every file of the catalog whose credentials are in `directory`, sorted: what a cache of
    anything built from the catalog must be keyed on (files added later are included without
    anyone remembering to list them). Bytecode and hidden files are not catalog data."""
    root = catalog_root(directory)
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix != ".pyc"
        and not any(
            part.startswith(".") or part == "__pycache__" for part in p.relative_to(root).parts
        )
    )


def _as_tuple(value, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise CatalogError(f"{where}: '{key}' must be a list of strings")
    return tuple(str(v) for v in value)


def _groups(value, where: str) -> tuple[tuple[str, ...], ...]:
    """`requires_one_of`: a list of groups, each a non-empty list of ids."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(g, list) and g for g in value):
        raise CatalogError(
            f"{where}: 'requires_one_of' must be a list of groups, each a list of ids "
            "(e.g. [[a-one, b-two]])"
        )
    return tuple(_as_tuple(g, where, "requires_one_of") for g in value)


def _parse_entry(raw: dict, where: str) -> Credential:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: entry is not a mapping")
    missing = [k for k in REQUIRED_FIELDS if not raw.get(k)]
    if missing:
        raise CatalogError(f"{where}: missing required field(s) {', '.join(missing)}")
    unknown = set(raw) - KNOWN_FIELDS
    if unknown:
        raise CatalogError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("id", "name", "issuer", "type", "ecosystem", "level", "status", "successor"):
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))):
            raise CatalogError(f"{where}: '{key}' must be text, got {type(value).__name__}")
    cid = str(raw["id"])
    if not ID_RE.match(cid):
        raise CatalogError(f"{where}: id {cid!r} is not a lowercase slug")
    if raw["type"] not in TYPES:
        raise CatalogError(f"{where}: type {raw['type']!r} not in {sorted(TYPES)}")
    if raw.get("level") not in LEVELS:
        raise CatalogError(
            f"{where}: level {raw.get('level')!r} not in {sorted(filter(None, LEVELS))}"
        )
    status = raw.get("status", "active")
    if status not in STATUSES:
        raise CatalogError(f"{where}: status {status!r} not in {sorted(STATUSES)}")
    profile_problems = check_fields(raw, where)
    if profile_problems:
        raise CatalogError(profile_problems[0])
    if not isinstance(raw.get("generic", False), bool):
        raise CatalogError(f"{where}: 'generic' must be true or false, got {raw['generic']!r}")
    jurisdiction = raw.get("jurisdiction")
    if jurisdiction is not None and not (
        isinstance(jurisdiction, str) and JURISDICTION_RE.match(jurisdiction)
    ):
        raise CatalogError(
            f"{where}: jurisdiction {jurisdiction!r} is not an ISO 3166 code (US, GB, US-CA)"
        )
    xref = raw.get("xref") or {}
    if not isinstance(xref, dict):
        raise CatalogError(f"{where}: 'xref' must be a mapping of scheme -> external id")
    return Credential(
        id=cid,
        name=str(raw["name"]),
        issuer=str(raw["issuer"]),
        type=raw["type"],
        ecosystem=str(raw["ecosystem"]) if raw.get("ecosystem") is not None else None,
        level=raw.get("level"),
        aliases=_as_tuple(raw.get("aliases"), where, "aliases"),
        exam_codes=_as_tuple(raw.get("exam_codes"), where, "exam_codes"),
        requires=_as_tuple(raw.get("requires"), where, "requires"),
        requires_one_of=_groups(raw.get("requires_one_of"), where),
        recommended=_as_tuple(raw.get("recommended"), where, "recommended"),
        ambiguous_aliases=_as_tuple(raw.get("ambiguous_aliases"), where, "ambiguous_aliases"),
        case_sensitive_aliases=_as_tuple(
            raw.get("case_sensitive_aliases"), where, "case_sensitive_aliases"
        ),
        cues=_as_tuple(raw.get("cues"), where, "cues"),
        status=status,
        successor=str(raw["successor"]) if raw.get("successor") is not None else None,
        generic=raw.get("generic", False),
        xref=tuple(sorted((str(k), str(v)) for k, v in xref.items())),
        issuer_kind=raw.get("issuer_kind"),
        assessment=raw.get("assessment"),
        renewal_years=raw.get("renewal_years"),
        jurisdiction=jurisdiction,
    )


# Cue words are found in any case, so an acronym cue that is also a common word ("OR" for an
# operating room, "DO" for an osteopath, "ARE" for the architects' exam) would be found in nearly
# every sentence.
EVERYDAY_WORDS = frozenset(
    "a an and are as at be by can do for from has have in is it may no not of on one or our "
    "per the to us via we will with you your".split()
)


def validate(credentials: list[Credential]) -> list[str]:
    """Every problem in the catalog as one readable line each (empty list: valid)."""
    problems: list[str] = []
    by_id: dict[str, Credential] = {}
    for cred in credentials:
        if cred.id in by_id:
            problems.append(
                f"duplicate id {cred.id!r} in {cred.source_file} and {by_id[cred.id].source_file}"
            )
        by_id[cred.id] = cred
    owners: dict[str, set[str]] = defaultdict(set)
    ambiguous: dict[str, set[str]] = defaultdict(set)
    for cred in credentials:
        for form in cred.surface_forms():
            keys = fold_keys(unicodedata.normalize("NFKC", form))
            if not keys:
                problems.append(f"{cred.id}: empty alias {form!r}")
            for key in keys:
                owners[key].add(cred.id)
        for form in cred.ambiguous_aliases:
            for key in fold_keys(unicodedata.normalize("NFKC", form)):
                ambiguous[key].add(cred.id)
        problems += _ladder_problems(cred, by_id)
        problems += [
            f"{cred.id}: cue {cue!r} is the everyday word {cue.lower()!r} (cues are matched in "
            "any case): spell it out"
            for cue in cred.cues
            if cue.lower() in EVERYDAY_WORDS
        ]
        if cred.successor and cred.successor not in by_id:
            problems.append(f"{cred.id}: successor unknown id {cred.successor!r}")
        if cred.successor and cred.status != "retired":
            problems.append(f"{cred.id}: has a successor but status is not 'retired'")
    problems += _prerequisite_cycles(by_id)
    for key, ids in sorted(owners.items()):
        if len(ids) > 1 and ambiguous.get(key, set()) != ids:
            problems.append(
                f"alias {key!r} resolves to {sorted(ids)}: mark it in ambiguous_aliases of each "
                "(with cues) or keep it on one entry"
            )
    return problems


def _ladder_problems(cred: Credential, by_id: dict[str, Credential]) -> list[str]:
    problems = []
    kinds = [
        ("requires", cred.requires),
        ("requires_one_of", [i for g in cred.requires_one_of for i in g]),
        ("recommended", cred.recommended),
    ]
    seen: dict[str, str] = {}
    for kind, ids in kinds:
        for target in ids:
            if target not in by_id:
                problems.append(f"{cred.id}: {kind} unknown id {target!r}")
            if target == cred.id:
                problems.append(f"{cred.id}: {kind} itself")
            if target in seen:
                problems.append(
                    f"{cred.id}: {target!r} is in both {seen[target]} and {kind}"
                    if seen[target] != kind
                    else f"{cred.id}: {target!r} twice in {kind}"
                )
            seen[target] = kind
    return problems


def _prerequisite_cycles(by_id: dict[str, Credential]) -> list[str]:
    """A prerequisite chain that comes back to where it started can never be climbed."""
    problems = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(cid: str, path: list[str]) -> None:
        state[cid] = 1
        cred = by_id[cid]
        for nxt in (*cred.requires, *(i for g in cred.requires_one_of for i in g)):
            if nxt not in by_id or nxt == cid:
                continue
            if state.get(nxt) == 1:
                loop = [*path[path.index(nxt) :], nxt]
                problems.append(f"prerequisite cycle: {' -> '.join(loop)}")
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[cid] = 2

    for cid in sorted(by_id):
        if cid not in state:
            visit(cid, [cid])
    return problems


def load_catalog(directory: Path | None = None, strict: bool = True) -> Catalog:
    """The catalog in `directory` (default: the bundled one). Cached while the files are unchanged."""
    directory = directory or catalog_dir()
    stamp = tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in catalog_files(directory)
    )
    return _load_cached(directory, strict, stamp)


@lru_cache(maxsize=4)
def _load_cached(directory: Path, strict: bool, stamp: tuple) -> Catalog:
    # Imported here: a run that finds the compiled extractor cached never parses YAML (~70 ms).
    import yaml

    yaml_loader = _yaml_loader()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(f"{directory}: no catalog files (*.yaml)")
    try:
        profiles = load_profiles(directory.parent / "profiles.yaml")
    except ValueError as exc:
        raise CatalogError(str(exc)) from exc
    creds: list[Credential] = []
    digest = hash_text(profiles.text)
    for path in files:
        text = read_utf8(path, path.name, CatalogError)
        digest = (digest * 31 + hash_text(text)) % (1 << 64)
        _check_nesting(path, text)
        try:
            data = yaml.load(text, Loader=yaml_loader) or []
        except yaml.YAMLError as exc:
            raise CatalogError(f"{path.name}: not valid YAML: {exc}") from exc
        if not isinstance(data, list):
            raise CatalogError(f"{path.name}: top level must be a list of credentials")
        for i, raw in enumerate(data):
            where = f"{path.name} entry {i + 1} ({raw.get('id', '?') if isinstance(raw, dict) else '?'})"
            cred = _parse_entry(raw, where)
            creds.append(with_profile(_with_source(cred, path.name), profiles))
    groups: list[Group] = []
    for path in sorted(groups_dir(directory).glob("*.yaml")):
        text = read_utf8(path, path.name, CatalogError)
        digest = (digest * 31 + hash_text(text)) % (1 << 64)
        try:
            data = yaml.load(text, Loader=yaml_loader) or []
        except yaml.YAMLError as exc:
            raise CatalogError(f"groups/{path.name}: not valid YAML: {exc}") from exc
        if not isinstance(data, list):
            raise CatalogError(f"groups/{path.name}: top level must be a list of groups")
        for i, raw in enumerate(data):
            groups.append(_parse_group(raw, f"groups/{path.name} entry {i + 1}", path.name))
    if strict:
        problems = validate(creds)
        problems += validate_groups(groups, {c.id for c in creds})
        known = {c.id for c in creds}
        problems += [
            f"profiles.yaml overlap group {name!r}: unknown id {cid!r}"
            for name, ids in profiles.overlaps
            for cid in ids
            if cid not in known
        ]
        if problems:
            raise CatalogError(
                f"catalog has {len(problems)} problem(s):\n  " + "\n  ".join(problems[:50])
            )
    return Catalog(
        {c.id: c for c in creds},
        version=f"{digest:016x}",
        overlaps=profiles.overlaps,
        groups=tuple(groups),
    )


def _parse_group(raw: object, where: str, source: str) -> Group:
    if not isinstance(raw, dict) or set(raw) - {"id", "name", "members", "notes"}:
        raise CatalogError(f"{where}: a group is a mapping of id, name, members (and notes)")
    gid, name, members = raw.get("id"), raw.get("name"), raw.get("members")
    if not isinstance(gid, str) or not ID_RE.match(gid) or not isinstance(name, str):
        raise CatalogError(f"{where}: id (a lowercase slug) and name are required")
    if not isinstance(members, list) or len(members) < 2:
        raise CatalogError(f"{where} ({gid}): members must list two credential ids or more")
    return Group(gid, name, tuple(str(m) for m in members), source)


def validate_groups(groups: list[Group], known: set[str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for g in groups:
        if g.id in seen or g.id in known:
            problems.append(f"group {g.id!r}: id used twice (groups and credentials share ids)")
        seen.add(g.id)
        problems += [f"group {g.id!r}: unknown member {m!r}" for m in g.members if m not in known]
    return problems


@lru_cache(maxsize=1)
def _yaml_loader():
    """libyaml's safe loader (~10x faster), refusing a key written twice in one mapping: YAML
    would silently keep the last one, so a second `aliases:` would drop the first list."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class NoDuplicateKeys(base):
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                    )
                seen.add(key_node.value)
            return super().construct_mapping(node, deep=deep)

    return NoDuplicateKeys


# libyaml's parser recurses in C: 100,000 nested brackets crash the process (SIGSEGV) before
# Python can raise. A catalog entry nests three levels; refuse anything absurd up front.
MAX_YAML_NESTING = 100
_INDENT = re.compile(r"^( *)\S", re.M)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _check_nesting(path: Path, text: str) -> None:
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", text):  # the brackets alone: a short string
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    deep_indent = max((len(m.group(1)) for m in _INDENT.finditer(text)), default=0)
    if deepest > MAX_YAML_NESTING or deep_indent > 2 * MAX_YAML_NESTING:
        raise CatalogError(f"{path.name}: not valid YAML: nested too deeply")


def hash_text(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha1(text.encode()).digest()[:8], "big")


def _with_source(cred: Credential, source: str) -> Credential:
    from dataclasses import replace

    return replace(cred, source_file=source)
