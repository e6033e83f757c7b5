/*
 * cmd_ui — the one file that starts the terminal UI (tui/app.h), the
 * default command: it reads the UI's settings from slsx's config ([ui]
 * theme, columns, tail-ring, endpoints, tz; [keys] bindings), naming every
 * bad line at once in the status bar, and runs the UI on the command's
 * client (for `slsx FILE`, with the load slsd runs behind: cli/demo.h).
 */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/ini.h"
#include "cli/cmd.h"
#include "cli/demo.h"
#include "tui/app.h"
#include "tui/keymap.h"

/* The UI's settings in slsx's config: [ui] theme, columns, tail-ring, and
 * [keys] bindings. Bad lines are reported (before the screen opens) and
 * skipped. */
struct cmd_ui_conf {
	struct app_opts *ao;
	struct keymap *km;
	char theme[256], columns[512], endpoints[1024], tz[64];
	char bad[1000];      /* every bad line, "; " between them */
	char notice[1100];   /* what the UI's status bar shows of them */
	int nbad;
};

static void cmd_ui_bad(struct cmd_ui_conf *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
cmd_ui_bad(struct cmd_ui_conf *u, const char *fmt, ...)
{
	char msg[240];
	size_t len = strlen(u->bad);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* all of them at once, not one per start */
	if (len < sizeof u->bad - 1)
		snprintf(u->bad + len, sizeof u->bad - len, "%s%s", len ? "; " : "", msg);
	u->nbad++;
	if (u->nbad == 1)
		snprintf(u->notice, sizeof u->notice, "config %s (line skipped)", u->bad);
	else
		snprintf(u->notice, sizeof u->notice, "config %s (%d lines skipped)", u->bad, u->nbad);
	u->ao->notice = u->notice;
}

static void
cmd_ui_key(void *ud, const char *k, const char *v)
{
	struct cmd_ui_conf *u = ud;

	if (strcmp(k, "theme") == 0) {
		snprintf(u->theme, sizeof u->theme, "%s", v);
		if (u->ao->theme == NULL)
			u->ao->theme = u->theme;
	} else if (strcmp(k, "tz") == 0) {
		snprintf(u->tz, sizeof u->tz, "%s", v);
		if (u->ao->tz == NULL)
			u->ao->tz = u->tz;
	} else if (strcmp(k, "endpoints") == 0) {
		snprintf(u->endpoints, sizeof u->endpoints, "%s", v);
		u->ao->endpoints = u->endpoints;
	} else if (strcmp(k, "columns") == 0) {
		snprintf(u->columns, sizeof u->columns, "%s", v);
		u->ao->columns = u->columns;
	} else if (strcmp(k, "tail-ring") == 0) {
		char *end;
		long long n = strtoll(v, &end, 10);

		if (*end != '\0' || n < 100 || n > 100000000) {
			cmd_ui_bad(u, "[ui] tail-ring: want 100..100000000, not %.40s", v);
		} else {
			u->ao->tail_ring = (size_t)n;
		}
	} else {
		cmd_ui_bad(u, "[ui]: unknown setting %.40s", k);
	}
}

static void
cmd_ui_keys_key(void *ud, const char *k, const char *v)
{
	struct cmd_ui_conf *u = ud;
	char err[120];

	if (km_add(u->km, k, v, err, sizeof err) != 0) {
		cmd_ui_bad(u, "[keys] %.40s = %.40s: %s", k, v, err);
	}
}

static void
cmd_ui_config(struct cmd_ui_conf *u)
{
	char path[512];

	ini_config_path(path, sizeof path, NULL);
	ini_section(path, "ui", cmd_ui_key, u);
	ini_section(path, "keys", cmd_ui_keys_key, u);
	if (u->km->n)
		u->ao->keys = u->km;
}

/* The UI's app_load_fn over the files' slsd: its load lines summed. */
static int
cmd_ui_load(void *ud, struct app_load *st)
{
	struct demo *d = ud;
	int rc = demo_load_read(d);

	if (rc != 0 || d->load.n > 0)
		st->loading = demo_load_sum(&d->load, &st->bytes, &st->total, &st->logs, &st->ms,
		    &st->failed);
	if ((st->failed || (rc < 0 && st->loading)) && st->why[0] == '\0')
		demo_load_why(d, st->why, sizeof st->why);
	return rc;
}

int
cmd_ui_run(struct cli *x, const struct cli_opts *o)
{
	struct app_opts ao;
	struct cmd_ui_conf uc;
	struct keymap km;

	memset(&ao, 0, sizeof ao);
	memset(&uc, 0, sizeof uc);
	memset(&km, 0, sizeof km);
	ao.theme = o->theme;
	ao.tz = o->tz;
	ao.exit_after_ms = o->exit_after_ms;
	uc.ao = &ao;
	uc.km = &km;
	cmd_ui_config(&uc);
	ao.project = x->project;
	ao.logstore = x->logstore;
	ao.cfg = x->cfg;
	ao.profile = x->profile;
	ao.cred_source = x->cred_source;
	ao.home = x->demo ? NULL : getenv("HOME");
	if (x->demo)
		ao.endpoints = NULL; /* the demo is its own world */
	ao.from = o->from_at;
	if (x->local) {
		ao.load_read = cmd_ui_load;
		ao.load_fd = x->local->fd;
		ao.load_ud = x->local;
	}
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	return app_run(x->cl, &ao);
}
