#!/bin/sh
# End to end on the public arabic-news corpus: train with the defaults,
# evaluate on its test split, and fail when macro-F1 < 0.975.
# Skipped (with a message) when ../shared/datasets/arabic-news is absent.
. "$(dirname "$0")/../setup"
data="$SHARED/datasets/arabic-news"
if [ ! -f "$data/train.tsv" ] || [ ! -f "$data/test.tsv" ]; then
    echo "skip: $data not found (the public corpora sit beside the repository in ../shared)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
start=$(date +%s)
if "$TASNIF" train -q -o "$T/an.tsnf" "$data/train.tsv"; then ok; else bad "train exited $?"; fi
mid=$(date +%s)
"$TASNIF" eval -m "$T/an.tsnf" "$data/test.tsv" >"$T/eval.txt" || bad "eval exited $?"
end=$(date +%s)
cat "$T/eval.txt" | sed -n '3,6p'
f1=$(awk '/^macro-F1/ {print $2}' "$T/eval.txt")
echo "train $((mid - start)) s, eval $((end - mid)) s, macro-F1 $f1"
if [ -n "$f1" ] && awk -v f="$f1" 'BEGIN { exit !(f >= 0.975) }'; then ok; else bad "macro-F1 '$f1' is below 0.975"; fi
docs=$(awk '/^documents/ {print $2}' "$T/eval.txt")
[ "$docs" = 4500 ] && ok || bad "evaluated $docs documents, expected 4500"
finish
