#!/bin/sh
# The CI recipes of docs/ci (README "In CI") run their shell steps on the
# demo corpus (tests/integration/recipes.py): GitHub Actions and GitLab CI,
# against a last release that is as good (the job passes, the JUnit XML is
# valid, the summary holds the comparison) and one that is significantly
# better (the job fails with status 3, the gate annotated and in the XML).
. "$(dirname "$0")/../setup"
if ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
    echo "skip: python3-yaml is not installed (scripts/install-deps.sh --test)"
    skipped=$((skipped + 1))
    finish
    exit
fi
status=0
/usr/bin/python3 "$TOP/tests/integration/recipes.py" "$TASNIF" "$TOP" "$T" >"$T/out" 2>&1 || status=$?
py_counts "$T/out" "$status" recipes.py
finish
