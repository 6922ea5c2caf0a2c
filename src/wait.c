/*
 * wait.c: the fork step and the waiting parent.
 *
 * Every fork, whether --wait put it first or the plan needs one (the
 * implicit fork), goes through wait_fork: block the waiting set, start a
 * child that restores the caller's mask and applies the rest of the plan,
 * then wait for it in the parent. The child reports a failed step as one
 * fixed-size record on a close-on-exec pipe; end of file means its exec
 * succeeded.
 *
 * The child shares the parent's memory (CLONE_VM | CLONE_VFORK, as musl's
 * posix_spawn) and the parent sleeps until the child has exec'd or exited,
 * so starting a child costs no page-table copy. The child runs on a stack
 * the plan allocated and makes system calls only.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "plan.h"
#include "signals.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct child_arg {
	const struct plan *p;
	int from; /* first step the child applies */
	const struct step *fork;
	uint64_t orig_mask; /* the caller's mask, restored in the child */
};

/* The child: never returns; leaves through exec or _exit. */
static int
child_main(void *v)
{
	const struct child_arg *a = v;
	struct spawn_err e;
	int st, r;

	/* Start from the caller's signal state, not the waiting one. */
	if (a->fork->u.fork.chld_ignored)
		sys_sigdisp(SIGCHLD, SIG_IGN, NULL);
	sys_sigmask(SIG_SETMASK, &a->orig_mask, NULL);
	close(a->fork->u.fork.rfd);
	r = plan_apply(a->p, a->from, &e, &st);
	if (r == APPLY_WAITED)
		_exit(wait_exit_code(st)); /* a nested fork's parent */
	/* One record below PIPE_BUF: written whole or not at all. */
	while (write(a->fork->u.fork.wfd, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(125);
}

/*
 * A child that will itself fork and wait (a later fork step) never execs,
 * so a vfork-style parent would sleep all along: that child gets a plain
 * fork. ASan cannot follow a child that shares its memory: plain fork too.
 */
static pid_t
start_child(struct child_arg *a)
{
	pid_t pid;

#if !defined(__SANITIZE_ADDRESS__)
	const struct step *s = a->fork;

	if (s->u.fork.vfork)
		return clone(child_main, s->u.fork.stack + s->u.fork.stack_size,
		    CLONE_VM | CLONE_VFORK | SIGCHLD, a);
#endif
	pid = fork();
	if (pid == 0)
		child_main(a);
	return pid;
}

int
wait_exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 125;
}

static int
reap(pid_t pid, int *st)
{
	pid_t r;

	/* Without WUNTRACED a stopped child is not reported: not an exit. */
	while ((r = waitpid(pid, st, 0)) < 0 && errno == EINTR)
		;
	return r == pid ? 0 : -1;
}

/*
 * Forwarding: every signal of the forward set, and CHLD, stay blocked and
 * are taken with sigtimedwait, so none is lost and no handler ever runs.
 */
static int
wait_forwarding(pid_t pid, uint64_t forward, int *st)
{
	uint64_t set = forward | SIG_BIT(SIGCHLD);
	siginfo_t info;
	pid_t r;
	int sig;

	for (;;) {
		r = waitpid(pid, st, WNOHANG);
		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		sig = sys_sigwait(&set, &info);
		if (sig < 0 || sig == SIGCHLD)
			continue;
		kill(pid, sig);
	}
}

int
wait_fork(const struct plan *p, int k, struct spawn_err *e, int *st)
{
	const struct step *s = &p->steps[k];
	struct child_arg a = { p, k + 1, s, 0 };
	uint64_t block = s->u.fork.block | s->u.fork.forward;
	struct spawn_err rec;
	ssize_t n;
	pid_t pid;
	int sig;

	if (s->u.fork.forward)
		block |= SIG_BIT(SIGCHLD);
	/*
	 * An ignored CHLD makes the kernel reap the child itself, and the
	 * wait would find nothing: the parent takes the default for itself
	 * (the child puts the caller's setting back).
	 */
	if (s->u.fork.chld_ignored)
		sys_sigdisp(SIGCHLD, SIG_DFL, NULL);
	if (sys_sigmask(SIG_BLOCK, &block, &a.orig_mask) < 0) {
		e->step = STEP_FORK, e->err = errno, e->detail = -1;
		return APPLY_ERROR;
	}
	pid = start_child(&a);
	if (pid < 0) {
		e->step = STEP_FORK, e->err = errno, e->detail = -1;
		return APPLY_ERROR;
	}
	close(s->u.fork.wfd);
	/*
	 * The pipes of later forks belong to the child's side: an end kept
	 * here would hold off the end of file their parent waits for.
	 */
	for (int j = k + 1; j < p->n_steps; j++)
		if (p->steps[j].id == STEP_FORK) {
			close(p->steps[j].u.fork.rfd);
			close(p->steps[j].u.fork.wfd);
		}

	/* A root parent that stays resident is no door into the target. */
	if (geteuid() == 0)
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* The ignore set applies around the wait only: the child is gone. */
	for (sig = 1; sig <= SPAWN_NSIG; sig++)
		if (s->u.fork.ignore & SIG_BIT(sig))
			sys_sigdisp(sig, SIG_IGN, NULL);

	while (
	    (n = read(s->u.fork.rfd, &rec, sizeof(rec))) < 0 && errno == EINTR)
		;
	close(s->u.fork.rfd);
	if (n == (ssize_t)sizeof(rec)) {
		/* The child failed before its exec: reap it, report its step.
		 */
		reap(pid, st);
		*e = rec;
		return APPLY_ERROR;
	}
	if (s->u.fork.forward ? wait_forwarding(pid, s->u.fork.forward, st)
	                      : reap(pid, st)) {
		e->step = STEP_FORK, e->err = errno, e->detail = -1;
		return APPLY_ERROR;
	}
	return APPLY_WAITED;
}
