#!/usr/bin/python3
"""Repeated cross-validation of the settings --auto chooses among, and
--auto itself, on every shared corpus.  Writes bench/results/auto.md and
auto.json.

Stage 1: stratified 5-fold CV (`tasnif train --cv 5 --seed S`, features
fitted inside each fold) repeated with seeds 1..R, every setting on the
same folds: the mean of the folds' macro-F1, its standard error and each
setting's distance from word unigrams fold by fold, both corrected for
overlapping training sets (Nadeau & Bengio 2003: variance factor
1/J + 1/(k-1) over J folds), as --auto computes them.

Stage 2: `tasnif train --auto` with its defaults (3 x 5-fold, 600 s): time,
choice, cross-validated score, then `tasnif eval` of the chosen model and
of a model with the defaults on the test split.

usage: bench/auto.py TASNIF DATASETS_DIR [OUT_DIR]
       bench/auto.py --render [OUT_DIR]   (auto.md again from auto.json)
       bench/auto.py --stage2 NAME TASNIF DATASETS_DIR [OUT_DIR]
           (stage 2 again for corpus NAME, into auto.json, then auto.md)"""
import json, os, re, sys, tempfile, time
import benchlib
from benchlib import K, cpu_model

render_only = len(sys.argv) > 1 and sys.argv[1] == "--render"
stage2_only = None
if len(sys.argv) > 2 and sys.argv[1] == "--stage2":
    stage2_only = sys.argv[2]
    del sys.argv[1:3]
if render_only:
    out = sys.argv[2] if len(sys.argv) > 2 else "bench/results"
else:
    tasnif, data = sys.argv[1:3]
    out = sys.argv[3] if len(sys.argv) > 3 else "bench/results"
# the first is the baseline of the gains; the last, the defaults up to 32 MB of training text (the
# first, above)
SETTINGS = [("words 1", ["--word-ngrams", "1", "--char-ngrams", "0"]),
            ("words 1-2", ["--word-ngrams", "1-2", "--char-ngrams", "0"]),
            ("words 1 + chars 3-5", ["--word-ngrams", "1", "--char-ngrams", "3-5"]),
            ("words 1-2 + chars 3-5", ["--word-ngrams", "1-2", "--char-ngrams", "3-5"])]
# name, training file, test file, extra flags, CV repetitions
CORPORA = [("arabic-conflict", "arabic-conflict/train.tsv", "arabic-conflict/test.tsv", [], 10),
           ("arabic-conflict.multi", "arabic-conflict/train.multi.tsv", "arabic-conflict/test.multi.tsv",
            ["--multi-label"], 10),
           ("ag-news-small", "ag-news-small/train.tsv", "ag-news-small/test.tsv", [], 10),
           ("arabic-news", "arabic-news/train.tsv", "arabic-news/test.tsv", [], 3)]


def run(args):
    return benchlib.run(tasnif, args)


def test_score(model, test, multi):
    return benchlib.test_score(tasnif, model, test, multi)


def stage2(train, test, extra, tmp):
    """`tasnif train --auto` and a model with the defaults, both scored on the test split."""
    multi = "--multi-label" in extra
    model = os.path.join(tmp, "auto.tsnf")
    t0 = time.perf_counter()
    run(["train", "--auto"] + extra + ["-o", model, train])
    secs = time.perf_counter() - t0
    info = run(["info", model])
    get = lambda k: re.search(r"^%s=(.*)$" % k, info, re.M).group(1)
    dmodel = os.path.join(tmp, "defaults.tsnf")
    run(["train", "-q"] + extra + ["-o", dmodel, train])
    dinfo = run(["info", dmodel])
    dflags = re.search(r"^flags +(.*)$", dinfo, re.M)
    return {"seconds": secs, "choice": get("auto_choice"), "flags": get("auto_flags"),
            "repeats": int(get("auto_repeats")), "cv": float(get("auto_cv_score")),
            "candidates": int(get("auto_candidates")),
            "stopped": int(get("auto_budget_stopped")), "test": test_score(model, test, multi),
            "defaults_test": test_score(dmodel, test, multi), "metric": get("auto_metric"),
            "defaults_flags": dflags.group(1).strip() if dflags else ""}


