"""Fixtures for the server and page tests: a veto-serve on a free loopback
port, stopped at the end. VETO, VETO_SERVE, VETO_ROOT and VETO_BUILD come
from tests/meson.build."""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest

ROOT = os.environ.get("VETO_ROOT", os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..")))
BUILD = os.environ.get("VETO_BUILD", os.path.join(ROOT, "build"))
VETO = os.environ.get("VETO", os.path.join(BUILD, "veto"))
SERVE = os.environ.get("VETO_SERVE", os.path.join(BUILD, "veto-serve"))


class Server:
    def __init__(self, args=()):
        self.proc = subprocess.Popen([SERVE, "--port", "0"] + list(args),
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("veto-serve: http://"):
            self.proc.kill()
            raise RuntimeError("veto-serve did not start: %r %s" % (
                line, self.proc.stderr.read()))
        self.url = line.split()[1].rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])

    def post(self, what, body, headers=None, raw=None, timeout=60):
        data = raw if raw is not None else json.dumps(body).encode()
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        req = urllib.request.Request(self.url + "/api/" + what, data=data,
                                     headers=h, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def get(self, path, headers=None):
        req = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def stop(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        return rc


@pytest.fixture(scope="module")
def server():
    s = Server(["--jobs", "2", "--timeout", "0"])  # no timeout: as the command
    yield s
    rc = s.stop()
    assert rc == 0, "veto-serve exited %d: %s" % (rc, s.proc.stderr.read())


def examples():
    """The bundled examples as the server has them (includes inlined)."""
    s = Server()
    try:
        status, _, body = s.get("/api/examples")
        assert status == 200
        return json.loads(body)["examples"]
    finally:
        s.stop()


# meson counts exit code 77 as a skip: a run where everything was skipped
# (no Chromium, no Selenium) says so instead of passing.
_counts = {"passed": 0, "skipped": 0}


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        _counts["passed"] += 1
    if report.skipped:
        _counts["skipped"] += 1


def pytest_collectreport(report):
    if report.skipped:
        _counts["skipped"] += 1


def pytest_sessionfinish(session, exitstatus):
    if exitstatus in (0, 5) and _counts["passed"] == 0 and _counts["skipped"]:
        session.exitstatus = 77
