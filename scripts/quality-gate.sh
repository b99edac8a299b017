#!/bin/sh
# Train on every corpus under ../shared/datasets that has train.tsv and
# test.tsv (and, with --multi-label, train.multi.tsv and test.multi.tsv),
# evaluate on its test split, write JSON, Markdown and HTML
# reports (and JUnit XML) under build/reports/, and fail when a corpus
# falls under a minimum in tests/gates.tsv.  Skips with a message when
# ../shared/datasets is absent.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
data="$top/../shared/datasets"
out="$top/build/reports"
tasnif="$top/tasnif"
if [ ! -d "$data" ]; then
    echo "quality gate: $data not found; nothing to check"
    exit 0
fi
mkdir -p "$out"
status=0
# gate NAME TRAIN TEST [train options]
gate() {
    name=$1 train=$2 test=$3
    shift 3
    gates=$(awk -F '\t' -v c="$name" '$1 == c { printf "%s%s=%s", sep, $2, $3; sep = "," }' "$top/tests/gates.tsv")
    echo "== $name${gates:+ (gates: $gates)}"
    "$tasnif" train -q "$@" -o "$out/$name.tsnf" "$train"
    "$tasnif" eval -m "$out/$name.tsnf" -o "$out/$name.json" "$test"
    "$tasnif" eval -m "$out/$name.tsnf" -o "$out/$name.html" "$test"
    set +e
    "$tasnif" eval -m "$out/$name.tsnf" -o "$out/$name.md" --junit "$out/$name.junit.xml" \
        ${gates:+--fail-under "$gates"} "$test"
    rc=$?
    set -e
    sed -n '3,14p' "$out/$name.md"
    case $rc in
    0) echo "$name: gates passed" ;;
    3) echo "$name: GATE FAILED"; status=1 ;;
    *) echo "$name: eval failed (exit $rc)"; status=1 ;;
    esac
    rm -f "$out/$name.tsnf"
}
for dir in "$data"/*/; do
    name=$(basename "$dir")
    if [ -f "$dir/train.tsv" ] && [ -f "$dir/test.tsv" ]; then
        gate "$name" "$dir/train.tsv" "$dir/test.tsv"
    fi
    if [ -f "$dir/train.multi.tsv" ] && [ -f "$dir/test.multi.tsv" ]; then
        gate "$name.multi" "$dir/train.multi.tsv" "$dir/test.multi.tsv" --multi-label
    fi
done
exit $status
