"""The checks of tests/integration/coprocess.sh: tasnif predict --lines
driven as a coprocess.  One line is written, its whole answer read back
(exactly the bytes the same command prints for that line when it reads a
file), and only then the next line is written; the input stays open all
along, so an answer held back until more input or the end of input never
arrives and the check fails at its time bound.

    coprocess.py TASNIF TOP SCRATCH

Prints one line per check, "ok: ..." or "FAILED ...", then "N passed, N
failed".  Every wait is bounded (LINE_BOUND seconds per answer: a bound on
hanging, far above any answer's time, not a speed check).
"""
import json
import os
import pty
import select
import subprocess
import sys
import termios
import time

TASNIF, TOP, T = sys.argv[1:4]
DEMO = os.path.join(TOP, "datasets", "demo")
LINE_BOUND = 60.0
passed = failed = 0


def ok(cond, what):
    global passed, failed
    if cond:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED", what)
    sys.stdout.flush()
    return cond


def run(*args, stdin=None):
    return subprocess.run([TASNIF] + list(args), input=stdin, capture_output=True, timeout=300)


def answers(out, explained_text):
    """The answer of each document in a whole-file run's output: one line
    each, or (text with --explain) the label line and the indented lines
    under it."""
    lines = out.split(b"\n")[:-1]
    chunks = []
    for l in lines:
        if explained_text and l.startswith(b" ") and chunks:
            chunks[-1] += l + b"\n"
        else:
            chunks.append(l + b"\n")
    return chunks


def read_exactly(fd, n, bound):
    """n bytes from fd, or what came before bound seconds passed."""
    got = b""
    deadline = time.monotonic() + bound
    while len(got) < n:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        b = os.read(fd, n - len(got))
        if not b:
            break
        got += b
    return got


def nothing_more(fd):
    return not select.select([fd], [], [], 0.05)[0]


def drive(name, model, lines, args, tty=False):
    """Feed lines one at a time; each answer must equal the batch answer."""
    path = os.path.join(T, name + ".in")
    with open(path, "wb") as f:
        f.write(b"".join(l + b"\n" for l in lines))
    whole = run("predict", "-m", model, "--lines", *args, path)
    if not ok(whole.returncode == 0, "%s: the whole-file run succeeds (%s)" % (name, whole.stderr[-300:])):
        return
    # names differ (FILE:LINE against <stdin>:LINE): compare TSV/JSON after renaming
    stdin_name = b"\\u003cstdin\\u003e" if "json" in args else b"<stdin>"  # JSON escapes < and >
    want = answers(whole.stdout.replace(path.encode(), stdin_name), "--explain" in args and "json" not in args)
    if not ok(len(want) == len(lines), "%s: one answer per line in the whole-file run" % name):
        return
    if tty:  # standard input a terminal (no echo): lines as a user types them
        master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
    p = subprocess.Popen([TASNIF, "predict", "-m", model, "--lines", *args, "-"],
                         stdin=slave if tty else subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if tty:
        os.close(slave)
        p.stdin = os.fdopen(master, "wb")
    fd = p.stdout.fileno()
    good = True
    try:
        for i, line in enumerate(lines):
            p.stdin.write(line + b"\n")
            p.stdin.flush()
            got = read_exactly(fd, len(want[i]), LINE_BOUND)
            if got != want[i] or not nothing_more(fd):
                good = ok(False, "%s: line %d answered alone before the next was written: got %r, want %r"
                          % (name, i + 1, got[:200], want[i][:200]))
                break
        if tty:  # a terminal's end of input; the terminal stays open until the end
            p.stdin.write(b"\x04")
            p.stdin.flush()
        else:
            p.stdin.close()
        rest = read_exactly(fd, 1, LINE_BOUND)
        code = p.wait(timeout=LINE_BOUND)
        p.stdin.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    if good:
        ok(True, "%s: each of %d lines answered as soon as it was written" % (name, len(lines)))
        ok(rest == b"" and code == 0, "%s: end of input ends the run with status 0 (status %s)" % (name, code))


def main():
    model = os.path.join(T, "demo.model")
    ml = os.path.join(T, "demo-ml.model")
    r1 = run("train", "-q", "-b", "1", "-o", model, os.path.join(DEMO, "train.tsv"))
    r2 = run("train", "-q", "--multi-label", "-o", ml, os.path.join(DEMO, "train.multi.tsv"))
    if not ok(r1.returncode == 0 and r2.returncode == 0, "the demo models train"):
        return
    with open(os.path.join(DEMO, "test.tsv"), "rb") as f:
        tsv = f.read().splitlines()[:25]
    with open(os.path.join(DEMO, "test.multi.tsv"), "rb") as f:
        mtsv = f.read().splitlines()[:25]
    text = [l.split(b"\t", 1)[1] for l in tsv]
    jsonl = [json.dumps({"id": str(i), "text": t.decode()}, ensure_ascii=False).encode() for i, t in enumerate(text)]
    drive("text", model, text, ["-f", "lines"])
    drive("tsv-in", model, tsv, ["-f", "tsv"])
    drive("tsv-out", model, tsv, ["--format", "tsv", "-k", "2"])
    drive("json", model, jsonl, ["-f", "jsonl", "--format", "json"])
    drive("explain-text", model, text, ["-f", "lines", "--explain", "3"])
    drive("explain-json", model, text, ["-f", "lines", "--explain", "3", "--format", "json"])
    drive("label-sets", ml, mtsv, ["--format", "json", "-k", "2"])
    drive("terminal", model, text, ["-f", "lines"], tty=True)
    drive("two-threads", model, text, ["-f", "lines", "-j", "2"])
    drive("two-threads-json", ml, mtsv, ["-j", "2", "--format", "json"])


main()
print("%d passed, %d failed" % (passed, failed))
