# SPDX-License-Identifier: GPL-3.0-or-later
"""libgi for Python: check laboratory results against geographic-indication
(GI) specifications.

    import libgi
    with libgi.Spec.load("specs/lai-chau-tea.xml") as spec:
        run = spec.verify(libgi.Report.open("examples/lai-chau-2026.xml"))
        for sample in run:
            print(sample.id, sample.verdict)

Every call goes to the C library (libgi); this package only shapes its
results as Python objects. Errors are raised as libgi.Error subclasses
carrying ``message``, ``file`` and ``line``.
"""
import json as _json
import os as _os

from . import _gi
from ._gi import AbortedError, Error, FileError, InvalidError, ParseError, UsageError

__all__ = ["Registry", "Spec", "Report", "Verification", "SampleResult", "CriterionResult", "Signer", "Trust",
           "verify_record", "restamp_record", "record_content", "stats", "pt", "risk", "Error", "FileError",
           "ParseError", "InvalidError", "UsageError", "AbortedError", "parse_number", "format_measurement",
           "convert_unit", "canonical_unit", "StampKeys", "sign_stamp", "verify_stamp", "stamp_qr_svg",
           "stamp_qr_png", "stamp_sheet", "inspect_stamp", "verdict_text", "rule_text",
           "RULES", "VERDICTS", "__version__", "spec_dir", "Log", "verify_log_proof"]

__version__ = _gi.version()

_names = _gi.names()
#: Decision rules a criterion (or a what-if override) can use.
RULES = tuple(_names["rules"])
#: Verdict names, of criteria, samples and reports.
VERDICTS = tuple(_names["verdicts"])


def _path(name):
    """A file name given as str, bytes or os.PathLike, as str (None stays None)."""
    return None if name is None else _os.fsdecode(name)


_EUSAGE = -6   # GI_EUSAGE (gi/error.h): the caller passed an invalid argument


def _usage(message):
    """UsageError for an argument refused here, with the attributes and
    code (GI_EUSAGE) libgi's own usage errors carry."""
    e = UsageError(message)
    e.message, e.file, e.line, e.code = message, None, None, _EUSAGE
    return e


def parse_number(text):
    """Parse a number as lab documents write it ("5,34" or "5.34"),
    whatever the process locale."""
    return _gi.parse_number(text)


def format_measurement(value, uncertainty):
    """A value and its expanded uncertainty written for people (GUM 7.2.6):
    U to two significant digits, the value to the same place ("6.33 ± 0.19")."""
    return _gi.format_measurement(float(value), float(uncertainty))


def convert_unit(value, from_unit, to_unit):
    """Convert a value between units of one family (g/100g, %, mg/kg, ...)."""
    return _gi.unit_convert(float(value), from_unit, to_unit)


def spec_dir():
    """The directory libgi's shipped specifications are installed to, where
    Spec.load looks for a name after $GI_SPEC_PATH."""
    return _gi.spec_dir()


def verdict_text(verdict):
    """A verdict name ("conditional-pass") in words for a person, in the
    language of LC_MESSAGES at the call: libgi follows the locale and never
    sets it. Python leaves LC_MESSAGES at "C" (English) until the program
    calls locale.setlocale(locale.LC_ALL, "") or, for messages only,
    locale.setlocale(locale.LC_MESSAGES, "vi_VN.UTF-8"). Results carry the
    same words: ``verdict_text`` and ``reason_text`` beside ``verdict`` and
    ``reason``, which stay English machine values."""
    return _gi.text("verdict", verdict)


