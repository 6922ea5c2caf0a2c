/*
 * print.c: the plan as text (the dry run and the --verbose trace) and as
 * JSON (--dry-run=json). Each kind of step has one printer that writes
 * both forms, side by side, from the step's own data, so the two cannot
 * drift; the man page (DRY RUN) documents every line and every key.
 */
#define _GNU_SOURCE 1
#include "print.h"
#include "arena.h"
#include "caps.h"
#include "ids.h"
#include "ns.h"
#include "num.h"
#include "rlimit.h"
#include "sbuf.h"
#include "sched.h"
#include "signals.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <string.h>

const char *const step_names[STEP_COUNT] = {
	[STEP_SIGNALS] = "signals",
	[STEP_SESSION] = "session",
	[STEP_PROCESS_GROUP] = "process-group",
	[STEP_RLIMIT] = "rlimit",
	[STEP_SCHEDULER] = "scheduler",
	[STEP_NICE] = "nice",
	[STEP_CPUS] = "cpus",
	[STEP_RESET_IDS] = "reset-ids",
	[STEP_UMASK] = "umask",
	[STEP_NSENTER] = "nsenter",
	[STEP_CHROOT] = "chroot",
	[STEP_CHDIR] = "chdir",
	[STEP_FD] = "fd",
	[STEP_LOCK] = "lock",
	[STEP_TTY] = "tty",
	[STEP_GROUPS] = "groups",
	[STEP_GID] = "gid",
	[STEP_UID] = "uid",
	[STEP_CAPS] = "caps",
	[STEP_NO_NEW_PRIVS] = "no-new-privs",
	[STEP_PDEATHSIG] = "pdeathsig",
	[STEP_EXEC] = "exec",
	[STEP_FORK] = "fork",
};

/* Where a printer writes: the text line of a step, or its JSON keys. */
struct out {
	struct sbuf *b;
	int json;
};

/* The length of a valid UTF-8 sequence at s, or 0. */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned c = s[0], min, cp;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A JSON string, or {"hex": "..."} for bytes that are not UTF-8. */
static void
json_str(struct sbuf *b, const char *s)
{
	const unsigned char *p;
	size_t n;

	for (p = (const unsigned char *)s; *p != '\0'; p += n)
		if ((n = utf8_len(p)) == 0)
			break;
	if (*p != '\0') {
		sb_add(b, "{\"hex\": \"");
		for (p = (const unsigned char *)s; *p != '\0'; p++)
			sb_addf(b, "%02x", *p);
		sb_add(b, "\"}");
		return;
	}
	sb_add(b, "\"");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			sb_addf(b, "\\%c", *p);
		else if (*p == '\n')
			sb_add(b, "\\n");
		else if (*p == '\t')
			sb_add(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			sb_addf(b, "\\u%04x", *p);
		else
			sb_addn(b, (const char *)p, 1);
	}
	sb_add(b, "\"");
}

/* , "key": STR */
static void
json_key_str(struct sbuf *b, const char *key, const char *s)
{
	sb_addf(b, ", \"%s\": ", key);
	json_str(b, s);
}

static void
json_sigs(struct sbuf *b, const char *key, uint64_t set)
{
	char name[16];
	int sig, n = 0;

	sb_addf(b, ", \"%s\": [", key);
	for (sig = 1; sig <= SPAWN_NSIG; sig++)
		if (set & SIG_BIT(sig))
			sb_addf(b, "%s\"%s\"", n++ ? ", " : "",
			    sig_name(sig, name, sizeof(name)));
	sb_add(b, "]");
}

static const char *
id_name(unsigned id, int is_uid)
{
	if (is_uid) {
		struct passwd *pw = ids_db.getpwuid(id);

		return pw ? pw->pw_name : NULL;
	} else {
		struct group *gr = ids_db.getgrgid(id);

		return gr ? gr->gr_name : NULL;
	}
}

/* An id as text, "N(name)", or in JSON as {"uid": N, "name": STR|null}
 * under key (or bare). */
