/*
 * step.h: the execution plan as data, the one value that resolving fills
 * and that printing and applying read.
 *
 * plan_resolve (plan.c) turns the options into a struct plan, family by
 * family (env.c, creds.c, ns.c, fdplan.c, sched.c, rlimit.c, signals.c,
 * supervise.c), in step order. Each step carries every value its apply
 * code (exec.c, wait.c) and its printers (print.c) need: none of those
 * reads the options. Errors of the apply phase travel as struct spawn_err.
 */
#ifndef SPAWN_STEP_H
#define SPAWN_STEP_H

#include <stdint.h>
#include <sys/types.h>

#include "fdspec.h"
#include "rlimit.h"

struct opts;

/*
 * The steps, as the man page (STEP ORDER) numbers them and as messages and
 * the dry run name them (step_names[] in plan.c). STEP_FORK has no number:
 * it stands where the plan forks.
 */
enum step_id {
	STEP_SIGNALS,       /* 1 */
	STEP_SESSION,       /* 2 */
	STEP_PROCESS_GROUP, /* 3 */
	STEP_RLIMIT,        /* 4, and nofile at the end of 11 */
	STEP_SCHEDULER,     /* 5 */
	STEP_NICE,          /* 5 */
	STEP_CPUS,          /* 5 */
	STEP_RESET_IDS,     /* 6 */
	STEP_UMASK,         /* 7 */
	STEP_NSENTER,       /* 8 */
	STEP_CHROOT,        /* 9, 13 */
	STEP_CHDIR,         /* 10, 14 */
	STEP_FD,            /* 11 */
	STEP_LOCK,          /* 11 */
	STEP_TTY,           /* 11 */
	STEP_GROUPS,        /* 15 */
	STEP_GID,           /* 15 */
	STEP_UID,           /* 15 */
	STEP_CAPS,          /* 15 */
	STEP_NO_NEW_PRIVS,  /* 16 */
	STEP_PDEATHSIG,     /* 17 */
	STEP_EXEC,          /* 18 */
	STEP_FORK,
	STEP_COUNT
};

/* The names of the steps, as messages and the dry run give them. */
extern const char *const step_names[STEP_COUNT];

/* An error of the apply phase: which step, the errno, and an object. */
struct spawn_err {
	int step;   /* enum step_id */
	int err;    /* errno; 0 when detail is the whole reason */
	int detail; /* index into plan->detail[], or -1 */
};

/* The exit statuses spawn gives of its own. */
enum {
	EXIT_TIMEOUT = 124,  /* --timeout ran out (as timeout(1)) */
	EXIT_SETUP = 125,    /* spawn itself failed; the target never ran */
	EXIT_CANNOT = 126,   /* found but could not be executed */
	EXIT_NOTFOUND = 127, /* not found */
};

