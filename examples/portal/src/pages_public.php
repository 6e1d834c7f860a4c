<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// Pages anyone may open: home, a scanned stamp, the certified producers, the log.
declare(strict_types=1);

function page_home(): void
{
    $spec = gi_spec()->info();
    $body = '<p>' . h(sprintf(t("home.intro"), $spec["name"] ?? $spec["id"] ?? "")) . '</p>'
        . '<ul class="links"><li><a href="/producers">' . h(t("nav.producers")) . '</a></li>'
        . '<li><a href="/log">' . h(t("nav.log")) . '</a></li></ul>';
    page(t("home.title"), $body);
}

/** The stamp's URI as the council signed it: this request's path and query on the portal's domain (less a ?lang= the page added). */
function scanned_uri(): string
{
    $raw = $_SERVER["REQUEST_URI"] ?? "/";
    $raw = preg_replace('/&lang=(vi|en)$/', "", $raw);
    return "https://" . config()["domain"] . $raw;
}

/** A verdict in words, libgi's (GI\verdict_text, in the page's language); an unknown name as it is. */
function verdict_label(string $verdict): string
{
    try {
        return GI\verdict_text($verdict);
    } catch (ValueError) {
        return $verdict;
    }
}

function badge(string $verdict): string
{
    return '<span class="badge v-' . h(preg_replace('/[^a-z-]/', "", $verdict)) . '">' . h(verdict_label($verdict)) . '</span>';
}

