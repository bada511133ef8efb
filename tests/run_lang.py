#!/usr/bin/env python3
"""Run the language and CLI cases in tests/lang/*.test (jq-style: model,
arguments, expected output).

    === name              starts a case
    $ ARGS                the command line; 'veto' is the binary under test
    >>> FILE              the following lines are FILE's content ('-': stdin)
    <<< exit N            expected exit code
    <<< stdout            the following lines are the exact stdout
    <<< stderr            the following lines are the exact stderr
    <<< stdout contains   each following non-empty line must occur in stdout
    <<< stderr contains   likewise for stderr
    <<< stdout starts     the following lines are the first lines of stdout

Trailing blank lines of a block are dropped; outputs are compared with
trailing whitespace at the very end removed. Each case runs in a fresh
temporary directory with a 60 s time limit.
"""
import os
import shlex
import subprocess
import sys
import tempfile


def parse(path):
    cases, cur, block = [], None, None
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw[:-1] if raw.endswith("\r") and False else raw
        if line.startswith("=== "):
            cur = {"name": line[4:].strip(), "line": lineno, "args": None,
                   "files": {}, "exit": None, "expect": []}
            cases.append(cur)
            block = None
            continue
        if cur is None:
            continue
        if line.startswith("$ "):
            cur["args"] = line[2:]
            block = None
        elif line.startswith(">>> "):
            block = ("file", line[4:].strip())
            cur["files"][block[1]] = []
        elif line.startswith("<<< exit "):
            cur["exit"] = int(line[9:].strip())
            block = None
        elif line.startswith("<<< "):
            what = line[4:].strip()
            if what not in ("stdout", "stderr", "stdout contains",
                            "stderr contains", "stdout starts"):
                raise SystemExit(f"{path}:{lineno}: unknown block '{what}'")
            block = ("expect", what)
            cur["expect"].append((what, []))
        elif block is not None:
            if block[0] == "file":
                cur["files"][block[1]].append(line)
            else:
                cur["expect"][-1][1].append(line)
    return cases


def strip_block(lines):
    while lines and lines[-1] == "":
        lines = lines[:-1]
    return lines


def run_case(veto, case):
    with tempfile.TemporaryDirectory() as d:
        stdin = None
        for name, content in case["files"].items():
            text = "\n".join(strip_block(content)) + "\n"
            if name == "-":
                stdin = text.encode()
            else:
                with open(os.path.join(d, name), "w", encoding="utf-8",
                          newline="") as f:
                    f.write(text)
        args = shlex.split(case["args"] or "")
        if args and args[0] == "veto":
            args = args[1:]
        try:
            p = subprocess.run([veto] + args, cwd=d, input=stdin,
                               capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return ["timed out after 60 s"]
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        problems = []
        if case["exit"] is not None and p.returncode != case["exit"]:
            problems.append(f"exit {p.returncode}, expected {case['exit']}")
        for what, lines in case["expect"]:
            got = out if what.startswith("stdout") else err
            lines = strip_block(lines)
            if what.endswith("starts"):
                head = got.split("\n")[:len(lines)]
                if head != lines:
                    problems.append(f"{what} differs:\n--- expected\n"
                                    + "\n".join(lines) + "\n--- got\n"
                                    + "\n".join(head))
            elif what.endswith("contains"):
                for l in lines:
                    if l and l not in got:
                        problems.append(f"{what.split()[0]} lacks: {l!r}")
            else:
                want = "\n".join(lines).rstrip()
                if got.rstrip() != want:
                    problems.append(f"{what} differs:\n--- expected\n{want}\n"
                                    f"--- got\n{got.rstrip()}")
        if problems and "stderr" not in " ".join(w for w, _ in case["expect"]):
            problems.append(f"(stderr was: {err.strip()[:2000]})")
        return problems


def main():
    veto, folder = sys.argv[1], sys.argv[2]
    passed = failed = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".test"):
            continue
        path = os.path.join(folder, name)
        for case in parse(path):
            problems = run_case(veto, case)
            if problems:
                failed += 1
                print(f"FAIL {name}:{case['line']}: {case['name']}")
                for pr in problems:
                    print("    " + pr.replace("\n", "\n    "))
            else:
                passed += 1
    print(f"lang: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
