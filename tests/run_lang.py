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

Every case needs a '$' command, a '<<< exit N' and at least one stdout or
stderr block: a case that asserts only its exit code, a malformed
directive, or stray text outside a block makes the whole file fail.
'#' lines outside blocks are comments.

Trailing blank lines of a block are dropped; outputs are compared with
trailing whitespace at the very end removed. Each case runs in a fresh
temporary directory with a 60 s time limit.
"""
import os
import shlex
import subprocess
import sys
import tempfile


class Malformed(Exception):
    pass


DIRECTIVES = ("stdout", "stderr", "stdout contains", "stderr contains")


def parse(path):
    """The cases of one file. A malformed directive, a line outside any
    block that is neither blank nor a '#' comment, or a case that asserts
    nothing raises Malformed with file:line: a case that cannot fail is a
    defect of the test file, not a pass."""
    cases, cur, block = [], None, None
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")

    def bad(lineno, msg):
        raise Malformed(f"{path}:{lineno}: {msg}")

    for lineno, line in enumerate(lines, 1):
        in_file = block is not None and block[0] == "file"
        if line.startswith("=== ") or line == "===":
            name = line[4:].strip()
            if not name:
                bad(lineno, "'===' needs a case name")
            cur = {"name": name, "line": lineno, "args": None,
                   "files": {}, "exit": None, "expect": []}
            cases.append(cur)
            block = None
            continue
        if cur is None:
            if line.strip() and not line.startswith("#"):
                bad(lineno, f"text before the first case: {line!r}")
            continue
        if line.startswith("$ "):
            if cur["args"] is not None:
                bad(lineno, "a second '$' command in one case")
            if not line[2:].strip():
                bad(lineno, "'$' needs a command")
            cur["args"] = line[2:]
            block = None
        elif line.startswith(">>> ") or line == ">>>":
            fname = line[4:].strip()
            if not fname:
                bad(lineno, "'>>>' needs a file name ('-' for stdin)")
            if fname in cur["files"]:
                bad(lineno, f"file '{fname}' given twice")
            block = ("file", fname)
            cur["files"][fname] = []
        elif line.startswith("<<< exit") :
            v = line[8:].strip()
            if not v.lstrip("-").isdigit() or not line[8:9].isspace():
                bad(lineno, f"'<<< exit' needs an integer, got {v!r}")
            if cur["exit"] is not None:
                bad(lineno, "a second '<<< exit' in one case")
            cur["exit"] = int(v)
            block = None
        elif line.startswith("<<< ") or line == "<<<":
            what = line[4:].strip()
            if what not in DIRECTIVES:
                bad(lineno, f"unknown block '<<< {what}' (expected exit N, "
                    + ", ".join(DIRECTIVES) + ")")
            block = ("expect", what, lineno)
            cur["expect"].append((what, []))
        elif not in_file and (line.startswith(("<<", ">>")) or (
                block is None and line.startswith(("==", "$")))):
            # a directive with a typo would otherwise be read as output
            bad(lineno, f"malformed directive: {line!r}")
        elif block is not None:
            if block[0] == "file":
                cur["files"][block[1]].append(line)
            else:
                cur["expect"][-1][1].append(line)
        elif line.strip() and not line.startswith("#"):
            bad(lineno, f"text outside any block: {line!r}")
    for c in cases:
        where = f"{path}:{c['line']}: case '{c['name']}'"
        if c["args"] is None:
            raise Malformed(f"{where}: no '$' command")
        if c["exit"] is None:
            raise Malformed(f"{where}: no '<<< exit N'")
        if not c["expect"]:
            raise Malformed(f"{where}: asserts only the exit code: add a "
                            "'<<< stdout' or '<<< stderr' block")
        for what, body in c["expect"]:
            if what.endswith("contains") and not any(strip_block(body)):
                raise Malformed(f"{where}: an empty '<<< {what}' asserts "
                                "nothing")
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
                os.makedirs(os.path.dirname(os.path.join(d, name)),
                            exist_ok=True)
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
            if what.endswith("contains"):
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
    files = [n for n in sorted(os.listdir(folder)) if n.endswith(".test")]
    if not files:
        print(f"lang: no .test files in {folder}")
        return 1
    for name in files:
        path = os.path.join(folder, name)
        try:
            cases = parse(path)
        except Malformed as e:
            print(f"FAIL {e}")
            failed += 1
            continue
        for case in cases:
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
