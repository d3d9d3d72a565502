"""Tests of the sentence-level event-type and PLOVER classifiers (own sentences only)."""

import math

import numpy as np
import pytest

from sitrep.extract import classify
from sitrep.extract.classify import (
    NONE,
    PLOVER_CODES,
    PLOVER_OF_TYPE,
    TYPE_CODES,
    best,
    classify_plover,
    classify_types,
)

pytestmark = pytest.mark.skipif(
    not (classify.DATA_DIR / "types_tfidf.joblib").exists(),
    reason="classifier artefacts not trained (python -m sitrep.extract.train)",
)

TYPE_CASES = [
    (("Warplanes pounded insurgent hideouts in the hills on Tuesday, killing at least nine fighters, "
     "the air force said."), "AIR_STRIKE"),
    (("A man wearing an explosive vest blew himself up at the entrance of a crowded mosque in Quetta, "
     "killing 14 worshippers."), "SUIC_BOMB"),
    (("Attackers on a motorbike lobbed a hand grenade into a roadside tea shop in Anantnag, wounding "
     "six people."), "GRENADE"),
    ("Bomb disposal experts defused an improvised device left in a bag near the bus terminal.",
     "DISR_WEAP"),
    ("Thousands of teachers marched peacefully through the capital on Friday to demand overdue pay.",
     "PEACE_PROTEST"),
    (("Gunmen seized 40 passengers from a bus on the highway and took them into the forest, police "
     "said."), "ABDUCT_DISSAP"),
    ("A magnitude 6.8 quake flattened mud-brick homes across the mountain province overnight.",
     "NATURAL_DISASTER"),
    ("The foreign ministers of Egypt and Jordan met in Amman to discuss the situation in Gaza.",
     "DIPLO"),
    ("The government and the armed movement signed a ceasefire deal in Doha on Sunday.", "AGREEMENT"),
    ("A fire swept through a textile factory in Dhaka, killing 17 workers trapped inside.",
     "MAN_MADE_DISASTER"),
]

HARD_NEGATIVES = [
    "The striker fired a thunderous shot into the top corner as United's attack finally clicked.",
    "The company's bombshell quarterly report sent its shares tumbling 12 percent.",
    "Analysts expect explosive growth in demand for batteries over the next decade.",
    "Cloudy skies with a chance of light showers are forecast for the capital on Saturday.",
]

PLOVER_CASES = [
    ("The Chinese premier held talks with the visiting Malaysian king in Beijing on Monday.", "CONSULT"),
    ("Washington imposed sanctions on three Iranian oil companies.", "SANCTION"),
    ("Pakistan warned India it would respond with force to any incursion across the border.",
     "THREATEN"),
    ("Russian artillery shelled Ukrainian positions near the city overnight.", "ASSAULT"),
    ("Germany sent 50 tonnes of medical supplies to earthquake victims in Morocco.", "AID"),
]


@pytest.mark.parametrize("text,expected", TYPE_CASES)
def test_clear_type_cases(text, expected):
    label, _ = best(classify_types([text])[0])
    assert label == expected


def test_hard_negatives_are_none():
    results = classify_types(HARD_NEGATIVES)
    labels = [best(r)[0] for r in results]
    assert labels.count(NONE) >= len(HARD_NEGATIVES) - 1, labels


@pytest.mark.parametrize("text,expected", PLOVER_CASES)
def test_clear_plover_cases(text, expected):
    label, _ = best(classify_plover([text])[0], exclude_none=True)
    assert label == expected


def test_probabilities_cover_all_labels_and_sum_to_one():
    for result in classify_types(["Police arrested the mayor on corruption charges."]):
        assert set(result) == set(TYPE_CODES) | {NONE}
        assert math.isclose(sum(result.values()), 1.0, abs_tol=1e-6)
        assert all(0.0 <= p <= 1.0 for p in result.values())
    for result in classify_plover(["Japan praised Vietnam for its reforms."]):
        assert set(result) == set(PLOVER_CODES) | {NONE}
        assert math.isclose(sum(result.values()), 1.0, abs_tol=1e-6)


def test_batch_equals_single():
    texts = [t for t, _ in TYPE_CASES[:5]] + HARD_NEGATIVES[:2]
    batch = classify_types(texts)
    for text, batch_result in zip(texts, batch):
        single = classify_types([text])[0]
        for label, p in single.items():
            assert math.isclose(p, batch_result[label], abs_tol=1e-4), (text, label)


def test_empty_input():
    assert classify_types([]) == []
    assert classify_plover([]) == []


def test_plover_of_type_is_complete_and_valid():
    assert set(PLOVER_OF_TYPE) == set(TYPE_CODES)
    for event, _mode in PLOVER_OF_TYPE.values():
        assert event in PLOVER_CODES
    assert PLOVER_OF_TYPE["AIR_STRIKE"] == ("ASSAULT", "aerial")


def test_best_can_skip_none():
    probs = {"NONE": 0.6, "ARREST": 0.3, "DIPLO": 0.1}
    assert best(probs) == ("NONE", 0.6)
    assert best(probs, exclude_none=True) == ("ARREST", 0.3)


@pytest.mark.parametrize("task", ["types", "plover"])
def test_exported_sparse_model_predicts_like_scikit_learn(task):
    import joblib

    from sitrep.extract.sparse_model import SparseTextModel
    texts = ["Warplanes bombed a market in the north, killing nine people.",
             "The two ministers agreed to meet again next month in Geneva.",
             "", "Ça  va\tbien", "x"]
    fitted = joblib.load(classify.DATA_DIR / f"{task}_tfidf.joblib")
    exported = SparseTextModel.load(classify.DATA_DIR / f"{task}_tfidf.npz")
    assert exported.classes_ == [str(c) for c in fitted.classes_]
    assert np.allclose(exported.predict_proba(texts), fitted.predict_proba(texts), atol=1e-6)


def test_prediction_does_not_import_scikit_learn():
    import subprocess
    import sys
    code = ("import sys; from sitrep.extract import classify; classify._tfidf_model('types');"
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_quantized_encoder_keeps_the_sentence_vectors_of_the_float_model(tmp_path, monkeypatch):
    import onnxruntime as ort

    from sitrep.extract import quantize

    source = classify._onnx_file()
    target = tmp_path / "quantized.onnx"
    quantize.build(source, target)
    tokenizer, _ = classify._encoder()
    texts = [TYPE_CASES[0][0], "The two leaders met in Sochi to discuss the ceasefire.", "Nothing happened."]

    def vectors(path):
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        out = []
        for text in texts:
            encoded = tokenizer.encode_batch([text])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                        "token_type_ids": np.zeros_like(ids)})[0]
            pooled = hidden.mean(1)[0]
            out.append(pooled / np.linalg.norm(pooled))
        return np.array(out)

    float_vectors, int_vectors = vectors(source), vectors(target)
    similarity = (float_vectors * int_vectors).sum(1)
    assert (similarity > 0.97).all(), similarity
    assert (similarity < 0.99999).any()     # a different model, not a copy
    monkeypatch.setenv("SITREP_ENCODER", "float")
    assert quantize.encoder_file(source) == source
