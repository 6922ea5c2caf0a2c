/*
 * plan.c: resolve the options into a plan, in step order.
 *
 * plan_resolve reads as the man page's STEP ORDER: each family resolves
 * its values (names to ids, signal names to sets, rlimit text to numbers,
 * fd specs to moves, argv and envp to arrays, PATH to candidates) and adds
 * its steps. Nothing here changes the process except, in a real run, the
 * fds spawn keeps for itself (close-on-exec copies, namespace files, the
 * report pipe, /dev/null).
 */
#define _GNU_SOURCE 1
#include "plan.h"
#include "arena.h"
#include "build.h"
#include "creds.h"
#include "env.h"
#include "fdplan.h"
#include "fmt.h"
#include "ns.h"
#include "options.h"
#include "print.h"
#include "procstat.h"
#include "rlimit.h"
#include "sched.h"
#include "signals.h"
#include "supervise.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A step with nothing but its kind: session, no-new-privs. */
static struct step *
add_plain_step(struct plan *p, enum step_id id, char *msg, size_t len)
{
	struct step *s = add_step(p, id);

	if (s == NULL)
		errorf(msg, len, "out of memory");
	return s;
}

/* Step 3: setpgid, own group or a given one. */
static int
add_pgroup_step(struct plan *p, char *msg, size_t len)
{
	struct step *s = add_plain_step(p, STEP_PROCESS_GROUP, msg, len);

	if (s == NULL)
		return -1;
	s->u.pgrp.pgid = p->o->pgroup;
	return 0;
}

/* Step 6: the effective ids become the real ones, read now. */
static int
add_reset_ids_step(struct plan *p, char *msg, size_t len)
{
	struct step *s = add_plain_step(p, STEP_RESET_IDS, msg, len);

	if (s == NULL)
		return -1;
	s->u.reset.euid = p->real_uid;
	s->u.reset.egid = p->real_gid;
	return 0;
}

static int
add_umask_step(struct plan *p, char *msg, size_t len)
{
	struct step *s = add_plain_step(p, STEP_UMASK, msg, len);

	if (s == NULL)
		return -1;
	s->u.umask = p->o->umask;
	return 0;
}

