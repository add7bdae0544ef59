"""Property tests: extraction never crashes and its mentions point at the text; fold offsets map
back exactly; batching does not change results."""

from __future__ import annotations

import re
import tempfile

import ahocorasick_rs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from credfloor.normalize.catalog import load_catalog
from credfloor.normalize.recognizer import _EXAM_SHAPES, HEADS, _patterns
from credfloor.normalize.records import STRENGTHS
from credfloor.normalize.textfold import fold, fold_key

# No example database and a throwaway home: running the tests writes nothing into the repository.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="credfloor-hypothesis-"))
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces to mix with random text: real credential names and the punctuation/unicode that sits
# around them in scraped postings.
_CATALOG = load_catalog()
FORMS = sorted({f for c in _CATALOG for f in c.surface_forms()})
SNIPPETS = [
    "Required:",
    "Preferred qualifications:\n",
    "Benefits:\n- ",
    " or ",
    " and ",
    ", ",
    "; ",
    ". ",
    "\n",
    "\n\n",
    "\t",
    "  ",
    " - ",
    "\u2022 ",
    " \u2013 ",
    "\u2014",
    "\u2019s",
    "\u00a0",
    " +",
    "+",
    "(",
    ")",
    "/",
    "e.g. ",
    " is a plus",
    " required",
    " preferred",
    " a plus.",
    " degree",
    " in Computer Science",
    " experience",
    "\u0130",
    "\u00df",
    "\ufb01",
    "\U0001f600",
    "\u0301",
    "\u200b",
    "I",
    "a",
    "Z",
]

pieces = st.one_of(
    st.sampled_from(FORMS),
    st.sampled_from(SNIPPETS),
    st.text(max_size=12),
)
mixed_text = st.lists(pieces, max_size=25).map("".join)
any_text = st.one_of(st.text(max_size=400), mixed_text)


def check_mentions(text: str, mentions, posting_id: str = "p") -> None:
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.strength in STRENGTHS
        assert m.posting_id == posting_id
        if m.credential_id is None:  # a credential the catalog lacks: kept under its key
            assert m.candidate_key and m.candidate_key == m.candidate_key.strip().lower()
            assert m.method == "unlisted"
            assert m.type in ("certification", "license", "clearance")
        else:
            assert m.credential_id in _CATALOG.credentials
            assert m.type == _CATALOG[m.credential_id].type
            assert m.candidate_key is None
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)


@SETTINGS
@given(text=st.text())
def test_extract_arbitrary_text(extractor, text):
    check_mentions(text, extractor.extract("p", text))


@SETTINGS
@given(text=mixed_text)
def test_extract_mixed_with_credential_names(extractor, text):
    check_mentions(text, extractor.extract("p", text))


@SETTINGS
@given(
    form=st.sampled_from(FORMS), before=st.sampled_from(SNIPPETS), after=st.sampled_from(SNIPPETS)
)
def test_extract_credential_name_in_context(extractor, form, before, after):
    text = "Required: " + before + form + after
    check_mentions(text, extractor.extract("p", text))


@SETTINGS
@given(text=any_text)
def test_extract_is_deterministic(extractor, text):
    assert extractor.extract("p", text) == extractor.extract("p", text)


@SETTINGS
@given(
    items=st.lists(
        st.tuples(st.text(alphabet="abc123", min_size=1, max_size=4), any_text), max_size=8
    )
)
def test_extract_many_matches_per_item(extractor, items):
    batched = list(extractor.extract_many(items))
    assert batched == [extractor.extract(pid, text) for pid, text in items]
    for (pid, text), mentions in zip(items, batched, strict=True):
        check_mentions(text, mentions, pid)


def test_extract_many_accepts_a_generator(extractor):
    texts = ["CISSP required", "", "Sec+ a plus", "nothing here"]
    gen = ((str(i), t) for i, t in enumerate(texts))
    assert list(extractor.extract_many(gen)) == [
        extractor.extract(str(i), t) for i, t in enumerate(texts)
    ]


