/* SPDX-License-Identifier: GPL-3.0-or-later */
/* suites.h - one Check suite per module. */
#ifndef GI_TEST_SUITES_H
#define GI_TEST_SUITES_H
#include <check.h>
Suite *suite_number(void);
Suite *suite_units(void);
Suite *suite_spec(void);
Suite *suite_report(void);
Suite *suite_input(void);
Suite *suite_verify(void);
Suite *suite_decide(void);
Suite *suite_stats(void);
Suite *suite_record(void);
Suite *suite_cli(void);
Suite *suite_place(void);
Suite *suite_risk(void);
Suite *suite_numbers(void);
Suite *suite_metrology(void);
Suite *suite_errors(void);
Suite *suite_stamp(void);
Suite *suite_stream(void);
Suite *suite_registry(void);
Suite *suite_log(void);
#endif
