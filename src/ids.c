/*
 * ids.c: users and groups, resolved at plan time.
 *
 * Ids are names or numbers; numbers are parsed strictly (0 to 4294967294:
 * -1 means "unchanged" to setresuid, so 4294967295 is refused, as are
 * blanks, signs and anything that overflows). Names go through the user
 * and group databases of spawn's own root, before any step runs.
 */
#define _GNU_SOURCE 1
#include "compat.h"
#include "ids.h"
#include "arena.h"
#include "fmt.h"
#include "num.h"

#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ids_db ids_db = {
	getpwnam,
	getpwuid,
	getgrnam,
	getgrgid,
	getgrouplist,
};

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A number id, strictly; 1 when s is one, 0 when it is a name, -1 bad. */
static int
id_number(const char *s, unsigned *out)
{
	long long v;

	if (!all_digits(s))
		return 0;
	if (num_parse(s, 0, 4294967294LL, &v) != NULL)
		return -1;
	*out = (unsigned)v;
	return 1;
}

/*
 * A uid (is_group 0) or gid (1): a strict number, else a name looked up
 * in the user or group database.
 */
static int
id_resolve(const char *s, const char *opt, int is_group, unsigned *out,
    char *msg, size_t len)
{
	const char *what = is_group ? "group" : "user";
	unsigned v;
	int r = id_number(s, &v);

	if (r > 0) {
		*out = v;
		return 0;
	}
	if (r < 0)
		return errorf(msg, len, "%s '%s': not a %cid (0 to 4294967294)",
		    opt, s, is_group ? 'g' : 'u');
	if (*s == '\0' || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return errorf(msg, len, "%s '%s': not a %s name or %cid", opt,
		    s, what, is_group ? 'g' : 'u');
	if (is_group) {
		struct group *gr = ids_db.getgrnam(s);

		if (gr != NULL) {
			*out = gr->gr_gid;
			return 0;
		}
	} else {
		struct passwd *pw = ids_db.getpwnam(s);

		if (pw != NULL) {
			*out = pw->pw_uid;
			return 0;
		}
	}
	return errorf(msg, len, "%s '%s': no such %s", opt, s, what);
}

int
uid_resolve(const char *s, const char *opt, uid_t *out, char *msg, size_t len)
{
	unsigned v;

	if (id_resolve(s, opt, 0, &v, msg, len) < 0)
		return -1;
	*out = v;
	return 0;
}

int
gid_resolve(const char *s, const char *opt, gid_t *out, char *msg, size_t len)
{
	unsigned v;

	if (id_resolve(s, opt, 1, &v, msg, len) < 0)
		return -1;
	*out = v;
	return 0;
}

int
groups_resolve(const char *list, const char *opt, gid_t **out, size_t *n,
    char *msg, size_t len)
{
	const char *p = list;
	gid_t *g = NULL, *ng;
	size_t k = 0;

	if (*list == '\0')
		return errorf(msg, len, "%s: empty list", opt);
	for (;;) {
		const char *end = strchr(p, ',');
		size_t l = end ? (size_t)(end - p) : strlen(p);
		char *item = mem_strndup(p, l);
		gid_t gid;

		if (item == NULL) {
			mem_free(g);
			return errorf(msg, len, "out of memory");
		}
		if (l == 0) {
			mem_free(item);
			mem_free(g);
			return errorf(msg, len,
			    "%s '%s': empty item in the list", opt, list);
		}
		if (gid_resolve(item, opt, &gid, msg, len) < 0) {
			mem_free(item);
			mem_free(g);
			return -1;
		}
		mem_free(item);
		ng = mem_realloc(g, (k + 1) * sizeof(*g));
		if (ng == NULL) {
			mem_free(g);
			return errorf(msg, len, "out of memory");
		}
		g = ng;
		g[k++] = gid;
		if (end == NULL)
			break;
		p = end + 1;
	}
	*out = g;
	*n = k;
	return 0;
}

int
user_lookup(uid_t uid, struct user_info *u)
{
	struct passwd *pw = ids_db.getpwuid(uid);

	memset(u, 0, sizeof(*u));
	if (pw == NULL)
		return -1;
	u->gid = pw->pw_gid;
	u->name = mem_strdup(pw->pw_name);
	u->home = mem_strdup(pw->pw_dir);
	if (u->name == NULL || u->home == NULL) {
		user_info_free(u);
		return -1;
	}
	return 0;
}

void
user_info_free(struct user_info *u)
{
	mem_free(u->name);
	mem_free(u->home);
	u->name = u->home = NULL;
}

int
user_groups(const char *name, gid_t primary, gid_t **out, size_t *n)
{
	int cnt = 16;
	gid_t *g = NULL;

	for (;;) {
		gid_t *ng = mem_realloc(g, (size_t)cnt * sizeof(*g));
		int want = cnt;

		if (ng == NULL) {
			mem_free(g);
			return -1;
		}
		g = ng;
		if (ids_db.getgrouplist(name, primary, g, &want) >= 0) {
			*out = g;
			*n = (size_t)want;
			return 0;
		}
		if (want <= cnt)
			want = cnt * 2;
		cnt = want;
		if (cnt > 65536) {
			mem_free(g);
			return -1;
		}
	}
}
