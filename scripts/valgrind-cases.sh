#!/bin/sh
# Choose the command-line cases make check runs under valgrind: the fewest
# cases of tests/cli/*.t that together run every line of the library and
# the commands that the whole set runs (greedy set cover over gcov's line
# coverage, each case measured alone; the demo model's training, which
# every valgrind run does first, counts as covered).  Writes
# tests/valgrind.cases, one "FILE.t: title" a line, which `make check`
# gives to tests/cli.sh as CLI_CASES.  Run it again when cases are added.
#   scripts/valgrind-cases.sh            (about ten minutes on two cores)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cov=build-cov
work=$(mktemp -d "${TMPDIR:-/tmp}/tasnif-cov.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
make -s BUILD=$cov TASNIF_BIN=$cov/tasnif CFLAGS="-O0 -g --coverage" LDFLAGS=--coverage $cov/tasnif >/dev/null
find $cov -name '*.gcda' -delete
# every case alone, with its own GCOV_PREFIX (skipping the [slow] ones, as
# the valgrind run does)
mkdir -p "$work/cases"
TASNIF="$top/$cov/tasnif" CLI_SKIP_SLOW=1 CLI_COVERAGE="$work/cases" sh tests/cli.sh | grep -E '^FAILED|passed, ' || true
for d in "$work"/cases/*/; do
    n=$(basename "$d")
    # the objects' coverage notes beside the counts, then gcov once a folder
    find "$d" -name '*.gcda' | while read -r gcda; do
        obj=/${gcda#"$d"}
        cp "${obj%.gcda}.gcno" "${gcda%.gcda}.gcno"
    done
    find "$d" -name '*.gcda' -exec dirname {} + | sort -u | while read -r sub; do
        (cd "$sub" && gcov -j ./*.gcda >/dev/null 2>&1) || true
    done
    find "$d" -name '*.gcov.json.gz' -exec zcat {} + 2>/dev/null | /usr/bin/python3 -c '
import json, sys
seen = set()
dec = json.JSONDecoder()
text = sys.stdin.read()
i = 0
while i < len(text):
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    doc, i = dec.raw_decode(text, i)
    for f in doc.get("files", []):
        for l in f["lines"]:
            if l["count"] > 0:
                seen.add("%s:%d" % (f["file"], l["line_number"]))
print("\n".join(sorted(seen)))' >"$work/$n.lines"
done
/usr/bin/python3 - "$work" "$top/tests/valgrind.cases" <<'PYEOF'
import glob, os, sys
work, out = sys.argv[1], sys.argv[2]
cases = {}
for p in glob.glob(os.path.join(work, "cases", "*.name")):
    n = os.path.basename(p)[:-5]
    lp = os.path.join(work, n + ".lines")
    lines = set(open(lp).read().split()) if os.path.exists(lp) else set()  # no tasnif run
    cases[open(p).read().strip()] = lines
every = set().union(*cases.values())
chosen, covered = [], set()
while covered != every:
    name = max(sorted(cases), key=lambda c: len(cases[c] - covered))
    if not cases[name] - covered:
        break
    chosen.append(name)
    covered |= cases[name]
with open(out, "w") as f:
    f.write("# The command-line cases make check runs under valgrind: together they run\n"
            "# every line that all %d cases run (%d lines); made by\n"
            "# scripts/valgrind-cases.sh.\n" % (len(cases), len(every)))
    for c in sorted(chosen):
        f.write(c + "\n")
print("%d of %d cases cover the %d lines the whole set covers: %s" % (len(chosen), len(cases), len(every), out))
PYEOF
