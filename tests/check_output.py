#!/usr/bin/env python3
"""Where `veto -o PATH` writes (issue 13, item 1).

    check_output.py VETO

A regular file is replaced through a temporary in the real target's
directory: a symlink stays a symlink and its target gets the report; an
existing file keeps its mode; a new file gets 0666 & ~umask. Anything that
is not a regular file is written directly and never replaced: a FIFO stays
a FIFO, /dev/fd/N and /proc/self/fd/N write to the descriptor. Everything
happens in a temporary directory; no real device is touched.
"""
import os
import stat
import subprocess
import sys
import tempfile
import threading

MODEL = "players { A B C }\npass when 2 of (A, B, C)\n"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")
    else:
        print(f"ok: {what}")


def run(veto, args, umask=None, **kw):
    def pre():
        if umask is not None:
            os.umask(umask)
    return subprocess.run([veto] + args, capture_output=True, timeout=60,
                          preexec_fn=pre, **kw)


def expected(veto, model):
    p = run(veto, ["power", model])
    assert p.returncode == 0, p.stderr
    return p.stdout


def leftovers(d):
    return [f for f in os.listdir(d) if ".tmp" in f]


def main():
    veto = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        model = os.path.join(d, "m.veto")
        with open(model, "w") as f:
            f.write(MODEL)
        want = expected(veto, model)

        # A symlink into another directory: followed, not replaced.
        real_dir = os.path.join(d, "real")
        link_dir = os.path.join(d, "links")
        os.mkdir(real_dir)
        os.mkdir(link_dir)
        target = os.path.join(real_dir, "report.txt")
        with open(target, "w") as f:
            f.write("old\n")
        os.chmod(target, 0o644)
        link = os.path.join(link_dir, "report.txt")
        os.symlink(target, link)
        p = run(veto, ["power", model, "-o", link])
        check(p.returncode == 0, f"symlink: exit 0 ({p.stderr!r})")
        check(os.path.islink(link), "symlink: still a symlink")
        check(os.path.islink(link) and os.readlink(link) == target,
              "symlink: still points at target")
        with open(target, "rb") as f:
            check(f.read() == want, "symlink: the target holds the report")
        check(stat.S_IMODE(os.stat(target).st_mode) == 0o644,
              "symlink: the target keeps mode 0644")
        check(leftovers(real_dir) == [] and leftovers(link_dir) == [],
              "symlink: no temporary left behind")

        # An existing 0644 file keeps its mode whatever the umask.
        kept = os.path.join(d, "kept.txt")
        with open(kept, "w") as f:
            f.write("old\n")
        os.chmod(kept, 0o644)
        p = run(veto, ["power", model, "-o", kept], umask=0o077)
        check(p.returncode == 0, "0644 file: exit 0")
        check(stat.S_IMODE(os.stat(kept).st_mode) == 0o644,
              "0644 file: mode 0644 kept under umask 077 (was "
              f"{oct(stat.S_IMODE(os.stat(kept).st_mode))})")
        with open(kept, "rb") as f:
            check(f.read() == want, "0644 file: holds the report")

        # New files: 0666 & ~umask.
        for mask, mode in ((0o022, 0o644), (0o027, 0o640), (0o002, 0o664)):
            new = os.path.join(d, f"new{mask:o}.txt")
            p = run(veto, ["power", model, "-o", new], umask=mask)
            got = stat.S_IMODE(os.stat(new).st_mode) if os.path.exists(new) \
                else None
            check(p.returncode == 0 and got == mode,
                  f"new file under umask {mask:03o}: mode {mode:o} "
                  f"(got {got and oct(got)})")
        check(leftovers(d) == [], "new files: no temporary left behind")

        # A FIFO: written into, still a FIFO afterwards.
        fifo = os.path.join(d, "pipe")
        os.mkfifo(fifo)
        got = []

        def reader():
            with open(fifo, "rb") as f:
                got.append(f.read())
        t = threading.Thread(target=reader, daemon=True)
        t.start()
        p = run(veto, ["power", model, "-o", fifo])
        t.join(30)
        check(p.returncode == 0, f"fifo: exit 0 ({p.stderr!r})")
        check(got == [want], "fifo: the reader got the report")
        check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "fifo: still a FIFO")
        check(leftovers(d) == [], "fifo: no temporary left behind")

        # Descriptors named as files: written to the descriptor given.
        for prefix in ("/dev/fd/", "/proc/self/fd/"):
            r, w = os.pipe()
            name = f"{prefix}{w}"
            p = subprocess.Popen([veto, "power", model, "-o", name],
                                 pass_fds=(w,), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            os.close(w)
            with os.fdopen(r, "rb") as f:
                data = f.read()
            out, err = p.communicate(timeout=60)
            check(p.returncode == 0 and data == want and out == b"",
                  f"{name}: the report goes to that descriptor ({err!r})")

        # Not tested here: -o /dev/stdout and /dev/stderr (the same path as
        # /dev/fd/1 and /dev/fd/2), because a broken build run as root would
        # replace the machine's /dev/stdout link.

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
