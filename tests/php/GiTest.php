<?php
// SPDX-License-Identifier: GPL-3.0-or-later
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

    /** In a decimal-comma report "5,500" settles nothing on its own (it could be
     *  5500 with a comma for thousands): refused, unless the separator is stated. */
    public function testDecimalSeparator(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $text = "lab;sample;product;spec;origin;altitude;analyte;unit;value\nL;S1;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;glutamic-acid;g/100g;5,500\n";
        $run = $spec->verify(GI\Report::fromString($text, "vn.csv", null, ","));
        $this->assertSame("pass", $run["summary"]["verdict"]);
        try {
            $spec->verify(GI\Report::fromString($text, "vn.csv"));
            $this->fail("no exception");
        } catch (GI\InvalidException $e) {
            $this->assertSame(2, $e->inputLine);
            $this->assertStringContainsString("ambiguous", $e->detail);
        }
        $this->expectException(GI\UsageException::class);
        GI\Report::open(self::src("examples/lai-chau-2026.csv"), null, ";");
    }

    /** Objects come from the factories only; `new` cannot make an empty handle. */
    public function testNoEmptyHandles(): void
    {
        foreach (["GI\\Spec", "GI\\Report", "GI\\Signer", "GI\\Trust", "GI\\Record"] as $class) {
            try {
                new $class();
                $this->fail("new $class succeeded");
            } catch (Error $e) {
                $this->assertStringContainsString("private", $e->getMessage());
            }
        }
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
            /* GUM (JCGM 100:2008) 7.2.6: U to two significant digits, the value to its place */
            $this->assertSame("6.33 ± 0.19", GI\format_measurement(6.33047, 0.189914));
            $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")));
            $this->assertSame(["pass", "fail", "pass", "fail", "pass", "incomplete"], array_column($run["samples"], "verdict"));
        } finally {
            setlocale(LC_ALL, "C");
        }
        $this->expectException(GI\ParseException::class);
        GI\parse_number("1.234,5");
    }

    private static function pki(): string
    {
        $dir = (getenv("GI_BUILDDIR") ?: ".") . "/tests/pki";
        exec("sh " . escapeshellarg(self::src("tests/pki.sh")) . " " . escapeshellarg($dir), $out, $rc);
        if ($rc !== 0) {
            throw new RuntimeException("tests/pki.sh failed");
        }
        return $dir;
    }

    public function testSignAndVerifyRecords(): void
    {
        $pki = self::pki();
        $signer = GI\Signer::load("$pki/lab-ec.key", "$pki/lab-ec-chain.pem");
        $this->assertStringContainsString("lab-ec", $signer->subject());
        $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
            ->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), null, $signer);
        $this->assertCount(6, $run["records"]);
        $trust = GI\Trust::load("$pki/trust.pem", "$pki/crl.pem");
        foreach ($run["records"] as $id => $xml) {
            $check = GI\verify_record($xml, $trust, "$id.xml");
            $this->assertTrue($check["valid"], $check["reason"]);
            $this->assertSame($id, $check["record"]);
        }
        $first = array_values($run["records"])[0];
        $this->assertTrue(GI\Record::verify($first, $trust)["valid"]);
        $this->assertSame("green-tea", GI\Record::content($first)["sample"]["product"]);
        $this->assertSame("LC26-GT-001", GI\record_content($first)["sample"]["id"]);
        $forged = preg_replace('/value="pass"/', 'value="fail"', $first, 1);
        $this->assertSame("bad-digest", GI\verify_record($forged, $trust)["status"]);
        $p12 = GI\Signer::load(null, null, "$pki/lab-rsa.p12", "secret");
        $this->assertStringContainsString("lab-rsa", $p12->subject());
        $this->assertSame(64, strlen(GI\sha256_file(self::src("examples/lai-chau-2026.xml"))));
        $this->expectException(GI\InvalidException::class);
        GI\Signer::load("$pki/lab-rsa-enc.key", "$pki/lab-rsa.pem", null, "wrong");
    }

    /** A PKCS#11 URI is a key wherever a key file is: records signed on a
     *  SoftHSM2 token (tests/softhsm-token.sh) verify; a wrong PIN throws
     *  an exception naming the token. */
    public function testSignerWithATokenKey(): void
    {
        $pki = self::pki();
        $dir = sys_get_temp_dir() . "/gi-php-token-" . getmypid();
        exec("sh " . escapeshellarg(self::src("tests/softhsm-token.sh")) . " " . escapeshellarg($dir) . " "
             . escapeshellarg($pki) . " 2>/dev/null", $out, $rc);
        if ($rc === 77) {
            $this->markTestSkipped("softhsm2 or opensc missing");
        }
        $this->assertSame(0, $rc);
        putenv("SOFTHSM2_CONF=$dir/softhsm2.conf");
        putenv("GI_PKCS11_MODULE=" . $out[0]);
        try {
            $signer = GI\Signer::load("pkcs11:token=LAB;object=lab-key;type=private", "$pki/lab-rsa-chain.pem",
                                      null, "4321");
            $this->assertStringContainsString("lab-rsa", $signer->subject());
            $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
                ->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), null, $signer);
            $this->assertCount(6, $run["records"]);
            $trust = GI\Trust::load("$pki/trust.pem", "$pki/crl.pem");
            foreach ($run["records"] as $id => $xml) {
                $check = GI\verify_record($xml, $trust, "$id.xml");
                $this->assertTrue($check["valid"], $check["reason"]);
            }
            $ec = GI\Signer::load("pkcs11:token=LAB;object=lab-ec;type=private", null, null, "4321");
            $this->assertStringContainsString("lab-ec", $ec->subject());
            try {
                GI\Signer::load("pkcs11:token=LAB;object=lab-key;type=private", null, null, "0000");
                $this->fail("a wrong PIN was accepted");
            } catch (GI\InvalidException $e) {
                $this->assertStringContainsString('cannot log in to token "LAB"', $e->getMessage());
            }
        } finally {
            putenv("SOFTHSM2_CONF");
            putenv("GI_PKCS11_MODULE");
            exec("rm -rf " . escapeshellarg($dir));
        }
    }

    /** Signer::external: a signing function holding the key (here openssl
     *  pkeyutl, as a remote signing service would) makes records that
     *  verify; a function that fails makes none. */
    public function testExternalSigner(): void
    {
        $pki = self::pki();
        $asked = [];
        $service = function (string $md, string $digest) use ($pki, &$asked): string {
            $asked[] = $md;
            $proc = proc_open(["openssl", "pkeyutl", "-sign", "-inkey", "$pki/lab-ec.key", "-pkeyopt", "digest:$md"],
                              [0 => ["pipe", "r"], 1 => ["pipe", "w"]], $pipes);
            fwrite($pipes[0], $digest);
            fclose($pipes[0]);
            $sig = stream_get_contents($pipes[1]);
            fclose($pipes[1]);
            proc_close($proc);
            return $sig;
        };
        $signer = GI\Signer::external($service, null, file_get_contents("$pki/lab-ec-chain.pem"));
        $this->assertStringContainsString("lab-ec", $signer->subject());
        $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
            ->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), null, $signer);
        $this->assertCount(6, $run["records"]);
        $this->assertSame(array_fill(0, 6, "sha256"), $asked);
        $trust = GI\Trust::load("$pki/trust.pem", "$pki/crl.pem");
        foreach ($run["records"] as $id => $xml) {
            $this->assertTrue(GI\verify_record($xml, $trust, "$id.xml")["valid"]);
        }
        $broken = GI\Signer::external(fn (string $md, string $d): string => "", "$pki/lab-ec-chain.pem");
        try {
            GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
                ->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), null, $broken);
            $this->fail("a failing signing function made records");
        } catch (GI\Exception $e) {
            $this->assertStringContainsString("external signing function failed", $e->getMessage());
        }
    }

    /** A decimal-comma report from a string signs as it verifies: its
     *  digest is read with the options it was opened with. */
    public function testSigningAReportWithItsOptions(): void
    {
        $pki = self::pki();
        $signer = GI\Signer::load("$pki/lab-ec.key", "$pki/lab-ec-chain.pem");
        $text = "lab;sample;product;spec;origin;altitude;analyte;unit;value\n"
              . "L;S1;green-tea;vn-gi-00146-lai-chau-tea;Tam Đường;1450;glutamic-acid;g/100g;5,500\n";
        $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
            ->verify(GI\Report::fromString($text, "vn.csv", null, ","), null, $signer);
        $this->assertCount(1, $run["records"]);
    }

    /** A report from a string with a bad row 3, verified with a signer:
     *  the same parse error as without one (and as `gi verify`), no records. */
    public function testSigningABadReportIsAParseError(): void
    {
        $pki = self::pki();
        $signer = GI\Signer::load("$pki/lab-ec.key", "$pki/lab-ec-chain.pem");
        $bad = "lab,sample,product,spec,analyte,unit,value\n"
             . "L,S1,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4\n"
             . "L,S2,green-tea,vn-gi-00146-lai-chau-tea,glutamic-acid,g/100g,5.4x\n";
        try {
            GI\Spec::load(self::src("specs/lai-chau-tea.xml"))->verify(GI\Report::fromString($bad, "bad.csv"), null, $signer);
            $this->fail("no exception");
        } catch (GI\ParseException $e) {
            $this->assertSame("bad.csv", $e->inputFile);
            $this->assertSame(3, $e->inputLine);
            $this->assertStringContainsString("5.4x", $e->detail);
        }
    }

    /** The verification time moves the clock; restamping needs a time-stamped record. */
    public function testVerificationTimeAndRestamp(): void
    {
        $pki = self::pki();
        $signer = GI\Signer::load("$pki/lab-ec.key", "$pki/lab-ec-chain.pem");
        $run = GI\Spec::load(self::src("specs/lai-chau-tea.xml"))
            ->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), null, $signer);
        $xml = array_values($run["records"])[0];
        $trust = GI\Trust::load("$pki/trust.pem");
        $this->assertTrue(GI\verify_record($xml, $trust)["valid"]);
        $trust->setTime(4102444800);   // 2100-01-01: tests/pki.sh issues lab-ec for 3650 days
        $this->assertSame("expired", GI\verify_record($xml, $trust)["status"]);
        $trust->setTime(0);
        $this->assertTrue(GI\verify_record($xml, $trust)["valid"]);
        $this->expectException(GI\InvalidException::class);
        GI\Record::restamp($xml, $trust, fn(string $req): string => "");
    }

    /** Published values: Grubbs (1969), Rorabacher (1991), NIST StRD NumAcc1, ISO 5725-2 table 4. */
    public function testStatistics(): void
    {
        $this->assertEqualsWithDelta(1.7150, GI\stats_grubbs_critical(5), 5e-5);
        $this->assertSame(0.466, GI\stats_dixon_critical(10));
        [$g, $i] = GI\stats_grubbs([10.1, 10.2, 10.0, 10.1, 12.0]);
        $this->assertSame(4, $i);
        [$q, $i] = GI\stats_dixon([10.1, 10.2, 10.0, 10.1, 12.0]);
        $this->assertEqualsWithDelta(0.9, $q, 1e-12);
        $d = GI\stats_describe([10000001, 10000003, 10000002]);
        $this->assertSame(10000002.0, $d["mean"]);
        $this->assertEqualsWithDelta(1.0, $d["sd"], 1e-12);
        $this->assertEqualsWithDelta(0.841, GI\stats_cochran_critical(5, 2), 5e-4);
        $this->assertEqualsWithDelta(0.6, GI\stats_cochran([0.01, 0.02, 0.01, 0.06]), 1e-12);
        $this->assertEqualsWithDelta(5.37, GI\stats_algorithm_a([5.31, 5.42, 5.35, 5.38, 5.29, 5.40, 5.36, 5.33, 5.44, 9.80])["mean"], 0.03);
    }

    /**
     * Deaver (1993), "How to Maintain Your Confidence", NCSL Workshop and Symposium, p. 7:
     * tolerance +/-2 process sd, process sd / measurement sd = 4: false accept 0.8 %,
     * false reject 1.5 % (JCGM 106's global R_C and R_P).
     */
    public function testGlobalRisk(): void
    {
        $r = GI\risk_global(["lower" => -2, "upper" => 2, "mean" => 0, "sd" => 1, "u" => 0.25]);
        $this->assertEqualsWithDelta(0.008, $r["consumer"], 0.0005);
        $this->assertEqualsWithDelta(0.015, $r["producer"], 0.0005);
        $this->assertEqualsWithDelta(4.0, $r["cm"], 1e-12);
        $one = GI\risk_global(["lower" => 5.34, "mean" => 6.1, "sd" => 0.35, "u" => 0.1]);
        $this->assertNull($one["cp"]);
        $g = GI\risk_guard_band(0.01, ["lower" => -8, "upper" => 8, "mean" => 0, "sd" => 4, "u" => 2]);
        $this->assertEqualsWithDelta(0.01, $g["consumer"], 1e-11);
        $h = GI\risk_history_file(self::src("examples/pt-glutamic-acid.csv"));
        $this->assertGreaterThan(2, $h["n"]);
        try {
            GI\risk_global(["lower" => 5.34, "mean" => 6.1, "sd" => 0.35]);
            $this->fail("no u accepted");
        } catch (GI\UsageException $e) {
            $this->assertStringContainsString("'u'", $e->getMessage());
        }
        $this->expectException(GI\InvalidException::class);
        GI\risk_guard_band(0.1, ["lower" => -8, "upper" => 8, "mean" => 0, "sd" => 4, "u" => 2]);
    }

    public function testProficiencyRound(): void
    {
        $r = GI\pt_load(self::src("examples/pt-glutamic-acid.csv"));
        $this->assertCount(8, $r["labs"]);
        $this->assertSame("LAB-08", $r["cochran"]["lab"]);
        $r = GI\pt_evaluate(["A", "B", "C"], [10, 11, 12], 11.0, 0.5);
        $this->assertSame([-2.0, 0.0, 2.0], array_column($r["labs"], "z"));
        $this->assertSame("unsatisfactory", GI\pt_classify(3.0));
    }

    public function testSpecDetailsSamplesAndPictures(): void
    {
        $spec = GI\Spec::load(self::src("specs/lai-chau-tea.xml"));
        $this->assertSame(["glutamic-acid", "moisture"], array_column($spec->analytes(), "id"));
        $this->assertSame(1200.0, $spec->areas()[0]["altitude_min"]);
        $this->assertTrue($spec->hasProduct("oolong"));
        $this->assertFalse($spec->hasAnalyte("caffeine"));
        $report = GI\Report::open(self::src("examples/lai-chau-2026.xml"));
        $first = $report->next();
        $this->assertSame([5.52, 5.47], $first["measurements"][0]["values"]);
        $run = $spec->verify(GI\Report::open(self::src("examples/lai-chau-2026.xml")), "non-binary", null, true);
        $this->assertStringStartsWith("<svg", $run["samples"][0]["criteria"][0]["svg"]);
        $this->assertNull($run["samples"][5]["criteria"][0]["svg"]);
        $this->assertSame("mg/kg", GI\canonical_unit("ppm"));
        $this->assertContains("conditional-pass", GI\names()["verdicts"]);
    }

    /** Every public C function is called by the extension, or is listed
     *  here with the reason it needs no binding of its own. */
    public function testApiCoverage(): void
    {
        $excused = ["gi_error_last" => "errors become exceptions", "gi_free" => "releases what the library returns"];
        $public = [];
        foreach (glob(self::src("libgi/gi/*.h")) as $h) {
            preg_match_all('/GI_EXTERN\([^)]*\)\s*(gi_\w+)\s*\(/', file_get_contents($h), $m);
            $public = array_merge($public, $m[1]);
        }
        preg_match_all('/\b(gi_[a-z]\w*)\b/', file_get_contents(self::src("bindings/php/gi.c")), $m);
        $missing = array_values(array_diff(array_unique($public), $m[1], array_keys($excused)));
        $this->assertSame([], $missing, "public C functions without a PHP binding");
        $this->assertGreaterThan(60, count(array_unique($public)));
    }
}
