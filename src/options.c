/*
 * options.c: argv -> struct opts.
 *
 * Pure: no system calls with effects, no exit, no printing. Errors come back
 * as text in msg (without the "spawn: " prefix) and a return value of -1.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "options.h"
#include "caps.h"
#include "sched.h"
#include "step.h"
#include "ids.h"
#include "signals.h"
#include "arena.h"
#include "fmt.h"
#include "num.h"

#include <getopt.h>
#include <sched.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_PATH = 256,
	OPT_NO_SEARCH,
	OPT_EXEC_FD,
	OPT_CHROOT_BEFORE,
	OPT_CHDIR_BEFORE,
	OPT_CHROOT,
	OPT_CHDIR_FD,
	OPT_UMASK,
	OPT_JAIL_BEFORE,
	OPT_JAIL_AFTER,
	OPT_LABEL,
	OPT_DRY_RUN_LONG,
	OPT_BLOCK_WAITING,
	OPT_IGNORE_WAITING,
	OPT_NEW_SESSION,
	OPT_SIGNALS,
	OPT_SIG_IGNORE,
	OPT_SIG_BLOCK,
	OPT_SIG_PRESERVE,
	OPT_FD,
	OPT_RLIMIT,
	OPT_LOCK,
	OPT_LOCK_NOWAIT,
	OPT_PGROUP,
	OPT_FG_TTY,
	OPT_SET_CTTY,
	OPT_SCHED_POLICY,
	OPT_SCHED_PRIORITY,
	OPT_SCHED_RESET,
	OPT_NICE,
	OPT_CPUS,
	OPT_PDEATHSIG,
	OPT_RESET_IDS,
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
	OPT_NO_NEW_PRIVS,
	OPT_ENVDIR,
	OPT_FORWARD,
	OPT_FORWARD_GROUP,
	OPT_SUBREAPER,
	OPT_TIMEOUT,
	OPT_NS_FIRST,
	OPT_NS_LAST = OPT_NS_FIRST + NS_COUNT - 1,
	OPT_MAX
};

static const struct option long_opts[] = {
	{ "wait", no_argument, NULL, 'w' },
	{ "block-waiting", required_argument, NULL, OPT_BLOCK_WAITING },
	{ "ignore-waiting", required_argument, NULL, OPT_IGNORE_WAITING },
	{ "new-session", no_argument, NULL, OPT_NEW_SESSION },
	{ "envdir", required_argument, NULL, OPT_ENVDIR },
	{ "forward", required_argument, NULL, OPT_FORWARD },
	{ "forward-group", no_argument, NULL, OPT_FORWARD_GROUP },
	{ "subreaper", no_argument, NULL, OPT_SUBREAPER },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "signals", required_argument, NULL, OPT_SIGNALS },
	{ "fd", required_argument, NULL, OPT_FD },
	{ "rlimit", required_argument, NULL, OPT_RLIMIT },
	{ "lock", required_argument, NULL, OPT_LOCK },
	{ "lock-nowait", required_argument, NULL, OPT_LOCK_NOWAIT },
	{ "process-group", optional_argument, NULL, OPT_PGROUP },
	{ "foreground-tty", optional_argument, NULL, OPT_FG_TTY },
	{ "set-ctty", required_argument, NULL, OPT_SET_CTTY },
	{ "sched-policy", required_argument, NULL, OPT_SCHED_POLICY },
	{ "sched-priority", required_argument, NULL, OPT_SCHED_PRIORITY },
	{ "sched-reset-on-fork", no_argument, NULL, OPT_SCHED_RESET },
	{ "nice", required_argument, NULL, OPT_NICE },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "pdeathsig", required_argument, NULL, OPT_PDEATHSIG },
	{ "reset-ids", no_argument, NULL, OPT_RESET_IDS },
	{ "user", required_argument, NULL, OPT_USER },
	{ "uid", required_argument, NULL, OPT_UID },
	{ "gid", required_argument, NULL, OPT_GID },
	{ "ruid", required_argument, NULL, OPT_RUID },
	{ "euid", required_argument, NULL, OPT_EUID },
	{ "rgid", required_argument, NULL, OPT_RGID },
	{ "egid", required_argument, NULL, OPT_EGID },
	{ "groups", required_argument, NULL, OPT_GROUPS },
	{ "clear-groups", no_argument, NULL, OPT_CLEAR_GROUPS },
	{ "init-groups", no_argument, NULL, OPT_INIT_GROUPS },
	{ "set-home", no_argument, NULL, OPT_SET_HOME },
	{ "keep-caps", required_argument, NULL, OPT_KEEP_CAPS },
	{ "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
	{ "nsenter-user", required_argument, NULL, OPT_NS_FIRST + NS_USER },
	{ "nsenter-mount", required_argument, NULL, OPT_NS_FIRST + NS_MNT },
	{ "nsenter-uts", required_argument, NULL, OPT_NS_FIRST + NS_UTS },
	{ "nsenter-ipc", required_argument, NULL, OPT_NS_FIRST + NS_IPC },
	{ "nsenter-net", required_argument, NULL, OPT_NS_FIRST + NS_NET },
	{ "nsenter-pid", required_argument, NULL, OPT_NS_FIRST + NS_PID },
	{ "nsenter-cgroup", required_argument, NULL, OPT_NS_FIRST + NS_CGROUP },
	{ "nsenter-time", required_argument, NULL, OPT_NS_FIRST + NS_TIME },
	{ "ignore", required_argument, NULL, OPT_SIG_IGNORE },
	{ "block", required_argument, NULL, OPT_SIG_BLOCK },
	{ "preserve", required_argument, NULL, OPT_SIG_PRESERVE },
	{ "dry-run", optional_argument, NULL, OPT_DRY_RUN_LONG },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "split-string", required_argument, NULL, 'S' },
	{ "path", required_argument, NULL, OPT_PATH },
	{ "no-search", no_argument, NULL, OPT_NO_SEARCH },
	{ "argv0", required_argument, NULL, 'a' },
	{ "exec-fd", required_argument, NULL, OPT_EXEC_FD },
	{ "clean-env", no_argument, NULL, 'i' },
	{ "ignore-environment", no_argument, NULL, 'i' },
	{ "unset", required_argument, NULL, 'u' },
	{ "env", required_argument, NULL, 'e' },
	{ "chroot-before", required_argument, NULL, OPT_CHROOT_BEFORE },
	{ "chdir-before", required_argument, NULL, OPT_CHDIR_BEFORE },
	{ "chroot", required_argument, NULL, OPT_CHROOT },
	{ "chdir", required_argument, NULL, 'C' },
	{ "chdir-fd", required_argument, NULL, OPT_CHDIR_FD },
	{ "umask", required_argument, NULL, OPT_UMASK },
	{ "jail-before", required_argument, NULL, OPT_JAIL_BEFORE },
	{ "jail-after", required_argument, NULL, OPT_JAIL_AFTER },
	{ NULL, 0, NULL, 0 },
};

/*
 * A leading '-' returns each non-option word as option 1, so NAME=VALUE
 * words may stand among the options; the first other word ends them, as a
 * leading '+' would. ':' makes getopt report a missing argument as ':' and
 * print nothing.
 */
