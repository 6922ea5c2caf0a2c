/* ns.h: namespaces (see ns.c). */
#ifndef SPAWN_NS_H
#define SPAWN_NS_H

#include "step.h"

/* One row per enum ns_type. */
struct ns_def {
	const char *name; /* as /proc/self/ns and the dry run name it */
	int flag;         /* CLONE_NEW* */
};

extern const struct ns_def ns_defs[NS_COUNT];

/* Every --nsenter-TYPE file opened and checked: p->ns. */
int ns_open_all(struct plan *p, char *msg, size_t len);

/* Step 8: the setns steps, in the order they can be taken. */
int ns_add_steps(struct plan *p, char *msg, size_t len);

#endif
