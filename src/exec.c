/*
 * exec.c: apply a resolved plan to this process.
 *
 * Runs after plan_resolve, in exec mode in place, and in the child of a
 * fork step (whose start, child_main, lives here; the parent's side is
 * wait.c's). It makes system calls only, on data the steps hold: no
 * malloc, no stdio, no locale, no user database. It returns on failure,
 * with the failing step in *e, or in the parent of a fork step once the
 * child has been reaped; on success execve does not return.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "exec.h"
#include "coverage.h"
#include "num.h"
#include "procstat.h"
#include "signals.h"
#include "sys.h"
#include "wait.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdint.h>
#include <grp.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void
set_err(struct spawn_err *e, enum step_id step, int err, int detail)
{
	e->step = step;
	e->err = err;
	e->detail = detail;
}

/*
 * The child of a fork step: until its exec it dies with the process that
 * waits for it, so that a spawn killed (or timed out) while the child
 * still waits for a lock or a FIFO never lets the program run later.
 * A vfork-style child sets these in memory it shares with its parent;
 * that is harmless, since a parent applies no step after its fork step.
 */
static int guard_on;     /* this is the child of a fork step */
static pid_t guard_ppid; /* its parent as getppid shows it */
static int guard_keep;   /* the plan's own pdeathsig stays at the exec */

static void
guard_arm(void)
{
	if (!guard_on)
		return;
	prctl(PR_SET_PDEATHSIG, (unsigned long)SIGKILL);
	/* The parent may have gone before the signal was set. */
	if (getppid() != guard_ppid)
		_exit(EXIT_SETUP);
}

static void
exec_guard(pid_t parent, int keep)
{
	pid_t now = getppid();

	/*
	 * In a pid namespace the parent, outside it, shows as 0; had it
	 * gone, the child would belong to the namespace's init, inside.
	 */
	if (now != parent && now != 0)
		_exit(EXIT_SETUP);
	guard_on = 1;
	guard_ppid = now;
	guard_keep = keep;
	guard_arm();
}

/* Right before the exec: the program is not spawn's to kill. */
static void
guard_drop(void)
{
	if (!guard_on)
		return;
	if (!guard_keep)
		prctl(PR_SET_PDEATHSIG, 0UL);
	if (getppid() != guard_ppid)
		_exit(EXIT_SETUP);
}

static void
trace(const struct plan *p, const struct step *s)
{
	struct iovec iov[3];

	iov[0].iov_base = p->prefix;
	iov[0].iov_len = strlen(p->prefix);
	iov[1].iov_base = s->line;
	iov[1].iov_len = strlen(s->line);
	iov[2].iov_base = "\n";
	iov[2].iov_len = 1;
	sys_write_err(iov, 3);
}

/*
 * The terminal: TIOCSCTTY, or tcsetpgrp with TTOU blocked around it (a
 * background group changing the foreground would otherwise be stopped).
 */
static int
apply_tty(const struct step *s, struct spawn_err *e)
{
	uint64_t ttou = SIG_BIT(SIGTTOU), old;
	pid_t pgrp;
	int r, err;

	if (s->u.tty.set_ctty) {
		if (ioctl(s->u.tty.fd, TIOCSCTTY, 0) < 0) {
			set_err(e, STEP_TTY, errno, s->u.tty.detail);
			return -1;
		}
		return 0;
	}
	pgrp = getpgrp();
	if (sys_sigmask(SIG_BLOCK, &ttou, &old) < 0) {
		set_err(e, STEP_TTY, errno, s->u.tty.detail);
		return -1;
	}
	r = ioctl(s->u.tty.fd, TIOCSPGRP, &pgrp);
	err = errno;
	sys_sigmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		set_err(e, STEP_TTY, err, s->u.tty.detail);
		return -1;
	}
	return 0;
}

/*
 * pdeathsig, then the check that the parent did not die before it was
 * set: the kernel would never send the signal then.
 */
static int
apply_pdeathsig(const struct step *s, struct spawn_err *e)
{
	/* In a fork's child the parent is the one the guard saw. */
	pid_t ppid = guard_on           ? guard_ppid
	             : s->u.pdeath.ppid ? s->u.pdeath.ppid
	                                : getppid();

	if (prctl(PR_SET_PDEATHSIG, (unsigned long)s->u.pdeath.sig) < 0) {
		set_err(e, STEP_PDEATHSIG, errno, -1);
		return -1;
	}
	if (getppid() != ppid) {
		set_err(e, STEP_PDEATHSIG, 0, s->u.pdeath.detail);
		return -1;
	}
	return 0;
}

