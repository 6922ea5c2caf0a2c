/*
 * plan.h: the execution plan.
 *
 * options.c fills a struct opts from argv (pure); plan.c resolves it into a
 * struct plan whose steps carry every value the apply phase needs; exec.c
 * walks plan->steps with system calls only; plan.c prints the same list for
 * --dry-run. Errors during the apply phase travel as struct spawn_err.
 */
#ifndef SPAWN_PLAN_H
#define SPAWN_PLAN_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "fdspec.h"
#include "rlimit.h"

/*
 * Step names, as SPEC.md spells them in messages and in the dry run. One
 * table (step_names[] in plan.c) maps them to text.
 */
enum step_id {
	STEP_SIGNALS,
	STEP_SESSION,
	STEP_PROCESS_GROUP,
	STEP_RLIMIT,
	STEP_SCHEDULER,
	STEP_NICE,
	STEP_CPUS,
	STEP_RESET_IDS,
	STEP_UMASK,
	STEP_NSENTER,
	STEP_JAIL,
	STEP_CHROOT,
	STEP_CHDIR,
	STEP_FD,
	STEP_LOCK,
	STEP_TTY,
	STEP_GROUPS,
	STEP_GID,
	STEP_UID,
	STEP_CAPS,
	STEP_NO_NEW_PRIVS,
	STEP_PDEATHSIG,
	STEP_EXEC,
	STEP_FORK,
	STEP_COUNT
};

extern const char *const step_names[STEP_COUNT];

/* An error of the apply phase: which step, the errno, and an object. */
struct spawn_err {
	int step;   /* enum step_id */
	int err;    /* errno; 0 when detail is the whole reason */
	int detail; /* index into plan->detail[], or -1 */
};

/* One environment operation, in command-line order. */
struct env_op {
	int unset;       /* 1: -u NAME; 0: NAME=VALUE */
	const char *arg; /* NAME or NAME=VALUE */
};

enum dry_fmt { DRY_NONE, DRY_TEXT, DRY_JSON };

/* What plan_apply returns when it returns at all. */
enum {
	APPLY_ERROR = 0,
	APPLY_WAITED = 1,
	APPLY_TIMEOUT = 2,       /* the time ran out after the exec */
	APPLY_TIMEOUT_EARLY = 3, /* ... before it: the program never ran */
};

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
	char *cpus; /* --cpus LIST, checked in options.c */
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

	const char *ns[8]; /* --nsenter-TYPE PATH|fd:N, by enum ns_type */

	struct rlimit_req *rlimits; /* --rlimit, in command-line order */
	size_t n_rlimits;

	struct fd_action *fds; /* --fd, in command-line order */
	size_t n_fds;
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

enum ns_type {
	NS_USER,
	NS_MNT,
	NS_UTS,
	NS_IPC,
	NS_NET,
	NS_PID,
	NS_CGROUP,
	NS_TIME,
	NS_COUNT
};

extern const char *const ns_names[NS_COUNT];

/* Credentials, resolved: what step 15 sets and then checks. */
struct creds {
	int set_groups;    /* call setgroups; the result is always checked */
	int groups_denied; /* spawn's user namespace denies setgroups: the
	                      call is skipped and groups holds the caller's */
	int join_userns;   /* --nsenter-user joins another user namespace:
	                      the groups are cleared before, set after */
	gid_t *groups;     /* sorted */
	size_t n_groups;
	gid_t *check_buf; /* n_groups + 1 entries for getgroups */
	int set_gid;
	gid_t rgid, egid, sgid;
	int set_uid;
	uid_t ruid, euid, suid;
	int keep; /* --keep-caps */
	uint64_t keep_caps;
	int drop_caps; /* every final uid non-zero: no capability left */
	int detail_groups, detail_gid, detail_uid, detail_caps;
	int detail_groups_denied;  /* after joining: the namespace denies */
	int detail_groups_cleared; /* cleared neither before nor after */
};

