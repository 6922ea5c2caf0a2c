/* sys.c: thin wrappers for what libc may lack (see compat.h). */
#define _GNU_SOURCE 1
#include "compat.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <sched.h>
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
