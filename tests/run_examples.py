#!/usr/bin/env python3
"""Every example runs as a test.

1. Each file in examples/ (.veto, .json, .txt) is checked (`veto check`)
   and analysed in full (`veto FILE --format json --exact`), both must exit
   0 and the JSON must parse; the figures examples/README.md quotes for it
   are then asserted on that JSON (HEADLINES below), and the US federal
   system's Shapley-Shubik values and power to act against an exact
   computation by player types written here.
   The JSON is read through model_of(), which takes a model object or
   {"models": [model, ...]}, so that the checks hold for both shapes.
2. The full-report CSV of every example parses into rows of one width
   holding its power to act; the Markdown report and the CSV of one
   example are read back and their figures checked.
3. Each model of bench/composed, bench/ternary and bench/blocs is checked
   (`veto check`).
4. Each ```console block of README.md and docs/*.md whose lines start with
   '$ veto' is run from the project root, and its output must equal the
   lines that follow it in the block.
"""
import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from fractions import Fraction
from math import comb, factorial


def run(veto, args, cwd):
    return subprocess.run([veto] + args, cwd=cwd, capture_output=True,
                          timeout=300)


# ---- reading the JSON -------------------------------------------------------

def model_of(doc, file=None):
    """The model object of a JSON document: the document itself, or one of
    its "models" (the one whose "file" ends with file, or the only one)."""
    if isinstance(doc, dict) and "models" in doc:
        models = doc["models"]
        if file is not None:
            models = [m for m in models if str(m.get("file", "")).endswith(file)]
        assert len(models) == 1, f"expected one model, got {len(models)}"
        return models[0]
    if isinstance(doc, list):
        assert len(doc) == 1, f"expected one model, got {len(doc)}"
        return doc[0]
    return doc


def num(x):
    """An exact value: "5/12", "848", 0.25 or "0.25"."""
    if isinstance(x, dict) and "value" in x:
        x = x["value"]
    if isinstance(x, bool) or x is None:
        raise ValueError(f"not a number: {x!r}")
    return Fraction(str(x))


def index(m, key, player):
    """Index key of the named player, exactly."""
    return num(m["indices"][key][m["players"].index(player)])


def p_act(m, scenario="default"):
    """P(act) under the defaults or a named scenario, whatever the shape of
    "beliefs": {"default": {...}, "scenarios": [{"name": ...}]}, a list of
    {"name": ..., "p_act": ...}, or a mapping from names."""
    b = m["beliefs"]
    if isinstance(b, list):
        for e in b:
            if e.get("name", e.get("scenario")) == scenario:
                return num(e["p_act"])
        raise KeyError(scenario)
    if scenario in b and isinstance(b[scenario], dict):
        return num(b[scenario]["p_act"])
    for e in b.get("scenarios", []):
        if e.get("name") == scenario:
            return num(e["p_act"])
    raise KeyError(scenario)


def scenario_names(m):
    b = m["beliefs"]
    if isinstance(b, list):
        return [e.get("name") for e in b if e.get("name") != "default"]
    if "scenarios" in b:
        return [e["name"] for e in b["scenarios"]]
    return [k for k in b if k != "default"]


def eq(got, want, what):
    assert got == want, f"{what}: got {got}, expected {want}"


def near(got, want, tol, what):
    """|got - want| <= tol (README figures are rounded decimals)."""
    assert abs(Fraction(got) - Fraction(want)) <= Fraction(tol), \
        f"{what}: got {float(got):.6g}, README says {want}"


# ---- what examples/README.md says of each file --------------------------------

GUARANTEE_SCENARIOS = ["Russia is the attacker", "China sides with Russia",
                       "The US withdraws"]


def check_istanbul(m):
    eq(m["veto_players"], [], "veto players")
    eq(p_act(m), 1 - Fraction(1, 2**11), "P(act)")          # 0.999512
    eq(p_act(m, "The US withdraws"), 1 - Fraction(1, 2**9), "P(act), US out")
    near(p_act(m, "The US withdraws"), "0.998047", "0.0000005", "P(act)")


