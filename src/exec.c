/*
 * exec.c: apply a resolved plan to this process.
 *
 * Runs after plan_resolve, in exec mode in place and in wait mode in the
 * child. It makes system calls only, on data the plan holds: no malloc, no
 * stdio, no locale, no user database. It returns on failure, with the
 * failing step in *e, or in the parent of a fork step once the child has
 * been reaped; on success execve does not return.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "plan.h"
#include "signals.h"
#include "coverage.h"
#include "num.h"
#include "procstat.h"
#include "sys.h"

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
		_exit(125);
}

void
exec_guard(pid_t parent, int keep)
{
	pid_t now = getppid();

	/*
	 * In a pid namespace the parent, outside it, shows as 0; had it
	 * gone, the child would belong to the namespace's init, inside.
	 */
	if (now != parent && now != 0)
		_exit(125);
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
		_exit(125);
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
apply_caps(const struct plan *p, struct spawn_err *e)
{
	const struct creds *c = &p->cred;
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
apply_fd(const struct plan *p, const struct step *s, struct spawn_err *e)
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
			r = dup2(p->null_fd[m->b], m->a);
			break;
		case OP_OPEN:
			a = &p->acts[m->b];
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
			    m->action >= 0 ? p->act_detail[m->action]
			                   : p->fd_close_detail);
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
apply_dir(const struct plan *p, const struct step *s, struct spawn_err *e)
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
		n = syscall(SYS_getcwd, p->cwd_buf, p->cwd_len);
		if (n < 0) {
			set_err(e, STEP_CHDIR, errno, s->u.dir.detail_sys);
			return -1;
		}
		if (p->cwd_buf[0] != '/') {
			set_err(e, STEP_CHDIR, 0, s->u.dir.detail);
			return -1;
		}
		return 0;
	}
	return 0;
}

static void
apply_exec(const struct plan *p, struct spawn_err *e)
{
	int eacces = -1;
	size_t i;

	guard_drop();
	COVERAGE_DUMP();
	switch (p->prog_kind) {
	case PROG_FD:
		sys_execveat(p->exec_fd, "", p->argv, p->envp, AT_EMPTY_PATH);
		if (errno == ENOENT && p->exec_fd_script)
			set_err(e, STEP_EXEC, 0, p->script_detail);
		else
			set_err(e, STEP_EXEC, errno, p->prog_detail);
		return;
	case PROG_PATH:
		execve(p->prog, p->argv, p->envp);
		set_err(e, STEP_EXEC, errno, p->prog_detail);
		return;
	case PROG_SEARCH:
		for (i = 0; i < p->n_cand; i++) {
			execve(p->cand[i], p->argv, p->envp);
			switch (errno) {
			case EACCES:
				/* As execvp: remember it, try the rest. */
				if (eacces < 0)
					eacces = p->cand_detail[i];
				continue;
			case ENOENT:
			case ENOTDIR:
			case ESTALE:
			case ENODEV:
			case ETIMEDOUT:
				continue;
			default:
				set_err(e, STEP_EXEC, errno, p->cand_detail[i]);
				return;
			}
		}
		if (eacces >= 0)
			set_err(e, STEP_EXEC, EACCES, eacces);
		else
			set_err(e, STEP_EXEC, ENOENT, p->prog_detail);
		return;
	}
}

