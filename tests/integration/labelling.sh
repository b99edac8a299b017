#!/bin/sh
# The labelling loop: tasnif suggest and tasnif audit on small corpora.
# suggest: the documents chosen are the least certain ones (margins and
# distances recomputed from tasnif predict), ids name the right lines, the
# greedy costs never fall, diversity keeps duplicates apart, --exclude by id
# and by normalised text, label-set models, entropy, seeded random order,
# every format (JSON parsed, HTML well-formed with hostile labels and
# file names escaped), two runs alike, errors named.  audit: a generated
# corpus with flipped labels has them found first, the findings follow
# the confident-learning rule from the out-of-fold probabilities, label
# sets get missing and extra labels, every format, --fix changes exactly
# the confirmed lines and never its input, errors named.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
cd "$T"
# st CMD...: run CMD, its exit status in $st
st() { "$@" && st=0 || st=$?; }

"$TASNIF" train -q -o demo.tsnf "$demo/train.tsv"
"$TASNIF" train -q --multi-label -o multi.tsnf "$demo/train.multi.tsv"
"$TASNIF" train -q -b 1 -o prob.tsnf "$demo/train.tsv"
cp "$demo/test.tsv" pool.tsv
# wellformed(PATH): the page parsed, every element closed in order; its text
cat >wellformed.py <<'EOF'
import html.parser
class P(html.parser.HTMLParser):
    void = {"meta", "input", "br"}
    def __init__(self):
        super().__init__(); self.stack = []; self.text = ""
    def handle_starttag(self, t, a):
        if t not in self.void: self.stack.append(t)
    def handle_endtag(self, t):
        if t in self.void: return
        assert self.stack and self.stack[-1] == t, (self.stack, t)
        self.stack.pop()
    def handle_data(self, d): self.text += d
def wellformed(path):
    p = P(); p.feed(open(path, encoding="utf-8").read()); p.close()
    assert p.stack == [], p.stack
    return p
EOF

# ---- suggest ----

# margin: the chosen are the documents with the smallest gap between the
# two best scores, as predict gives them; ids name their lines
if "$TASNIF" suggest -m demo.tsnf -n 12 --diversity 0 --format json pool.tsv >s.json &&
    "$TASNIF" predict -m demo.tsnf --lines --top-k 2 --format json pool.tsv >p.json &&
    $PY - s.json p.json pool.tsv <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
preds = [json.loads(l) for l in open(sys.argv[2])]
lines = open(sys.argv[3], encoding="utf-8").read().split("\n")
gap = {p["id"]: p["scores"][0]["score"] - p["scores"][1]["score"] for p in preds}
want = sorted(gap, key=lambda i: (gap[i], int(i.rsplit(":", 1)[1])))[:12]
got = [x["id"] for x in s["suggestions"]]
assert got == want, (got, want)
for x in s["suggestions"]:
    assert abs(x["why"]["margin"] - gap[x["id"]]) < 1e-9
    line = int(x["id"].rsplit(":", 1)[1])
    assert lines[line - 1].split("\t", 1)[1].startswith(x["words"]), x["id"]
    assert x["why"]["similarity"] == 0 and x["why"]["similar_to"] is None
assert s["documents"] == len(preds) and s["strategy"] == "margin"
assert [x["rank"] for x in s["suggestions"]] == list(range(1, 13))
EOF
then ok; else bad "suggest: the smallest margins, ids right"; fi

# the same run twice gives the same bytes, in every format
for f in text tsv json html; do
    "$TASNIF" suggest -m demo.tsnf -n 8 --format $f pool.tsv >a.$f &&
        "$TASNIF" suggest -m demo.tsnf -n 8 --format $f -j 1 pool.tsv >b.$f && cmp -s a.$f b.$f &&
        [ -s a.$f ] && ok || bad "suggest --format $f: two runs differ"
done
[ "$(wc -l <a.tsv)" -eq 9 ] && head -n 1 a.tsv | grep -q "^id	rank	prediction	score	margin" && ok ||
    bad "suggest --format tsv: a header and 8 rows"

