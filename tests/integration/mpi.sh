#!/bin/sh
# The MPI build (make MPI=1, objects in build-mpi) under mpirun -np 1..4
# against the default build: byte-identical models (one-vs-rest,
# one-vs-one, probabilities, libsvm, multi-label, --grid, --auto), the same
# --cv output and report, eval reports and predictions; then failures: a
# rank that reads a bad corpus, a rank out of memory and a rank killed
# mid-run fail the job and leave the old model as it was.  Skipped when
# mpirun is missing.  Under make check (TASNIF_CHECK_BUILD=1) the MPI
# build is made with ASan/UBSan (build-mpi-check) and every check runs on
# 2 processes (the default build's run takes 1 to 4).
. "$(dirname "$0")/../setup"
end() {
    finish
    exit
}

if ! command -v mpirun >/dev/null 2>&1 || ! pkg-config --exists ompi-c 2>/dev/null; then
    echo "skip: mpirun or Open MPI's headers are missing (scripts/install-deps.sh --test installs openmpi-bin libopenmpi-dev)"
    skipped=1
    end
fi
mpi_build=build-mpi nps_model="1 2 3 4" nps_cv="2 3 4" nps_eval="1 2 3" nps_slice="2 3"
if [ "${TASNIF_CHECK_BUILD:-0}" = 1 ]; then
    san="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
    set -- BUILD=build-mpi-check TASNIF_BIN=build-mpi-check/tasnif CFLAGS="$san" LDFLAGS="$san"
    mpi_build=build-mpi-check nps_model=2 nps_cv=2 nps_eval=2 nps_slice=2
    # Open MPI's own allocations outlive MPI_Finalize: leaks are not ours to judge here
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
    export ASAN_OPTIONS
fi
if ! make -C "$TOP" -s -j2 MPI=1 "$@" "$mpi_build/tasnif" >"$T/build.log" 2>&1; then
    cat "$T/build.log"
    bad "make MPI=1 fails"
    end
fi
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM OMPI_MCA_rmaps_base_oversubscribe OMPI_MCA_mpi_yield_when_idle
MT="$TOP/$mpi_build/tasnif"
D="$TOP/datasets/demo"
cd "$T"

# run NP ARGS...: the MPI build on NP processes (mpirun would read the
# loops' here-documents)
run() {
    np=$1
    shift
    mpirun -np "$np" "$MT" "$@" </dev/null
}
# drop the lines that hold a time: a report's creation, timings
untimed() { grep -v -E '"created"|seconds' "$1" >"$1.untimed" || true; }
same() { # WHAT A B
    untimed "$2"
    untimed "$3"
    if cmp -s "$2.untimed" "$3.untimed"; then ok; else bad "$1 differs from the single-process one"; fi
}

# the MPI build without mpirun is the default build
"$TASNIF" train -q --reproducible -o ref.tsnf "$D/train.tsv"
"$MT" train -q --reproducible -o one.tsnf "$D/train.tsv"
cmp -s ref.tsnf one.tsnf && ok || bad "the MPI build run alone writes another model"

# models: -np 1..4 against the default build
while IFS='|' read -r name corpus flags; do
    # shellcheck disable=SC2086
    "$TASNIF" train -q --reproducible $flags -o ref.tsnf "$D/$corpus" >ref.out || bad "$name: the default build fails"
    for np in $nps_model; do
        rm -f np.tsnf
        # shellcheck disable=SC2086
        run "$np" train -q --reproducible $flags -o np.tsnf "$D/$corpus" >np.out || bad "$name: -np $np fails"
        cmp -s ref.tsnf np.tsnf && ok || bad "$name: the model of -np $np differs"
        cmp -s ref.out np.out && ok || bad "$name: the output of -np $np differs"
    done
done <<'CASES'
one-vs-rest|train.tsv|
one-vs-one|train.tsv|--scheme ovo
probabilities|train.tsv|-b 1
libsvm linear|train.tsv|--solver libsvm
libsvm rbf with probabilities|train.tsv|-t rbf -b 1
multi-label|train.multi.tsv|--multi-label
grid|train.tsv|--grid
auto|train.tsv|--auto --auto-repeats 2
CASES

# cross-validation: the printed folds and the JSON report
for corpus in train.tsv train.multi.tsv; do
    ml=""
    [ "$corpus" = train.multi.tsv ] && ml=--multi-label
    "$TASNIF" train -q $ml --cv 5 --report ref.json "$D/$corpus" >ref.out
    for np in $nps_cv; do
        run "$np" train -q $ml --cv 5 --report np.json "$D/$corpus" >np.out || bad "--cv 5 $ml: -np $np fails"
        same "--cv 5 $ml -np $np output" ref.out np.out
        same "--cv 5 $ml -np $np report" ref.json np.json
    done
