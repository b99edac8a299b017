#!/bin/sh
# The sample commands of README.md and docs/tasnif.1 run as written, on the
# demo corpus under the names they use, and a README terminal session prints
# what it shows (tests/integration/examples.py): the documentation cannot
# drift from the program.
. "$(dirname "$0")/../setup"
status=0
/usr/bin/python3 "$TOP/tests/integration/examples.py" "$TASNIF" "$TOP" "$T/work" >"$T/out" 2>&1 || status=$?
py_counts "$T/out" "$status" examples.py
finish