# greedy costs never fall; with duplicates in the pool, the default
# diversity keeps copies out of one batch and none keeps them
head -n 30 pool.tsv >dup.tsv
cat dup.tsv >>dup.tsv.2 && cat dup.tsv dup.tsv.2 >dup2.tsv
if "$TASNIF" suggest -m demo.tsnf -n 10 --format json dup2.tsv >d1.json &&
    "$TASNIF" suggest -m demo.tsnf -n 10 --diversity 0 --format json dup2.tsv >d0.json &&
    $PY - d1.json d0.json <<'EOF'
import json, sys
d1, d0 = (json.load(open(p)) for p in sys.argv[1:3])
def texts(d):
    return [x["words"] for x in d["suggestions"]]
costs = [x["why"]["cost"] for x in d1["suggestions"]]
assert all(a <= b + 1e-12 for a, b in zip(costs, costs[1:])), costs
assert len(set(texts(d1))) == 10, "the default diversity chose a duplicate"
assert len(set(texts(d0))) < 10, "without diversity the copies come together"
for x in d1["suggestions"]:
    w = x["why"]
    assert abs(w["cost"] - (w["rank"] + d1["diversity"] * w["similarity"])) < 1e-9
EOF
then ok; else bad "suggest: diversity keeps duplicates apart, costs never fall"; fi

# --exclude: by id (a list, or suggest's own TSV) and by normalised text
"$TASNIF" suggest -m demo.tsnf -n 5 --format tsv pool.tsv >first.tsv
cut -f 1 first.tsv | sed 1d >ids.txt
if "$TASNIF" suggest -m demo.tsnf -n 5 --exclude first.tsv --format json pool.tsv >x1.json &&
    "$TASNIF" suggest -m demo.tsnf -n 5 --exclude ids.txt --format json pool.tsv >x2.json &&
    $PY - x1.json x2.json ids.txt <<'EOF'
import json, sys
ids = open(sys.argv[3]).read().split()
for p in sys.argv[1:3]:
    d = json.load(open(p))
    assert d["excluded_by_id"] == 5 and d["excluded_by_text"] == 0, d
    assert not set(ids) & {x["id"] for x in d["suggestions"]}
EOF
then ok; else bad "suggest --exclude by id"; fi
# the same texts under other labels, upper-cased and with other spaces, are left out
sed -n '2,3p' first.tsv | cut -f 1 | sed 's/.*://' >lines.txt
for n in $(cat lines.txt); do sed -n "${n}p" pool.tsv; done |
    awk -F '\t' '{ t = toupper($2); gsub(/ /, "   ", t); print "other\t" t }' >labelled.tsv
if "$TASNIF" suggest -m demo.tsnf -n 5 --exclude labelled.tsv --format json pool.tsv >x3.json &&
    $PY - x3.json first.tsv <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
gone = [l.split("\t")[0] for l in open(sys.argv[2]).read().split("\n")[1:3]]
assert d["excluded_by_text"] == 2 and d["excluded_by_id"] == 0, d
got = [x["id"] for x in d["suggestions"]]
assert not set(gone) & set(got), (gone, got)
EOF
then ok; else bad "suggest --exclude by normalised text"; fi

# label-set models: the distance of the label nearest its threshold
if "$TASNIF" suggest -m multi.tsnf -n 6 --diversity 0 --format json pool.tsv >m.json &&
    "$TASNIF" predict -m multi.tsnf --lines --format json pool.tsv >mp.json &&
    $PY - m.json mp.json <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
dist = {}
for l in open(sys.argv[2]):
    p = json.loads(l)
    dist[p["id"]] = min((abs(x["score"] - x["threshold"]), x["label"]) for x in p["scores"])
want = sorted(dist, key=lambda i: (dist[i][0], int(i.rsplit(":", 1)[1])))[:6]
assert [x["id"] for x in s["suggestions"]] == want
for x in s["suggestions"]:
    assert abs(x["why"]["distance"] - dist[x["id"]][0]) < 1e-9 and x["why"]["nearest"] == dist[x["id"]][1]
    assert x["labels"] and x["label"] in x["labels"]
EOF
then ok; else bad "suggest: label sets by the distance to a threshold"; fi

# entropy needs probabilities; with them, the most even distributions
st "$TASNIF" suggest -m demo.tsnf --strategy entropy pool.tsv >/dev/null 2>err.txt
[ $st -eq 2 ] && grep -q "tasnif: .*-b 1" err.txt && ok || bad "suggest --strategy entropy without -b 1: usage error"
if "$TASNIF" suggest -m prob.tsnf --strategy entropy --diversity 0 -n 5 --format json pool.tsv >e.json &&
    "$TASNIF" predict -m prob.tsnf --lines --top-k 5 --format json pool.tsv >ep.json &&
    $PY - e.json ep.json <<'EOF'
