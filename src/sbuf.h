/* sbuf.h: growable text for plan-time lines and messages (see sbuf.c). */
#ifndef SPAWN_SBUF_H
#define SPAWN_SBUF_H

#include <stdarg.h>
#include <stddef.h>

/* A growable string; after a failed allocation it stays bad and empty. */
struct sbuf {
	char *s; /* NUL-terminated, NULL until something is added */
	size_t len, cap;
	int bad;
};

void sb_addn(struct sbuf *b, const char *s, size_t n);
void sb_add(struct sbuf *b, const char *s);
void sb_vaddf(struct sbuf *b, const char *f, va_list ap);
void sb_addf(struct sbuf *b, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A byte string quoted the way a shell reads it back: bare when it is
 * made of safe characters, '...' when printable, $'...' with \xNN
 * escapes otherwise.
 */
void sb_quote(struct sbuf *b, const char *s);

/* A new string of any length: the formatted text, or NULL. */
char *sb_vformat(const char *f, va_list ap);

/* The text, which the caller then owns; NULL after a failure. */
char *sb_take(struct sbuf *b);

#endif
