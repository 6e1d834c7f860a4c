# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of the Python binding, run by make check against the module just
built (tests/python.sh). Expected numbers come from the shipped example and
the Lai Châu registration (GI No. 00146: glutamic acid >= 5.34 g/100g)."""
import json
import locale
import os
import subprocess

import pytest

import libgi

SRC = os.environ.get("GI_SRCDIR", ".")
SPEC = os.path.join(SRC, "specs", "lai-chau-tea.xml")
REPORT = os.path.join(SRC, "examples", "lai-chau-2026.xml")
CSV = os.path.join(SRC, "examples", "lai-chau-2026.csv")


def test_spec_identity_and_products():
    with libgi.Spec.load(SPEC) as spec:
        assert spec.id == "vn-gi-00146-lai-chau-tea"
        assert spec.info["registration"] == "00146"
        assert spec.info["decision"] == "559/QĐ-SHTT"
        assert len(spec.sha256) == 64
        limits = {p["id"]: p["criteria"][0]["limit"]["lower"] for p in spec.products}
        assert limits == {"green-tea": 5.34, "oolong": 4.24, "oriental-beauty": 5.61}


def test_spec_by_installed_name(monkeypatch):
    # gi_spec_find: a name is looked up as NAME.xml in $GI_SPEC_PATH
    monkeypatch.setenv("GI_SPEC_PATH", os.path.join(SRC, "specs"))
    by_name = libgi.Spec.load("lai-chau-tea")
    assert by_name.sha256 == libgi.Spec.load(SPEC).sha256
    with pytest.raises(libgi.FileError) as e:
        libgi.Spec.load("lai-chau-tee")
    assert e.value.file == "lai-chau-tee"
    assert "did you mean 'lai-chau-tea'?" in e.value.message
    assert libgi.spec_dir().endswith("/share/libgi/specs")


def test_verify_example():
    spec = libgi.Spec.load(SPEC)
    run = spec.verify(libgi.Report.open(REPORT))
    assert len(run.samples) == 6
    assert run.summary["pass"] == 3 and run.summary["fail"] == 2 and run.summary["incomplete"] == 1
    assert run.verdict == "fail"
    first = run.samples[0]
    assert first.id == "LC26-GT-001" and first.verdict == "pass"
    assert first.criteria[0].value == pytest.approx(5.495)
    assert run.report["id"] == "EXAMPLE-LAB"
    assert len(run.report["sha256"]) == 64


def test_to_dict_matches_cli_json():
    """to_dict() is what `gi verify --json` prints for each sample."""
    gi_bin = os.environ.get("GI_BIN")
    if not gi_bin:
        pytest.skip("GI_BIN not set")
    out = subprocess.run([gi_bin, "verify", "--json", "--spec", SPEC, "--report", REPORT],
                         capture_output=True, check=False, text=True).stdout
    cli = json.loads(out)["samples"]
    run = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT))
    assert [s.to_dict() for s in run] == cli


def test_csv_and_strings_give_the_same_verdicts():
    spec = libgi.Spec.load(SPEC)
    xml = [s.verdict for s in spec.verify(libgi.Report.open(REPORT))]
    csv = [s.verdict for s in spec.verify(libgi.Report.open(CSV))]
    with open(CSV, encoding="utf-8") as f:
        text = [s.verdict for s in spec.verify(libgi.Report.from_string(f.read(), "x.csv"))]
    assert xml == csv == text


def test_rule_override():
    run = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), rule="non-binary")
    assert run.samples[0].verdict == "conditional-pass"
    assert run.samples[1].verdict == "conditional-fail"
    assert run.samples[0].criteria[0].rule["name"] == "non-binary"
    with pytest.raises(libgi.UsageError):
        libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), rule="lenient")


def test_errors_carry_file_and_line():
    spec = libgi.Spec.load(SPEC)
    bad = ("lab,sample,product,spec,analyte,unit,value\n"
           "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n")
    with pytest.raises(libgi.ParseError) as e:
        list(spec.verify(libgi.Report.from_string(bad, "bad.csv")))   # raised where the sample is read
    assert e.value.file == "bad.csv" and e.value.line == 2
    assert "5.4x" in e.value.message
    with pytest.raises(libgi.FileError):
        libgi.Spec.load("/nonexistent/spec.xml")
    with pytest.raises(libgi.InvalidError) as e:
        libgi.Spec.from_bytes(b'<giSpec xmlns="urn:libgi:gi-spec:1"/>', "s.xml")
    assert isinstance(e.value, libgi.Error)
    with pytest.raises(libgi.ParseError):
        libgi.Spec.from_bytes("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
    report = libgi.Report.open(REPORT)
    spec.verify(report)
    with pytest.raises(libgi.UsageError):
        spec.verify(report)     # a report is read once


def test_decimal_separator():
    """"5,500" alone could be 5.5 or 5500 with a comma for thousands: it is
    refused until the separator is stated, which then decides how it reads."""
    spec = libgi.Spec.load(SPEC)
    text = ("lab;sample;product;spec;origin;altitude;analyte;unit;value\n"
            "L;S1;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;glutamic-acid;g/100g;5,500\n")
    with pytest.raises(libgi.InvalidError) as e:
        list(spec.verify(libgi.Report.from_string(text, "vn.csv")))
    assert e.value.line == 2 and "ambiguous" in e.value.message
    run = spec.verify(libgi.Report.from_string(text, "vn.csv", decimal=","))
    assert [s.verdict for s in run] == ["pass"]
    with pytest.raises(libgi.InvalidError):
        list(spec.verify(libgi.Report.from_string(text, "vn.csv", decimal=".")))
    with pytest.raises(ValueError):
        libgi.Report.open(CSV, decimal=";")
    assert [s.verdict for s in spec.verify(libgi.Report.open(CSV, None, ","))] == \
        [s.verdict for s in spec.verify(libgi.Report.open(CSV))]


def test_closed_objects():
    spec = libgi.Spec.load(SPEC)
    spec.close()
    with pytest.raises(libgi.UsageError):
        spec.verify(libgi.Report.open(REPORT))


def test_numbers_and_units_under_a_comma_locale():
    """A comma-decimal locale set inside the interpreter changes nothing."""
    for name in ("vi_VN.UTF-8", "de_DE.UTF-8"):
        try:
            locale.setlocale(locale.LC_ALL, name)
            break
        except locale.Error:
            continue
    else:
        pytest.fail("no comma-decimal locale; run .ci/install-deps (it generates vi_VN.UTF-8)")
    try:
        assert locale.localeconv()["decimal_point"] == ","
        assert libgi.parse_number("5,34") == 5.34 and libgi.parse_number("5.34") == 5.34
        assert libgi.convert_unit(5340, "mg/100g", "g/100g") == 5.34
        assert libgi.canonical_unit("ppm") == "mg/kg"
        # GUM (JCGM 100:2008) 7.2.6: U to two significant digits, the value to its place
        assert libgi.format_measurement(6.33047, 0.189914) == "6.33 ± 0.19"
        samples = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT)).samples
        assert [s.verdict for s in samples] == ["pass", "fail", "pass", "fail", "pass", "incomplete"]
        assert samples[0].criteria[0].value == pytest.approx(5.495)
    finally:
        locale.setlocale(locale.LC_ALL, "C")
    with pytest.raises(libgi.ParseError):
        libgi.parse_number("1.234,5")
    with pytest.raises(libgi.InvalidError):
        libgi.convert_unit(1, "%", "meq O2/kg")


PKI = os.path.join(os.environ.get("GI_BUILDDIR", "."), "tests", "pki")


@pytest.fixture(scope="module")
def pki():
    subprocess.run(["sh", os.path.join(SRC, "tests", "pki.sh"), PKI], check=True)
    return PKI


def test_sign_and_verify_records(pki):
    signer = libgi.Signer(os.path.join(pki, "lab-ec.key"), os.path.join(pki, "lab-ec-chain.pem"))
    assert "lab-ec" in signer.subject
    run = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), signer=signer)
    assert len(run.records) == 6
    trust = libgi.Trust(os.path.join(pki, "trust.pem"), os.path.join(pki, "crl.pem"))
    for rid, xml in run.records:
        check = libgi.verify_record(xml, trust, rid + ".xml")
        assert check["valid"] and check["status"] == "valid" and check["record"] == rid
    content = libgi.record_content(run.records[0][1])
    assert content["sample"]["id"] == "LC26-GT-001"
    forged = run.records[0][1].replace(b'value="pass"', b'value="fail"', 1)
    check = libgi.verify_record(forged, trust)
    assert not check["valid"] and check["status"] == "bad-digest"
    with pytest.raises(libgi.InvalidError):
        libgi.Signer(os.path.join(pki, "lab-rsa-enc.key"), os.path.join(pki, "lab-rsa.pem"), password="wrong")
    with pytest.raises(libgi.FileError):
        libgi.Signer(os.path.join(pki, "missing.key"), os.path.join(pki, "lab-rsa.pem"))
    p12 = libgi.Signer(pkcs12=os.path.join(pki, "lab-rsa.p12"), password="secret")
    assert "lab-rsa" in p12.subject


def test_verification_time_and_restamp(pki):
    signer = libgi.Signer(os.path.join(pki, "lab-ec.key"), os.path.join(pki, "lab-ec-chain.pem"))
    xml = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), signer=signer).records[0][1]
    trust = libgi.Trust(os.path.join(pki, "trust.pem"))
    assert libgi.verify_record(xml, trust)["valid"]
    # tests/pki.sh issues lab-ec for 3650 days: in 2100 it has expired
    trust.set_time(4102444800)  # 2100-01-01T00:00:00Z
    check = libgi.verify_record(xml, trust)
    assert check["status"] == "expired" and check["verified_at"] == "2100-01-01T00:00:00Z"
    trust.set_time(0)
    assert libgi.verify_record(xml, trust)["valid"]
    called = []
    with pytest.raises(libgi.InvalidError):   # no signature time-stamp to preserve
        libgi.restamp_record(xml, trust, lambda req: called.append(req) or b"")
    assert called == []


def test_restamp_with_a_python_tsa(pki, tmp_path):
    def tsa(req):   # the test PKI's TSA: openssl ts -reply
        return subprocess.run(["openssl", "ts", "-reply", "-config", "ca.cnf", "-queryfile", "/dev/stdin",
                               "-out", "/dev/stdout"], input=req, cwd=pki, capture_output=True,
                              check=True).stdout
    gi_bin = os.path.join(os.environ.get("GI_BUILDDIR", "."), "cli", "gi")
    subprocess.run([gi_bin, "verify", "-s", SPEC, "-r", REPORT, "--sign-key", os.path.join(pki, "lab-ec.key"),
                    "--sign-cert", os.path.join(pki, "lab-ec-chain.pem"), "--tsa-command",
                    "cd '%s' && openssl ts -reply -config ca.cnf -queryfile /dev/stdin -out /dev/stdout" % pki,
                    "--out", str(tmp_path / "out")], capture_output=True)   # exit 1: a sample fails
    path = sorted((tmp_path / "out").iterdir())[0]
    trust = libgi.Trust(os.path.join(pki, "trust.pem"))
    archived = libgi.restamp_record(path.read_bytes(), trust, tsa, path.name)
    assert b"<xadesv141:ArchiveTimeStamp" in archived
    check = libgi.verify_record(archived, trust)
    assert check["valid"] and "1 archive time-stamp" in check["reason"]
    with pytest.raises(libgi.Error):   # a TSA that does not answer: no record
        libgi.restamp_record(path.read_bytes(), trust, lambda req: b"")


def test_statistics_published_values():
    # Grubbs (1969) two-sided critical values at alpha 0.05; Rorabacher (1991) Dixon r10 at 95 %
    assert libgi.stats.grubbs_critical(5) == pytest.approx(1.7150, abs=5e-5)
    assert libgi.stats.dixon_critical(10) == 0.466
    g, i = libgi.stats.grubbs([10.1, 10.2, 10.0, 10.1, 12.0])
    assert i == 4 and g > libgi.stats.grubbs_critical(5)
    q, i = libgi.stats.dixon([10.1, 10.2, 10.0, 10.1, 12.0])
    assert q == pytest.approx(0.9)
    # NIST StRD NumAcc1: certified mean 10000002, standard deviation 1
    d = libgi.stats.describe([10000001, 10000003, 10000002])
    assert d["mean"] == 10000002 and d["sd"] == pytest.approx(1, abs=1e-12)
    # ISO 5725-2 table 4: Cochran, 5 labs in duplicate, 5 %
    assert libgi.stats.cochran_critical(5, 2) == pytest.approx(0.841, abs=5e-4)
    assert libgi.stats.cochran([0.01, 0.02, 0.01, 0.06]) == pytest.approx(0.6)
    # outside what the statistic or its table covers: an error naming why,
    # as every other call reports one, not a NaN
    with pytest.raises(libgi.UsageError, match="n >= 3"):
        libgi.stats.grubbs_critical(2)
    with pytest.raises(libgi.InvalidError, match="3 <= n <= 10"):
        libgi.stats.dixon_critical(11)
    with pytest.raises(libgi.InvalidError, match="every variance is 0"):
        libgi.stats.cochran([0.0, 0.0, 0.0])
    with pytest.raises(libgi.UsageError, match="p >= 2"):
        libgi.stats.cochran_critical(1, 2)
    a = libgi.stats.algorithm_a([5.31, 5.42, 5.35, 5.38, 5.29, 5.40, 5.36, 5.33, 5.44, 9.80])
    assert a["mean"] == pytest.approx(5.37, abs=0.03)


def test_proficiency_round():
    r = libgi.pt.load(os.path.join(SRC, "examples", "pt-glutamic-acid.csv"))
    assert len(r["labs"]) == 8 and r["analyte"] == "glutamic-acid"
    lab6 = [l for l in r["labs"] if l["lab"] == "LAB-06"][0]
    assert lab6["class"] == "unsatisfactory"
    assert r["cochran"]["lab"] == "LAB-08"
    r = libgi.pt.evaluate(["A", "B", "C"], [10, 11, 12], assigned=11, sigma=0.5)
    assert [l["z"] for l in r["labs"]] == [-2.0, 0.0, 2.0]
    assert libgi.pt.classify(2.0) == "satisfactory" and libgi.pt.classify(3.0) == "unsatisfactory"
    with pytest.raises(libgi.FileError):
        libgi.pt.load("/nonexistent.csv")


def test_api_coverage():
    """Every public C function is called by the binding's C module, or is
    listed here with the reason it needs no binding of its own."""
    import re
    no_binding_needed = {
        "gi_verify": "the binding runs its loop itself, one sample per iteration step (gi_verifier_next)",
        "gi_error_last": "errors become exceptions (raise_gi reads it)",
        "gi_free": "used to release what the library returns",
        # signing on several threads; Python's signing calls gi_record_sign,
        # which is these two steps, with the GIL released around it
        "gi_record_prepare": "gi_record_sign is prepare + finish",
        "gi_record_finish": "gi_record_sign is prepare + finish",
        "gi_record_draft_free": "gi_record_sign is prepare + finish",
        "gi_stats_grubbs_critical": "deprecated: gi_stats_grubbs_critical_value reports errors",
        "gi_stats_dixon_critical": "deprecated: gi_stats_dixon_critical_value reports errors",
        "gi_stats_cochran": "deprecated: gi_stats_cochran_c reports errors",
        "gi_stats_cochran_critical": "deprecated: gi_stats_cochran_critical_value reports errors",
    }
    headers = os.path.join(SRC, "libgi", "gi")
    public = set()
    for name in os.listdir(headers):
        with open(os.path.join(headers, name), encoding="utf-8") as f:
            public.update(re.findall(r"GI_EXTERN\([^)]*\)\s*(gi_\w+)\s*\(", f.read()))
    with open(os.path.join(SRC, "bindings", "python", "libgi", "_gi.c"), encoding="utf-8") as f:
        called = set(re.findall(r"\b(gi_[a-z]\w*)\b", f.read()))
    missing = sorted(public - called - set(no_binding_needed))
    assert not missing, "public C functions without a Python binding: %s" % ", ".join(missing)
    assert len(public) > 60


def test_spec_details_iteration_and_pictures():
    spec = libgi.Spec.load(SPEC)
    assert [a["id"] for a in spec.analytes] == ["glutamic-acid", "moisture"]
    assert spec.areas[0]["altitude"] == (1200.0, 2500.0)
    assert spec.has_product("oolong") and not spec.has_product("black-tea")
    assert spec.has_analyte("moisture")
    samples = list(libgi.Report.open(REPORT))
    assert [s["id"] for s in samples][:2] == ["LC26-GT-001", "LC26-GT-002"]
    assert samples[0]["measurements"][0]["values"] == [5.52, 5.47]
    run = spec.verify(libgi.Report.open(REPORT), rule="non-binary", pictures=True)
    svg = run.samples[0].criteria[0].svg
    assert svg.startswith("<svg") and "conditional-pass" in svg
    assert run.samples[5].criteria[0].svg is None      # not tested: nothing to draw


def test_risk_global_deaver_and_guard_band(tmp_path):
    """Deaver (1993), "How to Maintain Your Confidence", NCSL Workshop and
    Symposium, p. 7: tolerance +/-2 process sd, process sd / measurement
    sd = 4: false accept 0.8 %, false reject 1.5 % (joint probabilities,
    JCGM 106's R_C and R_P)."""
    r = libgi.risk.global_risks(lower=-2, upper=2, mean=0, sd=1, u=0.25)
    assert abs(r["consumer"] - 0.008) < 0.0005 and abs(r["producer"] - 0.015) < 0.0005
    assert r["cp"] == pytest.approx(2 / 3) and r["cm"] == pytest.approx(4.0)
    one = libgi.risk.global_risks(lower=5.34, mean=6.1, sd=0.35, u=0.1)
    assert one["cp"] is None and one["accept_upper"] is None
    g = libgi.risk.guard_band(0.01, lower=-8, upper=8, mean=0, sd=4, u=2)
    assert abs(g["consumer"] - 0.01) < 1e-11 and g["guard"] > 0
    with pytest.raises(libgi.InvalidError):
        libgi.risk.guard_band(0.1, lower=-8, upper=8, mean=0, sd=4, u=2)   # p0 = 4.55 % < 10 %
    with pytest.raises(libgi.UsageError):
        libgi.risk.global_risks(mean=0, sd=1, u=0.1)                       # no limit
    f = tmp_path / "h.csv"
    f.write_text("lot;value\nA;6,0\nB;6,2\nC;6,4\nD;6,6\n")
    h = libgi.risk.history(str(f))
    assert h["n"] == 4 and h["mean"] == pytest.approx(6.3)
    r = libgi.risk.global_risks(lower=5.34, mean=h["mean"], sd=h["sd"], u=0.1, sd_includes_u=True)
    assert r["process_sd"] == pytest.approx((h["sd"] ** 2 - 0.01) ** 0.5)
    f.write_text("value\n6.0\nsix\n")
    with pytest.raises(libgi.ParseError) as e:
        libgi.risk.history(str(f))
    assert e.value.line == 3


def test_package_is_libgi_not_gi():
    """The package is libgi with a private extension; the name gi is
    PyGObject's and nothing in the directories the package comes from
    provides it."""
    import importlib.util
    assert libgi.__name__ == "libgi" and libgi._gi.__name__ == "libgi._gi"
    assert os.path.basename(os.path.dirname(libgi.__file__)) == "libgi"
    assert libgi.Error.__module__ == "libgi" and libgi.Spec.__module__ == "libgi"
    root = os.path.dirname(os.path.dirname(os.path.abspath(libgi.__file__)))
    assert not [n for n in os.listdir(root) if n == "gi" or n.startswith("gi.")], root
    found = importlib.util.find_spec("gi")      # locates, does not import
    if found is not None:                       # PyGObject, from elsewhere
        origin = os.path.abspath(found.origin or "")
        assert not origin.startswith(root + os.sep), origin
        assert os.path.exists(os.path.join(os.path.dirname(origin), "repository")), origin


def test_file_error_is_an_oserror():
    """A file that cannot be read raises what open() would: an OSError,
    that is also a libgi.Error carrying the file name."""
    assert issubclass(libgi.FileError, OSError) and issubclass(libgi.FileError, libgi.Error)
    for load in (libgi.Spec.load, libgi.Report.open, libgi.pt.load):
        with pytest.raises(OSError) as e:
            load("/nonexistent/x.xml")
        assert isinstance(e.value, libgi.FileError) and isinstance(e.value, libgi.Error)
        assert e.value.file == "/nonexistent/x.xml" and e.value.code < 0
        assert "/nonexistent/x.xml" in str(e.value)
    with pytest.raises(OSError):
        libgi.Signer("/nonexistent/k.pem", "/nonexistent/c.pem")
    assert not issubclass(libgi.ParseError, OSError)


def test_report_is_read_once():
    """A report streams its samples: a second read, by iteration or by
    verification, is a usage error (libgi.UsageError), not a silent empty
    result."""
    spec = libgi.Spec.load(SPEC)
    report = libgi.Report.open(REPORT)
    assert len(list(report)) == 6
    with pytest.raises(libgi.UsageError) as e:
        iter(report)
    assert "already been read" in e.value.message
    with pytest.raises(libgi.UsageError):
        spec.verify(report)
    report = libgi.Report.open(REPORT)
    assert len(spec.verify(report).samples) == 6
    with pytest.raises(libgi.UsageError):
        list(report)
    report = libgi.Report.from_string(open(CSV, encoding="utf-8").read(), "x.csv")
    it = iter(report)
    first = next(it)
    assert [first["id"]] + [s["id"] for s in it] == [s.id for s in spec.verify(libgi.Report.open(CSV))]
    with pytest.raises(libgi.UsageError):
        spec.verify(report)


def test_report_format_detected():
    """With format None or "auto" libgi tells XML from CSV by the bytes,
    whatever the name says; Report.lab["format"] gives the one it reads."""
    csv_text = open(CSV, encoding="utf-8").read()
    assert libgi.Report.from_string(csv_text, "named.xml").lab["format"] == "csv"
    with open(REPORT, "rb") as f:
        assert libgi.Report.from_bytes(f.read(), "named.csv", format="auto").lab["format"] == "xml"
    assert libgi.Report.open(CSV, format="csv").lab["format"] == "csv"


def test_file_names_may_be_paths(pki, tmp_path):
    """Every argument that names a file takes str or os.PathLike."""
    import pathlib
    src = pathlib.Path(SRC)
    spec = libgi.Spec.load(src / "specs" / "lai-chau-tea.xml")
    report = libgi.Report.open(src / "examples" / "lai-chau-2026.xml", "xml")
    pki = pathlib.Path(pki)
    signer = libgi.Signer(pki / "lab-ec.key", pki / "lab-ec-chain.pem")
    run = spec.verify(report, signer=signer)
    trust = libgi.Trust(pki / "trust.pem", pki / "crl.pem")
    assert all(libgi.verify_record(xml, trust)["valid"] for _, xml in run.records)
    assert libgi.Signer(pkcs12=pki / "lab-rsa.p12", password="secret").subject
    assert libgi.pt.load(src / "examples" / "pt-glutamic-acid.csv")
    f = tmp_path / "h.csv"
    f.write_text("value\n6.0\n6.2\n")
    assert libgi.risk.history(f)["n"] == 2


# ---- the same bad input, the same kind of error (tests/bad-input.json) ----

with open(os.path.join(SRC, "tests", "bad-input.json"), encoding="utf-8") as _f:
    BAD_INPUT = json.load(_f)

_KINDS = {"file": libgi.FileError, "parse": libgi.ParseError, "invalid": libgi.InvalidError,
          "usage": libgi.UsageError}


def _src(value):
    return value.replace("@SRC@", os.path.abspath(SRC)) if isinstance(value, str) else value


def _iterate_twice():
    report = libgi.Report.open(CSV)
    list(report)
    list(report)


def _iterate_verified():
    report = libgi.Report.open(CSV)
    libgi.Spec.load(SPEC).verify(report)
    for _ in report:
        pass


def _verify_twice():
    spec, report = libgi.Spec.load(SPEC), libgi.Report.open(CSV)
    spec.verify(report)
    spec.verify(report)


# one adapter per 'call' of the table: the binding's API for it
_CALLS = {
    "spec_load": libgi.Spec.load,
    "spec_text": lambda text, name: libgi.Spec.from_bytes(text.encode(), name),
    "report_open": libgi.Report.open,
    "verify_text": lambda text, name: list(libgi.Spec.load(SPEC).verify(libgi.Report.from_string(text, name))),
    "verify_rule": lambda rule: libgi.Spec.load(SPEC).verify(libgi.Report.open(CSV), rule=rule),
    "verify_twice": _verify_twice,
    "iterate_twice": _iterate_twice,
    "iterate_verified": _iterate_verified,
    "parse_number": libgi.parse_number,
    "convert_unit": libgi.convert_unit,
    "canonical_unit": libgi.canonical_unit,
    "stats_describe": libgi.stats.describe,
    "stats_grubbs": libgi.stats.grubbs,
    "record_content": libgi.record_content,
    "trust_load": libgi.Trust,
    "trust_set_time": lambda when: libgi.Trust(os.path.join(SRC, "tests", "fuzz", "trust.pem")).set_time(when),
    "signer_load": libgi.Signer,
    "pt_evaluate": libgi.pt.evaluate,
    "pt_load": libgi.pt.load,
    "risk_global": lambda options: libgi.risk.global_risks(**options),
    "risk_guard_band": lambda target, options: libgi.risk.guard_band(target, **options),
    "risk_history_file": libgi.risk.history,
}


@pytest.mark.parametrize("case", BAD_INPUT["cases"], ids=[c["case"] for c in BAD_INPUT["cases"]])
def test_bad_input_error_kind(case):
    """The exception class and its code are those of libgi's status code
    for the input, whichever side (C library or binding) refuses it."""
    with pytest.raises(libgi.Error) as e:
        _CALLS[case["call"]](*[_src(a) for a in case["args"]])
    assert type(e.value) is _KINDS[case["kind"]], (type(e.value), e.value)
    assert e.value.code == BAD_INPUT["codes"][case["kind"]]
    assert case["says"] in str(e.value)


@pytest.mark.parametrize("case", [c for c in BAD_INPUT["cases"] if "cli" in c],
                         ids=[c["case"] for c in BAD_INPUT["cases"] if "cli" in c])
def test_bad_input_cli(case, tmp_path):
    """gi refuses the same input with exit status 2 and the library's
    message (on standard error; gi spec check reports on standard output)."""
    gi = os.environ.get("GI_BIN")
    if not gi:
        pytest.skip("GI_BIN not set")
    argv = [_src(a) for a in case["cli"]]
    if "@FILE@" in argv:
        name = case.get("name") or case["args"][1]
        (tmp_path / name).write_text(case.get("text", case["args"][0]), encoding="utf-8")
        argv[argv.index("@FILE@")] = name
    p = subprocess.run([gi] + argv, capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 2, (argv, p.stdout, p.stderr)
    assert case["says"] in p.stdout + p.stderr, (p.stdout, p.stderr)


def test_usage_error_is_a_value_error():
    """An argument a binding refuses is libgi.UsageError, which is also a
    ValueError (as FileError is an OSError)."""
    assert issubclass(libgi.UsageError, ValueError) and issubclass(libgi.UsageError, libgi.Error)
    spec = libgi.Spec.load(SPEC)
    spec.close()
    with pytest.raises(libgi.UsageError) as e:
        spec.products
    assert e.value.code == BAD_INPUT["codes"]["usage"] and e.value.message == "the specification is closed"


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory):
    """SoftHSM2 tokens with the lab keys (tests/softhsm-token.sh)."""
    d = tmp_path_factory.mktemp("token")
    r = subprocess.run(["sh", os.path.join(SRC, "tests", "softhsm-token.sh"), str(d), pki],
                       capture_output=True, text=True)
    if r.returncode == 77:
        pytest.skip(r.stderr.strip())
    assert r.returncode == 0, r.stderr
    os.environ["SOFTHSM2_CONF"] = str(d / "softhsm2.conf")
    os.environ["GI_PKCS11_MODULE"] = r.stdout.strip()
    yield
    del os.environ["SOFTHSM2_CONF"], os.environ["GI_PKCS11_MODULE"]


def test_signer_with_a_token_key(token, pki):
    """A PKCS#11 URI is a key wherever a key file is: records signed on
    the token verify; a wrong PIN raises an error naming the token."""
    signer = libgi.Signer("pkcs11:token=LAB;object=lab-ec;type=private", password="4321")
    assert "lab-ec" in signer.subject
    run = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), signer=signer)
    assert len(run.records) == 6
    trust = libgi.Trust(os.path.join(pki, "trust.pem"), os.path.join(pki, "crl.pem"))
    for rid, xml in run.records:
        assert libgi.verify_record(xml, trust, rid + ".xml")["valid"]
    rsa = libgi.Signer("pkcs11:token=LAB;object=lab-key;type=private", os.path.join(pki, "lab-rsa-chain.pem"),
                       password="4321")
    assert "lab-rsa" in rsa.subject
    with pytest.raises(libgi.InvalidError, match='cannot log in to token "LAB"'):
        libgi.Signer("pkcs11:token=LAB;object=lab-key;type=private", password="0000")


