/*
 * libFuzzer target over spawn's pure front end, parse and resolve: the
 * input, split at NUL bytes, is the argument vector after "spawn".
 *
 * Every input goes through options_parse; every command line it accepts
 * goes through plan_resolve in dry-run mode, as main.c does for --dry-run,
 * then plan_free. Neither may crash, leak, hang or exit. Checked on each
 * accepted command line:
 *   - the invariants of struct opts and of the resolved plan (unique
 *     target fds, soft <= hard, valid signals, ids never -1, ...);
 *   - the round trip: the opts printed back as a canonical command line
 *     (unparse below) parse again to opts that print the same way, and
 *     resolve to the same plan: the same success, the same --dry-run=json
 *     and --dry-run text output byte for byte, the same warnings.
 *
 * No system call with an effect: the user and group databases are a fixed
 * table (ids_db); a dry run opens no --fd, --lock or directory path. The
 * only paths it opens are --envdir and --nsenter-* files: those must be
 * relative, without "..", and are read in a scratch directory made at
 * start (see confine); anything else is parsed but not resolved.
 *   make fuzz FUZZ_SECONDS=60
 */
#define _GNU_SOURCE 1
#include "../../src/compat.h"
#include "../../src/ids.h"
#include "../../src/caps.h"
#include "../../src/ns.h"
#include "../../src/options.h"
#include "../../src/plan.h"
#include "../../src/print.h"
#include "../../src/signals.h"

#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARGS 64
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			fail_check(#cond, __LINE__);                           \
	} while (0)

static void
fail_check(const char *what, int line)
{
	fprintf(stderr, "fuzz_plan.c:%d: check failed: %s\n", line, what);
	abort();
}

/* The user and group databases: a fixed table, no NSS. */
static char *no_members[] = { NULL };
static char *users_members[] = { "alice", "bob", NULL };
static char *wheel_members[] = { "alice", "\xff", NULL };

static struct passwd fake_users[] = {
	{ "root", "x", 0, 0, "", "/root", "/bin/sh" },
	{ "alice", "x", 1000, 1000, "", "/home/alice", "/bin/sh" },
	{ "bob", "x", 1001, 100, "", "/home/bob", "/bin/sh" },
	{ "7up", "x", 7, 7, "", "/", "/bin/sh" },
	{ "nobody", "x", 65534, 65534, "", "/nonexistent", "/bin/false" },
	{ "big", "x", 4294967294U, 4294967294U, "", "/big", "/bin/sh" },
	/* Not UTF-8: JSON prints it as hex. */
	{ "\xff", "x", 1002, 1002, "", "/home/\xff", "/bin/sh" },
};

static struct group fake_groups[] = {
	{ "root", "x", 0, no_members }, { "wheel", "x", 10, wheel_members },
	{ "users", "x", 100, users_members },
	{ "alice", "x", 1000, no_members },
	{ "nogroup", "x", 65534, no_members },
	{ "big", "x", 4294967294U, no_members },
	{ "staff", "x", 100, no_members }, /* a second name for gid 100 */
};

#define N_USERS (sizeof(fake_users) / sizeof(fake_users[0]))
#define N_GROUPS (sizeof(fake_groups) / sizeof(fake_groups[0]))

static struct passwd *
fake_getpwnam(const char *name)
{
	size_t i;

	for (i = 0; i < N_USERS; i++)
		if (strcmp(fake_users[i].pw_name, name) == 0)
			return &fake_users[i];
	return NULL;
}

static struct passwd *
fake_getpwuid(uid_t uid)
{
	size_t i;

	for (i = 0; i < N_USERS; i++)
		if (fake_users[i].pw_uid == uid)
			return &fake_users[i];
	return NULL;
}

static struct group *
fake_getgrnam(const char *name)
{
	size_t i;

	for (i = 0; i < N_GROUPS; i++)
		if (strcmp(fake_groups[i].gr_name, name) == 0)
			return &fake_groups[i];
	return NULL;
}

static struct group *
fake_getgrgid(gid_t gid)
{
	size_t i;

	for (i = 0; i < N_GROUPS; i++)
		if (fake_groups[i].gr_gid == gid)
			return &fake_groups[i];
	return NULL;
}

