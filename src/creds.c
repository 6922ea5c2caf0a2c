/*
 * creds.c: credentials. Every user and group name and number is resolved
 * here, in spawn's own root, before any step; the target ids and groups
 * are computed by the rules of the man page (Identity): groups are always
 * set when an id changes, the caller's never leak; the steps of step 15
 * (groups, gid, uid, caps and the check) are built from the result, and
 * the warnings of a drop are given.
 */
#define _GNU_SOURCE 1
#include "creds.h"
#include "arena.h"
#include "build.h"
#include "fdplan.h"
#include "fmt.h"
#include "ids.h"
#include "num.h"
#include "options.h"
#include "procstat.h"
#include "sbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* What the resolve gathers before it becomes the plan's. */
struct cred_work {
	struct user_info ui; /* --user's database entry, if it has one */
	gid_t *groups;       /* the groups so far */
	size_t n_groups;
	int user_groups; /* the groups are --user's */
	int ids;         /* an id option sets an id */
	uid_t caller_euid;
};

static void
work_free(struct cred_work *w)
{
	mem_free(w->groups);
	w->groups = NULL;
	user_info_free(&w->ui);
}

/* --user USER[:GROUP]: uid, gid, and the groups (the user's, or GROUP). */
static int
creds_user(struct plan *p, struct cred_work *w, char *msg, size_t len)
{
	const char *user = p->o->user, *colon = strchr(user, ':');
	struct creds *c = &p->cred;
	char *u =
	    mem_strndup(user, colon ? (size_t)(colon - user) : strlen(user));
	uid_t uid;
	gid_t gid;
	int r = 0;

	if (u == NULL)
		return errorf(msg, len, "out of memory");
	if (*u != '\0') {
		r = uid_resolve(u, "--user", &uid, msg, len);
		if (r == 0) {
			c->ruid = c->euid = c->suid = uid;
			c->set_uid = w->ids = 1;
			if (user_lookup(uid, &w->ui) < 0 &&
			    (colon == NULL || colon[1] == '\0'))
				r = errorf(msg, len,
				    "--user %s: uid %u has no user database "
				    "entry: give its group too (--user "
				    "%u:GROUP)",
				    user, (unsigned)uid, (unsigned)uid);
		}
	}
	mem_free(u);
	if (r < 0)
		return -1;
	if (colon != NULL && colon[1] != '\0') {
		if (gid_resolve(colon + 1, "--user", &gid, msg, len) < 0)
			return -1;
		w->groups = mem_alloc(sizeof(*w->groups));
		if (w->groups == NULL)
			return errorf(msg, len, "out of memory");
		w->groups[0] = gid;
		w->n_groups = 1;
	} else if (w->ui.name != NULL) {
		gid = w->ui.gid;
		if (user_groups(
		        w->ui.name, w->ui.gid, &w->groups, &w->n_groups) < 0)
			return errorf(msg, len,
			    "--user %s: cannot read its groups", user);
	} else {
		return errorf(msg, len, "--user '%s': no user given", user);
	}
	c->rgid = c->egid = c->sgid = gid;
	c->set_gid = w->ids = 1;
	w->user_groups = 1;
	return 0;
}

/*
 * --uid, --ruid, --euid, --gid, --rgid, --egid: each sets the ids it
 * names, later ones over earlier ones (uid_t and gid_t are one type).
 * After --nsenter-user with none of them (nor --user), uid and gid 0
 * inside, as nsenter(1) does.
 */