def rule_text(rule):
    """A decision rule ("guarded") stated for a person, with the clause of
    ILAC-G8:09/2019 (or JCGM 106, SANTE/11312) that defines it, in the
    language of LC_MESSAGES (see verdict_text)."""
    return _gi.text("rule", rule)


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
        """Load a specification: a file, or the name of an installed one
        ("lai-chau-tea": lai-chau-tea.xml in $GI_SPEC_PATH, then in
        libgi's installed specs directory)."""
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
            raise _usage("the specification is closed")
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

    @property
    def analytes(self):
        """Declared analytes (list of dicts: id, name, moisture)."""
        return _gi.spec_analytes(self._handle())

    @property
    def areas(self):
        """Production areas (list of dicts: id, name, units, altitude)."""
        return _gi.spec_areas(self._handle())

    def has_product(self, product_id):
        return _gi.spec_has(self._handle(), "product", product_id)

    def has_analyte(self, analyte_id):
        return _gi.spec_has(self._handle(), "analyte", analyte_id)

    def verify(self, report, rule=None, signer=None, issuer=None, pictures=False):
        """Verify the samples of a Report; rule overrides every criterion's
        decision rule (what-if). Returns a Verification, which streams:
        iterating it reads, evaluates and yields one sample at a time, so
        memory stays flat however long the report; its ``samples`` list is
        there when wanted. A bad sample raises when it is reached. With a
        Signer, every sample also gets a signed verification record
        (SampleResult.record). With pictures=True every criterion result
        carries ``svg``: the picture of its decision (or None)."""
        if not isinstance(report, Report):
            raise TypeError("report must be a libgi.Report")
        handle = signer._handle() if signer is not None else None
        sha = report._sha256 if signer is not None else None
        stream = _gi.verifier_new(self._handle(), report._handle(), rule, handle, sha, issuer, bool(pictures))
        return Verification(stream, report)

    def __repr__(self):
        return "<libgi.Spec %s version %s>" % (self.id, self.version)


class Report:
    """A laboratory report (XML or CSV), read once by Spec.verify()."""

    def __init__(self, handle, sha256):
        self._h = handle
        self._sha256 = sha256

    @classmethod
    def open(cls, path, format=None, decimal=None):
        """Open a report file; format is "xml", "csv" or None (guess);
        decimal is the report's decimal separator, "," or ".", or None
        (the report's numbers tell)."""
        return cls(_gi.report_open(path, format, decimal), _gi.sha256_file(path))

    @classmethod
    def from_bytes(cls, data, name="(memory)", format=None, decimal=None):
        data = bytes(data)
        return cls(_gi.report_from_bytes(data, name, format, decimal), _gi.sha256_bytes(data))

    @classmethod
    def from_string(cls, text, name="(memory)", format=None, decimal=None):
        return cls.from_bytes(text.encode("utf-8"), name, format, decimal)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        self._h = None

    def _handle(self):
        if self._h is None:
            raise _usage("the report is closed")
        return self._h

    @property
    def lab(self):
        """The issuing laboratory and the report's identity (dict)."""
        return _gi.report_info(self._handle())

    def __iter__(self):
        """The samples as read (dicts with their measurements), without
        verifying them. A report is read once: iterating or verifying it
        again raises UsageError."""
        handle = self._handle()
        _gi.report_claim(handle)
        return self._samples(handle)

    @staticmethod
    def _samples(handle):
        while True:
            sample = _gi.report_next(handle)
            if sample is None:
                return
            yield sample


class CriterionResult:
    """The evaluation of one criterion for one sample."""

    svg = None

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
        return "<libgi.CriterionResult %s: %s>" % (self._d["id"], self._d["verdict"])


class SampleResult:
    """The evaluation of one sample: verdict, reason, origin, criteria,
    and with a signer its signed record. to_dict() is the object
    `gi verify --json` prints for the sample."""

    __slots__ = ("_text", "_d", "_criteria", "_pictures", "id", "lot", "product", "verdict", "reason", "record")

    def __init__(self, text, pictures=None, record=None):
        if isinstance(text, tuple):
            text, pictures = text
        self._text, self._d, self._criteria, self._pictures = text, None, None, pictures
        self.record = record
        d = self._dict()
        self.id, self.lot, self.product, self.verdict, self.reason = (d["id"], d["lot"], d["product"],
                                                                      d["verdict"], d["reason"])

    @classmethod
    def _from_stream(cls, t):
        # (json, id, lot, product, verdict, reason, pictures, record) from
        # the verifier: the JSON is decoded only when asked for
        self = cls.__new__(cls)
        (self._text, self.id, self.lot, self.product, self.verdict, self.reason, self._pictures,
         self.record) = t
        self._d = self._criteria = None
        return self

    def _dict(self):
        if self._d is None:
            self._d = _json.loads(self._text)
        return self._d

    @property
    def criteria(self):
        """The evaluation of each criterion (list of CriterionResult)."""
        if self._criteria is None:
            self._criteria = [CriterionResult(c) for c in self._dict()["criteria"]]
            if self._pictures is not None:
                for c, svg in zip(self._criteria, self._pictures.split("\x1e")):
                    c.svg = svg or None
        return self._criteria

    #: the verdict and reason in the language of LC_MESSAGES when verified
    verdict_text = property(lambda self: self._dict()["verdict_text"])
    reason_text = property(lambda self: self._dict()["reason_text"])
    origin = property(lambda self: dict(self._dict()["origin"]))

    def to_dict(self):
        return _json.loads(self._text)

    def __repr__(self):
        return "<libgi.SampleResult %s: %s>" % (self.id, self.verdict)


