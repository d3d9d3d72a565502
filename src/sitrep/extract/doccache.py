"""Per-document caches of what spaCy recomputes on every access.

``Doc.text`` joins every token again, ``Doc.sents`` builds new spans, ``Token.sent`` walks
all sentences: each is O(document) per call. Stages call these helpers instead; the results
live in ``doc.user_data`` and are valid because a parsed document is never modified.
"""
from __future__ import annotations


def text_of(doc) -> str:
    """``doc.text`` (a str passes through), computed once per document."""
    if isinstance(doc, str):
        return doc
    text = doc.user_data.get("_sitrep_text")
    if text is None:
        text = doc.user_data["_sitrep_text"] = doc.text
    return text


def sentences(doc) -> list:
    """``list(doc.sents)``, computed once per document."""
    sents = doc.user_data.get("_sitrep_sent_spans")
    if sents is None:
        sents = doc.user_data["_sitrep_sent_spans"] = list(doc.sents)
    return sents


def sentence_index(token) -> int:
    """Position in ``sentences(doc)`` of the sentence holding ``token``."""
    doc = token.doc
    index = doc.user_data.get("_sitrep_sent_index")
    if index is None:
        index = [0] * len(doc)
        for k, sent in enumerate(sentences(doc)):
            for i in range(sent.start, sent.end):
                index[i] = k
        doc.user_data["_sitrep_sent_index"] = index
    return index[token.i]


def sentence_of_token(token):
    """``token.sent`` without spaCy's walk over every sentence."""
    return sentences(token.doc)[sentence_index(token)]


def entities(doc) -> list:
    """``list(doc.ents)``, computed once per document."""
    ents = doc.user_data.get("_sitrep_ents")
    if ents is None:
        ents = doc.user_data["_sitrep_ents"] = list(doc.ents)
    return ents
