### features writes libsvm lines: a label number, then ascending index:value pairs
$ $TASNIF features -m $DEMO $TOP/datasets/demo/test.tsv | awk '{ for (i = 2; i <= NF; i++) { split($i, a, ":"); if (a[1] + 0 <= p) bad++; p = a[1] + 0 } p = 0 } $1 !~ /^[1-4]$/ { bad++ } END { print (NR > 0), bad + 0 }'
> 1 0

### vectors are L2-normalised
$ $TASNIF features -m $DEMO $TOP/datasets/demo/test.tsv | head -n 5 | awk '{ s = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); s += a[2] * a[2] } printf "%.6f\n", s }'
> 1.000000
> 1.000000
> 1.000000
> 1.000000
> 1.000000

### --tokens shows the normalised tokens
$ printf 'x\tأَعلنت الهدنـــة في حلب، Today!\n' | $TASNIF features -m $DEMO --tokens -
> اعلنت الهدنه في حلب today

### --clitics is stored in the model and applied when predicting
$ printf 'a\tوالسلام عليكم\nb\tالحرب\na\tسلام\nb\tحرب\n' > c.tsv && $TASNIF train -q --clitics --min-df 1 -o m.tsnf c.tsv && $TASNIF info m.tsnf | grep -E '^(clitics|across_max)=' && echo 'بالسلام' | $TASNIF predict -m m.tsnf --lines
> across_max=0
> clitics=1
> a

### --char-ngrams-across alone cross-validates
$ printf 'a\tone two three\nb\tfour five six\na\tone two seven\nb\tfour five eight\na\tone two\nb\tfour five\n' > c.tsv && $TASNIF train -q --word-ngrams 0 --char-ngrams-across 2-4 --cv 2 c.tsv | sed -n 3p
> mean: accuracy 1.0000 macro-F1 1.0000 over 2 folds (features fitted inside each fold)

### tasnif info shows the flags that give a model's features, and they give the same features again
$ printf 'a\tone two three\nb\tfour five six\na\tone two seven\nb\tfour five eight\n' > c.tsv && $TASNIF train -q --word-ngrams 1 --char-ngrams 2-3 --no-fold-alef --tf-raw --min-df 1 --max-features 50 --features sparse --lsa 1 -o m1.tsnf c.tsv && $TASNIF info m1.tsnf | sed -n 's/^flags *//p' > f && cat f && $TASNIF train -q $(cat f) -o m2.tsnf c.tsv && $TASNIF info m1.tsnf | sed -n '/^\[features\]/,/^$/p' > a && $TASNIF info m2.tsnf | sed -n '/^\[features\]/,/^$/p' > b && cmp a b && echo same
> --word-ngrams 1 --char-ngrams 2-3 --no-fold-alef --tf-raw --min-df 1 --max-features 50 --lsa 1 --features sparse
> same

### a model with the feature defaults says so
$ $TASNIF info $DEMO | grep '^flags'
> flags       (the defaults)

### the flags tasnif info shows train the same model again: solver, kernel, weights, probabilities
$ for f in "-w ceasefire=2 -b 1 --word-ngrams 1" "--scheme ovo --loss squared-hinge -c 0.3 --class-weight none" "--solver libsvm -e 0.01" "-t rbf -g 0.5 -c 3 --seed 7 --min-df 1"; do $TASNIF train -q $f -o m1.tsnf $TOP/datasets/demo/train.tsv && g=$($TASNIF info m1.tsnf | sed -n 's/^flags *//p') && echo "$g" && $TASNIF train -q $g -o m2.tsnf $TOP/datasets/demo/train.tsv && $TASNIF predict -m m1.tsnf --top-k 4 --format json --lines $TOP/datasets/demo/test.tsv > p1 && $TASNIF predict -m m2.tsnf --top-k 4 --format json --lines $TOP/datasets/demo/test.tsv > p2 && cmp p1 p2 || echo differ; done
> --word-ngrams 1 -w ceasefire=2 -b 1
> --scheme ovo --loss squared-hinge -c 0.3 --class-weight none
> --solver libsvm -e 0.01
> --min-df 1 -t rbf -g 0.5 -c 3 --seed 7

### --lead-words: the first N words again, as features of their own (100 by default; 0 = none), stored and applied when predicting
$ printf 'a\tone two\nb\tthree four\na\tone five\nb\tthree six\n' > c.tsv && for a in '' '--lead-words 1' '--lead-words 0'; do $TASNIF train --min-df 1 --word-ngrams 1 --char-ngrams 0 $a -o m.tsnf c.tsv 2>&1 | grep -o '[0-9][0-9]* features'; done && $TASNIF train -q --min-df 1 --lead-words 1 -o m.tsnf c.tsv && $TASNIF info m.tsnf | grep -E '^lead_words=' && echo 'three one' | $TASNIF predict -m m.tsnf --lines
> 12 features
> 8 features
> 6 features
> lead_words=1
> b
