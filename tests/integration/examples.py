"""The checks of tests/integration/examples.sh: the sample commands of
README.md (its ```sh blocks) and of docs/tasnif.1 (EXAMPLES) run, in the
order they are written, in a folder where the files they name exist (the
demo corpus under the names the examples use), so that an option renamed
or removed, or a file format changed, fails here.

    examples.py TASNIF TOP SCRATCH

A command exits 0 (3 when it has a gate: --fail-under or --max-drop); a
README block written as a terminal session ("$ command" then its output)
must print what it shows, up to a line "..." where the README cuts it.
Commands of other programs and of other machines (make, mpirun, cc, curl,
kill: a line that signals the server too) and tasnif serve, which runs
until stopped, are left out and counted; --auto's time budget is cut to 10 s (the option still parsed).
Prints "ok: ..." or "FAILED ..." per check, then "N passed, N failed".
"""
import os
import re
import shutil
import subprocess
import sys

TASNIF, TOP, T = sys.argv[1:4]
DEMO = os.path.join(TOP, "datasets", "demo")
passed = failed = 0
RUN = ("tasnif", "cp", "cut")


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED", what, detail)


def readme_blocks():
    """(command, shown output lines or None) from README's ```sh blocks."""
    out, block, on = [], [], False
    for line in open(os.path.join(TOP, "README.md"), encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("```sh"):
            on, block = True, []
        elif line.startswith("```") and on:
            on = False
            out.extend(commands(block))
        elif on:
            block.append(line)
    return out


def commands(block):
    if not any(l.startswith("$ ") for l in block):
        return [(l, None) for l in block if l.strip() and not l.lstrip().startswith("#")]
    cmds = []
    for l in block:
        if l.startswith("$ "):
            cmds.append([l[2:], []])
        elif cmds:
            cmds[-1][1].append(l)
    return [(c, shown) for c, shown in cmds]


def man_blocks():
    text = open(os.path.join(TOP, "docs", "tasnif.1"), encoding="utf-8").read()
    ex = text[text.index(".SH EXAMPLES"):text.index(".SH SEE ALSO")]
    cmds = []
    for block in re.findall(r"^\.nf\n(.*?)^\.fi$", ex, re.S | re.M):
        block = block.replace("\\-", "-").replace("\\(aq", "'").replace("\\e", "\\")
        block = re.sub(r"\\\n\s*", "", block)  # continued lines
        cmds.extend((l, None) for l in block.splitlines() if l.strip())
    return cmds


def fixtures():
    os.makedirs(T, exist_ok=True)
    os.symlink(os.path.join(TOP, "datasets"), os.path.join(T, "datasets"))
    for name, src in (("corpus.tsv", "train.tsv"), ("test.tsv", "test.tsv"), ("train.multi.tsv", "train.multi.tsv"),
                      ("test.multi.tsv", "test.multi.tsv"), ("sets.tsv", "train.multi.tsv"),
                      ("archive.tsv", "test.tsv"), ("article.txt", "sample.en.txt")):
        shutil.copy(os.path.join(DEMO, src), os.path.join(T, name))
    texts = [l.split("\t", 1)[1] for l in open(os.path.join(DEMO, "test.tsv"), encoding="utf-8")]
    for name in ("headlines.txt", "pool.tsv"):
        open(os.path.join(T, name), "w", encoding="utf-8").writelines(texts)
    subprocess.run(["/usr/bin/python3", os.path.join(TOP, "tests", "integration", "exports.py"),
                    os.path.join(DEMO, "train.tsv")], cwd=T, check=True)  # README's "Your own data"
    subprocess.run([TASNIF, "train", "-q", "-o", "old.tsnf", "corpus.tsv"], cwd=T, check=True)
    subprocess.run([TASNIF, "eval", "-m", "old.tsnf", "-o", "old.json", "test.tsv"], cwd=T, check=True)


def prepare(cmd):
    """The command as run: its comment dropped, --auto's budget cut; or None to leave it out."""
    cmd = re.sub(r"\s+#\s.*$", "", cmd).strip()
    words = cmd.split()
    if not words or words[0] not in RUN or words[1:2] == ["serve"] or "kill" in words:
        return None
    if "--auto" in words:
        cmd = re.sub(r"--auto-time \d+", "", cmd) + " --auto-time 10 --auto-repeats 1"
    return cmd


def same_output(got, shown):
    """got starts with the shown lines, up to a line "..."."""
    want = []
    for l in shown:
        if l.strip() == "...":
            break
        want.append(l)
    return got.splitlines()[:len(want)] == want


fixtures()
left_out = 0
for where, cmds in (("README.md", readme_blocks()), ("docs/tasnif.1", man_blocks())):
    for cmd, shown in cmds:
        run = prepare(cmd)
        if run is None:
            left_out += 1
            continue
        p = subprocess.run(["bash", "-c", run], cwd=T, capture_output=True, text=True, timeout=600,
                           env=dict(os.environ, PATH=os.path.dirname(TASNIF) + ":" + os.environ["PATH"]))
        gate = "--fail-under" in run or "--max-drop" in run
        ok(p.returncode == 0 or (gate and p.returncode == 3), f"{where}: {cmd}", f"exit {p.returncode}: {p.stderr}")
        if shown:
            ok(same_output(p.stdout, shown), f"{where}: the output of {cmd}", "printed:\n" + p.stdout)
print(f"left out: {left_out} commands of other programs, machines or tasnif serve")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
