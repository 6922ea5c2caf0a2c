/*
 * sched.c: step 5, scheduling. One table names the policies for the
 * parse, the messages and the dry run. Priorities are checked against
 * the policy's range, the nice value is made absolute, and the CPU list
 * becomes a set, all before any step.
 */
#define _GNU_SOURCE 1
#include "sched.h"
#include "build.h"
#include "fmt.h"
#include "num.h"
#include "options.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

static const struct {
	const char *name;
	int policy;
} policies[] = {
	{ "other", SCHED_OTHER },
	{ "batch", SCHED_BATCH },
	{ "idle", SCHED_IDLE },
	{ "fifo", SCHED_FIFO },
	{ "rr", SCHED_RR },
};

int
sched_policy_parse(const char *s, int *policy)
{
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (strcmp(s, policies[i].name) == 0) {
			*policy = policies[i].policy;
			return 0;
		}
	return -1;
}

const char *
sched_policy_name(int policy)
{
	policy &= ~SCHED_RESET_ON_FORK;
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++)
		if (policies[i].policy == policy)
			return policies[i].name;
	return "?";
}

static void
cpu_add(int cpu, void *arg)
{
	struct step *s = arg;

	CPU_SET_S((size_t)cpu, s->u.cpus.size, (cpu_set_t *)s->u.cpus.set);
}

static int
add_scheduler_step(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	int lo = sched_get_priority_min(o->sched_policy);
	int hi = sched_get_priority_max(o->sched_policy);
	int prio = o->have_sched_priority ? o->sched_priority : 0;
	struct step *s;

	if (prio < lo || prio > hi)
		return errorf(msg, len,
		    "--sched-priority %d: out of range for %s (%d to %d)", prio,
		    sched_policy_name(o->sched_policy), lo, hi);
	s = add_step(p, STEP_SCHEDULER);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.sched.policy = o->sched_policy |
	                    (o->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
	s->u.sched.priority = prio;
	return 0;
}

/* As nice(1): the sum is clamped to the kernel's range. */
static int
add_nice_step(struct plan *p, char *msg, size_t len)
{
	struct step *s;
	int cur, v;

	errno = 0;
	cur = getpriority(PRIO_PROCESS, 0);
	if (cur == -1 && errno != 0)
		return errorf(msg, len, "--nice: %s", errno_text(errno));
	v = cur + p->o->nice;
	v = v < -20 ? -20 : v > 19 ? 19 : v;
	s = add_step(p, STEP_NICE);
	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.nice.value = v;
	s->u.nice.old = cur;
	s->u.nice.delta = p->o->nice;
	return 0;
}

static int
add_cpus_step(struct plan *p, char *msg, size_t len)
{
	struct step *s = add_step(p, STEP_CPUS);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.cpus.text = p->o->cpus_text;
	s->u.cpus.size = CPU_ALLOC_SIZE(SPAWN_CPU_MAX);
	s->u.cpus.set = CPU_ALLOC(SPAWN_CPU_MAX);
	if (s->u.cpus.set == NULL)
		return errorf(msg, len, "out of memory");
	CPU_ZERO_S(s->u.cpus.size, (cpu_set_t *)s->u.cpus.set);
	cpu_list_each(p->o->cpus_text, cpu_add, s);
	return 0;
}

int
sched_add_steps(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;

	if (o->have_sched_policy && add_scheduler_step(p, msg, len) < 0)
		return -1;
	if (o->have_nice && add_nice_step(p, msg, len) < 0)
		return -1;
	if (o->cpus_text != NULL && add_cpus_step(p, msg, len) < 0)
		return -1;
	return 0;
}
