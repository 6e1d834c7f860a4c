<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// Verify the shipped lab report against the Lai Châu spec and print the
// verdicts; with a key and certificate, also sign a record per sample and
// check them. Run from the top of the source tree:
//   php -d extension=gi examples/php/verify.php [KEY CERT]
$spec = GI\Spec::load("specs/lai-chau-tea.xml");
$signer = $argc === 3 ? GI\Signer::load($argv[1], $argv[2]) : null;
$run = $spec->verify(GI\Report::open("examples/lai-chau-2026.xml"), null, $signer);
foreach ($run["samples"] as $s) {
    printf("%-12s %-16s %-12s %s\n", $s["id"], $s["product"], $s["verdict"], $s["reason"]);
}
echo "report verdict: ", $run["summary"]["verdict"], "\n";
if ($signer) {
    $trust = GI\Trust::load($argv[2]);
    $ok = count(array_filter($run["records"], fn($xml) => GI\Record::verify($xml, $trust)["valid"]));
    echo "$ok of ", count($run["records"]), " signed records verify\n";
}
try {
    GI\Report::fromString("lab,sample\n", "broken.csv");
} catch (GI\Exception $e) {
    echo "bad input: ", $e->inputFile, ": ", $e->detail, "\n";
}
