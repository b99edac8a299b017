"""make bench-coprocess: how long after its line tasnif predict --lines
answers, driven as a coprocess (one line written, its answer read, then
the next), over N lines (default 1,000) after one line of warm-up (the
model's load, reported apart).  Results as Markdown.

    coprocess.py TASNIF TRAIN TEST TRAIN_MULTI OUT.md [N] [REPS]

TRAIN, TEST: a single-label corpus (TSV) to train on and whose texts are
sent, cycled to N lines; TRAIN_MULTI: label sets (TSV) for a label-set
model.  Each configuration runs REPS times (default 3), interleaved; the
table gives the median of the runs' medians and p99s.
"""
import os
import platform
import select
import statistics
import subprocess
import sys
import tempfile
import time

TASNIF, TRAIN, TEST, TRAIN_MULTI, OUT = sys.argv[1:6]
N = int(sys.argv[6]) if len(sys.argv) > 6 else 1000
REPS = int(sys.argv[7]) if len(sys.argv) > 7 else 3


def read_answer(fd, buf, ends, bound=120.0):
    """Bytes up to the end of one answer (ends(buf) says where it ends)."""
    deadline = time.monotonic() + bound
    while True:
        at = ends(buf)
        if at >= 0:
            return buf[:at], buf[at:]
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise RuntimeError("no answer within %.0f s" % bound)
        b = os.read(fd, 1 << 16)
        if not b:
            raise RuntimeError("the command ended early")
        buf += b


def one_line(buf):
    i = buf.find(b"\n")
    return i + 1 if i >= 0 else -1


def drive(model, lines, args, ends):
    p = subprocess.Popen([TASNIF, "predict", "-m", model, "--lines", *args, "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    fd, buf, lat = p.stdout.fileno(), b"", []
    try:
        for i, line in enumerate(lines):
            t0 = time.monotonic()
            p.stdin.write(line + b"\n")
            p.stdin.flush()
            _, buf = read_answer(fd, buf, ends)
            lat.append((time.monotonic() - t0) * 1e3)
        p.stdin.close()
        p.wait(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return lat[0], lat[1:]


def pct(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def main():
    tmp = tempfile.mkdtemp(prefix="tasnif-coproc.")
    single, multi = os.path.join(tmp, "single.model"), os.path.join(tmp, "multi.model")
    subprocess.run([TASNIF, "train", "-q", "-b", "1", "-o", single, TRAIN], check=True)
    subprocess.run([TASNIF, "train", "-q", "--multi-label", "-o", multi, TRAIN_MULTI], check=True)
    with open(TEST, "rb") as f:
        texts = [l.split(b"\t", 1)[-1] for l in f.read().splitlines() if l.strip()]
    lines = [texts[i % len(texts)] for i in range(N + 1)]
    configs = [
        ("text, single label (`-b 1`)", single, ["-f", "lines"], one_line),
        ("JSON, single label", single, ["-f", "lines", "--format", "json"], one_line),
        ("JSON, label sets (`--multi-label`)", multi, ["-f", "lines", "--format", "json"], one_line),
        ("JSON with `--explain 10`, single label", single, ["-f", "lines", "--format", "json", "--explain", "10"],
         one_line),
        ("text, single label, `-j 2`", single, ["-f", "lines", "-j", "2"], one_line),
    ]
    load0 = os.getloadavg()[0]
    res = {c[0]: [] for c in configs}
    for _ in range(REPS):
        for name, model, args, ends in configs:
            first, lat = drive(model, lines, args, ends)
            res[name].append((first, statistics.median(lat), pct(lat, 0.99), max(lat)))
    load1 = os.getloadavg()[0]
    nbytes = sum(len(l) for l in lines[1:]) / N
    with open(OUT, "w") as f:
        f.write("# predict --lines as a coprocess: answer latency (make bench-coprocess)\n\n")
        f.write("Command: `make bench-coprocess` (`bench/coprocess.py %s %s %s %s %s %d %d`).\n"
                % (TASNIF, TRAIN, TEST, TRAIN_MULTI, OUT, N, REPS))
        f.write("Machine: %s, %d CPUs online, shared (load average %.2f at the start, %.2f at the end).\n"
                % (platform.machine(), os.cpu_count(), load0, load1))
        f.write("Each run writes one line, reads its whole answer, then writes the next: %d lines (the test "
                "articles cycled, %.0f bytes on average) after one line of warm-up, whose answer includes "
                "the model's load. Latency: from the line's write to its answer's last byte read. Each figure "
                "is the median over %d runs, interleaved.\n\n" % (N, nbytes, REPS))
        f.write("| configuration | first answer (load) | median | p99 | max |\n| --- | ---: | ---: | ---: | ---: |\n")
        for name, _, _, _ in configs:
            r = res[name]
            f.write("| %s | %.1f ms | %.2f ms | %.2f ms | %.1f ms |\n" % (
                name, statistics.median(x[0] for x in r), statistics.median(x[1] for x in r),
                statistics.median(x[2] for x in r), statistics.median(x[3] for x in r)))
        worst = max(statistics.median(x[2] for x in res[c[0]]) for c in configs)
        f.write("\nTarget: an answer within 50 ms of its line. Worst p99 above: %.2f ms (%s).\n"
                % (worst, "met" if worst <= 50 else "**missed**"))
    print(open(OUT).read())


main()
