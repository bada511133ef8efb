"""veto-serve's JSON API: the same JSON as the command on every example,
malformed and oversized requests, the Host and Content-Type checks, and 200
concurrent requests (loopback only)."""
import concurrent.futures
import json
import os
import socket
import subprocess
import time

import pytest

from conftest import ROOT, VETO, Server, examples

EXAMPLES = examples()


def command(args):
    p = subprocess.run([VETO] + args + ["--format", "json", "-q"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def unfile(doc):
    """The document without the model's file name (a path for the command,
    the request's name for the server)."""
    doc = json.loads(json.dumps(doc))
    doc.pop("file", None)
    for m in doc.get("models", []):
        m.pop("file", None)
    return doc


def test_examples_are_all_there_guarantees_first():
    names = [e["name"] for e in EXAMPLES]
    on_disk = sorted(n for n in os.listdir(os.path.join(ROOT, "examples"))
                     if n.endswith((".veto", ".txt", ".json")))
    assert sorted(names) == on_disk
    assert names[0] == "istanbul-2022.veto"
    first_other = next(i for i, e in enumerate(EXAMPLES) if not e["guarantee"])
    assert all(e["guarantee"] for e in EXAMPLES[:first_other])
    # include lines are inlined: the server reads nothing from disk
    assert all("\ninclude " not in "\n" + e["text"] for e in EXAMPLES)


@pytest.mark.parametrize("ex", EXAMPLES, ids=lambda e: e["name"])
def test_analyse_matches_command(server, ex):
    path = os.path.join("examples", ex["name"])
    p = subprocess.run([VETO, path, "--format", "json", "-q"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    method = command([path])["models"][0]["method"]
    want = command([path, "--method", method])
    status, headers, body = server.post("analyse", {
        "model": ex["text"], "name": ex["name"],
        "options": {"method": method}})
    assert status == 200, body[:500]
    assert headers["Content-Type"] == "application/json"
    assert unfile(json.loads(body)) == unfile(want)


SC = "examples/un-security-council-literal.veto"


def sc_text():
    with open(os.path.join(ROOT, SC)) as f:
        return f.read()


@pytest.mark.parametrize("what,options,args", [
    ("analyse", {"exact": True, "method": "dp"}, [SC, "--exact",
                                                  "--method", "dp"]),
    ("power", {"indices": "ssi,bz"}, ["power", SC, "--index", "ssi,bz"]),
    ("explain", {"player": "Russia", "scenario": "The US withdraws"},
     ["explain", SC, "Russia", "--scenario", "The US withdraws"]),
    ("sweep", {"belief": "Russia=0:1:5", "exact": True},
     ["sweep", SC, "--belief", "Russia=0:1:5", "--exact"]),
    ("sweep", {"quota": "3=8:10"}, ["sweep", SC, "--quota", "3=8:10"]),
    ("design", {"remove_veto": "Russia", "top": 2},
     ["design", SC, "--remove-veto", "Russia", "--top", "2"]),
])
def test_commands_match(server, what, options, args):
    status, _, body = server.post(what, {"model": sc_text(),
                                         "options": options})
    assert status == 200, body[:500]
    assert unfile(json.loads(body)) == unfile(command(args))


SC3 = "examples/un-security-council.veto"


@pytest.mark.parametrize("what,options,args", [
    ("explain", {"player": "China", "scenario": "Russia recuses",
                 "exact": True},
     ["explain", SC3, "China", "--scenario", "Russia recuses", "--exact"]),
    ("sweep", {"belief": "China=abstain:0:2/3:3", "exact": True},
     ["sweep", SC3, "--belief", "China=abstain:0:2/3:3", "--exact"]),
    ("design", {"remove_veto": "China", "top": 1},
     ["design", SC3, "--remove-veto", "China", "--top", "1"]),
])
def test_three_valued_commands_match(server, what, options, args):
    # issue 10, phase 2: explain, sweep and design of the Council as
    # practised, as the command gives them
    with open(os.path.join(ROOT, SC3)) as f:
        text = f.read()
    status, _, body = server.post(what, {"model": text, "options": options})
    assert status == 200, body[:500]
    doc = json.loads(body)
    assert unfile(doc) == unfile(command(args))
    if what == "sweep":
        assert doc["sweep"]["vote"] == "abstain"
        assert doc["points"][1]["beliefs"]["default"]["p_act"] == \
            "48932/4782969"


SCB = "examples/un-security-council-blocs.veto"


@pytest.mark.parametrize("options,args", [
    ({"bloc": "West=a:1:3:3", "exact": True},
     ["--bloc", "West=a:1:3:3", "--exact"]),
    ({"bloc": "East=b:1/2:2", "scenario": "Russia is the attacker"},
     ["--bloc", "East=b:1/2:2", "--scenario", "Russia is the attacker"]),
])
def test_bloc_sweep_matches(server, options, args):
    # issue 11: sweep --bloc NAME=a|b:FROM:TO[:STEPS] through the API, with
    # the command's names
    with open(os.path.join(ROOT, SCB)) as f:
        text = f.read()
    status, _, body = server.post("sweep", {"model": text,
                                            "options": options})
    assert status == 200, body[:500]
    doc = json.loads(body)
    assert unfile(doc) == unfile(command(["sweep", SCB] + args))
    assert doc["sweep"]["kind"] == "bloc"
    if options.get("exact"):
        # West ~ Beta(a, 1): P(all three yes) = a/(a+3), times the 53/256
        # of the rest (East's two yes: 1/3, nine of ten elected: 53/...)
        assert [p["beliefs"]["default"]["p_act"] for p in doc["points"]] == \
            ["53/768", "53/480", "53/384"]


@pytest.mark.parametrize("options,status,why", [
    ({"bloc": "West=p:1:2"}, 400, "bad \"bloc\" (NAME=a:FROM:TO[:STEPS] or"),
    ({"bloc": "West=a:1"}, 400, "bad \"bloc\" (NAME=a:FROM:TO[:STEPS], FROM"),
    ({"bloc": "West=a:1:2:1"}, 400, "STEPS must be between 2 and 10000"),
    ({"bloc": "Nato=a:1:2"}, 400, "no bloc 'Nato' in the defaults"),
    ({"bloc": "West=a:0:2"}, 400, "a Beta parameter is positive"),
    ({"bloc": "West=a:1:2", "belief": "UK=0:1"}, 400,
     "sweep takes one of \"belief\""),
    ({"bloc": "West=a:1:2", "scenario": "Elsewhere"}, 400,
     "no scenario \"Elsewhere\""),
])
def test_bloc_sweep_errors(server, options, status, why):
    with open(os.path.join(ROOT, SCB)) as f:
        text = f.read()
    got, _, body = server.post("sweep", {"model": text, "options": options})
    e = error_of(got, body)
    assert got == status and e["message"].startswith(why), e
    if "Nato" in options["bloc"]:
        assert e["hint"] == "the blocs there are: West, East", e


def test_bloc_sweep_of_a_model_without_blocs(server):
    status, _, body = server.post("sweep", {"model": sc_text(), "options": {
        "bloc": "West=a:1:2"}})
    e = error_of(status, body)
    assert status == 400 and e["message"].startswith(
        "this model has no blocs"), e


def test_compare_matches(server):
    files = ["examples/istanbul-2022.veto", SC,
             "examples/budapest-1994.veto"]
    texts = {e["name"]: e["text"] for e in EXAMPLES}
    status, _, body = server.post("compare", {
        "models": [texts[os.path.basename(f)] for f in files],
        "names": files})
    assert status == 200, body[:500]
    # names given as the paths: the documents are equal, file names too
    assert json.loads(body) == command(["compare"] + files)


def test_other_formats(server):
    status, headers, body = server.post("analyse", {"model": sc_text(),
                                                    "format": "html"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b"Security Council" in body and b"<script" not in body
    status, headers, body = server.post("analyse", {"model": "39 7 7 7 7 7 "
                                                    "1 1 1 1 1 1 1 1 1 1",
                                                    "format": "csv"})
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    # explain has no HTML writer: the library says so
    status, _, body = server.post("explain", {"model": sc_text(),
                                              "format": "html",
                                              "options": {"player": "UK"}})
    assert status == 400 and json.loads(body)["error"]["status"] == "misuse"
    # advice as data, in words that name no command-line option
    status, _, body = server.post("analyse", {"model": "400 " + " ".join(
        str(k) for k in range(1, 41)), "options": {"method": "enum"}})
    e = error_of(status, body)
    assert status == 400 and e["status"] == "unsupported", e
    assert e["hint_code"] == 9 and "--method" not in e["hint"], e


def error_of(status, body):
    doc = json.loads(body)
    assert set(doc) == {"schema", "error"}
    return doc["error"]


def test_model_error_is_422_at_its_line(server):
    status, _, body = server.post("analyse", {
        "model": "players { A B }\npass when A and C\n", "name": "m.veto"})
    assert status == 422
    e = error_of(status, body)
    assert (e["status"], e["file"], e["line"], e["column"]) == \
        ("invalid", "m.veto", 2, 17)
    assert e["message"] == "unknown player 'C'"
    assert e["context"] == "pass when A and C"


def test_include_is_refused(server):
    # nothing on disk is read on a request's behalf
    status, _, body = server.post("analyse", {
        "model": 'include "/etc/passwd"\npass when count >= 1\n'})
    e = error_of(status, body)
    assert status == 422 and e["line"] == 1
    assert "include needs a model read from a file" in e["message"]


@pytest.mark.parametrize("body,why", [
    (b"{", "not JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b'{"model": 7}', "\"model\" must be a string"),
    (b'{"model": "5 3 3", "colour": 1}', "unknown key 'colour'"),
    (b'{"model": "5 3 3", "model": "5 3 3"}', "not JSON"),
    (b'{"model": "5 3 3", "format": "pdf"}', "unknown format 'pdf'"),
    (b'{"model": "5 3 3", "options": []}', "\"options\" must be an object"),
    (b'{"model": "5 3 3", "options": {"method": "magic"}}', "bad \"method\""),
    (b'{"model": "5 3 3", "options": {"timeout": -1}}', "\"timeout\""),
    (b'{"model": "5 3 3", "options": {"exact": "yes"}}', "\"exact\""),
    (b'{"model": "5 3 3", "options": {"player": "P1"}}',
     "unknown option 'player'"),
    (b'{"model": "5 3 3", "options": {"indices": "xyz"}}', "bad \"indices\""),
    (b'{"model": "5 3 3", "name": ""}', "\"name\""),
    (b'{"model": "\\u0000"}', "not JSON"),  # a NUL never reaches the reader
])
def test_malformed(server, body, why):
    status, headers, data = server.post("analyse", None, raw=body)
    e = error_of(status, data)
    assert status == 400, e
    assert why in e["message"], e["message"]
    assert "Access-Control-Allow-Origin" not in headers


def test_endpoint_errors(server):
    sc = sc_text()
    status, _, body = server.post("explain", {"model": sc,
                                              "options": {"player": "Xi"}})
    e = error_of(status, body)
    assert status == 400 and "no player 'Xi'" in e["message"], e
    status, _, body = server.post("design", {"model": sc, "options": {
        "remove_veto": "Rusia"}})
    e = error_of(status, body)
    assert status == 400 and "Russia" in e["hint"], e
    status, _, body = server.post("sweep", {"model": sc,
                                            "options": {"belief": "Russia=1"}})
    assert status == 400 and "bad \"belief\"" in error_of(status, body)["message"]
    status, _, body = server.post("compare", {"models": [sc]})
    assert status == 400
    status, _, body = server.post("nothing", {"model": sc})
    assert status == 404


def test_content_type_host_and_method(server):
    status, _, _ = server.post("analyse", None, raw=b'{"model": "5 3 3"}',
                               headers={"Content-Type": "text/plain"})
    assert status == 415
    # a page of another site whose name was rebound to 127.0.0.1
    status, headers, _ = server.get("/", headers={"Host": "evil.example:%d"
                                                  % server.port})
    assert status == 403
    status, _, _ = server.post("analyse", {"model": "5 3 3"},
                               headers={"Host": "evil.example"})
    assert status == 403
    status, headers, page = server.get("/")
    assert status == 200 and b"<textarea" in page
    assert "Access-Control-Allow-Origin" not in headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    # the page loads nothing from elsewhere
    for path in ("/", "/app.js", "/app.css"):
        _, _, data = server.get(path)
        assert b"http://" not in data and b"https://" not in data, path
    req = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    req.sendall(b"DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert b" 405 " in req.recv(200)
    req.close()


def raw_request(port, head, chunks=()):
    """Send a request by hand and read the reply's status line; the server
    may answer and close before the body is sent."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        s.sendall(head)
        for c in chunks:
            s.sendall(c)
    except OSError:
        pass
    reply = s.recv(300)
    s.close()
    return reply


def test_oversized(server):
    # a Content-Length over --max-body: refused before the body is read
    reply = raw_request(server.port, b"POST /api/analyse HTTP/1.1\r\n"
                        b"Host: localhost\r\nContent-Type: application/json"
                        b"\r\nContent-Length: 1200000\r\n\r\n",
                        [b"x" * 65536] * 4)
    assert reply.startswith(b"HTTP/1.1 413 "), reply
    # the same without a Content-Length (chunked): cut off as it arrives
    chunk = b"x" * 65536
    reply = raw_request(server.port, b"POST /api/analyse HTTP/1.1\r\n"
                        b"Host: localhost\r\nContent-Type: application/json"
                        b"\r\nTransfer-Encoding: chunked\r\n\r\n",
                        [b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * 20 +
                        [b"0\r\n\r\n"])
    assert reply.startswith(b"HTTP/1.1 413 "), reply
    # just under the limit is read (and is a model error, not a 413)
    body = json.dumps({"model": "x" * (1048576 - 20)}).encode()
    assert len(body) <= 1048576
    status, _, data = server.post("analyse", None, raw=body)
    assert status == 422, data[:200]


def slow_sweep():
    """A request of many seconds made of short exact analyses (as in
    tests/check_timeout.py): a quota sweep of 200 points over a weighted
    game of 45 players, each point 0.05-0.2 s by dp (idle or loaded)."""
    import random
    rnd = random.Random(5)
    w = [rnd.randint(1, 500) for _ in range(45)]
    q = sum(w) // 2 + 1
    return {"model": "%d %s\n" % (q, " ".join(map(str, w))),
            "options": {"quota": "1=%d:%d" % (q, q + 199), "method": "dp"}}


def test_limits_players_and_time():
    s = Server(["--max-players", "50", "--timeout", "0.2"])
    try:
        status, _, body = s.post("analyse", {"model": "51 " + "1 " * 100})
        e = error_of(status, body)
        assert status == 422 and e["status"] == "limit", e
        status, _, body = s.post("sweep", slow_sweep())
        e = error_of(status, body)
        assert status == 503 and e["status"] == "timeout", e
        # a trillion Monte Carlo samples: far over 0.2 s, so Monte Carlo
        # stops at the deadline with what it has (issue 14)
        status, _, body = s.post("analyse", {"model": "5 3 3", "options": {
            "method": "mc", "samples": 10 ** 12}})
        assert status == 200, body[:200]
        doc = json.loads(body)["models"][0]
        assert doc["stopped"] == "timeout"
        assert 1024 <= int(doc["samples"]) < 10 ** 12
    finally:
        assert s.stop() == 0


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_200_concurrent_requests():
    """200 requests at once: each answered 200 with the right JSON or 503,
    none hanging, no crash; the server's memory does not grow with more
    rounds."""
    s = Server(["--jobs", "2", "--queue-wait", "0.5", "--timeout", "10"])
    sc = sc_text()
    want = unfile(command([SC]))
    counts = {200: 0, 503: 0}

    def one(k):
        status, _, body = s.post("analyse", {"model": sc}, timeout=60)
        if status == 200:
            assert unfile(json.loads(body)) == want
        else:
            assert status == 503, (status, body[:300])
            assert error_of(status, body)["status"] in ("busy", "timeout")
        return status

    try:
        sizes = []
        for rnd in range(3):
            with concurrent.futures.ThreadPoolExecutor(200) as pool:
                t0 = time.monotonic()
                for st in pool.map(one, range(200), timeout=120):
                    counts[st] += 1
                assert time.monotonic() - t0 < 120
            assert s.proc.poll() is None, "veto-serve died"
            sizes.append(rss_kib(s.proc.pid))
        assert counts[200] + counts[503] == 600
        assert counts[200] >= 2
        # the second and third rounds need no more memory than the first
        # (a leak of the ~20 KB per request would add megabytes)
        assert sizes[2] - sizes[0] < 4096, sizes
        status, _, _ = s.post("analyse", {"model": sc})
        assert status == 200
    finally:
        assert s.stop() == 0
    print("RSS after each round (KiB): %s" % sizes)
    print("200 concurrent x 3: %d answered 200, %d 503" % (counts[200],
                                                           counts[503]))


def test_busy_is_503():
    """With one analysis slot taken, another request is turned away at
    once with 503 busy (--queue-wait 0), and served again afterwards."""
    s = Server(["--jobs", "1", "--queue-wait", "0", "--timeout", "1.5"])
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            first = pool.submit(s.post, "sweep", slow_sweep())
            time.sleep(0.4)
            status, _, body = s.post("analyse", {"model": "5 3 3"})
            assert status == 503 and error_of(status, body)["status"] == "busy"
            status, _, body = first.result(timeout=30)
            assert status == 503 and \
                error_of(status, body)["status"] == "timeout"
        status, _, _ = s.post("analyse", {"model": "5 3 3"})
        assert status == 200
    finally:
        assert s.stop() == 0


def test_veto_serve_runs_veto_serve():
    p = subprocess.run([VETO, "serve", "--help"], capture_output=True,
                       text=True, timeout=30)
    assert p.returncode == 0
    assert p.stdout.startswith("usage: veto-serve [--port N]")
    p = subprocess.run([VETO, "serve", "--port", "x"], capture_output=True,
                       text=True, timeout=30)
    assert p.returncode == 2 and "bad value for --port" in p.stderr
