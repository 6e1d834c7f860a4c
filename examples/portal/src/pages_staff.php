<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// Pages for the signed-in roles: the laboratory, the QC officer, the board
// and the administrator. Each handler checks the role itself.
declare(strict_types=1);

/**
 * The registry actions the forms offer: who may run each, and its fields
 * (name => [kind, required]); kind "list" is a comma-separated list of ids,
 * "bool" a checkbox. Arguments: specs/registry-format.md.
 */
function registry_forms(): array
{
    return [
        "member.add" => ["officer", ["kind" => ["kind", true], "name" => ["text", true], "tax_id" => ["text", true], "address" => ["text", false]]],
        "plot.add" => ["officer", ["member" => ["number", true], "unit" => ["text", true], "former_unit" => ["text", false],
            "altitude" => ["number", true], "area_ha" => ["text", true], "latitude" => ["text", true], "longitude" => ["text", true],
            "product" => ["text", false]]],
        "inspector.add" => ["officer", ["name" => ["text", true], "qualification" => ["text", false]]],
        "lot.add" => ["officer", ["product" => ["text", true], "plot" => ["list", true], "harvested" => ["date", true],
            "quantity_kg" => ["text", true], "code" => ["text", false]]],
        "logbook.add" => ["officer", ["lot" => ["text", true], "date" => ["date", true], "activity" => ["activity", true],
            "substance" => ["text", true], "dose" => ["text", true], "operator" => ["text", true], "phi_days" => ["number", false]]],
        "inspection.add" => ["officer", ["member" => ["number", true], "inspector" => ["number", true], "kind" => ["ikind", true],
            "date" => ["date", true], "findings" => ["text", true], "outcome" => ["outcome", true], "violation" => ["bool", false]]],
        "lot.shelf-life" => ["officer", ["lot" => ["text", true], "shelf_life_months" => ["number", true], "best_before" => ["date", false]]],
        "permit.apply" => ["officer", ["member" => ["number", true], "product" => ["list", true], "plot" => ["list", true],
            "quantity_kg" => ["text", true]]],
        "inspector.approve" => ["board", ["inspector" => ["number", true], "decision" => ["text", true]]],
        "permit.grant" => ["board", ["permit" => ["number", true], "valid_from" => ["date", false], "valid_until" => ["date", false]]],
        "permit.suspend" => ["board", ["permit" => ["number", true], "reason" => ["text", true]]],
        "permit.reinstate" => ["board", ["permit" => ["number", true], "reason" => ["text", false]]],
        "permit.withdraw" => ["board", ["permit" => ["number", true], "reason" => ["text", true]]],
        "violation.add" => ["board", ["member" => ["number", true], "date" => ["date", true], "description" => ["text", true],
            "evidence" => ["text", true], "decision" => ["text", true]]],
    ];
}

function registry_form(string $action): string
{
    [, $fields] = registry_forms()[$action];
    $choices = [
        "kind" => registry_words("kind", ["household", "cooperative", "company"]),
        "activity" => registry_words("act", LOGBOOK_ACTIVITIES),
        "ikind" => registry_words("ikind", ["initial", "surveillance", "extraordinary"]),
        "outcome" => ["pass" => verdict_label("pass"), "fail" => verdict_label("fail")],   // libgi's words
    ];
    $s = "";
    foreach ($fields as $name => [$kind, $req]) {
        $label = t("f." . $name) . ($req ? "" : " " . t("optional"));
        if (isset($choices[$kind])) {
            $s .= select($name, $label, $choices[$kind]);
        } elseif ($kind === "bool") {
            $s .= '<label><input type="checkbox" name="' . h($name) . '" value="1"> ' . h($label) . '</label>';
        } else {
            $s .= field($name, $label, $kind === "list" ? "text" : $kind, "", $req);
        }
    }
    return '<section class="card" id="form-' . h(str_replace(".", "-", $action)) . '"><h2>' . h(t("a." . $action)) . '</h2>'
        . form("/do/" . $action, $s, t("a." . $action)) . '</section>';
}

