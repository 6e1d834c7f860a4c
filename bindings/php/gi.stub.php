<?php
/**
 * IDE stubs for the gi extension (libgi for PHP). The classes are
 * implemented in C; this file only describes them.
 *
 * @generate-class-entries none
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

/** A GI product specification. */
final class Spec
{
    public static function load(string $path): Spec {}
    public static function fromString(string $data, string $name = "(memory)"): Spec {}
    /** Identity of the spec and the GI. */
    public function info(): array {}
    /** Products with their criteria. */
    public function products(): array {}
    /**
     * Verifies every sample of a report (read once). $rule overrides every
     * criterion's decision rule. Returns ["samples" => [...], "summary" =>
     * [...]], each sample as `gi verify --json` prints it.
     */
    public function verify(Report $report, ?string $rule = null): array {}
}

/** A laboratory report (XML or CSV). */
final class Report
{
    public static function open(string $path, ?string $format = null): Report {}
    public static function fromString(string $data, string $name = "(memory)", ?string $format = null): Report {}
    public function lab(): array {}
}

/** Parses "5,34" or "5.34", whatever the locale. */
function parse_number(string $text): float {}
function convert_unit(float $value, string $from, string $to): float {}
function version(): string {}