static const char short_opts[] = "-:wnvqhVS:a:iu:e:C:";

static int
own(struct opts *o, void *ptr)
{
	void **n;

	if (ptr == NULL)
		return -1;
	n = mem_grow(o->owned, o->n_owned, &o->owned_cap, sizeof(*n));
	if (n == NULL) {
		mem_free(ptr);
		return -1;
	}
	o->owned = n;
	o->owned[o->n_owned++] = ptr;
	return 0;
}

static int
add_env_op(struct opts *o, int unset, const char *arg)
{
	struct env_op *n;

	n = mem_grow(o->env_ops, o->n_env_ops, &o->env_ops_cap, sizeof(*n));
	if (n == NULL)
		return -1;
	o->env_ops = n;
	o->env_ops[o->n_env_ops].unset = unset;
	o->env_ops[o->n_env_ops].arg = arg;
	o->n_env_ops++;
	return 0;
}

/* --fd N=ACTION: parsed now; naming an N twice is an error. */
static int
add_fd(struct opts *o, const char *spec, char *msg, size_t len)
{
	struct fd_action a, *n;
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
	n = mem_realloc(o->fds, (o->n_fds + 1) * sizeof(*n));
	if (n == NULL) {
		fd_action_free(&a);
		return errorf(msg, len, "out of memory");
	}
	o->fds = n;
	o->fds[o->n_fds++] = a;
	return 0;
}

