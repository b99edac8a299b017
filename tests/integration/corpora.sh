#!/bin/sh
# Corpora as users export them.  gzip and zstd: the model of a compressed
# corpus is byte-identical to the plain one's (named, and from standard
# input), --lines from a compressed pipe gives the plain file's answers,
# and a gzip bomb stays within --max-line-bytes / --max-memory.  CSV
# (quoted commas, doubled quotes, line breaks inside quotes, CRLF) and
# JSON Lines with nested fields, made by Python's csv and json modules
# from the same documents, train the same model; a duplicated key is
# refused.  Ids (JSON, CSV, TSV --id-column) name the documents in every
# output that lists them: predict (tsv, json, html, explanations), eval's
# worst errors (text, json, html), similar (text, json), suggest (text,
# tsv, json, html).
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"
cd "$T"

# same WHAT A B: the files are byte-identical
same() { if cmp -s "$2" "$3"; then ok; else bad "$1: $2 and $3 differ"; fi; }

# --- gzip and zstd: the same model, whatever the file holds -------------
cp "$demo/train.tsv" c.tsv
"$TASNIF" train -q --reproducible -o plain.tsnf c.tsv
gzip -c "$demo/train.tsv" >c.tsv
"$TASNIF" train -q --reproducible -o gz.tsnf c.tsv && same "gzip corpus (--reproducible)" plain.tsnf gz.tsnf
zstd -q -c "$demo/train.tsv" >c.tsv
"$TASNIF" train -q --reproducible -o zst.tsnf c.tsv && same "zstd corpus (--reproducible)" plain.tsnf zst.tsnf
"$TASNIF" train -q --reproducible -o stdin-plain.tsnf - <"$demo/train.tsv"
gzip -c "$demo/train.tsv" | "$TASNIF" train -q --reproducible -o stdin-gz.tsnf - &&
    same "gzip on standard input" stdin-plain.tsnf stdin-gz.tsnf
# --lines from a compressed pipe, one thread and two
"$TASNIF" predict -m plain.tsnf --lines --format tsv "$demo/test.tsv" >want.tsv
for j in 1 2; do
    gzip -c "$demo/test.tsv" | "$TASNIF" predict -m plain.tsnf --lines --format tsv -j $j >got.tsv
    sed 's/^[^\t]*:/<stdin>:/' want.tsv >want-stdin.tsv
    same "predict --lines -j $j from a gzip pipe" want-stdin.tsv got.tsv
done
# a truncated stream: an error naming the line, no model
gzip -c "$demo/train.tsv" | head -c 3000 >cut.gz
rc=0
"$TASNIF" train -q -o cut.tsnf cut.gz 2>err || rc=$?
if [ $rc = 1 ] && grep -q '^tasnif: cut.gz:[0-9]*: truncated gzip stream' err && [ ! -e cut.tsnf ]; then ok; else
    bad "truncated gzip: exit $rc, $(cat err)"
fi

# --- gzip bombs ------------------------------------------------------------
# 1 GB of zeros, 1 MB compressed (64 gzip members of 16 MB), read as one line
$PY -c "
import gzip, sys
m = gzip.compress(bytes(1 << 24), 9)
with open('zeros.gz', 'wb') as f:
    for _ in range(64): f.write(m)
"
peak() { # peak KB of the command, from the kernel's own account
    $PY -c "
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open('err', 'w'))
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)" "$@"
}
set -- $(peak "$TASNIF" predict -m plain.tsnf --lines --max-line-bytes 1000000 zeros.gz)
if [ "$1" = 1 ] && [ "$2" -lt 100000 ] && grep -q 'zeros.gz:1: line longer than the limit of 1000000 bytes' err; then ok; else
    bad "gzip bomb of zeros: exit $1, peak $2 KB, $(cat err)"
fi
# 1 GB of short documents: training is refused by --max-memory after the first batch
$PY -c "
import gzip
m = gzip.compress(b'a\tone two three\nb\tfour five six\n' * (1 << 19), 9)
with open('lines.gz', 'wb') as f:
    for _ in range(64): f.write(m)
"
set -- $(peak "$TASNIF" train -q --max-memory 300 -o bomb.tsnf lines.gz)
if [ "$1" = 1 ] && [ "$2" -lt 300000 ] && grep -q 'lines.gz: after .* MB of 1024.0 MB of text, training is projected' err &&
    [ ! -e bomb.tsnf ]; then ok; else
    bad "gzip bomb of lines: exit $1, peak $2 KB, $(cat err)"
fi

