#!/bin/sh
# make bench-serve: tasnif serve under wrk against tasnif predict --lines on
# the same articles, in one run (bench/serve.py; results in
# bench/results/serve.md).  The articles are ../shared/datasets/
# arabic-conflict's test split, the model trained on its training split;
# without the shared corpora, the demo corpus (datasets/demo), said so.
#   bench/serve.sh [REPS] [SECONDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null 2>&1 || sh "$top/scripts/install-deps.sh" --peers
command -v wrk >/dev/null 2>&1 || { echo "bench-serve: wrk missing (Debian package wrk)"; exit 1; }
d="$top/../shared/datasets/arabic-conflict"
if [ -f "$d/train.tsv" ] && [ -f "$d/test.tsv" ]; then
    train=$d/train.tsv test=$d/test.tsv
else
    echo "bench-serve: $d missing; measuring on the demo corpus instead"
    train=$top/datasets/demo/train.tsv test=$top/datasets/demo/test.tsv
fi
cd "$top"
exec /usr/bin/python3 bench/serve.py ./tasnif "$train" "$test" bench/results/serve.md "${1:-3}" "${2:-10}"
