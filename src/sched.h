/* sched.h: scheduling, nice and CPU affinity (see sched.c). */
#ifndef SPAWN_SCHED_H
#define SPAWN_SCHED_H

#include "step.h"

/* The policy named s (other, batch, idle, fifo, rr): 0, or -1. */
int sched_policy_parse(const char *s, int *policy);

/* The name of a SCHED_* policy, RESET_ON_FORK left out. */
const char *sched_policy_name(int policy);

/* Step 5: scheduler, nice (to an absolute value now), CPU affinity. */
int sched_add_steps(struct plan *p, char *msg, size_t len);

#endif
