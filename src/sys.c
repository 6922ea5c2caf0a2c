/* sys.c: thin wrappers for what libc may lack (see compat.h). */
#define _GNU_SOURCE 1
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int
fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

#if defined(__SANITIZE_ADDRESS__)
#define SPAWN_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define SPAWN_ARENA 0
#endif
#endif
#ifndef SPAWN_ARENA
#define SPAWN_ARENA 1
#endif

#if SPAWN_ARENA
/*
 * The arena: blocks of 16-byte units, each after a 16-byte header holding
 * its size. Only the last block can shrink or grow in place; freeing any
 * other is a no-op (plan-time data lives until exec or exit).
 */
#define ARENA_SIZE (64 * 1024)
#define ARENA_HDR 16
static _Alignas(16) unsigned char arena[ARENA_SIZE];
static size_t arena_top;

static size_t
arena_round(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static int
in_arena(const void *p)
{
	const unsigned char *c = p;

	return c >= arena && c < arena + ARENA_SIZE;
}

static size_t *
arena_hdr(void *p)
{
	return (size_t *)(void *)((unsigned char *)p - ARENA_HDR);
}

static int
arena_last(void *p)
{
	return (unsigned char *)p + arena_round(*arena_hdr(p)) ==
	       arena + arena_top;
}
#endif

void *
mem_alloc(size_t n)
{
#if SPAWN_ARENA
	if (n <= ARENA_SIZE - ARENA_HDR &&
	    arena_round(n) + ARENA_HDR <= ARENA_SIZE - arena_top) {
		unsigned char *p = arena + arena_top + ARENA_HDR;

		*arena_hdr(p) = n;
		arena_top += ARENA_HDR + arena_round(n);
		return p;
	}
#endif
	return malloc(n);
}

void *
mem_calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = mem_alloc(n * size);
	if (p != NULL)
		memset(p, 0, n * size);
	return p;
}

void
mem_free(void *p)
{
#if SPAWN_ARENA
	if (in_arena(p)) {
		if (arena_last(p))
			arena_top =
			    (size_t)((unsigned char *)p - arena) - ARENA_HDR;
		return;
	}
#endif
	free(p);
}

void *
mem_realloc(void *p, size_t n)
{
#if SPAWN_ARENA
	if (in_arena(p)) {
		size_t old = *arena_hdr(p), base;
		void *q;

		base = (size_t)((unsigned char *)p - arena);
		if (arena_last(p) && n <= ARENA_SIZE - base) {
			*arena_hdr(p) = n;
			arena_top = base + arena_round(n);
			return p;
		}
		q = mem_alloc(n);
		if (q != NULL) {
			memcpy(q, p, old < n ? old : n);
			mem_free(p);
		}
		return q;
	}
	if (p == NULL)
		return mem_alloc(n);
#endif
	return realloc(p, n);
}