# ---------------------------------------------------------------------------------------------
# fold() offsets
# ---------------------------------------------------------------------------------------------

fold_text = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(
            st.sampled_from(FORMS),
            st.sampled_from([" ", "  ", "\t", "\n", "\u2013", "\u2019", "+", " +", "-", "'"]),
            st.text(max_size=6),
        ),
        max_size=20,
    ).map("".join),
)


def _word_edged_spans(folded: str, data) -> tuple[int, int]:
    """A random span of `folded` that starts and ends on a letter or digit."""
    word = [i for i, ch in enumerate(folded) if ch.isalnum()]
    start = data.draw(st.sampled_from(word))
    ends = [i for i in word if i >= start]
    end = data.draw(st.sampled_from(ends)) + 1
    return start, end


@SETTINGS
@given(text=fold_text, data=st.data())
def test_fold_span_roundtrip(text, data):
    """Any span of the folded text that starts and ends on a word character maps to an original
    span that folds back to the same key."""
    f = fold(text)
    if not any(ch.isalnum() for ch in f.text):
        return
    start, end = _word_edged_spans(f.text, data)
    key = f.text[start:end]
    o_start, o_end = f.span_to_original(start, end)
    assert 0 <= o_start < o_end <= len(text)
    assert fold(text[o_start:o_end]).text == key


_KEY_LIST = sorted({k for form in FORMS if (k := fold_key(form))})
_KEYS = ahocorasick_rs.AhoCorasick(_KEY_LIST)


@SETTINGS
@given(text=fold_text)
def test_fold_catalog_key_roundtrip(text):
    """Every catalog key found in the folded text maps to an original span whose key is the same."""
    f = fold(text)
    for i, start, end in _KEYS.find_matches_as_indexes(f.text, overlapping=True):
        key = _KEY_LIST[i]
        o_start, o_end = f.span_to_original(start, end)
        assert fold_key(text[o_start:o_end]) == key, (key, text[o_start:o_end])


@SETTINGS
@given(text=fold_text)
def test_fold_offsets_monotonic_and_in_range(text):
    f = fold(text)
    mapped = [f.to_original(i) for i in range(len(f.text))]
    assert all(0 <= o < len(text) for o in mapped)
    # Non-decreasing: a space inserted at a glued word boundary ("fieldBachelor") shares the
    # offset of the capital after it; every other folded character has its own.
    assert all(a <= b for a, b in zip(mapped, mapped[1:], strict=False))
    non_space = [o for o, ch in zip(mapped, f.text, strict=True) if ch != " "]
    assert len(set(non_space)) == len(non_space)


# Inputs for idempotence that are never already lowercase (each holds a capitalised catalog
# name) and are rich in quote runs and dropped characters, where a second fold could still
# change something.
_CAPITALISED = [f for f in FORMS if f != f.lower()]
_QUOTE_HEAVY = st.lists(
    st.one_of(
        st.sampled_from(FORMS),
        st.sampled_from(["'", "''", "\u2019", "\u2018", " ", "\u00e9", "-", "aB", "\t"]),
        st.text(max_size=4),
    ),
    min_size=1,
    max_size=20,
).map("".join)
mixed_case_text = st.tuples(
    st.sampled_from(_CAPITALISED), st.one_of(fold_text, _QUOTE_HEAVY), st.booleans()
).map(lambda p: p[0] + p[1] if p[2] else p[1] + p[0])


@settings(SETTINGS, max_examples=400)
@example(text="''CISSP")
@example(text="Security+ \u00e9''0")
@example(text="CAP ++ \u00edC'\u2019\u2019")
@given(text=mixed_case_text)
def test_fold_is_idempotent(text):
    assert text != text.lower()
    once = fold(text).text
    assert fold(once).text == once


