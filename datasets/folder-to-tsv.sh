#!/bin/sh
# Convert a folder-per-label corpus (SANAD's layout: DIR/<label>/<file>)
# into label<TAB>text lines on standard output, one per file, in sorted
# order.  Tabs, carriage returns and newlines inside a text become spaces.
# A file that is empty (or only white space) is reported on stderr and
# makes the exit status 1; nothing is dropped silently.
# Usage: datasets/folder-to-tsv.sh DIR > corpus.tsv
set -eu
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR > corpus.tsv   (DIR/<label>/<file>, one document per file)" >&2
    exit 2
fi
status=0
for labeldir in "$1"/*/; do
    [ -d "$labeldir" ] || continue
    label=$(basename "$labeldir")
    for f in "$labeldir"*; do
        [ -f "$f" ] || continue
        text=$(tr '\t\r\n' '   ' <"$f" | sed 's/  */ /g; s/^ //; s/ $//')
        if [ -z "$text" ]; then
            echo "$0: $f: empty document" >&2
            status=1
            continue
        fi
        printf '%s\t%s\n' "$label" "$text"
    done
done
exit $status
