#!/usr/bin/python3
"""Which defaults?  Staged search over tasnif's training settings by
stratified 5-fold cross-validation on the TRAINING split of every corpus in
../shared/datasets (features fitted inside each fold: `tasnif train --cv 5`),
the multi-label split with --multi-label; then the test split for the
finalists, next to scikit-learn's TF-IDF 1-2 + LinearSVC (plain and
class_weight="balanced") on the same splits, in the same run.

usage: bench/defaults.py TASNIF [DATASETS]   (see bench/defaults.sh)

Every figure is appended to bench/results/defaults.raw.tsv as soon as it
is measured, and a figure already there is not measured again, so an
interrupted run resumes (delete the file for a fresh run).  Timings are
one run each on a shared 2-core machine: read them as rough, except the
side-by-side training times on arabic-news (kind "time" in the raw file,
whose two figure columns then hold the fastest and slowest of the runs).
Writes bench/results/defaults.md and defaults.json."""
from benchlib import read
import json, os, re, subprocess, sys, tempfile, time

TASNIF = os.path.abspath(sys.argv[1])
DATA = sys.argv[2] if len(sys.argv) > 2 else "../shared/datasets"
RAW = "bench/results/defaults.raw.tsv"
SEED = 1

# (name, corpus dir, train file, test file, multi-label)
CORPORA = [("arabic-conflict", "arabic-conflict", "train.tsv", "test.tsv", False),
           ("arabic-conflict.multi", "arabic-conflict", "train.multi.tsv", "test.multi.tsv", True),
           ("ag-news-small", "ag-news-small", "train.tsv", "test.tsv", False),
           ("arabic-news", "arabic-news", "train.tsv", "test.tsv", False)]

# Stage 1: one factor at a time around today's defaults (words 1, no
# character n-grams, sublinear tf, min-df 2, C 1, hinge, no class weights).
STAGE1 = [
    ("defaults", ""),
    ("class weight balanced", "--class-weight balanced"),
    ("words 1-2", "--word-ngrams 1-2"),
    ("words + in-word chars 2-4", "--char-ngrams 2-4"),
    ("words + in-word chars 3-5", "--char-ngrams 3-5"),
    ("in-word chars 2-4 alone", "--word-ngrams 0 --char-ngrams 2-4"),
    ("in-word chars 3-5 alone", "--word-ngrams 0 --char-ngrams 3-5"),
    ("words + chars across 2-5", "--char-ngrams-across 2-5"),
    ("chars across 2-5 alone", "--word-ngrams 0 --char-ngrams-across 2-5"),
    ("words + clitics", "--clitics"),
    ("raw tf", "--tf-raw"),
    ("min-df 1", "--min-df 1"),
    ("C 0.3", "-c 0.3"),
    ("C 3", "-c 3"),
    ("squared hinge", "--loss squared-hinge"),
]
# Stage 2: the factors that helped somewhere in stage 1, combined: balanced
# class weights and raw tf (arabic-conflict), in-word character n-grams
# (arabic-conflict and its multi-label split), C 3 (arabic-conflict only);
# clitics and characters across words again on top of the best of these.
STAGE2 = [
    ("balanced + raw tf", "--class-weight balanced --tf-raw"),
    ("balanced + C 3", "--class-weight balanced -c 3"),
    ("balanced + chars 2-4", "--class-weight balanced --char-ngrams 2-4"),
    ("balanced + chars 3-5", "--class-weight balanced --char-ngrams 3-5"),
    ("raw tf + chars 3-5", "--tf-raw --char-ngrams 3-5"),
    ("balanced + raw tf + chars 3-5", "--class-weight balanced --tf-raw --char-ngrams 3-5"),
    ("balanced + chars 3-5 alone", "--class-weight balanced --word-ngrams 0 --char-ngrams 3-5"),
    ("balanced + clitics", "--class-weight balanced --clitics"),
    ("balanced + clitics + chars 3-5", "--class-weight balanced --clitics --char-ngrams 3-5"),
    ("balanced + chars across 2-5", "--class-weight balanced --char-ngrams-across 2-5"),
    ("balanced + words 1-2", "--class-weight balanced --word-ngrams 1-2"),
]
# Not run in stage 2 on arabic-news, for time: character n-grams of either
# kind cost it 5-10x the time and no accuracy there (stage 1), so all but
# the character n-gram combinations that lead on the other corpora.
SKIP = {"arabic-news": {"raw tf + chars 3-5", "balanced + raw tf + chars 3-5",
                        "balanced + chars 3-5 alone", "balanced + clitics + chars 3-5",
                        "balanced + chars across 2-5"}}
