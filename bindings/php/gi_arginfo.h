/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: f848ec9953fb8646c59370911007b60de1fbfe5d */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stamp_sign, 0, 3, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, signer, GI\\Signer, 0)
	ZEND_ARG_TYPE_INFO(0, domain, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, lot, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, gtin, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, serial, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stamp_verify, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, uri, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, keys, GI\\StampKeys, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stamp_qr_svg, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, text, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, moduleMm, IS_DOUBLE, 0, "0.5")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stamp_qr_png, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, text, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, scale, IS_LONG, 0, "8")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stamp_sheet, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, uris, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, format, IS_STRING, 0, "\"svg\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, moduleMm, IS_DOUBLE, 0, "0.5")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, widthMm, IS_DOUBLE, 0, "190")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, gapMm, IS_DOUBLE, 0, "3")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, scale, IS_LONG, 0, "4")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, labels, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stamp_inspect, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, uri, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, keys, GI\\StampKeys, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, statusList, IS_STRING, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, trust, GI\\Trust, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, logDir, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, logProof, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, logKey, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, now, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_verify_record, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, trust, GI\\Trust, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 0, "\"(memory)\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_record_content, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_spec_dir, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_sha256_file, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_canonical_unit, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, text, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stats_describe, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, values, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, confidence, IS_DOUBLE, 0, "0.95")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stats_grubbs, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, values, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_GI_stats_dixon arginfo_GI_stats_grubbs

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stats_grubbs_critical, 0, 1, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, n, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, alpha, IS_DOUBLE, 0, "0.05")
ZEND_END_ARG_INFO()

#define arginfo_GI_stats_dixon_critical arginfo_GI_stats_grubbs_critical

#define arginfo_GI_stats_algorithm_a arginfo_GI_stats_grubbs

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stats_cochran, 0, 1, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, values, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_stats_cochran_critical, 0, 2, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, p, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, n, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, alpha, IS_DOUBLE, 0, "0.05")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_risk_global, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, options, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_risk_guard_band, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, target_pfa, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, options, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_risk_history_file, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, column, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_pt_load, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, assigned, IS_DOUBLE, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, sigma, IS_DOUBLE, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, alpha, IS_DOUBLE, 0, "0.05")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_pt_evaluate, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, labs, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, values, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, assigned, IS_DOUBLE, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, sigma, IS_DOUBLE, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, alpha, IS_DOUBLE, 0, "0.05")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_pt_classify, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, z, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_verdict_text, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, verdict, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_rule_text, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, rule, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_names, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_parse_number, 0, 1, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, text, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_format_measurement, 0, 2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, uncertainty, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_GI_convert_unit, 0, 3, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_DOUBLE, 0)
	ZEND_ARG_TYPE_INFO(0, from, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, to, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_GI_version arginfo_GI_spec_dir

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_GI_Spec___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Spec_load, 0, 1, GI\\Spec, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Spec_fromString, 0, 1, GI\\Spec, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 0, "\"(memory)\"")
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Spec_info arginfo_GI_names

#define arginfo_class_GI_Spec_products arginfo_GI_names

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Spec_verify, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_OBJ_INFO(0, report, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, rule, IS_STRING, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, signer, GI\\Signer, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pictures, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Spec_stream, 0, 1, GI\\Verification, 0)
	ZEND_ARG_OBJ_INFO(0, report, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, rule, IS_STRING, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, signer, GI\\Signer, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pictures, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Spec_analytes arginfo_GI_names

#define arginfo_class_GI_Spec_areas arginfo_GI_names

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Spec_hasProduct, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, id, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Spec_hasAnalyte arginfo_class_GI_Spec_hasProduct

#define arginfo_class_GI_Report___construct arginfo_class_GI_Spec___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Report_open, 0, 1, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, format, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, decimal, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Report_fromString, 0, 1, GI\\Report, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 0, "\"(memory)\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, format, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, decimal, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Report_lab arginfo_GI_names

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Report_next, 0, 0, IS_ARRAY, 1)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Report_getIterator, 0, 0, Iterator, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Verification___construct arginfo_class_GI_Spec___construct

