<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// The portal's plumbing: configuration, the portal's own database (users,
// login attempts, uploads, stamp scans), sessions, CSRF tokens, roles,
// escaping and the page layout. Everything about GI data (verdicts,
// signatures, stamps, permits, the log) is asked of the GI extension in
// gi.php.
declare(strict_types=1);

const PORTAL_ROLES = ["admin", "lab", "officer", "board"];
const PORTAL_UPLOAD_MAX = 2 * 1024 * 1024;   // a lab report: 2 MiB at most
const PORTAL_PHOTO_MAX = 2 * 1024 * 1024;    // a lot's photo: 2 MiB at most
const PORTAL_LOGIN_TRIES = 5;                // failed logins per name or address ...
const PORTAL_LOGIN_WINDOW = 900;             // ... in 15 minutes
const PORTAL_COPY_NETS = 3;                  // a package's stamp scanned from this many networks: copied

final class HttpError extends Exception
{
    public function __construct(public int $status, string $message)
    {
        parent::__construct($message);
    }
}

function portal_data_dir(): string
{
    $dir = getenv("GI_PORTAL_DATA") ?: dirname(__DIR__) . "/data";
    return rtrim($dir, "/");
}

/** The configuration setup.php wrote (data/config.json). */
function config(): array
{
    static $cfg = null;
    if ($cfg === null) {
        $file = portal_data_dir() . "/config.json";
        $text = @file_get_contents($file);
        if ($text === false) {
            throw new RuntimeException("$file is missing: run examples/portal/setup.php first");
        }
        $cfg = json_decode($text, true, 16, JSON_THROW_ON_ERROR);
    }
    return $cfg;
}

function data_path(string $name): string
{
    return portal_data_dir() . "/" . $name;
}

/** The portal's own database (PDO: SQLite by default, PostgreSQL in production). */
function db(): PDO
{
    static $pdo = null;
    if ($pdo === null) {
        $cfg = config();
        $pdo = new PDO($cfg["portal_dsn"], $cfg["portal_db_user"] ?? null, $cfg["portal_db_password"] ?? null, [
            PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
            PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC,
        ]);
        if ($pdo->getAttribute(PDO::ATTR_DRIVER_NAME) === "sqlite") {
            $pdo->exec("PRAGMA busy_timeout = 10000");
            $pdo->exec("PRAGMA foreign_keys = ON");
        }
    }
    return $pdo;
}

function db_schema(PDO $pdo): void
{
    $serial = $pdo->getAttribute(PDO::ATTR_DRIVER_NAME) === "pgsql" ? "SERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    $pdo->exec("CREATE TABLE IF NOT EXISTS users (id $serial, username TEXT NOT NULL UNIQUE,
        password TEXT NOT NULL, role TEXT NOT NULL, created BIGINT NOT NULL)");
    $pdo->exec("CREATE TABLE IF NOT EXISTS login_attempts (id $serial, ip TEXT NOT NULL, username TEXT NOT NULL,
        at BIGINT NOT NULL)");
    $pdo->exec("CREATE TABLE IF NOT EXISTS uploads (id $serial, user_id INTEGER NOT NULL, name TEXT NOT NULL,
        format TEXT NOT NULL, data TEXT NOT NULL, created BIGINT NOT NULL, submitted BIGINT)");
    $pdo->exec("CREATE TABLE IF NOT EXISTS records (record_id TEXT PRIMARY KEY, lot TEXT NOT NULL,
        xml TEXT NOT NULL, pictures TEXT NOT NULL, log_index BIGINT, submitted_by INTEGER NOT NULL, at BIGINT NOT NULL)");
    $pdo->exec("CREATE TABLE IF NOT EXISTS scans (id $serial, serial TEXT NOT NULL, net TEXT NOT NULL, at BIGINT NOT NULL)");
}

/* ---- requests and responses ---- */

function h(mixed $s): string
{
    return htmlspecialchars((string)$s, ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, "UTF-8");
}

