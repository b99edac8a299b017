#!/usr/bin/env bash
# Reading a corpus plain, gzip'd and zstd'd: the same text through
# `tasnif features --tokens` (read, check, normalise, word break) and
# `tasnif train -o -` (the whole training), each input once per
# repetition, interleaved so all three see the same load on a shared
# machine.  Seconds elapsed and CPU (user + system), medians, and each
# compressed input's ratio to the plain one.
#
#   bench/compressed.sh TASNIF CORPUS [REPS] > bench/results/compressed.md
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,9p' "$0"; exit 2; }
tasnif=$1 corpus=$2 reps=${3:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$corpus" "$tmp/plain.tsv"
gzip -6 -c "$corpus" >"$tmp/gzip.tsv"
zstd -q -3 -c "$corpus" >"$tmp/zstd.tsv"
"$tasnif" train -q -o "$tmp/demo.tsnf" "$(dirname "$0")/../datasets/demo/train.tsv"
runs=$tmp/runs
for r in $(seq "$reps"); do
    for what in features train; do
        for kind in plain gzip zstd; do
            if [ $what = features ]; then
                /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$tasnif" features --tokens -m "$tmp/demo.tsnf" "$tmp/$kind.tsv" >/dev/null
            else
                /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$tasnif" train -q -o - "$tmp/$kind.tsv" >/dev/null
            fi
            read -r e u s <"$tmp/t"
            printf '%s\t%s\t%d\t%s\t%s\n' "$what" "$kind" "$r" "$e" "$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" >>"$runs"
        done
    done
done
med() { # med WHAT KIND COLUMN
    awk -F'\t' -v w="$1" -v k="$2" -v c="$3" '$1 == w && $2 == k { print $c }' "$runs" | sort -g |
        awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
echo "# Compressed corpora: gzip and zstd against plain text"
echo
echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $("$tasnif" --version); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
echo
echo "- corpus: \`$corpus\`, $(stat -c %s "$corpus") bytes; gzip -6: $(stat -c %s "$tmp/gzip.tsv") bytes; zstd -3: $(stat -c %s "$tmp/zstd.tsv") bytes"
echo "- features: \`tasnif features --tokens -m demo.tsnf FILE > /dev/null\` (the demo corpus's model: read, UTF-8 check, normalisation, word break)"
echo "- train: \`tasnif train -q -o - FILE > /dev/null\` (the defaults)"
echo "- $reps repetitions, plain, gzip and zstd one after the other in each; the command: \`bench/compressed.sh ./tasnif $corpus $reps\`"
echo
echo "| command | input | elapsed s (median) | CPU s (median) | elapsed ratio to plain | CPU ratio to plain |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for what in features train; do
    pe=$(med $what plain 4) pc=$(med $what plain 5)
    for kind in plain gzip zstd; do
        e=$(med $what $kind 4) c=$(med $what $kind 5)
        awk -v w="$what" -v k="$kind" -v e="$e" -v c="$c" -v pe="$pe" -v pc="$pc" \
            'BEGIN { printf "| %s | %s | %.2f | %.2f | %.2f | %.2f |\n", w, k, e, c, e / pe, c / pc }'
    done
done
echo
echo "Every run (command, input, repetition, elapsed s, CPU s):"
echo
echo '```'
cat "$runs"
echo '```'