/*
 * A CPU list as taskset -c takes it: N, N-M or N-M:STRIDE, comma
 * separated, every number below SPAWN_CPU_MAX. Checked here, expanded in
 * plan.c (cpu_list_each).
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

/*
 * A duration: terms NUMBER[ms|s|m|h|d] summed (a bare number is seconds),
 * as "30s", "1m30s", "500ms". Milliseconds, at most a year.
 */
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

/* --rlimit NAME=...: naming a resource twice is an error. */
static int
add_rlimit(struct opts *o, const char *spec, char *msg, size_t len)
{
	struct rlimit_req r, *n;
	size_t i;

	if (rlimit_parse(spec, &r, msg, len) < 0)
		return -1;
	for (i = 0; i < o->n_rlimits; i++)
		if (o->rlimits[i].resource == r.resource)
			return errorf(msg, len,
			    "--rlimit %s: %s is already given (--rlimit %s)",
			    spec, rlimit_name(r.resource), o->rlimits[i].spec);
	n = mem_realloc(o->rlimits, (o->n_rlimits + 1) * sizeof(*n));
	if (n == NULL)
		return errorf(msg, len, "out of memory");
	o->rlimits = n;
	o->rlimits[o->n_rlimits++] = r;
	return 0;
}

/*
 * The word getopt has just read. Where a missing argument sends optind
 * past the end (musl does), the last word.
 */
static const char *
last_word(char **av, int ac)
{
	int i = optind - 1;

	if (i >= ac)
		i = ac - 1;
	return i >= 0 && av[i] != NULL ? av[i] : "";
}

