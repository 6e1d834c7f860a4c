"""Tests of the Python binding, run by make check against the module just
built (tests/python.sh). Expected numbers come from the shipped example and
the Lai Châu registration (GI No. 00146: glutamic acid >= 5.34 g/100g)."""
import json
import locale
import os
import subprocess

import pytest

import gi

SRC = os.environ.get("GI_SRCDIR", ".")
SPEC = os.path.join(SRC, "specs", "lai-chau-tea.xml")
REPORT = os.path.join(SRC, "examples", "lai-chau-2026.xml")
CSV = os.path.join(SRC, "examples", "lai-chau-2026.csv")


def test_spec_identity_and_products():
    with gi.Spec.load(SPEC) as spec:
        assert spec.id == "vn-gi-00146-lai-chau-tea"
        assert spec.info["registration"] == "00146"
        assert spec.info["decision"] == "559/QĐ-SHTT"
        assert len(spec.sha256) == 64
        limits = {p["id"]: p["criteria"][0]["limit"]["lower"] for p in spec.products}
        assert limits == {"green-tea": 5.34, "oolong": 4.24, "oriental-beauty": 5.61}


def test_verify_example():
    spec = gi.Spec.load(SPEC)
    run = spec.verify(gi.Report.open(REPORT))
    assert len(run) == 6
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
    run = gi.Spec.load(SPEC).verify(gi.Report.open(REPORT))
    assert [s.to_dict() for s in run] == cli


def test_csv_and_strings_give_the_same_verdicts():
    spec = gi.Spec.load(SPEC)
    xml = [s.verdict for s in spec.verify(gi.Report.open(REPORT))]
    csv = [s.verdict for s in spec.verify(gi.Report.open(CSV))]
    with open(CSV, encoding="utf-8") as f:
        text = [s.verdict for s in spec.verify(gi.Report.from_string(f.read(), "x.csv"))]
    assert xml == csv == text


def test_rule_override():
    run = gi.Spec.load(SPEC).verify(gi.Report.open(REPORT), rule="non-binary")
    assert run.samples[0].verdict == "conditional-pass"
    assert run.samples[1].verdict == "conditional-fail"
    assert run.samples[0].criteria[0].rule["name"] == "non-binary"
    with pytest.raises(gi.UsageError):
        gi.Spec.load(SPEC).verify(gi.Report.open(REPORT), rule="lenient")


def test_errors_carry_file_and_line():
    spec = gi.Spec.load(SPEC)
    bad = ("lab,sample,product,spec,analyte,unit,value\n"
           "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n")
    with pytest.raises(gi.ParseError) as e:
        spec.verify(gi.Report.from_string(bad, "bad.csv"))
    assert e.value.file == "bad.csv" and e.value.line == 2
    assert "5.4x" in e.value.message
    with pytest.raises(gi.FileError):
        gi.Spec.load("/nonexistent/spec.xml")
    with pytest.raises(gi.InvalidError) as e:
        gi.Spec.from_bytes(b'<giSpec xmlns="urn:libgi:gi-spec:1"/>', "s.xml")
    assert isinstance(e.value, gi.Error)
    with pytest.raises(gi.ParseError):
        gi.Spec.from_bytes("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
    report = gi.Report.open(REPORT)
    spec.verify(report)
    with pytest.raises(ValueError):
        spec.verify(report)     # a report is read once


def test_closed_objects():
    spec = gi.Spec.load(SPEC)
    spec.close()
    with pytest.raises(gi.UsageError):
        spec.verify(gi.Report.open(REPORT))


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
        assert gi.parse_number("5,34") == 5.34 and gi.parse_number("5.34") == 5.34
        assert gi.convert_unit(5340, "mg/100g", "g/100g") == 5.34
        assert gi.canonical_unit("ppm") == "mg/kg"
        run = gi.Spec.load(SPEC).verify(gi.Report.open(REPORT))
        assert [s.verdict for s in run] == ["pass", "fail", "pass", "fail", "pass", "incomplete"]
        assert run.samples[0].criteria[0].value == pytest.approx(5.495)
    finally:
        locale.setlocale(locale.LC_ALL, "C")
    with pytest.raises(gi.ParseError):
        gi.parse_number("1.234,5")
    with pytest.raises(gi.InvalidError):
        gi.convert_unit(1, "%", "meq O2/kg")