/** POST /do/ACTION: one registry action from its form. */
function page_do(string $action): void
{
    $forms = registry_forms();
    if (!isset($forms[$action])) {
        throw new HttpError(404, t("err.notfound"));
    }
    [$role, $fields] = $forms[$action];
    $user = require_role($role);
    $args = [];
    foreach ($fields as $name => [$kind, $req]) {
        $v = post($name);
        if ($v === "") {
            if ($req && $kind !== "bool") {
                throw new HttpError(400, t("err.form"));
            }
            if ($kind === "bool") {
                $args[$name] = false;
            }
            continue;
        }
        $args[$name] = match ($kind) {
            "list" => array_map(fn($x) => ctype_digit(trim($x)) ? (int)$x : trim($x), explode(",", $v)),
            "number" => ctype_digit($v) ? (int)$v : $v,
            "bool" => true,
            default => $v,
        };
    }
    $back = $role === "board" ? "/board" : "/officer";
    try {
        $res = gi_registry($user)->call($action, $args);
        $what = isset($res["code"]) ? $res["code"] : ("#" . ($res["id"] ?? ""));
        flash(sprintf(t("done"), t("a." . $action), $what));
        if ($action === "lot.add") {
            records_import_pending($user);
        }
    } catch (GI\InvalidException | GI\ParseException | GI\UsageException $e) {
        flash(t("refused") . " " . $e->getMessage(), "error");
    }
    redirect($back);
}

function page_staff(): void
{
    $u = require_role(...PORTAL_ROLES);
    $links = ["lab" => "/lab", "officer" => "/officer", "board" => "/board", "admin" => "/admin"];
    $body = '<ul class="links">';
    foreach ($links as $role => $href) {
        if ($u["role"] === "admin" || $u["role"] === $role) {
            $body .= '<li><a href="' . h($href) . '">' . h(t("role." . $role)) . '</a></li>';
        }
    }
    page(t("staff.title"), $body . '</ul>');
}

/* ---- laboratory ---- */

function page_lab(): void
{
    $u = require_role("lab");
    $st = db()->prepare("SELECT id, name, created, submitted FROM uploads WHERE user_id = ? ORDER BY id DESC LIMIT 20");
    $st->execute([$u["id"]]);
    $rows = array_map(fn($r) => ['<a href="/lab/report?id=' . (int)$r["id"] . '">' . h($r["name"]) . '</a>',
                                 h(gmdate("Y-m-d H:i", (int)$r["created"])), h($r["submitted"] ? t("lab.submitted") : "")], $st->fetchAll());
    $body = '<section class="card"><h2>' . h(t("lab.upload")) . '</h2><p>' . h(sprintf(t("lab.limit"), PORTAL_UPLOAD_MAX / 1048576)) . '</p>'
        . form("/lab/upload", '<label>' . h(t("lab.file")) . ' <input type="file" name="report" accept=".xml,.csv,text/xml,text/csv" required></label>',
               t("lab.check"), true) . '</section>';
    if ($rows) {
        $body .= table([t("lab.file"), t("date"), ""], $rows);
    }
    page(t("role.lab"), $body);
}

function page_lab_upload(): void
{
    $u = require_role("lab");
    $f = $_FILES["report"] ?? null;
    if (!is_array($f) || !is_int($f["error"] ?? null) || $f["error"] === UPLOAD_ERR_INI_SIZE || $f["error"] === UPLOAD_ERR_FORM_SIZE) {
        throw new HttpError(413, t("err.toolarge"));
    }
    if ($f["error"] !== UPLOAD_ERR_OK || !is_uploaded_file($f["tmp_name"])) {
        throw new HttpError(400, t("err.upload"));
    }
    if ($f["size"] > PORTAL_UPLOAD_MAX || filesize($f["tmp_name"]) > PORTAL_UPLOAD_MAX) {
        throw new HttpError(413, t("err.toolarge"));
    }
    $name = basename((string)$f["name"]);
    $data = (string)file_get_contents($f["tmp_name"]);
    $ext = strtolower(pathinfo($name, PATHINFO_EXTENSION));
    if (!in_array($ext, ["xml", "csv"], true) || !mb_check_encoding($data, "UTF-8")) {
        throw new HttpError(415, t("err.type"));
    }
    try {
        // libgi tells the format from the bytes (format "auto"); a name that says otherwise is refused
        if (GI\Report::fromString($data, $name, "auto")->lab()["format"] !== $ext) {
            throw new HttpError(415, t("err.type"));
        }
        lab_verify($data, $name, $ext);   // read by libgi now: a bad report is refused at once
    } catch (GI\Exception $e) {
        flash(t("lab.bad") . " " . $name . ($e->inputLine ? ":" . $e->inputLine : "") . ": " . ($e->detail ?: $e->getMessage()), "error");
        redirect("/lab");
    }
    db()->prepare("INSERT INTO uploads (user_id, name, format, data, created) VALUES (?, ?, ?, ?, ?)")
        ->execute([$u["id"], mb_substr($name, 0, 100), $ext, $data, time()]);
    redirect("/lab/report?id=" . db()->lastInsertId());
}

