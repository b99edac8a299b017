#!/usr/bin/python3
"""Summarise bench/run.sh measurements (corpus, raw.tsv, output stem, reps,
version, libsvm flag) into <stem>.json and <stem>.md: median and min-max per
system and measure, tasnif's ratio to each peer, the targets with PASS/MISS
on arabic-news, and the training-time scaling exponent."""
from benchlib import cpu_model
import json, math, os, platform, statistics, sys, time

corpus, raw, stem, reps, version, with_libsvm = sys.argv[1:7]
rows = [l.rstrip("\n").split("\t") for l in open(raw) if l.strip()]
data = {}
for system, measure, rep, value in rows:
    try:
        v = float(value)
    except ValueError:
        continue
    if not math.isnan(v):
        data.setdefault(system, {}).setdefault(measure, []).append(v)


def stats(vals):
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}


summary = {s: {m: stats(v) for m, v in ms.items()} for s, ms in data.items()}
cpu = cpu_model()
out = {"corpus": corpus, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "tasnif": version,
       "machine": {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release()},
       "repetitions": int(reps), "systems": summary}

T = summary.get("tasnif", {})
ratios = {}
for peer in ("liblinear", "libsvm", "sklearn", "fasttext"):
    if peer not in summary:
        continue
    r = {}
    for m in ("train_s", "predict_s"):
        if m in summary[peer] and m in T and T[m]["median"] > 0:
            r[m] = summary[peer][m]["median"] / T[m]["median"]
    ratios[peer] = r
out["speed_ratio_peer_over_tasnif"] = ratios

scale = sorted((int(m.rsplit("_", 1)[1]), v["median"]) for m, v in T.items() if m.startswith("scale_train_s_"))
if len(scale) >= 2:
    xs = [math.log(n) for n, _ in scale]
    ys = [math.log(t) for _, t in scale]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    out["scaling"] = {"documents_seconds": scale, "exponent": b}

targets = []
if corpus == "arabic-news":
    def med(s, m):
        return summary.get(s, {}).get(m, {}).get("median")
    best_peer = max((med(p, "macro_f1") or 0) for p in ("liblinear", "libsvm", "sklearn", "fasttext"))
    checks = [
        ("test macro-F1 >= 0.987", med("tasnif", "macro_f1"), lambda v: v >= 0.987),
        ("train <= 6.7 s", med("tasnif", "train_s"), lambda v: v <= 6.7),
        ("train time grows at most linearly (exponent <= 1)", out.get("scaling", {}).get("exponent"), lambda v: v <= 1.0),
        ("predict 4,500 docs incl. load <= 1.0 s", med("tasnif", "predict_s"), lambda v: v <= 1.0),
        ("predict peak RSS <= 100 MB", med("tasnif", "predict_rss_mb"), lambda v: v <= 100),
        ("model file <= 60 MB", med("tasnif", "model_mb"), lambda v: v <= 60),
        ("model load < 0.05 s (tasnif info, process start included)", med("tasnif", "load_s"), lambda v: v < 0.05),
        ("feature extraction >= 50 MB/s on 1 thread", med("tasnif", "extract_mb_s_1t"), lambda v: v >= 50),
    ]
    for name, value, ok in checks:
        targets.append({"target": name, "value": value, "result": "n/a" if value is None else ("PASS" if ok(value) else "MISS")})
elif "tasnif" in summary:
    peers = [(p, summary[p]["macro_f1"]["median"]) for p in ("liblinear", "libsvm", "sklearn", "fasttext")
             if "macro_f1" in summary.get(p, {})]
    if peers:
        bp, bv = max(peers, key=lambda x: x[1])
        v = summary["tasnif"]["macro_f1"]["median"]
        targets.append({"target": "macro-F1 >= best peer (%s %.4f)" % (bp, bv), "value": v,
                        "result": "PASS" if v >= bv else "MISS"})
out["targets"] = targets
json.dump(out, open(stem + ".json", "w"), indent=2)

names = {"train_s": "train s", "predict_s": "predict s", "predict_rss_mb": "predict peak RSS MB",
         "model_mb": "model MB", "macro_f1": "test macro-F1"}
order = [s for s in ("tasnif", "liblinear", "libsvm", "sklearn", "fasttext") if s in summary]
md = ["# Benchmark: %s" % corpus, "",
      "%s, %s; %d CPUs (%s), kernel %s; %s repetition(s), median (min–max)." %
      (out["date"], version, out["machine"]["cpus"], cpu, out["machine"]["kernel"], reps), "",
      "tasnif, sklearn and fasttext take raw text (features included); liblinear and libsvm read the "
      "vectors `tasnif features` writes (feature time excluded). Peers: Debian's liblinear-tools, "
      "libsvm-tools" + ("" if with_libsvm == "1" else " (not run: pass --libsvm)") +
      ", python3-sklearn (TfidfVectorizer 1–2 grams, sublinear, min_df 2 + LinearSVC C=1), fasttext "
      "(10 epochs, wordNgrams 2, 2 threads).", "",
      "| system | " + " | ".join(names[m] for m in names) + " |", "| --- |" + " ---: |" * len(names)]
for s in order:
    cells = []
    for m in names:
        v = summary[s].get(m)
        if not v:
            cells.append("–")
        elif m == "macro_f1":
            cells.append("%.4f" % v["median"])
        elif v["n"] > 1:
            cells.append("%.3g (%.3g–%.3g)" % (v["median"], v["min"], v["max"]))
        else:
            cells.append("%.3g" % v["median"])
    md.append("| %s | %s |" % (s, " | ".join(cells)))
if ratios:
    md += ["", "Speed ratio (peer time / tasnif time; above 1 means tasnif is faster):", "",
           "| peer | train | predict |", "| --- | ---: | ---: |"]
    for p, r in ratios.items():
        md.append("| %s | %s | %s |" % (p, "%.2f" % r["train_s"] if "train_s" in r else "–",
                                       "%.2f" % r["predict_s"] if "predict_s" in r else "–"))
others = [x for x in summary if x not in order]
if others:
    md += ["", "Dense space (LSA, 256 dimensions) and search; `gram` is the kernel matrix of 13,500 x 256 "
           "dense rows by OpenBLAS dsyrk against a plain C triple loop (bench/gram_bench.c); `similar` "
           "indexes the corpus six times over and times 500 queries end to end:", "",
           "| system | measure | median | min–max |", "| --- | --- | ---: | ---: |"]
    for x in others:
        for m, v in sorted(summary[x].items()):
            md.append("| %s | %s | %.4g | %.4g–%.4g |" % (x, m, v["median"], v["min"], v["max"]))
extra = [(m, v) for m, v in T.items() if m.startswith("extract_") or m == "load_s"]
if extra:
    md += ["", "| tasnif measure | median | min–max |", "| --- | ---: | ---: |"]
    for m, v in sorted(extra):
        md.append("| %s | %.3f | %.3f–%.3f |" % (m, v["median"], v["min"], v["max"]))
if "scaling" in out:
    md += ["", "Training time against corpus size (balanced prefixes, 1 run each): " +
           ", ".join("%d docs %.2f s" % (n, t) for n, t in out["scaling"]["documents_seconds"]) +
           "; fitted exponent b in t = a·n^b: **%.2f**." % out["scaling"]["exponent"]]
if targets:
    md += ["", "| target | measured | result |", "| --- | ---: | --- |"]
    for t in targets:
        md.append("| %s | %s | %s |" % (t["target"], "–" if t["value"] is None else "%.4g" % t["value"], t["result"]))
open(stem + ".md", "w").write("\n".join(md) + "\n")
