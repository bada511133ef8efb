#!/usr/bin/env python3
"""Run the hostile-input cases of tests/hostile/MANIFEST against the veto
binary: each must end within 30 s, under 4 GiB of address space, with the
expected exit code and message, and with no sanitizer report.

    tests/run_hostile.py VETO [HOSTILE_DIR] [-k SUBSTRING] [-v]

MANIFEST lines are TAB-separated: FILE, ARGS, EXIT, STDERR conditions and
(optional) STDOUT conditions (see the file's header). Every case asserts
something beyond its exit code: a case with neither condition is refused.
A run that fails (exit code not 0) prints nothing on stdout; an
interrupted one (ARGS starting with SIGINT@S: Ctrl-C after S seconds)
neither. A run with `-o NAME` leaves no other file behind (no temporary
file), and NAME itself only when it succeeds. Each condition field holds
conditions joined by ' && ', each a substring the stream must contain or,
after '!', must not; the STDOUT field may instead be EMPTY. \\xNN is a
byte and \\rep{TEXT,N} is TEXT repeated N times. Files whose name starts with '@' are generated here into
a temporary directory: they are too big (100 MB on one line) or too deep
(100,000 nested parentheses) to commit.

Under AddressSanitizer the shadow memory needs terabytes of address space,
so RLIMIT_AS cannot be used; there ASan's own hard_rss_limit_mb=4096 stands
in for it.
"""
import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import tempfile

TIME_LIMIT = 30
MEMORY_LIMIT = 4 << 30
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer",
                   "AddressSanitizer:DEADLYSIGNAL")

P2 = "players { A B }\n"
MB = 1 << 20


def _write(path, parts):
    with open(path, "wb") as f:
        for p in parts:
            f.write(p if isinstance(p, bytes) else p.encode())


def _long_comment(path):
    # 100 MB of one line, written in chunks so the runner stays small.
    with open(path, "wb") as f:
        f.write(b"# ")
        chunk = b"x" * MB
        for _ in range(100):
            f.write(chunk)
        f.write(b"\n")


def _nested(open_, close, inner, depth):
    return [open_ * depth, inner, close * depth]


GENERATORS = {
    "oneline-100mb.veto": _long_comment,
    "oneline-100mb-allowed.veto": _long_comment,
    "recursion-100000.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("(", ")", "A", 100000) + ["\n"]),
    "recursion-100000-allowed.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("(", ")", "A", 100000) + ["\n"]),
    "kof-recursion-100000.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("1 of (", ")", "A", 100000) + ["\n"]),
    "json-nested-100000.json": lambda p: _write(
        p, ['{"players": '] + _nested("[", "]", "", 100000) + ["}"]),
    "json-nested-objects-100000.json": lambda p: _write(
        p, _nested('{"a": ', "}", "1", 100000)),
    "json-rule-recursion-100000.json": lambda p: _write(
        p, ['{"players": [{"name": "A"}], "pass_when": "']
        + _nested("(", ")", "A", 100000) + ['"}']),
    "players-1000001.txt": lambda p: _write(p, ["1", " 1" * 1000001, "\n"]),
    "name-10mb.veto": lambda p: _write(
        p, ["players { ", "N" * (10 * MB), " B }\npass when B\n"]),
    "number-1e6-digits.txt": lambda p: _write(p, ["1" * 1000000, " 1 1\n"]),
    # The depth limit raised past what a recursive walk's stack can take:
    # still an answer, never a stack overflow.
    "kof-recursion-100000-allowed.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("1 of (", ")", "A", 100000) + ["\n"]),
    "alt-recursion-100000-allowed.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("(A or (B and ", "))", "A", 50000)
        + ["\n"]),
    "json-nested-100000-allowed.json": lambda p: _write(
        p, ['{"players": '] + _nested("[", "]", "", 100000) + ["}"]),
    "json-rule-recursion-100000-allowed.json": lambda p: _write(
        p, ['{"players": [{"name": "A"}], "pass_when": "']
        + _nested("1 of (", ")", "A", 100000) + ['"}']),
    # At the ceiling of --max-depth (2000) every recursive pass must still
    # have stack enough: check, the full report, explain, under ASan too.
    "kof-recursion-1990.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("1 of (", ")", "A", 1990) + ["\n"]),
    "alt-recursion-995.veto": lambda p: _write(
        p, [P2, "pass when "] + _nested("(A or (B and ", "))", "A", 995)
        + ["\n"]),
    # Many players: reading stays near-linear (no quadratic name lookup).
    "players-300000.txt": lambda p: _write(p, ["150000", " 1" * 300000, "\n"]),
    "players-200000-named.veto": lambda p: _write(
        p, ["players {\n"] + [f" P{i}\n" for i in range(200000)]
        + ["}\npass when ", " and ".join(f"P{i}" for i in range(200000)),
           "\n"]),
    "players-200000.json": lambda p: _write(
        p, ['{"players": [',
            ",".join('{"name": "P%d"}' % i for i in range(200000)),
            '], "pass_when": "count >= 50%"}']),
    "interrupt-100000.txt": lambda p: _write(p, ["50000", " 1" * 100000, "\n"]),
    "interrupt-100000-output.txt": lambda p: _write(
        p, ["50000", " 1" * 100000, "\n"]),
    "timeout-100000-output.txt": lambda p: _write(
        p, ["50000", " 1" * 100000, "\n"]),
    "players-100000-timeout.txt": lambda p: _write(
        p, ["50000", " 1" * 100000, "\n"]),
    # 300,000 anonymous players from one line: expanded, and listed by
    # check, in linear time (a quadratic listing took minutes).
    "anon-300000.veto": lambda p: _write(
        p, ["players {\n  300000 reps\n}\npass when count >= 50%\n"]),
}

