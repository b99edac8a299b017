"""The checks of tests/integration/serve.sh: tasnif serve over real HTTP on
127.0.0.1, each server on a port it picks itself (--port 0).

    serve.py TASNIF TOP SCRATCH

Prints one line per check, "ok: ..." or "FAILED ...", then "N passed, N
failed".  Every server is started here and killed in the end whatever
happens; every wait and loop is bounded in count and time.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import ctypes

libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent():
    """In a started server: SIGKILL when this script ends, however it ends."""
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

TASNIF, TOP, T = sys.argv[1:4]
DEMO = os.path.join(TOP, "datasets", "demo")
passed = failed = 0
servers = []


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


def run(*args):
    return subprocess.run([TASNIF] + list(args), capture_output=True, timeout=300)


class Server:
    """tasnif serve -m MODEL --port 0 ARGS..., its port read from its first line."""

    def __init__(self, model, *args):
        self.err_path = os.path.join(T, "serve-%d.err" % len(servers))
        self.err = open(self.err_path, "wb")
        self.p = subprocess.Popen([TASNIF, "serve", "-m", model, "--port", "0"] + list(args),
                                  stdout=subprocess.PIPE, stderr=self.err, preexec_fn=die_with_parent)
        servers.append(self)
        self.first = self.p.stdout.readline().decode()
        m = re.match(r"^listening on http://127\.0\.0\.1:(\d+)\n$", self.first)
        self.port = int(m.group(1)) if m else None

    def conn(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def stderr(self):
        self.err.flush()
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, wait=30):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            return self.p.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None


def request(conn, method, path, body=None, headers=None):
    """(status, headers, body) of one request on conn (kept alive)."""
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    if isinstance(body, str):
        body = body.encode()
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    return r.status, dict(r.getheaders()), r.read()


def post(srv, body, path="/v1/classify"):
    c = srv.conn()
    try:
        return request(c, "POST", path, body)
    finally:
        c.close()


def healthz(srv):
    c = srv.conn(timeout=10)
    try:
        s, _, b = request(c, "GET", "/healthz")
        return json.loads(b) if s == 200 else None
    finally:
        c.close()


def tsv_docs(path):
    """(label, text) of each line, as the corpus reader splits them."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            tab = line.index("\t")
            out.append(line[tab + 1:])
    return out


def predict_lines(model, corpus, *args):
    r = run("predict", "-m", model, "--lines", "--format", "json", *args, corpus)
    assert r.returncode == 0, r.stderr
    return r.stdout.decode().splitlines(keepends=True)


def wait_until(cond, seconds=20, step=0.05):
    end = time.time() + seconds
    while time.time() < end:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


# ---- models ----
single = os.path.join(T, "single.tsnf")
multi = os.path.join(T, "multi.tsnf")
live = os.path.join(T, "live.tsnf")
assert run("train", "-q", "-o", single, os.path.join(DEMO, "train.tsv")).returncode == 0
assert run("train", "-q", "--multi-label", "-o", multi, os.path.join(DEMO, "train.multi.tsv")).returncode == 0


def install(src, dst):
    """Replace dst by a copy of src whole, as a deployment does (rename)."""
    shutil.copyfile(src, dst + ".new")
    os.replace(dst + ".new", dst)


