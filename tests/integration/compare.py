"""The checks of tests/integration/compare.sh: tasnif eval --compare's
figures recomputed from the two models' own predictions (tasnif predict
--lines on the same test file), in scikit-learn, on the same resamples
(the reports' xorshift generator, report_common.c), with McNemar's exact
test from the binomial distribution.

    compare.py TASNIF T

T holds new.tsnf, old.tsnf, test.tsv and their label-set counterparts
(mnew.tsnf, mold.tsnf, mtest.tsv).  Prints "ok: ..." or "FAILED ..." per
check, then "N passed, N failed".
"""
import json
import math
import subprocess
import sys

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, hamming_loss, precision_score, recall_score
from sklearn.preprocessing import MultiLabelBinarizer

TASNIF, T = sys.argv[1:3]
M = (1 << 64) - 1
B = 200
passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED", what)


def close(got, want, what):
    ok(got is not None and abs(got - want) <= 1e-9, f"{what}: {got} against {want}")


def predictions(model, test):
    out = subprocess.run([TASNIF, "predict", "-m", model, "--lines", test], check=True, capture_output=True,
                         text=True).stdout
    return out.rstrip("\n").split("\n")


def resamples(n, seed):
    """Each resample's weights: report_rand's draws of n documents."""
    s = (0x9E3779B97F4A7C15 ^ seed) & M
    for _ in range(B):
        w = np.zeros(n)
        for _ in range(n):
            s ^= s >> 12
            s ^= (s << 25) & M
            s ^= s >> 27
            w[((s * 0x2545F4914F6CDD1D) & M) % n] += 1
        yield w


def mcnemar(b, c):
    n, lo = b + c, min(b, c)
    return 1.0 if n == 0 else min(1.0, 2 * sum(math.comb(n, i) for i in range(lo + 1)) / 2.0 ** n)


def single_figures(y, p, k, w=None):
    kw = dict(labels=list(range(k)), zero_division=0, sample_weight=w)
    return {"accuracy": accuracy_score(y, p, sample_weight=w), "macro_f1": f1_score(y, p, average="macro", **kw),
            "weighted_f1": f1_score(y, p, average="weighted", **kw),
            "macro_precision": precision_score(y, p, average="macro", **kw),
            "macro_recall": recall_score(y, p, average="macro", **kw)}


def set_figures(y, p, k, w=None):
    kw = dict(zero_division=0, sample_weight=w)
    return {"micro_f1": f1_score(y, p, average="micro", **kw), "macro_f1": f1_score(y, p, average="macro", **kw),
            "samples_f1": f1_score(y, p, average="samples", **kw),
            "exact_match": accuracy_score(y, p, sample_weight=w), "hamming_loss": hamming_loss(y, p, sample_weight=w)}


def check(case, rep, y, pnew, pold, figures, right):
    """rep: eval -m new --compare old's JSON; y, pnew, pold: truths and predictions as figures takes them."""
    c = rep["comparison"]
    k, n = len(rep["labels"]), len(y)
    ok(c["documents"] == n and c["resamples"] == B and c["method"] == "paired bootstrap", f"{case}: documents {n}")
    fn, fo = figures(y, pnew, k), figures(y, pold, k)
    ok(list(c["metrics"]) == list(fn), f"{case}: metrics {list(c['metrics'])}")
    diffs = {m: [] for m in fn}
    for w in resamples(n, c["seed"]):
        a, b = figures(y, pnew, k, w), figures(y, pold, k, w)
        for m in fn:
            diffs[m].append(100 * (a[m] - b[m]))
    q = 100 * (1 - c["level"]) / 2
    for m, got in c["metrics"].items():
        close(got["new"], fn[m], f"{case}: {m} of the new model")
        close(got["old"], fo[m], f"{case}: {m} of the old model")
        close(got["difference_points"], 100 * (fn[m] - fo[m]), f"{case}: {m} difference")
        lo, hi = np.percentile(diffs[m], [q, 100 - q])
        close(got["interval_points"][0], lo, f"{case}: {m} paired interval, low")
        close(got["interval_points"][1], hi, f"{case}: {m} paired interval, high")
        ok(got["significant"] == (lo > 0 or hi < 0), f"{case}: {m} significant is {got['significant']}")
    rn = [right(y[i], pnew[i]) for i in range(n)]
    ro = [right(y[i], pold[i]) for i in range(n)]
    mc = c["mcnemar"]
    b = sum(a and not o for a, o in zip(rn, ro))
    d = sum(o and not a for a, o in zip(rn, ro))
    ok((mc["new_only"], mc["old_only"]) == (b, d), f"{case}: McNemar's discordant pairs {b}, {d}")
    ok(mc["both_right"] == sum(a and o for a, o in zip(rn, ro)), f"{case}: both right")
    close(mc["p_value"], mcnemar(b, d), f"{case}: McNemar's exact p")


# single labels: the old model is -m, the one trained on all the data --compare
rep = json.load(open(f"{T}/single.json"))
labels = rep["labels"]
idx = {l: i for i, l in enumerate(labels)}
y = np.array([idx[line.split("\t")[0]] for line in open(f"{T}/test.tsv").read().rstrip("\n").split("\n")])
pnew = np.array([idx[l] for l in predictions(f"{T}/old.tsnf", f"{T}/test.tsv")])
pold = np.array([idx[l] for l in predictions(f"{T}/new.tsnf", f"{T}/test.tsv")])
check("single labels", rep, y, pnew, pold, single_figures, lambda t, p: t == p)

# label sets
rep = json.load(open(f"{T}/sets.json"))
mlb = MultiLabelBinarizer(classes=rep["labels"])
split = lambda s: [x for x in s.split(",") if x]
y = mlb.fit_transform([split(line.split("\t")[0]) for line in open(f"{T}/mtest.tsv").read().rstrip("\n").split("\n")])
pnew = mlb.transform([split(l) for l in predictions(f"{T}/mold.tsnf", f"{T}/mtest.tsv")])
pold = mlb.transform([split(l) for l in predictions(f"{T}/mnew.tsnf", f"{T}/mtest.tsv")])
check("label sets", rep, y, pnew, pold, set_figures, lambda t, p: bool((t == p).all()))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
