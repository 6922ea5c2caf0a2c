/*
 * options.c: argv -> struct opts.
 *
 * Pure: no system calls with effects, no exit, no printing. getopt_long's
 * array and short string come from the one option table (optable.c);
 * each option's value is parsed and checked here (numbers strictly,
 * lists to sets), -S rebuilds the argument vector (split.c), and the
 * rules between options are one table checked after the loop. Errors come
 * back as text in msg (without the "spawn: " prefix) and -1.
 */
#define _GNU_SOURCE 1
#include "options.h"
#include "arena.h"
#include "caps.h"
#include "fmt.h"
#include "num.h"
#include "optable.h"
#include "sched.h"
#include "signals.h"
#include "split.h"
#include "step.h"

#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

/* The state of one parse. */
struct parse {
	struct opts *o;
	char **envp;
	char **av; /* argv, or the vector -S rebuilt */
	int ac;
	unsigned char given[OPT_END];
	char *msg;
	size_t len;
};

/* The option id getopt's answer stands for (a letter, or an id). */
static int
option_id(int c)
{
	return c > OPT_FIRST ? c : option_of_letter(c);
}

static const char *
opt_name(int id)
{
	return option_name(id);
}

/* Append one item of size bytes to a growing array. */
static int
append(void *arrp, size_t *n, size_t *cap, const void *item, size_t size)
{
	char **arr = arrp, *a = mem_grow(*arr, *n, cap, size);

	if (a == NULL)
		return -1;
	*arr = a;
	memcpy(a + *n * size, item, size);
	(*n)++;
	return 0;
}

/* Storage the opts keep until options_free: -S words, argv rebuilt. */
static int
own(struct opts *o, void *ptr)
{
	if (ptr != NULL && append(&o->owned, &o->n_owned, &o->owned_cap, &ptr,
	                       sizeof(ptr)) == 0)
		return 0;
	mem_free(ptr);
	return -1;
}

static int
add_env_op(struct parse *ps, int unset, const char *arg)
{
	struct env_op op = { unset, arg };
	struct opts *o = ps->o;

	if (append(&o->env_ops, &o->n_env_ops, &o->env_ops_cap, &op,
	        sizeof(op)) < 0)
		return errorf(ps->msg, ps->len, "out of memory");
	return 0;
}

/* --fd N=ACTION: parsed now; naming an N twice is an error. */
static int
add_fd(struct opts *o, const char *spec, char *msg, size_t len)
{
	struct fd_action a;
	size_t i;

	if (fd_parse(spec, &a, msg, len) < 0)
		return -1;
	for (i = 0; i < o->n_fds; i++)
		if (o->fds[i].fd == a.fd) {
			fd_action_free(&a);
			return errorf(msg, len,
			    "--fd %s: fd %d is already given (--fd %s)", spec,
			    a.fd, o->fds[i].spec);
		}
	if (append(&o->fds, &o->n_fds, &o->fds_cap, &a, sizeof(a)) < 0) {
		fd_action_free(&a);
		return errorf(msg, len, "out of memory");
	}
	return 0;
}

