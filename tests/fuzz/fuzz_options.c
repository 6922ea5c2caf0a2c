/*
 * libFuzzer target over spawn's pure front end: the input, split at NUL
 * bytes, is the argument vector after "spawn"; options_parse must never
 * crash, leak or hang, and every command line it accepts must hold the
 * plan's invariants.
 *   make fuzz FUZZ_SECONDS=60
 */
#include "../../src/plan.h"
#include "../../src/signals.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 64

static void
check_invariants(const struct opts *o)
{
	size_t i, j;

	/* Each target fd named once, within 0..INT_MAX. */
	for (i = 0; i < o->n_fds; i++) {
		if (o->fds[i].fd < 0)
			abort();
		for (j = i + 1; j < o->n_fds; j++)
			if (o->fds[i].fd == o->fds[j].fd)
				abort();
		if (o->fds[i].kind == FD_OPEN && (o->fds[i].path == NULL ||
		                                     o->fds[i].path[0] == '\0'))
			abort();
	}
	/* Each resource once; both sides given means soft <= hard or a
	 * value check left for plan time (never a wrap). */
	for (i = 0; i < o->n_rlimits; i++)
		for (j = i + 1; j < o->n_rlimits; j++)
			if (o->rlimits[i].resource == o->rlimits[j].resource)
				abort();
	/* KILL and STOP are never ignored, blocked or forwarded. */
	if ((o->sig_ignore | o->sig_block | o->block_waiting |
	        o->ignore_waiting | o->forward) &
	    (SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP)))
		abort();
	if (o->ignore_waiting & SIG_BIT(SIGCHLD))
		abort();
	/* A program is always there, and args never runs off argv. */
	if (!o->help && !o->version && (o->n_args < 1 || o->args == NULL ||
	                                   o->args[0] == NULL))
		abort();
	if (o->have_umask && o->umask > 0777)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_ARGS + 2], msg[512];
	char *envp[] = { "HOME=/root", "PATH=/usr/bin:/bin", NULL };
	struct opts o;
	size_t i, start = 0;
	int argc = 1;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "spawn";
	for (i = 0; i <= size && argc <= MAX_ARGS; i++)
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	if (options_parse(argc, argv, envp, &o, msg, sizeof(msg)) == 0)
		check_invariants(&o);
	else if (msg[0] == '\0')
		abort(); /* every error says what it is */
	options_free(&o);
	free(buf);
	return 0;
}
