# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds libgi._gi against the libgi that pkg-config finds.

The metadata is in pyproject.toml; only what needs pkg-config is here: the
extension's compiler and linker flags, and the version, which is libgi's.
Set PKG_CONFIG_PATH when libgi is installed under a prefix pkg-config does
not search (e.g. PKG_CONFIG_PATH=$HOME/x/lib/pkgconfig).
"""
import shlex
import subprocess
import sys

from setuptools import Extension, setup


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "libgi"], check=True,
                             capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit("libgi: pkg-config is not installed (Debian: apt-get install pkgconf)")
    except subprocess.CalledProcessError as e:
        sys.exit("libgi: pkg-config cannot find libgi (%s); install libgi first "
                 "(./configure --prefix=P && make install) and set "
                 "PKG_CONFIG_PATH=P/lib/pkgconfig" % e.stderr.strip())
    return shlex.split(out)


cflags = pkg_config("--cflags")
libs = pkg_config("--libs")
# the library directory is recorded in the extension, so that a libgi under
# a prefix outside the loader's path is found without LD_LIBRARY_PATH
rpath = [f[2:] for f in libs if f.startswith("-L")]

setup(
    version=pkg_config("--modversion")[0],
    ext_modules=[Extension(
        "libgi._gi",
        sources=["libgi/_gi.c"],
        include_dirs=[f[2:] for f in cflags if f.startswith("-I")],
        extra_compile_args=[f for f in cflags if not f.startswith("-I")] + ["-fvisibility=hidden"],
        library_dirs=rpath,
        runtime_library_dirs=rpath,
        libraries=[f[2:] for f in libs if f.startswith("-l")],
        extra_link_args=[f for f in libs if not f.startswith(("-l", "-L"))],
    )],
)
