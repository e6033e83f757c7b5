/*
 * saved — saved queries in a plain INI file (see saved.h).
 */
#include "tui/saved.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/ini.h"
#include "base/sb.h"
#include "base/xalloc.h"

void
saved_path(char *out, size_t n)
{
	const char *d = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (d && *d)
		snprintf(out, n, "%s/slsx/saved", d);
	else if (home && *home)
		snprintf(out, n, "%s/.local/share/slsx/saved", home);
	else if (n)
		out[0] = '\0';
}

int
saved_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n >= sizeof ((struct saved_q *)0)->name)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == ']' || name[i] == 0x7f)
			return 0;
	return name[0] != ' ' && name[n - 1] != ' ';
}

static void
saved_key(void *ud, const char *k, const char *v)
{
	struct saved_q *q = ud;
	struct {
		const char *k;
		char *dst;
		size_t n;
	} map[] = { { "connection", q->conn, sizeof q->conn },
		{ "project", q->project, sizeof q->project },
		{ "logstore", q->logstore, sizeof q->logstore },
		{ "query", q->query, sizeof q->query }, { "from", q->from, sizeof q->from },
		{ "to", q->to, sizeof q->to }, { "columns", q->columns, sizeof q->columns } };
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(k, map[i].k) == 0)
			snprintf(map[i].dst, map[i].n, "%s", v);
}

int
saved_load(const char *name, struct saved_q *q, char *err, size_t errlen)
{
	char path[1024];
	int rc;

	memset(q, 0, sizeof *q);
	snprintf(q->name, sizeof q->name, "%s", name);
	saved_path(path, sizeof path);
	rc = path[0] ? ini_section(path, name, saved_key, q) : -1;
	if (rc == 1 && q->project[0] && q->logstore[0])
		return 0;
	if (rc == 1)
		snprintf(err, errlen, "saved query %s in %s has no project or logstore", name, path);
	else if (rc == 0 || (rc < 0 && errno == ENOENT))
		snprintf(err, errlen, "no saved query %s (in %s)", name, path[0] ? path : "no file");
	else
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
	return -1;
}

/* The file's text without section [name] (a header of that name up to
 * the next header is dropped). */
static int
saved_without(const char *text, size_t n, const char *name, struct sb *out)
{
	size_t i = 0, nl = strlen(name);
	int skip = 0, rc = 0;

	while (i < n) {
		const char *e = memchr(text + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (text + i)) + 1 : n - i, k = 0;
		const char *l = text + i;

		while (k < len && (l[k] == ' ' || l[k] == '\t'))
			k++;
		if (k < len && l[k] == '[')
			skip = len - k >= nl + 2 && memcmp(l + k + 1, name, nl) == 0 && l[k + 1 + nl] == ']';
		if (!skip)
			rc |= sb_add(out, l, len);
		i += len;
	}
	if (out->len && out->p[out->len - 1] != '\n')
		rc |= sb_addc(out, '\n');
	return rc;
}

static int
saved_read_all(const char *path, struct sb *out)
{
	char buf[8192];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		rc |= sb_add(out, buf, (size_t)r);
	close(fd);
	return r < 0 || rc ? -1 : 0;
}

static int
saved_mkdirs(const char *path)
{
	char d[1024], *s;

	snprintf(d, sizeof d, "%s", path);
	for (s = d + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return 0;
}

static int
saved_line(struct sb *b, const char *k, const char *v)
{
	return v[0] ? sb_addf(b, "%s = %s\n", k, v) : 0;
}

int
saved_store(const struct saved_q *q, char *err, size_t errlen)
{
	char path[1024], tmp[1100];
	struct sb old, b;
	int rc = 0, fd;

	if (!saved_name_ok(q->name) || strchr(q->query, '\n')) {
		snprintf(err, errlen, "a saved query needs a name of 1 to 127 characters, no ']'");
		return -1;
	}
	saved_path(path, sizeof path);
	if (!path[0] || saved_mkdirs(path) != 0) {
		snprintf(err, errlen, "cannot make the folder of %s", path[0] ? path : "saved queries");
		return -1;
	}
	sb_init(&old, 0);
	sb_init(&b, 0);
	if (saved_read_all(path, &old) != 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		sb_free(&old);
		return -1;
	}
	if (old.len == 0)
		rc |= sb_adds(&b, "# slsx saved queries: one [NAME] each (:save, :open, "
				  "slsx query --saved NAME); edit freely\n");
	rc |= saved_without(old.p ? old.p : "", old.len, q->name, &b);
	rc |= sb_addf(&b, "[%s]\n", q->name);
	rc |= saved_line(&b, "connection", q->conn);
	rc |= saved_line(&b, "project", q->project);
	rc |= saved_line(&b, "logstore", q->logstore);
	rc |= saved_line(&b, "query", q->query);
	rc |= saved_line(&b, "from", q->from);
	rc |= saved_line(&b, "to", q->to);
	rc |= saved_line(&b, "columns", q->columns);
	sb_free(&old);
	snprintf(tmp, sizeof tmp, "%s.%ld", path, (long)getpid());
	fd = rc ? -1 : open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, b.p, b.len) != (ssize_t)b.len || fsync(fd) != 0 ||
	    close(fd) != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		sb_free(&b);
		return -1;
	}
	sb_free(&b);
	return 0;
}

struct saved_list {
	char **v;
	size_t n;
};

static void
saved_name(void *ud, const char *k, const char *v)
{
	struct saved_list *l = ud;
	size_t i;

	(void)v;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], k) == 0)
			return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(k);
}

size_t
saved_names(char ***out)
{
	char path[1024];
	struct saved_list l = { NULL, 0 };

	saved_path(path, sizeof path);
	if (path[0])
		(void)ini_sections(path, saved_name, &l);
	*out = l.v;
	return l.n;
}

void
saved_names_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
