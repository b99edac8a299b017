#!/bin/sh
# bench/defaults.sh - reproduce bench/results/defaults.md: which training
# settings should be tasnif's defaults.  `make bench-defaults` runs it.
#
# For every corpus in ../shared/datasets (arabic-conflict, its multi-label
# split, ag-news-small, arabic-news) it measures, by stratified 5-fold
# cross-validation on the TRAINING split (`tasnif train --cv 5`, features
# fitted inside each fold; `--multi-label` for train.multi.tsv):
#   stage 1  one factor at a time around today's defaults: class weights,
#            word n-grams 1 vs 1-2, in-word character n-grams 2-4 / 3-5 with
#            and without words, character n-grams across words 2-5,
#            --clitics, raw vs sublinear tf, --min-df 1 vs 2, -c 0.3 / 1 / 3,
#            hinge vs squared hinge;
#   stage 2  the factors that helped, combined, and scikit-learn's TF-IDF
#            1-2 + LinearSVC (plain and balanced) by 5-fold CV;
#   test     the finalists trained on the whole training split and scored
#            on the test split, next to the same scikit-learn peers.
# The settings are the lists at the top of bench/defaults.py.
#
# Each figure is appended to bench/results/defaults.raw.tsv as soon as it is
# measured and is not measured again on a later run (the run resumes where
# it stopped); delete that file for a fresh run.  DEFAULTS_CORPORA=a,b
# limits the corpora, DEFAULTS_STAGES=1 or 2 stops early.  Needs
# /usr/bin/python3 with scikit-learn.  About 40 minutes on a shared 2-core
# machine, most of it character n-grams on arabic-news.
#
# usage: bench/defaults.sh [TASNIF [DATASETS]]
set -eu
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/defaults.py "${1:-./tasnif}" "${2:-../shared/datasets}"
