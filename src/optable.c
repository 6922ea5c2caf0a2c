/*
 * optable.c: the one table of spawn's options, in the order --help shows
 * them. An entry without a name is a line of help text only; an option
 * documented on the line of the one before it has an empty help.
 */
#include "optable.h"

#include <getopt.h>

const struct option_def option_defs[] = {
	{ NULL, 0, 0, 0, 0,
	    "Usage: spawn [OPTION]... [NAME=VALUE]... [--] PROGRAM [ARG]...\n"
	    "Build one execution plan from the options, apply it to this process and\n"
	    "execute PROGRAM (with --wait: to a child that spawn waits for).\n"
	    "\n"
	    "Modes and messages:\n" },
	{ "wait", 'w', no_argument, OPT_WAIT, 0,
	    "  -w, --wait                 fork, apply the plan in the child, wait; exit\n"
	    "                             with its code, or 128+N for signal N\n" },
	{ "dry-run", 'n', optional_argument, OPT_DRY_RUN, 0,
	    "  -n, --dry-run[=text|json]  print the plan, run nothing\n" },
	{ "verbose", 'v', no_argument, OPT_VERBOSE, 0,
	    "  -v, --verbose              trace each step to stderr as it is applied\n" },
	{ "quiet", 'q', no_argument, OPT_QUIET, 0,
	    "  -q, --quiet                print no error or warning text\n" },
	{ "label", 0, required_argument, OPT_LABEL, 0,
	    "      --label TEXT           prefix for messages (default: spawn)\n" },
	{ "split-string", 'S', required_argument, OPT_SPLIT_STRING, 1,
	    "  -S, --split-string STRING  split STRING into words (env -S rules) and\n"
	    "                             read them in its place; for #! lines\n" },
	{ "help", 'h', no_argument, OPT_HELP, 0,
	    "  -h, --help                 show this help and exit\n" },
	{ "version", 'V', no_argument, OPT_VERSION, 0,
	    "  -V, --version              show the version and exit\n" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "The program:\n" },
	{ "path", 0, required_argument, OPT_PATH, 0,
	    "      --path DIRS            search DIRS (colon-separated), not PATH\n" },
	{ "no-search", 0, no_argument, OPT_NO_SEARCH, 0,
	    "      --no-search            PROGRAM is a path, never searched\n" },
	{ "argv0", 'a', required_argument, OPT_ARGV0, 0,
	    "  -a, --argv0 NAME           argv[0] for the program (default PROGRAM)\n" },
	{ "exec-fd", 0, required_argument, OPT_EXEC_FD, 0,
	    "      --exec-fd N            execute the file open on fd N (execveat);\n"
	    "                             the program does not see fd N\n" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "Environment:\n" },
	{ "clean-env", 'i', no_argument, OPT_CLEAN_ENV, 0,
	    "  -i, --clean-env, --ignore-environment\n"
	    "                             start from an empty environment\n" },
	{ "ignore-environment", 0, no_argument, OPT_CLEAN_ENV, 0, "" },
	{ "unset", 'u', required_argument, OPT_UNSET, 1,
	    "  -u, --unset NAME           remove NAME (every copy)\n" },
	{ "env", 'e', required_argument, OPT_ENV, 1,
	    "  -e, --env NAME=VALUE       set NAME; NAME=VALUE words do the same\n" },
	{ "envdir", 0, required_argument, OPT_ENVDIR, 0,
	    "      --envdir DIR           each file NAME in DIR sets NAME to its first\n"
	    "                             line; an empty file unsets NAME (after -i,\n"
	    "                             before -u/-e)\n" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "Waiting (with --wait):\n" },
	{ "block-waiting", 0, required_argument, OPT_BLOCK_WAITING, 0,
	    "      --block-waiting SIGS   block SIGS while waiting (default INT,QUIT,CHLD)\n" },
	{ "ignore-waiting", 0, required_argument, OPT_IGNORE_WAITING, 0,
	    "      --ignore-waiting SIGS  ignore SIGS while waiting (not CHLD)\n" },
	{ "forward", 0, required_argument, OPT_FORWARD, 0,
	    "      --forward SIGS         forward SIGS to the child (as PID 1 the default\n"
	    "                             is TERM,INT,HUP,QUIT,USR1,USR2,WINCH,CONT)\n" },
	{ "forward-group", 0, no_argument, OPT_FORWARD_GROUP, 0,
	    "      --forward-group        put the child in a group of its own and\n"
	    "                             forward to that group\n" },
	{ "subreaper", 0, no_argument, OPT_SUBREAPER, 0,
	    "      --subreaper            reap orphans (PR_SET_CHILD_SUBREAPER); PID 1\n"
	    "                             always does\n" },
	{ "timeout", 0, required_argument, OPT_TIMEOUT, 0,
	    "      --timeout DURATION[:KILL_AFTER]\n"
	    "                             TERM the child DURATION after the fork (30s,\n"
	    "                             1m30s, 500ms), KILL it KILL_AFTER later; exit\n"
	    "                             124 (KILL at once if it has not exec'd yet)\n" },
	{ NULL, 0, 0, 0, 0,
	    "  SIGS: comma list of names (TERM, SIGTERM, any case), numbers, RTMIN+n,\n"
	    "  RTMAX-n. The child starts from the caller's signal state.\n"
	    "\n"
	    "Signals (step 1; by default ignored signals are reset, the mask emptied):\n" },
	{ "signals", 0, required_argument, OPT_SIGNALS, 0,
	    "      --signals reset|preserve  reset (default), or keep the caller's\n"
	    "                             ignored signals and mask\n" },
	{ "ignore", 0, required_argument, OPT_IGNORE, 0,
	    "      --ignore SIGS          the program starts with SIGS ignored\n" },
	{ "block", 0, required_argument, OPT_BLOCK, 0,
	    "      --block SIGS           the program starts with SIGS blocked\n" },
	{ "preserve", 0, required_argument, OPT_PRESERVE, 0,
	    "      --preserve SIGS        keep the caller's state of SIGS\n"
	    "                             (--ignore and --block beat --preserve)\n" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "Session, terminal, scheduling:\n" },
	{ "new-session", 0, no_argument, OPT_NEW_SESSION, 0,
	    "      --new-session          setsid(); a process group leader forks first\n" },
	{ "process-group", 0, optional_argument, OPT_PROCESS_GROUP, 0,
	    "      --process-group[=PGID] setpgid: a group of its own, or join PGID\n" },
	{ "foreground-tty", 0, optional_argument, OPT_FOREGROUND_TTY, 0,
	    "      --foreground-tty[=FD]  make the group the foreground of the\n"
	    "                             terminal on FD (default 0); needs\n"
	    "                             --process-group, not --new-session\n" },
	{ "set-ctty", 0, required_argument, OPT_SET_CTTY, 0,
	    "      --set-ctty FD          make FD the controlling terminal (needs\n"
	    "                             --new-session)\n" },
	{ "sched-policy", 0, required_argument, OPT_SCHED_POLICY, 0,
	    "      --sched-policy other|batch|idle|fifo|rr\n" },
	{ "sched-priority", 0, required_argument, OPT_SCHED_PRIORITY, 0,
	    "      --sched-priority N     1-99, for fifo and rr (required there)\n" },
	{ "sched-reset-on-fork", 0, no_argument, OPT_SCHED_RESET_ON_FORK, 0,
	    "      --sched-reset-on-fork  children go back to the default policy\n" },
	{ "nice", 0, required_argument, OPT_NICE, 0,
	    "      --nice N               add N to the nice value (-40 to 40)\n" },
	{ "cpus", 0, required_argument, OPT_CPUS, 0,
	    "      --cpus LIST            CPU affinity, taskset -c syntax (0-3,6)\n" },
	{ "pdeathsig", 0, required_argument, OPT_PDEATHSIG, 0,
	    "      --pdeathsig SIG        SIG when the parent exits\n" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "Identity (names resolved before any step, in spawn's own root):\n" },
	{ "user", 0, required_argument, OPT_USER, 0,
	    "      --user USER[:GROUP]    uid, gid and groups of USER (USER: its\n"
	    "                             database groups; USER:GROUP: just GROUP)\n" },
	{ "uid", 0, required_argument, OPT_UID, 0,
	    "      --uid ID, --gid ID     real, effective and saved uid / gid\n" },
	{ "gid", 0, required_argument, OPT_GID, 0, "" },
	{ "ruid", 0, required_argument, OPT_RUID, 0,
	    "      --ruid, --euid, --rgid, --egid ID\n"
	    "                             one id each\n" },
	{ "euid", 0, required_argument, OPT_EUID, 0, "" },
	{ "rgid", 0, required_argument, OPT_RGID, 0, "" },
	{ "egid", 0, required_argument, OPT_EGID, 0, "" },
	{ "groups", 0, required_argument, OPT_GROUPS, 0,
	    "      --groups G,...         supplementary groups (names or numbers)\n" },
	{ "clear-groups", 0, no_argument, OPT_CLEAR_GROUPS, 0,
	    "      --clear-groups         no supplementary groups\n" },
	{ "init-groups", 0, no_argument, OPT_INIT_GROUPS, 0,
	    "      --init-groups          the database groups of the target user\n" },
	{ "set-home", 0, no_argument, OPT_SET_HOME, 0,
	    "      --set-home             with --user: HOME, USER, LOGNAME from it\n" },
	{ "keep-caps", 0, required_argument, OPT_KEEP_CAPS, 0,
	    "      --keep-caps CAPS       keep these capabilities after the uid drop\n"
	    "                             (e.g. net_bind_service), ambient too\n" },
	{ "reset-ids", 0, no_argument, OPT_RESET_IDS, 0,
	    "      --reset-ids            effective ids := real ids, first\n" },
	{ "no-new-privs", 0, no_argument, OPT_NO_NEW_PRIVS, 0,
	    "      --no-new-privs         set PR_SET_NO_NEW_PRIVS\n" },
	{ NULL, 0, 0, 0, 0,
	    "  When an id changes the groups are always set (the option, else the\n"
	    "  user's, else none): the caller's never leak.\n"
	    "\n"
	    "Namespaces (opened and checked before any step; user first, except\n"
	    "namespaces an outer user namespace owns):\n" },
	{ "nsenter-user", 0, required_argument, OPT_NSENTER_USER, 0,
	    "      --nsenter-user, --nsenter-mount, --nsenter-uts, --nsenter-ipc,\n" },
	{ "nsenter-mount", 0, required_argument, OPT_NSENTER_MOUNT, 0, "" },
	{ "nsenter-uts", 0, required_argument, OPT_NSENTER_UTS, 0, "" },
	{ "nsenter-ipc", 0, required_argument, OPT_NSENTER_IPC, 0, "" },
	{ "nsenter-net", 0, required_argument, OPT_NSENTER_NET, 0,
	    "      --nsenter-net, --nsenter-pid, --nsenter-cgroup, --nsenter-time\n"
	    "                      PATH|fd:N  setns into that namespace; a pid\n"
	    "                             namespace runs the program in a child\n" },
	{ "nsenter-pid", 0, required_argument, OPT_NSENTER_PID, 0, "" },
	{ "nsenter-cgroup", 0, required_argument, OPT_NSENTER_CGROUP, 0, "" },
	{ "nsenter-time", 0, required_argument, OPT_NSENTER_TIME, 0, "" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "File descriptors (every fd not named is closed; 0-2 default to inherit):\n" },
	{ "fd", 0, required_argument, OPT_FD, 1,
	    "      --fd N=ACTION          ACTION: close, null, inherit, inherit:M,\n"
	    "                             copy:M, open:PATH[:MODE[:PERMS]] (MODE r w a\n"
	    "                             r+ w+ a+, x: must not exist; PERMS octal)\n" },
	{ "rlimit", 0, required_argument, OPT_RLIMIT, 1,
	    "      --rlimit NAME=LIMIT|SOFT:HARD\n"
	    "                             set a resource limit (nofile, core, ... or\n"
	    "                             openfiles, coredumpsize, ...; an empty side\n"
	    "                             keeps the current value; sizes take b k m g\n"
	    "                             t p e, times s m h d w y; unlimited)\n" },
	{ "lock", 0, required_argument, OPT_LOCK, 0,
	    "      --lock FILE            hold an exclusive flock on FILE (a regular\n"
	    "                             file, opened read-only, created 0644 if\n"
	    "                             missing) while the program runs\n" },
	{ "lock-nowait", 0, required_argument, OPT_LOCK_NOWAIT, 0,
	    "      --lock-nowait FILE     the same, but fail (125) if it is held\n" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "Directories:\n" },
	{ "chroot-before", 0, required_argument, OPT_CHROOT_BEFORE, 0,
	    "      --chroot-before DIR    chroot to DIR (then chdir /) before the fds\n" },
	{ "chdir-before", 0, required_argument, OPT_CHDIR_BEFORE, 0,
	    "      --chdir-before DIR     chdir to DIR before the fds\n" },
	{ "chroot", 0, required_argument, OPT_CHROOT, 0,
	    "      --chroot DIR           chroot to DIR, then chdir to its root\n" },
	{ "chdir", 'C', required_argument, OPT_CHDIR, 0,
	    "  -C, --chdir DIR            final working directory\n" },
	{ "chdir-fd", 0, required_argument, OPT_CHDIR_FD, 0,
	    "      --chdir-fd N           final working directory: the one open on fd N\n" },
	{ "umask", 0, required_argument, OPT_UMASK, 0,
	    "      --umask MODE           set the umask (octal, up to 0777)\n" },
	{ "jail-before", 0, required_argument, OPT_JAIL_BEFORE, 0,
	    "      --jail-before JID, --jail-after JID\n"
	    "                             FreeBSD jails: refused on Linux\n" },
	{ "jail-after", 0, required_argument, OPT_JAIL_AFTER, 0, "" },
	{ NULL, 0, 0, 0, 0,
	    "\n"
	    "PROGRAM without a '/' is searched in the caller's PATH (setting PATH for\n"
	    "the program does not change the search). Options repeat only where said:\n"
	    "-u, -e, NAME=VALUE, -S, --fd (each N once) and --rlimit (each resource\n"
	    "once); any other option given twice is an error.\n"
	    "\n"
	    "Exit status: 125 if spawn failed (usage, a bad value, a failed step);\n"
	    "126 if PROGRAM could not be executed; 127 if PROGRAM was not found;\n"
	    "otherwise PROGRAM's own status (with --wait or an implicit fork, 128+N\n"
	    "if signal N ended it).\n"
	    "\n"
	    "Full documentation: man spawn\n" },
};

const size_t n_option_defs = sizeof(option_defs) / sizeof(option_defs[0]);

const struct option_def *
option_def(int id)
{
	for (size_t i = 0; i < n_option_defs; i++)
		if (option_defs[i].name != NULL && option_defs[i].id == id)
			return &option_defs[i];
	return NULL;
}
