#!/bin/sh
# tasnif eval --compare: two models on the same documents.  A model against
# itself: no difference, empty intervals at 0, McNemar's p = 1, no gate
# fails.  A model trained on a tenth of the data against the one trained on
# all of it: a significant drop, exit 3, the gate named.  A drop over the
# limit that the test set cannot tell from noise (one document of four)
# passes with --significance and fails without it.  The figures, the paired
# intervals and McNemar's test recomputed from both models' predictions
# (compare.py, scikit-learn on the same resamples), for single labels and
# label sets; every report format shows the comparison; misuse exits 2.
. "$(dirname "$0")/../setup"
demo="$TOP/datasets/demo"
cp "$demo/test.tsv" "$T/test.tsv"
cp "$demo/test.multi.tsv" "$T/mtest.tsv"
awk 'NR % 10 == 1' "$demo/train.tsv" >"$T/tenth.tsv"
awk 'NR % 10 == 1' "$demo/train.multi.tsv" >"$T/mtenth.tsv"
"$TASNIF" train -q -o "$T/new.tsnf" "$demo/train.tsv" || bad "train"
"$TASNIF" train -q -o "$T/old.tsnf" "$T/tenth.tsv" || bad "train on a tenth"
"$TASNIF" train -q --multi-label -o "$T/mnew.tsnf" "$demo/train.multi.tsv" || bad "train label sets"
"$TASNIF" train -q --multi-label -o "$T/mold.tsnf" "$T/mtenth.tsv" || bad "train label sets on a tenth"

# 1. a model against itself
for m in new mnew; do
    test=test.tsv
    [ $m = mnew ] && test=mtest.tsv
    set +e
    "$TASNIF" eval -m "$T/$m.tsnf" --compare "$T/$m.tsnf" --max-drop macro_f1=1 --significance 0.05 \
        -o "$T/self.json" "$T/$test" 2>"$T/self.err"
    rc=$?
    set -e
    [ $rc = 0 ] && ok || bad "$m against itself: exit $rc: $(cat "$T/self.err")"
    /usr/bin/python3 - "$T/self.json" <<'PYEOF' && ok || bad "$m against itself: a difference"
import json, sys
r = json.load(open(sys.argv[1]))
c = r["comparison"]
assert len(c["metrics"]) == 5
for m, v in c["metrics"].items():
    assert v["new"] == v["old"] and v["difference_points"] == 0, (m, v)
    assert v["interval_points"] == [0, 0] and not v["significant"], (m, v)
assert c["mcnemar"]["new_only"] == 0 and c["mcnemar"]["old_only"] == 0 and c["mcnemar"]["p_value"] == 1
assert c["significance"] == 0.05 and r["passed"] is True
g = r["gates"][0]
assert g["metric"] == "macro_f1" and g["pass"] is True and g["significance"] == 0.05, g
PYEOF
done

# 2. a tenth of the data against all of it: a significant drop, exit 3
for kind in single sets; do
    if [ $kind = single ]; then a=old b=new test=test.tsv; else a=mold b=mnew test=mtest.tsv; fi
    set +e
    "$TASNIF" eval -m "$T/$a.tsnf" --compare "$T/$b.tsnf" --max-drop macro_f1=1 --significance 0.05 \
        --bootstrap 200 -o "$T/$kind.json" "$T/$test" 2>"$T/drop.err"
    rc=$?
    set -e
    [ $rc = 3 ] && ok || bad "$kind: a tenth of the data against all of it: exit $rc, not 3"
    grep -q '^tasnif: gate failed: macro_f1 dropped .* points (95% interval .*), more than 1.00, and its interval excludes 0$' \
        "$T/drop.err" && ok || bad "$kind: the failed gate not named: $(cat "$T/drop.err")"
    set +e
    "$TASNIF" eval -m "$T/$b.tsnf" --compare "$T/$a.tsnf" --max-drop macro_f1=1 --significance 0.05 \
        -o "$T/up.json" "$T/$test" 2>"$T/up.err"
    rc=$?
    set -e
    [ $rc = 0 ] && ok || bad "$kind: a gain fails the gate: exit $rc: $(cat "$T/up.err")"
done

# 3. the figures from both models' own predictions
status=0
/usr/bin/python3 "$TOP/tests/integration/compare.py" "$TASNIF" "$T" >"$T/py.out" 2>&1 || status=$?
p0=$passed f0=$failed
py_counts "$T/py.out" "$status" compare.py
passed=$((passed + p0)) failed=$((failed + f0))

