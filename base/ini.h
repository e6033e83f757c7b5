/*
 * ini — the INI files users already keep (~/.aliyunlogcli, slsx's own
 * config): "[section]" headers, "key = value" lines, "#" and ";" comments.
 * Keys and values are trimmed; a line without "=" is ignored; the last
 * section of a repeated name continues it. Lines are cut at 4 KiB.
 */
#ifndef SLSX_BASE_INI_H
#define SLSX_BASE_INI_H

#include <stddef.h>

typedef void ini_fn(void *ud, const char *key, const char *value);

/* Call fn for every key of [section] in text[0..n) (no NUL needed).
 * Returns 1 when the section exists, 0 when not. */
int ini_parse(const char *text, size_t n, const char *section, ini_fn *fn, void *ud);
/* Call fn(ud, name, "") for every [section] header of text, in order (a
 * repeated name repeats). Returns the count. */
int ini_list(const char *text, size_t n, ini_fn *fn, void *ud);
/* ini_list over a file; -1 unreadable. */
int ini_sections(const char *path, ini_fn *fn, void *ud);
/* The same over a file: 1 found, 0 not found, -1 unreadable. The copy of
 * the file is wiped before it is freed (it may hold secrets). */
int ini_section(const char *path, const char *section, ini_fn *fn, void *ud);
/* slsx's config file: $XDG_CONFIG_HOME/slsx/config, else
 * HOME/.config/slsx/config (home NULL: $HOME). */
void ini_config_path(char *out, size_t n, const char *home);

#endif