#define arginfo_class_GI_Verification_getIterator arginfo_class_GI_Report_getIterator

#define arginfo_class_GI_Verification_summary arginfo_GI_names

#define arginfo_class_GI_Signer___construct arginfo_class_GI_Spec___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Signer_load, 0, 0, GI\\Signer, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, key, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cert, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pkcs12, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, password, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Signer_external, 0, 1, GI\\Signer, 0)
	ZEND_ARG_TYPE_INFO(0, sign, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cert, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, certPem, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Signer_subject arginfo_GI_spec_dir

#define arginfo_class_GI_Trust___construct arginfo_class_GI_Spec___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Trust_load, 0, 1, GI\\Trust, 0)
	ZEND_ARG_TYPE_INFO(0, anchors, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, crl, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Trust_setTime, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, when, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Registry___construct arginfo_class_GI_Spec___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Registry_open, 0, 2, GI\\Registry, 0)
	ZEND_ARG_TYPE_INFO(0, url, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, spec, GI\\Spec, 0)
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, trust, GI\\Trust, 1, "null")
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, signer, GI\\Signer, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, actor, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, banned, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, monthsPass, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, monthsFail, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, repeatMonths, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, now, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, schemaVersion, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, logDir, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, logKey, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Registry_call, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, action, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, args, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Registry_schemaVersion, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Registry_checkLotCode, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, code, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Record___construct arginfo_class_GI_Spec___construct

#define arginfo_class_GI_Record_verify arginfo_GI_verify_record

#define arginfo_class_GI_Record_content arginfo_GI_record_content

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Record_restamp, 0, 3, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, xml, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, trust, GI\\Trust, 0)
	ZEND_ARG_TYPE_INFO(0, tsa, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, name, IS_STRING, 0, "\"(memory)\"")
ZEND_END_ARG_INFO()

