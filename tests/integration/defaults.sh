#!/bin/sh
# The default n-gram orders follow the training text's size: word 1-2-grams
# and character 3-5-grams up to 32 MB of regular files, word unigrams alone
# above, and whatever --word-ngrams or --char-ngrams asks for at any size.
. "$(dirname "$0")/../setup"
flags() { "$TASNIF" info "$1" | sed -n 's/^flags *//p'; }

# 37 MB of two labels' words (a small vocabulary: cheap to train on)
awk 'BEGIN { srand(1); for (i = 0; i < 120000; i++) { l = i % 2; s = l ? "b" : "a";
    for (j = 0; j < 80; j++) s = s (j ? " " : "\t") (l ? "w" : "v") int(rand() * 50);
    print s } }' >"$T/big.tsv"
size=$(wc -c <"$T/big.tsv")
[ "$size" -gt $((32 << 20)) ] && ok || bad "the generated corpus has $size bytes, not above 32 MB"
head -n 2000 "$T/big.tsv" >"$T/small.tsv"

"$TASNIF" train -q -o "$T/small.tsnf" "$T/small.tsv"
f=$(flags "$T/small.tsnf")
[ "$f" = "(the defaults)" ] && ok || bad "small corpus: flags '$f', not the defaults"
"$TASNIF" info "$T/small.tsnf" | grep -qx 'char_max=5' && ok || bad "small corpus: no character 5-grams stored"

"$TASNIF" train -q -o "$T/big.tsnf" "$T/big.tsv"
f=$(flags "$T/big.tsnf")
[ "$f" = "--word-ngrams 1 --char-ngrams 0" ] && ok || bad "large corpus: flags '$f', not word unigrams alone"

# two files, each under the limit, over it together
split -n l/2 "$T/big.tsv" "$T/part."
"$TASNIF" train -q -o "$T/parts.tsnf" "$T/part.aa" "$T/part.ab"
f=$(flags "$T/parts.tsnf")
[ "$f" = "--word-ngrams 1 --char-ngrams 0" ] && ok || bad "two files over the limit together: flags '$f'"

# orders that are set are kept: word 1-2-grams, the default, with --char-ngrams 0
"$TASNIF" train -q --char-ngrams 0 -o "$T/set.tsnf" "$T/big.tsv"
f=$(flags "$T/set.tsnf")
[ "$f" = "--char-ngrams 0" ] && ok || bad "large corpus, --char-ngrams 0: flags '$f', not word 1-2-grams"
# standard input and pipes have no size beforehand: they count as small and
# train with character n-grams, so the early memory refusal (cheap: it comes
# after the first megabyte) names --char-ngrams 0; the regular file does not
refusal() { # $1: what; the rest: the command
    what=$1
    shift
    if "$@" >"$T/out" 2>"$T/err"; then
        bad "$what: trained under --max-memory"
        return
    fi
    [ ! -e "$T/no.tsnf" ] && ok || bad "$what: a model was written"
    grep -q 'training is projected to need' "$T/err" && ok || bad "$what: no memory refusal: $(cat "$T/err")"
}
refusal "standard input" sh -c '"$1" train --max-memory 100 -o "$2/no.tsnf" - <"$2/big.tsv"' sh "$TASNIF" "$T"
grep -q -- '--char-ngrams 0' "$T/err" && ok || bad "standard input: not trained as small: $(cat "$T/err")"
mkfifo "$T/fifo"
cat "$T/big.tsv" >"$T/fifo" 2>/dev/null &
refusal "a FIFO" "$TASNIF" train --max-memory 100 -o "$T/no.tsnf" "$T/fifo"
wait || true # the writer may have been cut off by the refusal
grep -q -- '--char-ngrams 0' "$T/err" && ok || bad "a FIFO: not trained as small: $(cat "$T/err")"
refusal "the regular file" "$TASNIF" train --max-memory 30 -o "$T/no.tsnf" "$T/big.tsv"
! grep -q -- '--char-ngrams' "$T/err" && ok || bad "the regular file: trained with character n-grams: $(cat "$T/err")"

# a device of no bytes is an empty corpus, named
rc=0
"$TASNIF" train -q -o "$T/no.tsnf" /dev/null 2>"$T/err" || rc=$?
[ "$rc" = 1 ] && grep -q '/dev/null: no documents' "$T/err" && [ ! -e "$T/no.tsnf" ] && ok ||
    bad "/dev/null: exit $rc, $(cat "$T/err")"
finish
