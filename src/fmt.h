/* fmt.h: plan-time text without stdio or locale (see fmt.c). */
#ifndef SPAWN_FMT_H
#define SPAWN_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A small vsnprintf: flags '-', '0' and '+', a width, a precision for s
 * (a number or *),
 * the lengths h, l, ll and z, and the conversions d i u x o c s and %.
 * Returns the length it would need, as vsnprintf does, or -1 for a
 * conversion it does not know. buf may be NULL when size is 0.
 */
int fmt_v(char *buf, size_t size, const char *f, va_list ap);
int fmt(char *buf, size_t size, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Format an error message for the caller into msg and return -1: how
 * parse and plan-time errors come back as values (main.c prints them).
 */
int errorf(char *msg, size_t len, const char *f, ...)
    __attribute__((format(printf, 3, 4)));

/* The text of an errno value, without locale or allocation. */
const char *errno_text(int err);

#endif
