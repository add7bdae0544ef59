from credfloor.normalize.resolve import NameResolver
from credfloor.normalize.suggest import candidate_phrases, suggest_phrases

TEXTS = [
    # three postings name the same unknown credential, one of them twice
    "Quux Mesh Operator certification preferred. CompTIA Security+ certification required.",
    "Must hold the Quux Mesh Operator certification. Quux Mesh Operator certification renewals "
    "are paid for.",
    "Required: quux mesh operator Certification or equivalent.",
    # an unknown 'Certified X' name, in one posting
    "Must be a Certified Widget Engineer (CWE) and hold a valid State license.",
    # known credentials, generic phrases and an organisation's certification: never suggested
    "AWS Certified Solutions Architect – Associate required. Relevant certifications a plus. "
    "We are ISO 27001 certified. Registered Nurse license required.",
    "",
]


def test_candidate_phrases_near_cue_words():
    assert [p for p, _ in candidate_phrases("Quux Mesh Operator certification preferred.")] == [
        "Quux Mesh Operator certification"
    ]
    assert [p for p, _ in candidate_phrases("Must be a Certified Widget Engineer (CWE).")] == [
        "Certified Widget Engineer"
    ]
    assert [p for p, _ in candidate_phrases("AWS Certified Solutions Architect")] == [
        "AWS Certified Solutions Architect"
    ]
    # a sentence break ends the name; generic words alone are not a name
    assert [p for p, _ in candidate_phrases("in New York. This license must")] == []
    assert candidate_phrases("relevant certifications a plus; Valid State license required") == []


def test_suggest_ranks_unknown_phrases_by_postings(catalog):
    resolver = NameResolver(catalog)
    found = suggest_phrases(TEXTS, resolver.resolve)
    assert [(s.phrase, s.postings) for s in found] == [
        ("Quux Mesh Operator certification", 2),
        ("Certified Widget Engineer", 1),
    ]
    assert "Quux Mesh Operator" in found[0].example


def test_suggest_limit_and_custom_resolver():
    everything_known = suggest_phrases(TEXTS, lambda name: object())
    assert everything_known == []
    nothing_known = suggest_phrases(TEXTS, lambda name: None, limit=1)
    assert len(nothing_known) == 1 and nothing_known[0].postings == 2
