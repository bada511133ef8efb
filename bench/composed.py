#!/usr/bin/env python3
"""Time the exact engines on the composed rules of bench/composed/ and the
three-valued models of bench/ternary/ through the veto command: every
index (or the ones named), exact, per engine that can take the rule.
Prints wall time, CPU time (user + system of the child) and peak memory of
the run of median CPU time.

    python3 bench/composed.py BUILD/veto [--repeat K] [--only SUBSTRING]
"""
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [
    ("eu-lisbon.veto", ["bdd", "enum"]),
    ("eu-lisbon-no-blocking-clause.veto", ["bdd", "enum"]),
    ("eu-nice.veto", ["bdd", "enum"]),
    ("unsc-two-layer.veto", ["bdd", "enum", "dp"]),
    ("us-federal.veto", ["bdd"]),
    # three-valued models (issue 10)
    ("../ternary/unsc.veto", ["bdd", "enum"]),
    ("../ternary/eu27-constructive-abstention.veto", ["bdd"]),
    ("../ternary/weighted-200-of-voting.veto", ["dp"], "bz"),
]


def run(veto, path, method, index="all"):
    """`veto power` for the yes/no rules; for the three-valued models the
    full report (`veto FILE`), which adds P(act) and the decisiveness steps
    of every scenario and the veto players to the indices. One run in a
    child; its own rusage from wait4."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        cmd = [] if "/ternary/" in path else ["power"]
        os.execv(veto, [veto] + cmd + [path, "--method", method, "--exact",
                        "--index", index, "--format", "json"])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def main():
    veto = sys.argv[1]
    repeat = 3
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1]
    print(f"{'instance':36} {'engine':6} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for case in CASES:
        name, methods = case[0], case[1]
        if only is not None and only not in name:
            continue
        index = case[2] if len(case) > 2 else "all"
        path = os.path.normpath(os.path.join(HERE, "composed", name))
        name = os.path.basename(name)
        for m in methods:
            runs = []
            for _ in range(repeat):
                r = run(veto, path, m, index)
                if r is None:
                    runs = []
                    break
                runs.append(r)
            runs.sort(key=lambda r: r[1])
            best = runs[len(runs) // 2] if runs else None
            if best is None:
                print(f"{name:36} {m:6} {'failed':>8}")
            else:
                print(f"{name:36} {m:6} {best[0]:8.3f} {best[1]:8.3f} {best[2]:8.1f}")


if __name__ == "__main__":
    main()
