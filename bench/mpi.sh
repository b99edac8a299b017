#!/usr/bin/env bash
# The MPI build (make MPI=1) on 1 and 2 processes, one thread each (-j 1),
# interleaved in every repetition so both see the same load on a shared
# machine: `train`, `train --cv 5 --grid` and `predict --lines` on a
# corpus's train and test splits.  Medians of REPS runs, the speedup, and
# Amdahl's law fitted to it (serial fraction s from T2 / T1 = s + (1 - s)
# / 2) with the speedup it predicts for 4, 8 and 16 processes.
#
#   bench/mpi.sh [DATASET_DIR] [REPS]     (default ../shared/datasets/arabic-news, 3)
#
# Writes bench/results/mpi.md and bench/results/mpi.tsv (one row per run).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
data=${1:-$top/../shared/datasets/arabic-news}
reps=${2:-3}
[ -f "$data/train.tsv" ] && [ -f "$data/test.tsv" ] || { echo "bench-mpi: no $data/train.tsv and test.tsv; nothing measured"; exit 0; }
command -v mpirun >/dev/null || { echo "bench-mpi: mpirun not found (apt-get install openmpi-bin libopenmpi-dev)"; exit 0; }
make -C "$top" -s MPI=1 build-mpi/tasnif
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
bin=$top/build-mpi/tasnif
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$top/bench/results
raw=$out/mpi.tsv
name=$(basename "$data")
start=$(date -u '+%Y-%m-%d %H:%M UTC')
"$bin" train -q -j 2 -o "$work/model.tsnf" "$data/train.tsv"

# TASK NP: the command line of a task
cmd() {
    case $1 in
    train) echo "train -q -j 1 --reproducible -o $work/t$2.tsnf $data/train.tsv" ;;
    grid) echo "train -q -j 1 --reproducible --cv 5 --grid -o $work/g$2.tsnf $data/train.tsv" ;;
    predict) echo "predict -j 1 -m $work/model.tsnf --lines --format tsv $data/test.tsv" ;;
    esac
}
tasks="train grid predict"
printf 'task\tprocesses\trun\tseconds\tload1\n' >"$raw"
for r in $(seq "$reps"); do
    for t in $tasks; do
        for np in 1 2; do
            load=$(cut -d' ' -f1 /proc/loadavg)
            t0=$(date +%s.%N)
            # shellcheck disable=SC2046
            nice mpirun -np "$np" "$bin" $(cmd "$t" "$np") >"$work/out.$np" </dev/null
            t1=$(date +%s.%N)
            printf '%s\t%d\t%d\t%.2f\t%s\n' "$t" "$np" "$r" "$(echo "$t1 - $t0" | bc)" "$load" | tee -a "$raw"
        done
        [ "$t" = predict ] && { cmp -s "$work/out.1" "$work/out.2" || { echo "bench-mpi: predictions differ"; exit 1; }; }
        [ "$t" = predict ] || cmp -s "$work/${t:0:1}1.tsnf" "$work/${t:0:1}2.tsnf" || { echo "bench-mpi: $t models differ"; exit 1; }
    done
done
# the phases of one training run each, from the model's summary
phases=$work/phases.tsv
for np in 1 2; do
    nice mpirun -np "$np" "$bin" train -q -j 1 -o "$work/p$np.tsnf" "$data/train.tsv" </dev/null
    "$bin" info "$work/p$np.tsnf" | awk -F= -v p="$np" '$1 == "feature_seconds" { f = $2 } $1 == "solver_seconds" { s = $2 }
        END { printf "%d\t%s\t%s\n", p, f, s }' >>"$phases"
done
med() { awk -F'\t' -v t="$1" -v p="$2" '$1 == t && $2 == p { print $4 }' "$raw" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
load=$(awk -F'\t' 'NR > 1 { s += $5; n++ } END { printf "%.1f", s / n }' "$raw")
{
    echo "# Benchmark: the MPI build on 1 and 2 processes"
    echo
    echo "$start, tasnif commit $(git -C "$top" rev-parse --short HEAD), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), Open MPI $(mpirun --version | sed -n 's/.*Open MPI) //p' | head -n 1)."
    echo "One machine: \`mpirun -np P build-mpi/tasnif ... -j 1\` (one thread per process, as one process per core on a cluster)."
    echo "Corpus: $name ($(($(wc -l <"$data/train.tsv"))) training documents, $(($(wc -l <"$data/test.tsv"))) test documents)."
    echo "Medians of $reps runs, 1 and 2 processes interleaved in each; wall seconds from \`mpirun\` start to end."
    echo "The machine was shared: the 1-minute load average at the start of the runs was $load on average; absolute times are inflated, the ratios are between runs made one after the other."
    echo "Models (\`--reproducible\`) and predictions of 1 and 2 processes were compared with \`cmp\` in every repetition: identical."
    echo
    echo "| task | command | 1 process s | 2 processes s | speedup | serial fraction s | Amdahl 4 | Amdahl 8 | Amdahl 16 |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for t in $tasks; do
        a=$(med "$t" 1) b=$(med "$t" 2)
        c=$(cmd "$t" P | sed -e "s|$work/||g" -e "s|$data/|$name/|g")
        awk -v t="$t" -v c="$c" -v a="$a" -v b="$b" 'BEGIN {
            s = 2 * b / a - 1; if (s < 0) s = 0; if (s > 1) s = 1
            printf "| %s | `%s` | %.2f | %.2f | %.2f | %.2f", t, c, a, b, a / b, s
            n = split("4 8 16", N, " ")
            for (i = 1; i <= n; i++) printf " | %.2f", 1 / (s + (1 - s) / N[i])
            printf " |\n" }'
    done
    echo
    echo "Phases of \`train -j 1\` (one run each, \`feature_seconds\` and \`solver_seconds\` of the model's summary):"
    echo
    echo "| processes | features s (reading, term extraction split, vocabulary and weighting) | solver s (liblinear sub-problems split) |"
    echo "| ---: | ---: | ---: |"
    awk -F'\t' '{ printf "| %d | %s | %s |\n", $1, $2, $3 }' "$phases"
    echo
    echo "Amdahl: with T(P) = T(1) (s + (1 - s) / P), the two medians give s = 2 T(2) / T(1) - 1 and the speedup at P processes 1 / (s + (1 - s) / P)."
    echo "On two cores shared with other jobs the second process competes for a core, so s is an upper bound."
    echo "The serial part is what every process repeats: reading the corpus and fitting the features (train), the whole-corpus fit before the folds (grid), loading the model and reading the test file (predict)."
    echo "Raw numbers: \`mpi.tsv\`."
} >"$out/mpi.md"
cat "$out/mpi.md"
