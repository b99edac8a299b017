#!/bin/sh
# Explanations: for every linear model kind (liblinear one-vs-rest, libsvm's
# collapsed one-vs-one weights, models on the LSA embedding, probability
# models, multi-label models) and on every shared corpus, each explained
# score equals bias + the listed contributions + the rest, to 1e-9; kernel
# models are marked approximate; the HTML page renders in a browser.
. "$(dirname "$0")/../setup"
PY=/usr/bin/python3
demo="$TOP/datasets/demo"

# identity MODEL TEST NAME [predict options]: every document's every explained label
identity() {
    m=$1 test=$2 name=$3
    shift 3
    head -n 300 "$test" >"$T/test.part"
    if "$TASNIF" predict -m "$m" --lines --explain 5 --top-k 3 --format json "$@" "$T/test.part" >"$T/x.json" &&
        $PY - "$T/x.json" <<'PYEOF'
import json, sys
n = worst = 0
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
        n += 1
assert n > 0, "nothing was explained"
assert worst < 1e-9, worst
print("%d explanations, largest |bias + sum - score| %.2e" % (n, worst))
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
