### [slow] --auto chooses by cross-validation and stores its choice in the model
$ $TASNIF train -q --auto -o a.tsnf $TOP/datasets/demo/train.tsv > out.txt && grep -c '^auto: ' out.txt && grep -c '^auto: 3 x 5-fold macro_f1 ' out.txt && $TASNIF info a.tsnf | grep -E '^auto_(metric|folds|repeats|candidates|budget_stopped)='
> 2
> 1
> auto_metric=macro_f1
> auto_folds=5
> auto_repeats=3
> auto_candidates=36
> auto_budget_stopped=0

### [slow] --auto makes the same choice and the same model for 1 and 2 threads
$ $TASNIF train -q --auto -j 1 -o a1.tsnf $TOP/datasets/demo/train.tsv > o1 && $TASNIF train -q --auto -j 2 -o a2.tsnf $TOP/datasets/demo/train.tsv > o2 && cmp o1 o2 && $TASNIF predict -m a1.tsnf --format json --lines $TOP/datasets/demo/test.tsv > p1 && $TASNIF predict -m a2.tsnf --format json --lines $TOP/datasets/demo/test.tsv > p2 && cmp p1 p2 && $TASNIF info a1.tsnf | grep -E '^auto_(choice|flags|cv_score)=' > i1 && $TASNIF info a2.tsnf | grep -E '^auto_(choice|flags|cv_score)=' > i2 && cmp i1 i2 && wc -l < i1
> 3

### [slow] the chosen flags reproduce the chosen model
$ $TASNIF train -q --auto -o a.tsnf $TOP/datasets/demo/train.tsv > /dev/null && flags=$($TASNIF info a.tsnf | sed -n 's/^auto_flags=//p') && $TASNIF train -q $flags -o b.tsnf $TOP/datasets/demo/train.tsv && $TASNIF predict -m a.tsnf --format json --lines $TOP/datasets/demo/test.tsv > pa && $TASNIF predict -m b.tsnf --format json --lines $TOP/datasets/demo/test.tsv > pb && cmp pa pb && echo same
> same

### the budget stops the search before a setting or a repetition that would overrun it
$ $TASNIF train -q --auto --auto-time 0.001 -o a.tsnf $TOP/datasets/demo/train.tsv > /dev/null && $TASNIF info a.tsnf | grep -E '^auto_(repeats|candidates|budget_stopped)='
> auto_repeats=1
> auto_candidates=6
> auto_budget_stopped=1

### --auto-repeats sets the repetitions; one repetition is plain k-fold
$ $TASNIF train -q --auto --auto-repeats 1 --cv 3 --auto-time 0.001 -o a.tsnf $TOP/datasets/demo/train.tsv | sed -n 2p | cut -d' ' -f2-3 && $TASNIF info a.tsnf | grep -E '^auto_(folds|repeats)='
> 3-fold macro_f1
> auto_folds=3
> auto_repeats=1

### --auto-repeats is checked and goes with --auto
$ $TASNIF train -q --auto --auto-repeats 0 -o a.tsnf $TOP/datasets/demo/train.tsv; echo "exit $?"; $TASNIF train -q --auto-repeats 2 -o a.tsnf $TOP/datasets/demo/train.tsv
> exit 2
~ --auto-time, --auto-repeats and --auto-metric go with --auto
? 2

### --auto for label sets optimises micro-F1 by default
$ $TASNIF train -q --multi-label --auto --auto-time 0.001 -o a.tsnf $TOP/datasets/demo/train.multi.tsv > /dev/null && $TASNIF info a.tsnf | grep -E '^(auto_metric|multi_label)='
> multi_label=1
> auto_metric=micro_f1

### --auto --report writes the chosen setting's cross-validation report
$ $TASNIF train -q --auto --auto-time 0.001 --report r.json -o a.tsnf $TOP/datasets/demo/train.tsv > /dev/null && /usr/bin/python3 -c 'import json,sys; r=json.load(open("r.json")); print(r["documents"], r["model"])'
> 368 (out-of-fold models)

### --auto's own flags are checked
$ $TASNIF train -q --auto --auto-metric f2 -o a.tsnf $TOP/datasets/demo/train.tsv
~ --auto-metric takes macro_f1, micro_f1 or accuracy, not 'f2'
? 2

### --auto-time needs --auto; --auto does not go with --grid
$ $TASNIF train -q --auto-time 5 -o a.tsnf $TOP/datasets/demo/train.tsv; echo "exit $?"; $TASNIF train -q --auto --grid -o a.tsnf $TOP/datasets/demo/train.tsv
> exit 2
~ --auto searches liblinear's linear models: it does not go with --grid or kernels
? 2

### --auto tries the defaults first: word unigrams, balanced class weights
$ $TASNIF train -q --auto --auto-time 0.001 -o a.tsnf $TOP/datasets/demo/train.tsv > /dev/null && $TASNIF info a.tsnf | grep -E '^auto_flags='
> auto_flags=-c 1 --class-weight balanced

### --auto-repeats refuses NaN, huge, fractional and empty values before any work, and writes no model
$ for v in nan 1e9 101 3.5 99999999999999999999 ''; do $TASNIF train -q --auto --auto-repeats "$v" -o a.tsnf $TOP/datasets/demo/train.tsv 2>&1 | sed -n 1p; done; test ! -e a.tsnf && echo "no model"
> tasnif train: --auto-repeats must be a whole number from 1 to 100, not 'nan'
> tasnif train: --auto-repeats must be a whole number from 1 to 100, not '1e9'
> tasnif train: --auto-repeats must be a whole number from 1 to 100, not '101'
> tasnif train: --auto-repeats must be a whole number from 1 to 100, not '3.5'
> tasnif train: --auto-repeats must be a whole number from 1 to 100, not '99999999999999999999'
> tasnif train: --auto-repeats must be a whole number from 1 to 100, not ''
> no model

### --auto refuses the flags it chooses itself, by their names, instead of dropping them
$ for f in "--word-ngrams 3" "--char-ngrams 2-6" "--lead-share 75" "--lead-ngrams same" "-c 2" "--class-weight none"; do $TASNIF train --auto $f -o m.tsnf $TOP/datasets/demo/train.tsv 2>&1 | head -n 1 | sed 's/ itself.*//'; done; ls
> tasnif train: --auto chooses --word-ngrams
> tasnif train: --auto chooses --char-ngrams
> tasnif train: --auto chooses --lead-share
> tasnif train: --auto chooses --lead-ngrams
> tasnif train: --auto chooses --cost
> tasnif train: --auto chooses --class-weight

### --auto's fold errors name --auto
$ printf 'a\tx y\nb\tz w\nb\tq r\na\tx z\n' >tiny.tsv; $TASNIF train --auto --min-df 1 -o m.tsnf tiny.tsv 2>&1 | head -n 1
> tasnif train: --auto (5 folds): the corpus has only 4 documents; every fold needs some
