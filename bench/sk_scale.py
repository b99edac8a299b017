#!/usr/bin/python3
"""scikit-learn peer for bench/scale.sh, end to end in one process:

    bench/sk_scale.py TRAIN.tsv TEST.tsv

TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True) +
LinearSVC(C=1) on raw text.  Prints one line of key=value pairs:
train_s (reading the training file, vectorising and fitting: what
`tasnif train` does), predict_s (reading, vectorising and predicting the test
file), rss_mb (the process's peak resident set, from getrusage), macro_f1
(f1_score average='macro' on the test file) and features (vocabulary size)."""
from benchlib import read
import resource, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC




t0 = time.perf_counter()
ytr, xtr = read(sys.argv[1])
vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
X = vec.fit_transform(xtr)
del xtr
clf = LinearSVC(C=1.0).fit(X, ytr)
t1 = time.perf_counter()
yte, xte = read(sys.argv[2])
pred = clf.predict(vec.transform(xte))
t2 = time.perf_counter()
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
print("train_s=%.3f predict_s=%.3f rss_mb=%.1f macro_f1=%.4f features=%d" %
      (t1 - t0, t2 - t1, rss_mb, f1_score(yte, pred, average="macro"), X.shape[1]))
