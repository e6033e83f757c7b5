/*
 * lfmt — the log line formats slsd's --ingest and `slsx put` find without
 * configuration, shared by the server and the client (so a file lands
 * with the same fields in slsd and in SLS): JSON lines (fields from the
 * top-level keys; nested values as JSON text; time/timestamp/@timestamp/ts
 * the __time__ when parseable), Docker json-file lines (log without its
 * newline, stream, time; the fields of log when it is JSON), Kubernetes
 * CRI lines (containerd, CRI-O: "TIME STREAM F|P MESSAGE": stream,
 * content, time with its nanoseconds; the fields of a JSON message),
 * logfmt, syslog RFC 3164/5424 (lfmt_fmt.h), nginx/Apache combined access
 * logs (remote_addr, remote_user, time_local, method, uri, protocol,
 * status, body_bytes_sent, http_referer, http_user_agent, request_time
 * when present), or plain text (field "content"; a leading ISO-8601,
 * syslog, [dd/Mon/yyyy:hh:mm:ss zone] or epoch timestamp is the time).
 * Joining lines into entries (multi-line text, partial lines) is lasm.h's.
 */
#ifndef SLSX_PROTO_LFMT_H
#define SLSX_PROTO_LFMT_H

#include <stddef.h>
#include <time.h>

struct pb_page;

enum lfmt { LFMT_PLAIN, LFMT_JSON, LFMT_COMBINED, LFMT_LOGFMT, LFMT_SYSLOG, LFMT_DOCKER,
	LFMT_CRI, LFMT_COUNT };

/* Which format these sample lines look like (the one most of them have). */
enum lfmt lfmt_sniff(const char *const *lines, size_t n);
/* Parse one entry into a new log of the last group of pg (fallback time
 * when none is found). 0 ok, -1 when the line does not fit the format. */
int lfmt_parse(enum lfmt fmt, const char *line, size_t len, time_t fallback,
    struct pb_page *pg);
/* lfmt_parse, and when the entry does not fit fmt, plain text; in plain
 * text a JSON object is its fields (as `slsx put` always did). */
void lfmt_parse_any(enum lfmt fmt, const char *line, size_t len, time_t fallback,
    struct pb_page *pg);
/* A leading timestamp of s; its length in *used; -1 when none. */
time_t lfmt_time(const char *s, size_t len, size_t *used);
/* The topic slsd gives a format's logs: text, json, access, logfmt,
 * syslog, docker, cri. */
const char *lfmt_topic(enum lfmt fmt);

#endif
