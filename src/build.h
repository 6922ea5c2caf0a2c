/*
 * build.h: the tools every family uses to build its steps (see build.c):
 * adding a step, objects for messages, spawn's own fds, warnings.
 */
#ifndef SPAWN_BUILD_H
#define SPAWN_BUILD_H

#include "step.h"

/* A new step of kind id, zeroed; NULL when the plan is full. */
struct step *add_step(struct plan *p, enum step_id id);

/* An object for messages: its index in p->detail, or -1. */
int add_detail(struct plan *p, const char *s);
int add_detailf(struct plan *p, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Keep fd as one of spawn's own (close-on-exec, at or above own_min,
 * closed by plan_free): its number, or -1 (fd is closed then).
 */
int own_fd(struct plan *p, int fd);

/*
 * A close-on-exec copy of the caller's fd for spawn's own use, above every
 * target fd, in *out. In a dry run the fd is only checked to be open.
 * opt names the option in a message.
 */
int keep_fd(
    struct plan *p, int fd, const char *opt, int *out, char *msg, size_t len);

/* A warning, printed by main.c before step 1 unless --quiet. */
void plan_warn(struct plan *p, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

#endif
