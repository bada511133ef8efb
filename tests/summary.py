#!/usr/bin/env python3
"""Print one closing line over the meson test logs of the given build
directories: 'check: N passed, N failed' (N counts meson tests: each unit
test program, the language cases, the examples)."""
import json
import os
import sys

passed = failed = 0
for build in sys.argv[1:]:
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        continue
    with open(log) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("result") in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif rec.get("result") != "SKIP":
                failed += 1
print(f"check: {passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
