#!/bin/sh
# Make a multi-label corpus from a single-label one: every line is kept
# with its one label, and a seeded fraction of extra items joins two items
# of different labels and the same script (Arabic or Latin) into one,
# labelled with both ("a,b<TAB>text a. text b"), as a news item that
# reports two topics at once.
# Usage: datasets/make-multi.sh CORPUS.tsv EXTRA SEED > OUT.multi.tsv
set -eu
if [ $# -ne 3 ]; then
    echo "usage: $0 CORPUS.tsv EXTRA SEED > OUT.multi.tsv" >&2
    exit 2
fi
LC_ALL=C awk -F '\t' -v extra="$2" -v seed="$3" '
    BEGIN { srand(seed) }
    { print; n++; lab[n] = $1; txt[n] = $2; ar[n] = ($2 ~ /[\330-\333]/) }
    END {
        made = 0
        for (tries = 0; made < extra && tries < 100 * extra; tries++) {
            i = 1 + int(rand() * n); j = 1 + int(rand() * n)
            if (lab[i] == lab[j] || ar[i] != ar[j]) continue
            print lab[i] "," lab[j] "\t" txt[i] " " txt[j]
            made++
        }
    }' "$1"
