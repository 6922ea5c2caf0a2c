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
#include "build.h"
#include "sbuf.h"
#include "options.h"
#include "fmt.h"
#include "num.h"

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
			fmt(buf, len, "%s", sig_table[i].name);
			return buf;
		}
	if (sig == SPAWN_SIGRTMIN)
		fmt(buf, len, "RTMIN");
	else if (sig == SPAWN_SIGRTMAX)
		fmt(buf, len, "RTMAX");
	else if (sig > SPAWN_SIGRTMIN && sig < SPAWN_SIGRTMAX)
		fmt(buf, len, "RTMIN+%d", sig - SPAWN_SIGRTMIN);
	else
		fmt(buf, len, "%d", sig);
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
		fmt(msg, len, "%s: empty signal list", opt);
		return -1;
	}
	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int sig;

		if (n == 0) {
			fmt(msg, len, "%s '%s': empty item in the list", opt,
			    list);
			return -1;
		}
		if (n >= sizeof(item)) {
			fmt(msg, len, "%s '%s': unknown signal", opt, list);
			return -1;
		}
		memcpy(item, p, n);
		item[n] = '\0';
		if (sig_parse(item, &sig) < 0) {
			fmt(msg, len, "%s: unknown signal '%s'", opt, item);
			return -1;
		}
		if ((flags & SIG_NO_KILL_STOP) &&
		    (sig == SIGKILL || sig == SIGSTOP)) {
			fmt(msg, len, "%s: %s cannot be %s", opt, item,
			    (flags & SIG_FOR_IGNORE)    ? "ignored"
			    : (flags & SIG_FOR_FORWARD) ? "forwarded"
			                                : "blocked");
			return -1;
		}
		if ((flags & SIG_NO_CHLD) && sig == SIGCHLD) {
			fmt(msg, len,
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

/*
 * Step 1: from the caller's ignored set and mask (read now), the changes
 * that give the target the state the options ask for. By default every
 * ignored signal goes back to its default action and the mask is emptied;
 * --ignore and --block beat --preserve and --signals preserve. Handlers
 * never survive execve, so only ignored signals need a call.
 */
int
sig_add_step(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	const uint64_t fixed = SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP);
	uint64_t ign, blk, keep;
	struct step *s;

	ign = p->caller_ign;
	blk = p->caller_blk;
	s = add_step(p, STEP_SIGNALS);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	keep = o->signals_preserve ? ~(uint64_t)0 : o->sig_preserve;
	s->u.sig.ignored = (o->sig_ignore | (ign & keep)) & ~fixed;
	s->u.sig.mask = (o->sig_block | (blk & keep)) & ~fixed;
	s->u.sig.to_default = ign & ~s->u.sig.ignored & ~fixed;
	s->u.sig.to_ignore = s->u.sig.ignored & ~ign;
	s->u.sig.set_mask = s->u.sig.mask != (blk & ~fixed);
	s->u.sig.preserve = o->signals_preserve;
	return 0;
}

/* A signal set as names, "INT,QUIT,CHLD", or "none". */
void
sig_set_text(struct sbuf *b, uint64_t set)
{
	char name[16];
	int sig, n = 0;

	for (sig = 1; sig <= SPAWN_NSIG; sig++)
		if (set & SIG_BIT(sig)) {
			sb_add(b, n++ ? "," : "");
			sb_add(b, sig_name(sig, name, sizeof(name)));
		}
	if (n == 0)
		sb_add(b, "none");
}
