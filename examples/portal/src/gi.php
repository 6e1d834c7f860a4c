<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// The portal's only way to GI data: the GI extension (libgi). Verdicts,
// pictures, signatures, the registry's rules, stamps and the log are all
// libgi's; this file opens its objects with the portal's keys and puts
// its answers together for the pages.
declare(strict_types=1);

function gi_spec(): GI\Spec
{
    static $spec = null;
    return $spec ??= GI\Spec::load(config()["spec"]);
}

function gi_trust(): GI\Trust
{
    static $trust = null;
    return $trust ??= GI\Trust::load(data_path("trust.pem"));
}

/** The council's key: signs permits, status lists and stamps. */
function gi_council_signer(): GI\Signer
{
    static $s = null;
    return $s ??= GI\Signer::load(data_path("council.key"), data_path("council.pem"));
}

/** The laboratory's key (a token or a remote signer in a real deployment: GI\Signer::load with a PKCS#11 URI). */
function gi_lab_signer(): GI\Signer
{
    static $s = null;
    return $s ??= GI\Signer::load(data_path("lab.key"), data_path("lab.pem"));
}

/** The registry, acting as the signed-in user (the actor of its events). */
function gi_registry(?array $user = null): GI\Registry
{
    $cfg = config();
    $actor = $user ? $user["role"] . ":" . $user["username"] : "public";
    return GI\Registry::open($cfg["registry"], gi_spec(), gi_trust(), gi_council_signer(), $actor,
                             $cfg["banned"] ?? null);
}

function gi_log(bool $write = false): GI\Log
{
    $cfg = config();
    return GI\Log::open(data_path("log"), $cfg["log_verifier"],
                        $write ? trim((string)file_get_contents(data_path("log.key"))) : null);
}

/* ---- the laboratory ---- */

/** A product's name in the page's language, as the specification gives it (its id if the specification has none). */
function product_name(string $id): string
{
    foreach (gi_spec()->products() as $pr) {
        if (($pr["id"] ?? "") === $id) {
            return lang() === "en" ? ($pr["name_en"] ?? $pr["name"] ?? $id) : ($pr["name"] ?? $id);
        }
    }
    return $id;
}

/** Every sample of a report with its verdicts and pictures (and, with $signer, its signed record). */
function lab_verify(string $data, string $name, string $format, ?GI\Signer $signer = null): array
{
    $run = gi_spec()->stream(GI\Report::fromString($data, $name, $format), null, $signer, true);
    $samples = [];
    foreach ($run as $s) {
        $samples[] = $s;
    }
    return ["samples" => $samples, "summary" => $run->summary()];
}

/** The pictures of a sample's decisions (libgi's SVG, in the language LC_MESSAGES had). */
function sample_pictures(array $s): array
{
    $pictures = [];
    foreach ($s["criteria"] ?? [] as $c) {
        if (!empty($c["svg"])) {
            $pictures[] = ["analyte" => $c["analyte"] ?? "", "verdict" => $c["verdict"] ?? "", "svg" => $c["svg"]];
        }
    }
    return $pictures;
}

/**
 * Signs every sample's record with the lab's key and submits them to the
 * council: kept, then imported where the lot is registered. The pictures
 * of the decisions are kept in both languages (libgi draws them in the
 * language of LC_MESSAGES), so the scan page shows them in the reader's.
 */
function lab_submit(array $upload, array $user): array
{
    $run = lab_verify($upload["data"], $upload["name"], $upload["format"], gi_lab_signer());
    $other = lang() === "vi" ? "en" : "vi";
    $before = messages_locale($other);
    try {
        $again = lab_verify($upload["data"], $upload["name"], $upload["format"]);
    } finally {
        setlocale(LC_MESSAGES, $before);
    }
    $ins = db()->prepare("INSERT INTO records (record_id, lot, xml, pictures, submitted_by, at) VALUES (?, ?, ?, ?, ?, ?)");
    foreach ($run["samples"] as $i => $s) {
        $pictures = [lang() => sample_pictures($s), $other => sample_pictures($again["samples"][$i] ?? [])];
        $ins->execute([$s["record"]["id"], $s["lot"] ?? "", $s["record"]["xml"], json_encode($pictures), $user["id"], time()]);
    }
    return records_import_pending($user);
}

