"""Pieces the benchmark scripts share: reading a corpus, naming the CPU,
running tasnif's cross-validation and scoring a model on a test split."""
import math, os, re, statistics, subprocess, sys, time

K = 5  # the folds of the cross-validation


def read(path, multi=False):
    """label<TAB>text lines -> (labels, texts); with multi, each label a list
    of the comma-separated labels of the line."""
    ys, xs = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            ys.append(label.split(",") if multi else label)
            xs.append(text)
    return ys, xs


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, or "unknown"."""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def run(tasnif, args):
    """tasnif with args: its stdout and stderr; exits naming the command when it fails."""
    p = subprocess.run([tasnif] + args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("%s: tasnif %s failed: %s" % (sys.argv[0], " ".join(args), p.stderr.strip()[-500:]))
    return p.stdout + p.stderr


def folds(tasnif, train, flags, reps):
    """Each held-out fold's macro-F1 of stratified K-fold cross-validation
    (`tasnif train --cv K --seed S`, features fitted inside each fold) with
    seeds 1..reps: the same folds for any flags."""
    scores = []
    for seed in range(1, reps + 1):
        o = run(tasnif, ["train", "--cv", str(K), "--seed", str(seed)] + flags + [train])
        scores += [float(v) for v in re.findall(r"^fold \d+: .*macro-F1 ([0-9.]+)", o, re.M)]
    return scores


def corrected_se(x):
    """The standard error of the mean of fold scores (or of their differences),
    with Nadeau and Bengio's correction for overlapping training sets:
    variance factor 1/J + 1/(K-1) over J folds."""
    return math.sqrt((1 / len(x) + 1 / (K - 1)) * statistics.variance(x)) if len(x) > 1 else 0.0


def test_score(tasnif, model, test, multi):
    """`tasnif eval` of model on test: macro-F1, or micro-F1 for label sets."""
    o = run(tasnif, ["eval", "-m", model, test])
    m = re.search(r"^%s\s+([0-9.]+)" % ("micro_f1" if multi else "macro-F1"), o, re.M)
    return float(m.group(1))


def present(data, corpora):
    """The rows (name, training file, test file, ...) of corpora whose
    training file is under data, with both paths joined to it; each one
    missing is named on stderr and skipped."""
    for name, tr, te, *rest in corpora:
        train, test = os.path.join(data, tr), os.path.join(data, te)
        if not os.path.exists(train):
            print("%s: %s missing, skipped" % (sys.argv[0], train), file=sys.stderr)
            continue
        yield (name, train, test, *rest)


def compare(tasnif, train, extra, settings, reps):
    """Each (name, flags) of settings cross-validated on the same folds
    (folds()): the mean of its folds ± corrected_se, its gain over the
    first setting fold by fold ± corrected_se, its seconds and flags."""
    r, base = {}, None
    for sname, flags in settings:
        t0 = time.perf_counter()
        x = folds(tasnif, train, extra + flags, reps)
        secs = time.perf_counter() - t0
        base = base or x
        d = [a - b for a, b in zip(x, base)]
        r[sname] = {"mean": statistics.mean(x), "se": corrected_se(x), "gain": statistics.mean(d),
                    "gain_se": corrected_se(d), "seconds": secs, "flags": " ".join(flags)}
        print(train, sname, r[sname], file=sys.stderr, flush=True)
    return r