/*
 * Whether the groups were cleared right before joining a user namespace
 * (step 8). A fork between there and step 15 copies it, or shares it.
 */
static int groups_cleared;

/*
 * Step 15's first call. After joining another user namespace the call
 * may be refused there (EPERM where the namespace denies setgroups):
 * then an empty list is met if the groups were cleared before the join,
 * and any other list cannot be. Every other failure is fatal, and so is
 * EPERM in a namespace that allows setgroups.
 */
static int
apply_groups(const struct creds *c, struct spawn_err *e)
{
	int err, allowed;

	if (c->groups_denied)
		return 0;
	if (setgroups(c->n_groups, c->groups) == 0)
		return 0;
	err = errno;
	if (c->join_userns && err == EPERM &&
	    (allowed = proc_setgroups_allowed()) != 1) {
		if (c->n_groups == 0 && groups_cleared)
			return 0;
		if (c->n_groups == 0)
			set_err(e, STEP_GROUPS, err, c->detail_groups_cleared);
		else if (allowed == 0)
			set_err(e, STEP_GROUPS, 0, c->detail_groups_denied);
		else
			set_err(e, STEP_GROUPS, err, c->detail_groups);
		return -1;
	}
	set_err(e, STEP_GROUPS, err, c->detail_groups);
	return -1;
}

/* Capabilities through the raw calls: version 3, two 32-bit words. */
struct capdata {
	uint32_t effective, permitted, inheritable;
};

/*
 * The capability sets, read back. The buffer starts with every bit set,
 * bits no kernel has among them, and must come back with the version
 * asked for and an effective set inside the permitted one: a capget that
 * fails, or claims success without filling the buffer, or answers what
 * cannot be, is a failed check, never a pass on stale memory.
 */
static int
cap_get(struct capdata d[2])
{
	struct {
		uint32_t version;
		int pid;
	} h = { 0x20080522, 0 };
	int i;

	memset(d, 0xff, 2 * sizeof(*d));
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	for (i = 0; i < 2; i++)
		if ((d[i].effective & ~d[i].permitted) != 0)
			h.version = 0;
	if (h.version != 0x20080522) {
		errno = 0;
		return -1;
	}
	return 0;
}

static int
cap_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct {
		uint32_t version;
		int pid;
	} h = { 0x20080522, 0 };
	struct capdata d[2] = {
		{ (uint32_t)eff, (uint32_t)prm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(prm >> 32),
		    (uint32_t)(inh >> 32) },
	};

	return (int)syscall(SYS_capset, &h, d);
}

/*
 * Step 15's last part: the kept capabilities (or none), then the whole
 * result compared with the plan. The kernel clears the permitted and
 * effective sets on a drop from uid 0, but not the inheritable one, and
 * a target holding inheritable or ambient capabilities could regain them
 * at exec: both are cleared unless --keep-caps asked for some.
 */
