"""Property tests: the JSON-LD walker and the field mappers take any JSON without raising."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from credfloor.extract.records import Posting, Rejected
from credfloor.extract.sources.base import make_posting, plain
from credfloor.extract.sources.jsonld import find_job_postings, parse_page, posting_fields

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["@type", "@graph", "name", "item", "value", "x"]), children, max_size=4
        )
    ),
    max_leaves=20,
)
job_keys = st.sampled_from(
    [
        "title",
        "name",
        "description",
        "hiringOrganization",
        "jobLocation",
        "jobLocationType",
        "identifier",
        "datePosted",
        "validThrough",
        "url",
        "address",
    ]
)
jobs = st.dictionaries(job_keys, json_values, max_size=8).map(
    lambda d: {"@type": "JobPosting", **d}
)


# Documents the walker must search: any JSON, with JobPostings (as schema.org writes the type:
# "JobPosting", a URL, or a list of types) nested in @graph lists, in "item" wrappers and beside
# other things, so the walker's finding code is reached, not only its "nothing here" path.
type_names = st.sampled_from(
    ["JobPosting", "https://schema.org/JobPosting", "schema:JobPosting", "Organization", "Place"]
)
flat_jobs = st.fixed_dictionaries(
    {"@type": type_names | st.lists(type_names, min_size=1, max_size=2)},
    optional={"title": st.text(max_size=10), "description": st.text(max_size=20)},
)
documents = st.recursive(
    flat_jobs | flat_jobs | scalars,  # mostly jobs: leaves that are scalars say little
    lambda children: (
        st.lists(children, max_size=4)
        | st.builds(
            lambda items: {"@context": "https://schema.org", "@graph": items},
            st.lists(children, max_size=4),
        )
        | st.builds(lambda item: {"@type": "ListItem", "item": item}, children)
        | st.builds(
            lambda items: {"@type": "ItemList", "itemListElement": items},
            st.lists(children, max_size=4),
        )
        | st.builds(lambda item: {"@type": "WebPage", "mainEntity": item}, children)
        | st.dictionaries(
            st.sampled_from(["@type", "@graph", "name", "item", "value", "x"]), children, max_size=4
        )
    ),
    max_leaves=20,
)


def _is_job_posting(node) -> bool:
    if not isinstance(node, dict):
        return False
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.endswith("JobPosting") for k in kinds)


def test_walker_yields_only_job_postings():
    found = []

    # derandomize: the share below is then the same on every run (about 45% measured; without
    # it, runs went as low as 26%)
    @settings(max_examples=150, deadline=None, database=None, derandomize=True)
    @given(documents)
    def check(data):
        jobs = list(find_job_postings(data))
        assert all(_is_job_posting(job) for job in jobs)
        found.append(len(jobs))

    check()
    # the strategy reaches the walker's finding code: many documents hold a JobPosting
    assert sum(1 for n in found if n) >= len(found) // 5, found


@settings(max_examples=150, deadline=None)
@given(jobs, st.integers(min_value=0, max_value=3))
def test_fields_of_any_job_posting_are_text_or_none(job, index):
    fields = posting_fields(job, "https://x.example/p", index)
    for key, value in fields.items():
        if key != "title":  # passed on as sent: posting_from_mapping names a wrong type
            assert value is None or isinstance(value, str), key
    out = make_posting(
        job, fields, source="jsonld:x.example", ref="r", role_hint=None, fetched_at="t"
    )
    assert isinstance(out, (Posting, Rejected))


@settings(max_examples=100, deadline=None)
@given(st.lists(jobs, min_size=1, max_size=3), st.booleans())
def test_any_page_with_job_postings_gives_one_record_each(items, graph):
    data = {"@context": "https://schema.org", "@graph": items} if graph else items
    block = json.dumps(data).replace("</", "<\\/")
    page = f'<html><head><script type="application/ld+json">{block}</script></head></html>'
    records = list(parse_page(page, "https://x.example/p", source="jsonld:x.example"))
    assert len(records) == len(items)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.booleans())
def test_plain_never_raises_and_leaves_no_tags(text, escaped):
    out = plain(text, escaped=escaped)
    assert isinstance(out, str)
    assert out == out.strip()


def test_plain_turns_escaped_html_into_text():
    assert plain("&lt;p&gt;CPA &amp;amp; CMA&lt;/p&gt;", escaped=True) == "CPA & CMA"
    assert plain("<ul><li>PMP</li><li>CSM</li></ul>") == "PMP\nCSM"
