#!/bin/sh
# GitHub Actions: under GITHUB_ACTIONS=true (or --ci github) a bad corpus
# line (eval and train), a skipped document and a failed gate are workflow
# commands on stderr, ::error file=F,line=L,title=T::message (::warning for
# a skipped document), escaped by GitHub's rules (% CR LF in the message;
# also : and , in file= and title=; tests/unit/test_report.c checks each
# escape); --ci none and a run outside Actions keep
# the plain "tasnif: ..." lines.  --summary FILE appends the Markdown report
# (what was there stays; two runs, two reports) and refuses an input.  The
# problem matcher docs/ci/tasnif-matcher.json finds file, line and message
# in the plain lines tasnif prints, and nothing in the other lines.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
"$TASNIF" train -q -o "$T/m.tsnf" "$demo/train.tsv" || bad "train"
# a file name with a comma, a colon and a percent sign (control
# characters in names are printed as \xHH: tests/unit/test_report.c
# checks the CR and LF escapes)
odd="$T/a,b:c%d e.tsv"
printf 'ceasefire\tA truce held in the north.\nescalation\tShelling resumed at dawn.\n50%%\tA label nobody knows.\n' >"$odd"
printf 'ceasefire\tA truce held.\nescalation\t\377 shelling\n' >"$T/utf8.tsv"
oddesc="$(printf '%s' "$T" | sed 's/%/%25/g; s/:/%3A/g; s/,/%2C/g')/a%2Cb%3Ac%25d e.tsv"

run() { # run EXPECTED-STATUS CMD...: stderr into $T/err
    status=$1
    shift
    set +e
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    set -e
    [ "$got" = "$status" ] || bad "exit $got, not $status: $*: $(cat "$T/err")"
}

# 1. a bad line in eval: an error with file and line, the data escaped
run 1 env GITHUB_ACTIONS=true "$TASNIF" eval -m "$T/m.tsnf" "$odd"
want="::error file=$oddesc,line=3,title=tasnif::label '50%25' is not one of the model's labels"
[ "$(cat "$T/err")" = "$want" ] && ok || bad "eval's bad line: $(cat "$T/err") (wanted $want)"
run 1 "$TASNIF" eval -m "$T/m.tsnf" --ci github "$odd"
[ "$(cat "$T/err")" = "$want" ] && ok || bad "--ci github: $(cat "$T/err")"
run 1 env GITHUB_ACTIONS=true "$TASNIF" eval -m "$T/m.tsnf" --ci none "$T/utf8.tsv"
grep -q "^tasnif: $T/utf8.tsv:2: invalid UTF-8" "$T/err" && ! grep -q '^::' "$T/err" && ok || bad "--ci none: $(cat "$T/err")"
run 1 env -u GITHUB_ACTIONS "$TASNIF" eval -m "$T/m.tsnf" "$T/utf8.tsv"
grep -q "^tasnif: $T/utf8.tsv:2: invalid UTF-8" "$T/err" && ok || bad "outside Actions: $(cat "$T/err")"

# 2. a skipped document: a warning
run 0 env GITHUB_ACTIONS=true "$TASNIF" eval -m "$T/m.tsnf" --skip-bad "$T/utf8.tsv"
grep -q "^::warning file=$(printf '%s' "$T" | sed 's/:/%3A/g; s/,/%2C/g')/utf8.tsv,line=2,title=tasnif%3A skipped a bad document::invalid UTF-8 at byte 1" "$T/err" &&
    ok || bad "a skipped document: $(cat "$T/err")"

# 3. a bad line in train
run 1 env GITHUB_ACTIONS=true "$TASNIF" train -q -o "$T/x.tsnf" "$T/utf8.tsv"
grep -q "^::error file=.*/utf8.tsv,line=2,title=tasnif::invalid UTF-8 at byte 1" "$T/err" && [ ! -e "$T/x.tsnf" ] &&
    ok || bad "train's bad line: $(cat "$T/err")"

