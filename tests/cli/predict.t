### predict prints one of the model's labels for an article
$ $TASNIF predict -m $DEMO $TOP/datasets/demo/sample.ar.txt | grep -cxE 'ceasefire|escalation|negotiations|humanitarian'
> 1

### --top-k 3 prints three labels with scores, best first
$ $TASNIF predict -m $DEMO --top-k 3 $TOP/datasets/demo/sample.ar.txt | awk '{ print NF, ($2 >= $4 && $4 >= $6) }'
> 6 1

### --top-k larger than the number of labels prints every label once
$ $TASNIF predict -m $DEMO --top-k 99 --format tsv $TOP/datasets/demo/sample.ar.txt | awk -F '\t' '{ print NF }'
> 9

### several files: one line each, in order, named in TSV
$ printf 'the truce held overnight\n' > a.txt && printf 'aid convoy reached the camp\n' > b.txt && $TASNIF predict -m $DEMO --format tsv a.txt b.txt | cut -f1
> a.txt
> b.txt

### stdin is one article
$ printf 'shelling resumed on the front line' | $TASNIF predict -m $DEMO --format tsv | cut -f1
> <stdin>

### --lines: one document per line, TSV labels ignored, ids are file:line
$ printf 'x\tthe truce held\ny\taid convoy arrived\n' > l.tsv && $TASNIF predict -m $DEMO --lines --format tsv l.tsv | cut -f1
> l.tsv:1
> l.tsv:2

### --lines from stdin
$ printf 'one\ntwo\nthree\n' | $TASNIF predict -m $DEMO --lines | wc -l
> 3

### JSON output is one object per line with the label and scores
$ printf 'talks resumed in Astana\n' | $TASNIF predict -m $DEMO --lines --format json --top-k 2 | sed -E 's/"score":-?[0-9.]+/"score":N/g; s/"label":"[a-z]+"/"label":"L"/g'
> {"id":"\u003cstdin\u003e:1","label":"L","score_kind":"decision","scores":[{"label":"L","score":N},{"label":"L","score":N}]}

### a bad line stops --lines with file:line
$ printf 'good line\nbad \377 line\ngood again\n' > l.txt && $TASNIF predict -m $DEMO --lines --input-format lines l.txt
> *
~ tasnif: l.txt:2: invalid UTF-8 at byte 5
? 1

### --skip-bad goes on, names the bad line, keeps its place in the output and exits 1
$ printf 'good line\nbad \377 line\ngood again\n' > l.txt && $TASNIF predict -m $DEMO --lines --input-format lines --skip-bad --format tsv l.txt > out; echo "exit $?"; cut -f1,2 out | sed 's/\t[a-z]\{1,\}$/\tLABEL/'
> exit 1
> l.txt:1	LABEL
> l.txt:2	
> l.txt:3	LABEL
~ tasnif: l.txt:2: invalid UTF-8 at byte 5
~ tasnif: 1 bad documents were not labelled

### a missing article file
$ $TASNIF predict -m $DEMO nothere.txt
! tasnif: nothere.txt: cannot open: No such file or directory
? 1

### unknown output format
$ $TASNIF predict -m $DEMO --format xml x.txt
~ unknown --format 'xml'
? 2

### --top-k 0 is refused
$ $TASNIF predict -m $DEMO --top-k 0 x.txt
~ --top-k must be a whole number from 1 to 100000, not '0'
? 2

### a full disk on stdout is an error, not a silent loss
$ $TASNIF predict -m $DEMO --lines $TOP/datasets/demo/test.tsv > /dev/full
~ tasnif: cannot write the output
? 1

### eval reports a full disk too
$ $TASNIF eval -m $DEMO $TOP/datasets/demo/test.tsv > /dev/full
~ cannot write
? 1

### --skip-bad output stays aligned with the input lines in every format and thread count
$ printf 'good line\nbad \377 line\n\ngood again\n' > l.txt && for f in text tsv json; do for j in 1 2; do $TASNIF predict -m $DEMO --lines -j $j --input-format lines --skip-bad --format $f l.txt 2>/dev/null | wc -l; done; done; $TASNIF predict -m $DEMO --lines --input-format lines --skip-bad l.txt 2>/dev/null | sed 's/^[a-z]\{1,\}$/LABEL/'; $TASNIF predict -m $DEMO --lines --input-format lines --skip-bad --format json l.txt 2>/dev/null | sed -n '2,3p'
> 4
> 4
> 4
> 4
> 4
> 4
> LABEL
>
>
> LABEL
> {"id":"l.txt:2","label":null,"error":"l.txt:2: invalid UTF-8 at byte 5 (use --lenient to replace invalid bytes with U+FFFD)"}
> {"id":"l.txt:3","label":null,"error":"l.txt:3: blank line"}

### an empty or blank article gets no label: it is an error naming the file
$ : > e.txt && printf ' \n\t\n' > b.txt && $TASNIF predict -m $DEMO e.txt; echo "exit $?"; $TASNIF predict -m $DEMO b.txt; echo "exit $?"; printf '' | $TASNIF predict -m $DEMO; echo "exit $?"
> exit 1
> exit 1
> exit 1
! tasnif: e.txt: empty document
! tasnif: b.txt: empty document
! tasnif: <stdin>: empty document

### --skip-bad: an empty article keeps its line among the files
$ : > e.txt && echo 'the truce held' > a.txt && $TASNIF predict -m $DEMO --skip-bad --format tsv e.txt a.txt nothere.txt | cut -f1,2 | sed 's/\t[a-z]\{1,\}$/\tLABEL/'
> e.txt	
> a.txt	LABEL
> nothere.txt	
