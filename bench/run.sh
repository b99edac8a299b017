#!/usr/bin/env bash
# Benchmark tasnif against its peers on every corpus in ../shared/datasets
# (each folder with train.tsv and test.tsv), in one run on this machine.
#
#   bench/run.sh [--quick] [--reps N] [--libsvm] [--corpus NAME]...
#
# Per corpus and system, N repetitions (default 3) of: training seconds,
# prediction seconds for the whole test set (model load included), peak RSS
# of prediction, model size, and test macro-F1 (scikit-learn's f1_score for
# every system).  Systems:
#   tasnif     raw text in, features included
#   liblinear  liblinear-train -c 1 on the vectors `tasnif features` writes
#              (feature time excluded)
#   libsvm     svm-train -t 0 -c 1 -m 1000 on the same vectors (only with
#              --libsvm: about 250 s on arabic-news; one repetition)
#   sklearn    TfidfVectorizer(1-2 grams, sublinear, min_df 2) + LinearSVC,
#              raw text in
#   fasttext   supervised, 10 epochs, word bigrams, 2 threads, raw text in
# On arabic-news also: training time at 2,000 / 4,500 / 9,000 / 13,500
# documents with the fitted exponent, and feature extraction MB/s with 1 and
# 2 threads.  --quick: ag-news-small cut to 3,000 / 1,000 lines, 1 repetition.
# Results: bench/results/<corpus>.md and .json (<corpus>-quick.* for --quick).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
data="$top/../shared/datasets"
work="$top/bench/work"
res="$top/bench/results"
PY=/usr/bin/python3
reps=3 quick=0 with_libsvm=0
corpora=()
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=1; reps=1 ;;
    --reps) reps=$2; shift ;;
    --libsvm) with_libsvm=1 ;;
    --corpus) corpora+=("$2"); shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
if [ ! -d "$data" ]; then
    echo "bench: $data not found: the corpora sit beside the repository in ../shared; nothing to measure"
    exit 0
