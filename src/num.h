/* num.h: strict numbers, CPU lists, id sorting (see num.c). */
#ifndef SPAWN_NUM_H
#define SPAWN_NUM_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Strict number parsing: digits only (a leading '-' only when min < 0),
 * no blanks, no '+', no base prefix; out of [min, max] is an error.
 * Returns NULL on success, else a short reason ("not a number", "too large",
 * "too small").
 */
const char *num_parse(
    const char *s, long long min, long long max, long long *out);

/*
 * Walk a CPU list (taskset -c syntax: N, N-M, N-M:STRIDE, comma separated,
 * each CPU below SPAWN_CPU_MAX), calling fn for each CPU when fn is not
 * NULL. Returns -1 on a malformed list. Pure.
 */
#define SPAWN_CPU_MAX 1024 /* CPUs 0 to 1023, whatever the libc */
int cpu_list_each(const char *s, void (*fn)(int cpu, void *arg), void *arg);

/*
 * Sort ids in place, in increasing order: a heapsort, with no allocation
 * and no libc call, so that the apply phase can sort what getgroups
 * returns (libc's qsort may allocate).
 */
void id_sort(gid_t *v, size_t n);

#endif
