// SPDX-License-Identifier: GPL-3.0-or-later
// The GI portal in headless Chromium: the whole story (a lab uploads and
// signs, an officer registers and inspects, the board grants, stamps are
// issued, a consumer opens a stamp and sees a valid lot, the board
// withdraws, the same stamp shows it withdrawn), then the security checks.
// Run by tests/portal.sh: node story.cjs BASE_URL ARTEFACT_DIR SRCDIR
"use strict";
const { chromium } = require(process.env.PLAYWRIGHT_CORE || "playwright-core");
const fs = require("fs");
const path = require("path");

const [base, out, srcdir] = process.argv.slice(2);
const ADMIN = ["admin", process.env.GI_PORTAL_ADMIN_PASSWORD];
const PW = "correct horse battery staple";
let failures = 0;
function check(ok, what) {
	console.log((ok ? "ok: " : "FAIL: ") + what);
	if (!ok) failures++;
}
const today = new Date().toISOString().slice(0, 10);
/** libgi's Vietnamese word for a verdict, as po/vi.po translates it. */
function viVerdict(srcdir, msgid) {
	const m = fs.readFileSync(path.join(srcdir, "po/vi.po"), "utf8").match(new RegExp('\nmsgid "' + msgid + '"\nmsgstr "([^"]*)"'));
	return m ? m[1] : null;
}

