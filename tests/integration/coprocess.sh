#!/bin/sh
# tasnif predict --lines as a coprocess (tests/integration/coprocess.py):
# one line written, its answer read back whole before the next line is
# written, the input left open; plain lines, TSV, JSON Lines, TSV and JSON
# output, --explain in text and JSON, a label-set model, and two extraction
# threads.  Each answer must equal what the same command prints for that
# line reading a file.  An answer held back (a reader that waits to fill a
# buffer, an output not flushed to the pipe) fails at the per-line bound.
. "$(dirname "$0")/../setup"
status=0
/usr/bin/python3 "$TOP/tests/integration/coprocess.py" "$TASNIF" "$TOP" "$T" >"$T/out" 2>&1 || status=$?
py_counts "$T/out" "$status" coprocess.py
finish
