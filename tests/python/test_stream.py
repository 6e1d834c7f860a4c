# SPDX-License-Identifier: GPL-3.0-or-later
"""A verification streams: iterating Spec.verify() holds one sample's
result at a time, as `gi verify` does, so memory does not grow with the
number of samples; the list of samples is built only when asked for."""
import os
import subprocess
import sys

import pytest

import libgi

SRC = os.environ.get("GI_SRCDIR", ".")
SPEC = os.path.join(SRC, "specs", "lai-chau-tea.xml")
REPORT = os.path.join(SRC, "examples", "lai-chau-2026.xml")
PKI = os.path.join(os.environ.get("GI_BUILDDIR", "."), "tests", "pki")

# Limits of GI No. 00146 Lai Châu (decision 559/QĐ-SHTT, 19 Aug 2025):
# glutamic acid >= 5.34 / 4.24 / 5.61 g/100g for green tea, oolong and
# Oriental Beauty; values scatter around them so every verdict path runs.
_PRODUCTS = (("green-tea", 5.34, "Tam Đường", 1450), ("oolong", 4.24, "Tân Uyên", 1000),
             ("oriental-beauty", 5.61, "Than Uyên", 1100))


def _write_report(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<labReport xmlns="urn:libgi:lab-report:1" id="MEM">\n'
                '<laboratory id="MEM-LAB"><name>Memory test laboratory</name></laboratory>\n')
        for i in range(n):
            product, limit, unit, alt = _PRODUCTS[i % 3]
            g = limit * (0.95 + 0.12 * ((i * 7919) % 1000) / 1000)
            f.write('<sample id="S%08d" lot="LOT-%06d" product="%s" spec="vn-gi-00146-lai-chau-tea">'
                    '<origin unit="%s" altitude="%d"/><measurement analyte="glutamic-acid" unit="g/100g">'
                    '<value>%.2f</value><value>%.2f</value><uncertainty expanded="0.20"/></measurement>'
                    '<measurement analyte="moisture" unit="%%"><value>%.1f</value></measurement></sample>\n'
                    % (i, i // 4, product, unit, alt, g, g * 1.01, 4 + (i % 20) / 10))
        f.write("</labReport>\n")


# Runs in a fresh interpreter: verifies REPORT by iterating, keeping only
# the last sample as a caller looping over the results does, and prints
# the number of samples and the growth of the peak RSS (KiB) from just
# before Spec.verify().
_CHILD = r"""
import resource, sys
import libgi
spec = libgi.Spec.load(sys.argv[1])
report = libgi.Report.open(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
n = 0
for sample in spec.verify(report):
    n += 1
    sample.verdict
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base, n)
"""


def _growth_kib(report):
    out = subprocess.run([sys.executable, "-c", _CHILD, SPEC, report], capture_output=True, text=True, check=True,
                         env=os.environ).stdout.split()
    return int(out[0]), int(out[1])


def test_iteration_memory_is_flat(tmp_path):
    """Peak memory while iterating 6000 samples grows by less than 64
    bytes a sample over iterating 500 (a list of results costs kilobytes a
    sample: the JSON text and its decoded criteria)."""
    small, big = tmp_path / "small.xml", tmp_path / "big.xml"
    _write_report(small, 500)
    _write_report(big, 6000)
    n_small, g_small = _growth_kib(str(small))
    n_big, g_big = _growth_kib(str(big))
    assert (n_small, n_big) == (500, 6000)
    per_sample = (g_big - g_small) * 1024 / (n_big - n_small)
    assert per_sample < 64, "peak RSS grows by %.0f bytes per sample" % per_sample


def test_stream_and_list_agree():
    """Iterating, the samples list and the summary give the same results;
    a list cannot be made of samples an iteration has passed on."""
    spec = libgi.Spec.load(SPEC)
    listed = spec.verify(libgi.Report.open(REPORT))
    streamed = spec.verify(libgi.Report.open(REPORT))
    dicts = [s.to_dict() for s in streamed]
    assert dicts == [s.to_dict() for s in listed.samples]
    assert [s.verdict for s in listed] == [d["verdict"] for d in dicts]   # the kept list, again
    assert streamed.summary == listed.summary and streamed.summary["samples"] == 6
    with pytest.raises(libgi.UsageError):
        streamed.samples
    counted = spec.verify(libgi.Report.open(REPORT))
    assert counted.verdict == "fail"          # finishes the verification, keeping nothing
    with pytest.raises(libgi.UsageError):
        counted.samples
    assert list(counted) == []


def test_stream_stops_at_a_bad_sample():
    """A bad sample raises where it is reached, after the good ones before
    it; the summary of a stopped verification is refused."""
    text = ("lab,sample,product,spec,analyte,unit,value\n"
            "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4\n"
            "L,S2,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n")
    run = libgi.Spec.load(SPEC).verify(libgi.Report.from_string(text, "bad.csv"))
    it = iter(run)
    assert next(it).id == "S1"
    with pytest.raises(libgi.ParseError) as e:
        next(it)
    assert e.value.line == 3
    with pytest.raises(libgi.UsageError):
        run.summary


def test_streamed_samples_carry_their_records():
    """With a signer each streamed sample carries its own signed record."""
    subprocess.run(["sh", os.path.join(SRC, "tests", "pki.sh"), PKI], check=True)
    signer = libgi.Signer(os.path.join(PKI, "lab-ec.key"), os.path.join(PKI, "lab-ec-chain.pem"))
    trust = libgi.Trust(os.path.join(PKI, "trust.pem"))
    n = 0
    for sample in libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), signer=signer):
        rid, xml = sample.record
        assert libgi.verify_record(xml, trust)["valid"]
        assert libgi.record_content(xml)["sample"]["id"] == sample.id
        n += 1
    assert n == 6
