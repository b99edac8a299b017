### --min-confidence above every score: each document abstains with an empty line
$ $TASNIF predict -m $DEMO --lines --min-confidence 1000 $TOP/datasets/demo/test.tsv | sort -u
> 

### --abstain-label names the documents without a label
$ $TASNIF predict -m $DEMO --lines --min-confidence 1000 --abstain-label '?' $TOP/datasets/demo/test.tsv | sort -u
> ?

### --min-confidence below every score changes nothing
$ $TASNIF predict -m $DEMO --lines --format tsv $TOP/datasets/demo/test.tsv > all && $TASNIF predict -m $DEMO --lines --format tsv --min-confidence -1000 $TOP/datasets/demo/test.tsv | cmp - all && echo same
> same

### a document abstains exactly when its best score (TSV's third field) is below P; TSV keeps the score
$ $TASNIF predict -m $DEMO --lines --format tsv $TOP/datasets/demo/test.tsv > all && $TASNIF predict -m $DEMO --lines --format tsv --min-confidence 0.2 $TOP/datasets/demo/test.tsv > some && paste all some | awk -F '\t' '{ want = $3 < 0.2 ? "" : $2; if ($5 != want || $6 != $3) bad++; if ($5 == "") n++ } END { print (bad ? "differ" : "agree"), (n > 0 && n < NR) }'
> agree 1

### JSON: "label": null, the scores still listed
$ printf 'talks resumed in Astana\n' | $TASNIF predict -m $DEMO --lines --format json --top-k 2 --min-confidence 1000 | sed -E 's/"score":-?[0-9.]+/"score":N/g; s/"label":"[a-z]+"/"label":"L"/g'
> {"id":"\u003cstdin\u003e:1","label":null,"score_kind":"decision","scores":[{"label":"L","score":N},{"label":"L","score":N}]}

### eval --min-confidence: coverage and accuracy of the labelled documents, as predict labels them
$ $TASNIF predict -m $DEMO --lines --format tsv --min-confidence 0.2 $TOP/datasets/demo/test.tsv | cut -f2 > pred && cut -f1 $TOP/datasets/demo/test.tsv | paste - pred | awk -F '\t' '$2 != "" { n++; ok += $1 == $2 } END { printf "%d %.4f %.4f\n", n, n / NR, ok / n }' > want && $TASNIF eval -m $DEMO --min-confidence 0.2 --format json $TOP/datasets/demo/test.tsv | python3 -c 'import json,sys; r=json.load(sys.stdin); a=r["abstention"]; print("%d %.4f %.4f" % (a["labelled"], r["metrics"]["coverage"], r["metrics"]["accuracy"]))' | cmp - want && echo agree
> agree

### eval --min-confidence: the text report names coverage and the abstained documents
$ $TASNIF eval -m $DEMO --min-confidence 0.2 --bootstrap 0 $TOP/datasets/demo/test.tsv | grep -cE '^(abstained   [0-9]+ of [0-9]+ below confidence 0.2|coverage    0\.[0-9]{4})'
> 2

### eval --min-confidence: Markdown, HTML and JUnit carry the coverage
$ $TASNIF eval -m $DEMO --min-confidence 0.2 -o r.md --junit r.xml $TOP/datasets/demo/test.tsv && $TASNIF eval -m $DEMO --min-confidence 0.2 -o r.html $TOP/datasets/demo/test.tsv && grep -c '^| coverage | 0\.' r.md && grep -c '<td>coverage</td><td>0\.' r.html && grep -c 'classname="tasnif.abstention" name="coverage" time="0"><system-out>coverage 0\.' r.xml
> 1
> 1
> 1

### a coverage gate fails with exit 3 and names the metric; an accuracy gate on the covered part passes
$ $TASNIF eval -m $DEMO --min-confidence 0.2 --fail-under coverage=1,accuracy=0 -o r.json $TOP/datasets/demo/test.tsv
~ tasnif: gate failed: coverage = 0.
? 3

### gates on coverage and accuracy pass when both are met
$ $TASNIF eval -m $DEMO --min-confidence 0.2 --fail-under coverage=0.01,accuracy=0.01 -o r.json $TOP/datasets/demo/test.tsv && echo passed
> passed

### without --min-confidence coverage is 1
$ $TASNIF eval -m $DEMO --fail-under coverage=1 -o r.json $TOP/datasets/demo/test.tsv && echo passed
> passed

### every document abstaining is an error, not an empty report
$ $TASNIF eval -m $DEMO --min-confidence 1000 -o r.json $TOP/datasets/demo/test.tsv
~ every test document abstained below --min-confidence 1000
? 1

### --min-confidence is for single-label models, --allow-empty for label sets
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --min-confidence 0.5 x.txt; echo "exit $?"; $TASNIF predict -m $DEMO --allow-empty x.txt; echo "exit $?"; $TASNIF eval -m ml.tsnf --min-confidence 0.5 x.tsv; echo "exit $?"; $TASNIF train -q --allow-empty -o x.tsnf $TOP/datasets/demo/train.tsv; echo "exit $?"
> exit 2
> exit 2
> exit 2
> exit 2

### label sets: the best label even when none reaches the threshold; none with --allow-empty
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --lines --threshold 1000 $TOP/datasets/demo/test.multi.tsv | grep -c . > n && wc -l < $TOP/datasets/demo/test.multi.tsv | cmp - n && echo every line a label; $TASNIF predict -m ml.tsnf --lines --threshold 1000 --allow-empty $TOP/datasets/demo/test.multi.tsv | grep -c .
> every line a label
> 0
? 1

### train --allow-empty stores the rule in the model: info shows it, predict follows it
$ $TASNIF train -q --multi-label --allow-empty -o ae.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF info ae.tsnf | grep -cE '^allow_empty=1$|--multi-label --allow-empty' && $TASNIF predict -m ae.tsnf --lines --threshold 1000 --format json $TOP/datasets/demo/test.multi.tsv | grep -c '"label":null,"labels":\[\]' > n && wc -l < $TOP/datasets/demo/test.multi.tsv | cmp - n && echo every set empty
> 2
> every set empty

### --top-k K with --threshold: at most K labels, each reaching the threshold (fastText's predict k t)
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --lines --format json --top-k 2 --threshold -1000 $TOP/datasets/demo/test.multi.tsv | python3 -c 'import json,sys; print(sorted({len(json.loads(l)["labels"]) for l in sys.stdin}))'; $TASNIF predict -m ml.tsnf --lines --format json --top-k 2 --threshold 1000 $TOP/datasets/demo/test.multi.tsv | grep -c '"labels":\[\]' > n && wc -l < $TOP/datasets/demo/test.multi.tsv | cmp - n && echo every set empty
> [2]
> every set empty

### --top-k with --threshold keeps the best labels: the first K of the whole set
$ $TASNIF train -q --multi-label -o ml.tsnf $TOP/datasets/demo/train.multi.tsv && $TASNIF predict -m ml.tsnf --lines --format json --top-k 4 --threshold -1000 $TOP/datasets/demo/test.multi.tsv | python3 -c 'import json,sys; print(all([s["label"] for s in d["scores"][:1]] == d["labels"][:1] for d in map(json.loads, sys.stdin)))'; $TASNIF predict -m ml.tsnf --lines --format tsv --top-k 1 --threshold -1000 $TOP/datasets/demo/test.multi.tsv | cut -f2 > one; $TASNIF predict -m ml.tsnf --lines --format tsv --top-k 1 $TOP/datasets/demo/test.multi.tsv | cut -f3 | cmp - one && echo best
> True
> best
