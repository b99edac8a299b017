#!/usr/bin/python3
"""Macro-F1 of predicted labels (argv[2], one per line) against the labels
of a label<TAB>text file (argv[1]), computed the same way for every system
(scikit-learn's f1_score, average='macro')."""
import sys
from sklearn.metrics import f1_score

truth = [l.split("\t", 1)[0] for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
pred = [l.strip() for l in open(sys.argv[2], encoding="utf-8").read().split("\n") if l.strip()]
if len(pred) != len(truth):
    print("nan")
else:
    print("%.4f" % f1_score(truth, pred, average="macro"))