# The finalists, evaluated on the test split.
FINAL = ["defaults", "class weight balanced", "balanced + chars 3-5", "balanced + chars 2-4",
         "words + in-word chars 3-5", "in-word chars 3-5 alone"]
# Stage 3, on the small corpora only: around balanced weights with in-word
# character n-grams, the ranges, C, and what else might add to them.
STAGE3_CORPORA = {"arabic-conflict", "ag-news-small"}
STAGE3 = [("balanced + " + f.replace("--", "").replace("-ngrams", "").replace(" -c ", ", C ").replace("-c ", "C "),
           "--class-weight balanced " + f) for f in [
    "--char-ngrams 2-5", "--char-ngrams 1-4", "--char-ngrams 3-6", "--char-ngrams 2-6", "--char-ngrams 1-5",
    "--char-ngrams 3-5 -c 0.3", "--char-ngrams 3-5 -c 0.5", "--char-ngrams 3-5 -c 2", "--char-ngrams 3-5 -c 3",
    "--char-ngrams 2-5 -c 0.3", "--char-ngrams 2-5 -c 0.5", "--char-ngrams 2-5 -c 0.7", "--char-ngrams 2-5 -c 1.5",
    "--char-ngrams 2-5 -c 2", "--char-ngrams 2-5 -c 3", "--char-ngrams 2-4 -c 0.3", "--char-ngrams 2-4 -c 0.5",
    "--char-ngrams 2-4 -c 2", "--char-ngrams 2-4 -c 3", "--char-ngrams 1-4 -c 0.3", "--char-ngrams 1-4 -c 0.5",
    "--char-ngrams 1-4 -c 2", "--char-ngrams 1-4 -c 3", "--char-ngrams 3-6 -c 0.3", "--char-ngrams 3-6 -c 0.5",
    "--char-ngrams 3-6 -c 2", "--char-ngrams 3-6 -c 3", "--char-ngrams 2-6 -c 0.3", "--char-ngrams 2-6 -c 0.5",
    "--char-ngrams 2-6 -c 2", "--char-ngrams 2-6 -c 3", "--char-ngrams 1-5 -c 0.3", "--char-ngrams 1-5 -c 0.5",
    "--char-ngrams 1-5 -c 2", "--char-ngrams 1-5 -c 3",
    "--word-ngrams 1-2 --char-ngrams 2-5", "--word-ngrams 1-2 --char-ngrams 3-5",
    "--char-ngrams 2-5 --min-df 1", "--char-ngrams 3-5 --min-df 1", "--char-ngrams 2-5 --min-df 3",
    "--char-ngrams 3-5 --min-df 3", "--char-ngrams 2-5 --max-features 50000", "--char-ngrams 2-5 --max-features 20000",
    "--char-ngrams 2-5 --loss squared-hinge", "--char-ngrams 3-5 --loss squared-hinge",
    "--char-ngrams 2-5 --loss squared-hinge -c 0.3", "--char-ngrams 3-5 --loss squared-hinge -c 0.3",
    "--char-ngrams 2-5 --loss squared-hinge -c 0.1", "--char-ngrams 2-5 --scheme ovo", "--char-ngrams 3-5 --scheme ovo",
    "--scheme ovo", "--char-ngrams 2-5 --stem", "--stem", "--char-ngrams 2-5 --no-idf", "--no-idf",
    "--char-ngrams 2-5 --clitics", "--char-ngrams 2-5 --char-ngrams-across 3-5", "--char-ngrams-across 1-4",
    "--char-ngrams 2-5 --lsa 100", "--lsa 100", "--char-ngrams 2-5 -e 0.01", "-e 0.01"]]
