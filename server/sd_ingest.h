/*
 * sd_ingest — load local log files into slsd (`--ingest FILE[:LOGSTORE]`).
 *
 * The format is sniffed from the first lines: JSON lines (fields from the
 * top-level keys; nested values as JSON text; time/timestamp/@timestamp/ts
 * become __time__ when parseable), nginx/Apache combined access logs
 * (remote_addr, remote_user, time_local, method, uri, protocol, status,
 * body_bytes_sent, http_referer, http_user_agent, request_time when
 * present), or plain text (field "content"; a leading ISO-8601, syslog,
 * [dd/Mon/yyyy:hh:mm:ss zone] or epoch timestamp becomes __time__, and an
 * entry without one takes the previous entry's time; lines that start with
 * whitespace continue the previous entry, so stack traces stay whole). Lines over 1 MiB are cut with a note; bytes are kept as
 * they are. An index matching the fields is created with the logstore.
 */
#ifndef SLSX_SERVER_SD_INGEST_H
#define SLSX_SERVER_SD_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct sd_store;
struct pb_page;

enum sd_fmt { SD_FMT_PLAIN, SD_FMT_JSON, SD_FMT_COMBINED };

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

#endif
