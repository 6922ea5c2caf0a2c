/* sys.h: system calls libc lacks or filters (see sys.c). */
#ifndef SPAWN_SYS_H
#define SPAWN_SYS_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

/* execveat(2), through the raw system call where libc has no wrapper. */
int sys_execveat(int dirfd, const char *path, char *const argv[],
    char *const envp[], int flags);

/* close_range(2) with flags 0; -1 with ENOSYS where the kernel lacks it. */
int sys_close_range(unsigned lo, unsigned hi);

/* The kernel's struct sigaction on the generic ABI (x86-64, arm64, ...). */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

/* Signal calls on 64-bit kernel masks (bit N-1 for signal N). */
int sys_sigmask(int how, const uint64_t *set, uint64_t *old);
int sys_sigdisp(int sig, void *handler, void **old);
int sys_sigwait(
    const uint64_t *set, siginfo_t *info, const struct timespec *ts);
/* A close-on-exec, non-blocking signalfd of the set. */
int sys_signalfd(const uint64_t *set);

/*
 * Write spawn's own text to fd 2: SIGPIPE is ignored around the call, so
 * a pipe whose reader is gone never kills spawn nor changes its status
 * (the disposition is put back after). Errors are dropped. At most
 * SYS_WRITE_ERR_MAX pieces.
 */
#define SYS_WRITE_ERR_MAX 16
struct iovec;
void sys_write_err(const struct iovec *iov, int n);

#endif