/* What plan_apply returns when it returns at all. */
enum {
	APPLY_ERROR = 0,
	APPLY_WAITED = 1,
	APPLY_TIMEOUT = 2,       /* the time ran out after the exec */
	APPLY_TIMEOUT_EARLY = 3, /* ... before it: the program never ran */
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

enum dir_kind { DIR_CHROOT, DIR_CHDIR, DIR_FCHDIR, DIR_CHECK };
enum prog_kind { PROG_PATH, PROG_SEARCH, PROG_FD };

/* One step: its kind and exactly the fields that kind uses. */
struct step {
	enum step_id id;
	char *line; /* the --verbose trace, built once at plan time */
	union {
		struct {
			uint64_t to_default; /* ignored now, default after */
			uint64_t to_ignore;  /* ignored after, not now */
			uint64_t ignored;    /* the target's ignored set */
			uint64_t mask;       /* the target's mask */
			int set_mask;        /* the mask differs from now */
			int preserve;        /* --signals preserve */
		} sig;
		struct {
			pid_t pgid; /* 0: its own */
		} pgrp;
		struct {
			int resource;
			rlim_t soft, hard;
			int detail;
		} rlim;
		struct {
			int policy; /* SCHED_* | SCHED_RESET_ON_FORK */
			int priority;
		} sched;
		struct {
			int value; /* the absolute nice value to set */
			int old;   /* the value when the plan was made */
			int delta; /* --nice N */
		} nice;
		struct {
			void *set; /* cpu_set_t, CPU_ALLOC'd */
			size_t size;
			const char *text; /* --cpus LIST as given */
		} cpus;
		struct {
			uid_t euid; /* the real ids, read at plan time */
			gid_t egid;
		} reset;
		mode_t umask;
		struct {
			enum ns_type type;
			const char *path; /* PATH or fd:N as given */
			ino_t ino;
			int fd;           /* spawn's own fd for it */
			int nstype;       /* CLONE_NEW* */
			int already;      /* spawn is in it: nothing to do */
			int clear_groups; /* the user namespace: setgroups(0)
			                     first, while it may still work */
			int detail;
		} ns;
		struct {
			enum dir_kind kind;
			int before; /* 1: the -before variant (steps 9, 10) */
			const char *path;
			int fd;        /* DIR_FCHDIR: spawn's copy */
			int named;     /* DIR_FCHDIR: N of --chdir-fd */
			char *cwd_buf; /* DIR_CHECK: room for getcwd */
			size_t cwd_len;
			int detail;
			int detail_sys; /* DIR_CHECK: when getcwd fails */
		} dir;
		struct {
			struct fd_move *moves;
			size_t n_moves;
			const struct fd_action
			    *acts;             /* the plan's, for opens */
			const int *act_detail; /* each action's spec */
			int null_fd[3];   /* /dev/null per enum null_access */
			int close_dirfd;  /* /proc when close_range is missing,
			                     else -1 */
			int close_detail; /* "closing the other fds" */
		} fd;
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
			int fd;    /* the fd the ioctl takes */
			int named; /* N of --set-ctty N, --foreground-tty=N */
			int copy;  /* fd is spawn's copy of the caller's N */
			int set_ctty; /* 1: TIOCSCTTY; 0: tcsetpgrp */
			int detail;
		} tty;
		const struct creds *cred; /* groups, gid, uid, caps */
		struct {
			int sig;
			pid_t ppid; /* the parent expected, 0: the one now */
			int detail;
		} pdeath;
		struct {
			enum prog_kind kind;
			const char *prog; /* PROGRAM as given */
			char **cand; /* PROG_SEARCH: full candidate paths */
			int *cand_detail;
			size_t n_cand;
			const char *dirs; /* PROG_SEARCH: the list searched */
			int fd;           /* PROG_FD: spawn's copy */
			int named;        /* PROG_FD: N of --exec-fd */
			int script;       /* PROG_FD: the file starts with #! */
			const char *argv0; /* -a NAME, or NULL */
			int detail;
			int script_detail;
		} exec;
		struct {
			int implicit; /* 0: --wait; 1: the plan needs it */
			const char
			    *why;  /* implicit: the reason, for the text */
			int group; /* forward to the child's group */
			int reap;  /* reap every orphan (PID 1, subreaper) */
			int pid1;  /* spawn is PID 1 */
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

#define PLAN_MAX_STEPS 32

struct plan {
	const struct opts *o; /* read by the resolve code only */
	int dry_run;          /* resolve without side effects */
	int wait;             /* wait mode (the dry run's first line) */
	int verbose;          /* trace each step as it is applied */

	int n_steps;
	int fork_at; /* index of the first fork step, or -1 */

	char **argv;
	char **envp;
	size_t n_env;

	/* The fd layout: every target fd (defaults included), sorted. */
	struct fd_action *acts;
	size_t n_acts;
	int *act_detail;           /* detail index of each action's spec */
	int top;                   /* the highest target fd (at least 2) */
	unsigned long long nofile; /* the NOFILE soft limit, when needed */
	int own_min;               /* spawn's own fds are moved to >= this */
	int *own;                  /* spawn's own fds */
	size_t n_own, own_cap;
	int exec_fd;  /* spawn's close-on-exec copy of --exec-fd */
	int chdir_fd; /* ... of --chdir-fd */
	int tty_fd;   /* the fd of the tty step */
	int tty_copy; /* ... a copy: the program does not keep N */

	struct rlimit_req *rlimits; /* --rlimit, resolved */
	size_t n_rlimits;
	uint64_t caller_ign;         /* the caller's ignored signals */
	uint64_t caller_blk;         /* the caller's mask */
	struct ns_file ns[NS_COUNT]; /* for each --nsenter-TYPE given */
	struct creds cred;
	uid_t real_uid; /* the caller's real ids (for --reset-ids) */
	gid_t real_gid;
	char *home_env[3]; /* --set-home: HOME=, USER=, LOGNAME= */
	char **envdir_set; /* --envdir: NAME=VALUE, or NAME alone to unset */
	size_t n_envdir;

	/* Objects named by errors: paths, fds as text. */
	char **detail;
	size_t n_detail, detail_cap;
	char **warnings; /* printed by main.c unless --quiet */
	size_t n_warnings, warnings_cap;
	/* Precomputed "LABEL: " prefix for messages written after step 1. */
	char *prefix;

	/* Last: plan_resolve clears what comes before; add_step clears each
	 * step it adds. */
	struct step steps[PLAN_MAX_STEPS];
};

#endif
