/* The benchmark target: a static program that does nothing. */
int
main(void)
{
	return 0;
}
