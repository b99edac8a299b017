#!/bin/sh
# The folders are the layers, and they only point down.  From the bottom:
#   0  features/ include/   text in, features out, and the ground every
#                           layer stands on (errors, files, threads,
#                           processes); include/tasnif.h, the public face
#   1  models/              the model file, scoring, explanation, metrics
#   2  train/  predict/     training; prediction and evaluation: side by
#                           side, never reaching each other
#   3  cli/                 the commands
# A file may use its own folder and the layers below; train/ and predict/
# never use each other.  No exceptions.
#
# Checked two ways:
#   includes  every #include "..." of the tree (always)
#   calls     every function a compiled object calls that another object of
#             the tree defines (nm on BUILD/<folder>/<file>.o, when BUILD
#             holds the objects), and no circle of files calling each other
# One line per use that points up, sideways or round a circle, then
# "N includes, N calls, N pointing up, N in circles".
#   scripts/check-layers.sh [TOP [BUILD]]     exit 1 when one is found
set -u
LC_ALL=C
export LC_ALL
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
build=${2:-build}
cd "$top" || exit 2

# the layer rule, in awk: verdict(FROM, TO) is why FROM may not use TO, or ""
rule='function layer(p) { if (p ~ /^cli\//) return 3; if (p ~ /^(train|predict)\//) return 2
                       if (p ~ /^models\//) return 1; if (p ~ /^(features|include)\//) return 0; return -1 }
      function verdict(from, to,   lf, lt, a, b) {
          lf = layer(from); lt = layer(to); split(from, a, "/"); split(to, b, "/")
          if (lt < 0) return "outside the layers"
          if (lt > lf) return "layer " lt " above layer " lf
          if (lt == 2 && lf == 2 && a[1] != b[1]) return "train/ and predict/ side by side"
          return "" }'

total=0 up=0 calls=0 circles=0
out=$(mktemp)
edges=$(mktemp)
trap 'rm -f "$out" "$edges" "$edges.c"' EXIT INT TERM

# includes: each "..." include resolved as the compiler finds it (beside the
# file, else in include/), "a/../" folded
for f in features/*.[ch] models/*.[ch] train/*.[ch] predict/*.[ch] cli/*.[ch] include/*.h; do
    [ -f "$f" ] && sed -n "s|^[[:space:]]*#[[:space:]]*include[[:space:]]*\"\([^\"]*\)\".*|$f \1|p" "$f"
done | awk "$rule"'
    function fold(p,   s, n, i, k, r) { n = split(p, s, "/"); k = 0
        for (i = 1; i <= n; i++) { if (s[i] == "..") k--; else if (s[i] != ".") t[++k] = s[i] }
        r = t[1]; for (i = 2; i <= k; i++) r = r "/" t[i]; return r }
    { d = $1; sub(/\/[^\/]*$/, "", d); p = fold(d "/" $2)
      if ((getline x < p) < 0) p = "include/" $2; else close(p)
      n++; why = verdict($1, p); if (why != "") { print $1 ": #include \"" $2 "\" (" p "): " why; u++ } }
    END { print n + 0, u + 0 > "/dev/stderr" }' 2>"$out"
read -r total up <"$out"

# calls: "caller.c callee.c symbol" for every global symbol one object uses
# and another defines
if [ -d "$build" ] && command -v nm >/dev/null 2>&1; then
    for src in features/*.c models/*.c train/*.c predict/*.c cli/*.c; do
        o="$build/${src%.c}.o"
        [ -f "$o" ] || continue
        nm --defined-only -g "$o" | awk -v s="$src" 'NF == 3 { print "D", $3, s }'
        nm -u "$o" | awk -v s="$src" '{ print "U", $NF, s }'
    done | awk '$1 == "D" { def[$2] = $3; next }
                { use[++n] = $2 " " $3 }
                END { for (i = 1; i <= n; i++) { split(use[i], a, " ")
                          if ((a[1] in def) && def[a[1]] != a[2]) print a[2], def[a[1]], a[1] } }' |
        sort -u >"$edges"
    calls=$(wc -l <"$edges")
    awk "$rule"'{ why = verdict($1, $2); if (why != "") { print $1 ": calls " $3 " (" $2 "): " why; u++ } }
                END { print u + 0 > "/dev/stderr" }' "$edges" 2>"$out"
    up=$((up + $(cat "$out")))
    # circles: files that reach each other through calls (strongly connected
    # components of more than one file), by repeated reachability
    awk '$1 != $2 { e[$1 " " $2] = 1; f[$1] = 1; f[$2] = 1 }
        END {
            for (k in e) r[k] = 1
            do {
                more = 0
                for (k in r) {
                    split(k, p, " ")
                    for (z in f)
                        if ((p[2] " " z) in r && !((p[1] " " z) in r)) { r[p[1] " " z] = 1; more = 1 }
                }
            } while (more)
            for (k in r) { split(k, p, " "); if (p[1] < p[2] && (p[2] " " p[1]) in r) print p[1] " <-> " p[2] }
        }' "$edges" | sort >"$edges.c"
    sed 's/^/circle: /' "$edges.c"
    circles=$(wc -l <"$edges.c")
fi
echo "$total includes, $calls calls, $up pointing up, $circles in circles"
[ "$up" -eq 0 ] && [ "$circles" -eq 0 ]
