#!/bin/sh
# Multi-label end to end: train on label sets, predict them, and check that
# `tasnif eval` reports what scikit-learn computes from the same predicted
# sets; thresholds come from the training data only (the test file cannot
# change the model); gates on multi-label metrics.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"

# check NAME TRAIN TEST: eval's figures equal scikit-learn's on predict's sets
check() {
    name=$1 train=$2 test=$3
    "$TASNIF" train -q --multi-label -o "$T/m.tsnf" "$train" || { bad "$name: train"; return; }
    "$TASNIF" predict -m "$T/m.tsnf" --lines "$test" >"$T/pred.txt" || { bad "$name: predict"; return; }
    "$TASNIF" eval -m "$T/m.tsnf" --format json --bootstrap 0 "$test" >"$T/r.json" || { bad "$name: eval"; return; }
    if ! $PY -c 'import sklearn' 2>/dev/null; then
        echo "skip: scikit-learn not installed (python3-sklearn)"; skipped=$((skipped + 1)); return
    fi
    if $PY - "$test" "$T/pred.txt" "$T/r.json" "$name" <<'PYEOF'
import json, sys
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.metrics import precision_recall_fscore_support as prfs, accuracy_score, hamming_loss
gold = [l.split("\t", 1)[0].split(",") for l in open(sys.argv[1], encoding="utf-8")]
pred = [l.rstrip("\n").split(",") for l in open(sys.argv[2], encoding="utf-8")]
r = json.load(open(sys.argv[3], encoding="utf-8"))
assert len(gold) == len(pred) == r["documents"]
assert all(len(p) >= 1 and p[0] for p in pred), "an empty label set"
mlb = MultiLabelBinarizer(classes=r["labels"]).fit(gold)
G, P = mlb.transform(gold), mlb.transform(pred)
want = {"exact_match": accuracy_score(G, P), "hamming_loss": hamming_loss(G, P)}
for avg in ("micro", "macro", "samples"):
    p, rc, f, _ = prfs(G, P, average=avg, zero_division=0)
    want.update({avg + "_precision": p, avg + "_recall": rc, avg + "_f1": f})
for k, v in want.items():
    assert abs(r["metrics"][k] - v) < 1e-9, (k, r["metrics"][k], v)
print("%s: micro-F1 %.4f macro-F1 %.4f exact %.4f Hamming %.4f, as scikit-learn computes them"
      % (sys.argv[4], want["micro_f1"], want["macro_f1"], want["exact_match"], want["hamming_loss"]))
PYEOF
    then ok; else bad "$name: figures differ from scikit-learn's"; fi
}

check demo "$demo/train.multi.tsv" "$demo/test.multi.tsv"
found=0
for dir in "$SHARED"/datasets/*/; do
    [ -f "$dir/train.multi.tsv" ] || continue
    found=1
    check "$(basename "$dir")" "$dir/train.multi.tsv" "$dir/test.multi.tsv"
done
[ "$found" = 1 ] || { echo "skip: no ../shared/datasets/*/train.multi.tsv"; skipped=$((skipped + 1)); }

# thresholds depend on the training data only: the same model bytes
# whatever the test file, and for 1 and 2 threads
"$TASNIF" train -q --multi-label -j 1 -o "$T/a.tsnf" "$demo/train.multi.tsv"
"$TASNIF" train -q --multi-label -j 2 -o "$T/b.tsnf" "$demo/train.multi.tsv"
"$TASNIF" info "$T/a.tsnf" | grep -v -e '^created=' -e '_seconds=' -e '^model ' >"$T/a.info"
"$TASNIF" info "$T/b.tsnf" | grep -v -e '^created=' -e '_seconds=' -e '^model ' >"$T/b.info"
"$TASNIF" predict -m "$T/a.tsnf" --format json --lines "$demo/test.multi.tsv" >"$T/a.out"
"$TASNIF" predict -m "$T/b.tsnf" --format json --lines "$demo/test.multi.tsv" >"$T/b.out"
cmp -s "$T/a.info" "$T/b.info" && cmp -s "$T/a.out" "$T/b.out" && ok || bad "thread count changed the model"

# gates: a multi-label metric below its limit exits 3 and is named; an
# unknown metric is a usage error
set +e
"$TASNIF" eval -m "$T/a.tsnf" --fail-under micro_f1=0.999,macro_f1=0 "$demo/test.multi.tsv" >/dev/null 2>"$T/g.err"
rc=$?
"$TASNIF" eval -m "$T/a.tsnf" --fail-under micro_f9=0.5 "$demo/test.multi.tsv" >/dev/null 2>"$T/u.err"
rc2=$?
"$TASNIF" eval -m "$T/a.tsnf" --fail-under hamming_loss=0.0001 "$demo/test.multi.tsv" >/dev/null 2>"$T/h.err"
rc3=$?
set -e
[ "$rc" = 3 ] && grep -q 'gate failed: micro_f1' "$T/g.err" && ! grep -q macro_f1 "$T/g.err" && ok || bad "micro_f1 gate: exit $rc"
[ "$rc2" = 2 ] && grep -q 'micro_f9' "$T/u.err" && ok || bad "unknown gate metric: exit $rc2"
[ "$rc3" = 3 ] && grep -q 'hamming_loss = .* is above' "$T/h.err" && ok || bad "hamming gate: exit $rc3"
# every report format and JUnit
for f in json md html txt; do
    "$TASNIF" eval -m "$T/a.tsnf" -o "$T/r.$f" "$demo/test.multi.tsv" || bad "eval -o r.$f"
done
"$TASNIF" eval -m "$T/a.tsnf" --junit "$T/j.xml" --fail-under micro_f1=0.5 "$demo/test.multi.tsv" >/dev/null &&
    $PY -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$T/j.xml" &&
    $PY -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/r.json" && grep -q 'micro' "$T/r.md" && ok ||
    bad "report formats"
# a test label the model does not know names file and line
printf 'ceasefire,nosuch\tthe truce held\n' >"$T/bad.tsv"
set +e
"$TASNIF" eval -m "$T/a.tsnf" "$T/bad.tsv" >/dev/null 2>"$T/bad.err"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "bad.tsv:1: label 'nosuch' is not one of the model's labels" "$T/bad.err" && ok ||
    bad "unknown test label: exit $rc: $(cat "$T/bad.err")"
finish
