/* ids.h: users and groups, resolved at plan time. */
#ifndef SPAWN_IDS_H
#define SPAWN_IDS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct passwd;
struct group;

/*
 * The user and group databases, reached through these pointers only, so
 * that a test (the fuzzer in tests/fuzz/) can put a fixed in-memory table
 * in their place. They are the libc functions unless a test changes them.
 */
struct ids_db {
	struct passwd *(*getpwnam)(const char *name);
	struct passwd *(*getpwuid)(uid_t uid);
	struct group *(*getgrnam)(const char *name);
	struct group *(*getgrgid)(gid_t gid);
	int (*getgrouplist)(
	    const char *user, gid_t group, gid_t *groups, int *ngroups);
};

extern struct ids_db ids_db;

struct user_info {
	gid_t gid; /* primary group */
	char *name;
	char *home;
};

int uid_resolve(
    const char *s, const char *opt, uid_t *out, char *msg, size_t len);
int gid_resolve(
    const char *s, const char *opt, gid_t *out, char *msg, size_t len);
int groups_resolve(const char *list, const char *opt, gid_t **out, size_t *n,
    char *msg, size_t len);
int user_lookup(uid_t uid, struct user_info *u);
void user_info_free(struct user_info *u);
int user_groups(const char *name, gid_t primary, gid_t **out, size_t *n);

#endif
