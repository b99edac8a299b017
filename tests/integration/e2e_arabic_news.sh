#!/bin/sh
# End to end on the public arabic-news corpus: train with the defaults,
# evaluate on its test split, and fail when macro-F1 < 0.975; the model's
# weights as f32 (tasnif quantize) change none of its test predictions.
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
"$TASNIF" quantize -q -m "$T/an.tsnf" -o "$T/an32.tsnf" --weights f32
"$TASNIF" predict -m "$T/an.tsnf" --lines --format tsv "$data/test.tsv" | cut -f2 >"$T/f64.out"
"$TASNIF" predict -m "$T/an32.tsnf" --lines --format tsv "$data/test.tsv" | cut -f2 >"$T/f32.out"
changed=$(paste "$T/f64.out" "$T/f32.out" | awk -F '\t' '$1 != $2 { n++ } END { print n + 0 }')
[ "$changed" = 0 ] && [ -s "$T/f64.out" ] && ok || bad "f32 weights changed $changed of the test predictions"
finish
