#!/bin/sh
# Explanations: for every linear model kind (liblinear one-vs-rest, libsvm's
# collapsed one-vs-one weights, models on the LSA embedding, probability
# models, multi-label models) and on every shared corpus, each explained
# score equals bias + the listed contributions + the rest, to 1e-9; kernel
# models are marked approximate; the HTML page renders in a browser.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"

# identity MODEL TEST NAME [REST]: every document's every explained label,
# by n-gram and by word; REST: "none" (the default: every n-gram is some
# word's), "some" (n-grams across words) or "all" (hashed: no word known)
identity() {
    m=$1 test=$2 name=$3 rest=${4:-none}
    head -n 300 "$test" >"$T/test.part"
    if "$TASNIF" predict -m "$m" --lines --explain 5 --top-k 3 --format json "$T/test.part" >"$T/x.json" &&
        $PY - "$T/x.json" "$rest" <<'PYEOF'
import json, sys
n = worst = 0
rests = []
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    for s in d["scores"]:
        if "bias" not in s:
            continue
        total = s["bias"] + sum(t["contribution"] for t in s["terms"]) + s["other"]
        worst = max(worst, abs(total - s["explained"]))
        assert s["approximate"] is False, "a linear model's explanation is exact"
        if d["score_kind"] == "decision":
            assert abs(s["explained"] - s["score"]) < 1e-12, (s["explained"], s["score"])
        for t in s["terms"]:
            assert abs(t["value"] * t["weight"] - t["contribution"]) < 1e-12
        words = s["bias"] + sum(w["contribution"] for w in s["words"]) + s["words_other"] + s["words_rest"]
        worst = max(worst, abs(words - s["explained"]))
        assert len(s["words"]) <= 5 and all(w["ngrams"] >= 1 for w in s["words"]), s["words"]
        rests.append(s["words_rest"])
        if sys.argv[2] == "all":
            assert s["words"] == [] and abs(s["words_rest"] - sum(t["contribution"] for t in s["terms"]) - s["other"]) < 1e-9
        n += 1
assert n > 0, "nothing was explained"
assert worst < 1e-9, worst
if sys.argv[2] == "none":
    assert all(r == 0 for r in rests), "an n-gram no word took"
if sys.argv[2] == "some":
    assert any(r != 0 for r in rests), "n-grams across words were given to words"
print("%d explanations by n-gram and by word, largest |bias + sum - score| %.2e" % (n, worst))
PYEOF
    then ok; else bad "explanation identity: $name"; fi
}

"$TASNIF" train -q -o "$T/ovr.tsnf" "$demo/train.tsv" && identity "$T/ovr.tsnf" "$demo/test.tsv" "demo, liblinear one-vs-rest"
"$TASNIF" train -q --solver libsvm -o "$T/ovo.tsnf" "$demo/train.tsv" && identity "$T/ovo.tsnf" "$demo/test.tsv" "demo, libsvm one-vs-one"
"$TASNIF" train -q --scheme ovo --loss squared-hinge -o "$T/llovo.tsnf" "$demo/train.tsv" &&
    identity "$T/llovo.tsnf" "$demo/test.tsv" "demo, liblinear one-vs-one"
"$TASNIF" train -q --lsa 32 -o "$T/both.tsnf" "$demo/train.tsv" && identity "$T/both.tsnf" "$demo/test.tsv" "demo, n-grams + LSA"
"$TASNIF" train -q --lsa 32 --features dense -o "$T/dense.tsnf" "$demo/train.tsv" &&
    identity "$T/dense.tsnf" "$demo/test.tsv" "demo, LSA embedding only"
"$TASNIF" train -q -b 1 -o "$T/prob.tsnf" "$demo/train.tsv" && identity "$T/prob.tsnf" "$demo/test.tsv" "demo, probabilities"
"$TASNIF" train -q --multi-label -o "$T/ml.tsnf" "$demo/train.multi.tsv" &&
    identity "$T/ml.tsnf" "$demo/test.multi.tsv" "demo, multi-label"
"$TASNIF" train -q --char-ngrams-across 3-4 -o "$T/across.tsnf" "$demo/train.tsv" &&
    identity "$T/across.tsnf" "$demo/test.tsv" "demo, characters across words" some