fi
# peers from Debian, installed when missing; a peer that cannot be had is skipped
sh "$top/scripts/install-deps.sh" --peers || echo "bench: could not install every peer; skipping what is missing" >&2
make -C "$top" -s all >/dev/null
tasnif="$top/tasnif"
mkdir -p "$work" "$res"
if [ ${#corpora[@]} -eq 0 ]; then
    for d in "$data"/*/; do
        [ -f "$d/train.tsv" ] && [ -f "$d/test.tsv" ] && corpora+=("$(basename "$d")")
    done
    [ $quick = 1 ] && corpora=(ag-news-small)
fi

timed() { # timed OUTFILE cmd...: append "seconds rss_kb" of the command to OUTFILE
    local out=$1; shift
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@"
    cat "$work/time.txt" >>"$out"
}

for c in "${corpora[@]}"; do
    tag=$c; [ $quick = 1 ] && tag="$c-quick"
    w="$work/$tag"; rm -rf "$w"; mkdir -p "$w"
    raw="$w/raw.tsv"; : >"$raw"
    train="$data/$c/train.tsv" test="$data/$c/test.tsv"
    if [ $quick = 1 ]; then
        head -n 3000 "$train" >"$w/train.tsv"; head -n 1000 "$test" >"$w/test.tsv"
        train="$w/train.tsv" test="$w/test.tsv"
    fi
    cut -f1 "$test" >"$w/truth"
    echo "== $c ($(wc -l <"$train") train, $(wc -l <"$test") test, $reps repetitions)" >&2
    record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$raw"; }
    for r in $(seq "$reps"); do
        # tasnif
        : >"$w/t"; timed "$w/t" "$tasnif" train -q -o "$w/m.tsnf" "$train"
        : >"$w/p"; timed "$w/p" sh -c "\"$tasnif\" predict -m \"$w/m.tsnf\" --lines --format tsv \"$test\" > \"$w/tasnif.tsv\""
        cut -f2 "$w/tasnif.tsv" >"$w/tasnif.pred"
        record tasnif train_s "$r" "$(cut -d' ' -f1 "$w/t")"
        record tasnif predict_s "$r" "$(tail -n1 "$w/p" | cut -d' ' -f1)"
        record tasnif predict_rss_mb "$r" "$(tail -n1 "$w/p" | awk '{print $2 / 1024}')"
        record tasnif model_mb "$r" "$(stat -c %s "$w/m.tsnf" | awk '{print $1 / 1048576}')"
        record tasnif macro_f1 "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$w/tasnif.pred")"
        # the same vectors for liblinear and libsvm (feature time excluded)
        if [ "$r" = 1 ]; then
            "$tasnif" features -m "$w/m.tsnf" "$train" >"$w/train.svm"
            "$tasnif" features -m "$w/m.tsnf" "$test" >"$w/test.svm"
            "$tasnif" info "$w/m.tsnf" | awk '/^  +[0-9]+  / {print $1, $2}' >"$w/labelnum"
        fi
        tolabels() { awk 'NR == FNR { name[$1] = $2; next } { print name[$1 + 0] }' "$w/labelnum" "$1"; }
        # vector_peer NAME TRAIN PREDICT: a libsvm-format peer on the shared vectors
        vector_peer() {
            : >"$w/t"; timed "$w/t" $2 "$w/train.svm" "$w/$1.model"
            : >"$w/p"; timed "$w/p" sh -c "$3 \"$w/test.svm\" \"$w/$1.model\" \"$w/$1.out\" >/dev/null"
            tolabels "$w/$1.out" >"$w/$1.pred"
            record "$1" train_s "$r" "$(cut -d' ' -f1 "$w/t")"
            record "$1" predict_s "$r" "$(cut -d' ' -f1 "$w/p")"
            record "$1" predict_rss_mb "$r" "$(awk '{print $2 / 1024}' "$w/p")"
            record "$1" model_mb "$r" "$(stat -c %s "$w/$1.model" | awk '{print $1 / 1048576}')"
            record "$1" macro_f1 "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$w/$1.pred")"
        }
        command -v liblinear-train >/dev/null && vector_peer liblinear "liblinear-train -q -c 1" liblinear-predict
        if [ $with_libsvm = 1 ] && [ "$r" = 1 ] && command -v svm-train >/dev/null; then
            vector_peer libsvm "svm-train -q -t 0 -c 1 -m 1000" svm-predict
        fi
        if $PY -c 'import sklearn' 2>/dev/null; then
            : >"$w/t"; timed "$w/t" sh -c "$PY \"$top/bench/sklearn_peer.py\" \"$train\" \"$test\" \"$w/sk.pred\" > \"$w/sk.times\""
            record sklearn train_s "$r" "$(cut -d' ' -f1 "$w/sk.times")"
            record sklearn predict_s "$r" "$(cut -d' ' -f2 "$w/sk.times")"
            record sklearn macro_f1 "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$w/sk.pred")"
        fi
        if command -v fasttext >/dev/null; then
            if [ "$r" = 1 ]; then
                awk -F '\t' '{ print "__label__" $1 " " $2 }' "$train" >"$w/ft.train"
                cut -f2- "$test" >"$w/ft.test"
            fi
            : >"$w/t"; timed "$w/t" fasttext supervised -input "$w/ft.train" -output "$w/ft" -epoch 10 -wordNgrams 2 -thread 2 -verbose 0
            : >"$w/p"; timed "$w/p" sh -c "fasttext predict \"$w/ft.bin\" \"$w/ft.test\" > \"$w/ft.out\""
            sed 's/^__label__//' "$w/ft.out" >"$w/ft.pred"
            record fasttext train_s "$r" "$(cut -d' ' -f1 "$w/t")"
            record fasttext predict_s "$r" "$(cut -d' ' -f1 "$w/p")"
            record fasttext predict_rss_mb "$r" "$(awk '{print $2 / 1024}' "$w/p")"
            record fasttext model_mb "$r" "$(stat -c %s "$w/ft.bin" | awk '{print $1 / 1048576}')"
            record fasttext macro_f1 "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$w/ft.pred")"
        fi
        echo "   repetition $r done" >&2
    done
    if [ "$c" = arabic-news ] && [ $quick = 0 ]; then
        # feature extraction throughput: predict --lines over the training text
        bytes=$(stat -c %s "$train")
        for j in 1 2; do
            for r in $(seq "$reps"); do
                : >"$w/x"; timed "$w/x" sh -c "\"$tasnif\" predict -m \"$w/m.tsnf\" --lines -j $j \"$train\" >/dev/null"
                record tasnif "extract_mb_s_${j}t" "$r" "$(awk -v b="$bytes" '{print b / 1048576 / $1}' "$w/x")"
            done
        done
        # model load alone: info reads and verifies the whole bundle
        for r in $(seq "$reps"); do
            : >"$w/x"; timed "$w/x" sh -c "\"$tasnif\" info \"$w/m.tsnf\" >/dev/null"
            record tasnif load_s "$r" "$(cut -d' ' -f1 "$w/x")"
        done
        # the dense space: LSA time, LSA + RBF, n-grams + LSA, and the
        # OpenBLAS kernel matrix against a plain triple loop
        for r in 1; do
            : >"$w/x"; timed "$w/x" "$tasnif" train -q --lsa 256 --features dense -t rbf -c 10 -o "$w/lsa.tsnf" "$train"
            record tasnif_lsa_rbf train_s "$r" "$(cut -d' ' -f1 "$w/x")"
            record tasnif_lsa_rbf lsa_s "$r" "$("$tasnif" info "$w/lsa.tsnf" | awk -F= '/^lsa_seconds=/ {print $2}')"
            : >"$w/p"; timed "$w/p" sh -c "\"$tasnif\" predict -m \"$w/lsa.tsnf\" --lines --format tsv \"$test\" > \"$w/lsa.tsv\""
            cut -f2 "$w/lsa.tsv" >"$w/lsa.pred"
            record tasnif_lsa_rbf predict_s "$r" "$(cut -d' ' -f1 "$w/p")"
            record tasnif_lsa_rbf model_mb "$r" "$(stat -c %s "$w/lsa.tsnf" | awk '{print $1 / 1048576}')"
            record tasnif_lsa_rbf macro_f1 "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$w/lsa.pred")"
            : >"$w/x"; timed "$w/x" "$tasnif" train -q --lsa 256 --features both -o "$w/both.tsnf" "$train"
            record tasnif_both train_s "$r" "$(cut -d' ' -f1 "$w/x")"
            : >"$w/p"; timed "$w/p" sh -c "\"$tasnif\" predict -m \"$w/both.tsnf\" --lines --format tsv \"$test\" > \"$w/both.tsv\""
            cut -f2 "$w/both.tsv" >"$w/both.pred"
            record tasnif_both predict_s "$r" "$(cut -d' ' -f1 "$w/p")"
            record tasnif_both model_mb "$r" "$(stat -c %s "$w/both.tsnf" | awk '{print $1 / 1048576}')"
            record tasnif_both macro_f1 "$r" "$($PY "$top/bench/macro_f1.py" "$test" "$w/both.pred")"
        done
        if [ -x "$top/build/bench/gram_bench" ]; then
            for r in $(seq "$reps"); do
                out=$("$top/build/bench/gram_bench" 13500 256 2)
                record gram dsyrk_s "$r" "$(echo "$out" | sed -E 's/.*dsyrk ([0-9.]+) s.*/\1/')"
                record gram loop_s "$r" "$(echo "$out" | sed -E 's/.*triple loop ([0-9.]+) s.*/\1/')"
                record gram speedup "$r" "$(echo "$out" | sed -E 's/.*ratio ([0-9.]+).*/\1/')"
            done
        fi
        # related-article search: 100,000+ indexed documents
        for i in 1 2 3 4 5 6; do cat "$train" "$test"; done | cut -f2 >"$w/big.txt"
        : >"$w/x"; timed "$w/x" "$tasnif" index -m "$w/lsa.tsnf" -f lines -o "$w/big.idx" "$w/big.txt" 2>/dev/null
        record similar index_s 1 "$(cut -d' ' -f1 "$w/x")"
        record similar indexed_docs 1 "$(wc -l <"$w/big.txt")"
        head -n 500 "$test" | cut -f2 >"$w/queries.txt"
        for r in $(seq "$reps"); do
            : >"$w/x"; timed "$w/x" sh -c "\"$tasnif\" similar -i \"$w/big.idx\" --lines -f lines --top-k 10 \"$w/queries.txt\" > /dev/null"
            record similar queries_per_s "$r" "$(awk '{print 500 / $1}' "$w/x")"
        done
        # scaling: balanced prefixes by label, round robin
        awk -F '\t' '{ n[$1]++; line[$1, n[$1]] = $0; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
            END { for (i = 1; ; i++) { any = 0; for (j = 1; j <= k; j++) if (i <= n[order[j]]) { print line[order[j], i]; any = 1 } if (!any) break } }' \
            "$train" >"$w/rr.tsv"
        for size in 2000 4500 9000 13500; do
            head -n "$size" "$w/rr.tsv" >"$w/sub.tsv"
            : >"$w/x"; timed "$w/x" "$tasnif" train -q -o "$w/sub.tsnf" "$w/sub.tsv"
            record tasnif "scale_train_s_$size" 1 "$(cut -d' ' -f1 "$w/x")"
        done
    fi
    $PY "$top/bench/summarize.py" "$c" "$raw" "$res/$tag" "$reps" "$("$tasnif" --version)" "$with_libsvm"
    echo "   wrote $res/$tag.md and .json" >&2
done
