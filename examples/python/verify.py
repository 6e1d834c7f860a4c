# SPDX-License-Identifier: GPL-3.0-or-later
"""Verify the shipped lab report against the Lai Châu spec and print the
verdicts; then sign the records with a demonstration key and check them.
Run from the top of the source tree: python3 examples/python/verify.py KEY CERT"""
import sys

import libgi

with libgi.Spec.load("specs/lai-chau-tea.xml") as spec:
    signer = libgi.Signer(sys.argv[1], sys.argv[2]) if len(sys.argv) == 3 else None
    trust = libgi.Trust(sys.argv[2]) if signer else None
    run = spec.verify(libgi.Report.open("examples/lai-chau-2026.xml"), signer=signer)
    ok = n = 0
    for sample in run:      # one sample, and its signed record, at a time
        print(f"{sample.id:12} {sample.product:16} {sample.verdict:12} {sample.reason}")
        if signer:
            rid, xml = sample.record
            ok += libgi.verify_record(xml, trust)["valid"]
            n += 1
    print("report verdict:", run.verdict)
    if signer:
        print(f"{ok} of {n} signed records verify")
