#!/usr/bin/python3
"""Make BUILD/pyvenv, a virtual environment of Debian's Python that sees
the system packages (cffi, pytest, numpy), and install the veto package
into it offline from SOURCE/python, linked to BUILD/libveto.so:

    build_venv.py BUILD SOURCE STAMP
"""
import os
import shutil
import subprocess
import sys


def main():
    build, source, stamp = (os.path.abspath(a) for a in sys.argv[1:4])
    venv = os.path.join(build, "pyvenv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run(["/usr/bin/python3", "-m", "venv",
                        "--system-site-packages", "--without-pip", venv],
                       check=True)
    env = dict(os.environ, VETO_BUILD_DIR=build, PIP_NO_INPUT="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    # pip builds in the source tree; start from a clean one
    shutil.rmtree(os.path.join(source, "python", "build"), ignore_errors=True)
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "--force-reinstall",
                    os.path.join(source, "python")], check=True, env=env)
    with open(stamp, "w") as f:
        f.write("ok\n")


if __name__ == "__main__":
    main()
