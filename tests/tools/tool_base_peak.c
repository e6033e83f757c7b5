/*
 * tool_base_peak — run a command and report its wall time and the peak
 * resident memory of everything it started, for bench/ scripts:
 *
 *   tool_base_peak [--out FILE] COMMAND [ARGS...]
 *
 * Every 5 ms it walks /proc for the command's descendants (a process
 * whose parent is the command or one of them) and keeps, per process, the
 * highest VmHWM seen (the kernel's own high-water mark, so a peak between
 * two looks is not missed). The figure is the sum of those marks: at
 * least the true peak of the whole tree, never less, as a bench against a
 * peer should be. On exit it writes "peak_kb N\nwall_ms N\nprocs N\n" to
 * FILE (default stderr) and exits with the command's status. The command's
 * own stdin, stdout and stderr are left as they are.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PEAK_MAX 4096

struct peak_proc {
	pid_t pid;
	long hwm_kb;
};

static struct peak_proc peak_tab[PEAK_MAX];
static size_t peak_n;

static long
peak_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A process's parent and VmHWM from /proc; 0 when read. */
static int
peak_read(pid_t pid, pid_t *ppid, long *hwm)
{
	char path[64], line[256];
	FILE *fp;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	*ppid = 0;
	*hwm = 0;
	while (fgets(line, sizeof line, fp)) {
		if (strncmp(line, "PPid:", 5) == 0)
			*ppid = (pid_t)atol(line + 5);
		else if (strncmp(line, "VmHWM:", 6) == 0)
			*hwm = atol(line + 6);
	}
	fclose(fp);
	return 0;
}

static struct peak_proc *
peak_find(pid_t pid)
{
	size_t i;

	for (i = 0; i < peak_n; i++)
		if (peak_tab[i].pid == pid)
			return &peak_tab[i];
	return NULL;
}

/* One look at the tree under root: new descendants are added (a parent
 * must be known first, so walk until nothing new), marks raised. */
static void
peak_sample(pid_t root)
{
	int grew = 1, pass;

	for (pass = 0; grew && pass < 8; pass++) {
		DIR *d = opendir("/proc");
		struct dirent *e;

		grew = 0;
		if (d == NULL)
			return;
		while ((e = readdir(d)) != NULL) {
			pid_t pid = (pid_t)atol(e->d_name), pp;
			struct peak_proc *p;
			long hwm;

			if (pid <= 0 || peak_read(pid, &pp, &hwm) != 0)
				continue;
			p = peak_find(pid);
			if (p == NULL && (pid == root || peak_find(pp)) && peak_n < PEAK_MAX) {
				p = &peak_tab[peak_n++];
				p->pid = pid;
				p->hwm_kb = 0;
				grew = 1;
			}
			if (p && hwm > p->hwm_kb)
				p->hwm_kb = hwm;
		}
		closedir(d);
	}
}

int
main(int argc, char **argv)
{
	const char *out = NULL;
	long t0, sum = 0;
	int argi = 1, st = 0;
	pid_t child;
	size_t i;
	FILE *fp;

	if (argc > 2 && strcmp(argv[1], "--out") == 0) {
		out = argv[2];
		argi = 3;
	}
	if (argi >= argc) {
		fputs("usage: tool_base_peak [--out FILE] COMMAND [ARGS...]\n", stderr);
		return 2;
	}
	t0 = peak_now_ms();
	if ((child = fork()) == 0) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "tool_base_peak: %s: %s\n", argv[argi], strerror(errno));
		_exit(127);
	}
	for (;;) {
		struct timespec ts = { 0, 5000000 };
		pid_t w;

		peak_sample(child);
		w = waitpid(child, &st, WNOHANG);
		if (w == child || (w < 0 && errno != EINTR))
			break;
		nanosleep(&ts, NULL);
	}
	for (i = 0; i < peak_n; i++)
		sum += peak_tab[i].hwm_kb;
	fp = out ? fopen(out, "w") : stderr;
	if (fp) {
		fprintf(fp, "peak_kb %ld\nwall_ms %ld\nprocs %zu\n", sum, peak_now_ms() - t0, peak_n);
		if (fp != stderr)
			fclose(fp);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
