#!/usr/bin/env python3
"""Time the exact engines on the composed rules of bench/composed/ through
the veto command: every index, exact, per engine that can take the rule.
Prints wall time, CPU time (user + system of the child) and peak memory.

    python3 bench/composed.py BUILD/veto [--repeat K]
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
]


def run(veto, path, method):
    """One run in a child; its own rusage from wait4."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execv(veto, [veto, "power", path, "--method", method, "--exact",
                        "--index", "all", "--format", "json"])
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
    print(f"{'instance':36} {'engine':6} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}")
    for name, methods in CASES:
        path = os.path.join(HERE, "composed", name)
        for m in methods:
            best = None
            for _ in range(repeat):
                r = run(veto, path, m)
                if r is None:
                    best = None
                    break
                if best is None or r[1] < best[1]:
                    best = r
            if best is None:
                print(f"{name:36} {m:6} {'failed':>8}")
            else:
                print(f"{name:36} {m:6} {best[0]:8.3f} {best[1]:8.3f} {best[2]:8.1f}")


if __name__ == "__main__":
    main()
