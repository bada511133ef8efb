#!/usr/bin/env python3
"""Time shared and bloc beliefs (issue 11) through the veto command: CPU
seconds (user + system of the child), median of --repeat runs (3), and peak
memory. Every figure is the full report (`veto FILE --format json`: every
index the engine gives and the beliefs), in doubles and with --exact; the
weighted game of 500 players asks Banzhaf and the beliefs only (the other
indices of 500 players cost minutes without any bloc).

    python3 bench/blocs.py BUILD/veto INSTANCES [--repeat K] [--cpu-limit S]

INSTANCES is the folder bench/gen.py writes (random-500.txt: weights
uniform in 1..1000, quota half the total + 1, the bench seed); its first
50 players become one bloc sharing p ~ Beta(2, 3).
"""
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(veto, args, cpu_limit):
    """One run in a child; its CPU time from wait4, or None on failure."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit))
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execv(veto, [veto] + args)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    cpu = ru.ru_utime + ru.ru_stime
    if os.waitstatus_to_exitcode(status) != 0:
        return None, cpu
    return (wall, cpu, ru.ru_maxrss / 1024.0), cpu


def r500_model(instances, folder):
    with open(os.path.join(instances, "random-500.txt")) as f:
        nums = [int(x) for x in f.read().split()]
    quota, weights = nums[0], nums[1:]
    path = os.path.join(folder, "random-500-bloc-50.veto")
    with open(path, "w") as f:
        f.write("players {\n")
        for i, w in enumerate(weights):
            f.write(f"  P{i + 1} weight={w}\n")
        f.write("}\n")
        f.write(f"pass when weight >= {quota}\n")
        f.write("bloc B (" + ", ".join(f"P{i + 1}" for i in range(50)) +
                ") shares beta(2, 3)\n")
    return path


def main():
    veto, instances = sys.argv[1], sys.argv[2]
    repeat, cpu_limit = 3, 120
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    if "--cpu-limit" in sys.argv:
        cpu_limit = int(sys.argv[sys.argv.index("--cpu-limit") + 1])
    tmp = tempfile.mkdtemp(prefix="veto-bench-blocs-")
    r500 = r500_model(instances, tmp)
    cases = []
    for name in ("unsc-two-blocs.veto", "eu-lisbon-two-blocs.veto"):
        path = os.path.join(HERE, "blocs", name)
        for method in ("auto", "enum", "bdd") + (("dp",) if "unsc" in name
                                                  else ()):
            for exact in (False, True):
                args = [path, "--method", method, "--format", "json"]
                if exact:
                    args.append("--exact")
                cases.append((name, method, exact, args))
    for exact in (False, True):
        args = [r500, "--index", "bz", "--method", "dp", "--format", "json"]
        if exact:
            args.append("--exact")
        cases.append(("random-500-bloc-50", "dp", exact, args))
    print(f"{'instance':28} {'engine':6} {'numbers':8} {'cpu s':>8} "
          f"{'wall s':>8} {'peak MB':>8}")
    for name, method, exact, args in cases:
        runs = []
        failed = None
        for _ in range(repeat):
            r, cpu = run(veto, args, cpu_limit)
            if r is None:
                failed = cpu
                break
            runs.append(r)
        kind = "exact" if exact else "doubles"
        if failed is not None:
            print(f"{name:28} {method:6} {kind:8} {'> ' + str(cpu_limit) if failed >= cpu_limit - 1 else 'failed':>8}")
            continue
        runs.sort(key=lambda x: x[1])
        wall, cpu, mem = runs[len(runs) // 2]
        print(f"{name:28} {method:6} {kind:8} {cpu:8.3f} {wall:8.3f} "
              f"{mem:8.1f}")
    os.remove(r500)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