def measure():
    results = {"cpu": cpu_model(), "folds": K, "corpora": {}}
    tmp = tempfile.mkdtemp()
    for name, train, test, extra, reps in benchlib.present(data, CORPORA):
        r = {"repetitions": reps, "settings": benchlib.compare(tasnif, train, extra, SETTINGS, reps)}
        r["auto"] = stage2(train, test, extra, tmp)
        print(name, r["auto"], file=sys.stderr, flush=True)
        results["corpora"][name] = r

    return results


def render(results):
    with open(os.path.join(out, "auto.md"), "w") as f:
        w = lambda s="": f.write(s + "\n")
        w("# --auto and the settings it chooses among")
        w()
        w("Written by `bench/auto.py` (`make bench-auto`) on %s. Stage 1: stratified %d-fold cross-validation"
          % (results["cpu"], K))
        w("on each corpus's training split, features fitted inside each fold, repeated with seeds 1..R, every")
        w("setting on the same folds; macro-F1 of each held-out fold (label sets: the folds' macro-F1). Mean")
        w("± standard error, and the gain over word unigrams fold by fold ± its standard error, both with")
        w("Nadeau and Bengio's correction for overlapping training sets (variance factor 1/J + 1/(k-1) over")
        w("J folds), as `--auto` computes them. The defaults: words 1-2 + chars 3-5 up to 32 MB of training")
        w("text, words 1 above (arabic-news, 46 MB). Every setting has the lead (100 words, normalised")
        w("apart), sublinear tf, min-df 2, C 1 and class weights (balanced; none for label sets).")
        w()
        w("| corpus | R | setting | CV macro-F1 | gain over words 1 | seconds |")
        w("| --- | ---: | --- | ---: | ---: | ---: |")
        for name, r in results["corpora"].items():
            for sname, s in r["settings"].items():
                gain = "" if sname == SETTINGS[0][0] else "%+.4f ± %.4f" % (s["gain"], s["gain_se"])
                w("| %s | %d | %s | %.4f ± %.4f | %s | %.0f |" % (name, r["repetitions"], sname, s["mean"], s["se"],
                                                                gain, s["seconds"]))
        w()
        w("Stage 2: `tasnif train --auto` (3 x 5-fold, budget 600 s, %s), then `tasnif eval` on the test"
          % "macro-F1; micro-F1 for label sets")
        w("split, against a model trained with the defaults.")
        w()
        w("| corpus | seconds | repetitions | candidates | chosen | same as | CV | test | defaults' test (flags) |")
        w("| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: |")
        for name, r in results["corpora"].items():
            a = r["auto"]
            w("| %s | %.0f%s | %d | %s | %s | `%s` | %.4f | %.4f | %s |" % (
                name, a["seconds"], " (stopped by the budget)" if a["stopped"] else "", a["repeats"],
                "%s%s" % (a.get("candidates", "?"), " (a)" if a.get("note") else ""), a["choice"],
                a["flags"], a["cv"], a["test"], "%.4f%s" % (a["defaults_test"], " (`%s`)" % a["defaults_flags"]
                                                            if a.get("defaults_flags") else "")))
        notes = [(name, r["auto"]["note"]) for name, r in results["corpora"].items() if r["auto"].get("note")]
        if notes:
            w()
            for name, note in notes:
                w("(a) %s: %s." % (name, note))


if render_only:
    with open(os.path.join(out, "auto.json")) as f:
        results = json.load(f)
elif stage2_only:
    with open(os.path.join(out, "auto.json")) as f:
        results = json.load(f)
    name, tr, te, extra, _ = [c for c in CORPORA if c[0] == stage2_only][0]
    results["corpora"][name]["auto"] = stage2(os.path.join(data, tr), os.path.join(data, te), extra,
                                              tempfile.mkdtemp())
    print(name, results["corpora"][name]["auto"], file=sys.stderr, flush=True)
    with open(os.path.join(out, "auto.json"), "w") as f:
        json.dump(results, f, indent=1)
else:
    results = measure()
    with open(os.path.join(out, "auto.json"), "w") as f:
        json.dump(results, f, indent=1)
render(results)
