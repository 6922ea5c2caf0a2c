/*
 * fmt.c: the formatter for plan-time text, and the texts of errno values.
 *
 * What it buys: a plain launch never starts stdio or the locale. fmt_v is
 * a small vsnprintf (tests/fmtcheck.c compares it with the libc's for
 * every form spawn uses); the errno texts read the same whatever libc
 * spawn was built with.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "fmt.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

int
errorf(char *msg, size_t len, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	fmt_v(msg, len, f, ap);
	va_end(ap);
	return -1;
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
fmt_v(char *buf, size_t size, const char *fmt, va_list ap)
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
		if (*fmt == '.' && fmt[1] == '*') {
			prec = va_arg(ap, int);
			fmt += 2;
		} else if (*fmt == '.') {
			for (prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		}
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
fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_v(buf, size, fmt, ap);
	va_end(ap);
	return n;
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
errno_text(int err)
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