import json, math, sys
s = json.load(open(sys.argv[1]))
h = {}
for l in open(sys.argv[2]):
    p = json.loads(l)
    h[p["id"]] = -sum(x["score"] * math.log(x["score"]) for x in p["scores"] if x["score"] > 0) / math.log(len(p["scores"]))
want = sorted(h, key=lambda i: (-h[i], int(i.rsplit(":", 1)[1])))[:5]
got = [x["id"] for x in s["suggestions"]]
assert got == want, (got, want)
assert all(abs(x["why"]["entropy"] - h[x["id"]]) < 1e-6 for x in s["suggestions"])
EOF
then ok; else bad "suggest --strategy entropy"; fi

# random: the seed decides the order
"$TASNIF" suggest -m demo.tsnf --strategy random --seed 3 -n 10 --format tsv pool.tsv >r3a.tsv
"$TASNIF" suggest -m demo.tsnf --strategy random --seed 3 -n 10 --format tsv pool.tsv >r3b.tsv
"$TASNIF" suggest -m demo.tsnf --strategy random --seed 4 -n 10 --format tsv pool.tsv >r4.tsv
cmp -s r3a.tsv r3b.tsv && ! cmp -s r3a.tsv r4.tsv && ok || bad "suggest --strategy random: the seed decides"

# hostile labels and file names are escaped: HTML well-formed, JSON parses
awk -F '\t' 'NR % 2 { print "<b>x</b>&amp;\t" $2; next } { print "q\047\"<script>alert(1)</script>\t" $2 }' \
    "$demo/train.tsv" >hostile.tsv
"$TASNIF" train -q -o hostile.tsnf hostile.tsv
mkdir -p 'odd<dir>&"'
printf 'A truce <b>held</b> & "talks" resumed\n<script>alert(2)</script> strikes hit the town\n' >'odd<dir>&"/p&<.txt'
if "$TASNIF" suggest -m hostile.tsnf -n 2 --format html 'odd<dir>&"/p&<.txt' >h.html &&
    "$TASNIF" suggest -m hostile.tsnf -n 2 --format json 'odd<dir>&"/p&<.txt' >h.json &&
    ! grep -q "<script>" h.html && ! grep -q "<b>" h.html && $PY - h.html h.json <<'EOF'
import json, sys
sys.path.insert(0, ".")
from wellformed import wellformed
p = wellformed(sys.argv[1])
assert p.stack == [], p.stack
assert 'odd<dir>&"/p&<.txt:1' in p.text and "<script>alert(2)</script>" in p.text
d = json.load(open(sys.argv[2]))
assert d["suggestions"][0]["id"].startswith('odd<dir>&"/p&<.txt:')
assert {x["label"] for x in d["suggestions"]} <= {"<b>x</b>&amp;", "q'\"<script>alert(1)</script>"}
EOF
then ok; else bad "suggest: HTML and JSON with hostile labels and names"; fi

# standard input, errors named
if sed -n '1,20p' pool.tsv | "$TASNIF" suggest -m demo.tsnf -n 3 --format tsv - >stdin.tsv &&
    sed 1d stdin.tsv | cut -f 1 | grep -q '^<stdin>:[0-9]*$'; then ok; else bad "suggest: standard input as <stdin>:LINE"; fi
st "$TASNIF" suggest pool.tsv >/dev/null 2>err.txt; [ $st -eq 2 ] && grep -q "no model" err.txt && ok || bad "suggest without -m"
st "$TASNIF" suggest -m demo.tsnf --strategy best pool.tsv >/dev/null 2>err.txt
[ $st -eq 2 ] && grep -q "strategy" err.txt && ok || bad "suggest --strategy best: usage error"
st "$TASNIF" suggest -m demo.tsnf nosuch.tsv >/dev/null 2>err.txt
[ $st -eq 1 ] && grep -q "nosuch.tsv: cannot open" err.txt && ok || bad "suggest: a missing pool named"
{ sed -n '1,3p' pool.tsv; echo; sed -n '4,6p' pool.tsv; } >blank.tsv
st "$TASNIF" suggest -m demo.tsnf blank.tsv >out.txt 2>err.txt
[ $st -eq 1 ] && grep -q "blank.tsv:4: blank line" err.txt && [ ! -s out.txt ] && ok || bad "suggest: a bad line named"
"$TASNIF" suggest -m demo.tsnf --skip-bad -n 2 --format json blank.tsv >sb.json 2>err.txt &&
    grep -q "skipped 1 bad" err.txt && $PY -c 'import json,sys; d=json.load(open("sb.json")); assert d["skipped"]==1 and d["documents"]==6' &&
    ok || bad "suggest --skip-bad"
