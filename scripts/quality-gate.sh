#!/bin/sh
# Train on every corpus under ../shared/datasets that has train.tsv and
# test.tsv, evaluate on its test split, write JSON, Markdown and HTML
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
for dir in "$data"/*/; do
    name=$(basename "$dir")
    [ -f "$dir/train.tsv" ] && [ -f "$dir/test.tsv" ] || continue
    gates=$(awk -F '\t' -v c="$name" '$1 == c { printf "%s%s=%s", sep, $2, $3; sep = "," }' "$top/tests/gates.tsv")
    echo "== $name${gates:+ (gates: $gates)}"
    "$tasnif" train -q -o "$out/$name.tsnf" "$dir/train.tsv"
    "$tasnif" eval -m "$out/$name.tsnf" -o "$out/$name.json" "$dir/test.tsv"
    "$tasnif" eval -m "$out/$name.tsnf" -o "$out/$name.html" "$dir/test.tsv"
    set +e
    "$tasnif" eval -m "$out/$name.tsnf" -o "$out/$name.md" --junit "$out/$name.junit.xml" \
        ${gates:+--fail-under "$gates"} "$dir/test.tsv"
    rc=$?
    set -e
    sed -n '3,12p' "$out/$name.md"
    case $rc in
    0) echo "$name: gates passed" ;;
    3) echo "$name: GATE FAILED"; status=1 ;;
    *) echo "$name: eval failed (exit $rc)"; status=1 ;;
    esac
    rm -f "$out/$name.tsnf"
done
exit $status