/* --rlimit NAME=...: naming a resource twice is an error. */
static int
add_rlimit(struct opts *o, const char *spec, char *msg, size_t len)
{
	struct rlimit_req r;
	size_t i;

	if (rlimit_parse(spec, &r, msg, len) < 0)
		return -1;
	for (i = 0; i < o->n_rlimits; i++)
		if (o->rlimits[i].resource == r.resource)
			return errorf(msg, len,
			    "--rlimit %s: %s is already given (--rlimit %s)",
			    spec, rlimit_name(r.resource), o->rlimits[i].spec);
	if (append(&o->rlimits, &o->n_rlimits, &o->rlimits_cap, &r, sizeof(r)) <
	    0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/*
 * A CPU list as taskset -c takes it: N, N-M or N-M:STRIDE, comma
 * separated, every number below SPAWN_CPU_MAX. Checked here, expanded in
 * sched.c (cpu_list_each).
 */
static int
check_cpus(const char *s, char *msg, size_t len)
{
	if (cpu_list_each(s, NULL, NULL) < 0)
		return errorf(msg, len,
		    "--cpus: '%s': expected a list such as 0-3,6 (CPUs 0 to "
		    "%d)",
		    s, SPAWN_CPU_MAX - 1);
	return 0;
}

static int
parse_duration(const char *s, size_t n, uint64_t *out)
{
	const char *p = s, *end = s + n;
	uint64_t acc = 0;

	if (n == 0)
		return -1;
	while (p < end) {
		uint64_t v = 0, m = 1000;
		const char *d = p;

		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (uint64_t)(*p - '0');
			if (v > 31536000000ULL)
				return -1;
		}
		if (p == d)
			return -1;
		if (p + 1 < end && p[0] == 'm' && p[1] == 's') {
			m = 1;
			p += 2;
		} else if (p < end) {
			switch (*p++) {
			case 's':
				m = 1000;
				break;
			case 'm':
				m = 60000;
				break;
			case 'h':
				m = 3600000;
				break;
			case 'd':
				m = 86400000;
				break;
			default:
				return -1;
			}
		}
		acc += v * m;
		if (acc > 31536000000ULL) /* a year, in ms */
			return -1;
	}
	*out = acc;
	return 0;
}

static int
parse_timeout(const char *s, struct opts *o, char *msg, size_t len)
{
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (parse_duration(s, n, &o->timeout_ms) < 0 || o->timeout_ms == 0 ||
	    (colon != NULL && (parse_duration(colon + 1, strlen(colon + 1),
	                           &o->kill_after_ms) < 0 ||
	                          o->kill_after_ms == 0)))
		return errorf(msg, len,
		    "--timeout '%s': expected DURATION[:KILL_AFTER], each a "
		    "positive duration such as 30s, 1m30s or 500ms",
		    s);
	return 0;
}

static const char *
last_word(char **av, int ac)
{
	int i = optind - 1;

	if (i >= ac)
		i = ac - 1;
	return i >= 0 && av[i] != NULL ? av[i] : "";
}

static int
parse_fd(const char *s, const char *opt, int *fd, char *msg, size_t len)
{
	long long v;
	const char *why = num_parse(s, 0, INT_MAX, &v);

	if (why != NULL)
		return errorf(msg, len, "--%s: '%s': %s (an fd is 0 to %d)",
		    opt, s, why, INT_MAX);
	*fd = (int)v;
	return 0;
}

static int
parse_umask(const char *s, mode_t *m, char *msg, size_t len)
{
	const char *p;
	unsigned v = 0;

	if (*s == '\0')
		return errorf(msg, len, "--umask: '': not an octal mode");
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			return errorf(
			    msg, len, "--umask: '%s': not an octal mode", s);
		v = v * 8 + (unsigned)(*p - '0');
		if (v > 0777)
			return errorf(msg, len,
			    "--umask: '%s': out of range (0 to 0777)", s);
	}
	*m = (mode_t)v;
	return 0;
}

static int
is_assignment(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq != NULL && memchr(s, '/', (size_t)(eq - s)) == NULL;
}

static int
check_assignment(const char *s, const char *what, char *msg, size_t len)
{
	if (s[0] == '=')
		return errorf(
		    msg, len, "%s '%s': empty variable name", what, s);
	return 0;
}

/* A number in [min, max] for option opt, as the messages say it. */
static int
parse_int(const char *s, const char *opt, long long min, long long max,
    int *out, char *msg, size_t len)
{
	long long v;
	const char *why = num_parse(s, min, max, &v);

	if (why != NULL)
		return errorf(msg, len, "--%s: '%s': %s (%lld to %lld)", opt, s,
		    why, min, max);
	*out = (int)v;
	return 0;
}

