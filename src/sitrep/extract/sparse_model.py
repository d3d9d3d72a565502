"""The TF-IDF + logistic-regression sentence classifier as plain arrays, without scikit-learn.

Training uses scikit-learn (``sitrep.extract.train``); at run time importing it costs over a second
of start-up, so ``export`` writes what prediction needs (vocabularies, idf weights, coefficients) to an
``.npz`` file and :class:`SparseTextModel` reproduces ``Pipeline(FeatureUnion([word TF-IDF, char_wb
TF-IDF]), LogisticRegression).predict_proba`` with the same analyzers: lower-cased text, word
tokens ``\\b\\w\\w+\\b`` as 1–2-grams, character 3–5-grams inside word boundaries, sublinear tf, idf,
l2 norm per vectorizer, softmax over the classes.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import numpy as np

_WORD = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    tokens = _WORD.findall(text.lower())
    out = []
    for n in range(low, high + 1):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    out = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            out.extend(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
            if len(padded) <= n:
                break
    return out


class SparseTextModel:
    """``predict_proba`` over texts from the exported arrays; ``classes_`` as in scikit-learn."""

    def __init__(self, arrays):
        self.classes_ = [str(c) for c in arrays["classes"]]
        self.coef = np.asarray(arrays["coef"], dtype=np.float64)          # (n_classes, n_features)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        self.parts = []
        offset = 0
        for name in ("word", "char"):
            terms = [str(t) for t in arrays[f"{name}_terms"]]
            idf = np.asarray(arrays[f"{name}_idf"], dtype=np.float64)
            low, high = (int(x) for x in arrays[f"{name}_ngrams"])
            index = {term: offset + i for i, term in enumerate(terms)}
            self.parts.append((word_ngrams if name == "word" else char_wb_ngrams, low, high, index, idf, offset))
            offset += len(terms)

    @classmethod
    def load(cls, path: Path) -> SparseTextModel:
        with np.load(path, allow_pickle=False) as arrays:
            return cls(arrays)

    def _features(self, text: str) -> tuple[list[int], list[float]]:
        columns: list[int] = []
        values: list[float] = []
        for analyze, low, high, index, idf, offset in self.parts:
            counts = Counter(g for g in analyze(text, low, high) if g in index)
            weights = {index[g]: (1.0 + math.log(c)) * idf[index[g] - offset] for g, c in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for column, weight in weights.items():
                columns.append(column)
                values.append(weight / norm)
        return columns, values

    def predict_proba(self, texts) -> np.ndarray:
        scores = np.tile(self.intercept, (len(texts), 1))
        for row, text in enumerate(texts):
            columns, values = self._features(text)
            if columns:
                scores[row] += self.coef[:, columns] @ np.asarray(values)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)


def export(pipeline, path: Path) -> None:
    """Write a fitted scikit-learn pipeline (FeatureUnion of word and char_wb TF-IDF, then
    LogisticRegression) as the arrays :class:`SparseTextModel` reads."""
    union, regression = pipeline.steps[0][1], pipeline.steps[-1][1]
    arrays = {"classes": np.array([str(c) for c in regression.classes_]),
              "coef": regression.coef_.astype(np.float32), "intercept": regression.intercept_}
    for name, vectorizer in union.transformer_list:
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        arrays[f"{name}_terms"] = np.array(terms)
        arrays[f"{name}_idf"] = vectorizer.idf_
        arrays[f"{name}_ngrams"] = np.array(vectorizer.ngram_range)
    np.savez_compressed(path, **arrays)
