/*
 * env.c: the environment and the program. The environment is built
 * here, from the caller's (unless -i), --envdir, --set-home and the
 * -u/-e/NAME=VALUE operations in command-line order; the program is
 * resolved into the exec step (step 18): a path, an fd, or the
 * candidates of a PATH search in the caller's PATH.
 */
#define _GNU_SOURCE 1
#include "env.h"
#include "arena.h"
#include "build.h"
#include "fmt.h"
#include "options.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
int
env_read_dir(struct plan *p, char *msg, size_t len)
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
int
env_build(struct plan *p, char **envp)
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

const char *
env_get(char **envp, const char *name, size_t n)
{
	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* PATH candidates: each directory of the list joined with PROGRAM. */
static int
build_candidates(struct plan *p, struct step *s, const char *dirs)
{
	const char *d = dirs, *end, *prog = s->u.exec.prog;
	size_t pl = strlen(prog), n = 1, i = 0;

	for (end = dirs; *end != '\0'; end++)
		if (*end == ':')
			n++;
	s->u.exec.cand = mem_calloc(n, sizeof(*s->u.exec.cand));
	s->u.exec.cand_detail = mem_calloc(n, sizeof(*s->u.exec.cand_detail));
	if (s->u.exec.cand == NULL || s->u.exec.cand_detail == NULL)
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
			memcpy(c, prog, pl + 1);
		} else {
			memcpy(c, d, dl);
			c[dl] = '/';
			memcpy(c + dl + 1, prog, pl + 1);
		}
		s->u.exec.cand[i] = c;
		s->u.exec.n_cand = i + 1;
		s->u.exec.cand_detail[i] = add_detail(p, c);
		if (s->u.exec.cand_detail[i++] < 0)
			return -1;
		if (end == NULL)
			break;
		d = end + 1;
	}
	return 0;
}

int
env_build_argv(struct plan *p)
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

int
env_add_exec_step(struct plan *p, char **envp, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct step *s = add_step(p, STEP_EXEC);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.exec.prog = o->args[0];
	s->u.exec.argv0 = o->argv0;
	s->u.exec.fd = -1;
	s->u.exec.detail = add_detail(p, s->u.exec.prog);
	if (s->u.exec.detail < 0)
		return errorf(msg, len, "out of memory");

	if (o->have_exec_fd) {
		unsigned char head[2];

		s->u.exec.kind = PROG_FD;
		s->u.exec.fd = p->exec_fd;
		s->u.exec.named = o->exec_fd;
		/*
		 * A #! script run through a close-on-exec fd fails with
		 * ENOENT, since its interpreter would open /dev/fd/N after
		 * the fd is gone; note it now so the error can say so.
		 */
		if (pread(p->exec_fd, head, 2, 0) == 2 && head[0] == '#' &&
		    head[1] == '!')
			s->u.exec.script = 1;
		s->u.exec.script_detail = add_detailf(p,
		    "fd %d: a #! script cannot "
		    "run from --exec-fd (its interpreter would need the fd)",
		    o->exec_fd);
	} else if (o->no_search || strchr(s->u.exec.prog, '/') != NULL ||
	           s->u.exec.prog[0] == '\0') {
		s->u.exec.kind = PROG_PATH;
	} else {
		const char *dirs = o->search_path;
		static char cs_path[PATH_MAX];

		/* The caller's PATH, never the one set for the target. */
		if (dirs == NULL)
			dirs = env_get(envp, "PATH", 4);
		if (dirs == NULL) {
			size_t n = confstr(_CS_PATH, cs_path, sizeof(cs_path));

			dirs = (n > 0 && n <= sizeof(cs_path))
			           ? cs_path
			           : "/bin:/usr/bin";
		}
		s->u.exec.kind = PROG_SEARCH;
		s->u.exec.dirs = dirs;
		if (build_candidates(p, s, dirs) < 0)
			return errorf(msg, len, "out of memory");
	}
	return 0;
}