/* -S: the words of STRING take its place in the vector getopt reads. */
static int
split_words(struct parse *ps, const char *arg)
{
	char **words = NULL, **nav;
	size_t n = 0, i;
	int rest = ps->ac - optind;

	if (split_string(arg, ps->envp, &words, &n, ps->msg, ps->len) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (own(ps->o, words[i]) < 0) {
			while (++i < n)
				mem_free(words[i]);
			mem_free(words);
			return errorf(ps->msg, ps->len, "out of memory");
		}
	/* Words processed so far are in o; keep argv[0]. */
	nav = mem_alloc((1 + n + (size_t)rest + 1) * sizeof(*nav));
	if (nav == NULL || own(ps->o, nav) < 0) {
		mem_free(words);
		return errorf(ps->msg, ps->len, "out of memory");
	}
	nav[0] = ps->av[0];
	for (i = 0; i < n; i++)
		nav[1 + i] = words[i];
	for (i = 0; i < (size_t)rest; i++)
		nav[1 + n + i] = ps->av[optind + (int)i];
	nav[1 + n + (size_t)rest] = NULL;
	mem_free(words);
	ps->av = nav;
	ps->ac = 1 + (int)n + rest;
	optind = 0; /* restart getopt on the new vector */
	return 0;
}

/* A signal list of option id: the set, with the option's own rules. */
static int
parse_sigs(struct parse *ps, int id, const char *arg, uint64_t *set)
{
	int flags = SIG_NO_KILL_STOP;
	char opt[32];

	switch (id) {
	case OPT_IGNORE_WAITING:
		flags |= SIG_FOR_IGNORE | SIG_NO_CHLD;
		break;
	case OPT_IGNORE:
		flags |= SIG_FOR_IGNORE;
		break;
	case OPT_FORWARD:
		flags |= SIG_FOR_FORWARD;
		break;
	case OPT_PRESERVE:
		flags = 0;
		break;
	}
	fmt(opt, sizeof(opt), "--%s", opt_name(id));
	if (sig_parse_list(arg, opt, flags, set, ps->msg, ps->len) < 0)
		return -1;
	if (id == OPT_FORWARD && (*set & SIG_BIT(SIGCHLD)))
		return errorf(
		    ps->msg, ps->len, "--forward: CHLD is never forwarded");
	return 0;
}

/* Modes, messages, the program and the environment. */
static int
opt_general(struct parse *ps, int id, char *arg)
{
	struct opts *o = ps->o;

	switch (id) {
	case OPT_WAIT:
		o->wait = 1;
		return 0;
	case OPT_DRY_RUN:
		if (arg == NULL || strcmp(arg, "text") == 0)
			o->dry_run = DRY_TEXT;
		else if (strcmp(arg, "json") == 0)
			o->dry_run = DRY_JSON;
		else
			return errorf(ps->msg, ps->len,
			    "--dry-run: unknown format '%s' (text or json)",
			    arg);
		return 0;
	case OPT_VERBOSE:
		o->verbose = 1;
		return 0;
	case OPT_QUIET:
		o->quiet = 1;
		return 0;
	case OPT_LABEL:
		o->label = arg;
		return 0;
	case OPT_SPLIT_STRING:
		return split_words(ps, arg);
	case OPT_HELP:
		o->help = 1;
		return 0;
	case OPT_VERSION:
		o->version = 1;
		return 0;
	case OPT_PATH:
		o->search_path = arg;
		return 0;
	case OPT_NO_SEARCH:
		o->no_search = 1;
		return 0;
	case OPT_ARGV0:
		o->argv0 = arg;
		return 0;
	case OPT_EXEC_FD:
		o->have_exec_fd = 1;
		return parse_fd(arg, "exec-fd", &o->exec_fd, ps->msg, ps->len);
	case OPT_CLEAN_ENV:
		o->clean_env = 1;
		return 0;
	case OPT_UNSET:
		if (arg[0] == '\0')
			return errorf(ps->msg, ps->len,
			    "--unset '': empty variable name");
		if (strchr(arg, '=') != NULL)
			return errorf(ps->msg, ps->len,
			    "--unset '%s': a name cannot contain '='", arg);
		return add_env_op(ps, 1, arg);
	case OPT_ENV:
		if (strchr(arg, '=') == NULL)
			return errorf(ps->msg, ps->len,
			    "--env '%s': expected NAME=VALUE", arg);
		if (check_assignment(arg, "--env", ps->msg, ps->len) < 0)
			return -1;
		return add_env_op(ps, 0, arg);
	case OPT_ENVDIR:
		o->envdir = arg;
		return 0;
	}
	return 1;
}

/* Waiting, and the signals the program starts with. */
static int
opt_signals(struct parse *ps, int id, char *arg)
{
	struct opts *o = ps->o;

	switch (id) {
	case OPT_BLOCK_WAITING:
		o->have_block_waiting = 1;
		return parse_sigs(ps, id, arg, &o->block_waiting);
	case OPT_IGNORE_WAITING:
		o->have_ignore_waiting = 1;
		return parse_sigs(ps, id, arg, &o->ignore_waiting);
	case OPT_FORWARD:
		o->have_forward = 1;
		return parse_sigs(ps, id, arg, &o->forward);
	case OPT_FORWARD_GROUP:
		o->forward_group = 1;
		return 0;
	case OPT_SUBREAPER:
		o->subreaper = 1;
		return 0;
	case OPT_TIMEOUT:
		o->have_timeout = 1;
		return parse_timeout(arg, o, ps->msg, ps->len);
	case OPT_SIGNALS:
		if (strcmp(arg, "preserve") == 0)
			o->signals_preserve = 1;
		else if (strcmp(arg, "reset") != 0)
			return errorf(ps->msg, ps->len,
			    "--signals: '%s': expected reset or preserve", arg);
		o->have_signals = 1;
		return 0;
	case OPT_IGNORE:
		o->have_sig_ignore = 1;
		return parse_sigs(ps, id, arg, &o->sig_ignore);
	case OPT_BLOCK:
		o->have_sig_block = 1;
		return parse_sigs(ps, id, arg, &o->sig_block);
	case OPT_PRESERVE:
		o->have_sig_preserve = 1;
		return parse_sigs(ps, id, arg, &o->sig_preserve);
	}
	return 1;
}

/* Session, terminal, scheduling, parent death. */
static int
opt_process(struct parse *ps, int id, char *arg)
{
	struct opts *o = ps->o;
	char *msg = ps->msg;
	size_t len = ps->len;

	switch (id) {
	case OPT_NEW_SESSION:
		o->new_session = 1;
		return 0;
	case OPT_PROCESS_GROUP: {
		long long ll;
		const char *why;

		o->have_pgroup = 1;
		if (arg == NULL)
			return 0;
		if ((why = num_parse(arg, 0, INT_MAX, &ll)) != NULL)
			return errorf(
			    msg, len, "--process-group: '%s': %s", arg, why);
		o->pgroup = (pid_t)ll;
		return 0;
	}
	case OPT_FOREGROUND_TTY:
		o->have_fg_tty = 1;
		return arg == NULL ? 0
		                   : parse_fd(arg, "foreground-tty", &o->fg_tty,
		                         msg, len);
	case OPT_SET_CTTY:
		o->have_set_ctty = 1;
		return parse_fd(arg, "set-ctty", &o->set_ctty, msg, len);
	case OPT_SCHED_POLICY:
		if (sched_policy_parse(arg, &o->sched_policy) < 0)
			return errorf(msg, len,
			    "--sched-policy: '%s': expected other, batch, "
			    "idle, fifo or rr",
			    arg);
		o->have_sched_policy = 1;
		return 0;
	case OPT_SCHED_PRIORITY:
		o->have_sched_priority = 1;
		return parse_int(
		    arg, "sched-priority", 0, 99, &o->sched_priority, msg, len);
	case OPT_SCHED_RESET_ON_FORK:
		o->sched_reset_on_fork = 1;
		return 0;
	case OPT_NICE:
		o->have_nice = 1;
		return parse_int(arg, "nice", -40, 40, &o->nice, msg, len);
	case OPT_CPUS:
		o->cpus_text = arg;
		return check_cpus(arg, msg, len);
	case OPT_PDEATHSIG:
		o->have_pdeathsig = 1;
		if (sig_parse(arg, &o->pdeathsig) < 0)
			return errorf(
			    msg, len, "--pdeathsig: unknown signal '%s'", arg);
		return 0;
	}
	return 1;
}

/* Identity and namespaces. */
static int
opt_identity(struct parse *ps, int id, char *arg)
{
	struct opts *o = ps->o;
	const char **ids[] = { [OPT_USER - OPT_USER] = &o->user,
		[OPT_UID - OPT_USER] = &o->uid,
		[OPT_GID - OPT_USER] = &o->gid,
		[OPT_RUID - OPT_USER] = &o->ruid,
		[OPT_EUID - OPT_USER] = &o->euid,
		[OPT_RGID - OPT_USER] = &o->rgid,
		[OPT_EGID - OPT_USER] = &o->egid,
		[OPT_GROUPS - OPT_USER] = &o->groups };

	if (id >= OPT_USER && id <= OPT_GROUPS) {
		*ids[id - OPT_USER] = arg;
		return 0;
	}
	if (id >= OPT_NSENTER_FIRST && id < OPT_NSENTER_FIRST + NS_COUNT) {
		if (*arg == '\0')
			return errorf(
			    ps->msg, ps->len, "--%s: empty path", opt_name(id));
		o->ns[id - OPT_NSENTER_FIRST] = arg;
		return 0;
	}
	switch (id) {
	case OPT_CLEAR_GROUPS:
		o->clear_groups = 1;
		return 0;
	case OPT_INIT_GROUPS:
		o->init_groups = 1;
		return 0;
	case OPT_SET_HOME:
		o->set_home = 1;
		return 0;
	case OPT_KEEP_CAPS:
		o->have_keep_caps = 1;
		return caps_parse(arg, &o->keep_caps, ps->msg, ps->len);
	case OPT_RESET_IDS:
		o->reset_ids = 1;
		return 0;
	case OPT_NO_NEW_PRIVS:
		o->no_new_privs = 1;
		return 0;
	}
	return 1;
}

/* File descriptors, limits, the lock, directories. */
static int
opt_files(struct parse *ps, int id, char *arg)
{
	struct opts *o = ps->o;

	switch (id) {
	case OPT_FD:
		return add_fd(o, arg, ps->msg, ps->len);
	case OPT_RLIMIT:
		return add_rlimit(o, arg, ps->msg, ps->len);
	case OPT_LOCK:
	case OPT_LOCK_NOWAIT:
		if (o->lock != NULL)
			return errorf(ps->msg, ps->len,
			    "--lock and --lock-nowait: only one lock");
		o->lock = arg;
		o->lock_nowait = id == OPT_LOCK_NOWAIT;
		return 0;
	case OPT_CHROOT_BEFORE:
		o->chroot_before = arg;
		return 0;
	case OPT_CHDIR_BEFORE:
		o->chdir_before = arg;
		return 0;
	case OPT_CHROOT:
		o->chroot = arg;
		return 0;
	case OPT_CHDIR:
		o->chdir = arg;
		return 0;
	case OPT_CHDIR_FD:
		o->have_chdir_fd = 1;
		return parse_fd(
		    arg, "chdir-fd", &o->chdir_fd, ps->msg, ps->len);
	case OPT_UMASK:
		o->have_umask = 1;
		return parse_umask(arg, &o->umask, ps->msg, ps->len);
	case OPT_JAIL_BEFORE:
	case OPT_JAIL_AFTER:
		return errorf(ps->msg, ps->len,
		    "--%s: FreeBSD jails are not supported on Linux",
		    opt_name(id));
	}
	return 1;
}

/* One option: its value into the opts. */
static int
take_option(struct parse *ps, int id, char *arg)
{
	static int (*const groups[])(struct parse *, int, char *) = {
		opt_general, opt_signals, opt_process, opt_identity, opt_files
	};
	if (id <= OPT_FIRST || id >= OPT_END)
		return errorf(
		    ps->msg, ps->len, "internal error: option %d", id);
	if (!option_repeats(id)) {
		if (ps->given[id])
			return errorf(ps->msg, ps->len,
			    "--%s given twice (it does not repeat)",
			    opt_name(id));
		ps->given[id] = 1;
	}
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		int r = groups[g](ps, id, arg);

		if (r <= 0)
			return r;
	}
	return errorf(ps->msg, ps->len, "internal error: option %d", id);
}

