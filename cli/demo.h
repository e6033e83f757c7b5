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

#define DEMO_MAX_FILES 64

/* slsd --early's load behind the UI: one entry per file whose older part
 * loads after its newest (its "progress", "loaded", "failed" lines). */
enum { DEMO_LOADING, DEMO_LOADED, DEMO_FAILED };
struct demo_load_file {
	char logstore[64];
	long long bytes, total;  /* read from its start, of its size */
	long long logs, ms;      /* loaded: logs from it, ms since slsd started */
	int state;               /* DEMO_LOADING ... */
};
struct demo_load {
	struct demo_load_file f[DEMO_MAX_FILES];
	int n;
};

struct demo {
	pid_t pid;
	int fd;              /* slsd's stdout, kept open while it runs */
	char dir[256];       /* temporary folder (data, keys, log) */
	char url[128];       /* http://127.0.0.1:PORT */
	char ak_id[128];
	char ak_secret[128];
	char logstore[64];   /* files: the first file's logstore */
	long long span_from, span_to; /* files: the time span of their logs */
	char rbuf[4096];     /* what was read of slsd's stdout past the last line */
	size_t rlen;
	struct demo_load load; /* files, --early: what loads behind */
};

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
/* One line of slsd's stdout (no newline) into l: 1 when it was a
 * "progress LS BYTES TOTAL", "loaded LS LOGS MS" or "failed LS" line (l
 * changed), 0 another line, -1 such a line malformed (or a 65th file),
 * which changes nothing. */
int demo_load_line(struct demo_load *l, const char *line);
/* Every file's figures summed (logs of the loaded ones, ms the latest);
 * 1 while a file still loads, else 0. failed: a file could not be loaded
 * whole. */
int demo_load_sum(const struct demo_load *l, long long *bytes, long long *total, long long *logs,
    long long *ms, int *failed);
/* Take what slsd wrote since on d->fd, never blocking: 1 when d->load
 * changed, 0 nothing new, -1 slsd's stdout is closed (no more). */
int demo_load_read(struct demo *d);
/* Why a load failed, or slsd stopped: slsd's last error line. */
void demo_load_why(const struct demo *d, char *err, size_t errlen);
/* Stop slsd, remove the folder, wipe the secret. */
void demo_stop(struct demo *d);

#endif
