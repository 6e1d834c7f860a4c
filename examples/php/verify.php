<?php
// Verify the shipped lab report against the Lai Châu spec and print the
// verdicts. Run from the top of the source tree:
//   php -d extension=gi examples/php/verify.php
$spec = GI\Spec::load("specs/lai-chau-tea.xml");
$run = $spec->verify(GI\Report::open("examples/lai-chau-2026.xml"));
foreach ($run["samples"] as $s) {
    printf("%-12s %-16s %-12s %s\n", $s["id"], $s["product"], $s["verdict"], $s["reason"]);
}
echo "report verdict: ", $run["summary"]["verdict"], "\n";
try {
    GI\Report::fromString("lab,sample\n", "broken.csv");
} catch (GI\Exception $e) {
    echo "bad input: ", $e->inputFile, ": ", $e->detail, "\n";
}