/* A getopt error: an unknown option, or a missing argument. */
static int
getopt_error(struct parse *ps, int c)
{
	const char *w = last_word(ps->av, ps->ac);
	int letter = optopt != 0 && optopt < 256 && w[1] != '-';

	if (c == '?')
		return letter ? errorf(ps->msg, ps->len,
		                    "invalid option -- '%c'", optopt)
		              : errorf(ps->msg, ps->len,
		                    "unrecognized option '%s'", w);
	return letter ? errorf(ps->msg, ps->len,
	                    "option requires an argument -- '%c'", optopt)
	              : errorf(ps->msg, ps->len,
	                    "option '%s' requires an argument", w);
}

/*
 * The rules between options, checked in this order after the loop: a
 * conflict (a and b both given), a need (a given without b), or a check
 * of values that writes its own message.
 */
struct rule {
	int a, b;
	int needs;
	const char *msg; /* NULL: "--a conflicts with --b", "--a needs --b" */
	int (*check)(const struct opts *o, char *msg, size_t len);
};

static int
pgroup_after_setsid(const struct opts *o, char *msg, size_t len)
{
	if (o->have_pgroup && o->new_session && o->pgroup != 0)
		return errorf(msg, len,
		    "--process-group=%d: after --new-session the process "
		    "already leads its own group",
		    (int)o->pgroup);
	return 0;
}

