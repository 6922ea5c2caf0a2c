/* arena.h: allocation for plan-time data (see arena.c). */
#ifndef SPAWN_ARENA_H
#define SPAWN_ARENA_H

#include <stddef.h>

/*
 * Small blocks come from a static arena, what does not fit from malloc;
 * mem_free and mem_realloc take either kind. Plan-time data lives until
 * exec or exit: freeing a block that is not the arena's last is a no-op.
 */
void *mem_alloc(size_t n);
void *mem_calloc(size_t n, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

/*
 * An array of elements of size bytes that holds n: room for one more, by
 * growing it (by half again) when n reaches *cap. Returns the array, or
 * NULL with the old one left as it was. Appending n items costs O(n).
 */
void *mem_grow(void *p, size_t n, size_t *cap, size_t size);

#endif
