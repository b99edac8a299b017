#!/usr/bin/python3
"""scikit-learn peer for bench/run.sh: TfidfVectorizer(1-2 grams, sublinear,
min_df 2) + LinearSVC(C=1), raw text in.  Prints train and predict seconds
(vectorising included) and writes the predicted labels, one per line."""
from benchlib import read
import sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC




ytr, xtr = read(sys.argv[1])
yte, xte = read(sys.argv[2])
t0 = time.perf_counter()
vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
clf = LinearSVC(C=1.0).fit(vec.fit_transform(xtr), ytr)
t1 = time.perf_counter()
pred = clf.predict(vec.transform(xte))
t2 = time.perf_counter()
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write("\n".join(pred) + "\n")
print("%.3f %.3f" % (t1 - t0, t2 - t1))
