/* signals.h: signal names, lists and raw signal system calls. */
#ifndef SPAWN_SIGNALS_H
#define SPAWN_SIGNALS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* The numbering glibc programs, bash and procps use, whatever our libc. */
#define SPAWN_SIGRTMIN 34
#define SPAWN_SIGRTMAX 64
#define SPAWN_NSIG 64

#define SIG_BIT(n) ((uint64_t)1 << ((n)-1))

/* Flags for sig_parse_list. */
#define SIG_NO_KILL_STOP 1 /* KILL and STOP cannot be ignored or blocked */
#define SIG_FOR_IGNORE 2   /* (for the message) the list is to be ignored */
#define SIG_NO_CHLD 4      /* CHLD is refused */
#define SIG_FOR_FORWARD 8  /* (for the message) the list is forwarded */

const char *sig_name(int sig, char *buf, size_t len);
int sig_parse(const char *s, int *out);
int sig_parse_list(const char *list, const char *opt, int flags, uint64_t *set,
    char *msg, size_t len);

struct plan;
struct sbuf;

/* A signal set as names, "INT,QUIT,CHLD", or "none". */
void sig_set_text(struct sbuf *b, uint64_t set);

/* Step 1: the dispositions and the mask the program starts with. */
int sig_add_step(struct plan *p, char *msg, size_t len);

#endif