static int
apply_caps(const struct creds *c, struct spawn_err *e)
{
	struct capdata d[2];
	uid_t r, ef, s;
	gid_t rg, eg, sg;
	uint64_t got;
	int cap, n;
	size_t i;

	if (c->drop_caps) {
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) <
		        0 &&
		    errno != EINVAL)
			goto fail_errno;
		if (cap_set(c->keep_caps, c->keep_caps, c->keep_caps) < 0)
			goto fail_errno;
		for (cap = 0; c->keep && cap < 64; cap++)
			if ((c->keep_caps & ((uint64_t)1 << cap)) &&
			    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
			        (unsigned long)cap, 0, 0) < 0)
				goto fail_errno;
		if (c->keep && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
			goto fail_errno;
	}
	/* The check: ids, groups, and the capabilities left. */
	if (getresuid(&r, &ef, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		goto fail_errno;
	if (r != c->ruid || ef != c->euid || s != c->suid || rg != c->rgid ||
	    eg != c->egid || sg != c->sgid)
		goto fail_check;
	if (c->set_groups) {
		n = getgroups((int)c->n_groups + 1, c->check_buf);
		if (n < 0 || (size_t)n != c->n_groups)
			goto fail_check;
		/* In kernel order, which a user namespace's map may make
		 * differ from the numeric one. */
		id_sort(c->check_buf, c->n_groups);
		for (i = 0; i < c->n_groups; i++)
			if (c->check_buf[i] != c->groups[i])
				goto fail_check;
	}
	if (c->drop_caps) {
		if (cap_get(d) < 0) {
			if (errno == 0)
				goto fail_check;
			goto fail_errno;
		}
		got = d[0].effective | (uint64_t)d[1].effective << 32;
		if (got != c->keep_caps)
			goto fail_check;
		got = d[0].permitted | (uint64_t)d[1].permitted << 32;
		if (got != c->keep_caps)
			goto fail_check;
		got = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
		if (got != c->keep_caps)
			goto fail_check;
	}
	return 0;
fail_errno:
	set_err(e, STEP_CAPS, errno, -1);
	return -1;
fail_check:
	set_err(e, STEP_CAPS, 0, c->detail_caps);
	return -1;
}

/* Step 1: dispositions first, then the mask (a signal unblocked before
 * its disposition is reset could still be taken as ignored). */
static int
apply_signals(const struct step *s, struct spawn_err *e)
{
	int sig;

	for (sig = 1; sig <= SPAWN_NSIG; sig++) {
		void *h;

		if (s->u.sig.to_default & SIG_BIT(sig))
			h = SIG_DFL;
		else if (s->u.sig.to_ignore & SIG_BIT(sig))
			h = SIG_IGN;
		else
			continue;
		if (sys_sigdisp(sig, h, NULL) < 0) {
			set_err(e, STEP_SIGNALS, errno, -1);
			return -1;
		}
	}
	if (s->u.sig.set_mask &&
	    sys_sigmask(SIG_SETMASK, &s->u.sig.mask, NULL) < 0) {
		set_err(e, STEP_SIGNALS, errno, -1);
		return -1;
	}
	return 0;
}

/* Linux's struct linux_dirent64, read with getdents64. */
struct dirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/*
 * close_range's fallback: the fds listed in /proc/self/fd, read again until
 * a pass closes nothing. "self" is looked up now, from a /proc directory fd
 * opened at plan time: a directory opened then would list the fds of the
 * process that opened it, which is not this child.
 */
static int
close_from_dir(int procfd, int lo, int hi)
{
	char buf[4096] __attribute__((aligned(8)));
	long n, off;
	int closed, dirfd;

	dirfd = openat(procfd, "self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -1;
	do {
		closed = 0;
		if (lseek(dirfd, 0, SEEK_SET) < 0)
			break;
		while ((n = syscall(SYS_getdents64, dirfd, buf, sizeof(buf))) >
		       0) {
			for (off = 0; off < n;) {
				struct dirent64 *d = (void *)(buf + off);
				const char *c = d->name;
				long fd = 0;

				off += d->reclen;
				if (*c < '0' || *c > '9')
					continue;
				for (; *c >= '0' && *c <= '9'; c++)
					fd = fd * 10 + (*c - '0');
				if (fd == dirfd || fd == procfd || fd < lo ||
				    (hi >= 0 && fd > hi))
					continue;
				if (close((int)fd) == 0)
					closed = 1;
			}
		}
	} while (closed && n == 0);
	close(dirfd);
	return n < 0 ? -1 : 0;
}

/*
 * Without close_range: /proc opened at plan time, or now when no step
 * before this one could have hidden it. Failing both, the step fails.
 */
static int
close_fallback(const struct step *s, int lo, int hi)
{
	int procfd = s->u.fd.close_dirfd, r;

	if (procfd >= 0)
		return close_from_dir(procfd, lo, hi);
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -1;
	r = close_from_dir(procfd, lo, hi);
	close(procfd);
	return r;
}

/* Step 11: the precomputed moves, one system call each. */
static int
apply_fd(const struct step *s, struct spawn_err *e)
{
	size_t i;
	int r = 0, fd;

	for (i = 0; i < s->u.fd.n_moves; i++) {
		const struct fd_move *m = &s->u.fd.moves[i];
		const struct fd_action *a;

		switch (m->op) {
		case OP_SCRATCH:
			r = dup3(m->a, m->b, O_CLOEXEC);
			break;
		case OP_DUP2:
			r = dup2(m->a, m->b);
			break;
		case OP_CLOEXEC_CLEAR:
			r = fcntl(m->a, F_SETFD, 0);
			break;
		case OP_CLOSE_RANGE:
			r = sys_close_range(
			    (unsigned)m->a, m->b < 0 ? ~0U : (unsigned)m->b);
			/* Missing, or refused by a seccomp filter: the
			 * /proc walk, failing closed without /proc. */
			if (r < 0 && (errno == ENOSYS || errno == EPERM))
				r = close_fallback(s, m->a, m->b);
			break;
		case OP_NULL:
			r = dup2(s->u.fd.null_fd[m->b], m->a);
			break;
		case OP_OPEN:
			a = &s->u.fd.acts[m->b];
			fd = open(a->path, a->flags, a->perms);
			if (fd < 0) {
				r = -1;
				break;
			}
			if (fd != m->a) {
				r = dup2(fd, m->a);
				close(fd);
			}
			break;
		}
		if (r < 0) {
			set_err(e, STEP_FD, errno,
			    m->action >= 0 ? s->u.fd.act_detail[m->action]
			                   : s->u.fd.close_detail);
			return -1;
		}
	}
	return 0;
}

/*
 * The lock: the file opened onto its planned fd, then flock. The program
 * keeps the fd, so it is opened read-only (flock needs no more), never
 * through a final symbolic link, and only a regular file will do: a
 * link planted by whoever can write to the directory cannot hand the
 * program another file, nor can a FIFO or a device hang or act on open.
 */
static int
apply_lock(const struct step *s, struct spawn_err *e)
{
	struct stat st;
	int fd = open(s->u.lock.path,
	    O_RDONLY | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK, 0644);

	if (fd < 0) {
		set_err(e, STEP_LOCK, errno == ELOOP ? 0 : errno,
		    errno == ELOOP ? s->u.lock.link_detail : s->u.lock.detail);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		int err = errno;

		close(fd);
		set_err(e, STEP_LOCK, err, s->u.lock.detail);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		set_err(e, STEP_LOCK, 0, s->u.lock.notreg_detail);
		return -1;
	}
	if (fd != s->u.lock.fd) {
		if (dup2(fd, s->u.lock.fd) < 0) {
			close(fd);
			goto fail;
		}
		close(fd);
	}
	while (flock(s->u.lock.fd, LOCK_EX | (s->u.lock.nowait ? LOCK_NB : 0)) <
	       0) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK) {
			set_err(e, STEP_LOCK, 0, s->u.lock.held_detail);
			return -1;
		}
		goto fail;
	}
	return 0;
fail:
	set_err(e, STEP_LOCK, errno, s->u.lock.detail);
	return -1;
}

