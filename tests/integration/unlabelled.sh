#!/bin/sh
# train --unlabelled FILE: texts without labels join the documents the
# features are fitted on (document frequencies, min_df, idf, the LSA basis)
# and nothing else: the vocabulary keeps only n-grams of a labelled
# document, its df counts the labelled documents, idf counts every text;
# inside each fold of --cv the same; no texts changes no byte of a model;
# bad files fail with their name and line, and nothing is written.
. "$(dirname "$0")/../setup"
demo="$TOP/datasets/demo"
W="--word-ngrams 1 --char-ngrams 0 --lead-words 0"

printf 'fruit\talpha apple pear\nfruit\tapple banana pear\nfruit\tpear plum apple\nveh\tcar bus road\nveh\tcar truck road\nveh\tbus road lorry\n' >"$T/l.tsv"
printf 'alpha zebra\nalpha car\nalpha pear\nlorry van\n' >"$T/u.txt"

# the vocabulary and its df and idf, word by word: "word df idf"
vocab() {
    "$TASNIF" info --vocab 100 "$1" | awk -F '\t' 'NF == 5 && $2 == "word" { print $3, $4, $5 }' | sort
}

# df over the 6 labelled documents, idf ln((1 + 10) / (1 + df over all 10)) + 1
"$TASNIF" train -q $W --min-df 1 --unlabelled "$T/u.txt" -o "$T/u.tsnf" "$T/l.tsv" || bad "train --unlabelled"
vocab "$T/u.tsnf" >"$T/got"
awk 'BEGIN {
    split("alpha 1 4|apple 3 3|pear 3 4|banana 1 1|plum 1 1|car 2 3|bus 2 2|road 3 3|truck 1 1|lorry 1 2", w, "|")
    for (i in w) { split(w[i], f, " "); printf "%s %s %.6f\n", f[1], f[2], log(11 / (1 + f[3])) + 1 }
}' | sort >"$T/want"
cmp -s "$T/got" "$T/want" && ok || { bad "vocabulary, df or idf with unlabelled texts:"; diff "$T/want" "$T/got" || true; }
grep -q -e zebra -e van "$T/got" && bad "an n-gram of the unlabelled texts alone is in the vocabulary" || ok
"$TASNIF" info "$T/u.tsnf" | grep -q '^unlabelled_documents=4$' && ok || bad "info: unlabelled_documents=4 missing"
"$TASNIF" predict -m "$T/u.tsnf" --lines "$T/u.txt" >"$T/p.txt" && [ "$(wc -l <"$T/p.txt")" -eq 4 ] && ok ||
    bad "the model does not predict"

# --min-df counts the unlabelled texts: alpha (once labelled, three times
# unlabelled) is kept at --min-df 2 with them, dropped without
"$TASNIF" train -q $W --min-df 2 --unlabelled "$T/u.txt" -o "$T/m2u.tsnf" "$T/l.tsv"
"$TASNIF" train -q $W --min-df 2 -o "$T/m2.tsnf" "$T/l.tsv"
vocab "$T/m2u.tsnf" | grep -q '^alpha ' && ok || bad "--min-df 2: alpha dropped despite the unlabelled texts"
vocab "$T/m2.tsnf" | grep -q '^alpha ' && bad "--min-df 2 without unlabelled texts kept alpha" || ok

# no unlabelled texts: the same bytes as without the option (the
# defaults, LSA, cross-validated training with --grid)
: >"$T/empty.txt"
for flags in "" "--lsa 3" "--grid"; do
    "$TASNIF" train -q --reproducible $flags -o "$T/a.tsnf" "$demo/train.tsv" >/dev/null
    "$TASNIF" train -q --reproducible $flags --unlabelled "$T/empty.txt" -o "$T/b.tsnf" "$demo/train.tsv" >/dev/null
    cmp -s "$T/a.tsnf" "$T/b.tsnf" && ok || bad "an empty --unlabelled file changed the model ($flags)"
done

