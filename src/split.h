/* split.h: -S/--split-string word splitting (see split.c). */
#ifndef SPAWN_SPLIT_H
#define SPAWN_SPLIT_H

#include <stddef.h>

/*
 * Split s into words as env -S does, ${NAME} taken from envp. On success
 * *words holds *n words (the array and each word from mem_alloc: the
 * caller frees them; NULL when there is none); -1 with msg set otherwise.
 */
int split_string(const char *s, char **envp, char ***words, size_t *n,
    char *msg, size_t len);

#endif