def test_external_signer(pki):
    """Signer.external: a signing function holding the key (here openssl
    pkeyutl, as a remote signing service would) makes records that verify;
    a function that fails makes none."""
    key = os.path.join(pki, "lab-rsa.key")
    asked = []

    def service(md, digest):
        asked.append(md)
        return subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", key, "-pkeyopt", "digest:" + md],
                              input=digest, capture_output=True, check=True).stdout

    with open(os.path.join(pki, "lab-rsa-chain.pem")) as f:
        signer = libgi.Signer.external(service, cert_pem=f.read())
    assert "lab-rsa" in signer.subject
    run = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), signer=signer)
    assert len(run.records) == 6 and asked == ["sha256"] * 6
    trust = libgi.Trust(os.path.join(pki, "trust.pem"), os.path.join(pki, "crl.pem"))
    for rid, xml in run.records:
        assert libgi.verify_record(xml, trust, rid + ".xml")["valid"]

    def broken(md, digest):
        raise RuntimeError("the service is down")

    failing = libgi.Signer.external(broken, cert=os.path.join(pki, "lab-rsa-chain.pem"))
    with pytest.raises(libgi.Error, match="external signing function failed") as e:
        list(libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), signer=failing))
    # the signing failure itself (GI_ERROR), not a generic "stopped" (AbortedError)
    assert type(e.value) is libgi.Error and e.value.code == -1
    with pytest.raises(TypeError):
        libgi.Signer.external("not callable", cert=os.path.join(pki, "lab-rsa-chain.pem"))


