"""Train (and measure) the sentence classifiers of :mod:`sitrep.extract.classify`.

    python -m sitrep.extract.train                      # train on data/*.tsv, write artefacts
    python -m sitrep.extract.train --cv                 # + 5-fold CV on our own sentences
    python -m sitrep.extract.train --case-dev DIR --plover-dev DIR   # + unseen dev-set figures

Dev sets are only read at run time for measuring (never written into the repo). With
``--dev-cv`` the dev set is also 5-fold cross-validated as extra training data (own data + 4/5
of dev, tested on the held-out 1/5); the shipped artefacts never contain dev text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline

from sitrep.extract.classify import DATA_DIR, NONE, EmbeddingLogReg, embed, encoder_path
from sitrep.extract.sparse_model import export as export_sparse

EMB_C = 4.0
TFIDF_C = 20.0
CACHE_DIR = Path("/tmp/sitrep_embedding_cache")


def load_tsv(path: Path) -> tuple[list[str], list[str]]:
    """(labels, texts) from a label<TAB>sentence file."""
    labels, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            label, text = line.split("\t", 1)
            labels.append(label.strip())
            texts.append(text.strip())
    return labels, texts


def cached_embed(texts: list[str]) -> np.ndarray:
    """embed() with an on-disk cache keyed by the texts (speeds up repeated experiments)."""
    key = hashlib.sha1((encoder_path().name + "\n" + "\n".join(texts)).encode()).hexdigest()[:16]
    path = CACHE_DIR / f"{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embed(texts)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def make_tfidf():
    features = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                 max_features=40000)),
    ])
    return make_pipeline(features, LogisticRegression(C=TFIDF_C, max_iter=3000))


def fit_emb(vectors: np.ndarray, labels: list[str]) -> EmbeddingLogReg:
    clf = LogisticRegression(C=EMB_C, max_iter=3000).fit(vectors, labels)
    return EmbeddingLogReg(list(clf.classes_), clf.coef_, clf.intercept_)


def _aligned(proba: np.ndarray, classes, labels: list[str]) -> np.ndarray:
    out = np.zeros((len(proba), len(labels)))
    for j, c in enumerate(classes):
        out[:, labels.index(str(c))] = proba[:, j]
    return out


def predict_all(train_texts, train_vecs, train_labels, test_texts, test_vecs, labels,
                use_tfidf: bool = True) -> dict[str, np.ndarray]:
    """Probabilities of the three model variants (tfidf, emb, combined) on a test set."""
    emb = fit_emb(train_vecs, train_labels)
    p_emb = _aligned(emb.predict_proba_vectors(test_vecs), emb.classes, labels)
    result = {"emb": p_emb}
    if use_tfidf:
        tfidf = make_tfidf().fit(train_texts, train_labels)
        p_tfidf = _aligned(tfidf.predict_proba(test_texts), tfidf.classes_, labels)
        result["tfidf"] = p_tfidf
        result["combined"] = (p_emb + p_tfidf) / 2
    return result


def score(gold: list[str], proba: np.ndarray, labels: list[str], exclude_none: bool) -> dict:
    p = proba.copy()
    if exclude_none and NONE in labels:
        p[:, labels.index(NONE)] = -1
    pred = [labels[i] for i in p.argmax(1)]
    return {"acc": round(accuracy_score(gold, pred), 3),
            "wF1": round(f1_score(gold, pred, average="weighted", zero_division=0), 3),
            "mF1": round(f1_score(gold, pred, average="macro", labels=sorted(set(gold)),
                                  zero_division=0), 3)}


def own_cv(texts, vecs, labels_list, labels) -> dict:
    """5-fold stratified CV on our own sentences."""
    y = np.array(labels_list)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    probs: dict[str, np.ndarray] = {}
    for tr, te in folds.split(texts, y):
        out = predict_all([texts[i] for i in tr], vecs[tr], list(y[tr]), [texts[i] for i in te],
                          vecs[te], labels)
        for name, p in out.items():
            probs.setdefault(name, np.zeros((len(texts), len(labels))))[te] = p
    return {name: score(list(y), p, labels, exclude_none=False) for name, p in probs.items()}


def dev_eval(texts, vecs, y, dev_texts, dev_vecs, dev_y, labels) -> dict:
    """Own data only -> dev (unseen), and 5-fold CV over dev with own data + 4/5 dev."""
    report = {}
    out = predict_all(texts, vecs, y, dev_texts, dev_vecs, labels)
    for name, p in out.items():
        report[f"own->dev {name}"] = score(dev_y, p, labels, exclude_none=True)
    dev_arr = np.array(dev_y)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    counts = {c: list(dev_arr).count(c) for c in set(dev_y)}
    strat = np.array([c if counts[c] >= 5 else "_rare" for c in dev_y])
    probs: dict[str, np.ndarray] = {}
    for tr, te in folds.split(dev_texts, strat):
        out = predict_all(texts + [dev_texts[i] for i in tr], np.vstack([vecs, dev_vecs[tr]]),
                          y + list(dev_arr[tr]), [dev_texts[i] for i in te], dev_vecs[te], labels)
        for name, p in out.items():
            probs.setdefault(name, np.zeros((len(dev_texts), len(labels))))[te] = p
    for name, p in probs.items():
        report[f"own+dev 5-fold CV {name}"] = score(dev_y, p, labels, exclude_none=True)
    return report


def load_case_dev(folder: Path) -> tuple[list[str], list[str]]:
    gold = {}
    for line in (folder / "dev.gold.tsv").read_text().splitlines()[1:]:
        doc_id, label = line.split("\t")
        gold[doc_id] = label
    docs = [json.loads(x) for x in (folder / "dev.jsonl").read_text().splitlines() if x.strip()]
    return [d["text"] for d in docs], [gold[d["id"]] for d in docs]


def load_plover_dev(folder: Path) -> tuple[list[str], list[str]]:
    gold = {json.loads(x)["id"]: json.loads(x)["event"]
            for x in (folder / "dev.gold.jsonl").read_text().splitlines() if x.strip()}
    docs = [json.loads(x) for x in (folder / "dev.jsonl").read_text().splitlines() if x.strip()]
    return [d["text"] for d in docs], [gold[d["id"]] for d in docs]


def plover_training_data() -> tuple[list[str], list[str]]:
    """PLOVER sentences plus the type data's NONE sentences as the PLOVER NONE class."""
    y, x = load_tsv(DATA_DIR / "plover.tsv")
    ty, tx = load_tsv(DATA_DIR / "types.tsv")
    none = [t for label, t in zip(ty, tx) if label == NONE]
    return y + [NONE] * len(none), x + none