def check_exact(srv, model, corpus, label, *args):
    """Every line of corpus, one request each, answered as predict answers
    it; then all of them in one request of documents."""
    want = predict_lines(model, corpus, *args)
    texts = tsv_docs(corpus)
    extra = {}
    for a, b in zip(args[::2], args[1::2]):
        name, kind = {"--top-k": ("top_k", int), "--explain": ("explain", int),
                      "--min-confidence": ("min_confidence", float), "--threshold": ("threshold", float)}[a]
        extra[name] = kind(b)
    c = srv.conn()
    same = 0
    first_bad = None
    for i, text in enumerate(texts):
        body = dict(text=text, id="%s:%d" % (corpus, i + 1), **extra)
        s, h, got = request(c, "POST", "/v1/classify", json.dumps(body, ensure_ascii=False))
        if s == 200 and got.decode() == want[i] and h.get("Content-Type") == "application/json":
            same += 1
        elif first_bad is None:
            first_bad = (i + 1, s, got[:200], want[i][:200])
    c.close()
    ok(same == len(texts) == len(want) and len(texts) > 50,
       "%s: %d of %d lines answered exactly as predict --format json %s answers them%s" %
       (label, same, len(texts), " ".join(args), "" if first_bad is None else " (first different: %r)" % (first_bad,)))
    docs = [{"id": "%s:%d" % (corpus, i + 1), "text": t} for i, t in enumerate(texts)]
    s, _, got = post(srv, json.dumps(dict(documents=docs, **extra), ensure_ascii=False))
    ok(s == 200 and got.decode() == '{"results":[' + ",".join(w.rstrip("\n") for w in want) + "]}\n",
       "%s: the %d lines in one request: {\"results\": [...]} of predict's objects in order" % (label, len(texts)))


def check_bad_requests(srv):
    cases = [
        ("malformed JSON", b'{"text": "abc"', 400, "malformed JSON at byte 15"),
        ("not an object", b'["a"]', 400, "must be a JSON object"),
        ("text of a wrong type", b'{"text": 3}', 400, '"text" must be a string'),
        ("top_k of a wrong type", b'{"text": "a", "top_k": "2"}', 400, '"top_k" must be a whole number'),
        ("documents of a wrong type", b'{"documents": "a"}', 400, '"documents" must be a list'),
        ("a document of a wrong type", b'{"documents": [{"text": ["a"]}]}', 400, 'documents[0]: "text" must be a string'),
        ("an unknown field", b'{"text": "a", "lang": "ar"}', 400, "unknown field 'lang'"),
        ("min_confidence of a wrong type", b'{"text": "a", "min_confidence": "0.7"}', 400,
         '"min_confidence" must be a finite number'),
        ("allow_empty on a single-label model", b'{"text": "a", "allow_empty": true}', 400, "label-set models"),
        ("invalid UTF-8", b'{"text": "\xd9\x85\xd9"}', 400, "invalid UTF-8 at byte 13"),
        ("an overlong UTF-8 form", b'{"text": "\xc0\xaf"}', 400, "invalid UTF-8 at byte 11"),
        ("empty text", b'{"text": " "}', 400, "empty text"),
        ("threshold on a single-label model", b'{"text": "a", "threshold": 0}', 400, "label-set models"),
    ]
    c = srv.conn()
    for what, body, status, has in cases:
        s, h, got = request(c, "POST", "/v1/classify", body)
        try:
            e = json.loads(got)["error"]
        except (ValueError, KeyError):
            e = None
        ok(s == status and e is not None and has in e and h.get("Content-Type") == "application/json",
           "%s: %d {\"error\": ...%s...} (got %d %r)" % (what, status, has, s, got[:120]))
        ok(healthz(srv) is not None, "%s: the server answers the next request" % what)
    c.close()
    # the connection stays usable after a 400
    c = srv.conn()
    s1 = request(c, "POST", "/v1/classify", b"{")[0]
    s2, _, got = request(c, "POST", "/v1/classify", '{"text": "وقف إطلاق النار"}')
    ok(s1 == 400 and s2 == 200 and json.loads(got)["label"], "after a 400 the same connection answers 200")
    c.close()
    for method, path, status, allow in [("GET", "/", 404, None), ("GET", "/v1/classify/", 404, None),
                                        ("POST", "/v2/classify", 404, None), ("GET", "/v1/classify", 405, "POST"),
                                        ("PUT", "/v1/classify", 405, "POST"), ("DELETE", "/healthz", 405, "GET, HEAD"),
                                        ("POST", "/v1/model", 405, "GET, HEAD")]:
        c = srv.conn()
        s, h, got = request(c, method, path, b"{}" if method in ("POST", "PUT") else None)
        c.close()
        ok(s == status and "error" in json.loads(got) and h.get("Allow") == allow,
           "%s %s: %d%s" % (method, path, status, ", Allow: " + allow if allow else ""))
    ok(healthz(srv) is not None, "still serving after 404 and 405")


