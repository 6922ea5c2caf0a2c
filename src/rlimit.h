/* rlimit.h: the resource table and the --rlimit grammar. */
#ifndef SPAWN_RLIMIT_H
#define SPAWN_RLIMIT_H

#include <stddef.h>
#include <sys/resource.h>

struct rlimit_req {
	int resource;
	int have_soft, have_hard; /* an empty side keeps the current value */
	rlim_t soft, hard;
	const char *spec;
};

int rlimit_parse(const char *spec, struct rlimit_req *r, char *msg, size_t len);
const char *rlimit_name(int resource);

#endif
