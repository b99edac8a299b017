#!/bin/sh
# Progress for people and for logs, and colour (tests/integration/progress.py):
# in a log, plain lines at each phase (reading MB of MB, weighting, the fold
# and its training) before the run ends, none for a short run under auto or
# with --progress never or -q; --auto names the setting and the best so far;
# on a terminal one line rewritten in place, without escapes under
# TERM=dumb; colour on a terminal unless NO_COLOR or TERM=dumb, and as
# --color says.
. "$(dirname "$0")/../setup"
status=0
/usr/bin/python3 "$TOP/tests/integration/progress.py" "$TASNIF" "$TOP" "$T" >"$T/out" 2>&1 || status=$?
py_counts "$T/out" "$status" progress.py
finish
