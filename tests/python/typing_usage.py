# SPDX-License-Identifier: GPL-3.0-or-later
"""Type-checked, never run: mypy --strict reads this against the stub
(tests/python-stubs.sh), for what stubtest does not compare - the types a
caller may pass and gets back."""
import pathlib

import libgi

spec = libgi.Spec.load(pathlib.Path("specs") / "lai-chau-tea.xml")
try:
    libgi.Report.open(pathlib.Path("missing.xml"))
except OSError as e:                    # FileError is an OSError
    assert isinstance(e, libgi.FileError)
    print(e.file, e.line, e.message, e.strerror)
run = spec.verify(libgi.Report.open("examples/lai-chau-2026.xml"), rule="non-binary", pictures=True)
for s in run:
    for c in s.criteria:
        svg: str | None = c.svg
        print(s.id, s.verdict, c.id, svg)
for sample in libgi.Report.open(b"examples/lai-chau-2026.csv", "csv", ","):
    print(sample["id"])
print(spec.areas, spec.analytes, spec.has_product("oolong"), spec.has_analyte("moisture"))
signer = libgi.Signer(pathlib.Path("k.pem"), pathlib.Path("c.pem"))
trust = libgi.Trust(pathlib.Path("ca.pem"), pathlib.Path("crl.pem"))
print(libgi.risk.history(pathlib.Path("h.csv"))["n"], libgi.pt.load(pathlib.Path("pt.csv")))
