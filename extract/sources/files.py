"""Local files: JSONL (one posting per line, optionally .gz), CSV with a header row, and
folders of saved HTML pages. Every record becomes a Posting or a Rejected with a reason."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from credfloor.extract.dates import clean_date
from credfloor.extract.identity import fallback_external_id
from credfloor.extract.records import Posting, Rejected
from credfloor.extract.text import (
    MarkupError,
    check_markup,
    guess_lang,
    html_title,
    html_to_text,
    looks_like_html,
)

MAX_TEXT_CHARS = 500_000  # ~150 pages: anything longer is a scrape gone wrong, not an ad
MAX_RAW_CHARS = 2_000  # how much of a bad record quarantine keeps
MAX_TITLE_CHARS = 1_000  # a job title is a line, not a page

# Field -> names seen in the wild (compared case-insensitively). The first present wins.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "external_id", "job_id", "jobid", "posting_id", "uniq_id", "job id"),
    "source": ("source",),
    "title": ("title", "job_title", "job title", "jobtitle", "position", "headline"),
    "text": (
        "description",
        "text",
        "job_description",
        "job description",
        "jobdescription",
        "body",
        "content",
    ),
    "company": ("company", "company_name", "company name", "employer", "hiring_organization"),
    "location": ("location", "job_location", "city"),
    "url": ("url", "link", "job_url", "apply_url"),
    "posted_at": ("posted", "posted_at", "date_posted", "dateposted", "date", "created_at"),
    "valid_through": ("valid_through", "validthrough", "expires", "closing_date"),
    "role_hint": ("role", "role_id"),
}


class InputError(ValueError):
    """An input path that cannot be read at all (missing, unknown kind)."""


def _clip(raw: str) -> str:
    return raw if len(raw) <= MAX_RAW_CHARS else raw[:MAX_RAW_CHARS] + f"... [{len(raw)} chars]"


def _pick(record: Mapping, field: str, mapping: Mapping[str, str] | None, keys: dict):
    """The field's value: the first of its names (any case) present with a value. `keys` is
    `_field_keys(record)`."""
    if mapping and field in mapping:
        return record.get(mapping[field])
    for key in keys[field]:
        value = record[key]
        if value not in (None, ""):
            return value
    return None


_FIELD_KEYS: dict[tuple, dict[str, tuple]] = {}


def _field_keys(record: Mapping) -> dict[str, tuple]:
    """For each field, the record's own keys that name it, in FIELD_NAMES order (of two keys
    that differ only in case, the later one). Records of one file share their keys, so this is
    worked out once per set of keys instead of lowercasing every key of every record."""
    keys = tuple(record)
    found = _FIELD_KEYS.get(keys)
    if found is None:
        by_lower = {str(k).lower(): k for k in keys}
        found = {
            field: tuple(by_lower[name] for name in names if name in by_lower)
            for field, names in FIELD_NAMES.items()
        }
        if len(_FIELD_KEYS) >= 256:  # a file whose records all differ: stay bounded
            _FIELD_KEYS.clear()
        _FIELD_KEYS[keys] = found
    return found


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean"}.get(type(value), "not text")


def _scalar_text(value: object, field: str) -> tuple[str | None, str | None]:
    """(text, None) for text or a number; (None, reason) for an object, a list or a boolean."""
    if isinstance(value, (dict, list, bool)):
        return None, f"{field} is not text ({_kind(value)})"
    return _as_text(value), None


_TITLE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _encodable(value: str) -> bool:
    # One C-speed pass (a regex search over the class is ~5x slower on every posting).
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _bad_unicode(
    fields: Mapping[str, str | None], known: tuple[str, bool] | None = None
) -> str | None:
    """The first field holding a lone surrogate (half of an escaped emoji): such text is not
    Unicode that can be stored, so the record is refused rather than mangled. `known`: a
    value already checked and the answer (the description, by `_scan_text`)."""
    for name, value in fields.items():
        if known is not None and value is known[0]:
            if not known[1]:
                return f"{name} contains invalid Unicode (a lone surrogate, e.g. half an emoji)"
            continue
        if value and not value.isascii() and not _encodable(value):
            return f"{name} contains invalid Unicode (a lone surrogate, e.g. half an emoji)"
    return None


def posting_from_mapping(
    record: object,
    *,
    input_ref: str,
    default_source: str,
    raw: str,
    role_hint: str | None = None,
    columns: Mapping[str, str] | None = None,
    guess_language: bool = True,
) -> Posting | Rejected:
    """The one place where a loose record (JSON object, CSV row) is checked and typed.
    `guess_language=False` leaves `lang` empty, for readers that never use it (`extract`):
    the guess is a third of the reading cost."""
    if not isinstance(record, Mapping):
        kind = type(record).__name__
        return Rejected(input_ref, f"expected a JSON object, got {kind}", _clip(raw))
    keys = _field_keys(record)
    title, wrong = _scalar_text(_pick(record, "title", columns, keys), "title")
    if wrong:
        return Rejected(input_ref, wrong, _clip(raw))
    text = _pick(record, "text", columns, keys)
    if text is not None and not isinstance(text, str):
        return Rejected(input_ref, f"description is not text ({_kind(text)})", _clip(raw))
    external, wrong = _scalar_text(_pick(record, "external_id", columns, keys), "id")
    if wrong:
        return Rejected(input_ref, wrong, _clip(raw))
    text = (text or "").strip()
    if not title:
        return Rejected(input_ref, "missing title", _clip(raw))
    if not text:
        return Rejected(input_ref, "missing or empty description", _clip(raw))
    if len(text) > MAX_TEXT_CHARS:
        return Rejected(
            input_ref,
            f"description too long ({len(text):,} chars; limit {MAX_TEXT_CHARS:,})",
            _clip(raw),
        )
    has_nul, control_share, encodable = _scan_text(text)
    if has_nul or control_share > 0.05:
        return Rejected(input_ref, "description contains binary data", _clip(raw))
    checked = text
    if _TITLE_CONTROL.search(title):
        return Rejected(input_ref, "title contains control characters", _clip(raw))
    if len(title) > MAX_TITLE_CHARS:
        return Rejected(
            input_ref, f"title too long ({len(title):,} chars; limit {MAX_TITLE_CHARS})", _clip(raw)
        )
    if looks_like_html(text):
        try:
            text = html_to_text(text)
        except MarkupError as exc:
            return Rejected(input_ref, f"description: {exc}", _clip(raw))
    company = _as_text(_pick(record, "company", columns, keys))
    fields = {
        "source": _as_text(_pick(record, "source", columns, keys)) or default_source,
        "id": external,
        "title": title,
        "description": text,
        "company": company,
        "location": _as_text(_pick(record, "location", columns, keys)),
        "url": _as_text(_pick(record, "url", columns, keys)),
        "role": role_hint or _as_text(_pick(record, "role_hint", columns, keys)),
    }
    wrong = _bad_unicode(fields, (checked, encodable) if encodable is not None else None)
    if wrong:
        return Rejected(input_ref, wrong, _clip(raw))
    return Posting(
        source=fields["source"],
        external_id=external or fallback_external_id(title, company, text),
        title=title,
        text=text,
        company=company,
        location=fields["location"],
        url=fields["url"],
        posted_at=clean_date(_pick(record, "posted_at", columns, keys)),
        valid_through=clean_date(_pick(record, "valid_through", columns, keys), future_ok=True),
        lang=guess_lang(text) if guess_language else None,
        input_ref=input_ref,
        role_hint=fields["role"],
    )


# Control characters other than tab, newline and carriage return. In UTF-8 these bytes only ever
# stand for themselves, so counting deleted bytes counts them (~2x faster than a regex findall).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# The same bytes all turned into NUL: a table translation (no deletions) runs ~2x faster, and
# the NULs of its result count them.
_CONTROLS_TO_NUL = bytes(0 if c in _CONTROL_BYTES else c for c in range(256))


def _control_share(text: str) -> float:
    """Share of control characters and decoding replacements: high means binary, not text."""
    sample = text[:5000]
    data = sample.encode("utf-8", "surrogatepass")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return (controls + sample.count("\ufffd")) / max(1, len(sample))


def _scan_text(text: str) -> tuple[bool, float, bool | None]:
    """(holds a NUL, _control_share(text), whether text encodes as UTF-8 or None if not
    worked out here). A text of up to 5,000 characters is its own sample, so one UTF-8 form
    answers all three: a non-ASCII posting was encoded twice, and a UCS-2 string searched
    character by character, which was a quarter of the reading cost."""
    if len(text) > 5000:
        return "\x00" in text, _control_share(text), None
    data = text.encode("utf-8", "surrogatepass")
    controls = data.translate(_CONTROLS_TO_NUL).count(0)
    # U+FFFD is EF BF BD in UTF-8; no other character's bytes contain that run.
    replaced = 0 if text.isascii() else data.count(b"\xef\xbf\xbd")
    # A lone surrogate encodes (with surrogatepass) as ED A0..BF ..: no ED byte, none there.
    encodable = text.isascii() or b"\xed" not in data or _encodable(text)
    return b"\x00" in data, (controls + replaced) / max(1, len(text)), encodable


# Postings are lines of a few KB: with the default 8 KB buffer most lines straddle a refill and
# are copied twice (reading 5,000 lines took 0.019 s instead of 0.006 s). (A gzip file keeps its
# own buffering: a larger buffer over it loses the lines read before a truncation.)
_READ_BUFFER = 1 << 20


def _open_binary(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb", buffering=_READ_BUFFER)


def read_jsonl(
    path: Path, role_hint: str | None = None, *, guess_language: bool = True
) -> Iterator[Posting | Rejected]:
    """One posting per line. Blank lines are skipped (they are not records). A UTF-8 byte order
    mark before the first line and CRLF line ends are accepted."""
    source = f"file:{path.name}"
    lineno = 0
    with _open_binary(path) as fh:
        lines = iter(fh)
        while True:
            try:
                line_bytes = next(lines)
            except StopIteration:
                break
            except (EOFError, OSError, zlib.error) as exc:  # truncated or not gzip at all
                lost = f"lines after {lineno} are lost" if lineno else "nothing could be read"
                yield Rejected(
                    f"{path}:{lineno + 1}", f"damaged compressed file ({exc}); {lost}", ""
                )
                break
            lineno += 1
            ref = f"{path}:{lineno}"
            if lineno == 1 and line_bytes.startswith(b"\xef\xbb\xbf"):
                line_bytes = line_bytes[3:]
            try:
                line = line_bytes.decode("utf-8")
            except UnicodeDecodeError as exc:
                raw = line_bytes.decode("utf-8", errors="replace")
                yield Rejected(
                    ref, f"not UTF-8 text ({exc.reason} at byte {exc.start})", _clip(raw)
                )
                continue
            if line.isspace():  # (not strip(): that copies every line)
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Rejected(ref, f"not valid JSON: {exc.msg} at column {exc.colno}", _clip(line))
                continue
            except RecursionError:
                yield Rejected(ref, "not valid JSON: nested too deeply", _clip(line))
                continue
            except ValueError as exc:  # an integer of more than 4,300 digits
                yield Rejected(ref, f"not valid JSON: {str(exc).split(':')[0]}", _clip(line))
                continue
            yield posting_from_mapping(
                record,
                input_ref=ref,
                default_source=source,
                raw=line,
                role_hint=role_hint,
                guess_language=guess_language,
            )


# csv's default field limit (128 KiB) would stop a whole file at one long description; the
# length check in posting_from_mapping gives that record its own reason instead.
CSV_FIELD_LIMIT = 2**31 - 1


def _decode_text_file(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), UTF-16 with a BOM, else Windows-1252: the
    encoding spreadsheet programs save CSV in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(
    path: Path,
    role_hint: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    guess_language: bool = True,
) -> Iterator[Posting | Rejected]:
    """Header row first. `columns` maps our fields (title, text, ...) to the file's headers."""
    source = f"file:{path.name}"
    try:
        with _open_binary(path) as fh:
            data = fh.read()
    except (EOFError, OSError, zlib.error) as exc:
        yield Rejected(f"{path}:1", f"damaged compressed file ({exc}); nothing could be read", "")
        return
    content = _decode_text_file(data)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if columns:
        check_columns(path, columns, reader.fieldnames or [])
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            yield Rejected(f"{path}:{line}", f"not valid CSV ({exc}); reading stopped here", "")
            break
        ref = f"{path}:{reader.line_num}"
        raw = json.dumps(row, ensure_ascii=False)
        if None in row:  # more cells than header columns
            yield Rejected(ref, "row has more cells than the header", _clip(raw))
            continue
        yield posting_from_mapping(
            row,
            input_ref=ref,
            default_source=source,
            raw=raw,
            role_hint=role_hint,
            columns=columns,
            guess_language=guess_language,
        )