static void
put_id(const struct out *o, const char *key, unsigned id, int is_uid)
{
	const char *name = id_name(id, is_uid);

	if (!o->json) {
		sb_addf(o->b, "%u", id);
		if (name != NULL)
			sb_addf(o->b, "(%s)", name);
		return;
	}
	if (key != NULL)
		sb_addf(o->b, ", \"%s\": ", key);
	sb_addf(o->b, "{\"%s\": %u, \"name\": ", is_uid ? "uid" : "gid", id);
	if (name != NULL)
		json_str(o->b, name);
	else
		sb_add(o->b, "null");
	sb_add(o->b, "}");
}

static void
p_signals(const struct out *o, const struct step *s)
{
	const char *policy = s->u.sig.preserve ? "preserve" : "reset";

	if (o->json) {
		sb_addf(o->b, ", \"signals\": \"%s\"", policy);
		json_sigs(o->b, "default", s->u.sig.to_default);
		json_sigs(o->b, "ignore", s->u.sig.ignored);
		json_sigs(o->b, "block", s->u.sig.mask);
		return;
	}
	sb_addf(o->b, "signals: %s; set to default: ", policy);
	sig_set_text(o->b, s->u.sig.to_default);
	sb_add(o->b, "; ignored: ");
	sig_set_text(o->b, s->u.sig.ignored);
	sb_add(o->b, "; blocked: ");
	sig_set_text(o->b, s->u.sig.mask);
}

static void
p_session(const struct out *o, const struct step *s)
{
	(void)s;
	if (!o->json)
		sb_add(o->b, "session: setsid");
}

static void
p_pgroup(const struct out *o, const struct step *s)
{
	if (o->json)
		sb_addf(o->b, ", \"pgid\": %d", (int)s->u.pgrp.pgid);
	else if (s->u.pgrp.pgid == 0)
		sb_add(o->b, "process-group: a group of its own (setpgid 0 0)");
	else
		sb_addf(
		    o->b, "process-group: join group %d", (int)s->u.pgrp.pgid);
}

static void
json_rlim(struct sbuf *b, const char *key, rlim_t v)
{
	sb_addf(b, ", \"%s\": ", key);
	if (v == RLIM_INFINITY)
		sb_add(b, "\"unlimited\"");
	else
		sb_addf(b, "%llu", (unsigned long long)v);
}

static void
p_rlimit(const struct out *o, const struct step *s)
{
	const char *name = rlimit_name(s->u.rlim.resource);

	if (o->json) {
		sb_addf(o->b, ", \"resource\": \"%s\"", name);
		json_rlim(o->b, "soft", s->u.rlim.soft);
		json_rlim(o->b, "hard", s->u.rlim.hard);
		return;
	}
	sb_addf(o->b, "rlimit: %s ", name);
	rlimit_text(o->b, s->u.rlim.soft);
	sb_add(o->b, ":");
	rlimit_text(o->b, s->u.rlim.hard);
}

static void
p_scheduler(const struct out *o, const struct step *s)
{
	const char *name = sched_policy_name(s->u.sched.policy);
	int reset = (s->u.sched.policy & SCHED_RESET_ON_FORK) != 0;

	if (o->json)
		sb_addf(o->b,
		    ", \"policy\": \"%s\", \"priority\": %d, "
		    "\"reset-on-fork\": %s",
		    name, s->u.sched.priority, reset ? "true" : "false");
	else
		sb_addf(o->b, "scheduler: %s, priority %d%s", name,
		    s->u.sched.priority, reset ? ", reset on fork" : "");
}

static void
p_nice(const struct out *o, const struct step *s)
{
	if (o->json)
		sb_addf(o->b, ", \"nice\": %d, \"value\": %d", s->u.nice.delta,
		    s->u.nice.value);
	else
		sb_addf(o->b, "nice: %+d, from %d to %d", s->u.nice.delta,
		    s->u.nice.old, s->u.nice.value);
}

static void
p_cpus(const struct out *o, const struct step *s)
{
	int cpu, n = 0;

	if (!o->json) {
		sb_add(o->b, "cpus: ");
		sb_quote(o->b, s->u.cpus.text);
		return;
	}
	/* The resolved set: every CPU once, in increasing order. */
	sb_add(o->b, ", \"cpus\": [");
	for (cpu = 0; cpu < SPAWN_CPU_MAX; cpu++)
		if (CPU_ISSET_S((size_t)cpu, s->u.cpus.size,
		        (cpu_set_t *)s->u.cpus.set))
			sb_addf(o->b, "%s%d", n++ ? ", " : "", cpu);
	sb_add(o->b, "]");
}

