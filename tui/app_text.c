/*
 * app_text — small text helpers of the UI: bounded copies, an error as
 * one line, case-insensitive search, and one-line text fields.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "client/cl.h"
#include "tui/scr.h"

void
app_text_err(char *out, size_t n, const char *what, const struct cl_err *e)
{
	if (snprintf(out, n, "%s: %s%s%s%s%s", what, e->code[0] ? e->code : cl_strerror(e->st),
	    e->msg[0] ? ": " : "", e->msg, e->requestid[0] ? " (request " : "",
	    e->requestid[0] ? e->requestid : "") < 0)
		out[0] = '\0';
	if (e->requestid[0] && strlen(out) + 2 < n)
		strcat(out, ")");
}

void
app_text_copy(char *dst, size_t n, const char *src)
{
	size_t k = strlen(src);

	if (k >= n)
		k = n - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

/* A one-line text field (tree filter, tail filter, : command): Backspace
 * deletes the last character (a whole UTF-8 sequence), a printable key is
 * appended while it fits. */
void
app_text_key(char *buf, size_t size, const struct scr_key *k)
{
	size_t n = strlen(buf);

	if (k->code == SK_BACKSPACE) {
		while (n > 0 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
			n--;
		buf[n > 0 ? n - 1 : 0] = '\0';
	} else if (k->code >= 0x20 && k->code < 0x110000 && k->nseq > 0 && n + k->nseq < size) {
		memcpy(buf + n, k->seq, k->nseq);
		buf[n + k->nseq] = '\0';
	}
}

/* Does s contain needle, ignoring ASCII case? */
int
app_text_ci_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return n == 0;
}
