/*
 * options.h: what the command line asked for, as options_parse fills it.
 * Nothing but the parse and the resolve (plan_resolve and the families)
 * reads these: the steps carry what the apply phase and the printers
 * need.
 */
#ifndef SPAWN_OPTIONS_H
#define SPAWN_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fdspec.h"
#include "rlimit.h"

/* One environment operation, in command-line order. */
struct env_op {
	int unset;       /* 1: -u NAME; 0: NAME=VALUE */
	const char *arg; /* NAME or NAME=VALUE */
};

enum dry_fmt { DRY_NONE, DRY_TEXT, DRY_JSON };

/* What the command line asked for: filled by options_parse, nothing else. */
struct opts {
	enum dry_fmt dry_run;
	int verbose;
	int quiet;
	int help;
	int version;
	const char *label;

	int wait;
	int have_block_waiting;
	uint64_t block_waiting;
	int have_ignore_waiting;
	uint64_t ignore_waiting;
	int have_forward;
	uint64_t forward;
	int forward_group;
	int subreaper;
	int have_timeout;
	uint64_t timeout_ms, kill_after_ms; /* kill_after 0: never */
	int new_session;
	int have_pgroup; /* --process-group[=PGID] */
	pid_t pgroup;    /* 0: its own pid */
	int have_fg_tty; /* --foreground-tty[=FD] */
	int fg_tty;
	int have_set_ctty; /* --set-ctty FD */
	int set_ctty;

	int have_sched_policy;
	int sched_policy; /* SCHED_* */
	int have_sched_priority;
	int sched_priority;
	int sched_reset_on_fork;
	int have_nice;
	int nice;
	const char *cpus_text;
	int have_pdeathsig;
	int pdeathsig;

	int reset_ids;
	const char *user; /* --user USER[:GROUP] */
	const char *uid, *gid, *ruid, *euid, *rgid, *egid;
	const char *groups; /* --groups LIST */
	int clear_groups, init_groups, set_home, no_new_privs;
	int have_keep_caps;
	uint64_t keep_caps;

	const char
	    *ns[8]; /* --nsenter-TYPE PATH|fd:N, by enum ns_type (ns.h) */

	struct rlimit_req *rlimits; /* --rlimit, in command-line order */
	size_t n_rlimits, rlimits_cap;

	struct fd_action *fds; /* --fd, in command-line order */
	size_t n_fds, fds_cap;
	const char *lock; /* --lock or --lock-nowait FILE */
	int lock_nowait;

	int have_signals;
	int signals_preserve; /* --signals preserve */
	int have_sig_ignore, have_sig_block, have_sig_preserve;
	uint64_t sig_ignore, sig_block, sig_preserve;

	const char *search_path; /* --path */
	int no_search;
	const char *argv0;
	int have_exec_fd;
	int exec_fd;

	int clean_env;
	const char *envdir;
	struct env_op *env_ops;
	size_t n_env_ops, env_ops_cap;

	const char *chroot_before;
	const char *chdir_before;
	const char *chroot;
	const char *chdir;
	int have_chdir_fd;
	int chdir_fd;
	int have_umask;
	mode_t umask;

	char **args; /* PROGRAM ARG... (points into argv or split storage) */
	int n_args;

	/* Storage owned by the opts (argv rebuilt by -S, split words). */
	void **owned;
	size_t n_owned, owned_cap;
};

int options_parse(int argc, char **argv, char **envp, struct opts *o, char *msg,
    size_t msglen);
void options_free(struct opts *o);

#endif
