/* creds.h: credentials, resolved and their steps built (see creds.c). */
#ifndef SPAWN_CREDS_H
#define SPAWN_CREDS_H

#include "step.h"

/* p->cred, p->home_env and the warnings of a drop; needs p->acts and
 * p->ns (for --nsenter-user). */
int creds_resolve(struct plan *p, char *msg, size_t len);

/* Step 15: groups, gid, uid, caps. */
int creds_add_steps(struct plan *p, char *msg, size_t len);

#endif