/* The name of the option a getopt code stands for, for messages. */
static const char *
opt_name(int c)
{
	static const char *const shorts[][2] = {
		{ "w", "--wait" },
		{ "n", "--dry-run" },
		{ "v", "--verbose" },
		{ "q", "--quiet" },
		{ "h", "--help" },
		{ "V", "--version" },
		{ "S", "--split-string" },
		{ "a", "--argv0" },
		{ "i", "--clean-env" },
		{ "u", "--unset" },
		{ "e", "--env" },
		{ "C", "--chdir" },
	};
	size_t i;

	for (i = 0; long_opts[i].name != NULL; i++)
		if (long_opts[i].val == c && c >= 256)
			return long_opts[i].name;
	for (i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++)
		if (shorts[i][0][0] == c)
			return shorts[i][1] + 2;
	return "?";
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

/* -S: append one byte to the word being built. */
struct word {
	char *buf;
	size_t len, cap;
};

static int
word_add(struct word *w, const char *s, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t cap = (w->len + n + 1) * 2;
		char *b = mem_realloc(w->buf, cap);

		if (b == NULL)
			return -1;
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
	return 0;
}

static const char *
env_lookup(char **envp, const char *name, size_t n)
{
	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/*
 * Split STRING as env -S does: blanks separate words; '...' is literal
 * (only \\ and \' are escapes there); "..." and bare text take the escapes
 * \" \' \\ \$ \# \_ (a space) \n \t \r \f \v and \c (stop here); ${NAME}
 * expands outside single quotes; # at the start of a word starts a comment.
 * Each word goes to *words (owned by o).
 */
static int
split_string(struct opts *o, const char *s, char **envp, char ***words,
    int *n_words, char *msg, size_t len)
{
	struct word w = { NULL, 0, 0 };
	char **list = NULL;
	int n = 0, in_word = 0, stop = 0;
	char q = 0;
	const char *p = s;

	for (; !stop; p++) {
		char c = *p;

		if (c == '\0') {
			if (q != 0) {
				mem_free(w.buf);
				mem_free(list);
				return errorf(msg, len,
				    "--split-string: no closing %s quote",
				    q == '\'' ? "single" : "double");
			}
			break;
		}
		if (q == 0 && (c == ' ' || c == '\t' || c == '\n' ||
		                  c == '\r' || c == '\f' || c == '\v')) {
			if (!in_word)
				continue;
			goto end_word;
		}
		if (q == 0 && c == '#' && !in_word)
			break;
		if (q == 0 && (c == '\'' || c == '"')) {
			q = c;
			in_word = 1;
			if (word_add(&w, "", 0) < 0)
				goto nomem;
			continue;
		}
		if (q != 0 && c == q) {
			q = 0;
			continue;
		}
		if (c == '\\') {
			char e = *++p, out;

			if (q == '\'' && e != '\\' && e != '\'') {
				p--;
				out = '\\';
			} else {
				switch (e) {
				case '"':
				case '\'':
				case '\\':
				case '$':
				case '#':
					out = e;
					break;
				case '_':
					if (q == 0) {
						if (!in_word)
							continue;
						goto end_word;
					}
					out = ' ';
					break;
				case 'n':
					out = '\n';
					break;
				case 't':
					out = '\t';
					break;
				case 'r':
					out = '\r';
					break;
				case 'f':
					out = '\f';
					break;
				case 'v':
					out = '\v';
					break;
				case 'c':
					if (q != 0) {
						mem_free(w.buf);
						mem_free(list);
						return errorf(msg, len,
						    "--split-string: '\\c' "
						    "inside quotes");
					}
					stop = 1;
					continue;
				case '\0':
					mem_free(w.buf);
					mem_free(list);
					return errorf(msg, len,
					    "--split-string: '\\' at the end");
				default:
					mem_free(w.buf);
					mem_free(list);
					return errorf(msg, len,
					    "--split-string: unknown escape "
					    "'\\%c'",
					    e);
				}
			}
			in_word = 1;
			if (word_add(&w, &out, 1) < 0)
				goto nomem;
			continue;
		}
		if (c == '$' && q != '\'') {
			const char *name = p + 2, *end, *val;

			if (p[1] != '{' || (end = strchr(name, '}')) == NULL ||
			    end == name) {
				mem_free(w.buf);
				mem_free(list);
				return errorf(msg, len,
				    "--split-string: only "
				    "${NAME} expansion is supported");
			}
			val = env_lookup(envp, name, (size_t)(end - name));
			in_word = 1;
			if (word_add(
			        &w, val ? val : "", val ? strlen(val) : 0) < 0)
				goto nomem;
			p = end;
			continue;
		}
		in_word = 1;
		if (word_add(&w, &c, 1) < 0)
			goto nomem;
		continue;
	end_word : {
		char **nl = mem_realloc(list, (size_t)(n + 1) * sizeof(*nl));

		if (nl == NULL || own(o, w.buf) < 0) {
			list = nl ? nl : list;
			goto nomem;
		}
		list = nl;
		list[n++] = w.buf;
		w.buf = NULL;
		w.len = w.cap = 0;
		in_word = 0;
	}
	}
	if (in_word) {
		char **nl = mem_realloc(list, (size_t)(n + 1) * sizeof(*nl));

		if (nl == NULL || own(o, w.buf) < 0) {
			list = nl ? nl : list;
			goto nomem;
		}
		list = nl;
		list[n++] = w.buf;
		w.buf = NULL;
	}
	mem_free(w.buf);
	if (list == NULL) {
		*words = NULL;
		*n_words = 0;
		return 0;
	}
	if (own(o, list) < 0)
		return errorf(msg, len, "out of memory");
	*words = list;
	*n_words = n;
	return 0;
nomem:
	mem_free(w.buf);
	mem_free(list);
	return errorf(msg, len, "out of memory");
}

/*
 * An assignment word: NAME=VALUE. A '/' before the '=' makes the word a
 * path, so a program whose name contains '=' can be run as ./a=b.
 */
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

int
options_parse(
    int argc, char **argv, char **envp, struct opts *o, char *msg, size_t len)
{
	unsigned char seen[OPT_MAX] = { 0 };
	char **av = argv;
	int ac = argc, c;

	memset(o, 0, sizeof(*o));
	o->label = "spawn";
	msg[0] = '\0';
	if (argc < 1)
		return errorf(msg, len, "called with an empty argument list");

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(ac, av, short_opts, long_opts, NULL)) != -1) {
		if (c == '?') {
			const char *w = last_word(av, ac);

			if (optopt != 0 && optopt < 256 && w[1] != '-')
				return errorf(
				    msg, len, "invalid option -- '%c'", optopt);
			return errorf(msg, len, "unrecognized option '%s'", w);
		}
		if (c == ':') {
			const char *w = last_word(av, ac);

			if (optopt != 0 && optopt < 256 && w[1] != '-')
				return errorf(msg, len,
				    "option requires an argument -- '%c'",
				    optopt);
			return errorf(
			    msg, len, "option '%s' requires an argument", w);
		}
		if (c == 1) {
			/* A non-option word: an assignment, or PROGRAM. */
			if (is_assignment(optarg)) {
				if (check_assignment(
				        optarg, "assignment", msg, len) < 0)
					return -1;
				if (add_env_op(o, 0, optarg) < 0)
					return errorf(
					    msg, len, "out of memory");
				continue;
			}
			optind--;
			break;
		}
		if (c > 0 && c < OPT_MAX && c != 'u' && c != 'e' && c != 'S' &&
		    c != OPT_FD && c != OPT_RLIMIT) {
			if (seen[c])
				return errorf(msg, len,
				    "--%s given twice (it does not repeat)",
				    opt_name(c));
			seen[c] = 1;
		}
		switch (c) {
		case 'n':
			o->dry_run = DRY_TEXT;
			seen[OPT_DRY_RUN_LONG] = 1;
			break;
		case OPT_DRY_RUN_LONG:
			if (optarg == NULL || strcmp(optarg, "text") == 0)
				o->dry_run = DRY_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->dry_run = DRY_JSON;
			else
				return errorf(msg, len,
				    "--dry-run: unknown "
				    "format '%s' (text or json)",
				    optarg);
			seen['n'] = 1;
			break;
		case 'w':
			o->wait = 1;
			break;
		case OPT_BLOCK_WAITING:
			if (sig_parse_list(optarg, "--block-waiting",
			        SIG_NO_KILL_STOP, &o->block_waiting, msg,
			        len) < 0)
				return -1;
			o->have_block_waiting = 1;
			break;
		case OPT_IGNORE_WAITING:
			if (sig_parse_list(optarg, "--ignore-waiting",
			        SIG_NO_KILL_STOP | SIG_FOR_IGNORE | SIG_NO_CHLD,
			        &o->ignore_waiting, msg, len) < 0)
				return -1;
			o->have_ignore_waiting = 1;
			break;
		case OPT_NEW_SESSION:
			o->new_session = 1;
			break;
		case OPT_FORWARD:
			if (sig_parse_list(optarg, "--forward",
			        SIG_NO_KILL_STOP | SIG_FOR_FORWARD, &o->forward,
			        msg, len) < 0)
				return -1;
			if (o->forward & SIG_BIT(SIGCHLD))
				return errorf(msg, len,
				    "--forward: CHLD is never forwarded");
			o->have_forward = 1;
			break;
		case OPT_ENVDIR:
			o->envdir = optarg;
			break;
		case OPT_FORWARD_GROUP:
			o->forward_group = 1;
			break;
		case OPT_SUBREAPER:
			o->subreaper = 1;
			break;
		case OPT_TIMEOUT:
			if (parse_timeout(optarg, o, msg, len) < 0)
				return -1;
			o->have_timeout = 1;
			break;
		case OPT_FD:
			if (add_fd(o, optarg, msg, len) < 0)
				return -1;
			break;
		case OPT_RLIMIT:
			if (add_rlimit(o, optarg, msg, len) < 0)
				return -1;
			break;
		case OPT_LOCK:
		case OPT_LOCK_NOWAIT:
			if (o->lock != NULL)
				return errorf(msg, len,
				    "--lock and --lock-nowait: only one lock");
			o->lock = optarg;
			o->lock_nowait = c == OPT_LOCK_NOWAIT;
			break;
		case OPT_PGROUP:
			o->have_pgroup = 1;
			if (optarg != NULL) {
				long long v;
				const char *why =
				    num_parse(optarg, 0, INT_MAX, &v);

				if (why != NULL)
					return errorf(msg, len,
					    "--process-group: '%s': %s", optarg,
					    why);
				o->pgroup = (pid_t)v;
			}
			break;
		case OPT_FG_TTY:
			o->have_fg_tty = 1;
			if (optarg != NULL && parse_fd(optarg, "foreground-tty",
			                          &o->fg_tty, msg, len) < 0)
				return -1;
			break;
		case OPT_SET_CTTY:
			if (parse_fd(
			        optarg, "set-ctty", &o->set_ctty, msg, len) < 0)
				return -1;
			o->have_set_ctty = 1;
			break;
		case OPT_SCHED_POLICY:
			if (sched_policy_parse(optarg, &o->sched_policy) < 0)
				return errorf(msg, len,
				    "--sched-policy: '%s': expected other, "
				    "batch, idle, fifo or rr",
				    optarg);
			o->have_sched_policy = 1;
			break;
		case OPT_SCHED_PRIORITY: {
			long long v;
			const char *why = num_parse(optarg, 0, 99, &v);

			if (why != NULL)
				return errorf(msg, len,
				    "--sched-priority: '%s': %s (0 to 99)",
				    optarg, why);
			o->sched_priority = (int)v;
			o->have_sched_priority = 1;
			break;
		}
		case OPT_SCHED_RESET:
			o->sched_reset_on_fork = 1;
			break;
		case OPT_NICE: {
			long long v;
			const char *why = num_parse(optarg, -40, 40, &v);

			if (why != NULL)
				return errorf(msg, len,
				    "--nice: '%s': %s (-40 to 40)", optarg,
				    why);
			o->nice = (int)v;
			o->have_nice = 1;
			break;
		}
		case OPT_CPUS:
			if (check_cpus(optarg, msg, len) < 0)
				return -1;
			o->cpus_text = optarg;
			break;
		case OPT_PDEATHSIG:
			if (sig_parse(optarg, &o->pdeathsig) < 0)
				return errorf(msg, len,
				    "--pdeathsig: unknown signal '%s'", optarg);
			o->have_pdeathsig = 1;
			break;
		case OPT_RESET_IDS:
			o->reset_ids = 1;
			break;
		case OPT_USER:
			o->user = optarg;
			break;
		case OPT_UID:
			o->uid = optarg;
			break;
		case OPT_GID:
			o->gid = optarg;
			break;
		case OPT_RUID:
			o->ruid = optarg;
			break;
		case OPT_EUID:
			o->euid = optarg;
			break;
		case OPT_RGID:
			o->rgid = optarg;
			break;
		case OPT_EGID:
			o->egid = optarg;
			break;
		case OPT_GROUPS:
			o->groups = optarg;
			break;
		case OPT_CLEAR_GROUPS:
			o->clear_groups = 1;
			break;
		case OPT_INIT_GROUPS:
			o->init_groups = 1;
			break;
		case OPT_SET_HOME:
			o->set_home = 1;
			break;
		case OPT_KEEP_CAPS:
			if (caps_parse(optarg, &o->keep_caps, msg, len) < 0)
				return -1;
			o->have_keep_caps = 1;
			break;
		case OPT_NO_NEW_PRIVS:
			o->no_new_privs = 1;
			break;
		case OPT_NS_FIRST + NS_USER:
		case OPT_NS_FIRST + NS_MNT:
		case OPT_NS_FIRST + NS_UTS:
		case OPT_NS_FIRST + NS_IPC:
		case OPT_NS_FIRST + NS_NET:
		case OPT_NS_FIRST + NS_PID:
		case OPT_NS_FIRST + NS_CGROUP:
		case OPT_NS_FIRST + NS_TIME:
			if (*optarg == '\0')
				return errorf(
				    msg, len, "--%s: empty path", opt_name(c));
			o->ns[c - OPT_NS_FIRST] = optarg;
			break;
		case OPT_SIGNALS:
			if (strcmp(optarg, "preserve") == 0)
				o->signals_preserve = 1;
			else if (strcmp(optarg, "reset") != 0)
				return errorf(msg, len,
				    "--signals: '%s': expected reset or "
				    "preserve",
				    optarg);
			o->have_signals = 1;
			break;
		case OPT_SIG_IGNORE:
			if (sig_parse_list(optarg, "--ignore",
			        SIG_NO_KILL_STOP | SIG_FOR_IGNORE,
			        &o->sig_ignore, msg, len) < 0)
				return -1;
			o->have_sig_ignore = 1;
			break;
		case OPT_SIG_BLOCK:
			if (sig_parse_list(optarg, "--block", SIG_NO_KILL_STOP,
			        &o->sig_block, msg, len) < 0)
				return -1;
			o->have_sig_block = 1;
			break;
		case OPT_SIG_PRESERVE:
			if (sig_parse_list(optarg, "--preserve", 0,
			        &o->sig_preserve, msg, len) < 0)
				return -1;
			o->have_sig_preserve = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			o->help = 1;
			break;
		case 'V':
			o->version = 1;
			break;
		case OPT_LABEL:
			o->label = optarg;
			break;
		case 'S': {
			char **words = NULL, **nav;
			int n = 0, i, rest = ac - optind;

			if (split_string(
			        o, optarg, envp, &words, &n, msg, len) < 0)
				return -1;
			/* Words processed so far are in o; keep argv[0]. */
			nav = mem_alloc(
			    (size_t)(1 + n + rest + 1) * sizeof(*nav));
			if (nav == NULL || own(o, nav) < 0)
				return errorf(msg, len, "out of memory");
			nav[0] = av[0];
			for (i = 0; i < n; i++)
				nav[1 + i] = words[i];
			for (i = 0; i < rest; i++)
				nav[1 + n + i] = av[optind + i];
			nav[1 + n + rest] = NULL;
			av = nav;
			ac = 1 + n + rest;
			optind = 0; /* restart getopt on the new vector */
			break;
		}
		case OPT_PATH:
			o->search_path = optarg;
			break;
		case OPT_NO_SEARCH:
			o->no_search = 1;
			break;
		case 'a':
			o->argv0 = optarg;
			break;
		case OPT_EXEC_FD:
			if (parse_fd(optarg, "exec-fd", &o->exec_fd, msg, len) <
			    0)
				return -1;
			o->have_exec_fd = 1;
			break;
		case 'i':
			o->clean_env = 1;
			break;
		case 'u':
			if (optarg[0] == '\0')
				return errorf(msg, len,
				    "--unset '': empty variable name");
			if (strchr(optarg, '=') != NULL)
				return errorf(msg, len,
				    "--unset '%s': a name "
				    "cannot contain '='",
				    optarg);
			if (add_env_op(o, 1, optarg) < 0)
				return errorf(msg, len, "out of memory");
			break;
		case 'e':
			if (strchr(optarg, '=') == NULL)
				return errorf(msg, len,
				    "--env '%s': expected "
				    "NAME=VALUE",
				    optarg);
			if (check_assignment(optarg, "--env", msg, len) < 0)
				return -1;
			if (add_env_op(o, 0, optarg) < 0)
				return errorf(msg, len, "out of memory");
			break;
		case OPT_CHROOT_BEFORE:
			o->chroot_before = optarg;
			break;
		case OPT_CHDIR_BEFORE:
			o->chdir_before = optarg;
			break;
		case OPT_CHROOT:
			o->chroot = optarg;
			break;
		case 'C':
			o->chdir = optarg;
			break;
		case OPT_CHDIR_FD:
			if (parse_fd(
			        optarg, "chdir-fd", &o->chdir_fd, msg, len) < 0)
				return -1;
			o->have_chdir_fd = 1;
			break;
		case OPT_UMASK:
			if (parse_umask(optarg, &o->umask, msg, len) < 0)
				return -1;
			o->have_umask = 1;
			break;
		case OPT_JAIL_BEFORE:
		case OPT_JAIL_AFTER:
			return errorf(msg, len,
			    "--%s: FreeBSD jails are not "
			    "supported on Linux",
			    opt_name(c));
		default:
			return errorf(msg, len, "internal error: option %d", c);
		}
	}

	if (o->help || o->version)
		return 0;

	/* After "--", NAME=VALUE words are still assignments (env(1)). */
	while (optind < ac && is_assignment(av[optind])) {
		if (check_assignment(av[optind], "assignment", msg, len) < 0)
			return -1;
		if (add_env_op(o, 0, av[optind]) < 0)
			return errorf(msg, len, "out of memory");
		optind++;
	}
	if (optind >= ac)
		return errorf(msg, len, "no PROGRAM given");
	o->args = av + optind;
	o->n_args = ac - optind;

	if (o->user != NULL && (o->uid != NULL || o->gid != NULL))
		return errorf(msg, len, "--user conflicts with %s",
		    o->uid != NULL ? "--uid" : "--gid");
	if ((o->groups != NULL) + o->clear_groups + o->init_groups > 1)
		return errorf(msg, len,
		    "--groups, --clear-groups and --init-groups conflict");
	if (o->set_home && o->user == NULL)
		return errorf(msg, len, "--set-home needs --user");
	if (o->uid != NULL && o->ruid != NULL)
		return errorf(msg, len, "--uid conflicts with --ruid");
	if (o->uid != NULL && o->euid != NULL)
		return errorf(msg, len, "--uid conflicts with --euid");
	if (o->gid != NULL && (o->rgid != NULL || o->egid != NULL))
		return errorf(msg, len, "--gid conflicts with %s",
		    o->rgid != NULL ? "--rgid" : "--egid");
	if (o->have_pgroup && o->new_session && o->pgroup != 0)
		return errorf(msg, len,
		    "--process-group=%d: after --new-session the process "
		    "already leads its own group",
		    (int)o->pgroup);
	if (o->forward_group && o->have_pgroup && o->pgroup != 0)
		return errorf(msg, len,
		    "--forward-group conflicts with --process-group=%d (the "
		    "child must lead its own group)",
		    (int)o->pgroup);
	if (o->have_fg_tty && !o->have_pgroup)
		return errorf(
		    msg, len, "--foreground-tty needs --process-group");
	if (o->have_fg_tty && o->new_session)
		return errorf(msg, len,
		    "--foreground-tty conflicts with --new-session (use "
		    "--set-ctty, which makes the group the foreground)");
	if (o->have_set_ctty && !o->new_session)
		return errorf(msg, len, "--set-ctty needs --new-session");
	if (o->have_sched_policy &&
	    (o->sched_policy == SCHED_FIFO || o->sched_policy == SCHED_RR) &&
	    !o->have_sched_priority)
		return errorf(msg, len,
		    "--sched-policy fifo and rr need --sched-priority");
	if (o->have_sched_priority &&
	    !(o->have_sched_policy &&
	        (o->sched_policy == SCHED_FIFO || o->sched_policy == SCHED_RR)))
		return errorf(msg, len,
		    "--sched-priority needs --sched-policy fifo or rr");
	if (o->sched_reset_on_fork && !o->have_sched_policy)
		return errorf(
		    msg, len, "--sched-reset-on-fork needs --sched-policy");
	if (!o->wait && (o->have_block_waiting || o->have_ignore_waiting ||
	                    o->have_forward || o->forward_group ||
	                    o->subreaper || o->have_timeout))
		return errorf(msg, len, "%s needs --wait",
		    o->have_block_waiting    ? "--block-waiting"
		    : o->have_ignore_waiting ? "--ignore-waiting"
		    : o->have_forward        ? "--forward"
		    : o->forward_group       ? "--forward-group"
		    : o->subreaper           ? "--subreaper"
		                             : "--timeout");
	if (o->no_search && o->search_path != NULL)
		return errorf(msg, len, "--path and --no-search conflict");
	if (o->have_exec_fd && (o->no_search || o->search_path != NULL))
		return errorf(msg, len,
		    "--exec-fd conflicts with %s (the "
		    "program is never searched)",
		    o->no_search ? "--no-search" : "--path");
	if (o->have_chdir_fd && o->chdir != NULL)
		return errorf(msg, len,
		    "--chdir-fd and --chdir conflict "
		    "(both set the final directory)");
	return 0;
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
	o->fds = NULL;
	o->n_fds = 0;
	mem_free(o->rlimits);
	o->rlimits = NULL;
	o->n_rlimits = 0;
	mem_free(o->owned);
	mem_free(o->env_ops);
	o->owned = NULL;
	o->env_ops = NULL;
	o->n_owned = o->n_env_ops = 0;
	o->owned_cap = o->env_ops_cap = 0;
}
