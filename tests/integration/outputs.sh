#!/bin/sh
# Every command that writes a file, against every way an output can be an
# input: the output is never an input (named, standard input, /dev/stdin,
# or inside a folder corpus), never a model that does not load, and always
# valid in its format whatever the input files are called (bytes that are
# not UTF-8, control characters).  Each refusal leaves the input as it was.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
cd "$T"
"$TASNIF" train -q --lsa 8 -o m.tsnf "$demo/train.tsv"
# a folder corpus: two labels, three documents each
for l in a b; do
    mkdir -p dd/$l
    for i in 1 2 3; do echo "$l words $l talks $i truce $l" >dd/$l/$i.txt; done
done
( cd dd && find . -type f | sort | xargs cksum ) >dd.sum

# refused WHAT FILE COMMAND...: the command exits 2 and FILE is unchanged
refused() {
    what=$1 file=$2
    shift 2
    cp "$file" before
    rc=0
    "$@" >out 2>err </dev/null || rc=$?
    if [ "$rc" = 2 ] && cmp -s before "$file"; then ok; else bad "$what: exit $rc, $(head -c 300 err)"; fi
}
# refused_in WHAT FILE COMMAND...: the same with FILE as standard input
refused_in() {
    what=$1 file=$2
    shift 2
    cp "$file" before
    rc=0
    "$@" >out 2>err <"$file" || rc=$?
    if [ "$rc" = 2 ] && cmp -s before "$file" && grep -q 'standard input' err; then ok; else
        bad "$what: exit $rc, $(head -c 300 err)"
    fi
}
folder_intact() {
    ( cd dd && find . -type f | sort | xargs cksum ) >dd.now
    cmp -s dd.sum dd.now && ok || bad "$1: the folder corpus changed"
}

cp "$demo/train.tsv" c.tsv
cp "$demo/train.tsv" c.json
cp "$demo/test.tsv" t.tsv
# the outputs of each command, over each kind of input
for out in c.tsv /dev/stdin; do
    refused_in "train - -o $out" c.tsv "$TASNIF" train -q -o "$out" -
    refused_in "eval - -o $out" c.tsv "$TASNIF" eval -m m.tsnf --format json -o "$out" -
    refused_in "eval - --junit $out" c.tsv "$TASNIF" eval -m m.tsnf --junit "$out" -
    refused_in "index - -o $out" c.tsv "$TASNIF" index -m m.tsnf -o "$out" -
done
refused_in "train --cv - --report c.json" c.json "$TASNIF" train -q --cv 3 --report c.json -
refused "train -o the corpus" c.tsv "$TASNIF" train -q -o c.tsv c.tsv
refused "eval -o the test file" t.tsv "$TASNIF" eval -m m.tsnf --format json -o t.tsv t.tsv
refused "eval --junit the model" m.tsnf "$TASNIF" eval -m m.tsnf --junit m.tsnf t.tsv
refused "index -o the model" m.tsnf "$TASNIF" index -m m.tsnf -o m.tsnf t.tsv
for out in dd/a/1.txt dd/a/new.tsnf dd/new.tsnf dd/b/../a/2.txt; do
    refused "train a folder -o $out" dd/a/1.txt "$TASNIF" train -q --min-df 1 -o "$out" dd
    refused "train --cv a folder --report $out" dd/a/1.txt "$TASNIF" train -q --min-df 1 --cv 2 --report "$out" dd
    refused "eval a folder -o $out" dd/a/1.txt "$TASNIF" eval -m m.tsnf --format json -o "$out" dd
    refused "index a folder -o $out" dd/a/1.txt "$TASNIF" index -m m.tsnf -o "$out" dd
done
rc=0
"$TASNIF" train -q --min-df 1 --cv 2 dd >dd/b/out.txt 2>err || rc=$?
rm -f dd/b/out.txt
[ "$rc" = 2 ] && grep -q 'folder corpus' err && ok || bad "train --cv a folder > a file inside it: exit $rc"
folder_intact "outputs refused"

