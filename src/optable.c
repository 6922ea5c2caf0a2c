/*
 * optable.c: the tables made from optable.def at compile time:
 * getopt_long's array and short string, what else each option needs, and
 * --help. A leading '-' in the short string returns each non-option word
 * as option 1, so NAME=VALUE words may stand among the options and the
 * first other word ends them, as a leading '+' would; ':' makes getopt
 * report a missing argument as ':' and print nothing.
 */
#include "optable.h"

const struct option getopt_longs[] = {
#define OPT(name, letter, spec, arg, id, repeats, help) { name, arg, NULL, id },
#define ALIAS(name, arg, id) { name, arg, NULL, id },
#define HELP(text)
#include "optable.def"
#undef OPT
#undef ALIAS
#undef HELP
	{ NULL, 0, NULL, 0 },
};

const struct option_info option_info[] = {
#define OPT(name, letter, spec, arg, id, repeats, help) { letter, repeats },
#define ALIAS(name, arg, id) { 0, 0 },
#define HELP(text)
#include "optable.def"
#undef OPT
#undef ALIAS
#undef HELP
};

const char getopt_shorts[] = "-:"
#define OPT(name, letter, spec, arg, id, repeats, help) spec
#define ALIAS(name, arg, id)
#define HELP(text)
#include "optable.def"
#undef OPT
#undef ALIAS
#undef HELP
    ;

const char help_text[] =
#define OPT(name, letter, spec, arg, id, repeats, help) help
#define ALIAS(name, arg, id)
#define HELP(text) text
#include "optable.def"
#undef OPT
#undef ALIAS
#undef HELP
    ;

static int
index_of(int id)
{
	for (int i = 0; getopt_longs[i].name != NULL; i++)
		if (getopt_longs[i].val == id)
			return i;
	return -1;
}

const char *
option_name(int id)
{
	int i = index_of(id);

	return i < 0 ? "?" : getopt_longs[i].name;
}

int
option_repeats(int id)
{
	int i = index_of(id);

	return i >= 0 && option_info[i].repeats;
}

int
option_of_letter(int letter)
{
	for (int i = 0; getopt_longs[i].name != NULL; i++)
		if (option_info[i].letter == letter)
			return getopt_longs[i].val;
	return 0;
}
