#!/usr/bin/env python3
"""Write the benchmark instances as bare weighted files (quota, then weights)
from a fixed seed, so that any other tool can run on the very same files.

Random games: integer weights uniform in 1..1000, quota floor(total/2)+1;
typed-2000: 2,000 weights uniform in 1..9, quota floor(total/2)+1.
Also the US Electoral College (1990 apportionment, 538 votes, quota 270)
and the EU Council under the Treaty of Nice (votes; 255 of 345).

    gen.py [--long] OUTDIR

--long also writes random-20000 (the same generator, continued after
random-5000, so the other files stay as they are; 20,000 weights, about
0.2 MB, and a Banzhaf run of minutes: run.py --long takes it when present).
"""
import os
import random
import sys

SIZES = [100, 200, 300, 500, 1000, 2000, 5000]
LONG_SIZES = [20000]
SEED = 20251118

US_1990 = [9, 3, 8, 6, 54, 8, 8, 3, 3, 25, 13, 4, 4, 22, 12, 7, 6, 8, 9, 4,
           10, 12, 18, 10, 7, 11, 3, 5, 4, 4, 15, 5, 33, 14, 3, 21, 8, 7,
           23, 4, 8, 3, 11, 32, 5, 3, 13, 11, 5, 11, 3]
# EU-27 Council votes under Nice (Germany, France, Italy, UK 29; Spain,
# Poland 27; Romania 14; Netherlands 13; Belgium, Czechia, Greece, Hungary,
# Portugal 12; Austria, Bulgaria, Sweden 10; Denmark, Ireland, Lithuania,
# Slovakia, Finland 7; Cyprus, Estonia, Latvia, Luxembourg, Slovenia 4;
# Malta 3): 345 votes, quota 255 (the vote threshold alone).
EU_NICE = [29, 29, 29, 29, 27, 27, 14, 13, 12, 12, 12, 12, 12, 10, 10, 10,
           7, 7, 7, 7, 7, 4, 4, 4, 4, 4, 3]


def write(path, quota, weights, note):
    # One number a line and no comment: the bare weighted format, and also
    # what EPIC reads with `-q 0` (quota on the first line). The notes are
    # in README.md.
    del note
    with open(path, "w") as f:
        f.write("%d\n" % quota)
        for w in weights:
            f.write("%d\n" % w)


def main():
    args = sys.argv[1:]
    long_ = "--long" in args
    args = [x for x in args if x != "--long"]
    out = args[0] if args else "bench/instances"
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    for n in SIZES + (LONG_SIZES if long_ else []):
        w = [rng.randint(1, 1000) for _ in range(n)]
        write(os.path.join(out, "random-%d.txt" % n), sum(w) // 2 + 1, w,
              "random n=%d, weights uniform 1..1000, seed %d" % (n, SEED))
    # players in lots: 2,000 weights uniform in 1..9 (9 types), quota half
    # the total (issue 14); a stream of its own so the others stay as they
    # were
    trng = random.Random(SEED + 14)
    w = [trng.randint(1, 9) for _ in range(2000)]
    write(os.path.join(out, "typed-2000.txt"), sum(w) // 2 + 1, w,
          "2000 players, weights uniform 1..9")
    assert sum(US_1990) == 538 and len(US_1990) == 51
    write(os.path.join(out, "us-electoral-1990.txt"), 270, US_1990,
          "US Electoral College, 1990 apportionment")
    assert sum(EU_NICE) == 345 and len(EU_NICE) == 27
    write(os.path.join(out, "eu-nice.txt"), 255, EU_NICE,
          "EU Council, Treaty of Nice votes (EU-27)")


if __name__ == "__main__":
    main()