# a model that would not load is never written, and the old one stays
cp m.tsnf keep.tsnf
for flags in "-t poly -d 100 -g 1000 -r 1" "-t poly -d 50 -g 1e50 -r 1e50" "-t sigmoid -g 1e100 -r 1e100" \
    "-c 1e100 -w ceasefire=1e100"; do
    rc=0
    # shellcheck disable=SC2086
    "$TASNIF" train -q $flags -o m.tsnf "$demo/train.tsv" 2>err || rc=$?
    if [ "$rc" = 0 ]; then
        "$TASNIF" predict -m m.tsnf "$demo/sample.ar.txt" >/dev/null 2>&1 && ok || bad "$flags: a model written that does not load"
        cp keep.tsnf m.tsnf
    else
        [ "$rc" = 1 ] && cmp -s keep.tsnf m.tsnf && grep -q 'would not load' err && ok ||
            bad "$flags: exit $rc, $(cat err)"
    fi
done
for flags in "-c 1e101" "-t rbf -g 1e300" "-t sigmoid -g 1e300 -r 1e300" "-t poly -d 3 -r 1e300" "-t poly -d 101" \
    "-w ceasefire=1e101"; do
    rc=0
    # shellcheck disable=SC2086
    "$TASNIF" train -q $flags -o m.tsnf "$demo/train.tsv" 2>err || rc=$?
    [ "$rc" = 2 ] && cmp -s keep.tsnf m.tsnf && ok || bad "$flags: exit $rc, the loader's range not the option's: $(cat err)"
done

# any file name: every output stays valid in its format
for name in "caf$(printf '\351').tsv" "esc$(printf '\033[31m')red.tsv" "nl$(printf '\001\177')x.tsv" \
    "quote\"<&>'.tsv" "$(printf 'c1\302\233x').tsv"; do
    cp "$demo/train.tsv" "$name"
    "$TASNIF" train -q -o n.tsnf "$name" || { bad "train on '$name'"; continue; }
    "$TASNIF" info n.tsnf >info.txt && ok || bad "a model trained on '$name' does not load"
    "$TASNIF" eval -m n.tsnf --format json -o r.json --junit r.xml "$name" &&
        "$TASNIF" eval -m n.tsnf -o r.md "$name" && "$TASNIF" eval -m n.tsnf -o r.html "$name" &&
        "$TASNIF" eval -m n.tsnf "$name" >r.txt || bad "eval of '$name'"
    "$TASNIF" predict -m n.tsnf --lines --format json "$name" >p.json &&
        "$TASNIF" predict -m n.tsnf --lines --format tsv "$name" >p.tsv &&
        "$TASNIF" predict -m n.tsnf --format json "$name" >>p.json || bad "predict of '$name'"
    "$TASNIF" train -q --cv 2 --report cv.json "$name" >cv.txt || bad "train --cv of '$name'"
    "$TASNIF" eval -m n.tsnf "missing-$name" 2>err.txt >/dev/null && bad "eval of a missing file succeeded"
    "$TASNIF" train -q --multi-label -o ml.tsnf "$demo/train.multi.tsv" && cp "$demo/test.multi.tsv" "$name.multi" &&
        "$TASNIF" eval -m ml.tsnf --format json -o mr.json --junit mr.xml "$name.multi" &&
        "$TASNIF" eval -m ml.tsnf "$name.multi" >mr.txt || bad "multi-label eval of '$name'"
    if $PY - "$name" <<'PYEOF'
import json, sys, xml.etree.ElementTree as ET
for f in ("r.json", "cv.json", "mr.json"):
    json.load(open(f, encoding="utf-8"))
for line in open("p.json", encoding="utf-8"):
    json.loads(line)
for f in ("r.xml", "mr.xml"):
    ET.parse(f)
for f in ("info.txt", "r.txt", "r.md", "r.html", "p.tsv", "cv.txt", "err.txt", "mr.txt"):
    data = open(f, "rb").read()
    data.decode("utf-8")
    bad = [b for b in data if (b < 0x20 and b not in (9, 10)) or b == 0x7f]
    assert not bad, "%s holds control bytes %r" % (f, bad[:5])
    assert "\u009b" not in data.decode("utf-8"), "%s holds a C1 control" % f
PYEOF
    then ok; else bad "an output is not valid for the file name '$(printf '%s' "$name" | od -c | head -n 1)'"; fi
done
finish