@pytest.mark.parametrize("text", ["", " ", "\n\n", "+", " +", "\u0130", "\u2013\u2013"])
def test_fold_edge_cases(text):
    f = fold(text)
    for i in range(len(f.text)):
        assert 0 <= f.to_original(i) < len(text)


# --- Shortcuts for mention-heavy postings give the answers of the plain computation -----------

_SENTENCE_BITS = st.sampled_from(
    ["RN ", "BLS ", "required. ", "Preferred: ", "\n", " • ", "e.g. ", "Must hold CCNA. ", "x"]
    + ["  ", "word " * 8]
)


@SETTINGS
@given(st.lists(_SENTENCE_BITS, min_size=1, max_size=80), st.integers(1, 6))
def test_sentence_bounds_memo_changes_nothing(bits, step):
    from credfloor.normalize.context import sentence_bounds

    text = "".join(bits)
    memo: list = []
    for start in range(0, len(text) - 1, step):
        end = min(len(text), start + 2)
        assert sentence_bounds(text, start, end, memo) == sentence_bounds(text, start, end)


@SETTINGS
@given(st.lists(_SENTENCE_BITS, min_size=1, max_size=80))
def test_sentence_start_is_the_last_end_of_the_whole_lookback(bits):
    """The near scans tried first find what one scan of the whole lookback finds."""
    _assert_sentence_starts_of_the_whole_lookback("".join(bits))


@pytest.mark.parametrize(
    "text",
    [
        # A near scan starting inside the whitespace after a full stop would miss the end
        # that run leads to (and find the newline's instead).
        "x " * 30 + "required. \n  RN" + " word" * 12,
        "word " * 10 + "done.   \n   RN " + "word " * 20,
    ],
)
def test_sentence_start_when_a_near_scan_would_start_inside_whitespace(text):
    _assert_sentence_starts_of_the_whole_lookback(text)


def _assert_sentence_starts_of_the_whole_lookback(text: str) -> None:
    from credfloor.normalize.context import SENTENCE_LOOKBACK, _last_end, sentence_bounds

    for start in range(len(text) - 1):
        endpos = min(len(text), start + 2)
        whole = _last_end(text, max(0, start - SENTENCE_LOOKBACK), endpos, start)
        assert sentence_bounds(text, start, endpos)[0] == whole


