/*
 * fdmodel: checks the fd move algorithm (src/fdspec.c) against a model of
 * a process's fd table, without running a program. Random caller fd sets
 * and random actions (permutations, swaps, cycles, copies of copies), plus
 * fixed cases; every plan is applied to the model, then exec is simulated
 * and the table compared with what the actions ask for.
 *   fdmodel [ITERATIONS [SEED]]    exit 0 when every case holds
 */
#include "../src/fdspec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFD 512
#define NULLOBJ(acc) (-10 - (acc))
#define OPENOBJ(i) (-100 - (i))

struct table {
	int obj[NFD]; /* 0: closed */
	int cloexec[NFD];
};

static int fails;

static void
check(int ok, const char *what, unsigned seed, int iter)
{
	if (!ok) {
		fprintf(
		    stderr, "FAIL (seed %u, case %d): %s\n", seed, iter, what);
		fails++;
	}
}

/* Apply moves to the model; returns -1 on a move the kernel would refuse. */
static int
apply(struct table *t, const struct fd_move *m, size_t n)
{
	size_t i;
	int fd, lo;

	for (i = 0; i < n; i++) {
		switch (m[i].op) {
		case OP_SCRATCH:
		case OP_DUP2:
			if (t->obj[m[i].a] == 0 || m[i].a == m[i].b)
				return -1;
			t->obj[m[i].b] = t->obj[m[i].a];
			t->cloexec[m[i].b] = m[i].op == OP_SCRATCH;
			break;
		case OP_CLOEXEC_CLEAR:
			if (t->obj[m[i].a] == 0)
				return -1;
			t->cloexec[m[i].a] = 0;
			break;
		case OP_CLOSE_RANGE:
			for (fd = m[i].a;
			     fd < NFD && (m[i].b < 0 || fd <= m[i].b); fd++)
				t->obj[fd] = 0;
			break;
		case OP_NULL:
		case OP_OPEN:
			/* open() lands on the lowest free fd, then dup2. */
			for (lo = 0; lo < NFD && t->obj[lo] != 0; lo++)
				;
			t->obj[lo] = m[i].op == OP_NULL ? NULLOBJ(m[i].b)
			                                : OPENOBJ(m[i].b);
			t->cloexec[lo] = 0;
			if (lo != m[i].a) {
				t->obj[m[i].a] = t->obj[lo];
				t->cloexec[m[i].a] = 0;
				t->obj[lo] = 0;
			}
			break;
		}
	}
	return 0;
}

static int
cmp_fd(const void *a, const void *b)
{
	return ((const struct fd_action *)a)->fd -
	       ((const struct fd_action *)b)->fd;
}

/* What fd a (an action index) holds after the opens, before copies. */
static int
after_opens(
    const struct fd_action *acts, size_t n, const struct table *c, int fd)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (acts[i].fd != fd)
			continue;
		switch (acts[i].kind) {
		case FD_INHERIT:
			return c->obj[acts[i].src];
		case FD_NULL:
			return NULLOBJ(fd_null_access(fd));
		case FD_OPEN:
			return OPENOBJ((int)i);
		default:
			return 0;
		}
	}
	return 0;
}

static void
run_case(struct table *caller, struct fd_action *acts, size_t n, unsigned seed,
    int iter)
{
	struct table t = *caller;
	struct fd_move moves[4 * NFD];
	int own[2], n_own = 2, top = 2, scratch, fd, expect[NFD];
	size_t i, nm;

	qsort(acts, n, sizeof(*acts), cmp_fd);
	for (i = 0; i < n; i++) {
		if (acts[i].fd > top)
			top = acts[i].fd;
	}
	/* spawn's own fds: the lowest free numbers above every target. */
	for (fd = top + 1, i = 0; i < 2; fd++)
		if (t.obj[fd] == 0) {
			t.obj[fd] = 9000 + (int)i;
			t.cloexec[fd] = 1;
			own[i++] = fd;
		}
	scratch = own[1] + 1;
	for (i = 0; i < n; i++)
		if ((acts[i].kind == FD_INHERIT) && acts[i].src >= scratch)
			scratch = acts[i].src + 1;

	for (fd = 0; fd < NFD; fd++)
		expect[fd] = 0;
	for (i = 0; i < n; i++) {
		const struct fd_action *a = &acts[i];

		switch (a->kind) {
		case FD_INHERIT:
			/* The default for 0-2 leaves the fd exactly as it is,
			 * close-on-exec flag included. */
			expect[a->fd] = a->implicit && caller->cloexec[a->fd]
			                    ? 0
			                    : caller->obj[a->src];
			break;
		case FD_NULL:
		case FD_OPEN:
			expect[a->fd] = after_opens(acts, n, caller, a->fd);
			break;
		case FD_COPY:
			expect[a->fd] = after_opens(acts, n, caller, a->src);
			break;
		case FD_CLOSE:
			break;
		}
	}

	nm = fd_plan_moves(acts, n, own, (size_t)n_own, scratch, moves);
	check(nm <= fd_moves_max(n, (size_t)n_own), "move count bound", seed,
	    iter);
	check(apply(&t, moves, nm) == 0, "a move on a closed fd", seed, iter);
	check(t.obj[own[0]] == 9000 && t.obj[own[1]] == 9001,
	    "spawn's own fds survive until exec", seed, iter);
	/* exec: close-on-exec fds go */
	for (fd = 0; fd < NFD; fd++)
		if (t.cloexec[fd])
			t.obj[fd] = 0;
	for (fd = 0; fd < NFD; fd++) {
		if (t.obj[fd] != expect[fd]) {
			char what[96];

			snprintf(what, sizeof(what),
			    "fd %d holds %d, expected %d", fd, t.obj[fd],
			    expect[fd]);
			check(0, what, seed, iter);
			break;
		}
	}
}

