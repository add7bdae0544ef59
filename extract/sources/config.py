"""The sources file: what to fetch and how politely. YAML:

    http:                      # optional politeness settings (extract/http.py HttpSettings)
      contact: you@example.org
      min_interval: 0.5
    sources:
      - kind: greenhouse       # greenhouse | lever | ashby | smartrecruiters | workable | jsonld
        token: acme            # board token / site / account / company id / page URL
        role: Data Analyst     # optional: every posting of this source gets this role
        base_url: https://...  # optional: a mirror or a test server

A bare list of sources (no `http:`) is accepted too.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from credfloor.extract.http import HttpSettings
from credfloor.extract.sources.base import SourceSpec
from credfloor.extract.sources.errors import SourcesFileError
from credfloor.extract.sources.registry import SOURCES
from credfloor.extract.text import read_utf8

SOURCE_KEYS = {"kind", "token", "role", "base_url"}


def example_sources_path() -> Path:
    return Path(str(resources.files("credfloor.extract") / "samples" / "sources.example.yaml"))


def _parse(path: Path) -> dict:
    if not path.is_file():
        raise SourcesFileError(f"{path}: no such sources file")
    text = read_utf8(path, str(path), SourcesFileError)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesFileError(f"{path}: not valid YAML: {exc}") from None
    except RecursionError:
        raise SourcesFileError(f"{path}: not valid YAML: nested too deeply") from None
    if data is None:
        data = {}
    if isinstance(data, list):
        data = {"sources": data}
    if not isinstance(data, dict):
        raise SourcesFileError(f"{path}: expected a mapping with a 'sources' list")
    return data


def _spec(path: Path, n: int, entry: object) -> SourceSpec:
    where = f"{path}: source #{n + 1}"
    if not isinstance(entry, dict):
        raise SourcesFileError(f"{where}: expected a mapping with kind and token")
    unknown = sorted(set(entry) - SOURCE_KEYS)
    if unknown:
        raise SourcesFileError(f"{where}: unknown key(s) {', '.join(unknown)}")
    kind, token = entry.get("kind"), entry.get("token")
    if not isinstance(kind, str) or kind not in SOURCES:
        raise SourcesFileError(f"{where}: kind {kind!r} is not one of {', '.join(SOURCES)}")
    if token is None or (isinstance(token, str) and not token.strip()):
        raise SourcesFileError(f"{where}: missing token")
    if isinstance(token, bool) or not isinstance(token, (str, int)):
        raise SourcesFileError(f"{where}: token must be text, got {type(token).__name__}")
    token = str(token).strip()
    role, base = entry.get("role"), entry.get("base_url")
    if role is not None and not isinstance(role, str):
        raise SourcesFileError(f"{where}: role must be text, got {type(role).__name__}")
    if base and not (isinstance(base, str) and urlsplit(base).scheme in ("http", "https")):
        raise SourcesFileError(f"{where}: base_url must be an http(s) URL, got {base!r}")
    if kind == "jsonld" and not base and urlsplit(token).scheme not in ("http", "https"):
        raise SourcesFileError(f"{where}: a jsonld token must be an http(s) page URL")
    return SourceSpec(
        kind=kind,
        token=token,
        role=role.strip() or None if role else None,
        base_url=base or None,
    )


def load_sources(path: Path) -> tuple[HttpSettings, list[SourceSpec]]:
    data = _parse(path)
    unknown = sorted(set(data) - {"http", "sources"})
    if unknown:
        raise SourcesFileError(f"{path}: unknown top-level key(s) {', '.join(unknown)}")
    entries = data.get("sources") or []
    if not isinstance(entries, list):
        raise SourcesFileError(f"{path}: 'sources' must be a list")
    specs = [_spec(path, n, e) for n, e in enumerate(entries)]
    seen: set[tuple[str, str]] = set()
    for s in specs:
        if (s.kind, s.token) in seen:
            raise SourcesFileError(f"{path}: {s.kind} {s.token!r} is listed twice")
        seen.add((s.kind, s.token))
    http = data.get("http") or {}
    if not isinstance(http, dict):
        raise SourcesFileError(f"{path}: 'http' must be a mapping of settings")
    try:
        settings = HttpSettings.from_mapping(http)
    except (TypeError, ValueError) as exc:
        raise SourcesFileError(f"{path}: {exc}") from None
    return settings, specs


def _entry_yaml(spec: SourceSpec, indent: str) -> str:
    lines = [f"{indent}- kind: {spec.kind}", f"{indent}  token: {_scalar(spec.token)}"]
    if spec.role:
        lines.append(f"{indent}  role: {_scalar(spec.role)}")
    if spec.base_url:
        lines.append(f"{indent}  base_url: {_scalar(spec.base_url)}")
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    return (
        yaml.safe_dump(value, default_flow_style=True, width=10_000)
        .strip()
        .removesuffix("...")
        .strip()
    )


def add_source(path: Path, spec: SourceSpec) -> None:
    """Append one entry, keeping the file's comments; refuses duplicates and unknown kinds."""
    _spec(path, 0, {k: v for k, v in spec.__dict__.items() if v is not None})
    if not path.exists():
        path.write_text(
            "# credfloor sources file (see docs/sources.md)\nsources:\n" + _entry_yaml(spec, "  "),
            encoding="utf-8",
        )
        return
    _, specs = load_sources(path)
    if any((s.kind, s.token) == (spec.kind, spec.token) for s in specs):
        raise SourcesFileError(f"{path}: {spec.kind} {spec.token!r} is already listed")
    original = path.read_text(encoding="utf-8")
    items = re.findall(r"^([ \t]*)- kind:", original, flags=re.M)
    if items or re.search(r"^sources:[ \t]*$", original, flags=re.M):
        text = original if original.endswith("\n") or not original else original + "\n"
        path.write_text(text + _entry_yaml(spec, items[-1] if items else "  "), encoding="utf-8")
        try:
            if load_sources(path)[1] == [*specs, spec]:
                return
        except SourcesFileError:
            pass
    # The file's layout defeated a plain append: rewrite it (its comments are lost).
    data = yaml.safe_load(original) or {}
    data = {"sources": data} if isinstance(data, list) else data
    data["sources"] = (data.get("sources") or []) + [
        {k: v for k, v in spec.__dict__.items() if v is not None}
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
