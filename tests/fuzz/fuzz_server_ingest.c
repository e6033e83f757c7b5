/*
 * fuzz_server_ingest — the log-line parsers of slsd and slsx put
 * (proto/lfmt.h: timestamps, nginx/Apache combined, JSON, Docker and CRI
 * lines, logfmt, syslog RFC 3164/5424, plain) and format sniffing on
 * arbitrary bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto/lfmt.h"
#include "proto/pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *lines[1];
	struct pb_page *pg = pb_page_new();
	size_t used;
	int f;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)lfmt_time(s, size, &used);
	lines[0] = s;
	(void)lfmt_sniff(lines, 1);
	pb_add_group(pg, NULL, NULL, NULL);
	for (f = LFMT_PLAIN; f < LFMT_COUNT; f++)
		(void)lfmt_parse((enum lfmt)f, s, size, 0, pg);
	pb_page_free(pg);
	free(s);
	return 0;
}
