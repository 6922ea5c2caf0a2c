/*
 * plan.c: resolve a struct opts into a struct plan, and print plans.
 *
 * Everything the apply phase needs is computed here: argv and envp arrays,
 * the PATH candidates, the fds spawn keeps for itself, every message object
 * and every --verbose line. Nothing here changes the process except, in a
 * real run, the close-on-exec copies of --exec-fd and --chdir-fd.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "ids.h"
#include "plan.h"
#include "signals.h"
#include "arena.h"
#include "fmt.h"
#include "num.h"
#include "procstat.h"
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

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
	[STEP_JAIL] = "jail",
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

struct plan_cpus {
	void *set;
	size_t size;
};

/* A growable string for building lines at plan time. */
struct sbuf {
	char *s;
	size_t len, cap;
	int bad;
	int skip; /* a step line nobody will read: build nothing */
};

/*
 * A step's text line is read only by --dry-run and --verbose; otherwise
 * its buffer skips every addition and the step keeps no line.
 */
#define SB_LINE(p)                                                             \
	{                                                                      \
		.skip = !(p)->text                                             \
	}

/* Room for n more bytes and a NUL; 0 when there is none. */
static int
sb_room(struct sbuf *b, size_t n)
{
	if (b->bad || b->skip)
		return 0;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2 + 32;
		char *p = mem_realloc(b->s, cap);

		if (p == NULL) {
			b->bad = 1;
			return 0;
		}
		b->s = p;
		b->cap = cap;
	}
	return 1;
}

static void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (!sb_room(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void sb_addf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int add_detailf(struct plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Formatted text of any length: measured first, then written in place. */
static void
sb_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	if (b->bad || b->skip)
		return;
	va_copy(aq, ap);
	n = fmt_v(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0) {
		b->bad = 1;
		return;
	}
	if (!sb_room(b, (size_t)n))
		return;
	fmt_v(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

static void
sb_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
}

/* A signal set as names, "INT,QUIT,CHLD", or "none". */
static void
sb_sigs(struct sbuf *b, uint64_t set)
{
	char name[16];
	int sig, n = 0;

	for (sig = 1; sig <= SPAWN_NSIG; sig++)
		if (set & SIG_BIT(sig)) {
			sb_add(b, n++ ? "," : "");
			sb_add(b, sig_name(sig, name, sizeof(name)));
		}
	if (n == 0)
		sb_add(b, "none");
}

/*
 * Quote a byte string for the text plan the way a shell reader expects:
 * bare when it is made of safe characters, '...' when printable, and
 * $'...' with \xNN escapes otherwise.
 */
static void
sb_quote(struct sbuf *b, const char *s)
{
	const unsigned char *p;
	int plain = *s != '\0', printable = 1;

	if (b->skip)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			printable = 0;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || strchr("/._-+=:,@%", *p)))
			plain = 0;
	}
	if (plain) {
		sb_add(b, s);
		return;
	}
	if (printable) {
		sb_add(b, "'");
		for (p = (const unsigned char *)s; *p != '\0'; p++) {
			if (*p == '\'')
				sb_add(b, "'\\''");
			else
				sb_addn(b, (const char *)p, 1);
		}
		sb_add(b, "'");
		return;
	}
	sb_add(b, "$'");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\')
			sb_addf(b, "\\x%02x", *p);
		else
			sb_addn(b, (const char *)p, 1);
	}
	sb_add(b, "'");
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Add an object to the detail table; returns its index or -1. */
static int
add_detail(struct plan *p, const char *s)
{
	char **n, *c;

	c = mem_strdup(s);
	if (c == NULL)
		return -1;
	n = mem_realloc(p->detail, (p->n_detail + 1) * sizeof(*n));
	if (n == NULL) {
		mem_free(c);
		return -1;
	}
	p->detail = n;
	p->detail[p->n_detail] = c;
	return (int)p->n_detail++;
}

static int
add_detailf(struct plan *p, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	va_list ap;
	int r;

	va_start(ap, fmt);
	sb_vaddf(&b, fmt, ap);
	va_end(ap);
	r = b.bad ? -1 : add_detail(p, b.s != NULL ? b.s : "");
	mem_free(b.s);
	return r;
}