static int
creds_ids(struct plan *p, struct cred_work *w, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct creds *c = &p->cred;
	const struct {
		const char *val, *opt;
		int group;
		uid_t *set[3];
	} idopts[] = {
		{ o->uid, "--uid", 0, { &c->ruid, &c->euid, &c->suid } },
		{ o->ruid, "--ruid", 0, { &c->ruid } },
		{ o->euid, "--euid", 0, { &c->euid } },
		{ o->gid, "--gid", 1, { &c->rgid, &c->egid, &c->sgid } },
		{ o->rgid, "--rgid", 1, { &c->rgid } },
		{ o->egid, "--egid", 1, { &c->egid } },
	};

	for (size_t k = 0; k < sizeof(idopts) / sizeof(idopts[0]); k++) {
		uid_t id;

		if (idopts[k].val == NULL)
			continue;
		if ((idopts[k].group ? gid_resolve(idopts[k].val, idopts[k].opt,
		                           &id, msg, len)
		                     : uid_resolve(idopts[k].val, idopts[k].opt,
		                           &id, msg, len)) < 0)
			return -1;
		for (size_t j = 0; j < 3 && idopts[k].set[j] != NULL; j++)
			*idopts[k].set[j] = id;
		*(idopts[k].group ? &c->set_gid : &c->set_uid) = 1;
		w->ids = 1;
	}
	if (o->ns[NS_USER] != NULL && !w->ids) {
		c->ruid = c->euid = c->suid = 0;
		c->rgid = c->egid = c->sgid = 0;
		c->set_uid = c->set_gid = w->ids = 1;
	}
	return 0;
}

/* The groups that stay where spawn's user namespace denies setgroups. */
static int
caller_groups(struct cred_work *w, char *msg, size_t len)
{
	int n;

	mem_free(w->groups);
	n = getgroups(0, NULL);
	w->groups = n < 0 ? NULL : mem_calloc((size_t)n + 1, sizeof(gid_t));
	if (w->groups == NULL || (n = getgroups(n, w->groups)) < 0)
		return errorf(msg, len, "groups: %s", errno_text(errno));
	w->n_groups = (size_t)n;
	return 0;
}

/*
 * The supplementary groups: the option, else the user's, else none,
 * whenever an id changes. Then the user namespace's rules.
 */
static int
creds_groups(struct plan *p, struct cred_work *w, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct creds *c = &p->cred;
	int option = o->groups != NULL || o->clear_groups || o->init_groups;

	if (option || (w->ids && !w->user_groups)) {
		mem_free(w->groups);
		w->groups = NULL;
		w->n_groups = 0;
	}
	if (o->groups != NULL && groups_resolve(o->groups, "--groups",
	                             &w->groups, &w->n_groups, msg, len) < 0)
		return -1;
	if (o->init_groups) {
		struct user_info ti;
		int r;

		if (user_lookup(c->ruid, &ti) < 0)
			return errorf(msg, len,
			    "--init-groups: uid %u has no user database entry",
			    (unsigned)c->ruid);
		r = user_groups(ti.name, ti.gid, &w->groups, &w->n_groups);
		user_info_free(&ti);
		if (r < 0)
			return errorf(
			    msg, len, "--init-groups: cannot read the groups");
	}
	c->set_groups = option || w->ids;
	/*
	 * Joining another user namespace: whether it allows setgroups cannot
	 * be read from here, and where it denies it nothing inside can change
	 * the groups. So the groups are cleared before the join (step 8),
	 * while the caller's namespace may still allow it, and set after it
	 * (step 15), where an empty list may then be left as it is (as
	 * nsenter(1) does) but any other list must be set.
	 */
	c->join_userns =
	    c->set_groups && o->ns[NS_USER] != NULL && !p->ns[NS_USER].already;
	if (c->set_groups && !c->join_userns && proc_setgroups_allowed() == 0) {
		if (option)
			return errorf(msg, len,
			    "groups: this user namespace denies setgroups "
			    "(/proc/self/setgroups), so the group option "
			    "cannot be met");
		/*
		 * Nothing can change them here: the groups the caller has
		 * are the plan's, and the check after the drop holds the
		 * program to them.
		 */
		c->groups_denied = 1;
		if (caller_groups(w, msg, len) < 0)
			return -1;
	}
	id_sort(w->groups, w->n_groups);
	c->check_buf = mem_calloc(w->n_groups + 1, sizeof(*c->check_buf));
	if (c->check_buf == NULL)
		return errorf(msg, len, "out of memory");
	c->groups = w->groups;
	c->n_groups = w->n_groups;
	w->groups = NULL;
	return 0;
}

