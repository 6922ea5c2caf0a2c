/* signals.h: signal names, lists and raw signal system calls. */
#ifndef SPAWN_SIGNALS_H
#define SPAWN_SIGNALS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

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
int sig_read_state(uint64_t *ignored, uint64_t *blocked);

/* Raw system calls on 64-bit kernel masks (no libc filtering). */
int sys_sigmask(int how, const uint64_t *set, uint64_t *old);
int sys_sigdisp(int sig, void *handler, void **old);
/*
 * Write spawn's own text to fd 2: SIGPIPE is ignored around the call, so
 * a pipe whose reader is gone never kills spawn nor changes its status
 * (the disposition is put back after). Errors are dropped. At most
 * SYS_WRITE_ERR_MAX pieces.
 */
#define SYS_WRITE_ERR_MAX 16
struct iovec;
void sys_write_err(const struct iovec *iov, int n);

int sys_sigwait(
    const uint64_t *set, siginfo_t *info, const struct timespec *ts);

#endif
