<?php
/**
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gi extension's API (libgi for PHP), implemented in C. PHP's
 * build/gen_stub.php reads this file and writes gi_arginfo.h: the argument
 * information (names, types, defaults: named arguments rely on them) and
 * the function and method tables gi.c registers. `make gi-arginfo`
 * regenerates it; tests/php-arginfo.sh fails when it is out of date.
 *
 * @generate-function-entries
 */

namespace GI;

/** A libgi call failed. inputFile and inputLine say where in the input. */
class Exception extends \Exception
{
    public string $inputFile = "";
    public int $inputLine = 0;
    public string $detail = "";
}
/** A file cannot be read. */
class FileException extends Exception {}
/** Input is not well-formed, or a value is malformed. */
class ParseException extends Exception {}
/** Input breaks its schema or a semantic rule. */
class InvalidException extends Exception {}
/** An argument is not valid. */
class UsageException extends Exception {}
/** The operation was stopped. */
class AbortedException extends Exception {}

/** A GI product specification. */
final class Spec
{
    /** Made by load() and fromString() only. */
    private function __construct() {}
    /** A file, or an installed specification's name ("lai-chau-tea"). */
    public static function load(string $path): Spec {}
    public static function fromString(string $data, string $name = "(memory)"): Spec {}
    /** Identity of the spec and the GI. */
    public function info(): array {}
    /** Products with their criteria. */
    public function products(): array {}
    /**
     * Verifies every sample of a report (read once) and keeps them all.
     * $rule overrides every criterion's decision rule. Returns ["samples"
     * => [...], "summary" => [...], "records" => [...]], each sample as
     * `gi verify --json` prints it. A convenience for small reports: it
     * holds every sample in memory; stream() holds one.
     */
    public function verify(Report $report, ?string $rule = null, ?Signer $signer = null, bool $pictures = false): array {}
    /**
     * Verifies a report one sample at a time: foreach over the
     * Verification returned reads, evaluates and yields each sample (as
     * verify() has it, with "record" => ["id" => ..., "xml" => ...] when
     * signing), letting the one before go, so memory stays flat however
     * long the report. A bad sample throws where foreach reaches it.
     */
    public function stream(Report $report, ?string $rule = null, ?Signer $signer = null, bool $pictures = false): Verification {}
    /** Declared analytes. */
    public function analytes(): array {}
    /** Production areas. */
    public function areas(): array {}
    public function hasProduct(string $id): bool {}
    public function hasAnalyte(string $id): bool {}
}

/**
 * A laboratory report (XML or CSV), read once: by Spec::verify(), by
 * foreach (each sample as next() returns it, keyed 0, 1, ...) or by next().
 * Reading it a second time throws UsageException.
 */
final class Report implements \IteratorAggregate
{
    /** Made by open() and fromString() only. */
    private function __construct() {}
    /** $decimal: the report's decimal separator, "," or ".", or null (its numbers tell). */
    public static function open(string $path, ?string $format = null, ?string $decimal = null): Report {}
    public static function fromString(string $data, string $name = "(memory)", ?string $format = null,
                                      ?string $decimal = null): Report {}
    /** The laboratory (id, name, accreditation, report_id), the file name, the format being
     *  read ("xml" or "csv": with $format null or "auto", the one libgi detected from the
     *  bytes) and the report's sha256 once it has been read whole (null before). */
    public function lab(): array {}
    /** The next sample as read (with its measurements), or null at the end. */
    public function next(): ?array {}
    /** The samples as read, for foreach; UsageException if the report was read before. */
    public function getIterator(): \Iterator {}
}

/**
 * A verification in progress (Spec::stream()): foreach yields its samples,
 * keyed 0, 1, ..., once; summary() then gives the counts and the report's
 * verdict.
 */
final class Verification implements \IteratorAggregate
{
    /** Made by Spec::stream() only. */
    private function __construct() {}
    /** The samples, one at a time, for foreach; UsageException if read before. */
    public function getIterator(): \Iterator {}
    /** Counts and the report's verdict; reads (without keeping) any samples not yet read. */
    public function summary(): array {}
}

/** A signing key with its certificate chain (PEM, or PKCS#12 with a password). */
final class Signer
{
    /** Made by load() only. */
    private function __construct() {}
    /** $key: a PEM key file, or a PKCS#11 URI of a key on a token
     *  ("pkcs11:token=LAB;object=lab-key;type=private") with the PIN as
     *  $password; $cert may then be null to use the token's certificate. */
    public static function load(?string $key = null, ?string $cert = null, ?string $pkcs12 = null, ?string $password = null): Signer {}
    /** A signer whose key stays elsewhere (a remote signing service):
     *  $sign(string $digestName, string $digest): string returns the
     *  signature (RSASSA-PKCS1-v1_5, or ECDSA DER or r||s); the
     *  certificate and chain: PEM file $cert or PEM text $certPem. */
    public static function external(callable $sign, ?string $cert = null, ?string $certPem = null): Signer {}
    public function subject(): string {}
}

