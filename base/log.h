/*
 * log — the debug log file.
 *
 * Nothing goes to stdout/stderr while curses owns the terminal, so
 * diagnostics go to a file chosen with --log FILE (or SLSX_LOG). With no
 * file open, log calls are cheap no-ops. Lines carry a timestamp, a level
 * and the calling function. Never log a secret.
 */
#ifndef SLSX_BASE_LOG_H
#define SLSX_BASE_LOG_H

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Open (append) path as the log; NULL closes. 0 ok, -1 with errno. */
int log_open(const char *path, enum log_level level);
void log_close(void);
int log_enabled(enum log_level level);
void log_msg(enum log_level level, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_error(...) log_msg(LOG_ERR, __func__, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __func__, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __func__, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __func__, __VA_ARGS__)

#endif
