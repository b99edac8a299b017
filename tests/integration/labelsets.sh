#!/bin/sh
# Label-set models in the commands that are not about labelling: features
# writes multi-label libsvm lines ("l1,l2 index:value ...", the label
# numbers of the model, ascending) whose vectors are the single-label
# listing's; info shows each label's threshold (text and JSON agree);
# index and similar read a label-set corpus and find each document itself
# first.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
cd "$T"
"$TASNIF" train -q --multi-label --lsa 8 -o ml.tsnf "$demo/train.multi.tsv"
"$TASNIF" info --format json ml.tsnf >info.json

# --- features ------------------------------------------------------------
"$TASNIF" features -m ml.tsnf "$demo/test.multi.tsv" >ml.svm
# the same documents with their first label only: the vectors must be the same
sed 's/^\([^,\t]*\)[^\t]*\t/\1\t/' "$demo/test.multi.tsv" >first.tsv
"$TASNIF" features -m ml.tsnf first.tsv >first.svm
$PY - "$demo/test.multi.tsv" <<'EOF' && ok || bad "features: label sets"
import json, sys
labels = [l['label'] for l in json.load(open('info.json'))['labels']]
docs = [l.split('\t', 1)[0].split(',') for l in open(sys.argv[1], encoding='utf-8')]
svm = open('ml.svm').read().splitlines()
first = open('first.svm').read().splitlines()
assert len(svm) == len(docs) == len(first), (len(svm), len(docs))
sets = 0
for want, line, one in zip(docs, svm, first):
    head, _, vec = line.partition(' ')
    nums = [int(x) for x in head.split(',')]
    assert nums == sorted(labels.index(l) + 1 for l in want), (head, want)
    assert vec == one.partition(' ')[2], 'vectors differ'
    idx = [int(t.split(':')[0]) for t in vec.split()]
    assert idx == sorted(set(idx)) and idx[0] >= 1
    sets += len(nums) > 1
assert sets >= 10, sets
EOF
# another separator, and a label the model lacks named with its line
tr ',' ';' <"$demo/test.multi.tsv" >semi.tsv
"$TASNIF" features -m ml.tsnf --label-sep ';' semi.tsv | cmp -s - ml.svm && ok || bad "features --label-sep ';'"
printf 'ceasefire,sports\ttruce holds\n' >other.tsv
rc=0
"$TASNIF" features -m ml.tsnf other.tsv >out 2>err || rc=$?
[ $rc = 1 ] && grep -q "other.tsv:1: label 'sports' is not one of the model's labels" err && ok ||
    bad "features: unknown label in a set: exit $rc, $(cat err)"

# --- info ------------------------------------------------------------------
"$TASNIF" info ml.tsnf >info.txt
$PY <<'EOF' && ok || bad "info: thresholds"
import json, re
d = json.load(open('info.json'))
t = open('info.txt').read()
assert d['multi_label'] is True
assert 'labels      4 (label sets' in t
rows = re.findall(r'^ +\d+  (\S+) +(\d+) training documents, threshold (\S+)$', t, re.M)
assert [(l['label'], l['training_documents']) for l in d['labels']] == [(r[0], int(r[1])) for r in rows], rows
assert all(abs(float(r[2]) - l['threshold']) <= 1e-5 * max(1, abs(l['threshold'])) for r, l in zip(rows, d['labels']))
EOF

# --- index and similar -------------------------------------------------------
"$TASNIF" index -m ml.tsnf -o ml.idx "$demo/test.multi.tsv" 2>err && ok || bad "index of a label-set corpus: $(cat err)"
"$TASNIF" similar -i ml.idx --lines -k 1 --format json "$demo/test.multi.tsv" >sim.json 2>err || bad "similar: $(cat err)"
$PY - "$demo/test.multi.tsv" <<'EOF' && ok || bad "similar: each document finds itself"
import json, sys
n = sum(1 for _ in open(sys.argv[1], encoding='utf-8'))
rows = [json.loads(l) for l in open('sim.json')]
assert len(rows) == n, (len(rows), n)
for i, r in enumerate(rows):
    top = r['results'][0]
    # the same text may occur twice: then the other copy may come first
    assert top['score'] > 0.999999, (i, top)
    assert r['query'].endswith(':%d' % (i + 1)), r['query']
EOF
finish
