"""credfloor's extraction as a spaCy pipeline component, for other people's pipelines:

    import spacy
    nlp = spacy.blank("en")
    nlp.add_pipe("credfloor_credentials")   # found through the spacy_factories entry point
    doc = nlp("CISSP required; TOGAF certification preferred.")
    for span in doc.spans["credentials"]:
        print(span.text, span.label_, span.kb_id_, span._.credential_strength)

Each span is one mention: label_ its type (certification, license, degree, clearance), kb_id_
the catalog id ("" for a credential the catalog lacks, whose key is in
span._.credential_candidate), span._.credential_strength required | preferred | mentioned.
The component reads doc.text with the same extractor as `credfloor extract`, so it needs no
other component and does not depend on the pipeline's tokenizer beyond aligning spans to it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from credfloor.normalize.extractor import Extractor, load_extractor

SPANS_KEY = "credentials"
EXTENSIONS = ("credential_strength", "credential_candidate")


@Language.factory("credfloor_credentials", default_config={"spans_key": SPANS_KEY})
def make_credentials_component(nlp: Language, name: str, spans_key: str) -> CredentialsComponent:
    return CredentialsComponent(spans_key=spans_key)


class CredentialsComponent:
    def __init__(self, spans_key: str = SPANS_KEY, extractor: Extractor | None = None):
        self.spans_key = spans_key
        self._extractor = extractor
        for attr in EXTENSIONS:
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=None)

    @property
    def extractor(self) -> Extractor:
        # Loaded on the first document, from the compiled-catalog cache when it is current.
        if self._extractor is None:
            self._extractor = load_extractor()
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for m in self.extractor.extract("", doc.text):
            # "expand": a mention inside a token ("TOGAF-certified" may be one token in another
            # tokenizer) becomes the whole token rather than no span.
            span = doc.char_span(
                m.start, m.end, label=m.type, kb_id=m.credential_id or "", alignment_mode="expand"
            )
            if span is None:
                continue
            span._.credential_strength = m.strength
            span._.credential_candidate = m.candidate_key
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)
