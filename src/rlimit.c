/*
 * rlimit.c: the one resource table, and --rlimit NAME=LIMIT|SOFT:HARD.
 *
 * Names are Linux's (RLIMIT_ without the prefix, lower case), FreeBSD
 * login.conf(5)'s, or the resource number. Values are the kernel's raw
 * units, as prlimit(1) takes them; sizes and times may carry login.conf
 * suffixes, summed ("1h30m"); counts take none. Pure: no system call.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "rlimit.h"
#include "arena.h"
#include "build.h"
#include "fmt.h"
#include "num.h"
#include "options.h"
#include "procstat.h"
#include "sbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

enum unit { U_COUNT, U_SIZE, U_TIME };

static const struct {
	const char *name; /* Linux name */
	int resource;
	enum unit unit;
	const char *bsd; /* login.conf name, or NULL */
} table[] = {
	{ "cpu", RLIMIT_CPU, U_TIME, "cputime" },
	{ "fsize", RLIMIT_FSIZE, U_SIZE, "filesize" },
	{ "data", RLIMIT_DATA, U_SIZE, "datasize" },
	{ "stack", RLIMIT_STACK, U_SIZE, "stacksize" },
	{ "core", RLIMIT_CORE, U_SIZE, "coredumpsize" },
	{ "rss", RLIMIT_RSS, U_SIZE, "memoryuse" },
	{ "nproc", RLIMIT_NPROC, U_COUNT, "maxproc" },
	{ "nofile", RLIMIT_NOFILE, U_COUNT, "openfiles" },
	{ "memlock", RLIMIT_MEMLOCK, U_SIZE, "memorylocked" },
	{ "as", RLIMIT_AS, U_SIZE, "vmemoryuse" },
	{ "locks", RLIMIT_LOCKS, U_COUNT, NULL },
	{ "sigpending", RLIMIT_SIGPENDING, U_COUNT, NULL },
	{ "msgqueue", RLIMIT_MSGQUEUE, U_SIZE, NULL },
	{ "nice", RLIMIT_NICE, U_COUNT, NULL },
	{ "rtprio", RLIMIT_RTPRIO, U_COUNT, NULL },
	{ "rttime", RLIMIT_RTTIME, U_COUNT, NULL },
};

/* login.conf resources that Linux has no limit for. */
static const char *const bsd_only[] = {
	"sbsize",
	"pseudoterminals",
	"swapuse",
	"kqueues",
	"umtxp",
	"vmemorylocked",
	"pipebuf",
};

const char *
rlimit_name(int resource)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].resource == resource)
			return table[i].name;
	return "?";
}

static int
find(const char *name, size_t n)
{
	size_t i;
	char buf[32];
	long long v;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if ((strlen(table[i].name) == n &&
		        strncmp(table[i].name, name, n) == 0) ||
		    (table[i].bsd != NULL && strlen(table[i].bsd) == n &&
		        strncmp(table[i].bsd, name, n) == 0))
			return (int)i;
	if (n > 0 && n < sizeof(buf)) {
		memcpy(buf, name, n);
		buf[n] = '\0';
		if (num_parse(buf, 0, RLIM_NLIMITS - 1, &v) == NULL)
			for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
				if (table[i].resource == (int)v)
					return (int)i;
	}
	return -1;
}

/* a + b * m, or -1 on overflow past the largest finite limit. */
static int
add_mul(uint64_t *acc, uint64_t v, uint64_t m)
{
	if (v != 0 && m > (RLIM_INFINITY - 1) / v)
		return -1;
	v *= m;
	if (*acc > RLIM_INFINITY - 1 - v)
		return -1;
	*acc += v;
	return 0;
}

/*
 * One side: infinity/inf/unlimited, or terms NUMBER[SUFFIX] summed. Sizes:
 * b = 512, k m g t p e = powers of 1024. Times: s m h d w y. Counts: a
 * plain number. Only the last term may go without a suffix. Returns -2 on
 * overflow, -1 on bad syntax.
 */
static int
parse_value(const char *s, size_t n, enum unit unit, rlim_t *out)
{
	static const char sizes[] = "kmgtpe";
	const char *p = s, *end = s + n, *k;
	uint64_t acc = 0;

	if ((n == 8 && strncmp(s, "infinity", 8) == 0) ||
	    (n == 3 && strncmp(s, "inf", 3) == 0) ||
	    (n == 9 && strncmp(s, "unlimited", 9) == 0)) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (n == 0)
		return -1;
	while (p < end) {
		uint64_t v = 0, m = 1;
		const char *digits = p;
		int i;

		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			if (v > (UINT64_MAX - 9) / 10)
				return -2;
			v = v * 10 + (uint64_t)(*p - '0');
		}
		if (p == digits)
			return -1;
		if (p < end && unit == U_SIZE) {
			if (*p == 'b')
				m = 512;
			else if ((k = memchr(sizes, *p, 6)) != NULL)
				for (i = 0; i <= k - sizes; i++)
					m *= 1024;
			else
				return -1;
			p++;
		} else if (p < end && unit == U_TIME) {
			switch (*p) {
			case 's':
				m = 1;
				break;
			case 'm':
				m = 60;
				break;
			case 'h':
				m = 3600;
				break;
			case 'd':
				m = 86400;
				break;
			case 'w':
				m = 604800;
				break;
			case 'y':
				m = 31536000;
				break;
			default:
				return -1;
			}
			p++;
		} else if (p < end) {
			return -1;
		}
		if (add_mul(&acc, v, m) < 0)
			return -2;
	}
	*out = (rlim_t)acc;
	return 0;
}

