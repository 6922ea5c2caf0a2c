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

	for (size_t i = 0; i < n_option_defs; i++) {
		const struct option_def *d = &option_defs[i];

		if (d->name == NULL)
			continue;
		printf("%s %s %c\n", d->name, args[d->arg],
		    d->letter != 0 ? d->letter : '-');
	}
	return 0;
}