/** Trust anchors (PEM CA certificates) and optionally a CRL. */
final class Trust
{
    /** Made by load() only. */
    private function __construct() {}
    public static function load(string $anchors, ?string $crl = null): Trust {}
    /** Check records as of $when (seconds since 1970, UTC; 0: the clock). */
    public function setTime(int $when): void {}
}

/**
 * The GI council's registry (gi/registry.h): members, plots, lots,
 * e-logbook, records, inspections, permits and violations, in a SQLite
 * file or a PostgreSQL database ("postgresql://..."). A refused change
 * throws InvalidException with the reason and changes nothing. The
 * actions and their arguments: specs/registry-format.md.
 */
final class Registry
{
    /** Made by open() only. */
    private function __construct() {}
    /** Opens (creating if needed) the registry. With $logDir (a transparency log directory, see
     *  Log) and $logKey (its signer key string), every change and imported record is also
     *  appended to the log, one signed checkpoint per call. */
    public static function open(string $url, Spec $spec, ?Trust $trust = null, ?Signer $signer = null,
                                ?string $actor = null, ?string $banned = null, int $monthsPass = 0,
                                int $monthsFail = 0, int $repeatMonths = 0, int $now = 0,
                                int $schemaVersion = 0, ?string $logDir = null, ?string $logKey = null): Registry {}
    /** Runs one action ("member.add", "permit.grant", ...); returns its result. */
    public function call(string $action, array $args = []): array {}
    /** The schema version of the open database. */
    public function schemaVersion(): int {}
    /** Throws ParseException unless $code is a well-formed lot code with
     *  the right check character (ISO/IEC 7064 MOD 11-2). */
    public static function checkLotCode(string $code): void {}
}

/** Signed verification records. */
final class Record
{
    /** Static methods only. */
    private function __construct() {}
    /** As verify_record(). */
    public static function verify(string $xml, Trust $trust, string $name = "(memory)"): array {}
    /** As record_content(). */
    public static function content(string $xml): array {}
    /** Adds an XAdES archive time-stamp; $tsa(string $derRequest): string $derResponse. */
    public static function restamp(string $xml, Trust $trust, callable $tsa, string $name = "(memory)"): string {}
}

/** The council's stamp-signing certificates (a PEM file of one or more). */
final class StampKeys
{
    /** Made by load() only. */
    private function __construct() {}
    public static function load(string $pem): StampKeys {}
}

/** The signed stamp of a lot (or, with $serial, of one package): a GS1 Digital Link URI (specs/stamp-format.md). */
function stamp_sign(Signer $signer, string $domain, string $lot, ?string $gtin = null, ?string $serial = null): string {}
/** Whether a stamp is genuine: ["genuine" => bool, "reason" => ..., "lot" => ..., ...]; never throws for a stamp that is not. */
function stamp_verify(string $uri, StampKeys $keys): array {}
/** The QR code of $text as an SVG document, modules of $moduleMm millimetres, quiet zone included. */
function stamp_qr_svg(string $text, float $moduleMm = 0.5): string {}
/** The QR code of $text as PNG bytes, $scale pixels a module. */
function stamp_qr_png(string $text, int $scale = 8): string {}
/** A print sheet of stamps (the URIs "stamp.issue" returned): SVG at print size, or one PNG ($format "png"); quiet zones kept. */
function stamp_sheet(array $uris, string $format = "svg", float $moduleMm = 0.5, float $widthMm = 190, float $gapMm = 3, int $scale = 4, bool $labels = false): string {}
/**
 * The whole check of a stamp (gi_stamp_inspect): stamp_verify's array plus "permit", "permit_state", "valid_from",
 * "valid_until", "permit_valid", "status_date" from the signed permit status list, "issued" (the serial was issued for
 * the lot), "in_log", "log_records", "log" from a log directory or a lot proof bundle, and "warning" (null when all
 * given evidence checks out); null for what was not checked. Throws InvalidException when the status list or a proof
 * does not verify; never for a stamp that is not genuine.
 */
function stamp_inspect(string $uri, StampKeys $keys, ?string $statusList = null, ?Trust $trust = null, ?string $logDir = null, ?string $logProof = null, ?string $logKey = null, int $now = 0): array {}