static void
p_reset_ids(const struct out *o, const struct step *s)
{
	if (o->json) {
		put_id(o, "euid", s->u.reset.euid, 1);
		put_id(o, "egid", s->u.reset.egid, 0);
		return;
	}
	sb_addf(o->b,
	    "reset-ids: effective uid %u, effective gid %u (the real ones)",
	    (unsigned)s->u.reset.euid, (unsigned)s->u.reset.egid);
}

static void
p_umask(const struct out *o, const struct step *s)
{
	if (o->json)
		sb_addf(o->b, ", \"umask\": \"%04o\"", (unsigned)s->u.umask);
	else
		sb_addf(o->b, "umask: %04o", (unsigned)s->u.umask);
}

static void
p_nsenter(const struct out *o, const struct step *s)
{
	const char *name = ns_defs[s->u.ns.type].name;

	if (o->json) {
		sb_addf(o->b, ", \"type\": \"%s\"", name);
		json_key_str(o->b, "path", s->u.ns.path);
		sb_addf(o->b,
		    ", \"fd\": %d, \"already\": %s, \"clear-groups\": %s",
		    s->u.ns.fd, s->u.ns.already ? "true" : "false",
		    s->u.ns.clear_groups ? "true" : "false");
		return;
	}
	sb_addf(o->b, "nsenter: %s ", name);
	sb_quote(o->b, s->u.ns.path);
	sb_addf(o->b, " (inode %lu)", (unsigned long)s->u.ns.ino);
	if (s->u.ns.already)
		sb_add(o->b, ": spawn is in it already, nothing to do");
	if (s->u.ns.clear_groups)
		sb_add(o->b, "; the supplementary groups are cleared first, "
		             "while that is still possible");
}

static void
p_dir(const struct out *o, const struct step *s)
{
	if (o->json) {
		if (s->u.dir.kind == DIR_CHECK) {
			sb_add(o->b, ", \"check\": \"inside-root\"");
			return;
		}
		sb_addf(o->b, ", \"phase\": \"%s\"",
		    s->u.dir.before ? "before-fds" : "after-fds");
		if (s->u.dir.kind == DIR_FCHDIR)
			sb_addf(o->b, ", \"fd\": %d", s->u.dir.named);
		else
			json_key_str(o->b, "path", s->u.dir.path);
		return;
	}
	switch (s->u.dir.kind) {
	case DIR_CHROOT:
		sb_add(o->b, "chroot: ");
		sb_quote(o->b, s->u.dir.path);
		sb_add(o->b, s->u.dir.before ? " (before fds), then chdir /"
		                             : ", then chdir /");
		break;
	case DIR_CHDIR:
		sb_add(o->b, "chdir: ");
		sb_quote(o->b, s->u.dir.path);
		if (s->u.dir.before)
			sb_add(o->b, " (before fds)");
		break;
	case DIR_FCHDIR:
		sb_addf(o->b, "chdir: fd %d", s->u.dir.named);
		break;
	case DIR_CHECK:
		sb_add(o->b, "chdir: check that the working directory is "
		             "inside the root");
		break;
	}
}

static const char *const null_access_names[] = { "r", "w", "rw" };

/* The O_* flags of an open action, joined by sep. */
static void
put_flags(struct sbuf *b, int flags, const char *sep)
{
	static const struct {
		int flag;
		const char *name;
	} names[] = {
		{ O_CREAT, "O_CREAT" },
		{ O_TRUNC, "O_TRUNC" },
		{ O_APPEND, "O_APPEND" },
		{ O_EXCL, "O_EXCL" },
		{ O_NOCTTY, "O_NOCTTY" },
	};

	sb_add(b, (flags & O_ACCMODE) == O_RDONLY   ? "O_RDONLY"
	          : (flags & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
	                                            : "O_RDWR");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag) {
			sb_add(b, sep);
			sb_add(b, names[i].name);
		}
}