def test_many_mentions_take_the_one_pass_cue_path_with_the_same_strengths():
    from credfloor.normalize.context import MANY_SPANS, StrengthRules

    unit = "RN required. BLS preferred. Must hold ACLS. CPR is a plus. Other duties. "
    text = unit * (MANY_SPANS // 2 + 5)
    spans = [(i, i + 2) for i in range(len(text)) if text.startswith("RN", i)]
    spans += [(i, i + 3) for i in range(len(text)) if text.startswith(("BLS", "CPR"), i)]
    spans.sort()
    assert len(spans) > MANY_SPANS
    rules = StrengthRules()
    together = rules.strengths(text, spans)
    one_by_one = [rules.strengths(text, [span])[0] for span in spans]
    assert together == one_by_one
    assert {s for s, _ in together} == {"required", "preferred"}


_CUE_BITS = st.sampled_from(
    [
        "CPA",
        "cpa",
        "Certified",
        "licensed",
        "A+",
        "(ISC)2",
        "98-",
        "_",
        "-",
        " ",
        "x",
        "9",
        "é",
        "K",
        "ſ",
        "\u0130",
        "\u0131",
        "\u00df",
    ]
)


@SETTINGS
@given(st.lists(_CUE_BITS, max_size=12))
def test_cue_word_search_agrees_with_the_regular_expression(bits):
    from credfloor.normalize.matcher import GENERIC_CUES, _cue_regex, _cue_words, _has_cue

    window = "".join(bits)
    for words in (_cue_words(GENERIC_CUES), _cue_words(["cpa", "a+", "98-", "(isc)2"])):
        assert _has_cue(words, window) == bool(_cue_regex(words).search(window)), window


def test_lowering_matches_what_regex_case_folding_matches():
    """_has_cue lowers a window (after spelling out four letters) instead of searching it with
    IGNORECASE: for every code point, the ASCII letter it then becomes is the one IGNORECASE
    matches it to, it stays one character, and it stays a word character or not."""
    import sys

    from credfloor.normalize.matcher import _REGEX_CASE_EXTRAS, _is_word_char

    letter = re.compile("[a-z]", re.I)
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        low = ch.translate(_REGEX_CASE_EXTRAS).lower()
        assert len(low) == 1, hex(cp)
        assert _is_word_char(low) == _is_word_char(ch), hex(cp)
        if cp >= 128 and (letter.fullmatch(ch) or low.isascii()):
            assert low.isascii() and re.fullmatch(re.escape(low), ch, re.I), hex(cp)


_HEAD_BITS = st.sampled_from(
    ["Preferred Qualifications", "Additional Qualifications", "Benefits", "What You Will Do", "B"]
    + ["Required", "x", " ", "\n", ":", "Nice to Have", "Requirements", "Q"]
)


def test_a_glued_label_whose_colon_is_far_after_the_point_is_kept():
    """Found by the property below: a label glued to the text before it starts by `until` but
    its colon lies beyond the reach of glued headings."""
    from credfloor.normalize.context import find_sections

    text = "Preferred Qualifications" * 3 + " Preferred Qualifications:Preferred Qualifications"
    whole = [s for s in find_sections(text) if s.start <= 48]
    assert any("Preferred Qualifications Preferred" in s.heading for s in whole)
    assert [s for s in find_sections(text, until=48) if s.start <= 48] == whole


@SETTINGS
@given(st.lists(_HEAD_BITS, max_size=30), st.data())
def test_sections_up_to_a_point_are_those_of_the_whole_text(bits, data):
    from credfloor.normalize.context import find_sections

    text = "".join(bits)
    until = data.draw(st.integers(0, max(0, len(text) - 1)))
    whole = [s for s in find_sections(text) if s.start <= until]
    assert [s for s in find_sections(text, until=until) if s.start <= until] == whole


_LINE_BITS = st.one_of(
    _HEAD_BITS,
    st.sampled_from(
        ["About Us", "WHAT WE OFFER", "Licen\u017fure", "Educat\u0131on", "K", "Salary:", "#"]
        + ["Your Profile", "must-have", "Nice-to-haves", "about the role", "- Required", "\u00a0"]
        + ["We need you to bring", "Key Skills", "Location", "Who you are", ". ", "Duties"]
    ),
)


# Flags every line with a character in it, as if every word were a heading's.
_EVERY_CHARACTER = ahocorasick_rs.AhoCorasick([chr(c) for c in range(1, 0x2200)])


@SETTINGS
@given(st.lists(_LINE_BITS, max_size=40), st.data())
def test_sections_read_from_the_lines_with_a_heading_word_are_those_of_every_line(bits, data):
    """find_sections reads only the lines holding one of _HEAD_WORDS: the same sections as
    reading every line."""
    from credfloor.normalize import context

    text = "".join(bits)
    until = data.draw(st.one_of(st.none(), st.integers(0, max(0, len(text) - 1))))
    quick = context.find_sections(text, until)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(context, "_HEAD_WORDS", _EVERY_CHARACTER)
        assert context.find_sections(text, until) == quick


def test_a_heading_word_flagging_a_newline_reads_its_line_once():
    """Found by the property above: a match at a line's newline is on that line."""
    from credfloor.normalize import context

    with pytest.MonkeyPatch.context() as m:
        m.setattr(context, "_HEAD_WORDS", _EVERY_CHARACTER)
        found = context.find_sections("Preferred Qualifications\n")
    assert [(s.start, s.kind) for s in found] == [(0, "preferred")]


_GLUE_BITS = st.one_of(_HEAD_BITS, st.sampled_from(["\u2019", "é", "Do", "aB", "sQ", "Haves"]))


@SETTINGS
@given(st.lists(_GLUE_BITS, max_size=30), st.data())
def test_sections_from_folding_glue_points_are_the_same(bits, data):
    """find_sections given the lower->upper changes that folding found = finding them itself."""
    from credfloor.normalize.context import find_sections

    text = "".join(bits)
    until = data.draw(st.one_of(st.none(), st.integers(0, max(0, len(text) - 1))))
    from credfloor.normalize.textfold import lower_upper_changes

    assert fold(text).glued == tuple(lower_upper_changes(text))
    assert find_sections(text, until, fold(text).glued) == find_sections(text, until)


def _unquote_by_replace(t: str) -> str:
    """The definition: replace quotes beside a space or at an end until none is left (a run
    "''x" loses both, so a second fold finds nothing more to drop)."""
    while True:
        new = t.replace(" '", "  ").replace("' ", "  ")
        if new.startswith("'"):
            new = " " + new[1:]
        if new.endswith("'"):
            new = new[:-1] + " "
        if new == t:
            return t
        t = new


@SETTINGS
@given(st.text(alphabet=" 'a", max_size=12))
def test_quotes_become_spaces_as_repeated_replaces_would_make_them(text):
    from credfloor.normalize.textfold import _unquote

    assert _unquote(text) == _unquote_by_replace(text)


@SETTINGS
@given(st.text(alphabet=st.sampled_from("aZ '•–’éÉİKẞΣſ\ud800ﬃ")) | st.text(max_size=20))
def test_same_length_lower_is_lower_char_by_char(text):
    from credfloor.normalize.textfold import same_length_lower

    low = text.lower()  # the plain definition ("Σ" at a word's end lowers to "ς")
    expected = low if len(low) == len(text) else "".join(ch.lower()[0] for ch in text)
    assert same_length_lower(text) == expected


# The sentence-end pattern before it consumed its first character (a leading lookahead instead).
_SENT_END_BY_LOOKAHEAD = re.compile(
    r"(?=[\sA-Z])"
    r"(?:\n|(?<=[.!?;])(?<!e\.g\.)(?<!i\.e\.)(?<!\bvs\.)\s+(?=[A-Z•\-*])|(?<=[a-z)][.!?;])"
    r"(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z][a-z])|\s•\s)"
)
_END_BITS = st.sampled_from(
    ["a", "B", "Ab", " ", "\n", ".", "!", ";", "e.g.", "i.e.", "vs.", "•", "-", "*", ")", "\t"]
)


@SETTINGS
@given(st.lists(_END_BITS, max_size=14), st.data())
def test_sentence_ends_are_those_of_the_lookahead_pattern(bits, data):
    from credfloor.normalize.context import _SENT_END, _sentence_end

    text = "".join(bits)
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    found = [(m.start(), _sentence_end(m)) for m in _SENT_END.finditer(text, pos, endpos)]
    assert found == [m.span() for m in _SENT_END_BY_LOOKAHEAD.finditer(text, pos, endpos)]


_FUZZY_CUES = re.compile(r"certif|licen|credential|must be|to be|within ")
_FUZZY_WORD = re.compile(r"[A-Za-z0-9+#&'’]+")


@SETTINGS
@given(st.data())
def test_fuzzy_names_find_the_first_name_with_the_highest_score(extractor, data):
    """The project's fuzzy matcher (extractor.fuzzy.find) on "<name with typos> certification"
    finds what the definition says: the longest run of 3-7 words before the cue whose fold
    scores >= CUTOFF (rapidfuzz's plain ratio, one name at a time) against a catalog name with
    the same first word and the same numbers, and among those names the first with the highest
    score."""
    from rapidfuzz import fuzz

    from credfloor.normalize.fuzzy import CUTOFF

    by_first = extractor.fuzzy._by_first
    word = data.draw(st.sampled_from(["microsoft", "google", "aws", "cisco", "oracle", "advanced"]))
    names = [
        (key, cid)
        for key, cid in by_first[word]
        if len(key.split()) <= 7 and len(key) <= 80 and not _FUZZY_CUES.search(key)
    ]
    phrase = list(data.draw(st.sampled_from(names))[0])
    for _ in range(data.draw(st.integers(0, 4))):  # typos: drop, double or change a letter
        i = data.draw(st.integers(0, len(phrase) - 1))
        phrase[i : i + 1] = data.draw(st.sampled_from([[], [phrase[i]] * 2, ["x"]]))
    phrase = "".join(phrase)
    text = f"{phrase} certification"

    expected = []
    words = list(_FUZZY_WORD.finditer(phrase))
    for n in range(min(7, len(words)), 2, -1):
        run = words[-n:]
        start, end = run[0].start(), run[-1].end()
        key = fold_key(phrase[start:end])
        best = None
        for name, cid in by_first.get(run[0].group().lower(), []):
            score = fuzz.ratio(key, name)
            same_numbers = re.findall(r"\d+", key) == re.findall(r"\d+", name)
            if score >= CUTOFF and same_numbers and (best is None or score > best[1]):
                best = (cid, score)
        if best is not None:
            expected = [(start, end, best[0], pytest.approx(best[1] / 100))]
            break
    got = [(h.start, h.end, h.credential_id, h.score) for h in extractor.fuzzy.find(text, [])]
    assert got == expected


def test_every_glued_heading_ends_with_a_listed_word():
    from credfloor.normalize.context import _GLUED_HEAD, _GLUED_HEAD_ENDS, _GLUED_HEAD_REACH

    headings = re.fullmatch(r"\((.*)\)\(\?=\[A-Z\]\)", _GLUED_HEAD.pattern).group(1).split("|")
    assert len(headings) > 10
    for heading in headings:
        assert heading.endswith(_GLUED_HEAD_ENDS), heading
        assert len(heading) + 1 < _GLUED_HEAD_REACH, heading


@SETTINGS
@given(st.lists(_HEAD_BITS, max_size=30))
def test_glued_heading_shortcut_finds_what_the_pattern_finds(bits):
    from credfloor.normalize.context import _GLUED_HEAD, _may_have_glued_head
    from credfloor.normalize.textfold import lower_upper_changes

    text = "".join(bits)
    for stop in range(len(text) + 1):
        found = list(_GLUED_HEAD.finditer(text, 0, stop))
        assert not found or _may_have_glued_head(text, stop, lower_upper_changes(text))


_HEADING_WORDS = st.sampled_from(
    ["Preferred", "REQUIRED", "Qualifications", "What", "You'll", "you\u2019ll", "Need", "nice"]
    + ["to", "Have", "Benefits", "ABOUT", "Us", "the", "Role", "Education", "K", "\u212a", "ey"]
    + ["Skills", "and", "&", "Experience", "Duties", "desired", "plus", "A", "-", "s", "x"]
)


@SETTINGS
@given(
    st.lists(_HEADING_WORDS, max_size=8), st.lists(st.sampled_from(" -"), max_size=8), st.booleans()
)
def test_heading_kind_lowercase_path_agrees_with_ignorecase_patterns(words, seps, opening_only):
    """An ASCII heading is classified by the lowercase patterns; the answer is the one the
    IGNORECASE patterns give (a non-ASCII heading, e.g. with the Kelvin sign, uses those)."""
    from credfloor.normalize.context import _HEAD_PATTERNS, _heading_kind

    head = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words)).strip()
    reach = len(" ".join(head.split()[:2])) if opening_only else len(head)
    expected = next(
        (kind for p, kind in _HEAD_PATTERNS if (m := p.search(head)) and m.start() < reach), None
    )
    assert _heading_kind.__wrapped__(head, opening_only) == expected


