#!/usr/bin/python3
"""The lead's features by repeated cross-validation and on the test splits:
its words at half of the vector's weight (the default for single labels),
its word and character n-grams at half, and at three quarters (the default
for label sets).  Writes bench/results/lead.md and lead.json.

Every setting is the defaults otherwise (word 1-2-grams and character
3-5-grams, the lead of 100 words normalised apart, min-df 2, sublinear tf,
C 1, class weights balanced; none for label sets), on the same folds:
stratified 5-fold CV with seeds 1..R, features fitted inside each fold;
the macro-F1 of each held-out fold (label sets: the folds' macro-F1, and
the micro-F1 of the out-of-fold predictions of each seed).  Each setting's
gain over the lead's words is taken fold by fold, with Nadeau and Bengio's
corrected standard error, as --auto computes it.

usage: bench/lead.py TASNIF DATASETS_DIR [OUT_DIR]"""
import json, os, re, statistics, sys, tempfile
import benchlib
from benchlib import K, cpu_model

tasnif, data = sys.argv[1:3]
out = sys.argv[3] if len(sys.argv) > 3 else "bench/results"
SETTINGS = [("the lead's words, 50%", ["--lead-ngrams", "unigrams", "--lead-share", "50"]),
            ("the lead's n-grams, 50%", ["--lead-ngrams", "same", "--lead-share", "50"]),
            ("the lead's n-grams, 75%", ["--lead-ngrams", "same", "--lead-share", "75"])]
# name, training file, test file, extra flags, CV repetitions
CORPORA = [("arabic-conflict", "arabic-conflict/train.tsv", "arabic-conflict/test.tsv", [], 10),
           ("arabic-conflict.multi", "arabic-conflict/train.multi.tsv", "arabic-conflict/test.multi.tsv",
            ["--multi-label"], 10),
           ("ag-news-small", "ag-news-small/train.tsv", "ag-news-small/test.tsv", [], 5)]


def micro(train, flags, reps):
    """The out-of-fold micro-F1 of each seed (label sets)."""
    r = []
    for seed in range(1, reps + 1):
        o = benchlib.run(tasnif, ["train", "--cv", str(K), "--seed", str(seed)] + flags + [train])
        r.append(float(re.search(r"^micro_f1\s+([0-9.]+)", o, re.M).group(1)))
    return r


results = {"cpu": cpu_model(), "folds": K, "corpora": {}}
tmp = tempfile.mkdtemp()
for name, train, test, extra, reps in benchlib.present(data, CORPORA):
    multi = "--multi-label" in extra
    r = {"repetitions": reps, "settings": benchlib.compare(tasnif, train, extra, SETTINGS, reps)}
    for sname, flags in SETTINGS:
        s = r["settings"][sname]
        model = os.path.join(tmp, "m.tsnf")
        benchlib.run(tasnif, ["train", "-q"] + extra + flags + ["-o", model, train])
        s["test"] = benchlib.test_score(tasnif, model, test, multi)
        if multi:
            s["micro"] = statistics.mean(micro(train, extra + flags, reps))
        print(name, sname, s, file=sys.stderr, flush=True)
    results["corpora"][name] = r
with open(os.path.join(out, "lead.json"), "w") as f:
    json.dump(results, f, indent=1)

with open(os.path.join(out, "lead.md"), "w") as f:
    w = lambda s="": f.write(s + "\n")
    w("# The lead's features")
    w()
    w("Written by `bench/lead.py` (`make bench-lead`) on %s. Stratified %d-fold cross-validation on each"
      % (results["cpu"], K))
    w("corpus's training split with seeds 1..R, features fitted inside each fold, every setting on the same")
    w("folds: the mean of the folds' macro-F1 ± its standard error, and the gain over the lead's words fold")
    w("by fold ± its standard error, both corrected for overlapping training sets (Nadeau and Bengio:")
    w("variance factor 1/J + 1/(k-1) over J folds). For label sets also the micro-F1 of the out-of-fold")
    w("predictions (mean over seeds). Test: a model trained on the training split, `tasnif eval` on the test")
    w("split (macro-F1; micro-F1 for label sets). Everything else is the defaults: word 1-2-grams and")
    w("character 3-5-grams, a lead of 100 words normalised apart, min-df 2, sublinear tf, C 1, class")
    w("weights balanced (none for label sets). arabic-news (46 MB) is not here: over 32 MB of training text")
    w("the defaults are word unigrams alone, and the lead's n-grams of those are its words.")
    w()
    w("| corpus | R | the lead | CV macro-F1 | gain | CV micro-F1 | test |")
    w("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for name, r in results["corpora"].items():
        for sname, s in r["settings"].items():
            gain = "" if sname == SETTINGS[0][0] else "%+.4f ± %.4f" % (s["gain"], s["gain_se"])
            w("| %s | %d | %s | %.4f ± %.4f | %s | %s | %.4f |" % (
                name, r["repetitions"], sname, s["mean"], s["se"], gain,
                "%.4f" % s["micro"] if "micro" in s else "", s["test"]))
