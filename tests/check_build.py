#!/usr/bin/env python3
"""What the build and the documentation promise a user (issue 13, item 12).

    check_build.py SOURCE_ROOT BUILD_ROOT

1. A program built against the uninstalled library with nothing but
   build/meson-uninstalled/veto-uninstalled.pc compiles, links and runs
   (the .pc must give -I<source>/include).
2. An install puts the language reference and the man page beside the
   command (meson introspect --installed).
3. Every file the README and docs/*.md name under examples/ exists (the
   mpirun example once named token-holders.txt, which never did).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(cond, what, detail=""):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)
        if detail:
            print("    " + detail.replace("\n", "\n    "))


PROGRAM = r"""
#include <veto.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    const char *text = "players { A B }\npass when A\n";
    veto_model_t *m = NULL;
    veto_error_t err;
    size_t i = 9;
    veto_error_clear(&err);
    if (veto_model_read(&m, "t", text, strlen(text), VETO_FORMAT_AUTO, NULL,
                        &err) != VETO_OK ||
        veto_model_player_index(&i, m, "B", &err) != VETO_OK) {
        return 1;
    }
    printf("%zu %s\n", i, veto_strerror(VETO_EMISUSE));
    veto_model_free(m);
    return 0;
}
"""


def uninstalled_pc(build):
    pcdir = os.path.join(build, "meson-uninstalled")
    env = dict(os.environ, PKG_CONFIG_PATH=pcdir)
    if shutil.which("pkg-config") is None or shutil.which("cc") is None:
        check(False, "pkg-config and cc are needed for the .pc check")
        return
    p = subprocess.run(["pkg-config", "--cflags", "--libs",
                        "veto-uninstalled"], env=env, capture_output=True,
                       text=True)
    check(p.returncode == 0, "pkg-config finds veto-uninstalled", p.stderr)
    if p.returncode != 0:
        return
    flags = p.stdout.split()
    # A sanitizer build's library needs its runtime in the program too.
    o = subprocess.run(["meson", "introspect", "--buildoptions", build],
                       capture_output=True, text=True)
    if o.returncode == 0:
        for opt in json.loads(o.stdout):
            if opt["name"] == "b_sanitize" and opt["value"] not in ("none", "",
                                                                    []):
                v = opt["value"]
                flags.append("-fsanitize=" + (",".join(v) if isinstance(v, list)
                                              else v))
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.c")
        exe = os.path.join(d, "t")
        with open(src, "w") as f:
            f.write(PROGRAM)
        c = subprocess.run(["cc", "-std=c11", src, "-o", exe] + flags,
                           capture_output=True, text=True)
        check(c.returncode == 0,
              "a program compiles against veto-uninstalled.pc alone",
              c.stderr[-2000:])
        if c.returncode != 0:
            return
        libdirs = [f[2:] for f in flags if f.startswith("-L")]
        env = dict(os.environ, LD_LIBRARY_PATH=":".join(libdirs))
        r = subprocess.run([exe], env=env, capture_output=True, text=True)
        check(r.returncode == 0 and r.stdout == "1 invalid request\n",
              "and runs", r.stdout + r.stderr)


def installed(build):
    meson = shutil.which("meson")
    if meson is None:
        check(False, "meson is needed for the install check")
        return
    p = subprocess.run([meson, "introspect", "--installed", build],
                       capture_output=True, text=True)
    check(p.returncode == 0, "meson introspect --installed", p.stderr)
    if p.returncode != 0:
        return
    dests = list(json.loads(p.stdout).values())
    check(any(x.endswith("/share/doc/veto/language.md") for x in dests),
          "an install includes share/doc/veto/language.md", "\n".join(dests))
    check(any(x.endswith("/include/veto.h") for x in dests),
          "an install includes veto.h")


def named_examples(root):
    for doc in ["README.md"] + sorted(
            os.path.join("docs", f) for f in os.listdir(
                os.path.join(root, "docs")) if f.endswith(".md")):
        text = open(os.path.join(root, doc), encoding="utf-8").read()
        names = set(re.findall(r"examples/[A-Za-z0-9_.\-]+\.(?:veto|json|txt)",
                               text))
        missing = [n for n in sorted(names)
                   if not os.path.exists(os.path.join(root, n))]
        check(not missing, f"{doc}: every examples/ file it names exists",
              ", ".join(missing))
        for line in text.split("\n"):
            if "mpirun" in line and " power " in line:
                model = line.split(" power ", 1)[1].split()[0]
                if model.isupper():
                    continue  # a placeholder (FILE) in a synopsis
                check(os.path.exists(os.path.join(root, model)),
                      f"{doc}: the mpirun example's model {model} exists")


def main():
    root, build = sys.argv[1], sys.argv[2]
    uninstalled_pc(build)
    installed(build)
    named_examples(root)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