# Bracket notation [q; w, ...] (issue 13): as linear as the bare form, and
# bounded by the same limits.
GENERATORS.update({
    "bracket-300000.txt": lambda p: _write(
        p, ["[150000; 1", ", 1" * 299999, "]\n"]),
    "bracket-200000-named.txt": lambda p: _write(
        p, ["[100000; "] + [f"P{i} 1, " for i in range(199999)]
        + ["Last 1]\n"]),
    "bracket-quota-1e6-digits.txt": lambda p: _write(
        p, ["[", "1" * 1000000, "; 1, 1]\n"]),
    "bracket-name-10mb.txt": lambda p: _write(
        p, ['[1; "', "x" * (10 * MB), '" 1]\n']),
    "bracket-unterminated-10mb.txt": lambda p: _write(
        p, ['[1; "', "x" * (10 * MB)]),
    "bracket-commas-1m.txt": lambda p: _write(p, ["[1;", "," * MB, "]\n"]),
})


def unescape(text):
    """\\xNN in a MANIFEST substring stands for that byte (as a code point);
    \\rep{TEXT,N} for TEXT repeated N times."""
    text = re.sub(r"\\rep\{([^,}]*),(\d+)\}",
                  lambda m: m.group(1) * int(m.group(2)), text)
    return re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)),
                  text)


def check_conditions(field, text, stream):
    """The problems of one stream against its ' && '-joined conditions."""
    problems = []
    for cond in (c for c in field.split(" && ") if c):
        negate = cond.startswith("!")
        want = unescape(cond[1:] if negate else cond)
        if negate and want in text:
            problems.append(f"{stream} has {want[:80]!r}")
        elif not negate and want not in text:
            problems.append(f"{stream} lacks {want[:80]!r}")
    return problems


def read_manifest(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) == 4:
                fields.append("")
            if len(fields) != 5:
                raise SystemExit(f"{path}:{lineno}: expected 4 or 5 "
                                 f"TAB-separated fields, found {len(fields)}")
            if not fields[3].strip() and not fields[4].strip():
                raise SystemExit(f"{path}:{lineno}: {fields[0]}: no stderr "
                                 "and no stdout condition: a case that only "
                                 "checks its exit code cannot catch a wrong "
                                 "answer")
            cases.append((lineno, *fields))
    return cases


def is_asan(veto):
    """Whether the binary is built with AddressSanitizer (whose shadow
    memory cannot live under RLIMIT_AS)."""
    with open(veto, "rb") as f:
        return b"__asan_init" in f.read()


