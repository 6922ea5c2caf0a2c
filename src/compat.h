/*
 * compat.h: what the libc or its kernel headers may lack. ./configure
 * writes config.h (HAVE_* of its probes, the version).
 */
#ifndef SPAWN_COMPAT_H
#define SPAWN_COMPAT_H

#include "config.h" /* written by ./configure, found through -I */

/* From linux/nsfs.h and linux/sched.h, which not every libc carries. */
#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(0xb7, 0x1)
#endif
#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE _IO(0xb7, 0x3)
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#endif
