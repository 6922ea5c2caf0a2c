/*
 * fdplan.c: the fd layout of step 11. Every target fd (the --fd actions
 * and the defaults), checked against the NOFILE limit and what is open
 * now; spawn's own fds above them; then the fd step as primitive moves
 * (fdspec.c's pure algorithm), the lock, and the terminal step.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "fdplan.h"
#include "arena.h"
#include "build.h"
#include "fmt.h"
#include "options.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * How many fds above the targets spawn may need: report pipes, the two fd
 * copies, three /dev/null fds, /proc, and scratch copies for a swap.
 */
#define OWN_FDS_ROOM 8

static int
cmp_action(const void *a, const void *b)
{
	return ((const struct fd_action *)a)->fd -
	       ((const struct fd_action *)b)->fd;
}

const struct fd_action *
find_act(const struct plan *p, int fd)
{
	size_t i;

	for (i = 0; i < p->n_acts; i++)
		if (p->acts[i].fd == fd)
			return &p->acts[i];
	return NULL;
}

/*
 * The fd layout, before any own fd is made: every target (the --fd actions
 * and the defaults: 0-2 inherit unless named, or unless --exec-fd or
 * --chdir-fd names them, since the target must not see those), checked
 * against the NOFILE soft limit and against what is open now.
 */
int
fdplan_layout(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct rlimit rl;
	rlim_t target_nofile;
	size_t i, n = 0;
	int fd;

	p->acts = mem_calloc(o->n_fds + 3, sizeof(*p->acts));
	p->act_detail = mem_calloc(o->n_fds + 3, sizeof(*p->act_detail));
	if (p->acts == NULL || p->act_detail == NULL)
		return errorf(msg, len, "out of memory");
	for (i = 0; i < o->n_fds; i++)
		p->acts[n++] = o->fds[i];
	for (fd = 0; fd < 3; fd++) {
		int named = 0;

		for (i = 0; i < o->n_fds; i++)
			named |= o->fds[i].fd == fd;
		if (named || (o->have_exec_fd && o->exec_fd == fd) ||
		    (o->have_chdir_fd && o->chdir_fd == fd))
			continue;
		memset(&p->acts[n], 0, sizeof(p->acts[n]));
		p->acts[n].fd = p->acts[n].src = fd;
		p->acts[n].kind = FD_INHERIT;
		p->acts[n].implicit = 1;
		p->acts[n++].spec = fd == 0   ? "0 (default)"
		                    : fd == 1 ? "1 (default)"
		                              : "2 (default)";
	}
	p->n_acts = n;
	/* Usually in order already (spawn true has 0, 1, 2): no qsort then. */
	for (i = 1; i < n && cmp_action(&p->acts[i - 1], &p->acts[i]) < 0; i++)
		;
	if (i < n)
		qsort(p->acts, n, sizeof(*p->acts), cmp_action);

	/* Only named fds need the limit: spawn true pays no getrlimit. */
	rl.rlim_cur = RLIM_INFINITY;
	if ((o->n_fds > 0 || o->lock != NULL) &&
	    getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return errorf(
		    msg, len, "fd: NOFILE limit: %s", errno_text(errno));
	p->nofile = rl.rlim_cur;
	/* N must fit the limit the target will have (--rlimit nofile). */
	target_nofile = rl.rlim_cur;
	for (i = 0; i < p->n_rlimits; i++)
		if (p->rlimits[i].resource == RLIMIT_NOFILE)
			target_nofile = p->rlimits[i].soft;
	p->top = 2;
	for (i = 0; i < n; i++) {
		const struct fd_action *a = &p->acts[i];
		const struct fd_action *src;

		p->act_detail[i] = add_detail(p, a->spec);
		if (p->act_detail[i] < 0)
			return errorf(msg, len, "out of memory");
		if (a->fd > p->top)
			p->top = a->fd;
		if ((rlim_t)a->fd >= target_nofile)
			return errorf(msg, len,
			    "--fd %s: fd %d is not below the NOFILE soft "
			    "limit (%llu)",
			    a->spec, a->fd, (unsigned long long)target_nofile);
		if (a->kind == FD_INHERIT && !a->implicit &&
		    fcntl(a->src, F_GETFD) < 0)
			return errorf(msg, len, "--fd %s: fd %d is not open",
			    a->spec, a->src);
		if (a->kind != FD_COPY)
			continue;
		src = find_act(p, a->src);
		if (src == NULL || src->kind == FD_CLOSE ||
		    src->kind == FD_COPY ||
		    (src->implicit && fcntl(a->src, F_GETFD) < 0))
			return errorf(msg, len,
			    "--fd %s: fd %d is not open after the fd actions "
			    "(copy an fd that --fd opens or inherits)",
			    a->spec, a->src);
	}
	p->own_min = p->top + 1 + (o->lock != NULL);
	/* spawn's own fds and scratch copies live above every target. */
	if ((rlim_t)p->own_min + OWN_FDS_ROOM > p->nofile)
		return errorf(msg, len,
		    "fd: no room for spawn's own fds above fd %d (NOFILE "
		    "soft limit %llu)",
		    p->own_min - 1, (unsigned long long)p->nofile);
	return 0;
}

/*
 * The terminal of --set-ctty or --foreground-tty is fd N as the fd step
 * leaves it. When the program does not keep N (the step closes it),
 * spawn keeps a copy of the caller's N for the tty step, as it does for
 * --chdir-fd, so that what the dry run accepts also runs.
 */
int
fdplan_tty_fd(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	const struct fd_action *a;
	int fd = o->have_set_ctty ? o->set_ctty : o->fg_tty;

	p->tty_fd = fd;
	if (!o->have_set_ctty && !o->have_fg_tty)
		return 0;
	a = find_act(p, fd);
	if (a != NULL && a->kind != FD_CLOSE)
		return 0;
	p->tty_copy = 1;
	return keep_fd(p, fd,
	    o->have_set_ctty ? "--set-ctty" : "--foreground-tty", &p->tty_fd,
	    msg, len);
}

/*
 * Step 11: the fd actions as primitive moves. Made last among the fd
 * plans, when every own fd exists: the report pipes, the --exec-fd and
 * --chdir-fd copies, the /dev/null fds opened here, and /proc/self/fd
 * when the kernel has no close_range.
 */
int
fdplan_add_fd_step(struct plan *p, char *msg, size_t len)
{
	struct step *s;
	size_t i, n_moves;
	int scratch, fd, acc;

	s = add_step(p, STEP_FD);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.fd.close_dirfd = -1;
	s->u.fd.acts = p->acts;
	s->u.fd.act_detail = p->act_detail;
	s->u.fd.close_detail = add_detail(p, "closing the other fds");
	for (acc = 0; acc < 3; acc++)
		s->u.fd.null_fd[acc] = -1;
	if (!p->dry_run) {
		static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };

		/* /dev/null now: the new root may have none. */
		for (i = 0; i < p->n_acts; i++) {
			acc = (int)fd_null_access(p->acts[i].fd);
			if (p->acts[i].kind != FD_NULL ||
			    s->u.fd.null_fd[acc] >= 0)
				continue;
			fd = open("/dev/null", modes[acc] | O_CLOEXEC);
			if (fd < 0 || (fd = own_fd(p, fd)) < 0)
				return errorf(msg, len, "fd: /dev/null: %s",
				    errno_text(errno));
			s->u.fd.null_fd[acc] = fd;
		}
		/*
		 * Without close_range (Linux < 5.9, or a seccomp profile that
		 * answers EPERM) the other fds are found in /proc/self/fd.
		 * When a step before 11 may hide /proc (a chroot-before, a
		 * mount namespace), /proc is opened now, at the cost of a
		 * probe; otherwise step 11 opens it if needed. Never a loop
		 * up to NOFILE.
		 */
		if ((p->o->chroot_before != NULL || p->o->ns[NS_MNT] != NULL) &&
		    sys_close_range(~0U, ~0U) < 0 &&
		    (errno == ENOSYS || errno == EPERM)) {
			fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0 || (fd = own_fd(p, fd)) < 0)
				return errorf(msg, len,
				    "fd: no close_range and no /proc "
				    "to close the other fds: %s",
				    errno_text(errno));
			s->u.fd.close_dirfd = fd;
		}
	}
	if (p->n_own > 1)
		qsort(p->own, p->n_own, sizeof(*p->own), cmp_int);
	scratch = p->own_min;
	for (i = 0; i < p->n_own; i++)
		if (p->own[i] >= scratch)
			scratch = p->own[i] + 1;
	for (i = 0; i < p->n_acts; i++)
		if (p->acts[i].kind == FD_INHERIT && p->acts[i].src >= scratch)
			scratch = p->acts[i].src + 1;

	s->u.fd.moves = mem_calloc(
	    fd_moves_max(p->n_acts, p->n_own), sizeof(*s->u.fd.moves));
	if (s->u.fd.moves == NULL)
		return errorf(msg, len, "out of memory");
	n_moves = fd_plan_moves(
	    p->acts, p->n_acts, p->own, p->n_own, scratch, s->u.fd.moves);
	s->u.fd.n_moves = n_moves;
	for (i = 0; i < n_moves; i++)
		if (s->u.fd.moves[i].op == OP_SCRATCH &&
		    (rlim_t)s->u.fd.moves[i].b >= p->nofile)
			return errorf(msg, len,
			    "fd: no room for scratch fds above fd %d (NOFILE "
			    "soft limit %llu)",
			    scratch - 1, (unsigned long long)p->nofile);

	return 0;
}

