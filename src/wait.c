/*
 * wait.c: the parent's side of a fork step.
 *
 * Every fork, whether --wait put it first or the plan needs one (the
 * implicit fork), goes the same way: wait_prepare blocks the waiting set
 * before the child starts (exec.c starts it; the child restores the
 * caller's mask and applies the rest of the plan), then wait_child waits
 * for it. The child reports a failed step as one fixed-size record on a
 * close-on-exec pipe; end of file means its exec succeeded.
 *
 * Where no step left to the child can block (no lock, no open, no setns),
 * the child shares the parent's memory (CLONE_VM | CLONE_VFORK, as musl's
 * posix_spawn) and the parent sleeps until the child has exec'd or
 * exited, so starting a child costs no page-table copy; it runs on a
 * stack the plan allocated and makes system calls only. Otherwise the
 * child is a plain fork, and the parent supervises it from the fork on:
 * it forwards signals and counts the timeout while the child waits for a
 * lock or a FIFO, watching the report pipe and a signalfd together.
 *
 * Either way the child dies with the parent until it execs (see
 * exec_guard in exec.c): a spawn killed, or timed out, before the exec
 * never lets the program run.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "wait.h"
#include "signals.h"
#include "sys.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

int
wait_exit_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return EXIT_SETUP;
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

/* What the parent knows of its child while it waits. */
struct waiter {
	const struct plan *p;
	const struct step *s;
	int k;        /* the fork step's index */
	pid_t pid;    /* the child */
	int rfd;      /* the report pipe, until it is done */
	int execd;    /* end of file on the pipe: the child has exec'd */
	int reported; /* a failure record came */
	struct spawn_err rec;
	int reaped;
	int status;
	int phase; /* timeout: 0 TERM next, 1 KILL next, 2 nothing more */
	struct timespec deadline;
	int timed_out;
	int early; /* the time ran out before the exec */
};

/*
 * The child has exec'd: if this process is itself the child of an
 * earlier fork (wait mode, then a pid namespace), its parent waits for
 * the end of file on that fork's pipe. Give it now.
 */
static void
pass_exec_on(struct waiter *w)
{
	for (int j = 0; j < w->k; j++)
		if (w->p->steps[j].id == STEP_FORK)
			close(w->p->steps[j].u.fork.wfd);
}

/*
 * Read the report pipe once: a failure record, or the end of file that
 * means the exec worked. Returns 1 when the pipe is done.
 */
static int
read_report(struct waiter *w)
{
	ssize_t n;

	while (
	    (n = read(w->rfd, &w->rec, sizeof(w->rec))) < 0 && errno == EINTR)
		;
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n == (ssize_t)sizeof(w->rec))
		w->reported = 1;
	else if (n == 0) {
		w->execd = 1;
		pass_exec_on(w);
	}
	close(w->rfd);
	w->rfd = -1;
	return 1;
}

/* Send a signal to the child, or to its group with --forward-group. */
static void
send(const struct waiter *w, int sig)
{
	/* Before its setpgid the child has no group of its own yet. */
	if (w->s->u.fork.group && kill(-w->pid, sig) == 0)
		return;
	kill(w->pid, sig);
}

/*
 * The timeout. Before the exec the child is still spawn's: KILL ends it
 * at once, and the program never runs. After it, TERM (then KILL, with
 * KILL_AFTER) as timeout(1) does.
 */
static void
time_up(struct waiter *w, const struct timespec *now)
{
	w->timed_out = 1;
	/* An end of file not yet read: the child has exec'd after all. */
	if (!w->execd && w->rfd >= 0) {
		struct pollfd pf = { w->rfd, POLLIN, 0 };

		if (poll(&pf, 1, 0) == 1)
			read_report(w);
	}
	if (!w->execd) {
		w->early = 1;
		kill(w->pid, SIGKILL);
		w->phase = 2;
		return;
	}
	send(w, w->phase == 0 ? SIGTERM : SIGKILL);
	if (w->phase == 0 && w->s->u.fork.kill_after_ms) {
		w->deadline = *now;
		ts_add_ms(&w->deadline, w->s->u.fork.kill_after_ms);
		w->phase = 1;
	} else {
		w->phase = 2;
	}
}

/* Reap what has ended; notes the main child's status. */
static int
reap_some(struct waiter *w)
{
	pid_t r;
	int st;

	while ((r = waitpid(w->s->u.fork.reap ? -1 : w->pid, &st, WNOHANG)) > 0)
		if (r == w->pid) {
			w->status = st;
			w->reaped = 1;
			return 0;
		}
	if (r < 0 && errno != EINTR)
		return -1;
	return 0;
}

/*
 * The waiting loop when spawn has more to do than wait: forward signals,
 * reap orphans (PID 1, subreaper), enforce a timeout, and, until the
 * child execs, watch the report pipe. Every signal it handles, and CHLD,
 * stays blocked and is taken with sigtimedwait (or read from the
 * signalfd while the pipe is watched), so none is lost, no handler ever
 * runs, and as PID 1 the kernel does not drop them (it drops only
 * unhandled, unblocked ones). When the main child is reaped spawn is done
 * at once; other descendants are left alone.
 */
