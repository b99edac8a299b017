#!/bin/sh
# Streaming: `tasnif predict --lines` keeps its peak RSS flat however many
# documents come through: 1,000,000 generated documents may not take more
# than 10% above what 100,000 take.
. "$(dirname "$0")/../setup"
if [ -n "${ASAN_OPTIONS:-}" ]; then
    echo "skip: peak RSS means nothing under AddressSanitizer (make test measures it)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
"$TASNIF" train -q -o "$T/m.tsnf" "$TOP/datasets/demo/train.tsv"
gen() { # gen N: N documents built from the demo test texts
    awk -F '\t' -v n="$1" 'NR == FNR { t[++k] = $2; next } END { for (i = 1; i <= n; i++) print t[1 + i % k] " " i }' \
        "$TOP/datasets/demo/test.tsv" /dev/null
}
for n in 100000 1000000; do
    gen $n | /usr/bin/time -f '%M' -o "$T/rss.$n" "$TASNIF" predict -m "$T/m.tsnf" --lines -j 2 - | wc -l >"$T/lines.$n"
done
a=$(cat "$T/rss.100000") b=$(cat "$T/rss.1000000")
echo "peak RSS: 100,000 documents $a KB, 1,000,000 documents $b KB"
[ "$(cat "$T/lines.1000000")" -eq 1000000 ] && ok || bad "not one line out per document"
awk -v a="$a" -v b="$b" 'BEGIN { exit !(b <= a * 1.10) }' && ok || bad "RSS grew more than 10%"
finish
