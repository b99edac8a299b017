#!/bin/sh
# JUnit XML that Jenkins and GitLab show: every file tasnif writes passes
# tests/tools/junit_check.py (the rules of Jenkins' junit-10.xsd, the counts,
# a failure's text) and is read by an independent JUnit reader (junitparser,
# Debian's python3-junitparser): one suite per test file with a case per
# label (classname tasnif.label), a suite of the gates (tasnif.gate) whose
# failed case carries its reason as message and text, times everywhere;
# --junit - writes the XML to standard output; --format junit and -o X.xml
# write the same; label sets and train --cv --report X.xml too.  The checker
# itself rejects the old layout (an empty <failure/>).
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
CHECK="$TOP/tests/tools/junit_check.py"
demo="$TOP/datasets/demo"
head -40 "$demo/test.tsv" >"$T/first.tsv"
tail -40 "$demo/test.tsv" >"$T/second.tsv"
"$TASNIF" train -q -o "$T/m.tsnf" "$demo/train.tsv" || bad "train"
"$TASNIF" train -q --multi-label -o "$T/mm.tsnf" "$demo/train.multi.tsv" || bad "train label sets"

# 1. --junit - on standard output, two test files, a passing and a failing gate
set +e
"$TASNIF" eval -m "$T/m.tsnf" --fail-under accuracy=0.5,macro_f1=0.99 --junit - "$T/first.tsv" "$T/second.tsv" \
    >"$T/out.xml" 2>"$T/err"
rc=$?
set -e
[ $rc = 3 ] && ok || bad "a failed gate: exit $rc: $(cat "$T/err")"
"$PY" "$CHECK" "$T/out.xml" >"$T/check" && ok || bad "--junit -: $(cat "$T/check")"
"$PY" - "$T/out.xml" <<'PYEOF' && ok || bad "--junit -: junitparser reads something else"
import sys
from junitparser import JUnitXml, Failure
x = JUnitXml.fromfile(sys.argv[1])
suites = list(x)
names = [s.name for s in suites]
assert names[0].endswith("first.tsv") and names[1].endswith("second.tsv") and names[2] == "tasnif eval: gates", names
for s in suites[:2]:
    cases = list(s)
    assert [c.name for c in cases] == ["ceasefire", "escalation", "humanitarian", "negotiations"], [c.name for c in cases]
    assert all(c.classname == "tasnif.label" and c.is_passed for c in cases)
    assert s.tests == 4 and s.failures == 0 and s.time > 0 and s.timestamp
    assert "f1 " in cases[0].system_out
gates = list(suites[2])
assert [c.classname for c in gates] == ["tasnif.gate", "tasnif.gate"]
assert gates[0].name == "accuracy >= 0.5000" and gates[0].is_passed
f = gates[1].result[0]
assert isinstance(f, Failure) and gates[1].name == "macro_f1 >= 0.9900"
assert f.message.startswith("macro_f1 = 0.9") and f.message.endswith("is below 0.9900") and f.text == f.message, (f.message, f.text)
assert x.tests == 10 and x.failures == 1 and suites[2].failures == 1
PYEOF
grep -q '^tasnif: gate failed: macro_f1 = .* is below 0.9900$' "$T/err" && ok || bad "the gate not named on stderr"

# 2. --junit - with -o: the report to its file, the XML alone on standard output
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r.md" --junit - "$T/first.tsv" >"$T/only.xml"
head -c 5 "$T/only.xml" | grep -q '^<?xml' && grep -q '^| macro-F1 |' "$T/r.md" && "$PY" "$CHECK" "$T/only.xml" >/dev/null &&
    ok || bad "--junit - with -o FILE"

# 3. the same XML three ways
"$TASNIF" eval -m "$T/m.tsnf" --format junit "$T/first.tsv" >"$T/a.xml"
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/b.xml" "$T/first.tsv"
"$TASNIF" eval -m "$T/m.tsnf" --junit "$T/c.xml" -o "$T/c.json" "$T/first.tsv"
for f in a b c; do sed 's/timestamp="[^"]*"//; s/time="[^"]*"//g' "$T/$f.xml" >"$T/$f.cmp"; done
cmp -s "$T/a.cmp" "$T/b.cmp" && cmp -s "$T/a.cmp" "$T/c.cmp" && "$PY" "$CHECK" "$T/a.xml" >/dev/null && ok ||
    bad "--format junit, -o X.xml and --junit differ"

# 4. label sets, and a comparison
set +e
"$TASNIF" eval -m "$T/mm.tsnf" --compare "$T/mm.tsnf" --max-drop micro_f1=1 --fail-under hamming_loss=0.01 \
    --junit "$T/ml.xml" "$demo/test.multi.tsv" >/dev/null 2>&1
rc=$?
set -e
[ $rc = 3 ] && "$PY" "$CHECK" "$T/ml.xml" >"$T/check" && ok || bad "label sets: exit $rc: $(cat "$T/check")"
"$PY" - "$T/ml.xml" <<'PYEOF' && ok || bad "label sets: junitparser reads something else"
import sys
from junitparser import JUnitXml
suites = list(JUnitXml.fromfile(sys.argv[1]))
assert len(suites) == 3 and suites[2].name.startswith("tasnif eval: comparison with"), [s.name for s in suites]
gates = {c.name: c for c in suites[1]}
assert gates["hamming_loss <= 0.0100"].result[0].text.endswith("is above 0.0100")
assert gates["micro_f1 drop <= 1.00 points"].is_passed
assert all(c.classname == "tasnif.compare" for c in suites[2])
PYEOF

# 5. cross-validation's report as JUnit
set +e
"$TASNIF" train --cv 3 --fail-under macro_f1=0.99 --report "$T/cv.xml" "$demo/train.tsv" >/dev/null 2>&1
rc=$?
set -e
[ $rc = 3 ] && "$PY" "$CHECK" "$T/cv.xml" >"$T/check" && grep -q 'classname="tasnif.gate"' "$T/cv.xml" && ok ||
    bad "train --cv --report X.xml: exit $rc: $(cat "$T/check")"

# 6. the checker can fail: the layout GitLab showed without a reason
cat >"$T/old.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="tasnif eval" tests="1" failures="1">
<testcase classname="gate" name="macro_f1"><failure message="macro_f1 = 0.7585 is below 0.8000"/></testcase>
</testsuite></testsuites>
EOF
if "$PY" "$CHECK" "$T/old.xml" >"$T/check"; then bad "the checker passed an empty failure"; else
    grep -q 'has no' "$T/check" && ok || bad "the checker's reason: $(cat "$T/check")"; fi
sed 's/failures="1"/failures="0"/; s|<failure message="\([^"]*\)"/>|<failure message="\1">\1</failure>|; s/<testcase /<testcase time="0" /; s/tests="1"/tests="1" time="0"/' \
    "$T/old.xml" >"$T/counts.xml"
if "$PY" "$CHECK" "$T/counts.xml" >"$T/check"; then bad "the checker passed wrong counts"; else
    grep -q 'failures=0, holds 1' "$T/check" && ok || bad "the checker's reason: $(cat "$T/check")"; fi
finish
