"""The veto Python package: published values, numpy input, errors,
cancellation. The package against the command on every example is in
test_examples.py."""
import json
import os
import signal
import subprocess
import threading
import time
import _thread
from fractions import Fraction

import pytest

import veto

ROOT = os.environ.get("VETO_ROOT", os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..")))
SC = os.path.join(ROOT, "examples", "un-security-council-literal.veto")
VETO = os.environ.get("VETO", os.path.join(ROOT, "build", "veto"))


def test_security_council_shapley_shubik_exact():
    # Shapley-Shubik of a permanent member, 421/2145 = 0.19627: Shapley and
    # Shubik (1954), "A method for evaluating the distribution of power in
    # a committee system", APSR 48(3) (the 1965 Council of 15 members).
    r = veto.load(SC).analyse(exact=True)
    ssi = r.indices["shapley_shubik"]
    assert ssi[:5] == [Fraction(421, 2145)] * 5
    assert ssi[5:] == [Fraction(4, 2145)] * 10
    assert sum(ssi) == 1
    assert r.veto_players == ["China", "France", "Russia", "UK", "USA"]
    # 848 winning coalitions of 2^15: P(act) at 1/2 each = 53/2048
    assert r.winning == 848
    assert r.p_act[None] == Fraction(53, 2048)
    assert r.p_act["Russia is the attacker"] == 0
    assert r.halfwidths is None
    # Banzhaf swings: 848 for a permanent member, 84 for an elected one
    assert r.indices["banzhaf_raw"][:6] == [848] * 5 + [84]


def test_floats_by_default_and_scenario():
    r = veto.load(SC).analyse(indices=["ssi"], scenario="The US withdraws")
    assert r.indices["shapley_shubik"][0] == 421 / 2145
    assert set(r.indices) == {"shapley_shubik"}
    assert r.p_act == {"The US withdraws": 0.0}
    with pytest.raises(ValueError, match="unknown scenario"):
        veto.load(SC).analyse(scenario="Mars")


def test_game_numpy_and_fractions():
    np = pytest.importorskip("numpy")
    w = np.array([7] * 5 + [1] * 10, dtype=np.int64)
    r = veto.game(39, w).analyse(exact=True)
    assert r.indices["shapley_shubik"][0] == Fraction(421, 2145)
    assert r.players[0] == "P1"
    # the same game with weights halved, as Fractions and strings
    half = [Fraction(7, 2)] * 5 + ["1/2"] * 10
    r2 = veto.game(Fraction(39, 2), half, names=list("ABCDEFGHIJKLMNO"))
    assert r2.analyse(exact=True).indices["shapley_shubik"] == \
        r.indices["shapley_shubik"]
    # [6; 4, 3, 2, 1]: Shapley-Shubik 5/12, 1/4, 1/4, 1/12 (by hand: of
    # the 24 orders, 10 pivot on the 4, 6 each on the 3 and the 2, 2 on the 1)
    r3 = veto.game(6, np.array([4, 3, 2, 1], dtype=np.uint8))
    assert r3.analyse(exact=True).indices["shapley_shubik"] == \
        [Fraction(5, 12), Fraction(1, 4), Fraction(1, 4), Fraction(1, 12)]
    with pytest.raises(TypeError, match="float"):
        veto.game(6, np.array([4.0, 3.0, 2.0, 1.0]))
    with pytest.raises(TypeError, match="float"):
        veto.game(6, [4, 3, 2.5, 1])
    with pytest.raises(ValueError, match="2 names for 4 weights"):
        veto.game(6, [4, 3, 2, 1], names=["a", "b"])


def test_monte_carlo_halfwidths():
    r = veto.load(SC).analyse(method="mc", seed=7, samples=20000)
    assert r.estimated
    hw = r.halfwidths["shapley_shubik"]
    assert len(hw) == 15 and all(h > 0 for h in hw)
    # the estimate is within its interval of the exact 421/2145 (a
    # simultaneous interval: this holds at the stated confidence)
    assert abs(r.indices["shapley_shubik"][0] - 421 / 2145) <= hw[0]
    assert r.halfwidths["p_act"][None] > 0


def test_to_pandas():
    pd = pytest.importorskip("pandas")
    df = veto.load(SC).analyse().to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert df.loc["Russia", "veto"] and not df.loc["E1", "veto"]


def test_model_error_attributes():
    with pytest.raises(veto.ModelError) as e:
        veto.loads("players { A B }\npass when A and C\n", name="m.veto")
    assert (e.value.file, e.value.line, e.value.column) == ("m.veto", 2, 17)
    assert e.value.message == "unknown player 'C'"
    assert str(e.value).startswith("m.veto:2:17: unknown player 'C'")


def test_include_refused_in_loads():
    with pytest.raises(veto.ModelError, match="include needs a model read "
                                              "from a file"):
        veto.loads('include "/etc/passwd"\npass when count >= 1\n')


def test_errors():
    m = veto.load(SC)
    with pytest.raises(OSError):
        veto.load("/nonexistent/x.veto")
    with pytest.raises(ValueError, match="unknown method"):
        m.analyse(method="magic")
    with pytest.raises(ValueError, match="unknown index"):
        m.analyse(indices=["power"])
    with pytest.raises(ValueError, match="Xi") as e:
        veto.explain(m, "Xi")
    with pytest.raises(ValueError, match="Russia") as e:  # the closest name
        veto.explain(m, "Rusia")
    with pytest.raises(veto.MethodError, match="enum") as e:
        veto.game(400, list(range(1, 41))).analyse(method="enum")
    assert e.value.hint  # the library's advice: another method
    assert e.value.hint_code != 0 and "--method" not in e.value.hint
    # an exact dp of about a fifth of a second (tests/check_timeout.py's
    # game) against a limit of a hundredth
    import random
    rnd = random.Random(5)
    w = [rnd.randint(1, 500) for _ in range(45)]
    with pytest.raises(TimeoutError):
        veto.game(sum(w) // 2 + 1, w).analyse(method="dp", timeout=0.01)
    # Monte Carlo stops at the deadline with what it has (issue 14)
    r = veto.game(3, [2, 2]).analyse(method="mc", samples=10 ** 12,
                                     timeout=0.2)
    assert r.json["models"][0]["stopped"] == "timeout"
    assert int(r.json["models"][0]["samples"]) < 10 ** 12
    with pytest.raises(ValueError, match="two or more"):
        veto.compare(m)


def test_explain_sweep_design_compare():
    m = veto.load(SC)
    e = veto.explain(m, "Russia")
    assert e["veto"] is True and e["player"] == "Russia"
    s = veto.sweep(m, belief=("Russia", 0, 1), steps=3, exact=True)
    assert [p["value"] for p in s["points"]] == ["0", "1/2", "1"]
    assert s["points"][1]["beliefs"]["default"]["p_act"] == "53/2048"
    d = veto.design(m, "Russia", top=1)
    assert d["already"] is False and len(d["candidates"]) == 1
    c = veto.compare(m, veto.load(os.path.join(ROOT, "examples",
                                               "budapest-1994-literal.veto")))
    assert len(c["models"]) == 2


def test_bloc_sweep():
    # issue 11: sweep --bloc West=a:FROM:TO[:STEPS] as bloc=(name, param,
    # from, to); the same document as the command
    path = os.path.join(ROOT, "examples", "un-security-council-blocs.veto")
    m = veto.load(path)
    s = veto.sweep(m, bloc=("West", "a", 1, 3), steps=3, exact=True)
    assert s["sweep"]["kind"] == "bloc" and s["sweep"]["parameter"] == "a"
    # West ~ Beta(a, 1): P(UK, USA, France all yes) = a/(a+3)
    assert [p["beliefs"]["default"]["p_act"] for p in s["points"]] == \
        ["53/768", "53/480", "53/384"]
    p = subprocess.run([VETO, "sweep", path, "--bloc", "East=b:1/2:2",
                        "--scenario", "Russia is the attacker", "--format",
                        "json", "-q"], capture_output=True, text=True,
                       check=True)
    s = veto.sweep(m, bloc=("East", "b", Fraction(1, 2), 2),
                   scenario="Russia is the attacker")
    assert s == json.loads(p.stdout)
    # the command's errors, in the command's words
    with pytest.raises(ValueError, match="no bloc 'Nato' in the defaults\n"
                       "hint: the blocs there are: West, East"):
        veto.sweep(m, bloc=("Nato", "a", 1, 2))
    with pytest.raises(ValueError, match="a Beta parameter is positive"):
        veto.sweep(m, bloc=("West", "a", 0, 2))
    with pytest.raises(ValueError, match="the parameter a or b"):
        veto.sweep(m, bloc=("West", "p", 1, 2))
    with pytest.raises(ValueError, match="steps must be between"):
        veto.sweep(m, bloc=("West", "a", 1, 2), steps=1)
    with pytest.raises(ValueError, match="sweep takes one of"):
        veto.sweep(m, bloc=("West", "a", 1, 2), belief=("UK", 0, 1))
    with pytest.raises(ValueError, match="no scenario \"Elsewhere\""):
        veto.sweep(m, bloc=("West", "a", 1, 2), scenario="Elsewhere")
    with pytest.raises(ValueError, match="this model has no blocs"):
        veto.sweep(veto.load(SC), bloc=("West", "a", 1, 2))


def test_three_valued_model():
    # issue 10: a three-valued model analyses like any other, its JSON
    # carries the votes and the ternary indices
    m = veto.load(os.path.join(ROOT, "examples", "un-security-council.veto"))
    r = m.analyse(exact=True)
    assert r.p_act[None] == Fraction(48932, 4782969)
    assert r.p_act["Russia is the attacker"] == 0
    assert r.indices["banzhaf_raw"][:6] == [108336] * 5 + [53154]
    doc = json.loads(m.report(format="json", exact=True))["models"][0]
    assert doc["votes"] == ["yes", "abstain", "no"]
    assert doc["indices"]["roll_call_shapley_shubik"] == \
        doc["indices"]["shapley_shubik"]


def test_three_valued_explain_sweep_design():
    # issue 10, phase 2: the tools on the Council as practised
    m = veto.load(os.path.join(ROOT, "examples", "un-security-council.veto"))
    e = veto.explain(m, "China", scenario="Russia recuses", exact=True)
    assert e["veto"] is True and e["veto_unless_yes"] is False
    assert e["swings"] == "108336"
    assert e["scenario"]["p_act"] == "12820/1594323"
    assert e["scenario"]["recused"] == ["Russia"]
    s = veto.sweep(m, belief=("China", 0, Fraction(2, 3)), steps=3,
                   vote="abstain", exact=True)
    assert s["sweep"]["vote"] == "abstain"
    pts = [json.dumps(p) for p in s["points"]]
    assert '"36112/4782969"' in pts[0] and '"20584/1594323"' in pts[2]
    with pytest.raises(ValueError, match="point 3"):
        veto.sweep(m, belief=("China", 0, 1), steps=3, vote="abstain")
    d = veto.design(m, "China", top=3, exact=True)
    moves = [c["move"] for c in d["candidates"]]
    assert moves == ["thresholds", "thresholds", "must_abstain"]


def test_ctrl_c_cancels_through_the_callback():
    """KeyboardInterrupt while an analysis runs sets the flag the cancel
    callback returns: the analysis stops at once instead of running to its
    end (a trillion samples would take hours)."""
    m = veto.game(3, [2, 2])

    def interrupt():
        time.sleep(0.5)
        _thread.interrupt_main()

    def too_long(sig, frame):
        raise AssertionError("Ctrl-C did not stop the analysis in 10 s")

    old = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(10)
    try:
        threading.Thread(target=interrupt).start()
        t0 = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            m.analyse(method="mc", samples=10 ** 12)
        assert time.monotonic() - t0 < 5
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    # the library is usable afterwards
    assert m.analyse(exact=True).p_act[None] == Fraction(1, 4)
