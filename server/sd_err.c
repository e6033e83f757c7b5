/*
 * sd_err — filling an SLS error (see sd_err.h).
 */
#include "server/sd_err.h"

#include <stdarg.h>
#include <stdio.h>

void
sd_err_set(struct sd_err *e, int status, const char *code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	e->status = status;
	snprintf(e->code, sizeof e->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}