def test_heading_patterns_are_lowercase():
    """The lowercase path relies on it: an uppercase letter in a pattern would never match."""
    from credfloor.normalize.context import _HEAD_PATTERNS

    for pattern, _ in _HEAD_PATTERNS:
        letters = re.sub(r"\\[A-Za-z]", "", pattern.pattern)  # \b, \s are not letters
        assert letters == letters.lower(), pattern.pattern


@SETTINGS
@given(st.text(alphabet=" a\x01+Z", max_size=60))
def test_dropping_repeated_spaces_equals_the_regex(text):
    from credfloor.normalize.textfold import _drop_repeated_spaces

    assert _drop_repeated_spaces(text) == re.sub(" (?= )", "\x00", text)


_LITERAL_BITS = st.sampled_from(
    ["degree", "degrees", "certif", "certified", "licen", "must be", "to be", "within ", " "]
    + ["x", "_", "é", "\U0001f600", "\u0130", "\n", "deg", "ree", "wwithin ", "\ud800", "?"]
)


@SETTINGS
@given(st.lists(_LITERAL_BITS, max_size=20).map("".join), st.integers(0, 30), st.integers(0, 30))
def test_literal_scan_gives_what_str_find_gives(text, lo, span):
    """literal_hits over the offsets of one Literals scan = literal_hits with str.find."""
    from credfloor.normalize import degrees, fuzzy, scoped
    from credfloor.normalize.textfold import Literals, literal_hits, same_length_lower

    low = same_length_lower(text)
    literals = Literals(degrees.LITERALS + fuzzy.LITERALS + scoped.LITERALS)
    found = literals.find(low)
    anything = re.compile("")
    for group in (degrees.LITERALS, fuzzy.LITERALS, scoped.LITERALS):
        for bounds in ((0, None), (lo, lo + span)):
            with_scan = [m.start() for m in literal_hits(low, group, anything, *bounds, found)]
            plain = [m.start() for m in literal_hits(low, group, anything, *bounds)]
            assert with_scan == plain


