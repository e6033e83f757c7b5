/*
 * fuzz_server_spl — slsd's SPL subset on arbitrary statements: parsing,
 * then filtering a fixed LogGroupList, must never crash, leak or run
 * anything but a read of its own table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "proto/pb.h"
#include "server/sd_spl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sb body;
	static int ready;
	struct sb w, out;
	struct sd_spl_stat st;
	char err[256], *spl;

	if (!ready) {
		struct pb_page *pg = pb_page_new();

		sb_init(&body, 0);
		pb_add_group(pg, "t", "s", NULL);
		pb_add_tag(pg, "env", 3, "prod", 4);
		pb_add_log(pg, 1700000000, 0, 0);
		pb_add_field(pg, "status", 6, "500", 3);
		pb_add_field(pg, "msg", 3, "a \"quoted\" 'x'", 14);
		pb_add_log(pg, 1700000001, 1, 5);
		pb_add_field(pg, "status", 6, "200", 3);
		if (pb_encode_list(pg, &body) != 0)
			abort();
		pb_page_free(pg);
		ready = 1;
	}
	if (size > 4096)
		return 0;
	spl = malloc(size + 1);
	if (spl == NULL)
		return 0;
	memcpy(spl, data, size);
	spl[size] = '\0';
	sb_init(&w, 0);
	sb_init(&out, 0);
	if (sd_spl_parse(spl, &w, err, sizeof err) == 0)
		(void)sd_spl_filter(w.p, body.p, body.len, &out, &st, err, sizeof err);
	sb_free(&w);
	sb_free(&out);
	free(spl);
	return 0;
}
