/*
 * arena.c: allocation for plan-time data.
 *
 * What it buys: a plain launch never starts malloc. glibc's first malloc
 * call costs a getrandom, two brk calls and the pages of its own state;
 * the plan of a plain `spawn true` needs a few kilobytes, which a static
 * arena holds. What does not fit comes from malloc. Sanitizer builds use
 * malloc for everything, so that every block is checked.
 */
#include "arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define SPAWN_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define SPAWN_ARENA 0
#endif
#endif
#ifndef SPAWN_ARENA
#define SPAWN_ARENA 1
#endif

#if SPAWN_ARENA
/*
 * The arena: blocks of 16-byte units, each after a 16-byte header holding
 * its size. Only the last block can shrink or grow in place; freeing any
 * other is a no-op (plan-time data lives until exec or exit).
 */
#define ARENA_SIZE (64 * 1024)
#define ARENA_HDR 16
static _Alignas(16) unsigned char arena[ARENA_SIZE];
static size_t arena_top;

static size_t
arena_round(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

static int
in_arena(const void *p)
{
	const unsigned char *c = p;

	return c >= arena && c < arena + ARENA_SIZE;
}

static size_t *
arena_hdr(void *p)
{
	return (size_t *)(void *)((unsigned char *)p - ARENA_HDR);
}

static int
arena_last(void *p)
{
	return (unsigned char *)p + arena_round(*arena_hdr(p)) ==
	       arena + arena_top;
}
#endif

void *
mem_alloc(size_t n)
{
#if SPAWN_ARENA
	if (n <= ARENA_SIZE - ARENA_HDR &&
	    arena_round(n) + ARENA_HDR <= ARENA_SIZE - arena_top) {
		unsigned char *p = arena + arena_top + ARENA_HDR;

		*arena_hdr(p) = n;
		arena_top += ARENA_HDR + arena_round(n);
		return p;
	}
#endif
	return malloc(n);
}

void *
mem_calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = mem_alloc(n * size);
	if (p != NULL)
		memset(p, 0, n * size);
	return p;
}

void
mem_free(void *p)
{
#if SPAWN_ARENA
	if (in_arena(p)) {
		if (arena_last(p))
			arena_top =
			    (size_t)((unsigned char *)p - arena) - ARENA_HDR;
		return;
	}
#endif
	free(p);
}

void *
mem_realloc(void *p, size_t n)
{
#if SPAWN_ARENA
	if (in_arena(p)) {
		size_t old = *arena_hdr(p), base;
		void *q;

		base = (size_t)((unsigned char *)p - arena);
		if (arena_last(p) && n <= ARENA_SIZE - base) {
			*arena_hdr(p) = n;
			arena_top = base + arena_round(n);
			return p;
		}
		q = mem_alloc(n);
		if (q != NULL) {
			memcpy(q, p, old < n ? old : n);
			mem_free(p);
		}
		return q;
	}
	if (p == NULL)
		return mem_alloc(n);
#endif
	return realloc(p, n);
}

void *
mem_grow(void *p, size_t n, size_t *cap, size_t size)
{
	size_t want;

	if (n < *cap)
		return p;
	want = *cap < 8 ? 8 : *cap + *cap / 2;
	if (want > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = mem_realloc(p, want * size);
	if (p != NULL)
		*cap = want;
	return p;
}

static char *
arena_copy(const char *s, size_t l)
{
	char *c = mem_alloc(l + 1);

	if (c != NULL) {
		memcpy(c, s, l);
		c[l] = '\0';
	}
	return c;
}

char *
mem_strndup(const char *s, size_t n)
{
	return arena_copy(s, strnlen(s, n));
}

char *
mem_strdup(const char *s)
{
	return arena_copy(s, strlen(s));
}