async function login(page, user, password = PW) {
	await page.goto(base + "/login?lang=en");
	await page.fill("input[name=username]", user);
	await page.fill("input[name=password]", password);
	await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
}
async function logout(page) {
	await Promise.all([page.waitForNavigation(), page.click("header form button")]);
}
/** Fills the form of a registry action on the current page and submits it; returns the flash text. */
async function act(page, action, values) {
	const form = page.locator("#form-" + action.replace(".", "-") + " form");
	for (const [name, value] of Object.entries(values)) {
		const el = form.locator(`[name="${name}"]`);
		if ((await el.getAttribute("type")) === "checkbox") {
			if (value) await el.check();
		} else if ((await el.evaluate((e) => e.tagName)) === "SELECT") {
			await el.selectOption(value);
		} else {
			await el.fill(String(value));
		}
	}
	await Promise.all([page.waitForNavigation(), form.locator("button[type=submit]").click()]);
	return (await page.locator(".flash").first().textContent()) || "";
}
async function shot(page, name) {
	await page.screenshot({ path: path.join(out, name), fullPage: true });
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
		args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
	});
	const desk = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: "en-GB" });
	const page = await desk.newPage();
	page.on("dialog", (d) => { check(false, "a script ran: dialog " + d.message()); d.dismiss(); });
	const cspViolations = [];
	page.on("console", (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });

	// the administrator makes the users
	await login(page, ...ADMIN);
	check(page.url().endsWith("/staff"), "admin signs in");
	for (const [u, role] of [["lab1", "lab"], ["officer1", "officer"], ["board1", "board"]]) {
		await page.goto(base + "/admin");
		await page.fill("main input[name=username]", u);
		await page.fill("main input[name=password]", PW);
		await page.selectOption("main select[name=role]", role);
		await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
	}
	check((await page.locator("main table").textContent()).includes("officer1"), "admin adds lab, officer and board users");
	await logout(page);

	// the laboratory uploads its report, sees the verdicts, signs and submits
	await login(page, "lab1");
	await page.goto(base + "/lab");
	await page.setInputFiles("input[name=report]", path.join(srcdir, "examples/lai-chau-2026.xml"));
	await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
	const verdicts = await page.locator("main").textContent();
	check(page.url().includes("/lab/report?id="), "the upload opens its verdict page");
	check(/LC26-GT-001[\s\S]*pass/.test(verdicts) && /LC26-GT-002[\s\S]*fail/.test(verdicts), "the verdict table shows libgi's verdicts");
	check((await page.locator("img.decision").count()) === 5, "the pictures of the 5 decisions are shown (the sample not tested has none)");
	await shot(page, "lab-verdicts.png");
	await Promise.all([page.waitForNavigation(), page.click("main form button[type=submit]")]);
	check((await page.locator("main").textContent()).includes("waiting"), "records of unregistered lots wait");
	await logout(page);

	// the officer registers a member, a plot, a lot (its shelf life and a photo), an inspector
	await login(page, "officer1");
	await page.goto(base + "/officer");
	const producer = "Lò Văn A";
	const evil = "Lò Văn A <script>alert(1)</script>";
	check((await act(page, "member.add", { kind: "household", name: producer, tax_id: "0101234567", address: "Bản Lao Chải, Tam Đường" })).includes("done"), "officer registers a member");
	check((await act(page, "plot.add", { member: 1, unit: "Tam Đường", altitude: 1450, area_ha: "0,8", latitude: "22.35", longitude: "103.6" })).includes("done"), "officer registers a plot");
	check((await act(page, "lot.add", { product: "green-tea", plot: "1", harvested: "2026-04-08", quantity_kg: 250, code: "LC-GT-2026-0001-3" })).includes("LC-GT-2026-0001-3"), "officer registers a lot");
	check((await act(page, "logbook.add", { lot: "LC-GT-2026-0001-3", date: "2026-04-09", activity: "processing", substance: "withering and pan-firing", dose: "250 kg fresh leaves", operator: "Lò Văn A" })).includes("done"), "officer enters an e-logbook entry");
	check((await act(page, "lot.shelf-life", { lot: "LC-GT-2026-0001-3", shelf_life_months: 24 })).includes("done"), "officer records the lot's shelf life");
	// a photo of the lot: a JPEG Chromium draws (tea rows on a hill)
	const drawer = await desk.newPage();
	await drawer.setViewportSize({ width: 480, height: 320 });
	await drawer.setContent('<body style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" width="480" height="320">'
		+ '<rect width="480" height="320" fill="#bfe3f5"/><circle cx="400" cy="60" r="30" fill="#ffd75e"/>'
		+ '<path d="M0 200 Q120 90 260 150 T480 130 V320 H0Z" fill="#3f7d32"/>'
		+ [0, 1, 2, 3, 4, 5].map((i) => `<path d="M0 ${215 + i * 20} Q160 ${120 + i * 22} 480 ${150 + i * 26}" stroke="#2a5c20" stroke-width="7" fill="none"/>`).join("")
		+ '</svg></body>');
	const photo = await drawer.screenshot({ type: "jpeg", quality: 80 });
	await drawer.close();
	await page.setInputFiles("#form-lot-photo-add input[name=photo]", { name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
	await page.fill("#form-lot-photo-add input[name=lot]", "LC-GT-2026-0001-3");
	await page.fill("#form-lot-photo-add input[name=caption]", "Đồi chè Shan tuyết, Tam Đường");
	await Promise.all([page.waitForNavigation(), page.click("#form-lot-photo-add button[type=submit]")]);
	check((await page.locator(".flash").first().textContent()).includes("done"), "officer adds a photo of the lot");
	// a text file called .jpg: refused by its bytes, whatever its name and type say
	await page.setInputFiles("#form-lot-photo-add input[name=photo]", { name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<html>not an image</html>") });
	await page.fill("#form-lot-photo-add input[name=lot]", "LC-GT-2026-0001-3");
	await page.fill("#form-lot-photo-add input[name=caption]", "fake");
	await Promise.all([page.waitForNavigation(), page.click("#form-lot-photo-add button[type=submit]")]);
	const fake = await page.locator(".flash").first().textContent();
	check(fake.includes("Refused") && fake.includes("neither a JPEG nor a PNG"), "a photo that is not a JPEG or PNG is refused: " + fake.slice(0, 80));
	check((await act(page, "inspector.add", { name: "Nguyễn Thị B", qualification: "ISO/IEC 17065 auditor" })).includes("done"), "officer registers an inspector");
	const refused = await act(page, "plot.add", { member: 1, unit: "Hà Nội", altitude: 20, area_ha: 1, latitude: "21.03", longitude: "105.85" });
	check(refused.includes("Refused"), "a plot outside the area is refused with libgi's reason: " + refused.slice(0, 80));
	await logout(page);

	// the board approves the inspector
	await login(page, "board1");
	await page.goto(base + "/board");
	check((await act(page, "inspector.approve", { inspector: 1, decision: "QĐ 12/2026" })).includes("done"), "board approves the inspector");
	await logout(page);

	// the officer records the initial inspection and applies for the permit
	await login(page, "officer1");
	await page.goto(base + "/officer");
	check((await act(page, "inspection.add", { member: 1, inspector: 1, kind: "initial", date: today, findings: "plots and records as declared", outcome: "pass" })).includes("done"), "officer records an inspection");
	check((await act(page, "permit.apply", { member: 1, product: "green-tea", plot: "1", quantity_kg: 200 })).includes("done"), "officer applies for a permit");
	await page.goto(base + "/officer/stamps");
	await page.fill("main input[name=lot]", "LC-GT-2026-0001-3");
	await page.fill("main input[name=count]", "2");
	await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
	check((await page.locator("main").textContent()).includes("stamps are issued only under a granted permit"), "no stamps before the permit is granted (the registry refuses)");
	await logout(page);

	// the board grants
	await login(page, "board1");
	await page.goto(base + "/board");
	check((await act(page, "permit.grant", { permit: 1 })).includes("done"), "board grants the permit");
	await logout(page);

	// the officer issues a sheet of stamps within the quota, not beyond
	await login(page, "officer1");
	await page.goto(base + "/officer/stamps");
	await page.fill("main input[name=lot]", "LC-GT-2026-0001-3");
	await page.fill("main input[name=count]", "4");
	await page.fill("main input[name=package_kg]", "0.5");
	await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
	check((await page.locator(".sheet figure").count()) === 4, "4 stamps issued");
	await shot(page, "stamp-sheet.png");
	const stampPath = await page.locator("a.stamp-uri").first().getAttribute("href");
	fs.writeFileSync(path.join(out, "stamp-path.txt"), stampPath + "\n");
	await page.fill("main input[name=lot]", "LC-GT-2026-0001-3");
	await page.fill("main input[name=count]", "500");
	await page.fill("main input[name=package_kg]", "1");
	await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
	// permit 1 covers 200 kg (applied above); 4 × 0.5 kg were stamped: 500 × 1 kg are refused by the registry
	check((await page.locator("main").textContent()).includes("over quota: permit 1 covers 200 kg; 4 stamps (2 kg) were already issued"), "stamps beyond the permit's quota are refused");
	await logout(page);

	// a consumer on a phone scans the stamp
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "vi-VN", isMobile: true, hasTouch: true });
	const cp = await phone.newPage();
	cp.on("dialog", (d) => { check(false, "a script ran on the scan page"); d.dismiss(); });
	await cp.goto(base + stampPath);
	let text = await cp.locator("main").textContent();
	check(text.includes("Hàng thật"), "the scan page says genuine (Vietnamese)");
	check(text.includes("LC-GT-2026-0001-3") && text.includes("1450") && text.includes("22.35"), "the scan page shows the lot, plot and altitude");
	check(text.includes(producer), "the scan page names the producer");
	check(text.includes("24 tháng") && text.includes("2028-04-08"), "the scan page shows the shelf life (24 months from the 2026-04-08 harvest)");
	check((await cp.locator("#photos img").count()) === 1 && text.includes("Đồi chè Shan tuyết"), "the scan page shows the lot's photo and caption");
	check(await cp.locator("#photos img").evaluate((i) => i.complete && i.naturalWidth === 480), "the photo loads (480 px wide, as uploaded)");
	const dat = viVerdict(srcdir, "pass");
	check(dat && (await cp.locator(".record h3 .badge").first().textContent()) === dat, "the verdict is libgi's Vietnamese word '" + dat + "' (po/vi.po)");
	const picture = () => cp.locator("img.decision").first().getAttribute("src").then((src) => Buffer.from(src.split(",")[1], "base64").toString("utf8"));
	check((await picture()).includes(dat), "the decision's picture is in Vietnamese too (the lab signed in English)");
	check(text.includes("withering and pan-firing"), "the scan page shows the production steps");
	const stepVi = await cp.locator("main tr", { hasText: "withering and pan-firing" }).first().textContent();
	check(stepVi.includes("chế biến") && !stepVi.includes("processing"), "the production step's activity is in Vietnamese ('chế biến', processing): " + stepVi);
	check(text.includes("Chữ ký hợp lệ") && text.includes("Có trong sổ cái công khai"), "the record's signature and log inclusion check out");
	check((await cp.locator("img.decision").count()) >= 1, "the scan page shows the decision's picture");
	const scroll = await cp.evaluate(() => document.documentElement.scrollWidth);
	check(scroll <= 390, "the scan page fits a 390 px phone (scrollWidth " + scroll + ")");
	await cp.screenshot({ path: path.join(out, "scan-vi.png"), fullPage: true });
	await cp.goto(base + stampPath + "&lang=en");
	text = await cp.locator("main").textContent();
	check(text.includes("Genuine") && text.includes("Green tea"), "the scan page in English");
	check((await cp.locator(".record h3 .badge").first().textContent()) === "pass", "the verdict in English is libgi's word");
	check(!(await picture()).includes(dat), "the decision's picture in English");
	check(text.includes("24 months; best before 2028-04-08"), "the shelf life in English");
	check((await cp.locator("main tr", { hasText: "withering and pan-firing" }).first().textContent()).includes("processing"), "the production step's activity in English");
	await cp.screenshot({ path: path.join(out, "scan-en.png"), fullPage: true });
	const recordId = (await cp.locator(".record h3").first().textContent()).trim().split(/\s+/)[0];
	const altered = stampPath.replace(/s=(.)/, (m, c) => "s=" + (c === "A" ? "B" : "A"));
	await cp.goto(base + altered + "&lang=en");
	check((await cp.locator("main").textContent()).includes("FORGED"), "an altered stamp gets the warning page");
	await cp.screenshot({ path: path.join(out, "scan-forged.png"), fullPage: true });
	await cp.goto(base + "/producers?lang=en");
	check((await cp.locator("main").textContent()).includes(producer), "the certified producers list the member");
	await cp.goto(base + "/log?lang=en");
	check(/\n1\n/.test(await cp.locator("pre.checkpoint").textContent()), "the log's checkpoint has one entry");
	await cp.goto(base + "/log?lang=en&record=" + encodeURIComponent(recordId));
	check((await cp.locator("#logcheck.good").textContent()).includes("entry index 0 in a tree of 1"), "/log?record= proves the lot's record " + recordId + " is in the log");
	check((await cp.locator("pre.checkpoint").count()) === 2, "/log?record= shows the inclusion proof under the checkpoint");
	await cp.goto(base + "/log?lang=en&record=LC26-NOT-A-RECORD");
	check((await cp.locator("#logcheck.bad").textContent()).includes("not in the log"), "/log?record= of an unknown record says it is not in the log");

	// the board suspends the permit: the stamp says so; reinstated: valid again
	await login(page, "board1");
	await page.goto(base + "/board");
	check((await act(page, "permit.suspend", { permit: 1, reason: "surveillance audit pending" })).includes("done"), "board suspends the permit");
	check(/P1[\s\S]*suspended/.test(await page.locator("main table").textContent()), "the board's table shows permit 1 suspended");
	await cp.goto(base + stampPath + "&lang=en");
	text = await cp.locator("#status").textContent();
	check(text.includes("SUSPENDED") && text.includes("surveillance audit pending"), "the stamp shows the permit suspended, with the reason");
	check((await act(page, "permit.reinstate", { permit: 1 })).includes("done"), "board reinstates the permit");
	check(/P1[\s\S]*granted/.test(await page.locator("main table").textContent()), "the board's table shows permit 1 granted again");
	await cp.goto(base + stampPath + "&lang=en");
	check((await cp.locator("#status").textContent()).includes("Genuine"), "the stamp is valid again after reinstatement");
	const refusedAgain = await act(page, "permit.reinstate", { permit: 1 });
	check(refusedAgain.includes("Refused") && refusedAgain.includes("only a suspended permit can be reinstated"), "reinstating a granted permit is refused with libgi's reason");
	// a violation decided: the first on the ladder is a warning, the permit stays
	const v1 = await act(page, "violation.add", { member: 1, date: today, description: "labels without the lot code", evidence: "inspection photos 12-14", decision: "QĐ 31/2026" });
	check(v1.includes("Decide a violation: done (#1)"), "board decides a violation: " + v1.slice(0, 60));
	const v2 = await act(page, "violation.add", { member: 9, date: today, description: "x", evidence: "y", decision: "z" });
	check(v2.includes("Refused") && v2.includes("member 9 is not registered"), "a violation of an unknown member is refused: " + v2.slice(0, 60));
	await cp.goto(base + stampPath + "&lang=en");
	check((await cp.locator("#status").textContent()).includes("Genuine"), "a warning leaves the permit valid");
	await logout(page);

	// a <script> in any field is shown as text: a logbook entry and a photo caption
	await login(page, "officer1");
	await page.goto(base + "/officer");
	check((await act(page, "logbook.add", { lot: "LC-GT-2026-0001-3", date: today, activity: "other", substance: evil, dose: "1", operator: evil })).includes("done"), "officer enters a logbook entry with a <script>");
	await page.setInputFiles("#form-lot-photo-add input[name=photo]", { name: "<script>.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([photo, Buffer.from([0])]) });
	await page.fill("#form-lot-photo-add input[name=lot]", "LC-GT-2026-0001-3");
	await page.fill("#form-lot-photo-add input[name=caption]", evil);
	await Promise.all([page.waitForNavigation(), page.click("#form-lot-photo-add button[type=submit]")]);
	// a photo over 2 MiB is refused before libgi reads it
	const officerToken = await page.locator("#form-lot-photo-add input[name=csrf]").getAttribute("value");
	const rBigPhoto = await page.request.post(base + "/officer/photo", { multipart: { csrf: officerToken, lot: "LC-GT-2026-0001-3", caption: "big",
		photo: { name: "big.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([photo, Buffer.alloc(2.5 * 1024 * 1024)]) } }, maxRedirects: 0 });
	check(rBigPhoto.status() === 413, "a 2.5 MB photo is refused (" + rBigPhoto.status() + ")");
	await logout(page);
	await cp.goto(base + stampPath + "&lang=en");
	text = await cp.locator("main").textContent();
	check(text.includes(evil) && (await cp.locator("#photos figcaption").nth(1).textContent()) === evil, "a <script> in a logbook entry and a caption is shown as text");

	// the board withdraws: the same stamp now says so
	await login(page, "board1");
	await page.goto(base + "/board");
	check((await act(page, "permit.withdraw", { permit: 1, reason: "samples failed surveillance" })).includes("done"), "board withdraws the permit");
	await logout(page);
	await cp.goto(base + stampPath + "&lang=en");
	text = await cp.locator("main").textContent();
	check(text.includes("WITHDRAWN") && text.includes("samples failed surveillance"), "the same stamp now shows the permit withdrawn");
	check((await cp.locator("#copied").count()) === 0, "scans from one network do not flag a copy");
	await cp.screenshot({ path: path.join(out, "scan-withdrawn.png"), fullPage: true });
	await cp.goto(base + "/producers?lang=en");
	check(!(await cp.locator("main").textContent()).includes(producer), "a withdrawn producer leaves the list");

	// ---- security ----
	const anon = await browser.newContext();
	const req = anon.request;
	const staffPages = ["/staff", "/lab", "/lab/report?id=1", "/officer", "/officer/stamps", "/board", "/admin"];
	for (const p of staffPages) {
		const r = await req.get(base + p, { maxRedirects: 0 });
		check(r.status() === 303 && r.headers()["location"] === "/login", "without login " + p + " is refused (" + r.status() + ")");
	}
	const posts = ["/do/member.add", "/do/permit.grant", "/lab/upload", "/lab/submit", "/officer/stamps", "/admin"];
	for (const p of posts) {
		const r = await req.post(base + p, { form: { permit: "1" }, maxRedirects: 0 });
		check(r.status() === 403, "POST " + p + " without login or token is refused (" + r.status() + ")");
	}
	// signed in as the lab: other roles' pages refused, a POST without the token refused
	const labCtx = await browser.newContext();
	const lp = await labCtx.newPage();
	await login(lp, "lab1");
	for (const p of ["/officer", "/officer/stamps", "/board", "/admin"]) {
		const r = await lp.goto(base + p);
		check(r.status() === 403, "the lab may not open " + p + " (" + r.status() + ")");
	}
	await lp.goto(base + "/lab");
	const token = await lp.locator("main input[name=csrf]").first().getAttribute("value");
	for (const p of ["/do/permit.withdraw", "/do/member.add", "/admin"]) {
		const r = await labCtx.request.post(base + p, { form: { csrf: token, permit: "1", reason: "x", kind: "company", name: "X", tax_id: "0109999999", username: "evil", password: "evilpassword12", role: "admin" }, maxRedirects: 0 });
		check(r.status() === 403, "the lab may not POST " + p + " even with a token (" + r.status() + ")");
	}
	const noToken = await labCtx.request.post(base + "/lab/submit", { form: { id: "1" }, maxRedirects: 0 });
	check(noToken.status() === 403, "a signed-in POST without a CSRF token is refused (" + noToken.status() + ")");
	const badToken = await labCtx.request.post(base + "/lab/submit", { form: { id: "1", csrf: "0".repeat(64) }, maxRedirects: 0 });
	check(badToken.status() === 403, "a signed-in POST with a wrong CSRF token is refused (" + badToken.status() + ")");
	// uploads: 50 MB refused, another type refused
	const big = Buffer.alloc(50 * 1024 * 1024, 0x41);
	const rBig = await labCtx.request.post(base + "/lab/upload", { multipart: { csrf: token, report: { name: "big.csv", mimeType: "text/csv", buffer: big } }, maxRedirects: 0 });
	check(rBig.status() === 413, "a 50 MB upload is refused (" + rBig.status() + ")");
	const png = fs.readFileSync(path.join(out, "scan-en.png"));
	const rPng = await labCtx.request.post(base + "/lab/upload", { multipart: { csrf: token, report: { name: "x.xml", mimeType: "text/xml", buffer: png } }, maxRedirects: 0 });
	check(rPng.status() === 415, "a PNG posing as XML is refused (" + rPng.status() + ")");
	// a well-formed CSV report named .xml: libgi reads it as CSV (format auto), so the name lies
	const csvAsXml = await labCtx.request.post(base + "/lab/upload", { multipart: { csrf: token, report: { name: "lai-chau-2026.xml", mimeType: "text/xml", buffer: fs.readFileSync(path.join(srcdir, "examples/lai-chau-2026.csv")) } }, maxRedirects: 0 });
	check(csvAsXml.status() === 415, "a CSV report named .xml is refused (" + csvAsXml.status() + ")");
	const xmlAsCsv = await labCtx.request.post(base + "/lab/upload", { multipart: { csrf: token, report: { name: "lai-chau-2026.csv", mimeType: "text/csv", buffer: fs.readFileSync(path.join(srcdir, "examples/lai-chau-2026.xml")) } }, maxRedirects: 0 });
	check(xmlAsCsv.status() === 415, "an XML report named .csv is refused (" + xmlAsCsv.status() + ")");
	const broken = Buffer.from("lab;sample\nX;1\n");
	const rBroken = await labCtx.request.post(base + "/lab/upload", { multipart: { csrf: token, report: { name: "broken.csv", mimeType: "text/csv", buffer: broken } } });
	const brokenText = await rBroken.text();
	check(brokenText.includes("Report refused") && brokenText.includes("broken.csv"), "a malformed report is refused with libgi's reason");
	// headers and errors
	const home = await req.get(base + "/");
	const csp = home.headers()["content-security-policy"] || "";
	check(/default-src 'none'/.test(csp) && !/unsafe-inline/.test(csp), "a strict Content-Security-Policy: " + csp);
	check(!/<script/i.test(await home.text()), "no script in the pages");
	const cookie = (await labCtx.cookies()).find((c) => c.name === "gi_portal");
	check(cookie && cookie.httpOnly && cookie.sameSite === "Strict", "the session cookie is HttpOnly and SameSite=Strict");
	const r404 = await req.get(base + "/lab/report/../../../etc/passwd");
	check(r404.status() === 404 && !/Stack|\.php|Exception/.test(await r404.text()), "an unknown page: 404 without internals");
	const garbage = await req.get(base + "/lot/X%2FY/serial/1?k=AAAAAAAA&s=zz");
	check(garbage.status() === 200 && (await garbage.text()).includes("warning"), "a garbage stamp gets the warning page");
	check(cspViolations.length === 0, "no Content-Security-Policy violations (" + cspViolations.join("; ") + ")");
	// login rate limiting (last: it locks this address out)
	const rl = await browser.newContext();
	const rp = await rl.newPage();
	for (let i = 0; i < 5; i++) await login(rp, "nobody", "wrong password " + i);
	await rp.goto(base + "/login?lang=en");
	await rp.fill("input[name=username]", "admin");
	await rp.fill("input[name=password]", ADMIN[1]);
	const [resp] = await Promise.all([rp.waitForNavigation(), rp.click("main button[type=submit]")]);
	check(resp.status() === 429, "after 5 failed sign-ins even the right password waits (" + resp.status() + ")");

	await browser.close();
	console.log(failures ? `${failures} checks failed` : "all checks passed");
	process.exit(failures ? 1 : 0);
})().catch((e) => {
	console.error("FAIL:", e);
	process.exit(1);
});
