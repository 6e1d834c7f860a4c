<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// Makes a portal's data directory: the portal's database and first
// administrator, the council's and the laboratory's demonstration keys
// (gi keygen), the registry and the transparency log.
//
//   php -d extension=gi examples/portal/setup.php [--data DIR] [--domain HOST]
//       [--admin NAME] [--registry URL] [--portal-dsn DSN] [--gi PATH]
//
// The administrator's password is read from $GI_PORTAL_ADMIN_PASSWORD, or
// made up and printed once. An existing data directory is left alone.
declare(strict_types=1);

$o = getopt("", ["data:", "domain:", "admin:", "registry:", "portal-dsn:", "portal-db-user:", "portal-db-password:", "gi:"]);
$top = dirname(__DIR__, 2);
$data = rtrim($o["data"] ?? (getenv("GI_PORTAL_DATA") ?: __DIR__ . "/data"), "/");
putenv("GI_PORTAL_DATA=$data");
require __DIR__ . "/src/app.php";
require __DIR__ . "/src/i18n.php";

if (is_file("$data/config.json")) {
    fwrite(STDERR, "setup: $data/config.json exists: the portal is set up already\n");
    exit(0);
}
umask(0077);
foreach (["", "/sessions"] as $d) {
    if (!is_dir("$data$d") && !mkdir("$data$d", 0700, true)) {
        fwrite(STDERR, "setup: cannot create $data$d\n");
        exit(2);
    }
}
$gi = $o["gi"] ?? (getenv("GI_BIN") ?: (is_executable("$top/cli/gi") ? "$top/cli/gi" : "gi"));
foreach (["council" => "Lai Chau tea GI council", "lab" => "Demonstration laboratory"] as $who => $org) {
    if (!is_file("$data/$who.key")) {
        exec(escapeshellarg($gi) . " keygen --ec --subject " . escapeshellarg("/C=VN/O=$org/CN=$org signer")
             . " --key " . escapeshellarg("$data/$who.key") . " --cert " . escapeshellarg("$data/$who.pem"), $out, $rc);
        if ($rc !== 0) {
            fwrite(STDERR, "setup: gi keygen failed for the $who key\n");
            exit(2);
        }
    }
}
file_put_contents("$data/trust.pem", file_get_contents("$data/lab.pem") . file_get_contents("$data/council.pem"));
$domain = $o["domain"] ?? "gi.laichau.example";
[$logKey, $logVerifier] = GI\Log::keygen("$domain/log");
file_put_contents("$data/log.key", $logKey . "\n");
GI\Log::create("$data/log", $logKey)->close();
$cfg = [
    "domain" => $domain,
    "spec" => "$top/specs/lai-chau-tea.xml",
    "banned" => "$top/specs/data/vn-banned-pesticides.csv",
    "registry" => $o["registry"] ?? "$data/registry.db",
    "portal_dsn" => $o["portal-dsn"] ?? "sqlite:$data/portal.db",
    "portal_db_user" => $o["portal-db-user"] ?? null,
    "portal_db_password" => $o["portal-db-password"] ?? null,
    "log_verifier" => $logVerifier,
    "gtin" => new stdClass(),
];
file_put_contents("$data/config.json", json_encode($cfg, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
db_schema(db());
GI\Registry::open($cfg["registry"], GI\Spec::load($cfg["spec"]), GI\Trust::load("$data/trust.pem"),
                  GI\Signer::load("$data/council.key", "$data/council.pem"), "setup", $cfg["banned"]);
$admin = $o["admin"] ?? "admin";
$password = getenv("GI_PORTAL_ADMIN_PASSWORD") ?: rtrim(strtr(base64_encode(random_bytes(15)), "+/", "-_"), "=");
user_add($admin, $password, "admin");
echo "portal data in $data\n";
if (!getenv("GI_PORTAL_ADMIN_PASSWORD")) {
    echo "administrator: $admin, password: $password\n";
}