def all_vetoes(k):
    def check(m):
        eq(len(m["players"]), k, "players")
        eq(sorted(m["veto_players"]), sorted(m["players"]), "veto players")
        eq(p_act(m), Fraction(1, 2**k), "P(act)")
        for s in GUARANTEE_SCENARIOS:
            eq(p_act(m, s), 0, f"P(act) under {s}")
    return check


def check_unsc(m):
    eq(sorted(m["veto_players"]), ["China", "France", "Russia", "UK", "USA"],
       "veto players")
    wf = m["weighted_form"]
    eq(num(wf["quota"]), 39, "quota")
    eq([num(w) for w in wf["weights"]], [7] * 5 + [1] * 10, "weights")
    eq(num(m["winning"]), 848, "winning coalitions")
    eq(index(m, "shapley_shubik", "Russia"), Fraction(421, 2145), "SS perm.")
    eq(index(m, "shapley_shubik", "E1"), Fraction(4, 2145), "SS elected")
    near(index(m, "shapley_shubik", "USA"), "0.1963", "0.00005", "SS")
    near(index(m, "shapley_shubik", "E10"), "0.0019", "0.00005", "SS")
    eq(p_act(m, "Russia is the attacker"), 0, "P(act), Russia attacks")


def check_unsc_practice(m):
    """The Council as practised (issue 10): the figures of the issue, and
    every guarantee model's "Russia is the attacker" (Russia = no) at
    exactly 0."""
    eq(m.get("votes"), ["yes", "abstain", "no"], "votes")
    eq(sorted(m["veto_players"]), ["China", "France", "Russia", "UK", "USA"],
       "veto players (block by voting no)")
    eq(m["veto_unless_yes"], [], "nobody blocks by abstaining")
    eq(p_act(m), Fraction(48932, 4782969), "P(act), every vote 1/3")
    eq(p_act(m, "Russia is the attacker"), 0, "P(act), Russia attacks")
    eq(p_act(m, "Russia recuses"), Fraction(12820, 1594323),
       "P(act), Russia recused")
    eq(num(m["indices"]["ternary_banzhaf_raw"][m["players"].index("Russia")]),
       108336, "ternary Banzhaf raw, permanent")
    eq(num(m["indices"]["ternary_banzhaf_raw"][m["players"].index("E1")]),
       53154, "ternary Banzhaf raw, elected")


def check_attacker_recused(m):
    eq(m.get("votes"), ["yes", "abstain", "no"], "votes")
    eq(p_act(m, "Russia is the attacker, votes no"), 0, "P(act), Russia no")
    eq(p_act(m, "Russia is the attacker, recused"), Fraction(5, 27),
       "P(act), Russia recused: (2/3)^4 - (1/3)^4, no no and one yes")


def check_procedural(m):
    eq(m["veto_players"], [], "veto players")
    eq(len(m["players"]), 15, "players")
    eq(len(set(m["indices"]["banzhaf_raw"])), 1, "equal members")


def any_of(k, dictator=None):
    def check(m):
        eq(len(m["players"]), k, "players")
        eq(m["veto_players"], [], "veto players")
        eq(p_act(m), 1 - Fraction(1, 2**k), "P(act)")
    return check


def check_eu_42_7(m):
    any_of(27)(m)
    eq(scenario_names(m), GUARANTEE_SCENARIOS, "scenarios")
    for s in GUARANTEE_SCENARIOS:
        eq(p_act(m, s), p_act(m), f"P(act) under {s} (no one overridden)")


def check_coalition(m):
    any_of(8)(m)
    near(p_act(m), "0.996094", "0.0000005", "P(act)")


def check_us_draft(m):
    eq(m["players"], ["USA"], "players")
    eq(m["veto_players"], ["USA"], "veto players")
    eq(m["dictator"], "USA", "dictator")
    eq(p_act(m, "The US withdraws"), 0, "P(act), US out")


def check_lisbon(m):
    eq(m["veto_players"], [], "veto players")
    eq(num(m["winning"]), 17762668, "winning coalitions")
    bz = [num(x) for x in m["indices"]["banzhaf"]]
    eq(m["players"][bz.index(max(bz))], "Germany", "largest Banzhaf")
    near(index(m, "banzhaf", "Germany"), "0.1210", "0.00005", "Germany")


