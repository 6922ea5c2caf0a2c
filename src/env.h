/* env.h: the environment and the program (see env.c). */
#ifndef SPAWN_ENV_H
#define SPAWN_ENV_H

#include "step.h"

/* --envdir DIR, read now: p->envdir_set. */
int env_read_dir(struct plan *p, char *msg, size_t len);

/* p->envp: the caller's envp (unless -i), then --envdir, --set-home and
 * -u/-e/NAME=VALUE in command-line order. */
int env_build(struct plan *p, char **envp);

/* The value of the name of n bytes at name in envp, or NULL. */
const char *env_get(char **envp, const char *name, size_t n);

/* p->argv: PROGRAM ARG..., with -a's argv[0]. */
int env_build_argv(struct plan *p);

/* Step 18: the program, found in the caller's PATH (envp) if searched. */
int env_add_exec_step(struct plan *p, char **envp, char *msg, size_t len);

#endif
