"""The package against the command on every example: the same numbers
(indices, veto players, P(act) per scenario, half-widths) with the method
pinned to the one the command chose."""
import json
import os
import subprocess
from fractions import Fraction

import pytest

import veto

ROOT = os.environ.get("VETO_ROOT", os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..")))
VETO = os.environ.get("VETO", os.path.join(ROOT, "build", "veto"))
FILES = sorted(n for n in os.listdir(os.path.join(ROOT, "examples"))
               if n.endswith((".veto", ".txt", ".json")))


def command(args):
    p = subprocess.run([VETO] + args + ["--format", "json", "-q"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)["models"][0]


@pytest.mark.parametrize("name", FILES)
def test_same_numbers_as_the_command(name):
    path = os.path.join("examples", name)
    method = command([path])["method"]
    exact = method != "mc"
    want = command([path, "--method", method] + (["--exact"] if exact
                                                 else []))
    r = veto.load(os.path.join(ROOT, path)).analyse(method=method,
                                                    exact=exact)
    assert r.method == want["method"] == method
    assert r.players == want["players"]
    assert r.veto_players == want["veto_players"]
    conv = Fraction if exact else (lambda v: v)
    for key, vals in want["indices"].items():
        if vals is None:
            assert key not in r.indices
            continue
        if key in ("banzhaf_raw", "holler_raw"):
            assert r.indices[key] == [int(v) for v in vals], key
        else:
            assert r.indices[key] == [conv(v) for v in vals], key
    b = want["beliefs"]
    expect = {None: conv(b["default"]["p_act"])}
    expect.update({s["name"]: conv(s["p_act"]) for s in b["scenarios"]})
    assert r.p_act == expect
