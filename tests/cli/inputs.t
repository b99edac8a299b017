### a UTF-8 byte-order mark at the start of a TSV file is not part of the first label
$ printf '\357\273\277a\tone two\nb\tthree four\na\tone five\nb\tthree six\n' > c.tsv && $TASNIF train -q --min-df 1 -o m.tsnf c.tsv && $TASNIF info m.tsnf | sed -n '2,4p'
> labels      2
>     1  a                        2 training documents
>     2  b                        2 training documents

### ... nor of a JSON Lines file, a fastText file (format detected after it) or standard input
$ printf '\357\273\277{"label":"a","text":"one two"}\n{"label":"b","text":"three four"}\n' > c.jsonl && printf '\357\273\277__label__a one two\n__label__b three four\n' > c.txt && $TASNIF train -q --min-df 1 -o j.tsnf c.jsonl && $TASNIF train -q --min-df 1 -o f.tsnf c.txt && printf '\357\273\277a\tone two\nb\tthree four\n' | $TASNIF train -q --min-df 1 -o s.tsnf - && for m in j f s; do $TASNIF info $m.tsnf | sed -n 3p; done
>     1  a                        1 training documents
>     1  a                        1 training documents
>     1  a                        1 training documents

### a byte-order mark before the first line of predict --lines and before an article is skipped
$ printf '\357\273\277the truce held\n' > a.txt && $TASNIF predict -m $DEMO --lines --format tsv --input-format lines a.txt | cut -f1 && $TASNIF features -m $DEMO --tokens a.txt
> a.txt:1
> the truce held

### CRLF line ends: the same labels and vectors as LF line ends, in every format
$ printf 'a\tone two\nb\tthree four\na\tone five\nb\tthree six\n' > lf.tsv && printf '{"label":"a","text":"one two"}\n{"label":"b","text":"three four"}\n' > lf.jsonl && printf '__label__a one two\n__label__b three four\n' > lf.txt && for f in lf.tsv lf.jsonl lf.txt; do sed 's/$/\r/' $f > cr${f#lf}; $TASNIF train -q --min-df 1 -o lf.tsnf $f && $TASNIF train -q --min-df 1 -o cr.tsnf cr${f#lf} && $TASNIF info lf.tsnf | sed -n '2,4p' > a && $TASNIF info cr.tsnf | sed -n '2,4p' > b && cmp a b && $TASNIF features -m lf.tsnf $f > a && $TASNIF features -m lf.tsnf cr${f#lf} > b && cmp a b && echo same; done
> same
> same
> same

### CRLF input to predict --lines and eval: same answers as LF input
$ tr -d '\r' < $TOP/datasets/demo/test.tsv | sed 's/$/\r/' > crlf.tsv && $TASNIF predict -m $DEMO --lines --format tsv $TOP/datasets/demo/test.tsv | cut -f2- > lf.out && $TASNIF predict -m $DEMO --lines --format tsv crlf.tsv | cut -f2- > crlf.out && cmp lf.out crlf.out && $TASNIF eval -m $DEMO crlf.tsv | grep '^accuracy' > a && $TASNIF eval -m $DEMO $TOP/datasets/demo/test.tsv | grep '^accuracy' > b && cmp a b && echo same
> same

### a folder corpus names FIFOs, sockets and devices instead of hanging on them
$ mkdir -p d/x d/y && echo one two > d/x/1.txt && echo one five > d/x/2.txt && echo three four > d/y/1.txt && echo three six > d/y/2.txt && mkfifo d/x/fifo && ln -s /dev/zero d/y/zero && timeout 20 $TASNIF train -q --min-df 1 -o m.tsnf d; echo "exit $?"; timeout 20 $TASNIF train -q --min-df 1 --skip-bad -o m.tsnf d; echo "exit $?"
> exit 1
> exit 0
! tasnif: d/x/fifo: a FIFO, not a document file
! tasnif: skipped d/x/fifo: a FIFO, not a document file
! tasnif: skipped d/y/zero: a character device, not a document file

### a folder inside a label folder is named
$ mkdir -p d/x/sub d/y && echo one two > d/x/1.txt && echo three four > d/y/1.txt && $TASNIF train -q --min-df 1 -o m.tsnf d; echo "exit $?"
> exit 1
! tasnif: d/x/sub: a folder inside a label folder (expected DIR/<label>/<file>)

### files joined by cat keep each one's byte-order mark: no phantom label at the start of any line
$ printf '\357\273\277a\tone two\nb\tthree four\n' >x.tsv; cat x.tsv x.tsv x.tsv >all.tsv; $TASNIF train -q --min-df 1 -o m.tsnf all.tsv && $TASNIF info m.tsnf | sed -n 's/^labels *//p; s/^ *[0-9]  \([a-z]\) .*/\1/p'
> 2
> a
> b