def train_and_save(task: str, texts: list[str], labels: list[str],
                   extra: tuple[list[str], list[str]] | None = None) -> None:
    """Fit both models and write the artefacts.

    The TF-IDF model (whose vocabulary is text) always sees our own sentences only; ``extra``
    (texts, labels), e.g. a dev set, is added to the embedding model only, whose artefact holds
    nothing but weights.
    """
    import joblib

    emb_texts, emb_labels = texts, labels
    if extra:
        emb_texts, emb_labels = texts + extra[0], labels + extra[1]
    fit_emb(cached_embed(emb_texts), emb_labels).save(DATA_DIR / f"{task}_emb.npz")
    sparse = make_tfidf().fit(texts, labels)
    joblib.dump(sparse, DATA_DIR / f"{task}_tfidf.joblib", compress=3)
    export_sparse(sparse, DATA_DIR / f"{task}_tfidf.npz")    # what prediction loads (no scikit-learn)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="5-fold CV on our own sentences")
    parser.add_argument("--case-dev", type=Path, help="folder with CASE 2021 dev.jsonl + dev.gold.tsv")
    parser.add_argument("--plover-dev", type=Path, help="folder with PLOVER dev.jsonl + dev.gold.jsonl")
    parser.add_argument("--no-save", action="store_true", help="measure only, keep artefacts")
    parser.add_argument("--emb-with-dev", action="store_true",
                        help="also train the embedding model (weights only) on the given dev sets")
    args = parser.parse_args(argv)

    types_y, types_x = load_tsv(DATA_DIR / "types.tsv")
    plover_y, plover_x = plover_training_data()
    tasks = {"types": (types_x, types_y), "plover": (plover_x, plover_y)}
    devs = {"types": args.case_dev and load_case_dev(args.case_dev),
            "plover": args.plover_dev and load_plover_dev(args.plover_dev)}
    for task, (texts, labels_list) in tasks.items():
        labels = sorted(set(labels_list))
        vecs = cached_embed(texts)
        if args.cv:
            print(task, "own-data 5-fold CV", json.dumps(own_cv(texts, vecs, labels_list, labels)))
        if devs[task]:
            dev_texts, dev_y = devs[task]
            for name, result in dev_eval(texts, vecs, labels_list, dev_texts, cached_embed(dev_texts),
                                         dev_y, labels).items():
                print(task, name, json.dumps(result))
        if not args.no_save:
            start = time.time()
            train_and_save(task, texts, labels_list, devs[task] if args.emb_with_dev else None)
            print(task, f"trained on {len(texts)} sentences in {time.time() - start:.1f}s")


if __name__ == "__main__":
    main()
