/*
 * main.c: parse, resolve, pick the mode, turn errors into text and exit
 * codes. The only place that prints an error or chooses an exit status.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "options.h"
#include "exec.h"
#include "plan.h"
#include "print.h"
#include "wait.h"
#include "signals.h"
#include "coverage.h"
#include "fmt.h"
#include "sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <sys/wait.h>
#include <unistd.h>

static const char help_text[] =
    "Usage: spawn [OPTION]... [NAME=VALUE]... [--] PROGRAM [ARG]...\n"
    "Build one execution plan from the options, apply it to this process and\n"
    "execute PROGRAM (with --wait: to a child that spawn waits for).\n"
    "\n"
    "Modes and messages:\n"
    "  -w, --wait                 fork, apply the plan in the child, wait; "
    "exit\n"
    "                             with its code, or 128+N for signal N\n"
    "  -n, --dry-run[=text|json]  print the plan, run nothing\n"
    "  -v, --verbose              trace each step to stderr as it is applied\n"
    "  -q, --quiet                print no error or warning text\n"
    "      --label TEXT           prefix for messages (default: spawn)\n"
    "  -S, --split-string STRING  split STRING into words (env -S rules) and\n"
    "                             read them in its place; for #! lines\n"
    "  -h, --help                 show this help and exit\n"
    "  -V, --version              show the version and exit\n"
    "\n"
    "The program:\n"
    "      --path DIRS            search DIRS (colon-separated), not PATH\n"
    "      --no-search            PROGRAM is a path, never searched\n"
    "  -a, --argv0 NAME           argv[0] for the program (default PROGRAM)\n"
    "      --exec-fd N            execute the file open on fd N (execveat);\n"
    "                             the program does not see fd N\n"
    "\n"
    "Environment:\n"
    "  -i, --clean-env, --ignore-environment\n"
    "                             start from an empty environment\n"
    "  -u, --unset NAME           remove NAME (every copy)\n"
    "  -e, --env NAME=VALUE       set NAME; NAME=VALUE words do the same\n"
    "      --envdir DIR           each file NAME in DIR sets NAME to its first\n"
    "                             line; an empty file unsets NAME (after -i,\n"
    "                             before -u/-e)\n"
    "\n"
    "Waiting (with --wait):\n"
    "      --block-waiting SIGS   block SIGS while waiting (default "
    "INT,QUIT,CHLD)\n"
    "      --ignore-waiting SIGS  ignore SIGS while waiting (not CHLD)\n"
    "      --forward SIGS         forward SIGS to the child (as PID 1 the default\n"
    "                             is TERM,INT,HUP,QUIT,USR1,USR2,WINCH,CONT)\n"
    "      --forward-group        put the child in a group of its own and\n"
    "                             forward to that group\n"
    "      --subreaper            reap orphans (PR_SET_CHILD_SUBREAPER); PID 1\n"
    "                             always does\n"
    "      --timeout DURATION[:KILL_AFTER]\n"
    "                             TERM the child DURATION after the fork (30s,\n"
    "                             1m30s, 500ms), KILL it KILL_AFTER later; exit\n"
    "                             124 (KILL at once if it has not exec'd yet)\n"
    "  SIGS: comma list of names (TERM, SIGTERM, any case), numbers, RTMIN+n,\n"
    "  RTMAX-n. The child starts from the caller's signal state.\n"
    "\n"
    "Signals (step 1; by default ignored signals are reset, the mask "
    "emptied):\n"
    "      --signals reset|preserve  reset (default), or keep the caller's\n"
    "                             ignored signals and mask\n"
    "      --ignore SIGS          the program starts with SIGS ignored\n"
    "      --block SIGS           the program starts with SIGS blocked\n"
    "      --preserve SIGS        keep the caller's state of SIGS\n"
    "                             (--ignore and --block beat --preserve)\n"
    "\n"
    "Session, terminal, scheduling:\n"
    "      --new-session          setsid(); a process group leader forks first\n"
    "      --process-group[=PGID] setpgid: a group of its own, or join PGID\n"
    "      --foreground-tty[=FD]  make the group the foreground of the\n"
    "                             terminal on FD (default 0); needs\n"
    "                             --process-group, not --new-session\n"
    "      --set-ctty FD          make FD the controlling terminal (needs\n"
    "                             --new-session)\n"
    "      --sched-policy other|batch|idle|fifo|rr\n"
    "      --sched-priority N     1-99, for fifo and rr (required there)\n"
    "      --sched-reset-on-fork  children go back to the default policy\n"
    "      --nice N               add N to the nice value (-40 to 40)\n"
    "      --cpus LIST            CPU affinity, taskset -c syntax (0-3,6)\n"
    "      --pdeathsig SIG        SIG when the parent exits\n"
    "\n"
    "Identity (names resolved before any step, in spawn's own root):\n"
    "      --user USER[:GROUP]    uid, gid and groups of USER (USER: its\n"
    "                             database groups; USER:GROUP: just GROUP)\n"
    "      --uid ID, --gid ID     real, effective and saved uid / gid\n"
    "      --ruid, --euid, --rgid, --egid ID\n"
    "                             one id each\n"
    "      --groups G,...         supplementary groups (names or numbers)\n"
    "      --clear-groups         no supplementary groups\n"
    "      --init-groups          the database groups of the target user\n"
    "      --set-home             with --user: HOME, USER, LOGNAME from it\n"
    "      --keep-caps CAPS       keep these capabilities after the uid drop\n"
    "                             (e.g. net_bind_service), ambient too\n"
    "      --reset-ids            effective ids := real ids, first\n"
    "      --no-new-privs         set PR_SET_NO_NEW_PRIVS\n"
    "  When an id changes the groups are always set (the option, else the\n"
    "  user's, else none): the caller's never leak.\n"
    "\n"
    "Namespaces (opened and checked before any step; user first, except\n"
    "namespaces an outer user namespace owns):\n"
    "      --nsenter-user, --nsenter-mount, --nsenter-uts, --nsenter-ipc,\n"
    "      --nsenter-net, --nsenter-pid, --nsenter-cgroup, --nsenter-time\n"
    "                      PATH|fd:N  setns into that namespace; a pid\n"
    "                             namespace runs the program in a child\n"
    "\n"
    "File descriptors (every fd not named is closed; 0-2 default to inherit):\n"
    "      --fd N=ACTION          ACTION: close, null, inherit, inherit:M,\n"
    "                             copy:M, open:PATH[:MODE[:PERMS]] (MODE r w "
    "a\n"
    "                             r+ w+ a+, x: must not exist; PERMS octal)\n"
    "      --rlimit NAME=LIMIT|SOFT:HARD\n"
    "                             set a resource limit (nofile, core, ... or\n"
    "                             openfiles, coredumpsize, ...; an empty side\n"
    "                             keeps the current value; sizes take b k m g\n"
    "                             t p e, times s m h d w y; unlimited)\n"
    "      --lock FILE            hold an exclusive flock on FILE (a regular\n"
    "                             file, opened read-only, created 0644 if\n"
    "                             missing) while the program runs\n"
    "      --lock-nowait FILE     the same, but fail (125) if it is held\n"
    "\n"
    "Directories:\n"
    "      --chroot-before DIR    chroot to DIR (then chdir /) before the fds\n"
    "      --chdir-before DIR     chdir to DIR before the fds\n"
    "      --chroot DIR           chroot to DIR, then chdir to its root\n"
    "  -C, --chdir DIR            final working directory\n"
    "      --chdir-fd N           final working directory: the one open on fd "
    "N\n"
    "      --umask MODE           set the umask (octal, up to 0777)\n"
    "      --jail-before JID, --jail-after JID\n"
    "                             FreeBSD jails: refused on Linux\n"
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
    "Full documentation: man spawn\n";

/*
 * Write the strings to fd 2, as one write: no buffer, so no length limit,
 * and no stdio, since in exec mode this runs after steps have changed the
 * process. A closed or broken stderr changes nothing.
 */