def raw(srv, data, timeout=20):
    """Send data on a new connection; the reply until the server closes."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            b = s.recv(65536)
            if not b:
                return out
            out += b
    except OSError:
        return out
    finally:
        s.close()


def check_limits(srv, max_body):
    # Content-Length over the limit: 413 before a byte of the body is sent
    head = ("POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\n\r\n" % (max_body + 1)).encode()
    got = raw(srv, head)
    ok(got.startswith(b"HTTP/1.1 413 ") and b'"error":"the body is larger than %d bytes' % max_body in got,
       "Content-Length over --max-body: 413 without reading the body (%r)" % got[:60])
    # the same through curl, which sends the body (Expect: 100-continue)
    big = os.path.join(T, "big.json")
    with open(big, "wb") as f:
        f.write(b'{"text": "' + b"a" * (max_body + 10) + b'"}')
    r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + big,
                        "http://127.0.0.1:%d/v1/classify" % srv.port], capture_output=True, timeout=60)
    ok(r.stdout == b"413", "curl --data-binary of a body over the limit: 413 (%r)" % r.stdout)
    # chunked, a little over the limit: read, dropped, 413 at its end
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    s.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 65536
    for _ in range((max_body + 100000) // len(chunk) + 1):
        s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
    s.sendall(b"0\r\n\r\n")
    got = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        got += b
    s.close()
    ok(b" 413 " in got.split(b"\r\n")[0] + b" " or got.startswith(b"HTTP/1.1 100") and b"HTTP/1.1 413" in got,
       "a chunked body a little over the limit: 413 (%r)" % got[:80])
    # chunked and going on without end: cut off after the limit, long before its end
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    s.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    sent, cut = 0, False
    try:
        while sent < 200 * max_body:
            s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
    except OSError:
        cut = True
    s.close()
    ok(cut and sent < 20 * max_body, "a chunked body without end: the connection is cut after %d bytes sent" % sent)
    ok(healthz(srv) is not None, "still serving after the oversized bodies")


def check_slow_clients(srv, timeout):
    # half a request line and half a body, then silence: closed by --timeout
    for what, data in [("half the headers", b"POST /v1/classify HTTP/1.1\r\nHost: x\r\n"),
                       ("half the body", b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"te")]:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10 * timeout + 10)
        s.sendall(data)
        t0 = time.time()
        # meanwhile other clients are served
        served = healthz(srv) is not None
        try:
            closed = s.recv(1024) == b""
        except socket.timeout:
            closed = False
        except OSError:
            closed = True
        s.close()
        ok(served and closed and time.time() - t0 < 10 * timeout + 5,
           "%s, then nothing: others served, the connection closed by the %d s timeout (after %.1f s)" %
           (what, timeout, time.time() - t0))


def check_many_connections(srv):
    socks = []
    for _ in range(200):
        socks.append(socket.create_connection(("127.0.0.1", srv.port), timeout=20))
    ok(healthz(srv) is not None, "200 idle connections open: a new one is served")
    for s in socks:
        s.close()
    results = []
    lock = threading.Lock()

    def client(n):
        c = srv.conn()
        good = 0
        for _ in range(n):
            try:
                s, _, b = request(c, "POST", "/v1/classify", '{"text": "مفاوضات السلام", "top_k": 2}')
                good += s == 200 and len(json.loads(b)["scores"]) == 2
            except (OSError, http.client.HTTPException, ValueError):
                c.close()
                c = srv.conn()
        c.close()
        with lock:
            results.append(good)

    ts = [threading.Thread(target=client, args=(5,)) for _ in range(64)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    ok(sum(results) == 64 * 5, "64 connections at once, 5 keep-alive requests each: %d of 320 answered" % sum(results))


def check_connection_limit(model):
    srv = Server(model, "-q", "--max-connections", "4", "-j", "1")
    held = [socket.create_connection(("127.0.0.1", srv.port), timeout=10) for _ in range(4)]
    time.sleep(0.3)  # accepted by the server
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        refused = s.recv(1024) == b""
    except OSError:
        refused = True
    s.close()
    ok(refused, "--max-connections 4: a fifth connection is closed unanswered")
    for h in held:
        h.close()
    ok(wait_until(lambda: healthz(srv) is not None, 10), "--max-connections 4: served again once they close")
    ok(srv.stop() == 0, "stopped")


def check_reload_under_load(srv, a_model, b_model):
    """Clients in threads while the model file is swapped between two
    models and SIGHUP sent, again and again: no request fails, and every
    answer is one of the two models' answers."""
    text = "أعلنت الأطراف وقف إطلاق النار بعد مفاوضات طويلة في المدينة"
    body = json.dumps({"text": text, "id": "r", "top_k": 2, "explain": 3}, ensure_ascii=False)
    answers = []
    for m in (a_model, b_model):
        p = subprocess.run([TASNIF, "predict", "-m", m, "--format", "json", "--top-k", "2", "--explain", "3"],
                           input=text.encode(), capture_output=True, timeout=60)
        answers.append(p.stdout.decode().replace('"id":"\\u003cstdin\\u003e"', '"id":"r"'))
    ok(answers[0] != answers[1] and all(a.startswith('{"id":"r",') for a in answers),
       "the two models answer differently")
    stop = time.time() + 90
    stats = {"requests": 0, "failed": 0, "other": 0, "seen": set()}
    lock = threading.Lock()

    def client():
        c = srv.conn()
        for _ in range(100000):
            if time.time() > stop or stats.get("done"):
                break
            try:
                s, _, b = request(c, "POST", "/v1/classify", body)
                b = b.decode()
                with lock:
                    stats["requests"] += 1
                    if s != 200:
                        stats["failed"] += 1
                    elif b not in answers:
                        stats["other"] += 1
                    else:
                        stats["seen"].add(answers.index(b))
            except (OSError, http.client.HTTPException):
                with lock:
                    stats["failed"] += 1
                c.close()
                c = srv.conn()
        c.close()

    ts = [threading.Thread(target=client) for _ in range(4)]
    for t in ts:
        t.start()
    gen0 = healthz(srv)["generation"]
    reloads = 0
    for i in range(10):
        install(b_model if i % 2 == 0 else a_model, live)
        srv.p.send_signal(signal.SIGHUP)
        want = gen0 + i + 1
        reloads += bool(wait_until(lambda: (healthz(srv) or {}).get("generation", 0) >= want, 20))
        # some requests on each model
        n = stats["requests"]
        wait_until(lambda: stats["requests"] >= n + 20, 10, 0.01)
    stats["done"] = True
    for t in ts:
        t.join(120)
    ok(reloads == 10, "10 reloads by SIGHUP under load, each seen in /healthz's generation (%d)" % reloads)
    ok(stats["requests"] >= 40 and stats["failed"] == 0 and stats["other"] == 0 and stats["seen"] == {0, 1},
       "%d requests across the reloads: %d failed, %d answered by neither model, answers of models %s" %
       (stats["requests"], stats["failed"], stats["other"], sorted(stats["seen"])))
    ok(srv.stderr().count("reloaded " + live + ": generation") >= 10, "each reload logged")