/** Imports the records the registry does not hold yet; the accepted ones go into the log. Returns [record id => result]. */
function records_import_pending(array $user): array
{
    $reg = gi_registry($user);
    $out = [];
    $log = null;
    $rows = db()->query("SELECT record_id, xml FROM records WHERE log_index IS NULL ORDER BY at, record_id")->fetchAll();
    foreach ($rows as $r) {
        try {
            $res = $reg->call("record.import", ["xml" => $r["xml"]]);
            $log ??= gi_log(true);
            $i = $log->find($r["xml"]) ?? $log->append($r["xml"]);
            db()->prepare("UPDATE records SET log_index = ? WHERE record_id = ?")->execute([$i, $r["record_id"]]);
            $out[$r["record_id"]] = ["ok" => true, "text" => $res["verdict"] ?? ""];
        } catch (GI\InvalidException $e) {
            $out[$r["record_id"]] = ["ok" => false, "text" => $e->getMessage()];
        }
    }
    if ($log) {
        $log->commit();
        $log->close();
    }
    return $out;
}

/* ---- permits ---- */

/** The permits of the registry, oldest first, each with "valid" (granted and valid today): libgi's permit.list. */
function permits_all(GI\Registry $reg): array
{
    return $reg->call("permit.list")["permits"];
}

function as_list(mixed $v): array
{
    if (is_string($v)) {
        $d = json_decode($v, true);
        $v = is_array($d) ? $d : [$v];
    }
    return array_map("strval", (array)$v);
}

/**
 * The permit covering a lot (its product and every plot): the one valid
 * today, else the newest; null if none. One registry query
 * (permit.for-lot), however long the registry's history.
 */
function permit_for_lot(GI\Registry $reg, string $lot): ?array
{
    return $reg->call("permit.for-lot", ["lot" => $lot])["permit"];
}

/* ---- photos of lots ---- */

/** Where a photo's bytes are kept: named by their SHA-256 (as the registry recorded it), never by the uploader's file name. */
function photo_path(string $sha256, string $mediaType): string
{
    if (!preg_match('/^[0-9a-f]{64}$/', $sha256)) {
        throw new UnexpectedValueException("not a SHA-256: $sha256");
    }
    return data_path("photos/" . $sha256 . ($mediaType === "image/png" ? ".png" : ".jpg"));
}

/**
 * Records a photo of a lot: libgi's lot.photo-add reads the bytes (a JPEG
 * or PNG image by its signature, or refused), and records their SHA-256,
 * media type and caption as an event (so the log covers them); the bytes
 * go to the portal's data directory under that SHA-256.
 */
function lot_photo_add(array $user, string $lot, string $caption, string $data): array
{
    $dir = data_path("photos");
    if (!is_dir($dir)) {
        mkdir($dir, 0750, true);
    }
    $tmp = $dir . "/.upload-" . bin2hex(random_bytes(8));
    if (file_put_contents($tmp, $data) !== strlen($data)) {
        @unlink($tmp);
        throw new RuntimeException("cannot write $tmp");
    }
    try {
        $res = gi_registry($user)->call("lot.photo-add", ["lot" => $lot, "caption" => $caption, "data" => base64_encode($data)]);
    } catch (Throwable $e) {
        unlink($tmp);
        throw $e;
    }
    rename($tmp, photo_path($res["sha256"], $res["media_type"]));
    return $res;
}

/** A record's pictures in the page's language (kept per language; a plain list as it is). */
function record_pictures(mixed $kept): array
{
    if (!is_array($kept)) {
        return [];
    }
    return array_is_list($kept) ? $kept : ($kept[lang()] ?? $kept["en"] ?? $kept["vi"] ?? []);
}

/* ---- stamps ---- */

/**
 * Issues a sheet of $count package stamps for a lot under the permit
 * covering it: the registry's stamp.issue numbers the serials, signs the
 * stamps and refuses a permit that is not valid, a lot outside its scope
 * or a sheet over the permit's or the lot's quota (its message is shown to
 * the officer). Returns the stamp URIs.
 */
function stamp_issue(array $user, string $lotCode, int $count, float $packageKg): array
{
    if ($count < 1 || $count > 500 || $packageKg <= 0 || $packageKg > 1000) {
        throw new InvalidArgumentException(t("err.form"));
    }
    $reg = gi_registry($user);
    $lot = $reg->call("lot.show", ["lot" => $lotCode]);
    $permit = permit_for_lot($reg, $lot["code"]);
    if (!$permit) {
        throw new InvalidArgumentException(sprintf(t("stamp.nopermit"), $lot["code"]));
    }
    $args = ["permit" => $permit["id"], "lot" => $lot["code"], "count" => $count, "package_kg" => $packageKg,
             "domain" => config()["domain"]];
    $gtin = config()["gtin"][$lot["product"]] ?? null;
    if ($gtin !== null) {
        $args["gtin"] = $gtin;
    }
    return $reg->call("stamp.issue", $args)["uris"];
}