def check_nice(m):
    eq(m["veto_players"], [], "veto players")
    near(index(m, "banzhaf", "Germany"), "0.0778", "0.00005", "Germany")
    near(index(m, "banzhaf", "Malta"), "0.0094", "0.00005", "Malta")


def california(swings):
    def check(m):
        eq(num(m["indices"]["banzhaf_raw"][m["players"].index("California")]),
           swings, "California's swings")
    return check


def check_nassau(m):
    eq(sorted(m["dummies"]), ["GlenCove", "LongBeach", "NorthHempstead"],
       "dummies")
    live = [index(m, "banzhaf", p) for p in m["players"]
            if p not in m["dummies"]]
    eq(live, [Fraction(1, 3)] * 3, "Banzhaf of the other three")


def check_classic(m):
    eq([num(x) for x in m["indices"]["banzhaf_raw"]], [5, 3, 3, 1], "swings")
    eq([num(x) for x in m["indices"]["banzhaf"]],
       [Fraction(5, 12), Fraction(3, 12), Fraction(3, 12), Fraction(1, 12)],
       "Banzhaf")


def us_federal_by_types():
    """Shapley-Shubik of a representative, a senator, the Vice President and
    the President, and the number of winning coalitions, of
    (House > 1/2 and (Senate > 1/2 or (Senate >= 50 and VP)) and President)
    or (House >= 2/3 and Senate >= 2/3), 435 + 100 + 1 + 1 players: over the
    counts (h, s, vp, p) of yes-voters of each type, each count standing for
    C(435, h) C(100, s) coalitions. Written here, independent of veto."""
    H, S, n = 435, 100, 537

    def win(h, s, vp, p):
        return ((h >= 218 and (s >= 51 or (s >= 50 and vp)) and p)
                or (h >= 290 and s >= 67))

    fact = [factorial(k) for k in range(n + 1)]
    # weight of a coalition T of size t that a player joins as the pivot
    wt = [fact[t] * fact[n - t - 1] for t in range(n)]
    ch = [comb(H - 1, h) for h in range(H)]
    cs = [comb(S - 1, s) for s in range(S)]
    chf = [comb(H, h) for h in range(H + 1)]
    csf = [comb(S, s) for s in range(S + 1)]
    rep = sen = vpp = pres = 0
    winning = 0
    for vp in (0, 1):
        for p in (0, 1):
            for h in range(H + 1):
                for s in range(S + 1):
                    w = win(h, s, vp, p)
                    if w:
                        winning += chf[h] * csf[s]
                    if w:
                        continue
                    t = h + s + vp + p
                    if h < H and win(h + 1, s, vp, p):
                        rep += ch[h] * csf[s] * wt[t]
                    if s < S and win(h, s + 1, vp, p):
                        sen += chf[h] * cs[s] * wt[t]
                    if not vp and win(h, s, 1, p):
                        vpp += chf[h] * csf[s] * wt[t]
                    if not p and win(h, s, vp, 1):
                        pres += chf[h] * csf[s] * wt[t]
    nf = fact[n]
    return (Fraction(rep, nf), Fraction(sen, nf), Fraction(vpp, nf),
            Fraction(pres, nf), winning)


