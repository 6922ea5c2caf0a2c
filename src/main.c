/*
 * main.c: parse, resolve, pick the mode, turn errors into text and exit
 * codes. The only place that prints an error or chooses an exit status.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "optable.h"
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