def check_failed_reload(srv, current_model):
    want = post(srv, '{"text": "قصف المدينة", "id": "f"}')
    h0 = healthz(srv)
    with open(live + ".new", "wb") as f:
        f.write(b"TSNF this is not a model")
    os.replace(live + ".new", live)
    srv.p.send_signal(signal.SIGHUP)
    h1 = wait_until(lambda: (lambda h: h if h and h["failed_reloads"] > h0["failed_reloads"] else None)(healthz(srv)))
    ok(h1 is not None and h1["generation"] == h0["generation"], "a corrupt model file: the reload refused, "
       "the generation unchanged (%s -> %s)" % (h0, h1))
    ok(post(srv, '{"text": "قصف المدينة", "id": "f"}')[::2] == want[::2] and want[0] == 200,
       "the old model keeps answering as before")
    ok(re.search(r"tasnif: reload refused: .*generation %d keeps serving" % h0["generation"], srv.stderr()),
       "the refusal logged")
    os.unlink(live)
    srv.p.send_signal(signal.SIGHUP)
    ok(wait_until(lambda: (healthz(srv) or {}).get("failed_reloads") == h0["failed_reloads"] + 2),
       "a missing model file: refused too")
    install(current_model, live)


def check_http_reload(srv):
    s, _, b = post(srv, "", "/v1/reload")
    g = healthz(srv)["generation"]
    ok(s == 200 and json.loads(b) == {"status": "reloaded", "generation": g}, "--allow-reload: POST /v1/reload: %s" % b)


