### --multi-label reads TSV label sets and records them in the model
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF info ml.tsnf | grep -E '^(classifiers|multi_label=)'
> classifiers 4 one-vs-rest (liblinear, hinge loss)
> multi_label=1

### the sample article gets every topic it reports, best first
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf $TOP/datasets/demo/sample.ar.txt | tr ',' '\n' | sort
> ceasefire
> escalation
> negotiations

### an empty label in a set names file and line
$ printf 'a,b\tone two\na,,b\tthree four\n' > c.tsv && $TASNIF train -q --multi-label -o m.tsnf c.tsv
! tasnif: c.tsv:2: empty label
? 1

### a label repeated in a set names file and line
$ printf 'a,b\tone two\nb,a,b\tthree four\n' > c.tsv && $TASNIF train -q --multi-label -o m.tsnf c.tsv
! tasnif: c.tsv:2: label 'b' repeated in the label set
? 1

### fastText lines with several __label__ need --multi-label
$ printf '__label__a __label__b one two\n__label__b three four\n' > c.txt && $TASNIF train -q -o m.tsnf c.txt
! tasnif: c.txt:1: more than one __label__: train with --multi-label for label sets
? 1

### fastText label sets with --multi-label
$ printf '__label__a __label__b one two\n__label__b three four\n__label__a five one\n' > c.txt && $TASNIF train -q --multi-label --min-df 1 -o m.tsnf c.txt && $TASNIF info m.tsnf | grep -E '^ +[0-9]+  '
>     1  a                        2 training documents, threshold 0
>     2  b                        2 training documents, threshold 0

### JSON Lines "labels" arrays, and bad ones
$ printf '{"labels":["a","b"],"text":"one two"}\n{"labels":["b"],"text":"three four"}\n{"label":"a","text":"five one"}\n' > c.jsonl && $TASNIF train -q --multi-label --min-df 1 -o m.tsnf c.jsonl && printf '{"labels":[],"text":"one"}\n' > d.jsonl && $TASNIF train -q --multi-label -o m.tsnf d.jsonl
! tasnif: d.jsonl:1: bad JSON line: "labels" must be an array of one or more strings
? 1

### --label-sep changes the TSV separator
$ printf 'a;b\tone two\nb\tthree four\na\tfive one\n' > c.tsv && $TASNIF train -q --multi-label --label-sep ';' --min-df 1 -o m.tsnf c.tsv && $TASNIF info m.tsnf | grep -c 'training documents'
> 2

### --label-sep needs --multi-label and one character
$ $TASNIF train -q --label-sep ';' -o m.tsnf $TOP/datasets/demo/train.tsv
~ --label-sep goes with --multi-label
? 2

### predict --lines gives one label set per input line, never an empty one
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --lines $TOP/datasets/demo/test.multi.tsv | awk 'NF == 0 || /^,|,,|,$/ { bad++ } END { print NR, bad + 0 }'
> 115 0

### a high --threshold leaves only the best label; a low one takes them all
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --threshold 100 $TOP/datasets/demo/sample.ar.txt && $TASNIF predict -m ml.tsnf --threshold -100 $TOP/datasets/demo/sample.ar.txt | tr ',' '\n' | wc -l
> ceasefire
> 4

### --threshold per label, and its errors
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --threshold humanitarian=-100,escalation=100 $TOP/datasets/demo/sample.ar.txt | tr ',' '\n' | sort | paste -sd ' '; $TASNIF predict -m ml.tsnf --threshold nosuch=1 $TOP/datasets/demo/sample.ar.txt
> ceasefire humanitarian negotiations
~ --threshold 'nosuch=1': no such label in the model
? 2

### --threshold is for multi-label models
$ $TASNIF predict -m $DEMO --threshold 0.5 $TOP/datasets/demo/sample.ar.txt
~ --threshold applies to multi-label models
? 2

### JSON gives every label's score, threshold and choice
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --format json $TOP/datasets/demo/sample.ar.txt | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["scores"]; print(len(s), sorted(x["label"] for x in s if x["chosen"]) == sorted(d["labels"]), all((x["score"] >= x["threshold"]) == x["chosen"] or x["label"] == d["label"] for x in s))'
> 4 True True