# Stage 4: the lead's words (--lead-words), a feature family of their own;
# each setting on the corpora named (single-label ones with balanced
# weights, label sets without); the test split for the two marked final.
# Measured with one L2 norm over all the features (--lead-joint), as tasnif
# had before stage 5.
SINGLE = {"arabic-conflict", "ag-news-small", "arabic-news"}
STAGE4 = [
    ("balanced + lead 100", "--class-weight balanced --lead-words 100 --lead-joint", SINGLE, True),
    ("balanced + lead 50", "--class-weight balanced --lead-words 50 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 75", "--class-weight balanced --lead-words 75 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 80", "--class-weight balanced --lead-words 80 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 120", "--class-weight balanced --lead-words 120 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 150", "--class-weight balanced --lead-words 150 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 200", "--class-weight balanced --lead-words 200 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 100, C 0.5", "--class-weight balanced --lead-words 100 -c 0.5 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + lead 100, C 2", "--class-weight balanced --lead-words 100 -c 2 --lead-joint", {"arabic-conflict"}, False),
    ("balanced + chars 3-5 + lead 100", "--class-weight balanced --char-ngrams 3-5 --lead-words 100 --lead-joint",
     {"arabic-conflict", "ag-news-small"}, False),
    ("lead 100", "--lead-words 100", {"arabic-conflict.multi"}, True),
    ("chars 3-5 + lead 100", "--char-ngrams 3-5 --lead-words 100 --lead-joint", {"arabic-conflict.multi"}, False),
]
# Stage 5: the lead's features L2-normalised apart from the rest (each part
# to norm 1, then the whole), against stage 4's one norm over all.
STAGE5 = [
    ("balanced + lead 100 apart", "--class-weight balanced --lead-words 100", SINGLE, True),
    ("lead 100 apart", "--lead-words 100", {"arabic-conflict.multi"}, True),
]
# Every tasnif run starts from these flags, the settings the stages vary
# around (word unigrams, no class weights, no lead), so that the figures do not
# depend on the defaults of the build that measures them; later flags win.
BASE = ["--word-ngrams", "1", "--char-ngrams", "0", "--class-weight", "none", "--lead-words", "0"]
FINAL4 = [n for n, _, _, final in STAGE4 if final]
FINAL5 = [n for n, _, _, final in STAGE5 if final]
TIME_CORPUS, TIME_REPS = "arabic-news", 3
PEERS = ["scikit-learn TF-IDF 1-2 + LinearSVC", "scikit-learn TF-IDF 1-2 + LinearSVC balanced"]


