/*
 * sd_ingest_fmt — the structured line formats of sd_ingest: JSON lines
 * (Docker/Kubernetes json-file lines among them), logfmt, and syslog
 * (RFC 3164, with or without <PRI>, and RFC 5424). Each parses one line
 * into a new log of pg's last group: 0, or -1 (nothing added) when the
 * line does not have the format. Bytes are bounded by len (NULs allowed).
 */
#ifndef SLSX_SERVER_SD_INGEST_FMT_H
#define SLSX_SERVER_SD_INGEST_FMT_H

#include <stddef.h>
#include <time.h>

struct pb_page;

/* A JSON object: fields from the top-level keys (nested values as JSON
 * text); time/timestamp/@timestamp/ts the time. A Docker line ({"log":
 * "...\n", "stream": ..., "time": ...}) gives log without its newline,
 * stream, and, when log is itself a JSON object, its fields too. *docker
 * (may be NULL) says which it was. */
int sd_ingest_fmt_json(const char *s, size_t len, time_t fallback, struct pb_page *pg,
    int *docker);
/* key=value key2="quoted \"value\"" ... (at least two pairs, every token
 * a pair; a leading timestamp allowed); time/ts/timestamp/t the time. */
int sd_ingest_fmt_logfmt(const char *s, size_t len, time_t fallback, struct pb_page *pg);
/* <34>Oct 11 22:14:15 host app[123]: msg (the <PRI> optional; an ISO
 * time allowed) or <165>1 2003-10-11T22:14:15.003Z host app 123 ID47
 * [sd k="v"] msg: fields facility, severity (with <PRI>), host, app,
 * pid, msgid, structured_data (and each SD parameter), message. */
int sd_ingest_fmt_syslog(const char *s, size_t len, time_t fallback, struct pb_page *pg);

#endif
