/*
 * main.c — lumbung's entry point. Everything a command line needs is
 * the dispatcher's (dispatch.c), over the one registry (registry.c).
 */
#include "cli/commands.h"

int main(int argc, char **argv)
{
	return lb_dispatch(argc, argv);
}
