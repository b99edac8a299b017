"""make bench-serve: tasnif serve under wrk against tasnif predict --lines on
the same articles, in one run.

    bench/serve.py TASNIF TRAIN TEST RESULTS.md [REPS] [SECONDS]

TRAIN trains the model (defaults); TEST's articles are the documents.
Measured, REPS times each, interleaved (median reported):
  - predict --lines -j 1 and -j 2 over the articles repeated to about 9,000
    documents: documents/s by wall time, the model's load included;
  - serve (-j the CPUs, keep-alive) under wrk for SECONDS at 1, 8 and 64
    connections, 1-document and 32-document requests: documents/s, p50 and
    p99 latency, failed requests (non-2xx and socket errors);
  - p99 at half the peak 1-document rate: wrk with many connections, each
    pausing a random time (exponential, 100 ms on average) after every
    answer (a Lua delay()), as many as offer half the peak measured just
    before (calibrated; wrk2, which holds a constant rate, is not in
    Debian), with the server's own share from its access log;
  - failed requests over a 10 s run at 64 connections while the model file is
    swapped between two models and SIGHUP sent every 0.5 s.
The server and wrk share the machine's cores, as a client on the same host
would; predict --lines has them to itself.
"""
import ctypes
import json
import os
import re
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

TASNIF, TRAIN, TEST, OUT = sys.argv[1:5]
REPS = int(sys.argv[5]) if len(sys.argv) > 5 else 3
SECONDS = int(sys.argv[6]) if len(sys.argv) > 6 else 10
LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "serve.lua")
PAUSE = 100  # ms each connection of the half-peak run waits after an answer, on average
tmp = tempfile.mkdtemp(prefix="tasnif-bench-serve.")
servers = []


def loadavg():
    return open("/proc/loadavg").read().split()[0]


def train(path, *flags):
    benchlib.run(TASNIF, ["train", "-q", "-o", path] + list(flags) + [TRAIN])


class Server:
    """tasnif serve -m model ARGS (-q unless log), its access log in self.log."""

    def __init__(self, model, *args, log=False):
        self.log = os.path.join(tmp, "serve-%d.err" % len(servers))
        self.p = subprocess.Popen([TASNIF, "serve", "-m", model, "--port", "0"] + ([] if log else ["-q"]) + list(args),
                                  stdout=subprocess.PIPE, stderr=open(self.log, "ab"),
                                  preexec_fn=lambda: ctypes.CDLL(None).prctl(1, signal.SIGKILL))  # dies with us
        servers.append(self)
        m = re.match(r"listening on http://127\.0\.0\.1:(\d+)", self.p.stdout.readline().decode())
        if not m:
            sys.exit("bench/serve.py: tasnif serve did not start")
        self.url = "http://127.0.0.1:%s/v1/classify" % m.group(1)
        self.port = int(m.group(1))

    def served_since(self, offset):
        """The microseconds of the requests the access log has after offset
        (headers in to answer sent), sorted; and the log's size now."""
        with open(self.log, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        us = sorted(int(x) for x in re.findall(r"(?m)^\S+Z POST /v1/classify 200 \d+ (\d+)us$", text))
        return us, offset + len(text.encode())

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        return self.p.wait(60)


def seconds(v):
    n, unit = re.match(r"([0-9.]+)(us|ms|s|m)", v).groups()
    return float(n) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]