#define arginfo_class_GI_StampKeys___construct arginfo_class_GI_Spec___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_StampKeys_load, 0, 1, GI\\StampKeys, 0)
	ZEND_ARG_TYPE_INFO(0, pem, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Log___construct arginfo_class_GI_Spec___construct

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_keygen, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Log_open, 0, 1, GI\\Log, 0)
	ZEND_ARG_TYPE_INFO(0, dir, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, verifierKey, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, signerKey, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, caFile, IS_STRING, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_GI_Log_create, 0, 2, GI\\Log, 0)
	ZEND_ARG_TYPE_INFO(0, dir, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, signerKey, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_append, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, entry, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_GI_Log_commit arginfo_class_GI_Registry_schemaVersion

#define arginfo_class_GI_Log_size arginfo_class_GI_Registry_schemaVersion

#define arginfo_class_GI_Log_checkpoint arginfo_GI_spec_dir

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_find, 0, 1, IS_LONG, 1)
	ZEND_ARG_TYPE_INFO(0, entry, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_prove, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, index, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_lotProof, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, lot, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_consistencyProof, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, oldSize, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_monitor, 0, 0, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, stateFile, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_close, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_verifyProof, 0, 3, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, proof, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, verifierKey, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, entry, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_verifyInclusion, 0, 5, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, index, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, size, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, leafHash, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, proof, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, root, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_GI_Log_verifyConsistency, 0, 5, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, size1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, size2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, root1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, root2, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, proof, IS_ARRAY, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(GI_stamp_sign);
ZEND_FUNCTION(GI_stamp_verify);
ZEND_FUNCTION(GI_stamp_qr_svg);
ZEND_FUNCTION(GI_stamp_qr_png);
ZEND_FUNCTION(GI_stamp_sheet);
ZEND_FUNCTION(GI_stamp_inspect);
ZEND_FUNCTION(GI_verify_record);
ZEND_FUNCTION(GI_record_content);
ZEND_FUNCTION(GI_spec_dir);
ZEND_FUNCTION(GI_sha256_file);
ZEND_FUNCTION(GI_canonical_unit);
ZEND_FUNCTION(GI_stats_describe);
ZEND_FUNCTION(GI_stats_grubbs);
ZEND_FUNCTION(GI_stats_dixon);
ZEND_FUNCTION(GI_stats_grubbs_critical);
ZEND_FUNCTION(GI_stats_dixon_critical);
ZEND_FUNCTION(GI_stats_algorithm_a);
ZEND_FUNCTION(GI_stats_cochran);
ZEND_FUNCTION(GI_stats_cochran_critical);
ZEND_FUNCTION(GI_risk_global);
ZEND_FUNCTION(GI_risk_guard_band);
ZEND_FUNCTION(GI_risk_history_file);
ZEND_FUNCTION(GI_pt_load);
ZEND_FUNCTION(GI_pt_evaluate);
ZEND_FUNCTION(GI_pt_classify);
ZEND_FUNCTION(GI_verdict_text);
ZEND_FUNCTION(GI_rule_text);
ZEND_FUNCTION(GI_names);
ZEND_FUNCTION(GI_parse_number);
ZEND_FUNCTION(GI_format_measurement);
ZEND_FUNCTION(GI_convert_unit);
ZEND_FUNCTION(GI_version);
ZEND_METHOD(GI_Spec, __construct);
ZEND_METHOD(GI_Spec, load);
ZEND_METHOD(GI_Spec, fromString);
ZEND_METHOD(GI_Spec, info);
ZEND_METHOD(GI_Spec, products);
ZEND_METHOD(GI_Spec, verify);
ZEND_METHOD(GI_Spec, stream);
ZEND_METHOD(GI_Spec, analytes);
ZEND_METHOD(GI_Spec, areas);
ZEND_METHOD(GI_Spec, hasProduct);
ZEND_METHOD(GI_Spec, hasAnalyte);
ZEND_METHOD(GI_Report, __construct);
ZEND_METHOD(GI_Report, open);
ZEND_METHOD(GI_Report, fromString);
ZEND_METHOD(GI_Report, lab);
ZEND_METHOD(GI_Report, next);
ZEND_METHOD(GI_Report, getIterator);
ZEND_METHOD(GI_Verification, __construct);
ZEND_METHOD(GI_Verification, getIterator);
ZEND_METHOD(GI_Verification, summary);
ZEND_METHOD(GI_Signer, __construct);
ZEND_METHOD(GI_Signer, load);
ZEND_METHOD(GI_Signer, external);
ZEND_METHOD(GI_Signer, subject);
ZEND_METHOD(GI_Trust, __construct);
ZEND_METHOD(GI_Trust, load);
ZEND_METHOD(GI_Trust, setTime);
ZEND_METHOD(GI_Registry, __construct);
ZEND_METHOD(GI_Registry, open);
ZEND_METHOD(GI_Registry, call);
ZEND_METHOD(GI_Registry, schemaVersion);
ZEND_METHOD(GI_Registry, checkLotCode);
ZEND_METHOD(GI_Record, __construct);
ZEND_METHOD(GI_Record, verify);
ZEND_METHOD(GI_Record, content);
ZEND_METHOD(GI_Record, restamp);
ZEND_METHOD(GI_StampKeys, __construct);
ZEND_METHOD(GI_StampKeys, load);
ZEND_METHOD(GI_Log, __construct);
ZEND_METHOD(GI_Log, keygen);
ZEND_METHOD(GI_Log, open);
ZEND_METHOD(GI_Log, create);
ZEND_METHOD(GI_Log, append);
ZEND_METHOD(GI_Log, commit);
ZEND_METHOD(GI_Log, size);
ZEND_METHOD(GI_Log, checkpoint);
ZEND_METHOD(GI_Log, find);
ZEND_METHOD(GI_Log, prove);
ZEND_METHOD(GI_Log, lotProof);
ZEND_METHOD(GI_Log, consistencyProof);
ZEND_METHOD(GI_Log, monitor);
ZEND_METHOD(GI_Log, close);
ZEND_METHOD(GI_Log, verifyProof);
ZEND_METHOD(GI_Log, verifyInclusion);
ZEND_METHOD(GI_Log, verifyConsistency);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("GI", stamp_sign, GI_stamp_sign, arginfo_GI_stamp_sign)
	ZEND_NS_FALIAS("GI", stamp_verify, GI_stamp_verify, arginfo_GI_stamp_verify)
	ZEND_NS_FALIAS("GI", stamp_qr_svg, GI_stamp_qr_svg, arginfo_GI_stamp_qr_svg)
	ZEND_NS_FALIAS("GI", stamp_qr_png, GI_stamp_qr_png, arginfo_GI_stamp_qr_png)
	ZEND_NS_FALIAS("GI", stamp_sheet, GI_stamp_sheet, arginfo_GI_stamp_sheet)
	ZEND_NS_FALIAS("GI", stamp_inspect, GI_stamp_inspect, arginfo_GI_stamp_inspect)
	ZEND_NS_FALIAS("GI", verify_record, GI_verify_record, arginfo_GI_verify_record)
	ZEND_NS_FALIAS("GI", record_content, GI_record_content, arginfo_GI_record_content)
	ZEND_NS_FALIAS("GI", spec_dir, GI_spec_dir, arginfo_GI_spec_dir)
	ZEND_NS_FALIAS("GI", sha256_file, GI_sha256_file, arginfo_GI_sha256_file)
	ZEND_NS_FALIAS("GI", canonical_unit, GI_canonical_unit, arginfo_GI_canonical_unit)
	ZEND_NS_FALIAS("GI", stats_describe, GI_stats_describe, arginfo_GI_stats_describe)
	ZEND_NS_FALIAS("GI", stats_grubbs, GI_stats_grubbs, arginfo_GI_stats_grubbs)
	ZEND_NS_FALIAS("GI", stats_dixon, GI_stats_dixon, arginfo_GI_stats_dixon)
	ZEND_NS_FALIAS("GI", stats_grubbs_critical, GI_stats_grubbs_critical, arginfo_GI_stats_grubbs_critical)
	ZEND_NS_FALIAS("GI", stats_dixon_critical, GI_stats_dixon_critical, arginfo_GI_stats_dixon_critical)
	ZEND_NS_FALIAS("GI", stats_algorithm_a, GI_stats_algorithm_a, arginfo_GI_stats_algorithm_a)
	ZEND_NS_FALIAS("GI", stats_cochran, GI_stats_cochran, arginfo_GI_stats_cochran)
	ZEND_NS_FALIAS("GI", stats_cochran_critical, GI_stats_cochran_critical, arginfo_GI_stats_cochran_critical)
	ZEND_NS_FALIAS("GI", risk_global, GI_risk_global, arginfo_GI_risk_global)
	ZEND_NS_FALIAS("GI", risk_guard_band, GI_risk_guard_band, arginfo_GI_risk_guard_band)
	ZEND_NS_FALIAS("GI", risk_history_file, GI_risk_history_file, arginfo_GI_risk_history_file)
	ZEND_NS_FALIAS("GI", pt_load, GI_pt_load, arginfo_GI_pt_load)
	ZEND_NS_FALIAS("GI", pt_evaluate, GI_pt_evaluate, arginfo_GI_pt_evaluate)
	ZEND_NS_FALIAS("GI", pt_classify, GI_pt_classify, arginfo_GI_pt_classify)
	ZEND_NS_FALIAS("GI", verdict_text, GI_verdict_text, arginfo_GI_verdict_text)
	ZEND_NS_FALIAS("GI", rule_text, GI_rule_text, arginfo_GI_rule_text)
	ZEND_NS_FALIAS("GI", names, GI_names, arginfo_GI_names)
	ZEND_NS_FALIAS("GI", parse_number, GI_parse_number, arginfo_GI_parse_number)
	ZEND_NS_FALIAS("GI", format_measurement, GI_format_measurement, arginfo_GI_format_measurement)
	ZEND_NS_FALIAS("GI", convert_unit, GI_convert_unit, arginfo_GI_convert_unit)
	ZEND_NS_FALIAS("GI", version, GI_version, arginfo_GI_version)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_GI_FileException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_GI_ParseException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_GI_InvalidException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_GI_UsageException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_GI_AbortedException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_GI_Spec_methods[] = {
	ZEND_ME(GI_Spec, __construct, arginfo_class_GI_Spec___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Spec, load, arginfo_class_GI_Spec_load, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Spec, fromString, arginfo_class_GI_Spec_fromString, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Spec, info, arginfo_class_GI_Spec_info, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, products, arginfo_class_GI_Spec_products, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, verify, arginfo_class_GI_Spec_verify, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, stream, arginfo_class_GI_Spec_stream, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, analytes, arginfo_class_GI_Spec_analytes, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, areas, arginfo_class_GI_Spec_areas, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, hasProduct, arginfo_class_GI_Spec_hasProduct, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Spec, hasAnalyte, arginfo_class_GI_Spec_hasAnalyte, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Report_methods[] = {
	ZEND_ME(GI_Report, __construct, arginfo_class_GI_Report___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Report, open, arginfo_class_GI_Report_open, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Report, fromString, arginfo_class_GI_Report_fromString, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Report, lab, arginfo_class_GI_Report_lab, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Report, next, arginfo_class_GI_Report_next, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Report, getIterator, arginfo_class_GI_Report_getIterator, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Verification_methods[] = {
	ZEND_ME(GI_Verification, __construct, arginfo_class_GI_Verification___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Verification, getIterator, arginfo_class_GI_Verification_getIterator, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Verification, summary, arginfo_class_GI_Verification_summary, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Signer_methods[] = {
	ZEND_ME(GI_Signer, __construct, arginfo_class_GI_Signer___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Signer, load, arginfo_class_GI_Signer_load, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Signer, external, arginfo_class_GI_Signer_external, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Signer, subject, arginfo_class_GI_Signer_subject, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Trust_methods[] = {
	ZEND_ME(GI_Trust, __construct, arginfo_class_GI_Trust___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Trust, load, arginfo_class_GI_Trust_load, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Trust, setTime, arginfo_class_GI_Trust_setTime, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Registry_methods[] = {
	ZEND_ME(GI_Registry, __construct, arginfo_class_GI_Registry___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Registry, open, arginfo_class_GI_Registry_open, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Registry, call, arginfo_class_GI_Registry_call, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Registry, schemaVersion, arginfo_class_GI_Registry_schemaVersion, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Registry, checkLotCode, arginfo_class_GI_Registry_checkLotCode, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Record_methods[] = {
	ZEND_ME(GI_Record, __construct, arginfo_class_GI_Record___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Record, verify, arginfo_class_GI_Record_verify, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Record, content, arginfo_class_GI_Record_content, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Record, restamp, arginfo_class_GI_Record_restamp, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_StampKeys_methods[] = {
	ZEND_ME(GI_StampKeys, __construct, arginfo_class_GI_StampKeys___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_StampKeys, load, arginfo_class_GI_StampKeys_load, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_GI_Log_methods[] = {
	ZEND_ME(GI_Log, __construct, arginfo_class_GI_Log___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(GI_Log, keygen, arginfo_class_GI_Log_keygen, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Log, open, arginfo_class_GI_Log_open, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Log, create, arginfo_class_GI_Log_create, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Log, append, arginfo_class_GI_Log_append, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, commit, arginfo_class_GI_Log_commit, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, size, arginfo_class_GI_Log_size, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, checkpoint, arginfo_class_GI_Log_checkpoint, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, find, arginfo_class_GI_Log_find, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, prove, arginfo_class_GI_Log_prove, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, lotProof, arginfo_class_GI_Log_lotProof, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, consistencyProof, arginfo_class_GI_Log_consistencyProof, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, monitor, arginfo_class_GI_Log_monitor, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, close, arginfo_class_GI_Log_close, ZEND_ACC_PUBLIC)
	ZEND_ME(GI_Log, verifyProof, arginfo_class_GI_Log_verifyProof, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Log, verifyInclusion, arginfo_class_GI_Log_verifyInclusion, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(GI_Log, verifyConsistency, arginfo_class_GI_Log_verifyConsistency, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};