static int
apply_dir(const struct step *s, struct spawn_err *e)
{
	long n;

	switch (s->u.dir.kind) {
	case DIR_CHROOT:
		if (chroot(s->u.dir.path) < 0) {
			set_err(e, STEP_CHROOT, errno, s->u.dir.detail);
			return -1;
		}
		/* A chroot without a chdir leaves the cwd outside it. */
		if (chdir("/") < 0) {
			set_err(e, STEP_CHROOT, errno, s->u.dir.detail);
			return -1;
		}
		return 0;
	case DIR_CHDIR:
		if (chdir(s->u.dir.path) < 0) {
			set_err(e, STEP_CHDIR, errno, s->u.dir.detail);
			return -1;
		}
		return 0;
	case DIR_FCHDIR:
		if (fchdir(s->u.dir.fd) < 0) {
			set_err(e, STEP_CHDIR, errno, s->u.dir.detail);
			return -1;
		}
		return 0;
	case DIR_CHECK:
		/*
		 * The raw system call: the kernel answers "(unreachable)..."
		 * for a cwd outside the current root (an inherited fd or a
		 * /proc/self/fd path can lead there), and glibc would
		 * otherwise try to rebuild a path itself.
		 */
		n = syscall(SYS_getcwd, s->u.dir.cwd_buf, s->u.dir.cwd_len);
		if (n < 0) {
			set_err(e, STEP_CHDIR, errno, s->u.dir.detail_sys);
			return -1;
		}
		if (s->u.dir.cwd_buf[0] != '/') {
			set_err(e, STEP_CHDIR, 0, s->u.dir.detail);
			return -1;
		}
		return 0;
	}
	return 0;
}

