/*
 * optnames: the option table as the tests read it, one option a line:
 * "NAME ARG LETTER" (ARG: no, required or optional; LETTER: the short
 * option, or -). tests/options.bats holds --help, the man page, the three
 * completions and the fuzzer's dictionary against it.
 */
#include "../src/optable.h"

#include <getopt.h>
#include <stdio.h>

int
main(void)
{
	static const char *const args[] = { "no", "required", "optional" };

	for (int i = 0; getopt_longs[i].name != NULL; i++)
		printf("%s %s %c\n", getopt_longs[i].name,
		    args[getopt_longs[i].has_arg],
		    option_info[i].letter != 0 ? option_info[i].letter : '-');
	return 0;
}
