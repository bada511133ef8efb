#!/usr/bin/env python3
"""Every example runs as a test.

1. Each file in examples/ (.veto, .json, .txt) is checked (`veto check`)
   and analysed in full (`veto FILE --format json`), both must exit 0 and
   the JSON must parse.
2. Each ```console block of README.md and docs/*.md whose lines start with
   '$ veto' is run from the project root, and its output must equal the
   lines that follow it in the block.
"""
import json
import os
import re
import shlex
import subprocess
import sys


def run(veto, args, cwd):
    return subprocess.run([veto] + args, cwd=cwd, capture_output=True,
                          timeout=300)


def main():
    veto, root = sys.argv[1], sys.argv[2]
    passed = failed = 0

    def report(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}\n    {detail}")

    ex = os.path.join(root, "examples")
    for name in sorted(os.listdir(ex)):
        if not name.endswith((".veto", ".json", ".txt")):
            continue
        path = os.path.join("examples", name)
        p = run(veto, ["check", path], root)
        report(p.returncode == 0, f"veto check {path}",
               p.stderr.decode(errors="replace")[:2000])
        p = run(veto, [path, "--format", "json"], root)
        ok = p.returncode == 0
        detail = p.stderr.decode(errors="replace")[:2000]
        if ok:
            try:
                json.loads(p.stdout)
            except ValueError as e:
                ok, detail = False, f"output is not JSON: {e}"
        report(ok, f"veto {path} --format json", detail)

    docs = [os.path.join(root, "README.md"), os.path.join(root, "examples", "README.md")]
    ddir = os.path.join(root, "docs")
    if os.path.isdir(ddir):
        docs += [os.path.join(ddir, f) for f in sorted(os.listdir(ddir))
                 if f.endswith(".md")]
    for doc in docs:
        if not os.path.exists(doc):
            continue
        text = open(doc, encoding="utf-8").read()
        for block in re.findall(r"```console\n(.*?)```", text, re.S):
            lines = block.split("\n")
            i = 0
            while i < len(lines):
                if lines[i].startswith("$ veto"):
                    cmd = lines[i][2:]
                    j = i + 1
                    while j < len(lines) and not lines[j].startswith("$ "):
                        j += 1
                    want = "\n".join(lines[i + 1:j]).rstrip()
                    args = shlex.split(cmd)[1:]
                    p = run(veto, args, root)
                    got = p.stdout.decode(errors="replace").rstrip()
                    report(got == want and p.returncode == 0,
                           f"{os.path.basename(doc)}: {cmd}",
                           f"exit {p.returncode}\n--- expected\n{want}\n"
                           f"--- got\n{got}\n"
                           + p.stderr.decode(errors="replace")[:1000])
                    i = j
                else:
                    i += 1
    print(f"examples: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
