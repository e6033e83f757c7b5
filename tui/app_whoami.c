/*
 * app_whoami — the :whoami box: the connection queries go through, its
 * endpoint, its access key id and where the keys were found (a profile,
 * the environment, the ECS role ...: what `slsx whoami` says), and the
 * signature version; never the secret. Any key closes it.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <string.h>

#include "client/cl.h"
#include "client/cl_cred.h"
#include "widgets/canvas.h"

#define APP_WHOAMI_ROWS 5

/* The box's lines for connection k: labels in lab, values in val. */
static void
app_whoami_lines(const struct app *a, int k, char lab[][16], char val[][320])
{
	const struct app_conn *cn = &a->conns[k];
	const struct cl_cfg *cfg = a->o.cfg;
	const char *id = cn->cred ? cn->cred->ak_id : cfg && cfg->ak_id ? cfg->ak_id : "";
	int token = cn->cred ? cn->cred->sts_token[0] != '\0' : cfg && cfg->sts_token;
	const char *region = cfg ? cfg->region : NULL;

	if (region && k > 0 && strpbrk(cn->endpoint, ".:/") == NULL)
		region = cn->endpoint; /* a region id names its own region */
	snprintf(lab[0], 16, "connection");
	snprintf(val[0], 320, "%.200s (%d of %d)", cn->label, k + 1, a->nconns);
	snprintf(lab[1], 16, "endpoint");
	snprintf(val[1], 320, "%s", cn->endpoint);
	snprintf(lab[2], 16, "access key id");
	snprintf(val[2], 320, "%s", id[0] ? id : "(none)");
	snprintf(lab[3], 16, "keys from");
	snprintf(val[3], 320, "%.280s%s", cn->source[0] ? cn->source : "(not known)",
	    token ? " (with a security token)" : "");
	snprintf(lab[4], 16, "signature");
	if (region)
		snprintf(val[4], 320, "v4 (SLS4-HMAC-SHA256), region %.200s", region);
	else
		snprintf(val[4], 320, "v1 (HMAC-SHA1)");
}

void
app_whoami_draw(const struct app *a, struct canvas *cv)
{
	char lab[APP_WHOAMI_ROWS][16], val[APP_WHOAMI_ROWS][320];
	int w = a->w - 4 < 96 ? a->w - 4 : 96, h = APP_WHOAMI_ROWS + 2, x = (a->w - w) / 2,
	    y = (a->h - h) / 2 > 0 ? (a->h - h) / 2 : 0, i;

	if (a->nconns == 0 || w < 20)
		return;
	app_whoami_lines(a, a->conn, lab, val);
	cv_fill(cv, x, y, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, x, y, w, h, THEME_BORDER,
	    "whoami (any key closes)");
	for (i = 0; i < APP_WHOAMI_ROWS; i++) {
		cv_text(cv, x + 2, y + 1 + i, 15, lab[i], strlen(lab[i]), THEME_HELP_KEY);
		cv_text(cv, x + 17, y + 1 + i, w - 19, val[i], strlen(val[i]), THEME_DEFAULT);
	}
}
