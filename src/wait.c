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
#include <time.h>
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
	/* --forward-group: a group of its own to send to. */
	if (a->fork->u.fork.group && !a->p->o->new_session)
		setpgid(0, 0); /* after setsid it leads one already */
	r = plan_apply(a->p, a->from, &e, &st);
	if (r == APPLY_WAITED) {
		COVERAGE_DUMP();
		_exit(wait_exit_code(st)); /* a nested fork's parent */
	}
	if (r == APPLY_TIMEOUT)
		_exit(124);
	/* One record below PIPE_BUF: written whole or not at all. */
	while (write(a->fork->u.fork.wfd, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	COVERAGE_DUMP();
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

static void
ts_add_ms(struct timespec *t, uint64_t ms)
{
	t->tv_sec += (time_t)(ms / 1000);
	t->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

/*
 * The waiting loop when spawn has more to do than wait: forward signals,
 * reap orphans (PID 1, subreaper), enforce a timeout. Every signal it
 * handles, and CHLD, stays blocked and is taken with sigtimedwait, so none
 * is lost, no handler ever runs, and as PID 1 the kernel does not drop
 * them (it drops only unhandled, unblocked ones). When the main child is
 * reaped spawn is done at once; other descendants are left alone.
 */
static int
wait_loop(const struct step *s, pid_t pid, int *st, int *timed_out)
{
	uint64_t set = s->u.fork.forward | SIG_BIT(SIGCHLD);
	pid_t target = s->u.fork.group ? -pid : pid, r;
	struct timespec deadline, now, left;
	siginfo_t info;
	int phase = s->u.fork.have_timeout ? 0 : 2, sig, w;

	if (phase == 0) {
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		ts_add_ms(&deadline, s->u.fork.timeout_ms);
	}
	for (;;) {
		while (
		    (r = waitpid(s->u.fork.reap ? -1 : pid, &w, WNOHANG)) > 0)
			if (r == pid) {
				*st = w;
				return 0;
			}
		if (r < 0 && errno != EINTR)
			return -1;
		if (phase < 2) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			if (left.tv_sec < 0) {
				/* Time is up: TERM, then KILL if asked. */
				*timed_out = 1;
				kill(target, phase == 0 ? SIGTERM : SIGKILL);
				if (phase == 0 && s->u.fork.kill_after_ms) {
					deadline = now;
					ts_add_ms(
					    &deadline, s->u.fork.kill_after_ms);
					phase = 1;
				} else {
					phase = 2;
				}
				continue;
			}
			sig = sys_sigwait(&set, &info, &left);
		} else {
			sig = sys_sigwait(&set, &info, NULL);
		}
		if (sig < 0 || sig == SIGCHLD)
			continue;
		kill(target, sig);
	}
}

int
wait_fork(const struct plan *p, int k, struct spawn_err *e, int *st)
{
	const struct step *s = &p->steps[k];
	struct child_arg a = { p, k + 1, s, 0 };
	/*
	 * The ignore set is blocked too until it is ignored: a signal that
	 * came between the fork and the change would otherwise act.
	 */
	uint64_t block = s->u.fork.block | s->u.fork.forward | s->u.fork.ignore;
	struct spawn_err rec;
	ssize_t n;
	pid_t pid;
	int sig;

	int busy =
	    s->u.fork.forward || s->u.fork.reap || s->u.fork.have_timeout;
	int timed_out = 0;

	if (busy)
		block |= SIG_BIT(SIGCHLD);
	if (s->u.fork.subreaper &&
	    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		e->step = STEP_FORK, e->err = errno, e->detail = -1;
		return APPLY_ERROR;
	}
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
	if (s->u.fork.ignore) {
		uint64_t only =
		    s->u.fork.ignore & ~s->u.fork.block & ~s->u.fork.forward;

		/* Pending ones are dropped now that they are ignored. */
		sys_sigmask(SIG_UNBLOCK, &only, NULL);
	}

	while (
	    (n = read(s->u.fork.rfd, &rec, sizeof(rec))) < 0 && errno == EINTR)
		;
	close(s->u.fork.rfd);
	if (n == 0) {
		/*
		 * The child has exec'd. If this process is itself the child
		 * of an earlier fork (wait mode, then a pid namespace), its
		 * parent waits for the end of file on that fork's pipe: give
		 * it now, so it starts supervising (timeout, forwarding).
		 */
		for (int j = 0; j < k; j++)
			if (p->steps[j].id == STEP_FORK)
				close(p->steps[j].u.fork.wfd);
	}
	if (n == (ssize_t)sizeof(rec)) {
		/* The child failed before its exec: reap it, report its step.
		 */
		reap(pid, st);
		*e = rec;
		return APPLY_ERROR;
	}
	if (busy ? wait_loop(s, pid, st, &timed_out) : reap(pid, st)) {
		e->step = STEP_FORK, e->err = errno, e->detail = -1;
		return APPLY_ERROR;
	}
	return timed_out ? APPLY_TIMEOUT : APPLY_WAITED;
}