def check_us_federal(m):
    rep, sen, vp, pres, winning = us_federal_by_types()
    eq(435 * rep + 100 * sen + vp + pres, 1, "oracle: Shapley-Shubik sums to 1")
    eq(len(m["players"]), 537, "players")
    eq(m["veto_players"], [], "veto players (the override)")
    eq(index(m, "shapley_shubik", "R001"), rep, "SS of a representative")
    eq(index(m, "shapley_shubik", "R435"), rep, "SS of a representative")
    eq(index(m, "shapley_shubik", "S001"), sen, "SS of a senator")
    eq(index(m, "shapley_shubik", "VicePresident"), vp, "SS of the VP")
    eq(index(m, "shapley_shubik", "President"), pres, "SS of the President")
    eq(num(m["winning"]), winning, "winning coalitions")
    eq(num(m["power_to_act"]), Fraction(winning, 2**537), "power to act")
    eq(p_act(m), Fraction(winning, 2**537), "P(act), everyone at 1/2")
    # examples/README.md
    near(pres, "0.163", "0.0005", "President")
    near(sen, "0.0041", "0.00005", "senator")
    near(rep, "0.00097", "0.000005", "representative")
    # Shapley & Shubik (1954) give the House, the Senate and the President
    # power in the ratio 5 : 5 : 2 (chambers taken as large, no Vice
    # President): 1/6 for the President, 5/1200 for a senator, 5/5220 for a
    # representative. The exact values of this finite model lie within 3%.
    for got, pub, what in ((pres, Fraction(2, 12), "President"),
                           (sen, Fraction(5, 12 * 100), "senator"),
                           (rep, Fraction(5, 12 * 435), "representative")):
        assert abs(got / pub - 1) < Fraction(3, 100), \
            f"{what}: {float(got):.5g} is not within 3% of Shapley and " \
            f"Shubik's {float(pub):.5g}"


# ---- three-valued examples (issue 10, phase 2) --------------------------------

def check_ext_recused(default, attacks, recused, sides):
    """The extended guarantors with the attacker recused: yes 1/2, abstain
    0 for everybody unless forced; values by counting the other ten."""
    def check(m):
        eq(m.get("votes"), ["yes", "abstain", "no"], "votes")
        eq(len(m["players"]), 11, "players")
        eq(p_act(m), default, "P(act)")
        eq(p_act(m, "Russia is the attacker"), attacks, "P(act), Russia no")
        eq(p_act(m, "Russia is the attacker, recused"), recused,
           "P(act), Russia recused")
        eq(p_act(m, "China sides with Russia"), sides, "P(act), China no")
        eq(p_act(m, "The US withdraws"), sides, "P(act), USA no")
    return check


def tail_half(n, k):
    """P(at least k of n fair coins)."""
    return Fraction(sum(comb(n, i) for i in range(k, n + 1)), 2**n)


def check_nac3(m):
    """Consensus: no Ally votes no and one votes yes (yes 1/3, abstain
    1/3): (2/3)^32 - (1/3)^32."""
    eq(m.get("votes"), ["yes", "abstain", "no"], "votes")
    eq(len(m["veto_players"]), 32, "veto players (block by objecting)")
    eq(m["veto_unless_yes"], [], "nobody blocks by staying silent")
    eq(p_act(m), Fraction(2**32 - 1, 3**32), "P(act)")
    eq(p_act(m, "The US withdraws"), 0, "P(act), the US objects")
    eq(p_act(m, "The US stays silent"), Fraction(2**31 - 1, 3**31),
       "P(act), the US silent")