RECOMMENDATION = """## Recommendation (from the run below, then repeated cross-validation)

**Now: word 1-2-grams with in-word character 3-5-grams, with the lead normalised apart, for
training text up to 32 MB; word unigrams with the lead above it** (sublinear tf, `--min-df 2`,
`-c 1`, hinge; balanced class weights for single labels, none for label sets). The staged run below
chose word unigrams with the lead (the recommendation of its time, kept below as written); repeated
cross-validation then told apart what one 5-fold run could not:

- `make bench-auto` (bench/results/auto.md: 10 x 5-fold, 3 x on arabic-news, every setting on the
  same folds, errors corrected for overlapping training sets), gain over word unigrams with the lead:
  words 1-2 + chars 3-5 +0.31 +- 0.68 on arabic-conflict (the best), +0.88 +- 0.57 on its label
  sets (0.15 below the best, chars 3-5 with word unigrams, +1.03), +0.54 +- 0.20 on ag-news-small
  (the best), +0.09 +- 0.06 on arabic-news (the best, tied): the one setting within 0.2 points of the
  best on every corpus, so the default.
- Cost, side by side (median of 3): arabic-conflict 1.57 s against 0.20 s of training, 178 MB against
  34 MB peak, 8.5 MB against 1.7 MB model; arabic-news 20.7 s against 2.7 s, 1,095 MB against
  166 MB, 86.5 MB against 16.5 MB, and predicting its test split 4.10 s against 0.73 s — about 24 MB
  of memory per MB of text against 4. Over 32 MB of text (about 800 MB of peak memory with them) the
  defaults fall back to word unigrams: there the gain is small (arabic-news, 46 MB: word unigrams 0.09
  below the best, inside the rule) and the memory decides whether an archive fits.
- Test splits with the new defaults: arabic-conflict 0.7585 (0.7652 with word unigrams: 2 of 304
  documents, inside [0.7068, 0.8066]), ag-news-small 0.8862 (0.8770), arabic-news 0.9795 (word
  unigrams, over 32 MB; 0.9809 with character n-grams),
  label sets micro-F1 0.8005, macro-F1 0.8025 (0.7963, 0.7996).

**Before (this run's choice): single-label: `--class-weight balanced --lead-words 100`, the lead
normalised apart** (word unigrams, and each of the first 100 words again as a feature of its own,
the lead's features and the rest each L2-normalised to half the vector's weight). **Multi-label:
`--lead-words 100`, normalised apart**, class weights unchanged (none).

- Stage 5: normalising the lead apart from the rest adds 1.1 points of CV macro-F1 on
  arabic-conflict (0.7367 -> 0.7479) and 0.8 on its label sets (0.7650 -> 0.7729; micro-F1 0.7651 ->
  0.7730, now the best setting there, above character 3-5-grams alone, 0.7690), and costs 0.03 on
  ag-news-small (0.8818 -> 0.8815) and 0.12 on arabic-news (0.9843 -> 0.9831), where the lead is a
  small part of long articles. It is the best setting on two corpora, 0.12 points below the best on
  arabic-news and 0.25 below on ag-news-small (0.8840, `--min-df 1` without class weights): the rule
  of 0.2 points is missed there by 0.05, as it was by the lead with one norm (0.22).
- Stage 4, with one norm over all the features: the lead is the best setting measured on
  arabic-conflict (0.7367; the best before
  it, word 1-2-grams with character 2-5-grams, 0.7177) and on arabic-news (0.9843); on the label
  sets 0.40 points of macro-F1 below the best (0.7650 against character 3-5-grams alone, 0.7690, at
  about a tenth of their time; 1.2 points above word unigrams alone); 0.22 below the best on
  ag-news-small (0.8818
  against 0.8840, `--min-df 1` without class weights), whose documents (34 words on average) are
  shorter than a lead, so the lead changes nothing there (0.8817 without it). 100 words is the best of
  50, 75, 80, 100, 120, 150, 200 on arabic-conflict, a peak partly of the folds' making: 75 to 200 all
  give 0.724 to 0.737, 2.6 to 3.9 points above no lead; C 0.5 and 2 are below C 1.
- In-word character 3-5-grams on top of the lead lose 1.9 points on arabic-conflict (0.7180) and
  gain 0.08 on ag-news-small (0.8826), noise there (one standard error over folds: 0.4 points), for
  about 6x the training time and 7x the memory on arabic-news: they stay an option.
- Cost on arabic-news, side by side (median of 3, the table at the end): training 3.92 s with the
  lead apart, 3.69 s with one norm, 2.78 s without the lead; 163 MB peak memory against 121 MB, model
  16.5 MB against 11.4 MB.
- Test split (trained on the whole training split): arabic-conflict macro-F1 0.7310 (balanced word
  unigrams) -> 0.7398 (lead, one norm) -> 0.7652 (lead apart); ag-news-small 0.8770 throughout;
  arabic-news 0.9815 -> 0.9822 -> 0.9795 (12 documents of 4,500 below one norm, inside the 95%
  interval [0.9749, 0.9834]); arabic-conflict multi-label macro-F1 0.7788 -> 0.7902 -> 0.7996
  (micro-F1 0.7757 -> 0.7888 -> 0.7963).
- Targets: arabic-conflict test macro-F1 >= 0.75 is reached (0.7652); ag-news-small >= 0.881 is
  **not** reached by the setting CV chooses (0.8770); character 3-5-grams reach it there on test
  (0.8834, 0.8849 with the lead), but CV cannot tell them from the lead.
- Not recommended: `--clitics` (slightly below plain words on every Arabic corpus: -0.2, -0.6
  multi-label, -0.06 points), character n-grams across words (within 0.3 points of in-word 3-5
  everywhere, better nowhere by more than 0.03, about twice their time), words 1-2, raw tf,
  `--min-df 1`, C 0.3 or 3, squared hinge (each loses somewhere by more than it gains).

"""