/**
 * What a scanned stamp tells: ["state" => "valid" | "withdrawn" | "suspended" |
 * "expired" | "no-permit" | "forged" | "unknown", ...] with the lot, its plots,
 * producer, permit and records (each checked against the trust anchors and the
 * log). The whole check is libgi's (GI\stamp_inspect): the signature, the
 * permit the stamp was issued under and its state, whether the serial was
 * issued for the lot (the council's signed status list, from the registry)
 * and whether the lot's records are in the portal's log.
 */
function stamp_check(string $uri): array
{
    $reg = gi_registry();
    $logDir = is_file(data_path("log/checkpoint")) ? data_path("log") : null;
    $v = GI\stamp_inspect($uri, GI\StampKeys::load(data_path("council.pem")),
                          statusList: $reg->call("permit.status-list")["xml"], trust: gi_trust(),
                          logDir: $logDir, logKey: $logDir !== null ? config()["log_verifier"] : null);
    if (!$v["genuine"]) {
        return ["state" => "forged", "reason" => $v["reason"] ?? ""];
    }
    $serial = $v["serial"] ?? null;
    if ($serial !== null) {
        if ($v["issued"] !== true) {
            return ["state" => "unknown", "reason" => $v["warning"] ?? sprintf(t("warn.notissued"), $serial, $v["lot"])];
        }
        db()->prepare("INSERT INTO scans (serial, net, at) VALUES (?, ?, ?)")->execute([$serial, client_net(), time()]);
    }
    try {
        $lot = $reg->call("lot.show", ["lot" => $v["lot"]]);
    } catch (GI\InvalidException $e) {
        return ["state" => "unknown", "reason" => $e->getMessage()];
    }
    // the permit the status list names for the stamp (for a lot stamp, the lot's last range);
    // a lot stamp with no range yet: the permit covering the lot
    if ($v["permit"] !== null) {
        $permit = $reg->call("permit.show", ["permit" => ltrim($v["permit"], "P")]);
        $valid = $v["permit_valid"] === true;
    } else {
        $covering = $reg->call("permit.for-lot", ["lot" => $lot["code"]]);
        $permit = $covering["permit"];
        $valid = $covering["valid"];
    }
    $member = $permit ? $reg->call("member.show", ["member" => $permit["member_id"]]) : null;
    $plotIds = array_map(fn($p) => (int)$p["plot_id"], $lot["plots"]);
    $plots = $member ? array_values(array_filter($member["plots"], fn($p) => in_array((int)$p["id"], $plotIds, true))) : [];
    $state = !$permit ? "no-permit" : ($valid ? "valid" : ($permit["state"] === "granted" ? "expired" : (string)$permit["state"]));
    $photos = $reg->call("lot.photo-list", ["lot" => $lot["code"]])["photos"];
    $records = [];
    $log = is_file(data_path("log/checkpoint")) ? gi_log() : null;
    foreach ($lot["records"] as $r) {
        $st = db()->prepare("SELECT xml, pictures FROM records WHERE record_id = ?");
        $st->execute([$r["record_id"]]);
        $row = $st->fetch();
        $check = $row ? GI\Record::verify($row["xml"], gi_trust()) : ["valid" => false, "reason" => t("rec.notheld")];
        $logged = null;
        if ($row && $log) {
            $i = $log->find($row["xml"]);
            if ($i !== null) {
                [$index, $size] = GI\Log::verifyProof($log->prove($i), config()["log_verifier"], $row["xml"]);
                $logged = ["index" => $index, "size" => $size];
            }
        }
        $records[] = ["row" => $r, "check" => $check, "log" => $logged,
                      "content" => $row ? GI\record_content($row["xml"]) : null,
                      "pictures" => $row ? record_pictures(json_decode($row["pictures"], true)) : []];
    }
    // one package's stamp scanned from several distant networks: copies of a genuine stamp
    $st = db()->prepare("SELECT COUNT(*), COUNT(DISTINCT net) FROM scans WHERE serial = ?");
    $st->execute([$serial ?? ""]);
    [$scans, $nets] = $st->fetch(PDO::FETCH_NUM);
    return ["state" => $state, "stamp" => $v, "lot" => $lot, "permit" => $permit, "member" => $member,
            "plots" => $plots, "photos" => $photos, "records" => $records, "scans" => (int)$scans,
            "in_log" => $v["in_log"], "log_records" => $v["log_records"], "warning" => $v["warning"],
            "copied" => $serial !== null && (int)$nets >= PORTAL_COPY_NETS, "nets" => (int)$nets];
}