/* One primitive fd move, as text or as a JSON object. */
static void
put_move(const struct out *o, const struct step *s, const struct fd_move *m)
{
	const struct fd_action *a =
	    m->op == OP_OPEN ? &s->u.fd.acts[m->b] : NULL;
	struct sbuf *b = o->b;
	int json = o->json;

	switch (m->op) {
	case OP_SCRATCH:
		sb_addf(b,
		    json ? "\"op\": \"park\", \"from\": %d, \"to\": %d"
		         : "park %d on %d",
		    m->a, m->b);
		break;
	case OP_DUP2:
		sb_addf(b,
		    json ? "\"op\": \"dup2\", \"from\": %d, \"to\": %d"
		         : "dup2 %d %d",
		    m->a, m->b);
		break;
	case OP_CLOEXEC_CLEAR:
		sb_addf(b,
		    json ? "\"op\": \"cloexec-clear\", \"fd\": %d"
		         : "keep %d open across exec",
		    m->a);
		break;
	case OP_CLOSE_RANGE:
		if (json) {
			sb_addf(b,
			    "\"op\": \"close-range\", \"from\": %d, \"to\": ",
			    m->a);
			if (m->b < 0)
				sb_add(b, "\"max\"");
			else
				sb_addf(b, "%d", m->b);
		} else if (m->b < 0) {
			sb_addf(b, "close %d and above", m->a);
		} else if (m->a == m->b) {
			sb_addf(b, "close %d", m->a);
		} else {
			sb_addf(b, "close %d-%d", m->a, m->b);
		}
		break;
	case OP_NULL:
		sb_addf(b,
		    json ? "\"op\": \"null\", \"fd\": %d, \"access\": \"%s\""
		         : "null %d (%s)",
		    m->a, null_access_names[m->b]);
		break;
	case OP_OPEN:
		if (json) {
			sb_addf(b,
			    "\"op\": \"open\", \"fd\": %d, \"path\": ", m->a);
			json_str(b, a->path);
			sb_add(b, ", \"flags\": [\"");
			put_flags(b, a->flags, "\", \"");
			sb_addf(
			    b, "\"], \"mode\": \"%04o\"", (unsigned)a->perms);
		} else {
			sb_addf(b, "open %d ", m->a);
			sb_quote(b, a->path);
			sb_add(b, " (");
			put_flags(b, a->flags, "|");
			sb_addf(b, ", %04o)", (unsigned)a->perms);
		}
		break;
	}
}

static void
p_fd(const struct out *o, const struct step *s)
{
	size_t i;

	sb_add(o->b, o->json ? ", \"ops\": [" : "fd:");
	for (i = 0; i < s->u.fd.n_moves; i++) {
		if (o->json)
			sb_add(o->b, i ? ", {" : "{");
		else
			sb_add(o->b, i ? "; " : " ");
		put_move(o, s, &s->u.fd.moves[i]);
		if (o->json)
			sb_add(o->b, "}");
	}
	if (o->json)
		sb_add(o->b, "]");
}

static void
p_lock(const struct out *o, const struct step *s)
{
	if (o->json) {
		json_key_str(o->b, "path", s->u.lock.path);
		sb_addf(o->b, ", \"wait\": %s, \"fd\": %d",
		    s->u.lock.nowait ? "false" : "true", s->u.lock.fd);
		return;
	}
	sb_add(o->b, "lock: ");
	sb_quote(o->b, s->u.lock.path);
	sb_addf(o->b, " on fd %d, exclusive, %s", s->u.lock.fd,
	    s->u.lock.nowait ? "without waiting" : "waiting for it");
}

static void
p_tty(const struct out *o, const struct step *s)
{
	int n = s->u.tty.named;

	if (o->json) {
		sb_addf(o->b, ", \"%s\": %d, \"copy\": %s",
		    s->u.tty.set_ctty ? "set-ctty" : "foreground", n,
		    s->u.tty.copy ? "true" : "false");
		return;
	}
	if (s->u.tty.set_ctty)
		sb_addf(o->b, "tty: fd %d becomes the controlling terminal", n);
	else
		sb_addf(o->b,
		    "tty: the process group becomes the foreground of the "
		    "terminal on fd %d (TTOU blocked around it)",
		    n);
	if (s->u.tty.copy)
		sb_addf(o->b,
		    "; through spawn's copy of fd %d, which the program "
		    "does not keep",
		    n);
}

