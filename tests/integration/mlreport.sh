#!/bin/sh
# The multi-label report: on seeded random label sets its every figure
# equals scikit-learn's (and its bootstrap intervals equal the same
# resamples weighted in scikit-learn); gates exit 3, unknown gates 2;
# HTML and JUnit are well-formed XML; a label like </b>"& is escaped in
# every format; the HTML renders in headless Chromium.
. "$(dirname "$0")/../setup"
. "$TOP/tests/render.sh"
PY=/usr/bin/python3
TOOL="${MLREPORT_TOOL:-$TOP/build/tests/mlreport_tool}"
if ! $PY -c 'import sklearn, numpy' 2>/dev/null; then
    echo "skip: scikit-learn is not installed for $PY (Debian package python3-sklearn)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
[ -x "$TOOL" ] || { echo "FAILED no test driver $TOOL (make $TOOL)"; echo "0 passed, 1 failed"; exit 1; }

# Two seeded cases: 300 documents over 6 labels (one never predicted, one
# with markup in its name), and 40 documents over 5 labels with a label
# that never occurs and many empty sets.
$PY - "$T" <<'PYEOF'
import random, sys
t = sys.argv[1]
def gen(path, seed, n, labels, p_true, p_flip, never_pred=(), p_empty=0.0):
    rng = random.Random(seed)
    with open(path, "w") as f:
        for _ in range(n):
            truth = [l for l in labels if rng.random() < p_true[l]]
            if rng.random() < p_empty:
                truth = []
            pred = [l for l in labels if (l in truth) != (rng.random() < p_flip) and l not in never_pred]
            if rng.random() < p_empty:
                pred = []
            f.write(",".join(truth) + "\t" + ",".join(pred) + "\n")
a = ["arts", "</b>\"&", "sport", "never", "science", "politics"]
gen(t + "/a.tsv", 42, 300, a, dict(zip(a, [0.4, 0.3, 0.5, 0.2, 0.25, 0.35])), 0.2, never_pred=("never",), p_empty=0.05)
open(t + "/a.labels", "w").write(",".join(a))
b = ["x", "y", "ghost", "z", "w"]
gen(t + "/b.tsv", 7, 40, [l for l in b if l != "ghost"], dict(x=0.3, y=0.6, z=0.1, w=0.5), 0.3, p_empty=0.3)
open(t + "/b.labels", "w").write(",".join(b))
PYEOF

for c in a b; do
    "$TOOL" -f json -b 200 -s 5 -l "$(cat "$T/$c.labels")" "$T/$c.tsv" >"$T/$c.json" && ok || bad "tool on case $c"
done

# 1. every figure and interval against scikit-learn
if $PY - "$T" <<'PYEOF'
import json, sys
import numpy as np
from sklearn.metrics import precision_recall_fscore_support, accuracy_score, hamming_loss
from sklearn.preprocessing import MultiLabelBinarizer
t = sys.argv[1]
M = (1 << 64) - 1
bad = compared = 0

def figures(Y, P, w=None):
    f = {}
    for avg in ("micro", "macro", "samples"):
        p, r, f1, _ = precision_recall_fscore_support(Y, P, average=avg, zero_division=0, sample_weight=w)
        f[avg + "_precision"], f[avg + "_recall"], f[avg + "_f1"] = p, r, f1
    f["exact_match"] = accuracy_score(Y, P, sample_weight=w)
    f["hamming_loss"] = hamming_loss(Y, P, sample_weight=w)
    return f

def same(name, got, want):
    global bad, compared
    compared += 1
    if got is None or abs(got - want) > 1e-9:
        print("mismatch", name, got, want)
        bad += 1

