#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installed when configure did not find Check: the test suite cannot run,
# and that must fail loudly rather than pass with nothing tested.
echo "The Check unit-test framework was not found when configure ran." >&2
echo "Install it (Debian: apt-get install check) and run ./configure again." >&2
exit 99
