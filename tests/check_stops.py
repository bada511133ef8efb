#!/usr/bin/env python3
"""Every model we ship stops when asked to.

    check_stops.py VETO SRCDIR

The full report, `veto power` and `veto indices` on every model of examples/ and bench/
(composed, blocs, ternary) with --timeout 1 must end, with an answer
(exit 0: exact, or Monte Carlo stopped at the deadline) or the time
limit's exit 3, within a few seconds of the limit; and Ctrl-C (SIGINT)
must stop bench/ternary/assembly-300.veto's three-valued decision diagram,
whose build once ran for hours without polling, within a second or two
(exit 130). In `make check-full` (VETO_TEST_SCALE >= 4) that build also
runs for a minute, after which it must say on stderr that it is still
working. SLACK allows for a loaded machine.
"""
import glob
import os
import signal
import subprocess
import sys
import time

SLACK = 3.0


def interrupt_after(args, secs):
    """Run args, send SIGINT after secs: (exit code, or None when it was
    still running 30 s later and had to be killed; seconds from the
    signal to the end; stderr)."""
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(secs)
    p.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        _, err = p.communicate(timeout=30)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        rc = None
    return rc, time.monotonic() - sent, err


def main():
    veto, src = sys.argv[1], sys.argv[2]
    models = sorted(glob.glob(os.path.join(src, "examples", "*.veto")) +
                    glob.glob(os.path.join(src, "examples", "*.txt")) +
                    glob.glob(os.path.join(src, "bench", "*", "*.veto")))
    problems = []
    worst = (0.0, "")
    for path in models:
        for cmd in ("report", "power", "indices"):
            t0 = time.monotonic()
            args = [veto] + ([] if cmd == "report" else [cmd])
            try:
                p = subprocess.run(args + [path, "--timeout", "1",
                                    "--threads", "1"],
                                   capture_output=True, text=True,
                                   timeout=60)
                rc, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired:
                rc, err = None, "still running after 60 s"
            t = time.monotonic() - t0
            name = "%s %s" % (cmd, os.path.relpath(path, src))
            worst = max(worst, (t, name))
            # exit 2: a command the model does not take (the catalogue
            # and three-valued models), said at once
            if rc not in (0, 2, 3):
                problems.append("%s --timeout 1: exit %s: %s"
                                % (name, rc, err.strip()[:200]))
            if t > 1.0 + SLACK:
                problems.append("%s --timeout 1: took %.2f s" % (name, t))
    print("%d models, report, power and indices with --timeout 1: slowest %s, "
          "%.2f s" % (len(models), worst[1], worst[0]))
    asm = os.path.join(src, "bench", "ternary", "assembly-300.veto")
    rc, t, err = interrupt_after([veto, "power", asm, "--threads", "1"], 1.5)
    print("assembly-300, SIGINT after 1.5 s: exit %s, %.2f s later"
          % (rc, t))
    if rc is None:
        problems.append("assembly-300: still running 30 s after SIGINT")
    elif rc != 130:
        problems.append("assembly-300 after SIGINT: exit %s, want 130 (%s)"
                        % (rc, err.strip()[:200]))
    if t > 1.0 + SLACK:
        problems.append("assembly-300: %.2f s after SIGINT" % t)
    # A run without an estimate (a three-valued diagram) says after a
    # minute that it is still working: a minute and more of waiting, so
    # in `make check-full` (VETO_TEST_SCALE >= 4) only.
    if int(os.environ.get("VETO_TEST_SCALE", "1")) >= 4:
        rc, t, err = interrupt_after([veto, "power", asm, "--threads", "1"],
                                     64)
        print("assembly-300 for 64 s: exit %s, stderr %r"
              % (rc, err.strip()[:300]))
        if "note: still working after a minute (three-valued bdd)" not in err:
            problems.append("assembly-300: no note after a minute: %r"
                            % err.strip()[:300])
    else:
        print("the note after a minute: in make check-full only")
    for q in problems:
        print("FAIL " + q)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