"$TASNIF" train -q --hash-bits 14 -o "$T/hash.tsnf" "$demo/train.tsv" && identity "$T/hash.tsnf" "$demo/test.tsv" "demo, hashed" all
for lead in unigrams same; do
    "$TASNIF" train -q --lead-ngrams $lead --lead-share 60 -o "$T/lead.tsnf" "$demo/train.tsv" &&
        identity "$T/lead.tsnf" "$demo/test.tsv" "demo, the lead's $lead"
done

# by word: a word n-gram is shared equally by its words; a character n-gram
# by the words that hold it, by how often; the lead's copy goes to its word
printf 'a\tx y\nb\tz w\na\tx y\nb\tz w\n' >"$T/bi.tsv"
"$TASNIF" train -q --word-ngrams 2-2 --char-ngrams 0 --lead-words 0 --min-df 1 -o "$T/bi.tsnf" "$T/bi.tsv"
printf 'x y\n' >"$T/xy.txt"
"$TASNIF" predict -m "$T/bi.tsnf" --explain 5 --format json "$T/xy.txt" | $PY -c '
import json, sys
s = json.load(sys.stdin)["scores"][0]
assert [t["term"] for t in s["terms"]] == ["x y"], s["terms"]
w = {x["word"]: x["contribution"] for x in s["words"]}
assert sorted(w) == ["x", "y"] and abs(w["x"] - s["terms"][0]["contribution"] / 2) < 1e-12 and w["x"] == w["y"], w
' && ok || bad "a bigram is not shared equally by its two words"
printf 'a\tوقف النار\nb\tمؤتمر الحوار\na\tبوقف النار\nb\tالحوار مؤتمر\n' >"$T/ch.tsv"
"$TASNIF" train -q --word-ngrams 0 --char-ngrams 3 --lead-words 1 --lead-ngrams unigrams --min-df 1 -o "$T/ch.tsnf" "$T/ch.tsv"
printf 'وقف وقف بوقف\n' >"$T/wq.txt"
"$TASNIF" predict -m "$T/ch.tsnf" --explain 9 --explain-by ngrams --format json "$T/wq.txt" | $PY -c '
import json, sys
s = json.load(sys.stdin)["scores"][0]
c = {t["term"]: t["contribution"] for t in s["terms"]}
w = {x["word"]: x["contribution"] for x in s["words"]}
# <وقف> (twice in the text) and <بوقف> (once) share وقف and قف> 2:1; <وق is
# in the first alone, <بو and بوق in the second; the lead (1 word) is وقف
share = (c["وقف"] + c["قف>"]) / 3
want = {"وقف": c["<وق"] + 2 * share + c["وقف (lead)"], "بوقف": c["<بو"] + c["بوق"] + share}
assert len(c) == 6 and sorted(w) == sorted(want), (c, w)
assert all(abs(w[k] - want[k]) < 1e-12 for k in want), (w, want)
assert s["words_rest"] == 0
' && ok || bad "character n-grams shared by their words"
# the lead's character n-grams are shared by the lead's words, by how often
# they occur in the lead (here once each), not in the whole text
printf 'a\tبوقف وقف النار\nb\tمؤتمر الحوار\na\tوقف بوقف\nb\tالحوار مؤتمر\n' >"$T/lc.tsv"
"$TASNIF" train -q --word-ngrams 0 --char-ngrams 3 --lead-words 2 --lead-ngrams same --min-df 1 -o "$T/lc.tsnf" "$T/lc.tsv"
printf 'بوقف وقف وقف\n' >"$T/bq.txt"
"$TASNIF" predict -m "$T/lc.tsnf" --explain 20 --explain-by ngrams --format json "$T/bq.txt" | $PY -c '
import json, sys
s = json.load(sys.stdin)["scores"][0]
c = {t["term"]: t["contribution"] for t in s["terms"]}
w = {x["word"]: x["contribution"] for x in s["words"]}
L = " (lead)"
body, lead = (c["وقف"] + c["قف>"]) / 3, (c["وقف" + L] + c["قف>" + L]) / 2
want = {"وقف": c["<وق"] + 2 * body + c["<وق" + L] + lead,
        "بوقف": c["<بو"] + c["بوق"] + body + c["<بو" + L] + c["بوق" + L] + lead}