static int
forward_group_pgroup(const struct opts *o, char *msg, size_t len)
{
	if (o->forward_group && o->have_pgroup && o->pgroup != 0)
		return errorf(msg, len,
		    "--forward-group conflicts with --process-group=%d (the "
		    "child must lead its own group)",
		    (int)o->pgroup);
	return 0;
}

static int
sched_priority_rules(const struct opts *o, char *msg, size_t len)
{
	int rt = o->have_sched_policy &&
	         (o->sched_policy == SCHED_FIFO || o->sched_policy == SCHED_RR);

	if (rt && !o->have_sched_priority)
		return errorf(msg, len,
		    "--sched-policy fifo and rr need --sched-priority");
	if (o->have_sched_priority && !rt)
		return errorf(msg, len,
		    "--sched-priority needs --sched-policy fifo or rr");
	return 0;
}

#define GROUPS_CONFLICT "--groups, --clear-groups and --init-groups conflict"

static const struct rule rules[] = {
	{ OPT_USER, OPT_UID, 0, NULL, NULL },
	{ OPT_USER, OPT_GID, 0, NULL, NULL },
	{ OPT_GROUPS, OPT_CLEAR_GROUPS, 0, GROUPS_CONFLICT, NULL },
	{ OPT_GROUPS, OPT_INIT_GROUPS, 0, GROUPS_CONFLICT, NULL },
	{ OPT_CLEAR_GROUPS, OPT_INIT_GROUPS, 0, GROUPS_CONFLICT, NULL },
	{ OPT_SET_HOME, OPT_USER, 1, NULL, NULL },
	{ OPT_UID, OPT_RUID, 0, NULL, NULL },
	{ OPT_UID, OPT_EUID, 0, NULL, NULL },
	{ OPT_GID, OPT_RGID, 0, NULL, NULL },
	{ OPT_GID, OPT_EGID, 0, NULL, NULL },
	{ 0, 0, 0, NULL, pgroup_after_setsid },
	{ 0, 0, 0, NULL, forward_group_pgroup },
	{ OPT_FOREGROUND_TTY, OPT_PROCESS_GROUP, 1, NULL, NULL },
	{ OPT_FOREGROUND_TTY, OPT_NEW_SESSION, 0,
	    "--foreground-tty conflicts with --new-session (use --set-ctty, "
	    "which makes the group the foreground)",
	    NULL },
	{ OPT_SET_CTTY, OPT_NEW_SESSION, 1, NULL, NULL },
	{ 0, 0, 0, NULL, sched_priority_rules },
	{ OPT_SCHED_RESET_ON_FORK, OPT_SCHED_POLICY, 1, NULL, NULL },
	{ OPT_BLOCK_WAITING, OPT_WAIT, 1, NULL, NULL },
	{ OPT_IGNORE_WAITING, OPT_WAIT, 1, NULL, NULL },
	{ OPT_FORWARD, OPT_WAIT, 1, NULL, NULL },
	{ OPT_FORWARD_GROUP, OPT_WAIT, 1, NULL, NULL },
	{ OPT_SUBREAPER, OPT_WAIT, 1, NULL, NULL },
	{ OPT_TIMEOUT, OPT_WAIT, 1, NULL, NULL },
	{ OPT_PATH, OPT_NO_SEARCH, 0, "--path and --no-search conflict", NULL },
	{ OPT_EXEC_FD, OPT_NO_SEARCH, 0,
	    "--exec-fd conflicts with --no-search (the program is never "
	    "searched)",
	    NULL },
	{ OPT_EXEC_FD, OPT_PATH, 0,
	    "--exec-fd conflicts with --path (the program is never searched)",
	    NULL },
	{ OPT_CHDIR_FD, OPT_CHDIR, 0,
	    "--chdir-fd and --chdir conflict (both set the final directory)",
	    NULL },
};

