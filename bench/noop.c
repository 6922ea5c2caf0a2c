/*
 * The reference launcher for make bench: a dynamic program that execs its
 * arguments and does nothing else, the floor for any dynamic launcher.
 */
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 2)
		return 125;
	execv(argv[1], argv + 1);
	return 127;
}
