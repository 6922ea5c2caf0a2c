/*
 * pair: time two commands against each other, interleaved A B B A ...,
 * and print the median of the per-pair ratios A/B with its min and max.
 *
 *   pair [-n RUNS] [-a NOFILE] [-b NOFILE] LABEL -- A... -- B...
 *
 * Each run is fork, exec, wait, timed with CLOCK_MONOTONIC; -a/-b set
 * RLIMIT_NOFILE (soft and hard) in the child before it execs A or B. The
 * output is one line: LABEL ratio=R min=X max=Y a_us=... b_us=...
 * a_flt=... b_flt=... a_rss=... b_rss=... (median minor page faults and
 * peak RSS in KB of one run, from wait4's rusage).
 */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
run(char **argv, long nofile, double *flt, double *rss)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		if (nofile > 0) {
			struct rlimit rl = { (rlim_t)nofile, (rlim_t)nofile };

			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				_exit(120);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		fprintf(stderr, "pair: %s failed\n", argv[0]);
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*flt = (double)ru.ru_minflt;
	*rss = (double)ru.ru_maxrss;
	return (double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char **argv)
{
	int runs = 400, i, c, sep;
	long na = 0, nb = 0;
	char **a, **b, *label;
	double *ta, *tb, *r, *fa, *fb, *ra, *rb;

	while ((c = getopt(argc, argv, "+n:a:b:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'a': na = atol(optarg); break;
		case 'b': nb = atol(optarg); break;
		default: return 2;
		}
	}
	if (optind + 3 > argc || strcmp(argv[optind + 1], "--") != 0)
		return 2;
	label = argv[optind];
	a = argv + optind + 2;
	for (sep = 0; a[sep] != NULL && strcmp(a[sep], "--") != 0; sep++)
		;
	if (a[sep] == NULL)
		return 2;
	a[sep] = NULL;
	b = a + sep + 1;
	ta = calloc((size_t)runs, sizeof(*ta));
	tb = calloc((size_t)runs, sizeof(*tb));
	r = calloc((size_t)runs, sizeof(*r));
	fa = calloc((size_t)runs, sizeof(*fa));
	fb = calloc((size_t)runs, sizeof(*fb));
	ra = calloc((size_t)runs, sizeof(*ra));
	rb = calloc((size_t)runs, sizeof(*rb));
	if (ta == NULL || tb == NULL || r == NULL || fa == NULL ||
	    fb == NULL || ra == NULL || rb == NULL)
		return 1;
	for (i = 0; i < 20; i++) { /* warm up both */
		run(a, na, &fa[0], &ra[0]);
		run(b, nb, &fb[0], &rb[0]);
	}
	for (i = 0; i < runs; i++) {
		if (i % 2 == 0) {
			ta[i] = run(a, na, &fa[i], &ra[i]);
			tb[i] = run(b, nb, &fb[i], &rb[i]);
		} else {
			tb[i] = run(b, nb, &fb[i], &rb[i]);
			ta[i] = run(a, na, &fa[i], &ra[i]);
		}
		r[i] = ta[i] / tb[i];
	}
	qsort(r, (size_t)runs, sizeof(*r), cmp);
	printf("%s ratio=%.3f min=%.3f max=%.3f a_us=%.1f b_us=%.1f "
	       "a_flt=%.0f b_flt=%.0f a_rss=%.0f b_rss=%.0f\n",
	    label, median(r, runs), r[0], r[runs - 1], median(ta, runs),
	    median(tb, runs), median(fa, runs), median(fb, runs),
	    median(ra, runs), median(rb, runs));
	return 0;
}
