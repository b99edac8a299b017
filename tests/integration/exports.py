#!/usr/bin/python3
"""Exports of the demo corpus as users bring them, for README's "Your own
data" (tests/integration/readme.sh, examples.py): from TSV (argv[1]) into
the current folder: corpus.txt (fastText), export.jsonl (nested keys, ids),
export.csv (header row, quotes, commas and line breaks inside quotes, CRLF),
corpus.tsv.gz (gzip of argv[2], default corpus.tsv) and articles/<label>/."""
import csv, gzip, json, os, sys

rows = [l.rstrip('\n').split('\t', 1) for l in open(sys.argv[1], encoding='utf-8')]
with open('corpus.txt', 'w', encoding='utf-8') as f:
    f.writelines('__label__%s %s\n' % (label, text) for label, text in rows)
with open('export.jsonl', 'w', encoding='utf-8') as j, open('export.csv', 'w', newline='', encoding='utf-8') as c:
    w = csv.writer(c, lineterminator='\r\n')
    w.writerow(['id', 'section', 'headline', 'body'])
    for i, (label, text) in enumerate(rows):
        words = text.split(' ')
        head, body = ' '.join(words[:4]), '"' + ' '.join(words[4:9]) + '",\n' + ' '.join(words[9:])
        j.write(json.dumps({'meta': {'id': 'a-%d' % i, 'section': label}, 'headline': head, 'body': body},
                           ensure_ascii=False) + '\n')
        w.writerow(['a-%d' % i, label, head, body])
        os.makedirs('articles/' + label, exist_ok=True)
        open('articles/%s/%04d.txt' % (label, i), 'w', encoding='utf-8').write(text + '\n')
with open(sys.argv[2] if len(sys.argv) > 2 else 'corpus.tsv', 'rb') as f, gzip.open('corpus.tsv.gz', 'wb') as g:
    g.write(f.read())
