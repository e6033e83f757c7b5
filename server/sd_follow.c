/*
 * sd_follow — reading and following one log source (see sd_follow.h).
 */
#include "server/sd_follow.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "base/xalloc.h"

#define SD_FOLLOW_HEAD 64

struct sd_follow {
	char path[PATH_MAX];
	int fd;             /* the file or standard input; -1 for .gz */
	gzFile gz;
	int is_stdin, ended;
	dev_t dev;
	ino_t ino;
	off_t off;          /* bytes read from the current file */
	unsigned char head[SD_FOLLOW_HEAD]; /* its first bytes, as read */
	size_t headlen;
};

static int
sd_follow_is_gz(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

struct sd_follow *
sd_follow_open(const char *path, char *err, size_t errlen)
{
	struct sd_follow *f = xcalloc(1, sizeof *f);
	struct stat st;

	snprintf(f->path, sizeof f->path, "%s", path);
	f->fd = -1;
	if (strcmp(path, "-") == 0) {
		f->is_stdin = 1;
		f->fd = STDIN_FILENO;
		return f;
	}
	if (sd_follow_is_gz(path)) {
		if ((f->gz = gzopen(path, "rb")) == NULL) {
			snprintf(err, errlen, "cannot read %s: %s", path,
			    errno ? strerror(errno) : "gzopen failed");
			free(f);
			return NULL;
		}
		return f;
	}
	if ((f->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(f->fd, &st) != 0) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		if (f->fd >= 0)
			close(f->fd);
		free(f);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot read %s: it is a directory", path);
		close(f->fd);
		free(f);
		return NULL;
	}
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	return f;
}

/* Keep the first bytes read, to see a rewrite in place later. */
static void
sd_follow_keep_head(struct sd_follow *f, const char *buf, size_t k)
{
	size_t take;

	if (f->off >= SD_FOLLOW_HEAD)
		return;
	take = SD_FOLLOW_HEAD - (size_t)f->off;
	if (take > k)
		take = k;
	memcpy(f->head + f->off, buf, take);
	f->headlen = (size_t)f->off + take;
}

ssize_t
sd_follow_read(struct sd_follow *f, char *buf, size_t n, int wait_ms, char *err, size_t errlen)
{
	ssize_t k;

	if (f->ended)
		return 0;
	if (f->gz) {
		int r = gzread(f->gz, buf, (unsigned)(n > 1u << 30 ? 1u << 30 : n));
		int ze;

		if (r < 0) {
			snprintf(err, errlen, "%s: %s", f->path, gzerror(f->gz, &ze));
			return -1;
		}
		f->ended = r == 0;
		return r;
	}
	if (f->is_stdin) {
		struct pollfd p = { f->fd, POLLIN, 0 };

		if (poll(&p, 1, wait_ms) <= 0)
			return 0;
	}
	do
		k = read(f->fd, buf, n);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		snprintf(err, errlen, "%s: %s", f->is_stdin ? "standard input" : f->path,
		    strerror(errno));
		return -1;
	}
	if (k == 0 && f->is_stdin)
		f->ended = 1;
	if (k > 0 && !f->is_stdin) {
		sd_follow_keep_head(f, buf, (size_t)k);
		f->off += k;
	}
	return k;
}

/* The file again from its start. */
static int
sd_follow_restart(struct sd_follow *f)
{
	if (lseek(f->fd, 0, SEEK_SET) < 0)
		return 0;
	f->off = 0;
	f->headlen = 0;
	return 1;
}

int
sd_follow_check_rewrite(struct sd_follow *f)
{
	unsigned char now[SD_FOLLOW_HEAD];
	struct stat st;

	if (f->fd < 0 || f->is_stdin)
		return 0;
	if (fstat(f->fd, &st) == 0 && st.st_size < f->off)
		return sd_follow_restart(f); /* truncated */
	if (f->headlen > 0 && (pread(f->fd, now, f->headlen, 0) != (ssize_t)f->headlen ||
	    memcmp(now, f->head, f->headlen) != 0))
		return sd_follow_restart(f); /* rewritten in place */
	return 0;
}

int
sd_follow_check_rotated(struct sd_follow *f)
{
	struct stat st;
	int fd;

	if (f->fd < 0 || f->is_stdin)
		return 0;
	if (stat(f->path, &st) != 0 || (st.st_ino == f->ino && st.st_dev == f->dev))
		return 0; /* same file, or none yet under the name: keep reading the old one */
	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(f->fd);
	f->fd = fd;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->off = 0;
	f->headlen = 0;
	return 1;
}

int
sd_follow_ended(const struct sd_follow *f)
{
	return f->ended;
}

int
sd_follow_growing(const struct sd_follow *f)
{
	return !f->gz && !f->ended;
}

int
sd_follow_recent(const struct sd_follow *f, int ms)
{
	struct stat st;
	struct timespec now;

	if (!sd_follow_growing(f))
		return 0;
	if (f->is_stdin)
		return 1; /* a pipe open: more may come any moment */
	if (fstat(f->fd, &st) != 0 || clock_gettime(CLOCK_REALTIME, &now) != 0)
		return 0;
	return (int64_t)(now.tv_sec - st.st_mtim.tv_sec) * 1000 +
	    (now.tv_nsec - st.st_mtim.tv_nsec) / 1000000 < ms;
}

int
sd_follow_is_stdin(const struct sd_follow *f)
{
	return f->is_stdin;
}

void
sd_follow_close(struct sd_follow *f)
{
	if (f == NULL)
		return;
	if (f->gz)
		gzclose(f->gz);
	if (f->fd >= 0 && !f->is_stdin)
		close(f->fd);
	free(f);
}
