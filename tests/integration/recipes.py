"""The checks of tests/integration/recipes.sh: the CI recipes under docs/ci
run as their CI systems would run them, on the demo corpus.

    recipes.py TASNIF TOP SCRATCH

docs/ci/github-actions.yml: every `run:` step but the install (tasnif is on
PATH) runs with bash -e in a work folder, with the job's and the step's
env, GITHUB_ACTIONS=true and GITHUB_STEP_SUMMARY set; docs/ci/gitlab-ci.yml:
every `script:` line in turn, stopping at the first that fails, as GitLab
does.  The last release's model comes from stand-ins for `gh release
download` and `curl` (no network): a model trained on the same corpus (the
job passes: the JUnit XML is valid, the summary holds the comparison) and
one trained on all of it while the job's TRAIN is a tenth (a significant
drop: the evaluation step fails with status 3, the failed gate shows as an
::error annotation on GitHub, and the JUnit XML still names it).

Prints "ok: ..." or "FAILED ..." per check, then "N passed, N failed".
"""
import os
import shutil
import stat
import subprocess
import sys

import yaml

TASNIF, TOP, T = sys.argv[1:4]
passed = failed = 0


def ok(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok:", what)
    else:
        failed += 1
        print("FAILED", what, detail)


def stand_ins(bindir, model):
    """tasnif on PATH; gh and curl that hand out model as the last release's."""
    os.makedirs(bindir, exist_ok=True)
    os.symlink(TASNIF, os.path.join(bindir, "tasnif"))
    scripts = {
        "gh": 'set -e\n[ "$1 $2" = "release download" ] || exit 64\nshift 2\ndir=. pat=\n'
              'while [ $# -gt 0 ]; do case $1 in --dir) dir=$2; shift;; --pattern) pat=$2; shift;; esac; shift; done\n'
              'mkdir -p "$dir"\ncp "$LAST_RELEASE" "$dir/$pat"\n',
        "curl": 'set -e\nout=\nwhile [ $# -gt 0 ]; do case $1 in -o) out=$2; shift;; esac; shift; done\n'
                '[ -n "$out" ] || exit 64\ncp "$LAST_RELEASE" "$out"\n',
    }
    for name, body in scripts.items():
        path = os.path.join(bindir, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(path, stat.S_IRWXU)


def workdir(name):
    """A checkout's stand-in: the demo corpus and docs/ci, nothing written there."""
    d = os.path.join(T, name)
    os.makedirs(os.path.join(d, "docs"))
    os.symlink(os.path.join(TOP, "datasets"), os.path.join(d, "datasets"))
    os.symlink(os.path.join(TOP, "docs", "ci"), os.path.join(d, "docs", "ci"))
    return d


def run(cmd, cwd, env):
    p = subprocess.run(["bash", "-e", "-c", cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout + p.stderr


def github(scenario, last, train):
    wf = yaml.safe_load(open(os.path.join(TOP, "docs", "ci", "github-actions.yml")))
    job = wf["jobs"]["evaluate"]
    d = workdir("gh-" + scenario)
    bindir = os.path.join(d, ".bin")
    stand_ins(bindir, last)
    env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], GITHUB_ACTIONS="true",
               GITHUB_STEP_SUMMARY=os.path.join(d, "summary.md"), LAST_RELEASE=last)
    env.update(job.get("env", {}))
    if train:
        env["TRAIN"] = train
    statuses, log = {}, ""
    for step in job["steps"]:
        if "run" not in step or step["name"] == "Install tasnif":
            continue
        senv = dict(env)
        senv.update({k: "token" for k in step.get("env", {})})  # ${{ github.token }}
        rc, out = run(step["run"], d, senv)
        statuses[step["name"]] = rc
        log += out
        if rc:
            break
    return d, statuses, log, job


def gitlab(scenario, last, train):
    ci = yaml.safe_load(open(os.path.join(TOP, "docs", "ci", "gitlab-ci.yml")))
    job = ci["evaluate"]
    d = workdir("gl-" + scenario)
    bindir = os.path.join(d, ".bin")
    stand_ins(bindir, last)
    env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], LAST_RELEASE=last, CI_JOB_TOKEN="token",
               CI_API_V4_URL="https://gitlab.invalid/api/v4", CI_PROJECT_ID="1")
    env.pop("GITHUB_ACTIONS", None)
    env.update(job.get("variables", {}))
    if train:
        env["TRAIN"] = train
    status, log = 0, ""
    for line in job["script"]:
        status, out = run(line, d, env)
        log += out
        if status:
            break
    return d, status, log, job


def junit_ok(path):
    p = subprocess.run(["/usr/bin/python3", os.path.join(TOP, "tests", "tools", "junit_check.py"), path],
                       capture_output=True, text=True)
    return p.returncode == 0


same = os.path.join(T, "same.tsnf")
full = os.path.join(T, "full.tsnf")
tenth = os.path.join(T, "tenth.tsv")
subprocess.run([TASNIF, "train", "-q", "-o", same, os.path.join(TOP, "datasets", "demo", "train.tsv")], check=True)
shutil.copy(same, full)
with open(os.path.join(TOP, "datasets", "demo", "train.tsv")) as f, open(tenth, "w") as t:
    t.writelines(line for i, line in enumerate(f) if i % 10 == 0)

# GitHub Actions
d, st, log, job = github("pass", same, None)
ok(st and all(rc == 0 for rc in st.values()), "GitHub: every step passes against the same model", f"{st}\n{log}")
ok(len(st) == 3, f"GitHub: fetch, train, evaluate ran: {list(st)}")
summary = open(os.path.join(d, "summary.md")).read() if os.path.exists(os.path.join(d, "summary.md")) else ""
ok("### Comparison with `last-release/model.tsnf`" in summary, "GitHub: the step summary holds the comparison")
ok(junit_ok(os.path.join(d, "report.xml")), "GitHub: report.xml is valid JUnit")
ok("::add-matcher::docs/ci/tasnif-matcher.json" in log, "GitHub: the problem matcher is added")
pub = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
ok(len(pub) == 1 and pub[0].get("if") == "always()" and "report.xml" in pub[0]["with"]["path"],
   "GitHub: the reports are published even when the evaluation fails")
d, st, log, job = github("drop", full, tenth)
ok(st.get("Evaluate against the last release") == 3, "GitHub: a significant drop fails the job", f"{st}\n{log}")
ok("::error title=tasnif eval%3A gate failed::macro_f1 dropped" in log, "GitHub: the failed gate is annotated")
xml = open(os.path.join(d, "report.xml")).read() if os.path.exists(os.path.join(d, "report.xml")) else ""
ok(junit_ok(os.path.join(d, "report.xml")) and "macro_f1 dropped" in xml, "GitHub: report.xml names the failed gate")

# GitLab CI
d, status, log, job = gitlab("pass", same, None)
ok(status == 0, "GitLab: the script passes against the same model", log)
ok(junit_ok(os.path.join(d, "report.xml")) and os.path.exists(os.path.join(d, "report.md")),
   "GitLab: report.xml is valid JUnit, report.md written")
art = job["artifacts"]
ok(art["when"] == "always" and art["reports"]["junit"] == "report.xml" and "report.md" in art["paths"],
   "GitLab: the JUnit report and the Markdown are published even when the job fails")
d, status, log, job = gitlab("drop", full, tenth)
ok(status == 3 and "tasnif: gate failed: macro_f1 dropped" in log, "GitLab: a significant drop fails the job", f"{status}\n{log}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
