/* wait.h: the parent's side of a fork step (see wait.c). */
#ifndef SPAWN_WAIT_H
#define SPAWN_WAIT_H

#include <stdint.h>
#include <time.h>

#include "step.h"

/* What the parent sets up before the child starts. */
struct wait_setup {
	uint64_t orig_mask;       /* the mask before the waiting set */
	struct timespec deadline; /* --timeout, from the fork */
};

/* 128+N for a death by signal N, else the exit code. */
int wait_exit_code(int st);

/* Before the fork: subreaper, CHLD, the waiting mask, the deadline. */
int wait_prepare(
    const struct step *s, struct wait_setup *ws, struct spawn_err *e);

/*
 * After the fork, in the parent: the report pipe, the waiting sets,
 * forwarding, reaping and the timeout, until the child ends. Returns
 * APPLY_ERROR with the child's failed step in *e, or APPLY_WAITED or a
 * timeout with its wait status in *st.
 */
int wait_child(const struct plan *p, int k, const struct wait_setup *ws,
    pid_t pid, struct spawn_err *e, int *st);

#endif