static void
p_groups(const struct out *o, const struct step *s)
{
	const struct creds *c = s->u.cred;
	size_t i;

	if (o->json)
		sb_add(o->b, ", \"groups\": [");
	else if (c->groups_denied)
		sb_add(o->b, "groups: left as they are (this user namespace "
		             "denies setgroups)");
	else
		sb_add(o->b, c->n_groups == 0 ? "groups: none" : "groups: ");
	for (i = 0; !c->groups_denied && i < c->n_groups; i++) {
		if (i)
			sb_add(o->b, o->json ? ", " : ",");
		put_id(o, NULL, c->groups[i], 0);
	}
	if (o->json)
		sb_addf(o->b, "], \"denied\": %s",
		    c->groups_denied ? "true" : "false");
}

/* The gid and uid steps: real, effective and saved. */
static void
p_ids(const struct out *o, const struct step *s)
{
	const struct creds *c = s->u.cred;
	int uid = s->id == STEP_UID;
	unsigned v[3] = { uid ? c->ruid : c->rgid, uid ? c->euid : c->egid,
		uid ? c->suid : c->sgid };
	static const char *const keys[2][3] = { { "rgid", "egid", "sgid" },
		{ "ruid", "euid", "suid" } };
	static const char *const words[3] = { "real ", ", effective ",
		", saved " };

	if (!o->json)
		sb_addf(o->b, "%s: ", step_names[s->id]);
	for (int i = 0; i < 3; i++) {
		if (!o->json)
			sb_add(o->b, words[i]);
		put_id(o, keys[uid][i], v[i], uid);
	}
}

static void
p_caps(const struct out *o, const struct step *s)
{
	const struct creds *c = s->u.cred;
	int cap, n = 0;

	if (o->json)
		sb_add(o->b, ", \"keep\": [");
	else if (c->keep)
		sb_add(o->b, "caps: keep ");
	for (cap = 0; cap < 64 && (o->json || c->keep); cap++)
		if (c->keep_caps & ((uint64_t)1 << cap))
			sb_addf(o->b, o->json ? "%s\"%s\"" : "%s%s",
			    n++ ? (o->json ? ", " : ",") : "", cap_name(cap));
	if (o->json) {
		sb_addf(
		    o->b, "], \"drop\": %s", c->drop_caps ? "true" : "false");
		return;
	}
	if (c->keep)
		sb_add(o->b, " (permitted, effective, inheritable, ambient)");
	else if (c->drop_caps)
		sb_add(
		    o->b, "caps: none left (inheritable and ambient cleared)");
	else
		sb_add(o->b, "caps: unchanged (no drop to non-zero uids)");
	sb_add(o->b, "; then ids and groups are checked against the plan");
}

static void
p_no_new_privs(const struct out *o, const struct step *s)
{
	(void)s;
	if (!o->json)
		sb_add(o->b, "no-new-privs: set");
}

static void
p_pdeathsig(const struct out *o, const struct step *s)
{
	char name[16];

	sig_name(s->u.pdeath.sig, name, sizeof(name));
	if (o->json)
		sb_addf(o->b, ", \"signal\": \"%s\", \"parent\": %d", name,
		    (int)s->u.pdeath.ppid);
	else
		sb_addf(o->b, "pdeathsig: %s when the parent (pid %d) exits",
		    name, (int)s->u.pdeath.ppid);
}

/*
 * The exec step's text; its JSON is the plan's "program" object (see
 * plan_print_json), the step itself has no keys.
 */
static void
p_exec(const struct out *o, const struct step *s)
{
	if (o->json)
		return;
	switch (s->u.exec.kind) {
	case PROG_FD:
		sb_addf(o->b, "exec: fd %d", s->u.exec.named);
		break;
	case PROG_PATH:
		sb_add(o->b, "exec: ");
		sb_quote(o->b, s->u.exec.prog);
		break;
	case PROG_SEARCH:
		sb_add(o->b, "exec: search ");
		sb_quote(o->b, s->u.exec.prog);
		sb_add(o->b, " in ");
		sb_quote(o->b, s->u.exec.dirs);
		break;
	}
	if (s->u.exec.argv0 != NULL) {
		sb_add(o->b, " as argv[0] ");
		sb_quote(o->b, s->u.exec.argv0);
	}
}