@SETTINGS
@given(
    st.lists(
        _LITERAL_BITS | st.sampled_from(["\u0130", "\u212a", "\u2019", "\u2018", "'"]), max_size=20
    ).map("".join)
)
def test_ascii_lower_is_the_lowered_text_as_ascii(text):
    from credfloor.normalize.textfold import Literals, ascii_lower, fold, same_length_lower

    quotes_as_apostrophes = text.replace("\u2019", "'").replace("\u2018", "'")
    data = ascii_lower(text, fold(text))
    assert data == same_length_lower(quotes_as_apostrophes).encode("ascii", "replace")
    literals = Literals(["degree", "certif", "within ", "i", "k"])
    low = same_length_lower(text)
    assert literals.find(low, data) == literals.find(low)


def test_literal_scan_counts_offsets_in_characters():
    from credfloor.normalize.textfold import Literals

    # Non-ASCII characters (a lone surrogate among them) are one offset each, as in str.find.
    assert Literals(["degree"]).find("a \ud800 degree") == {"degree": [4]}
    assert Literals(["degree"]).find("\U0001f600é degree") == {"degree": [3]}
    assert Literals(["degree"]).find("a degree") == {"degree": [2]}


def test_literals_must_be_ascii():
    from credfloor.normalize.textfold import Literals

    with pytest.raises(ValueError, match="ASCII"):
        Literals(["diplôme"])
    with pytest.raises(ValueError, match="ASCII"):
        Literals(["bachelor's"])