static int
check_rules(const struct parse *ps)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];

		if (r->check != NULL) {
			if (r->check(ps->o, ps->msg, ps->len) < 0)
				return -1;
			continue;
		}
		if (!ps->given[r->a] || ps->given[r->b] == r->needs)
			continue;
		if (r->msg != NULL)
			return errorf(ps->msg, ps->len, "%s", r->msg);
		return errorf(ps->msg, ps->len, "--%s %s --%s", opt_name(r->a),
		    r->needs ? "needs" : "conflicts with", opt_name(r->b));
	}
	return 0;
}

/* The words after the options: assignments (after "--" too), PROGRAM. */
static int
take_program(struct parse *ps)
{
	while (optind < ps->ac && is_assignment(ps->av[optind])) {
		if (check_assignment(
		        ps->av[optind], "assignment", ps->msg, ps->len) < 0 ||
		    add_env_op(ps, 0, ps->av[optind]) < 0)
			return -1;
		optind++;
	}
	if (optind >= ps->ac)
		return errorf(ps->msg, ps->len, "no PROGRAM given");
	ps->o->args = ps->av + optind;
	ps->o->n_args = ps->ac - optind;
	return 0;
}

int
options_parse(
    int argc, char **argv, char **envp, struct opts *o, char *msg, size_t len)
{
	struct parse ps = { o, envp, argv, argc, { 0 }, msg, len };
	int c;

	memset(o, 0, sizeof(*o));
	o->label = "spawn";
	msg[0] = '\0';
	if (argc < 1)
		return errorf(msg, len, "called with an empty argument list");
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(
	            ps.ac, ps.av, getopt_shorts, getopt_longs, NULL)) != -1) {
		if (c == '?' || c == ':')
			return getopt_error(&ps, c);
		if (c == 1) {
			/* A non-option word: an assignment, or PROGRAM. */
			if (!is_assignment(optarg)) {
				optind--;
				break;
			}
			if (check_assignment(optarg, "assignment", msg, len) <
			        0 ||
			    add_env_op(&ps, 0, optarg) < 0)
				return -1;
			continue;
		}
		if (take_option(&ps, option_id(c), optarg) < 0)
			return -1;
	}
	if (o->help || o->version)
		return 0;
	if (take_program(&ps) < 0)
		return -1;
	return check_rules(&ps);
}

void
options_free(struct opts *o)
{
	size_t i;

	for (i = 0; i < o->n_owned; i++)
		mem_free(o->owned[i]);
	for (i = 0; i < o->n_fds; i++)
		fd_action_free(&o->fds[i]);
	mem_free(o->fds);
	mem_free(o->rlimits);
	mem_free(o->owned);
	mem_free(o->env_ops);
	memset(o, 0, sizeof(*o));
}
