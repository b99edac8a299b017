### train --lsa adds an embedding; info says so
$ $TASNIF train -q --lsa 16 -o l.tsnf $TOP/datasets/demo/train.tsv && $TASNIF info l.tsnf | grep -c '^LSA         16 dimensions'
> 1

### --lsa alone trains on n-grams and the embedding side by side
$ $TASNIF train -q --lsa 16 -o l.tsnf $TOP/datasets/demo/train.tsv && $TASNIF info l.tsnf | grep -o 'the model sees .*'
> the model sees n-grams and the embedding

### features dense: vectors have exactly K columns, unit length
$ $TASNIF train -q --lsa 16 --features dense -o d.tsnf $TOP/datasets/demo/train.tsv && $TASNIF features -m d.tsnf $TOP/datasets/demo/test.tsv | head -n 3 | awk '{ s = 0; for (i = 2; i <= NF; i++) { split($i, a, ":"); s += a[2] * a[2] } printf "%d %.6f\n", NF - 1, s }'
> 16 1.000000
> 16 1.000000
> 16 1.000000

### an RBF model on the embedding predicts and evaluates
$ $TASNIF train -q --lsa 32 --features dense -t rbf -c 10 -o r.tsnf $TOP/datasets/demo/train.tsv && $TASNIF eval -m r.tsnf $TOP/datasets/demo/test.tsv | awk '/^documents/ { print $2 }'
> 80

### dense features need --lsa
$ $TASNIF train -q --features dense -o x.tsnf $TOP/datasets/demo/train.tsv
~ --features dense or both needs an LSA embedding (--lsa K)
? 2

### index and similar: an indexed article finds itself first
$ $TASNIF train -q --lsa 24 -o l.tsnf $TOP/datasets/demo/train.tsv && $TASNIF index -m l.tsnf -o i.idx $TOP/datasets/demo/train.tsv 2>/dev/null && sed -n 5p $TOP/datasets/demo/train.tsv | cut -f2 | $TASNIF similar -i i.idx --top-k 3 | awk -F '\t' '{ n = split($4, p, "/"); print $2, p[n], ($3 > 0.999) }' | head -n 1
> 1 train.tsv:5 1

### similar --lines answers every query, best first, as JSON
$ $TASNIF train -q --lsa 24 -o l.tsnf $TOP/datasets/demo/train.tsv && $TASNIF index -m l.tsnf -o i.idx $TOP/datasets/demo/train.tsv 2>/dev/null && printf 'aid convoy reached the camp\nthe truce held\n' | $TASNIF similar -i i.idx --lines --format json --top-k 2 | sed -E 's/"score":[0-9.-]+/"score":S/g; s/"id":"[^"]*"/"id":I/g; s/"text":"([^"\\]|\\.)*"/"text":T/g'
> {"query":"\u003cstdin\u003e:1","results":[{"id":I,"score":S,"text":T},{"id":I,"score":S,"text":T}]}
> {"query":"\u003cstdin\u003e:2","results":[{"id":I,"score":S,"text":T},{"id":I,"score":S,"text":T}]}

### index needs an LSA model
$ $TASNIF index -m $DEMO -o i.idx $TOP/datasets/demo/test.tsv
~ the model has no LSA embedding: train it with --lsa K
? 1

### similar needs an index, not a model
$ $TASNIF similar -i $DEMO x.txt
~ not an index
? 1

### an RBF model on the embedding scores batches with one dgemm: same answers as one by one
$ $TASNIF train -q --lsa 32 --features dense -t rbf -c 10 -o r.tsnf $TOP/datasets/demo/train.tsv && $TASNIF predict -m r.tsnf --lines -j 1 --top-k 4 --format tsv $TOP/datasets/demo/test.tsv > one && $TASNIF predict -m r.tsnf --lines -j 2 --top-k 4 --format tsv $TOP/datasets/demo/test.tsv > batch && cmp one batch && wc -l < one
> 80

### a query with no features of the model is near to nothing: no hits, not a list of zero scores
$ $TASNIF train -q --lsa 8 -o l.tsnf $TOP/datasets/demo/train.tsv && $TASNIF index -m l.tsnf -o ix.tsnf $TOP/datasets/demo/train.tsv 2>/dev/null && printf 'zzzqqq xxxyyy\ntruce ceasefire\n' | $TASNIF similar -i ix.tsnf --lines -k 3 | cut -f1 | uniq -c | sed 's/^ *//'
> 3 <stdin>:2