# What each of the recognizer's word flags stands for, as spaCy's own pattern tests.
_FLAG_PREDICATES = {
    "head": {"LOWER": {"IN": sorted(HEADS)}},
    "acronym": {"IS_UPPER": True, "LENGTH": {">=": 2, "<=": 10}},
    "title_separator": {"ORTH": {"IN": [":", "-", "–"]}},
    "in_of": {"LOWER": {"IN": ["in", "of"]}},
    "certified": {"LOWER": {"IN": ["certified", "licensed"]}},
    "list_joint": {"ORTH": {"IN": [",", "and", "or", "&", "/"]}},
    "exam_code": {"SHAPE": {"IN": list(_EXAM_SHAPES)}},
    "exam_prefix": {"SHAPE": {"IN": ["XXd", "XXXd", "XXXXd"]}},
}

_RECOGNIZER_WORDS = [
    "Certification", "certified", "CERTIFIED", "Licensed", "license", "Diploma", "Chartered",
    "Registration", "Professional", "in", "Of", "OF", "and", "or", "AND", "&", "/", ",", ":",
    "-", "–", "(", ")", "A", "AB", "CBAP", "ABCDEFGHIJ", "ABCDEFGHIJK", "M365", "CompTIA",
    "Security+", "SuccessFactors", "Zorblax", "AZ-104", "SY0-701", "ABCD1-100X", "SY0", "701",
    "the", "must", "hold", "365", "Ünïcode", "ÉTAT",
]  # fmt: skip