/* A namespace file of --nsenter-TYPE, opened and checked at plan time. */
struct ns_file {
	int fd;      /* spawn's own copy; -1 in a dry run of a path */
	int already; /* spawn is in this namespace */
	ino_t ino;
	dev_t dev;
};

/* Step arguments. Each step has exactly the fields its kind uses. */
enum dir_kind { DIR_CHROOT, DIR_CHDIR, DIR_FCHDIR, DIR_CHECK };

struct step {
	enum step_id id;
	char *line; /* the dry-run text line, also the --verbose trace */
	union {
		mode_t umask;
		struct {
			enum dir_kind kind;
			int before; /* 1: the -before variant (steps 9, 10) */
			const char *path;
			int fd;
			int detail;
			int detail_sys; /* DIR_CHECK: when getcwd fails */
		} dir;
		struct {
			struct fd_move *moves;
			size_t n_moves;
			int close_dirfd; /* /proc when close_range is missing,
			                    else -1 */
		} fd;
		struct {
			int resource;
			rlim_t soft, hard;
			int detail;
		} rlim;
		struct {
			pid_t pgid; /* 0: its own */
		} pgrp;
		struct {
			enum ns_type type;
			int fd;           /* spawn's own fd for it */
			int nstype;       /* CLONE_NEW* */
			int already;      /* spawn is in it: nothing to do */
			int clear_groups; /* the user namespace: setgroups(0)
			                     first, while it may still work */
			int detail;
		} ns;
		struct {
			int fd;    /* the fd the ioctl takes */
			int named; /* N of --set-ctty N, --foreground-tty=N */
			int copy;  /* fd is spawn's copy of the caller's N */
			int set_ctty; /* 1: TIOCSCTTY; 0: tcsetpgrp */
			int detail;
		} tty;
		struct {
			int policy; /* SCHED_* | SCHED_RESET_ON_FORK */
			int priority;
		} sched;
		struct {
			int value; /* the absolute nice value to set */
		} nice;
		struct {
			void *set; /* cpu_set_t, CPU_ALLOC'd */
			size_t size;
		} cpus;
		struct {
			int sig;
			pid_t ppid; /* the parent expected, 0: the one now */
			int detail;
		} pdeath;
		struct {
			const char *path;
			int nowait;        /* --lock-nowait */
			int fd;            /* where the lock fd lands */
			int detail;        /* the path */
			int held_detail;   /* "PATH: held by another process" */
			int link_detail;   /* "PATH: a symbolic link ..." */
			int notreg_detail; /* "PATH: not a regular file" */
		} lock;
		struct {
			uint64_t to_default; /* ignored now, default after */
			uint64_t to_ignore;  /* ignored after, not now */
			uint64_t ignored;    /* the target's ignored set */
			uint64_t mask;       /* the target's mask */
			int set_mask;        /* the mask differs from now */
		} sig;
		struct {
			int implicit; /* 0: --wait; 1: the plan needs it */
			int group;    /* forward to the child's group */
			int reap;     /* reap every orphan (PID 1, subreaper) */
			int pid1;     /* spawn is PID 1 */
			int subreaper; /* PR_SET_CHILD_SUBREAPER */
			int have_timeout;
			uint64_t timeout_ms, kill_after_ms;
			uint64_t block;   /* blocked while waiting */
			uint64_t ignore;  /* ignored while waiting */
			uint64_t forward; /* forwarded to the child */
			int rfd, wfd;     /* the report pipe (close-on-exec) */
			int sigfd;        /* signalfd of forward and CHLD, for
			                     a plain fork that needs watching */
			int chld_ignored; /* the caller ignores CHLD */
			int vfork;        /* the child execs and cannot block:
			                     share memory */
			int child_setsid; /* the child calls setsid */
			int pdeath_keep;  /* the child sets its own pdeathsig */
			int tty_fd;       /* spawn's terminal, whose foreground
			                     the child takes, or -1 */
			pid_t tty_pgid;   /* the group it gives: 0 the child */
			char *stack;      /* the vfork child's stack */
			size_t stack_size;
		} fork;
	} u;
};

