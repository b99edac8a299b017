#!/bin/sh
# f32 and int8 weights (tasnif quantize, train --weights): f32 gives every
# prediction f64 gives (labels, label sets) on the demo test splits and on
# each shared test split present (arabic-conflict single labels and label
# sets, ag-news-small; arabic-news in e2e_arabic_news.sh), int8 agrees on
# at least 95% of the demo's documents; re-encoding f32 changes no byte;
# train --weights writes what quantize writes; the file versions (2 for
# f64, 3 otherwise); info names the encoding; misuse is refused.
. "$(dirname "$0")/../setup"
demo="$TOP/datasets/demo"
cd "$T"

# labels OUT MODEL TEST [options]: the label (or set) of each line of TEST
labels() {
    out=$1 model=$2 test=$3
    shift 3
    "$TASNIF" predict -m "$model" --lines --format tsv "$@" "$test" | cut -f2 >"$out"
}
# agree A B: how many lines of A and B are equal, and of how many
agree() { paste "$1" "$2" | awk -F '\t' '{ n++; s += $1 == $2 } END { print s + 0, n + 0 }'; }
# same_labels WHAT MODEL TEST [train options]: f32 quantized equals f64
same_labels() {
    what=$1 model=$2 test=$3
    "$TASNIF" quantize -q -m "$model" -o q32.tsnf --weights f32 || { bad "$what: quantize f32 exited $?"; return; }
    labels f64.out "$model" "$test"
    labels f32.out q32.tsnf "$test"
    set -- $(agree f64.out f32.out)
    [ "$1" = "$2" ] && [ "$2" -gt 0 ] && ok || bad "$what: f32 changed $(($2 - $1)) of $2 predictions"
}

"$TASNIF" train -q -o m64.tsnf "$demo/train.tsv"
"$TASNIF" train -q --multi-label -o ml64.tsnf "$demo/train.multi.tsv"
same_labels "demo" m64.tsnf "$demo/test.tsv"
same_labels "demo label sets" ml64.tsnf "$demo/test.multi.tsv"

# int8: agreement with f64 of at least 95% (the demo: 80 of 80)
"$TASNIF" quantize -q -m m64.tsnf -o m8.tsnf --weights int8
labels f64.out m64.tsnf "$demo/test.tsv"
labels i8.out m8.tsnf "$demo/test.tsv"
set -- $(agree f64.out i8.out)
[ "$2" -gt 0 ] && [ $(($1 * 100)) -ge $(($2 * 95)) ] && ok || bad "int8 agrees on $1 of $2 demo documents (< 95%)"

# sizes: f32 and int8 are smaller, in that order
s64=$(wc -c <m64.tsnf) s32=$(wc -c <q32.tsnf) s8=$(wc -c <m8.tsnf)
"$TASNIF" quantize -q -m m64.tsnf -o m32.tsnf --weights f32
s32=$(wc -c <m32.tsnf)
[ "$s8" -lt "$s32" ] && [ "$s32" -lt "$s64" ] && ok || bad "sizes f64 $s64, f32 $s32, int8 $s8 not decreasing"

# the format version: 2 for f64 (older tasnif reads it), 3 for f32 and int8
version() { od -An -t u4 -j 8 -N 4 "$1" | tr -d ' '; }
[ "$(version m64.tsnf)" = 2 ] && [ "$(version m32.tsnf)" = 3 ] && [ "$(version m8.tsnf)" = 3 ] && ok ||
    bad "versions $(version m64.tsnf) $(version m32.tsnf) $(version m8.tsnf), expected 2 3 3"

# re-encoding is exact where it can be: f32 -> f32, and f32 -> f64 -> f32
"$TASNIF" quantize -q -m m32.tsnf -o again.tsnf --weights f32
cmp -s m32.tsnf again.tsnf && ok || bad "f32 quantized again changed bytes"
"$TASNIF" quantize -q -m m32.tsnf -o wide.tsnf --weights f64
"$TASNIF" quantize -q -m wide.tsnf -o again.tsnf --weights f32
cmp -s m32.tsnf again.tsnf && ok || bad "f32 -> f64 -> f32 changed bytes"
[ "$(version wide.tsnf)" = 2 ] && ok || bad "f64 written back is not version 2"

# train --weights writes the weights quantize writes (the summary's time aside)
"$TASNIF" train -q --reproducible --weights int8 -o t8.tsnf "$demo/train.tsv"
"$TASNIF" train -q --reproducible -o t64.tsnf "$demo/train.tsv"
"$TASNIF" quantize -q -m t64.tsnf -o q8.tsnf --weights int8
cmp -s t8.tsnf q8.tsnf && ok || bad "train --weights int8 differs from quantize --weights int8"

# info names the encoding, in text and JSON
"$TASNIF" info m8.tsnf | grep -q '^weights     int8 ' && ok || bad "info does not say int8"
"$TASNIF" info --format json m32.tsnf | grep -q '"weights":"f32"' && ok || bad "info --format json lacks weights f32"

# misuse: a kernel model, an unknown encoding, an output that is the input
"$TASNIF" train -q -t rbf -o k.tsnf "$demo/train.tsv"
set +e
"$TASNIF" quantize -m k.tsnf -o k8.tsnf --weights int8 2>err
rc=$?
set -e
[ "$rc" = 1 ] && grep -q 'kernel model' err && [ ! -e k8.tsnf ] && ok || bad "a kernel model: exit $rc, $(cat err)"
set +e
"$TASNIF" quantize -m m64.tsnf -o x.tsnf --weights f16 2>err; rc1=$?
"$TASNIF" quantize -m m64.tsnf -o m64.tsnf 2>err; rc2=$?
"$TASNIF" train -q -t rbf --weights f32 -o x.tsnf "$demo/train.tsv" 2>err; rc3=$?
set -e
[ "$rc1" = 2 ] && [ "$rc2" = 2 ] && [ "$rc3" = 2 ] && [ ! -e x.tsnf ] && ok ||
    bad "misuse: exits $rc1 $rc2 $rc3, expected 2 2 2"

# the shared test splits: f32 changes no prediction
data="$SHARED/datasets"
for c in arabic-conflict ag-news-small; do
    if [ -f "$data/$c/train.tsv" ] && [ -f "$data/$c/test.tsv" ]; then
        "$TASNIF" train -q -o s.tsnf "$data/$c/train.tsv"
        same_labels "$c" s.tsnf "$data/$c/test.tsv"
    else
        echo "skip: $data/$c not found"
        skipped=$((skipped + 1))
    fi
done
if [ -f "$data/arabic-conflict/train.multi.tsv" ] && [ -f "$data/arabic-conflict/test.multi.tsv" ]; then
    "$TASNIF" train -q --multi-label -o s.tsnf "$data/arabic-conflict/train.multi.tsv"
    same_labels "arabic-conflict label sets" s.tsnf "$data/arabic-conflict/test.multi.tsv"
else
    echo "skip: $data/arabic-conflict label sets not found"
    skipped=$((skipped + 1))
fi
finish
