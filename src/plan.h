/* plan.h: resolving the options into a plan (see plan.c). */
#ifndef SPAWN_PLAN_H
#define SPAWN_PLAN_H

#include "step.h"

struct opts;

/*
 * The plan of o: every value resolved and checked, every step built, the
 * fds spawn keeps for itself opened (none in a dry run). On failure -1
 * with the message in msg; plan_free in either case.
 */
int plan_resolve(const struct opts *o, char **envp, int dry_run, struct plan *p,
    char *msg, size_t msglen);
void plan_free(struct plan *p);

#endif