int
plan_apply(const struct plan *p, int from, struct spawn_err *e, int *st)
{
	int k;

	for (k = from; k < p->n_steps; k++) {
		const struct step *s = &p->steps[k];

		if (p->o->verbose)
			trace(p, s);
		switch (s->id) {
		case STEP_FORK:
			/* The child goes on from k + 1 inside wait_fork. */
			return wait_fork(p, k, e, st);
		case STEP_SIGNALS:
			if (apply_signals(s, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_SESSION:
			if (setsid() < 0) {
				set_err(e, STEP_SESSION, errno, -1);
				return APPLY_ERROR;
			}
			break;
		case STEP_UMASK:
			umask(s->u.umask);
			break;
		case STEP_CHROOT:
		case STEP_CHDIR:
			if (apply_dir(p, s, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_FD:
			if (apply_fd(p, s, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_LOCK:
			if (apply_lock(s, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_PROCESS_GROUP:
			/* A session leader cannot setpgid, but it leads its
			 * group already: "a group of its own" holds. */
			if (s->u.pgrp.pgid == 0 && getpgrp() == getpid())
				break;
			if (setpgid(0, s->u.pgrp.pgid) < 0) {
				set_err(e, STEP_PROCESS_GROUP, errno, -1);
				return APPLY_ERROR;
			}
			break;
		case STEP_SCHEDULER: {
			struct sched_param sp;

			memset(&sp, 0, sizeof(sp));
			sp.sched_priority = s->u.sched.priority;

			/* The raw call: musl's wrapper refuses (ENOSYS). */
			if (syscall(SYS_sched_setscheduler, 0,
			        s->u.sched.policy, &sp) < 0) {
				set_err(e, STEP_SCHEDULER, errno, -1);
				return APPLY_ERROR;
			}
			break;
		}
		case STEP_NICE:
			if (setpriority(PRIO_PROCESS, 0, s->u.nice.value) < 0) {
				set_err(e, STEP_NICE, errno, -1);
				return APPLY_ERROR;
			}
			break;
		case STEP_CPUS:
			if (sched_setaffinity(0, s->u.cpus.size,
			        (cpu_set_t *)s->u.cpus.set) < 0) {
				set_err(e, STEP_CPUS, errno, -1);
				return APPLY_ERROR;
			}
			break;
		case STEP_TTY:
			if (apply_tty(s, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_PDEATHSIG:
			if (apply_pdeathsig(s, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_RESET_IDS:
			if (setresgid(-1, p->reset_egid, -1) < 0 ||
			    setresuid(-1, p->reset_euid, -1) < 0) {
				set_err(e, STEP_RESET_IDS, errno, -1);
				return APPLY_ERROR;
			}
			guard_arm();
			break;
		case STEP_NSENTER:
			if (s->u.ns.already)
				break;
			/* Holding the caller's namespace fds, spawn must not
			 * be ptraced from inside (execve resets this). */
			if (s->u.ns.clear_groups)
				groups_cleared = setgroups(0, NULL) == 0;
			if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 ||
			    setns(s->u.ns.fd, s->u.ns.nstype) < 0) {
				set_err(e, STEP_NSENTER, errno, s->u.ns.detail);
				return APPLY_ERROR;
			}
			/* A new user namespace changes the credentials. */
			if (s->u.ns.type == NS_USER)
				guard_arm();
			break;
		case STEP_GROUPS:
			if (apply_groups(&p->cred, e) < 0)
				return APPLY_ERROR;
			break;
		case STEP_GID:
			if (setresgid(
			        p->cred.rgid, p->cred.egid, p->cred.sgid) < 0) {
				set_err(e, STEP_GID, errno, p->cred.detail_gid);
				return APPLY_ERROR;
			}
			break;
		case STEP_UID:
			/* Keep the permitted set across the drop only when
			 * some capabilities are to be kept. */
			if (p->cred.keep &&
			    prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
				set_err(e, STEP_UID, errno, p->cred.detail_uid);
				return APPLY_ERROR;
			}
			if (setresuid(
			        p->cred.ruid, p->cred.euid, p->cred.suid) < 0) {
				set_err(e, STEP_UID, errno, p->cred.detail_uid);
				return APPLY_ERROR;
			}
			break;
		case STEP_CAPS:
			if (apply_caps(p, e) < 0)
				return APPLY_ERROR;
			guard_arm(); /* the id changes cleared it */
			break;
		case STEP_NO_NEW_PRIVS:
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
				set_err(e, STEP_NO_NEW_PRIVS, errno, -1);
				return APPLY_ERROR;
			}
			break;
		case STEP_RLIMIT: {
			struct rlimit rl = { s->u.rlim.soft, s->u.rlim.hard };

			if (setrlimit(s->u.rlim.resource, &rl) < 0) {
				set_err(
				    e, STEP_RLIMIT, errno, s->u.rlim.detail);
				return APPLY_ERROR;
			}
			break;
		}
		case STEP_EXEC:
			apply_exec(p, e);
			return APPLY_ERROR;
		default:
			/* A step this build cannot apply never runs. */
			set_err(e, s->id, ENOSYS, -1);
			return APPLY_ERROR;
		}
	}
	set_err(e, STEP_EXEC, ENOEXEC, -1);
	return APPLY_ERROR;
}