static void
p_fork(const struct out *o, const struct step *s)
{
	if (o->json) {
		sb_addf(o->b, ", \"role\": \"%s\"",
		    s->u.fork.implicit ? "implicit" : "wait");
		json_sigs(o->b, "block", s->u.fork.block);
		json_sigs(o->b, "ignore", s->u.fork.ignore);
		json_sigs(o->b, "forward", s->u.fork.forward);
		sb_addf(o->b,
		    ", \"group\": %s, \"pid1\": %s, \"reap\": %s, "
		    "\"timeout-ms\": ",
		    s->u.fork.group ? "true" : "false",
		    s->u.fork.pid1 ? "true" : "false",
		    s->u.fork.reap ? "true" : "false");
		if (s->u.fork.have_timeout)
			sb_addf(o->b, "%llu, \"kill-after-ms\": %llu",
			    (unsigned long long)s->u.fork.timeout_ms,
			    (unsigned long long)s->u.fork.kill_after_ms);
		else
			sb_add(o->b, "null, \"kill-after-ms\": null");
		return;
	}
	if (s->u.fork.implicit) {
		sb_addf(o->b, "fork: implicit (%s); the parent forwards ",
		    s->u.fork.why);
		sig_set_text(o->b, s->u.fork.forward);
		sb_add(o->b, " and waits");
		if (s->u.fork.reap)
			sb_add(o->b, "; reap every orphan (PID 1)");
	} else {
		sb_addf(o->b,
		    "fork: wait for the child%s; while waiting block ",
		    s->u.fork.pid1 ? " as PID 1" : "");
		sig_set_text(o->b, s->u.fork.block);
		sb_add(o->b, ", ignore ");
		sig_set_text(o->b, s->u.fork.ignore);
		sb_add(o->b, ", forward ");
		sig_set_text(o->b, s->u.fork.forward);
		if (s->u.fork.group)
			sb_add(o->b, " to its process group");
		if (s->u.fork.reap)
			sb_addf(o->b, "; reap every orphan (%s)",
			    s->u.fork.pid1 ? "PID 1" : "subreaper");
		if (s->u.fork.have_timeout) {
			sb_addf(o->b, "; after %llums TERM",
			    (unsigned long long)s->u.fork.timeout_ms);
			if (s->u.fork.kill_after_ms)
				sb_addf(o->b, ", KILL %llums later",
				    (unsigned long long)
				        s->u.fork.kill_after_ms);
			sb_addf(o->b, ", exit %d", EXIT_TIMEOUT);
		}
	}
	sb_add(o->b, s->u.fork.implicit
	                 ? "; the child starts from spawn's signal state at "
	                   "this point"
	                 : "; the child starts from the caller's signal "
	                   "state");
}

static void (*const printers[STEP_COUNT])(
    const struct out *, const struct step *) = {
	[STEP_SIGNALS] = p_signals,
	[STEP_SESSION] = p_session,
	[STEP_PROCESS_GROUP] = p_pgroup,
	[STEP_RLIMIT] = p_rlimit,
	[STEP_SCHEDULER] = p_scheduler,
	[STEP_NICE] = p_nice,
	[STEP_CPUS] = p_cpus,
	[STEP_RESET_IDS] = p_reset_ids,
	[STEP_UMASK] = p_umask,
	[STEP_NSENTER] = p_nsenter,
	[STEP_CHROOT] = p_dir,
	[STEP_CHDIR] = p_dir,
	[STEP_FD] = p_fd,
	[STEP_LOCK] = p_lock,
	[STEP_TTY] = p_tty,
	[STEP_GROUPS] = p_groups,
	[STEP_GID] = p_ids,
	[STEP_UID] = p_ids,
	[STEP_CAPS] = p_caps,
	[STEP_NO_NEW_PRIVS] = p_no_new_privs,
	[STEP_PDEATHSIG] = p_pdeathsig,
	[STEP_EXEC] = p_exec,
	[STEP_FORK] = p_fork,
};