def load_raw():
    got = {}
    if os.path.exists(RAW):
        with open(RAW) as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) == 7 and p[0] != "corpus":
                    got[(p[0], p[1], p[2])] = (float(p[3]), float(p[4]), float(p[5]), p[6])
    return got


RES = load_raw()


def record(corpus, kind, setting, a, f, secs, note=""):
    RES[(corpus, kind, setting)] = (a, f, secs, note)
    new = not os.path.exists(RAW)
    with open(RAW, "a") as fp:
        if new:
            fp.write("corpus\tkind\tsetting\taccuracy_or_micro_f1\tmacro_f1\tseconds\tflags\n")
        fp.write("%s\t%s\t%s\t%.4f\t%.4f\t%.2f\t%s\n" % (corpus, kind, setting, a, f, secs, note))
    print("%-22s %-5s %-40s %.4f %.4f %7.2f s" % (corpus, kind, setting, a, f, secs), flush=True)


def tasnif_cv(train, multi, flags):
    cmd = [TASNIF, "train", "-q", "--cv", "5", "--seed", str(SEED)] + (["--multi-label"] if multi else []) + BASE + flags + [train]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    secs = time.perf_counter() - t0
    if multi:  # pooled out-of-fold micro- and macro-F1
        micro = float(re.search(r"^micro_f1\s+([0-9.]+)", out, re.M).group(1))
        macro = float(re.search(r"^macro_f1\s+([0-9.]+)", out, re.M).group(1))
        return micro, macro, secs
    m = re.search(r"^mean: accuracy ([0-9.]+) macro-F1 ([0-9.]+)", out, re.M)
    return float(m.group(1)), float(m.group(2)), secs


def tasnif_test(train, test, multi, flags, tmp):
    model = os.path.join(tmp, "m.tsnf")
    t0 = time.perf_counter()
    subprocess.run([TASNIF, "train", "-q", "--seed", str(SEED)] + (["--multi-label"] if multi else []) + BASE + flags +
                   ["-o", model, train], check=True)
    secs = time.perf_counter() - t0
    out = subprocess.run([TASNIF, "eval", "-m", model, test], check=True, capture_output=True, text=True).stdout
    if multi:
        micro = float(re.search(r"^micro_f1\s+([0-9.]+)", out, re.M).group(1))
        macro = float(re.search(r"^macro_f1\s+([0-9.]+)", out, re.M).group(1))
        return micro, macro, secs
    acc = float(re.search(r"^accuracy\s+([0-9.]+)", out, re.M).group(1))
    mf = float(re.search(r"^macro-F1\s+([0-9.]+)", out, re.M).group(1))
    return acc, mf, secs