static void
say_parts(const char *const *s)
{
	struct iovec iov[SYS_WRITE_ERR_MAX];
	int n = 0;

	for (; *s != NULL && n < SYS_WRITE_ERR_MAX; s++)
		iov[n++] = (struct iovec){ (void *)*s, strlen(*s) };
	sys_write_err(iov, n);
}

#define say(...) say_parts((const char *const[]){ __VA_ARGS__, NULL })

/*
 * Turn an apply-phase error into text on fd 2 as the plan left it, and
 * return the exit status.
 */
static int
report(const struct plan *p, const struct spawn_err *e)
{
	int detail = e->detail >= 0 && (size_t)e->detail < p->n_detail;

	if (!p->o->quiet)
		say(p->prefix, step_names[e->step], detail ? ": " : "",
		    detail ? p->detail[e->detail] : "", e->err ? ": " : "",
		    e->err ? errno_text(e->err) : "", "\n");
	if (e->step == STEP_EXEC)
		return e->err == ENOENT ? EXIT_NOTFOUND : EXIT_CANNOT;
	return EXIT_SETUP;
}

/*
 * The exit status of a waiting spawn: the child's code, or 128+N for a
 * death by signal N, as a shell reports it. --verbose names the signal.
 */
static int
child_status(const struct plan *p, int st)
{
	char name[16], num[16];

	if (WIFSIGNALED(st) && p->o->verbose && !p->o->quiet) {
		fmt(num, sizeof(num), "%d", WTERMSIG(st));
		say(p->prefix, "child killed by signal ", num, " (",
		    sig_name(WTERMSIG(st), name, sizeof(name)),
		    WCOREDUMP(st) ? "), core dumped\n" : ")\n");
	}
	return wait_exit_code(st);
}