# 4. a failed gate: an error titled by the command, exit 3
run 3 env GITHUB_ACTIONS=true "$TASNIF" eval -m "$T/m.tsnf" --fail-under 'macro_f1=0.99,accuracy=0.1' "$demo/test.tsv"
grep -q '^::error title=tasnif eval%3A gate failed::macro_f1 = 0\.[0-9]* is below 0\.9900$' "$T/err" &&
    [ "$(wc -l <"$T/err")" = 1 ] && ok || bad "eval's failed gate: $(cat "$T/err")"
run 3 env GITHUB_ACTIONS=true "$TASNIF" train --cv 3 --fail-under macro_f1=0.99 "$demo/train.tsv"
grep -q '^::error title=tasnif train%3A gate failed::macro_f1 = 0\.[0-9]* is below 0\.9900$' "$T/err" &&
    ok || bad "train's failed gate: $(cat "$T/err")"

# 5. --summary appends
printf '## an earlier step\n' >"$T/summary.md"
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r1.md" --summary "$T/summary.md" "$demo/test.tsv"
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r2.txt" --summary "$T/summary.md" "$demo/test.tsv" >/dev/null
"$TASNIF" eval -m "$T/m.tsnf" -o "$T/r2.md" "$demo/test.tsv"
{ printf '## an earlier step\n'; cat "$T/r1.md"; cat "$T/r2.md"; } >"$T/want.md"
sed 's/[0-9][0-9]*-[0-9-]*T[0-9:]*Z//' "$T/summary.md" >"$T/got.cmp"
sed 's/[0-9][0-9]*-[0-9-]*T[0-9:]*Z//' "$T/want.md" >"$T/want.cmp"
cmp -s "$T/got.cmp" "$T/want.cmp" && [ "$(grep -c '^| macro-F1 |' "$T/summary.md")" = 2 ] && ok ||
    bad "--summary does not append the Markdown report"
"$TASNIF" eval -m "$T/m.tsnf" --summary "$T/new-summary.md" "$demo/test.tsv" >/dev/null
cmp -s "$T/new-summary.md" "$T/r2.md" || [ "$(sed 's/T[0-9:]*Z//' "$T/new-summary.md")" = "$(sed 's/T[0-9:]*Z//' "$T/r2.md")" ] &&
    ok || bad "--summary to a new file"
run 2 "$TASNIF" eval -m "$T/m.tsnf" --summary "$demo/test.tsv" "$demo/test.tsv"
run 1 "$TASNIF" eval -m "$T/m.tsnf" --summary "$T/no/such/dir/s.md" "$demo/test.tsv"
grep -q "s.md" "$T/err" && ok || bad "--summary into a missing folder: $(cat "$T/err")"

# 6. the problem matcher on the plain lines tasnif prints
{
    "$TASNIF" eval -m "$T/m.tsnf" --ci none "$T/utf8.tsv" 2>&1 || true
    "$TASNIF" eval -m "$T/m.tsnf" --ci none --skip-bad "$T/utf8.tsv" 2>&1 >/dev/null || true
    "$TASNIF" train -q --ci none -o "$T/x.tsnf" "$T/utf8.tsv" 2>&1 || true
    "$TASNIF" eval -m "$T/m.tsnf" --ci none --fail-under macro_f1=0.99 "$demo/test.tsv" 2>&1 >/dev/null || true
} >"$T/lines"
"$PY" - "$TOP/docs/ci/tasnif-matcher.json" "$T/lines" "$T/utf8.tsv" <<'PYEOF' && ok || bad "the problem matcher"
import json, re, sys
matchers = json.load(open(sys.argv[1]))["problemMatcher"]
lines = open(sys.argv[2]).read().splitlines()
bad_file = sys.argv[3]
found = []
for line in lines:
    for m in matchers:
        p = m["pattern"][0]
        g = re.match(p["regexp"], line)
        if g:
            found.append((m["severity"], g.group(p["file"]), g.group(p["line"]), g.group(p["message"])))
err = ("error", bad_file, "2", "invalid UTF-8 at byte 1 (use --lenient to replace invalid bytes with U+FFFD)")
warn = ("warning",) + err[1:]
assert found == [err, warn, err], (found, lines)
assert any(l.startswith("tasnif: gate failed: ") for l in lines) and any(l.startswith("tasnif: skipped 1 ") for l in lines)
PYEOF
finish
