/*
 * lfmt_fmt — the structured line formats of lfmt: JSON lines (Docker
 * json-file lines among them), Kubernetes CRI lines, logfmt, and syslog
 * (RFC 3164, with or without <PRI>, and RFC 5424). Each parses one line
 * into a new log of pg's last group: 0, or -1 (nothing added) when the
 * line does not have the format. Bytes are bounded by len (NULs allowed;
 * a JSON \u0000 is kept as a NUL).
 */
#ifndef SLSX_PROTO_LFMT_FMT_H
#define SLSX_PROTO_LFMT_FMT_H

#include <stddef.h>
#include <time.h>

struct pb_page;

/* JSON text with every \u0000 escape as C0 80 (cJSON would cut the string
 * there; the client's GetLogs path uses it too), malloc'd, or NULL when it
 * has none; a backslash starts an escape only after an even run of
 * backslashes. */
char *lfmt_fmt_json_mask(const char *p, size_t n, size_t *out_n);

/* A JSON object: fields from the top-level keys (nested values as JSON
 * text); time/timestamp/@timestamp/ts the time. A Docker line ({"log":
 * "...\n", "stream": ..., "time": ...}) gives log without its newline,
 * stream, and, when log is itself a JSON object, its fields too. *docker
 * (may be NULL) says which it was. */
int lfmt_fmt_json(const char *s, size_t len, time_t fallback, struct pb_page *pg,
    int *docker);
/* A CRI line "2024-05-01T10:00:00.123456789Z stdout F message" (tag F
 * full, P partial: the line goes on in the next P or F line of its
 * stream): time (the text, and __time__ with its nanoseconds), stream,
 * content (the message), and the fields of a JSON message (but those
 * three). lfmt_fmt_cri_split gives the parts: 0, or -1 when not CRI. */
struct lfmt_fmt_cri {
	time_t t;
	long ns;                    /* -1: none */
	size_t tlen;                /* the timestamp's length */
	const char *stream, *msg;
	size_t streaml, msgl;
	int partial;
};
int lfmt_fmt_cri_split(const char *s, size_t len, struct lfmt_fmt_cri *c);
int lfmt_fmt_cri(const char *s, size_t len, time_t fallback, struct pb_page *pg);
/* key=value key2="quoted \"value\"" ... (at least two pairs, every token
 * a pair; a leading timestamp allowed); time/ts/timestamp/t the time. */
int lfmt_fmt_logfmt(const char *s, size_t len, time_t fallback, struct pb_page *pg);
/* <34>Oct 11 22:14:15 host app[123]: msg (the <PRI> optional; an ISO
 * time allowed) or <165>1 2003-10-11T22:14:15.003Z host app 123 ID47
 * [sd k="v"] msg: fields facility, severity (with <PRI>), host, app,
 * pid, msgid, structured_data (and each SD parameter), message. */
int lfmt_fmt_syslog(const char *s, size_t len, time_t fallback, struct pb_page *pg);

#endif