def rlimit_works(veto):
    """Whether the binary starts under RLIMIT_AS."""
    try:
        r = subprocess.run([veto, "--version"], capture_output=True,
                           timeout=TIME_LIMIT,
                           preexec_fn=lambda: resource.setrlimit(
                               resource.RLIMIT_AS,
                               (MEMORY_LIMIT, MEMORY_LIMIT)))
        return r.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def run_interrupted(argv, after, pre, cwd, env):
    """Run argv, send SIGINT after `after` seconds, wait for the end."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=pre, cwd=cwd, env=env)
    try:
        p.wait(timeout=after)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise
    return subprocess.CompletedProcess(argv, p.returncode, out, err)


def listing(tmp):
    return {os.path.join(d, f) for d, _, fs in os.walk(tmp) for f in fs}


def run_case(veto, hostile, tmp, case, use_rlimit, env):
    lineno, fname, args, want, sub, out_cond = case
    if fname.startswith("@"):
        path = os.path.join(tmp, fname[1:])
        if not os.path.exists(path):
            gen = GENERATORS.get(fname[1:])
            if gen is None:
                return f"no generator for {fname}"
            gen(path)
    elif fname.startswith("-"):
        path = None
    else:
        path = os.path.join(hostile, fname)
        if not os.path.exists(path):
            return f"missing file {path}"
    words = shlex.split(args)
    # "SIGINT@SECONDS" first: interrupt the run (Ctrl-C) after that long.
    interrupt = None
    if words and words[0].startswith("SIGINT@"):
        interrupt = float(words.pop(0)[7:])
    argv = [veto] + [path if (a == "{}" and path) else a for a in words]
    # An output file (-o NAME, relative) must not exist after a failed or
    # interrupted run: -o writes a temporary file and renames it into place.
    outfile = None
    for i, a in enumerate(words[:-1]):
        if a in ("-o", "--output") and not os.path.isabs(words[i + 1]):
            outfile = os.path.join(tmp, words[i + 1])
            if os.path.exists(outfile):
                os.remove(outfile)
    before = listing(tmp)
    pre = None
    if use_rlimit:
        def pre():
            resource.setrlimit(resource.RLIMIT_AS,
                               (MEMORY_LIMIT, MEMORY_LIMIT))
    try:
        if interrupt is None:
            r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=TIME_LIMIT,
                               preexec_fn=pre, cwd=tmp, env=env)
        else:
            r = run_interrupted(argv, interrupt, pre, tmp, env)
    except subprocess.TimeoutExpired:
        return f"no answer within {TIME_LIMIT} s"
    err = r.stderr.decode("utf-8", "replace")
    out = r.stdout.decode("utf-8", "replace")
    problems = []
    for mark in SANITIZER_MARKS:
        if mark in err:
            problems.append(f"sanitizer report ({mark})")
            break
    if r.returncode < 0:
        problems.append(f"killed by signal {-r.returncode}")
    if want == "*":
        if r.returncode not in (0, 1, 3):
            problems.append(f"exit {r.returncode}, expected 0, 1 or 3")
    elif r.returncode != int(want):
        problems.append(f"exit {r.returncode}, expected {want}")
    problems += check_conditions(sub, err, "stderr")
    if out_cond.strip() == "EMPTY":
        if out:
            problems.append(f"stdout not empty: {out[:80]!r}")
    else:
        problems += check_conditions(out_cond, out, "stdout")
    if r.returncode != 0 and out:
        what = "an interrupted" if interrupt is not None else "a failed"
        problems.append(f"{what} run printed on stdout: {out[:80]!r}")
    if r.returncode not in (0, 130) and r.returncode > 0 and not err.strip():
        problems.append("failed without a message")
    if outfile and r.returncode != 0 and os.path.exists(outfile):
        problems.append(f"left {os.path.basename(outfile)} behind")
    for extra in sorted(listing(tmp) - before):
        if extra == outfile and r.returncode == 0:
            continue
        problems.append(f"left {os.path.relpath(extra, tmp)} behind")
        os.remove(extra)
    if outfile and r.returncode == 0 and os.path.exists(outfile):
        os.remove(outfile)
    if problems:
        tail = err.strip().splitlines()[-6:]
        return "; ".join(problems) + "\n      stderr: " + \
            "\n              ".join(t[:200] for t in tail)
    return None


def main():
    argv = sys.argv[1:]
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    only = None
    if "-k" in argv:
        i = argv.index("-k")
        only = argv[i + 1]
        del argv[i:i + 2]
    if not argv:
        raise SystemExit(__doc__)
    veto = os.path.abspath(argv[0])
    hostile = os.path.abspath(argv[1]) if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "hostile")
    cases = read_manifest(os.path.join(hostile, "MANIFEST"))
    # The memory limit is RLIMIT_AS, except under ASan (its shadow memory
    # needs terabytes of address space) where hard_rss_limit_mb stands in.
    # A plain build that cannot even print its version under the limit is
    # a failure, never a reason to run without one.
    asan = is_asan(veto)
    use_rlimit = not asan
    if use_rlimit and not rlimit_works(veto):
        print(f"hostile: FAIL: '{veto} --version' fails under RLIMIT_AS of "
              f"{MEMORY_LIMIT >> 30} GiB; refusing to run without a memory "
              "limit")
        return 1
    env = dict(os.environ)
    if not use_rlimit:
        env["ASAN_OPTIONS"] = ":".join(
            x for x in [env.get("ASAN_OPTIONS", ""),
                        "hard_rss_limit_mb=4096"] if x)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            if only and only not in case[1]:
                continue
            why = run_case(veto, hostile, tmp, case, use_rlimit, env)
            if why:
                failed += 1
                print(f"FAIL {case[1]} ({case[2]}): {why}")
            elif verbose:
                print(f"ok   {case[1]}")
    n = len([c for c in cases if not only or only in c[1]])
    print(f"hostile: {n - failed} of {n} cases pass"
          + ("" if use_rlimit else " (ASan build: RSS limit instead of RLIMIT_AS)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