function page_scan(): void
{
    $r = stamp_check(scanned_uri());
    if (in_array($r["state"], ["forged", "unknown"], true)) {
        page(t("warn.title"), '<section class="warning" role="alert"><p class="big">' . h(t("warn." . $r["state"]))
            . '</p><p>' . h(t("warn.advice")) . '</p><p class="detail">' . h($r["reason"]) . '</p></section>');
        return;
    }
    $lot = $r["lot"];
    $p = $r["permit"];
    $m = $r["member"];
    $info = gi_spec()->info();
    $state = $r["state"];
    $banner = '<section class="status ' . ($state === "valid" ? "ok" : "warning") . '" role="status" id="status">'
        . '<p class="big">' . h(t("scan." . $state)) . '</p>';
    if ($p) {
        $banner .= '<p>' . h(sprintf(t("scan.permit"), "P" . $p["id"], t("permit." . $p["state"]),
            $p["valid_from"] ?? "–", $p["valid_until"] ?? "–")) . '</p>';
        if ($state !== "valid" && !empty($p["reason"])) {
            $banner .= '<p>' . h(t("scan.reason")) . ' ' . h($p["reason"]) . '</p>';
        }
    }
    if ($r["warning"] !== null) {
        $banner .= '<p class="detail" id="warning">' . h($r["warning"]) . '</p>';
    }
    $banner .= '</section>';
    if ($r["copied"]) {
        $banner .= '<section class="warning" role="alert" id="copied"><p class="big">' . h(sprintf(t("scan.copied"), $r["nets"])) . '</p></section>';
    }
    // the data items of Circular 02/2024/TT-BKHCN a consumer sees
    $product = product_name($lot["product"]);
    $items = [
        [t("item.product"), h($product)],
        [t("item.gi"), h(($info["name"] ?? "") . " · " . t("item.gi.no") . " " . ($info["registration"] ?? "") . " (" . ($info["decision"] ?? "") . ")")],
        [t("item.standard"), h(($info["id"] ?? "") . " v" . ($info["version"] ?? ""))],
        [t("item.producer"), $m ? h($m["name"]) . '<br>' . h($m["address"] ?? "") : "–"],
        [t("item.lot"), '<code>' . h($lot["code"]) . '</code>'],
        [t("item.serial"), h($r["stamp"]["serial"] ?? "–")],
        [t("item.harvested"), h($lot["harvested"])],
        [t("item.quantity"), h($lot["quantity_kg"]) . " kg"],
        [t("item.shelf"), isset($lot["shelf_life_months"]) ? h(sprintf(t("shelf.text"), $lot["shelf_life_months"], $lot["best_before"] ?? "–")) : "–"],
        [t("item.signer"), h($r["stamp"]["signer"] ?? "")],
    ];
    $body = $banner . '<h2>' . h(t("scan.lot")) . '</h2>' . table([t("item"), t("value")], array_map(fn($i) => [h($i[0]), $i[1]], $items), "kv");
    if ($r["photos"]) {
        $body .= '<h2>' . h(t("scan.photos")) . '</h2><div class="photos" id="photos">';
        foreach ($r["photos"] as $ph) {
            $src = "/photo/" . basename(photo_path($ph["sha256"], $ph["media_type"]));
            $body .= '<figure><img src="' . h($src) . '" alt="' . h($ph["caption"]) . '" loading="lazy"><figcaption>'
                . h($ph["caption"]) . '</figcaption></figure>';
        }
        $body .= '</div>';
    }
    $rows = [];
    foreach ($r["plots"] as $pl) {
        $lat = (string)$pl["latitude"];
        $lon = (string)$pl["longitude"];
        $rows[] = [h($pl["id"]), h($pl["unit"] . ($pl["former_unit"] ? " (" . $pl["former_unit"] . ")" : "")),
                   '<a href="https://www.openstreetmap.org/?mlat=' . h(rawurlencode($lat)) . '&amp;mlon=' . h(rawurlencode($lon))
                   . '#map=15/' . h(rawurlencode($lat)) . '/' . h(rawurlencode($lon)) . '" rel="noopener noreferrer">' . h("$lat, $lon") . '</a>',
                   h($pl["altitude"]) . " m", h($pl["area_ha"]) . " ha"];
    }
    $body .= '<h2>' . h(t("scan.plots")) . '</h2>'
        . ($rows ? table([t("plot"), t("plot.unit"), t("plot.coords"), t("plot.altitude"), t("plot.area")], $rows) : '<p>–</p>');
    if (!empty($lot["logbook"])) {
        $rows = [];
        foreach ($lot["logbook"] as $e) {
            $rows[] = [h($e["date"]), h(registry_word("act", (string)$e["activity"])), h($e["substance"]), h($e["dose"])];
        }
        $body .= '<h2>' . h(t("scan.logbook")) . '</h2>' . table([t("date"), t("activity"), t("substance"), t("dose")], $rows);
    }
    $body .= '<h2>' . h(t("scan.results")) . '</h2>';
    if (!$r["records"]) {
        $body .= '<p>' . h(t("scan.norecords")) . '</p>';
    }
    foreach ($r["records"] as $rec) {
        $ok = !empty($rec["check"]["valid"]);
        $body .= '<article class="record"><h3>' . h($rec["row"]["record_id"]) . ' ' . badge($rec["row"]["verdict"]) . '</h3>'
            . '<p>' . h(t("rec.signer")) . ' ' . h($rec["row"]["signer"] ?? "") . ' · ' . h($rec["row"]["issued"] ?? "") . '</p>'
            . '<p class="' . ($ok ? "good" : "bad") . '">' . h($ok ? t("rec.sig.ok") : t("rec.sig.bad") . " " . ($rec["check"]["reason"] ?? "")) . '</p>'
            . '<p class="' . ($rec["log"] ? "good" : "bad") . '">' . h($rec["log"] ? sprintf(t("rec.log.ok"), $rec["log"]["index"], $rec["log"]["size"]) : t("rec.log.no")) . '</p>';
        $crit = [];
        foreach ($rec["content"]["criteria"] ?? [] as $c) {
            $crit[] = [h($c["analyte"] ?? ""), h(isset($c["value"]) ? (isset($c["uncertainty"]) ? GI\format_measurement((float)$c["value"], (float)$c["uncertainty"]) : $c["value"]) . " " . ($c["unit"] ?? "") : ""),
                       badge((string)($c["verdict"] ?? ""))];
        }
        if ($crit) {
            $body .= table([t("analyte"), t("result"), t("verdict")], $crit);
        }
        $body .= '<div class="pictures">';
        foreach ($rec["pictures"] as $pic) {
            $body .= '<figure>' . svg_img($pic["svg"], $pic["analyte"] . ": " . verdict_label($pic["verdict"]), "decision")
                . '<figcaption>' . h($pic["analyte"]) . '</figcaption></figure>';
        }
        $body .= '</div></article>';
    }
    $body .= '<p class="small">' . h(sprintf(t("scan.count"), $r["scans"])) . '</p>';
    page(t("scan.title"), $body);
}

