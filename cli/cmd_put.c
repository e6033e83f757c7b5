/*
 * cmd_put — `slsx put`: write a file (a .gz read through zlib, or stdin)
 * to a logstore with the format detection slsd's --ingest runs
 * (proto/lasm.h, proto/lfmt.h: JSON lines, Docker and CRI lines with
 * their partial lines joined, logfmt, syslog, nginx/Apache combined,
 * plain text with multi-line entries kept whole; a JSON object line is
 * its fields in any format), so the logs land with the fields and the
 * times seen locally; in PutLogs calls of at most 4,096 logs or 4 MB.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include <openssl/rand.h>

#include "base/clk.h"
#include "base/xalloc.h"
#include "cli/cmd.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "proto/lasm.h"
#include "proto/lfmt.h"
#include "proto/pb.h"

#define CMD_PUT_MAX_LOGS 4096
#define CMD_PUT_MAX_BYTES ((size_t)4 << 20)
#define CMD_PUT_CHUNK ((size_t)64 << 10)

/* One file being put. */
struct cmd_put {
	struct cli *x;
	struct pb_page *pg;
	const char *topic, *source;
	enum lfmt fmt;
	size_t bytes, total;
	time_t last;        /* the previous entry's time: an entry without one takes it */
	char pack[17];      /* this put's pack id prefix (random) */
	unsigned seq;       /* the next group's number in it */
	int rc;
};

/* A random pack id prefix: each put's groups are one pack (the context
 * of a log runs over its own put's groups, in order, never into another
 * put's), as a producer's are. */
static void
cmd_put_pack_prefix(char out[17])
{
	unsigned char r[8];
	uint64_t t = (uint64_t)clk_wall() ^ ((uint64_t)getpid() << 40);
	int i;

	if (RAND_bytes(r, sizeof r) != 1)
		for (i = 0; i < 8; i++)
			r[i] = (unsigned char)(t >> (8 * i));
	for (i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02X", r[i]);
}

static int
cmd_put_flush(struct cmd_put *p)
{
	struct cli *x = p->x;
	struct pb_page *pg = p->pg;
	struct cl_args a;
	struct cl_call call;
	char pack[40];
	int rc;

	if (pg->ngroups == 0 || pg->groups[0].nlogs == 0)
		return SLSX_EX_OK;
	snprintf(pack, sizeof pack, "%s-%X", p->pack, p->seq++);
	pb_add_tag(pg, "__pack_id__", 11, pack, strlen(pack));
	cl_args_init(&a);
	if (cl_api_put_logs(&call, &a, x->project, x->logstore, pg, 0, NULL) != 0) {
		cl_args_free(&a);
		fprintf(stderr, "slsx: cannot encode the log group\n");
		return SLSX_EX_FAIL;
	}
	call.idempotent = 0;
	rc = cli_simple(x, &call, "PutLogs");
	cl_args_free(&a);
	p->bytes = 0;
	return rc;
}

static int
cmd_put_sniffed(void *arg, enum lfmt fmt)
{
	((struct cmd_put *)arg)->fmt = fmt;
	return 0;
}

/* One entry (lasm: lines joined, partial records joined) parsed as slsd's
 * --ingest does; a batch full is sent. */
static int
cmd_put_entry(void *arg, const char *s, size_t len)
{
	struct cmd_put *p = arg;

	lfmt_parse_any(p->fmt, s, len, p->last, p->pg);
	p->last = p->pg->logs[p->pg->nlogs - 1].time;
	p->bytes += len;
	p->total++;
	if (p->pg->groups[0].nlogs >= CMD_PUT_MAX_LOGS || p->bytes >= CMD_PUT_MAX_BYTES) {
		p->rc = cmd_put_flush(p);
		pb_page_clear(p->pg);
		pb_add_group(p->pg, p->topic, p->source, NULL);
	}
	return p->rc;
}

/* Every byte of file (a .gz through zlib, "-" standard input) through the
 * assembler. 0, or -1 with a message printed. */
static int
cmd_put_read(const char *file, struct lasm *a)
{
	int is_gz = strlen(file) > 3 && strcmp(file + strlen(file) - 3, ".gz") == 0;
	int fd = strcmp(file, "-") == 0 ? STDIN_FILENO : is_gz ? -1 : open(file, O_RDONLY | O_CLOEXEC);
	gzFile gz = is_gz ? gzopen(file, "rb") : NULL;
	char *buf = xmalloc(CMD_PUT_CHUNK);
	ssize_t n;
	int rc = 0;

	if (fd < 0 && gz == NULL) {
		fprintf(stderr, "slsx: cannot read %s: %s\n", file, strerror(errno));
		free(buf);
		return -1;
	}
	for (;;) {
		do
			n = gz ? gzread(gz, buf, (unsigned)CMD_PUT_CHUNK) : read(fd, buf, CMD_PUT_CHUNK);
		while (n < 0 && errno == EINTR && gz == NULL);
		if (n <= 0 || lasm_feed(a, buf, (size_t)n) != 0)
			break;
	}
	if (n < 0) {
		int ze;

		fprintf(stderr, "slsx: cannot read %s: %s\n", file, gz ? gzerror(gz, &ze) :
		    strerror(errno));
		rc = -1;
	}
	if (gz)
		gzclose(gz);
	else if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return rc;
}

int
cmd_put_run(struct cli *x, const struct cli_opts *o)
{
	struct cmd_put p;
	struct lasm_cb cb = { cmd_put_sniffed, cmd_put_entry, &p };
	struct lasm *a;
	int rd;

	memset(&p, 0, sizeof p);
	p.x = x;
	p.topic = o->topic ? o->topic : "";
	p.source = o->source ? o->source : "";
	p.last = clk_wall();
	p.rc = SLSX_EX_OK;
	cmd_put_pack_prefix(p.pack);
	p.pg = pb_page_new();
	pb_add_group(p.pg, p.topic, p.source, NULL);
	a = lasm_new(&cb);
	rd = cmd_put_read(o->argv[0], a);
	/* what was read before a read error is sent too */
	if (p.rc == SLSX_EX_OK && lasm_settle(a, 1, 0, 0) == 0 && p.rc == SLSX_EX_OK)
		p.rc = cmd_put_flush(&p);
	if (rd != 0 && p.rc == SLSX_EX_OK)
		p.rc = SLSX_EX_FAIL;
	lasm_free(a);
	pb_page_free(p.pg);
	if (p.rc == SLSX_EX_OK)
		fprintf(stderr, "slsx: wrote %zu logs\n", p.total);
	return p.rc;
}