def test_stamps(pki):
    """A stamp signed with the council's key verifies and names its lot; an
    altered one does not; its QR code (PNG) reads back as the URI with
    zbarimg, an independent decoder (specs/stamp-format.md)."""
    signer = libgi.Signer(os.path.join(pki, "lab-ec.key"), os.path.join(pki, "lab-ec-chain.pem"))
    keys = libgi.StampKeys(os.path.join(pki, "lab-ec-chain.pem"))
    uri = libgi.sign_stamp(signer, "gi.laichau.example", "LC-GT-2026-0001", gtin="8904000210037", serial="000123")
    assert uri.startswith("https://gi.laichau.example/01/08904000210037/10/LC-GT-2026-0001/21/000123?k=")
    ok = libgi.verify_stamp(uri, keys)
    assert ok["genuine"] and ok["lot"] == "LC-GT-2026-0001" and ok["serial"] == "000123"
    bad = libgi.verify_stamp(uri.replace("/21/000123", "/21/000124"), keys)
    assert not bad["genuine"] and "does not verify" in bad["reason"]
    with pytest.raises(libgi.InvalidError):
        libgi.sign_stamp(signer, "gi.laichau.example", "L1", gtin="8904000210036")
    png = libgi.stamp_qr_png(uri, 4)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    path = os.path.join(PKI, "stamp-test.png")
    with open(path, "wb") as f:
        f.write(png)
    out = subprocess.run(["zbarimg", "-q", "--raw", path], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == uri
    assert libgi.stamp_qr_svg(uri).startswith("<svg")


def test_registry_end_to_end(pki, tmp_path):
    """The council's registry through the binding: a refusal raises
    InvalidError and changes nothing; a granted permit is signed."""
    spec = libgi.Spec.load(SPEC)
    signer = libgi.Signer(os.path.join(pki, "lab-rsa.key"), os.path.join(pki, "lab-rsa-chain.pem"))
    trust = libgi.Trust(os.path.join(pki, "trust.pem"))
    xml = spec.verify(libgi.Report.open(REPORT), signer=signer).records[0][1]
    with libgi.Registry(str(tmp_path / "council.db"), spec, trust=trust, signer=signer, actor="qc",
                        banned=os.path.join(SRC, "specs", "data", "vn-banned-pesticides.csv")) as reg:
        assert reg.schema_version >= 2
        m = reg.call("member.add", kind="household", name="Lò Văn A", tax_id="0101234567")
        with pytest.raises(libgi.InvalidError, match="outside every area"):
            reg.call("plot.add", member=m["id"], unit="Mường Tè", altitude=1450, area_ha=1,
                     latitude=22.3, longitude=103.5)
        plot = reg.call("plot.add", member=m["id"], unit="Tam Đường", altitude="1450", area_ha="0,8",
                        latitude=22.35, longitude=103.6)
        assert plot["areas"] == ["shan"]
        reg.call("lot.add", code="LC-GT-2026-0001-3", product="green-tea", plot=plot["id"],
                 harvested="2026-04-08", quantity_kg=250)
        with pytest.raises(libgi.InvalidError, match="banned"):
            reg.call("logbook.add", plot=plot["id"], date="2026-03-01", activity="pesticide",
                     substance="Endosulfan", dose="1 l/ha", operator="A", phi_days=7)
        assert reg.call("record.import", xml=xml.decode())["verdict"] == "pass"
        i = reg.call("inspector.add", name="B")
        reg.call("inspector.approve", inspector=i["id"], decision="QĐ 12")
        reg.call("inspection.add", member=m["id"], inspector=i["id"], kind="initial", date="2026-05-02",
                 findings="in order", outcome="pass")
        p = reg.call("permit.apply", member=m["id"], product=["green-tea"], plot=[plot["id"]], quantity_kg=1000)
        granted = reg.call("permit.grant", permit=p["id"])
        assert granted["state"] == "granted" and "<Signature" in granted["document"]
        events = reg.call("event.list")["events"]
        assert [e["action"] for e in events][-1] == "permit.grant"
    libgi.Registry.check_lot_code("LC-0000-00021825009-7")   # ORCID 0000-0002-1825-0097
    with pytest.raises(libgi.ParseError):
        libgi.Registry.check_lot_code("LC-0000-00021825009-8")


def test_registry_appends_to_its_log(pki, tmp_path):
    """A registry opened with log_dir and log_key appends each change to
    the transparency log as it is made: after member.add, lot.add and
    record.import the log holds one entry per event plus the record's
    own bytes; log.list of the lot names the lot.add event, the
    record.import event and the record; the log verifies; a refused
    change appends nothing."""
    spec = libgi.Spec.load(SPEC)
    signer = libgi.Signer(os.path.join(pki, "lab-rsa.key"), os.path.join(pki, "lab-rsa-chain.pem"))
    trust = libgi.Trust(os.path.join(pki, "trust.pem"))
    xml = spec.verify(libgi.Report.open(REPORT), signer=signer).records[0][1]
    skey, vkey = libgi.Log.keygen("tea.laichau.example/registry")
    libgi.Log.create(tmp_path / "log", skey).close()
    with libgi.Registry(str(tmp_path / "council.db"), spec, trust=trust, actor="qc",
                        log_dir=tmp_path / "log", log_key=skey) as reg:
        m = reg.call("member.add", kind="household", name="Lò Văn A", tax_id="0101234567")
        plot = reg.call("plot.add", member=m["id"], unit="Tam Đường", altitude="1450", area_ha="0,8",
                        latitude=22.35, longitude=103.6)
        reg.call("lot.add", code="LC-GT-2026-0001-3", product="green-tea", plot=plot["id"],
                 harvested="2026-04-08", quantity_kg=250)
        reg.call("record.import", xml=xml.decode())
        with pytest.raises(libgi.InvalidError):
            reg.call("plot.add", member=9, unit="Tam Đường", altitude=1450, area_ha=1, latitude=22.3,
                     longitude=103.5)
        events = reg.call("event.list")["events"]
        lot = reg.call("log.list", lot="LC-GT-2026-0001-3", entries=True)["entries"]
    assert len(events) == 4
    assert [e["kind"] for e in lot] == ["event", "event", "record"]
    assert '"action":"lot.add"' in lot[0]["entry"] and '"action":"record.import"' in lot[1]["entry"]
    assert lot[2]["entry"] == xml.decode()
    with libgi.Log.open(tmp_path / "log", verifier_key=vkey) as log:
        assert log.size == len(events) + 1
        log.monitor()
        assert log.find(xml) == lot[2]["index"]

def test_stamp_sheet_and_inspection(pki, tmp_path):
    """Stamps issued under a permit through the binding: a sheet beyond the
    permit's quantity is refused and records nothing; the PNG sheet reads
    back with zbarimg as exactly the issued URIs; inspect_stamp reports
    the permit, the serial and the log from a status list and a lot proof
    bundle, and refuses a status list altered after signing."""
    import time
    now = int(time.time())   # the status list's signing time must lie in the test PKI's validity
    spec = libgi.Spec.load(SPEC)
    signer = libgi.Signer(os.path.join(pki, "lab-rsa.key"), os.path.join(pki, "lab-rsa-chain.pem"))
    trust = libgi.Trust(os.path.join(pki, "trust.pem"))
    keys = libgi.StampKeys(os.path.join(pki, "lab-rsa.pem"))
    xml = spec.verify(libgi.Report.open(REPORT), signer=signer).records[0][1]
    with libgi.Registry(str(tmp_path / "council.db"), spec, trust=trust, signer=signer, actor="qc", now=now) as reg:
        m = reg.call("member.add", kind="household", name="Lò Văn A", tax_id="0101234567")
        plot = reg.call("plot.add", member=m["id"], unit="Tam Đường", altitude="1450", area_ha="0,8",
                        latitude=22.35, longitude=103.6)
        reg.call("lot.add", code="LC-GT-2026-0001-3", product="green-tea", plot=plot["id"],
                 harvested="2026-04-08", quantity_kg=250)
        reg.call("record.import", xml=xml.decode())
        i = reg.call("inspector.add", name="B")
        reg.call("inspector.approve", inspector=i["id"], decision="QĐ 12")
        reg.call("inspection.add", member=m["id"], inspector=i["id"], kind="initial", date="2026-05-02",
                 findings="in order", outcome="pass")
        p = reg.call("permit.apply", member=m["id"], product=["green-tea"], plot=[plot["id"]], quantity_kg=20)
        reg.call("permit.grant", permit=p["id"])
        sheet = reg.call("stamp.issue", permit=p["id"], lot="LC-GT-2026-0001-3", count=6, package_kg=2,
                         domain="gi.laichau.example")
        with pytest.raises(libgi.InvalidError, match="over quota: permit .* at most 4 more can be issued"):
            reg.call("stamp.issue", permit=p["id"], lot="LC-GT-2026-0001-3", count=5, package_kg=2,
                     domain="gi.laichau.example")
        # the same refusal in the officer's language under LC_MESSAGES=vi_VN
        # (po/vi.po): 20 kg allowed, 6 x 2 kg issued, 5 x 2 kg more would be 22 kg
        if os.environ.get("GI_LOCALEDIR"):
            before = locale.setlocale(locale.LC_MESSAGES)
            try:
                locale.setlocale(locale.LC_MESSAGES, "vi_VN.UTF-8")
            except locale.Error:
                before = None
            if before is not None:
                try:
                    with pytest.raises(libgi.InvalidError,
                                       match="^vượt hạn mức: giấy phép 1 có hạn mức 20 kg; đã cấp 6 tem .*"
                                             "chỉ có thể cấp thêm tối đa 4 tem$"):
                        reg.call("stamp.issue", permit=p["id"], lot="LC-GT-2026-0001-3", count=5, package_kg=2,
                                 domain="gi.laichau.example")
                finally:
                    locale.setlocale(locale.LC_MESSAGES, before)
        assert len(reg.call("stamp.list", permit=p["id"])["issued"]) == 1
        covering = reg.call("permit.for-lot", lot="LC-GT-2026-0001-3")
        assert covering["valid"] is True and covering["permit"]["id"] == p["id"]
        # a 1x1 PNG: its SHA-256 as sha256sum gives it; a GIF is refused
        png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
        photo = reg.call("lot.photo-add", lot="LC-GT-2026-0001-3", data=png, caption="Đồi chè")
        assert photo["sha256"] == "497790947d4666760ce38f3c00e852c71fdb66cae849bae8e9ede352719e1581"
        assert photo["media_type"] == "image/png"
        with pytest.raises(libgi.InvalidError, match="neither a JPEG nor a PNG"):
            reg.call("lot.photo-add", lot="LC-GT-2026-0001-3", data="R0lGODlhAQABAAAAACw=", caption="gif")
        status = reg.call("permit.status-list")["xml"]
    uris = sheet["uris"]
    path = tmp_path / "sheet.png"
    path.write_bytes(libgi.stamp_sheet(uris, "png"))
    out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True, check=True)
    assert sorted(out.stdout.split()) == sorted(uris)
    assert libgi.stamp_sheet(uris, labels=True).startswith("<svg")
    signer_key, vkey = libgi.Log.keygen("tea.example/log")
    with libgi.Log.create(tmp_path / "log", signer_key) as log:
        log.append(xml)
        log.commit()
        bundle = log.lot_proof("LC-GT-2026-0001-3")
    r = libgi.inspect_stamp(uris[0], keys, status_list=status, trust=trust, log_proof=bundle, log_key=vkey,
                            now=now)
    assert r["genuine"] and r["permit"] == "P1" and r["permit_valid"] and r["issued"]
    assert r["in_log"] and r["log_records"] == 1 and r["warning"] is None
    r = libgi.inspect_stamp(uris[0], keys, log_dir=tmp_path / "log", log_key=vkey)
    assert r["in_log"] and r["permit_valid"] is None and r["issued"] is None
    with pytest.raises(libgi.InvalidError, match="signature does not verify"):
        libgi.inspect_stamp(uris[0], keys, status_list=status.replace('state="granted"', 'state="grantee"'),
                            trust=trust, now=now)


