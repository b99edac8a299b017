#!/usr/bin/env bash
# Training cost against corpus size on arabic-news grown by bench/grow.py,
# tasnif and its peers side by side in one run on this machine.
#
#   bench/scale.sh [--quick] [--sizes N,N,...] [--no-million] [--limit S] [--seed S] [--tag NAME]
#
# Sizes: 13,500 (the real train split itself), then 27k, 54k, 108k and 216k
# documents grown from it (bench/grow.py, seed 1), all scored on the real
# arabic-news test split (4,500 documents).  Per size:
#   tasnif     `tasnif train` with default settings on raw text: wall seconds
#              and peak RSS (/usr/bin/time), model size, test macro-F1
#              (`tasnif eval --format json`, metrics.macro_f1)
#   liblinear  `liblinear-train -q` (C 1) on the vectors `tasnif features`
#              writes with that model (only liblinear-train is timed);
#              macro-F1 of liblinear-predict on the test vectors
#   sklearn    bench/sk_scale.py: TfidfVectorizer(1-2 grams, min_df 2,
#              sublinear tf) + LinearSVC, raw text in, one process
# 3 repetitions (medians) at 13.5k and 54k, 1 elsewhere.  A system whose time
# at the next size, extrapolated from its last two sizes (at least linearly),
# would pass --limit seconds (default 900) is skipped there and the table says
# so; a run past twice the limit is stopped.  Then the 1M-document corpus,
# trained once with `tasnif train --hash-bits 20` (stopped after 1,200 s).
# The time exponent b of t = a*n^b is fitted by least squares on log-log from
# 13.5k to 216k.  --quick: 13.5k and 27k, 1 repetition, no 1M run.
# Grown corpora go to build/scale/ (never committed; the 1M one is ~3.5 GB).
# The machine's 1-minute load average is sampled every 30 s during the run
# (mean and max are reported: the machine may be shared).
# Results: bench/results/scale.md, .json and .tsv (scale-quick.* for --quick,
# NAME.* for --tag NAME).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
src="$top/../shared/datasets/arabic-news"
gen="$top/build/scale"
work="$top/bench/work/scale"
res="$top/bench/results"
PY=/usr/bin/python3
sizes="13500,27000,54000,108000,216000" million=1 limit=900 seed=1 quick=0 tag=""
cmdline="bench/scale.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1; sizes="13500,27000"; million=0 ;;
    --sizes) sizes=$2; shift ;;
    --no-million) million=0 ;;
    --limit) limit=$2; shift ;;
    --seed) seed=$2; shift ;;
    --tag) tag=$2; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "bench/scale.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
if [ ! -f "$src/train.tsv" ] || [ ! -f "$src/test.tsv" ]; then
    echo "bench-scale: $src/{train,test}.tsv not found: the corpus sits beside the repository in ../shared; nothing to measure"
    exit 0
fi
sh "$top/scripts/install-deps.sh" --peers || echo "bench-scale: could not install every peer; skipping what is missing" >&2
make -C "$top" -s all >/dev/null
tasnif="$top/tasnif"
test="$src/test.tsv"
[ -z "$tag" ] && { tag=scale; [ $quick = 1 ] && tag=scale-quick; }
mkdir -p "$gen" "$work" "$res"
raw="$res/$tag.tsv"
printf 'system\tmeasure\tdocs\trep\tvalue\n' >"$raw"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$raw"; }
say() { echo "bench-scale: $*" >&2; }

# timed LIMIT cmd...: run with a time limit; "seconds rss_kb" in $work/time.txt;
# status 124 when stopped by the limit
timed() {
    local lim=$1; shift
    rm -f "$work/time.txt"
    local st=0
    timeout -k 10 "$lim" /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" || st=$?
    [ $st = 0 ] && [ -s "$work/time.txt" ] && return 0
    [ $st = 124 ] && return 124
    [ $st = 0 ] && return 1
    return $st
}
secs() { tail -n1 "$work/time.txt" | cut -d' ' -f1; }
rss_mb() { tail -n1 "$work/time.txt" | awk '{printf "%.1f", $2 / 1024}'; }
mb() { stat -c %s "$1" | awk '{printf "%.2f", $1 / 1048576}'; }

# corpus N: the training file of N documents (the real split at 13,500)
corpus() {
    local n=$1 f
    if [ "$n" = "$(wc -l <"$src/train.tsv")" ]; then echo "$src/train.tsv"; return; fi
    f="$gen/arabic-news-$n-s$seed.tsv"
    if [ ! -s "$f" ] || [ "$top/bench/grow.py" -nt "$f" ]; then
        say "growing $n documents -> $f"
        $PY "$top/bench/grow.py" --seed "$seed" "$src/train.tsv" "$n" "$f.tmp.$$" && mv "$f.tmp.$$" "$f"
    fi
    echo "$f"
}

