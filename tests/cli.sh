#!/bin/sh
# Command-line golden tests.  Each tests/cli/*.t file holds cases:
#
#   ### what the case checks
#   $ command line (run by sh in a scratch folder; $TASNIF, $TOP, $T,
#     $DEMO (the demo model) are set)
#   < a line of standard input              (optional, repeatable)
#   > a line of expected standard output    (optional, repeatable)
#   ! a line of expected standard error     (optional, repeatable)
#   ~ a fixed string standard error must contain (optional)
#   ? expected exit status                  (default 0)
#
# Output must match exactly unless the case has no '>' lines and says
# '> *' (any output).  A case whose title starts with "[slow]" is skipped
# when CLI_SKIP_SLOW=1 (make check runs the cases under valgrind, where a
# whole --auto search takes minutes).  CLI_CASES=FILE runs only the cases
# FILE names, one "FILE.t: title" a line (a name that matches no case is a
# failure); CLI_COVERAGE=DIR runs each case with GCOV_PREFIX=DIR/N, for
# scripts/valgrind-cases.sh.  Prints "N passed, N failed, N skipped".
. "$(dirname "$0")/setup"
DEMO="$T/demo.tsnf"
export DEMO
"$TASNIF" train -q -o "$DEMO" "${DEMO_CORPUS:-$TOP/datasets/demo/train.tsv}"
passed=0 failed=0 skipped=0
if [ -n "${CLI_CASES:-}" ]; then
    sed -e '/^#/d' -e '/^$/d' "$CLI_CASES" >"$T/wanted"
    : >"$T/seen"
fi
ncase=0
for file in "$TOP"/tests/cli/*.t; do
    rm -rf "$T/case"
    mkdir -p "$T/case"
    awk -v dir="$T/case" '
        function flush(  i, ext) {
            if (!n) return
            print code > (dir "/" n ".code")
            split("code name in out err has cmd", ext, " ")
            for (i = 1; i <= 7; i++) close(dir "/" n "." ext[i]) # mawk keeps few files open
        }
        /^### / { flush(); n++; code = 0; print substr($0, 5) > (dir "/" n ".name");
                  printf "" > (dir "/" n ".in"); printf "" > (dir "/" n ".out");
                  printf "" > (dir "/" n ".err"); printf "" > (dir "/" n ".has"); next }
        /^\$ / { print substr($0, 3) > (dir "/" n ".cmd"); next }
        /^< ?/ { print substr($0, 3) > (dir "/" n ".in"); next }
        /^> ?/ { print substr($0, 3) > (dir "/" n ".out"); next }
        /^! ?/ { print substr($0, 3) > (dir "/" n ".err"); next }
        /^~ / { print substr($0, 3) > (dir "/" n ".has"); next }
        /^\? / { code = substr($0, 3); next }
        END { flush() }
    ' "$file"
    i=1
    while [ -f "$T/case/$i.cmd" ]; do
        name="$(basename "$file" .t): $(cat "$T/case/$i.name")"
        if [ -n "${CLI_CASES:-}" ]; then
            if ! grep -qxF -- "$(basename "$file"): $(cat "$T/case/$i.name")" "$T/wanted"; then
                i=$((i + 1))
                continue
            fi
            echo "$(basename "$file"): $(cat "$T/case/$i.name")" >>"$T/seen"
        fi
        ncase=$((ncase + 1))
        if [ -n "${CLI_COVERAGE:-}" ]; then
            echo "$(basename "$file"): $(cat "$T/case/$i.name")" >"$CLI_COVERAGE/$ncase.name"
            GCOV_PREFIX="$CLI_COVERAGE/$ncase"
            export GCOV_PREFIX
        fi
        case "$(cat "$T/case/$i.name")" in
        "[slow]"*)
            if [ "${CLI_SKIP_SLOW:-0}" = 1 ]; then
                skipped=$((skipped + 1))
                i=$((i + 1))
                continue
            fi ;;
        esac
        mkdir -p "$T/work"
        set +e
        (cd "$T/work" && sh -c "$(cat "$T/case/$i.cmd")") <"$T/case/$i.in" >"$T/out" 2>"$T/err"
        got=$?
        set -e
        want=$(cat "$T/case/$i.code")
        ok=1
        why=""
        if [ "$got" != "$want" ]; then ok=0; why="exit status $got, expected $want"; fi
        if [ "$(cat "$T/case/$i.out")" = "*" ]; then :
        elif ! cmp -s "$T/out" "$T/case/$i.out"; then ok=0; why="$why; stdout differs"; fi
        if [ -s "$T/case/$i.err" ] && ! cmp -s "$T/err" "$T/case/$i.err"; then ok=0; why="$why; stderr differs"; fi
        if [ -s "$T/case/$i.has" ]; then
            while IFS= read -r needle; do
                grep -qF -- "$needle" "$T/err" || { ok=0; why="$why; stderr lacks '$needle'"; }
            done <"$T/case/$i.has"
        fi
        if [ "$ok" = 1 ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAILED $name: $why"
            echo "--- command:"; cat "$T/case/$i.cmd"
            echo "--- stdout:"; head -n 20 "$T/out"
            echo "--- expected stdout:"; head -n 20 "$T/case/$i.out"
            echo "--- stderr:"; head -n 20 "$T/err"
        fi
        rm -rf "$T/work"
        i=$((i + 1))
    done
done
if [ -n "${CLI_CASES:-}" ]; then
    while IFS= read -r want; do
        grep -qxF -- "$want" "$T/seen" || { failed=$((failed + 1)); echo "FAILED $CLI_CASES names no case: $want"; }
    done <"$T/wanted"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
