#!/bin/sh
# Layers only point down.  From the bottom:
#   0  features/          text and features (and the small pieces every layer
#                         uses: errors, files, numbers, JSON); include/tasnif.h
#   1  models/            the model file, scoring, explanation
#   2  train/ predict/    training and evaluation, side by side
#   3  cli/, */cmd_*.c    the commands
# A file may include its own layer and those below it, except that train/
# and predict/ do not include each other, but for predict/ including
# train/train.h for the corpus readers.  Every #include "..." of the
# library and the commands is checked; one line per include that points
# up (or sideways), then "N includes, N pointing up".
#   scripts/check-layers.sh [TOP]      exit 1 when one points up
set -u
LC_ALL=C
export LC_ALL
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2

# layer PATH: the layer number of a file of the tree, or "?" outside the layers
layer() {
    case $1 in
    */cmd_*.c | cli/*) echo 3 ;;
    train/* | predict/*) echo 2 ;;
    models/*) echo 1 ;;
    features/* | include/*) echo 0 ;;
    *) echo "?" ;;
    esac
}

# resolve FROM TARGET: the included file as a path from the top, as the
# compiler finds it (beside FROM, else in include/)
resolve() {
    dir=$(dirname "$1")
    p="$dir/$2"
    [ -f "$p" ] || p="include/$2"
    # fold "a/../" and "./"
    echo "$p" | awk -F/ '{ n = 0; for (i = 1; i <= NF; i++) { if ($i == "..") n--; else if ($i != ".") s[++n] = $i }
                           out = s[1]; for (i = 2; i <= n; i++) out = out "/" s[i]; print out }'
}

total=0 up=0
for f in features/*.[ch] models/*.[ch] train/*.[ch] predict/*.[ch] cli/*.[ch] include/*.h; do
    [ -f "$f" ] || continue
    lf=$(layer "$f")
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        total=$((total + 1))
        t=$(resolve "$f" "$inc")
        lt=$(layer "$t")
        why=""
        if [ "$lt" = "?" ]; then
            why="outside the layers"
        elif [ "$lt" -gt "$lf" ]; then
            why="layer $lt above layer $lf"
        elif [ "$lt" = 2 ] && [ "$lf" = 2 ] && [ "${f%%/*}" != "${t%%/*}" ]; then
            [ "$f" != "${f#predict/}" ] && [ "$t" = train/train.h ] || why="train/ and predict/ side by side"
        fi
        if [ -n "$why" ]; then
            echo "$f: #include \"$inc\" ($t): $why"
            up=$((up + 1))
        fi
    done
done
echo "$total includes, $up pointing up"
[ "$up" -eq 0 ]
