/*
 * ini — INI files (see ini.h).
 */
#include "base/ini.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define INI_LINE 4096

static char *
ini_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* One line (NUL-terminated, may be modified); *in tracks the section.
 * section NULL: report each header instead, as fn(ud, name, ""). */
static void
ini_line(char *line, const char *section, int *in, int *found, ini_fn *fn, void *ud)
{
	char *s = ini_trim(line), *eq;

	if (s[0] == '#' || s[0] == ';' || s[0] == '\0')
		return;
	if (s[0] == '[') {
		char *end = strchr(s, ']'), *name;

		if (end)
			*end = '\0';
		name = ini_trim(s + 1);
		if (section == NULL) {
			fn(ud, name, "");
			(*found)++;
			return;
		}
		*in = strcmp(name, section) == 0;
		*found |= *in;
		return;
	}
	if (section == NULL || !*in || (eq = strchr(s, '=')) == NULL)
		return;
	*eq = '\0';
	fn(ud, ini_trim(s), ini_trim(eq + 1));
}

int
ini_list(const char *text, size_t n, ini_fn *fn, void *ud)
{
	return ini_parse(text, n, NULL, fn, ud);
}

int
ini_parse(const char *text, size_t n, const char *section, ini_fn *fn, void *ud)
{
	char line[INI_LINE];
	size_t i = 0;
	int in = 0, found = 0;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = (nl ? (size_t)(nl - text) : n) - i;
		size_t keep = len < sizeof line - 1 ? len : sizeof line - 1;

		memcpy(line, text + i, keep);
		line[keep] = '\0';
		if (memchr(line, '\0', keep) == NULL) /* a NUL byte: not a text line */
			ini_line(line, section, &in, &found, fn, ud);
		i += len + 1;
	}
	explicit_bzero(line, sizeof line);
	return found;
}

int
ini_sections(const char *path, ini_fn *fn, void *ud)
{
	return ini_section(path, NULL, fn, ud);
}

int
ini_section(const char *path, const char *section, ini_fn *fn, void *ud)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	int rc;

	if (fp == NULL)
		return -1;
	do {
		if (cap - n < 4096) {
			char *nb = xmalloc(cap * 2 + 4096);

			if (n)
				memcpy(nb, buf, n);
			if (buf)
				explicit_bzero(buf, cap);
			free(buf);
			buf = nb;
			cap = cap * 2 + 4096;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0 && n < ((size_t)1 << 24));
	fclose(fp);
	rc = ini_parse(buf, n, section, fn, ud);
	explicit_bzero(buf, cap);
	free(buf);
	return rc;
}

void
ini_config_path(char *out, size_t n, const char *home)
{
	const char *xh = getenv("XDG_CONFIG_HOME");

	if (xh && *xh) {
		snprintf(out, n, "%s/slsx/config", xh);
		return;
	}
	if (home == NULL)
		home = getenv("HOME") ? getenv("HOME") : "";
	snprintf(out, n, "%s/.config/slsx/config", home);
}
