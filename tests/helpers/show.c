/*
 * show: a static witness for tests that run inside a prepared root (no
 * libc there). Prints what it was asked for, one item per line:
 *   show cwd          the working directory
 *   show up           chdir("..") twice, then the working directory
 *   show argv ...     each argv element as [element]
 *   show env          each environment entry
 *   show umask        the umask in octal
 *   show fds          the open fds, one per line (not the one reading)
 *   show stat         pid ppid pgrp session, from /proc/self/stat
 *   show ids          "r e s / r e s / groups" of uids, gids, groups
 *   show write1       write one byte to fd 1; on failure print the error
 *                     to fd 2 and exit 1
 *   show dupenv PROG ARG...  exec PROG with the environment plus DUP=one,
 *                     DUP=two and NOEQUALS (duplicates and a bare entry)
 *   show argc0 PROG   exec PROG with an empty argv (argc == 0)
 *   show clean PROG ARG...  exec PROG with every signal at its default
 *                     action and an empty mask (a known caller state)
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

int
main(int argc, char **argv)
{
	char buf[4096];
	int i;

	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "dupenv") == 0 && argc > 2) {
		static char *env[256];
		int n = 0;

		for (i = 0; environ[i] != NULL && n < 250; i++)
			env[n++] = environ[i];
		env[n++] = "DUP=one";
		env[n++] = "NOEQUALS";
		env[n++] = "DUP=two";
		env[n] = NULL;
		execve(argv[2], argv + 2, env);
		return 127;
	}
	if (strcmp(argv[1], "clean") == 0 && argc > 2) {
		/* Raw calls: libc refuses its reserved signals 32 and 33,
		 * which make(1), for one, passes on ignored. */
		struct {
			void *handler;
			unsigned long flags;
			void *restorer;
			unsigned long long mask;
		} dfl = { SIG_DFL, 0, NULL, 0 };
		unsigned long long none = 0;
		int sig;

		for (sig = 1; sig <= 64; sig++)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, 8);
		syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
		execvp(argv[2], argv + 2);
		return 127;
	}
	if (strcmp(argv[1], "argc0") == 0 && argc > 2) {
		char *none[] = {NULL};

		execve(argv[2], none, environ);
		return 127;
	}
	if (strcmp(argv[1], "up") == 0) {
		if (chdir("..") != 0 || chdir("..") != 0)
			return 3;
	}
	if (strcmp(argv[1], "cwd") == 0 || strcmp(argv[1], "up") == 0) {
		if (getcwd(buf, sizeof(buf)) == NULL)
			return 4;
		printf("%s\n", buf);
	} else if (strcmp(argv[1], "argv") == 0) {
		for (i = 0; i < argc; i++)
			printf("[%s]\n", argv[i]);
	} else if (strcmp(argv[1], "env") == 0) {
		for (i = 0; environ[i] != NULL; i++)
			printf("%s\n", environ[i]);
	} else if (strcmp(argv[1], "umask") == 0) {
		mode_t m = umask(0);

		printf("%04o\n", (unsigned)m);
	} else if (strcmp(argv[1], "fds") == 0) {
		DIR *d = opendir("/proc/self/fd");
		struct dirent *de;
		int fd;

		if (d == NULL) {
			/* No /proc (a bare root): ask fd by fd. */
			for (fd = 0; fd < 4096; fd++)
				if (fcntl(fd, F_GETFD) >= 0)
					printf("%d\n", fd);
			return 0;
		}
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' && atoi(de->d_name) != dirfd(d))
				printf("%s\n", de->d_name);
		closedir(d);
	} else if (strcmp(argv[1], "ids") == 0) {
		uid_t r, e, s;
		gid_t rg, eg, sg, g[256];
		int n = getgroups(256, g);

		getresuid(&r, &e, &s);
		getresgid(&rg, &eg, &sg);
		printf("%u %u %u / %u %u %u /", r, e, s, rg, eg, sg);
		for (i = 0; i < n; i++)
			printf(" %u", g[i]);
		printf("\n");
	} else if (strcmp(argv[1], "write1") == 0) {
		if (write(1, "x", 1) != 1) {
			fprintf(stderr, "write: %s\n", strerror(errno));
			return 1;
		}
	} else if (strcmp(argv[1], "stat") == 0) {
		FILE *f = fopen("/proc/self/stat", "r");
		int pid, ppid, pgrp, sid;

		if (f == NULL || fscanf(f, "%d (%*[^)]) %*c %d %d %d", &pid,
		    &ppid, &pgrp, &sid) != 4)
			return 4;
		printf("%d %d %d %d\n", pid, ppid, pgrp, sid);
	} else {
		return 2;
	}
	return 0;
}
