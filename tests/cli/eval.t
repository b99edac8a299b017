### eval prints accuracy, macro-F1, a per-label table and the confusion matrix
$ $TASNIF eval -m $DEMO $TOP/datasets/demo/test.tsv | grep -E '^(documents|accuracy|macro-F1|label|confusion)' | awk '{ print $1 }'
> documents
> accuracy
> macro-F1
> label
> confusion

### the confusion matrix counts every test document
$ $TASNIF eval -m $DEMO $TOP/datasets/demo/test.tsv > out && n=$(awk '/^documents/ {print $2}' out) && s=$(awk '/^confusion/ {f=1; getline; next} f && NF > 1 { for (i = 2; i < NF; i++) t += $i } END { print t }' out) && [ "$n" = "$s" ] && [ "$n" = "$(wc -l < $TOP/datasets/demo/test.tsv)" ] && echo same
> same

### a label the model does not know is an error with file:line
$ printf 'ceasefire\tthe truce held\nweather\tsunny and warm\n' > t.tsv && $TASNIF eval -m $DEMO t.tsv
! tasnif: t.tsv:2: label 'weather' is not one of the model's labels
? 1

### eval needs a test corpus
$ $TASNIF eval -m $DEMO
~ no test corpus given
? 2
