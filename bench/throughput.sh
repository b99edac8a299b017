#!/usr/bin/env bash
# Feature extraction throughput of two tasnif binaries, interleaved, the way
# bench/run.sh measures it: `tasnif predict -m MODEL --lines -j J CORPUS`
# over the corpus text (model load and scoring included), MB/s = bytes /
# 2^20 / elapsed seconds.  Each repetition runs BEFORE then AFTER for -j 1
# and -j 2, so both see the same load on a shared machine.
#
#   bench/throughput.sh BEFORE AFTER MODEL CORPUS [REPS]
#
# Prints one line per run (binary, threads, elapsed s, user s, MB/s by
# elapsed and by user+system CPU time) and then the medians and ratios.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,11p' "$0"; exit 2; }
before=$1 after=$2 model=$3 corpus=$4 reps=${5:-5}
bytes=$(stat -c %s "$corpus")
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.t"' EXIT
for r in $(seq "$reps"); do
    for j in 1 2; do
        for which in before after; do
            bin=$before
            [ $which = after ] && bin=$after
            /usr/bin/time -f '%e %U %S' -o "$tmp.t" "$bin" predict -m "$model" --lines -j "$j" "$corpus" >/dev/null
            read -r e u s <"$tmp.t"
            awk -v w="$which" -v j="$j" -v r="$r" -v e="$e" -v u="$u" -v s="$s" -v b="$bytes" \
                'BEGIN { printf "%s\t%d\t%d\t%.2f\t%.2f\t%.1f\t%.1f\n", w, j, r, e, u, b / 1048576 / e, b / 1048576 / (u + s) }' |
                tee -a "$tmp"
        done
    done
done
echo
printf 'threads\tbefore MB/s\tafter MB/s\tratio\tbefore MB/s (CPU)\tafter MB/s (CPU)\tratio (CPU)\n'
for j in 1 2; do
    med() { awk -F'\t' -v w="$1" -v j="$j" -v c="$2" '$1 == w && $2 == j { print $c }' "$tmp" | sort -g |
        awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
    b=$(med before 6) a=$(med after 6) bc=$(med before 7) ac=$(med after 7)
    awk -v j="$j" -v b="$b" -v a="$a" -v bc="$bc" -v ac="$ac" \
        'BEGIN { printf "%d\t%.1f\t%.1f\t%.2f\t%.1f\t%.1f\t%.2f\n", j, b, a, a / b, bc, ac, ac / bc }'
done
