/*
 * signals.c: the one signal-name table, signal lists, and raw signal
 * system calls.
 *
 * Sets are 64-bit masks, bit N-1 for signal N, as the kernel keeps them.
 * spawn numbers the real-time signals RTMIN = 34 .. RTMAX = 64 whatever its
 * libc says (glibc reserves 32 and 33; musl reserves 32 to 34), and its
 * libc's sigaddset refuses the reserved numbers, so masks and dispositions
 * go through the raw system calls.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static const struct {
	int num;
	const char *name;
} sig_table[] = {
	{ 1, "HUP" },
	{ 2, "INT" },
	{ 3, "QUIT" },
	{ 4, "ILL" },
	{ 5, "TRAP" },
	{ 6, "ABRT" },
	{ 7, "BUS" },
	{ 8, "FPE" },
	{ 9, "KILL" },
	{ 10, "USR1" },
	{ 11, "SEGV" },
	{ 12, "USR2" },
	{ 13, "PIPE" },
	{ 14, "ALRM" },
	{ 15, "TERM" },
	{ 16, "STKFLT" },
	{ 17, "CHLD" },
	{ 18, "CONT" },
	{ 19, "STOP" },
	{ 20, "TSTP" },
	{ 21, "TTIN" },
	{ 22, "TTOU" },
	{ 23, "URG" },
	{ 24, "XCPU" },
	{ 25, "XFSZ" },
	{ 26, "VTALRM" },
	{ 27, "PROF" },
	{ 28, "WINCH" },
	{ 29, "IO" },
	{ 30, "PWR" },
	{ 31, "SYS" },
	/* Aliases, accepted on input; the names above are printed. */
	{ 6, "IOT" },
	{ 29, "POLL" },
	{ 17, "CLD" },
};

const char *
sig_name(int sig, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(sig_table) / sizeof(sig_table[0]); i++)
		if (sig_table[i].num == sig) {
			sys_fmt(buf, len, "%s", sig_table[i].name);
			return buf;
		}
	if (sig == SPAWN_SIGRTMIN)
		sys_fmt(buf, len, "RTMIN");
	else if (sig == SPAWN_SIGRTMAX)
		sys_fmt(buf, len, "RTMAX");
	else if (sig > SPAWN_SIGRTMIN && sig < SPAWN_SIGRTMAX)
		sys_fmt(buf, len, "RTMIN+%d", sig - SPAWN_SIGRTMIN);
	else
		sys_fmt(buf, len, "%d", sig);
	return buf;
}

/* One signal: a name (any case, SIG optional), a number or RTMIN+n. */
int
sig_parse(const char *s, int *out)
{
	const char *n = s;
	long long v;
	size_t i;

	if (strncasecmp(n, "SIG", 3) == 0 && n[3] != '\0')
		n += 3;
	if (num_parse(s, 1, SPAWN_NSIG, &v) == NULL) {
		*out = (int)v;
		return 0;
	}
	for (i = 0; i < sizeof(sig_table) / sizeof(sig_table[0]); i++)
		if (strcasecmp(n, sig_table[i].name) == 0) {
			*out = sig_table[i].num;
			return 0;
		}
	if (strncasecmp(n, "RTMIN", 5) == 0 ||
	    strncasecmp(n, "RTMAX", 5) == 0) {
		int base = (n[3] == 'I' || n[3] == 'i') ? SPAWN_SIGRTMIN
		                                        : SPAWN_SIGRTMAX;
		const char *t = n + 5;
		int r;

		if (*t == '\0') {
			*out = base;
			return 0;
		}
		if ((base == SPAWN_SIGRTMIN && *t != '+') ||
		    (base == SPAWN_SIGRTMAX && *t != '-'))
			return -1;
		if (num_parse(t + 1, 0, SPAWN_SIGRTMAX - SPAWN_SIGRTMIN, &v) !=
		    NULL)
			return -1;
		r = base == SPAWN_SIGRTMIN ? base + (int)v : base - (int)v;
		*out = r;
		return 0;
	}
	return -1;
}