for case in ("a", "b"):
    rep = json.load(open(f"{t}/{case}.json"))
    labels = rep["labels"]
    assert labels == open(f"{t}/{case}.labels").read().split(","), labels
    rows = [l.rstrip("\n").split("\t") for l in open(f"{t}/{case}.tsv")]
    split = lambda s: [x for x in s.split(",") if x]
    mlb = MultiLabelBinarizer(classes=labels)
    Y = mlb.fit_transform([split(r[0]) for r in rows])
    P = mlb.transform([split(r[1]) for r in rows])
    same(case + ".documents", rep["documents"], len(rows))
    m = rep["metrics"]
    for k, v in figures(Y, P).items():
        same(f"{case}.{k}", m[k], v)
    same(case + ".label_cardinality_true", m["label_cardinality_true"], Y.sum(axis=1).mean())
    same(case + ".label_cardinality_pred", m["label_cardinality_pred"], P.sum(axis=1).mean())
    p, r, f1, s = precision_recall_fscore_support(Y, P, average=None, zero_division=0)
    for i, pl in enumerate(rep["per_label"]):
        assert pl["label"] == labels[i]
        for k, want in (("precision", p[i]), ("recall", r[i]), ("f1", f1[i]), ("support", s[i]),
                        ("predicted", P[:, i].sum())):
            same(f"{case}.{labels[i]}.{k}", pl[k], want)
    # the same resamples (xorshift as report_util.c), weighted in scikit-learn
    iv = rep["intervals"]
    n, B = len(rows), iv["resamples"]
    s64 = (0x9E3779B97F4A7C15 ^ iv["seed"]) & M
    names = ["micro_f1", "macro_f1", "samples_f1", "exact_match", "hamming_loss"]
    vals = {k: [] for k in names}
    for _ in range(B):
        w = np.zeros(n)
        for _ in range(n):
            s64 ^= s64 >> 12
            s64 ^= (s64 << 25) & M
            s64 ^= s64 >> 27
            w[((s64 * 0x2545F4914F6CDD1D) & M) % n] += 1
        f = figures(Y, P, w)
        for k in names:
            vals[k].append(f[k])
    for k in names:
        lo, hi = np.percentile(vals[k], [2.5, 97.5])
        same(f"{case}.interval.{k}.low", iv[k][0], lo)
        same(f"{case}.interval.{k}.high", iv[k][1], hi)
    assert iv["level"] == 0.95 and iv["method"] == "percentile bootstrap"
a = json.load(open(f"{t}/a.json"))
never = [pl for pl in a["per_label"] if pl["label"] == "never"][0]
assert never["predicted"] == 0 and never["precision"] == 0 and never["support"] > 0, never
b = json.load(open(f"{t}/b.json"))
ghost = [pl for pl in b["per_label"] if pl["label"] == "ghost"][0]
assert ghost["support"] == 0 and ghost["predicted"] == 0 and ghost["f1"] == 0, ghost
print("compared", compared, "figures with scikit-learn,", bad, "differ")
sys.exit(1 if bad else 0)
PYEOF
then ok; else bad "multi-label figures differ from scikit-learn"; fi

# 2. gates: pass exits 0, a failed gate 3 (hamming_loss is "at most"), an
#    unknown metric 2
set +e
"$TOOL" -b 0 -g 'micro_f1=0,hamming_loss=1,f1:</b>"&=0' "$T/a.tsv" >/dev/null; rc1=$?
"$TOOL" -b 0 -g 'micro_f1=0,hamming_loss=0.01' -j "$T/a.xml" -f html "$T/a.tsv" >"$T/a.html"; rc2=$?
"$TOOL" -b 0 -g 'micro_f1=0,micro_f2=0.5' "$T/a.tsv" >/dev/null 2>"$T/gate.err"; rc3=$?
set -e
[ "$rc1" = 0 ] && ok || bad "passing gates exit $rc1"
[ "$rc2" = 3 ] && ok || bad "failing hamming_loss gate exit $rc2"
[ "$rc3" = 2 ] && grep -q "micro_f2" "$T/gate.err" && ok || bad "unknown gate exit $rc3: $(cat "$T/gate.err")"
$PY - "$T/a.xml" <<'PYEOF' && ok || bad "JUnit: one test case per gate"
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert s.get("tests") == "2" and s.get("failures") == "1", s.attrib
cases = s.findall("testcase")
assert [c.get("name") for c in cases] == ["micro_f1 >= 0.0000", "hamming_loss <= 0.0100"], [c.get("name") for c in cases]
assert all(c.get("classname") == "tasnif.gate" for c in cases)
f = cases[1].find("failure")
assert f is not None and cases[0].find("failure") is None
assert "is above 0.0100" in f.get("message") and f.text == f.get("message"), (f.attrib, f.text)
PYEOF

# 3. HTML well-formed and self-contained; the label with markup escaped in
#    every format
for f in md text; do "$TOOL" -b 50 -f $f "$T/a.tsv" >"$T/a.$f" || bad "format $f"; done
if grep -q '</b>' "$T/a.html" "$T/a.json" "$T/a.md" "$T/a.xml"; then
    bad "raw markup from a label reached a report"
else ok; fi
grep -q '</b>"&' "$T/a.text" && ok || bad "the text report lost the label"
$PY - "$T/a.html" <<'PYEOF' && ok || bad "HTML not well-formed or not self-contained"
import sys, xml.etree.ElementTree as ET
ET.parse(sys.argv[1])
html = open(sys.argv[1]).read()
assert html.count("<svg") == 1 and "F1 per label" in html, "expected the SVG bar chart of per-label F1"
assert "&lt;/b&gt;&quot;&amp;" in html
assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", ""), "no scripts, no fetches"
PYEOF

# 4. the HTML renders in headless Chromium to a non-blank page
if html_renders "$T/a.html" "$T/a.png" 500; then ok
elif [ $? = 2 ]; then
    echo "skip: chromium or Pillow not installed"
    skipped=$((skipped + 1))
else bad "HTML report did not render"; fi

finish
