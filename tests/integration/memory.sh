#!/bin/sh
# Streaming: `tasnif predict --lines` keeps its peak RSS flat however many
# documents come through: 1,000,000 generated documents may not take more
# than 10% above what 100,000 take.  Training under --max-memory M never
# peaks above M (plus the program itself): corpora of many labels under
# one-vs-one, one-vs-rest and label sets are refused early, with the
# estimate and nothing written, or trained within M.
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

# the program alone: ICU, OpenBLAS, the demo corpus read and trained
/usr/bin/time -f '%M' -o "$T/rss.base" "$TASNIF" train -q -o "$T/b.tsnf" "$TOP/datasets/demo/train.tsv"
base=$(cat "$T/rss.base")
# labels LABELS: 600 documents of 60 random words spread over LABELS labels
labels() {
    awk -v k="$1" 'BEGIN { srand(3); for (i = 0; i < 600; i++) { s = "l" (i % k) "\t";
        for (j = 0; j < 60; j++) s = s " w" int(rand() * 3000); print s } }' >"$T/many.tsv"
}
for case in "200 --scheme ovo 40" "200 --scheme ovo 400" "60 --scheme ovo 100" "60 --scheme ovo 700" \
    "1000 --scheme ovr 40" "1000 --scheme ovr 300" "200 --multi-label 40" "200 --multi-label 300"; do
    set -- $case
    k=$1 flag=$2
    [ "$flag" = --scheme ] && { flag="--scheme $3"; shift; }
    mm=$3
    labels "$k"
    rm -f "$T/many.tsnf"
    rc=0
    # shellcheck disable=SC2086
    /usr/bin/time -f '%M' -o "$T/rss" "$TASNIF" train -q $flag --max-memory "$mm" -o "$T/many.tsnf" "$T/many.tsv" \
        2>"$T/err" || rc=$?
    peak=$(tail -n 1 "$T/rss")
    echo "$k labels, $flag, --max-memory $mm: exit $rc, peak $peak KB"
    if [ "$rc" = 0 ]; then
        [ -s "$T/many.tsnf" ] && ok || bad "$case: no model"
    else
        [ ! -e "$T/many.tsnf" ] && grep -q 'projected to need about' "$T/err" && ok ||
            bad "$case: exit $rc without the estimate, or a model written: $(cat "$T/err")"
    fi
    awk -v p="$peak" -v m="$mm" -v b="$base" 'BEGIN { exit !(p <= m * 1024 + b) }' && ok ||
        bad "$case: peak $peak KB above --max-memory $mm MB and the program's own $base KB"
done
finish
