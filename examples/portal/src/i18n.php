<?php
// SPDX-License-Identifier: GPL-3.0-or-later
// The portal's words in Vietnamese and English: ?lang= (remembered in a
// cookie), else the browser's Accept-Language, else Vietnamese. The words
// of GI data - verdicts, decision rules, the reasons and the pictures of
// the decisions - are libgi's (GI\verdict_text, GI\rule_text, its
// messages), in the language of LC_MESSAGES, which lang() sets: an
// installed libgi finds its catalogues itself; a build tree's needs
// GI_LOCALEDIR=<build>/po (make portal and the tests set it).
declare(strict_types=1);

function lang(): string
{
    static $lang = null;
    if ($lang === null) {
        $lang = pick_lang();
        messages_locale($lang);
    }
    return $lang;
}

/** libgi's words follow LC_MESSAGES: set it for $lang (without the vi_VN locale they stay English). Returns the one it replaced. */
function messages_locale(string $lang): string
{
    $before = setlocale(LC_MESSAGES, "0");
    setlocale(LC_MESSAGES, $lang === "vi" ? ["vi_VN.UTF-8", "vi_VN.utf8"] : ["C.UTF-8", "C"]);
    return $before;
}

function pick_lang(): string
{
    $q = $_GET["lang"] ?? null;
    if ($q === "vi" || $q === "en") {
        setcookie("lang", $q, ["path" => "/", "samesite" => "Strict", "httponly" => true, "secure" => is_https()]);
        return $q;
    }
    $c = $_COOKIE["lang"] ?? null;
    if ($c === "vi" || $c === "en") {
        return $c;
    }
    // RFC 9110 §12.5.4: the first of vi / en by quality
    $best = ["vi", 0.0];
    foreach (explode(",", (string)($_SERVER["HTTP_ACCEPT_LANGUAGE"] ?? "")) as $part) {
        if (preg_match('/^\s*([a-zA-Z]{2})(?:-[a-zA-Z0-9]+)?\s*(?:;\s*q=([01](?:\.\d{1,3})?))?\s*$/', $part, $m)) {
            $code = strtolower($m[1]);
            $qv = isset($m[2]) ? (float)$m[2] : 1.0;
            if (($code === "vi" || $code === "en") && $qv > $best[1]) {
                $best = [$code, $qv];
            }
        }
    }
    return $best[0];
}

function t(string $key): string
{
    static $m = null;
    $m ??= portal_messages();
    return $m[lang()][$key] ?? $m["en"][$key] ?? $key;
}

/** The registry's logbook activities (specs/registry-format.md, logbook.add). */
const LOGBOOK_ACTIVITIES = ["fertiliser", "pesticide", "harvest", "processing", "pruning", "irrigation", "other"];

/** A word of the registry's (an activity, a member or inspection kind) in the page's language; unknown ones as the registry wrote them. */
function registry_word(string $group, string $value): string
{
    $w = t($group . "." . $value);
    return $w === $group . "." . $value ? $value : $w;
}

/** value => word, for a select of the registry's words. */
function registry_words(string $group, array $values): array
{
    return array_combine($values, array_map(fn($v) => registry_word($group, $v), $values));
}