st "$TASNIF" suggest -m demo.tsnf --exclude nosuch pool.tsv >/dev/null 2>err.txt
[ $st -eq 1 ] && grep -q "nosuch: cannot open" err.txt && ok || bad "suggest --exclude: a missing file named"

# ---- audit ----

# a generated corpus: four topics, each with words of its own and words
# all share; 5% of the labels flipped (recorded in flipped.txt)
$PY - <<'EOF'
import json, random
r = random.Random(7)
syl = ["ba", "ku", "ri", "mo", "te", "sa", "li", "no", "ga", "pe", "zu", "fi"]
word = lambda: "".join(r.choice(syl) for _ in range(3))
topics = ["trade", "sport", "weather", "health"]
own = {t: [word() for _ in range(40)] for t in topics}
common = [word() for _ in range(80)]
docs = []
for i in range(240):
    t = topics[i % 4]
    ws = r.sample(own[t], 10) + r.sample(common, 8)
    r.shuffle(ws)
    docs.append([t, " ".join(ws)])
flipped = sorted(r.sample(range(240), 12))
with open("clean.tsv", "w") as f:
    f.write("".join("%s\t%s\n" % (t, x) for t, x in docs))
for i in flipped:
    docs[i][0] = r.choice([t for t in topics if t != docs[i][0]])
with open("flip.tsv", "w") as f:
    f.write("".join("%s\t%s\n" % (t, x) for t, x in docs))
with open("flip.ft", "w") as f:
    f.write("".join("__label__%s %s\n" % (t, x) for t, x in docs))
with open("flip.jsonl", "w") as f:
    f.write("".join('{"id": "d%d", "label": %s, "text": %s, "n": 1.50}\n' % (i, json.dumps(t), json.dumps(x))
                    for i, (t, x) in enumerate(docs)))
with open("flipped.txt", "w") as f:
    f.write("".join("%d\n" % (i + 1) for i in flipped))
