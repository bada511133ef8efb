#!/usr/bin/env python3
"""Every rule veto prints is valid input (issue 13, item 5).

    tests/run_roundtrip.py VETO SOURCE_ROOT [-v]

For every model in examples/ and tests/data/:

1. `veto check FILE --format veto` writes the model as a .veto file; reading
   that back gives the same `veto FILE --format json --exact` output (the
   file name aside) and the same `veto check` text.
2. The bracket notation `veto check` prints as the weighted form
   (`weighted form: [39; China 7, ...]`) reads back, as a bare game, to the
   same weighted game.
3. For each veto player (at most two per model), every rule that
   `veto design --remove-veto P` proposes, pasted as the `pass when` line of
   the written model, reads back to the same rule, and the model it makes
   has exactly the veto players design said it would.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

TIME_LIMIT = 120


def run(veto, args, cwd):
    p = subprocess.run([veto] + args, cwd=cwd, capture_output=True,
                       timeout=TIME_LIMIT)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def strip_file(doc):
    """The JSON without its "file" keys (the written copy has another name)."""
    if isinstance(doc, dict):
        return {k: strip_file(v) for k, v in doc.items() if k != "file"}
    if isinstance(doc, list):
        return [strip_file(v) for v in doc]
    return doc


def one_model(doc):
    """The model object of a report: the document, or its only model."""
    if isinstance(doc, dict) and "models" in doc and len(doc["models"]) == 1:
        return doc["models"][0]
    if isinstance(doc, list) and len(doc) == 1:
        return doc[0]
    return doc


def find_key(doc, key):
    if isinstance(doc, dict):
        if key in doc:
            return doc[key]
        for v in doc.values():
            got = find_key(v, key)
            if got is not None:
                return got
    elif isinstance(doc, list):
        for v in doc:
            got = find_key(v, key)
            if got is not None:
                return got
    return None


def report(veto, path, cwd):
    rc, out, err = run(veto, [path, "--format", "json", "--exact"], cwd)
    if rc != 0:
        return None, f"veto {path} --format json --exact: exit {rc}: {err}"
    return json.loads(out), None


def check_model(veto, src, tmp, verbose):
    problems = []
    name = os.path.basename(src)
    written = os.path.join(tmp, name + ".written.veto")
    rc, text, err = run(veto, ["check", src, "--format", "veto"], tmp)
    if rc != 0:
        return [f"{name}: check --format veto: exit {rc}: {err}"]
    with open(written, "w", encoding="utf-8") as f:
        f.write(text)

    # 1. Same report, same check text.
    a, e1 = report(veto, src, tmp)
    b, e2 = report(veto, written, tmp)
    if e1 or e2:
        return [f"{name}: {e1 or e2}"]
    if strip_file(a) != strip_file(b):
        problems.append(f"{name}: the written model reports differently")
    rc1, c1, _ = run(veto, ["check", src], tmp)
    rc2, c2, err = run(veto, ["check", written], tmp)
    if rc2 != 0 or c1 != c2:
        problems.append(f"{name}: veto check differs on the written model "
                        f"(exit {rc2}) {err}")

    # 2. The weighted form, as a bare game.
    m = re.search(r"^weighted form: (\[.*\])$", c1, re.M)
    if m:
        bare = os.path.join(tmp, name + ".bracket.txt")
        with open(bare, "w", encoding="utf-8") as f:
            f.write(m.group(1) + "\n")
        rc, c3, err = run(veto, ["check", bare], tmp)
        m3 = re.search(r"^weighted form: (\[.*\])$", c3, re.M)
        if rc != 0 or m3 is None or m3.group(1) != m.group(1):
            problems.append(f"{name}: the weighted form does not read back "
                            f"as a bare game (exit {rc}) {err}")

    # 3. Design's proposals, pasted back.
    vetoes = find_key(one_model(a), "veto_players") or []
    if "votes" in one_model(a):
        # three-valued models (issue 10): design is phase 2
        vetoes = []
    for player in vetoes[:2]:
        rc, out, err = run(veto, ["design", src, "--remove-veto", player,
                                  "--format", "json", "--top", "3"], tmp)
        if rc != 0:
            problems.append(f"{name}: design --remove-veto {player}: exit "
                            f"{rc}: {err}")
            continue
        d = json.loads(out)
        cands = find_key(d, "candidates") or []
        for k, cand in enumerate(cands):
            rule = cand.get("rule") or cand.get("rule_text")
            want = sorted(cand.get("veto_players") or [])
            pasted = re.sub(r"^pass when .*$", lambda _: "pass when " + rule,
                            text, count=1, flags=re.M)
            path = os.path.join(tmp, f"{name}.design{k}.veto")
            with open(path, "w", encoding="utf-8") as f:
                f.write(pasted)
            got, e = report(veto, path, tmp)
            if e:
                problems.append(f"{name}: design's rule '{rule}' does not "
                                f"read back: {e}")
                continue
            rc, c4, err = run(veto, ["check", path], tmp)
            m4 = re.search(r"^rule: (.*)$", c4, re.M)
            if m4 is None or m4.group(1) != rule:
                problems.append(f"{name}: design's rule '{rule}' reads back "
                                f"as '{m4 and m4.group(1)}'")
            have = sorted(find_key(one_model(got), "veto_players") or [])
            if have != want:
                problems.append(f"{name}: design's rule '{rule}' gives veto "
                                f"players {have}, design said {want}")
            elif verbose:
                print(f"  {name}: '{rule}': veto players {have}")
    return problems


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    veto, root = os.path.abspath(args[0]), args[1]
    files = []
    for sub in ("examples", os.path.join("tests", "data")):
        d = os.path.join(root, sub)
        for f in sorted(os.listdir(d)):
            if f.endswith((".veto", ".json", ".txt")):
                files.append(os.path.join(d, f))
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in files:
            failed += check_model(veto, os.path.abspath(src), tmp, verbose)
    for p in failed:
        print("FAIL " + p)
    print(f"roundtrip: {len(files)} models, {len(failed)} problems")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