/* The lock fd lands right above every target, below spawn's own fds. */
int
fdplan_add_lock_step(struct plan *p, char *msg, size_t len)
{
	const char *path = p->o->lock;
	struct step *s = add_step(p, STEP_LOCK);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.lock.path = path;
	s->u.lock.nowait = p->o->lock_nowait;
	s->u.lock.fd = p->top + 1;
	s->u.lock.detail = add_detail(p, path);
	s->u.lock.held_detail =
	    add_detailf(p, "%s: held by another process (--lock-nowait)", path);
	s->u.lock.link_detail = add_detailf(
	    p, "%s: a symbolic link; the lock must be the file itself", path);
	s->u.lock.notreg_detail =
	    add_detailf(p, "%s: not a regular file", path);
	if (s->u.lock.detail < 0 || s->u.lock.held_detail < 0 ||
	    s->u.lock.link_detail < 0 || s->u.lock.notreg_detail < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/* After the fd actions and the lock: the terminal. */
int
fdplan_add_tty_step(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct step *s = add_step(p, STEP_TTY);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.tty.set_ctty = o->have_set_ctty;
	s->u.tty.named = o->have_set_ctty ? o->set_ctty : o->fg_tty;
	s->u.tty.fd = p->tty_fd;
	s->u.tty.copy = p->tty_copy;
	s->u.tty.detail = add_detailf(p, "fd %d", s->u.tty.named);
	if (s->u.tty.detail < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}
