#!/usr/bin/env python3
"""Monte Carlo benchmark (issue 6): a token vote with 1,000,000 holders,
Zipf-distributed weights (weight of the holder of rank k proportional to
k^-1.1, a fixed random order, seed 20261129) and a 50% quota.

Prints the samples per second per core (Banzhaf, every holder's swing
tested on each sample), the half-width reached in a 60-second budget on the
ten largest holders' absolute Banzhaf values, and the EU Council and the
Electoral College estimated against their exact values.

    python3 bench/mc.py BUILD/veto [--seconds 60] [--holders 1000000]
"""
import json
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def arg(name, default):
    if name in sys.argv:
        return type(default)(sys.argv[sys.argv.index(name) + 1])
    return default


def power(veto, path, extra):
    t0 = time.perf_counter()
    p = subprocess.run([veto, "power", path, "--format", "json"] + extra,
                       capture_output=True, check=True)
    return time.perf_counter() - t0, json.loads(p.stdout)


def main():
    veto = sys.argv[1]
    seconds = arg("--seconds", 60.0)
    holders = arg("--holders", 1000000)
    out = os.path.join(os.path.dirname(os.path.abspath(veto)), "bench")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"zipf-{holders}.txt")
    if not os.path.exists(path):
        rng = random.Random(20261129)
        w = [max(1, int(1e9 / (k ** 1.1))) for k in range(1, holders + 1)]
        rng.shuffle(w)
        with open(path, "w") as f:
            f.write("50%\n")
            f.write("\n".join(map(str, w)))
            f.write("\n")
    # Reading alone, to separate it from sampling.
    t_read, _ = power(veto, path, ["--method", "mc", "--index", "abz",
                                   "--samples", "1", "--threads", "1"])
    rates = {}
    for threads in (1, 2):
        n = 2000
        t, _ = power(veto, path, ["--method", "mc", "--index", "abz",
                                  "--samples", str(n), "--seed", "1",
                                  "--threads", str(threads)])
        rates[threads] = n / max(t - t_read, 1e-9)
    print(f"token vote, {holders} holders, Zipf 1.1, quota 50%")
    print(f"  reading and set-up: {t_read:.1f} s")
    for threads, r in rates.items():
        print(f"  {threads} thread(s): {r:,.0f} samples/s ({r / threads:,.0f} per core)")
    n60 = int(rates[2] * seconds)
    t, res = power(veto, path, ["--method", "mc", "--index", "abz",
                                "--samples", str(n60), "--seed", "2"])
    abz = res["indices"]["banzhaf_absolute"]
    hw = res["halfwidths"]["banzhaf_absolute"]
    top = sorted(range(len(abz)), key=lambda i: -abz[i])[:10]
    print(f"  {n60:,} samples in {t:.0f} s: widest half-width among the ten "
          f"largest holders {max(hw[i] for i in top):.2e} "
          f"(values {min(abz[i] for i in top):.4f} to {max(abz[i] for i in top):.4f}),"
          f" simultaneous {100 * res['confidence']:.1f}%")
    for name in ("eu-council-lisbon.veto", "us-electoral-college-2020.veto"):
        p = os.path.join(ROOT, "examples", name)
        te, ex = power(veto, p, ["--index", "abz,ssi"])
        tm, mc = power(veto, p, ["--method", "mc", "--index", "abz,ssi",
                                 "--samples", "1000000", "--seed", "3"])
        worst, cover = 0.0, True
        for key in ("banzhaf_absolute", "shapley_shubik"):
            for a, b, h in zip(mc["indices"][key], ex["indices"][key],
                               mc["halfwidths"][key]):
                worst = max(worst, abs(a - b))
                cover = cover and abs(a - b) <= h
        print(f"  {name}: exact ({ex['method']}) {te:.2f} s; mc 10^6 samples "
              f"{tm:.2f} s, largest error {worst:.1e}, "
              f"{'all' if cover else 'NOT all'} exact values inside the intervals")


if __name__ == "__main__":
    main()
