import json

import pytest

from credfloor.extract.identity import posting_id
from credfloor.extract.records import Posting, Rejected
from credfloor.extract.sources.files import (
    MAX_TEXT_CHARS,
    InputError,
    read_csv,
    read_html_dir,
    read_jsonl,
    read_path,
)
from tests.conftest import write_jsonl

GOOD = {
    "id": "j1",
    "title": "Data Analyst",
    "company": "Acme",
    "description": "Bachelor's degree required.",
}


def test_jsonl_good_record_becomes_posting(tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [json.dumps(GOOD)])
    (item,) = list(read_jsonl(path))
    assert isinstance(item, Posting)
    assert item.title == "Data Analyst"
    assert item.external_id == "j1"
    assert item.source == "file:p.jsonl"
    assert item.posting_id == posting_id("file:p.jsonl", "j1")
    assert item.input_ref == f"{path}:1"


def test_field_names_any_case_first_name_with_a_value_wins(tmp_path):
    """Records of one file with different keys: each is read by its own keys (the keys of a
    record are worked out once per key set and reused)."""
    records = [
        {"Job_Title": "A", "TITLE": "", "Description": "Text one.", "JobID": "1"},
        {"title": "", "Job Title": "B", "BODY": "Text two.", "id": None, "uniq_id": "2"},
        {"Title": "C", "title": "D", "description": "Text three.", "id": "3"},
        {"Job_Title": "E", "TITLE": "", "Description": "Text four.", "JobID": "4"},
    ]
    path = write_jsonl(tmp_path / "p.jsonl", [json.dumps(r) for r in records])
    items = list(read_jsonl(path))
    # "title" is listed before "job_title"; an empty value does not count; of two keys that
    # differ only in case, the later one is the field.
    assert [(i.title, i.text, i.external_id) for i in items] == [
        ("A", "Text one.", "1"),
        ("B", "Text two.", "2"),
        ("D", "Text three.", "3"),
        ("E", "Text four.", "4"),
    ]


def test_posting_id_is_stable_for_source_and_external_id():
    assert posting_id("s", "1") == posting_id("s", "1")
    assert posting_id("s", "1") != posting_id("s", "2")
    assert posting_id("s", "1") != posting_id("t", "1")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "x", "title": "T", "descr', "not valid JSON"),
        ('{"id": "x", "title": "T"}', "missing or empty description"),
        ('{"id": "x", "title": "T", "description": "   "}', "missing or empty description"),
        ('{"id": "x", "description": "text here"}', "missing title"),
        ("[1, 2, 3]", "expected a JSON object, got list"),
        ('"just a string"', "expected a JSON object, got str"),
        ('{"id": "x", "title": "T", "description": {"nested": 1}}', "description is not text"),
        ('{"id": "x", "title": "T", "description": "a\\u0000b\\u0001c"}', "binary data"),
    ],
)
def test_jsonl_bad_records_are_rejected_with_reason(tmp_path, line, reason):
    path = write_jsonl(tmp_path / "bad.jsonl", [line])
    (item,) = list(read_jsonl(path))
    assert isinstance(item, Rejected)
    assert reason in item.reason
    assert item.input_ref == f"{path}:1"
    assert item.raw


def test_binary_garbage_line_is_rejected(tmp_path):
    path = write_jsonl(tmp_path / "bin.jsonl", [bytes([0xFF, 0xFE, 0x00, 0x81, 0x9F]) * 10])
    (item,) = list(read_jsonl(path))
    assert isinstance(item, Rejected)
    assert "UTF-8" in item.reason