enum prog_kind { PROG_PATH, PROG_SEARCH, PROG_FD };

#define PLAN_MAX_STEPS 32

struct plan {
	struct opts *o;
	int dry_run; /* resolve without side effects */
	int text;    /* build the step lines: --dry-run or --verbose */

	struct step steps[PLAN_MAX_STEPS];
	int n_steps;

	/* The program. */
	enum prog_kind prog_kind;
	const char *prog; /* PROGRAM as given */
	char **cand;      /* PROG_SEARCH: full candidate paths */
	int *cand_detail;
	size_t n_cand;
	const char *search_dirs; /* the list searched, for printing */
	int exec_fd;             /* PROG_FD: spawn's close-on-exec copy */
	int exec_fd_script;      /* the file starts with "#!" */
	int prog_detail;
	int script_detail;

	char **argv;
	char **envp;
	size_t n_env;

	int chdir_fd; /* spawn's close-on-exec copy of --chdir-fd */
	int tty_fd;   /* the fd of the tty step */
	int tty_copy; /* ... a copy: the program does not keep N */

	/* The fd layout: every target fd (defaults included), sorted. */
	struct fd_action *acts;
	size_t n_acts;
	int *act_detail;           /* detail index of each action's spec */
	int top;                   /* the highest target fd (at least 2) */
	unsigned long long nofile; /* the NOFILE soft limit, when needed */
	int own_min;               /* spawn's own fds are moved to >= this */
	int *own;                  /* spawn's own fds, sorted */
	size_t n_own;
	int null_fd[3];      /* /dev/null per enum null_access, or -1 */
	int fd_close_detail; /* "closing the other fds" */
	uint64_t caller_ign; /* the caller's ignored signals */
	uint64_t caller_blk; /* the caller's mask */

	/* Objects named by errors: paths, fds as text. */
	char **detail;
	size_t n_detail;

	/* Scratch for the cwd check, allocated at plan time. */
	char *cwd_buf;
	size_t cwd_len;

	/* Precomputed "LABEL: " prefix for messages written after step 1. */
	char *prefix;

	int fork_at; /* index of the first fork step, or -1 */

	struct ns_file ns[NS_COUNT]; /* for each --nsenter-TYPE given */

	struct creds cred;
	uid_t reset_euid; /* --reset-ids: the real ids, read at plan time */
	gid_t reset_egid;

	char *home_env[3]; /* --set-home: HOME=, USER=, LOGNAME= */
	char **envdir_set; /* --envdir: NAME=VALUE, or NAME alone to unset */
	size_t n_envdir;
	char **warnings; /* printed by main.c unless --quiet */
	size_t n_warnings;
};

/* options.c */
int options_parse(int argc, char **argv, char **envp, struct opts *o, char *msg,
    size_t msglen);
void options_free(struct opts *o);

/* plan.c */
int plan_resolve(struct opts *o, char **envp, int dry_run, struct plan *p,
    char *msg, size_t msglen);
void plan_free(struct plan *p);
int plan_print_text(const struct plan *p, FILE *f);
int plan_print_json(const struct plan *p, FILE *f);

/* exec.c: apply steps from index from on. Returns APPLY_ERROR with *e set,
 * or, past a fork step in its parent, APPLY_WAITED with the child's wait
 * status in *st; on success in the process that execs, it never returns. */
int plan_apply(const struct plan *p, int from, struct spawn_err *e, int *st);

/*
 * In the child of a fork step: die with parent until the exec (a
 * PR_SET_PDEATHSIG of KILL, armed again after each credential change,
 * which clears it, and dropped at the exec unless keep says the plan sets
 * its own). Exits at once if parent is gone already.
 */
void exec_guard(pid_t parent, int keep);

/* wait.c */
int wait_fork(const struct plan *p, int k, struct spawn_err *e, int *st);
int wait_exit_code(int st);

#endif