static void
apply_exec(const struct plan *p, const struct step *s, struct spawn_err *e)
{
	char **argv = p->argv, **envp = p->envp;
	int eacces = -1;
	size_t i;

	guard_drop();
	COVERAGE_DUMP();
	switch (s->u.exec.kind) {
	case PROG_FD:
		sys_execveat(s->u.exec.fd, "", argv, envp, AT_EMPTY_PATH);
		if (errno == ENOENT && s->u.exec.script)
			set_err(e, STEP_EXEC, 0, s->u.exec.script_detail);
		else
			set_err(e, STEP_EXEC, errno, s->u.exec.detail);
		return;
	case PROG_PATH:
		execve(s->u.exec.prog, argv, envp);
		set_err(e, STEP_EXEC, errno, s->u.exec.detail);
		return;
	case PROG_SEARCH:
		for (i = 0; i < s->u.exec.n_cand; i++) {
			execve(s->u.exec.cand[i], argv, envp);
			switch (errno) {
			case EACCES:
				/* As execvp: remember it, try the rest. */
				if (eacces < 0)
					eacces = s->u.exec.cand_detail[i];
				continue;
			case ENOENT:
			case ENOTDIR:
			case ESTALE:
			case ENODEV:
			case ETIMEDOUT:
				continue;
			default:
				set_err(e, STEP_EXEC, errno,
				    s->u.exec.cand_detail[i]);
				return;
			}
		}
		if (eacces >= 0)
			set_err(e, STEP_EXEC, EACCES, eacces);
		else
			set_err(e, STEP_EXEC, ENOENT, s->u.exec.detail);
		return;
	}
}

/* The child of a fork step, and how it starts. */
struct child_arg {
	const struct plan *p;
	int from; /* first step the child applies */
	const struct step *fork;
	uint64_t orig_mask; /* the caller's mask, restored in the child */
	pid_t parent;       /* the waiting process */
};

