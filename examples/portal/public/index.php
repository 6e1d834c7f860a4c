<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// The GI portal's one entry point: every request but the style sheet comes
// here (php -S public/index.php, or nginx's try_files). Routes, the CSRF
// check of every POST, and error pages without internals.
declare(strict_types=1);

ini_set("display_errors", "0");
ini_set("log_errors", "1");
error_reporting(E_ALL);
require __DIR__ . "/../src/app.php";
require __DIR__ . "/../src/i18n.php";
require __DIR__ . "/../src/gi.php";
require __DIR__ . "/../src/pages_public.php";
require __DIR__ . "/../src/pages_staff.php";

$path = parse_url($_SERVER["REQUEST_URI"] ?? "/", PHP_URL_PATH) ?: "/";
$method = $_SERVER["REQUEST_METHOD"] ?? "GET";

// the built-in server: the style sheet is a file
if (PHP_SAPI === "cli-server" && $path === "/style.css") {
    return false;
}

set_error_handler(function (int $no, string $msg, string $file, int $line): bool {
    throw new ErrorException($msg, 0, $no, $file, $line);
});

security_headers();
try {
    if ($method === "POST") {
        // a body over post_max_size arrives empty: say so rather than "no token"
        $len = (int)($_SERVER["CONTENT_LENGTH"] ?? 0);
        if ($len > PORTAL_UPLOAD_MAX + 65536) {
            throw new HttpError(413, t("err.toolarge"));
        }
        csrf_check();
    } elseif ($method !== "GET" && $method !== "HEAD") {
        throw new HttpError(405, t("err.method"));
    }
    $get = ["/" => "page_home", "/producers" => "page_producers", "/log" => "page_log", "/login" => "page_login",
            "/staff" => "page_staff", "/lab" => "page_lab", "/lab/report" => "page_lab_report", "/officer" => "page_officer",
            "/officer/stamps" => "page_officer_stamps", "/board" => "page_board", "/admin" => "page_admin"];
    $post = ["/login" => "page_login", "/logout" => "page_logout", "/lab/upload" => "page_lab_upload",
             "/lab/submit" => "page_lab_submit", "/officer/stamps" => "page_officer_stamps", "/officer/photo" => "page_officer_photo",
        "/admin" => "page_admin"];
    $routes = $method === "POST" ? $post : $get;
    if (isset($routes[$path])) {
        $routes[$path]();
    } elseif ($method === "POST" && preg_match('~^/do/([a-z]+\.[a-z-]+)$~', $path, $m)) {
        page_do($m[1]);
    } elseif ($method !== "POST" && preg_match('~^/photo/([0-9a-f]{64}\.(?:jpg|png))$~', $path, $m)) {
        page_photo($m[1]);
    } elseif ($method !== "POST" && preg_match('~^/(01/[0-9]{14}/10|lot)/~', $path)) {
        page_scan();
    } else {
        throw new HttpError(404, t("err.notfound"));
    }
} catch (HttpError $e) {
    if ($e->status === 401 && $method === "GET") {
        flash($e->getMessage(), "error");
        redirect("/login");
    }
    page(t("err.title"), '<p class="flash error" role="alert">' . h($e->getMessage()) . '</p>', $e->status);
} catch (Throwable $e) {
    // the details go to the server's log, never to the visitor
    error_log("portal: " . get_class($e) . ": " . $e->getMessage() . " at " . $e->getFile() . ":" . $e->getLine());
    try {
        page(t("err.title"), '<p class="flash error" role="alert">' . h(t("err.internal")) . '</p>', 500);
    } catch (Throwable) {
        http_response_code(500);
        echo "Internal error";
    }
}