/* --set-home: HOME, USER and LOGNAME from --user's database entry. */
static int
creds_home(struct plan *p, struct cred_work *w, char *msg, size_t len)
{
	static const char *const fmts[3] = { "HOME=%s", "USER=%s",
		"LOGNAME=%s" };

	if (!p->o->set_home)
		return 0;
	if (w->ui.name == NULL)
		return errorf(msg, len,
		    "--set-home: --user %s names no user database entry",
		    p->o->user);
	for (int i = 0; i < 3; i++) {
		struct sbuf b = { 0 };

		sb_addf(&b, fmts[i], i == 0 ? w->ui.home : w->ui.name);
		if ((p->home_env[i] = sb_take(&b)) == NULL)
			return errorf(msg, len, "out of memory");
	}
	return 0;
}

/*
 * Is dev a terminal: a virtual console or serial port (major 4), /dev/tty
 * or /dev/console (5), a pseudo-terminal (3, the old kind; 136 to 143)?
 */
static int
is_terminal_dev(dev_t dev)
{
	unsigned m = major(dev);

	return m == 3 || m == 4 || (m == 5 && minor(dev) <= 1) ||
	       (m >= 136 && m <= 143);
}

/* Will the program hold a terminal on this fd? */
static int
act_is_terminal(const struct plan *p, const struct fd_action *a)
{
	struct stat st;

	switch (a->kind) {
	case FD_INHERIT:
		return isatty(a->src);
	case FD_OPEN:
		/* Judged by stat now, in spawn's root, without opening. */
		return stat(a->path, &st) == 0 && S_ISCHR(st.st_mode) &&
		       is_terminal_dev(st.st_rdev);
	case FD_COPY:
		a = find_act(p, a->src);
		return a != NULL && a->kind != FD_COPY && act_is_terminal(p, a);
	default:
		return 0;
	}
}

/*
 * The TIOCSTI warning of a drop without --new-session: every fd the
 * program will hold that is a terminal, inherited, opened or copied.
 */
static void
warn_terminals(struct plan *p)
{
	struct sbuf b = { 0 };
	size_t i;
	int n = 0, last = -1;

	for (i = 0; i < p->n_acts; i++) {
		if (!act_is_terminal(p, &p->acts[i]))
			continue;
		if (last >= 0)
			sb_addf(&b, "%s%d", n > 1 ? ", " : "", last);
		last = p->acts[i].fd;
		n++;
	}
	if (n == 1)
		plan_warn(p,
		    "fd %d is a terminal shared with the caller: after the "
		    "privilege drop the program can push input into it "
		    "(TIOCSTI); use --new-session",
		    last);
	else if (n > 1)
		plan_warn(p,
		    "fds %s and %d are terminals shared with the caller: "
		    "after the privilege drop the program can push input "
		    "into them (TIOCSTI); use --new-session",
		    b.s != NULL ? b.s : "", last);
	mem_free(b.s);
}

/* The warnings of Identity in the man page. */
static void
creds_warnings(struct plan *p, const struct cred_work *w)
{
	const struct opts *o = p->o;
	const struct creds *c = &p->cred;

	if (o->uid != NULL && o->gid == NULL && c->ruid != 0 &&
	    (c->rgid == 0 || c->egid == 0 || c->sgid == 0))
		plan_warn(p,
		    "--uid without --gid leaves gid 0 under uid %u; add --gid",
		    (unsigned)c->ruid);
	if ((o->ruid != NULL || o->euid != NULL) && o->uid == NULL &&
	    (c->ruid == 0 || c->euid == 0))
		plan_warn(p,
		    "%s leaves a uid 0, so it is no privilege drop: a real "
		    "or effective uid 0 regains every capability at exec",
		    o->ruid != NULL && o->euid != NULL ? "--ruid with --euid"
		    : o->ruid != NULL                  ? "--ruid"
		                                       : "--euid");
	if (c->drop_caps && w->caller_euid == 0 && !o->new_session)
		warn_terminals(p);
}

