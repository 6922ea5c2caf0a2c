/* compat.h: what libc may lack, chosen by ./configure (config.h). */
#ifndef SPAWN_COMPAT_H
#define SPAWN_COMPAT_H

#include "config.h" /* written by ./configure, found through -I */

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#if HAVE_LIBBSD_STRTONUM
#include <bsd/stdlib.h>
#elif !HAVE_STRTONUM
long long strtonum(
    const char *s, long long min, long long max, const char **errstr);
#endif

/*
 * The coverage build (make coverage) writes its counters before exec and
 * _exit, which skip the atexit hook gcov relies on.
 */
#ifdef SPAWN_COVERAGE
void __gcov_dump(void);
#define COVERAGE_DUMP() __gcov_dump()
#else
#define COVERAGE_DUMP() ((void)0)
#endif

/*
 * Write a message for the caller into msg and return -1: how parse and
 * plan-time errors come back as values (main.c prints them).
 */
int fail(char *msg, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* execveat(2) through the raw system call where libc has no wrapper. */
int sys_execveat(int dirfd, const char *path, char *const argv[],
    char *const envp[], int flags);

/*
 * Does the user namespace this process is in allow setgroups
 * (/proc/self/setgroups)? 1 yes, 0 no (deny), -1 unknown (no /proc).
 */
int sys_setgroups_allowed(void);

/* close_range(2) with flags 0; -1 with ENOSYS where the kernel lacks it. */
int sys_close_range(unsigned lo, unsigned hi);

/*
 * Walk a CPU list (taskset -c syntax: N, N-M, N-M:STRIDE, comma separated,
 * each CPU below CPU_SETSIZE), calling fn for each CPU when fn is not
 * NULL. Returns -1 on a malformed list. Pure.
 */
#define SPAWN_CPU_MAX 1024 /* CPUs 0 to 1023, whatever the libc */
int cpu_list_each(const char *s, void (*fn)(int cpu, void *arg), void *arg);

/*
 * Allocation for plan-time data. Small blocks come from a static arena, so
 * a plain launch never starts malloc (its first call costs a getrandom, two
 * brk and pages of libc); what does not fit comes from malloc. mem_free and
 * mem_realloc take either kind. Sanitizer builds use malloc throughout, so
 * that every block is checked.
 */
void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
char *mem_strdup(const char *s);

/*
 * An array of elements of size bytes that holds n: room for one more, by
 * growing it (by half again) when n reaches *cap. Returns the array, or
 * NULL with the old one left as it was. Appending n items costs O(n).
 */
void *mem_grow(void *p, size_t n, size_t *cap, size_t size);
char *mem_strndup(const char *s, size_t n);

/*
 * A small vsnprintf for plan-time text, without locale or stdio: flags '-',
 * '0' and '+', a width, a precision for s, the lengths h, l, ll and z, and
 * the conversions d i u x o c s and %. Returns the length it would need, as
 * vsnprintf does, or -1 for a conversion it does not know.
 */
int sys_vfmt(char *buf, size_t size, const char *fmt, va_list ap);
int sys_fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The text of an errno value, without locale or allocation. */
const char *sys_errstr(int err);

/*
 * Strict number parsing: digits only (a leading '-' only when min < 0),
 * no blanks, no '+', no base prefix; out of [min, max] is an error.
 * Returns NULL on success, else a short reason ("not a number", "too large",
 * "too small").
 */
const char *num_parse(
    const char *s, long long min, long long max, long long *out);

/*
 * Sort ids in place, in increasing order: a heapsort, with no allocation
 * and no libc call, so that the apply phase can sort what getgroups
 * returns (libc's qsort may allocate).
 */
void id_sort(gid_t *v, size_t n);

#endif
