#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""xmlsec-sign.py KEY N - the reference for gi verify's signing pipeline:
lxml and python-xmlsec (Debian: python3-lxml, python3-xmlsec) sign a bare
enveloped-signature template (<r/>, exclusive C14N, ECDSA- or RSA-SHA256,
SHA-256 reference) N times with the key loaded once, as a Python program
signing documents with the usual libraries would. Prints the signatures
per second."""
import sys
import time

from lxml import etree
import xmlsec


def main():
    key_file, n = sys.argv[1], int(sys.argv[2])
    key = xmlsec.Key.from_file(key_file, xmlsec.constants.KeyDataFormatPem)
    method = None
    for attempt in (xmlsec.constants.TransformEcdsaSha256, xmlsec.constants.TransformRsaSha256):
        root = etree.Element("r")
        sig = xmlsec.template.create(root, xmlsec.constants.TransformExclC14N, attempt)
        root.append(sig)
        ref = xmlsec.template.add_reference(sig, xmlsec.constants.TransformSha256, uri="")
        xmlsec.template.add_transform(ref, xmlsec.constants.TransformEnveloped)
        ctx = xmlsec.SignatureContext()
        ctx.key = key
        try:
            ctx.sign(sig)
            method = attempt
            break
        except xmlsec.Error:
            continue
    if method is None:
        sys.exit("xmlsec-sign.py: the key signs neither ECDSA-SHA256 nor RSA-SHA256")
    t0 = time.perf_counter()
    for _ in range(n):
        root = etree.Element("r")
        sig = xmlsec.template.create(root, xmlsec.constants.TransformExclC14N, method)
        root.append(sig)
        ref = xmlsec.template.add_reference(sig, xmlsec.constants.TransformSha256, uri="")
        xmlsec.template.add_transform(ref, xmlsec.constants.TransformEnveloped)
        ctx = xmlsec.SignatureContext()
        ctx.key = key
        ctx.sign(sig)
        etree.tostring(root)
    print("%.1f" % (n / (time.perf_counter() - t0)))


if __name__ == "__main__":
    main()