# predicted SYSTEM N: 0 (true) when SYSTEM's time at N, extrapolated from its
# last two measured sizes (exponent at least 1), stays under the limit
declare -A last_n last_t prev_n prev_t dead
predicted_ok() {
    local s=$1 n=$2
    if [ -n "${dead[$s]:-}" ]; then
        record "$s" skipped "$n" 1 "${dead[$s]}"
        return 1
    fi
    [ -z "${last_t[$s]:-}" ] && return 0
    local p
    p=$(awk -v n="$n" -v n1="${last_n[$s]}" -v t1="${last_t[$s]}" -v n0="${prev_n[$s]:-}" -v t0="${prev_t[$s]:-}" 'BEGIN {
        b = 1
        if (n0 != "" && n0 != n1 && t0 > 0 && t1 > 0) { b = log(t1 / t0) / log(n1 / n0); if (b < 1) b = 1 }
        printf "%.0f", t1 * exp(b * log(n / n1)) }')
    if [ "$p" -gt "$limit" ]; then
        record "$s" skipped "$n" 1 "predicted ${p} s > ${limit} s limit"
        say "$s skipped at $n documents: predicted $p s > $limit s"
        return 1
    fi
    return 0
}
measured() { # measured SYSTEM N SECONDS: remember for the extrapolation
    prev_n[$1]=${last_n[$1]:-}; prev_t[$1]=${last_t[$1]:-}
    last_n[$1]=$2; last_t[$1]=$3
}
gave_up() { # gave_up SYSTEM N STATUS: a run failed or hit twice the limit; skip larger sizes
    if [ "$3" = 124 ]; then
        record "$1" skipped "$2" 1 "stopped after $((2 * limit)) s"
        say "$1 stopped at $2 documents after $((2 * limit)) s"
    else
        record "$1" skipped "$2" 1 "failed (exit status $3)"
        say "$1 failed at $2 documents (exit status $3)"
    fi
    dead[$1]="not run: it did not finish at $2 documents"
}

labels_of() { # labels_of MODEL LIBLINEAR_OUT: label numbers back to names
    "$tasnif" info "$1" | awk '/^  +[0-9]+  / {print $1, $2}' >"$work/labelnum"
    awk 'NR == FNR { name[$1] = $2; next } { print name[$1 + 0] }' "$work/labelnum" "$2"
}