done

# eval reports and predictions
"$TASNIF" train -q -o s.tsnf "$D/train.tsv"
"$TASNIF" train -q --multi-label -o m.tsnf "$D/train.multi.tsv"
while IFS='|' read -r name args; do
    # shellcheck disable=SC2086
    "$TASNIF" $args >ref.out
    for np in $nps_eval; do
        # shellcheck disable=SC2086
        run "$np" $args >np.out || bad "$name: -np $np fails"
        same "$name -np $np" ref.out np.out
    done
done <<CASES
eval report|eval -m s.tsnf --format json $D/test.tsv
multi-label eval report|eval -m m.tsnf --format json $D/test.multi.tsv
predictions|predict -m s.tsnf --lines --top-k 3 --format tsv $D/test.tsv
multi-label predictions|predict -m m.tsnf --lines --format json $D/test.multi.tsv
CASES

# a slice of a shared corpus
if [ -f "$SHARED/datasets/arabic-news/train.tsv" ]; then
    head -n 500 "$SHARED/datasets/arabic-news/train.tsv" >news.tsv
    "$TASNIF" train -q --reproducible -o ref.tsnf news.tsv
    "$TASNIF" train -q --cv 3 news.tsv >ref.out
    for np in $nps_slice; do
        run "$np" train -q --reproducible -o np.tsnf news.tsv && cmp -s ref.tsnf np.tsnf && ok ||
            bad "arabic-news slice: the model of -np $np differs"
        run "$np" train -q --cv 3 news.tsv >np.out
        same "arabic-news slice --cv 3 -np $np" ref.out np.out
    done
else
    echo "skip: ../shared/datasets/arabic-news is absent: no shared corpus under mpirun"
    skipped=$((skipped + 1))
fi

# predict of whole files from standard input under mpirun is refused up front
rc=0
echo "truce held" | mpirun -np 2 "$MT" predict -m s.tsnf >out 2>err || rc=$?
[ "$rc" = 2 ] && grep -q 'standard input reaches one process alone' err && ok ||
    bad "predict from standard input on 2 processes: exit $rc, $(head -n 1 err)"

# a rank that reads a bad corpus: the job fails with that rank's file:line
cp "$D/train.tsv" good.tsv
awk 'NR == 100 { print "no tab here" } { print }' good.tsv >bad.tsv
"$TASNIF" train -q -o old.tsnf good.tsv
cp old.tsnf old.before
if mpirun -np 1 "$MT" train -q -o old.tsnf good.tsv : -np 1 "$MT" train -q -o old.tsnf bad.tsv >out 2>err; then
    bad "a rank with a bad corpus: exit 0"
else ok; fi
grep -q '^tasnif: rank 1: bad.tsv:100: ' err && ok || bad "a rank with a bad corpus: no message naming rank 1 and bad.tsv:100 ($(head -n 1 err))"
cmp -s old.tsnf old.before && ok || bad "a rank with a bad corpus: the old model changed"
if run 3 train -q -o old.tsnf bad.tsv >out 2>err; then bad "a bad corpus: exit 0"; else ok; fi
[ "$(grep -c 'bad.tsv:100' err)" = 1 ] && ok || bad "a bad corpus: the message is not printed once: $(cat err)"
cmp -s old.tsnf old.before && ok || bad "a bad corpus: the old model changed"
if mpirun -np 2 "$MT" train -q --cv 3 good.tsv : -np 1 "$MT" train -q --cv 3 bad.tsv >out 2>err; then
    bad "--cv with a rank's bad corpus: exit 0"
else ok; fi
grep -q '^tasnif: rank 2: bad.tsv:100: ' err && ok || bad "--cv with a rank's bad corpus: no message naming rank 2 ($(head -n 1 err))"

# a rank that reads another corpus: the job fails, naming the cause
if mpirun -np 1 "$MT" train -q -o old.tsnf good.tsv : -np 1 "$MT" train -q -o old.tsnf "$D/test.tsv" </dev/null >out 2>err; then
    bad "a rank with another corpus: exit 0"
else ok; fi
grep -q '^tasnif: the processes of the job read different documents' err && ok || bad "a rank with another corpus: $(head -n 1 err)"
cmp -s old.tsnf old.before && ok || bad "a rank with another corpus: the old model changed"