static int
wait_loop(struct waiter *w)
{
	const struct step *s = w->s;
	uint64_t set = s->u.fork.forward | SIG_BIT(SIGCHLD);
	struct timespec now, left, *tp;
	siginfo_t info;
	int sig;

	for (;;) {
		if (reap_some(w) < 0)
			return -1;
		if (w->reaped)
			return 0;
		tp = NULL;
		if (w->phase < 2) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = w->deadline.tv_sec - now.tv_sec;
			left.tv_nsec = w->deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			if (left.tv_sec < 0) {
				time_up(w, &now);
				continue;
			}
			tp = &left;
		}
		if (w->rfd >= 0 && s->u.fork.sigfd >= 0) {
			struct pollfd pf[2] = { { w->rfd, POLLIN, 0 },
				{ s->u.fork.sigfd, POLLIN, 0 } };
			struct signalfd_siginfo si;

			if (ppoll(pf, 2, tp, NULL) <= 0)
				continue;
			if (pf[0].revents != 0)
				read_report(w);
			if (!(pf[1].revents & POLLIN) ||
			    read(s->u.fork.sigfd, &si, sizeof(si)) !=
			        (ssize_t)sizeof(si))
				continue;
			sig = (int)si.ssi_signo;
		} else {
			sig = sys_sigwait(&set, &info, tp);
		}
		if (sig < 0 || sig == SIGCHLD)
			continue;
		send(w, sig);
	}
}

/*
 * --foreground-tty in the child made its group the terminal's
 * foreground: once the child is gone, the foreground goes back to
 * spawn's group (TTOU blocked around it, as a background group would
 * be stopped), so the caller's next read does not fail.
 */
static void
give_back_tty(const struct waiter *w)
{
	const struct step *s = w->s;
	uint64_t ttou = SIG_BIT(SIGTTOU), old;
	pid_t fg, mine = getpgrp(),
	          child = s->u.fork.tty_pgid ? s->u.fork.tty_pgid : w->pid;

	if (s->u.fork.tty_fd < 0 ||
	    ioctl(s->u.fork.tty_fd, TIOCGPGRP, &fg) < 0 || fg != child ||
	    fg == mine)
		return;
	if (sys_sigmask(SIG_BLOCK, &ttou, &old) < 0)
		return;
	ioctl(s->u.fork.tty_fd, TIOCSPGRP, &mine);
	sys_sigmask(SIG_SETMASK, &old, NULL);
}

static int
fork_error(struct spawn_err *e)
{
	e->step = STEP_FORK;
	e->err = errno;
	e->detail = -1;
	return -1;
}

int
wait_prepare(const struct step *s, struct wait_setup *ws, struct spawn_err *e)
{
	/*
	 * The ignore set is blocked too until it is ignored: a signal that
	 * came between the fork and the change would otherwise act.
	 */
	uint64_t block = s->u.fork.block | s->u.fork.forward | s->u.fork.ignore;

	if (s->u.fork.forward || s->u.fork.reap || s->u.fork.have_timeout)
		block |= SIG_BIT(SIGCHLD);
	if (s->u.fork.subreaper &&
	    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return fork_error(e);
	/*
	 * An ignored CHLD makes the kernel reap the child itself, and the
	 * wait would find nothing: the parent takes the default for itself
	 * (the child puts the caller's setting back).
	 */
	if (s->u.fork.chld_ignored)
		sys_sigdisp(SIGCHLD, SIG_DFL, NULL);
	if (sys_sigmask(SIG_BLOCK, &block, &ws->orig_mask) < 0)
		return fork_error(e);
	/* The timeout counts from the fork, the child's steps included. */
	if (s->u.fork.have_timeout) {
		clock_gettime(CLOCK_MONOTONIC, &ws->deadline);
		ts_add_ms(&ws->deadline, s->u.fork.timeout_ms);
	}
	return 0;
}

int
wait_child(const struct plan *p, int k, const struct wait_setup *ws, pid_t pid,
    struct spawn_err *e, int *st)
{
	const struct step *s = &p->steps[k];
	struct waiter w = {
		.p = p,
		.s = s,
		.k = k,
		.pid = pid,
		.rfd = s->u.fork.rfd,
		.phase = s->u.fork.have_timeout ? 0 : 2,
		.deadline = ws->deadline,
	};
	int sig, busy = s->u.fork.forward || s->u.fork.reap ||
	                s->u.fork.have_timeout;

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
	/* The shell's way: both sides make the group, whichever is first. */
	if (s->u.fork.group && !s->u.fork.child_setsid && !s->u.fork.vfork)
		setpgid(w.pid, w.pid);

	/*
	 * A vfork-style child has exec'd or exited by now, as has one whose
	 * parent has nothing else to do than wait: the pipe answers at once
	 * in the first case, and the wait for it is all there is to do in
	 * the second. Otherwise the loop watches it.
	 */
	if (s->u.fork.vfork || !busy)
		read_report(&w);
	if (w.reported) {
		/* The child failed before its exec: reap it, report its step.
		 */
		reap(w.pid, st);
		*e = w.rec;
		return APPLY_ERROR;
	}
	if (busy ? wait_loop(&w) : reap(w.pid, &w.status)) {
		fork_error(e);
		return APPLY_ERROR;
	}
	*st = w.status;
	/* A report the loop had not read yet: the child wrote it and left.
	 */
	if (w.rfd >= 0) {
		struct pollfd pf = { w.rfd, POLLIN, 0 };

		if (poll(&pf, 1, 0) == 1)
			read_report(&w);
	}
	if (w.reported) {
		*e = w.rec;
		return APPLY_ERROR;
	}
	give_back_tty(&w);
	if (w.early)
		return APPLY_TIMEOUT_EARLY;
	return w.timed_out ? APPLY_TIMEOUT : APPLY_WAITED;
}