function lab_upload_row(array $u, mixed $id): array
{
    $st = db()->prepare("SELECT * FROM uploads WHERE id = ? AND (user_id = ? OR ? = 'admin')");
    $st->execute([is_string($id) && ctype_digit($id) ? (int)$id : 0, $u["id"], $u["role"]]);
    return $st->fetch() ?: throw new HttpError(404, t("err.notfound"));
}

function page_lab_report(): void
{
    $u = require_role("lab");
    $up = lab_upload_row($u, $_GET["id"] ?? "");
    $run = lab_verify($up["data"], $up["name"], $up["format"]);
    $body = '<p>' . h($up["name"]) . ' · ' . h(t("lab.verdict")) . ' ' . badge($run["summary"]["verdict"]) . '</p>';
    foreach ($run["samples"] as $s) {
        $rows = [];
        foreach ($s["criteria"] ?? [] as $c) {
            $u = $c["uncertainty"]["expanded"] ?? null;
            $rows[] = [h($c["analyte"] ?? ""), h(isset($c["value"]) ? ($u !== null ? GI\format_measurement((float)$c["value"], (float)$u) : $c["value"]) : ""),
                       h($c["unit"] ?? ""), h($c["limit"]["text"] ?? ""), badge((string)($c["verdict"] ?? "")) . '<br><span class="small">' . h($c["reason_text"] ?? $c["reason"] ?? "") . '</span>'
                       . (isset($c["rule"]["name"]) ? '<br><span class="small rule">' . h(GI\rule_text($c["rule"]["name"])) . '</span>' : ""),
                       !empty($c["svg"]) ? svg_img($c["svg"], ($c["analyte"] ?? "") . ": " . verdict_label((string)($c["verdict"] ?? "")), "decision") : ""];
        }
        $body .= '<article class="record"><h2>' . h($s["id"]) . ' · ' . h($s["lot"] ?? "") . ' · ' . h($s["product"] ?? "") . ' ' . badge($s["verdict"]) . '</h2>'
            . '<p>' . h($s["reason_text"] ?? $s["reason"] ?? "") . '</p>'
            . (isset($s["origin"]) ? '<p>' . h(t("lab.origin")) . ' ' . badge((string)($s["origin"]["verdict"] ?? "")) . ' ' . h($s["origin"]["reason_text"] ?? $s["origin"]["reason"] ?? "") . '</p>' : "")
            . table([t("analyte"), t("result"), t("unit"), t("limits"), t("verdict"), t("picture")], $rows, "verdicts") . '</article>';
    }
    if (!$up["submitted"]) {
        $body .= form("/lab/submit", '<input type="hidden" name="id" value="' . (int)$up["id"] . '"><p>'
            . h(sprintf(t("lab.signas"), gi_lab_signer()->subject())) . '</p>', t("lab.sign"));
    } else {
        $body .= '<p class="good">' . h(t("lab.submitted")) . '</p>';
    }
    page(t("lab.title"), $body);
}

function page_lab_submit(): void
{
    $u = require_role("lab");
    $up = lab_upload_row($u, $_POST["id"] ?? "");
    if ($up["submitted"]) {
        throw new HttpError(409, t("lab.submitted"));
    }
    $res = lab_submit($up, $u);
    db()->prepare("UPDATE uploads SET submitted = ? WHERE id = ?")->execute([time(), $up["id"]]);
    $rows = [];
    foreach ($res as $id => $r) {
        $rows[] = [h($id), '<span class="' . ($r["ok"] ? "good" : "bad") . '">' . h($r["ok"] ? t("lab.imported") : t("lab.pending")) . '</span>', h($r["text"])];
    }
    page(t("lab.sent"), '<p>' . h(t("lab.sentintro")) . '</p>' . table([t("record"), t("state"), ""], $rows));
}

/* ---- QC officer ---- */

function page_officer(): void
{
    require_role("officer");
    $body = '<p><a href="/officer/stamps">' . h(t("a.stamps")) . '</a></p><div class="grid">';
    foreach (registry_forms() as $action => [$role]) {
        if ($role === "officer") {
            $body .= registry_form($action);
        }
    }
    $body .= '<section class="card" id="form-lot-photo-add"><h2>' . h(t("a.lot.photo-add")) . '</h2>'
        . form("/officer/photo", field("lot", t("f.lot")) . field("caption", t("f.caption"))
            . '<label>' . h(sprintf(t("f.photo"), PORTAL_PHOTO_MAX / 1048576)) . ' <input type="file" name="photo" accept="image/jpeg,image/png" required></label>',
            t("a.lot.photo-add"), true) . '</section>';
    page(t("role.officer"), $body . '</div>');
}