def _spelled_out(token: dict, flag_names: dict[int, str]) -> dict:
    """A pattern token with each word flag replaced by the spaCy tests it stands for."""
    spec = {}
    for attr, value in token.items():
        spec.update(_FLAG_PREDICATES[flag_names[attr]] if attr in flag_names else {attr: value})
    return spec


def _matched_by_flags_and_by_spacy_tests(extractor, text: str) -> tuple[list, list]:
    """(start, end, label) of the recognizer's matches in `text`, and of the same patterns
    built with spaCy's IN and LENGTH tests in place of the word flags."""
    from spacy.matcher import Matcher

    recognizer = extractor.recognizer
    nlp, matchers = recognizer._spacy()
    flag_names = {bit: name for name, bit in recognizer._flags.items()}
    reference = Matcher(nlp.vocab)
    for label, patterns in _patterns(recognizer._flags).items():
        spelled = [[_spelled_out(token, flag_names) for token in p] for p in patterns]
        reference.add(label, spelled, greedy="LONGEST")
    doc = nlp(text)
    strings = nlp.vocab.strings
    found = sorted((s, e, strings[key]) for _, matcher in matchers for key, s, e in matcher(doc))
    return found, sorted((s, e, strings[key]) for key, s, e in reference(doc))


@pytest.mark.parametrize(
    "text, label",
    [
        ("CBAP and/or CSPO Certification", "acronym_list"),
        ("Certified Analytics Professional (CAP)", "name_acronym"),
        ("TOGAF-certified", "x_certified"),
        ("Pass AZ-104 or SY0-701", "exam_code"),
        ("Diploma in Nursing", "head_name"),
        ("Microsoft Certified: Azure Administrator/Developer Associate", "coordinated"),
        ("SAP SuccessFactors certification", "name_head"),
    ],
)
def test_recognizer_flags_find_what_the_spacy_tests_find(extractor, text, label):
    found, reference = _matched_by_flags_and_by_spacy_tests(extractor, text)
    assert found == reference
    assert label in {key for _, _, key in found}, found


@settings(SETTINGS, max_examples=300)
@given(st.lists(st.sampled_from(_RECOGNIZER_WORDS), min_size=1, max_size=14))
@example(words=["CBAP", "and", "ABCDEFGHIJK", "Certification"])  # one letter past the bound
@example(words=["Chartered", "Professional", "(", "A", ")", "Registration"])
def test_recognizer_flags_match_as_the_spacy_tests_they_stand_for(extractor, words):
    """The recognizer's patterns test words by flags computed once per word (speed); built
    instead with spaCy's IN and LENGTH tests, the same patterns find the same phrases."""
    found, reference = _matched_by_flags_and_by_spacy_tests(extractor, " ".join(words))
    assert found == reference