def test_log_vectors_proofs_and_monitor(tmp_path):
    """The log binding: the Certificate Transparency reference leaves give
    the published root of the 8-leaf tree (google/certificate-transparency
    merkle_tree_test.cc, as in google/trillian merkle/log_verifier_test.go),
    an offline proof verifies only for its entry and key, and the monitor
    refuses a log that rolled back."""
    import base64
    import hashlib
    signer, verifier = libgi.Log.keygen("tea.example/log")
    assert verifier.startswith("tea.example/log+")
    leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f"]
    with libgi.Log.create(tmp_path / "log", signer) as log:
        assert [log.append(bytes.fromhex(h)) for h in leaves[:6]] == list(range(6))
        assert log.commit() == 6
        old_checkpoint = log.checkpoint
        old_root = base64.b64decode(log.checkpoint.split("\n")[2])
        for h in leaves[6:]:
            log.append(bytes.fromhex(h))
        log.commit()
        assert log.size == 8
        root = base64.b64decode(log.checkpoint.split("\n")[2])
        assert root.hex() == "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
        proof = log.consistency_proof(6)
        assert [p.hex() for p in proof] == [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]
        assert libgi.Log.verify_consistency(6, 8, old_root, root, proof)
        assert not libgi.Log.verify_consistency(6, 8, root, old_root, proof)
        leaf5 = hashlib.sha256(b"\0" + bytes.fromhex(leaves[5])).digest()
        text = log.prove(5)
        lines = text.split("\n")
        path = [base64.b64decode(l) for l in lines[2:5]]
        assert libgi.Log.verify_inclusion(5, 8, leaf5, path, root)
        assert not libgi.Log.verify_inclusion(4, 8, leaf5, path, root)
        assert log.find(bytes.fromhex(leaves[3])) == 3 and log.find(b"absent") is None
        log.monitor(tmp_path / "seen")
    assert libgi.verify_log_proof(text, verifier, bytes.fromhex(leaves[5])) == (5, 8)
    with pytest.raises(libgi.InvalidError):
        libgi.verify_log_proof(text, verifier, bytes.fromhex(leaves[4]))
    with pytest.raises(libgi.InvalidError):
        libgi.verify_log_proof(text, libgi.Log.keygen("tea.example/log")[1], bytes.fromhex(leaves[5]))
    with libgi.Log.open(tmp_path / "log", verifier_key=verifier) as log:
        with pytest.raises(libgi.UsageError):
            log.append(b"no signer key")
    # rolled back to a checkpoint of 6 entries: the monitor that saw 8 refuses it
    (tmp_path / "log" / "checkpoint").write_bytes(old_checkpoint.encode("utf-8"))
    with libgi.Log.open(tmp_path / "log", verifier_key=verifier) as log:
        assert log.size == 6
        log.monitor()
        with pytest.raises(libgi.InvalidError):
            log.monitor(tmp_path / "seen")
    with pytest.raises(libgi.InvalidError):
        libgi.Log.open(tmp_path / "log", verifier_key=libgi.Log.keygen("tea.example/log")[1])


