/*
 * demo — a private slsd for `slsx --demo` (see demo.h).
 */
#include "cli/demo.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <unistd.h>

#include "base/clk.h"

/* slsd next to our own binary, else on PATH. */
static void
demo_slsd_path(const char *argv0, char *out, size_t n)
{
	char self[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
	char *slash;

	if (k <= 0) {
		snprintf(self, sizeof self, "%s", argv0 ? argv0 : "");
		k = (ssize_t)strlen(self);
	}
	self[k] = '\0';
	slash = strrchr(self, '/');
	if (slash) {
		slash[1] = '\0';
		if (snprintf(out, n, "%sslsd", self) < (int)n && access(out, X_OK) == 0)
			return;
	}
	snprintf(out, n, "slsd");
}

/* Run a command that removes dir (no shell: fork + exec rm). */
static void
demo_rmdir(const char *dir)
{
	pid_t p;

	if (dir[0] == '\0')
		return;
	p = fork();
	if (p == 0) {
		execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	if (p > 0)
		waitpid(p, NULL, 0);
}

/* slsd's last "slsd: " line on stderr (kept in the folder), "--ingest: "
 * taken off, into err; 0 when there is none. */
static int
demo_last_said(const struct demo *d, char *err, size_t errlen)
{
	char path[PATH_MAX], line[512], last[512] = "";
	FILE *fp;

	snprintf(path, sizeof path, "%s/slsd.err", d->dir);
	if ((fp = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, fp))
			if (strncmp(line, "slsd: ", 6) == 0 && strstr(line, "ingested") == NULL &&
			    strncmp(line, "slsd: span ", 11) != 0)
				snprintf(last, sizeof last, "%s", line + 6);
		fclose(fp);
	}
	last[strcspn(last, "\n")] = '\0';
	if (last[0])
		snprintf(err, errlen, "%s", strncmp(last, "--ingest: ", 10) == 0 ? last + 10 : last);
	return last[0] != '\0';
}

/* Why slsd stopped before listening: its last "slsd: " line on stderr,
 * else where its log is. */
static void
demo_exit_reason(const struct demo *d, char *err, size_t errlen)
{
	if (!demo_last_said(d, err, errlen))
		snprintf(err, errlen, "slsd exited before listening (log: %s/slsd.log)", d->dir);
}

void
demo_load_why(const struct demo *d, char *err, size_t errlen)
{
	if (!demo_last_said(d, err, errlen))
		snprintf(err, errlen, "slsd stopped (log: %s/slsd.log)", d->dir);
}

static int
demo_read_keys(struct demo *d, const char *file, char *err, size_t errlen)
{
	FILE *fp = fopen(file, "r");
	char line[300];

	if (fp == NULL || fgets(line, sizeof line, fp) == NULL ||
	    sscanf(line, "%127s %127s", d->ak_id, d->ak_secret) != 2) {
		snprintf(err, errlen, "cannot read the demo keys in %s", file);
		if (fp)
			fclose(fp);
		return -1;
	}
	explicit_bzero(line, sizeof line);
	fclose(fp);
	unlink(file); /* slsd has the keys; the copy on disk is not needed */
	return 0;
}

/* One line of slsd's stdout: 1 when it was the last one waited for. */
static int
demo_wait_line(struct demo *d, const char *line, char *keys, size_t keyslen, int files)
{
	long long a, b;

	if (strncmp(line, "listening on ", 13) == 0)
		sscanf(line + 13, "%127s", d->url);
	else if (strncmp(line, "keys ", 5) == 0)
		snprintf(keys, keyslen, "%s", line + 5);
	else if (strncmp(line, "logstore ", 9) == 0 && d->logstore[0] == '\0')
		sscanf(line + 9, "%63s", d->logstore);
	else if (sscanf(line, "span %lld %lld", &a, &b) == 2) {
		d->span_from = a;
		d->span_to = b;
	}
	return d->url[0] && (files ? d->span_to > 0 : keys[0] != '\0');
}

/* The first whole line of d->rbuf taken out into line (n bytes at
 * most, cut); 0 when there is none. A line longer than the buffer is
 * dropped. */
static int
demo_take_line(struct demo *d, char *line, size_t n)
{
	char *nl = memchr(d->rbuf, '\n', d->rlen);
	size_t len;

	if (nl == NULL) {
		if (d->rlen == sizeof d->rbuf)
			d->rlen = 0;
		return 0;
	}
	len = (size_t)(nl - d->rbuf);
	snprintf(line, n, "%.*s", (int)len, d->rbuf);
	d->rlen -= len + 1;
	memmove(d->rbuf, nl + 1, d->rlen);
	return 1;
}

/* Wait for "listening on URL" and "keys FILE" (files: "logstore NAME"
 * and "span FROM TO") on slsd's stdout, at most wait_s seconds; what
 * follows them stays in d->rbuf. */
static int
demo_wait(struct demo *d, int fd, volatile sig_atomic_t *stop, int files, int wait_s,
    char *err, size_t errlen)
{
	char line[sizeof d->rbuf + 1], keys[PATH_MAX] = "";
	int64_t until = clk_mono_ms() + wait_s * 1000LL;

	while (clk_mono_ms() < until) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t k;

		if (stop && *stop) {
			snprintf(err, errlen, "interrupted while slsd was starting");
			return -1;
		}
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		k = read(fd, d->rbuf + d->rlen, sizeof d->rbuf - d->rlen);
		if (k <= 0) {
			demo_exit_reason(d, err, errlen);
			return -1;
		}
		d->rlen += (size_t)k;
		while (demo_take_line(d, line, sizeof line))
			if (demo_wait_line(d, line, keys, sizeof keys, files))
				return files ? 0 : demo_read_keys(d, keys, err, errlen);
	}
	snprintf(err, errlen, "slsd did not start within %d s", wait_s);
	return -1;
}

