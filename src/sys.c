/*
 * sys.c: system calls libc lacks or filters. The signal calls take the
 * kernel's 64-bit masks as they are, so that the real-time signals a libc
 * reserves for itself (32 and 33 for glibc, 32 to 34 for musl) pass too.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "sys.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int
sys_execveat(int dirfd, const char *path, char *const argv[],
    char *const envp[], int flags)
{
#if HAVE_EXECVEAT
	return execveat(dirfd, path, argv, envp, flags);
#else
	return (int)syscall(SYS_execveat, dirfd, path, argv, envp, flags);
#endif
}

int
sys_close_range(unsigned lo, unsigned hi)
{
#ifdef SYS_close_range
	return (int)syscall(SYS_close_range, lo, hi, 0);
#else
	(void)lo;
	(void)hi;
	errno = ENOSYS;
	return -1;
#endif
}

int
sys_sigmask(int how, const uint64_t *set, uint64_t *old)
{
	return (int)syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

int
sys_sigdisp(int sig, void *handler, void **old)
{
	struct ksigaction act = { handler, 0, NULL, 0 }, prev;

	/* SIG_DFL and SIG_IGN need no restorer; no handler is ever set. */
	if (syscall(SYS_rt_sigaction, sig, &act, &prev, 8) < 0)
		return -1;
	if (old != NULL)
		*old = prev.handler;
	return 0;
}

void
sys_write_err(const struct iovec *iov, int n)
{
	struct iovec v[SYS_WRITE_ERR_MAX];
	void *old;
	ssize_t r;
	int i, ign;

	if (n > SYS_WRITE_ERR_MAX)
		n = SYS_WRITE_ERR_MAX;
	for (i = 0; i < n; i++)
		v[i] = iov[i];
	/* Ignored, SIGPIPE is not even generated: the write fails, EPIPE. */
	ign = sys_sigdisp(SIGPIPE, SIG_IGN, &old) == 0;
	for (i = 0; i < n;) {
		r = writev(2, v + i, n - i);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		/* A partial write (a non-blocking fd): go on after it. */
		for (; i < n && (size_t)r >= v[i].iov_len; i++)
			r -= (ssize_t)v[i].iov_len;
		if (i < n) {
			v[i].iov_base = (char *)v[i].iov_base + r;
			v[i].iov_len -= (size_t)r;
		}
	}
	if (ign && old != SIG_IGN)
		sys_sigdisp(SIGPIPE, old, NULL);
}

int
sys_sigwait(const uint64_t *set, siginfo_t *info, const struct timespec *ts)
{
	return (int)syscall(SYS_rt_sigtimedwait, set, info, ts, 8);
}

int
sys_signalfd(const uint64_t *set)
{
	return (int)syscall(
	    SYS_signalfd4, -1, set, 8, SFD_CLOEXEC | SFD_NONBLOCK);
}