/* The child: never returns; leaves through exec or _exit. */
static int
child_main(void *v)
{
	const struct child_arg *a = v;
	const struct step *f = a->fork;
	struct spawn_err e;
	int st, r;

	/* Until its exec, the child dies with the parent. */
	exec_guard(a->parent, f->u.fork.pdeath_keep);
	/* Start from the caller's signal state, not the waiting one. */
	if (f->u.fork.chld_ignored)
		sys_sigdisp(SIGCHLD, SIG_IGN, NULL);
	sys_sigmask(SIG_SETMASK, &a->orig_mask, NULL);
	close(f->u.fork.rfd);
	/* --forward-group: a group of its own to send to. */
	if (f->u.fork.group && !f->u.fork.child_setsid)
		setpgid(0, 0); /* after setsid it leads one already */
	r = plan_apply(a->p, a->from, &e, &st);
	if (r == APPLY_WAITED) {
		COVERAGE_DUMP();
		_exit(wait_exit_code(st)); /* a nested fork's parent */
	}
	if (r == APPLY_TIMEOUT || r == APPLY_TIMEOUT_EARLY)
		_exit(EXIT_TIMEOUT);
	/* One record below PIPE_BUF: written whole or not at all. */
	while (write(f->u.fork.wfd, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	COVERAGE_DUMP();
	_exit(EXIT_SETUP);
}

/*
 * A child that will itself fork and wait (a later fork step) never execs,
 * so a vfork-style parent would sleep all along: that child gets a plain
 * fork, as does one whose steps may block. ASan cannot follow a child
 * that shares its memory: plain fork too.
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

/* A fork step: the child goes on with the plan, the parent waits. */
static int
apply_fork(const struct plan *p, int k, struct spawn_err *e, int *st)
{
	const struct step *s = &p->steps[k];
	struct child_arg a = { p, k + 1, s, 0, getpid() };
	struct wait_setup ws;
	pid_t pid;

	if (wait_prepare(s, &ws, e) < 0)
		return APPLY_ERROR;
	a.orig_mask = ws.orig_mask;
	pid = start_child(&a);
	if (pid < 0) {
		set_err(e, STEP_FORK, errno, -1);
		return APPLY_ERROR;
	}
	return wait_child(p, k, &ws, pid, e, st);
}

/* Step 15's id calls. */
static int
apply_ids(const struct step *s, struct spawn_err *e)
{
	const struct creds *c = s->u.cred;

	if (s->id == STEP_GID) {
		if (setresgid(c->rgid, c->egid, c->sgid) < 0) {
			set_err(e, STEP_GID, errno, c->detail_gid);
			return -1;
		}
		return 0;
	}
	/* Keep the permitted set across the drop only when some
	 * capabilities are to be kept. */
	if ((c->keep && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) ||
	    setresuid(c->ruid, c->euid, c->suid) < 0) {
		set_err(e, STEP_UID, errno, c->detail_uid);
		return -1;
	}
	return 0;
}

/* Steps 1 to 7, one call or a few each. */
static int
apply_process(const struct step *s, struct spawn_err *e)
{
	struct sched_param sp;
	struct rlimit rl;
	int r = 0;

	switch (s->id) {
	case STEP_SIGNALS:
		return apply_signals(s, e);
	case STEP_SESSION:
		r = setsid();
		break;
	case STEP_PROCESS_GROUP:
		/* A session leader cannot setpgid, but it leads its group
		 * already: "a group of its own" holds. */
		if (s->u.pgrp.pgid == 0 && getpgrp() == getpid())
			break;
		r = setpgid(0, s->u.pgrp.pgid);
		break;
	case STEP_RLIMIT:
		rl.rlim_cur = s->u.rlim.soft;
		rl.rlim_max = s->u.rlim.hard;
		if (setrlimit(s->u.rlim.resource, &rl) < 0) {
			set_err(e, STEP_RLIMIT, errno, s->u.rlim.detail);
			return -1;
		}
		break;
	case STEP_SCHEDULER:
		memset(&sp, 0, sizeof(sp));
		sp.sched_priority = s->u.sched.priority;
		/* The raw call: musl's wrapper refuses (ENOSYS). */
		r = (int)syscall(
		    SYS_sched_setscheduler, 0, s->u.sched.policy, &sp);
		break;
	case STEP_NICE:
		r = setpriority(PRIO_PROCESS, 0, s->u.nice.value);
		break;
	case STEP_CPUS:
		r = sched_setaffinity(
		    0, s->u.cpus.size, (cpu_set_t *)s->u.cpus.set);
		break;
	case STEP_RESET_IDS:
		r = setresgid(-1, s->u.reset.egid, -1) < 0 ||
		            setresuid(-1, s->u.reset.euid, -1) < 0
		        ? -1
		        : 0;
		if (r == 0)
			guard_arm();
		break;
	case STEP_UMASK:
		umask(s->u.umask);
		break;
	default:
		break;
	}
	if (r < 0) {
		set_err(e, s->id, errno, -1);
		return -1;
	}
	return 0;
}

/* Step 8: one namespace. */
static int
apply_nsenter(const struct step *s, struct spawn_err *e)
{
	if (s->u.ns.already)
		return 0;
	if (s->u.ns.clear_groups)
		groups_cleared = setgroups(0, NULL) == 0;
	/* Holding the caller's namespace fds, spawn must not be ptraced
	 * from inside (execve resets this). */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ||
	    setns(s->u.ns.fd, s->u.ns.nstype) < 0) {
		set_err(e, STEP_NSENTER, errno, s->u.ns.detail);
		return -1;
	}
	/* A new user namespace changes the credentials. */
	if (s->u.ns.type == NS_USER)
		guard_arm();
	return 0;
}

int
plan_apply(const struct plan *p, int from, struct spawn_err *e, int *st)
{
	int k, r;

	for (k = from; k < p->n_steps; k++) {
		const struct step *s = &p->steps[k];

		if (p->verbose)
			trace(p, s);
		switch (s->id) {
		case STEP_FORK:
			/* The child goes on from k + 1 inside apply_fork. */
			return apply_fork(p, k, e, st);
		case STEP_NSENTER:
			r = apply_nsenter(s, e);
			break;
		case STEP_CHROOT:
		case STEP_CHDIR:
			r = apply_dir(s, e);
			break;
		case STEP_FD:
			r = apply_fd(s, e);
			break;
		case STEP_LOCK:
			r = apply_lock(s, e);
			break;
		case STEP_TTY:
			r = apply_tty(s, e);
			break;
		case STEP_GROUPS:
			r = apply_groups(s->u.cred, e);
			break;
		case STEP_GID:
		case STEP_UID:
			r = apply_ids(s, e);
			break;
		case STEP_CAPS:
			r = apply_caps(s->u.cred, e);
			if (r == 0)
				guard_arm(); /* the id changes cleared it */
			break;
		case STEP_NO_NEW_PRIVS:
			r = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
			if (r < 0)
				set_err(e, STEP_NO_NEW_PRIVS, errno, -1);
			break;
		case STEP_PDEATHSIG:
			r = apply_pdeathsig(s, e);
			break;
		case STEP_EXEC:
			apply_exec(p, s, e);
			return APPLY_ERROR;
		default:
			r = apply_process(s, e);
			break;
		}
		if (r < 0)
			return APPLY_ERROR;
	}
	set_err(e, STEP_EXEC, ENOEXEC, -1);
	return APPLY_ERROR;
}