/* s as a count (digits only, at most 15: 64 files of them summed, times
 * 100 for a percentage, stay in a long long); -1 when it is not one. */
static long long
demo_load_num(const char *s)
{
	long long v = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i == 15)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return i > 0 ? v : -1;
}

/* The file of logstore ls in l, added when new (NULL: the table is full). */
static struct demo_load_file *
demo_load_file(struct demo_load *l, const char *ls)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->f[i].logstore, ls) == 0)
			return &l->f[i];
	if (l->n == DEMO_MAX_FILES)
		return NULL;
	memset(&l->f[l->n], 0, sizeof l->f[0]);
	snprintf(l->f[l->n].logstore, sizeof l->f[0].logstore, "%s", ls);
	return &l->f[l->n++];
}

int
demo_load_line(struct demo_load *l, const char *line)
{
	char w[5][64];
	int n = 0, kind;
	const char *p = line;
	long long a = 0, b = 0;
	struct demo_load_file *f;

	kind = strncmp(line, "progress ", 9) == 0 ? 1 : strncmp(line, "loaded ", 7) == 0 ? 2 :
	    strncmp(line, "failed ", 7) == 0 ? 3 : 0;
	if (kind == 0)
		return 0;
	while (*p && n < 5) { /* words of at most 63 bytes, one space apart */
		size_t len = strcspn(p, " ");

		if (len == 0 || len >= sizeof w[0])
			return -1;
		snprintf(w[n++], sizeof w[0], "%.*s", (int)len, p);
		p += len;
		if (*p == ' ' && *++p == '\0')
			return -1;
	}
	if (*p || n != (kind == 3 ? 2 : 4) ||
	    (kind != 3 && ((a = demo_load_num(w[2])) < 0 || (b = demo_load_num(w[3])) < 0)) ||
	    (kind == 1 && a > b) || (f = demo_load_file(l, w[1])) == NULL)
		return -1;
	if (kind == 1 && f->state == DEMO_LOADING) {
		f->bytes = a;
		f->total = b;
	} else if (kind == 2) {
		f->state = DEMO_LOADED;
		f->bytes = f->total;
		f->logs = a;
		f->ms = b;
	} else if (kind == 3) {
		f->state = DEMO_FAILED;
	}
	return 1;
}