int
rlimit_parse(const char *spec, struct rlimit_req *r, char *msg, size_t len)
{
	const char *eq = strchr(spec, '='), *val, *colon;
	size_t i;
	int k, e;

	memset(r, 0, sizeof(*r));
	r->spec = spec;
	if (eq == NULL)
		return errorf(msg, len,
		    "--rlimit %s: expected NAME=LIMIT or NAME=SOFT:HARD", spec);
	k = find(spec, (size_t)(eq - spec));
	if (k < 0) {
		for (i = 0; i < sizeof(bsd_only) / sizeof(bsd_only[0]); i++)
			if (strlen(bsd_only[i]) == (size_t)(eq - spec) &&
			    strncmp(bsd_only[i], spec, (size_t)(eq - spec)) ==
			        0)
				return errorf(msg, len,
				    "--rlimit %s: %s is not supported on Linux",
				    spec, bsd_only[i]);
		return errorf(msg, len, "--rlimit %s: unknown resource '%.*s'",
		    spec, (int)(eq - spec), spec);
	}
	r->resource = table[k].resource;
	val = eq + 1;
	colon = strchr(val, ':');
	if (*val == '\0' || (colon != NULL && colon == val && colon[1] == '\0'))
		return errorf(msg, len, "--rlimit %s: no value", spec);
	if (colon == NULL) {
		e = parse_value(val, strlen(val), table[k].unit, &r->soft);
		r->hard = r->soft;
		r->have_soft = r->have_hard = 1;
	} else {
		e = 0;
		if (colon > val) {
			e = parse_value(val, (size_t)(colon - val),
			    table[k].unit, &r->soft);
			r->have_soft = 1;
		}
		if (e == 0 && colon[1] != '\0') {
			e = parse_value(colon + 1, strlen(colon + 1),
			    table[k].unit, &r->hard);
			r->have_hard = 1;
		}
	}
	if (e == -2)
		return errorf(msg, len, "--rlimit %s: value too large", spec);
	if (e < 0)
		return errorf(msg, len, "--rlimit %s: bad value (%s)", spec,
		    table[k].unit == U_SIZE ? "a size: digits with b k m g t p "
		                              "e, or unlimited"
		    : table[k].unit == U_TIME ? "a time: digits with s m h d w "
		                                "y, or unlimited"
		                              : "a number, or unlimited");
	return 0;
}

void
rlimit_text(struct sbuf *b, rlim_t v)
{
	if (v == RLIM_INFINITY)
		sb_add(b, "unlimited");
	else
		sb_addf(b, "%llu", (unsigned long long)v);
}

int
rlimit_resolve(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	size_t i;

	if (o->n_rlimits == 0)
		return 0;
	p->rlimits = mem_calloc(o->n_rlimits, sizeof(*p->rlimits));
	if (p->rlimits == NULL)
		return errorf(msg, len, "out of memory");
	p->n_rlimits = o->n_rlimits;
	for (i = 0; i < o->n_rlimits; i++) {
		struct rlimit_req *r = &p->rlimits[i];
		struct rlimit cur;

		*r = o->rlimits[i];
		if (getrlimit(r->resource, &cur) < 0)
			return errorf(msg, len, "--rlimit %s: %s", r->spec,
			    errno_text(errno));
		if (!r->have_soft)
			r->soft = cur.rlim_cur;
		if (!r->have_hard)
			r->hard = cur.rlim_max;
		r->have_soft = r->have_hard = 1;
		r->cur_hard = cur.rlim_max;
		if (r->soft > r->hard) {
			struct sbuf b = { 0 };

			sb_add(&b, "soft limit ");
			rlimit_text(&b, r->soft);
			sb_add(&b, " above hard limit ");
			rlimit_text(&b, r->hard);
			errorf(msg, len, "--rlimit %s: %s", r->spec,
			    b.s ? b.s : "soft limit above hard limit");
			mem_free(b.s);
			return -1;
		}
		/* The kernel answers EPERM there, which would look like a
		 * missing capability. */
		if (r->resource == RLIMIT_NOFILE &&
		    (r->hard > cur.rlim_max || r->hard == RLIM_INFINITY)) {
			unsigned long long nr = proc_nr_open();

			if (nr > 0 && (unsigned long long)r->hard > nr)
				return errorf(msg, len,
				    "--rlimit %s: nofile cannot go above "
				    "fs.nr_open (%llu)",
				    r->spec, nr);
		}
	}
	return 0;
}

int
rlimit_add_steps(struct plan *p, int nofile, char *msg, size_t len)
{
	size_t i;

	for (i = 0; i < p->n_rlimits; i++) {
		const struct rlimit_req *r = &p->rlimits[i];
		struct sbuf d = { 0 };
		struct step *s;

		if ((r->resource == RLIMIT_NOFILE) != nofile)
			continue;
		if ((s = add_step(p, STEP_RLIMIT)) == NULL)
			return errorf(msg, len, "out of memory");
		s->u.rlim.resource = r->resource;
		s->u.rlim.soft = r->soft;
		s->u.rlim.hard = r->hard;
		sb_addf(&d, "%s=", rlimit_name(r->resource));
		rlimit_text(&d, r->soft);
		sb_add(&d, ":");
		rlimit_text(&d, r->hard);
		/* Say why the kernel may refuse: raising a hard limit. */
		if (r->hard > r->cur_hard)
			sb_add(&d, " (raising the hard limit needs "
			           "CAP_SYS_RESOURCE)");
		s->u.rlim.detail = d.bad ? -1 : add_detail(p, d.s);
		mem_free(d.s);
		if (s->u.rlim.detail < 0)
			return errorf(msg, len, "out of memory");
	}
	return 0;
}
