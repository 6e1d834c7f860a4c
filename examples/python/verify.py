# SPDX-License-Identifier: GPL-3.0-or-later
"""Verify the shipped lab report against the Lai Châu spec and print the
verdicts; then sign the records with a demonstration key and check them.
Run from the top of the source tree: python3 examples/python/verify.py KEY CERT"""
import sys

import libgi

with libgi.Spec.load("specs/lai-chau-tea.xml") as spec:
    signer = libgi.Signer(sys.argv[1], sys.argv[2]) if len(sys.argv) == 3 else None
    run = spec.verify(libgi.Report.open("examples/lai-chau-2026.xml"), signer=signer)
    for sample in run:
        print(f"{sample.id:12} {sample.product:16} {sample.verdict:12} {sample.reason}")
    print("report verdict:", run.verdict)
    if signer:
        trust = libgi.Trust(sys.argv[2])
        ok = sum(libgi.verify_record(xml, trust)["valid"] for _, xml in run.records)
        print(f"{ok} of {len(run.records)} signed records verify")