int
demo_load_sum(const struct demo_load *l, long long *bytes, long long *total, long long *logs,
    long long *ms, int *failed)
{
	int i, loading = 0;

	*bytes = *total = *logs = *ms = 0;
	*failed = 0;
	for (i = 0; i < l->n; i++) {
		const struct demo_load_file *f = &l->f[i];

		*bytes += f->bytes;
		*total += f->total;
		*logs += f->logs;
		if (f->ms > *ms)
			*ms = f->ms;
		loading |= f->state == DEMO_LOADING;
		*failed |= f->state == DEMO_FAILED;
	}
	return loading;
}

int
demo_load_read(struct demo *d)
{
	char line[sizeof d->rbuf + 1];
	int changed = 0, fl;
	ssize_t k = 0;

	if (d->fd < 0)
		return -1;
	if ((fl = fcntl(d->fd, F_GETFL)) >= 0 && !(fl & O_NONBLOCK))
		fcntl(d->fd, F_SETFL, fl | O_NONBLOCK);
	do {
		while (demo_take_line(d, line, sizeof line))
			changed |= demo_load_line(&d->load, line) > 0;
	} while (d->rlen < sizeof d->rbuf &&
	    (k = read(d->fd, d->rbuf + d->rlen, sizeof d->rbuf - d->rlen)) > 0 &&
	    (d->rlen += (size_t)k, 1));
	if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR))
		return changed ? 1 : -1;
	return changed;
}

/* The temporary folder. */
static int
demo_mkdir(struct demo *d, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	memset(d, 0, sizeof *d);
	d->pid = -1;
	d->fd = -1;
	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > sizeof d->dir - 20)
		tmp = "/tmp";
	snprintf(d->dir, sizeof d->dir, "%s/slsx-demo.XXXXXX", tmp);
	if (mkdtemp(d->dir) == NULL) {
		snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
		d->dir[0] = '\0';
		return -1;
	}
	return 0;
}

/* In the child: stdout to the pipe, stdin /dev/null (or ours: keep_stdin),
 * stderr to the folder's slsd.err; then exec argv. slsd is told to stop
 * when slsx dies without stopping it (SIGKILL, a crash): it never outlives
 * its UI. */
