/* exec.h: applying a plan (see exec.c). */
#ifndef SPAWN_EXEC_H
#define SPAWN_EXEC_H

#include "step.h"

/*
 * Apply steps from index from on. Returns APPLY_ERROR with *e set, or,
 * past a fork step in its parent, APPLY_WAITED (or a timeout) with the
 * child's wait status in *st; on success in the process that execs, it
 * never returns.
 */
int plan_apply(const struct plan *p, int from, struct spawn_err *e, int *st);

#endif
