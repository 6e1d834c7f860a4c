<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// Served by `php -S` in tests/php.sh: every request loads, verifies and
// signs nothing but answers the same; state from one request must not
// leak into the next.
$spec = GI\Spec::load(__DIR__ . "/../../specs/lai-chau-tea.xml");
$run = $spec->verify(GI\Report::open(__DIR__ . "/../../examples/lai-chau-2026.xml"), $_GET["rule"] ?? null);
header("Content-Type: application/json");
echo json_encode(["summary" => $run["summary"], "first" => $run["samples"][0]["verdict"]]);