### --explain lists each chosen label's evidence, and the identity holds in JSON
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --explain 3 --format json $TOP/datasets/demo/sample.ar.txt | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); e=[x for x in d["scores"] if "bias" in x]; print(len(e), all(len(x["terms"]) == 3 and abs(x["bias"] + sum(t["contribution"] for t in x["terms"]) + x["other"] - x["score"]) < 1e-9 for x in e))'
> 3 True

### --explain in text: a line per label, then its n-grams
$ $TASNIF predict -m $DEMO --explain 4 $TOP/datasets/demo/sample.en.txt | awk 'NR == 2 { print ($0 ~ /^  [a-z]+: score -?[0-9.]+ = bias -?[0-9.]+ \+ n-grams -?[0-9.]+$/) } END { print NR }'
> 1
> 7

### --explain lists words by default, each with its count of n-grams; --explain-by ngrams lists n-grams
$ for by in words ngrams; do $TASNIF predict -m $DEMO --explain 3 --explain-by $by $TOP/datasets/demo/sample.ar.txt | sed -n 3p | sed -E 's/^    [-+][0-9.]+  [^ ]+  \([0-9]+ n-grams?\)$/a word/; s/^    [-+][0-9.]+  [^ ]+( \(lead\))?  \(tf-idf [0-9.]+ x weight -?[0-9.]+\)$/an n-gram/'; done
> a word
> an n-gram

### --explain-by takes words or ngrams, and goes with --explain
$ $TASNIF predict -m $DEMO --explain 3 --explain-by letters $TOP/datasets/demo/sample.ar.txt
~ --explain-by takes words or ngrams, not 'letters'
? 2
$ $TASNIF predict -m $DEMO --explain-by ngrams $TOP/datasets/demo/sample.ar.txt
~ --explain-by goes with --explain N
? 2

### --format html needs --explain and names the label it shades
$ $TASNIF predict -m $DEMO --format html $TOP/datasets/demo/sample.en.txt
~ --format html shows explanations: give --explain N
? 2

### the explanation page escapes the article and has no scripts
$ printf 'talks <script>alert(1)</script> & "truce"' > a.txt && $TASNIF predict -m $DEMO --explain 3 --format html a.txt > p.html && grep -c '<script' p.html; grep -c '&lt;script&gt;' p.html
> 0
> 1

### cross-validation of label sets works when a fold lacks a label
$ printf 'a,b\tone two\nb\tthree four\na\tfive one\n' > h.tsv && $TASNIF train -q --multi-label --cv 2 --min-df 1 h.tsv | grep -c '^fold'
> 2

### --threshold reads decimal numbers only, as every NAME=VALUE option: the label is all before the last '='
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && for t in '' 0x1 'ceasefire=0x1' 'ceasefire=' '=1' 'ceasefire=1e999'; do $TASNIF predict -m ml.tsnf --threshold "$t" $TOP/datasets/demo/sample.ar.txt >/dev/null 2>&1; echo "'$t': exit $?"; done
> '': exit 2
> '0x1': exit 2
> 'ceasefire=0x1': exit 2
> 'ceasefire=': exit 2
> '=1': exit 2
> 'ceasefire=1e999': exit 2

### a label of a set holding a comma (the separator of the sets predict prints) is refused, naming file and line, in every format
$ printf '__label__a,b __label__c text one\n' >ft.txt; printf '{"labels":["c","a,b"],"text":"x"}\n' >j.jsonl; printf 'c;a,b\ttext one\n' >t.tsv; for f in ft.txt j.jsonl t.tsv; do $TASNIF train -q --multi-label --label-sep ';' -o x.tsnf $f; echo "exit $?"; done
> exit 1
> exit 1
> exit 1
! tasnif: ft.txt:1: label 'a,b' holds a comma, which separates the labels of a set in tasnif's output
! tasnif: j.jsonl:1: label 'a,b' holds a comma, which separates the labels of a set in tasnif's output
! tasnif: t.tsv:1: label 'a,b' holds a comma, which separates the labels of a set in tasnif's output
