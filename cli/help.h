/*
 * help — `slsx COMMAND --help`, `slsx help COMMAND` and `slsx --version`
 * (see help.c).
 */
#ifndef SLSX_CLI_HELP_H
#define SLSX_CLI_HELP_H

#include <stdio.h>

/* That command's usage, options and examples on fp; -1 when there is no
 * such command. */
int help_command(FILE *fp, const char *name);
/* slsx's version and those of the libraries it runs with. */
void help_version(FILE *fp, const char *version);

#endif
