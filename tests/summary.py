#!/usr/bin/env python3
"""Print one closing line for `make check`: 'check: N passed, N failed'.

    summary.py [--status NAME=RC]... [--fuzz RC] BUILD...

Counted, each as one pass or one failure:
  - every test that meson registered in each BUILD directory (read from
    BUILD/meson-info/intro-tests.json, so the expected number of tests is
    stated by the build itself and printed): a test with no result in
    BUILD/meson-logs/testlog.json is a failure, as is a BUILD with no log
    at all (the Makefile deletes old logs before each run, so a log that is
    present is this run's);
  - the fuzz corpus replay (--fuzz: the exit status of fuzz/run.sh --replay);
  - every --status BUILD=RC (the exit status of the make step that built
    and tested BUILD): a non-zero status is printed as a failure, and
    counted as one more when none of BUILD's tests failed (the step failed
    before or around its tests: a compile error, a failed setup).
Every build must also have registered the suites every build has
(REQUIRED_SUITES, with at least MIN_UNIT unit tests): a configuration that
drops a runner or the unit tests is a failure, not a smaller count.
Every failure is printed on its own line before the closing one.
"""
import json
import os
import sys

REQUIRED_SUITES = ("unit", "lang", "examples", "svg-html", "hostile")
MIN_UNIT = 14


def main(argv):
    statuses, builds = [], []
    fuzz = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--status", "--fuzz"):
            if i + 1 >= len(argv):
                print(f"summary.py: {a} needs a value", file=sys.stderr)
                return 2
            v = argv[i + 1]
            if a == "--fuzz":
                fuzz = v
            else:
                if "=" not in v:
                    print(f"summary.py: --status {v}: expected NAME=RC",
                          file=sys.stderr)
                    return 2
                statuses.append(tuple(v.split("=", 1)))
            i += 2
        else:
            builds.append(a)
            i += 1
    if not builds:
        print("summary.py: no build directory given", file=sys.stderr)
        return 2

    passed = failed = 0
    failures = []
    failed_in = {}
    for build in builds:
        before = failed
        intro = os.path.join(build, "meson-info", "intro-tests.json")
        log = os.path.join(build, "meson-logs", "testlog.json")
        expected = []
        if os.path.exists(intro):
            with open(intro) as f:
                tests = json.load(f)
            expected = [t["name"] for t in tests]
            suites = [x.split(":")[-1] for t in tests for x in t["suite"]]
            for want in REQUIRED_SUITES:
                if want not in suites:
                    failed += 1
                    failures.append(f"{build}: no '{want}' suite registered")
            if suites.count("unit") < MIN_UNIT:
                failed += 1
                failures.append(f"{build}: {suites.count('unit')} unit tests "
                                f"registered, expected at least {MIN_UNIT}")
        else:
            failures.append(f"{build}: not configured (no {intro})")
            failed += 1
        results = {}
        if os.path.exists(log):
            with open(log) as f:
                for line in f:
                    line = line.strip()
                    if line:
                        rec = json.loads(line)
                        # the log names a test "project:suite / name"
                        name = str(rec.get("name")).rsplit(" / ", 1)[-1]
                        results[name] = rec.get("result")
        else:
            failures.append(f"{build}: no test log ({log}): the tests did not run")
        print(f"{build}: {len(expected)} tests expected, {len(results)} ran")
        for name in expected:
            res = results.get(name)
            if res in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
                failures.append(f"{build}: {name}: "
                                f"{res if res is not None else 'did not run'}")
        for name, res in results.items():
            if name not in expected:
                # a test not registered at configure time: count it as well
                if res in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                else:
                    failed += 1
                    failures.append(f"{build}: {name}: {res}")
        failed_in[build] = failed - before
    if fuzz is not None:
        if fuzz == "0":
            passed += 1
        else:
            failed += 1
            failures.append(f"fuzz corpus replay: exit status {fuzz}")
    for name, rc in statuses:
        if rc != "0":
            if failed_in.get(name, 0) == 0:
                failed += 1
            failures.append(f"{name}: make step exit status {rc}")
    for f in failures:
        print(f"FAILED {f}")
    print(f"check: {passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
