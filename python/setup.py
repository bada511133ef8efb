"""Build the veto package: a cffi extension in API mode over libveto.

The extension is compiled against include/veto.h of this checkout and links
the libveto.so of a meson build directory, found at run time through an
rpath. The build directory is $VETO_BUILD_DIR, or ../build next to this
file. Install offline into a virtual environment:

    /usr/bin/python3 -m venv --system-site-packages venv
    venv/bin/pip install --no-build-isolation --no-index ./python
"""
import os

from setuptools import setup

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
build = os.path.abspath(os.environ.get("VETO_BUILD_DIR",
                                       os.path.join(root, "build")))
if not os.path.exists(os.path.join(build, "libveto.so")):
    raise SystemExit("setup.py: no libveto.so in %s: build veto first "
                     "(meson setup build && ninja -C build) or set "
                     "VETO_BUILD_DIR" % build)
os.environ["VETO_INCLUDE_DIR"] = os.path.join(root, "include")
os.environ["VETO_LIB_DIR"] = build

setup(
    name="veto",
    version="0.1.0",
    description="Power indices, veto players and the probability of acting "
                "of collective decision rules (over libveto)",
    license="MIT",
    packages=["veto"],
    python_requires=">=3.9",
    setup_requires=["cffi>=1.0"],
    install_requires=["cffi>=1.0"],
    cffi_modules=["veto/_build.py:ffibuilder"],
    zip_safe=False,
)