class Verification:
    """The result of Spec.verify(), read as a stream: iterating yields the
    samples in report order, one at a time, each evaluated as it is
    reached (a second iteration continues where the first stopped).
    ``samples`` reads every sample not yet read into a list and keeps it
    (the convenience for small reports; it cannot bring back samples an
    iteration already passed on, and the count is len(run.samples)).
    ``summary`` (counts and the report's verdict) finishes the
    verification first; ``records`` is the list of the kept samples'
    (record id, XML bytes) pairs when signed."""

    def __init__(self, stream, report):
        self._stream = stream
        self._kept = None
        self._streamed = False
        self._finished = False
        self._report = report._handle()

    @property
    def report(self):
        """The report's identity and laboratory (dict); its sha256 once
        the report has been read to the end."""
        return _gi.report_info(self._report)

    def __iter__(self):
        if self._kept is not None:
            return iter(self._kept)
        self._streamed = True
        return self._each()

    def _each(self):
        make = SampleResult._from_stream
        for t in self._stream:
            yield make(t)
        self._finished = True

    @property
    def samples(self):
        """Every sample, as a list: built on first use from the samples
        not yet read."""
        if self._kept is None:
            if self._streamed or self._finished:
                raise _usage("the samples were read one at a time (by iterating the verification or by "
                             "its summary) and not kept; use samples first to keep them")
            make = SampleResult._from_stream
            self._kept = [make(t) for t in self._stream]
            self._finished = True
        return self._kept

    @property
    def records(self):
        """(record id, XML bytes) of every sample, in sample order, when
        signed (built as samples is; while streaming use SampleResult.record)."""
        return [s.record for s in self.samples if s.record is not None]

    @property
    def summary(self):
        """Counts and the report's verdict (dict). Reads the samples not
        yet read, without keeping them, to finish the verification."""
        if not self._finished:
            for _ in self._stream:
                pass
            self._finished = True
        return _json.loads(_gi.verifier_summary(self._stream))

    verdict = property(lambda self: self.summary["verdict"])


