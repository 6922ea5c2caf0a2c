/* fdplan.h: the fd layout, the fd, lock and tty steps (see fdplan.c). */
#ifndef SPAWN_FDPLAN_H
#define SPAWN_FDPLAN_H

#include "step.h"

/* Every target fd, sorted and checked: p->acts, p->top, p->own_min. */
int fdplan_layout(struct plan *p, char *msg, size_t len);

/* The target action for fd, or NULL. */
const struct fd_action *find_act(const struct plan *p, int fd);

/* The fd of --set-ctty/--foreground-tty (a kept copy when the program
 * does not keep it): p->tty_fd. */
int fdplan_tty_fd(struct plan *p, char *msg, size_t len);

/* Step 11, made last among the fd plans, when every own fd exists. */
int fdplan_add_fd_step(struct plan *p, char *msg, size_t len);
int fdplan_add_lock_step(struct plan *p, char *msg, size_t len);
int fdplan_add_tty_step(struct plan *p, char *msg, size_t len);

#endif
