/*
 * ns.c: namespaces (--nsenter-TYPE). One table names each type for the
 * messages, the dry run and /proc/self/ns, with its clone flag; the
 * option of each is the option table's row of the same order. Every
 * namespace file is opened and its type checked before any step, and the
 * order of the setns steps (step 8) is decided here.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "ns.h"
#include "build.h"
#include "fmt.h"
#include "num.h"
#include "optable.h"
#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * In enum ns_type's order, which is also the order of the --nsenter-TYPE
 * options in the option table (OPT_NSENTER_FIRST + type).
 */
const struct ns_def ns_defs[NS_COUNT] = {
	[NS_USER] = { "user", CLONE_NEWUSER },
	[NS_MNT] = { "mnt", CLONE_NEWNS },
	[NS_UTS] = { "uts", CLONE_NEWUTS },
	[NS_IPC] = { "ipc", CLONE_NEWIPC },
	[NS_NET] = { "net", CLONE_NEWNET },
	[NS_PID] = { "pid", CLONE_NEWPID },
	[NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP },
	[NS_TIME] = { "time", CLONE_NEWTIME },
};

static const char *
ns_type_name(int nstype)
{
	int t;

	for (t = 0; t < NS_COUNT; t++)
		if (ns_defs[t].flag == nstype)
			return ns_defs[t].name;
	return "unknown";
}

static int
open_ns(struct plan *p, enum ns_type t, char *msg, size_t len)
{
	const char *arg = p->o->ns[t],
	           *opt = option_name(OPT_NSENTER_FIRST + t);
	struct ns_file *n = &p->ns[t];
	char self[32];
	struct stat st, me;
	int fd, type;
	long long v;

	if (strncmp(arg, "fd:", 3) == 0) {
		if (num_parse(arg + 3, 0, INT_MAX, &v) != NULL)
			return errorf(msg, len, "--%s %s: not an fd", opt, arg);
		if (fcntl((int)v, F_GETFD) < 0)
			return errorf(msg, len, "--%s %s: %s", opt, arg,
			    errno_text(errno));
		fd = p->dry_run ? (int)v
		                : fcntl((int)v, F_DUPFD_CLOEXEC, p->own_min);
	} else {
		/* Never block on a FIFO or take a terminal as the ctty. */
		fd = open(arg, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	}
	if (fd < 0)
		return errorf(
		    msg, len, "--%s %s: %s", opt, arg, errno_text(errno));
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type < 0 || type != ns_defs[t].flag || fstat(fd, &st) < 0) {
		int err = errno;

		if (!(p->dry_run && strncmp(arg, "fd:", 3) == 0))
			close(fd);
		if (type < 0 && err == ENOTTY)
			return errorf(
			    msg, len, "--%s %s: not a namespace", opt, arg);
		if (type < 0)
			return errorf(
			    msg, len, "--%s %s: %s", opt, arg, errno_text(err));
		return errorf(msg, len, "--%s %s: a %s namespace, not a %s one",
		    opt, arg, ns_type_name(type), ns_defs[t].name);
	}
	n->ino = st.st_ino;
	n->dev = st.st_dev;
	fmt(self, sizeof(self), "/proc/self/ns/%s", ns_defs[t].name);
	n->already = stat(self, &me) == 0 && me.st_ino == st.st_ino &&
	             me.st_dev == st.st_dev;
	if (p->dry_run) {
		if (strncmp(arg, "fd:", 3) != 0)
			close(fd);
		n->fd = strncmp(arg, "fd:", 3) == 0 ? (int)v : -1;
		return 0;
	}
	n->fd = own_fd(p, fd);
	if (n->fd < 0)
		return errorf(msg, len, "--%s: %s", opt, errno_text(errno));
	return 0;
}

/*
 * Every namespace file opened and its type checked before any step (and
 * before the credentials are resolved: joining a user namespace changes
 * how the groups are set).
 */
int
ns_open_all(struct plan *p, char *msg, size_t len)
{
	int t;

	for (t = 0; t < NS_COUNT; t++) {
		p->ns[t].fd = -1;
		if (p->o->ns[t] != NULL && open_ns(p, t, msg, len) < 0)
			return -1;
	}
	return 0;
}

/* Is the namespace on fd owned by the user namespace with this inode? */
static int
owned_by(int fd, ino_t user_ino)
{
	struct stat st;
	int owner = ioctl(fd, NS_GET_USERNS), r;

	if (owner < 0)
		return 0;
	r = fstat(owner, &st) == 0 && st.st_ino == user_ino;
	close(owner);
	return r;
}

static int
add_ns_step(struct plan *p, enum ns_type t, char *msg, size_t len)
{
	const struct ns_file *n = &p->ns[t];
	struct step *s = add_step(p, STEP_NSENTER);

	if (s == NULL)
		return errorf(msg, len, "out of memory");
	s->u.ns.type = t;
	s->u.ns.path = p->o->ns[t];
	s->u.ns.ino = n->ino;
	s->u.ns.fd = n->fd;
	s->u.ns.nstype = ns_defs[t].flag;
	s->u.ns.already = n->already;
	s->u.ns.clear_groups = t == NS_USER && p->cred.join_userns;
	s->u.ns.detail = add_detail(p, p->o->ns[t]);
	if (s->u.ns.detail < 0)
		return errorf(msg, len, "out of memory");
	return 0;
}

/*
 * Step 8, with the files opened already. The user namespace goes first,
 * except namespaces owned by an outer user namespace: once in the new
 * user namespace spawn would lack the capability to join them, so they go
 * before it. A pid namespace takes effect for children only: the plan
 * forks right after this step.
 */
int
ns_add_steps(struct plan *p, char *msg, size_t len)
{
	int t, inner[NS_COUNT] = { 0 }, user = p->o->ns[NS_USER] != NULL;

	for (t = 0; t < NS_COUNT && user && !p->ns[NS_USER].already; t++) {
		int fd = p->ns[t].fd, mine = 0;

		if (t == NS_USER || p->o->ns[t] == NULL)
			continue;
		/* A dry run keeps no fd: open the file again to ask. */
		if (fd < 0) {
			fd = open(p->o->ns[t],
			    O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
			mine = 1;
		}
		inner[t] = fd >= 0 && owned_by(fd, p->ns[NS_USER].ino);
		if (mine && fd >= 0)
			close(fd);
	}
	/* Outer-owned namespaces, then the user one, then its own. */
	for (t = 0; t < NS_COUNT; t++)
		if (t != NS_USER && p->o->ns[t] != NULL && !inner[t] &&
		    add_ns_step(p, t, msg, len) < 0)
			return -1;
	if (user && add_ns_step(p, NS_USER, msg, len) < 0)
		return -1;
	for (t = 0; t < NS_COUNT; t++)
		if (t != NS_USER && p->o->ns[t] != NULL && inner[t] &&
		    add_ns_step(p, t, msg, len) < 0)
			return -1;
	return 0;
}