# LSA fitted on the unlabelled texts too: another basis, a model that
# loads and predicts as many lines as given; two runs, the same bytes
cut -f 2 "$demo/test.tsv" >"$T/demo-u.txt"
"$TASNIF" train -q --reproducible --lsa 3 -o "$T/l0.tsnf" "$demo/train.tsv"
"$TASNIF" train -q --reproducible --lsa 3 --unlabelled "$T/demo-u.txt" -o "$T/l1.tsnf" "$demo/train.tsv"
"$TASNIF" train -q --reproducible --lsa 3 --unlabelled "$T/demo-u.txt" -o "$T/l2.tsnf" "$demo/train.tsv"
cmp -s "$T/l0.tsnf" "$T/l1.tsnf" && bad "the unlabelled texts left the LSA model unchanged" || ok
cmp -s "$T/l1.tsnf" "$T/l2.tsnf" && ok || bad "--lsa with --unlabelled is not reproducible"
n=$(wc -l <"$demo/test.tsv")
"$TASNIF" predict -m "$T/l1.tsnf" --lines "$demo/test.tsv" >"$T/p.txt" && [ "$(wc -l <"$T/p.txt")" -eq "$n" ] && ok ||
    bad "the LSA model with unlabelled texts does not predict"

# --cv: every fold fitted on its training documents and the unlabelled
# texts: the figures differ from those without, and are the same twice
for lsa in "" "--lsa 3"; do
    "$TASNIF" train --cv 3 $lsa "$demo/train.tsv" >"$T/cv0" 2>&1
    "$TASNIF" train --cv 3 $lsa --unlabelled "$T/demo-u.txt" "$demo/train.tsv" >"$T/cv1" 2>&1 || bad "--cv --unlabelled $lsa"
    "$TASNIF" train --cv 3 $lsa --unlabelled "$T/demo-u.txt" "$demo/train.tsv" >"$T/cv2" 2>&1
    [ "$(grep -c '^fold [0-9]*: ' "$T/cv1")" -eq 3 ] && ok || bad "--cv --unlabelled $lsa: not 3 folds"
    cmp -s "$T/cv1" "$T/cv2" && ok || bad "--cv --unlabelled $lsa: not reproducible"
    grep '^fold' "$T/cv0" >"$T/f0"
    grep '^fold' "$T/cv1" >"$T/f1"
    cmp -s "$T/f0" "$T/f1" && bad "--cv $lsa: the unlabelled texts changed no fold" || ok
done

# label sets: trained and predicted with unlabelled texts too
"$TASNIF" train -q --multi-label --unlabelled "$T/demo-u.txt" -o "$T/ml.tsnf" "$demo/train.multi.tsv" &&
    "$TASNIF" predict -m "$T/ml.tsnf" --lines "$demo/test.multi.tsv" >/dev/null && ok || bad "--multi-label --unlabelled"

# bad files: the name (and line) in the message, status 1, no model
printf 'alpha\n\377bad\n' >"$T/badutf.txt"
rm -f "$T/x.tsnf"
st=0; "$TASNIF" train -q --unlabelled "$T/badutf.txt" -o "$T/x.tsnf" "$T/l.tsv" 2>"$T/err" || st=$?
[ "$st" -eq 1 ] && grep -q "badutf.txt:2" "$T/err" && [ ! -e "$T/x.tsnf" ] && ok ||
    bad "invalid UTF-8 in an unlabelled file: status $st, $(cat "$T/err")"
st=0; "$TASNIF" train -q --unlabelled "$T/none.txt" -o "$T/x.tsnf" "$T/l.tsv" 2>"$T/err" || st=$?
[ "$st" -eq 1 ] && grep -q "none.txt" "$T/err" && [ ! -e "$T/x.tsnf" ] && ok || bad "a missing unlabelled file: status $st"
st=0; "$TASNIF" train -q --unlabelled - -o "$T/x.tsnf" "$T/l.tsv" 2>"$T/err" </dev/null || st=$?
[ "$st" -eq 2 ] && ok || bad "--unlabelled -: status $st"
cp "$T/u.txt" "$T/u.keep"
st=0; "$TASNIF" train -q --unlabelled "$T/u.txt" -o "$T/u.txt" "$T/l.tsv" 2>"$T/err" || st=$?
[ "$st" -ne 0 ] && cmp -s "$T/u.txt" "$T/u.keep" && ok || bad "a model written over its unlabelled texts: status $st"
finish