def check_sigterm(model):
    """SIGTERM while a request is in flight: refused to new clients, the
    request answered, exit status 0."""
    srv = Server(model, "-q", "-j", "2")
    body = json.dumps({"text": "وقف إطلاق النار في المدينة", "id": "t"}, ensure_ascii=False).encode()
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
    s.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:10])
    time.sleep(0.3)  # its headers in: a request in flight
    srv.p.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    try:
        n = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        n.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        refused = n.recv(1024) == b""
        n.close()
    except OSError:
        refused = True
    ok(refused, "after SIGTERM a new connection is refused")
    s.sendall(body[10:])
    got = b""
    while True:
        try:
            b = s.recv(65536)
        except OSError:
            break
        if not b:
            break
        got += b
    s.close()
    ok(got.startswith(b"HTTP/1.1 200 ") and b'"id":"t","label":' in got and b"Connection: close" in got,
       "the request in flight at SIGTERM is answered (%r)" % got[:60])
    rc = srv.stop(wait=30)
    ok(rc == 0, "exit status 0 after SIGTERM (%s)" % rc)
    srv = Server(model, "-q")
    ok(healthz(srv) is not None and srv.stop(signal.SIGINT) == 0, "exit status 0 after SIGINT")


def listening_addresses(port):
    """The local addresses of sockets listening on port, from /proc/net/tcp and tcp6."""
    out = []
    for f in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(f).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, st = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if int(p, 16) == port and st == "0A":
                out.append((f[-4:] == "tcp6" and "v6:" or "v4:") + addr)
    return out


def check_loopback_only(srv):
    addrs = listening_addresses(srv.port)
    ok(addrs == ["v4:0100007F"], "by default the server listens on 127.0.0.1 only: %s" % addrs)
    if shutil.which("ss"):
        r = subprocess.run(["ss", "-Hltn", "sport = :%d" % srv.port], capture_output=True, timeout=20)
        local = [l.split()[3] for l in r.stdout.decode().splitlines() if l.strip()]
        ok(local == ["127.0.0.1:%d" % srv.port], "ss says 127.0.0.1:%d only: %s" % (srv.port, local))


def check_access_log(srv, quiet_srv):
    n0 = len(re.findall(r"(?m)^\S+Z POST /v1/classify 200 3 \d+us$", srv.stderr()))
    docs = [{"text": "نص %d" % i} for i in range(3)]
    post(srv, json.dumps({"documents": docs}, ensure_ascii=False))
    c = srv.conn()
    request(c, "GET", "/nowhere%0a%1b[31m")
    c.close()
    log = srv.stderr()
    ok(wait_until(lambda: len(re.findall(r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z POST /v1/classify 200 3 \d+us$",
                                         srv.stderr())) == n0 + 1, 5),
       "one access-log line: time, method, path, status, documents, microseconds")
    ok(wait_until(lambda: re.search(r"(?m)^\S+Z GET /nowhere%0A%1B\[31m 404 0 \d+us$", srv.stderr()), 5),
       "the path logged with control bytes escaped: %s" % [l for l in log.splitlines() if "nowhere" in l])
    post(quiet_srv, '{"text": "نص"}')
    ok(quiet_srv.stderr() == "", "-q: no access-log lines (%r)" % quiet_srv.stderr()[:100])


