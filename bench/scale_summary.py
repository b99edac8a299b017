#!/usr/bin/python3
"""Summarise bench/scale.sh measurements (raw .tsv, output stem, version,
seed) into <stem>.json and <stem>.md: per size and system the median and
min-max of each measure, the sklearn/tasnif training-time ratio, what was
skipped and why, and the fitted time exponent b of t = a*n^b (least squares
of log seconds on log documents, 13,500 to 216,000 documents)."""
from benchlib import cpu_model
import json, math, os, platform, statistics, sys, time

raw, stem, version, seed = sys.argv[1:5]
command = sys.argv[5] if len(sys.argv) > 5 else "bench/scale.sh"
if command == "bench/scale.sh":
    command = "make bench-scale"
rows = [l.rstrip("\n").split("\t") for l in open(raw, encoding="utf-8")][1:]
data, skipped, machine = {}, {}, {}
for system, measure, docs, rep, value in rows:
    if system == "machine":
        machine[measure] = float(value)
        continue
    n = int(docs)
    if measure == "skipped":
        skipped.setdefault(n, {})[system] = value
        continue
    data.setdefault(n, {}).setdefault(system, {}).setdefault(measure, []).append(float(value))


def stats(vals):
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


sizes = sorted(set(data) | set(skipped))
summary = {n: {s: {m: stats(v) for m, v in ms.items()} for s, ms in data.get(n, {}).items()} for n in sizes}


def med(n, s, m):
    return summary.get(n, {}).get(s, {}).get(m, {}).get("median")


def fit(points):
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return {"documents_seconds": points, "exponent": b, "a": math.exp(my - b * mx)}


scaling = {}
for s in ("tasnif", "liblinear", "sklearn"):
    pts = [(n, med(n, s, "train_s")) for n in sizes if 13500 <= n <= 216000 and med(n, s, "train_s")]
    f = fit(pts)
    if f:
        scaling[s] = f
ratio = {n: med(n, "sklearn", "train_s") / med(n, "tasnif", "train_s") for n in sizes
         if med(n, "sklearn", "train_s") and med(n, "tasnif", "train_s")}

cpu = cpu_model()
start = machine.get("start_epoch")
when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(start)) if start else time.strftime(
    "%Y-%m-%d %H:%M UTC", time.gmtime())
if start and "end_epoch" in machine:
    when += " to " + time.strftime("%H:%M", time.gmtime(machine["end_epoch"]))
load = ""
if "loadavg_mean" in machine:
    load = (" The machine was shared: its 1-minute load average, sampled every 30 s, was %.1f on average "
            "(max %.1f) on %d CPUs, so absolute times are inflated; the ratios are between runs made one "
            "after the other under that load." % (machine["loadavg_mean"], machine["loadavg_max"], os.cpu_count()))
out = {"benchmark": "training cost against corpus size, arabic-news grown by bench/grow.py",
       "date": when, "command": command, "load_average": {k[8:]: v for k, v in machine.items() if k.startswith("loadavg_")}, "tasnif": version, "grow_seed": int(seed),
       "machine": {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release()},
       "test": "arabic-news test.tsv (4,500 documents)",
       "sizes": {str(n): summary[n] for n in sizes}, "skipped": {str(n): v for n, v in skipped.items()},
       "scaling": scaling, "train_ratio_sklearn_over_tasnif": {str(n): r for n, r in ratio.items()}}
json.dump(out, open(stem + ".json", "w"), indent=2)


def cell(n, s, m, fmt):
    v = summary.get(n, {}).get(s, {}).get(m)
    if not v:
        return "skipped" if s in skipped.get(n, {}) and m == "train_s" else "–"
    if v["n"] > 1 and fmt % v["min"] != fmt % v["max"] and m != "macro_f1":
        return (fmt + " (" + fmt + "–" + fmt + ")") % (v["median"], v["min"], v["max"])
    return fmt % v["median"]


