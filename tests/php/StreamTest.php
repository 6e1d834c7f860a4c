<?php
// SPDX-License-Identifier: GPL-3.0-or-later
/* Spec::stream() holds one sample's result at a time, as `gi verify` does:
 * PHP's memory does not grow with the number of samples, so a report of any
 * length fits in the default memory_limit; verify() keeps the list. */
use PHPUnit\Framework\TestCase;

final class StreamTest extends TestCase
{
    private static function src(string $rel): string
    {
        return (getenv("GI_SRCDIR") ?: ".") . "/" . $rel;
    }

    /* Limits of GI No. 00146 Lai Châu (decision 559/QĐ-SHTT, 19 Aug 2025):
     * glutamic acid >= 5.34 / 4.24 / 5.61 g/100g for green tea, oolong and
     * Oriental Beauty; values scatter around them so every verdict path runs. */
    private static function report(int $n): string
    {
        $products = [["green-tea", 5.34, "Tam Đường", 1450], ["oolong", 4.24, "Tân Uyên", 1000],
                     ["oriental-beauty", 5.61, "Than Uyên", 1100]];
        $path = tempnam(sys_get_temp_dir(), "gi-stream-") ;
        $f = fopen($path, "w");
        fwrite($f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<labReport xmlns=\"urn:libgi:lab-report:1\" id=\"MEM\">\n"
                 . "<laboratory id=\"MEM-LAB\"><name>Memory test laboratory</name></laboratory>\n");
        for ($i = 0; $i < $n; $i++) {
            [$product, $limit, $unit, $alt] = $products[$i % 3];
            $g = $limit * (0.95 + 0.12 * (($i * 7919) % 1000) / 1000);
            fwrite($f, sprintf('<sample id="S%08d" lot="LOT-%06d" product="%s" spec="vn-gi-00146-lai-chau-tea">'
                . '<origin unit="%s" altitude="%d"/><measurement analyte="glutamic-acid" unit="g/100g">'
                . '<value>%.2F</value><value>%.2F</value><uncertainty expanded="0.20"/></measurement>'
                . '<measurement analyte="moisture" unit="%%"><value>%.1F</value></measurement></sample>' . "\n",
                $i, intdiv($i, 4), $product, $unit, $alt, $g, $g * 1.01, 4 + ($i % 20) / 10));
        }
        fwrite($f, "</labReport>\n");
        fclose($f);
        return $path;
    }

    /** Peak PHP memory (memory_get_peak_usage) while iterating, above the usage before stream(). */
    private static function growth(string $path): array
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $report = GI\Report::open($path);
        gc_collect_cycles();
        memory_reset_peak_usage();
        $base = memory_get_usage();
        $n = 0;
        foreach ($spec->stream($report) as $sample) {
            $n++;
        }
        return [$n, memory_get_peak_usage() - $base];
    }

    /** Iterating 6000 samples peaks less than 64 bytes a sample above
     *  iterating 500 (a list of decoded samples costs kilobytes each). */
    public function testStreamMemoryIsFlat(): void
    {
        if (getenv("USE_ZEND_ALLOC") === "0") {
            $this->markTestSkipped("the Zend allocator is off (valgrind): PHP does not count its memory");
        }
        $small = self::report(500);
        $big = self::report(6000);
        try {
            [$nSmall, $gSmall] = self::growth($small);
            [$nBig, $gBig] = self::growth($big);
        } finally {
            unlink($small);
            unlink($big);
        }
        $this->assertSame([500, 6000], [$nSmall, $nBig]);
        $perSample = ($gBig - $gSmall) / ($nBig - $nSmall);
        $this->assertLessThan(64, $perSample, "peak memory grows by $perSample bytes per sample");
    }

    /** stream() yields what verify() lists, in order, and the same summary. */
    public function testStreamMatchesVerify(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $listed = $spec->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), "non-binary", null, true);
        $run = $spec->stream(GI\Report::open(self::src("examples/lai-chau-2026.xml")), rule: "non-binary",
                             pictures: true);
        $streamed = [];
        foreach ($run as $i => $sample) {
            $streamed[$i] = $sample;
        }
        $this->assertSame($listed["samples"], $streamed);
        $this->assertSame($listed["summary"], $run->summary());
        $this->expectException(GI\UsageException::class);
        foreach ($run as $sample) {
        }
    }

    /** summary() alone finishes the verification; a bad sample throws
     *  where it is reached and leaves no summary. */
    public function testSummaryAndBadSample(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $this->assertSame("fail", $spec->stream(GI\Report::open(self::src("examples/lai-chau-2026.xml")))->summary()["verdict"]);
        $text = "lab,sample,product,spec,analyte,unit,value\n"
              . "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4\n"
              . "L,S2,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n";
        $run = $spec->stream(GI\Report::fromString($text, "bad.csv"));
        $seen = [];
        try {
            foreach ($run as $sample) {
                $seen[] = $sample["id"];
            }
            $this->fail("a bad sample is streamed");
        } catch (GI\ParseException $e) {
            $this->assertSame(3, $e->inputLine);
        }
        $this->assertSame(["S1"], $seen);
        $this->expectException(GI\UsageException::class);
        $run->summary();
    }

    /** With a signer each streamed sample carries its signed record. */
    public function testStreamedRecords(): void
    {
        $pki = (getenv("GI_BUILDDIR") ?: ".") . "/tests/pki";
        exec("sh " . escapeshellarg(self::src("tests/pki.sh")) . " " . escapeshellarg($pki), $out, $rc);
        $this->assertSame(0, $rc);
        $signer = GI\Signer::load("$pki/lab-ec.key", "$pki/lab-ec-chain.pem");
        $trust = GI\Trust::load("$pki/trust.pem");
        $n = 0;
        foreach (GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
                     ->stream(GI\Report::open(self::src("examples/lai-chau-2026.xml")), signer: $signer) as $s) {
            $this->assertTrue(GI\verify_record($s["record"]["xml"], $trust, $s["record"]["id"] . ".xml")["valid"]);
            $this->assertSame($s["id"], GI\record_content($s["record"]["xml"])["sample"]["id"]);
            $n++;
        }
        $this->assertSame(6, $n);
    }
}
