/*
 * fdspec.c: the --fd grammar and the move algorithm (see fdspec.h).
 *
 * The order of the moves is the one the man page gives (File
 * descriptors, the fd step): inherits, resolved against the fds
 * as they were before any action; then every fd not kept is closed; then
 * null and open actions; then copies, resolved against the fds as they are
 * after the opens. A source that is also a destination of the same phase is
 * first parked on a scratch fd, so swaps and cycles of any length work.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "fdspec.h"
#include "arena.h"
#include "fmt.h"
#include "num.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MODE as fopen's, with an optional x: the O_* flags, or -1. */
static int
mode_flags(const char *m, size_t n)
{
	static const struct {
		const char *mode;
		int flags;
	} modes[] = {
		{ "r", O_RDONLY },
		{ "w", O_WRONLY | O_CREAT | O_TRUNC },
		{ "a", O_WRONLY | O_CREAT | O_APPEND },
		{ "r+", O_RDWR },
		{ "w+", O_RDWR | O_CREAT | O_TRUNC },
		{ "a+", O_RDWR | O_CREAT | O_APPEND },
	};
	size_t i, base = n;
	int excl = 0;

	if (n > 0 && m[n - 1] == 'x') {
		excl = 1;
		base = n - 1;
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strlen(modes[i].mode) != base ||
		    strncmp(modes[i].mode, m, base) != 0)
			continue;
		/* x means "fail if it exists": only where a file is made. */
		if (excl && !(modes[i].flags & O_CREAT))
			return -1;
		return modes[i].flags | (excl ? O_EXCL : 0);
	}
	return -1;
}

static int
is_octal(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '7')
			return 0;
	return 1;
}

/*
 * open:PATH[:MODE[:PERMS]], parsed from the right: the last field is PERMS
 * only when it is octal and a MODE stands before it; a field is MODE only
 * when it is a valid mode. Whatever is left is PATH, colons and all.
 */
static int
parse_open(const char *s, struct fd_action *a, char *msg, size_t len)
{
	const char *end = s + strlen(s), *c1, *c2;
	int flags;

	a->flags = O_RDONLY;
	a->perms = 0666;
	c1 = memrchr(s, ':', (size_t)(end - s));
	if (c1 != NULL && is_octal(c1 + 1, (size_t)(end - c1 - 1))) {
		c2 = memrchr(s, ':', (size_t)(c1 - s));
		if (c2 != NULL && c2 > s &&
		    (flags = mode_flags(c2 + 1, (size_t)(c1 - c2 - 1))) >= 0) {
			a->perms = (mode_t)strtoul(c1 + 1, NULL, 8);
			a->flags = flags;
			end = c2;
			goto path;
		}
	}
	if (c1 != NULL && c1 > s &&
	    (flags = mode_flags(c1 + 1, (size_t)(end - c1 - 1))) >= 0) {
		a->flags = flags;
		end = c1;
	}
path:
	if (end == s)
		return errorf(msg, len, "--fd %s: empty path", a->spec);
	a->path_buf = mem_strndup(s, (size_t)(end - s));
	if (a->path_buf == NULL)
		return errorf(msg, len, "out of memory");
	a->path = a->path_buf;
	a->flags |= O_NOCTTY;
	return 0;
}

static int
parse_num(const char *s, size_t n, const char *spec, const char *what, int *out,
    char *msg, size_t len)
{
	char buf[32];
	long long v;
	const char *why;

	if (n >= sizeof(buf))
		return errorf(msg, len, "--fd %s: %s: too large", spec, what);
	memcpy(buf, s, n);
	buf[n] = '\0';
	why = num_parse(buf, 0, INT_MAX, &v);
	if (why != NULL)
		return errorf(
		    msg, len, "--fd %s: %s '%s': %s", spec, what, buf, why);
	*out = (int)v;
	return 0;
}

int
fd_parse(const char *spec, struct fd_action *a, char *msg, size_t len)
{
	const char *eq = strchr(spec, '='), *act;

	memset(a, 0, sizeof(*a));
	a->spec = spec;
	if (eq == NULL)
		return errorf(msg, len, "--fd %s: expected N=ACTION", spec);
	if (parse_num(spec, (size_t)(eq - spec), spec, "fd", &a->fd, msg, len) <
	    0)
		return -1;
	act = eq + 1;
	if (strcmp(act, "close") == 0) {
		a->kind = FD_CLOSE;
	} else if (strcmp(act, "null") == 0) {
		a->kind = FD_NULL;
	} else if (strcmp(act, "inherit") == 0) {
		a->kind = FD_INHERIT;
		a->src = a->fd;
	} else if (strncmp(act, "inherit:", 8) == 0) {
		a->kind = FD_INHERIT;
		if (parse_num(act + 8, strlen(act + 8), spec, "source fd",
		        &a->src, msg, len) < 0)
			return -1;
	} else if (strncmp(act, "copy:", 5) == 0) {
		a->kind = FD_COPY;
		if (parse_num(act + 5, strlen(act + 5), spec, "source fd",
		        &a->src, msg, len) < 0)
			return -1;
		if (a->src == a->fd)
			return errorf(msg, len,
			    "--fd %s: an fd cannot be a copy of itself", spec);
	} else if (strncmp(act, "open:", 5) == 0) {
		a->kind = FD_OPEN;
		return parse_open(act + 5, a, msg, len);
	} else {
		return errorf(msg, len,
		    "--fd %s: unknown action (close, null, inherit, "
		    "inherit:M, copy:M or open:PATH[:MODE[:PERMS]])",
		    spec);
	}
	return 0;
}