md = ["# Benchmark: training cost against corpus size", "",
      "%s, %s; %d CPUs (%s), kernel %s. One run of `%s`: every number side by side on this "
      "machine in that run.%s" % (out["date"], version, out["machine"]["cpus"], cpu, out["machine"]["kernel"],
                                  command, load), "",
      "Training corpora: the arabic-news train split (13,500 documents) and corpora grown from it by "
      "`bench/grow.py --seed %s` (each new document: a label drawn with the split's proportions, the "
      "length of one of 2–3 source documents of that label, their sentences recombined; arabic-news has "
      "no punctuation, so its \"sentences\" are 20-word pieces). Every model is scored on the real "
      "arabic-news test split (4,500 documents). Grown corpora add documents, not vocabulary." % seed, "",
      "tasnif: `tasnif train` with default settings on raw text, wall seconds and peak RSS from "
      "`/usr/bin/time`. liblinear: `liblinear-train -q` (C 1) on the vectors `tasnif features` writes "
      "with that size's model; only liblinear-train is timed. sklearn: `bench/sk_scale.py`, "
      "TfidfVectorizer(1–2 grams, min_df 2, sublinear tf) + LinearSVC(C 1) on raw text, seconds from reading "
      "the corpus to the fitted model, RSS of the whole process. Median (min–max) where there were 3 "
      "repetitions (13.5k and 54k), one run elsewhere.", "",
      "| docs | tasnif s | tasnif RSS MB | tasnif model MB | tasnif macro-F1 | liblinear s | liblinear macro-F1 "
      "| sklearn s | sklearn RSS MB | sklearn macro-F1 | sklearn s / tasnif s |",
      "| ---: |" + " ---: |" * 10]
for n in sizes:
    if n > 216000:
        continue
    md.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        "{:,}".format(n), cell(n, "tasnif", "train_s", "%.3g"), cell(n, "tasnif", "rss_mb", "%.0f"),
        cell(n, "tasnif", "model_mb", "%.1f"), cell(n, "tasnif", "macro_f1", "%.4f"),
        cell(n, "liblinear", "train_s", "%.3g"), cell(n, "liblinear", "macro_f1", "%.4f"),
        cell(n, "sklearn", "train_s", "%.3g"), cell(n, "sklearn", "rss_mb", "%.0f"),
        cell(n, "sklearn", "macro_f1", "%.4f"), "%.2f" % ratio[n] if n in ratio else "–"))
if scaling:
    md += [""]
    for s, f in scaling.items():
        md.append("Fitted time exponent b in t = a·n^b, %s, %s to %s documents (%d sizes): **%.2f**." % (
            s, "{:,}".format(f["documents_seconds"][0][0]), "{:,}".format(f["documents_seconds"][-1][0]),
            len(f["documents_seconds"]), f["exponent"]))
big = [n for n in sizes if n > 216000]
for n in big:
    h = summary.get(n, {}).get("tasnif_hash20")
    mbc = med(n, "corpus", "mb")
    if h:
        md += ["", "%s documents (%.0f MB), `tasnif train --hash-bits 20` once: %.0f s, peak RSS %.0f MB, "
               "model %.1f MB, test macro-F1 %.4f." % ("{:,}".format(n), mbc or 0, h["train_s"]["median"],
                                                      h["rss_mb"]["median"], h["model_mb"]["median"],
                                                      h["macro_f1"]["median"])]
    elif "tasnif_hash20" in skipped.get(n, {}):
        md += ["", "%s documents (%.0f MB), `tasnif train --hash-bits 20`: %s." % (
            "{:,}".format(n), mbc or 0, skipped[n]["tasnif_hash20"])]
feats = [(n, med(n, "tasnif", "features"), med(n, "sklearn", "features")) for n in sizes]
if any(t or k for _, t, k in feats):
    md += ["", "Features: " + "; ".join("%s docs: tasnif %s, sklearn %s" % (
        "{:,}".format(n), "{:,}".format(int(t)) if t else "–", "{:,}".format(int(k)) if k else "–")
        for n, t, k in feats if t or k) + " (tasnif: word unigrams, min_df 2; sklearn: 1–2 grams, min_df 2)."]
notes = [(n, s, why) for n in sizes for s, why in skipped.get(n, {}).items() if s != "tasnif_hash20"]
if notes:
    md += ["", "Skipped: " + "; ".join("%s at %s documents (%s)" % (s, "{:,}".format(n), why)
                                       for n, s, why in notes) + "."]
md += ["", "Corpus sizes: " + ", ".join("%s docs %.0f MB" % ("{:,}".format(n), med(n, "corpus", "mb"))
                                        for n in sizes if med(n, "corpus", "mb")) + ".",
       "", "Raw numbers: `%s.tsv` (one row per measurement) and `%s.json`." % (
           os.path.basename(stem), os.path.basename(stem))]
open(stem + ".md", "w").write("\n".join(md) + "\n")
