#!/bin/sh
# README.md's "Your own data": every command of that section ("$ " lines)
# runs, in order, on small inputs named as the section names them (made
# here from the demo corpus: TSV with a header row, fastText, JSON Lines
# with nested keys and ids, CSV with quotes, line breaks and CRLF, gzip,
# a folder per label), so the examples cannot drift from the program.
# Each must exit 0; each model it writes must hold the demo's 4 labels
# with every training document; the predictions must carry the ids.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
cd "$T"
awk '/^### /{on = ($0 == "### Your own data")} on && /^```/{code = !code; next}
     on && code && NF && !/^#/' "$TOP/README.md" >cmds
n=$(wc -l <cmds)
[ "$n" -ge 8 ] && ok || bad "README's Your own data holds $n commands"
for f in corpus.tsv corpus.txt export.jsonl export.csv corpus.tsv.gz articles; do
    grep -q " $f\( \|\$\)" cmds && ok || bad "README's Your own data has no example reading $f"
done

# the inputs, each of the demo corpus's documents
docs=$(wc -l <"$demo/train.tsv")
{ printf 'label\ttext\n'; cat "$demo/train.tsv"; } >corpus.tsv
$PY "$TOP/tests/integration/exports.py" "$demo/train.tsv" corpus.tsv

# run each command as the README gives it, "tasnif" being the one under test
i=0
while IFS= read -r cmd; do
    i=$((i + 1))
    case $cmd in *"tasnif train"*) rm -f news.tsnf ;; esac
    rc=0
    sh -c "tasnif() { \"\$TASNIF\" \"\$@\"; }; $cmd" >out 2>err </dev/null || rc=$?
    if [ $rc != 0 ]; then
        bad "README command $i exited $rc: $cmd: $(head -c 300 err)"
        continue
    fi
    ok
    case $cmd in
    *"tasnif train"*)
        "$TASNIF" info --format json news.tsnf | $PY -c '
import json, sys
d = json.load(sys.stdin)
labels = sorted(l["label"] for l in d["labels"])
assert labels == ["ceasefire", "escalation", "humanitarian", "negotiations"], labels
assert sum(l["training_documents"] for l in d["labels"]) == int(sys.argv[1]), d["labels"]' "$docs" &&
            ok || bad "README command $i: the model is not the demo corpus's: $cmd" ;;
    *"--id-field"*)
        [ "$(wc -l <out)" = "$docs" ] && [ "$(cut -f 1 out | grep -c '^a-[0-9]*$')" = "$docs" ] && ok ||
            bad "README command $i: predictions without ids: $(head -n 2 out)" ;;
    esac
done <cmds
finish