def check_ga(m):
    """Two thirds of those voting, 193 members, each yes 1/3, abstain 1/3:
    the sum over the numbers of yes (Y) and no (N) votes of the trinomial
    with Y >= 1 and Y >= 2N."""
    n = 193
    tot = 0
    for y in range(1, n + 1):
        for no in range(0, min(y // 2, n - y) + 1):
            tot += factorial(n) // (factorial(y) * factorial(no) *
                                    factorial(n - y - no))
    eq(m["veto_players"], [], "veto players")
    eq(len(m["players"]), 193, "players")
    eq(p_act(m), Fraction(tot, 3**n), "P(act)")


def check_senate3(m):
    """The President (yes 1/2) and two thirds of the senators voting (yes
    1/2, abstain 0): 67 of 100; with ten absent, 60 of 90."""
    eq(m["veto_players"], ["President"], "veto players")
    eq(p_act(m), tail_half(100, 67) / 2, "P(act)")
    eq(p_act(m, "Ten senators absent"), tail_half(90, 60) / 2,
       "P(act), ten absent")


def eu31_sets(pops):
    """Sets of yes voters (the rest abstaining) that pass TEU 31(1): more
    than two thirds of the states or of the population. Meet in the
    middle: the sets of the first half, against the sets of the second
    grouped by size and sorted by population."""
    import bisect
    total = sum(pops)

    def sets(ps):
        out = [(0, 0)]
        for w in ps:
            out += [(c + 1, s + w) for c, s in out]
        return out
    half = len(pops) // 2
    right = {}
    for c, s in sets(pops[half:]):
        right.setdefault(c, []).append(s)
    for c in right:
        right[c].sort()
    count = 0
    for cl, pl in sets(pops[:half]):
        for cr, lst in right.items():
            if 3 * (cl + cr) > 2 * len(pops):
                count += len(lst)
            else:
                # 3 (pl + pr) > 2 total  <=>  pr > (2 total - 3 pl) / 3
                count += len(lst) - bisect.bisect_right(
                    lst, (2 * total - 3 * pl) // 3)
    return count


def check_eu_31(m):
    """TEU 31(1): nobody votes no, and more than two thirds of the states
    or of the population vote yes; each state yes 1/3, abstain 1/3."""
    eq(len(m["veto_players"]), 27, "veto players (block by voting no)")
    eq(m["veto_unless_yes"], [], "nobody blocks by abstaining alone")
    lst = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "examples", "lists", "eu27-population-2024.veto")
    pops = [int(x) for x in re.findall(r"population=(\d+)",
                                       open(lst, encoding="utf-8").read())]
    eq(len(pops), 27, "populations in the list")
    eq(p_act(m), Fraction(eu31_sets(pops), 3**27), "P(act)")
    eq(p_act(m, "Hungary votes no"), 0, "P(act), Hungary no")

HEADLINES = {
    "istanbul-2022.veto": check_istanbul,
    "draft-2022-04-15.veto": all_vetoes(5),
    "draft-2022-04-15-belarus.veto": all_vetoes(6),
    "draft-2022-04-15-turkey.veto": all_vetoes(6),
    "russia-2025.veto": all_vetoes(5),
    "un-security-council.veto": check_unsc_practice,
    "un-security-council-literal.veto": check_unsc,
    "un-security-council-procedural.veto": check_procedural,
    "budapest-1994.veto": check_unsc_practice,
    "budapest-1994-literal.veto": check_unsc,
    "draft-2022-04-15-attacker-recused.veto": check_attacker_recused,
    "article-51.veto": any_of(16),
    "nato-article-5.veto": any_of(32),
    "nato-north-atlantic-council.veto": check_nac3,
    "extended-guarantors-unanimity-recused.veto": check_ext_recused(
        Fraction(1, 2**11), 0, Fraction(1, 2**10), 0),
    "extended-guarantors-two-thirds-recused.veto": check_ext_recused(
        tail_half(11, 8), tail_half(10, 8), tail_half(10, 7),
        tail_half(9, 7)),
    "extended-guarantors-each-acts-recused.veto": check_ext_recused(
        1 - Fraction(1, 2**11), 1 - Fraction(1, 2**10),
        1 - Fraction(1, 2**10), 1 - Fraction(1, 2**9)),
    "un-general-assembly-uniting-for-peace.veto": check_ga,
    "us-senate-treaties.veto": check_senate3,
    "eu-constructive-abstention.veto": check_eu_31,
    "eu-article-42-7.veto": check_eu_42_7,
    "coalition-of-the-willing.veto": check_coalition,
    "us-draft-2025.veto": check_us_draft,
    "bilateral-agreements.veto": any_of(28),
    "eu-council-lisbon.veto": check_lisbon,
    "eu-council-nice.veto": check_nice,
    "us-electoral-college-1992.veto": california(525180666785903),
    "us-electoral-college-2020.veto": california(530464653682739),
    "nassau-1964.txt": check_nassau,
    "classic-6-4-3-2-1.txt": check_classic,
    "us-federal-system.veto": check_us_federal,
}


# ---- Markdown and CSV ---------------------------------------------------------

CLASSIC = "examples/classic-6-4-3-2-1.txt"
CLASSIC_BZ = {"P1": (5, Fraction(5, 12)), "P2": (3, Fraction(1, 4)),
              "P3": (3, Fraction(1, 4)), "P4": (1, Fraction(1, 12))}


def md_checks(text):
    """The Markdown report: a power table whose rows give each player's
    swings and normalised Banzhaf (to the printed precision), and P(act)."""
    rows = [r for r in text.splitlines() if r.startswith("|")]
    table = [[c.strip() for c in r.strip("|").split("|")] for r in rows]
    head = next(t for t in table if t and t[0] == "player")
    col_sw, col_bz = head.index("swings"), head.index("Banzhaf")
    seen = set()
    for t in table:
        if t and t[0] in CLASSIC_BZ and len(t) == len(head):
            sw, bz = CLASSIC_BZ[t[0]]
            eq(num(t[col_sw]), sw, f"md swings of {t[0]}")
            near(num(t[col_bz]), bz, "0.0000005", f"md Banzhaf of {t[0]}")
            seen.add(t[0])
    eq(seen, set(CLASSIC_BZ), "md players in the power table")
    assert re.search(r"\|\s*default\s*\|\s*0\.4375", text), "md P(act) 7/16"


def cell_is(cell, want):
    """A CSV cell holds want: exactly, or as a decimal that reads back to
    the nearest double of want."""
    try:
        got = Fraction(cell)
    except (ValueError, ZeroDivisionError):
        return False
    return got == want or (("." in cell or "e" in cell.lower())
                           and float(got) == float(want))


def csv_value(rows, player, key):
    """A cell of the CSV report, in its long form (one row per player and
    quantity) or a wide one (one column per quantity)."""
    head = rows[0]
    if "quantity" in head and "value" in head:
        ip, iq, iv = head.index("player"), head.index("quantity"), head.index("value")
        for r in rows[1:]:
            if r[ip] == player and r[iq] == key:
                return r[iv]
        raise KeyError(f"{player} {key}")
    ip, ik = head.index("player"), head.index(key)
    for r in rows[1:]:
        if r[ip] == player:
            return r[ik]
    raise KeyError(player)


def csv_checks(text, exact):
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1, "CSV has no rows"
    for r in rows:
        eq(len(r), len(rows[0]), "CSV row width")
    for p, (sw, bz) in CLASSIC_BZ.items():
        eq(num(csv_value(rows, p, "banzhaf_raw")), sw, f"csv swings of {p}")
        got = num(csv_value(rows, p, "banzhaf"))
        if exact:
            eq(got, bz, f"csv Banzhaf of {p}")
        else:
            near(got, bz, "0.0000005", f"csv Banzhaf of {p}")


def formats_check(veto, root):
    out = []
    for args, check in (
            ([CLASSIC, "--format", "md"], md_checks),
            ([CLASSIC, "--format", "csv"], lambda t: csv_checks(t, False)),
            ([CLASSIC, "--format", "csv", "--exact"],
             lambda t: csv_checks(t, True))):
        what = "veto " + " ".join(args)
        p = run(veto, args, root)
        if p.returncode != 0:
            out.append((False, what, f"exit {p.returncode}: "
                        + p.stderr.decode(errors="replace")[:1000]))
            continue
        try:
            check(p.stdout.decode())
            out.append((True, what, ""))
        except (AssertionError, KeyError, ValueError, StopIteration) as e:
            out.append((False, what, f"{type(e).__name__}: {e}"))
    return out


def main():
    veto, root = sys.argv[1], sys.argv[2]
    passed = failed = 0

    def report(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}\n    {detail}")

    ex = os.path.join(root, "examples")
    checked = set()
    for name in sorted(os.listdir(ex)):
        if not name.endswith((".veto", ".json", ".txt")):
            continue
        path = os.path.join("examples", name)
        p = run(veto, ["check", path], root)
        report(p.returncode == 0, f"veto check {path}",
               p.stderr.decode(errors="replace")[:2000])
        p = run(veto, [path, "--format", "json", "--exact"], root)
        ok = p.returncode == 0
        detail = p.stderr.decode(errors="replace")[:2000]
        doc = None
        if ok:
            try:
                doc = json.loads(p.stdout)
            except ValueError as e:
                ok, detail = False, f"output is not JSON: {e}"
        report(ok, f"veto {path} --format json --exact", detail)
        # The full-report CSV of every example: it parses, every row has
        # the header's width, and the power-to-act cell is there.
        p = run(veto, [path, "--format", "csv", "--exact"], root)
        ok = p.returncode == 0
        detail = p.stderr.decode(errors="replace")[:1000]
        if ok:
            rows = list(csv.reader(io.StringIO(p.stdout.decode())))
            widths = {len(r) for r in rows}
            if len(rows) < 2 or len(widths) != 1:
                ok, detail = False, f"{len(rows)} rows of widths {sorted(widths)}"
            elif doc is not None and model_of(doc).get("power_to_act") \
                    is not None:
                want = num(model_of(doc)["power_to_act"])
                if not any(cell_is(c, want) for r in rows for c in r):
                    ok, detail = False, f"no cell {float(want)} (power to act)"
        report(ok, f"veto {path} --format csv --exact", detail)
        # Every guarantee model writes "Russia is the attacker" as
        # `Russia = no` (issue 10): where Russia's no blocks (a veto player
        # in the yes/no sense, or blocking by voting no), P(act) is exactly 0.
        src = open(os.path.join(ex, name), encoding="utf-8").read() \
            if name.endswith(".veto") else ""
        if doc is not None and re.search(
                r'scenario "Russia is the attacker"\s*\{\s*Russia = no\s*\}',
                src):
            mm = model_of(doc)
            want = 0 if "Russia" in (mm["veto_players"] or []) else None
            got = p_act(mm, "Russia is the attacker")
            report(want is None or got == want,
                   f"{name}: P(act) exactly 0 when Russia, a veto player, "
                   f"votes no", f"got {got}")
        if doc is not None and name in HEADLINES:
            checked.add(name)
            try:
                HEADLINES[name](model_of(doc))
                report(True, f"{name}: headline figures")
            except (AssertionError, KeyError, IndexError, TypeError,
                    ValueError) as e:
                report(False, f"{name}: headline figures of examples/README.md",
                       f"{type(e).__name__}: {e}")
    for name in sorted(set(HEADLINES) - checked):
        report(False, f"{name}: listed in HEADLINES but not in examples/")

    # The benchmark models (bench/composed, bench/ternary, bench/blocs)
    # read as models, so that a bench run never stops on one of them.
    for sub in ("composed", "ternary", "blocs"):
        bdir = os.path.join(root, "bench", sub)
        if not os.path.isdir(bdir):
            continue
        for name in sorted(os.listdir(bdir)):
            if not name.endswith((".veto", ".json", ".txt")):
                continue
            path = os.path.join("bench", sub, name)
            p = run(veto, ["check", path], root)
            report(p.returncode == 0, f"veto check {path}",
                   p.stderr.decode(errors="replace")[:2000])

    for ok, what, detail in formats_check(veto, root):
        report(ok, what, detail)

    docs = [os.path.join(root, "README.md"), os.path.join(root, "examples", "README.md")]
    ddir = os.path.join(root, "docs")
    if os.path.isdir(ddir):
        docs += [os.path.join(ddir, f) for f in sorted(os.listdir(ddir))
                 if f.endswith(".md")]
    for doc in docs:
        if not os.path.exists(doc):
            continue
        text = open(doc, encoding="utf-8").read()
        for block in re.findall(r"```console\n(.*?)```", text, re.S):
            lines = block.split("\n")
            i = 0
            while i < len(lines):
                if lines[i].startswith("$ veto"):
                    cmd = lines[i][2:]
                    j = i + 1
                    while j < len(lines) and not lines[j].startswith("$ "):
                        j += 1
                    want = "\n".join(lines[i + 1:j]).rstrip()
                    args = shlex.split(cmd)[1:]
                    p = run(veto, args, root)
                    got = p.stdout.decode(errors="replace").rstrip()
                    report(got == want and p.returncode == 0,
                           f"{os.path.basename(doc)}: {cmd}",
                           f"exit {p.returncode}\n--- expected\n{want}\n"
                           f"--- got\n{got}\n"
                           + p.stderr.decode(errors="replace")[:1000])
                    i = j
                else:
                    i += 1
    print(f"examples: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