# 4. a drop over the limit that four documents cannot tell from noise: one
#    document the new model gets wrong and the old one right, three both get
#    right; with --significance it passes, without it fails
"$TASNIF" predict -m "$T/old.tsnf" --lines "$T/test.tsv" >"$T/p.old"
"$TASNIF" predict -m "$T/new.tsnf" --lines "$T/test.tsv" >"$T/p.new"
cut -f1 "$T/test.tsv" | paste - "$T/p.old" "$T/p.new" | paste - "$T/test.tsv" |
    awk -F '\t' '$1 != $2 && $1 == $3 && !d { d = 1; print $4 "\t" $5 } $1 == $2 && $1 == $3 && s < 3 { s++; print $4 "\t" $5 }' \
        >"$T/four.tsv"
[ "$(wc -l <"$T/four.tsv")" = 4 ] && ok || bad "four documents: $(wc -l <"$T/four.tsv")"
set +e
"$TASNIF" eval -m "$T/old.tsnf" --compare "$T/new.tsnf" --max-drop accuracy=1 --significance 0.05 \
    -o "$T/four.json" "$T/four.tsv" 2>"$T/four.err"
rc1=$?
"$TASNIF" eval -m "$T/old.tsnf" --compare "$T/new.tsnf" --max-drop accuracy=1 -o "$T/four2.json" "$T/four.tsv" \
    2>"$T/four2.err"
rc2=$?
set -e
[ $rc1 = 0 ] && ok || bad "a drop within noise fails with --significance: exit $rc1: $(cat "$T/four.err")"
[ $rc2 = 3 ] && ok || bad "a drop over the limit passes without --significance: exit $rc2"
/usr/bin/python3 - "$T/four.json" <<'PYEOF' && ok || bad "four documents: the drop and its interval"
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]["metrics"]["accuracy"]
assert c["difference_points"] == -25 and c["interval_points"][1] == 0 and not c["significant"], c
PYEOF

# 5. every format shows the comparison
"$TASNIF" eval -m "$T/old.tsnf" --compare "$T/new.tsnf" --color never "$T/test.tsv" >"$T/r.txt"
grep -q '^comparison with .*new.tsnf on the same 80 documents' "$T/r.txt" &&
    grep -q '^  macro_f1  .* \*$' "$T/r.txt" && grep -q "^McNemar's exact test on accuracy: 0 documents right" "$T/r.txt" &&
    ok || bad "text report: no comparison"
"$TASNIF" eval -m "$T/old.tsnf" --compare "$T/new.tsnf" -o "$T/r.md" "$T/test.tsv"
grep -q '^### Comparison with `.*new.tsnf` on the same 80 documents' "$T/r.md" &&
    grep -q '^| macro_f1 | .* | \*\*-' "$T/r.md" && ok || bad "Markdown report: no comparison"
"$TASNIF" eval -m "$T/old.tsnf" --compare "$T/new.tsnf" -o "$T/r.html" --junit "$T/r.xml" "$T/test.tsv"
grep -q '<h2>Comparison with <code>' "$T/r.html" && grep -q 'class="neg"' "$T/r.html" && ok ||
    bad "HTML report: no comparison"
/usr/bin/python3 - "$T/r.xml" <<'PYEOF' && ok || bad "JUnit: no comparison suite"
import sys, xml.etree.ElementTree as ET
suites = [s for s in ET.parse(sys.argv[1]).getroot() if s.get("name").startswith("tasnif eval: comparison with")]
assert len(suites) == 1
cases = suites[0].findall("testcase")
assert [c.get("name") for c in cases] == ["accuracy", "macro_f1", "weighted_f1", "macro_precision", "macro_recall"]
assert all(c.get("classname") == "tasnif.compare" for c in cases)
assert "significant" in cases[1].find("system-out").text
PYEOF

# 6. misuse: standard input (read twice), other labels, another kind of model
expect2() {
    set +e
    "$@" >/dev/null 2>"$T/use.err"
    rc=$?
    set -e
    [ $rc = 2 ] && ok || bad "exit $rc, not 2: $*: $(cat "$T/use.err")"
}
expect2 "$TASNIF" eval -m "$T/new.tsnf" --compare "$T/old.tsnf" - <"$T/test.tsv"
expect2 "$TASNIF" eval -m "$T/new.tsnf" --compare "$T/mnew.tsnf" "$T/test.tsv"
expect2 "$TASNIF" eval -m "$T/new.tsnf" --significance 0.05 "$T/test.tsv"
expect2 "$TASNIF" eval -m "$T/new.tsnf" --compare "$T/old.tsnf" --baseline "$T/self.json" "$T/test.tsv"
expect2 "$TASNIF" eval -m "$T/new.tsnf" --compare "$T/old.tsnf" --max-drop f1:ceasefire=1 "$T/test.tsv"
printf 'a\tone two\nb\tthree four\na\tfive six\nb\tseven\n' >"$T/ab.tsv"
"$TASNIF" train -q --min-df 1 -o "$T/ab.tsnf" "$T/ab.tsv"
expect2 "$TASNIF" eval -m "$T/new.tsnf" --compare "$T/ab.tsnf" "$T/test.tsv"
finish