/** GET /photo/SHA256.jpg|png: a lot's photo, as the registry recorded it. */
function page_photo(string $name): void
{
    $file = data_path("photos/" . $name);
    if (!preg_match('/^[0-9a-f]{64}\.(jpg|png)$/', $name) || !is_file($file)) {
        throw new HttpError(404, t("err.notfound"));
    }
    header("Content-Type: " . (str_ends_with($name, ".png") ? "image/png" : "image/jpeg"));
    header("Content-Length: " . filesize($file));
    header("Cache-Control: public, max-age=31536000, immutable");
    readfile($file);
}

function page_producers(): void
{
    $reg = gi_registry();
    $rows = [];
    foreach (permits_all($reg) as $p) {
        if (!$p["valid"]) {
            continue;
        }
        $m = $reg->call("member.show", ["member" => $p["member_id"]]);
        $units = array_unique(array_map(fn($pl) => $pl["unit"], $m["plots"]));
        $rows[] = [h($m["name"]), h(implode(", ", array_map("product_name", as_list($p["products"])))), h(implode(", ", $units)),
                   h($m["address"] ?? ""), h("P" . $p["id"] . " · " . $p["valid_until"])];
    }
    $body = '<p>' . h(t("producers.intro")) . '</p>'
        . ($rows ? table([t("producer"), t("products"), t("plot.unit"), t("where"), t("permit")], $rows) : '<p>' . h(t("producers.none")) . '</p>');
    page(t("producers.title"), $body);
}

function page_log(): void
{
    $body = "";
    if (!is_file(data_path("log/checkpoint"))) {
        page(t("log.title"), '<p>' . h(t("log.empty")) . '</p>');
        return;
    }
    $log = gi_log();
    $body .= '<p>' . h(sprintf(t("log.size"), $log->size())) . '</p><pre class="checkpoint">' . h($log->checkpoint()) . '</pre>'
        . '<p>' . h(t("log.key")) . ' <code>' . h(config()["log_verifier"]) . '</code></p>';
    $id = $_GET["record"] ?? "";
    $body .= '<form method="get" action="/log"><label>' . h(t("log.check")) . ' <input name="record" value="' . h(is_string($id) ? $id : "") . '" maxlength="200"></label>'
        . '<button type="submit">' . h(t("log.checkbtn")) . '</button></form>';
    if (is_string($id) && $id !== "") {
        $st = db()->prepare("SELECT xml FROM records WHERE record_id = ?");
        $st->execute([$id]);
        $xml = $st->fetchColumn();
        $i = $xml === false ? null : $log->find($xml);
        if ($i === null) {
            $body .= '<p class="bad" id="logcheck">' . h(t("log.notfound")) . '</p>';
        } else {
            $proof = $log->prove($i);
            [$index, $size] = GI\Log::verifyProof($proof, config()["log_verifier"], $xml);
            $body .= '<p class="good" id="logcheck">' . h(sprintf(t("rec.log.ok"), $index, $size)) . '</p><pre class="checkpoint">' . h($proof) . '</pre>';
        }
    }
    page(t("log.title"), $body);
}

function page_login(): void
{
    if (($_SERVER["REQUEST_METHOD"] ?? "GET") === "POST") {
        $name = post("username", 64);
        if (login($name, post("password", 200))) {
            redirect("/staff");
        }
        flash(t("login.bad"), "error");
        redirect("/login");
    }
    page(t("login.title"), form("/login", field("username", t("login.user"), "text", "", true)
        . field("password", t("login.password"), "password"), t("login.submit")));
}

function page_logout(): void
{
    session_begin();
    $_SESSION = [];
    session_regenerate_id(true);
    session_destroy();
    redirect("/");
}
