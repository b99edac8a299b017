#!/bin/sh
# Gates on training scores: train --cv K --fail-under exits 3 when an
# out-of-fold metric is below its limit (the value the --report of the same
# folds shows), 0 when none is; after --auto and --grid on the chosen
# setting's cross-validated score, with the model written all the same (it
# loads and evaluates), or with --no-model-on-fail not written (an earlier
# file left as it was); label sets (hamming_loss "at most"); misuse exits 2;
# --help says what happens to the model.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
run() { # run EXPECTED-STATUS CMD...: stdout into $T/out, stderr into $T/err
    status=$1
    shift
    set +e
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    set -e
    [ "$got" = "$status" ] && ok || bad "exit $got, not $status: $*: $(cat "$T/err")"
}

# 1. --cv: the gate judges the out-of-fold macro-F1 the report shows
run 3 "$TASNIF" train -q --cv 3 --fail-under accuracy=0.1,macro_f1=0.99 --report "$T/cv.json" "$demo/train.tsv"
"$PY" - "$T/cv.json" "$T/err" <<'PYEOF' && ok || bad "--cv: the gate's value is not the report's: $(cat "$T/err")"
import json, sys
r = json.load(open(sys.argv[1]))
err = open(sys.argv[2]).read().splitlines()
want = "tasnif: gate failed: macro_f1 = %.4f is below 0.9900" % r["metrics"]["macro_f1"]
assert err == [want], (err, want)
assert [g["pass"] for g in r["gates"]] == [True, False] and r["passed"] is False
PYEOF
grep -q '^  FAIL  macro_f1 = ' "$T/out" && grep -q '^  PASS  accuracy = ' "$T/out" && ok || bad "--cv: no gates section"
run 0 "$TASNIF" train -q --cv 3 --fail-under macro_f1=0.1 "$demo/train.tsv"

# 2. --auto: the model is written all the same, or not with --no-model-on-fail
auto="--auto --auto-time 60 --auto-repeats 1"
# shellcheck disable=SC2086
run 3 "$TASNIF" train -q $auto --fail-under macro_f1=0.99 -o "$T/auto.tsnf" "$demo/train.tsv"
grep -q '^tasnif: gate failed: macro_f1 = 0\.[0-9]* is below 0\.9900$' "$T/err" && ok || bad "--auto: $(cat "$T/err")"
"$TASNIF" eval -m "$T/auto.tsnf" "$demo/test.tsv" >/dev/null && ok || bad "--auto: the model written after a failed gate"
# shellcheck disable=SC2086
run 0 "$TASNIF" train -q $auto --fail-under macro_f1=0.1 -o "$T/auto2.tsnf" "$demo/train.tsv"
[ -s "$T/auto2.tsnf" ] && ok || bad "--auto: no model after the gates passed"
printf 'an earlier model\n' >"$T/keep.tsnf"
# shellcheck disable=SC2086
run 3 "$TASNIF" train -q $auto --fail-under macro_f1=0.99 --no-model-on-fail -o "$T/keep.tsnf" "$demo/train.tsv"
[ "$(cat "$T/keep.tsnf")" = "an earlier model" ] && ok || bad "--no-model-on-fail replaced the model"

# 3. --grid, and label sets
run 3 "$TASNIF" train -q --grid --cv 3 --fail-under macro_f1=0.99 -o "$T/grid.tsnf" "$demo/train.tsv"
[ -s "$T/grid.tsnf" ] && ok || bad "--grid: no model after a failed gate"
run 3 "$TASNIF" train -q --grid --cv 3 --fail-under macro_f1=0.99 --no-model-on-fail -o "$T/grid2.tsnf" "$demo/train.tsv"
[ ! -e "$T/grid2.tsnf" ] && ok || bad "--grid --no-model-on-fail wrote a model"
run 3 "$TASNIF" train -q --multi-label --cv 3 --fail-under micro_f1=0.1,hamming_loss=0.01 "$demo/train.multi.tsv"
grep -q '^tasnif: gate failed: hamming_loss = 0\.[0-9]* is above 0\.0100$' "$T/err" && [ "$(wc -l <"$T/err")" = 1 ] &&
    ok || bad "label sets: $(cat "$T/err")"

# 4. misuse, and --help
run 2 "$TASNIF" train -q --fail-under macro_f1=0.5 -o "$T/x.tsnf" "$demo/train.tsv"
run 2 "$TASNIF" train -q --cv 3 --no-model-on-fail "$demo/train.tsv"
run 2 "$TASNIF" train -q --cv 3 --fail-under macro_f2=0.5 "$demo/train.tsv"
run 2 "$TASNIF" train -q --cv 3 --fail-under macro_f1=2 "$demo/train.tsv"
"$TASNIF" train --help >"$T/help"
grep -q -- '--fail-under M=V,\.\.\. .*the model is still written' "$T/help" && grep -q -- '--no-model-on-fail' "$T/help" &&
    grep -q '3 a$' "$T/help" && ok || bad "--help does not say what a failed gate does"
finish
