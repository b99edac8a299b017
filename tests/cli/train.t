### a line without a TAB stops training with file:line
$ printf 'a\tone two\nno tab here\nb\tthree four\n' > c.tsv && $TASNIF train -q -o m.tsnf c.tsv
! tasnif: c.tsv:2: no TAB: expected label<TAB>text
? 1

### a failed train leaves no model behind
$ printf 'a\tone two\nno tab here\n' > c.tsv; $TASNIF train -q -o m.tsnf c.tsv; ls
> c.tsv

### invalid UTF-8 names file, line and byte
$ printf 'a\tone two\nb\tthree \377 four\n' > c.tsv && $TASNIF train -q -o m.tsnf c.tsv
! tasnif: c.tsv:2: invalid UTF-8 at byte 7 (use --lenient to replace invalid bytes with U+FFFD)
? 1

### --skip-bad reports each skipped document and the count
$ printf 'a\tone two\nno tab\nb\tthree four\na\tone five\nb\t \nb\tthree six\n' > c.tsv && $TASNIF train --skip-bad --lead-words 0 --word-ngrams 1 --char-ngrams 0 --min-df 1 -o m.tsnf c.tsv 2>&1 | sed 's/features [0-9.]* s, svm [0-9.]* s/TIMES/'
> tasnif: skipped c.tsv:2: no TAB: expected label<TAB>text
> tasnif: skipped c.tsv:5: empty text
> tasnif: skipped 2 bad documents
> tasnif: warning: 2 labels have fewer than 3 training documents: 'a' (2), 'b' (2); a typo in a label or a header row makes such a label, and its figures mean little
> tasnif: 4 documents, 2 labels, 6 features; TIMES; wrote m.tsnf

### one label is not enough
$ printf 'a\tone two\na\tthree four\n' > c.tsv && $TASNIF train -q -o m.tsnf c.tsv
! tasnif: c.tsv: only one label ('a'): a classifier needs at least two
? 1

### an empty corpus
$ : > empty.tsv && $TASNIF train -q -o m.tsnf empty.tsv
! tasnif: empty.tsv: no documents: the corpus is empty
? 1

### a corpus whose every document was skipped
$ printf 'x\ny\n' > c.tsv && $TASNIF train -q --skip-bad -o m.tsnf c.tsv 2>&1 | tail -n 1
> tasnif: c.tsv: every document was bad and skipped: nothing to train on

### min-df that leaves nothing
$ printf 'a\tone\nb\ttwo\n' > c.tsv && $TASNIF train -q -o m.tsnf c.tsv
! tasnif: no feature occurs in at least 2 documents (lower --min-df)
? 1

### a missing corpus
$ $TASNIF train -q -o m.tsnf nothere.tsv
! tasnif: nothere.tsv: cannot open: No such file or directory
? 1

### the default model name is INPUT.model, as svm-train's
$ printf 'a\tone two\nb\tthree four\na\tone five\nb\tthree six\n' > c.tsv && $TASNIF train -q --min-df 1 c.tsv && ls
> c.tsv
> c.tsv.model

### stdin needs -o
$ printf 'a\tone\n' | $TASNIF train -q -
~ reading standard input: name the model with -o FILE
? 2

### training from stdin, fastText lines detected
$ printf '__label__a one two\n__label__b three four\n__label__a one five\n__label__b three six\n' | $TASNIF train -q --min-df 1 -o m.tsnf - && $TASNIF info m.tsnf | sed -n '2,4p'
> labels      2
>     1  a                        2 training documents
>     2  b                        2 training documents

### an existing model survives a failed train
$ printf 'a\tone two\nb\tthree four\na\tone five\nb\tthree six\n' > c.tsv && $TASNIF train -q --min-df 1 -o m.tsnf c.tsv && cp m.tsnf before && printf 'bad\n' > d.tsv && ! $TASNIF train -q -o m.tsnf d.tsv 2>/dev/null && cmp m.tsnf before && ls
> before
> c.tsv
> d.tsv
> m.tsnf

### JSON lines and a folder per label give the same labels
$ printf '{"label":"x","text":"one two"}\n{"label":"y","text":"three four"}\n' > c.jsonl && mkdir -p d/x d/y && echo one two > d/x/1.txt && echo three four > d/y/1.txt && $TASNIF train -q --min-df 1 -o j.tsnf c.jsonl && $TASNIF train -q --min-df 1 -o d.tsnf d && $TASNIF predict -m j.tsnf d/x/1.txt && $TASNIF predict -m d.tsnf d/y/1.txt
> x
> y

### unknown --weight label
$ printf 'a\tone two\nb\tthree four\n' > c.tsv && $TASNIF train -q --min-df 1 -w zzz=2 -o m.tsnf c.tsv
~ --weight 'zzz=2': no such label in the corpus
? 2