static struct step *
add_step(struct plan *p, enum step_id id)
{
	struct step *s;

	if (p->n_steps >= PLAN_MAX_STEPS)
		return NULL;
	s = &p->steps[p->n_steps++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	return s;
}

/* Finish a step's text line; the line starts with the step's name. */
static int
set_line(struct step *s, struct sbuf *b)
{
	if (b->bad) {
		mem_free(b->s);
		return -1;
	}
	s->line = b->skip ? NULL : b->s;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The kernel's limit on one argument or environment string, NUL included
 * (MAX_ARG_STRLEN, 32 pages of 4 KiB). */
#define ARG_STRLEN_MAX (128 * 1024)

/*
 * The first line of the envdir entry open on fd, whole: read until a
 * newline or the end, never more than what an environment string may
 * hold. Returns its length (the line is *out, not NUL-terminated), or -1
 * with errno set (EFBIG: too long); *empty says the file had no byte.
 */
static ssize_t
read_first_line(int fd, size_t most, char **out, int *empty)
{
	char *buf = NULL, *nl;
	size_t len = 0, cap = 0;
	ssize_t r;

	for (;;) {
		if (cap - len < 4096) {
			char *n = mem_realloc(buf, cap + 4096);

			if (n == NULL) {
				mem_free(buf);
				return -1;
			}
			buf = n;
			cap += 4096;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			mem_free(buf);
			return -1;
		}
		if (r > 0)
			*empty = 0;
		nl = memchr(buf + len, '\n', (size_t)r);
		len += (size_t)r;
		if (nl != NULL)
			len = (size_t)(nl - buf);
		if (len > most) {
			mem_free(buf);
			errno = EFBIG;
			return -1;
		}
		if (nl != NULL || r == 0)
			break;
	}
	*out = buf;
	return (ssize_t)len;
}

/*
 * --envdir DIR (daemontools envdir, chpst -e): each file NAME sets NAME to
 * its first line, trailing blanks dropped and NULs read as newlines; an
 * empty file unsets NAME. Dot files are skipped; a name with '=' is an
 * error. Read now, with spawn's own privileges, sorted by name. Each entry
 * is opened non-blocking and must be a regular file: a FIFO there never
 * hangs spawn, not even a dry run.
 */
static int
read_envdir(struct plan *p, char *msg, size_t len)
{
	const char *dir = p->o->envdir;
	DIR *d = opendir(dir);
	struct dirent *de;
	char **list = NULL, **nl;
	size_t n = 0;
	int dfd;

	if (d == NULL)
		return errorf(
		    msg, len, "--envdir %s: %s", dir, errno_text(errno));
	dfd = dirfd(d);
	while ((errno = 0, de = readdir(d)) != NULL) {
		char *buf = NULL;
		ssize_t r;
		struct stat st;
		int fd, empty = 1;
		size_t l, nlen = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (strchr(de->d_name, '=') != NULL) {
			/* The message first: closedir frees de. */
			errorf(msg, len,
			    "--envdir %s: file name '%s' has an '='", dir,
			    de->d_name);
			goto bad;
		}
		fd = openat(dfd, de->d_name,
		    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
			close(fd);
			errorf(msg, len, "--envdir %s/%s: %s", dir, de->d_name,
			    S_ISDIR(st.st_mode) ? errno_text(EISDIR)
			                        : "not a regular file");
			goto bad;
		}
		r = fd < 0 ? -1
		           : read_first_line(
		                 fd, ARG_STRLEN_MAX - nlen - 2, &buf, &empty);
		if (r < 0) {
			int err = errno;

			if (fd >= 0)
				close(fd);
			if (err == EFBIG)
				errorf(msg, len,
				    "--envdir %s/%s: the first line is longer "
				    "than an environment entry may be (128 "
				    "KiB with the name, MAX_ARG_STRLEN)",
				    dir, de->d_name);
			else
				errorf(msg, len, "--envdir %s/%s: %s", dir,
				    de->d_name, errno_text(err));
			goto bad;
		}
		close(fd);
		l = (size_t)r;
		while (l > 0 && (buf[l - 1] == ' ' || buf[l - 1] == '\t'))
			l--;
		for (size_t i = 0; i < l; i++)
			if (buf[i] == '\0')
				buf[i] = '\n';
		nl = mem_realloc(list, (n + 1) * sizeof(*nl));
		if (nl == NULL) {
			mem_free(buf);
			errorf(msg, len, "out of memory");
			goto bad;
		}
		list = nl;
		/* NAME=VALUE, or NAME alone (unset) for an empty file. */
		list[n] = mem_alloc(nlen + 1 + l + 1);
		if (list[n] == NULL) {
			mem_free(buf);
			errorf(msg, len, "out of memory");
			goto bad;
		}
		memcpy(list[n], de->d_name, nlen);
		if (!empty) {
			list[n][nlen] = '=';
			memcpy(list[n] + nlen + 1, buf, l);
			list[n][nlen + 1 + l] = '\0';
		} else {
			list[n][nlen] = '\0';
		}
		mem_free(buf);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_str);
	p->envdir_set = list;
	p->n_envdir = n;
	return 0;
bad:
	/* The entries read before the failing one. */
	closedir(d);
	while (n > 0)
		mem_free(list[--n]);
	mem_free(list);
	return -1;
}

/*
 * The environment under construction: the entries in order (NULL where
 * one was removed), and a hash table from each name to the slots that
 * hold it, chained in order through next[], so that setting or removing
 * a name costs the copies it has, not a scan of the whole environment:
 * n entries and m operations take O(n + m), where a scan per operation
 * took 34 s for 120,000 NAME=VALUE words.
 */
#define ENV_NONE ((size_t)-1)

struct env_key {
	const char *name; /* NULL: a free bucket */
	size_t len;
	size_t first, last; /* the slots holding it, ENV_NONE when none */
};

struct env_build {
	char **v;
	size_t *next;
	size_t n;
	struct env_key *keys;
	size_t mask; /* buckets - 1, a power of two less one */
};

/* The length of the name of an entry, or ENV_NONE without '='. */
static size_t
env_name_len(const char *a)
{
	const char *eq = strchr(a, '=');

	return eq != NULL ? (size_t)(eq - a) : ENV_NONE;
}

static struct env_key *
env_key(struct env_build *e, const char *name, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	for (i = (size_t)h & e->mask;; i = (i + 1) & e->mask) {
		struct env_key *k = &e->keys[i];

		if (k->name == NULL) {
			k->name = name;
			k->len = len;
			k->first = k->last = ENV_NONE;
			return k;
		}
		if (k->len == len && memcmp(k->name, name, len) == 0)
			return k;
	}
}

/* Append an entry; with a name, at the end of that name's chain. */
static void
env_append(struct env_build *e, char *a, struct env_key *k)
{
	size_t slot = e->n++;

	e->v[slot] = a;
	e->next[slot] = ENV_NONE;
	if (k == NULL)
		return;
	if (k->first == ENV_NONE)
		k->first = slot;
	else
		e->next[k->last] = slot;
	k->last = slot;
}

/* Remove every copy of the name. */
static void
env_unset(struct env_build *e, struct env_key *k)
{
	size_t slot;

	for (slot = k->first; slot != ENV_NONE; slot = e->next[slot])
		e->v[slot] = NULL;
	k->first = k->last = ENV_NONE;
}

/*
 * Set NAME=VALUE in the place of the first copy, removing the others
 * (a second copy could otherwise be the one a program reads: Perl
 * CVE-2016-2381); a new name goes at the end.
 */
static void
env_set(struct env_build *e, char *a)
{
	struct env_key *k = env_key(e, a, env_name_len(a));
	size_t first = k->first;

	if (first == ENV_NONE) {
		env_append(e, a, k);
		return;
	}
	k->first = e->next[first];
	env_unset(e, k);
	e->v[first] = a;
	e->next[first] = ENV_NONE;
	k->first = k->last = first;
}

/*
 * Build the environment: -i, then --envdir (each name's copies removed,
 * its value appended), --set-home, then -u/-e/NAME=VALUE in command-line
 * order.
 */
static int
build_env(struct plan *p, char **envp)
{
	const struct opts *o = p->o;
	struct env_build e = { 0 };
	size_t n = 0, cap, buckets = 16, i, k;

	if (!o->clean_env)
		for (; envp != NULL && envp[n] != NULL; n++)
			;
	cap = n + o->n_env_ops + 3 + p->n_envdir + 1;
	e.v = mem_calloc(cap, sizeof(*e.v));
	if (e.v == NULL)
		return -1;
	/* Nothing to change: the caller's environment as it is. */
	if (cap == n + 4 && p->home_env[0] == NULL) {
		if (n > 0)
			memcpy(e.v, envp, n * sizeof(*e.v));
		p->envp = e.v;
		p->n_env = n;
		return 0;
	}
	while (buckets < 2 * cap)
		buckets *= 2;
	e.next = mem_calloc(cap, sizeof(*e.next));
	e.keys = mem_calloc(buckets, sizeof(*e.keys));
	e.mask = buckets - 1;
	if (e.next == NULL || e.keys == NULL) {
		mem_free(e.keys);
		mem_free(e.next);
		mem_free(e.v);
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t nl = env_name_len(envp[i]);

		/* An entry without '=' has no name any option can match. */
		env_append(&e, envp[i],
		    nl == ENV_NONE ? NULL : env_key(&e, envp[i], nl));
	}
	for (i = 0; i < p->n_envdir; i++) {
		char *a = p->envdir_set[i];
		size_t nl = env_name_len(a);
		struct env_key *k =
		    env_key(&e, a, nl == ENV_NONE ? strlen(a) : nl);

		env_unset(&e, k);
		if (nl != ENV_NONE)
			env_append(&e, a, k);
	}
	/* --set-home: before -u/-e, so those still win. */
	for (i = 0; i < 3 && p->home_env[i] != NULL; i++)
		env_set(&e, p->home_env[i]);
	for (i = 0; i < o->n_env_ops; i++) {
		char *a = (char *)o->env_ops[i].arg;

		if (o->env_ops[i].unset)
			env_unset(&e, env_key(&e, a, strlen(a)));
		else
			env_set(&e, a);
	}
	for (i = k = 0; i < e.n; i++)
		if (e.v[i] != NULL)
			e.v[k++] = e.v[i];
	e.v[k] = NULL;
	mem_free(e.keys);
	mem_free(e.next);
	p->envp = e.v;
	p->n_env = k;
	return 0;
}

static const char *
env_get(char **envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* PATH candidates: each directory of the list joined with PROGRAM. */
static int
build_candidates(struct plan *p, const char *dirs)
{
	const char *d = dirs, *end;
	size_t pl = strlen(p->prog), n = 1, i = 0;

	for (end = dirs; *end != '\0'; end++)
		if (*end == ':')
			n++;
	p->cand = mem_calloc(n, sizeof(*p->cand));
	p->cand_detail = mem_calloc(n, sizeof(*p->cand_detail));
	if (p->cand == NULL || p->cand_detail == NULL)
		return -1;
	for (;;) {
		size_t dl;
		char *c;

		end = strchr(d, ':');
		dl = end ? (size_t)(end - d) : strlen(d);
		/* An empty entry means the current directory, as execvp. */
		c = mem_alloc(dl + 1 + pl + 1);
		if (c == NULL)
			return -1;
		if (dl == 0) {
			memcpy(c, p->prog, pl + 1);
		} else {
			memcpy(c, d, dl);
			c[dl] = '/';
			memcpy(c + dl + 1, p->prog, pl + 1);
		}
		p->cand[i] = c;
		p->cand_detail[i] = add_detail(p, c);
		if (p->cand_detail[i++] < 0)
			return -1;
		p->n_cand = i;
		if (end == NULL)
			break;
		d = end + 1;
	}
	return 0;
}

/* Keep one of spawn's own fds (close-on-exec) at or above own_min. */
static int
own_fd(struct plan *p, int fd)
{
	int n = fd, *o;

	if (fd < p->own_min) {
		n = fcntl(fd, F_DUPFD_CLOEXEC, p->own_min);
		close(fd);
		if (n < 0)
			return -1;
	}
	o = mem_realloc(p->own, (p->n_own + 1) * sizeof(*o));
	if (o == NULL) {
		close(n);
		return -1;
	}
	p->own = o;
	p->own[p->n_own++] = n;
	return n;
}

/*
 * A close-on-exec copy of a caller's fd for spawn's own use, above every
 * target fd. In a dry run the fd is only checked to be open.
 */
static int
keep_fd(
    struct plan *p, int fd, const char *opt, int *out, char *msg, size_t len)
{
	int c;

	if (fcntl(fd, F_GETFD) < 0)
		return errorf(
		    msg, len, "%s %d: %s", opt, fd, errno_text(errno));
	if (p->dry_run) {
		*out = fd;
		return 0;
	}
	c = fcntl(fd, F_DUPFD_CLOEXEC, p->own_min);
	if (c < 0 || own_fd(p, c) < 0)
		return errorf(
		    msg, len, "%s %d: %s", opt, fd, errno_text(errno));
	*out = c;
	return 0;
}

static void
sb_rlim(struct sbuf *b, rlim_t v)
{
	if (v == RLIM_INFINITY)
		sb_add(b, "unlimited");
	else
		sb_addf(b, "%llu", (unsigned long long)v);
}

/*
 * --rlimit: an empty side is filled from the current value, then every
 * value is checked: soft above hard, nofile above fs.nr_open (the kernel
 * answers EPERM there, which would look like a missing capability).
 * Returns the NOFILE soft limit the target will have through *nofile.
 */
static int
resolve_rlimits(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	size_t i;

	for (i = 0; i < o->n_rlimits; i++) {
		struct rlimit_req *r = &o->rlimits[i];
		struct rlimit cur;

		if (getrlimit(r->resource, &cur) < 0)
			return errorf(msg, len, "--rlimit %s: %s", r->spec,
			    errno_text(errno));
		if (!r->have_soft)
			r->soft = cur.rlim_cur;
		if (!r->have_hard)
			r->hard = cur.rlim_max;
		r->have_soft = r->have_hard = 1;
		if (r->soft > r->hard) {
			struct sbuf b = { 0 };

			sb_add(&b, "soft limit ");
			sb_rlim(&b, r->soft);
			sb_add(&b, " above hard limit ");
			sb_rlim(&b, r->hard);
			errorf(msg, len, "--rlimit %s: %s", r->spec,
			    b.s ? b.s : "soft limit above hard limit");
			mem_free(b.s);
			return -1;
		}
		if (r->resource == RLIMIT_NOFILE &&
		    (r->hard > cur.rlim_max || r->hard == RLIM_INFINITY)) {
			unsigned long long nr = proc_nr_open();

			if (nr > 0 && (unsigned long long)r->hard > nr)
				return errorf(msg, len,
				    "--rlimit %s: nofile cannot go above "
				    "fs.nr_open (%llu)",
				    r->spec, nr);
		}
	}
	return 0;
}

/* One rlimit step; nofile's comes at the end of step 11. */
static int
add_rlimit_step(
    struct plan *p, const struct rlimit_req *r, char *msg, size_t len)
{
	struct sbuf b = SB_LINE(p), d = { 0 };
	struct step *s = add_step(p, STEP_RLIMIT);
	struct rlimit cur;

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.rlim.resource = r->resource;
	s->u.rlim.soft = r->soft;
	s->u.rlim.hard = r->hard;
	sb_addf(&b, "rlimit: %s ", rlimit_name(r->resource));
	sb_rlim(&b, r->soft);
	sb_add(&b, ":");
	sb_rlim(&b, r->hard);
	sb_addf(&d, "%s=", rlimit_name(r->resource));
	sb_rlim(&d, r->soft);
	sb_add(&d, ":");
	sb_rlim(&d, r->hard);
	/* Say why the kernel may refuse: raising a hard limit needs it. */
	if (getrlimit(r->resource, &cur) == 0 && r->hard > cur.rlim_max)
		sb_add(&d, " (raising the hard limit needs CAP_SYS_RESOURCE)");
	if (d.bad || (s->u.rlim.detail = add_detail(p, d.s)) < 0 ||
	    set_line(s, &b) < 0) {
		mem_free(d.s);
		return errorf(msg, len, "out of memory");
	}
	mem_free(d.s);
	return 0;
}

static void
cpu_add(int cpu, void *arg)
{
	struct plan_cpus *c = arg;

	CPU_SET_S((size_t)cpu, c->size, (cpu_set_t *)c->set);
}

/* Step 3: setpgid, own group or a given one. */
static int
add_pgroup_step(struct plan *p, char *msg, size_t len)
{
	struct sbuf b = SB_LINE(p);
	struct step *s = add_step(p, STEP_PROCESS_GROUP);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.pgrp.pgid = p->o->pgroup;
	if (p->o->pgroup == 0)
		sb_add(&b, "process-group: a group of its own (setpgid 0 0)");
	else
		sb_addf(&b, "process-group: join group %d", (int)p->o->pgroup);
	return set_line(s, &b) < 0 ? errorf(msg, len, "out of memory") : 0;
}

/*
 * Step 5: scheduler, nice, CPU affinity. Priorities are checked against
 * the policy's range, the nice value resolved to an absolute one now.
 */
static int
add_sched_steps(struct plan *p, char *msg, size_t len)
{
	static const char *const names[] = { [SCHED_OTHER] = "other",
		[SCHED_FIFO] = "fifo",
		[SCHED_RR] = "rr",
		[SCHED_BATCH] = "batch",
		[SCHED_IDLE] = "idle" };
	const struct opts *o = p->o;
	struct sbuf b = SB_LINE(p);
	struct step *s;

	if (o->have_sched_policy) {
		int lo = sched_get_priority_min(o->sched_policy);
		int hi = sched_get_priority_max(o->sched_policy);
		int prio = o->have_sched_priority ? o->sched_priority : 0;

		if (prio < lo || prio > hi)
			return errorf(msg, len,
			    "--sched-priority %d: out of range for %s "
			    "(%d to %d)",
			    prio, names[o->sched_policy], lo, hi);
		s = add_step(p, STEP_SCHEDULER);
		if (s == NULL)
			return errorf(msg, len, "out of memory");
		s->u.sched.policy =
		    o->sched_policy |
		    (o->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
		s->u.sched.priority = prio;
		sb_addf(&b, "scheduler: %s, priority %d%s",
		    names[o->sched_policy], prio,
		    o->sched_reset_on_fork ? ", reset on fork" : "");
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
		b = (struct sbuf)SB_LINE(p);
	}
	if (o->have_nice) {
		int cur, v;

		errno = 0;
		cur = getpriority(PRIO_PROCESS, 0);
		if (cur == -1 && errno != 0)
			return errorf(
			    msg, len, "--nice: %s", errno_text(errno));
		/* As nice(1): the sum is clamped to the kernel's range. */
		v = cur + o->nice;
		v = v < -20 ? -20 : v > 19 ? 19 : v;
		s = add_step(p, STEP_NICE);
		if (s == NULL)
			return errorf(msg, len, "out of memory");
		s->u.nice.value = v;
		sb_addf(&b, "nice: %+d, from %d to %d", o->nice, cur, v);
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
		b = (struct sbuf)SB_LINE(p);
	}
	if (o->cpus_text != NULL) {
		struct plan_cpus c;

		s = add_step(p, STEP_CPUS);
		if (s == NULL)
			return errorf(msg, len, "out of memory");
		c.size = CPU_ALLOC_SIZE(SPAWN_CPU_MAX);
		c.set = CPU_ALLOC(SPAWN_CPU_MAX);
		if (c.set == NULL)
			return errorf(msg, len, "out of memory");
		CPU_ZERO_S(c.size, (cpu_set_t *)c.set);
		cpu_list_each(o->cpus_text, cpu_add, &c);
		s->u.cpus.set = c.set;
		s->u.cpus.size = c.size;
		sb_add(&b, "cpus: ");
		sb_quote(&b, o->cpus_text);
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
	}
	return 0;
}

/* Step 11, after the fd actions: the terminal. */
static const struct fd_action *find_act(const struct plan *p, int fd);

/*
 * The terminal of --set-ctty or --foreground-tty is fd N as the fd step
 * leaves it. When the program does not keep N (the step closes it),
 * spawn keeps a copy of the caller's N for the tty step, as it does for
 * --chdir-fd, so that what the dry run accepts also runs.
 */
static int
resolve_tty_fd(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	const struct fd_action *a;
	int fd = o->have_set_ctty ? o->set_ctty : o->fg_tty;

	p->tty_fd = fd;
	if (!o->have_set_ctty && !o->have_fg_tty)
		return 0;
	a = find_act(p, fd);
	if (a != NULL && a->kind != FD_CLOSE)
		return 0;
	p->tty_copy = 1;
	return keep_fd(p, fd,
	    o->have_set_ctty ? "--set-ctty" : "--foreground-tty", &p->tty_fd,
	    msg, len);
}

static int
add_tty_step(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct sbuf b = SB_LINE(p);
	struct step *s = add_step(p, STEP_TTY);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.tty.set_ctty = o->have_set_ctty;
	s->u.tty.named = o->have_set_ctty ? o->set_ctty : o->fg_tty;
	s->u.tty.fd = p->tty_fd;
	s->u.tty.copy = p->tty_copy;
	s->u.tty.detail = add_detailf(p, "fd %d", s->u.tty.named);
	if (o->have_set_ctty)
		sb_addf(&b, "tty: fd %d becomes the controlling terminal",
		    s->u.tty.named);
	else
		sb_addf(&b,
		    "tty: the process group becomes the foreground of the "
		    "terminal on fd %d (TTOU blocked around it)",
		    s->u.tty.named);
	if (s->u.tty.copy)
		sb_addf(&b,
		    "; through spawn's copy of fd %d, which the program "
		    "does not keep",
		    s->u.tty.named);
	if (s->u.tty.detail < 0 || set_line(s, &b) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/*
 * Step 17. The parent expected afterwards: without a fork the caller
 * (known now); after one fork, spawn itself; after two, the middle
 * process, which only the child can ask for (ppid 0).
 */
static int
add_pdeathsig_step(struct plan *p, char *msg, size_t len)
{
	struct sbuf b = SB_LINE(p);
	struct step *s;
	char name[16];
	int k, forks = 0;

	for (k = 0; k < p->n_steps; k++)
		forks += p->steps[k].id == STEP_FORK;
	s = add_step(p, STEP_PDEATHSIG);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.pdeath.sig = p->o->pdeathsig;
	s->u.pdeath.ppid = forks == 0 ? getppid() : forks == 1 ? getpid() : 0;
	s->u.pdeath.detail = add_detail(p, "the parent already exited");
	sb_addf(&b, "pdeathsig: %s when the parent (pid %d) exits",
	    sig_name(p->o->pdeathsig, name, sizeof(name)),
	    (int)s->u.pdeath.ppid);
	if (s->u.pdeath.detail < 0 || set_line(s, &b) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

const char *const ns_names[NS_COUNT] = { "user", "mnt", "uts", "ipc", "net",
	"pid", "cgroup", "time" };
static const int ns_flags[NS_COUNT] = { CLONE_NEWUSER, CLONE_NEWNS,
	CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWCGROUP,
	CLONE_NEWTIME };

static const char *
ns_type_name(int nstype)
{
	int t;

	for (t = 0; t < NS_COUNT; t++)
		if (ns_flags[t] == nstype)
			return ns_names[t];
	return "unknown";
}

static int
open_ns(struct plan *p, enum ns_type t, char *msg, size_t len)
{
	const char *arg = p->o->ns[t],
	           *opt_t = t == NS_MNT ? "mount" : ns_names[t];
	struct ns_file *n = &p->ns[t];
	char self[32];
	struct stat st, me;
	int fd, type;
	long long v;

	if (strncmp(arg, "fd:", 3) == 0) {
		if (num_parse(arg + 3, 0, INT_MAX, &v) != NULL)
			return errorf(
			    msg, len, "--nsenter-%s %s: not an fd", opt_t, arg);
		if (fcntl((int)v, F_GETFD) < 0)
			return errorf(msg, len, "--nsenter-%s %s: %s", opt_t,
			    arg, errno_text(errno));
		fd = p->dry_run ? (int)v
		                : fcntl((int)v, F_DUPFD_CLOEXEC, p->own_min);
	} else {
		/* Never block on a FIFO or take a terminal as the ctty. */
		fd = open(arg, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	}
	if (fd < 0)
		return errorf(msg, len, "--nsenter-%s %s: %s", opt_t, arg,
		    errno_text(errno));
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type < 0 || type != ns_flags[t] || fstat(fd, &st) < 0) {
		int err = errno;

		if (!(p->dry_run && strncmp(arg, "fd:", 3) == 0))
			close(fd);
		if (type < 0 && err == ENOTTY)
			return errorf(msg, len,
			    "--nsenter-%s %s: not a namespace", opt_t, arg);
		if (type < 0)
			return errorf(msg, len, "--nsenter-%s %s: %s", opt_t,
			    arg, errno_text(err));
		return errorf(msg, len,
		    "--nsenter-%s %s: a %s namespace, not a %s one", opt_t, arg,
		    ns_type_name(type), ns_names[t]);
	}
	n->ino = st.st_ino;
	n->dev = st.st_dev;
	fmt(self, sizeof(self), "/proc/self/ns/%s", ns_names[t]);
	n->already = stat(self, &me) == 0 && me.st_ino == st.st_ino &&
	             me.st_dev == st.st_dev;
	if (p->dry_run) {
		if (strncmp(arg, "fd:", 3) != 0)
			close(fd);
		n->fd = strncmp(arg, "fd:", 3) == 0 ? (int)v : -1;
		return 0;
	}
	n->fd = own_fd(p, fd);
	if (n->fd < 0)
		return errorf(
		    msg, len, "--nsenter-%s: %s", opt_t, errno_text(errno));
	return 0;
}

/*
 * Every namespace file opened and its type checked before any step (and
 * before the credentials are resolved: joining a user namespace changes
 * how the groups are set).
 */
static int
open_namespaces(struct plan *p, char *msg, size_t len)
{
	int t;

	for (t = 0; t < NS_COUNT; t++) {
		p->ns[t].fd = -1;
		if (p->o->ns[t] != NULL && open_ns(p, t, msg, len) < 0)
			return -1;
	}
	return 0;
}

/* Is the namespace on fd owned by the user namespace with this inode? */
static int
owned_by(int fd, ino_t user_ino)
{
	struct stat st;
	int owner = ioctl(fd, NS_GET_USERNS), r;

	if (owner < 0)
		return 0;
	r = fstat(owner, &st) == 0 && st.st_ino == user_ino;
	close(owner);
	return r;
}

static int
add_ns_step(struct plan *p, enum ns_type t, char *msg, size_t len)
{
	const struct ns_file *n = &p->ns[t];
	struct sbuf b = SB_LINE(p);
	struct step *s = add_step(p, STEP_NSENTER);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.ns.type = t;
	s->u.ns.fd = n->fd;
	s->u.ns.nstype = ns_flags[t];
	s->u.ns.already = n->already;
	s->u.ns.clear_groups = t == NS_USER && p->cred.join_userns;
	s->u.ns.detail = add_detail(p, p->o->ns[t]);
	sb_addf(&b, "nsenter: %s ", ns_names[t]);
	sb_quote(&b, p->o->ns[t]);
	sb_addf(&b, " (inode %lu)", (unsigned long)n->ino);
	if (n->already)
		sb_add(&b, ": spawn is in it already, nothing to do");
	if (s->u.ns.clear_groups)
		sb_add(&b, "; the supplementary groups are cleared first, "
		           "while that is still possible");
	if (s->u.ns.detail < 0 || set_line(s, &b) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/*
 * Step 8, with the files opened already. The user namespace goes first,
 * except namespaces owned by an outer user namespace: once in the new
 * user namespace spawn would lack the capability to join them, so they go
 * before it. A pid namespace takes effect for children only: the plan
 * forks right after this step.
 */
static int
add_ns_steps(struct plan *p, char *msg, size_t len)
{
	int t, inner[NS_COUNT] = { 0 }, user = p->o->ns[NS_USER] != NULL;

	for (t = 0; t < NS_COUNT && user && !p->ns[NS_USER].already; t++) {
		int fd = p->ns[t].fd, mine = 0;

		if (t == NS_USER || p->o->ns[t] == NULL)
			continue;
		/* A dry run keeps no fd: open the file again to ask. */
		if (fd < 0) {
			fd = open(p->o->ns[t],
			    O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
			mine = 1;
		}
		inner[t] = fd >= 0 && owned_by(fd, p->ns[NS_USER].ino);
		if (mine && fd >= 0)
			close(fd);
	}
	/* Outer-owned namespaces, then the user one, then its own. */
	for (t = 0; t < NS_COUNT; t++)
		if (t != NS_USER && p->o->ns[t] != NULL && !inner[t] &&
		    add_ns_step(p, t, msg, len) < 0)
			return -1;
	if (user && add_ns_step(p, NS_USER, msg, len) < 0)
		return -1;
	for (t = 0; t < NS_COUNT; t++)
		if (t != NS_USER && p->o->ns[t] != NULL && inner[t] &&
		    add_ns_step(p, t, msg, len) < 0)
			return -1;
	return 0;
}

static void warn(struct plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn(struct plan *p, const char *fmt, ...)
{
	struct sbuf b = { 0 };
	char **n;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&b, fmt, ap);
	va_end(ap);
	n = mem_realloc(p->warnings, (p->n_warnings + 1) * sizeof(*n));
	if (b.bad || b.s == NULL || n == NULL) {
		mem_free(b.s);
		return;
	}
	p->warnings = n;
	n[p->n_warnings++] = b.s;
}

static void
sb_uid(struct sbuf *b, unsigned u)
{
	struct passwd *pw;

	if (b->skip) /* no line, so no name lookup */
		return;
	pw = ids_db.getpwuid(u);
	sb_addf(b, "%u", (unsigned)u);
	if (pw != NULL)
		sb_addf(b, "(%s)", pw->pw_name);
}

static void
sb_gid(struct sbuf *b, unsigned g)
{
	struct group *gr;

	if (b->skip)
		return;
	gr = ids_db.getgrgid(g);
	sb_addf(b, "%u", (unsigned)g);
	if (gr != NULL)
		sb_addf(b, "(%s)", gr->gr_name);
}

/*
 * Is dev a terminal: a virtual console or serial port (major 4), /dev/tty
 * or /dev/console (5), a pseudo-terminal (3, the old kind; 136 to 143)?
 */
static int
is_terminal_dev(dev_t dev)
{
	unsigned m = major(dev);

	return m == 3 || m == 4 || (m == 5 && minor(dev) <= 1) ||
	       (m >= 136 && m <= 143);
}

/* Will the program hold a terminal on this fd? */
static int
act_is_terminal(const struct plan *p, const struct fd_action *a)
{
	struct stat st;

	switch (a->kind) {
	case FD_INHERIT:
		return isatty(a->src);
	case FD_OPEN:
		/* Judged by stat now, in spawn's root, without opening. */
		return stat(a->path, &st) == 0 && S_ISCHR(st.st_mode) &&
		       is_terminal_dev(st.st_rdev);
	case FD_COPY:
		a = find_act(p, a->src);
		return a != NULL && a->kind != FD_COPY && act_is_terminal(p, a);
	default:
		return 0;
	}
}

/*
 * The TIOCSTI warning of a drop without --new-session: every fd the
 * program will hold that is a terminal, inherited, opened or copied.
 */
static void
warn_terminals(struct plan *p)
{
	struct sbuf b = { 0 };
	size_t i;
	int n = 0, last = -1;

	for (i = 0; i < p->n_acts; i++) {
		if (!act_is_terminal(p, &p->acts[i]))
			continue;
		if (last >= 0)
			sb_addf(&b, "%s%d", n > 1 ? ", " : "", last);
		last = p->acts[i].fd;
		n++;
	}
	if (n == 1)
		warn(p,
		    "fd %d is a terminal shared with the caller: after the "
		    "privilege drop the program can push input into it "
		    "(TIOCSTI); use --new-session",
		    last);
	else if (n > 1)
		warn(p,
		    "fds %s and %d are terminals shared with the caller: "
		    "after the privilege drop the program can push input "
		    "into them (TIOCSTI); use --new-session",
		    b.s != NULL ? b.s : "", last);
	mem_free(b.s);
}

/*
 * Credentials: every name and number resolved in spawn's own root, the
 * target ids and groups computed, the rules of SPEC.md applied (groups are
 * always set when an id changes; the caller's never leak).
 */
static int
resolve_creds(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct creds *c = &p->cred;
	struct user_info ui = { 0 };
	uid_t r, e, s, uid;
	gid_t rg, eg, sg, gid;
	int have_user_groups = 0, ids = 0, drop;
	gid_t *ug = NULL;
	size_t nug = 0;

	/* Without an identity option nothing here is used: no calls. */
	if (o->user == NULL && o->uid == NULL && o->ruid == NULL &&
	    o->euid == NULL && o->gid == NULL && o->rgid == NULL &&
	    o->egid == NULL && o->groups == NULL && !o->clear_groups &&
	    !o->init_groups && !o->reset_ids && !o->set_home &&
	    !o->have_keep_caps && o->ns[NS_USER] == NULL)
		return 0;
	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return errorf(msg, len, "uid: %s", errno_text(errno));
	p->reset_euid = r;
	p->reset_egid = rg;
	if (o->reset_ids) {
		e = r;
		eg = rg;
	}
	c->ruid = r, c->euid = e, c->suid = s;
	c->rgid = rg, c->egid = eg, c->sgid = sg;

	if (o->user != NULL) {
		const char *colon = strchr(o->user, ':');
		char *u = mem_strndup(o->user,
		    colon ? (size_t)(colon - o->user) : strlen(o->user));
		int r2 = 0;

		if (u == NULL)
			return errorf(msg, len, "out of memory");
		if (*u != '\0') {
			r2 = uid_resolve(u, "--user", &uid, msg, len);
			if (r2 == 0) {
				c->ruid = c->euid = c->suid = uid;
				c->set_uid = ids = 1;
				if (user_lookup(uid, &ui) < 0 &&
				    (colon == NULL || colon[1] == '\0'))
					r2 = errorf(msg, len,
					    "--user %s: uid %u has no user "
					    "database entry: give its group too "
					    "(--user %u:GROUP)",
					    o->user, (unsigned)uid,
					    (unsigned)uid);
			}
		}
		mem_free(u);
		if (r2 < 0) {
			user_info_free(&ui);
			return -1;
		}
		if (colon != NULL && colon[1] != '\0') {
			if (gid_resolve(colon + 1, "--user", &gid, msg, len) <
			    0) {
				user_info_free(&ui);
				return -1;
			}
			ug = mem_alloc(sizeof(*ug));
			if (ug == NULL)
				return errorf(msg, len, "out of memory");
			ug[0] = gid;
			nug = 1;
		} else if (ui.name != NULL) {
			gid = ui.gid;
			if (user_groups(ui.name, ui.gid, &ug, &nug) < 0) {
				user_info_free(&ui);
				return errorf(msg, len,
				    "--user %s: cannot read its groups",
				    o->user);
			}
		} else {
			return errorf(
			    msg, len, "--user '%s': no user given", o->user);
		}
		c->rgid = c->egid = c->sgid = gid;
		c->set_gid = ids = 1;
		have_user_groups = 1;
	}
	/*
	 * --uid, --ruid, --euid, --gid, --rgid, --egid: each sets the ids it
	 * names, later ones over earlier ones (uid_t and gid_t are one type).
	 */
	{
		const struct {
			const char *val, *opt;
			int group;
			uid_t *set[3];
		} idopts[] = {
			{ o->uid, "--uid", 0,
			    { &c->ruid, &c->euid, &c->suid } },
			{ o->ruid, "--ruid", 0, { &c->ruid } },
			{ o->euid, "--euid", 0, { &c->euid } },
			{ o->gid, "--gid", 1,
			    { &c->rgid, &c->egid, &c->sgid } },
			{ o->rgid, "--rgid", 1, { &c->rgid } },
			{ o->egid, "--egid", 1, { &c->egid } },
		};

		for (size_t k = 0; k < sizeof(idopts) / sizeof(idopts[0]);
		     k++) {
			uid_t id;

			if (idopts[k].val == NULL)
				continue;
			if ((idopts[k].group
			            ? gid_resolve(idopts[k].val, idopts[k].opt,
			                  &id, msg, len)
			            : uid_resolve(idopts[k].val, idopts[k].opt,
			                  &id, msg, len)) < 0)
				goto bad;
			for (size_t j = 0; j < 3 && idopts[k].set[j] != NULL;
			     j++)
				*idopts[k].set[j] = id;
			*(idopts[k].group ? &c->set_gid : &c->set_uid) = 1;
			ids = 1;
		}
	}

	/*
	 * After --nsenter-user with no id option, uid and gid 0 inside, as
	 * nsenter(1) does; groups are cleared where the namespace allows it.
	 */
	if (o->ns[NS_USER] != NULL && !ids) {
		c->ruid = c->euid = c->suid = 0;
		c->rgid = c->egid = c->sgid = 0;
		c->set_uid = c->set_gid = ids = 1;
	}
	/* Groups: the option, else the user's, else none, when ids change. */
	if (o->groups != NULL) {
		mem_free(ug);
		ug = NULL;
		if (groups_resolve(o->groups, "--groups", &ug, &nug, msg, len) <
		    0)
			goto bad;
		c->set_groups = 1;
	} else if (o->clear_groups) {
		mem_free(ug);
		ug = NULL;
		nug = 0;
		c->set_groups = 1;
	} else if (o->init_groups) {
		struct user_info ti;

		mem_free(ug);
		ug = NULL;
		if (user_lookup(c->ruid, &ti) < 0) {
			errorf(msg, len,
			    "--init-groups: uid %u has no user database entry",
			    (unsigned)c->ruid);
			goto bad;
		}
		if (user_groups(ti.name, ti.gid, &ug, &nug) < 0) {
			user_info_free(&ti);
			errorf(msg, len,
			    "--init-groups: cannot read the "
			    "groups");
			goto bad;
		}
		user_info_free(&ti);
		c->set_groups = 1;
	} else if (ids) {
		if (!have_user_groups) {
			mem_free(ug);
			ug = NULL;
			nug = 0;
		}
		c->set_groups = 1;
	}
	/*
	 * Joining another user namespace: whether it allows setgroups cannot
	 * be read from here, and where it denies it nothing inside can change
	 * the groups. So the groups are cleared before the join (step 8),
	 * while the caller's namespace may still allow it, and set after it
	 * (step 15), where an empty list may then be left as it is (as
	 * nsenter(1) does) but any other list must be set.
	 */
	c->join_userns =
	    c->set_groups && o->ns[NS_USER] != NULL && !p->ns[NS_USER].already;
	if (c->set_groups && !c->join_userns && proc_setgroups_allowed() == 0) {
		int n;

		if (o->groups != NULL || o->clear_groups || o->init_groups) {
			mem_free(ug);
			user_info_free(&ui);
			return errorf(msg, len,
			    "groups: this user namespace denies setgroups "
			    "(/proc/self/setgroups), so the group option "
			    "cannot be met");
		}
		/*
		 * Nothing can change them here: the groups the caller has
		 * are the plan's, and the check after the drop holds the
		 * program to them.
		 */
		c->groups_denied = 1;
		mem_free(ug);
		n = getgroups(0, NULL);
		ug = n < 0 ? NULL : mem_calloc((size_t)n + 1, sizeof(*ug));
		if (ug == NULL || (n = getgroups(n, ug)) < 0) {
			mem_free(ug);
			user_info_free(&ui);
			return errorf(
			    msg, len, "groups: %s", errno_text(errno));
		}
		nug = (size_t)n;
	}
	id_sort(ug, nug);
	c->groups = ug;
	c->n_groups = nug;
	c->check_buf = mem_calloc(nug + 1, sizeof(*c->check_buf));
	if (c->check_buf == NULL)
		return errorf(msg, len, "out of memory");

	if (o->set_home && ui.name == NULL) {
		/* ug is c->groups now: plan_free frees it. */
		return errorf(msg, len,
		    "--set-home: --user %s names no user database entry",
		    o->user);
	}
	if (o->set_home && ui.name != NULL) {
		p->home_env[0] = mem_alloc(strlen(ui.home) + 6);
		p->home_env[1] = mem_alloc(strlen(ui.name) + 6);
		p->home_env[2] = mem_alloc(strlen(ui.name) + 9);
		if (p->home_env[0] == NULL || p->home_env[1] == NULL ||
		    p->home_env[2] == NULL)
			return errorf(msg, len, "out of memory");
		sprintf(p->home_env[0], "HOME=%s", ui.home);
		sprintf(p->home_env[1], "USER=%s", ui.name);
		sprintf(p->home_env[2], "LOGNAME=%s", ui.name);
	}
	user_info_free(&ui);

	c->keep = o->have_keep_caps;
	c->keep_caps = o->keep_caps;
	/*
	 * execve copies the effective uid into the saved one, so the program
	 * ends with no uid 0 when the real and effective ones are non-zero.
	 */
	drop = c->set_uid && c->ruid != 0 && c->euid != 0;
	c->drop_caps = drop;
	if (o->have_keep_caps && !drop)
		return errorf(msg, len,
		    "--keep-caps needs a drop to non-zero uids (real and "
		    "effective)");

	/* Warnings SPEC.md names. */
	if (o->uid != NULL && o->gid == NULL && c->ruid != 0 &&
	    (c->rgid == 0 || c->egid == 0 || c->sgid == 0))
		warn(p,
		    "--uid without --gid leaves gid 0 under uid %u; add --gid",
		    (unsigned)c->ruid);
	if ((o->ruid != NULL || o->euid != NULL) && o->uid == NULL &&
	    (c->ruid == 0 || c->euid == 0))
		warn(p,
		    "%s leaves a uid 0, so it is no privilege drop: a real "
		    "or effective uid 0 regains every capability at exec",
		    o->ruid != NULL && o->euid != NULL ? "--ruid with --euid"
		    : o->ruid != NULL                  ? "--ruid"
		                                       : "--euid");
	if (drop && e == 0 && !o->new_session)
		warn_terminals(p);
	return 0;
bad:
	/* Not yet the plan's: the groups and the entry of --user. */
	mem_free(ug);
	user_info_free(&ui);
	return -1;
}

/* The gid or uid step: real, effective and saved, numbers with names. */
static int
add_id_step(struct plan *p, enum step_id id, unsigned r, unsigned e,
    unsigned sv, int *detail)
{
	void (*name)(struct sbuf *, unsigned) =
	    id == STEP_UID ? sb_uid : sb_gid;
	struct sbuf b = SB_LINE(p);
	struct step *s = add_step(p, id);

	if (s == NULL)
		return -1;
	sb_addf(&b, "%s: real ", step_names[id]);
	name(&b, r);
	sb_add(&b, ", effective ");
	name(&b, e);
	sb_add(&b, ", saved ");
	name(&b, sv);
	*detail = add_detailf(p, "%u:%u:%u", r, e, sv);
	return *detail < 0 ? -1 : set_line(s, &b);
}

static int
add_cred_steps(struct plan *p, char *msg, size_t len)
{
	struct creds *c = &p->cred;
	struct sbuf b = SB_LINE(p);
	struct step *s;
	size_t i;

	if (c->set_groups) {
		if ((s = add_step(p, STEP_GROUPS)) == NULL)
			return errorf(msg, len, "out of memory");
		sb_add(&b, "groups: ");
		if (c->groups_denied)
			sb_add(&b, "left as they are (this user namespace "
			           "denies setgroups)");
		else if (c->n_groups == 0)
			sb_add(&b, "none");
		for (i = 0; !c->groups_denied && i < c->n_groups; i++) {
			if (i)
				sb_add(&b, ",");
			sb_gid(&b, c->groups[i]);
		}
		c->detail_groups = add_detail(p, "supplementary groups");
		c->detail_groups_denied = add_detail(p,
		    "this user namespace denies setgroups: after joining it "
		    "only an empty list (--clear-groups) can be met");
		c->detail_groups_cleared = add_detail(p,
		    "the supplementary groups could be cleared neither before "
		    "nor after joining the user namespace");
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
		b = (struct sbuf)SB_LINE(p);
	}
	if (c->set_gid && add_id_step(p, STEP_GID, c->rgid, c->egid, c->sgid,
	                      &c->detail_gid) < 0)
		return errorf(msg, len, "out of memory");
	if (c->set_uid && add_id_step(p, STEP_UID, c->ruid, c->euid, c->suid,
	                      &c->detail_uid) < 0)
		return errorf(msg, len, "out of memory");
	if (c->set_groups || c->set_gid || c->set_uid) {
		if ((s = add_step(p, STEP_CAPS)) == NULL)
			return errorf(msg, len, "out of memory");
		if (c->keep) {
			int cap, n = 0;

			sb_add(&b, "caps: keep ");
			for (cap = 0; cap < 64; cap++)
				if (c->keep_caps & ((uint64_t)1 << cap))
					sb_addf(&b, "%s%s", n++ ? "," : "",
					    cap_name(cap));
			sb_add(&b, " (permitted, effective, inheritable, "
			           "ambient)");
		} else if (c->drop_caps) {
			sb_add(&b, "caps: none left (inheritable and ambient "
			           "cleared)");
		} else {
			sb_add(&b, "caps: unchanged (no drop to non-zero "
			           "uids)");
		}
		sb_add(&b, "; then ids and groups are checked against the "
		           "plan");
		c->detail_caps = add_detail(p, "after the change, the "
		                               "credentials differ from the "
		                               "plan");
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
	}
	return 0;
}

/*
 * How many fds above the targets spawn may need: report pipes, the two fd
 * copies, three /dev/null fds, /proc, and scratch copies for a swap.
 */
#define OWN_FDS_ROOM 8

static int
cmp_action(const void *a, const void *b)
{
	return ((const struct fd_action *)a)->fd -
	       ((const struct fd_action *)b)->fd;
}

static const struct fd_action *
find_act(const struct plan *p, int fd)
{
	size_t i;

	for (i = 0; i < p->n_acts; i++)
		if (p->acts[i].fd == fd)
			return &p->acts[i];
	return NULL;
}

/*
 * The fd layout, before any own fd is made: every target (the --fd actions
 * and the defaults: 0-2 inherit unless named, or unless --exec-fd or
 * --chdir-fd names them, since the target must not see those), checked
 * against the NOFILE soft limit and against what is open now.
 */
static int
resolve_fd_layout(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct rlimit rl;
	rlim_t target_nofile;
	size_t i, n = 0;
	int fd;

	p->acts = mem_calloc(o->n_fds + 3, sizeof(*p->acts));
	p->act_detail = mem_calloc(o->n_fds + 3, sizeof(*p->act_detail));
	if (p->acts == NULL || p->act_detail == NULL)
		return errorf(msg, len, "out of memory");
	for (i = 0; i < o->n_fds; i++)
		p->acts[n++] = o->fds[i];
	for (fd = 0; fd < 3; fd++) {
		int named = 0;

		for (i = 0; i < o->n_fds; i++)
			named |= o->fds[i].fd == fd;
		if (named || (o->have_exec_fd && o->exec_fd == fd) ||
		    (o->have_chdir_fd && o->chdir_fd == fd))
			continue;
		memset(&p->acts[n], 0, sizeof(p->acts[n]));
		p->acts[n].fd = p->acts[n].src = fd;
		p->acts[n].kind = FD_INHERIT;
		p->acts[n].implicit = 1;
		p->acts[n++].spec = fd == 0   ? "0 (default)"
		                    : fd == 1 ? "1 (default)"
		                              : "2 (default)";
	}
	p->n_acts = n;
	/* Usually in order already (spawn true has 0, 1, 2): no qsort then. */
	for (i = 1; i < n && cmp_action(&p->acts[i - 1], &p->acts[i]) < 0; i++)
		;
	if (i < n)
		qsort(p->acts, n, sizeof(*p->acts), cmp_action);

	/* Only named fds need the limit: spawn true pays no getrlimit. */
	rl.rlim_cur = RLIM_INFINITY;
	if ((o->n_fds > 0 || o->lock != NULL) &&
	    getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return errorf(
		    msg, len, "fd: NOFILE limit: %s", errno_text(errno));
	p->nofile = rl.rlim_cur;
	/* N must fit the limit the target will have (--rlimit nofile). */
	target_nofile = rl.rlim_cur;
	for (i = 0; i < o->n_rlimits; i++)
		if (o->rlimits[i].resource == RLIMIT_NOFILE)
			target_nofile = o->rlimits[i].soft;
	p->top = 2;
	for (i = 0; i < n; i++) {
		const struct fd_action *a = &p->acts[i];
		const struct fd_action *src;

		p->act_detail[i] = add_detail(p, a->spec);
		if (p->act_detail[i] < 0)
			return errorf(msg, len, "out of memory");
		if (a->fd > p->top)
			p->top = a->fd;
		if ((rlim_t)a->fd >= target_nofile)
			return errorf(msg, len,
			    "--fd %s: fd %d is not below the NOFILE soft "
			    "limit (%llu)",
			    a->spec, a->fd, (unsigned long long)target_nofile);
		if (a->kind == FD_INHERIT && !a->implicit &&
		    fcntl(a->src, F_GETFD) < 0)
			return errorf(msg, len, "--fd %s: fd %d is not open",
			    a->spec, a->src);
		if (a->kind != FD_COPY)
			continue;
		src = find_act(p, a->src);
		if (src == NULL || src->kind == FD_CLOSE ||
		    src->kind == FD_COPY ||
		    (src->implicit && fcntl(a->src, F_GETFD) < 0))
			return errorf(msg, len,
			    "--fd %s: fd %d is not open after the fd actions "
			    "(copy an fd that --fd opens or inherits)",
			    a->spec, a->src);
	}
	p->own_min = p->top + 1 + (o->lock != NULL);
	/* spawn's own fds and scratch copies live above every target. */
	if ((rlim_t)p->own_min + OWN_FDS_ROOM > p->nofile)
		return errorf(msg, len,
		    "fd: no room for spawn's own fds above fd %d (NOFILE "
		    "soft limit %llu)",
		    p->own_min - 1, (unsigned long long)p->nofile);
	return 0;
}

static const char *const null_access_names[] = { "r", "w", "rw" };

static void
sb_flags(struct sbuf *b, int flags)
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
	size_t i;

	sb_add(b, (flags & O_ACCMODE) == O_RDONLY   ? "O_RDONLY"
	          : (flags & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
	                                            : "O_RDWR");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag) {
			sb_add(b, "|");
			sb_add(b, names[i].name);
		}
}

/*
 * Step 11: the fd actions as primitive moves. Made last among the fd
 * plans, when every own fd exists: the report pipes, the --exec-fd and
 * --chdir-fd copies, the /dev/null fds opened here, and /proc/self/fd
 * when the kernel has no close_range.
 */
static int
add_fd_step(struct plan *p, char *msg, size_t len)
{
	struct sbuf b = SB_LINE(p);
	struct step *s;
	size_t i, n_moves;
	int scratch, fd, acc;

	s = add_step(p, STEP_FD);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.fd.close_dirfd = -1;
	p->fd_close_detail = add_detail(p, "closing the other fds");
	for (acc = 0; acc < 3; acc++)
		p->null_fd[acc] = -1;
	if (!p->dry_run) {
		static const int modes[] = { O_RDONLY, O_WRONLY, O_RDWR };

		/* /dev/null now: the new root may have none. */
		for (i = 0; i < p->n_acts; i++) {
			acc = (int)fd_null_access(p->acts[i].fd);
			if (p->acts[i].kind != FD_NULL || p->null_fd[acc] >= 0)
				continue;
			fd = open("/dev/null", modes[acc] | O_CLOEXEC);
			if (fd < 0 || (fd = own_fd(p, fd)) < 0)
				return errorf(msg, len, "fd: /dev/null: %s",
				    errno_text(errno));
			p->null_fd[acc] = fd;
		}
		/*
		 * Without close_range (Linux < 5.9, or a seccomp profile that
		 * answers EPERM) the other fds are found in /proc/self/fd.
		 * When a step before 11 may hide /proc (a chroot-before, a
		 * mount namespace), /proc is opened now, at the cost of a
		 * probe; otherwise step 11 opens it if needed. Never a loop
		 * up to NOFILE.
		 */
		if ((p->o->chroot_before != NULL || p->o->ns[NS_MNT] != NULL) &&
		    sys_close_range(~0U, ~0U) < 0 &&
		    (errno == ENOSYS || errno == EPERM)) {
			fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0 || (fd = own_fd(p, fd)) < 0)
				return errorf(msg, len,
				    "fd: no close_range and no /proc "
				    "to close the other fds: %s",
				    errno_text(errno));
			s->u.fd.close_dirfd = fd;
		}
	}
	if (p->n_own > 1)
		qsort(p->own, p->n_own, sizeof(*p->own), cmp_int);
	scratch = p->own_min;
	for (i = 0; i < p->n_own; i++)
		if (p->own[i] >= scratch)
			scratch = p->own[i] + 1;
	for (i = 0; i < p->n_acts; i++)
		if (p->acts[i].kind == FD_INHERIT && p->acts[i].src >= scratch)
			scratch = p->acts[i].src + 1;

	s->u.fd.moves = mem_calloc(
	    fd_moves_max(p->n_acts, p->n_own), sizeof(*s->u.fd.moves));
	if (s->u.fd.moves == NULL)
		return errorf(msg, len, "out of memory");
	n_moves = fd_plan_moves(
	    p->acts, p->n_acts, p->own, p->n_own, scratch, s->u.fd.moves);
	s->u.fd.n_moves = n_moves;
	for (i = 0; i < n_moves; i++)
		if (s->u.fd.moves[i].op == OP_SCRATCH &&
		    (rlim_t)s->u.fd.moves[i].b >= p->nofile)
			return errorf(msg, len,
			    "fd: no room for scratch fds above fd %d (NOFILE "
			    "soft limit %llu)",
			    scratch - 1, (unsigned long long)p->nofile);

	sb_add(&b, "fd:");
	for (i = 0; i < n_moves; i++) {
		const struct fd_move *m = &s->u.fd.moves[i];

		sb_add(&b, i ? "; " : " ");
		switch (m->op) {
		case OP_SCRATCH:
			sb_addf(&b, "park %d on %d", m->a, m->b);
			break;
		case OP_DUP2:
			sb_addf(&b, "dup2 %d %d", m->a, m->b);
			break;
		case OP_CLOEXEC_CLEAR:
			sb_addf(&b, "keep %d open across exec", m->a);
			break;
		case OP_CLOSE_RANGE:
			if (m->b < 0)
				sb_addf(&b, "close %d and above", m->a);
			else if (m->a == m->b)
				sb_addf(&b, "close %d", m->a);
			else
				sb_addf(&b, "close %d-%d", m->a, m->b);
			break;
		case OP_NULL:
			sb_addf(
			    &b, "null %d (%s)", m->a, null_access_names[m->b]);
			break;
		case OP_OPEN:
			sb_addf(&b, "open %d ", m->a);
			sb_quote(&b, p->acts[m->b].path);
			sb_add(&b, " (");
			sb_flags(&b, p->acts[m->b].flags);
			sb_addf(&b, ", %04o)", (unsigned)p->acts[m->b].perms);
			break;
		}
	}
	return set_line(s, &b) < 0 ? errorf(msg, len, "out of memory") : 0;
}

/* The lock fd lands right above every target, below spawn's own fds. */
static int
add_lock_step(struct plan *p, char *msg, size_t len)
{
	struct sbuf b = SB_LINE(p);
	struct step *s = add_step(p, STEP_LOCK);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.lock.path = p->o->lock;
	s->u.lock.nowait = p->o->lock_nowait;
	s->u.lock.fd = p->top + 1;
	s->u.lock.detail = add_detail(p, p->o->lock);
	s->u.lock.held_detail = add_detailf(
	    p, "%s: held by another process (--lock-nowait)", p->o->lock);
	s->u.lock.link_detail = add_detailf(p,
	    "%s: a symbolic link; the lock must be the file itself",
	    p->o->lock);
	s->u.lock.notreg_detail =
	    add_detailf(p, "%s: not a regular file", p->o->lock);
	sb_add(&b, "lock: ");
	sb_quote(&b, p->o->lock);
	sb_addf(&b, " on fd %d, exclusive, %s", s->u.lock.fd,
	    p->o->lock_nowait ? "without waiting" : "waiting for it");
	if (s->u.lock.detail < 0 || s->u.lock.held_detail < 0 ||
	    s->u.lock.link_detail < 0 || s->u.lock.notreg_detail < 0 ||
	    set_line(s, &b) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

static int
resolve_program(struct plan *p, char **envp, char *msg, size_t len)
{
	struct opts *o = p->o;
	struct sbuf b = SB_LINE(p);
	struct step *s;

	p->prog = o->args[0];
	p->prog_detail = add_detail(p, p->prog);
	if (p->prog_detail < 0)
		return errorf(msg, len, "out of memory");

	if (o->have_exec_fd) {
		unsigned char head[2];

		p->prog_kind = PROG_FD;
		/*
		 * A #! script run through a close-on-exec fd fails with
		 * ENOENT, since its interpreter would open /dev/fd/N after
		 * the fd is gone; note it now so the error can say so.
		 */
		if (pread(p->exec_fd, head, 2, 0) == 2 && head[0] == '#' &&
		    head[1] == '!')
			p->exec_fd_script = 1;
		p->script_detail = add_detailf(p,
		    "fd %d: a #! script cannot "
		    "run from --exec-fd (its interpreter would need the fd)",
		    o->exec_fd);
		sb_addf(&b, "exec: fd %d", o->exec_fd);
	} else if (o->no_search || strchr(p->prog, '/') != NULL ||
	           p->prog[0] == '\0') {
		p->prog_kind = PROG_PATH;
		sb_add(&b, "exec: ");
		sb_quote(&b, p->prog);
	} else {
		const char *dirs = o->search_path;
		static char cs_path[PATH_MAX];

		/* The caller's PATH, never the one set for the target. */
		if (dirs == NULL)
			dirs = env_get(envp, "PATH");
		if (dirs == NULL) {
			size_t n = confstr(_CS_PATH, cs_path, sizeof(cs_path));

			dirs = (n > 0 && n <= sizeof(cs_path))
			           ? cs_path
			           : "/bin:/usr/bin";
		}
		p->prog_kind = PROG_SEARCH;
		p->search_dirs = dirs;
		if (build_candidates(p, dirs) < 0)
			return errorf(msg, len, "out of memory");
		sb_add(&b, "exec: search ");
		sb_quote(&b, p->prog);
		sb_add(&b, " in ");
		sb_quote(&b, dirs);
	}
	if (o->argv0 != NULL) {
		sb_add(&b, " as argv[0] ");
		sb_quote(&b, o->argv0);
	}
	s = add_step(p, STEP_EXEC);
	if (s == NULL || set_line(s, &b) < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

static int
build_argv(struct plan *p)
{
	const struct opts *o = p->o;
	int i;

	p->argv = mem_calloc((size_t)o->n_args + 1, sizeof(*p->argv));
	if (p->argv == NULL)
		return -1;
	for (i = 0; i < o->n_args; i++)
		p->argv[i] = o->args[i];
	if (o->argv0 != NULL)
		p->argv[0] = (char *)o->argv0;
	return 0;
}

static int
add_dir_step(
    struct plan *p, enum dir_kind kind, int before, const char *path, int fd)
{
	struct sbuf b = SB_LINE(p);
	struct step *s;

	s = add_step(p, kind == DIR_CHROOT ? STEP_CHROOT : STEP_CHDIR);
	if (s == NULL)
		return -1;
	s->u.dir.kind = kind;
	s->u.dir.before = before;
	s->u.dir.path = path;
	s->u.dir.fd = fd;
	switch (kind) {
	case DIR_CHROOT:
		sb_add(&b, "chroot: ");
		sb_quote(&b, path);
		sb_add(&b,
		    before ? " (before fds), then chdir /" : ", then chdir /");
		s->u.dir.detail = add_detail(p, path);
		break;
	case DIR_CHDIR:
		sb_add(&b, "chdir: ");
		sb_quote(&b, path);
		if (before)
			sb_add(&b, " (before fds)");
		s->u.dir.detail = add_detail(p, path);
		break;
	case DIR_FCHDIR:
		sb_addf(&b, "chdir: fd %d", p->o->chdir_fd);
		s->u.dir.detail = add_detailf(p, "fd %d", p->o->chdir_fd);
		break;
	case DIR_CHECK:
		sb_add(&b, "chdir: check that the working directory is "
		           "inside the root");
		s->u.dir.detail = add_detail(p, "the working directory "
		                                "is outside the root");
		s->u.dir.detail_sys = add_detail(p, "working directory");
		if (s->u.dir.detail_sys < 0)
			return -1;
		break;
	}
	if (s->u.dir.detail < 0)
		return -1;
	return set_line(s, &b);
}

#define FORWARD_IMPLICIT                                                       \
	(SIG_BIT(SIGTERM) | SIG_BIT(SIGINT) | SIG_BIT(SIGHUP) |                \
	    SIG_BIT(SIGQUIT) | SIG_BIT(SIGUSR1) | SIG_BIT(SIGUSR2) |           \
	    SIG_BIT(SIGWINCH))
#define FORWARD_PID1 (FORWARD_IMPLICIT | SIG_BIT(SIGCONT))
#define BLOCK_WAITING_DEFAULT                                                  \
	(SIG_BIT(SIGINT) | SIG_BIT(SIGQUIT) | SIG_BIT(SIGCHLD))
#define FORK_STACK_SIZE (64 * 1024)

/*
 * The vfork-style child's stack: static, so that only the pages it touches
 * cost anything. A plan has one fork step.
 */
static _Alignas(16) char fork_stack[FORK_STACK_SIZE];

/*
 * The fork step: --wait puts it first; the implicit fork goes where the
 * plan cannot go on in place. The report pipe and the child's stack are
 * made here, before any step runs.
 */
/*
 * Can a step the fork's child takes before its exec block for long: wait
 * for a lock, open a FIFO or a slow device, join a namespace? Then the
 * parent must watch the child from the fork on, and cannot sleep in a
 * vfork until the exec.
 */
static int
child_may_block(const struct plan *p)
{
	int joined = 0, t;
	size_t i;

	if (p->o->lock != NULL)
		return 1;
	for (i = 0; i < p->n_acts; i++)
		if (p->acts[i].kind == FD_OPEN)
			return 1;
	for (t = 0; t < p->n_steps; t++)
		joined |= p->steps[t].id == STEP_NSENTER;
	for (t = 0; t < NS_COUNT && !joined; t++)
		if (p->o->ns[t] != NULL && !p->ns[t].already)
			return 1;
	return 0;
}

/*
 * The fork step: --wait puts it first; the implicit fork goes where the
 * plan cannot go on in place. The report pipe, the child's stack, and
 * what the parent needs to watch the child (a signalfd, the terminal to
 * give back) are made here, before any step runs. last: no later fork
 * step follows, so the child is the one that execs.
 */
static int
add_fork_step(struct plan *p, int implicit, int last, const char *why,
    char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct sbuf b = SB_LINE(p);
	struct step *s;
	int fds[2], k, first = 1, setsid_done = 0;

	for (k = 0; k < p->n_steps; k++) {
		first &= p->steps[k].id != STEP_FORK;
		setsid_done |= p->steps[k].id == STEP_SESSION;
	}
	s = add_step(p, STEP_FORK);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.fork.implicit = implicit;
	s->u.fork.rfd = s->u.fork.wfd = s->u.fork.sigfd = -1;
	s->u.fork.tty_fd = -1;
	s->u.fork.chld_ignored = (p->caller_ign & SIG_BIT(SIGCHLD)) != 0;
	s->u.fork.vfork = last && !child_may_block(p);
	s->u.fork.child_setsid = o->new_session && !setsid_done;
	s->u.fork.pdeath_keep = o->have_pdeathsig;
	s->u.fork.tty_pgid = o->pgroup;
	if (implicit) {
		/*
		 * As PID 1, the implicit fork's parent has PID 1's duties
		 * too: reap every orphan, forward what --wait forwards.
		 */
		s->u.fork.pid1 = first && getpid() == 1;
		s->u.fork.reap = s->u.fork.pid1;
		s->u.fork.forward =
		    s->u.fork.pid1 ? FORWARD_PID1 : FORWARD_IMPLICIT;
	} else {
		s->u.fork.block = o->have_block_waiting ? o->block_waiting
		                                        : BLOCK_WAITING_DEFAULT;
		s->u.fork.ignore = o->ignore_waiting;
		/*
		 * As PID 1 (a container's entry point) spawn reaps every
		 * orphan and forwards tini's set, unless --forward names one.
		 */
		s->u.fork.pid1 = getpid() == 1;
		s->u.fork.forward = o->have_forward  ? o->forward
		                    : s->u.fork.pid1 ? FORWARD_PID1
		                                     : 0;
		s->u.fork.group = o->forward_group;
		s->u.fork.subreaper = o->subreaper && !s->u.fork.pid1;
		s->u.fork.reap = s->u.fork.pid1 || o->subreaper;
		s->u.fork.have_timeout = o->have_timeout;
		s->u.fork.timeout_ms = o->timeout_ms;
		s->u.fork.kill_after_ms = o->kill_after_ms;
		/* A forwarded signal is taken, not blocked for nothing. */
		s->u.fork.block &= ~s->u.fork.forward;
	}
	if (!p->dry_run) {
		if (pipe2(fds, O_CLOEXEC) < 0)
			return errorf(msg, len, "fork: report pipe: %s",
			    errno_text(errno));
		s->u.fork.rfd = own_fd(p, fds[0]);
		s->u.fork.wfd = own_fd(p, fds[1]);
		if (s->u.fork.rfd < 0 || s->u.fork.wfd < 0)
			return errorf(msg, len, "fork: report pipe: %s",
			    errno_text(errno));
		s->u.fork.stack_size = FORK_STACK_SIZE;
		s->u.fork.stack = fork_stack;
		if (!s->u.fork.vfork && (s->u.fork.forward || s->u.fork.reap ||
		                            s->u.fork.have_timeout)) {
			uint64_t set = s->u.fork.forward | SIG_BIT(SIGCHLD);
			int fd = (int)syscall(SYS_signalfd4, -1, &set, 8,
			    SFD_CLOEXEC | SFD_NONBLOCK);

			if (fd < 0 || (s->u.fork.sigfd = own_fd(p, fd)) < 0)
				return errorf(msg, len, "fork: signalfd: %s",
				    errno_text(errno));
		}
		/* --foreground-tty: the terminal to give back afterwards
		 * (none when spawn has no controlling terminal). */
		if (o->have_fg_tty) {
			int fd = open("/dev/tty",
			    O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

			if (fd >= 0 && (s->u.fork.tty_fd = own_fd(p, fd)) < 0)
				return errorf(msg, len, "fork: /dev/tty: %s",
				    errno_text(errno));
		}
	}
	if (implicit) {
		sb_addf(&b, "fork: implicit (%s); the parent forwards ", why);
		sb_sigs(&b, s->u.fork.forward);
		sb_add(&b, " and waits");
		if (s->u.fork.reap)
			sb_add(&b, "; reap every orphan (PID 1)");
	} else {
		sb_addf(&b, "fork: wait for the child%s; while waiting block ",
		    s->u.fork.pid1 ? " as PID 1" : "");
		sb_sigs(&b, s->u.fork.block);
		sb_add(&b, ", ignore ");
		sb_sigs(&b, s->u.fork.ignore);
		sb_add(&b, ", forward ");
		sb_sigs(&b, s->u.fork.forward);
		if (s->u.fork.group)
			sb_add(&b, " to its process group");
		if (s->u.fork.reap)
			sb_addf(&b, "; reap every orphan (%s)",
			    s->u.fork.pid1 ? "PID 1" : "subreaper");
		if (s->u.fork.have_timeout) {
			sb_addf(&b, "; after %llums TERM",
			    (unsigned long long)s->u.fork.timeout_ms);
			if (s->u.fork.kill_after_ms)
				sb_addf(&b, ", KILL %llums later",
				    (unsigned long long)
				        s->u.fork.kill_after_ms);
			sb_add(&b, ", exit 124");
		}
	}
	sb_add(&b, implicit ? "; the child starts from spawn's signal state "
	                      "at this point"
	                    : "; the child starts from the caller's signal "
	                      "state");
	return set_line(s, &b) < 0 ? errorf(msg, len, "out of memory") : 0;
}

/*
 * Step 1: from the caller's ignored set and mask (read now), the changes
 * that give the target the state the options ask for. By default every
 * ignored signal goes back to its default action and the mask is emptied;
 * --ignore and --block beat --preserve and --signals preserve. Handlers
 * never survive execve, so only ignored signals need a call.
 */
static int
add_signals_step(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	const uint64_t fixed = SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP);
	uint64_t ign, blk, keep;
	struct sbuf b = SB_LINE(p);
	struct step *s;

	ign = p->caller_ign;
	blk = p->caller_blk;
	s = add_step(p, STEP_SIGNALS);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	keep = o->signals_preserve ? ~(uint64_t)0 : o->sig_preserve;
	s->u.sig.ignored = (o->sig_ignore | (ign & keep)) & ~fixed;
	s->u.sig.mask = (o->sig_block | (blk & keep)) & ~fixed;
	s->u.sig.to_default = ign & ~s->u.sig.ignored & ~fixed;
	s->u.sig.to_ignore = s->u.sig.ignored & ~ign;
	s->u.sig.set_mask = s->u.sig.mask != (blk & ~fixed);

	sb_addf(&b, "signals: %s; set to default: ",
	    o->signals_preserve ? "preserve" : "reset");
	sb_sigs(&b, s->u.sig.to_default);
	sb_add(&b, "; ignored: ");
	sb_sigs(&b, s->u.sig.ignored);
	sb_add(&b, "; blocked: ");
	sb_sigs(&b, s->u.sig.mask);
	return set_line(s, &b) < 0 ? errorf(msg, len, "out of memory") : 0;
}

static int
add_simple_step(struct plan *p, enum step_id id, const char *line)
{
	struct sbuf b = SB_LINE(p);
	struct step *s = add_step(p, id);

	if (s == NULL)
		return -1;
	sb_add(&b, line);
	return set_line(s, &b);
}

int
plan_resolve(struct opts *o, char **envp, int dry_run, struct plan *p,
    char *msg, size_t len)
{
	struct step *s;
	struct sbuf b;
	int dirs, k;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->o = o;
	p->dry_run = dry_run;
	p->text = dry_run || o->verbose;
	b = (struct sbuf)SB_LINE(p);
	p->exec_fd = p->chdir_fd = -1;
	p->fork_at = -1;
	msg[0] = '\0';

	p->prefix = mem_alloc(strlen(o->label) + 3);
	if (p->prefix == NULL)
		return errorf(msg, len, "out of memory");
	strcpy(p->prefix, o->label);
	strcat(p->prefix, ": ");

	if (build_argv(p) < 0)
		return errorf(msg, len, "out of memory");
	if (proc_signal_state(&p->caller_ign, &p->caller_blk) < 0)
		return errorf(msg, len, "signals: %s", errno_text(errno));
	if (resolve_rlimits(p, msg, len) < 0)
		return -1;
	/* Targets first: spawn's own fds all go above them. */
	if (resolve_fd_layout(p, msg, len) < 0)
		return -1;
	if (o->have_chdir_fd &&
	    keep_fd(p, o->chdir_fd, "--chdir-fd", &p->chdir_fd, msg, len) < 0)
		return -1;
	if (o->have_exec_fd &&
	    keep_fd(p, o->exec_fd, "--exec-fd", &p->exec_fd, msg, len) < 0)
		return -1;
	if (resolve_tty_fd(p, msg, len) < 0)
		return -1;
	if (open_namespaces(p, msg, len) < 0)
		return -1;
	if (resolve_creds(p, msg, len) < 0)
		return -1;
	if (o->envdir != NULL && read_envdir(p, msg, len) < 0)
		return -1;
	if (build_env(p, envp) < 0)
		return errorf(msg, len, "out of memory");

	/* The fork of wait mode comes before every step. */
	if (o->wait &&
	    add_fork_step(p, 0, o->ns[NS_PID] == NULL, NULL, msg, len) < 0)
		return -1;
	/* 1. signal dispositions, then the mask */
	if (add_signals_step(p, msg, len) < 0)
		return -1;
	/*
	 * 2. new session. setsid fails in a process group leader (every job
	 * of an interactive shell), so there the plan forks first.
	 */
	if (o->new_session) {
		if (!o->wait && getpgrp() == getpid() &&
		    add_fork_step(p, 1, o->ns[NS_PID] == NULL,
		        "spawn leads its process group, so setsid needs a "
		        "child",
		        msg, len) < 0)
			return -1;
		if (add_simple_step(p, STEP_SESSION, "session: setsid") < 0)
			return errorf(msg, len, "out of memory");
	}
	/* 3. process group; after setsid the process leads one already */
	if (o->have_pgroup && !o->new_session &&
	    add_pgroup_step(p, msg, len) < 0)
		return -1;
	/* 4. rlimits, except nofile */
	for (i = 0; i < o->n_rlimits; i++)
		if (o->rlimits[i].resource != RLIMIT_NOFILE &&
		    add_rlimit_step(p, &o->rlimits[i], msg, len) < 0)
			return -1;
	/* 5. scheduler, nice, CPU affinity */
	if (add_sched_steps(p, msg, len) < 0)
		return -1;
	/* 6. reset ids */
	if (o->reset_ids) {
		s = add_step(p, STEP_RESET_IDS);
		if (s == NULL)
			return errorf(msg, len, "out of memory");
		sb_addf(&b,
		    "reset-ids: effective uid %u, effective gid %u "
		    "(the real ones)",
		    (unsigned)p->reset_euid, (unsigned)p->reset_egid);
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
		b = (struct sbuf)SB_LINE(p);
	}
	/* 7. umask */
	if (o->have_umask) {
		s = add_step(p, STEP_UMASK);
		if (s == NULL)
			return errorf(msg, len, "out of memory");
		s->u.umask = o->umask;
		sb_addf(&b, "umask: %04o", (unsigned)o->umask);
		if (set_line(s, &b) < 0)
			return errorf(msg, len, "out of memory");
	}
	/* 8. namespaces; a pid namespace needs a child to take effect */
	if (add_ns_steps(p, msg, len) < 0)
		return -1;
	if (o->ns[NS_PID] != NULL &&
	    add_fork_step(p, 1, 1,
	        "a pid namespace applies to children only, so the program "
	        "runs in a child",
	        msg, len) < 0)
		return -1;
	/* 9. chroot-before, 10. chdir-before */
	if ((o->chroot_before != NULL &&
	        add_dir_step(p, DIR_CHROOT, 1, o->chroot_before, -1) < 0) ||
	    (o->chdir_before != NULL &&
	        add_dir_step(p, DIR_CHDIR, 1, o->chdir_before, -1) < 0))
		return errorf(msg, len, "out of memory");
	/* 11. fd actions, then the lock */
	if (add_fd_step(p, msg, len) < 0)
		return -1;
	if (o->lock != NULL && add_lock_step(p, msg, len) < 0)
		return -1;
	/* ... the terminal, so a tty opened by --fd is there ... */
	if ((o->have_set_ctty || o->have_fg_tty) &&
	    add_tty_step(p, msg, len) < 0)
		return -1;
	/* ... and last in step 11 the nofile limit, so a low one never
	 * starves spawn's own fds. */
	for (i = 0; i < o->n_rlimits; i++)
		if (o->rlimits[i].resource == RLIMIT_NOFILE &&
		    add_rlimit_step(p, &o->rlimits[i], msg, len) < 0)
			return -1;
	/* 13. chroot, 14. chdir or chdir-fd, then the cwd check */
	if ((o->chroot != NULL &&
	        add_dir_step(p, DIR_CHROOT, 0, o->chroot, -1) < 0) ||
	    (o->chdir != NULL &&
	        add_dir_step(p, DIR_CHDIR, 0, o->chdir, -1) < 0) ||
	    (o->have_chdir_fd &&
	        add_dir_step(p, DIR_FCHDIR, 0, NULL, p->chdir_fd) < 0))
		return errorf(msg, len, "out of memory");
	dirs = o->chroot_before || o->chdir_before || o->chroot || o->chdir ||
	       o->have_chdir_fd;
	if (dirs) {
		p->cwd_len = PATH_MAX;
		p->cwd_buf = mem_alloc(p->cwd_len);
		if (p->cwd_buf == NULL ||
		    add_dir_step(p, DIR_CHECK, 0, NULL, -1) < 0)
			return errorf(msg, len, "out of memory");
	}
	/* 15. groups, gids, uids, kept capabilities, then the check */
	if (add_cred_steps(p, msg, len) < 0)
		return -1;
	/* 16. no-new-privs */
	if (o->no_new_privs &&
	    add_simple_step(p, STEP_NO_NEW_PRIVS, "no-new-privs: set") < 0)
		return errorf(msg, len, "out of memory");
	/* 17. pdeathsig */
	if (o->have_pdeathsig && add_pdeathsig_step(p, msg, len) < 0)
		return -1;
	/* 18. exec */
	if (resolve_program(p, envp, msg, len) < 0)
		return -1;
	for (k = 0; k < p->n_steps && p->fork_at < 0; k++)
		if (p->steps[k].id == STEP_FORK)
			p->fork_at = k;
	return 0;
}

void
plan_free(struct plan *p)
{
	size_t i;
	int k;

	for (k = 0; k < p->n_steps; k++) {
		const struct step *s = &p->steps[k];

		mem_free(s->line);
		if (s->id == STEP_FD) {
			mem_free(s->u.fd.moves);
		}
		if (s->id == STEP_CPUS)
			CPU_FREE(s->u.cpus.set);
	}
	for (i = 0; i < p->n_cand; i++)
		mem_free(p->cand[i]);
	for (i = 0; i < p->n_detail; i++)
		mem_free(p->detail[i]);
	mem_free(p->cand);
	mem_free(p->cand_detail);
	mem_free(p->acts);
	mem_free(p->act_detail);
	mem_free(p->cred.groups);
	mem_free(p->cred.check_buf);
	for (i = 0; i < 3; i++)
		mem_free(p->home_env[i]);
	for (i = 0; i < p->n_envdir; i++)
		mem_free(p->envdir_set[i]);
	mem_free(p->envdir_set);
	for (i = 0; i < p->n_warnings; i++)
		mem_free(p->warnings[i]);
	mem_free(p->warnings);
	if (!p->dry_run)
		for (i = 0; i < p->n_own; i++)
			close(p->own[i]);
	mem_free(p->own);
	mem_free(p->detail);
	mem_free(p->argv);
	mem_free(p->envp);
	mem_free(p->cwd_buf);
	mem_free(p->prefix);
	memset(p, 0, sizeof(*p));
}

/* Text: one line per step, then argv and env. */
int
plan_print_text(const struct plan *p, FILE *f)
{
	struct sbuf b = { 0 };
	size_t i;
	int k;

	if (p->o->wait)
		fprintf(f, "mode: wait (fork first)\n");
	else if (p->fork_at >= 0)
		fprintf(f, "mode: exec (implicit fork before %s)\n",
		    step_names[p->steps[p->fork_at + 1].id]);
	else
		fprintf(f, "mode: exec (no fork)\n");
	for (k = 0; k < p->n_steps; k++)
		fprintf(f, "%s\n", p->steps[k].line);
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
	if (b.bad) {
		mem_free(b.s);
		return -1;
	}
	fputs(b.s, f);
	mem_free(b.s);
	return 0;
}

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
json_str(FILE *f, const char *s)
{
	const unsigned char *p;
	size_t n;

	for (p = (const unsigned char *)s; *p != '\0'; p += n)
		if ((n = utf8_len(p)) == 0)
			break;
	if (*p != '\0') {
		fputs("{\"hex\": \"", f);
		for (p = (const unsigned char *)s; *p != '\0'; p++)
			fprintf(f, "%02x", *p);
		fputs("\"}", f);
		return;
	}
	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void
json_sigs(FILE *f, const char *key, uint64_t set)
{
	char name[16];
	int sig, n = 0;

	fprintf(f, ", \"%s\": [", key);
	for (sig = 1; sig <= SPAWN_NSIG; sig++)
		if (set & SIG_BIT(sig))
			fprintf(f, "%s\"%s\"", n++ ? ", " : "",
			    sig_name(sig, name, sizeof(name)));
	fputs("]", f);
}

/* An id as {"uid": N, "name": STR|null}, under key (or bare). */
static void
json_id(FILE *f, const char *key, unsigned id, int is_uid)
{
	const char *name = NULL;

	if (is_uid) {
		struct passwd *pw = ids_db.getpwuid(id);

		name = pw ? pw->pw_name : NULL;
	} else {
		struct group *gr = ids_db.getgrgid(id);

		name = gr ? gr->gr_name : NULL;
	}
	if (key != NULL)
		fprintf(f, ", \"%s\": ", key);
	fprintf(f, "{\"%s\": %u, \"name\": ", is_uid ? "uid" : "gid", id);
	if (name != NULL)
		json_str(f, name);
	else
		fputs("null", f);
	fputs("}", f);
}

static void
json_step(const struct plan *p, const struct step *s, FILE *f)
{
	int i;

	fprintf(f, "{\"step\": \"%s\"", step_names[s->id]);
	switch (s->id) {
	case STEP_UMASK:
		fprintf(f, ", \"umask\": \"%04o\"", (unsigned)s->u.umask);
		break;
	case STEP_SIGNALS:
		fprintf(f, ", \"signals\": \"%s\"",
		    p->o->signals_preserve ? "preserve" : "reset");
		json_sigs(f, "default", s->u.sig.to_default);
		json_sigs(f, "ignore", s->u.sig.ignored);
		json_sigs(f, "block", s->u.sig.mask);
		break;
	case STEP_FORK:
		fprintf(f, ", \"role\": \"%s\"",
		    s->u.fork.implicit ? "implicit" : "wait");
		json_sigs(f, "block", s->u.fork.block);
		json_sigs(f, "ignore", s->u.fork.ignore);
		json_sigs(f, "forward", s->u.fork.forward);
		fprintf(f,
		    ", \"group\": %s, \"pid1\": %s, \"reap\": %s, "
		    "\"timeout-ms\": ",
		    s->u.fork.group ? "true" : "false",
		    s->u.fork.pid1 ? "true" : "false",
		    s->u.fork.reap ? "true" : "false");
		if (s->u.fork.have_timeout)
			fprintf(f, "%llu, \"kill-after-ms\": %llu",
			    (unsigned long long)s->u.fork.timeout_ms,
			    (unsigned long long)s->u.fork.kill_after_ms);
		else
			fputs("null, \"kill-after-ms\": null", f);
		break;
	case STEP_CHROOT:
	case STEP_CHDIR:
		if (s->u.dir.kind == DIR_CHECK) {
			fputs(", \"check\": \"inside-root\"", f);
			break;
		}
		fprintf(f, ", \"phase\": \"%s\"",
		    s->u.dir.before ? "before-fds" : "after-fds");
		if (s->u.dir.kind == DIR_FCHDIR) {
			fprintf(f, ", \"fd\": %d", p->o->chdir_fd);
		} else {
			fputs(", \"path\": ", f);
			json_str(f, s->u.dir.path);
		}
		break;
	case STEP_FD:
		fputs(", \"ops\": [", f);
		for (i = 0; i < (int)s->u.fd.n_moves; i++) {
			const struct fd_move *m = &s->u.fd.moves[i];

			fputs(i ? ", {" : "{", f);
			switch (m->op) {
			case OP_SCRATCH:
				fprintf(f,
				    "\"op\": \"park\", \"from\": %d, "
				    "\"to\": %d",
				    m->a, m->b);
				break;
			case OP_DUP2:
				fprintf(f,
				    "\"op\": \"dup2\", \"from\": %d, "
				    "\"to\": %d",
				    m->a, m->b);
				break;
			case OP_CLOEXEC_CLEAR:
				fprintf(f,
				    "\"op\": \"cloexec-clear\", "
				    "\"fd\": %d",
				    m->a);
				break;
			case OP_CLOSE_RANGE:
				fprintf(f,
				    "\"op\": \"close-range\", "
				    "\"from\": %d, \"to\": ",
				    m->a);
				if (m->b < 0)
					fputs("\"max\"", f);
				else
					fprintf(f, "%d", m->b);
				break;
			case OP_NULL:
				fprintf(f,
				    "\"op\": \"null\", \"fd\": %d, "
				    "\"access\": \"%s\"",
				    m->a, null_access_names[m->b]);
				break;
			case OP_OPEN: {
				struct sbuf fl = { 0 };

				sb_flags(&fl, p->acts[m->b].flags);
				fprintf(f,
				    "\"op\": \"open\", \"fd\": %d, "
				    "\"path\": ",
				    m->a);
				json_str(f, p->acts[m->b].path);
				fputs(", \"flags\": [\"", f);
				for (char *c = fl.s; c && *c; c++)
					fputs(*c == '|' ? "\", \""
					                : (char[]){ *c, 0 },
					    f);
				fprintf(f, "\"], \"mode\": \"%04o\"",
				    (unsigned)p->acts[m->b].perms);
				mem_free(fl.s);
				break;
			}
			}
			fputs("}", f);
		}
		fputs("]", f);
		break;
	case STEP_PROCESS_GROUP:
		fprintf(f, ", \"pgid\": %d", (int)s->u.pgrp.pgid);
		break;
	case STEP_NSENTER:
		fprintf(f,
		    ", \"type\": \"%s\", \"path\": ", ns_names[s->u.ns.type]);
		json_str(f, p->o->ns[s->u.ns.type]);
		fprintf(f,
		    ", \"fd\": %d, \"already\": %s, \"clear-groups\": %s",
		    s->u.ns.fd, s->u.ns.already ? "true" : "false",
		    s->u.ns.clear_groups ? "true" : "false");
		break;
	case STEP_RESET_IDS:
		json_id(f, "euid", p->reset_euid, 1);
		json_id(f, "egid", p->reset_egid, 0);
		break;
	case STEP_GROUPS:
		fputs(", \"groups\": [", f);
		for (i = 0; !p->cred.groups_denied && i < (int)p->cred.n_groups;
		     i++) {
			fputs(i ? ", " : "", f);
			json_id(f, NULL, p->cred.groups[i], 0);
		}
		fprintf(f, "], \"denied\": %s",
		    p->cred.groups_denied ? "true" : "false");
		break;
	case STEP_GID:
		json_id(f, "rgid", p->cred.rgid, 0);
		json_id(f, "egid", p->cred.egid, 0);
		json_id(f, "sgid", p->cred.sgid, 0);
		break;
	case STEP_UID:
		json_id(f, "ruid", p->cred.ruid, 1);
		json_id(f, "euid", p->cred.euid, 1);
		json_id(f, "suid", p->cred.suid, 1);
		break;
	case STEP_CAPS: {
		int cap, n = 0;

		fputs(", \"keep\": [", f);
		for (cap = 0; cap < 64; cap++)
			if (p->cred.keep_caps & ((uint64_t)1 << cap))
				fprintf(f, "%s\"%s\"", n++ ? ", " : "",
				    cap_name(cap));
		fprintf(
		    f, "], \"drop\": %s", p->cred.drop_caps ? "true" : "false");
		break;
	}
	case STEP_SCHEDULER: {
		static const char *const names[] = { [SCHED_OTHER] = "other",
			[SCHED_FIFO] = "fifo",
			[SCHED_RR] = "rr",
			[SCHED_BATCH] = "batch",
			[SCHED_IDLE] = "idle" };

		fprintf(f,
		    ", \"policy\": \"%s\", \"priority\": %d, "
		    "\"reset-on-fork\": %s",
		    names[s->u.sched.policy & ~SCHED_RESET_ON_FORK],
		    s->u.sched.priority,
		    (s->u.sched.policy & SCHED_RESET_ON_FORK) ? "true"
		                                              : "false");
		break;
	}
	case STEP_NICE:
		fprintf(f, ", \"nice\": %d, \"value\": %d", p->o->nice,
		    s->u.nice.value);
		break;
	case STEP_CPUS: {
		int cpu, n = 0;

		/* The resolved set: every CPU once, in increasing order. */
		fputs(", \"cpus\": [", f);
		for (cpu = 0; cpu < SPAWN_CPU_MAX; cpu++)
			if (CPU_ISSET_S((size_t)cpu, s->u.cpus.size,
			        (cpu_set_t *)s->u.cpus.set))
				fprintf(f, "%s%d", n++ ? ", " : "", cpu);
		fputs("]", f);
		break;
	}
	case STEP_TTY:
		fprintf(f, ", \"%s\": %d, \"copy\": %s",
		    s->u.tty.set_ctty ? "set-ctty" : "foreground",
		    s->u.tty.named, s->u.tty.copy ? "true" : "false");
		break;
	case STEP_PDEATHSIG: {
		char name[16];

		fprintf(f, ", \"signal\": \"%s\", \"parent\": %d",
		    sig_name(s->u.pdeath.sig, name, sizeof(name)),
		    (int)s->u.pdeath.ppid);
		break;
	}
	case STEP_RLIMIT:
		fprintf(f, ", \"resource\": \"%s\", \"soft\": ",
		    rlimit_name(s->u.rlim.resource));
		if (s->u.rlim.soft == RLIM_INFINITY)
			fputs("\"unlimited\"", f);
		else
			fprintf(f, "%llu", (unsigned long long)s->u.rlim.soft);
		fputs(", \"hard\": ", f);
		if (s->u.rlim.hard == RLIM_INFINITY)
			fputs("\"unlimited\"", f);
		else
			fprintf(f, "%llu", (unsigned long long)s->u.rlim.hard);
		break;
	case STEP_LOCK:
		fputs(", \"path\": ", f);
		json_str(f, s->u.lock.path);
		fprintf(f, ", \"wait\": %s, \"fd\": %d",
		    s->u.lock.nowait ? "false" : "true", s->u.lock.fd);
		break;
	default:
		break;
	}
	fputs("}", f);
}

int
plan_print_json(const struct plan *p, FILE *f)
{
	size_t i;
	int k;

	fprintf(f, "{\"mode\": \"%s\", \"fork\": %s, \"steps\": [",
	    p->o->wait ? "wait" : "exec", p->fork_at >= 0 ? "true" : "false");
	for (k = 0; k < p->n_steps; k++) {
		if (k > 0)
			fputs(", ", f);
		json_step(p, &p->steps[k], f);
	}
	fputs("], \"program\": {", f);
	switch (p->prog_kind) {
	case PROG_PATH:
		fputs("\"path\": ", f);
		json_str(f, p->prog);
		break;
	case PROG_FD:
		fprintf(f, "\"fd\": %d, \"script\": %s", p->o->exec_fd,
		    p->exec_fd_script ? "true" : "false");
		break;
	case PROG_SEARCH:
		fputs("\"search\": ", f);
		json_str(f, p->prog);
		fputs(", \"candidates\": [", f);
		for (i = 0; i < p->n_cand; i++) {
			if (i > 0)
				fputs(", ", f);
			json_str(f, p->cand[i]);
		}
		fputs("]", f);
		break;
	}
	fputs("}, \"argv\": [", f);
	for (k = 0; p->argv[k] != NULL; k++) {
		if (k > 0)
			fputs(", ", f);
		json_str(f, p->argv[k]);
	}
	fputs("], \"env\": [", f);
	for (i = 0; i < p->n_env; i++) {
		if (i > 0)
			fputs(", ", f);
		json_str(f, p->envp[i]);
	}
	fputs("]}\n", f);
	return 0;
}