/** POST /officer/photo: a photo of a lot, bounded in size; libgi checks its type by its bytes and records it. */
function page_officer_photo(): void
{
    $u = require_role("officer");
    $f = $_FILES["photo"] ?? null;
    if (!is_array($f) || !is_int($f["error"] ?? null) || $f["error"] === UPLOAD_ERR_INI_SIZE || $f["error"] === UPLOAD_ERR_FORM_SIZE) {
        throw new HttpError(413, t("err.toolarge"));
    }
    if ($f["error"] !== UPLOAD_ERR_OK || !is_uploaded_file($f["tmp_name"])) {
        throw new HttpError(400, t("err.upload"));
    }
    if ($f["size"] > PORTAL_PHOTO_MAX || filesize($f["tmp_name"]) > PORTAL_PHOTO_MAX) {
        throw new HttpError(413, t("err.toolarge"));
    }
    $lot = post("lot", 40);
    $caption = post("caption", 200);
    if ($lot === "" || $caption === "") {
        throw new HttpError(400, t("err.form"));
    }
    try {
        $res = lot_photo_add($u, $lot, $caption, (string)file_get_contents($f["tmp_name"]));
        flash(sprintf(t("done"), t("a.lot.photo-add"), substr($res["sha256"], 0, 12) . "…"));
    } catch (GI\InvalidException | GI\ParseException $e) {
        flash(t("refused") . " " . $e->getMessage(), "error");
    }
    redirect("/officer");
}

function page_officer_stamps(): void
{
    $u = require_role("officer");
    $body = "";
    if (($_SERVER["REQUEST_METHOD"] ?? "GET") === "POST") {
        $count = post("count", 4);
        $kg = post("package_kg", 12);
        try {
            $uris = stamp_issue($u, post("lot", 40), ctype_digit($count) ? (int)$count : 0, GI\parse_number($kg ?: "0"));
            $body .= '<p class="good">' . h(sprintf(t("stamp.issued"), count($uris))) . '</p><div class="sheet">';
            foreach ($uris as $uri) {
                $body .= '<figure class="stamp">' . svg_img(GI\stamp_qr_svg($uri, 0.5), $uri) . '<figcaption><a class="stamp-uri" href="'
                    . h(preg_replace('~^https://[^/]+~', "", $uri)) . '">' . h(substr($uri, 0, 60)) . '…</a></figcaption></figure>';
            }
            $body .= '</div>';
        } catch (InvalidArgumentException | GI\Exception $e) {
            $body .= '<p class="flash error">' . h(t("refused") . " " . $e->getMessage()) . '</p>';
        }
    }
    $body .= form("/officer/stamps", field("lot", t("f.lot")) . field("count", t("f.count"), "number", "10")
        . field("package_kg", t("f.package_kg"), "text", "0.5"), t("a.stamps"));
    page(t("a.stamps"), $body);
}

/* ---- board ---- */

function page_board(): void
{
    $u = require_role("board");
    $reg = gi_registry($u);
    $rows = [];
    foreach (permits_all($reg) as $p) {
        $rows[] = [h("P" . $p["id"]), h($p["member_id"]), h(implode(", ", array_map("product_name", as_list($p["products"])))), h($p["quantity_kg"]),
                   h(t("permit." . $p["state"])), h(($p["valid_from"] ?? "") . " – " . ($p["valid_until"] ?? ""))];
    }
    $body = '<h2>' . h(t("permits")) . '</h2>' . table([t("permit"), t("f.member"), t("products"), "kg", t("state"), t("valid")], $rows)
        . '<div class="grid">';
    foreach (registry_forms() as $action => [$role]) {
        if ($role === "board") {
            $body .= registry_form($action);
        }
    }
    page(t("role.board"), $body . '</div>');
}

/* ---- administrator ---- */

function page_admin(): void
{
    require_role("admin");
    if (($_SERVER["REQUEST_METHOD"] ?? "GET") === "POST") {
        try {
            user_add(post("username", 64), post("password", 200), post("role", 16));
            flash(sprintf(t("done"), t("a.user"), post("username", 64)));
        } catch (InvalidArgumentException | PDOException $e) {
            flash(t("refused") . " " . ($e instanceof PDOException ? t("err.username") : $e->getMessage()), "error");
        }
        redirect("/admin");
    }
    $rows = array_map(fn($r) => [h($r["username"]), h(t("role." . $r["role"]))],
                      db()->query("SELECT username, role FROM users ORDER BY id")->fetchAll());
    $body = table([t("login.user"), t("role")], $rows)
        . form("/admin", field("username", t("login.user")) . field("password", t("login.password"), "password")
            . select("role", t("role"), array_combine(PORTAL_ROLES, array_map(fn($r) => t("role." . $r), PORTAL_ROLES))), t("a.user"));
    page(t("role.admin"), $body);
}