def read_html_dir(
    path: Path, role_hint: str | None = None, *, guess_language: bool = True
) -> Iterator[Posting | Rejected]:
    """A folder of saved pages: one posting per file; the title is the page's h1 or <title>."""
    for file in sorted(p for p in path.rglob("*") if p.suffix.lower() in (".html", ".htm")):
        yield read_html_file(
            file, role_hint, source=f"html:{path.name}", guess_language=guess_language
        )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes) -> str:
    """A byte order mark, else UTF-8, else the page's <meta charset>, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:  # an unknown encoding name
            pass
    return data.decode("cp1252", errors="replace")


def read_html_file(
    file: Path,
    role_hint: str | None = None,
    source: str | None = None,
    *,
    guess_language: bool = True,
) -> Posting | Rejected:
    ref = str(file)
    data = file.read_bytes()
    if not data.strip():
        return Rejected(ref, "empty file", "")
    html = _decode_html(data)
    if _control_share(html) > 0.05 or "\x00" in html:
        return Rejected(ref, "not an HTML text file (binary data)", _clip(html))
    try:
        check_markup(html)
    except MarkupError as exc:
        return Rejected(ref, str(exc), _clip(html))
    record = {"title": html_title(html), "description": html_to_text(html), "id": file.stem}
    return posting_from_mapping(
        record,
        input_ref=ref,
        default_source=source or f"html:{file.parent.name}",
        raw=html,
        role_hint=role_hint,
        guess_language=guess_language,
    )


COLUMN_FIELDS = (
    "title",
    "text",
    "company",
    "location",
    "url",
    "posted_at",
    "external_id",
    "source",
)


def check_columns(path: Path | None, columns: Mapping[str, str], header: list[str]) -> None:
    """A --column mapping must name our fields and, for a file, headers the file has."""
    unknown = sorted(set(columns) - set(COLUMN_FIELDS))
    if unknown:
        raise InputError(
            f"--column {', '.join(unknown)}: unknown field (fields: {', '.join(COLUMN_FIELDS)})"
        )
    if path is not None:
        missing = [h for h in columns.values() if h not in header]
        if missing:
            raise InputError(f"{path}: column(s) {', '.join(missing)} not in header {header}")


def _kind_of(path: Path) -> str:
    if path.is_dir():
        return "html_dir"
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    if name.endswith((".html", ".htm")):
        return "html"
    raise InputError(f"{path}: unknown input kind (expected .jsonl, .csv, .html or a folder)")


def check_input(path: Path, columns: Mapping[str, str] | None = None) -> None:
    """The checks that can fail a whole input, done before any record is read: the path exists,
    is a kind we read, and (CSV) has the headers a column mapping names."""
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    kind = _kind_of(path)
    if columns:
        check_columns(None, columns, [])
        if kind == "csv":
            try:
                with _open_binary(path) as fh:
                    head = fh.read(1 << 20)
            except (EOFError, OSError, zlib.error):
                return  # read_csv quarantines the damage with its reason
            first = _decode_text_file(head).splitlines()[:1]
            header = next(csv.reader(first), []) if first else []
            check_columns(path, columns, header)


def read_path(
    path: Path,
    role_hint: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    guess_language: bool = True,
) -> Iterator[Posting | Rejected]:
    """Dispatch on what the path is. Unknown kinds are a clear error, not a silent skip.
    `guess_language=False`: every Posting's `lang` is None (see posting_from_mapping)."""
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    kind = _kind_of(path)
    if kind == "html_dir":
        return read_html_dir(path, role_hint, guess_language=guess_language)
    if kind == "jsonl":
        return read_jsonl(path, role_hint, guess_language=guess_language)
    if kind == "csv":
        return read_csv(path, role_hint, columns, guess_language=guess_language)
    return iter([read_html_file(path, role_hint, guess_language=guess_language)])