def test_log_monitor_over_http(tmp_path):
    """A log that a web server publishes is read through Log.open(URL):
    the monitor verifies it and keeps its checkpoint; a grown log extends
    it; a missing log is a FileError naming the URL and HTTP status; a
    URL log is read-only."""
    import functools
    import http.server
    import threading
    signer, verifier = libgi.Log.keygen("tea.example/log")
    (tmp_path / "www").mkdir()
    with libgi.Log.create(tmp_path / "www" / "log", signer) as log:
        for i in range(300):
            log.append("entry %d" % i)
        log.commit()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    try:
        with libgi.Log.open(base + "/log", verifier_key=verifier, timeout=30) as log:
            assert log.size == 300
            log.monitor(tmp_path / "seen")
            assert log.find("entry 299") == 299
            with pytest.raises(libgi.UsageError):
                log.append(b"read-only")
        with libgi.Log.open(tmp_path / "www" / "log", signer_key=signer) as log:
            log.append("entry 300")
            log.commit()
        with libgi.Log.open(base + "/log/", verifier_key=verifier) as log:
            assert log.size == 301
            log.monitor(tmp_path / "seen")
        with pytest.raises(libgi.FileError, match=r"/none/checkpoint: the server answered HTTP status 404"):
            libgi.Log.open(base + "/none", verifier_key=verifier)
        with pytest.raises(libgi.UsageError):
            libgi.Log.open(base + "/log", signer_key=signer)
    finally:
        server.shutdown()
        server.server_close()