/* A chroot (then chdir /), a chdir, an fchdir, or the check after them. */
static int
add_dir_step(struct plan *p, enum dir_kind kind, int before, const char *path,
    char *msg, size_t len)
{
	struct step *s = add_plain_step(
	    p, kind == DIR_CHROOT ? STEP_CHROOT : STEP_CHDIR, msg, len);

	if (s == NULL)
		return -1;
	s->u.dir.kind = kind;
	s->u.dir.before = before;
	s->u.dir.path = path;
	switch (kind) {
	case DIR_CHROOT:
	case DIR_CHDIR:
		s->u.dir.detail = add_detail(p, path);
		break;
	case DIR_FCHDIR:
		s->u.dir.fd = p->chdir_fd;
		s->u.dir.named = p->o->chdir_fd;
		s->u.dir.detail = add_detailf(p, "fd %d", p->o->chdir_fd);
		break;
	case DIR_CHECK:
		s->u.dir.detail = add_detail(p, "the working directory "
		                                "is outside the root");
		s->u.dir.detail_sys = add_detail(p, "working directory");
		s->u.dir.cwd_len = PATH_MAX;
		s->u.dir.cwd_buf = mem_alloc(s->u.dir.cwd_len);
		if (s->u.dir.detail_sys < 0 || s->u.dir.cwd_buf == NULL)
			return errorf(msg, len, "out of memory");
		break;
	}
	if (s->u.dir.detail < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/* Steps 9 and 10: chroot-before, chdir-before. */
static int
add_dirs_before(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;

	if (o->chroot_before != NULL &&
	    add_dir_step(p, DIR_CHROOT, 1, o->chroot_before, msg, len) < 0)
		return -1;
	if (o->chdir_before != NULL &&
	    add_dir_step(p, DIR_CHDIR, 1, o->chdir_before, msg, len) < 0)
		return -1;
	return 0;
}

/* Steps 13 and 14: chroot, chdir or chdir-fd, then the cwd check. */
static int
add_dirs_after(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;

	if (o->chroot != NULL &&
	    add_dir_step(p, DIR_CHROOT, 0, o->chroot, msg, len) < 0)
		return -1;
	if (o->chdir != NULL &&
	    add_dir_step(p, DIR_CHDIR, 0, o->chdir, msg, len) < 0)
		return -1;
	if (o->have_chdir_fd &&
	    add_dir_step(p, DIR_FCHDIR, 0, NULL, msg, len) < 0)
		return -1;
	if ((o->chroot_before || o->chdir_before || o->chroot || o->chdir ||
	        o->have_chdir_fd) &&
	    add_dir_step(p, DIR_CHECK, 0, NULL, msg, len) < 0)
		return -1;
	return 0;
}

/*
 * Step 17. The parent expected afterwards: without a fork the caller
 * (known now); after one fork, spawn itself; after two, the middle
 * process, which only the child can ask for (ppid 0).
 */
static int
add_pdeathsig_step(struct plan *p, char *msg, size_t len)
{
	struct step *s;
	int k, forks = 0;

	for (k = 0; k < p->n_steps; k++)
		forks += p->steps[k].id == STEP_FORK;
	s = add_plain_step(p, STEP_PDEATHSIG, msg, len);
	if (s == NULL)
		return -1;
	s->u.pdeath.sig = p->o->pdeathsig;
	s->u.pdeath.ppid = forks == 0 ? getppid() : forks == 1 ? getpid() : 0;
	s->u.pdeath.detail = add_detail(p, "the parent already exited");
	if (s->u.pdeath.detail < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/*
 * What every step relies on, resolved before any step is added: argv,
 * the caller's signal state, rlimits, the fd layout and spawn's copies of
 * the caller's fds, the namespace files, the credentials, the
 * environment.
 */
static int
resolve_values(struct plan *p, char **envp, char *msg, size_t len)
{
	const struct opts *o = p->o;

	if (env_build_argv(p) < 0)
		return errorf(msg, len, "out of memory");
	if (proc_signal_state(&p->caller_ign, &p->caller_blk) < 0)
		return errorf(msg, len, "signals: %s", errno_text(errno));
	if (rlimit_resolve(p, msg, len) < 0)
		return -1;
	/* Targets first: spawn's own fds all go above them. */
	if (fdplan_layout(p, msg, len) < 0)
		return -1;
	if (o->have_chdir_fd &&
	    keep_fd(p, o->chdir_fd, "--chdir-fd", &p->chdir_fd, msg, len) < 0)
		return -1;
	if (o->have_exec_fd &&
	    keep_fd(p, o->exec_fd, "--exec-fd", &p->exec_fd, msg, len) < 0)
		return -1;
	if (fdplan_tty_fd(p, msg, len) < 0)
		return -1;
	if (ns_open_all(p, msg, len) < 0)
		return -1;
	if (creds_resolve(p, msg, len) < 0)
		return -1;
	if (o->envdir != NULL && env_read_dir(p, msg, len) < 0)
		return -1;
	if (env_build(p, envp) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

int
plan_resolve(const struct opts *o, char **envp, int dry_run, struct plan *p,
    char *msg, size_t len)
{
	int k;

	memset(p, 0, offsetof(struct plan, steps));
	p->o = o;
	p->dry_run = dry_run;
	p->wait = o->wait;
	p->verbose = o->verbose;
	p->exec_fd = p->chdir_fd = -1;
	p->fork_at = -1;
	msg[0] = '\0';
	p->prefix = mem_alloc(strlen(o->label) + 3);
	if (p->prefix == NULL)
		return errorf(msg, len, "out of memory");
	strcpy(p->prefix, o->label);
	strcat(p->prefix, ": ");
	if (resolve_values(p, envp, msg, len) < 0)
		return -1;

	/* The fork of wait mode comes before every step. */
	if (o->wait && supervise_add_fork_step(
	                   p, 0, o->ns[NS_PID] == NULL, NULL, msg, len) < 0)
		return -1;
	/* 1. signal dispositions, then the mask */
	if (sig_add_step(p, msg, len) < 0)
		return -1;
	/*
	 * 2. new session. setsid fails in a process group leader (every job
	 * of an interactive shell), so there the plan forks first.
	 */
	if (o->new_session && !o->wait && getpgrp() == getpid() &&
	    supervise_add_fork_step(p, 1, o->ns[NS_PID] == NULL,
	        "spawn leads its process group, so setsid needs a child", msg,
	        len) < 0)
		return -1;
	if (o->new_session && add_plain_step(p, STEP_SESSION, msg, len) == NULL)
		return -1;
	/* 3. process group; after setsid the process leads one already */
	if (o->have_pgroup && !o->new_session &&
	    add_pgroup_step(p, msg, len) < 0)
		return -1;
	/* 4. rlimits, except nofile */
	if (rlimit_add_steps(p, 0, msg, len) < 0)
		return -1;
	/* 5. scheduler, nice, CPU affinity */
	if (sched_add_steps(p, msg, len) < 0)
		return -1;
	/* 6. reset ids */
	if (o->reset_ids && add_reset_ids_step(p, msg, len) < 0)
		return -1;
	/* 7. umask */
	if (o->have_umask && add_umask_step(p, msg, len) < 0)
		return -1;
	/* 8. namespaces; a pid namespace needs a child to take effect */
	if (ns_add_steps(p, msg, len) < 0)
		return -1;
	if (o->ns[NS_PID] != NULL &&
	    supervise_add_fork_step(p, 1, 1,
	        "a pid namespace applies to children only, so the program "
	        "runs in a child",
	        msg, len) < 0)
		return -1;
	/* 9. chroot-before, 10. chdir-before */
	if (add_dirs_before(p, msg, len) < 0)
		return -1;
	/* 11. fd actions, then the lock */
	if (fdplan_add_fd_step(p, msg, len) < 0)
		return -1;
	if (o->lock != NULL && fdplan_add_lock_step(p, msg, len) < 0)
		return -1;
	/* ... the terminal, so a tty opened by --fd is there ... */
	if ((o->have_set_ctty || o->have_fg_tty) &&
	    fdplan_add_tty_step(p, msg, len) < 0)
		return -1;
	/* ... and last in step 11 the nofile limit, so a low one never
	 * starves spawn's own fds. */
	if (rlimit_add_steps(p, 1, msg, len) < 0)
		return -1;
	/* 13. chroot, 14. chdir or chdir-fd, then the cwd check */
	if (add_dirs_after(p, msg, len) < 0)
		return -1;
	/* 15. groups, gids, uids, kept capabilities, then the check */
	if (creds_add_steps(p, msg, len) < 0)
		return -1;
	/* 16. no-new-privs */
	if (o->no_new_privs &&
	    add_plain_step(p, STEP_NO_NEW_PRIVS, msg, len) == NULL)
		return -1;
	/* 17. pdeathsig */
	if (o->have_pdeathsig && add_pdeathsig_step(p, msg, len) < 0)
		return -1;
	/* 18. exec */
	if (env_add_exec_step(p, envp, msg, len) < 0)
		return -1;
	for (k = 0; k < p->n_steps && p->fork_at < 0; k++)
		if (p->steps[k].id == STEP_FORK)
			p->fork_at = k;
	/* The --verbose trace, built now: after step 1 nothing allocates. */
	if (p->verbose && print_step_lines(p) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

static void
free_strings(char **v, size_t n)
{
	while (n > 0)
		mem_free(v[--n]);
	mem_free(v);
}

void
plan_free(struct plan *p)
{
	size_t i;
	int k;

	for (k = 0; k < p->n_steps; k++) {
		struct step *s = &p->steps[k];

		mem_free(s->line);
		if (s->id == STEP_FD)
			mem_free(s->u.fd.moves);
		if (s->id == STEP_CPUS)
			CPU_FREE(s->u.cpus.set);
		if (s->id == STEP_CHDIR && s->u.dir.kind == DIR_CHECK)
			mem_free(s->u.dir.cwd_buf);
		if (s->id == STEP_EXEC) {
			free_strings(s->u.exec.cand, s->u.exec.n_cand);
			mem_free(s->u.exec.cand_detail);
		}
	}
	free_strings(p->detail, p->n_detail);
	free_strings(p->warnings, p->n_warnings);
	free_strings(p->envdir_set, p->n_envdir);
	for (i = 0; i < 3; i++)
		mem_free(p->home_env[i]);
	mem_free(p->acts);
	mem_free(p->act_detail);
	mem_free(p->rlimits);
	mem_free(p->cred.groups);
	mem_free(p->cred.check_buf);
	if (!p->dry_run)
		for (i = 0; i < p->n_own; i++)
			close(p->own[i]);
	mem_free(p->own);
	mem_free(p->argv);
	mem_free(p->envp);
	mem_free(p->prefix);
	memset(p, 0, sizeof(*p));
}
