#!/bin/sh
# tasnif serve over real HTTP on 127.0.0.1 (tests/integration/serve.py,
# each server on a port it picks with --port 0): every line of the demo
# test splits answered exactly as predict --format json answers it (one
# request per line and all in one request; a single-label and a label-set
# model, with --top-k and --explain); GET /v1/model against info --format
# json; each bad request with its status while the server keeps serving
# (malformed JSON, wrong types, invalid UTF-8, 413 from Content-Length and
# while a chunked body streams, 404, 405 with Allow, clients that stop
# half-way and are closed by --timeout, 200 idle and 64 busy connections,
# --max-connections); 10 reloads by SIGHUP between two models under four
# client threads with no failed request and every answer one of the two
# models'; a corrupt and a missing model file refused while the old model
# serves on; POST /v1/reload with and without --allow-reload; SIGTERM with
# a request in flight (new clients refused, the request answered, exit
# status 0) and SIGINT; listening on 127.0.0.1 only by default
# (/proc/net/tcp and ss); the access log and -q; usage errors, a port in
# use.  No server outlives the test: serve.py stops each one, and each dies
# with serve.py (PR_SET_PDEATHSIG) if serve.py is killed.
. "$(dirname "$0")/../setup"
command -v curl >/dev/null 2>&1 || { echo "curl missing: run scripts/install-deps.sh --test"; exit 1; }
status=0
/usr/bin/python3 "$TOP/tests/integration/serve.py" "$TASNIF" "$TOP" "$T" >"$T/out" 2>&1 &
pid=$!
# stopped, the script stops its servers (and they die with it in any case)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$T"' EXIT INT TERM
wait "$pid" || status=$?
py_counts "$T/out" "$status" serve.py
finish