class Signer:
    """A signing key with its certificate chain: PEM key and certificate
    (optionally an encrypted key and its password), or a PKCS#12 file.
    key may be a PKCS#11 URI ("pkcs11:token=LAB;object=lab-key;type=private")
    of a key on a token, with the PIN as password; cert may then be None
    to use the token's certificate. The token's module is the URI's
    module-path, else $GI_PKCS11_MODULE, else p11-kit's proxy module."""

    def __init__(self, key=None, cert=None, pkcs12=None, password=None):
        self._h = _gi.signer_load(_path(key), _path(cert), _path(pkcs12), password)

    @classmethod
    def external(cls, sign, cert=None, cert_pem=None):
        """A signer whose key stays elsewhere (a remote signing service):
        sign(digest_name, digest) returns the signature of the digest -
        RSASSA-PKCS1-v1_5 for an RSA certificate, ECDSA (DER or r||s) for
        EC - or raises. The certificate and its chain: the PEM file cert,
        or PEM text cert_pem."""
        self = cls.__new__(cls)
        self._h = _gi.signer_external(sign, _path(cert), cert_pem)
        return self

    def _handle(self):
        return self._h

    @property
    def subject(self):
        """The signer certificate's subject."""
        return _gi.signer_subject(self._h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._h = None
        return False


class Trust:
    """Trust anchors (PEM CA certificates) and optionally a CRL, for
    verify_record()."""

    def __init__(self, anchors, crl=None):
        self._h = _gi.trust_load(_path(anchors), _path(crl))

    def set_time(self, when):
        """Check records as of ``when`` (seconds since 1970, UTC; 0: the
        clock) instead of now."""
        _gi.trust_set_time(self._h, int(when))


class StampKeys:
    """The council's stamp-signing certificates (a PEM file of one or
    more), for verify_stamp()."""

    def __init__(self, pem):
        self._h = _gi.stamp_keys_load(_path(pem))


def sign_stamp(signer, domain, lot, gtin=None, serial=None):
    """The signed stamp of a lot (or, with serial, of one package): a GS1
    Digital Link URI on the portal's domain (specs/stamp-format.md)."""
    return _gi.stamp_sign(signer._handle(), domain, gtin, lot, serial)


def verify_stamp(uri, keys):
    """Whether a stamp is genuine: a dict with genuine, reason, domain,
    gtin, lot, serial and signer. It never raises for a stamp that is not
    genuine - read ``genuine`` and ``reason``."""
    return _gi.stamp_verify(uri, keys._h)


def stamp_qr_svg(text, module_mm=0.5):
    """The QR code of text as an SVG document (modules of module_mm
    millimetres, with the quiet zone)."""
    return _gi.stamp_qr_svg(text, float(module_mm))


def stamp_qr_png(text, scale=8):
    """The QR code of text as PNG bytes (scale pixels a module)."""
    return _gi.stamp_qr_png(text, int(scale))


def stamp_sheet(uris, format="svg", *, module_mm=0.5, width_mm=190, gap_mm=3, scale=4, labels=False):
    """A print sheet of stamps (the URIs "stamp.issue" returned): an SVG
    document at print size (str) when format is "svg", or one PNG image
    (bytes) when "png"; every code keeps its quiet zone."""
    if format not in ("svg", "png"):
        raise _usage("format must be 'svg' or 'png'")
    out = _gi.stamp_sheet(list(uris), 1 if format == "png" else 0, float(module_mm), float(width_mm),
                          float(gap_mm), int(scale), bool(labels))
    return out.decode("utf-8") if format == "svg" else out


def inspect_stamp(uri, keys, *, status_list=None, trust=None, log_dir=None, log_proof=None, log_key=None, now=0):
    """The whole check of a stamp (gi_stamp_inspect): verify_stamp's dict
    plus permit, permit_state, valid_from, valid_until, permit_valid and
    status_date from the registry's signed status list (checked against
    trust and the council's keys), issued (was this serial issued for the
    lot), in_log, log_records and log from the log directory or a lot
    proof bundle (checked with log_key), and warning (None when all given
    evidence checks out). Unchecked answers are None. Raises InvalidError
    when the status list or a proof does not verify; never raises for a
    stamp that is not genuine."""
    if isinstance(status_list, str):
        status_list = status_list.encode("utf-8")
    if isinstance(log_proof, bytes):
        log_proof = log_proof.decode("utf-8")
    return _gi.stamp_inspect(uri, keys._h, status_list, trust._h if trust is not None else None,
                             _path(log_dir) if log_dir is not None else "", log_proof, log_key, int(now))


class Registry:
    """The GI council's registry (gi/registry.h): members, plots, lots,
    e-logbook, records, inspections, permits and violations, in a SQLite
    file or a PostgreSQL database ("postgresql://..."). Every change is one
    transaction with its append-only event; a refused one raises
    InvalidError with the reason and changes nothing.

        with libgi.Registry("council.db", spec, actor="qc") as reg:
            m = reg.call("member.add", kind="household", name="Lò Văn A",
                         tax_id="0101234567")

    The actions and their arguments are in specs/registry-format.md.
    With ``log_dir`` (a transparency log directory, see Log) and
    ``log_key`` (its signer key string), every change and imported record
    is also appended to the log, one signed checkpoint per call; the
    registry holds the log as its writer until closed."""

    def __init__(self, url, spec, trust=None, signer=None, actor=None, banned=None, months_pass=0,
                 months_fail=0, repeat_months=0, now=0, schema_version=0, log_dir=None, log_key=None):
        # the registry borrows the spec, trust anchors and signer: the
        # handle keeps them alive
        self._h = _gi.registry_open(_path(url), spec._handle(), trust._h if trust is not None else None,
                                    signer._handle() if signer is not None else None, actor, _path(banned),
                                    int(months_pass), int(months_fail), int(repeat_months), int(now),
                                    int(schema_version), _path(log_dir), log_key)

    def call(self, action, **args):
        """Run one action ("member.add", "permit.grant", ...) with its
        arguments; returns the result (dict)."""
        if self._h is None:
            raise _usage("the registry is closed")
        return _json.loads(_gi.registry_call(self._h, action, _json.dumps(args)))

    @property
    def schema_version(self):
        """The schema version of the open database."""
        return _gi.registry_schema_version(self._h)

    @staticmethod
    def check_lot_code(code):
        """Raise ParseError unless code is a well-formed lot code with the
        right check character (ISO/IEC 7064 MOD 11-2)."""
        _gi.registry_lot_code_check(code)

    def close(self):
        """Close the database (also done when garbage collected)."""
        if self._h is not None:
            _gi.registry_close(self._h)
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def restamp_record(xml, trust, tsa, name="(memory)"):
    """Add an XAdES archive time-stamp to a time-stamped record that
    verifies; ``tsa`` is a callable taking the DER RFC 3161 request (bytes)
    and returning the DER response. Returns the new record (bytes)."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    return _gi.record_restamp(bytes(xml), name, trust._h, tsa)


def verify_record(xml, trust, name="(memory)"):
    """Verify a signed record (bytes or str): returns a dict with status
    ("valid", "bad-digest", "revoked", "no-crl", ...), valid, reason,
    signer (the certificate's subject), claimed_issuer (the record's
    issuer element, not checked), signed_at, timestamp, ... It never raises for a record that fails a
    check - read ``valid`` and ``status``."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    return _gi.record_verify(bytes(xml), name, trust._h)


def record_content(xml, name="(memory)"):
    """What a record states, as a dict (its signature is not checked)."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    return _json.loads(_gi.record_json(bytes(xml), name))


class stats:
    """Replicate statistics and outlier tests (GSL, in the C library)."""

    describe = staticmethod(lambda values, confidence=0.95: _gi.stats_describe(list(values), confidence))
    grubbs = staticmethod(lambda values: _gi.stats_grubbs(list(values)))
    grubbs_critical = staticmethod(lambda n, alpha=0.05: _gi.stats_grubbs_critical(n, alpha))
    dixon = staticmethod(lambda values: _gi.stats_dixon(list(values)))
    dixon_critical = staticmethod(lambda n, alpha=0.05: _gi.stats_dixon_critical(n, alpha))
    algorithm_a = staticmethod(lambda values: _gi.stats_algorithm_a(list(values)))
    cochran = staticmethod(lambda variances: _gi.stats_cochran(list(variances)))
    cochran_critical = staticmethod(lambda p, n, alpha=0.05: _gi.stats_cochran_critical(p, n, alpha))


class pt:
    """Proficiency testing (ISO 13528): score a round from a CSV file or
    from lists."""

    @staticmethod
    def load(path, assigned=None, sigma=None, alpha=0.05):
        return _gi.pt_load(path, assigned, sigma, alpha)

    @staticmethod
    def evaluate(labs, values, assigned=None, sigma=None, alpha=0.05):
        return _gi.pt_evaluate(list(labs), list(values), assigned, sigma, alpha)

    classify = staticmethod(lambda z: _gi.pt_classify(z))


class risk:
    """Global consumer's and producer's risks of a decision rule (JCGM
    106:2012 9.5) and process capability (ISO 22514-2), for a normal
    process (mean, sd of the true values) measured with standard
    uncertainty u against a lower and/or upper tolerance limit. Results
    are dicts: consumer (R_C, false acceptance), producer (R_P, false
    rejection), abserr, nonconforming (p0), guard, accept_lower,
    accept_upper, process_sd, cp, cpk, cpu, cpl, cm (None where an index
    does not apply)."""

    @staticmethod
    def global_risks(*, mean, sd, u, lower=None, upper=None, guard=0.0, sd_includes_u=False):
        """Risks with acceptance limits lower + guard and upper - guard.
        sd_includes_u: sd is the spread of measured results (a history),
        whose true-value part is sqrt(sd**2 - u**2)."""
        return _gi.risk_global(lower, upper, float(mean), float(sd), float(u), float(guard), bool(sd_includes_u))

    @staticmethod
    def guard_band(target_pfa, *, mean, sd, u, lower=None, upper=None, sd_includes_u=False):
        """The guard band whose consumer's risk is target_pfa, with the
        producer's risk that comes with it."""
        return _gi.risk_guard_band(float(target_pfa), lower, upper, float(mean), float(sd), float(u),
                                   bool(sd_includes_u))

    @staticmethod
    def history(path, column=None):
        """n, mean and sd of a column of past results in a CSV file."""
        return _gi.risk_history_file(_path(path), column)


class Log:
    """The transparency log in a directory (C2SP tlog-tiles): an
    append-only Merkle tree (RFC 9162) with checkpoints signed by the log's
    Ed25519 key. Open it with the verifier key to read and check it, with
    the signer key to append; ``with Log.open(...) as log:`` closes it (and
    drops the writer's lock)."""

    def __init__(self, handle):
        self._h = handle

    @staticmethod
    def keygen(name):
        """A new key pair for a log named ``name``: (signer_key,
        verifier_key), signed-note key strings."""
        return _gi.log_keygen(name)

    @classmethod
    def open(cls, directory, *, verifier_key=None, signer_key=None, ca_file=None, timeout=None):
        """Opens the log in ``directory``; its checkpoint's signature is
        checked (InvalidError when it does not verify). ``directory`` may
        be an http:// or https:// URL where a web server publishes the
        log (read-only): ``ca_file`` is a PEM file of CA certificates to
        trust instead of the system's, ``timeout`` the seconds allowed for
        each file fetched (default 60)."""
        if timeout is not None and int(timeout) <= 0:
            raise _usage("timeout must be a positive number of seconds")
        return cls(_gi.log_open(_path(directory), signer_key, verifier_key, False, _path(ca_file),
                                int(timeout or 0)))

    @classmethod
    def create(cls, directory, signer_key):
        """Makes an empty log in ``directory`` (empty or absent)."""
        return cls(_gi.log_open(_path(directory), signer_key, None, True))

    def append(self, entry):
        """Adds ``entry`` (bytes or str, at most 65535 bytes) to the
        pending batch; returns its index. Durable only after commit()."""
        if isinstance(entry, str):
            entry = entry.encode("utf-8")
        return _gi.log_append(self._h, bytes(entry))

    def commit(self):
        """Writes the batch and signs one checkpoint; returns the size."""
        return _gi.log_commit(self._h)

    @property
    def size(self):
        """Entries the current checkpoint covers."""
        return _gi.log_state(self._h)[0]

    @property
    def checkpoint(self):
        """The current signed checkpoint (text)."""
        return _gi.log_state(self._h)[1]

    def find(self, entry):
        """The index of the entry with these bytes, or None."""
        if isinstance(entry, str):
            entry = entry.encode("utf-8")
        return _gi.log_find(self._h, bytes(entry))

    def prove(self, index):
        """An offline inclusion proof (c2sp.org/tlog-proof text) for the
        entry at ``index``."""
        return _gi.log_prove(self._h, int(index))

    def lot_proof(self, lot):
        """The lot proof bundle of ``lot``: its verification records in the
        log with an inclusion proof of each (JSON text), for
        inspect_stamp(log_proof=...)."""
        return _gi.stamp_lot_proof(self._h, lot)

    def consistency_proof(self, old_size):
        """The consistency proof from the tree of ``old_size`` entries:
        a list of 32-byte hashes."""
        raw = _gi.log_consistency_prove(self._h, int(old_size))
        return [raw[i:i + 32] for i in range(0, len(raw), 32)]

    def monitor(self, state_file=None):
        """Recomputes every tile from the entries and, with ``state_file``,
        proves the log extends the checkpoint kept there (then updated).
        InvalidError when the log does not check out."""
        _gi.log_monitor(self._h, _path(state_file) if state_file is not None else "")

    @staticmethod
    def verify_inclusion(index, size, leaf_hash, proof, root):
        """RFC 9162 inclusion proof check: True or False."""
        return _gi.log_inclusion_verify(int(index), int(size), bytes(leaf_hash), b"".join(proof), bytes(root))

    @staticmethod
    def verify_consistency(size1, size2, root1, root2, proof):
        """RFC 9162 consistency proof check: True or False."""
        return _gi.log_consistency_verify(int(size1), int(size2), bytes(root1), bytes(root2), b"".join(proof))

    def close(self):
        """Releases the log (pending entries are dropped)."""
        _gi.log_close(self._h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def verify_log_proof(proof, verifier_key, entry):
    """Checks an offline tlog-proof for ``entry`` (bytes or str) with the
    log's verifier key: returns (index, size); InvalidError when it does
    not verify."""
    if isinstance(entry, str):
        entry = entry.encode("utf-8")
    if isinstance(proof, bytes):
        proof = proof.decode("utf-8")
    return _gi.log_proof_verify(proof, verifier_key, bytes(entry))
