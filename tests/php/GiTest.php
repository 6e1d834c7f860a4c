<?php
/* Tests of the PHP extension, run by make check (tests/php.sh) against the
 * extension just built. Expected numbers: the shipped example and the Lai
 * Châu registration (GI No. 00146, glutamic acid >= 5.34 g/100g). */
use PHPUnit\Framework\TestCase;

final class GiTest extends TestCase
{
    private static function src(string $rel): string
    {
        return (getenv("GI_SRCDIR") ?: ".") . "/" . $rel;
    }

    public function testSpecIdentity(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $info = $spec->info();
        $this->assertSame("vn-gi-00146-lai-chau-tea", $info["id"]);
        $this->assertSame("559/QĐ-SHTT", $info["decision"]);
        $limits = [];
        foreach ($spec->products() as $p) {
            $limits[$p["id"]] = $p["criteria"][0]["lower"];
        }
        $this->assertSame(["green-tea" => 5.34, "oolong" => 4.24, "oriental-beauty" => 5.61], $limits);
    }

    public function testVerifyExample(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $run = $spec->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")));
        $this->assertCount(6, $run["samples"]);
        $this->assertSame(3, $run["summary"]["pass"]);
        $this->assertSame(2, $run["summary"]["fail"]);
        $this->assertSame(1, $run["summary"]["incomplete"]);
        $this->assertSame("fail", $run["summary"]["verdict"]);
        $this->assertSame("LC26-GT-001", $run["samples"][0]["id"]);
        $this->assertEqualsWithDelta(5.495, $run["samples"][0]["criteria"][0]["value"], 1e-12);
    }

    /** Each sample is the object `gi verify --json` prints. */
    public function testSamplesMatchCliJson(): void
    {
        $bin = getenv("GI_BIN");
        if (!$bin) {
            $this->markTestSkipped("GI_BIN not set");
        }
        $out = shell_exec(escapeshellarg($bin) . " verify --json --spec " . escapeshellarg(self::src("specs/lai-chau-tea.xml"))
                          . " --report " . escapeshellarg(self::src("examples/lai-chau-2026.xml")));
        $cli = json_decode($out, true)["samples"];
        $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")));
        $this->assertEquals($cli, $run["samples"]);
    }

    public function testRuleOverride(): void
    {
        $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
            ->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), "non-binary");
        $this->assertSame("conditional-pass", $run["samples"][0]["verdict"]);
        $this->assertSame("conditional-fail", $run["samples"][1]["verdict"]);
        $this->expectException(GI\InvalidException::class);
        GI\Spec::load(self::src("specs/lai-chau-tea.xml"))->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), "lenient");
    }

    public function testErrorsCarryFileAndLine(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $bad = "lab,sample,product,spec,analyte,unit,value\nL,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n";
        try {
            $spec->verify(GI\Report::fromString($bad, "bad.csv"));
            $this->fail("no exception");
        } catch (GI\ParseException $e) {
            $this->assertInstanceOf(GI\Exception::class, $e);
            $this->assertSame("bad.csv", $e->inputFile);
            $this->assertSame(2, $e->inputLine);
            $this->assertStringContainsString("5.4x", $e->detail);
        }
        $this->expectException(GI\FileException::class);
        GI\Spec::load("/nonexistent/spec.xml");
    }

    public function testDoctypeRefused(): void
    {
        $this->expectException(GI\ParseException::class);
        GI\Spec::fromString("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>");
    }

    public function testReportReadOnce(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $report = GI\Report::open(self::src("examples/lai-chau-2026.csv"));
        $this->assertSame("EXAMPLE-LAB", $report->lab()["id"]);
        $spec->verify($report);
        $this->expectException(GI\UsageException::class);
        $spec->verify($report);
    }

    /** A comma-decimal locale set inside PHP changes nothing. */
    public function testLocaleIndependence(): void
    {
        $set = setlocale(LC_ALL, "vi_VN.UTF-8", "de_DE.UTF-8");
        $this->assertNotFalse($set, "no comma-decimal locale: run .ci/install-deps");
        try {
            $this->assertSame(",", localeconv()["decimal_point"]);
            $this->assertSame(5.34, GI\parse_number("5,34"));
            $this->assertSame(5.34, GI\parse_number("5.34"));
            $this->assertSame(5.34, GI\convert_unit(5340, "mg/100g", "g/100g"));
            $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")));
            $this->assertSame(["pass", "fail", "pass", "fail", "pass", "incomplete"], array_column($run["samples"], "verdict"));
        } finally {
            setlocale(LC_ALL, "C");
        }
        $this->expectException(GI\ParseException::class);
        GI\parse_number("1.234,5");
    }
}
