#!/bin/sh
# Run every test suite and print the total as "N passed, N failed".
# Usage: tests/run.sh UNIT_BINARY...
# Each suite prints its own "N passed, N failed" (and "N skipped") last.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM

run_suite() {
    name=$1
    shift
    echo "== $name"
    "$@" >"$log" 2>&1
    status=$?
    cat "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAILED $name: exit $status without a result line"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + ${s:-0}))
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAILED $name: exit $status"
        failed=$((failed + 1))
    fi
}

for bin in "$@"; do
    run_suite "$(basename "$bin")" "$bin"
done
fuzzbin=${FUZZ_BIN:-$top/build/fuzz}
for bin in "$fuzzbin"/replay_*; do
    [ -x "$bin" ] || continue
    t=${bin##*/replay_}
    dirs="$top/tests/fuzz/corpus/$t"
    [ -d "$top/tests/fuzz/crashes/$t" ] && dirs="$dirs $top/tests/fuzz/crashes/$t"
    # shellcheck disable=SC2086
    run_suite "fuzz replay: $t" "$fuzzbin/replay_$t" $dirs
done
run_suite "cli" sh "$top/tests/cli.sh"
for t in "$top"/tests/integration/*.sh; do
    [ -e "$t" ] || continue
    run_suite "$(basename "$t" .sh)" sh "$t"
done
echo
echo "total:"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