def test_vietnamese_follows_lc_messages():
    """libgi speaks the language of LC_MESSAGES at the call and never sets
    it: under vi_VN the *_text fields are Vietnamese (po/vi.po) while
    verdict and reason stay the English machine values; back under C,
    the texts are English again."""
    if not os.environ.get("GI_LOCALEDIR"):
        pytest.skip("GI_LOCALEDIR (the build tree's catalogues) not set")
    before = locale.setlocale(locale.LC_MESSAGES)
    try:
        locale.setlocale(locale.LC_MESSAGES, "vi_VN.UTF-8")
    except locale.Error:
        pytest.skip("no vi_VN.UTF-8 locale (.ci/install-deps generates it)")
    try:
        # verify() streams: the samples are evaluated as they are read, so
        # they are read here, under vi_VN
        run = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT))
        samples, summary = run.samples, run.summary
        rule = libgi.rule_text("simple")
    finally:
        locale.setlocale(locale.LC_MESSAGES, before)
    low = samples[1]   # LC26-GT-002: 5.21 g/100g against the green-tea minimum 5.34
    assert low.verdict == "fail" and low.verdict_text == "Không đạt"
    assert low.criteria[0].reason == "5.21 g/100g is below the minimum ≥ 5.34"
    assert low.criteria[0].reason_text == "5.21 g/100g thấp hơn mức tối thiểu ≥ 5.34"
    assert samples[5].criteria[0].verdict_text == "Chưa kiểm nghiệm"
    assert summary["verdict"] == "fail" and summary["verdict_text"] == "Không đạt"
    assert rule.startswith("chấp nhận đơn giản (ILAC-G8:09/2019, mục 4.2.1)")
    assert libgi.verdict_text("conditional-pass") == "conditional pass"
    english = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT))
    assert english.samples[1].verdict_text == "fail"


