/*
 * Linked into spawn-cov only (make coverage), with -Wl,--wrap=__gcov_dump
 * and -Wl,--wrap=_exit; not instrumented itself.
 *
 * libgcov writes a process's counters once: after __gcov_dump, later
 * dumps do nothing. spawn dumps before execve and before _exit (which
 * skip the atexit hook), so without these wrappers the lines that run
 * after a dump were never counted: a failed execve and the error report
 * after it, and everything a vfork-style parent does once its child
 * (sharing the counters' memory) has dumped them.
 *
 * Each dump is therefore followed by a reset, so the counters start again
 * from zero and can be written again; and _exit writes them once more.
 */

void __real___gcov_dump(void);
void __real__exit(int);
void __gcov_reset(void);

void
__wrap___gcov_dump(void)
{
	__real___gcov_dump();
	__gcov_reset();
}

void
__wrap__exit(int status)
{
	__wrap___gcov_dump();
	__real__exit(status);
}
