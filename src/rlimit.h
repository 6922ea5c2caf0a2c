/* rlimit.h: the resource table and the --rlimit grammar. */
#ifndef SPAWN_RLIMIT_H
#define SPAWN_RLIMIT_H

#include <stddef.h>
#include <sys/resource.h>

struct rlimit_req {
	int resource;
	int have_soft, have_hard; /* an empty side keeps the current value */
	rlim_t soft, hard;
	rlim_t cur_hard; /* the hard limit when the plan was made */
	const char *spec;
};

struct plan;
struct sbuf;

int rlimit_parse(const char *spec, struct rlimit_req *r, char *msg, size_t len);
const char *rlimit_name(int resource);

/* A limit as the dry run shows it: a number, or "unlimited". */
void rlimit_text(struct sbuf *b, rlim_t v);

/*
 * The plan's copy of the requests (p->rlimits), each side filled from
 * the current value and checked: soft above hard, nofile above
 * fs.nr_open.
 */
int rlimit_resolve(struct plan *p, char *msg, size_t len);

/* Step 4 (nofile 0), or the nofile limit at the end of step 11 (1). */
int rlimit_add_steps(struct plan *p, int nofile, char *msg, size_t len);

#endif
