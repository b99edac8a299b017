#!/bin/sh
# Split a label<TAB>text corpus into train and test files, stratified by
# label, with a seeded shuffle so the split is reproducible.
# Usage: datasets/split.sh CORPUS.tsv TEST_FRACTION SEED TRAIN_OUT TEST_OUT
set -eu
if [ $# -ne 5 ]; then
    echo "usage: $0 CORPUS.tsv TEST_FRACTION SEED TRAIN_OUT TEST_OUT" >&2
    exit 2
fi
awk -F '\t' -v frac="$2" -v seed="$3" -v train="$4" -v test="$5" '
    BEGIN { srand(seed) }
    { n[$1]++; line[$1, n[$1]] = $0; key[$1, n[$1]] = rand() }
    END {
        for (l in n) {
            m = n[l]
            # order this label'"'"'s lines by their random keys (insertion sort)
            for (i = 1; i <= m; i++) idx[i] = i
            for (i = 2; i <= m; i++) {
                j = i; t = idx[i]
                while (j > 1 && key[l, idx[j - 1]] > key[l, t]) { idx[j] = idx[j - 1]; j-- }
                idx[j] = t
            }
            ntest = int(m * frac + 0.5)
            for (i = 1; i <= m; i++) print line[l, idx[i]] > (i <= ntest ? test : train)
        }
    }' "$1"