/* As glibc's: the given group first, then each group listing the user. */
static int
fake_getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	gid_t list[N_GROUPS + 1];
	int n = 0, i, k;
	size_t g;
	char **m;

	list[n++] = group;
	for (g = 0; g < N_GROUPS; g++)
		for (m = fake_groups[g].gr_mem; *m != NULL; m++) {
			if (strcmp(*m, user) != 0)
				continue;
			for (k = 0; k < n && list[k] != fake_groups[g].gr_gid;
			     k++)
				;
			if (k == n)
				list[n++] = fake_groups[g].gr_gid;
		}
	if (n > *ngroups) {
		*ngroups = n;
		return -1;
	}
	for (i = 0; i < n; i++)
		groups[i] = list[i];
	*ngroups = n;
	return n;
}

/*
 * The scratch directory: an envdir or two and the namespace files of this
 * process, behind relative names the fuzzer can find (env, ns/net, ...).
 */
static char scratch[64];

static void
put_file(const char *name, const char *data, size_t n)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

static void
scratch_remove(void)
{
	nftw(scratch, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void
scratch_make(void)
{
	char path[256];
	int t;

	snprintf(scratch, sizeof(scratch), "%s/spawn-fuzz.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (strlen(scratch) > 40 || mkdtemp(scratch) == NULL) {
		snprintf(scratch, sizeof(scratch), "/tmp/spawn-fuzz.XXXXXX");
		if (mkdtemp(scratch) == NULL)
			abort();
	}
	atexit(scratch_remove);
	snprintf(path, sizeof(path), "%s/env", scratch);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/bad", scratch);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/ns", scratch);
	mkdir(path, 0755);
	put_file("env/A", "1\n", 2);
	put_file("env/B", "", 0);
	put_file("env/C", "x y \t\nsecond line\n", 19);
	put_file("env/D", "a\0b", 3);
	put_file("env/PATH", "/opt/bin", 8);
	put_file("env/HOME", "/home/env", 9);
	put_file("env/.hidden", "skipped", 7);
	put_file("bad/X=Y", "1", 1);
	put_file("file", "not a namespace", 15);
	for (t = 0; t < NS_COUNT; t++) {
		char target[64];

		snprintf(path, sizeof(path), "%s/ns/%s", scratch, ns_defs[t].name);
		snprintf(
		    target, sizeof(target), "/proc/self/ns/%s", ns_defs[t].name);
		if (symlink(target, path) < 0)
			abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ids_db.getpwnam = fake_getpwnam;
	ids_db.getpwuid = fake_getpwuid;
	ids_db.getgrnam = fake_getgrnam;
	ids_db.getgrgid = fake_getgrgid;
	ids_db.getgrouplist = fake_getgrouplist;
	scratch_make();
	return 0;
}

/*
 * Paths a dry run opens (--envdir, --nsenter-*) are confined to the
 * scratch directory: a relative path without a ".." component is read
 * there; any other path stops the input before plan_resolve (a device
 * or a FIFO could have effects or block on open). "fd:N" names an fd.
 * Returns 0 when *path may be resolved, rewriting it into buf.
 */
static int
confine(const char **path, int fd_ok, char *buf, size_t len)
{
	const char *s = *path, *c;

	if (s == NULL || *s == '\0')
		return 0;
	if (fd_ok && strncmp(s, "fd:", 3) == 0)
		return 0;
	if (*s == '/')
		return -1;
	for (c = s; (c = strstr(c, "..")) != NULL; c += 2)
		if ((c == s || c[-1] == '/') && (c[2] == '\0' || c[2] == '/'))
			return -1;
	if ((size_t)snprintf(buf, len, "%s/%s", scratch, s) >= len)
		return -1;
	*path = buf;
	return 0;
}

/* A growable argument vector of owned strings, NULL-terminated. */
struct argvec {
	char **v;
	int n, cap;
};

static void
av_add(struct argvec *a, const char *s)
{
	if (a->n + 2 > a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->v = realloc(a->v, (size_t)a->cap * sizeof(*a->v));
		if (a->v == NULL)
			abort();
	}
	a->v[a->n] = strdup(s);
	if (a->v[a->n] == NULL)
		abort();
	a->v[++a->n] = NULL;
}

static void
av_addf(struct argvec *a, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	av_add(a, buf);
}

static void
av_free(struct argvec *a)
{
	int i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static void
av_opt(struct argvec *a, const char *opt, const char *val)
{
	if (val != NULL) {
		av_add(a, opt);
		av_add(a, val);
	}
}

/* A signal set as a list sig_parse_list reads back: names, commas. */
static void
av_sigs(struct argvec *a, const char *opt, uint64_t set)
{
	char buf[1024] = "", name[16];
	int sig;

	for (sig = 1; sig <= SPAWN_NSIG; sig++)
		if (set & SIG_BIT(sig)) {
			if (buf[0] != '\0')
				strcat(buf, ",");
			strcat(buf, sig_name(sig, name, sizeof(name)));
		}
	av_add(a, opt);
	av_add(a, buf);
}

static void
rlim_text(char *buf, size_t len, int have, rlim_t v)
{
	if (!have)
		buf[0] = '\0';
	else if (v == RLIM_INFINITY)
		snprintf(buf, len, "unlimited");
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

static const char *
open_mode(int flags)
{
	static const struct {
		int flags;
		const char *mode;
	} modes[] = {
		{ O_RDONLY, "r" },
		{ O_WRONLY | O_CREAT | O_TRUNC, "w" },
		{ O_WRONLY | O_CREAT | O_APPEND, "a" },
		{ O_RDWR, "r+" },
		{ O_RDWR | O_CREAT | O_TRUNC, "w+" },
		{ O_RDWR | O_CREAT | O_APPEND, "a+" },
		{ O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, "wx" },
		{ O_WRONLY | O_CREAT | O_APPEND | O_EXCL, "ax" },
		{ O_RDWR | O_CREAT | O_TRUNC | O_EXCL, "w+x" },
		{ O_RDWR | O_CREAT | O_APPEND | O_EXCL, "a+x" },
	};
	size_t i;

	CHECK(flags & O_NOCTTY);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i].flags == (flags & ~O_NOCTTY))
			return modes[i].mode;
	fail_check("an --fd open mode from the table", __LINE__);
	return NULL;
}

/*
 * Print opts back as a canonical command line: each option in one fixed
 * order and one spelling, lists as names, values as numbers, then "--"
 * and the program. What it leaves out: --dry-run's format, -v and -q
 * (they change the output, not the plan), the text of --fd and --rlimit
 * (kept only for messages; canonical specs take its place) and where -S
 * words came from (only the words are kept).
 */
static void
unparse(const struct opts *o, struct argvec *a)
{
	static const char *const ns_opts[NS_COUNT] = { "--nsenter-user",
		"--nsenter-mount", "--nsenter-uts", "--nsenter-ipc",
		"--nsenter-net", "--nsenter-pid", "--nsenter-cgroup",
		"--nsenter-time" };
	static const char *const policies[] = { [SCHED_OTHER] = "other",
		[SCHED_FIFO] = "fifo",
		[SCHED_RR] = "rr",
		[SCHED_BATCH] = "batch",
		[SCHED_IDLE] = "idle" };
	char s1[32], s2[32], name[16], buf[256];
	size_t i;
	int t;

	av_add(a, "spawn");
	av_add(a, "--label");
	av_add(a, o->label);
	if (o->wait)
		av_add(a, "--wait");
	if (o->have_block_waiting)
		av_sigs(a, "--block-waiting", o->block_waiting);
	if (o->have_ignore_waiting)
		av_sigs(a, "--ignore-waiting", o->ignore_waiting);
	if (o->have_forward)
		av_sigs(a, "--forward", o->forward);
	if (o->forward_group)
		av_add(a, "--forward-group");
	if (o->subreaper)
		av_add(a, "--subreaper");
	if (o->have_timeout) {
		if (o->kill_after_ms)
			av_addf(a, "--timeout=%llums:%llums",
			    (unsigned long long)o->timeout_ms,
			    (unsigned long long)o->kill_after_ms);
		else
			av_addf(a, "--timeout=%llums",
			    (unsigned long long)o->timeout_ms);
	}
	if (o->new_session)
		av_add(a, "--new-session");
	if (o->have_pgroup)
		av_addf(a, "--process-group=%d", (int)o->pgroup);
	if (o->have_fg_tty)
		av_addf(a, "--foreground-tty=%d", o->fg_tty);
	if (o->have_set_ctty)
		av_addf(a, "--set-ctty=%d", o->set_ctty);
	if (o->have_sched_policy) {
		CHECK(o->sched_policy >= 0 &&
		      o->sched_policy <
		          (int)(sizeof(policies) / sizeof(policies[0])) &&
		      policies[o->sched_policy] != NULL);
		av_opt(a, "--sched-policy", policies[o->sched_policy]);
	}
	if (o->have_sched_priority)
		av_addf(a, "--sched-priority=%d", o->sched_priority);
	if (o->sched_reset_on_fork)
		av_add(a, "--sched-reset-on-fork");
	if (o->have_nice)
		av_addf(a, "--nice=%d", o->nice);
	av_opt(a, "--cpus", o->cpus_text);
	if (o->have_pdeathsig)
		av_opt(a, "--pdeathsig",
		    sig_name(o->pdeathsig, name, sizeof(name)));
	if (o->reset_ids)
		av_add(a, "--reset-ids");
	av_opt(a, "--user", o->user);
	av_opt(a, "--uid", o->uid);
	av_opt(a, "--gid", o->gid);
	av_opt(a, "--ruid", o->ruid);
	av_opt(a, "--euid", o->euid);
	av_opt(a, "--rgid", o->rgid);
	av_opt(a, "--egid", o->egid);
	av_opt(a, "--groups", o->groups);
	if (o->clear_groups)
		av_add(a, "--clear-groups");
	if (o->init_groups)
		av_add(a, "--init-groups");
	if (o->set_home)
		av_add(a, "--set-home");
	if (o->have_keep_caps) {
		buf[0] = '\0';
		for (t = 0; t < 64; t++)
			if (o->keep_caps & ((uint64_t)1 << t)) {
				CHECK(strcmp(cap_name(t), "?") != 0);
				if (buf[0] != '\0')
					strcat(buf, ",");
				strcat(buf, cap_name(t));
			}
		av_opt(a, "--keep-caps", buf);
	}
	if (o->no_new_privs)
		av_add(a, "--no-new-privs");
	for (t = 0; t < NS_COUNT; t++)
		av_opt(a, ns_opts[t], o->ns[t]);
	for (i = 0; i < o->n_rlimits; i++) {
		const struct rlimit_req *r = &o->rlimits[i];

		rlim_text(s1, sizeof(s1), r->have_soft, r->soft);
		rlim_text(s2, sizeof(s2), r->have_hard, r->hard);
		av_add(a, "--rlimit");
		av_addf(a, "%s=%s:%s", rlimit_name(r->resource), s1, s2);
	}
	for (i = 0; i < o->n_fds; i++) {
		const struct fd_action *f = &o->fds[i];

		av_add(a, "--fd");
		switch (f->kind) {
		case FD_CLOSE:
			av_addf(a, "%d=close", f->fd);
			break;
		case FD_NULL:
			av_addf(a, "%d=null", f->fd);
			break;
		case FD_INHERIT:
			if (f->src == f->fd)
				av_addf(a, "%d=inherit", f->fd);
			else
				av_addf(a, "%d=inherit:%d", f->fd, f->src);
			break;
		case FD_COPY:
			av_addf(a, "%d=copy:%d", f->fd, f->src);
			break;
		case FD_OPEN:
			av_addf(a, "%d=open:%s:%s:%04o", f->fd, f->path,
			    open_mode(f->flags), (unsigned)f->perms);
			break;
		}
	}
	av_opt(a, o->lock_nowait ? "--lock-nowait" : "--lock", o->lock);
	if (o->have_signals)
		av_opt(
		    a, "--signals", o->signals_preserve ? "preserve" : "reset");
	if (o->have_sig_ignore)
		av_sigs(a, "--ignore", o->sig_ignore);
	if (o->have_sig_block)
		av_sigs(a, "--block", o->sig_block);
	if (o->have_sig_preserve)
		av_sigs(a, "--preserve", o->sig_preserve);
	av_opt(a, "--path", o->search_path);
	if (o->no_search)
		av_add(a, "--no-search");
	av_opt(a, "--argv0", o->argv0);
	if (o->have_exec_fd)
		av_addf(a, "--exec-fd=%d", o->exec_fd);
	if (o->clean_env)
		av_add(a, "--clean-env");
	av_opt(a, "--envdir", o->envdir);
	for (i = 0; i < o->n_env_ops; i++)
		av_opt(a, o->env_ops[i].unset ? "--unset" : "--env",
		    o->env_ops[i].arg);
	av_opt(a, "--chroot-before", o->chroot_before);
	av_opt(a, "--chdir-before", o->chdir_before);
	av_opt(a, "--chroot", o->chroot);
	av_opt(a, "--chdir", o->chdir);
	if (o->have_chdir_fd)
		av_addf(a, "--chdir-fd=%d", o->chdir_fd);
	if (o->have_umask)
		av_addf(a, "--umask=%o", (unsigned)o->umask);
	av_add(a, "--");
	for (t = 0; t < o->n_args; t++)
		av_add(a, o->args[t]);
}

static void
check_opts(const struct opts *o)
{
	size_t i, j;

	/* Each target fd named once, within 0..INT_MAX. */
	for (i = 0; i < o->n_fds; i++) {
		CHECK(o->fds[i].fd >= 0);
		for (j = i + 1; j < o->n_fds; j++)
			CHECK(o->fds[i].fd != o->fds[j].fd);
		if (o->fds[i].kind == FD_OPEN)
			CHECK(o->fds[i].path != NULL &&
			      o->fds[i].path[0] != '\0');
		if (o->fds[i].kind == FD_COPY)
			CHECK(o->fds[i].src != o->fds[i].fd);
		if (o->fds[i].kind == FD_INHERIT || o->fds[i].kind == FD_COPY)
			CHECK(o->fds[i].src >= 0);
	}
	/* Each resource once; a value given on both sides is not a wrap. */
	for (i = 0; i < o->n_rlimits; i++) {
		CHECK(strcmp(rlimit_name(o->rlimits[i].resource), "?") != 0);
		CHECK(o->rlimits[i].have_soft || o->rlimits[i].have_hard);
		for (j = i + 1; j < o->n_rlimits; j++)
			CHECK(o->rlimits[i].resource != o->rlimits[j].resource);
	}
	/* KILL and STOP are never ignored, blocked or forwarded. */
	CHECK(!((o->sig_ignore | o->sig_block | o->block_waiting |
	            o->ignore_waiting | o->forward) &
	        (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))));
	CHECK(!(o->ignore_waiting & SIG_BIT(SIGCHLD)));
	CHECK(!(o->forward & SIG_BIT(SIGCHLD)));
	if (o->have_pdeathsig)
		CHECK(o->pdeathsig >= 1 && o->pdeathsig <= SPAWN_NSIG);
	/* A program is always there, and args never runs off argv. */
	if (!o->help && !o->version) {
		CHECK(o->n_args >= 1 && o->args != NULL && o->args[0] != NULL);
		CHECK(o->args[o->n_args] == NULL);
	}
	if (o->have_umask)
		CHECK(o->umask <= 0777);
	if (o->have_nice)
		CHECK(o->nice >= -40 && o->nice <= 40);
	for (i = 0; i < o->n_env_ops; i++)
		CHECK(o->env_ops[i].unset
		          ? strchr(o->env_ops[i].arg, '=') == NULL &&
		                o->env_ops[i].arg[0] != '\0'
		          : strchr(o->env_ops[i].arg, '=') > o->env_ops[i].arg);
}

static void
check_detail(const struct plan *p, int d)
{
	CHECK(d >= 0 && (size_t)d < p->n_detail && p->detail[d] != NULL);
}

static void
check_plan(const struct plan *p)
{
	const uint64_t fixed = SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP);
	const struct creds *c = &p->cred;
	int k, n_exec = 0, n_sig = 0, n_fd = 0, rl[RLIM_NLIMITS] = { 0 };
	size_t i, j;

	CHECK(p->n_steps >= 3 && p->n_steps <= PLAN_MAX_STEPS);
	CHECK(p->steps[p->n_steps - 1].id == STEP_EXEC);
	for (k = 0; k < p->n_steps; k++) {
		const struct step *s = &p->steps[k];
		size_t nl;

		CHECK(s->id >= 0 && s->id < STEP_COUNT);
		nl = strlen(step_names[s->id]);
		/* Each line starts with its step's name. */
		CHECK(s->line != NULL &&
		      strncmp(s->line, step_names[s->id], nl) == 0 &&
		      s->line[nl] == ':');
		switch (s->id) {
		case STEP_EXEC:
			n_exec++;
			break;
		case STEP_SIGNALS:
			n_sig++;
			CHECK(!((s->u.sig.ignored | s->u.sig.mask |
			            s->u.sig.to_default | s->u.sig.to_ignore) &
			        fixed));
			CHECK((s->u.sig.to_ignore & ~s->u.sig.ignored) == 0);
			CHECK((s->u.sig.to_default & s->u.sig.ignored) == 0);
			break;
		case STEP_FORK:
			CHECK(!((s->u.fork.block | s->u.fork.ignore |
			            s->u.fork.forward) &
			        fixed));
			CHECK(!((s->u.fork.ignore | s->u.fork.forward) &
			        SIG_BIT(SIGCHLD)));
			CHECK(k + 1 < p->n_steps);
			/* A dry run makes no pipe and no stack. */
			CHECK(s->u.fork.rfd == -1 && s->u.fork.wfd == -1 &&
			      s->u.fork.stack == NULL);
			break;
		case STEP_RLIMIT:
			CHECK(s->u.rlim.soft <= s->u.rlim.hard);
			CHECK(s->u.rlim.resource >= 0 &&
			      s->u.rlim.resource < RLIM_NLIMITS);
			CHECK(rl[s->u.rlim.resource]++ == 0);
			check_detail(p, s->u.rlim.detail);
			break;
		case STEP_FD:
			n_fd++;
			check_detail(p, s->u.fd.close_detail);
			for (i = 0; i < s->u.fd.n_moves; i++) {
				const struct fd_move *m = &s->u.fd.moves[i];

				if (m->op == OP_OPEN)
					CHECK(m->b >= 0 &&
					      (size_t)m->b < p->n_acts &&
					      p->acts[m->b].kind == FD_OPEN &&
					      p->acts[m->b].fd == m->a);
				if (m->op == OP_NULL)
					CHECK(
					    m->b >= NULL_R && m->b <= NULL_RW);
				if (m->op == OP_DUP2 || m->op == OP_SCRATCH)
					CHECK(m->a >= 0 && m->b >= 0 &&
					      m->a != m->b);
			}
			break;
		case STEP_PDEATHSIG:
			CHECK(s->u.pdeath.sig >= 1 &&
			      s->u.pdeath.sig <= SPAWN_NSIG);
			check_detail(p, s->u.pdeath.detail);
			break;
		case STEP_UMASK:
			CHECK(s->u.umask <= 0777);
			break;
		case STEP_CHROOT:
		case STEP_CHDIR:
			check_detail(p, s->u.dir.detail);
			break;
		case STEP_NSENTER:
			check_detail(p, s->u.ns.detail);
			break;
		case STEP_TTY:
			check_detail(p, s->u.tty.detail);
			break;
		case STEP_LOCK:
			check_detail(p, s->u.lock.detail);
			check_detail(p, s->u.lock.held_detail);
			CHECK(s->u.lock.fd == p->top + 1);
			break;
		default:
			break;
		}
	}
	CHECK(n_exec == 1 && n_sig == 1 && n_fd == 1);
	/* Target fds: sorted, each once, all below spawn's own fds. */
	CHECK(p->top >= 2);
	for (i = 0; i < p->n_acts; i++) {
		CHECK(p->acts[i].fd >= 0 && p->acts[i].fd <= p->top);
		if (i > 0)
			CHECK(p->acts[i - 1].fd < p->acts[i].fd);
		check_detail(p, p->act_detail[i]);
	}
	CHECK(p->own_min > p->top);
	CHECK(p->n_own == 0); /* a dry run keeps no fd */
	/* Ids: -1 means "unchanged" to the kernel, never a target. */
	if (c->set_uid)
		CHECK(c->ruid != (uid_t)-1 && c->euid != (uid_t)-1 &&
		      c->suid != (uid_t)-1);
	if (c->set_gid)
		CHECK(c->rgid != (gid_t)-1 && c->egid != (gid_t)-1 &&
		      c->sgid != (gid_t)-1);
	for (i = 0; i < c->n_groups; i++) {
		CHECK(c->groups[i] != (gid_t)-1);
		if (i > 0)
			CHECK(c->groups[i - 1] <= c->groups[i]);
	}
	CHECK(c->n_groups == 0 || c->set_groups);
	if (c->keep)
		CHECK(c->drop_caps);
	if (c->set_groups)
		check_detail(p, c->detail_groups);
	if (c->set_gid)
		check_detail(p, c->detail_gid);
	if (c->set_uid)
		check_detail(p, c->detail_uid);
	CHECK(p->real_uid != (uid_t)-1 && p->real_gid != (gid_t)-1);
	/* argv: the program's words, argv[0] maybe replaced. */
	for (k = 0; p->argv[k] != NULL; k++)
		;
	CHECK(k == p->o->n_args);
	/* env: NAME=VALUE each, every name once (the caller's are unique). */
	for (i = 0; i < p->n_env; i++) {
		const char *eq = strchr(p->envp[i], '=');

		CHECK(eq != NULL && eq > p->envp[i]);
		for (j = 0; j < i; j++)
			CHECK(strncmp(p->envp[j], p->envp[i],
			          (size_t)(eq - p->envp[i]) + 1) != 0);
	}
	CHECK(p->envp[p->n_env] == NULL);
	if (p->steps[p->n_steps - 1].u.exec.kind == PROG_SEARCH)
		CHECK(p->steps[p->n_steps - 1].u.exec.n_cand >= 1);
	check_detail(p, p->steps[p->n_steps - 1].u.exec.detail);
	CHECK(p->fork_at < 0 || p->steps[p->fork_at].id == STEP_FORK);
}

