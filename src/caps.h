/* caps.h: capability names (see caps.c). */
#ifndef SPAWN_CAPS_H
#define SPAWN_CAPS_H

#include <stddef.h>
#include <stdint.h>

/* The name of capability cap, lower case without "cap_". */
const char *cap_name(int cap);

/* A --keep-caps list: names, any case, with or without "cap_". */
int caps_parse(const char *list, uint64_t *set, char *msg, size_t len);

#endif
