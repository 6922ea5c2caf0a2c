/* procstat.h: what spawn reads of itself in /proc (see procstat.c). */
#ifndef SPAWN_PROCSTAT_H
#define SPAWN_PROCSTAT_H

#include <stdint.h>

/*
 * The ignored signals and the mask of this process, as 64-bit kernel
 * masks: from /proc/self/status, or without /proc signal by signal.
 */
int proc_signal_state(uint64_t *ignored, uint64_t *blocked);

/*
 * Does the user namespace this process is in allow setgroups
 * (/proc/self/setgroups)? 1 yes, 0 no (deny), -1 unknown (no /proc).
 */
int proc_setgroups_allowed(void);

/* fs.nr_open, the kernel's ceiling for RLIMIT_NOFILE; 0 if unknown. */
unsigned long long proc_nr_open(void);

#endif
