/*
 * fdspec.h: the --fd N=ACTION grammar and the fd algorithm.
 *
 * Pure: parsing and planning touch no fd. fd_plan_moves turns a set of
 * actions into an ordered list of primitive moves (scratch copies, dup2,
 * clearing close-on-exec, closing ranges, opens) that exec.c applies with
 * one system call each and plan.c prints.
 */
#ifndef SPAWN_FDSPEC_H
#define SPAWN_FDSPEC_H

#include <stddef.h>
#include <sys/types.h>

enum fd_kind { FD_CLOSE, FD_NULL, FD_INHERIT, FD_COPY, FD_OPEN };

struct fd_action {
	int fd; /* N */
	enum fd_kind kind;
	int src;          /* M for inherit (N itself for plain inherit), copy */
	int implicit;     /* a default inherit of 0-2: CLOEXEC left alone */
	const char *path; /* open: points into spec */
	char *path_buf;   /* open: owned copy of PATH */
	int flags;        /* open: O_* flags, O_NOCTTY included */
	mode_t perms;     /* open: mode for a new file */
	const char *spec; /* the text given, for messages */
};

int fd_parse(const char *spec, struct fd_action *a, char *msg, size_t len);
void fd_action_free(struct fd_action *a);

/* Access of a null fd: read-only for 0, write-only for 1 and 2, else both. */
enum null_access { NULL_R, NULL_W, NULL_RW };
enum null_access fd_null_access(int fd);

enum fd_op {
	OP_SCRATCH,       /* dup3(a, b, O_CLOEXEC): park a source */
	OP_DUP2,          /* dup2(a, b) */
	OP_CLOEXEC_CLEAR, /* fcntl(a, F_SETFD, 0) */
	OP_CLOSE_RANGE,   /* close a..b (b < 0: to the end) */
	OP_NULL,          /* dup2(the null fd of access b, a) */
	OP_OPEN,          /* open action #b onto fd a */
};

struct fd_move {
	enum fd_op op;
	int a, b;
	int action; /* index of the action it serves, or -1 */
};

/*
 * Plan the moves. acts[] holds every target fd (defaults included),
 * sorted by fd, no duplicates; own[] spawn's own fds (sorted, all above
 * every target), which survive until exec; scratch is the first number
 * above every target, source and own fd. Returns the number of moves
 * written to out (room for fd_moves_max(n_acts, n_own)).
 */
size_t fd_moves_max(size_t n_acts, size_t n_own);
size_t fd_plan_moves(const struct fd_action *acts, size_t n_acts,
    const int *own, size_t n_own, int scratch, struct fd_move *out);

#endif
