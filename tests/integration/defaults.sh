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
finish
