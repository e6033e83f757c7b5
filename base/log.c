/*
 * log — append-only debug log (see log.h).
 */
#include "base/log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

static FILE *log_fp;
static enum log_level log_lvl = LOG_INFO;

int
log_open(const char *path, enum log_level level)
{
	FILE *fp;
	int fd;

	log_close();
	if (path == NULL)
		return 0;
	/* the log may name projects and queries: readable by its owner only */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0)
		return -1;
	(void)fchmod(fd, 0600);
	if ((fp = fdopen(fd, "a")) == NULL) {
		close(fd);
		return -1;
	}
	setvbuf(fp, NULL, _IOLBF, 0);
	log_fp = fp;
	log_lvl = level;
	return 0;
}

void
log_close(void)
{
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
}

int
log_enabled(enum log_level level)
{
	return log_fp != NULL && level <= log_lvl;
}

void
log_msg(enum log_level level, const char *func, const char *fmt, ...)
{
	static const char *names[] = { "ERR", "WRN", "INF", "DBG" };
	struct timeval tv;
	struct tm tm;
	va_list ap;

	if (!log_enabled(level))
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	fprintf(log_fp, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s: ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    (long)(tv.tv_usec / 1000), names[level], func);
	va_start(ap, fmt);
	vfprintf(log_fp, fmt, ap);
	va_end(ap);
	fputc('\n', log_fp);
}