static struct fd_action
mk(int fd, enum fd_kind kind, int src)
{
	struct fd_action a;

	memset(&a, 0, sizeof(a));
	a.fd = fd;
	a.kind = kind;
	a.src = kind == FD_INHERIT && src < 0 ? fd : src;
	return a;
}

static void
fixed_cases(void)
{
	struct table c;
	struct fd_action a[8];
	int fd;

	memset(&c, 0, sizeof(c));
	for (fd = 0; fd < 10; fd++)
		c.obj[fd] = 100 + fd;
	c.cloexec[5] = 1;
	/* swap 1 and 2 */
	a[0] = mk(0, FD_INHERIT, 0);
	a[0].implicit = 1;
	a[1] = mk(1, FD_INHERIT, 2);
	a[2] = mk(2, FD_INHERIT, 1);
	run_case(&c, a, 3, 0, -1);
	/* a 3-cycle 3->4->5->3, 5 close-on-exec */
	a[0] = mk(3, FD_INHERIT, 4);
	a[1] = mk(4, FD_INHERIT, 5);
	a[2] = mk(5, FD_INHERIT, 3);
	run_case(&c, a, 3, 0, -2);
	/* 5=inherit:5 keeps a close-on-exec fd */
	a[0] = mk(5, FD_INHERIT, 5);
	run_case(&c, a, 1, 0, -3);
	/* opens, nulls and copies of them (a copy's source must be open
	 * after the opens, so it is never another copy's destination) */
	a[0] = mk(3, FD_OPEN, 0);
	a[1] = mk(4, FD_COPY, 3);
	a[2] = mk(5, FD_COPY, 0);
	a[3] = mk(0, FD_NULL, 0);
	a[4] = mk(2, FD_OPEN, 0);
	a[5] = mk(1, FD_NULL, 0);
	a[6] = mk(6, FD_CLOSE, 0);
	run_case(&c, a, 7, 0, -4);
}

int
main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 20000, it;
	unsigned seed = argc > 2 ? (unsigned)atoi(argv[2]) : 12345u;

	fixed_cases();
	srand(seed);
	for (it = 0; it < iters; it++) {
		struct table c;
		struct fd_action acts[40];
		int used[64] = { 0 }, fd, k, n = 0, want = rand() % 12;

		memset(&c, 0, sizeof(c));
		for (fd = 0; fd < 48; fd++)
			if (rand() % 3) {
				c.obj[fd] = 100 + fd;
				c.cloexec[fd] = rand() % 2;
			}
		for (k = 0; k < want; k++) {
			int t = rand() % 24, kind = rand() % 5, src;

			if (used[t])
				continue;
			do
				src = rand() % 48;
			while (!c.obj[src]);
			switch (kind) {
			case 0:
				acts[n++] = mk(t, FD_CLOSE, 0);
				break;
			case 1:
				acts[n++] = mk(t, FD_NULL, 0);
				break;
			case 2:
				acts[n++] =
				    mk(t, FD_INHERIT, rand() % 3 ? src : t);
				if (!c.obj[acts[n - 1].src]) {
					n--;
					continue;
				}
				break;
			case 3:
				acts[n++] = mk(t, FD_OPEN, 0);
				break;
			case 4:
				acts[n++] = mk(t, FD_COPY, -1);
				break;
			}
			used[t] = 1;
		}
		/* defaults: 0-2 inherit when open and not named */
		for (fd = 0; fd < 3; fd++)
			if (!used[fd] && c.obj[fd]) {
				acts[n] = mk(fd, FD_INHERIT, fd);
				acts[n++].implicit = 1;
				used[fd] = 1;
			}
		/* copies take a source that is open after the opens */
		for (k = 0; k < n; k++) {
			int tries = 0, s;

			if (acts[k].kind != FD_COPY)
				continue;
			do {
				s = acts[rand() % n].fd;
			} while ((s == acts[k].fd ||
			             !after_opens(acts, (size_t)n, &c, s)) &&
			         ++tries < 50);
			if (tries >= 50)
				acts[k] = mk(acts[k].fd, FD_CLOSE, 0);
			else
				acts[k].src = s;
		}
		run_case(&c, acts, (size_t)n, seed, it);
	}
	printf("%d cases, %d failures\n", iters + 4, fails);
	return fails != 0;
}