void *
mem_grow(void *p, size_t n, size_t *cap, size_t size)
{
	size_t want;

	if (n < *cap)
		return p;
	want = *cap < 8 ? 8 : *cap + *cap / 2;
	if (want > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = mem_realloc(p, want * size);
	if (p != NULL)
		*cap = want;
	return p;
}

static char *
mem_copy(const char *s, size_t l)
{
	char *c = mem_alloc(l + 1);

	if (c != NULL) {
		memcpy(c, s, l);
		c[l] = '\0';
	}
	return c;
}

char *
mem_strndup(const char *s, size_t n)
{
	return mem_copy(s, strnlen(s, n));
}

char *
mem_strdup(const char *s)
{
	return mem_copy(s, strlen(s));
}

/* Write the digits of v in base into the end of tmp; returns the start. */
static char *
fmt_digits(char *end, unsigned long long v, unsigned base)
{
	do {
		*--end = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	return end;
}

int
sys_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0;

#define PUT(c)                                                                 \
	do {                                                                   \
		if (n + 1 < size)                                              \
			buf[n] = (c);                                          \
		n++;                                                           \
	} while (0)

	for (; *fmt != '\0'; fmt++) {
		char tmp[24], *s, *e = tmp + sizeof(tmp);
		int left = 0, zero = 0, lng = 0, width = 0, prec = -1;
		char sign = 0;
		unsigned long long u;
		size_t len, pad;

		if (*fmt != '%') {
			PUT(*fmt);
			continue;
		}
		for (fmt++; *fmt != '\0' && strchr("-0+", *fmt) != NULL; fmt++)
			*fmt == '-'   ? (left = 1)
			: *fmt == '0' ? (zero = 1)
			              : (sign = '+');
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		if (*fmt == '.')
			for (prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'h' || *fmt == 'z'; fmt++)
			lng += *fmt == 'l' || *fmt == 'z' ? 1 : 0;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = lng >= 2 ? va_arg(ap, long long)
			              : lng    ? va_arg(ap, long)
			                       : va_arg(ap, int);

			if (v < 0)
				sign = '-';
			u = v < 0 ? 0 - (unsigned long long)v
			          : (unsigned long long)v;
			s = fmt_digits(e, u, 10);
			break;
		}
		case 'u':
		case 'x':
		case 'o':
			u = lng >= 2 ? va_arg(ap, unsigned long long)
			    : lng    ? va_arg(ap, unsigned long)
			             : va_arg(ap, unsigned);
			s = fmt_digits(e, u,
			    *fmt == 'u'   ? 10
			    : *fmt == 'x' ? 16
			                  : 8);
			sign = 0;
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			s = tmp;
			e = tmp + 1;
			sign = 0;
			break;
		case 's':
			s = va_arg(ap, char *);
			e = s +
			    (prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s));
			sign = 0;
			break;
		case '%':
			PUT('%');
			continue;
		default:
			return -1;
		}
		len = (size_t)(e - s) + (sign != 0);
		pad = (size_t)width > len ? (size_t)width - len : 0;
		if (sign && zero)
			PUT(sign);
		for (; !left && pad > 0; pad--)
			PUT(zero ? '0' : ' ');
		if (sign && !zero)
			PUT(sign);
		for (; s < e; s++)
			PUT(*s);
		for (; pad > 0; pad--)
			PUT(' ');
	}
#undef PUT
	if (size > 0)
		buf[n < size ? n : size - 1] = '\0';
	return n > INT_MAX ? -1 : (int)n;
}

int
sys_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sys_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
sys_execveat(int dirfd, const char *path, char *const argv[],
    char *const envp[], int flags)
{
#if HAVE_EXECVEAT
	return execveat(dirfd, path, argv, envp, flags);
#else
	return (int)syscall(SYS_execveat, dirfd, path, argv, envp, flags);
#endif
}

int
sys_setgroups_allowed(void)
{
	char buf[8];
	ssize_t n;
	int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 4)
		return -1;
	return buf[0] == 'a';
}

