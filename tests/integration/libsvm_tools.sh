#!/bin/sh
# `tasnif features` writes vectors that libsvm's own svm-train and
# svm-predict read unchanged, and libsvm trained on them predicts what
# tasnif predicts.
. "$(dirname "$0")/../setup"
if ! command -v svm-train >/dev/null 2>&1; then
    echo "skip: svm-train not installed (Debian package libsvm-tools)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
demo="$TOP/datasets/demo"
"$TASNIF" train -q --solver libsvm --class-weight none -o "$T/m.tsnf" "$demo/train.tsv" || bad "train"
"$TASNIF" features -m "$T/m.tsnf" "$demo/train.tsv" >"$T/train.svm" && ok || bad "features train"
"$TASNIF" features -m "$T/m.tsnf" "$demo/test.tsv" >"$T/test.svm" && ok || bad "features test"
# indices ascend in every line, as libsvm requires
awk '{ prev = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); if (a[1] + 0 <= prev) { print NR; exit 1 } prev = a[1] + 0 } }' \
    "$T/train.svm" && ok || bad "indices not ascending"
svm-train -q -t 0 -c 1 "$T/train.svm" "$T/libsvm.model" && ok || bad "svm-train rejected the vectors"
svm-predict "$T/test.svm" "$T/libsvm.model" "$T/libsvm.out" >"$T/svm-predict.txt" && ok || bad "svm-predict rejected the vectors"
cat "$T/svm-predict.txt"
# tasnif's own predictions, as label numbers
"$TASNIF" info "$T/m.tsnf" | awk '/^  +[0-9]+  / {print $2, $1}' >"$T/labels"
"$TASNIF" predict -m "$T/m.tsnf" --lines "$demo/test.tsv" |
    awk 'NR == FNR { num[$1] = $2; next } { print num[$1] }' "$T/labels" - >"$T/tasnif.out"
n=$(wc -l <"$T/tasnif.out")
same=$(paste "$T/tasnif.out" "$T/libsvm.out" | awk '$1 == $2 + 0' | wc -l)
echo "tasnif and libsvm agree on $same of $n test documents"
[ "$n" -gt 0 ] && [ "$same" -eq "$n" ] && ok || bad "predictions differ from libsvm's on $((n - same)) documents"

# The default solver against liblinear's own tools: the same one-vs-rest
# hinge-loss problem (liblinear-train -s 3, bias 1), solved to a tight
# tolerance (the optimum is unique), predicts the same labels.
if command -v liblinear-train >/dev/null 2>&1; then
    "$TASNIF" train -q --class-weight none -e 0.0001 -o "$T/l.tsnf" "$demo/train.tsv" || bad "train (liblinear)"
    "$TASNIF" features -m "$T/l.tsnf" "$demo/train.tsv" >"$T/ltrain.svm" && ok || bad "features train"
    "$TASNIF" features -m "$T/l.tsnf" "$demo/test.tsv" >"$T/ltest.svm" && ok || bad "features test"
    liblinear-train -q -s 3 -B 1 -e 0.0001 "$T/ltrain.svm" "$T/liblinear.model" >/dev/null && ok || bad "liblinear-train"
    liblinear-predict "$T/ltest.svm" "$T/liblinear.model" "$T/liblinear.out" >/dev/null && ok || bad "liblinear-predict"
    "$TASNIF" info "$T/l.tsnf" | awk '/^  +[0-9]+  / {print $2, $1}' >"$T/llabels"
    "$TASNIF" predict -m "$T/l.tsnf" --lines "$demo/test.tsv" |
        awk 'NR == FNR { num[$1] = $2; next } { print num[$1] }' "$T/llabels" - >"$T/ltasnif.out"
    n=$(wc -l <"$T/ltasnif.out")
    same=$(paste "$T/ltasnif.out" "$T/liblinear.out" | awk '$1 == $2 + 0' | wc -l)
    echo "tasnif and liblinear agree on $same of $n test documents"
    [ "$n" -gt 0 ] && [ "$same" -eq "$n" ] && ok || bad "predictions differ from liblinear's on $((n - same)) documents"
else
    echo "skip: liblinear-train not installed (Debian package liblinear-tools)"
fi
finish
