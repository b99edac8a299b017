"""The checks of tests/integration/progress.sh: progress on standard error
and colour on standard output, with a terminal (a pseudo-terminal) and
without one (a file, as in a CI log).

    progress.py TASNIF TOP SCRATCH

TASNIF_PROGRESS_INTERVAL (documented in tasnif(1)) sets the seconds
between plain lines; 0 makes a run of the demo corpus "long enough" that
every phase change prints, without a timed test.  Prints "ok: ..." or
"FAILED ..." per check, then "N passed, N failed".
"""
import os
import pty
import re
import select
import subprocess
import sys

TASNIF, TOP, T = sys.argv[1:4]
TRAIN = os.path.join(TOP, "datasets", "demo", "train.tsv")
TEST = os.path.join(TOP, "datasets", "demo", "test.tsv")
passed = failed = 0


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED", what, repr(detail)[:2000])


def env(**kw):
    e = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "TASNIF_PROGRESS_INTERVAL",
                                                           "GITHUB_ACTIONS")}
    e["TERM"] = "xterm"
    e.update(kw)
    return e


def logged(args, **kw):
    """stderr of a run whose stderr is a file: (status, text)."""
    p = subprocess.run([TASNIF] + args, capture_output=True, text=True, env=env(**kw), timeout=600)
    return p.returncode, p.stderr, p.stdout


def on_terminal(args, stream, **kw):
    """The bytes a run writes to a pseudo-terminal on its stream (1 or 2), the other stream to /dev/null."""
    master, slave = pty.openpty()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen([TASNIF] + args, stdin=subprocess.DEVNULL, stdout=slave if stream == 1 else null,
                             stderr=slave if stream == 2 else null, env=env(**kw))
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 600)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    os.close(master)
    return p.returncode, out.decode("utf-8", "replace")


model = os.path.join(T, "m.tsnf")

# 1. a log: plain lines at each phase, with what is done of the total, before the end
rc, err, _ = logged(["train", "--cv", "3", TRAIN], TASNIF_PROGRESS_INTERVAL="0")
lines = err.splitlines()
ok(rc == 0, "train --cv in a log", err)
ok(not re.search(r"[\r\x1b]", err), "plain lines in a log: no carriage returns, no escapes", err)
ok(any(re.match(r"^tasnif: reading 0\.1/0\.1 MB \(100%\), 368 documents", l) for l in lines), "reading: MB of MB", err)
ok(any(re.match(r"^tasnif: weighting \d+/368 documents", l) for l in lines), "weighting: documents", err)
for f in (1, 2, 3):
    ok(any(re.match(rf"^tasnif: fold {f}/3, training \d+/4 classifiers \(\d+%\)", l) for l in lines),
       f"the fold {f}/3 named with its training", err)
rc, err, _ = logged(["train", "-o", model, TRAIN], TASNIF_PROGRESS_INTERVAL="0")
lines = err.splitlines()
ok(rc == 0 and lines and lines[-1].startswith("tasnif: 368 documents") and
   any(l.startswith("tasnif: training ") for l in lines[:-1]), "progress lines come before the end of training", err)

# 2. short runs in a log say nothing under auto; never and -q say nothing; always starts at once
rc, err, _ = logged(["train", "-o", model, TRAIN], TASNIF_PROGRESS_INTERVAL="3600")
ok(rc == 0 and err.splitlines() == [l for l in err.splitlines() if l.startswith("tasnif: 368 documents")],
   "auto: a run shorter than the interval prints no progress", err)
for flag in (["--progress", "never"], ["-q"]):
    rc, err, _ = logged(["train"] + flag + ["-o", model, TRAIN], TASNIF_PROGRESS_INTERVAL="0")
    ok(rc == 0 and not any(re.match(r"^tasnif: (reading|weighting|training)", l) for l in err.splitlines()),
       f"{' '.join(flag)}: no progress", err)
rc, err, _ = logged(["train", "--progress", "always", "-o", model, TRAIN], TASNIF_PROGRESS_INTERVAL="3600")
ok(err.startswith("tasnif: reading "), "always: the first line at once", err)

# 3. --auto names the setting and the best so far
rc, err, _ = logged(["train", "--auto", "--auto-time", "60", "--auto-repeats", "1", "-o", model, TRAIN],
                    TASNIF_PROGRESS_INTERVAL="0")
ok(any(re.match(r"^tasnif: setting 2/\d+ \(.*; best so far macro_f1 0\.\d{4} \(.*\)\), fold 1/5, training", l)
       for l in err.splitlines()), "--auto: the setting, the best so far, the fold", err)

# 4. a terminal: one line rewritten in place; TERM=dumb without escapes
rc, out = on_terminal(["train", "--cv", "3", TRAIN], 2)
ok(rc == 0 and "\r" in out and "\x1b[K" in out and "\n" not in out.split("tasnif: reading", 1)[-1].split("\r")[0],
   "a terminal: the line rewritten (CR, erase to the end)", out)
ok(re.search(r"tasnif: fold 2/3, training \d/4 classifiers", out) is not None, "a terminal: the fold named", out)
rc, out = on_terminal(["train", "--cv", "3", TRAIN], 2, TERM="dumb")
ok(rc == 0 and "\r" in out and "\x1b" not in out, "TERM=dumb: no escape sequences", out)

# 5. colour: a terminal, unless NO_COLOR (not empty) or TERM=dumb; --color always and never
gate = ["eval", "-m", model, "--fail-under", "macro_f1=0.99,accuracy=0.1", TEST]
rc, out = on_terminal(gate, 1)
ok(rc == 3 and "\x1b[31mFAIL" in out and "\x1b[32mPASS" in out, "a terminal: gates in colour", out)
rc, out = on_terminal(gate, 1, NO_COLOR="1")
ok(rc == 3 and "FAIL" in out and "\x1b" not in out, "NO_COLOR: no colour", out)
rc, out = on_terminal(gate, 1, NO_COLOR="")
ok("\x1b[31mFAIL" in out, "NO_COLOR empty: colour", out)
rc, out = on_terminal(gate, 1, TERM="dumb")
ok("FAIL" in out and "\x1b" not in out, "TERM=dumb: no colour", out)
rc, out = on_terminal(gate + ["--color", "never"], 1)
ok("FAIL" in out and "\x1b" not in out, "--color never on a terminal", out)
rc, err, out = logged(gate + ["--color", "always"], NO_COLOR="1")
ok(rc == 3 and "\x1b[31mFAIL" in out, "--color always into a file, NO_COLOR or not", out)
rc, err, out = logged(gate)
ok(rc == 3 and "\x1b" not in out, "auto: no colour into a file", out)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