int
sys_close_range(unsigned lo, unsigned hi)
{
#ifdef SYS_close_range
	return (int)syscall(SYS_close_range, lo, hi, 0);
#else
	(void)lo;
	(void)hi;
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * The texts of the errno values spawn reports, so that messages read the
 * same whatever libc spawn was built with (musl words several of them
 * differently); others come from the libc.
 */
static const struct {
	int err;
	const char *text;
} err_texts[] = {
	{ EPERM, "Operation not permitted" },
	{ ENOENT, "No such file or directory" },
	{ ESRCH, "No such process" },
	{ EINTR, "Interrupted system call" },
	{ EIO, "Input/output error" },
	{ E2BIG, "Argument list too long" },
	{ ENOEXEC, "Exec format error" },
	{ EBADF, "Bad file descriptor" },
	{ ECHILD, "No child processes" },
	{ EAGAIN, "Resource temporarily unavailable" },
	{ ENOMEM, "Cannot allocate memory" },
	{ EACCES, "Permission denied" },
	{ EBUSY, "Device or resource busy" },
	{ EEXIST, "File exists" },
	{ ENODEV, "No such device" },
	{ ENOTDIR, "Not a directory" },
	{ EISDIR, "Is a directory" },
	{ EINVAL, "Invalid argument" },
	{ ENFILE, "Too many open files in system" },
	{ EMFILE, "Too many open files" },
	{ ENOTTY, "Inappropriate ioctl for device" },
	{ ETXTBSY, "Text file busy" },
	{ EFBIG, "File too large" },
	{ ENOSPC, "No space left on device" },
	{ EROFS, "Read-only file system" },
	{ ELOOP, "Too many levels of symbolic links" },
	{ ENAMETOOLONG, "File name too long" },
	{ ENOSYS, "Function not implemented" },
	{ ENOTEMPTY, "Directory not empty" },
	{ EOVERFLOW, "Value too large for defined data type" },
	{ ELIBBAD, "Accessing a corrupted shared library" },
	{ ESTALE, "Stale file handle" },
	{ EDQUOT, "Disk quota exceeded" },
	{ ENXIO, "No such device or address" },
	{ ETIMEDOUT, "Connection timed out" },
	{ EOPNOTSUPP, "Operation not supported" },
};

const char *
sys_errstr(int err)
{
	size_t i;

	for (i = 0; i < sizeof(err_texts) / sizeof(err_texts[0]); i++)
		if (err_texts[i].err == err)
			return err_texts[i].text;
#if HAVE_STRERRORDESC_NP
	const char *s = strerrordesc_np(err);

	return s != NULL ? s : "Unknown error";
#else
	return strerror(err);
#endif
}

#if !HAVE_STRTONUM && !HAVE_LIBBSD_STRTONUM
long long
strtonum(const char *s, long long min, long long max, const char **errstr)
{
	char *end;
	long long v;

	*errstr = NULL;
	if (min > max) {
		*errstr = "invalid";
		errno = EINVAL;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0') {
		*errstr = "invalid";
		errno = EINVAL;
		return 0;
	}
	if ((v == LLONG_MIN && errno == ERANGE) || v < min) {
		*errstr = "too small";
		errno = ERANGE;
		return 0;
	}
	if ((v == LLONG_MAX && errno == ERANGE) || v > max) {
		*errstr = "too large";
		errno = ERANGE;
		return 0;
	}
	return v;
}
#endif

const char *
num_parse(const char *s, long long min, long long max, long long *out)
{
	const char *p = s, *errstr;
	long long v;

	/* strtonum alone accepts " 1" and "+1"; spawn does not. */
	if (*p == '-' && min < 0)
		p++;
	if (*p == '\0')
		return "not a number";
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return "not a number";
	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		return strcmp(errstr, "too small") == 0   ? "too small"
		       : strcmp(errstr, "too large") == 0 ? "too large"
		                                          : "not a number";
	*out = v;
	return NULL;
}

/* A decimal number at *p (advanced past it), below limit, or -1. */
static long
cpu_num(const char **p, long limit)
{
	long v = 0;

	if (**p < '0' || **p > '9')
		return -1;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		v = v * 10 + (**p - '0');
		if (v >= limit)
			return -1;
	}
	return v;
}

int
cpu_list_each(const char *s, void (*fn)(int cpu, void *arg), void *arg)
{
	const char *p = s;
	long lo, hi, step, c;

	if (*p == '\0')
		return -1;
	for (;;) {
		lo = cpu_num(&p, SPAWN_CPU_MAX);
		if (lo < 0)
			return -1;
		hi = lo;
		step = 1;
		if (*p == '-') {
			p++;
			hi = cpu_num(&p, SPAWN_CPU_MAX);
			if (hi < lo)
				return -1;
			if (*p == ':') {
				p++;
				step = cpu_num(&p, SPAWN_CPU_MAX);
				if (step <= 0)
					return -1;
			}
		}
		if (fn != NULL)
			for (c = lo; c <= hi; c += step)
				fn((int)c, arg);
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

static void
id_sift(gid_t *v, size_t root, size_t n)
{
	for (;;) {
		size_t c = 2 * root + 1;
		gid_t t;

		if (c >= n)
			return;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[root] >= v[c])
			return;
		t = v[root];
		v[root] = v[c];
		v[c] = t;
		root = c;
	}
}

void
id_sort(gid_t *v, size_t n)
{
	size_t i;

	for (i = n / 2; i > 0; i--)
		id_sift(v, i - 1, n);
	for (i = n; i > 1; i--) {
		gid_t t = v[0];

		v[0] = v[i - 1];
		v[i - 1] = t;
		id_sift(v, 0, i - 1);
	}
}
