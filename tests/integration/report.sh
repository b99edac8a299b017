#!/bin/sh
# The evaluation report: its figures equal scikit-learn's on the same
# predictions; the HTML and SVG are well-formed XML and render in headless
# Chromium to a non-blank image; labels with markup are escaped; gates exit
# with status 3.
. "$(dirname "$0")/../setup"
. "$TOP/tests/render.sh"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
"$TASNIF" train -q -b 1 -o "$T/m.tsnf" "$demo/train.tsv" || bad "train"
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r.json" "$demo/test.tsv" && ok || bad "eval json"
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r.html" --junit "$T/r.xml" "$demo/test.tsv" && ok || bad "eval html"
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r.md" "$demo/test.tsv" && ok || bad "eval md"
grep -q '^| macro-F1 | ' "$T/r.md" && ok || bad "markdown has no macro-F1 row"

# 1. figures against scikit-learn on the same predictions
if $PY -c 'import sklearn' 2>/dev/null; then
    "$TASNIF" predict -m "$T/m.tsnf" --lines --format tsv "$demo/test.tsv" | cut -f2 >"$T/pred"
    cut -f1 "$demo/test.tsv" >"$T/truth"
    if $PY - "$T/truth" "$T/pred" "$T/r.json" <<'PYEOF'
import json, sys
from sklearn.metrics import classification_report, accuracy_score, log_loss
truth = open(sys.argv[1]).read().split("\n")[:-1]
pred = open(sys.argv[2]).read().split("\n")[:-1]
rep = json.load(open(sys.argv[3]))
labels = rep["labels"]
sk = classification_report(truth, pred, labels=labels, output_dict=True, zero_division=0)
m = rep["metrics"]
pairs = [("accuracy", accuracy_score(truth, pred)),
         ("macro_precision", sk["macro avg"]["precision"]), ("macro_recall", sk["macro avg"]["recall"]),
         ("macro_f1", sk["macro avg"]["f1-score"]), ("weighted_precision", sk["weighted avg"]["precision"]),
         ("weighted_recall", sk["weighted avg"]["recall"]), ("weighted_f1", sk["weighted avg"]["f1-score"])]
for c in rep["per_class"]:
    for k, skk in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score"), ("support", "support")):
        pairs.append((c["label"] + "." + k, sk[c["label"]][skk], c[k]))
bad = 0
for p in pairs:
    name, want = p[0], p[1]
    got = p[2] if len(p) == 3 else m[name]
    if abs(got - want) > 1e-9:
        print("mismatch", name, got, want); bad += 1
print("compared", len(pairs), "figures with scikit-learn,", bad, "differ")
sys.exit(1 if bad else 0)
PYEOF
    then ok; else bad "report figures differ from scikit-learn"; fi
else
    echo "skip: scikit-learn not installed (Debian package python3-sklearn)"
    skipped=$((skipped + 1))
fi

# 2. HTML, SVG and JUnit are well-formed XML
if $PY - "$T/r.html" "$T/r.xml" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
for f in sys.argv[1:]:
    ET.parse(f)
html = open(sys.argv[1]).read()
assert html.count("<svg") >= 3, "expected three SVG figures (F1 bars, confusion matrix, calibration)"
assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", ""), "no scripts, no fetches"
PYEOF
then ok; else bad "HTML/JUnit not well-formed or not self-contained"; fi

# 3. the HTML renders in headless Chromium to a non-blank page
if html_renders "$T/r.html" "$T/r.png"; then ok
elif [ $? = 2 ]; then
    echo "skip: chromium or Pillow not installed"
    skipped=$((skipped + 1))
else bad "HTML report did not render"; fi

# 4. labels with markup and quotes are escaped in every format
printf '</script><b>"x"\tthe truce held in the north\nplain\tshelling resumed at dawn\n</script><b>"x"\tthe truce was extended\nplain\tartillery fire hit the town\n' >"$T/evil.tsv"
"$TASNIF" train -q --min-df 1 -o "$T/evil.tsnf" "$T/evil.tsv" || bad "train evil"
"$TASNIF" eval -m "$T/evil.tsnf" -o "$T/evil.html" "$T/evil.tsv" && "$TASNIF" eval -m "$T/evil.tsnf" -o "$T/evil.json" "$T/evil.tsv" || bad "eval evil"
if grep -q '</script>' "$T/evil.html" "$T/evil.json" || grep -q '<b>' "$T/evil.html"; then
    bad "raw markup from a label reached a report"
else ok; fi
$PY -c 'import json,sys; r=json.load(open(sys.argv[1])); assert "</script><b>\"x\"" in r["labels"], r["labels"]' "$T/evil.json" && ok || bad "JSON label does not round-trip"
$PY -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$T/evil.html" && ok || bad "evil HTML not well-formed"

# 5. a gate above the model's score exits 3 and names the gate
set +e
"$TASNIF" eval -m "$T/m.tsnf" --fail-under macro_f1=1,accuracy=0 "$demo/test.tsv" >/dev/null 2>"$T/gate.err"
rc=$?
set -e
[ "$rc" = 3 ] && grep -q 'gate failed: macro_f1' "$T/gate.err" && ! grep -q 'accuracy' "$T/gate.err" && ok || bad "gate exit $rc: $(cat "$T/gate.err")"
# baseline: no change passes a max-drop gate
"$TASNIF" eval -m "$T/m.tsnf" --baseline "$T/r.json" --max-drop macro_f1=0 -o "$T/b.json" "$demo/test.tsv" && ok || bad "max-drop against itself"
$PY -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["baseline"]["delta_points"]["macro_f1"] == 0 and r["passed"]' "$T/b.json" && ok || bad "baseline deltas"

finish
