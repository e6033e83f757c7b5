/*
 * demo — `slsx --demo`: start a private slsd (the binary next to slsx)
 * with demo data on a free loopback port, a fresh key pair and a
 * temporary data folder (under $TMPDIR, else /tmp); stop it and remove
 * the folder on exit. `slsx FILE...` starts the same slsd with local files
 * instead of the demo data.
 */
#ifndef SLSX_CLI_DEMO_H
#define SLSX_CLI_DEMO_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

struct demo {
	pid_t pid;
	int fd;              /* slsd's stdout, kept open while it runs */
	char dir[256];       /* temporary folder (data, keys, log) */
	char url[128];       /* http://127.0.0.1:PORT */
	char ak_id[128];
	char ak_secret[128];
	char logstore[64];   /* files: the first file's logstore */
	long long span_from, span_to; /* files: the time span of their logs */
};

#define DEMO_MAX_FILES 64

/* Start slsd and wait until it listens (at most 60 s; when *stop turns
 * non-zero, a signal, it gives up at once). 0 ok, -1 with err, having
 * stopped slsd and removed the folder. */
int demo_start(struct demo *d, const char *argv0, volatile sig_atomic_t *stop, char *err,
    size_t errlen);
/* `slsx FILE...`: the same private slsd (no demo data, a fresh key pair
 * in its environment) with each file ingested and followed (--ingest
 * FILE --follow) into project local; "-" is standard input, which slsd
 * then reads. Waits until the files are loaded (a signal gives up), or
 * with early (the UI) only until their newest part is (slsd --early: the
 * rest loads behind, answers Incomplete meanwhile, which the UI asks
 * again). */
int demo_start_files(struct demo *d, const char *argv0, const char *const *files, int n,
    int early, volatile sig_atomic_t *stop, char *err, size_t errlen);
/* `slsd --version` of the slsd next to slsx, copied to fp (what the
 * demo's server runs with: SQLite, libmicrohttpd, ...); -1 when none. */
#include <stdio.h>
int demo_slsd_version(const char *argv0, FILE *fp);
/* Stop slsd, remove the folder, wipe the secret. */
void demo_stop(struct demo *d);

#endif