# --- CSV and nested JSON Lines: the same documents, the same model --------
$PY - "$demo/train.tsv" <<'EOF'
import csv, json, sys
rows = [l.rstrip('\n').split('\t', 1) for l in open(sys.argv[1], encoding='utf-8')]
with open('c.csv', 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(['id', 'category', 'title', 'body'])
    for i, (label, text) in enumerate(rows):
        words = text.split(' ')
        body = '"' + ' '.join(words[3:8]) + '", ' + '\r\n'.join([' '.join(words[8:12]), ' '.join(words[12:])])
        w.writerow(['doc-%d' % i, label, ' '.join(words[:3]), body])
with open('c.jsonl', 'w', encoding='utf-8') as f:
    for i, (label, text) in enumerate(rows):
        words = text.split(' ')
        body = '"' + ' '.join(words[3:8]) + '", ' + '\n'.join([' '.join(words[8:12]), ' '.join(words[12:])])
        f.write(json.dumps({'meta': {'id': 'doc-%d' % i, 'topic': label}, 'head': ' '.join(words[:3]),
                            'body': {'text': body}}, ensure_ascii=False) + '\n')
EOF
grep -q '""' c.csv && grep -q "$(printf '\r')" c.csv && ok || bad "c.csv has no doubled quotes or CRLF"
JS="--text-field body.text --title-field head --label-field meta.topic --id-field meta.id"
CS="--text-field body --title-field title"
cp c.csv corpus && "$TASNIF" train -q --reproducible -f csv $CS -o csv.tsnf corpus
cp c.jsonl corpus && "$TASNIF" train -q --reproducible -f jsonl $JS -o jsonl.tsnf corpus
same "CSV and JSON Lines of the same documents" csv.tsnf jsonl.tsnf
n=$("$TASNIF" info --format json csv.tsnf | $PY -c 'import json,sys; print(sum(l["training_documents"] for l in json.load(sys.stdin)["labels"]))')
[ "$n" = "$(wc -l <"$demo/train.tsv")" ] && ok || bad "CSV: $n documents trained"
# a duplicated key: refused naming file, line and key; nothing written
sed '3s/"meta": {"id"/"meta": {"topic": "x", "id"/' c.jsonl >dup.jsonl
rc=0
"$TASNIF" train -q $JS -o dup.tsnf dup.jsonl 2>err || rc=$?
if [ $rc = 1 ] && grep -q '^tasnif: dup.jsonl:3: bad JSON line: duplicate key "topic"' err && [ ! -e dup.tsnf ]; then ok; else
    bad "duplicated key: exit $rc, $(cat err)"
fi

# --- ids in every output that names documents -------------------------------
# q.jsonl: 24 documents, every other one mislabelled (eval and audit list them)
$PY - <<'EOF'
import json
labels = ['ceasefire', 'escalation', 'humanitarian', 'negotiations']
lines = open('c.jsonl', encoding='utf-8').read().splitlines()
with open('q.jsonl', 'w', encoding='utf-8') as f:
    for i, l in enumerate(lines[::4][:24]):
        d = json.loads(l)
        if i % 2:
            d['meta']['topic'] = labels[(labels.index(d['meta']['topic']) + 1) % 4]
        f.write(json.dumps(d, ensure_ascii=False) + '\n')
EOF
# ids WHAT FILE: FILE names documents by their ids, never by q.jsonl:LINE
ids() {
    if grep -q 'doc-[0-9]' "$2" && ! grep -q 'q\.jsonl:[0-9]' "$2"; then ok; else bad "$1: no ids: $(head -c 300 "$2")"; fi
}
for f in tsv json; do
    "$TASNIF" predict -m csv.tsnf --lines --format $f $JS q.jsonl >out && ids "predict --format $f" out
done
"$TASNIF" predict -m csv.tsnf --lines --format json -x 3 $JS q.jsonl >out && ids "predict --format json --explain" out
"$TASNIF" predict -m csv.tsnf --lines --format html -x 3 $JS q.jsonl >out && ids "predict --format html --explain" out
for f in text json html; do
    rc=0
    "$TASNIF" eval -m csv.tsnf --format $f $JS q.jsonl >out || rc=$?
    [ $rc = 0 ] && ids "eval --format $f" out || bad "eval --format $f: exit $rc"
done
for f in text tsv json html; do
    "$TASNIF" suggest -m csv.tsnf -n 3 --format $f $JS q.jsonl >out && ids "suggest --format $f" out
done
"$TASNIF" train -q --lsa 8 $JS -o lsa.tsnf c.jsonl
"$TASNIF" index -m lsa.tsnf $JS -o q.idx q.jsonl 2>/dev/null
head -n 3 q.jsonl >qq.jsonl
for f in text json; do
    "$TASNIF" similar -i q.idx --lines -k 2 --format $f $JS qq.jsonl >out && ids "similar --format $f" out
done
# CSV ids and TSV --id-column
"$TASNIF" predict -m csv.tsnf --lines --format tsv $CS c.csv | head -n 2 | cut -f 1 >out
printf 'doc-0\ndoc-1\n' | same "CSV ids" - out
printf 'x-1\tceasefire\ttruce holds\nx-2\tescalation\tshelling\n' >i.tsv
"$TASNIF" predict -m csv.tsnf --lines --format tsv --id-column i.tsv | cut -f 1 >out
printf 'x-1\nx-2\n' | same "TSV --id-column ids" - out
finish