def wrk(url, conns, bodies, secs, script=LUA):
    """wrk's requests/s, p50 and p99 (s) and failed requests."""
    cmd = ["wrk", "-t", str(min(2, conns)), "-c", str(conns), "-d", "%ds" % secs, "--timeout", "30s", "--latency",
           "-s", script, url, "--", bodies]
    o = subprocess.run(cmd, capture_output=True, text=True, timeout=secs + 120).stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", o).group(1))
    p50 = seconds(re.search(r"^\s+50%\s+(\S+)", o, re.M).group(1))
    p99 = seconds(re.search(r"^\s+99%\s+(\S+)", o, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", o)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", o)
    failed = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    total = int(re.search(r"(\d+) requests in", o).group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "failed": failed, "requests": total}


def predict_rate(model, corpus, ndocs, threads):
    t0 = time.time()
    p = subprocess.run([TASNIF, "predict", "-m", model, "--lines", "-j", str(threads), corpus],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("bench/serve.py: predict failed: %s" % p.stderr.decode()[-300:])
    return ndocs / (time.time() - t0)


def med(xs):
    return statistics.median(xs)


signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(1))  # the finally below stops the servers
try:
    load0 = loadavg()
    model, model2, live = (os.path.join(tmp, n) for n in ("a.tsnf", "b.tsnf", "live.tsnf"))
    train(model)
    train(model2, "-c", "0.5")
    shutil.copyfile(model, live)
    _, texts = benchlib.read(TEST)
    n = len(texts)
    reps = max(1, round(9000 / n))
    corpus = os.path.join(tmp, "articles.txt")
    with open(corpus, "w", encoding="utf-8") as f:
        for _ in range(reps):
            for t in texts:
                f.write(t + "\n")
    bodies = {1: os.path.join(tmp, "bodies1.txt"), 32: os.path.join(tmp, "bodies32.txt")}
    with open(bodies[1], "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": str(i), "text": t}, ensure_ascii=False) + "\n")
    with open(bodies[32], "w", encoding="utf-8") as f:
        for s in range(0, n, 8):
            docs = [{"id": str((s + k) % n), "text": texts[(s + k) % n]} for k in range(32)]
            f.write(json.dumps({"documents": docs}, ensure_ascii=False) + "\n")
    cpus = os.cpu_count()

    runs = {}
    pred = {1: [], 2: []}
    srv = Server(model)
    for r in range(REPS):
        for j in (1, 2):
            pred[j].append(predict_rate(model, corpus, n * reps, j))
            print("predict --lines -j %d: %.0f docs/s" % (j, pred[j][-1]), flush=True)
        for size in (1, 32):
            for c in (1, 8, 64):
                w = wrk(srv.url, c, bodies[size], SECONDS)
                w["docs"] = w["rps"] * size
                runs.setdefault((size, c), []).append(w)
                print("serve %2d docs/request, %2d connections: %.0f docs/s, p50 %.1f ms, p99 %.1f ms, %d failed" %
                      (size, c, w["docs"], w["p50"] * 1e3, w["p99"] * 1e3, w["failed"]), flush=True)

    def m(size, c, key):
        return med([w[key] for w in runs[(size, c)]])

    peak = max(m(1, c, "docs") for c in (1, 8, 64))
    srv.stop()
    # Half the peak, measured on a server that keeps its access log (serve's
    # default) to tell the time inside the server from the time before it.
    # Many connections, each pausing PAUSE ms on average after every answer,
    # so that the rate hardly depends on the answers' latency:
    # connections / (PAUSE + latency) = peak / 2.  The machine is shared and
    # its spare CPU drifts, so each repetition first measures the peak again
    # (64 connections, no pause), then calibrates the connections on a short
    # run, then measures.
    paced = os.path.join(tmp, "paced.lua")
    with open(LUA) as f, open(paced, "w") as g:
        # exponential pauses: the connections do not fall into step, and
        # together they send as a Poisson stream would
        g.write(f.read() + "\nfunction delay()\n    return math.floor(-%d * math.log(1 - math.random()) + 0.5)\nend\n"
                % PAUSE)
    srv = Server(model, log=True)
    half = []
    for r in range(REPS):
        w = wrk(srv.url, 64, bodies[1], 5)
        target = w["rps"] / 2
        conns = max(2, min(500, int(round(target * (PAUSE + w["p50"] * 1000) / 1000))))
        w = wrk(srv.url, conns, bodies[1], 3, paced)
        conns = max(2, min(500, int(round(conns * target / w["rps"]))))
        offset = srv.served_since(0)[1]
        w = wrk(srv.url, conns, bodies[1], SECONDS, paced)
        us, offset = srv.served_since(offset)
        w["s50"], w["s99"] = us[len(us) // 2] / 1e6, us[int(len(us) * 0.99)] / 1e6
        w["conns"], w["share"] = conns, w["rps"] / (2 * target)
        half.append(w)
        print("half peak (%d connections): %.0f docs/s (%.0f%% of the peak just before), p50 %.1f ms, p99 %.1f ms; "
              "in the server p50 %.1f ms, p99 %.1f ms" % (conns, w["rps"], 100 * w["share"], w["p50"] * 1e3,
                                                          w["p99"] * 1e3, w["s50"] * 1e3, w["s99"] * 1e3), flush=True)
    srv.stop()

    # reloads under load: the live file swapped between the two models, SIGHUP every 0.5 s
    srv = Server(live)
    wp = subprocess.Popen(["wrk", "-t", "2", "-c", "64", "-d", "10s", "--timeout", "30s", "-s", LUA, srv.url, "--",
                           bodies[1]], stdout=subprocess.PIPE, text=True)
    sent = 0
    t_end = time.time() + 9.5
    while time.time() < t_end:
        time.sleep(0.5)
        shutil.copyfile(model2 if sent % 2 == 0 else model, live + ".new")
        os.replace(live + ".new", live)
        srv.p.send_signal(signal.SIGHUP)
        sent += 1
    o = wp.communicate(timeout=120)[0]
    health = json.loads(subprocess.run(["curl", "-s", "http://127.0.0.1:%d/healthz" % srv.port],
                                       capture_output=True, text=True, timeout=30).stdout)
    srv.stop()
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", o)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", o)
    reload_failed = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    reload_requests = int(re.search(r"(\d+) requests in", o).group(1))
    reloads_done = health["generation"] - 1
    load1 = loadavg()

    best_pred = max(med(pred[1]), med(pred[2]))
    ratio = m(1, 8, "docs") / best_pred
    hp = {k: med([w[k] for w in half]) for k in ("rps", "p50", "p99", "s50", "s99", "share", "conns")}
    lines = [
        "# tasnif serve against predict --lines (make bench-serve)",
        "",
        "Command: `make bench-serve` (`bench/serve.sh`, `bench/serve.py %s %s %s %s %d %d`)." %
        ("./tasnif", os.path.relpath(TRAIN), os.path.relpath(TEST), os.path.relpath(OUT), REPS, SECONDS),
        "Machine: %s, %d CPUs online, shared (load average %s at the start, %s at the end)." %
        (benchlib.cpu_model(), cpus, load0, load1),
        "Model: `tasnif train` with the defaults on %s (%.1f MB). Documents: the %d articles of %s "
        "(%.1f KB on average)." % (os.path.relpath(TRAIN), os.path.getsize(model) / 1e6, n, os.path.relpath(TEST),
                                   sum(len(t.encode()) for t in texts) / n / 1e3),
        "Each figure is the median of %d runs, interleaved; wrk runs %d s each, keep-alive, with "
        "`--timeout 30s`; the server runs with `-j %d` (its default: the CPUs) and shares the cores with wrk." %
        (REPS, SECONDS, cpus),
        "",
        "| what | documents/s | p50 | p99 | failed requests |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for j in (1, 2):
        lines.append("| `predict --lines -j %d` (%d documents, model load included) | %.0f | | | |" %
                     (j, n * reps, med(pred[j])))
    for size in (1, 32):
        for c in (1, 8, 64):
            lines.append("| serve, %d-document requests, %d connection%s | %.0f | %.1f ms | %.1f ms | %d |" %
                         (size, c, "s" if c > 1 else "", m(size, c, "docs"), m(size, c, "p50") * 1e3,
                          m(size, c, "p99") * 1e3, sum(w["failed"] for w in runs[(size, c)])))
    lines.append("| serve at half the peak 1-document rate (%d connections, pauses of %d ms on average) | %.0f | %.1f ms | "
                 "%.1f ms | %d |" % (hp["conns"], PAUSE, hp["rps"], hp["p50"] * 1e3, hp["p99"] * 1e3,
                                     sum(w["failed"] for w in half)))
    lines.append("| the same, inside the server (access log: headers read to answer sent) | | %.1f ms | %.1f ms | |" %
                 (hp["s50"] * 1e3, hp["s99"] * 1e3))
    lines.append("| serve, 1-document requests, 64 connections, 10 s with %d reloads (SIGHUP, two models swapped) "
                 "| %.0f | | | %d of %d |" % (reloads_done, reload_requests / 10, reload_failed, reload_requests))

    def verdict(good):
        return "met" if good else "**missed**"

    lines += [
        "",
        "## Against the targets",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        "| serve, 1-document requests, keep-alive, 8 connections: >= 60%% of predict --lines documents/s | "
        "%.0f / %.0f (the faster of -j 1 and -j 2) = %.0f%% | %s |" %
        (m(1, 8, "docs"), best_pred, 100 * ratio, verdict(ratio >= 0.6)),
        "| p99 <= 20 ms at half the peak load | %.1f ms at %.0f documents/s, %.0f%% of the peak measured just before "
        "(in the server: %.1f ms) | %s |" %
        (hp["p99"] * 1e3, hp["rps"], 100 * hp["share"], hp["s99"] * 1e3, verdict(hp["p99"] <= 0.020)),
        "| 0 failed requests across reloads, 10 s at 64 connections | %d failed of %d, %d reloads | %s |" %
        (reload_failed, reload_requests, reloads_done, verdict(reload_failed == 0 and reloads_done > 0)),
        "",
        "Half the peak is held by pausing, not by a constant rate (wrk2, which keeps one, is not in Debian): each of "
        "%d connections (median) waits after each answer a random time, exponential with a mean of %d ms (wrk's Lua "
        "`delay()`). Each repetition measures the peak again (5 s at 64 connections) and calibrates the connections "
        "on a 3 s run to offer half of it, as the machine's spare CPU drifts. With pauses long beside the latency the "
        "offered rate hardly falls when answers slow down, and with random ones the connections do not fall into "
        "step: together they send much as a Poisson stream of requests would. The achieved rate is in the table. "
        "Latency is wrk's, from a request's send to its answer; the row below it is the server's own share, from "
        "its access log (the run keeps the log, as serve does by default), and the difference is time spent "
        "before the server reads the request (a busy or descheduled thread, the client's own scheduling)."
        % (hp["conns"], PAUSE),
    ]
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
finally:
    for s in servers:
        if s.p.poll() is None:
            s.p.kill()
            s.p.wait()
    shutil.rmtree(tmp, ignore_errors=True)