/* The plan as --dry-run prints it, JSON then text, then the warnings. */
static char *
plan_output(const struct plan *p)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	plan_print_json(p, f);
	CHECK(plan_print_text(p, f) == 0);
	for (i = 0; i < p->n_warnings; i++)
		fprintf(f, "warning: %s\n", p->warnings[i]);
	if (fclose(f) != 0)
		abort();
	return buf;
}

static int
same_argv(const struct argvec *a, const struct argvec *b)
{
	int i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

static char *envp[] = { "HOME=/root", "PATH=/usr/bin:/bin", "A=0", "LANG=C",
	NULL };

/*
 * Resolve the accepted opts o (paths confined), check the plan, and
 * compare it with the plan of its canonical command line.
 */
static void
resolve_and_compare(struct opts *o)
{
	char bufs[NS_COUNT + 1][256], msg[512], msg2[512];
	char *out = NULL, *out2 = NULL;
	struct argvec a1 = { 0 }, a2 = { 0 };
	struct opts o2;
	struct plan p, p2;
	int t, r1, r2;

	if (confine(&o->envdir, 0, bufs[NS_COUNT], sizeof(bufs[0])) < 0)
		return;
	for (t = 0; t < NS_COUNT; t++)
		if (confine(&o->ns[t], 1, bufs[t], sizeof(bufs[0])) < 0)
			return;

	unparse(o, &a1);
	CHECK(options_parse(a1.n, a1.v, envp, &o2, msg2, sizeof(msg2)) == 0);
	check_opts(&o2);
	unparse(&o2, &a2);
	CHECK(same_argv(&a1, &a2));

	r1 = plan_resolve(o, envp, 1, &p, msg, sizeof(msg));
	r2 = plan_resolve(&o2, envp, 1, &p2, msg2, sizeof(msg2));
	CHECK(r1 == r2);
	if (r1 == 0) {
		/* The --verbose lines, as a real run with -v builds them. */
		CHECK(print_step_lines(&p) == 0);
		CHECK(print_step_lines(&p2) == 0);
		check_plan(&p);
		check_plan(&p2);
		out = plan_output(&p);
		out2 = plan_output(&p2);
		if (strcmp(out, out2) != 0) {
			fprintf(stderr, "plan:\n%s\ncanonical plan:\n%s\n", out,
			    out2);
			fail_check(
			    "the same plan after a round trip", __LINE__);
		}
	} else {
		/*
		 * Only the failure itself must agree: messages quote the
		 * text of --fd and --rlimit specs as given, which the
		 * canonical line may spell differently.
		 */
		CHECK(msg[0] != '\0' && msg2[0] != '\0');
	}
	free(out);
	free(out2);
	plan_free(&p);
	plan_free(&p2);
	options_free(&o2);
	av_free(&a1);
	av_free(&a2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2], msg[512];
	struct opts o;
	size_t i, start = 0;
	int argc = 1;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "spawn";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++)
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	if (options_parse(argc, argv, envp, &o, msg, sizeof(msg)) == 0) {
		check_opts(&o);
		/* As main.c: --help and --version resolve nothing. */
		if (!o.help && !o.version)
			resolve_and_compare(&o);
	} else {
		CHECK(msg[0] != '\0'); /* every error says what it is */
	}
	options_free(&o);
	free(buf);
	return 0;
}