### a 65th --weight is refused, not written past the table
$ $TASNIF train -q $(for i in $(seq 1 65); do printf -- '-w l%s=2 ' $i; done) -o m.tsnf $TOP/datasets/demo/train.tsv
~ --weight: at most 64 weights
? 2

### cross-validation prints folds and the pooled report
$ for i in 1 2 3 4 5 6; do printf 'a\tone two %s\nb\tthree four %s\n' $i $i; done > c.tsv && $TASNIF train --min-df 1 --cv 3 c.tsv | head -n 4
> fold 1: accuracy 1.0000 macro-F1 1.0000 (4 documents)
> fold 2: accuracy 1.0000 macro-F1 1.0000 (4 documents)
> fold 3: accuracy 1.0000 macro-F1 1.0000 (4 documents)
> mean: accuracy 1.0000 macro-F1 1.0000 over 3 folds (features fitted inside each fold)

### the model is the same whatever the thread count
$ $TASNIF train -q -j 1 -o one.tsnf $TOP/datasets/demo/train.tsv && $TASNIF train -q -j 3 -o three.tsnf $TOP/datasets/demo/train.tsv && $TASNIF features -m one.tsnf $TOP/datasets/demo/test.tsv > a && $TASNIF features -m three.tsnf $TOP/datasets/demo/test.tsv > b && cmp a b && $TASNIF predict -m one.tsnf --top-k 4 --format tsv --lines -j 1 $TOP/datasets/demo/test.tsv > c && $TASNIF predict -m three.tsnf --top-k 4 --format tsv --lines -j 3 $TOP/datasets/demo/test.tsv > d && cmp c d && $TASNIF info --vocab 100000 one.tsnf | sed -n '/^\[vocabulary\]/,$p' > e && $TASNIF info --vocab 100000 three.tsnf | sed -n '/^\[vocabulary\]/,$p' > f && cmp e f && wc -l < c
> 80

### the vocabulary limit names the document that crossed it
$ printf 'a\tone two\nb\tthree four five\n' > c.tsv && $TASNIF train -q --lead-words 0 --word-ngrams 1 --char-ngrams 0 --max-vocab 3 -o m.tsnf c.tsv
! tasnif: c.tsv:2: more than 3 distinct n-grams (--max-vocab)
? 1

### an over-long line is named and not held in memory
$ printf 'a\tshort one\nb\t%0500d\nb\tlong three\na\tshort two\n' 7 > c.tsv && $TASNIF train -q --skip-bad --min-df 1 --max-line-bytes 100 -o m.tsnf c.tsv 2>&1 | head -n 1
> tasnif: skipped c.tsv:2: line longer than the limit of 100 bytes (--max-line-bytes)

### kernel cross-validation frees each fold's model once
$ $TASNIF train -q --cv 3 -t rbf $TOP/datasets/demo/train.tsv | grep -c '^fold [123]: accuracy'
> 3

### a kernel problem larger than --gram-mb is refused before training, with what to do
$ $TASNIF train -q -t rbf --gram-mb 0.5 -o m.tsnf $TOP/datasets/demo/train.tsv 2>&1 | cut -c1-100; ls
> tasnif: the rbf kernel on 368 documents needs a 1.0 MB kernel matrix, more than --gram-mb 0.5; witho

### liblinear trains linear models only
$ $TASNIF train -q --solver liblinear -t rbf -o m.tsnf $TOP/datasets/demo/train.tsv
~ --solver liblinear trains linear models only
? 2

### the solver, scheme and loss are recorded in the model
$ $TASNIF train -q --scheme ovo --loss squared-hinge -o m.tsnf $TOP/datasets/demo/train.tsv && $TASNIF info m.tsnf | grep -E '^classifiers|^(solver|scheme|liblinear_solver)='
> classifiers 6 one-vs-one (liblinear, squared hinge loss)
> solver=liblinear
> liblinear_solver=1
> scheme=one-vs-one

### a new model gets 0666 less the umask; a replaced one keeps its mode
$ umask 077 && $TASNIF train -q -o m.tsnf $TOP/datasets/demo/train.tsv && stat -c %a m.tsnf && chmod 640 m.tsnf && $TASNIF train -q -o m.tsnf $TOP/datasets/demo/train.tsv && stat -c %a m.tsnf
> 600
> 640

