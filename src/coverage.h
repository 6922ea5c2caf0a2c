/*
 * coverage.h: the coverage build (make coverage) writes its counters
 * before exec and _exit, which skip the atexit hook gcov relies on.
 */
#ifndef SPAWN_COVERAGE_H
#define SPAWN_COVERAGE_H

#ifdef SPAWN_COVERAGE
void __gcov_dump(void);
#define COVERAGE_DUMP() __gcov_dump()
#else
#define COVERAGE_DUMP() ((void)0)
#endif

#endif
