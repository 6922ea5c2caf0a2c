/*
 * fmtcheck: sys_vfmt (sys.c's small vsnprintf) against the libc's
 * vsnprintf, on every form plan.c uses and on edge values, at every buffer
 * size down to 0. Prints the first difference and exits 1.
 */
#include "../src/compat.h"
#include "../src/fmt.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int bad;

static void check(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
check(const char *fmt, ...)
{
	char want[256], got[256];
	va_list ap, aq;
	int nw, ng;
	size_t size;

	for (size = sizeof(want); size != (size_t)-1; size--) {
		memset(want, 'x', sizeof(want));
		memset(got, 'x', sizeof(got));
		va_start(ap, fmt);
		va_copy(aq, ap);
		nw = vsnprintf(want, size, fmt, ap);
		ng = fmt_v(got, size, fmt, aq);
		va_end(aq);
		va_end(ap);
		if (nw != ng || memcmp(want, got, sizeof(want)) != 0) {
			printf(
			    "'%s' at size %zu: want %d '%.*s', got %d '%.*s'\n",
			    fmt, size, nw, (int)(size ? size - 1 : 0), want, ng,
			    (int)(size ? size - 1 : 0), got);
			bad = 1;
			return;
		}
		if (size == 0)
			break;
	}
}

int
main(void)
{
	check("plain text, no conversion");
	check("%s|%s|%.3s|%.100s|%10s|%-10s|", "abc", "", "abcdef", "xy", "r",
	    "l");
	check("%d %d %d %d %i", 0, -1, INT_MIN, INT_MAX, 42);
	check("%+d %+d %+d|%5d|%-5d|%05d|%05d", 3, -3, 0, -12, -12, 42, -42);
	check("%u %u %lu %llu %zu", 0u, UINT_MAX, ULONG_MAX, ULLONG_MAX,
	    (size_t)12345);
	check("%ld %lld %lld", LONG_MIN, LLONG_MIN, LLONG_MAX);
	check("%x %02x %02x %04x %o %04o %04o", 255u, 7u, 0xabu, 0xbeefu, 8u,
	    022u, 07777u);
	check("%c%c|%%|100%%", 'a', '\'');
	check("%s: %d: %s (%llums)", "step", -5, "why", 1500ULL);
	check("'%.*s'|%.*s|%.*s|", 3, "abcdef", 0, "xyz", 10, "ab");
	if (!bad)
		printf("fmtcheck: all forms agree with vsnprintf\n");
	return bad;
}
