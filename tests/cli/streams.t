### train -o - writes the model to standard output: the bytes of -o FILE
$ head -n 60 $TOP/datasets/demo/train.tsv > c.tsv && $TASNIF train -q --reproducible -o - c.tsv > a.tsnf && $TASNIF train -q --reproducible -o b.tsnf c.tsv && cmp a.tsnf b.tsnf && $TASNIF info a.tsnf | sed -n 2p && ls
> labels      2
> a.tsnf
> b.tsnf
> c.tsv

### train -o - refuses a terminal (script gives the command one)
$ head -n 60 $TOP/datasets/demo/train.tsv > c.tsv && script -qec "$TASNIF train -q -o - c.tsv" /dev/null | tr -d '\r' | head -n 1; ls
> tasnif train: -o -: standard output is a terminal; redirect it (-o - > FILE) or name the model file
> c.tsv

### train -o - with --grid, and --report - with --cv, are refused: standard output carries their figures
$ head -n 60 $TOP/datasets/demo/train.tsv > c.tsv && $TASNIF train -q --grid -o - c.tsv; echo "exit $?"; $TASNIF train -q --cv 3 --report - c.tsv; echo "exit $?"
> exit 2
> exit 2
~ tasnif train: -o -: standard output carries --grid's figures; write the model to a file
~ tasnif train: --report -: standard output carries the folds' figures; write the report to a file

### train -o - is refused when standard output is the corpus, which stays as it was
$ head -n 60 $TOP/datasets/demo/train.tsv > c.tsv && cp c.tsv d.tsv && $TASNIF train -q -o - c.tsv >> c.tsv; echo "exit $?"; cmp c.tsv d.tsv && echo same
> exit 2
> same
! tasnif: standard output: refusing to write: it is the same file as the input 'c.tsv'

### index -o - writes the index to standard output: the bytes of -o FILE; a terminal is refused
$ head -n 60 $TOP/datasets/demo/train.tsv > c.tsv && $TASNIF train -q --lsa 4 -o m.tsnf c.tsv && $TASNIF index -m m.tsnf -o - c.tsv > a.idx 2>/dev/null && $TASNIF index -m m.tsnf -o b.idx c.tsv 2>/dev/null && cmp a.idx b.idx && echo same; script -qec "$TASNIF index -m m.tsnf -o - c.tsv" /dev/null | tr -d '\r' | head -n 1
> same
> tasnif index: -o -: standard output is a terminal; redirect it (-o - > FILE) or name the index file

### eval --junit - writes JUnit XML to standard output: beside a report file, or in place of the report
$ $TASNIF eval -m $DEMO -o r.json --junit - $TOP/datasets/demo/test.tsv | head -n 2 | cut -c 1-23; $TASNIF eval -m $DEMO --junit - $TOP/datasets/demo/test.tsv | head -n 1; head -c 1 r.json; echo
> <?xml version="1.0" enc
> <testsuites name="tasni
> <?xml version="1.0" encoding="UTF-8"?>
> {

### audit --fix - writes the corrected corpus to standard output: the bytes of --fix FILE
$ head -n 40 $TOP/datasets/demo/train.tsv > c.tsv && $TASNIF audit -q --cv 3 --format tsv c.tsv > found.tsv && sed '2,$s/^?/y/' found.tsv > yes.tsv && $TASNIF audit -q --fix - --confirmed yes.tsv c.tsv > a.tsv && $TASNIF audit -q --fix b.tsv --confirmed yes.tsv c.tsv && cmp a.tsv b.tsv && ! cmp -s a.tsv c.tsv && echo same
> same

### predict of a whole file that looks like a corpus hints at --lines (TSV labels of the model, fastText); an article, or --lines, gets no hint
$ head -n 5 $TOP/datasets/demo/test.tsv > t.tsv && printf '__label__x one two\n__label__y three\nfour\n' > f.txt && $TASNIF predict -m $DEMO t.tsv f.txt $TOP/datasets/demo/sample.en.txt > /dev/null && $TASNIF predict -m $DEMO --lines t.tsv > /dev/null && $TASNIF predict -m $DEMO < $TOP/datasets/demo/sample.ar.txt > /dev/null
! tasnif: t.tsv: note: 5 of its first 5 lines start with a label: labelled as one document; --lines labels each line
! tasnif: f.txt: note: 2 of its first 3 lines start with a label: labelled as one document; --lines labels each line

### lines whose first column is no label of the model give no hint
$ printf 'sports\tone two\nweather\tthree four\n' > o.tsv && $TASNIF predict -m $DEMO o.tsv 2>&1 >/dev/null | grep -c note || true
> 0

### eval names every test file in every report format, and in the JUnit file (a suite for each)
$ head -n 40 $TOP/datasets/demo/test.tsv > t1.tsv && tail -n 40 $TOP/datasets/demo/test.tsv > t2.tsv && for f in txt json md html; do $TASNIF eval -m $DEMO -o r.$f --junit j.xml t1.tsv t2.tsv && grep -c 't1.tsv, t2.tsv' r.$f >/dev/null && echo $f; done; grep -o 'testsuite name="[^"]*"' j.xml
> txt
> json
> md
> html
> testsuite name="tasnif eval: t1.tsv"
> testsuite name="tasnif eval: t2.tsv"