def test_huge_description_is_rejected_not_truncated(tmp_path):
    record = dict(GOOD, description="word " * (MAX_TEXT_CHARS // 5 + 10))
    path = write_jsonl(tmp_path / "big.jsonl", [json.dumps(record)])
    (item,) = list(read_jsonl(path))
    assert isinstance(item, Rejected)
    assert "too long" in item.reason
    assert len(item.raw) < 3000  # quarantine keeps a clipped copy


def test_blank_lines_are_not_records(tmp_path):
    path = write_jsonl(tmp_path / "b.jsonl", ["", json.dumps(GOOD), "   ", ""])
    items = list(read_jsonl(path))
    assert len(items) == 1 and isinstance(items[0], Posting)
    assert items[0].input_ref.endswith(":2")


def test_non_english_text_is_loaded_with_language(tmp_path):
    swedish = dict(
        GOOD,
        description="Vi söker en dataanalytiker som har erfarenhet av SQL och Python. "
        "Du har en kandidatexamen inom datavetenskap eller motsvarande och trivs i ett team "
        "där vi arbetar tillsammans med kunder över hela Sverige varje dag.",
    )
    path = write_jsonl(tmp_path / "sv.jsonl", [json.dumps(swedish), json.dumps(dict(GOOD, id="2"))])
    sv, en = list(read_jsonl(path))
    assert isinstance(sv, Posting) and sv.lang == "other"
    assert en.lang in ("en", "unknown")


def test_without_language_guess_only_lang_differs(tmp_path):
    """`credfloor extract` reads with guess_language=False: the same postings, no lang."""
    english = dict(GOOD, id="en", description="You will work with the team on all of our data.")
    rows = [json.dumps(english), "not json", "", json.dumps(dict(GOOD, id="x", title=""))]
    path = write_jsonl(tmp_path / "p.jsonl", rows)
    guessed = list(read_path(path))
    plain = list(read_path(path, guess_language=False))
    assert [type(i) for i in plain] == [type(i) for i in guessed] == [Posting, Rejected, Rejected]
    assert guessed[0].lang is not None and plain[0].lang is None
    assert plain[0] == Posting(**{**guessed[0].__dict__, "lang": None})
    assert plain[1:] == guessed[1:]
    csv_path = tmp_path / "p.csv"
    csv_path.write_text("title,description\nAnalyst,We need SQL and you will love it.\n")
    (row,) = read_path(csv_path, guess_language=False)
    assert row.lang is None and row.title == "Analyst"


def test_html_description_becomes_visible_text(tmp_path):
    record = dict(GOOD, description="<p>Requirements</p><ul><li>CompTIA <b>Security+</b></li></ul>")
    path = write_jsonl(tmp_path / "h.jsonl", [json.dumps(record)])
    (item,) = list(read_jsonl(path))
    assert "<" not in item.text
    assert "Security+" in item.text and "Requirements" in item.text


def test_record_without_id_gets_content_based_id(tmp_path):
    record = {k: v for k, v in GOOD.items() if k != "id"}
    path = write_jsonl(tmp_path / "noid.jsonl", [json.dumps(record)])
    first = next(read_jsonl(path))
    second = next(read_jsonl(path))
    assert first.external_id.startswith("h:")
    assert first.posting_id == second.posting_id


def test_gzipped_jsonl(tmp_path):
    import gzip

    path = tmp_path / "p.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(json.dumps(GOOD) + "\n")
    (item,) = list(read_path(path))
    assert item.title == "Data Analyst"


def test_csv_with_default_and_mapped_columns(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        'Job Title,Job Description,Employer,Ref\n"Cloud Engineer","AWS SAA preferred.",Acme,r1\n'
        '"Nurse","",Acme,r2\n',
        encoding="utf-8",
    )
    good, bad = list(read_csv(path))
    assert isinstance(good, Posting) and good.title == "Cloud Engineer" and good.company == "Acme"
    assert isinstance(bad, Rejected) and "description" in bad.reason
    mapped = list(
        read_csv(
            path, columns={"title": "Job Title", "text": "Job Description", "external_id": "Ref"}
        )
    )
    assert mapped[0].external_id == "r1"


def test_csv_unknown_mapped_column_is_a_clear_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="Job Title"):
        list(read_csv(path, columns={"title": "Job Title"}))


def test_html_folder(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_text(
        "<html><head><title>Site</title><script>var x=1;</script></head>"
        "<body><h1>IT Support Specialist</h1><p>CompTIA A+ required.</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "pages" / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    items = list(read_html_dir(tmp_path / "pages"))
    by_ok = {type(i).__name__: i for i in items}
    assert by_ok["Posting"].title == "IT Support Specialist"
    assert "var x" not in by_ok["Posting"].text
    assert "A+" in by_ok["Posting"].text
    assert isinstance(by_ok["Rejected"], Rejected)


def test_unknown_path_kinds_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.jsonl")
    odd = tmp_path / "x.parquet"
    odd.write_bytes(b"PAR1")
    with pytest.raises(InputError, match="unknown input kind"):
        read_path(odd)
