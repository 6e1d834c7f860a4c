/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-bindings - the Python and PHP bindings against the gi command on
 * one report: time and peak memory of streaming every sample's result.
 *
 *   bench-bindings SPEC REPORT GI_BIN PYTHON PYTHONPATH PHP PHP_EXT [BIG_REPORT]
 *
 * Measures, each in a process of its own (peak RSS from wait4):
 *   reference  `gi verify --json` to /dev/null: the same work in C;
 *   python     a loop over Spec.verify(), reading each sample's verdict,
 *              and the interpreter's own peak RSS with libgi imported and
 *              the spec and report open (nothing verified): the binding's
 *              memory is the difference;
 *   php        the same with foreach over Spec::stream(), php -n (PHP's
 *              default memory_limit of 128M), and its peak
 *              memory_get_peak_usage();
 *   php big    with BIG_REPORT, the PHP loop on it under memory_limit=128M:
 *              it must finish.
 * and prints each time as a ratio to the reference's, and each memory
 * above the interpreter's baseline. An empty PYTHON or PHP skips it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
	double seconds;
	double rss_mib;   /* peak RSS of the child */
	int ok;           /* exited 0 (or 1: a report that fails, for gi) */
	char out[512];    /* the first line of its standard output */
} run;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Runs argv with PYTHONPATH set (when given); stdout into r->out unless
 * to_null. */
static run spawn(char *const argv[], const char *pythonpath, int to_null)
{
	run r = { 0, 0, 0, "" };
	int fd[2];
	if (pipe(fd) < 0)
		return r;
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int dn = open("/dev/null", O_WRONLY);
		dup2(to_null ? dn : fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		if (pythonpath)
			setenv("PYTHONPATH", pythonpath, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	size_t n = 0;
	ssize_t k;
	while ((k = read(fd[0], r.out + n, sizeof r.out - 1 - n)) > 0)
		n += (size_t)k;
	r.out[n] = '\0';
	r.out[strcspn(r.out, "\n")] = '\0';
	close(fd[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return r;
	r.seconds = now() - t0;
	r.rss_mib = ru.ru_maxrss / 1024.0;
	r.ok = WIFEXITED(status) && (WEXITSTATUS(status) == 0 || (to_null && WEXITSTATUS(status) == 1));
	return r;
}

static const char py_base[] =
	"import sys, libgi\n"
	"spec = libgi.Spec.load(sys.argv[1]); report = libgi.Report.open(sys.argv[2])\n"
	"print(0)\n";
static const char py_loop[] =
	"import sys, libgi\n"
	"spec = libgi.Spec.load(sys.argv[1]); report = libgi.Report.open(sys.argv[2])\n"
	"n = 0\n"
	"for sample in spec.verify(report):\n"
	"    sample.verdict\n"
	"    n += 1\n"
	"print(n)\n";
static const char php_base[] =
	"$spec = GI\\Spec::load($argv[1]); $report = GI\\Report::open($argv[2]); echo 0, \"\\n\";";
static const char php_loop[] =
	"$spec = GI\\Spec::load($argv[1]); $report = GI\\Report::open($argv[2]); $n = 0;"
	"foreach ($spec->stream($report) as $s) { $s[\"verdict\"]; $n++; }"
	"echo $n, \" \", memory_get_peak_usage(), \"\\n\";";

int main(int argc, char **argv)
{
	if (argc != 8 && argc != 9) {
		fprintf(stderr, "usage: bench-bindings SPEC REPORT GI_BIN PYTHON PYTHONPATH PHP PHP_EXT [BIG_REPORT]\n");
		return 2;
	}
	char *spec = argv[1], *report = argv[2], *gi = argv[3], *py = argv[4], *pypath = argv[5], *php = argv[6];
	char *big = argc == 9 ? argv[8] : NULL;
	char ext[4096];
	snprintf(ext, sizeof ext, "extension=%s", argv[7]);

	char *cli_argv[] = { gi, "verify", "--json", "--spec", spec, "--report", report, NULL };
	run ref = spawn(cli_argv, NULL, 1);
	if (!ref.ok) {
		fprintf(stderr, "bench-bindings: %s failed\n", gi);
		return 2;
	}
	printf("bindings, one report (%s)\n", report);
	printf("  reference gi verify --json       %7.2f s                   peak RSS %7.1f MiB\n", ref.seconds,
	       ref.rss_mib);
	int status = 0;
	if (*py) {
		char *base_argv[] = { py, "-c", (char *)py_base, spec, report, NULL };
		char *loop_argv[] = { py, "-c", (char *)py_loop, spec, report, NULL };
		run base = spawn(base_argv, pypath, 0), loop = spawn(loop_argv, pypath, 0);
		if (!base.ok || !loop.ok) {
			fprintf(stderr, "bench-bindings: the Python loop failed\n");
			status = 2;
		} else {
			printf("  Python for sample in verify()    %7.2f s  %5.2f x reference   peak RSS %7.1f MiB,"
			       " %6.1f MiB above the interpreter's %5.1f   (%s samples)\n",
			       loop.seconds, loop.seconds / ref.seconds, loop.rss_mib, loop.rss_mib - base.rss_mib,
			       base.rss_mib, loop.out);
		}
	}
	if (*php) {
		char *base_argv[] = { php, "-n", "-d", ext, "-r", (char *)php_base, "--", spec, report, NULL };
		char *loop_argv[] = { php, "-n", "-d", ext, "-r", (char *)php_loop, "--", spec, report, NULL };
		run base = spawn(base_argv, NULL, 0), loop = spawn(loop_argv, NULL, 0);
		if (!base.ok || !loop.ok) {
			fprintf(stderr, "bench-bindings: the PHP loop failed\n");
			status = 2;
		} else {
			long long n = 0, peak = 0;
			sscanf(loop.out, "%lld %lld", &n, &peak);
			printf("  PHP foreach stream()             %7.2f s  %5.2f x reference   peak RSS %7.1f MiB,"
			       " %6.1f MiB above the interpreter's %5.1f   (%lld samples; PHP memory peak %.1f MiB)\n",
			       loop.seconds, loop.seconds / ref.seconds, loop.rss_mib, loop.rss_mib - base.rss_mib,
			       base.rss_mib, n, peak / 1048576.0);
		}
		if (big) {
			char *big_argv[] = { php, "-n", "-d", "memory_limit=128M", "-d", ext, "-r", (char *)php_loop, "--",
			                     spec, big, NULL };
			run b = spawn(big_argv, NULL, 0);
			long long n = 0, peak = 0;
			sscanf(b.out, "%lld %lld", &n, &peak);
			printf("  PHP stream(), memory_limit=128M  %7.2f s  %s: %lld samples, PHP memory peak %.1f MiB"
			       " (%.3f of the limit), peak RSS %.1f MiB\n", b.seconds, b.ok ? "finished" : "FAILED", n,
			       peak / 1048576.0, peak / (128.0 * 1048576.0), b.rss_mib);
			if (!b.ok)
				status = 1;
		}
	}
	return status;
}