assert len(c) == 10 and sorted(w) == sorted(want), (c, w)
assert all(abs(w[k] - want[k]) < 1e-12 for k in want), (w, want)
assert s["words_rest"] == 0
' && ok || bad "the lead's character n-grams shared by the lead's words"
# the page shades each word by the same share
printf 'وقف بوقف\n' >"$T/two.txt"
"$TASNIF" predict -m "$T/ch.tsnf" --explain 9 --format json "$T/two.txt" >"$T/two.json"
"$TASNIF" predict -m "$T/ch.tsnf" --explain 9 --format html "$T/two.txt" >"$T/two.html"
$PY - "$T/two.json" "$T/two.html" <<'PYEOF' && ok || bad "the page does not shade words by their share"
import json, re, sys
s = json.load(open(sys.argv[1]))["scores"][0]
want = {w["word"]: round(w["contribution"], 4) for w in s["words"]}
got = {w: round(float(t), 4) for t, w in re.findall(r'title="([-+0-9.]+)"[^>]*>([^<]+)</span>', open(sys.argv[2]).read())}
assert got == want, (got, want)
PYEOF

for dir in "$SHARED"/datasets/*/; do
    [ -f "$dir/train.tsv" ] || continue
    c=$(basename "$dir")
    "$TASNIF" train -q -o "$T/$c.tsnf" "$dir/train.tsv" && identity "$T/$c.tsnf" "$dir/test.tsv" "$c"
    if [ -f "$dir/train.multi.tsv" ]; then
        "$TASNIF" train -q --multi-label -o "$T/$c.ml.tsnf" "$dir/train.multi.tsv" &&
            identity "$T/$c.ml.tsnf" "$dir/test.multi.tsv" "$c, multi-label"
    fi
done
[ -d "$SHARED/datasets" ] || { echo "skip: ../shared/datasets is absent: the shared corpora were not checked"; skipped=$((skipped + 1)); }

# kernel models: occlusion, marked approximate everywhere
"$TASNIF" train -q -t rbf -o "$T/rbf.tsnf" "$demo/train.tsv"
"$TASNIF" predict -m "$T/rbf.tsnf" --explain 3 --format json "$demo/sample.en.txt" >"$T/rbf.json" &&
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["scores"][0]; assert s["approximate"] is True' "$T/rbf.json" &&
    "$TASNIF" predict -m "$T/rbf.tsnf" --explain 3 "$demo/sample.en.txt" | grep -q 'approximate: kernel model, occlusion' &&
    ok || bad "kernel explanations not marked approximate"

# the HTML page: well-formed, self-contained, rendered by Chromium
"$TASNIF" predict -m "$T/ml.tsnf" --explain 12 --format html "$demo/sample.ar.txt" "$demo/sample.en.txt" >"$T/x.html" || bad "html"
if $PY - "$T/x.html" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
html = open(sys.argv[1], encoding="utf-8").read()
ET.fromstring(html.replace("<!DOCTYPE html>", "").replace("<br>", "<br/>").replace('<meta charset="utf-8">', '<meta charset="utf-8"/>'))
assert "<script" not in html and "http" not in html, "no scripts, no fetches"
assert html.count("<article>") == 2 and "rgba(0,140,60" in html
PYEOF
then ok; else bad "explanation HTML not well-formed or not self-contained"; fi
if command -v chromium >/dev/null 2>&1 && $PY -c 'import PIL' 2>/dev/null; then
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$T/chrome" --window-size=1000,1200 --screenshot="$T/x.png" "file://$T/x.html" \
        >"$T/chrome.log" 2>&1
    if $PY - "$T/x.png" <<'PYEOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
colours = im.getcolors(maxcolors=1 << 20)
assert colours is not None and len(colours) > 50, "the page looks blank"
green = sum(c for c, (r, g, b) in colours if g > r + 40 and g > b + 20)
assert green > 500, "no word is shaded as evidence"
print("rendered", im.size, len(colours), "colours,", green, "green pixels")
PYEOF
    then ok; else bad "explanation page did not render"; tail -5 "$T/chrome.log"; fi
else
    echo "skip: chromium or Pillow not installed"
    skipped=$((skipped + 1))
fi
finish