int
creds_resolve(struct plan *p, char *msg, size_t len)
{
	const struct opts *o = p->o;
	struct creds *c = &p->cred;
	struct cred_work w = { 0 };
	uid_t r, e, s;
	gid_t rg, eg, sg;

	/* Without an identity option nothing here is used: no calls. */
	if (o->user == NULL && o->uid == NULL && o->ruid == NULL &&
	    o->euid == NULL && o->gid == NULL && o->rgid == NULL &&
	    o->egid == NULL && o->groups == NULL && !o->clear_groups &&
	    !o->init_groups && !o->reset_ids && !o->set_home &&
	    !o->have_keep_caps && o->ns[NS_USER] == NULL)
		return 0;
	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return errorf(msg, len, "uid: %s", errno_text(errno));
	p->real_uid = r;
	p->real_gid = rg;
	if (o->reset_ids) {
		e = r;
		eg = rg;
	}
	w.caller_euid = e; /* as step 6 leaves it */
	c->ruid = r, c->euid = e, c->suid = s;
	c->rgid = rg, c->egid = eg, c->sgid = sg;
	if ((o->user != NULL && creds_user(p, &w, msg, len) < 0) ||
	    creds_ids(p, &w, msg, len) < 0 ||
	    creds_groups(p, &w, msg, len) < 0 ||
	    creds_home(p, &w, msg, len) < 0) {
		work_free(&w);
		return -1;
	}
	c->keep = o->have_keep_caps;
	c->keep_caps = o->keep_caps;
	/*
	 * execve copies the effective uid into the saved one, so the program
	 * ends with no uid 0 when the real and effective ones are non-zero.
	 */
	c->drop_caps = c->set_uid && c->ruid != 0 && c->euid != 0;
	if (o->have_keep_caps && !c->drop_caps) {
		work_free(&w);
		return errorf(msg, len,
		    "--keep-caps needs a drop to non-zero uids (real and "
		    "effective)");
	}
	creds_warnings(p, &w);
	work_free(&w);
	return 0;
}

/* Step 15: groups, then gids, then uids, then the caps and the check. */
int
creds_add_steps(struct plan *p, char *msg, size_t len)
{
	struct creds *c = &p->cred;
	static const enum step_id ids[] = { STEP_GROUPS, STEP_GID, STEP_UID,
		STEP_CAPS };
	int want[] = { c->set_groups, c->set_gid, c->set_uid,
		c->set_groups || c->set_gid || c->set_uid };

	if (c->set_groups) {
		c->detail_groups = add_detail(p, "supplementary groups");
		c->detail_groups_denied = add_detail(p,
		    "this user namespace denies setgroups: after joining it "
		    "only an empty list (--clear-groups) can be met");
		c->detail_groups_cleared = add_detail(p,
		    "the supplementary groups could be cleared neither before "
		    "nor after joining the user namespace");
	}
	if (c->set_gid)
		c->detail_gid = add_detailf(p, "%u:%u:%u", (unsigned)c->rgid,
		    (unsigned)c->egid, (unsigned)c->sgid);
	if (c->set_uid)
		c->detail_uid = add_detailf(p, "%u:%u:%u", (unsigned)c->ruid,
		    (unsigned)c->euid, (unsigned)c->suid);
	if (want[3])
		c->detail_caps = add_detail(p, "after the change, the "
		                               "credentials differ from the "
		                               "plan");
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct step *s;

		if (!want[i])
			continue;
		if ((s = add_step(p, ids[i])) == NULL)
			return errorf(msg, len, "out of memory");
		s->u.cred = c;
	}
	return 0;
}
