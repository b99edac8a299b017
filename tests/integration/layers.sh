#!/bin/sh
# Layers only point down: scripts/check-layers.sh on the tree, and on a
# made-up tree where each kind of wrong include must be caught (and the
# allowed ones let through).
. "$(dirname "$0")/../setup"

if sh "$TOP/scripts/check-layers.sh" "$TOP" >"$T/out"; then ok; else bad "an include points up:"; fi
cat "$T/out"

# a tree with one file per layer and the includes between them
F="$T/tree"
mkdir -p "$F/features" "$F/models" "$F/train" "$F/predict" "$F/cli" "$F/include"
for h in features/features.h models/model.h train/train.h train/json.h predict/report.h cli/common.h include/tasnif.h; do
    : >"$F/$h"
done
# FILE INCLUDE: a tree whose only include is FILE's of INCLUDE; @return the check's status
try() {
    for c in features/a.c models/a.c train/a.c predict/a.c predict/cmd_a.c cli/a.c; do : >"$F/$c"; done
    printf '#include "%s"\n' "$2" >"$F/$1"
    sh "$TOP/scripts/check-layers.sh" "$F" >"$T/try.out"
}
while read -r file inc verdict; do
    if try "$file" "$inc"; then got=allowed; else got=refused; fi
    [ "$got" = "$verdict" ] && ok || bad "$file including $inc: $got, should be $verdict ($(head -n 1 "$T/try.out"))"
done <<'CASES'
features/a.c ../models/model.h refused
features/a.c ../cli/common.h refused
models/a.c ../train/train.h refused
models/a.c ../predict/report.h refused
models/a.c ../features/features.h allowed
models/a.c tasnif.h allowed
train/a.c ../predict/report.h refused
train/a.c ../models/model.h allowed
predict/a.c ../train/train.h allowed
predict/a.c ../train/json.h refused
predict/a.c ../cli/common.h refused
predict/cmd_a.c ../cli/common.h allowed
predict/cmd_a.c ../train/json.h allowed
cli/a.c ../predict/report.h allowed
CASES

finish
