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

### a typo in a gate's metric is a usage error (2), not a failed gate (3)
$ $TASNIF eval -m $DEMO --fail-under macro_f2=0.5 $TOP/datasets/demo/test.tsv; echo "exit $?"; $TASNIF eval -m $DEMO --fail-under f1:weather=0.5 $TOP/datasets/demo/test.tsv 2>&1 | head -n 1
> exit 2
> tasnif eval: --fail-under 'f1:weather=0.5': the model has no label 'weather'
~ tasnif eval: --fail-under 'macro_f2=0.5': no such metric (accuracy, macro_f1

### --max-drop takes every metric the report shows, by the name it shows
$ $TASNIF eval -m $DEMO -o b.json $TOP/datasets/demo/test.tsv && $TASNIF eval -m $DEMO --baseline b.json --max-drop macro_precision=0,precision:ceasefire=0,recall:escalation=0,weighted_recall=0 $TOP/datasets/demo/test.tsv > /dev/null; echo "exit $?"; $TASNIF eval -m $DEMO --baseline b.json --max-drop macro_precission=1 $TOP/datasets/demo/test.tsv
> exit 0
~ --max-drop 'macro_precission=1': no such metric (accuracy, macro_f1, macro_precision
? 2

### a real gate failure still exits 3
$ $TASNIF eval -m $DEMO --fail-under accuracy=1 $TOP/datasets/demo/test.tsv > /dev/null; echo "exit $?"
> exit 3
~ gate failed: accuracy

### gates are read as NAME=VALUE at the last '=', with decimal limits only
$ $TASNIF eval -m $DEMO --fail-under 'accuracy=0x0' $TOP/datasets/demo/test.tsv >/dev/null 2>&1; echo "exit $?"; $TASNIF eval -m $DEMO --fail-under 'f1:x=y=0.5' $TOP/datasets/demo/test.tsv 2>&1 >/dev/null | head -n 1
> exit 2
> tasnif eval: --fail-under 'f1:x=y=0.5': the model has no label 'x=y'