say "$(date -u '+%F %T') UTC; sizes $sizes; $("$tasnif" --version); limit $limit s"
record machine cpus 0 0 "$(nproc)"
record machine start_epoch 0 0 "$(date +%s)"
# load sampler: one 1-minute load average every 30 s, stopped on exit
: >"$work/load.txt"
(while :; do cut -d' ' -f1 /proc/loadavg >>"$work/load.txt"; sleep 30; done) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT
for n in ${sizes//,/ }; do
    train=$(corpus "$n")
    reps=1
    [ $quick = 0 ] && { [ "$n" = 13500 ] || [ "$n" = 54000 ]; } && reps=3
    record corpus mb "$n" 1 "$(mb "$train")"
    say "== $n documents ($(mb "$train") MB), $reps repetition(s)"
    m="$work/m-$n.tsnf"; rm -f "$m"
    run_t=0 run_l=0 run_s=0
    predicted_ok tasnif "$n" && run_t=1
    command -v liblinear-train >/dev/null && predicted_ok liblinear "$n" && run_l=1
    $PY -c 'import sklearn' 2>/dev/null && predicted_ok sklearn "$n" && run_s=1
    if [ $run_t = 0 ] && [ $run_l = 1 ]; then
        run_l=0; record liblinear skipped "$n" 1 "not run: its vectors come from tasnif's model"
    fi
    for r in $(seq "$reps"); do
        if [ $run_t = 1 ]; then
            if timed $((2 * limit)) "$tasnif" train -q -o "$m" "$train"; then
                t=$(secs)
                record tasnif train_s "$n" "$r" "$t"
                record tasnif rss_mb "$n" "$r" "$(rss_mb)"
                record tasnif model_mb "$n" "$r" "$(mb "$m")"
                record tasnif macro_f1 "$n" "$r" "$("$tasnif" eval -m "$m" --bootstrap 0 --format json "$test" |
                    $PY -c 'import json, sys; print("%.4f" % json.load(sys.stdin)["metrics"]["macro_f1"])')"
                [ "$r" = 1 ] && record tasnif features "$n" 1 "$("$tasnif" info "$m" | awk '$1 == "features" {print $2}')"
                [ "$r" = "$reps" ] && measured tasnif "$n" "$t"
                say "tasnif $r: $t s, $(rss_mb) MB"
            else gave_up tasnif "$n" $?; rm -f "$m"; run_t=0; fi
            [ $run_t = 0 ] && [ $run_l = 1 ] && run_l=0 && record liblinear skipped "$n" 1 "not run: its vectors come from tasnif's model"
        fi
        # liblinear on tasnif's vectors (needs this size's model)
        if [ $run_l = 1 ] && [ -s "$m" ]; then
            if [ "$r" = 1 ]; then
                "$tasnif" features -m "$m" "$train" >"$work/train.svm"
                "$tasnif" features -m "$m" "$test" >"$work/test.svm"
            fi
            if timed $((2 * limit)) liblinear-train -q "$work/train.svm" "$work/ll.model"; then
                t=$(secs)
                record liblinear train_s "$n" "$r" "$t"
                record liblinear rss_mb "$n" "$r" "$(rss_mb)"
                liblinear-predict "$work/test.svm" "$work/ll.model" "$work/ll.out" >/dev/null
                labels_of "$m" "$work/ll.out" >"$work/ll.pred"
                record liblinear macro_f1 "$n" "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$work/ll.pred")"
                [ "$r" = "$reps" ] && measured liblinear "$n" "$t"
                say "liblinear $r: $t s"
            else gave_up liblinear "$n" $?; run_l=0; fi
            [ "$r" = "$reps" ] && rm -f "$work/train.svm" "$work/test.svm"
        fi
        if [ $run_s = 1 ]; then
            if timed $((2 * limit)) sh -c "$PY \"$top/bench/sk_scale.py\" \"$train\" \"$test\" >\"$work/sk.out\""; then
                kv() { tr ' ' '\n' <"$work/sk.out" | awk -F= -v k="$1" '$1 == k {print $2}'; }
                t=$(kv train_s)
                record sklearn train_s "$n" "$r" "$t"
                record sklearn rss_mb "$n" "$r" "$(rss_mb)"
                record sklearn macro_f1 "$n" "$r" "$(kv macro_f1)"
                record sklearn process_s "$n" "$r" "$(secs)"
                [ "$r" = 1 ] && record sklearn features "$n" 1 "$(kv features)"
                [ "$r" = "$reps" ] && measured sklearn "$n" "$t"
                say "sklearn $r: $t s, $(rss_mb) MB"
            else gave_up sklearn "$n" $?; run_s=0; fi
        fi
    done
done

if [ $million = 1 ]; then
    n=1000000
    train=$(corpus $n)
    record corpus mb $n 1 "$(mb "$train")"
    m="$work/m-1m.tsnf"
    say "== $n documents ($(mb "$train") MB): tasnif train --hash-bits 20, stopped after 1200 s"
    st=0; timed 1200 "$tasnif" train -q --hash-bits 20 -o "$m" "$train" || st=$?
    if [ $st = 0 ]; then
        record tasnif_hash20 train_s $n 1 "$(secs)"
        record tasnif_hash20 rss_mb $n 1 "$(rss_mb)"
        record tasnif_hash20 model_mb $n 1 "$(mb "$m")"
        record tasnif_hash20 macro_f1 $n 1 "$("$tasnif" eval -m "$m" --bootstrap 0 --format json "$test" |
            $PY -c 'import json, sys; print("%.4f" % json.load(sys.stdin)["metrics"]["macro_f1"])')"
        say "tasnif --hash-bits 20: $(secs) s, $(rss_mb) MB"
    elif [ $st = 124 ]; then
        record tasnif_hash20 skipped $n 1 "stopped after 1200 s"
        say "tasnif --hash-bits 20 stopped at 1M documents after 1200 s"
    else
        record tasnif_hash20 skipped $n 1 "failed (exit status $st)"
        say "tasnif --hash-bits 20 failed at 1M documents (exit status $st)"
    fi
fi

kill $sampler 2>/dev/null || true
record machine end_epoch 0 0 "$(date +%s)"
awk '{ s += $1; if ($1 > m) m = $1 } END { if (NR) printf "%.2f %.2f %d\n", s / NR, m, NR }' "$work/load.txt" | {
    read -r mean max k && { record machine loadavg_mean 0 0 "$mean"; record machine loadavg_max 0 0 "$max"
                            record machine loadavg_samples 0 0 "$k"; } || true; }
$PY "$top/bench/scale_summary.py" "$raw" "$res/$tag" "$("$tasnif" --version), commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)" "$seed" "$cmdline"
say "wrote $res/$tag.md, .json and .tsv"
