/*
 * sd_ingest — load local log files into slsd (`--ingest FILE[:LOGSTORE]`).
 *
 * The format is sniffed from the first lines (the one most of them have):
 * JSON lines (fields from the top-level keys; nested values as JSON text;
 * time/timestamp/@timestamp/ts become __time__ when parseable), Docker and
 * Kubernetes json-file lines (log without its newline, stream, time; the
 * fields of log when it is JSON), logfmt, syslog RFC 3164 (with or without
 * <PRI>) and RFC 5424 (sd_ingest_fmt.h), nginx/Apache combined access logs
 * (remote_addr, remote_user, time_local, method, uri, protocol, status,
 * body_bytes_sent, http_referer, http_user_agent, request_time when
 * present), or plain text (field "content"; a leading ISO-8601, syslog,
 * [dd/Mon/yyyy:hh:mm:ss zone] or epoch timestamp becomes __time__, and an
 * entry without one takes the previous entry's time; lines that start with
 * whitespace continue the previous entry, so stack traces stay whole; when
 * the first line has a leading timestamp, so does every line without
 * one). Lines over 1 MiB are cut with a note; bytes are kept as they are. An index matching the fields is created with the logstore.
 */
#ifndef SLSX_SERVER_SD_INGEST_H
#define SLSX_SERVER_SD_INGEST_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct sd_store;
struct pb_page;

enum sd_fmt { SD_FMT_PLAIN, SD_FMT_JSON, SD_FMT_COMBINED, SD_FMT_LOGFMT, SD_FMT_SYSLOG,
	SD_FMT_DOCKER, SD_FMT_COUNT };

/* Which format these sample lines look like. */
enum sd_fmt sd_ingest_sniff(const char *const *lines, size_t n);
/* Parse one entry into a new log of the last group of pg (fallback time
 * when none is found). 0 ok, -1 when the line does not fit the format
 * (the caller then stores it as plain text). */
int sd_ingest_parse(enum sd_fmt fmt, const char *line, size_t len, time_t fallback,
    struct pb_page *pg);
/* A leading timestamp of s; its length in *used; -1 when none. */
time_t sd_ingest_time(const char *s, size_t len, size_t *used);

/* Load spec ("FILE" or "FILE:LOGSTORE") into project "local" (created if
 * missing). Returns logs written, -1 with a message in err. */
int64_t sd_ingest_file(struct sd_store *s, const char *spec, char *err, size_t errlen);

/* One source kept open to be followed (FILE, FILE.gz, "-" for standard
 * input; ":LOGSTORE" optional, "FILE:" none; "-" goes to logstore "stdin"):
 * open (creating the logstore), load what is there, then poll for what
 * is appended (sd_follow.h: rotation and truncation as `tail -F`). Read
 * in 64 KiB chunks; a partial last line waits for its newline while the
 * source is followed (follow 1), else it is an entry of its own. */
struct sd_ingest;
struct sd_ingest *sd_ingest_open(struct sd_store *s, const char *spec, char *err,
    size_t errlen);
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
/* 1 while more can come (a plain file, standard input before EOF). */
int sd_ingest_active(const struct sd_ingest *in);
/* The earliest and latest __time__ stored (0, 0 when none). */
void sd_ingest_span(const struct sd_ingest *in, time_t *from, time_t *to);
/* The logstore it goes to. */
const char *sd_ingest_logstore(const struct sd_ingest *in);
void sd_ingest_close(struct sd_ingest *in);

#endif
