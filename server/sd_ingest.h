/*
 * sd_ingest — load local log files into slsd (`--ingest FILE[:LOGSTORE]`).
 *
 * The bytes go through lasm (proto/lasm.h: lines, the format sniffed from
 * the first lines, multi-line entries, Docker and CRI partial lines
 * joined) and each entry through lfmt_parse_any (proto/lfmt.h: JSON lines,
 * Docker json-file, Kubernetes CRI, logfmt, syslog, nginx/Apache
 * combined, plain text), the code `slsx put` runs too; an entry without a
 * time takes the previous entry's. The logs' topic is the format's name
 * (lfmt_topic), the source and the __path__ tag the file's path. An
 * index matching the fields is created with the logstore.
 */
#ifndef SLSX_SERVER_SD_INGEST_H
#define SLSX_SERVER_SD_INGEST_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct sd_store;

/* Load spec ("FILE" or "FILE:LOGSTORE") into project "local" (created if
 * missing). Returns logs written, -1 with a message in err. */
int64_t sd_ingest_file(struct sd_store *s, const char *spec, char *err, size_t errlen);

/* One source kept open to be followed (FILE, FILE.gz, "-" for standard
 * input; ":LOGSTORE" optional, "FILE:" none; "-" goes to logstore "stdin"):
 * open (creating the logstore), load what is there, then poll for what
 * is appended (sd_follow.h: rotation and truncation as `tail -F`). Read
 * in 64 KiB chunks; a partial last line waits for its newline while the
 * source is followed (follow 1), else it is an entry of its own; a
 * followed entry that may go on is held back a little (sd_ingest_set_hold). */
struct sd_ingest;
struct sd_ingest *sd_ingest_open(struct sd_store *s, const char *spec, char *err,
    size_t errlen);
/* The same into logstore as (NULL: the spec's name, else the file's). */
struct sd_ingest *sd_ingest_open_as(struct sd_store *s, const char *spec, const char *as,
    char *err, size_t errlen);

#define SD_INGEST_NAME 64
/* The logstore each of specs[0..n) goes to, distinct when named after
 * the files: a name two files would share (a/app.log, b/app.log: app)
 * gets each file's folder before it (a-app, b-app), then -2, -3 if still
 * shared. A name given (FILE:NAME) is kept as it is. */
void sd_ingest_names(const char *const *specs, int n, char (*out)[SD_INGEST_NAME]);
/* Before sd_ingest_load, for a plain file of at least 4 x bytes: its last
 * bytes (from a line that starts an entry) loaded first, so the newest
 * logs can be shown at once; the load from the start then passes over
 * them. Until that load ends, the engine answers queries of the logstore
 * Incomplete where rows may be missing (sq_set_loading). 1 done, 0 not
 * for this source (standard input, .gz, a small file), -1 with err. */
int sd_ingest_load_newest(struct sd_ingest *in, size_t bytes, char *err, size_t errlen);
/* A flag that, once set, ends a load early (slsd stopping). */
void sd_ingest_set_stop(struct sd_ingest *in, volatile sig_atomic_t *stop);
/* The initial load; logs written or -1 with err. */
int64_t sd_ingest_load(struct sd_ingest *in, int follow, char *err, size_t errlen);
/* What was appended since; logs written (0 none) or -1 with err. */
int64_t sd_ingest_poll(struct sd_ingest *in, char *err, size_t errlen);
/* How long (ms) an entry that may still go on (plain text, a partial
 * Docker or CRI line) waits in a poll for its continuation lines before
 * it is stored: 500 by default; 0 stores everything read at every poll. */
void sd_ingest_set_hold(struct sd_ingest *in, int ms);
/* on: a followed file being written when its first load ends (modified
 * within the hold) keeps its last entry back as the follower does, for
 * the lines that finish it (slsd --early, the UI's mode: a command on a
 * file just written sees every entry at once without it). */
void sd_ingest_set_hold_first(struct sd_ingest *in, int on);
/* 1 while more can come (a plain file, standard input before EOF). */
int sd_ingest_active(const struct sd_ingest *in);
/* 1 while the load's last entry is held (sd_ingest_set_hold_first): the
 * load is not over, and answers say Incomplete, until a poll stores it. */
int sd_ingest_settling(const struct sd_ingest *in);
/* The earliest and latest __time__ stored (0, 0 when none). */
void sd_ingest_span(const struct sd_ingest *in, time_t *from, time_t *to);
/* Called (in the loading thread) after each chunk read, by sd_ingest_load
 * and sd_ingest_poll; NULL: none. */
typedef void sd_ingest_read_fn(void *arg, const struct sd_ingest *in);
void sd_ingest_on_read(struct sd_ingest *in, sd_ingest_read_fn *fn, void *arg);
/* Bytes loaded: read from the source's start, and the part loaded first
 * (sd_ingest_load_newest) until it is passed over; the file's size (with
 * sd_ingest_load_newest; else the bytes); the logs stored so far. Read it
 * in the loading thread (or when no load runs). */
void sd_ingest_progress(const struct sd_ingest *in, uint64_t *bytes, uint64_t *total,
    int64_t *logs);
/* The logstore it goes to. */
const char *sd_ingest_logstore(const struct sd_ingest *in);
void sd_ingest_close(struct sd_ingest *in);

#endif
