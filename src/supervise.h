/* supervise.h: the fork step as planned (see supervise.c). */
#ifndef SPAWN_SUPERVISE_H
#define SPAWN_SUPERVISE_H

#include "step.h"

/*
 * A fork step: implicit (the plan needs it, for the reason why) or --wait's.
 * last: no later fork step follows, so this child is the one that execs.
 */
int supervise_add_fork_step(struct plan *p, int implicit, int last,
    const char *why, char *msg, size_t len);

#endif
