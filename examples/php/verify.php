<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// Verify the shipped lab report against the Lai Châu spec and print the
// verdicts; with a key and certificate, also sign a record per sample and
// check them. Run from the top of the source tree:
//   php -d extension=gi examples/php/verify.php [KEY CERT]
$spec = GI\Spec::load("specs/lai-chau-tea.xml");
$signer = $argc === 3 ? GI\Signer::load($argv[1], $argv[2]) : null;
$trust = $signer ? GI\Trust::load($argv[2]) : null;
$ok = $n = 0;
// one sample, and its signed record, at a time
$run = $spec->stream(GI\Report::open("examples/lai-chau-2026.xml"), null, $signer);
foreach ($run as $s) {
    printf("%-12s %-16s %-12s %s\n", $s["id"], $s["product"], $s["verdict"], $s["reason"]);
    if ($signer) {
        $ok += GI\Record::verify($s["record"]["xml"], $trust)["valid"] ? 1 : 0;
        $n++;
    }
}
echo "report verdict: ", $run->summary()["verdict"], "\n";
if ($signer) {
    echo "$ok of $n signed records verify\n";
}
try {
    GI\Report::fromString("lab,sample\n", "broken.csv");
} catch (GI\Exception $e) {
    echo "bad input: ", $e->inputFile, ": ", $e->detail, "\n";
}
