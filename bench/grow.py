#!/usr/bin/python3
"""Grow a labelled corpus to N documents by recombining its sentences.

    bench/grow.py [--seed S] [--chunk-words W] SOURCE.tsv N OUT.tsv|-

SOURCE is `label<TAB>text`, one document a line.  Each new document is made
like this, with one random.Random(S) for the whole run, so the output is the
same byte for byte for the same source, N, S and W:

  1. its label is drawn with the source's label proportions;
  2. 2 or 3 source documents of that label are drawn (without replacement);
  3. its length in words is that of the first of them, so the lengths of the
     new documents follow the source's length distribution, label by label;
  4. the sentences of those documents are shuffled together and taken in that
     order until the length is reached; the last one is cut to fit.

Sentences end at a Latin or Arabic full stop, question mark or exclamation
mark (. ? ! U+06D4 U+061F) followed by white space, or at a line break.
A piece longer than 2*W words (default W = 20) is cut into pieces of W words:
corpora whose punctuation was stripped (arabic-news is one: it has no full
stop at all) are recombined from these W-word pieces instead of sentences.

The vocabulary of the output is the source's (plus the word pairs that meet
at the new sentence boundaries): growing the corpus adds documents, not
words.  The output is written as it is made (a million documents of
arabic-news are about 3.5 GB); a summary goes to standard error.
"""
import argparse, bisect, itertools, random, re, sys

SPLIT = re.compile(r"(?<=[.?!\u06d4\u061f])\s+|\s*\n\s*")


def sentences(text, w):
    out = []
    for s in SPLIT.split(text):
        words = s.split()
        if not words:
            continue
        if len(words) > 2 * w:
            out.extend((" ".join(words[i:i + w]), len(words[i:i + w])) for i in range(0, len(words), w))
        else:
            out.append((" ".join(words), len(words)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk-words", type=int, default=20)
    a = ap.parse_args()
    if a.n < 0 or a.chunk_words < 1:
        ap.error("N must be >= 0 and --chunk-words >= 1")

    docs = {}  # label -> list of (word count, [(sentence, words), ...])
    with open(a.source, encoding="utf-8", newline="\n") as f:
        for line in f:
            label, tab, text = line.rstrip("\n").partition("\t")
            if not tab or not label:
                continue
            sents = sentences(text, a.chunk_words)
            if sents:
                docs.setdefault(label, []).append((sum(n for _, n in sents), sents))
    if not docs:
        sys.exit("grow.py: no labelled documents in %s" % a.source)
    labels = list(docs)  # order of first appearance: deterministic
    cum = list(itertools.accumulate(len(docs[l]) for l in labels))
    total = cum[-1]

    rng = random.Random(a.seed)
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
    nbytes = nwords = 0
    counts = dict.fromkeys(labels, 0)
    for _ in range(a.n):
        label = labels[bisect.bisect_right(cum, rng.randrange(total))]
        pool = docs[label]
        src = rng.sample(pool, min(rng.choice((2, 3)), len(pool)))
        target = src[0][0]
        sents = [s for _, ss in src for s in ss]
        rng.shuffle(sents)
        parts, have = [], 0
        for s, n in sents:  # the pool holds src[0], so it always reaches target
            if have + n >= target:
                parts.append(s if have + n == target else " ".join(s.split()[:target - have]))
                break
            parts.append(s)
            have += n
        line = "%s\t%s\n" % (label, " ".join(parts))
        out.write(line)
        nbytes += len(line.encode("utf-8"))
        nwords += target
        counts[label] += 1
    if out is not sys.stdout:
        out.close()
    else:
        out.flush()
    src_words = sum(n for l in labels for n, _ in docs[l])
    print("grow.py: %d documents, %.1f MB, %.1f words a document (source: %d documents, %.1f words), "
          "seed %d; labels %s" % (a.n, nbytes / 1e6, nwords / max(a.n, 1), total, src_words / total, a.seed,
                                  " ".join("%s=%d" % (l, counts[l]) for l in labels)), file=sys.stderr)


if __name__ == "__main__":
    main()