function security_headers(): void
{
    header("Content-Security-Policy: default-src 'none'; img-src 'self' data:; style-src 'self'; "
        . "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    header("X-Content-Type-Options: nosniff");
    header("X-Frame-Options: DENY");
    header("Referrer-Policy: no-referrer");
    header("Cache-Control: no-store");
}

function client_ip(): string
{
    return $_SERVER["REMOTE_ADDR"] ?? "-";
}

/** The network a scan came from: an IPv4 /16 or an IPv6 /32, as coarse a place as an address tells without asking the visitor. */
function client_net(): string
{
    $ip = client_ip();
    $bin = @inet_pton($ip);
    if ($bin === false) {
        return "-";
    }
    return strlen($bin) === 4 ? implode(".", array_slice(explode(".", $ip), 0, 2)) . ".0.0/16"
        : bin2hex(substr($bin, 0, 4)) . "::/32";
}

function is_https(): bool
{
    return ($_SERVER["HTTPS"] ?? "") !== "" && ($_SERVER["HTTPS"] ?? "") !== "off";
}

function session_begin(): void
{
    if (session_status() === PHP_SESSION_ACTIVE) {
        return;
    }
    ini_set("session.use_strict_mode", "1");
    ini_set("session.use_only_cookies", "1");
    ini_set("session.use_trans_sid", "0");
    ini_set("session.sid_length", "48");
    ini_set("session.sid_bits_per_character", "6");
    ini_set("session.gc_maxlifetime", "3600");
    $dir = data_path("sessions");
    if (is_dir($dir)) {
        session_save_path($dir);
    }
    session_name(is_https() ? "__Host-gi_portal" : "gi_portal");
    session_set_cookie_params(["lifetime" => 0, "path" => "/", "secure" => is_https(),
                               "httponly" => true, "samesite" => "Strict"]);
    session_start();
    // a session idle for an hour is over
    if (isset($_SESSION["seen"]) && time() - $_SESSION["seen"] > 3600) {
        $_SESSION = [];
        session_regenerate_id(true);
    }
    $_SESSION["seen"] = time();
}

function csrf_token(): string
{
    session_begin();
    if (empty($_SESSION["csrf"])) {
        $_SESSION["csrf"] = bin2hex(random_bytes(32));
    }
    return $_SESSION["csrf"];
}

function csrf_field(): string
{
    return '<input type="hidden" name="csrf" value="' . h(csrf_token()) . '">';
}

/** Every POST carries the session's token; anything else is refused before any handler runs. */
function csrf_check(): void
{
    session_begin();
    $sent = $_POST["csrf"] ?? "";
    if (!is_string($sent) || empty($_SESSION["csrf"]) || !hash_equals($_SESSION["csrf"], $sent)) {
        throw new HttpError(403, t("err.csrf"));
    }
}

function current_user(): ?array
{
    // no session cookie, nobody signed in: a visitor gets no session
    if (session_status() !== PHP_SESSION_ACTIVE && !isset($_COOKIE["gi_portal"]) && !isset($_COOKIE["__Host-gi_portal"])) {
        return null;
    }
    session_begin();
    if (empty($_SESSION["uid"])) {
        return null;
    }
    $st = db()->prepare("SELECT id, username, role FROM users WHERE id = ?");
    $st->execute([$_SESSION["uid"]]);
    return $st->fetch() ?: null;
}

/** The signed-in user, if their role is one of $roles (admin may do everything); else 401/403. */
function require_role(string ...$roles): array
{
    $u = current_user();
    if ($u === null) {
        throw new HttpError(401, t("err.login"));
    }
    if ($u["role"] !== "admin" && !in_array($u["role"], $roles, true)) {
        throw new HttpError(403, t("err.role"));
    }
    return $u;
}

function redirect(string $to): never
{
    header("Location: " . $to, true, 303);
    exit;
}

function flash(?string $msg = null, string $kind = "ok"): ?array
{
    session_begin();
    if ($msg !== null) {
        $_SESSION["flash"] = [$kind, $msg];
        return null;
    }
    $f = $_SESSION["flash"] ?? null;
    unset($_SESSION["flash"]);
    return $f;
}

/** A text field of the POST, trimmed, at most $max characters; "" if absent. */
function post(string $name, int $max = 500): string
{
    $v = $_POST[$name] ?? "";
    if (!is_string($v)) {
        throw new HttpError(400, t("err.form"));
    }
    $v = trim($v);
    if (mb_strlen($v) > $max) {
        throw new HttpError(400, t("err.form"));
    }
    return $v;
}

/* ---- logins ---- */

function login_blocked(string $username): bool
{
    $since = time() - PORTAL_LOGIN_WINDOW;
    $st = db()->prepare("SELECT COUNT(*) FROM login_attempts WHERE at > ? AND (ip = ? OR username = ?)");
    $st->execute([$since, client_ip(), $username]);
    return (int)$st->fetchColumn() >= PORTAL_LOGIN_TRIES;
}

function login(string $username, string $password): bool
{
    if (login_blocked($username)) {
        throw new HttpError(429, t("err.slow"));
    }
    $st = db()->prepare("SELECT id, password FROM users WHERE username = ?");
    $st->execute([$username]);
    $row = $st->fetch();
    // verify against a dummy hash for an unknown name, so both take as long
    $hash = $row["password"] ?? '$argon2id$v=19$m=65536,t=4,p=1$ZHRmeXhQYURZdXo2akhGaA$H+txy+XLiI6uuJH3hmm3Qlpnk4zEV+bJWhLgKrlanRo';
    if (!password_verify($password, $hash) || !$row) {
        db()->prepare("INSERT INTO login_attempts (ip, username, at) VALUES (?, ?, ?)")
            ->execute([client_ip(), $username, time()]);
        return false;
    }
    if (password_needs_rehash($row["password"], PASSWORD_ARGON2ID)) {
        db()->prepare("UPDATE users SET password = ? WHERE id = ?")
            ->execute([password_hash($password, PASSWORD_ARGON2ID), $row["id"]]);
    }
    session_begin();
    session_regenerate_id(true);
    $_SESSION = ["uid" => $row["id"], "seen" => time(), "csrf" => bin2hex(random_bytes(32))];
    return true;
}

function user_add(string $username, string $password, string $role): int
{
    if (!preg_match('/^[a-z0-9._-]{3,32}$/', $username)) {
        throw new InvalidArgumentException(t("err.username"));
    }
    if (!in_array($role, PORTAL_ROLES, true)) {
        throw new InvalidArgumentException(t("err.form"));
    }
    if (strlen($password) < 12) {
        throw new InvalidArgumentException(t("err.password"));
    }
    db()->prepare("INSERT INTO users (username, password, role, created) VALUES (?, ?, ?, ?)")
        ->execute([$username, password_hash($password, PASSWORD_ARGON2ID), $role, time()]);
    return (int)db()->lastInsertId();
}

/* ---- pages ---- */

function page(string $title, string $body, int $status = 200): void
{
    http_response_code($status);
    header("Content-Type: text/html; charset=utf-8");
    $u = current_user();
    $lang = lang();
    $nav = '<a href="/">' . h(t("nav.home")) . '</a> <a href="/producers">' . h(t("nav.producers")) . '</a> '
        . '<a href="/log">' . h(t("nav.log")) . '</a> ';
    if ($u) {
        $nav .= '<a href="/staff">' . h(t("nav.staff")) . '</a> '
            . '<form method="post" action="/logout" class="inline">' . csrf_field()
            . '<button type="submit">' . h(t("nav.logout")) . ' (' . h($u["username"]) . ')</button></form>';
    } else {
        $nav .= '<a href="/login">' . h(t("nav.login")) . '</a>';
    }
    $other = $lang === "vi" ? "en" : "vi";
    $q = $_GET;
    $q["lang"] = $other;
    $path = parse_url($_SERVER["REQUEST_URI"] ?? "/", PHP_URL_PATH) ?: "/";
    $nav .= ' <a href="' . h($path . "?" . http_build_query($q)) . '" lang="' . $other . '">'
        . ($other === "vi" ? "Tiếng Việt" : "English") . '</a>';
    $f = flash();
    $flash = $f ? '<p class="flash ' . h($f[0]) . '" role="status">' . h($f[1]) . '</p>' : "";
    echo "<!DOCTYPE html>\n<html lang=\"" . h($lang) . "\"><head><meta charset=\"utf-8\">"
        . '<meta name="viewport" content="width=device-width, initial-scale=1">'
        . '<title>' . h($title) . ' · ' . h(t("site")) . '</title><link rel="stylesheet" href="/style.css"></head>'
        . '<body><header><strong>' . h(t("site")) . '</strong><nav>' . $nav . '</nav></header><main>'
        . $flash . '<h1>' . h($title) . '</h1>' . $body . '</main></body></html>';
}

/** A table of rows, each cell already escaped HTML. */
function table(array $head, array $rows, string $class = ""): string
{
    $s = '<div class="scroll"><table' . ($class ? ' class="' . h($class) . '"' : "") . '><thead><tr>';
    foreach ($head as $c) {
        $s .= '<th>' . h($c) . '</th>';
    }
    $s .= '</tr></thead><tbody>';
    foreach ($rows as $r) {
        $s .= '<tr>' . implode("", array_map(fn($c) => "<td>$c</td>", $r)) . '</tr>';
    }
    return $s . '</tbody></table></div>';
}

/** An <img> of an SVG document (libgi's pictures and QR codes): kept out of the page, so its styles need no CSP exception. */
function svg_img(string $svg, string $alt, string $class = ""): string
{
    return '<img' . ($class ? ' class="' . h($class) . '"' : "") . ' alt="' . h($alt)
        . '" src="data:image/svg+xml;base64,' . base64_encode($svg) . '">';
}

/** A form with its CSRF token; $fields is escaped HTML. */
function form(string $action, string $fields, string $button, bool $upload = false): string
{
    return '<form method="post" action="' . h($action) . '"' . ($upload ? ' enctype="multipart/form-data"' : "") . '>'
        . csrf_field() . $fields . '<button type="submit">' . h($button) . '</button></form>';
}

function field(string $name, string $label, string $type = "text", string $value = "", bool $required = true): string
{
    return '<label>' . h($label) . ' <input type="' . h($type) . '" name="' . h($name) . '" value="' . h($value) . '"'
        . ($required ? " required" : "") . ($type === "number" ? ' step="any"' : "") . '></label>';
}

function select(string $name, string $label, array $options): string
{
    $s = '<label>' . h($label) . ' <select name="' . h($name) . '">';
    foreach ($options as $v => $text) {
        $s .= '<option value="' . h($v) . '">' . h($text) . '</option>';
    }
    return $s . '</select></label>';
}