function portal_messages(): array
{
    $en = [
        "item.shelf" => "Shelf life", "shelf.text" => "%d months; best before %s", "scan.photos" => "Photos",
        "a.lot.shelf-life" => "Shelf life of a lot", "a.lot.photo-add" => "Add a photo of a lot",
        "f.shelf_life_months" => "Shelf life (months)", "f.best_before" => "Best before", "f.caption" => "Caption",
        "f.photo" => "Photo (JPEG or PNG, at most %d MB)",
        "site" => "Lai Châu tea GI portal",
        "nav.home" => "Home", "nav.producers" => "Certified producers", "nav.log" => "Public log",
        "nav.staff" => "Work", "nav.login" => "Sign in", "nav.logout" => "Sign out",
        "home.title" => "Geographical indication portal",
        "home.intro" => "Scan the QR stamp on a package of %s to see where it was grown, who made it, its laboratory results and whether its permit is valid today.",
        "scan.title" => "Stamp check", "scan.valid" => "Genuine: this lot is certified and its permit is valid today.",
        "scan.withdrawn" => "Warning: the permit for this lot has been WITHDRAWN.",
        "scan.suspended" => "Warning: the permit for this lot is SUSPENDED.",
        "scan.expired" => "Warning: the permit for this lot has EXPIRED.",
        "scan.applied" => "Warning: this lot has no granted permit.",
        "scan.no-permit" => "Warning: no permit covers this lot.",
        "scan.permit" => "Permit %s: %s, valid %s to %s.", "scan.reason" => "Reason:",
        "scan.lot" => "The lot", "scan.plots" => "Where it was grown", "scan.logbook" => "Production steps",
        "scan.results" => "Laboratory results", "scan.norecords" => "No laboratory record for this lot yet.",
        "scan.count" => "This stamp has been checked %d times.",
        "scan.copied" => "Warning: this package's stamp has been scanned from %d different networks. It may have been copied: check the package's seal.",
        "item" => "Item", "value" => "Value", "item.product" => "Product", "item.gi" => "Geographical indication",
        "item.producer" => "Producer", "item.lot" => "Lot (trace code)", "item.serial" => "Package serial",
        "item.harvested" => "Harvested", "item.quantity" => "Lot size", "item.signer" => "Stamp signed by", "item.standard" => "Applied specification",
        "plot" => "Plot", "plot.unit" => "Commune", "plot.coords" => "Coordinates (WGS 84)", "plot.altitude" => "Altitude",
        "plot.area" => "Area", "date" => "Date", "activity" => "Activity", "substance" => "Substance", "dose" => "Dose",
        "rec.signer" => "Signed by", "rec.sig.ok" => "Signature checks out.", "rec.sig.bad" => "Signature does NOT check out:",
        "rec.log.ok" => "In the public log: entry index %d in a tree of %d, inclusion proof checked.", "rec.log.no" => "Not in the public log.",
        "analyte" => "Criterion", "result" => "Result", "verdict" => "Verdict", "unit" => "Unit", "limits" => "Limits",
        "picture" => "Decision", "record" => "Record", "state" => "State", "valid" => "Valid",
        "permit.applied" => "applied for", "permit.granted" => "granted", "permit.suspended" => "suspended",
        "permit.withdrawn" => "withdrawn", "permit.expired" => "expired",
        "warn.title" => "Warning: not a genuine stamp",
        "warn.forged" => "This stamp is FORGED or ALTERED: the council did not sign it.",
        "warn.unknown" => "This stamp is UNKNOWN: the council never issued it (a copy, or beyond the permit's quota).",
        "warn.advice" => "Do not trust this product as a GI product. Please report where you bought it to the council.",
        "producers.title" => "Certified producers", "producers.intro" => "Producers holding a valid permit to use the geographical indication, and where to buy.",
        "producers.none" => "No permit is valid today.", "producer" => "Producer", "products" => "Products", "where" => "Where to buy",
        "permit" => "Permit", "permits" => "Permits",
        "log.title" => "Public log", "log.empty" => "The log is empty.", "log.size" => "The log holds %d signed records. Its current checkpoint:",
        "log.key" => "Log key:", "log.check" => "Record id", "log.checkbtn" => "Check", "log.notfound" => "This record is not in the log.",
        "login.title" => "Sign in", "login.user" => "User name", "login.password" => "Password", "login.submit" => "Sign in",
        "login.bad" => "Wrong user name or password.",
        "staff.title" => "Work", "role" => "Role", "role.admin" => "Administration", "role.lab" => "Laboratory",
        "role.officer" => "QC officer", "role.board" => "Board",
        "lab.title" => "Verdicts", "lab.upload" => "Upload a lab report", "lab.limit" => "XML or CSV, at most %d MB.",
        "lab.file" => "Report", "lab.check" => "Upload and check", "lab.bad" => "Report refused:",
        "lab.verdict" => "report verdict:", "lab.origin" => "Origin:", "lab.sign" => "Sign and submit to the council", "lab.signas" => "Records will be signed as %s.",
        "lab.submitted" => "Signed and submitted.", "lab.sent" => "Records submitted", "lab.sentintro" => "Each sample's signed record, and whether the council's registry took it (a lot not yet registered waits).",
        "lab.imported" => "imported", "lab.pending" => "waiting",
        "a.member.add" => "Register a member", "a.plot.add" => "Register a plot", "a.inspector.add" => "Register an inspector",
        "a.lot.add" => "Register a lot", "a.logbook.add" => "E-logbook entry", "a.inspection.add" => "Record an inspection",
        "a.permit.apply" => "Apply for a permit", "a.inspector.approve" => "Approve an inspector", "a.permit.grant" => "Grant a permit",
        "a.permit.suspend" => "Suspend a permit", "a.permit.reinstate" => "Reinstate a permit", "a.permit.withdraw" => "Withdraw a permit",
        "a.violation.add" => "Decide a violation", "a.stamps" => "Issue stamps", "a.user" => "Add a user",
        "f.kind" => "Kind", "f.name" => "Name", "f.tax_id" => "Tax code / citizen ID", "f.address" => "Address", "f.member" => "Member",
        "f.unit" => "Commune", "f.former_unit" => "Former commune", "f.altitude" => "Altitude (m)", "f.area_ha" => "Area (ha)",
        "f.latitude" => "Latitude", "f.longitude" => "Longitude", "f.product" => "Product", "f.qualification" => "Qualification",
        "f.plot" => "Plot(s)", "f.harvested" => "Harvested", "f.quantity_kg" => "Quantity (kg)", "f.code" => "Lot code",
        "item.gi.no" => "No.", "warn.notissued" => "serial %s was not issued for lot %s", "rec.notheld" => "the council does not hold this record",
        "act.fertiliser" => "fertiliser", "act.pesticide" => "pesticide", "act.harvest" => "harvest", "act.processing" => "processing",
        "act.pruning" => "pruning", "act.irrigation" => "irrigation", "act.other" => "other",
        "kind.household" => "household", "kind.cooperative" => "cooperative", "kind.company" => "company",
        "ikind.initial" => "initial", "ikind.surveillance" => "surveillance", "ikind.extraordinary" => "extraordinary",
        "f.lot" => "Lot", "f.date" => "Date", "f.activity" => "Activity", "f.substance" => "Substance", "f.dose" => "Dose",
        "f.operator" => "Operator", "f.phi_days" => "Pre-harvest interval (days)", "f.inspector" => "Inspector",
        "f.findings" => "Findings", "f.outcome" => "Outcome", "f.violation" => "Violation found", "f.decision" => "Decision",
        "f.permit" => "Permit", "f.valid_from" => "Valid from", "f.valid_until" => "Valid until", "f.reason" => "Reason",
        "f.description" => "Description", "f.evidence" => "Evidence", "f.count" => "Number of packages",
        "f.package_kg" => "Package (kg)", "optional" => "(optional)",
        "done" => "%s: done (%s).", "refused" => "Refused:",
        "stamp.issued" => "%d stamps issued.", "stamp.nopermit" => "No valid permit covers lot %s.",
        "err.title" => "Error", "err.csrf" => "The form has expired or did not come from this site. Reload and try again.",
        "err.login" => "Please sign in.", "err.role" => "Your role may not do this.", "err.notfound" => "Not found.",
        "err.method" => "Method not allowed.", "err.form" => "A field is missing or too long.",
        "err.slow" => "Too many failed sign-ins. Try again in 15 minutes.", "err.toolarge" => "The upload is too large.",
        "err.type" => "Only XML and CSV lab reports in UTF-8 are accepted.", "err.upload" => "The upload failed.",
        "err.username" => "User names are 3 to 32 letters, digits, dots, dashes or underscores, and unique.",
        "err.password" => "Passwords have 12 characters or more.", "err.internal" => "Something went wrong on our side. Please try again later.",
    ];
    $vi = [
        "item.shelf" => "Hạn sử dụng", "shelf.text" => "%d tháng; sử dụng tốt nhất trước %s", "scan.photos" => "Hình ảnh",
        "a.lot.shelf-life" => "Hạn sử dụng của lô", "a.lot.photo-add" => "Thêm ảnh của lô",
        "f.shelf_life_months" => "Hạn sử dụng (tháng)", "f.best_before" => "Sử dụng tốt nhất trước", "f.caption" => "Chú thích",
        "f.photo" => "Ảnh (JPEG hoặc PNG, tối đa %d MB)",
        "site" => "Cổng thông tin CDĐL chè Lai Châu",
        "nav.home" => "Trang chủ", "nav.producers" => "Nhà sản xuất được cấp quyền", "nav.log" => "Sổ cái công khai",
        "nav.staff" => "Công việc", "nav.login" => "Đăng nhập", "nav.logout" => "Đăng xuất",
        "home.title" => "Cổng thông tin chỉ dẫn địa lý",
        "home.intro" => "Quét tem QR trên bao bì %s để xem nơi trồng, người sản xuất, kết quả thử nghiệm và giấy phép còn hiệu lực hôm nay hay không.",
        "scan.title" => "Kiểm tra tem", "scan.valid" => "Hàng thật: lô này được chứng nhận và giấy phép còn hiệu lực hôm nay.",
        "scan.withdrawn" => "Cảnh báo: giấy phép của lô này đã bị THU HỒI.",
        "scan.suspended" => "Cảnh báo: giấy phép của lô này đang bị ĐÌNH CHỈ.",
        "scan.expired" => "Cảnh báo: giấy phép của lô này đã HẾT HIỆU LỰC.",
        "scan.applied" => "Cảnh báo: lô này chưa được cấp giấy phép.",
        "scan.no-permit" => "Cảnh báo: không có giấy phép nào cho lô này.",
        "scan.permit" => "Giấy phép %s: %s, hiệu lực từ %s đến %s.", "scan.reason" => "Lý do:",
        "scan.lot" => "Lô hàng", "scan.plots" => "Nơi trồng", "scan.logbook" => "Các công đoạn sản xuất",
        "scan.results" => "Kết quả thử nghiệm", "scan.norecords" => "Chưa có hồ sơ thử nghiệm cho lô này.",
        "scan.count" => "Tem này đã được kiểm tra %d lần.",
        "scan.copied" => "Cảnh báo: tem của bao bì này đã được quét từ %d mạng khác nhau. Tem có thể đã bị sao chép: hãy kiểm tra niêm phong.",
        "item" => "Mục", "value" => "Giá trị", "item.product" => "Sản phẩm", "item.gi" => "Chỉ dẫn địa lý",
        "item.producer" => "Nhà sản xuất", "item.lot" => "Lô (mã truy xuất)", "item.serial" => "Số sê-ri bao bì",
        "item.harvested" => "Ngày thu hoạch", "item.quantity" => "Khối lượng lô", "item.signer" => "Tem được ký bởi", "item.standard" => "Tiêu chuẩn áp dụng",
        "plot" => "Thửa", "plot.unit" => "Xã", "plot.coords" => "Tọa độ (WGS 84)", "plot.altitude" => "Độ cao",
        "plot.area" => "Diện tích", "date" => "Ngày", "activity" => "Hoạt động", "substance" => "Chất", "dose" => "Liều lượng",
        "rec.signer" => "Ký bởi", "rec.sig.ok" => "Chữ ký hợp lệ.", "rec.sig.bad" => "Chữ ký KHÔNG hợp lệ:",
        "rec.log.ok" => "Có trong sổ cái công khai: mục chỉ số %d trong cây %d mục, bằng chứng bao hàm đã được kiểm tra.", "rec.log.no" => "Không có trong sổ cái công khai.",
        "analyte" => "Chỉ tiêu", "result" => "Kết quả", "verdict" => "Kết luận", "unit" => "Đơn vị", "limits" => "Giới hạn",
        "picture" => "Quyết định", "record" => "Hồ sơ", "state" => "Trạng thái", "valid" => "Hiệu lực",
        "permit.applied" => "đã nộp đơn", "permit.granted" => "đã cấp", "permit.suspended" => "đình chỉ",
        "permit.withdrawn" => "thu hồi", "permit.expired" => "hết hiệu lực",
        "warn.title" => "Cảnh báo: tem không chính hãng",
        "warn.forged" => "Tem này bị GIẢ hoặc bị SỬA: hội đồng không ký tem này.",
        "warn.unknown" => "Tem này KHÔNG RÕ NGUỒN GỐC: hội đồng chưa từng phát hành (bản sao, hoặc vượt hạn ngạch giấy phép).",
        "warn.advice" => "Đừng tin đây là sản phẩm mang chỉ dẫn địa lý. Xin báo nơi mua cho hội đồng.",
        "producers.title" => "Nhà sản xuất được cấp quyền", "producers.intro" => "Các nhà sản xuất có giấy phép sử dụng chỉ dẫn địa lý còn hiệu lực, và nơi mua.",
        "producers.none" => "Hôm nay không có giấy phép nào còn hiệu lực.", "producer" => "Nhà sản xuất", "products" => "Sản phẩm", "where" => "Nơi mua",
        "permit" => "Giấy phép", "permits" => "Giấy phép",
        "log.title" => "Sổ cái công khai", "log.empty" => "Sổ cái trống.", "log.size" => "Sổ cái có %d hồ sơ đã ký. Điểm kiểm tra hiện tại:",
        "log.key" => "Khóa sổ cái:", "log.check" => "Mã hồ sơ", "log.checkbtn" => "Kiểm tra", "log.notfound" => "Hồ sơ này không có trong sổ cái.",
        "login.title" => "Đăng nhập", "login.user" => "Tên người dùng", "login.password" => "Mật khẩu", "login.submit" => "Đăng nhập",
        "login.bad" => "Sai tên người dùng hoặc mật khẩu.",
        "staff.title" => "Công việc", "role" => "Vai trò", "role.admin" => "Quản trị", "role.lab" => "Phòng thử nghiệm",
        "role.officer" => "Cán bộ kiểm soát chất lượng", "role.board" => "Ban quản lý",
        "lab.title" => "Kết luận", "lab.upload" => "Tải lên phiếu kết quả thử nghiệm", "lab.limit" => "XML hoặc CSV, tối đa %d MB.",
        "lab.file" => "Phiếu kết quả", "lab.check" => "Tải lên và kiểm tra", "lab.bad" => "Phiếu kết quả bị từ chối:",
        "lab.verdict" => "kết luận của phiếu:", "lab.origin" => "Nguồn gốc:", "lab.sign" => "Ký và gửi hội đồng", "lab.signas" => "Hồ sơ sẽ được ký với tên %s.",
        "lab.submitted" => "Đã ký và gửi.", "lab.sent" => "Đã gửi hồ sơ", "lab.sentintro" => "Hồ sơ đã ký của từng mẫu, và sổ đăng ký của hội đồng đã nhận hay chưa (lô chưa đăng ký thì chờ).",
        "lab.imported" => "đã nhận", "lab.pending" => "đang chờ",
        "a.member.add" => "Đăng ký thành viên", "a.plot.add" => "Đăng ký thửa", "a.inspector.add" => "Đăng ký kiểm tra viên",
        "a.lot.add" => "Đăng ký lô", "a.logbook.add" => "Ghi nhật ký điện tử", "a.inspection.add" => "Ghi nhận kiểm tra",
        "a.permit.apply" => "Nộp đơn xin giấy phép", "a.inspector.approve" => "Phê duyệt kiểm tra viên", "a.permit.grant" => "Cấp giấy phép",
        "a.permit.suspend" => "Đình chỉ giấy phép", "a.permit.reinstate" => "Khôi phục giấy phép", "a.permit.withdraw" => "Thu hồi giấy phép",
        "a.violation.add" => "Quyết định vi phạm", "a.stamps" => "Phát hành tem", "a.user" => "Thêm người dùng",
        "f.kind" => "Loại", "f.name" => "Tên", "f.tax_id" => "Mã số thuế / CCCD", "f.address" => "Địa chỉ", "f.member" => "Thành viên",
        "f.unit" => "Xã", "f.former_unit" => "Xã cũ", "f.altitude" => "Độ cao (m)", "f.area_ha" => "Diện tích (ha)",
        "f.latitude" => "Vĩ độ", "f.longitude" => "Kinh độ", "f.product" => "Sản phẩm", "f.qualification" => "Trình độ",
        "f.plot" => "Thửa", "f.harvested" => "Ngày thu hoạch", "f.quantity_kg" => "Khối lượng (kg)", "f.code" => "Mã lô",
        "item.gi.no" => "Số", "warn.notissued" => "số sê-ri %s không được phát hành cho lô %s", "rec.notheld" => "hội đồng không lưu hồ sơ này",
        "act.fertiliser" => "bón phân", "act.pesticide" => "phun thuốc bảo vệ thực vật", "act.harvest" => "thu hoạch",
        "act.processing" => "chế biến", "act.pruning" => "đốn tỉa", "act.irrigation" => "tưới nước", "act.other" => "khác",
        "kind.household" => "hộ gia đình", "kind.cooperative" => "hợp tác xã", "kind.company" => "doanh nghiệp",
        "ikind.initial" => "kiểm tra lần đầu", "ikind.surveillance" => "kiểm tra giám sát", "ikind.extraordinary" => "kiểm tra đột xuất",
        "f.lot" => "Lô", "f.date" => "Ngày", "f.activity" => "Hoạt động", "f.substance" => "Chất", "f.dose" => "Liều lượng",
        "f.operator" => "Người thực hiện", "f.phi_days" => "Thời gian cách ly (ngày)", "f.inspector" => "Kiểm tra viên",
        "f.findings" => "Phát hiện", "f.outcome" => "Kết quả", "f.violation" => "Có vi phạm", "f.decision" => "Quyết định",
        "f.permit" => "Giấy phép", "f.valid_from" => "Hiệu lực từ", "f.valid_until" => "Hiệu lực đến", "f.reason" => "Lý do",
        "f.description" => "Mô tả", "f.evidence" => "Bằng chứng", "f.count" => "Số bao bì",
        "f.package_kg" => "Bao bì (kg)", "optional" => "(không bắt buộc)",
        "done" => "%s: xong (%s).", "refused" => "Bị từ chối:",
        "stamp.issued" => "Đã phát hành %d tem.", "stamp.nopermit" => "Không có giấy phép còn hiệu lực cho lô %s.",
        "err.title" => "Lỗi", "err.csrf" => "Biểu mẫu đã hết hạn hoặc không đến từ trang này. Hãy tải lại và thử lại.",
        "err.login" => "Vui lòng đăng nhập.", "err.role" => "Vai trò của bạn không được làm việc này.", "err.notfound" => "Không tìm thấy.",
        "err.method" => "Phương thức không được phép.", "err.form" => "Thiếu một trường hoặc trường quá dài.",
        "err.slow" => "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.", "err.toolarge" => "Tệp tải lên quá lớn.",
        "err.type" => "Chỉ nhận phiếu kết quả XML và CSV mã UTF-8.", "err.upload" => "Tải lên thất bại.",
        "err.username" => "Tên người dùng gồm 3 đến 32 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, và không trùng.",
        "err.password" => "Mật khẩu có từ 12 ký tự trở lên.", "err.internal" => "Đã có lỗi ở phía chúng tôi. Vui lòng thử lại sau.",
    ];
    return ["en" => $en, "vi" => $vi];
}
