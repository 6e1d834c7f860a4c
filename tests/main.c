/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c - runs every suite. CK_FORK=no runs them in one process (for
 * valgrind); CK_RUN_SUITE=name runs one. */
#include <stdlib.h>
#include "suites.h"
#include "c14n_check.h"

int main(void)
{
	/* every record any test signs is checked against libxml2's C14N */
	c14n_check_install();
	/* and every record verified, by xmlsec too (libgi/record_dsig.c) */
	gi__dsig_differential(1);
	SRunner *sr = srunner_create(suite_number());
	srunner_add_suite(sr, suite_units());
	srunner_add_suite(sr, suite_spec());
	srunner_add_suite(sr, suite_report());
	srunner_add_suite(sr, suite_input());
	srunner_add_suite(sr, suite_verify());
	srunner_add_suite(sr, suite_decide());
	srunner_add_suite(sr, suite_stats());
	srunner_add_suite(sr, suite_record());
	srunner_add_suite(sr, suite_cli());
	srunner_add_suite(sr, suite_place());
	srunner_add_suite(sr, suite_risk());
	srunner_add_suite(sr, suite_numbers());
	srunner_add_suite(sr, suite_metrology());
	srunner_add_suite(sr, suite_errors());
	srunner_add_suite(sr, suite_stamp());
	srunner_add_suite(sr, suite_stream());
	srunner_add_suite(sr, suite_registry());
	srunner_add_suite(sr, suite_log());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
