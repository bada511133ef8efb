#!/usr/bin/env python3
"""The same seed gives byte-identical Monte Carlo output with 1, 2 and 4
threads of `veto` and with 1, 2 and 4 MPI ranks of `veto-mpi`, on a
weighted game and on a composed rule, for indices and beliefs. The exact
dp spreads its primes over the ranks: its output is byte-identical too, on
a weighted game of 150 players (6 primes) and one of 400 players of 5
weights (the typed recurrence, 14 primes), every index. Monte Carlo stopped by --timeout: the ranks stop at a common
checkpoint and the output is byte-identical to `veto` stopped there."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

veto, veto_mpi, root = sys.argv[1], sys.argv[2], sys.argv[3]
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1",
           OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")
mpirun = shutil.which("mpirun")
if mpirun is None:
    # This runner is registered only in a build that has veto-mpi: without
    # mpirun its ranks half would be quietly dropped, so say so and fail.
    print("mpi: FAIL: mpirun not found on PATH, but this build has veto-mpi "
          "(apt-get install openmpi-bin, or configure with -Dmpi=disabled)")
    sys.exit(1)
cases = [
    ["power", os.path.join(root, "tests", "data", "unsc.veto")],
    [os.path.join(root, "tests", "data", "eu-composed.veto")],
]
tmp = tempfile.mkdtemp(prefix="veto-mpi-")
rng = random.Random(14)
dp_files = []
for name, n, pool in (("dp-150.txt", 150, range(1, 301)),
                      ("dp-typed-400.txt", 400, (2, 3, 5, 8, 13))):
    w = [rng.choice(pool) for _ in range(n)]
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write("%d\n" % (sum(w) // 2 + 1))
        f.write("".join("%d\n" % x for x in w))
    dp_files.append(path)
passed = failed = 0
for path in dp_files:
    args = ["power", path, "--method", "dp", "--format", "json",
            "--threads", "1"]
    if "typed" not in path:
        args += ["--index", "bz,ssi,pgi,dpi"]  # Johnston: seconds here
    outs = {}
    p = subprocess.run([veto] + args, capture_output=True, env=env,
                       timeout=600)
    outs["veto"] = (p.returncode, p.stdout)
    if mpirun is not None:
        for k in (1, 2, 4):
            p = subprocess.run([mpirun, "--oversubscribe", "-n", str(k),
                                veto_mpi] + args,
                               capture_output=True, env=env, timeout=600)
            outs[f"veto-mpi -n {k}"] = (p.returncode, p.stdout)
    ref = outs["veto"]
    for name, got in outs.items():
        if got[0] != 0 or got[1] != ref[1] or not ref[1]:
            failed += 1
            print(f"FAIL dp {os.path.basename(path)}: {name} differs "
                  f"(exit {got[0]})")
        else:
            passed += 1
shutil.rmtree(tmp, ignore_errors=True)
for case in cases:
    args = case + ["--method", "mc", "--samples", "30000", "--seed", "11",
                   "--format", "json"]
    outs = {}
    for t in (1, 2, 4):
        p = subprocess.run([veto] + args + ["--threads", str(t)],
                           capture_output=True, env=env, timeout=600)
        outs[f"veto --threads {t}"] = (p.returncode, p.stdout)
    for k in (1, 2, 4):
        p = subprocess.run([mpirun, "--oversubscribe", "-n", str(k),
                            veto_mpi] + args,
                           capture_output=True, env=env, timeout=600)
        outs[f"veto-mpi -n {k}"] = (p.returncode, p.stdout)
    ref = outs["veto --threads 1"]
    for name, got in outs.items():
        if got[0] != 0 or got[1] != ref[1] or not ref[1]:
            failed += 1
            print(f"FAIL {' '.join(case)}: {name} differs (exit {got[0]})")
        else:
            passed += 1
# Monte Carlo stopped by --timeout (issue 14): the ranks agree on a
# checkpoint and rank 0 prints the combined estimate, exit 0. A deadline of
# a microsecond has passed at the first poll, after the first block, so
# every rank count stops at the first checkpoint: output byte-identical to
# `veto`, text (its first line says so) and JSON.
for case in cases:
    for fmt in ("text", "json"):
        args = case + ["--method", "mc", "--timeout", "0.000001", "--seed",
                       "11", "--format", fmt]
        outs = {}
        p = subprocess.run([veto] + args + ["--threads", "1"],
                           capture_output=True, env=env, timeout=600)
        outs["veto"] = (p.returncode, p.stdout)
        for k in (1, 2, 4):
            p = subprocess.run([mpirun, "--oversubscribe", "-n", str(k),
                                veto_mpi] + args,
                               capture_output=True, env=env, timeout=600)
            outs[f"veto-mpi -n {k}"] = (p.returncode, p.stdout)
        ref = outs["veto"]
        marker = (b"stopped by --timeout after 1024 samples\n"
                  if fmt == "text" else b'"stopped": "timeout"')
        for name, got in outs.items():
            if (got[0] != 0 or got[1] != ref[1] or marker not in got[1]
                    or (fmt == "text" and not got[1].startswith(marker))):
                failed += 1
                print(f"FAIL --timeout {' '.join(case)} {fmt}: {name} "
                      f"differs or did not stop (exit {got[0]})")
            else:
                passed += 1
# A real deadline in the middle of sampling: where it stops depends on the
# machine, so only this is checked: two ranks stop together at a
# checkpoint (exit 0, no rank hangs), and the first line gives the samples.
tmp = tempfile.mkdtemp(prefix="veto-mpi-")
path = os.path.join(tmp, "mc-3000.txt")
w = [rng.randint(1, 1000) for _ in range(3000)]
with open(path, "w") as f:
    f.write("%d\n" % (sum(w) // 2 + 1))
    f.write("".join("%d\n" % x for x in w))
p = subprocess.run([mpirun, "--oversubscribe", "-n", "2", veto_mpi, "power",
                    path, "--method", "mc", "--samples", "1000000000",
                    "--timeout", "1", "--seed", "3", "--threads", "1"],
                   capture_output=True, env=env, timeout=600)
if p.returncode != 0 or not p.stdout.startswith(b"stopped by --timeout after "):
    failed += 1
    print(f"FAIL --timeout 1 on 2 ranks: exit {p.returncode}, "
          f"{p.stdout[:60]!r} {p.stderr[:200]!r}")
else:
    passed += 1
shutil.rmtree(tmp, ignore_errors=True)
print(f"mpi: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
