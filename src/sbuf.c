/*
 * sbuf.c: growable text for plan-time lines and messages. Formatted
 * additions are measured first, so no text is ever cut at a fixed length.
 */
#include "sbuf.h"
#include "arena.h"
#include "fmt.h"

#include <string.h>

/* Room for n more bytes and a NUL; 0 when there is none. */
static int
sb_room(struct sbuf *b, size_t n)
{
	if (b->bad)
		return 0;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2 + 32;
		char *p = mem_realloc(b->s, cap);

		if (p == NULL) {
			b->bad = 1;
			return 0;
		}
		b->s = p;
		b->cap = cap;
	}
	return 1;
}

void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (!sb_room(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

void
sb_vaddf(struct sbuf *b, const char *f, va_list ap)
{
	va_list aq;
	int n;

	if (b->bad)
		return;
	va_copy(aq, ap);
	n = fmt_v(NULL, 0, f, aq);
	va_end(aq);
	if (n < 0) {
		b->bad = 1;
		return;
	}
	if (!sb_room(b, (size_t)n))
		return;
	fmt_v(b->s + b->len, (size_t)n + 1, f, ap);
	b->len += (size_t)n;
}

void
sb_addf(struct sbuf *b, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	sb_vaddf(b, f, ap);
	va_end(ap);
}

void
sb_quote(struct sbuf *b, const char *s)
{
	const unsigned char *p;
	int plain = *s != '\0', printable = 1;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			printable = 0;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || strchr("/._-+=:,@%", *p)))
			plain = 0;
	}
	if (plain) {
		sb_add(b, s);
		return;
	}
	if (printable) {
		sb_add(b, "'");
		for (p = (const unsigned char *)s; *p != '\0'; p++) {
			if (*p == '\'')
				sb_add(b, "'\\''");
			else
				sb_addn(b, (const char *)p, 1);
		}
		sb_add(b, "'");
		return;
	}
	sb_add(b, "$'");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\')
			sb_addf(b, "\\x%02x", *p);
		else
			sb_addn(b, (const char *)p, 1);
	}
	sb_add(b, "'");
}

char *
sb_vformat(const char *f, va_list ap)
{
	struct sbuf b = { 0 };

	sb_vaddf(&b, f, ap);
	return sb_take(&b);
}

char *
sb_take(struct sbuf *b)
{
	char *s;

	if (b->bad) {
		mem_free(b->s);
		b->s = NULL;
		return NULL;
	}
	if (b->s == NULL)
		sb_addn(b, "", 0);
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}
