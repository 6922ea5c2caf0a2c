/*
 * supervise.c: the fork step as planned. --wait puts it first, the plan
 * puts an implicit one where it cannot go on in place (a process group
 * leader's setsid, a pid namespace). Here the waiting sets, forwarding,
 * PID-1 duties, the timeout and the child's way of starting are decided,
 * and what the parent needs to watch the child is made before any step.
 */
#define _GNU_SOURCE 1
#include "supervise.h"
#include "build.h"
#include "fmt.h"
#include "options.h"
#include "signals.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define FORWARD_IMPLICIT                                                       \
	(SIG_BIT(SIGTERM) | SIG_BIT(SIGINT) | SIG_BIT(SIGHUP) |                \
	    SIG_BIT(SIGQUIT) | SIG_BIT(SIGUSR1) | SIG_BIT(SIGUSR2) |           \
	    SIG_BIT(SIGWINCH))
#define FORWARD_PID1 (FORWARD_IMPLICIT | SIG_BIT(SIGCONT))
#define BLOCK_WAITING_DEFAULT                                                  \
	(SIG_BIT(SIGINT) | SIG_BIT(SIGQUIT) | SIG_BIT(SIGCHLD))
#define FORK_STACK_SIZE (64 * 1024)

/*
 * The vfork-style child's stack: static, so that only the pages it touches
 * cost anything. A plan has one fork step.
 */
static _Alignas(16) char fork_stack[FORK_STACK_SIZE];

/*
 * Can a step the fork's child takes before its exec block for long: wait
 * for a lock, open a FIFO or a slow device, join a namespace? Then the
 * parent must watch the child from the fork on, and cannot sleep in a
 * vfork until the exec.
 */
static int
child_may_block(const struct plan *p)
{
	int joined = 0, t;
	size_t i;

	if (p->o->lock != NULL)
		return 1;
	for (i = 0; i < p->n_acts; i++)
		if (p->acts[i].kind == FD_OPEN)
			return 1;
	for (t = 0; t < p->n_steps; t++)
		joined |= p->steps[t].id == STEP_NSENTER;
	for (t = 0; t < NS_COUNT && !joined; t++)
		if (p->o->ns[t] != NULL && !p->ns[t].already)
			return 1;
	return 0;
}

/*
 * The fork step: --wait puts it first; the implicit fork goes where the
 * plan cannot go on in place. The report pipe, the child's stack, and
 * what the parent needs to watch the child (a signalfd, the terminal to
 * give back) are made here, before any step runs. last: no later fork
 * step follows, so the child is the one that execs.
 */
int
supervise_add_fork_step(struct plan *p, int implicit, int last, const char *why,
    char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct step *s;
	int fds[2], k, first = 1, setsid_done = 0;

	for (k = 0; k < p->n_steps; k++) {
		first &= p->steps[k].id != STEP_FORK;
		setsid_done |= p->steps[k].id == STEP_SESSION;
	}
	s = add_step(p, STEP_FORK);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.fork.implicit = implicit;
	s->u.fork.why = why;
	s->u.fork.rfd = s->u.fork.wfd = s->u.fork.sigfd = -1;
	s->u.fork.tty_fd = -1;
	s->u.fork.chld_ignored = (p->caller_ign & SIG_BIT(SIGCHLD)) != 0;
	s->u.fork.vfork = last && !child_may_block(p);
	s->u.fork.child_setsid = o->new_session && !setsid_done;
	s->u.fork.pdeath_keep = o->have_pdeathsig;
	s->u.fork.tty_pgid = o->pgroup;
	if (implicit) {
		/*
		 * As PID 1, the implicit fork's parent has PID 1's duties
		 * too: reap every orphan, forward what --wait forwards.
		 */
		s->u.fork.pid1 = first && getpid() == 1;
		s->u.fork.reap = s->u.fork.pid1;
		s->u.fork.forward =
		    s->u.fork.pid1 ? FORWARD_PID1 : FORWARD_IMPLICIT;
	} else {
		s->u.fork.block = o->have_block_waiting ? o->block_waiting
		                                        : BLOCK_WAITING_DEFAULT;
		s->u.fork.ignore = o->ignore_waiting;
		/*
		 * As PID 1 (a container's entry point) spawn reaps every
		 * orphan and forwards tini's set, unless --forward names one.
		 */
		s->u.fork.pid1 = getpid() == 1;
		s->u.fork.forward = o->have_forward  ? o->forward
		                    : s->u.fork.pid1 ? FORWARD_PID1
		                                     : 0;
		s->u.fork.group = o->forward_group;
		s->u.fork.subreaper = o->subreaper && !s->u.fork.pid1;
		s->u.fork.reap = s->u.fork.pid1 || o->subreaper;
		s->u.fork.have_timeout = o->have_timeout;
		s->u.fork.timeout_ms = o->timeout_ms;
		s->u.fork.kill_after_ms = o->kill_after_ms;
		/* A forwarded signal is taken, not blocked for nothing. */
		s->u.fork.block &= ~s->u.fork.forward;
	}
	if (!p->dry_run) {
		if (pipe2(fds, O_CLOEXEC) < 0)
			return errorf(msg, len, "fork: report pipe: %s",
			    errno_text(errno));
		s->u.fork.rfd = own_fd(p, fds[0]);
		s->u.fork.wfd = own_fd(p, fds[1]);
		if (s->u.fork.rfd < 0 || s->u.fork.wfd < 0)
			return errorf(msg, len, "fork: report pipe: %s",
			    errno_text(errno));
		s->u.fork.stack_size = FORK_STACK_SIZE;
		s->u.fork.stack = fork_stack;
		if (!s->u.fork.vfork && (s->u.fork.forward || s->u.fork.reap ||
		                            s->u.fork.have_timeout)) {
			uint64_t set = s->u.fork.forward | SIG_BIT(SIGCHLD);
			int fd = sys_signalfd(&set);

			if (fd < 0 || (s->u.fork.sigfd = own_fd(p, fd)) < 0)
				return errorf(msg, len, "fork: signalfd: %s",
				    errno_text(errno));
		}
		/* --foreground-tty: the terminal to give back afterwards
		 * (none when spawn has no controlling terminal). */
		if (o->have_fg_tty) {
			int fd = open("/dev/tty",
			    O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

			if (fd >= 0 && (s->u.fork.tty_fd = own_fd(p, fd)) < 0)
				return errorf(msg, len, "fork: /dev/tty: %s",
				    errno_text(errno));
		}
	}
	return 0;
}
