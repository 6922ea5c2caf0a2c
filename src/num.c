/*
 * num.c: strict numbers, CPU lists, and sorting ids without allocating.
 */
#include "num.h"

const char *
num_parse(const char *s, long long min, long long max, long long *out)
{
	const char *p = s;
	unsigned long long v = 0, lim;
	int neg = 0;

	/* No blanks, no '+', no base prefix: digits and, below 0, a '-'. */
	if (*p == '-' && min < 0) {
		neg = 1;
		p++;
	}
	if (*p == '\0')
		return "not a number";
	for (const char *q = p; *q != '\0'; q++)
		if (*q < '0' || *q > '9')
			return "not a number";
	lim = neg       ? 0 - (unsigned long long)min
	      : max < 0 ? 0
	                : (unsigned long long)max;
	for (; *p != '\0'; p++) {
		unsigned d = (unsigned)(*p - '0');

		/* Past the bound already: never a wrap. */
		if (v > lim / 10 || (v == lim / 10 && d > lim % 10))
			return neg ? "too small" : "too large";
		v = v * 10 + d;
	}
	if (neg) {
		long long r = v == 0 ? 0 : -(long long)(v - 1) - 1;

		if (r > max)
			return "too large";
		*out = r;
		return NULL;
	}
	if ((long long)v < min)
		return "too small";
	*out = (long long)v;
	return NULL;
}

/* A decimal number at *p (advanced past it), below limit, or -1. */
static long
cpu_num(const char **p, long limit)
{
	long v = 0;

	if (**p < '0' || **p > '9')
		return -1;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		v = v * 10 + (**p - '0');
		if (v >= limit)
			return -1;
	}
	return v;
}

int
cpu_list_each(const char *s, void (*fn)(int cpu, void *arg), void *arg)
{
	const char *p = s;
	long lo, hi, step, c;

	if (*p == '\0')
		return -1;
	for (;;) {
		lo = cpu_num(&p, SPAWN_CPU_MAX);
		if (lo < 0)
			return -1;
		hi = lo;
		step = 1;
		if (*p == '-') {
			p++;
			hi = cpu_num(&p, SPAWN_CPU_MAX);
			if (hi < lo)
				return -1;
			if (*p == ':') {
				p++;
				step = cpu_num(&p, SPAWN_CPU_MAX);
				if (step <= 0)
					return -1;
			}
		}
		if (fn != NULL)
			for (c = lo; c <= hi; c += step)
				fn((int)c, arg);
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

static void
id_sift(gid_t *v, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;
		gid_t t;

		if (c >= n)
			return;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[root] >= v[c])
			return;
		t = v[root];
		v[root] = v[c];
		v[c] = t;
		root = c;
	}
}

void
id_sort(gid_t *v, size_t n)
{
	size_t i;

	for (i = n / 2; i > 0; i--)
		id_sift(v, i - 1, n);
	for (i = n; i > 1; i--) {
		gid_t t = v[0];

		v[0] = v[i - 1];
		v[i - 1] = t;
		id_sift(v, 0, i - 1);
	}
}