int
sig_parse_list(const char *list, const char *opt, int flags, uint64_t *set,
    char *msg, size_t len)
{
	const char *p = list;
	char item[64];

	*set = 0;
	if (*list == '\0') {
		snprintf(msg, len, "%s: empty signal list", opt);
		return -1;
	}
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int sig;

		if (n == 0) {
			snprintf(msg, len, "%s '%s': empty item in the list",
			    opt, list);
			return -1;
		}
		if (n >= sizeof(item)) {
			snprintf(
			    msg, len, "%s '%s': unknown signal", opt, list);
			return -1;
		}
		memcpy(item, p, n);
		item[n] = '\0';
		if (sig_parse(item, &sig) < 0) {
			snprintf(
			    msg, len, "%s: unknown signal '%s'", opt, item);
			return -1;
		}
		if ((flags & SIG_NO_KILL_STOP) &&
		    (sig == SIGKILL || sig == SIGSTOP)) {
			snprintf(msg, len, "%s: %s cannot be %s", opt, item,
			    (flags & SIG_FOR_IGNORE)    ? "ignored"
			    : (flags & SIG_FOR_FORWARD) ? "forwarded"
			                                : "blocked");
			return -1;
		}
		if ((flags & SIG_NO_CHLD) && sig == SIGCHLD) {
			snprintf(msg, len,
			    "%s: CHLD cannot be ignored while waiting "
			    "(the child would be reaped away)",
			    opt);
			return -1;
		}
		*set |= SIG_BIT(sig);
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

int
sys_sigmask(int how, const uint64_t *set, uint64_t *old)
{
	return (int)syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

/* The kernel's struct sigaction on the generic ABI (x86-64, arm64, ...). */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

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

/*
 * Parse the hex mask after "SigXxx:" at p (a line of /proc/self/status).
 */
static int
status_mask(const char *p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0;

	for (p += 7; p < end && (*p == '\t' || *p == ' '); p++)
		;
	for (; n < 16 && p < end; p++, n++) {
		int d = (*p >= '0' && *p <= '9')   ? *p - '0'
		        : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
		                                   : -1;
		if (d < 0)
			break;
		v = v << 4 | (uint64_t)d;
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * The caller's ignored signals and mask. /proc/self/status has both for
 * three system calls; without /proc, ask the kernel signal by signal.
 */
int
sig_read_state(uint64_t *ignored, uint64_t *blocked)
{
	/*
	 * Read in small pieces (the file is larger with many groups, and a
	 * smaller buffer touches less stack); buf keeps the line start that
	 * precedes the unread part, so each line is seen whole. The lines
	 * sought are short: a longer line is dropped unread.
	 */
	char buf[1536];
	size_t have = 1;
	ssize_t n;
	int fd, sig, found = 0;
	void *h;

	buf[0] = '\n'; /* the file's first line starts a line too */
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	while (fd >= 0 && found != 3 &&
	       (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		const char *p = buf, *end, *line, *next;

		have += (size_t)n;
		end = buf + have;
		while ((line = memchr(p, '\n', (size_t)(end - p))) != NULL &&
		       (next = memchr(line + 1, '\n',
		            (size_t)(end - line - 1))) != NULL) {
			/* Byte tests, not memcmp: this loop runs per line. */
			line++;
			if (next - line >= 8 && line[0] == 'S' &&
			    line[1] == 'i' && line[2] == 'g' &&
			    line[6] == ':') {
				if (line[3] == 'I' && line[4] == 'g' &&
				    line[5] == 'n' &&
				    status_mask(line, next, ignored) == 0)
					found |= 1;
				else if (line[3] == 'B' && line[4] == 'l' &&
				         line[5] == 'k' &&
				         status_mask(line, next, blocked) == 0)
					found |= 2;
			}
			p = next;
		}
		have = (size_t)(end - p);
		for (size_t i = 0; i < have; i++) /* the unread tail, moved */
			buf[i] = p[i];
		if (have == sizeof(buf) - 1) { /* a long line: not ours */
			buf[0] = 'x';
			have = 1;
		}
	}
	if (fd >= 0)
		close(fd);
	if (found == 3)
		return 0;
	*ignored = 0;
	for (sig = 1; sig <= SPAWN_NSIG; sig++) {
		struct ksigaction old;

		if (syscall(SYS_rt_sigaction, sig, NULL, &old, 8) < 0)
			continue;
		h = old.handler;
		if (h == SIG_IGN)
			*ignored |= SIG_BIT(sig);
	}
	return sys_sigmask(SIG_BLOCK, NULL, blocked);
}
