#!/usr/bin/python3
"""Multi-label benchmark: tasnif --multi-label (defaults, raw text in)
against binary relevance over scikit-learn TF-IDF 1-2-gram vectors with
LinearSVC (plain and class_weight="balanced"; an empty prediction replaced
by the top-scoring label), all in one run on the same split.  Writes
bench/results/multilabel-<corpus>.md and .json.

usage: bench/multilabel.py TASNIF TRAIN.multi.tsv TEST.multi.tsv NAME [REPS]"""
import json, os, statistics, subprocess, sys, tempfile, time
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score, hamming_loss
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC
from benchlib import read as read_tsv

tasnif, train, test, name = sys.argv[1:5]
reps = int(sys.argv[5]) if len(sys.argv) > 5 else 3


def read(path):
    return read_tsv(path, multi=True)





ytr, xtr = read(train)
yte, xte = read(test)
mlb = MultiLabelBinarizer().fit(ytr + yte)
Ytr, Yte = mlb.transform(ytr), mlb.transform(yte)


def figures(P):
    return {"micro_f1": f1_score(Yte, P, average="micro", zero_division=0),
            "macro_f1": f1_score(Yte, P, average="macro", zero_division=0),
            "exact_match": accuracy_score(Yte, P), "hamming_loss": hamming_loss(Yte, P)}


def sklearn_run(balanced):
    t0 = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    Xtr = vec.fit_transform(xtr)
    clfs = [LinearSVC(C=1.0, class_weight="balanced" if balanced else None).fit(Xtr, Ytr[:, j])
            for j in range(Ytr.shape[1])]
    t1 = time.perf_counter()
    Xte = vec.transform(xte)
    D = np.column_stack([c.decision_function(Xte) for c in clfs])
    P = (D > 0).astype(int)
    for i in range(len(P)):
        if not P[i].any():
            P[i, D[i].argmax()] = 1
    return t1 - t0, P


def tasnif_run(tmp, opts):
    model = os.path.join(tmp, "m.tsnf")
    t0 = time.perf_counter()
    subprocess.run([tasnif, "train", "-q", "--multi-label"] + opts + ["-o", model, train], check=True)
    t1 = time.perf_counter()
    out = subprocess.run([tasnif, "predict", "-m", model, "--lines", test], check=True,
                         capture_output=True, text=True).stdout
    pred = [l.split(",") for l in out.rstrip("\n").split("\n")]
    return t1 - t0, mlb.transform(pred)


systems = [("tasnif --multi-label (defaults)", lambda tmp: tasnif_run(tmp, [])),
           ("scikit-learn binary relevance, LinearSVC", lambda tmp: sklearn_run(False)),
           ("scikit-learn binary relevance, LinearSVC balanced", lambda tmp: sklearn_run(True))]
rows = []
with tempfile.TemporaryDirectory() as tmp:
    times = {s: [] for s, _ in systems}
    preds = {}
    for _ in range(reps):  # interleaved, so load on the machine hits all alike
        for s, fn in systems:
            t, P = fn(tmp)
            times[s].append(t)
            preds[s] = P
    for s, _ in systems:
        f = figures(preds[s])
        f["train_seconds_median"] = statistics.median(times[s])
        f["train_seconds"] = times[s]
        f["system"] = s
        rows.append(f)
res = {"corpus": name, "train": train, "test": test, "train_docs": len(ytr), "test_docs": len(yte),
       "repetitions": reps, "results": rows}
os.makedirs("bench/results", exist_ok=True)
with open("bench/results/multilabel-%s.json" % name, "w") as f:
    json.dump(res, f, indent=1)
with open("bench/results/multilabel-%s.md" % name, "w") as f:
    f.write("# Multi-label: %s (%d train / %d test documents)\n\n" % (name, len(ytr), len(yte)))
    f.write("One run of `bench/multilabel.py` (make bench-multilabel), %d interleaved repetitions; train time is the\n"
            "median (raw text in, vectorising included). Test-split figures.\n\n" % reps)
    f.write("| system | micro-F1 | macro-F1 | exact match | Hamming loss | train s |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
    for r in rows:
        f.write("| %s | %.4f | %.4f | %.4f | %.4f | %.2f |\n" % (r["system"], r["micro_f1"], r["macro_f1"],
                                                             r["exact_match"], r["hamming_loss"], r["train_seconds_median"]))
for r in rows:
    print("%-52s micro %.4f macro %.4f exact %.4f hamming %.4f train %.2f s" % (
        r["system"], r["micro_f1"], r["macro_f1"], r["exact_match"], r["hamming_loss"], r["train_seconds_median"]))