static void
demo_child(const struct demo *d, pid_t parent, int out, int keep_stdin, const char **argv)
{
	char errf[PATH_MAX];
	int nul = open("/dev/null", O_RDWR), ef;

#ifdef __linux__
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
		_exit(127); /* slsx is already gone */
#else
	(void)parent;
#endif

	snprintf(errf, sizeof errf, "%s/slsd.err", d->dir);
	ef = open(errf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	dup2(out, STDOUT_FILENO);
	if (nul >= 0 && !keep_stdin)
		dup2(nul, STDIN_FILENO);
	if (ef >= 0 || nul >= 0)
		dup2(ef >= 0 ? ef : nul, STDERR_FILENO);
	if (d->ak_id[0]) { /* the files' slsd: keys from the environment */
		setenv("SLSD_ACCESS_KEY_ID", d->ak_id, 1);
		setenv("SLSD_ACCESS_KEY_SECRET", d->ak_secret, 1);
	}
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

/* Fork and exec slsd with argv (argv[0] its path), wait until it is up. */
static int
demo_spawn(struct demo *d, const char **argv, int keep_stdin, int files, volatile sig_atomic_t *stop,
    char *err, size_t errlen)
{
	int pfd[2];
	pid_t parent;

	if (pipe(pfd) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		demo_stop(d);
		return -1;
	}
	parent = getpid();
	d->pid = fork();
	if (d->pid == 0) {
		close(pfd[0]);
		demo_child(d, parent, pfd[1], keep_stdin, argv);
	}
	close(pfd[1]);
	if (d->pid < 0) {
		close(pfd[0]);
		snprintf(err, errlen, "fork: %s", strerror(errno));
		demo_stop(d);
		return -1;
	}
	d->fd = pfd[0];
	if (demo_wait(d, pfd[0], stop, files, files ? 86400 : 60, err, errlen) != 0) {
		demo_stop(d);
		return -1;
	}
	return 0;
}

int
demo_start(struct demo *d, const char *argv0, volatile sig_atomic_t *stop, char *err,
    size_t errlen)
{
	char slsd[PATH_MAX], data[PATH_MAX], logf[PATH_MAX];
	const char *argv[] = { slsd, "--demo", "--data", data, "--listen", "127.0.0.1:0", "--log", logf,
		NULL };

	if (demo_mkdir(d, err, errlen) != 0)
		return -1;
	demo_slsd_path(argv0, slsd, sizeof slsd);
	snprintf(data, sizeof data, "%s/data", d->dir);
	snprintf(logf, sizeof logf, "%s/slsd.log", d->dir);
	/* keys are written by slsd itself into its data folder */
	return demo_spawn(d, argv, 0, 0, stop, err, errlen);
}

/* A fresh key pair for the files' slsd. */
static int
demo_new_keys(struct demo *d, char *err, size_t errlen)
{
	unsigned char r[24];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC), i;

	if (fd < 0 || read(fd, r, sizeof r) != (ssize_t)sizeof r) {
		snprintf(err, errlen, "cannot read /dev/urandom");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	snprintf(d->ak_id, sizeof d->ak_id, "local");
	for (i = 0; i < 8; i++)
		snprintf(d->ak_id + 5 + 2 * i, sizeof d->ak_id - 5 - 2 * (size_t)i, "%02x", r[i]);
	for (i = 0; i < 16; i++)
		snprintf(d->ak_secret + 2 * i, sizeof d->ak_secret - 2 * (size_t)i, "%02x", r[8 + i]);
	explicit_bzero(r, sizeof r);
	return 0;
}

int
demo_start_files(struct demo *d, const char *argv0, const char *const *files, int n,
    int early, volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	char slsd[PATH_MAX], data[PATH_MAX], logf[PATH_MAX];
	const char *argv[11 + 2 * DEMO_MAX_FILES];
	char *specs[DEMO_MAX_FILES];
	int i, k = 0, keep_stdin = 0, rc;

	if (n < 1 || n > DEMO_MAX_FILES) {
		snprintf(err, errlen, "give 1 to %d files", DEMO_MAX_FILES);
		return -1;
	}
	if (demo_mkdir(d, err, errlen) != 0 || demo_new_keys(d, err, errlen) != 0) {
		demo_stop(d);
		return -1;
	}
	demo_slsd_path(argv0, slsd, sizeof slsd);
	snprintf(data, sizeof data, "%s/data", d->dir);
	snprintf(logf, sizeof logf, "%s/slsd.log", d->dir);
	argv[k++] = slsd;
	argv[k++] = "--data";
	argv[k++] = data;
	argv[k++] = "--listen";
	argv[k++] = "127.0.0.1:0";
	argv[k++] = "--log";
	argv[k++] = logf;
	argv[k++] = "--follow";
	if (early)
		argv[k++] = "--early";
	for (i = 0; i < n; i++) {
		size_t len = strlen(files[i]) + 2;

		specs[i] = malloc(len);
		if (specs[i] == NULL)
			abort();
		snprintf(specs[i], len, "%s:", files[i]); /* "FILE:": the name from the file */
		keep_stdin |= strcmp(files[i], "-") == 0;
		argv[k++] = "--ingest";
		argv[k++] = specs[i];
	}
	argv[k] = NULL;
	rc = demo_spawn(d, argv, keep_stdin, 1, stop, err, errlen);
	for (i = 0; i < n; i++)
		free(specs[i]);
	return rc;
}

void
demo_stop(struct demo *d)
{
	if (d->pid > 0) {
		kill(d->pid, SIGTERM);
		waitpid(d->pid, NULL, 0);
		d->pid = -1;
	}
	if (d->fd >= 0) {
		close(d->fd);
		d->fd = -1;
	}
	demo_rmdir(d->dir);
	d->dir[0] = '\0';
	explicit_bzero(d->ak_secret, sizeof d->ak_secret);
}

int
demo_slsd_version(const char *argv0, FILE *fp)
{
	char slsd[PATH_MAX], buf[512];
	int pfd[2], st = 0;
	ssize_t n;
	pid_t pid;

	demo_slsd_path(argv0, slsd, sizeof slsd);
	if (access(slsd, X_OK) != 0 || pipe(pfd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		close(pfd[0]);
		execl(slsd, slsd, "--version", (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return -1;
	}
	while ((n = read(pfd[0], buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)n, fp);
	close(pfd[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}
