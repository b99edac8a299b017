#!/bin/sh
# Run every test suite and print the total as "N passed, N failed".
# Usage: tests/run.sh UNIT_BINARY...
# Each suite prints its own "N passed, N failed" (and "N skipped") last.
# Suites run TEST_JOBS at a time (default: the number of processors), the
# longest first; each one's output is shown whole, in the order below,
# followed by a table of the seconds each took.
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
dir=$(mktemp -d "${TMPDIR:-/tmp}/tasnif-run.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# add NAME COMMAND...: a suite, as a script of its own
n=0
add() {
    n=$((n + 1))
    printf '%s\n' "$1" >"$dir/$n.name"
    shift
    {
        printf 'start=$(date +%%s)\n'
        for a in "$@"; do printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"; done
        printf '>"%s/%d.log" 2>&1\n' "$dir" "$n"
        printf 'echo $? >"%s/%d.status"\n' "$dir" "$n"
        printf 'echo $(($(date +%%s) - start)) >"%s/%d.seconds"\n' "$dir" "$n"
        printf 'echo "done: %s ($(cat "%s/%d.seconds") s)"\n' "$(cat "$dir/$n.name")" "$dir" "$n"
    } >"$dir/$n.sh"
}

# the longest suites first, so that the last to start are short
long="mpi cli explain faults defaults multilabel memory test_wordbreak test_models report"
for name in $long; do
    case $name in
    cli) add cli sh "$top/tests/cli.sh" ;;
    test_*) for bin in "$@"; do [ "$(basename "$bin")" = "$name" ] && add "$name" "$bin"; done ;;
    *) [ -e "$top/tests/integration/$name.sh" ] && add "$name" sh "$top/tests/integration/$name.sh" ;;
    esac
done
for t in "$top"/tests/integration/*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    case " $long " in *" $name "*) continue ;; esac
    add "$name" sh "$t"
done
for bin in "$@"; do
    name=$(basename "$bin")
    case " $long " in *" $name "*) continue ;; esac
    add "$name" "$bin"
done
fuzzbin=${FUZZ_BIN:-$top/build/fuzz}
for bin in "$fuzzbin"/replay_*; do
    [ -x "$bin" ] || continue
    t=${bin##*/replay_}
    set -- "$fuzzbin/replay_$t" "$top/tests/fuzz/corpus/$t"
    [ -d "$top/tests/fuzz/crashes/$t" ] && set -- "$@" "$top/tests/fuzz/crashes/$t"
    add "fuzz replay: $t" "$@"
done

echo "running $n suites, $jobs at a time"
i=1
while [ "$i" -le "$n" ]; do
    echo "$dir/$i.sh"
    i=$((i + 1))
done | xargs -P "$jobs" -n 1 sh

passed=0 failed=0 skipped=0
i=1
while [ "$i" -le "$n" ]; do
    name=$(cat "$dir/$i.name")
    echo
    echo "== $name"
    cat "$dir/$i.log" 2>/dev/null
    status=$(cat "$dir/$i.status" 2>/dev/null || echo 127)
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/$i.log" 2>/dev/null | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAILED $name: exit $status without a result line"
        failed=$((failed + 1))
    else
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
    fi
    i=$((i + 1))
done
echo
echo "seconds per suite:"
i=1
while [ "$i" -le "$n" ]; do
    printf '%6s  %s\n' "$(cat "$dir/$i.seconds" 2>/dev/null || echo '?')" "$(cat "$dir/$i.name")"
    i=$((i + 1))
done | sort -rn
echo
echo "total:"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