static int
usage_error(const struct opts *o, const char *msg)
{
	if (!o->quiet)
		say(o->label, ": ", msg,
		    "\nTry 'spawn --help' for more information.\n");
	return EXIT_SETUP;
}

static int
value_error(const struct opts *o, const char *msg)
{
	if (!o->quiet)
		say(o->label, ": ", msg, "\n");
	return EXIT_SETUP;
}

/* stdout must have taken the whole text: a dry run cut short is a failure. */
static int
finish_stdout(const struct opts *o)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (!o->quiet)
			say(o->label, ": write error: ", errno_text(errno),
			    "\n");
		return EXIT_SETUP;
	}
	return 0;
}

/*
 * spawn is for stepping down from root: it must not run with privileges
 * its own file gave it, which would let any caller build a plan with
 * them. Refused: a file that carries setuid or setgid bits, even when
 * they changed nothing (root running it), so that whoever installed it
 * so learns at once, as gosu does; and an exec the kernel marks secure
 * (AT_SECURE), unless the caller's own ids explain it. The kernel marks
 * every exec secure whose real and effective ids differ, and such a
 * caller (a setuid program's child, the one --reset-ids is for) got them
 * from elsewhere: then only file capabilities are looked for. A mark the
 * ids do not explain (file capabilities raising a caller's permitted
 * set, a security module's decision) is refused whatever its cause.
 */
static int
refuse_setuid(void)
{
	static const char secure[] =
	    "spawn: refusing to run: the kernel marked this exec secure "
	    "(set-user-ID, set-group-ID or file capabilities)\n";
	static const char bits[] = "spawn: refusing to run: this file is "
	                           "installed setuid or setgid\n";
	static const char caps[] = "spawn: refusing to run: this file carries "
	                           "file capabilities\n";
	struct stat st;
	uid_t r, e, sv;
	gid_t rg, eg, sg;

	if (stat("/proc/self/exe", &st) == 0 &&
	    (st.st_mode & (S_ISUID | S_ISGID))) {
		say(bits);
		return 1;
	}
	if (getauxval(AT_SECURE) == 0)
		return 0;
	if (getxattr("/proc/self/exe", "security.capability", NULL, 0) >= 0 ||
	    errno == ERANGE) {
		say(caps);
		return 1;
	}
	if (getresuid(&r, &e, &sv) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    (r == e && rg == eg)) {
		say(secure);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv, char **envp)
{
	struct opts o;
	struct plan p;
	struct spawn_err e;
	char msg[512];
	int rc, st;

	/* argv[1] aliases envp[0] when argc is 0 (CVE-2021-4034). */
	if (argc < 1 || argv[0] == NULL) {
		say("spawn: called with an empty argument list\n");
		return EXIT_SETUP;
	}

	if (refuse_setuid())
		return EXIT_SETUP;
	if (options_parse(argc, argv, envp, &o, msg, sizeof(msg)) < 0) {
		rc = usage_error(&o, msg);
		options_free(&o);
		return rc;
	}
	if (o.help || o.version) {
		if (o.help)
			fputs(help_text, stdout);
		else
			printf("spawn %s\n", SPAWN_VERSION);
		rc = finish_stdout(&o);
		options_free(&o);
		return rc;
	}

	if (plan_resolve(
	        &o, envp, o.dry_run != DRY_NONE, &p, msg, sizeof(msg)) < 0) {
		rc = value_error(&o, msg);
		plan_free(&p);
		options_free(&o);
		return rc;
	}

	if (!o.quiet)
		for (size_t i = 0; i < p.n_warnings; i++)
			say(o.label, ": warning: ", p.warnings[i], "\n");

	if (o.dry_run != DRY_NONE) {
		if (o.dry_run == DRY_JSON)
			plan_print_json(&p, stdout);
		else
			plan_print_text(&p, stdout);
		rc = finish_stdout(&o);
		plan_free(&p);
		options_free(&o);
		return rc;
	}

	/* Nothing went to stdout on this path, so there is nothing to flush. */
	switch (plan_apply(&p, 0, &e, &st)) {
	case APPLY_WAITED:
		COVERAGE_DUMP();
		_exit(child_status(&p, st));
	case APPLY_TIMEOUT:
		/* As timeout(1): the time ran out. */
		child_status(&p, st);
		COVERAGE_DUMP();
		_exit(EXIT_TIMEOUT);
	case APPLY_TIMEOUT_EARLY:
		if (!o.quiet)
			say(p.prefix,
			    "timeout: the time ran out before the program "
			    "started: it never ran\n");
		COVERAGE_DUMP();
		_exit(EXIT_TIMEOUT);
	}
	COVERAGE_DUMP();
	_exit(report(&p, &e));
}