### --grid --cv K without -o writes INPUT.model; grid lines show C alone for a linear kernel
$ for i in 1 2 3 4 5 6; do printf 'a\tone two %s\nb\tthree four %s\n' $i $i; done > c.tsv && $TASNIF train --grid --cv 2 --min-df 1 c.tsv 2>err | sed 's/macro_f1 .*/F/'; grep -c '^tasnif: grid C=[0-9.]*: 2-fold' err; ls
> grid: best C=0.1 (2-fold F
> 6
> c.tsv
> c.tsv.model
> err

### --cv K with more folds than documents is refused, not averaged over empty folds
$ printf 'a\tone two\nb\tthree four\na\tone five\nb\tthree six\na\tone x\n' > c.tsv && $TASNIF train --min-df 1 --cv 6 c.tsv; echo "exit $?"
> exit 2
~ tasnif train: --cv 6: the corpus has only 5 documents; every fold needs some

### --cv K with more folds than the smallest label can fill is refused
$ printf 'a\tone two\nb\tthree four\na\tone five\nb\tthree six\na\tone x\n' > c.tsv && $TASNIF train --min-df 1 --cv 3 c.tsv; echo "exit $?"; $TASNIF train -q --min-df 1 --grid c.tsv 2>&1 | head -n 1; printf 'c\tseven\n' >> c.tsv && $TASNIF train --min-df 1 --cv 2 c.tsv 2>&1 | head -n 1
> exit 2
> tasnif train: --grid (5 folds): label 'b' has only 2 documents, too few to put one in every fold (use --cv 2 or fewer)
> tasnif train: --cv 2: label 'c' has only one document; cross-validation needs two or more per label
~ tasnif train: --cv 3: label 'b' has only 2 documents, too few to put one in every fold (use --cv 2 or fewer)

### a lone surrogate in JSON Lines is named as such, not as "not a JSON object"
$ printf '{"label":"a","text":"x \\ud800 y"}\n{"label":"b","text":"\\udc00"}\n["x"]\n{"label":"a","text":"x\\u0000"}\n{"label":"a"\n' > c.jsonl && $TASNIF train -q --skip-bad -o m.tsnf c.jsonl 2>&1 | head -n 5
> tasnif: skipped c.jsonl:1: bad JSON line: invalid \u escape: lone surrogate (byte 24)
> tasnif: skipped c.jsonl:2: bad JSON line: invalid \u escape: lone surrogate (byte 22)
> tasnif: skipped c.jsonl:3: bad JSON line: not a JSON object
> tasnif: skipped c.jsonl:4: bad JSON line: \u0000 is not allowed in a string (byte 23)
> tasnif: skipped c.jsonl:5: bad JSON line: expected ',' or '}' (byte 13)

### a corpus whose training would not fit in memory fails early, with the estimate, and writes nothing
$ cp $TOP/datasets/demo/train.tsv c.tsv && $TASNIF train -q --max-memory 0.05 -o m.tsnf c.tsv 2>&1 | sed 's/need about [0-9.]* MB/need about X MB/' | cut -c1-150; ls
> tasnif: c.tsv: after 0.1 MB of 0.1 MB of text, training is projected to need about X MB, more than the 0.1 MB allowed (--max-memory; by default the me
> c.tsv

### labels with fewer than 3 documents are named in a warning (not under -q), the model still written
$ printf 'label\ttext\na\tone two\na\tone three\na\tone four\nb\tfive six\nb\tfive seven\nsprots\tfive one\n' > c.tsv && $TASNIF train --min-df 1 -o m.tsnf c.tsv 2>&1 | sed 's/features [0-9.]* s, svm [0-9.]* s/TIMES/'; $TASNIF train -q --min-df 1 -o q.tsnf c.tsv; ls
> tasnif: c.tsv:1: note: taken as a header row ('label', 'text'), not a document (--no-header keeps it)
> tasnif: warning: 2 labels have fewer than 3 training documents: 'b' (2), 'sprots' (1); a typo in a label or a header row makes such a label, and its figures mean little
> tasnif: 6 documents, 3 labels, 80 features; TIMES; wrote m.tsnf
> c.tsv
> m.tsnf
> q.tsnf

### more than 20 tiny labels: the first 20 named, then "..."
$ for i in $(seq 1 22); do printf 'l%d\tword%d common\n' $i $i; done > c.tsv && $TASNIF train --min-df 1 -o m.tsnf c.tsv 2>&1 | grep warning | grep -o "'l[0-9]*' (1)[,;]* *\(\.\.\.\)*" | tr -d '\n'; echo
> 'l1' (1), 'l10' (1), 'l11' (1), 'l12' (1), 'l13' (1), 'l14' (1), 'l15' (1), 'l16' (1), 'l17' (1), 'l18' (1), 'l19' (1), 'l2' (1), 'l20' (1), 'l21' (1), 'l22' (1), 'l3' (1), 'l4' (1), 'l5' (1), 'l6' (1), 'l7' (1), ...