def test_vietnamese_pictures_and_errors_follow_lc_messages(tmp_path):
    """The pictures of the decisions (those of the HTML report) and the
    library's messages about a bad report are in the language of
    LC_MESSAGES at the call as well. LC26-GT-002: 5.21 g/100g fails the
    green-tea minimum 5.34 g/100g (GI No. 00146)."""
    if not os.environ.get("GI_LOCALEDIR"):
        pytest.skip("GI_LOCALEDIR (the build tree's catalogues) not set")
    bad = tmp_path / "bad.csv"
    bad.write_text("lab,sample,product,spec,analyte,unit,value\n"
                   "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,x\n")
    before = locale.setlocale(locale.LC_MESSAGES)
    try:
        locale.setlocale(locale.LC_MESSAGES, "vi_VN.UTF-8")
    except locale.Error:
        pytest.skip("no vi_VN.UTF-8 locale (.ci/install-deps generates it)")
    try:
        picture = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), pictures=True).samples[1].criteria[0].svg
        with pytest.raises(libgi.Error) as vi_error:
            libgi.Spec.load(SPEC).verify(libgi.Report.open(str(bad))).samples
    finally:
        locale.setlocale(locale.LC_MESSAGES, before)
    assert "<title>glutamic-acid: Không đạt</title>" in picture
    assert "value 'x' không phải là số" in str(vi_error.value)
    english = libgi.Spec.load(SPEC).verify(libgi.Report.open(REPORT), pictures=True).samples[1].criteria[0].svg
    assert "<title>glutamic-acid: fail</title>" in english
    with pytest.raises(libgi.Error) as en_error:
        libgi.Spec.load(SPEC).verify(libgi.Report.open(str(bad))).samples
    assert "value 'x' is not a number" in str(en_error.value)
