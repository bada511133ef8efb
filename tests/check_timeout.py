#!/usr/bin/env python3
"""--timeout bounds the whole command, not each analysis inside it.

    check_timeout.py VETO

A weighted game of 45 players where one exact dp analysis of the
Deegan-Packel index takes 0.05-0.2 s: a quota sweep and a comparison of
copies, sized from a short sweep on this machine now, each take about
five seconds in all, although no single analysis comes near one second. With --timeout 1 both must stop with
exit code 3 within about a second (we allow 3 s for a loaded machine),
and without --timeout they must finish with 0.

Then the three-valued Monte Carlo on bench/ternary/assembly-300.veto
(300 members, three terms over all of them, a belief): a sample costs
about half a millisecond, and its blocks once held 4,096 of them (2 s
and more), polled only between blocks, so --timeout 2 ran to the end of
the second block (4 s idle, far more on a loaded machine). Now a block
is sized from the cost of a sample and the deadline is polled inside
blocks: with --timeout 2, on one thread and on two, veto must exit 0
within 1.5 s of the limit, with the "stopped by --timeout after N
samples" line (the estimate of the last checkpoint before the limit).
"""
import os
import random
import re
import subprocess
import sys
import tempfile
import time


def timed(args):
    t0 = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    return p.returncode, time.monotonic() - t0, p.stderr


def ternary_mc(veto):
    """--timeout 2 on the three-valued Monte Carlo of assembly-300."""
    problems = []
    model = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                         "bench", "ternary", "assembly-300.veto")
    for threads in ("1", "2"):
        t0 = time.monotonic()
        p = subprocess.run([veto, "power", model, "--method", "mc",
                            "--threads", threads, "--timeout", "2"],
                           capture_output=True, text=True, timeout=300)
        t = time.monotonic() - t0
        m = re.search(r"^stopped by --timeout after (\d+) samples$",
                      p.stdout, re.M)
        print("assembly-300 --method mc --threads %s --timeout 2: exit %d "
              "after %.2f s, %s" % (threads, p.returncode, t,
                                    m.group(0) if m else "no stopped line"))
        if p.returncode != 0:
            problems.append("assembly-300 mc, %s thread(s): exit %d: %s"
                            % (threads, p.returncode, p.stderr.strip()[:200]))
        if t > 3.5:
            problems.append("assembly-300 mc, %s thread(s), --timeout 2: "
                            "took %.2f s" % (threads, t))
        if m is None or int(m.group(1)) == 0:
            problems.append("assembly-300 mc, %s thread(s): no 'stopped by "
                            "--timeout after N samples' line" % threads)
    return problems


def main():
    veto = sys.argv[1]
    rnd = random.Random(5)
    w = [rnd.randint(1, 500) for _ in range(45)]
    q = sum(w) // 2 + 1
    problems = []
    with tempfile.TemporaryDirectory() as d:
        model = os.path.join(d, "slow.txt")
        with open(model, "w") as f:
            f.write("%d %s\n" % (q, " ".join(map(str, w))))
        common = ["--method", "dp", "-q"]
        # One analysis alone stays under the timeout.
        rc, t, err = timed([veto, "power", model] + common)
        if rc != 0:
            problems.append("power: exit %d: %s" % (rc, err.strip()))
        one = t
        # Enough points and copies for about 5 s of work on this machine
        # now, sized from a short sweep without --timeout (one process, so
        # the start-up cost that one analysis alone pays does not count:
        # a point is 0.01 to 0.2 s as the machine is idle or loaded).
        k0 = 12
        rc, t0, err = timed([veto, "sweep", model, "--quota",
                             "1=%d:%d" % (q, q + k0)] + common)
        if rc != 0:
            problems.append("sweep of %d points: exit %d: %s"
                            % (k0, rc, err.strip()))
        per = max(t0 / k0, 0.002)
        k = max(k0, min(2000, int(5.0 / per) + 1))
        cases = [
            ("sweep", [veto, "sweep", model, "--quota",
                       "1=%d:%d" % (q, q + k)] + common),
            ("compare", [veto, "compare"] + [model] * k + common),
        ]
        for name, args in cases:
            rc, t, err = timed(args + ["--timeout", "1"])
            print("%s --timeout 1: exit %d after %.2f s (one analysis "
                  "%.2f s, %d points)" % (name, rc, t, one, k))
            if rc != 3:
                problems.append("%s --timeout 1: exit %d, want 3 (%s)"
                                % (name, rc, err.strip()[:200]))
            if t > 3.0:
                problems.append("%s --timeout 1: took %.2f s" % (name, t))
            if "time" not in err:
                problems.append("%s: the message should name the time "
                                "budget: %s" % (name, err.strip()[:200]))
        rc, t, err = timed(cases[0][1])
        print("sweep without --timeout: exit %d after %.2f s" % (rc, t))
        if rc != 0:
            problems.append("sweep without --timeout: exit %d" % rc)
        if t < 1.5:
            problems.append("the sweep is too fast (%.2f s) to test "
                            "--timeout 1" % t)
    problems += ternary_mc(veto)
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
