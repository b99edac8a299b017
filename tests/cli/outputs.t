### train refuses to write the model over its corpus, before any work
$ cp $TOP/datasets/demo/train.tsv x.tsv && cp x.tsv before && $TASNIF train -q x.tsv -o x.tsv; echo "exit $?"; cmp x.tsv before && ls
> exit 2
> before
> x.tsv
! tasnif: x.tsv: refusing to write: it is the same file as the input 'x.tsv'

### ... also when the output names the corpus through a link or another path
$ cp $TOP/datasets/demo/train.tsv x.tsv && ln -s x.tsv l.tsv && mkdir d && $TASNIF train -q -o l.tsv x.tsv; echo "exit $?"; $TASNIF train -q -o d/../x.tsv x.tsv; echo "exit $?"
> exit 2
> exit 2
~ refusing to write: it is the same file as the input 'x.tsv'

### train refuses outputs that are not regular files, before training
$ mkdir d && mkfifo f && for o in /dev/null /dev/full d f; do $TASNIF train -q -o $o $TOP/datasets/demo/train.tsv; echo "exit $?"; done; ls
> exit 2
> exit 2
> exit 2
> exit 2
> d
> f
! tasnif: /dev/null: refusing to write over a character device: outputs must be regular files
! tasnif: /dev/full: refusing to write over a character device: outputs must be regular files
! tasnif: d: refusing to write over a folder: outputs must be regular files
! tasnif: f: refusing to write over a FIFO: outputs must be regular files

### an output in a folder that does not exist is refused before training
$ $TASNIF train -q -o nothere/m.tsnf $TOP/datasets/demo/train.tsv; echo "exit $?"
> exit 1
~ nothere/m.tsnf: cannot write: folder 'nothere': No such file or directory

### a symbolic link to a model is followed: the model it points to is replaced, the link stays
$ cp $DEMO real.tsnf && ln -s real.tsnf link.tsnf && $TASNIF train -q --min-df 1 -o link.tsnf $TOP/datasets/demo/test.tsv && test -L link.tsnf && ! cmp -s real.tsnf $DEMO && $TASNIF info link.tsnf | sed -n 2p; ls
> labels      4
> link.tsnf
> real.tsnf

### eval refuses a report over the model, the test corpus, the baseline or the other report
$ cp $DEMO m.tsnf && cp $TOP/datasets/demo/test.tsv test.tsv && cp m.tsnf m.before && $TASNIF eval -m m.tsnf -o m.tsnf --format json test.tsv; echo "exit $?"; $TASNIF eval -m m.tsnf -o test.tsv --format json test.tsv; echo "exit $?"; $TASNIF eval -m m.tsnf --junit test.tsv test.tsv; echo "exit $?"; $TASNIF eval -m m.tsnf -o r.json --junit r.json test.tsv; echo "exit $?"; $TASNIF eval -m m.tsnf -o b.json test.tsv && $TASNIF eval -m m.tsnf --baseline b.json -o b.json test.tsv; echo "exit $?"; cmp m.tsnf m.before && cmp test.tsv $TOP/datasets/demo/test.tsv && ls
> exit 2
> exit 2
> exit 2
> exit 2
> exit 2
> b.json
> m.before
> m.tsnf
> test.tsv
! tasnif: m.tsnf: refusing to write: it is the same file as the input 'm.tsnf'
! tasnif: test.tsv: refusing to write: it is the same file as the input 'test.tsv'
! tasnif: test.tsv: refusing to write: it is the same file as the input 'test.tsv'
! tasnif: r.json: refusing to write: it is the same file as the other output 'r.json'
! tasnif: b.json: refusing to write: it is the same file as the input 'b.json'

### eval refuses a device as a report or JUnit file
$ $TASNIF eval -m $DEMO -o /dev/null --format json $TOP/datasets/demo/test.tsv; echo "exit $?"; $TASNIF eval -m $DEMO --junit /dev/full $TOP/datasets/demo/test.tsv > /dev/null; echo "exit $?"
> exit 2
> exit 2
~ refusing to write over a character device

### index refuses to write over its corpus or its model
$ $TASNIF train -q --lsa 8 -o l.tsnf $TOP/datasets/demo/train.tsv && cp $TOP/datasets/demo/test.tsv corpus.tsv && $TASNIF index -m l.tsnf -o corpus.tsv corpus.tsv; echo "exit $?"; $TASNIF index -m l.tsnf -o l.tsnf corpus.tsv; echo "exit $?"; cmp corpus.tsv $TOP/datasets/demo/test.tsv && $TASNIF info l.tsnf > /dev/null && echo intact
> exit 2
> exit 2
> intact
~ refusing to write: it is the same file as the input

### train --cv --report refuses the corpus as the report
$ for i in 1 2 3 4 5 6; do printf 'a\tone two %s\nb\tthree four %s\n' $i $i; done > c.md && cp c.md before && $TASNIF train --min-df 1 --cv 3 --report c.md c.md; echo "exit $?"; cmp c.md before && echo intact
> exit 2
> intact
! tasnif: c.md: refusing to write: it is the same file as the input 'c.md'

### commands that write to standard output refuse an appended input
$ cp $TOP/datasets/demo/test.tsv t.tsv && cp t.tsv before && $TASNIF predict -m $DEMO --lines t.tsv >> t.tsv; echo "exit $?"; $TASNIF features -m $DEMO t.tsv >> t.tsv; echo "exit $?"; cp $DEMO m.tsnf && $TASNIF info m.tsnf >> m.tsnf; echo "exit $?"; $TASNIF predict -m $DEMO < t.tsv >> t.tsv; echo "exit $?"; cmp t.tsv before && cmp m.tsnf $DEMO && echo intact
> exit 2
> exit 2
> exit 2
> exit 2
> intact
~ standard output: refusing to write: it is the same file as the input

### a report, JUnit file or model that cannot be written whole leaves the old one byte-identical
$ $TASNIF eval -m $DEMO -o r.html --junit j.xml $TOP/datasets/demo/test.tsv && cp $DEMO m.tsnf && cp r.html r.before && cp j.xml j.before && (trap '' XFSZ; ulimit -f 1; $TASNIF eval -m $DEMO -o r.html $TOP/datasets/demo/test.tsv; echo "exit $?"; $TASNIF eval -m $DEMO --junit j.xml $TOP/datasets/demo/test.tsv > /dev/null; echo "exit $?"; $TASNIF train -q -o m.tsnf $TOP/datasets/demo/train.tsv; echo "exit $?") 2>err; cmp r.html r.before && cmp j.xml j.before && cmp m.tsnf $DEMO && ls; grep -c 'File too large' err
> exit 1
> exit 1
> exit 1
> err
> j.before
> j.xml
> m.tsnf
> r.before
> r.html
> 3

### train --cv --report is written atomically too
$ for i in 1 2 3 4 5 6; do printf 'a\tone two %s\nb\tthree four %s\n' $i $i; done > c.tsv && $TASNIF train --min-df 1 --cv 3 --report cv.html c.tsv > /dev/null && cp cv.html before && (trap '' XFSZ; ulimit -f 1; $TASNIF train --min-df 1 --cv 3 --report cv.html c.tsv > /dev/null; echo "exit $?"); cmp cv.html before && ls
> exit 1
> before
> c.tsv
> cv.html
~ cv.html: cannot write the report: File too large
