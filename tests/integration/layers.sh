#!/bin/sh
# Layers only point down: scripts/check-layers.sh on the tree (includes, and
# calls between the built objects), and on made-up trees where each kind of
# wrong include, wrong call and circle must be caught (and the allowed ones
# let through).
. "$(dirname "$0")/../setup"
default_build_only "the layers of the tree"

if sh "$TOP/scripts/check-layers.sh" "$TOP" "$TOP/build" >"$T/out"; then ok; else bad "an include or a call points up:"; fi
cat "$T/out"
grep -Eq '^[0-9]+ includes, [1-9][0-9]* calls, 0 pointing up, 0 in circles$' "$T/out" && ok ||
    bad "the calls between the built objects were not checked"

# a tree with one file per layer and the includes between them
F="$T/tree"
mkdir -p "$F/features" "$F/models" "$F/train" "$F/predict" "$F/cli" "$F/include"
for h in features/features.h models/model.h train/train.h train/json.h predict/report.h cli/common.h include/tasnif.h; do
    : >"$F/$h"
done
# FILE INCLUDE: a tree whose only include is FILE's of INCLUDE; @return the check's status
try() {
    for c in features/a.c models/a.c train/a.c predict/a.c cli/a.c; do : >"$F/$c"; done
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
predict/a.c ../train/train.h refused
predict/a.c ../train/json.h refused
predict/a.c ../cli/common.h refused
predict/a.c ../models/model.h allowed
train/a.c ../features/features.h allowed
cli/a.c ../predict/report.h allowed
cli/a.c ../train/train.h allowed
cli/a.c tasnif.h allowed
CASES

# calls: a tree of objects, each file defining f_<folder>_<file> and calling
# what the case says; CALLS lines "FILE CALLEE..." for one case
G="$T/calls"
calls() {
    rm -rf "$G"
    mkdir -p "$G/features" "$G/models" "$G/train" "$G/predict" "$G/cli" "$G/build"
    while read -r file callees; do
        [ -n "$file" ] || continue
        name=$(echo "${file%.c}" | tr / _)
        {
            for c in $callees; do echo "void $c(void);"; done
            echo "void f_$name(void) {"
            for c in $callees; do echo "    $c();"; done
            echo "}"
        } >"$G/$file"
        mkdir -p "$G/build/$(dirname "$file")"
        cc -c -o "$G/build/${file%.c}.o" "$G/$file" || return 2
    done
    sh "$TOP/scripts/check-layers.sh" "$G" "$G/build" >"$T/calls.out"
}
# CASE: verdict, then the tree
expect() {
    if calls; then got=allowed; else got=refused; fi
    [ "$got" = "$1" ] && ok || bad "calls, $2: $got, should be $1 ($(head -n 1 "$T/calls.out"))"
}
expect allowed "each layer calling the one below" <<'TREE'
features/a.c
models/a.c f_features_a
train/a.c f_models_a f_features_a
predict/a.c f_models_a
cli/a.c f_train_a f_predict_a
TREE
expect refused "features calling models" <<'TREE'
features/a.c f_models_a
models/a.c
TREE
expect refused "predict calling train" <<'TREE'
train/a.c
predict/a.c f_train_a
TREE
expect refused "models calling cli" <<'TREE'
models/a.c f_cli_a
cli/a.c
TREE
expect refused "two files of one folder calling each other" <<'TREE'
predict/a.c f_predict_b
predict/b.c f_predict_a
TREE
expect refused "three files round a circle" <<'TREE'
train/a.c f_train_b
train/b.c f_train_c
train/c.c f_train_a
TREE
grep -q 'circle: train/a.c <-> train/b.c' "$T/calls.out" && ok || bad "the circle is not named: $(cat "$T/calls.out")"
expect allowed "a chain inside one folder" <<'TREE'
train/a.c f_train_b
train/b.c f_train_c
train/c.c
TREE

# docs/ARCHITECTURE.md names every library file (commands by cli/cmd_*.c)
missing=""
for f in "$TOP"/features/*.c "$TOP"/models/*.c "$TOP"/train/*.c "$TOP"/predict/*.c "$TOP"/cli/*.c; do
    b=$(basename "$f")
    case $b in cmd_*.c) continue ;; esac
    grep -q "\b$b\b" "$TOP/docs/ARCHITECTURE.md" || missing="$missing ${f#"$TOP"/}"
done
[ -z "$missing" ] && ok || bad "docs/ARCHITECTURE.md does not name:$missing"

# no function of the library or the commands is longer than 80 lines (from
# its opening brace to its closing one, both alone at the line's start)
long=$(awk 'FNR == 1 { start = 0 }
    /^[A-Za-z_].*\(/ { name = $0 }
    /^\{$/ { start = FNR }
    /^\}/ && start { if (FNR - start + 1 > 80) printf "%s: %s (%d lines)\n", FILENAME, name, FNR - start + 1; start = 0 }' \
    "$TOP"/features/*.c "$TOP"/models/*.c "$TOP"/train/*.c "$TOP"/predict/*.c "$TOP"/cli/*.c)
[ -z "$long" ] && ok || bad "functions over 80 lines: $long"

finish