# label sets: one or two topics each; 8 documents lose a label, 8 gain one
sets = []
for i in range(240):
    ts = [topics[i % 4]] + ([topics[(i + 1 + i // 4) % 4]] if i % 3 == 0 else [])
    ts = list(dict.fromkeys(ts))
    ws = sum((r.sample(own[t], 8) for t in ts), []) + r.sample(common, 8)
    r.shuffle(ws)
    sets.append([ts, " ".join(ws)])
two = [i for i in range(240) if len(sets[i][0]) == 2]
lose = sorted(r.sample(two, 8))
gain = sorted(r.sample([i for i in range(240) if len(sets[i][0]) == 1], 8))
truth = {"missing": [], "extra": []}
for i in lose:
    truth["missing"].append([i + 1, sets[i][0].pop()])
for i in gain:
    t = r.choice([t for t in topics if t not in sets[i][0]])
    sets[i][0].append(t)
    truth["extra"].append([i + 1, t])
with open("sets.tsv", "w") as f:
    f.write("".join("%s\t%s\n" % (",".join(ts), x) for ts, x in sets))
json.dump(truth, open("sets.truth.json", "w"))
EOF

# the flipped labels come first, each with its original label suggested;
# the findings follow the rule from the out-of-fold probabilities
if "$TASNIF" audit -q --format json --all flip.tsv >a.json && $PY - a.json flipped.txt clean.tsv flip.tsv <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
flipped = [int(x) for x in open(sys.argv[2])]
clean = open(sys.argv[3]).read().split("\n")
noisy = open(sys.argv[4]).read().split("\n")
f = d["findings"]
top = [int(x["id"].rsplit(":", 1)[1]) for x in f[:len(flipped)]]
assert sorted(top) == flipped, (top, flipped)
for x in f[:len(flipped)]:
    line = int(x["id"].rsplit(":", 1)[1])
    assert x["label"] == clean[line - 1].split("\t")[0] and x["given"] == noisy[line - 1].split("\t")[0], x
    assert noisy[line - 1].split("\t", 1)[1].startswith(x["words"]) and x["evidence"], x
# the rule: thresholds, the calibrated confident joint's counts, the lowest
# probabilities of each label
labels = [l["label"] for l in d["labels"]]
docs = d["documents_out_of_fold"]
k = len(labels)
for j, l in enumerate(labels):
    ps = [x["probabilities"][j] for x in docs if x["given"] == l]
    assert abs(sum(ps) / len(ps) - d["labels"][j]["threshold"]) < 1e-9
t = [l["threshold"] for l in d["labels"]]
C = [[0] * k for _ in range(k)]
for x in docs:
    p = x["probabilities"]
    above = [j for j in range(k) if p[j] >= t[j]]
    if above:
        C[labels.index(x["given"])][max(above, key=lambda j: (p[j], -j))] += 1
for g, l in enumerate(labels):
    mine = [x for x in f if x["given"] == l]
    n = sum(1 for x in docs if x["given"] == l)
    want = round((sum(C[g]) - C[g][g]) * n / sum(C[g])) if sum(C[g]) else 0
    assert len(mine) == want, (l, len(mine), want)
    flagged = {x["id"] for x in mine}
    worst = max((x["probabilities"][g] for x in docs if x["id"] in flagged), default=0)
    best_kept = min(x["probabilities"][g] for x in docs if x["given"] == l and x["id"] not in flagged)
    assert worst <= best_kept, (l, worst, best_kept)
    for x in mine:
        assert abs(x["against"] - docs[x["row"]]["probabilities"][g]) < 1e-12
ratios = [x["given_ratio"] for x in f]
assert ratios == sorted(ratios)
assert d["documents"] == 240 and d["multi_label"] is False
EOF
then ok; else bad "audit: flipped labels found first, by the confident-learning rule"; fi

# the same run twice gives the same bytes, in every format
for f in text tsv json html; do
    "$TASNIF" audit -q --format $f flip.tsv >a.$f && "$TASNIF" audit -q -j 1 --format $f flip.tsv >b.$f &&
        cmp -s a.$f b.$f && [ -s a.$f ] && ok || bad "audit --format $f: two runs differ"
done
head -n 1 a.tsv | grep -q "^confirm	id	given	suggested	kind	confidence" && [ "$(sed -n 2p a.tsv | cut -f 1)" = "?" ] &&
    ok || bad "audit --format tsv: the confirmation file's header and a ? to set"

# label sets: the labels taken away are missing, those added extra; the
# count confident learning estimates is cautious here (a label that is a
# document's second topic gets less than the usual confidence), so the
# first findings must be right and at least half of the planted ones found
if "$TASNIF" audit -q --multi-label --format json sets.tsv >m.json && $PY - m.json sets.truth.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
f = d["findings"]
got = [(x["kind"], int(x["id"].rsplit(":", 1)[1]), x["label"]) for x in f]
want = {(kind, line, l) for kind in ("missing", "extra") for line, l in truth[kind]}
assert set(got[:8]) <= want, got[:8]
assert len(set(got) & want) >= 8 and {k for k, _, _ in set(got) & want} == {"missing", "extra"}, got
for x in f:
    assert x["kind"] in ("missing", "extra") and isinstance(x["given"], list)
    assert (x["label"] in x["given"]) == (x["kind"] == "extra"), x
assert all("threshold_not" in l for l in d["labels"]) and d["multi_label"] is True
EOF
then ok; else bad "audit --multi-label: missing and extra labels"; fi

# hostile labels: the page is well-formed and escapes them, JSON parses
sed -e 's/^trade	/<b>x<\/b>\&amp;	/' -e "s/^sport	/q'\"<script>alert(1)<\/script>	/" flip.tsv >hostile.tsv
if "$TASNIF" audit -q --format html hostile.tsv >ah.html && "$TASNIF" audit -q --format json hostile.tsv >ah.json &&
    ! grep -q "<script>" ah.html && $PY - ah.html ah.json <<'EOF'
import json, sys
sys.path.insert(0, ".")
from wellformed import wellformed
p = wellformed(sys.argv[1])
assert p.stack == []
d = json.load(open(sys.argv[2]))
assert d["findings"], "the hostile corpus has findings"
assert "q'\"<script>alert(1)</script>" in p.text
EOF
then ok; else bad "audit --format html: hostile labels escaped"; fi

# --fix: exactly the confirmed lines change, in TSV, fastText and JSON Lines;
# the input never does
for c in flip.tsv flip.ft flip.jsonl; do
    cp $c orig.$c
    "$TASNIF" audit -q -x 0 --format tsv $c >review.$c.tsv
    awk -F '\t' 'BEGIN { OFS = "\t" } NR == 1 { print; next } NR <= 13 { $1 = "y" } NR == 14 { $1 = "n" } { print }' \
        review.$c.tsv >confirmed.$c.tsv
    if "$TASNIF" audit --fix fixed.$c --confirmed confirmed.$c.tsv $c 2>err.txt && cmp -s $c orig.$c &&
        grep -q "12 of .* findings confirmed; 12 documents relabelled" err.txt &&
        $PY - $c fixed.$c confirmed.$c.tsv clean.tsv <<'EOF'
import json, sys
src, out, conf, clean = sys.argv[1:5]
a = open(src, "rb").read().split(b"\n")
b = open(out, "rb").read().split(b"\n")
truth = [l.split("\t")[0] for l in open(clean).read().split("\n")]
rows = [l.split("\t") for l in open(conf).read().split("\n")[1:] if l]
yes = {int(r[1].rsplit(":", 1)[1]): r[3] for r in rows if r[0] == "y"}
assert len(a) == len(b) and len(yes) == 12
for i, (x, y) in enumerate(zip(a, b), 1):
    if i not in yes:
        assert x == y, i
        continue
    assert x != y and truth[i - 1] == yes[i], i
    if src.endswith(".tsv"):
        assert y == yes[i].encode() + b"\t" + x.split(b"\t", 1)[1]
    elif src.endswith(".ft"):
        assert y == b"__label__" + yes[i].encode() + b" " + x.split(b" ", 1)[1]
    else:
        jx, jy = json.loads(x), json.loads(y)
        assert jy["label"] == yes[i] and {**jx, "label": yes[i]} == jy and b'"n": 1.50' in y
EOF
    then ok; else bad "audit --fix $c: the confirmed lines and nothing else"; fi
done

# label sets: a missing label added, an extra one taken away
"$TASNIF" audit -q -x 0 --multi-label --format tsv sets.tsv >review.sets.tsv
awk -F '\t' 'BEGIN { OFS = "\t" } NR == 1 { print; next } NR <= 17 { $1 = "yes" } { print }' review.sets.tsv >confirmed.sets.tsv
if "$TASNIF" audit --multi-label --fix sets.fixed.tsv --confirmed confirmed.sets.tsv sets.tsv 2>err.txt &&
    $PY - sets.tsv sets.fixed.tsv confirmed.sets.tsv <<'EOF'
import sys
a = [l.split("\t") for l in open(sys.argv[1]).read().split("\n")]
b = [l.split("\t") for l in open(sys.argv[2]).read().split("\n")]
rows = [l.split("\t") for l in open(sys.argv[3]).read().split("\n")[1:] if l.startswith("yes\t")]
assert len(rows) >= 8
changed = set()
for r in rows:
    i = int(r[1].rsplit(":", 1)[1]) - 1
    changed.add(i)
    old, new = a[i][0].split(","), b[i][0].split(",")
    if r[4] == "missing":
        assert r[3] not in old and new == old + [r[3]], (old, new, r)
    else:
        assert r[3] in old and new == [l for l in old if l != r[3]], (old, new, r)
assert all(a[i] == b[i] for i in range(len(a)) if i not in changed)
EOF
then ok; else bad "audit --multi-label --fix: missing added, extra removed"; fi

# --fix never writes over an input, refuses a stale or bad confirmation,
# and leaves no output behind when it fails
st "$TASNIF" audit --fix flip.tsv --confirmed confirmed.flip.tsv.tsv flip.tsv 2>err.txt
[ $st -eq 2 ] && grep -q "same file as the input" err.txt && cmp -s flip.tsv orig.flip.tsv && ok ||
    bad "audit --fix onto its corpus: refused"
st "$TASNIF" audit --fix confirmed.flip.tsv.tsv --confirmed confirmed.flip.tsv.tsv flip.tsv 2>err.txt
[ $st -eq 2 ] && grep -q "same file as the input" err.txt && ok || bad "audit --fix onto the confirmation file: refused"
line=$(sed -n 2p confirmed.flip.tsv.tsv | cut -f 2 | sed 's/.*://')
sed "${line}s/^[a-z]*	/stale	/" flip.tsv >stale.tsv
sed "s/flip.tsv:/stale.tsv:/" confirmed.flip.tsv.tsv >confirmed.stale.tsv
st "$TASNIF" audit --fix stale.out --confirmed confirmed.stale.tsv stale.tsv 2>err.txt
[ $st -eq 1 ] && grep -q "confirmed.stale.tsv:2: stale.tsv:$line does not hold" err.txt && [ ! -e stale.out ] &&
    ok || bad "audit --fix: a stale confirmation named"
sed '3s/^y/maybe/' confirmed.flip.tsv.tsv >bad.tsv
st "$TASNIF" audit --fix bad.out --confirmed bad.tsv flip.tsv 2>err.txt
[ $st -eq 1 ] && grep -q "bad.tsv:3: the first column must be y or n" err.txt && [ ! -e bad.out ] && ok ||
    bad "audit --fix: a bad confirmation named"
st "$TASNIF" audit --fix x.out --confirmed flip.tsv flip.tsv 2>err.txt
[ $st -eq 1 ] && grep -q "flip.tsv:1: not the --format tsv output of tasnif audit" err.txt && ok ||
    bad "audit --fix: a confirmation file that is not one"
st "$TASNIF" audit --fix x.out flip.tsv 2>err.txt
[ $st -eq 2 ] && grep -q "go together" err.txt && ok || bad "audit --fix without --confirmed: usage error"
st "$TASNIF" audit --all flip.tsv 2>err.txt
[ $st -eq 2 ] && grep -q "json" err.txt && ok || bad "audit --all without JSON: usage error"
st "$TASNIF" audit -q --cv 70 flip.tsv 2>err.txt
[ $st -eq 2 ] && grep -q "too few to put one in every fold" err.txt && ok || bad "audit --cv beyond the labels: usage error"
st "$TASNIF" audit -q nosuch.tsv 2>err.txt
[ $st -eq 1 ] && grep -q "nosuch.tsv: cannot open" err.txt && ok || bad "audit: a missing corpus named"

# ---- the loop of README.md's "Labelling", run as written ----
# Its commands in order; the two steps a person does (labelling the
# suggestions, confirming the findings) are done here: the suggested
# articles get their labels from the demo test split, the first finding is
# confirmed.
mkdir -p loop && cd loop
ln -s "$TOP/datasets" datasets
tasnif() { "$TASNIF" "$@"; }
awk '/^### Labelling/ { on = 1; next } on && /^```sh$/ { code = 1; next } code && /^```$/ { exit } code' \
    "$TOP/README.md" | grep -v '^#' >loop.sh
[ "$(grep -c '^tasnif ' loop.sh)" -ge 6 ] && grep -q "^tasnif suggest" loop.sh && grep -q "^tasnif audit --fix" loop.sh &&
    ok || bad "README.md: the Labelling loop is not where the test looks"
loop_ok=1
while IFS= read -r cmd; do
    case $cmd in
    "tasnif audit --fix"*)
        awk -F '\t' 'BEGIN { OFS = "\t" } NR == 2 { $1 = "y" } { print }' review.tsv >review.y && mv review.y review.tsv ;;
    "tasnif audit "*)
        # the person labels the suggestions first
        sed 1d next.tsv | cut -f 1 | sed 's/.*://' | while read -r n; do sed -n "${n}p" "$TOP/datasets/demo/test.tsv"; done \
            >>labelled.tsv ;;
    esac
    eval "$cmd" 2>>loop.err || { loop_ok=0; echo "README loop: '$cmd' failed"; cat loop.err; }
done <loop.sh
[ $loop_ok = 1 ] && [ "$(wc -l <labelled.tsv)" -eq 388 ] && [ "$(sed 1d next.tsv | wc -l)" -eq 20 ] &&
    [ -s next.html ] && [ -s topics.tsnf ] && [ "$(diff labelled.tsv fixed.tsv | grep -c '^>')" -eq 1 ] &&
    ok || bad "README.md: the Labelling loop runs as written"
cd "$T"

finish
