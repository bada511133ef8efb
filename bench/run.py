#!/usr/bin/env python3
"""Time each index on each benchmark instance: wall time, CPU time and peak
memory of the child process (getrusage via os.wait4).

    run.py [--driver PATH] [--veto PATH] [--long] [--threads N] INSTDIR

With --veto, instances are run as `veto power FILE --index IX --method dp
--format json` (the CLI); otherwise with the driver dp_bench (the engine
alone). --long adds Banzhaf at n = 5000 (and 20000 when gen.py --long wrote
it) and Shapley-Shubik at n = 500 and 1000 (minutes). An optional second tool can be compared on the same files
with --other 'CMD {file} {index}'.
"""
import argparse
import os
import resource
import subprocess
import sys
import time

BASE = [
    ("us-electoral-1990", ["bz", "ssi", "pgi", "dpi", "jo"]),
    ("eu-nice", ["bz", "ssi", "pgi", "dpi", "jo"]),
    ("random-100", ["bz", "ssi", "pgi", "dpi"]),
    ("random-200", ["bz", "ssi", "pgi"]),
    ("random-300", ["bz", "ssi", "pgi"]),
    ("random-500", ["bz", "pgi"]),
    ("random-1000", ["bz", "pgi"]),
    ("random-2000", ["bz"]),
    # players of few weights (issue 14): every index at once and each alone
    ("typed-2000", ["all", "bz", "ssi", "pgi", "dpi", "jo"]),
    ("random-100", ["jo"]),
    # Johnston by the sweep over the excess classes, and every index at once
    ("random-200", ["jo", "all"]),
    ("random-300", ["jo"]),
]
EPIC_INDEX = {"bz": "RBZ", "ssi": "RSH", "pgi": "RPG", "dpi": "RDP",
              "jo": "RJ"}
# EPIC on the cases it finishes in about a minute (issue 3: Banzhaf n = 2000
# takes it 132 s, Shapley-Shubik n = 300 266 s); --epic-all for every case.
EPIC_QUICK = {("us-electoral-1990", "bz"), ("us-electoral-1990", "ssi"),
              ("eu-nice", "bz"), ("eu-nice", "ssi"), ("random-100", "bz"),
              ("random-100", "ssi"), ("random-200", "ssi"),
              ("random-1000", "bz")}
LONG = [
    ("random-5000", ["bz"]),
    # written only by gen.py --long (about 8 minutes of CPU, 0.7 GB)
    ("random-20000", ["bz"]),
    ("random-500", ["ssi"]),
    ("random-1000", ["ssi"]),
]


def run(cmd, cpu_limit=None):
    def limit():
        # CPU seconds, not wall: on a shared machine the wall clock says
        # more about the other jobs than about this one
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 5))
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=limit if cpu_limit else None)
    out = b""
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    out = p.stdout.read().decode(errors="replace").strip()
    p.stdout.close()
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    cpu = ru.ru_utime + ru.ru_stime
    return wall, cpu, ru.ru_maxrss / 1024.0, code, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("instdir")
    ap.add_argument("--driver", default="build-release/bench/dp_bench")
    ap.add_argument("--veto", default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--long", action="store_true")
    ap.add_argument("--other", default=None,
                    help="another tool: command template with {file} {index}")
    ap.add_argument("--epic", default=None,
                    help="path of an EPIC binary built elsewhere, run on the "
                         "same files")
    ap.add_argument("--epic-all", action="store_true")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each case; the median is shown")
    ap.add_argument("--untyped", action="store_true",
                    help="also run the driver with the typed recurrence "
                         "off (the engine before issue 14), same run")
    ap.add_argument("--typed", default=None,
                    help="comma-separated driver modes to run, each in the "
                         "same run: -1 auto (default), 1 typed recurrence, "
                         "0 pass per player, 2 pass per player with "
                         "Johnston by the sweep")
    ap.add_argument("--only", action="append", default=None,
                    help="run this instance only (repeatable)")
    ap.add_argument("--index", action="append", default=None,
                    help="run this index only (repeatable)")
    ap.add_argument("--cpu-limit", type=int, default=None,
                    help="CPU seconds after which a run is stopped")
    a = ap.parse_args()
    plan = BASE + (LONG if a.long else [])
    print("%-20s %-5s %9s %9s %9s  %s" % ("instance", "index", "wall s",
                                          "cpu s", "peak MB", "note"))
    for name, indices in plan:
        if a.only and name not in a.only:
            continue
        path = os.path.join(a.instdir, name + ".txt")
        if not os.path.exists(path):
            continue
        for ix in indices:
            if a.index and ix not in a.index:
                continue
            variants = [("", -1)] + ([(" untyped", 0)] if a.untyped
                                     and not a.veto else [])
            if a.typed and not a.veto:
                names = {-1: "", 0: " untyped", 1: " typed", 2: " sweep"}
                variants = [(names.get(int(t), " typed=" + t), int(t))
                            for t in a.typed.split(",")]
            for label, typed in variants:
                if a.veto:
                    if ix == "all":
                        cmd = [a.veto, "power", path, "--method", "dp",
                               "--format", "json", "--threads",
                               str(a.threads)]
                    else:
                        cmd = [a.veto, "power", path, "--index", ix,
                               "--method", "dp", "--format", "json",
                               "--threads", str(a.threads)]
                else:
                    cmd = [a.driver, path, ix, str(a.threads), str(typed)]
                runs = []
                for _ in range(a.repeat):
                    runs.append(run(cmd, a.cpu_limit))
                    if runs[-1][3] < 0:
                        break  # stopped: do not wait again
                runs.sort(key=lambda x: x[1])
                wall, cpu, mb, code, out = runs[len(runs) // 2]
                if code < 0:
                    note = "stopped at the CPU limit%s" % label
                else:
                    note = ("ok" if code == 0 else "exit %d: %s" % (
                        code, out[:60])) + label
                print("%-20s %-5s %9.3f %9.3f %9.1f  %s" % (
                    name, ix, wall, cpu, mb, note))
            if (a.epic and ix in EPIC_INDEX and
                    (a.epic_all or (name, ix) in EPIC_QUICK)):
                cmd = [a.epic, "-i", EPIC_INDEX[ix], "-w", path, "-q", "0"]
                wall, cpu, mb, code, out = run(cmd)
                print("%-20s %-5s %9.3f %9.3f %9.1f  EPIC %s, exit %d" % (
                    name, ix, wall, cpu, mb, EPIC_INDEX[ix], code))
            if a.other:
                cmd = a.other.format(file=path, index=ix).split()
                wall, cpu, mb, code, out = run(cmd)
                print("%-20s %-5s %9.3f %9.3f %9.1f  other tool, exit %d" % (
                    name, ix, wall, cpu, mb, code))
            sys.stdout.flush()
    load = os.getloadavg()
    print("load average during the run: %.2f %.2f %.2f (on %d cores)" % (
        load[0], load[1], load[2], os.cpu_count()))


if __name__ == "__main__":
    main()
