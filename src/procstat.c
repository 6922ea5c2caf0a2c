/*
 * procstat.c: what spawn reads of itself in /proc at plan time.
 *
 * What it buys: the caller's ignored signals and mask come from one read
 * of /proc/self/status (three system calls) instead of 64 sigaction
 * calls and a sigprocmask; the reader touches little stack and needs no
 * stdio.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "procstat.h"
#include "signals.h"
#include "sys.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

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
proc_signal_state(uint64_t *ignored, uint64_t *blocked)
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
int
proc_setgroups_allowed(void)
{
	char buf[8];
	ssize_t n;
	int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 4)
		return -1;
	return buf[0] == 'a';
}

unsigned long long
proc_nr_open(void)
{
	char buf[32];
	unsigned long long v = 0;
	ssize_t n;
	int fd = open("/proc/sys/fs/nr_open", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	v = strtoull(buf, NULL, 10);
	return v;
}
