/*
 * optable.h: the one table of spawn's options (see optable.c). It gives
 * getopt_long its array and short string, --help its text, and the tests
 * the list that the man page, the completions and the fuzzer's dictionary
 * are held against.
 */
#ifndef SPAWN_OPTABLE_H
#define SPAWN_OPTABLE_H

#include <stddef.h>

/* One id per option; an alias (--ignore-environment) shares its own. */
enum opt_id {
	OPT_FIRST = 256, /* above every short option letter */
	OPT_WAIT = OPT_FIRST,
	OPT_DRY_RUN,
	OPT_VERBOSE,
	OPT_QUIET,
	OPT_LABEL,
	OPT_SPLIT_STRING,
	OPT_HELP,
	OPT_VERSION,
	OPT_PATH,
	OPT_NO_SEARCH,
	OPT_ARGV0,
	OPT_EXEC_FD,
	OPT_CLEAN_ENV,
	OPT_UNSET,
	OPT_ENV,
	OPT_ENVDIR,
	OPT_BLOCK_WAITING,
	OPT_IGNORE_WAITING,
	OPT_FORWARD,
	OPT_FORWARD_GROUP,
	OPT_SUBREAPER,
	OPT_TIMEOUT,
	OPT_SIGNALS,
	OPT_IGNORE,
	OPT_BLOCK,
	OPT_PRESERVE,
	OPT_NEW_SESSION,
	OPT_PROCESS_GROUP,
	OPT_FOREGROUND_TTY,
	OPT_SET_CTTY,
	OPT_SCHED_POLICY,
	OPT_SCHED_PRIORITY,
	OPT_SCHED_RESET_ON_FORK,
	OPT_NICE,
	OPT_CPUS,
	OPT_PDEATHSIG,
	OPT_USER,
	OPT_UID,
	OPT_GID,
	OPT_RUID,
	OPT_EUID,
	OPT_RGID,
	OPT_EGID,
	OPT_GROUPS,
	OPT_CLEAR_GROUPS,
	OPT_INIT_GROUPS,
	OPT_SET_HOME,
	OPT_KEEP_CAPS,
	OPT_RESET_IDS,
	OPT_NO_NEW_PRIVS,
	OPT_NSENTER_USER,
	OPT_NSENTER_MOUNT,
	OPT_NSENTER_UTS,
	OPT_NSENTER_IPC,
	OPT_NSENTER_NET,
	OPT_NSENTER_PID,
	OPT_NSENTER_CGROUP,
	OPT_NSENTER_TIME,
	OPT_FD,
	OPT_RLIMIT,
	OPT_LOCK,
	OPT_LOCK_NOWAIT,
	OPT_CHROOT_BEFORE,
	OPT_CHDIR_BEFORE,
	OPT_CHROOT,
	OPT_CHDIR,
	OPT_CHDIR_FD,
	OPT_UMASK,
	OPT_JAIL_BEFORE,
	OPT_JAIL_AFTER,
	OPT_END
};

#define OPT_NSENTER_FIRST OPT_NSENTER_USER /* + enum ns_type */

struct option_def {
	const char *name; /* the long name without "--"; NULL: help text */
	int letter;       /* the short option, or 0 */
	int arg;     /* no_argument, required_argument, optional_argument */
	int id;      /* enum opt_id */
	int repeats; /* may be given more than once */
	const char *help; /* its lines of --help ("" with the previous) */
};

extern const struct option_def option_defs[];
extern const size_t n_option_defs;

/* The entry of an option id, or NULL. */
const struct option_def *option_def(int id);

#endif