int
print_step_lines(struct plan *p)
{
	for (int k = 0; k < p->n_steps; k++) {
		struct sbuf b = { 0 };
		struct out o = { &b, 0 };

		if (p->steps[k].line != NULL)
			continue;
		printers[p->steps[k].id](&o, &p->steps[k]);
		if ((p->steps[k].line = sb_take(&b)) == NULL)
			return -1;
	}
	return 0;
}

/* The text of the plan: the mode, one line per step, argv and env. */
int
plan_print_text(const struct plan *p, FILE *f)
{
	struct sbuf b = { 0 };
	struct out o = { &b, 0 };
	size_t i;
	int k, r;

	if (p->wait)
		sb_add(&b, "mode: wait (fork first)\n");
	else if (p->fork_at >= 0)
		sb_addf(&b, "mode: exec (implicit fork before %s)\n",
		    step_names[p->steps[p->fork_at + 1].id]);
	else
		sb_add(&b, "mode: exec (no fork)\n");
	for (k = 0; k < p->n_steps; k++) {
		printers[p->steps[k].id](&o, &p->steps[k]);
		sb_add(&b, "\n");
	}
	sb_add(&b, "argv:");
	for (k = 0; p->argv[k] != NULL; k++) {
		sb_add(&b, " ");
		sb_quote(&b, p->argv[k]);
	}
	sb_add(&b, "\nenv:");
	for (i = 0; i < p->n_env; i++) {
		sb_add(&b, " ");
		sb_quote(&b, p->envp[i]);
	}
	sb_add(&b, "\n");
	r = b.bad ? -1 : fputs(b.s, f) < 0 ? -1 : 0;
	mem_free(b.s);
	return r;
}

/* The exec step as the plan's "program" object. */
static void
json_program(struct sbuf *b, const struct step *s)
{
	sb_add(b, "\"program\": {");
	switch (s->u.exec.kind) {
	case PROG_PATH:
		sb_add(b, "\"path\": ");
		json_str(b, s->u.exec.prog);
		break;
	case PROG_FD:
		sb_addf(b, "\"fd\": %d, \"script\": %s", s->u.exec.named,
		    s->u.exec.script ? "true" : "false");
		break;
	case PROG_SEARCH:
		sb_add(b, "\"search\": ");
		json_str(b, s->u.exec.prog);
		sb_add(b, ", \"candidates\": [");
		for (size_t i = 0; i < s->u.exec.n_cand; i++) {
			sb_add(b, i > 0 ? ", " : "");
			json_str(b, s->u.exec.cand[i]);
		}
		sb_add(b, "]");
		break;
	}
	sb_add(b, "}");
}

int
plan_print_json(const struct plan *p, FILE *f)
{
	struct sbuf b = { 0 };
	struct out o = { &b, 1 };
	size_t i;
	int k, r;

	sb_addf(&b, "{\"mode\": \"%s\", \"fork\": %s, \"steps\": [",
	    p->wait ? "wait" : "exec", p->fork_at >= 0 ? "true" : "false");
	for (k = 0; k < p->n_steps; k++) {
		sb_addf(&b, "%s{\"step\": \"%s\"", k > 0 ? ", " : "",
		    step_names[p->steps[k].id]);
		printers[p->steps[k].id](&o, &p->steps[k]);
		sb_add(&b, "}");
	}
	sb_add(&b, "], ");
	json_program(&b, &p->steps[p->n_steps - 1]);
	sb_add(&b, ", \"argv\": [");
	for (k = 0; p->argv[k] != NULL; k++) {
		sb_add(&b, k > 0 ? ", " : "");
		json_str(&b, p->argv[k]);
	}
	sb_add(&b, "], \"env\": [");
	for (i = 0; i < p->n_env; i++) {
		sb_add(&b, i > 0 ? ", " : "");
		json_str(&b, p->envp[i]);
	}
	sb_add(&b, "]}\n");
	r = b.bad ? -1 : fputs(b.s, f) < 0 ? -1 : 0;
	mem_free(b.s);
	return r;
}
