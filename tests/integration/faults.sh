#!/bin/sh
# Fault injection: make the k-th malloc, calloc, realloc, write, fsync,
# rename, fopen or open of a `tasnif train`, a `tasnif eval -o REPORT` and a
# `tasnif predict` run fail (tests/faults/inject.c, LD_PRELOAD), for many k.
# Every such run must exit non-zero with a "tasnif:" message and no crash,
# leave no temporary file, and leave the model or report that was there
# before byte-identical.
. "$(dirname "$0")/../setup"
cc -shared -fPIC -O1 -o "$T/inject.so" "$TOP/tests/faults/inject.c" -ldl || { echo "cannot build the shim"; echo "0 passed, 1 failed"; exit 1; }
demo="$TOP/datasets/demo"
mkdir -p "$T/out"
"$TASNIF" train -q -o "$T/good.tsnf" "$demo/train.tsv"
"$TASNIF" eval -m "$T/good.tsnf" --format json -o "$T/good.json" "$demo/test.tsv"
head -n 40 "$demo/train.tsv" >"$T/small.tsv"

# pick at most 40 values of k in 1..n: all when few, else spread evenly
ks() {
    awk -v n="$1" 'BEGIN { if (n <= 40) { for (k = 1; k <= n; k++) print k }
        else { for (i = 0; i < 40; i++) print 1 + int(i * (n - 1) / 39) } }' | sort -un
}

sweep() { # sweep NAME FN BEFORE TARGET command...: TARGET (in $T/out) starts as a copy of BEFORE
    name=$1 fn=$2 before=$3 target=$4
    shift 4
    rm -f "$T/count" "$T/out"/*
    cp "$before" "$T/out/$target"
    LD_PRELOAD="$T/inject.so" FAULT_FN=$fn FAULT_AT=0 FAULT_COUNT="$T/count" "$@" >/dev/null 2>&1 || true
    n=$(cat "$T/count" 2>/dev/null || echo 0)
    runs=0 bad_runs=0
    for k in $(ks "$n"); do
        rm -f "$T/out"/*
        cp "$before" "$T/out/$target"
        set +e
        LD_PRELOAD="$T/inject.so" FAULT_FN=$fn FAULT_AT=$k "$@" >"$T/stdout" 2>"$T/stderr"
        rc=$?
        set -e
        runs=$((runs + 1))
        why=""
        if { [ "$fn" = fsync ] || [ "$fn" = open ]; } && [ "$k" = "$n" ] && [ "$name" != predict ]; then
            # the last open and fsync are the folder's, after the rename: best effort
            # (not every file system can sync a folder); the new file is whole
            if [ "$rc" -eq 0 ] && ! cmp -s "$before" "$T/out/$target" && [ "$(ls "$T/out")" = "$target" ]; then :; else
                bad_runs=$((bad_runs + 1)); echo "  folder fsync failure: exit $rc"; fi
            continue
        fi
        [ "$rc" -ne 0 ] || why="exit 0"
        [ "$rc" -lt 128 ] || why="crashed (status $rc)"
        grep -q '^tasnif: ' "$T/stderr" || why="$why; no tasnif: message"
        [ -z "${forbid:-}" ] || ! grep -q "$forbid" "$T/stderr" || why="$why; says '$forbid'"
        cmp -s "$before" "$T/out/$target" || why="$why; the existing $target changed"
        [ "$(ls "$T/out")" = "$target" ] || why="$why; left $(ls "$T/out" | tr '\n' ' ')"
        if [ -n "$why" ]; then
            bad_runs=$((bad_runs + 1))
            [ "$bad_runs" -le 3 ] && echo "  $name: $fn #$k: $why: $(head -c 200 "$T/stderr")"
        fi
    done
    echo "$name: $fn called $n times, $runs faults injected, $bad_runs bad"
    if [ "$n" -eq 0 ]; then ok; elif [ "$bad_runs" -eq 0 ]; then ok; else bad "$name $fn"; fi
}

for fn in malloc calloc realloc fopen write fsync rename; do
    sweep train "$fn" "$T/good.tsnf" m.tsnf "$TASNIF" train -q -j 1 -o "$T/out/m.tsnf" "$T/small.tsv"
done
# a JSON Lines corpus: memory running out inside the JSON reader is said
# as such, never as a bad line
python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    label, text = line.rstrip("\n").split("\t", 1)
    print(json.dumps({"label": label, "text": text, "meta": {"tags": ["a", "b"]}}, ensure_ascii=False))
' "$T/small.tsv" >"$T/small.jsonl"
forbid="bad JSON line"
for fn in malloc calloc realloc; do
    sweep train-jsonl "$fn" "$T/good.tsnf" m.tsnf "$TASNIF" train -q -j 1 -f jsonl -o "$T/out/m.tsnf" "$T/small.jsonl"
done
forbid=""
# a report is replaced the same way: a failed write leaves the old one
for fn in malloc calloc realloc open fopen write fsync rename; do
    sweep eval "$fn" "$T/good.json" r.json "$TASNIF" eval -m "$T/good.tsnf" -j 1 --bootstrap 10 -o "$T/out/r.json" "$T/small.tsv"
done
# a signal (TERM, INT) while the model or a report is written: the
# process dies by the signal, no temporary file is left, the old file stays
# (a sanitizer build cannot take the shim: then these are skipped)
points="open write fsync rename"
if ! LD_PRELOAD="$T/inject.so" "$TASNIF" --version >/dev/null 2>&1; then
    echo "the shim cannot be preloaded into this tasnif: signal checks skipped"
    points="" skipped=$((skipped + 16))
fi
for point in $points; do
    for sig in 15 2; do
        for what in train eval; do
            rm -f "$T/out"/*
            if [ "$what" = train ]; then before="$T/good.tsnf" target=m.tsnf; else before="$T/good.json" target=r.json; fi
            cp "$before" "$T/out/$target"
            set +e
            if [ "$what" = train ]; then
                LD_PRELOAD="$T/inject.so" FAULT_FN=$point FAULT_AT=1 FAULT_SIGNAL=$sig \
                    "$TASNIF" train -q -j 1 -o "$T/out/m.tsnf" "$T/small.tsv" >/dev/null 2>&1
            else
                LD_PRELOAD="$T/inject.so" FAULT_FN=$point FAULT_AT=$([ $point = open ] && echo 2 || echo 1) FAULT_SIGNAL=$sig \
                    "$TASNIF" eval -m "$T/good.tsnf" -j 1 --bootstrap 10 -o "$T/out/r.json" "$T/small.tsv" >/dev/null 2>&1
            fi
            rc=$?
            set -e
            if [ "$rc" -eq $((128 + sig)) ] && [ "$(ls "$T/out")" = "$target" ] && cmp -s "$before" "$T/out/$target"; then ok; else
                bad "$what: signal $sig at $point: exit $rc, left $(ls "$T/out" | tr '\n' ' ')"; fi
        done
    done
done
# stdio writes to stdout go through libc's own calls, which a shim cannot
# reach; tests/cli/predict.t covers a full disk with /dev/full instead
for fn in malloc calloc realloc open fopen; do
    sweep predict "$fn" "$T/good.tsnf" m.tsnf "$TASNIF" predict -m "$T/out/m.tsnf" --lines -j 1 "$demo/test.tsv"
done
finish