def sklearn_fit_predict(xtr, ytr, xte, multi, balanced):
    """TfidfVectorizer(1-2 grams, sublinear tf, min_df 2) + LinearSVC(C=1);
    multi-label: binary relevance, an empty prediction replaced by the
    top-scoring label (as bench/multilabel.py)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    Xtr = vec.fit_transform(xtr)
    cw = "balanced" if balanced else None
    if not multi:
        return LinearSVC(C=1.0, class_weight=cw).fit(Xtr, ytr).predict(vec.transform(xte))
    Xte = vec.transform(xte)
    D = np.column_stack([LinearSVC(C=1.0, class_weight=cw).fit(Xtr, ytr[:, j]).decision_function(Xte)
                         for j in range(ytr.shape[1])])
    P = (D > 0).astype(int)
    for i in range(len(P)):
        if not P[i].any():
            P[i, D[i].argmax()] = 1
    return P


def sklearn_scores(ytrue, P, multi):
    from sklearn.metrics import accuracy_score, f1_score
    if multi:
        return f1_score(ytrue, P, average="micro", zero_division=0), f1_score(ytrue, P, average="macro", zero_division=0)
    return accuracy_score(ytrue, P), f1_score(ytrue, P, average="macro", zero_division=0)


def sklearn_run(train, test, multi, balanced, kind):
    import numpy as np
    from sklearn.model_selection import KFold, StratifiedKFold
    from sklearn.preprocessing import MultiLabelBinarizer
    ytr, xtr = read(train, multi)
    xtr = np.array(xtr, dtype=object)
    if multi:
        yte, xte = read(test, multi)
        mlb = MultiLabelBinarizer().fit(ytr + yte)
        Ytr, Yte = mlb.transform(ytr), mlb.transform(yte)
    else:
        Ytr = np.array(ytr)
    t0 = time.perf_counter()
    if kind == "test":
        if not multi:
            yte, xte = read(test, multi)
            Yte = np.array(yte)
        P = sklearn_fit_predict(list(xtr), Ytr, xte, multi, balanced)
        a, f = sklearn_scores(Yte, P, multi)
        return a, f, time.perf_counter() - t0
    if multi:  # pooled out-of-fold predictions, as tasnif reports them
        P = np.zeros_like(Ytr)
        for tr, va in KFold(5, shuffle=True, random_state=SEED).split(xtr):
            P[va] = sklearn_fit_predict(list(xtr[tr]), Ytr[tr], list(xtr[va]), True, balanced)
        a, f = sklearn_scores(Ytr, P, True)
        return a, f, time.perf_counter() - t0
    accs, f1s = [], []
    for tr, va in StratifiedKFold(5, shuffle=True, random_state=SEED).split(xtr, Ytr):
        P = sklearn_fit_predict(list(xtr[tr]), Ytr[tr], list(xtr[va]), False, balanced)
        a, f = sklearn_scores(Ytr[va], P, False)
        accs.append(a)
        f1s.append(f)
    return sum(accs) / 5, sum(f1s) / 5, time.perf_counter() - t0


def measure(corpus, kind, name, flags, train, test, multi, tmp):
    if (corpus, kind, name) in RES:
        return
    if name in PEERS:
        a, f, s = sklearn_run(train, test, multi, name.endswith("balanced"), kind)
    elif kind == "cv":
        a, f, s = tasnif_cv(train, multi, flags.split())
    else:
        a, f, s = tasnif_test(train, test, multi, flags.split(), tmp)
    record(corpus, kind, name, a, f, s, flags)


def all_settings():
    return dict(STAGE1 + STAGE2 + STAGE3 + [(n, f) for n, f, _, _ in STAGE4 + STAGE5])


def main():
    settings = all_settings()
    where = {n: c for n, _, c, _ in STAGE4 + STAGE5}
    stages = [("cv", [n for n, _ in STAGE1]), ("cv", [n for n, _ in STAGE2] + PEERS), ("test", FINAL + PEERS),
              ("cv", [n for n, _ in STAGE3]), ("cv", [n for n, *_ in STAGE4]), ("test", FINAL4),
              ("cv", [n for n, *_ in STAGE5]), ("test", FINAL5)]
    only = os.environ.get("DEFAULTS_CORPORA")
    upto = int(os.environ.get("DEFAULTS_STAGES", "8"))
    with tempfile.TemporaryDirectory() as tmp:
        for kind, names in stages[:upto]:
            for corpus, d, tr, te, multi in CORPORA:
                if only and corpus not in only.split(","):
                    continue
                train, test = os.path.join(DATA, d, tr), os.path.join(DATA, d, te)
                if not os.path.exists(train):
                    print("%s: not found, skipped" % train)
                    continue
                for n in names:
                    if kind == "cv" and n in SKIP.get(corpus, ()):
                        continue
                    if n in settings and n in dict(STAGE3) and corpus not in STAGE3_CORPORA:
                        continue
                    if n in where and corpus not in where[n]:
                        continue
                    measure(corpus, kind, n, settings.get(n, ""), train, test, multi, tmp)
        # training time on the largest corpus, side by side: the finalists
        # interleaved, TIME_REPS runs each, the median
        for corpus, d, tr, te, multi in CORPORA:
            if corpus != TIME_CORPUS or upto < 3 or (only and corpus not in only.split(",")):
                continue
            train = os.path.join(DATA, d, tr)
            todo = [n for n in FINAL + FINAL4[:1] + FINAL5[:1] + PEERS[:1] if (corpus, "time", n) not in RES]
            runs = {n: [] for n in todo}
            for _ in range(TIME_REPS):
                for n in todo:
                    t0 = time.perf_counter()
                    if n in PEERS:
                        ytr, xtr = read(train, False)
                        sklearn_fit_predict(xtr, ytr, xtr[:1], False, False)
                    else:
                        subprocess.run([TASNIF, "train", "-q", "--seed", str(SEED)] + BASE + settings.get(n, "").split() +
                                       ["-o", os.path.join(tmp, "t.tsnf"), train], check=True)
                    runs[n].append(time.perf_counter() - t0)
            for n in todo:
                r = sorted(runs[n])
                record(corpus, "time", n, r[0], r[-1], r[len(r) // 2], settings.get(n, ""))
    write_report(settings)


def write_report(settings):
    present = [c for c, *_ in CORPORA if any(k[0] == c for k in RES)]
    with open("bench/results/defaults.json", "w") as f:
        json.dump([{"corpus": c, "kind": k, "setting": s, "accuracy_or_micro_f1": v[0], "macro_f1": v[1],
                    "seconds": v[2], "flags": v[3]} for (c, k, s), v in RES.items()], f, indent=1)
    out = open("bench/results/defaults.md", "w")
    w = out.write
    w("# Choosing the defaults\n\n"
      "Written by `bench/defaults.sh` (`make bench-defaults`). Stratified 5-fold cross-validation on each\n"
      "corpus's **training** split, features fitted inside each fold (`tasnif train --cv 5 --seed 1`); the\n"
      "multi-label split with `--multi-label`, scored by micro- and macro-F1 over the pooled out-of-fold\n"
      "predictions. Single-label: accuracy and macro-F1 are means over the folds. Seconds: wall time of\n"
      "the whole 5-fold run (10 fits for multi-label, whose thresholds come from an inner CV), one run on a\n"
      "shared 2-core machine. scikit-learn: `TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,\n"
      "min_df=2)` + `LinearSVC(C=1)` inside each fold (`StratifiedKFold(5, shuffle=True, random_state=1)`,\n"
      "multi-label: binary relevance, `KFold`), so its folds are not tasnif's. Every tasnif run starts\n"
      "from `--word-ngrams 1 --char-ngrams 0 --class-weight none` (the settings the stages vary around, the row\n"
      "`defaults`); Δ is against that row on the same corpus.\n\n")
    w(RECOMMENDATION)
    # every setting side by side: CV macro-F1 per corpus, and how far below
    # that corpus's best setting it is (points = hundredths of macro-F1)
    names = [n for n, _ in STAGE1 + STAGE2] + ["balanced + lead 100", "lead 100", "balanced + chars 3-5 + lead 100",
                                               "chars 3-5 + lead 100"] + FINAL5 + PEERS
    best = {c: max(v[1] for (cc, k, _), v in RES.items() if cc == c and k == "cv") for c in present}
    w("## All corpora side by side (CV macro-F1; in brackets, points below the corpus's best tasnif or\n"
      "scikit-learn setting; — not run)\n\n| setting | %s | mean | worst gap |\n| --- |%s ---: | ---: |\n"
      % (" | ".join(present), " ---: |" * len(present)))
    for n in names:
        vals = [RES.get((c, "cv", n)) for c in present]
        cells = ["%.4f (%.2f)" % (v[1], 100 * (best[c] - v[1])) if v else "—" for c, v in zip(present, vals)]
        have = [v[1] for v in vals if v]
        gaps = [100 * (best[c] - v[1]) for c, v in zip(present, vals) if v]
        w("| %s | %s | %s | %s |\n" % (n, " | ".join(cells), "%.4f" % (sum(have) / len(have)) if len(have) == len(present) else "",
                                       "%.2f" % max(gaps) if len(have) == len(present) else ""))
    w("\n")
    for c in present:
        multi = c.endswith(".multi")
        a_name = "micro-F1" if multi else "accuracy"
        base = RES.get((c, "cv", "defaults"))
        for title, names in (("stage 1: one factor at a time", [n for n, _ in STAGE1]),
                             ("stage 2: the helpful factors combined", [n for n, _ in STAGE2] + PEERS),
                             ("stage 3: around balanced weights with character n-grams", [n for n, _ in STAGE3]),
                             ("stage 4: the lead's words", [n for n, *_ in STAGE4]),
                             ("stage 5: the lead normalised apart", [n for n, *_ in STAGE5])):
            rows = [(n, RES[(c, "cv", n)]) for n in names if (c, "cv", n) in RES]
            if not rows:
                continue
            w("## %s — %s\n\n| setting | flags | CV macro-F1 | Δ | CV %s | s |\n| --- | --- | ---: | ---: | ---: | ---: |\n"
              % (c, title, a_name))
            for n, v in rows:
                d = "%+.4f" % (v[1] - base[1]) if base else ""
                fl = "`%s`" % settings[n] if settings.get(n) else ("(sklearn)" if n in PEERS else "")
                w("| %s | %s | %.4f | %s | %.4f | %.1f |\n" % (n, fl, v[1], d, v[0], v[2]))
            w("\n")
    w("## Test split, finalists (trained on the whole training split)\n\n"
      "Seconds: training time (features included; scikit-learn: vectorising and fitting), one run.\n\n")
    for c in present:
        rows = [(n, RES[(c, "test", n)]) for n in FINAL + FINAL4 + FINAL5 + PEERS if (c, "test", n) in RES]
        if not rows:
            continue
        multi = c.endswith(".multi")
        w("### %s\n\n| setting | test macro-F1 | test %s | CV macro-F1 | train s |\n| --- | ---: | ---: | ---: | ---: |\n"
          % (c, "micro-F1" if multi else "accuracy"))
        for n, v in rows:
            cv = RES.get((c, "cv", n))
            w("| %s | %.4f | %.4f | %s | %.2f |\n" % (n, v[1], v[0], "%.4f" % cv[1] if cv else "", v[2]))
        w("\n")
    rows = [(n, RES[(TIME_CORPUS, "time", n)]) for n in FINAL + FINAL4 + FINAL5 + PEERS if (TIME_CORPUS, "time", n) in RES]
    if rows:
        w("## Training time on %s, side by side\n\nThe finalists trained on the whole training split, interleaved, %d runs "
          "each (features included; scikit-learn: vectorising and fitting, plain).\n\n| setting | median s | min s | max s |\n"
          "| --- | ---: | ---: | ---: |\n" % (TIME_CORPUS, TIME_REPS))
        for n, v in rows:
            w("| %s | %.2f | %.2f | %.2f |\n" % (n, v[2], v[0], v[1]))
        w("\n")
    out.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--report":
        write_report(all_settings())
    else:
        main()