# a stale copy on one machine: a corpus of the same length (lines, labels
# and bytes) that differs in one byte, one label, or the order of two
# lines; every command that reads a corpus in step fails the job, named,
# and writes nothing
n=$(wc -l <good.tsv)
awk -F '\t' -v n="$n" 'NR == n { $2 = "x" substr($2, 2) } { print $1 "\t" $2 }' good.tsv >byte.tsv
awk -F '\t' 'NR == 7 { $1 = ($1 == "ceasefire" ? "escalation" : "ceasefire") } { print $1 "\t" $2 }' good.tsv >label.tsv
awk 'NR == 3 { keep = $0; next } NR == 4 { print; print keep; next } { print }' good.tsv >order.tsv
awk -F '\t' '{ sub(/^ceasefire$/, "ceasefirex", $1); print $1 "\t" $2 }' good.tsv >labels.tsv
for other in byte.tsv label.tsv order.tsv labels.tsv; do
    [ "$(wc -l <"$other")" = "$n" ] || bad "$other: not of the same length"
    for cmd in "train -q -o old.tsnf" "train -q --scheme ovo -o old.tsnf" "train -q --cv 3" "eval -m s.tsnf -o r.json"; do
        rm -f r.json
        # shellcheck disable=SC2086
        if mpirun -np 1 "$MT" $cmd good.tsv : -np 1 "$MT" $cmd "$other" </dev/null >out 2>err; then
            bad "$cmd on $other beside good.tsv: exit 0"
        else ok; fi
        grep -q 'the processes of the job read different documents' err && ok ||
            bad "$cmd on $other beside good.tsv: $(head -n 1 err)"
        cmp -s old.tsnf old.before && [ ! -e r.json ] && ok || bad "$cmd on $other: an output was written"
    done
done

# standard input reaches rank 0 only: the ranks do not hold the same
# documents, and the job says so instead of waiting
if timeout 120 sh -c "mpirun -np 2 '$MT' eval -m s.tsnf - <'$D/test.tsv'" >out 2>err; then
    bad "eval of standard input on 2 processes: exit 0"
else ok; fi
grep -q '^tasnif: the processes of the job read different documents' err && ok || bad "eval of standard input: $(head -n 1 err)"

# a rank out of memory (tests/faults/inject.c on rank 1 only: its k-th
# calloc or realloc fails): the job fails with rank 1's message
if [ "$mpi_build" = build-mpi-check ]; then
    echo "skip: a rank out of memory (the shim cannot be preloaded into a sanitizer build; make test runs it)"
    skipped=$((skipped + 1))
elif cc -shared -fPIC -O1 -o inject.so "$TOP/tests/faults/inject.c" -ldl; then
    for fn in calloc realloc; do
        rm -f count
        env LD_PRELOAD="$T/inject.so" FAULT_FN=$fn FAULT_AT=0 FAULT_COUNT="$T/count" "$MT" train -q -o x.tsnf good.tsv
        n=$(cat count 2>/dev/null || true)
        if [ "${n:-0}" -lt 1 ]; then
            bad "counting the ${fn}s of a training run failed"
            continue
        fi
        for k in $(awk -v n="$n" 'BEGIN { for (i = 0; i < 8; i++) print 1 + int(i * (n - 1) / 7) }' | sort -un); do
            if timeout 120 mpirun -np 1 "$MT" train -q -o old.tsnf good.tsv : -np 1 env LD_PRELOAD="$T/inject.so" \
                FAULT_FN=$fn FAULT_AT="$k" "$MT" train -q -o old.tsnf good.tsv </dev/null >out 2>err; then
                bad "$fn $k of $n failing on rank 1: exit 0"
            else ok; fi
            grep -q '^tasnif: rank 1: .*out of memory' err && ok || bad "$fn $k of $n failing on rank 1: $(head -n 1 err)"
            cmp -s old.tsnf old.before && ok || bad "$fn $k of $n failing on rank 1: the old model changed"
        done
    done
else
    bad "cannot build tests/faults/inject.c"
fi

# a rank killed while it reads: the job fails, the old model stays
mkfifo fifo
(cat good.tsv; exec sleep 60) >fifo &
writer=$!
mpirun -np 2 "$MT" train -q -o old.tsnf fifo </dev/null >out 2>err &
job=$!
killed=0
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    for c in $(pgrep -P "$job" 2>/dev/null); do
        r=$(tr '\0' '\n' <"/proc/$c/environ" 2>/dev/null | sed -n 's/^OMPI_COMM_WORLD_RANK=//p')
        if [ "$r" = 1 ]; then
            kill -9 "$c" && killed=1
        fi
    done
    [ "$killed" = 1 ] && break
    sleep 0.5
done
[ "$killed" = 1 ] && ok || bad "rank 1 of the job was not found to kill"
if wait "$job"; then bad "a killed rank: exit 0"; else ok; fi
kill "$writer" 2>/dev/null || true
cmp -s old.tsnf old.before && ok || bad "a killed rank: the old model changed"
ls old.tsnf.tmp.* >/dev/null 2>&1 && bad "a killed rank left a temporary file" || ok

end