def check_usage():
    r = run("serve")
    ok(r.returncode == 2 and b"no model" in r.stderr, "no -m: usage error, exit status 2")
    r = run("serve", "-m", single, "--port", "65536")
    ok(r.returncode == 2 and b"--port" in r.stderr, "--port 65536: usage error")
    r = run("serve", "-m", os.path.join(T, "none.tsnf"), "--port", "0")
    ok(r.returncode == 1 and b"none.tsnf" in r.stderr and r.stdout == b"", "a missing model: exit status 1, named")
    srv = Server(single, "-q")
    r = run("serve", "-m", single, "--port", str(srv.port))
    ok(r.returncode == 1 and b"cannot listen on 127.0.0.1 port %d: bind: Address already in use" % srv.port in r.stderr,
       "a port in use: exit status 1 with the reason (%r)" % r.stderr)
    r = run("serve", "-m", single, "--port", "0", "--host", "no-such-host.invalid")
    ok(r.returncode == 1 and b"cannot listen on no-such-host.invalid" in r.stderr, "an unknown host: exit status 1")
    srv.stop()


# stopped by a signal: the finally below still stops every server
signal.signal(signal.SIGTERM, lambda sig, frame: sys.exit(1))
try:
    install(single, live)
    main = Server(live, "--max-body", "1000000", "--timeout", "1", "-j", "2", "--allow-reload")
    ok(main.port is not None, "the first line says where it listens: %r" % main.first)
    check_loopback_only(main)
    c = main.conn()
    s, _, got = request(c, "GET", "/v1/model")
    c.close()
    info = run("info", "--format", "json", live).stdout
    ok(s == 200 and got == info and json.loads(got)["model"] == live, "GET /v1/model is info --format json")
    check_exact(main, single, os.path.join(DEMO, "test.tsv"), "test.tsv")
    check_exact(main, single, os.path.join(DEMO, "test.tsv"), "test.tsv", "--top-k", "3", "--explain", "4")
    check_exact(main, single, os.path.join(DEMO, "test.tsv"), "test.tsv (abstaining)", "--min-confidence", "0.2",
                "--top-k", "2")
    check_bad_requests(main)
    check_limits(main, 1000000)
    check_slow_clients(main, 1)
    check_many_connections(main)
    quiet = Server(single, "-q")
    check_access_log(main, quiet)
    quiet.stop()
    check_reload_under_load(main, single, multi)
    # the label-set model is in place after an even number of swaps + 1
    install(multi, live)
    main.p.send_signal(signal.SIGHUP)
    g = healthz(main)["generation"]
    wait_until(lambda: (healthz(main) or {}).get("generation", 0) > g)
    check_exact(main, multi, os.path.join(DEMO, "test.multi.tsv"), "test.multi.tsv (label sets)")
    check_exact(main, multi, os.path.join(DEMO, "test.multi.tsv"), "test.multi.tsv (label sets)", "--top-k", "2")
    check_exact(main, multi, os.path.join(DEMO, "test.multi.tsv"), "test.multi.tsv (at most 2 over 0)", "--top-k",
                "2", "--threshold", "0")
    check_failed_reload(main, multi)
    check_http_reload(main)
    rc = main.stop()
    ok(rc == 0, "the main server stops with exit status 0 (%s; its last lines: %r)" % (rc, main.stderr()[-300:]))
    noreload = Server(single, "-q")
    s, _, b = post(noreload, "", "/v1/reload")
    ok(s == 403 and "--allow-reload" in json.loads(b)["error"], "without --allow-reload POST /v1/reload is 403")
    noreload.stop()
    check_connection_limit(single)
    check_sigterm(single)
    check_usage()
finally:
    for srv in servers:
        if srv.p.poll() is None:
            srv.p.kill()
            srv.p.wait()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
