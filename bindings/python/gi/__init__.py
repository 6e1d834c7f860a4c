"""libgi for Python: check laboratory results against geographic-indication
(GI) specifications.

    import gi
    with gi.Spec.load("specs/lai-chau-tea.xml") as spec:
        run = spec.verify(gi.Report.open("examples/lai-chau-2026.xml"))
        for sample in run:
            print(sample.id, sample.verdict)

Every call goes to the C library (libgi); this package only shapes its
results as Python objects. Errors are raised as gi.Error subclasses
carrying ``message``, ``file`` and ``line``.
"""
import json as _json

from . import _gi
from ._gi import AbortedError, Error, FileError, InvalidError, ParseError, UsageError

__all__ = ["Spec", "Report", "Verification", "SampleResult", "CriterionResult", "Error", "FileError",
           "ParseError", "InvalidError", "UsageError", "AbortedError", "parse_number", "convert_unit",
           "canonical_unit", "RULES", "__version__"]

__version__ = _gi.version()

#: Decision rules a criterion (or a what-if override) can use.
RULES = ("simple", "guarded", "non-binary", "probability", "residue")


def parse_number(text):
    """Parse a number as lab documents write it ("5,34" or "5.34"),
    whatever the process locale."""
    return _gi.parse_number(text)


def convert_unit(value, from_unit, to_unit):
    """Convert a value between units of one family (g/100g, %, mg/kg, ...)."""
    return _gi.unit_convert(float(value), from_unit, to_unit)


def canonical_unit(spelling):
    """The canonical spelling of a unit ("ppm" -> "mg/kg")."""
    return _gi.unit_canonical(spelling)


class Spec:
    """A GI product specification, validated against gi-spec.xsd and the
    semantic rules when loaded."""

    def __init__(self, handle):
        self._h = handle
        self._info = _gi.spec_info(handle)

    @classmethod
    def load(cls, path):
        """Load a specification file."""
        return cls(_gi.spec_load(path))

    @classmethod
    def from_bytes(cls, data, name="(memory)"):
        """Load a specification from bytes (or str, encoded as UTF-8)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        return cls(_gi.spec_from_bytes(bytes(data), name))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Release the specification (also done when it is garbage collected)."""
        self._h = None

    def _handle(self):
        if self._h is None:
            raise UsageError("the specification is closed")
        return self._h

    @property
    def info(self):
        """Identity of the spec and the GI: id, version, effective, name, registration, ... (dict)."""
        return dict(self._info)

    id = property(lambda self: self._info["id"], doc="Specification id.")
    version = property(lambda self: self._info["version"], doc="Specification version.")
    effective = property(lambda self: self._info["effective"], doc="Date the version takes effect.")
    name = property(lambda self: self._info["name"], doc="GI name in the registration's language.")
    sha256 = property(lambda self: self._info["sha256"], doc="SHA-256 of the document's bytes.")

    @property
    def products(self):
        """Products with their criteria (list of dicts)."""
        return _gi.spec_products(self._handle())

    def verify(self, report, rule=None):
        """Verify every sample of a Report; rule overrides every criterion's
        decision rule (what-if). Returns a Verification."""
        if not isinstance(report, Report):
            raise TypeError("report must be a gi.Report")
        if rule is not None and rule not in RULES:
            raise UsageError("unknown decision rule %r (one of %s)" % (rule, ", ".join(RULES)))
        samples, summary = _gi.verify(self._handle(), report._handle(), rule)
        return Verification(samples, summary, report)

    def __repr__(self):
        return "<gi.Spec %s version %s>" % (self.id, self.version)


class Report:
    """A laboratory report (XML or CSV), read once by Spec.verify()."""

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def open(cls, path, format=None):
        """Open a report file; format is "xml", "csv" or None (guess)."""
        return cls(_gi.report_open(path, format))

    @classmethod
    def from_bytes(cls, data, name="(memory)", format=None):
        return cls(_gi.report_from_bytes(bytes(data), name, format))

    @classmethod
    def from_string(cls, text, name="(memory)", format=None):
        return cls.from_bytes(text.encode("utf-8"), name, format)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        self._h = None

    def _handle(self):
        if self._h is None:
            raise UsageError("the report is closed")
        return self._h

    @property
    def lab(self):
        """The issuing laboratory and the report's identity (dict)."""
        return _gi.report_info(self._handle())


class CriterionResult:
    """The evaluation of one criterion for one sample."""

    def __init__(self, d):
        self._d = d

    def __getattr__(self, key):
        try:
            return self._d[key]
        except KeyError:
            raise AttributeError(key) from None

    def to_dict(self):
        return _json.loads(_json.dumps(self._d))

    def __repr__(self):
        return "<gi.CriterionResult %s: %s>" % (self._d["id"], self._d["verdict"])


class SampleResult:
    """The evaluation of one sample: verdict, reason, origin, criteria.
    to_dict() is the object `gi verify --json` prints for the sample."""

    def __init__(self, text):
        self._d = _json.loads(text)
        self.criteria = [CriterionResult(c) for c in self._d["criteria"]]

    id = property(lambda self: self._d["id"])
    lot = property(lambda self: self._d["lot"])
    product = property(lambda self: self._d["product"])
    verdict = property(lambda self: self._d["verdict"])
    reason = property(lambda self: self._d["reason"])
    origin = property(lambda self: dict(self._d["origin"]))

    def to_dict(self):
        return _json.loads(_json.dumps(self._d))

    def __repr__(self):
        return "<gi.SampleResult %s: %s>" % (self.id, self.verdict)


class Verification:
    """The result of Spec.verify(): the samples in report order and the
    summary (counts and the report's verdict)."""

    def __init__(self, samples, summary, report):
        self.samples = [SampleResult(s) for s in samples]
        self.summary = summary
        self.report = report.lab

    verdict = property(lambda self: self.summary["verdict"])

    def __iter__(self):
        return iter(self.samples)

    def __len__(self):
        return len(self.samples)
