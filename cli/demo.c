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

/* Wait for "listening on URL" and "keys FILE" on slsd's stdout. */
static int
demo_wait(struct demo *d, int fd, volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	char buf[4096], keys[PATH_MAX] = "";
	size_t len = 0;
	int64_t until = clk_mono_ms() + 60000;

	while (clk_mono_ms() < until) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t k;
		char *p;

		if (stop && *stop) {
			snprintf(err, errlen, "interrupted while slsd was starting");
			return -1;
		}
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		k = read(fd, buf + len, sizeof buf - 1 - len);

		if (k <= 0) {
			snprintf(err, errlen, "slsd exited before listening (log: %s/slsd.log)", d->dir);
			return -1;
		}
		len += (size_t)k;
		buf[len] = '\0';
		if ((p = strstr(buf, "listening on ")) != NULL)
			sscanf(p + 13, "%127s", d->url);
		if ((p = strstr(buf, "\nkeys ")) != NULL)
			sscanf(p + 6, "%4000s", keys);
		if (d->url[0] && keys[0])
			return demo_read_keys(d, keys, err, errlen);
		if (len == sizeof buf - 1)
			len = 0;
	}
	snprintf(err, errlen, "slsd did not start within 60 s");
	return -1;
}

int
demo_start(struct demo *d, const char *argv0, volatile sig_atomic_t *stop, char *err,
    size_t errlen)
{
	char slsd[PATH_MAX], data[PATH_MAX], logf[PATH_MAX];
	const char *tmp;
	int pfd[2];

	memset(d, 0, sizeof *d);
	d->pid = -1;
	d->fd = -1;
	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > sizeof d->dir - 20)
		tmp = "/tmp";
	snprintf(d->dir, sizeof d->dir, "%s/slsx-demo.XXXXXX", tmp);
	if (mkdtemp(d->dir) == NULL) {
		snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
		d->dir[0] = '\0';
		return -1;
	}
	demo_slsd_path(argv0, slsd, sizeof slsd);
	snprintf(data, sizeof data, "%s/data", d->dir);
	snprintf(logf, sizeof logf, "%s/slsd.log", d->dir);
	if (pipe(pfd) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		demo_stop(d);
		return -1;
	}
	d->pid = fork();
	if (d->pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		dup2(pfd[1], STDOUT_FILENO);
		if (nul >= 0) {
			dup2(nul, STDIN_FILENO);
			dup2(nul, STDERR_FILENO);
		}
		close(pfd[0]);
		/* keys are written by slsd itself into its data folder */
		execl(slsd, slsd, "--demo", "--data", data, "--listen", "127.0.0.1:0", "--log", logf,
		    (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	if (d->pid < 0) {
		close(pfd[0]);
		snprintf(err, errlen, "fork: %s", strerror(errno));
		demo_stop(d);
		return -1;
	}
	d->fd = pfd[0];
	if (demo_wait(d, pfd[0], stop, err, errlen) != 0) {
		demo_stop(d);
		return -1;
	}
	return 0;
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
