/*
 * saved — saved queries: a plain INI file, one [NAME] section a query,
 * that users may read and edit by hand:
 *
 *   [errors]
 *   connection = default        (optional: a connection of the tree)
 *   project = demo
 *   logstore = nginx-access
 *   query = status >= 500
 *   from = -1h                  (any TIME: relative, or unix seconds)
 *   to = now
 *   columns = status,uri        (optional)
 *
 * at $XDG_DATA_HOME/slsx/saved (default ~/.local/share/slsx/saved). The
 * UI's :save / :open / picker and `slsx query --saved NAME` share it. No
 * curses here: the CLI uses it too.
 */
#ifndef SLSX_TUI_SAVED_H
#define SLSX_TUI_SAVED_H

#include <stddef.h>

struct saved_q {
	char name[128];
	char conn[128];
	char project[256], logstore[256];
	char query[4000];
	char from[64], to[64];
	char columns[512];
};

/* The file's path into out ("" when neither XDG_DATA_HOME nor HOME is set). */
void saved_path(char *out, size_t n);
/* Is name usable as a section name (1..127 bytes, no ']', no control bytes)? */
int saved_name_ok(const char *name);
/* Read [name]: 0; -1 with a message (not saved, the file unreadable). */
int saved_load(const char *name, struct saved_q *q, char *err, size_t errlen);
/* Write q as [q->name], replacing a section of that name (the rest of the
 * file, comments included, kept as it was); 0, or -1 with a message. */
int saved_store(const struct saved_q *q, char *err, size_t errlen);
/* The names saved, in file order (malloc'd strings in a malloc'd array);
 * their count. */
size_t saved_names(char ***out);
void saved_names_free(char **v, size_t n);

#endif