void
fd_action_free(struct fd_action *a)
{
	mem_free(a->path_buf);
	a->path_buf = NULL;
}

enum null_access
fd_null_access(int fd)
{
	return fd == 0 ? NULL_R : fd <= 2 ? NULL_W : NULL_RW;
}

size_t
fd_moves_max(size_t n_acts, size_t n_own)
{
	/* Per action at most a scratch and a dup2 (or one other move);
	 * close ranges: one per gap between kept fds, plus the tail. */
	return 2 * n_acts + (n_acts + n_own + 1);
}

static void
add(struct fd_move *out, size_t *n, enum fd_op op, int a, int b, int act)
{
	out[*n].op = op;
	out[*n].a = a;
	out[*n].b = b;
	out[*n].action = act;
	(*n)++;
}

/* Is fd a destination of a moving action of this kind? */
static int
is_dest(const struct fd_action *acts, size_t n, enum fd_kind kind, int fd)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (acts[i].kind == kind && acts[i].fd == fd &&
		    acts[i].src != acts[i].fd)
			return 1;
	return 0;
}

/*
 * One phase of moves (inherits, or copies): park each source that is also
 * a destination of the phase, then dup2 every pair from the source or its
 * parked copy. Scratch numbers count up from *scratch.
 */
static void
phase(const struct fd_action *acts, size_t n, enum fd_kind kind, int scratch,
    struct fd_move *out, size_t *nout)
{
	size_t i, j, first = *nout;
	int parked;

	for (i = 0; i < n; i++) {
		const struct fd_action *a = &acts[i];

		if (a->kind != kind || a->src == a->fd ||
		    !is_dest(acts, n, kind, a->src))
			continue;
		/* Park each source once, however many take from it. */
		for (j = first; j < *nout; j++)
			if (out[j].op == OP_SCRATCH && out[j].a == a->src)
				break;
		if (j == *nout)
			add(out, nout, OP_SCRATCH, a->src, scratch++, (int)i);
	}
	for (i = 0; i < n; i++) {
		const struct fd_action *a = &acts[i];

		if (a->kind != kind || a->src == a->fd)
			continue;
		parked = a->src;
		for (j = first; j < *nout; j++)
			if (out[j].op == OP_SCRATCH && out[j].a == a->src)
				parked = out[j].b;
		add(out, nout, OP_DUP2, parked, a->fd, (int)i);
	}
}

size_t
fd_plan_moves(const struct fd_action *acts, size_t n_acts, const int *own,
    size_t n_own, int scratch, struct fd_move *out)
{
	size_t n = 0, i, k;
	int next = 0;

	/* Phase 1: inherits, against the fds as they were. */
	phase(acts, n_acts, FD_INHERIT, scratch, out, &n);
	for (i = 0; i < n_acts; i++)
		if (acts[i].kind == FD_INHERIT && acts[i].src == acts[i].fd &&
		    !acts[i].implicit)
			add(out, &n, OP_CLOEXEC_CLEAR, acts[i].fd, 0, (int)i);

	/*
	 * Phase 2: close everything not kept: the inherited targets and spawn's
	 * own fds. Both lists are sorted and own fds lie above every target,
	 * so the kept set is their concatenation and the gaps are ranges.
	 */
	for (i = 0, k = 0; i < n_acts || k < n_own;) {
		int keep;

		if (i < n_acts) {
			if (acts[i].kind != FD_INHERIT) {
				i++;
				continue;
			}
			keep = acts[i++].fd;
		} else {
			keep = own[k++];
		}
		if (keep > next)
			add(out, &n, OP_CLOSE_RANGE, next, keep - 1, -1);
		next = keep + 1;
	}
	add(out, &n, OP_CLOSE_RANGE, next, -1, -1);

	/* Phase 3: null and open actions (phase 2 closed the rest). */
	for (i = 0; i < n_acts; i++) {
		if (acts[i].kind == FD_NULL)
			add(out, &n, OP_NULL, acts[i].fd,
			    (int)fd_null_access(acts[i].fd), (int)i);
		else if (acts[i].kind == FD_OPEN)
			add(out, &n, OP_OPEN, acts[i].fd, (int)i, (int)i);
	}

	/* Phase 4: copies, against the fds as they are after the opens. */
	phase(acts, n_acts, FD_COPY, scratch, out, &n);
	return n;
}
