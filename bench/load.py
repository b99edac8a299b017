#!/usr/bin/env python3
"""make bench-load: how long `tasnif predict -m MODEL ARTICLE` takes (the
model's load and one answer) with its weights as f64 (mapped, and read
with TASNIF_NO_MMAP=1 as tasnif loaded models before), f32 and int8, side
by side in one run, interleaved; the file sizes; and what f32 and int8
change against f64 on the test splits (agreement of the predictions, the
change of macro-F1, or of micro-F1 for label sets).

usage: load.py TASNIF DATASETS OUT.md RUNS [SCRATCH]
The models are trained into SCRATCH (default: a temporary folder) unless
they are there already: arabic-conflict label sets (defaults), arabic-news
with --char-ngrams 3-5 (~86 MB), arabic-conflict single labels (-b 1)."""
import json, os, platform, statistics, subprocess, sys, tempfile, time

from benchlib import cpu_model, run

tasnif, data, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
scratch = sys.argv[5] if len(sys.argv) > 5 else tempfile.mkdtemp(prefix="bench-load.")
os.makedirs(scratch, exist_ok=True)
ac, an = os.path.join(data, "arabic-conflict"), os.path.join(data, "arabic-news")
MODELS = [  # name, train args, test split, label sets, target (ms)
    ("arabic-conflict label sets", ["--multi-label", ac + "/train.multi.tsv"], ac + "/test.multi.tsv", True, 50),
    ("arabic-news, --char-ngrams 3-5", ["--char-ngrams", "3-5", an + "/train.tsv"], an + "/test.tsv", False, 150),
    ("arabic-conflict, -b 1", ["-b", "1", ac + "/train.tsv"], ac + "/test.tsv", False, None),
]
ENCODINGS = ["f64", "f32", "int8"]


def model_files(i, args):
    """The f64 model (trained once) and its f32 and int8 copies."""
    base = os.path.join(scratch, "m%d" % i)
    if not os.path.exists(base + ".f64.tsnf"):
        run(tasnif, ["train", "-q", "-o", base + ".f64.tsnf"] + args)
    for e in ENCODINGS[1:]:
        run(tasnif, ["quantize", "-q", "-m", base + ".f64.tsnf", "-o", base + ".%s.tsnf" % e, "--weights", e])
    return {e: base + ".%s.tsnf" % e for e in ENCODINGS}


def article(test):
    """The first article of a test split, as a file of its own."""
    path = os.path.join(scratch, os.path.basename(os.path.dirname(test)) + ".article.txt")
    with open(test, encoding="utf-8") as f:
        text = f.readline().rstrip("\n").partition("\t")[2]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    return path


def timed(model, doc, env):
    """Wall and CPU (user + system) milliseconds of one predict run."""
    t0 = time.perf_counter()
    p = subprocess.Popen([tasnif, "predict", "-m", model, doc], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    t = (time.perf_counter() - t0) * 1000
    p.returncode = 0  # reaped above
    if status != 0:
        sys.exit("bench-load: predict -m %s failed (status %d)" % (model, status))
    return t, (ru.ru_utime + ru.ru_stime) * 1000


def predictions(model, test):
    o = run(tasnif, ["predict", "-m", model, "--lines", "--format", "tsv", test])
    return [line.split("\t")[1] for line in o.splitlines() if "\t" in line]


def score(model, test, multi):
    r = json.loads(run(tasnif, ["eval", "-m", model, "--format", "json", "--bootstrap", "0", test]))
    return r["metrics"]["micro_f1" if multi else "macro_f1"]


load0 = os.getloadavg()[0]
rows, quality = [], []
for i, (name, args, test, multi, target) in enumerate(MODELS):
    files = model_files(i, args)
    doc = article(test)
    configs = [("f64, read (TASNIF_NO_MMAP=1)", files["f64"], {"TASNIF_NO_MMAP": "1"})]
    configs += [("%s, mapped" % e, files[e], {}) for e in ENCODINGS]
    times = {c[0]: [] for c in configs}
    for c in configs:  # warm the page cache
        timed(c[1], doc, dict(os.environ, **c[2]))
    for _ in range(runs):  # interleaved
        for label, path, extra in configs:
            times[label].append(timed(path, doc, dict(os.environ, **extra)))
    base = statistics.median(t for t, _ in times[configs[0][0]])
    for label, path, extra in configs:
        med = statistics.median(t for t, _ in times[label])
        cpu = statistics.median(c for _, c in times[label])
        rows.append((name, label, os.path.getsize(path), med, cpu, base / med, target))
    want = predictions(files["f64"], test)
    f0 = score(files["f64"], test, multi)
    for e in ENCODINGS[1:]:
        got = predictions(files[e], test)
        same = sum(a == b for a, b in zip(want, got))
        quality.append((name, e, same, len(want), f0, score(files[e], test, multi), multi))
load1 = os.getloadavg()[0]

with open(out, "w") as f:
    f.write("# Loading a model and answering one article: f64, f32, int8 (make bench-load)\n\n")
    f.write("Command: `make bench-load` (`bench/load.py ./tasnif ../shared/datasets %s %d`).\n" % (out, runs))
    f.write("Machine: %s, %s, %d CPUs online, shared (load average %.2f at the start, %.2f at the end).\n"
            % (platform.machine(), cpu_model(), os.cpu_count(), load0, load1))
    f.write("Each figure: the median over %d runs of `tasnif predict -m MODEL ARTICLE` (the process's whole life: "
            "start, load, check, one answer), the configurations interleaved, after one warm-up run each "
            "(the file in the page cache).\n\n" % runs)
    f.write("| model | weights, loading | file size | median wall | median CPU (user + system) | "
            "wall speed-up over f64 read | target (wall) |\n")
    f.write("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
    for name, label, size, med, cpu, ratio, target in rows:
        f.write("| %s | %s | %.1f MB | %.1f ms | %.1f ms | %.2fx | %s |\n"
                % (name, label, size / 1e6, med, cpu, ratio, "<= %d ms" % target if target else ""))
    f.write("\nWhat the encodings change on the test split (against f64; macro-F1, micro-F1 for label sets):\n\n")
    f.write("| model | weights | same prediction | F1 f64 | F1 | change (points) |\n")
    f.write("| --- | --- | ---: | ---: | ---: | ---: |\n")
    for name, e, same, n, f0, f1, multi in quality:
        f.write("| %s | %s | %d of %d (%.2f%%) | %.4f | %.4f | %+.2f |\n"
                % (name, e, same, n, 100.0 * same / n, f0, f1, (f1 - f0) * 100))
print(open(out).read())