/** Verifies a signed record: ["valid" => bool, "status" => "valid"|"bad-digest"|..., "reason" => ...]. */
function verify_record(string $xml, Trust $trust, string $name = "(memory)"): array {}
/** What a record states (its signature is not checked). */
function record_content(string $xml): array {}
/** Where the shipped specifications are installed; Spec::load() looks there for a name after $GI_SPEC_PATH. */
function spec_dir(): string {}
function sha256_file(string $path): string {}
function canonical_unit(string $text): string {}
function stats_describe(array $values, float $confidence = 0.95): array {}
function stats_grubbs(array $values): array {}
function stats_dixon(array $values): array {}
/** Grubbs' two-sided critical value; UsageException for n < 3 or alpha outside (0, 1). */
function stats_grubbs_critical(int $n, float $alpha = 0.05): float {}
/** Dixon's r10 critical value; InvalidException where none is tabulated (n outside 3..10, alpha other than 0.05). */
function stats_dixon_critical(int $n, float $alpha = 0.05): float {}
function stats_algorithm_a(array $values): array {}
/** Cochran's C of the variances; InvalidException when all are 0 or one is negative. */
function stats_cochran(array $values): float {}
/** Cochran's critical value; UsageException for p < 2, n < 2 or alpha outside (0, 1). */
function stats_cochran_critical(int $p, int $n, float $alpha = 0.05): float {}
/**
 * Global consumer's and producer's risks (JCGM 106:2012 9.5) and process capability.
 * $options: "mean", "sd", "u" (required), "lower" and/or "upper" tolerance limits,
 * "guard" (acceptance limits lower + guard, upper - guard), "sd_includes_u" (sd is
 * the spread of measured results). Returns "consumer", "producer", "abserr",
 * "nonconforming", "guard", "accept_lower", "accept_upper", "process_sd", "cp",
 * "cpk", "cpu", "cpl", "cm" (null where an index does not apply).
 */
function risk_global(array $options): array {}
/** The guard band whose consumer's risk is $target_pfa, with the risks it gives (as risk_global). */
function risk_guard_band(float $target_pfa, array $options): array {}
/** n, mean and sd of a column of past results in a CSV file. */
function risk_history_file(string $path, ?string $column = null): array {}
function pt_load(string $path, ?float $assigned = null, ?float $sigma = null, float $alpha = 0.05): array {}
function pt_evaluate(array $labs, array $values, ?float $assigned = null, ?float $sigma = null, float $alpha = 0.05): array {}
function pt_classify(float $z): string {}
/**
 * A verdict name ("conditional-pass") in words for a person, in the language of
 * LC_MESSAGES at the call (setlocale(LC_MESSAGES, "vi_VN.UTF-8") for Vietnamese):
 * libgi follows the locale and never sets it. Results carry the same words as
 * "verdict_text" and "reason_text" beside the English "verdict" and "reason".
 */
function verdict_text(string $verdict): string {}
/** A decision rule ("guarded") stated for a person, with its ILAC-G8:09/2019 clause, in the language of LC_MESSAGES. */
function rule_text(string $rule): string {}
/** The library's enumerations by name (verdicts, rules, record statuses, status codes). */
function names(): array {}

/** Parses "5,34" or "5.34", whatever the locale. */
function parse_number(string $text): float {}
/** A value and its expanded uncertainty for people (GUM 7.2.6): "6.33 ± 0.19". */
function format_measurement(float $value, float $uncertainty): string {}
function convert_unit(float $value, string $from, string $to): float {}
function version(): string {}

/** The transparency log in a directory (C2SP tlog-tiles): an append-only
 *  Merkle tree (RFC 9162) with checkpoints signed by the log's Ed25519 key. */
final class Log
{
    /** Made by open() and create() only. */
    private function __construct() {}
    /** [signerKey, verifierKey] for a new log named $name. */
    public static function keygen(string $name): array {}
    /** Opens the log; its checkpoint's signature is checked. The signer key lets it append.
     *  $dir may be an http:// or https:// URL where a web server publishes the log (read-only);
     *  $caFile: PEM CA certificates to trust instead of the system's; $timeout: seconds per file
     *  fetched (0: 60). */
    public static function open(string $dir, ?string $verifierKey = null, ?string $signerKey = null, ?string $caFile = null, int $timeout = 0): Log {}
    /** Makes an empty log in $dir (empty or absent). */
    public static function create(string $dir, string $signerKey): Log {}
    /** Adds an entry (at most 65535 bytes) to the batch; its index. Durable after commit(). */
    public function append(string $entry): int {}
    /** Writes the batch and signs one checkpoint; the new size. */
    public function commit(): int {}
    public function size(): int {}
    /** The current signed checkpoint. */
    public function checkpoint(): string {}
    /** The index of the entry with these bytes, or null. */
    public function find(string $entry): ?int {}
    /** An offline inclusion proof (c2sp.org/tlog-proof) for entry $index. */
    public function prove(int $index): string {}
    /** The lot proof bundle of $lot: its verification records in the log, each with an inclusion proof (JSON). */
    public function lotProof(string $lot): string {}
    /** The consistency proof from the tree of $oldSize entries: 32-byte hashes. */
    public function consistencyProof(int $oldSize): array {}
    /** Recomputes every tile from the entries; with $stateFile, proves the log extends the checkpoint kept there. */
    public function monitor(?string $stateFile = null): void {}
    /** Releases the log and the writer's lock; pending entries are dropped. */
    public function close(): void {}
    /** Checks an offline tlog-proof for $entry: [index, size]; InvalidException when it does not verify. */
    public static function verifyProof(string $proof, string $verifierKey, string $entry): array {}
    /** RFC 9162 inclusion proof check. */
    public static function verifyInclusion(int $index, int $size, string $leafHash, array $proof, string $root): bool {}
    /** RFC 9162 consistency proof check. */
    public static function verifyConsistency(int $size1, int $size2, string $root1, string $root2, array $proof): bool {}
}
