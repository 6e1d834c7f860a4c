/* Verify the shipped example report against the Lai Châu spec.
 * Build: cc verify.c $(pkg-config --cflags --libs libgi) */
#include <stdio.h>
#include <gi/gi.h>

int main(void)
{
	gi_spec *spec = NULL;
	gi_report *report = NULL;
	gi_summary sum;
	int rc = gi_spec_load_file(&spec, "specs/lai-chau-tea.xml", NULL);
	if (rc == 0)
		rc = gi_report_open_file(&report, "examples/lai-chau-2026.xml", NULL);
	if (rc == 0)
		rc = gi_verify(&sum, spec, report, NULL);
	if (rc == 0)
		printf("%zu samples: %zu pass, %zu fail, %zu incomplete -> %s\n", sum.samples,
		       sum.pass, sum.fail, sum.incomplete, gi_verdict_name(sum.verdict));
	else
		fprintf(stderr, "%s:%ld: %s\n", gi_error_last()->file, gi_error_last()->line,
		        gi_error_last()->message);
	gi_report_free(report);
	gi_spec_free(spec);
	return rc == 0 ? 0 : 2;
}
