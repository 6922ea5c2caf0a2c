/*
 * optable.h: the one table of spawn's options (optable.def). It gives
 * getopt_long its array and short string, --help its text, and the tests
 * the list that the man page, the completions and the fuzzer's dictionary
 * are held against. All of it is made at compile time, with no pointer
 * beyond getopt_long's own names: each is a relocation at every start.
 */
#ifndef SPAWN_OPTABLE_H
#define SPAWN_OPTABLE_H

#include <getopt.h>
#include <stddef.h>

/* One id per option, above every short option letter; an alias
 * (--ignore-environment) shares the id of its option. */
enum opt_id {
	OPT_FIRST = 255,
#define OPT(name, letter, spec, arg, id, repeats, help) id,
#define ALIAS(name, arg, id)
#define HELP(text)
#include "optable.def"
#undef OPT
#undef ALIAS
#undef HELP
	OPT_END
};

#define OPT_NSENTER_FIRST OPT_NSENTER_USER /* + enum ns_type */

/* getopt_long's array (val: the option id) and short string. */
extern const struct option getopt_longs[];
extern const char getopt_shorts[];

/* For each entry of getopt_longs, in the same order. */
struct option_info {
	unsigned char letter;  /* the short option, or 0 */
	unsigned char repeats; /* may be given more than once */
};
extern const struct option_info option_info[];

/* --help, whole. */
extern const char help_text[];

/* The first long name of an option id, or "?". */
const char *option_name(int id);

/* Whether the option may be given more than once. */
int option_repeats(int id);

/* The option id of a short option letter, or 0. */
int option_of_letter(int letter);

#endif
