/*
 * build.c: the tools every family uses to build its steps: adding a step,
 * objects for messages, spawn's own fds, warnings.
 */
#define _GNU_SOURCE 1
#include "build.h"
#include "arena.h"
#include "fmt.h"
#include "sbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

struct step *
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

/* Append a string the plan then owns to a growing list. */
static int
add_string(char ***list, size_t *n, size_t *cap, char *s)
{
	char **l;

	if (s == NULL)
		return -1;
	l = mem_grow(*list, *n, cap, sizeof(*l));
	if (l == NULL) {
		mem_free(s);
		return -1;
	}
	*list = l;
	l[*n] = s;
	return (int)(*n)++;
}

int
add_detail(struct plan *p, const char *s)
{
	return add_string(
	    &p->detail, &p->n_detail, &p->detail_cap, mem_strdup(s));
}

int
add_detailf(struct plan *p, const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = sb_vformat(f, ap);
	va_end(ap);
	return add_string(&p->detail, &p->n_detail, &p->detail_cap, s);
}

int
own_fd(struct plan *p, int fd)
{
	int n = fd, *o;

	if (fd < p->own_min) {
		n = fcntl(fd, F_DUPFD_CLOEXEC, p->own_min);
		close(fd);
		if (n < 0)
			return -1;
	}
	o = mem_grow(p->own, p->n_own, &p->own_cap, sizeof(*o));
	if (o == NULL) {
		close(n);
		return -1;
	}
	p->own = o;
	p->own[p->n_own++] = n;
	return n;
}

int
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

void
plan_warn(struct plan *p, const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = sb_vformat(f, ap);
	va_end(ap);
	add_string(&p->warnings, &p->n_warnings, &p->warnings_cap, s);
}
