/*
 * slsd — a local SLS-compatible server (libmicrohttpd + SQLite).
 *
 * It speaks the SLS wire protocol so the official SDKs and slsx work
 * against it unchanged. The first line on stdout is exactly
 * "listening on http://ADDR:PORT"; SIGTERM/SIGINT stop it cleanly.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "base/clk.h"
#include "base/log.h"
#include "base/xalloc.h"
#include <cjson/cJSON.h>
#include <lz4.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <zlib.h>
#include <zstd.h>

#include "server/sd_auth.h"
#include "server/sd_demo.h"
#include "server/sd_fault.h"
#include "server/sd_http.h"
#include "server/sd_ingest.h"
#include "server/sd_store.h"

static volatile sig_atomic_t slsd_stop;

static void
slsd_on_signal(int sig)
{
	(void)sig;
	slsd_stop = 1;
}

/* The demo's live stream: one tick a second until stopped. */
static void *
slsd_demo_thread(void *arg)
{
	struct sd_demo *d = arg;
	time_t last = 0;

	while (!slsd_stop) {
		time_t now = clk_wall();

		if (now != last) {
			if (sd_demo_tick(d, now) != 0)
				log_error("demo: cannot store live logs");
			last = now;
		}
		clk_sleep_ms(100);
	}
	return NULL;
}

#define SLSD_MAX_INGEST 64
#define SLSD_NEWEST ((size_t)2 << 20) /* --early: the bytes of a file loaded first */

/* The --ingest sources --follow polls; with --early, those whose load
 * from the start is still to do (rest[i]). */
struct slsd_follow {
	struct sd_ingest **ing;
	int n, follow;
	const int *rest;
	int64_t t0;         /* slsd's start (monotonic ms) */
	int64_t said;       /* when the last progress line went out */
	int delay_ms;       /* SLSD_TEST_LOAD_DELAY_MS: a pause per chunk read */
	int tty;            /* stdout is a terminal */
	int owed[SLSD_MAX_INGEST]; /* its load over, its last entry held: "loaded" to say */
};

/* "progress LOGSTORE BYTES TOTAL" on stdout. */
static void
slsd_progress_line(const struct sd_ingest *in)
{
	uint64_t bytes, total;
	int64_t logs;

	sd_ingest_progress(in, &bytes, &total, &logs);
	printf("progress %s %llu %llu\n", sd_ingest_logstore(in), (unsigned long long)bytes,
	    (unsigned long long)total);
	fflush(stdout);
}

/* --early, while the rest of a file loads: a progress line at most every
 * 250 ms (and the test's pause). */
static void
slsd_on_read(void *arg, const struct sd_ingest *in)
{
	struct slsd_follow *f = arg;
	int64_t now = clk_mono_ms();

	if (f->delay_ms > 0)
		clk_sleep_ms(f->delay_ms);
	if (now - f->said < 250 || f->tty)
		return; /* a terminal (slsd run by hand): the first and last lines only */
	f->said = now;
	slsd_progress_line(in);
}

/* "loaded LOGSTORE LOGS MS": the source is in, its last entry too. */
static void
slsd_loaded_line(const struct slsd_follow *f, const struct sd_ingest *in)
{
	uint64_t bytes, total;
	int64_t logs;

	sd_ingest_progress(in, &bytes, &total, &logs);
	printf("loaded %s %lld %lld\n", sd_ingest_logstore(in), (long long)logs,
	    (long long)(clk_mono_ms() - f->t0));
	fflush(stdout);
}

/* A source's load over: "loaded" now, or once the entry it held is in
 * (the follower's poll stores it: slsd_said_loaded). */
static void
slsd_load_over(struct slsd_follow *f, int i)
{
	if (sd_ingest_settling(f->ing[i]))
		f->owed[i] = 1;
	else
		slsd_loaded_line(f, f->ing[i]);
}

/* After a poll: "loaded" for a source whose held last entry is in. */
static void
slsd_said_loaded(struct slsd_follow *f, int i)
{
	if (f->owed[i] && !sd_ingest_settling(f->ing[i])) {
		f->owed[i] = 0;
		slsd_loaded_line(f, f->ing[i]);
	}
}

/* --early: the load of each source from its start (its newest part is
 * in), then, with --follow, the polling. stdout gets "progress" lines for
 * each such source at once (its newest part in; or the whole of a small
 * file whose last entry is held), then while it loads, and "loaded
 * LOGSTORE LOGS MS" when it is in, its last entry too. */
static void
slsd_load_rest(struct slsd_follow *f)
{
	char err[512];
	int i;

	for (i = 0; i < f->n; i++) {
		int rest = f->rest && f->rest[i];

		if (f->ing[i] == NULL || (!rest && !sd_ingest_settling(f->ing[i])))
			continue;
		slsd_progress_line(f->ing[i]);
		if (!rest)
			f->owed[i] = 1;
	}
	f->said = clk_mono_ms();
	for (i = 0; i < f->n && !slsd_stop; i++) {
		int64_t n;

		if (f->rest == NULL || !f->rest[i])
			continue;
		sd_ingest_on_read(f->ing[i], slsd_on_read, f);
		n = sd_ingest_load(f->ing[i], f->follow, err, sizeof err);
		sd_ingest_on_read(f->ing[i], NULL, NULL);
		if (n < 0) {
			log_error("--ingest: %s", err);
			fprintf(stderr, "slsd: --ingest: %s\n", err);
			printf("failed %s\n", sd_ingest_logstore(f->ing[i]));
			fflush(stdout);
			continue;
		}
		fprintf(stderr, "slsd: ingested %lld more logs (the rest of the file) into "
		    "local/%s\n", (long long)n, sd_ingest_logstore(f->ing[i]));
		if (slsd_stop)
			break; /* cut short: not loaded */
		slsd_load_over(f, i);
	}
}

/* --follow: every source polled every 250 ms for appended lines. */
static void *
slsd_follow_thread(void *arg)
{
	struct slsd_follow *f = arg;
	char err[512];
	int i;

	slsd_load_rest(f);
	while (f->follow && !slsd_stop) {
		for (i = 0; i < f->n && !slsd_stop; i++) {
			if (f->ing[i] == NULL || !sd_ingest_active(f->ing[i]))
				continue;
			if (sd_ingest_poll(f->ing[i], err, sizeof err) < 0)
				log_error("follow: %s", err);
			slsd_said_loaded(f, i);
		}
		for (i = 0; i < 25 && !slsd_stop; i++) /* 250 ms, a stop seen at once */
			clk_sleep_ms(10);
	}
	return NULL;
}

/* "logstore NAME" per source, then "span FROM TO" of the logs loaded
 * (now, now when none). */
static void
slsd_span(struct sd_ingest **ing, int n)
{
	time_t from = 0, to = 0, a, b;
	int i;

	for (i = 0; i < n; i++) {
		printf("logstore %s\n", sd_ingest_logstore(ing[i]));
		sd_ingest_span(ing[i], &a, &b);
		if (a > 0 && (from == 0 || a < from))
			from = a;
		if (b > to)
			to = b;
	}
	if (from == 0)
		from = to = clk_wall();
	printf("span %lld %lld\n", (long long)from, (long long)to);
	fprintf(stderr, "slsd: span %lld %lld\n", (long long)from, (long long)to);
}

static void
slsd_usage(FILE *fp)
{
	fputs("usage: slsd [--listen ADDR:PORT] [--data DIR | --memory] [--keys FILE]\n"
	      "            [--demo] [--ingest FILE[:LS]]... [--follow] [--early] [--faults SPEC]\n"
	      "            [--seed N] [--log FILE] [-v]\n"
	      "       slsd --version (with the versions of the libraries it runs with)\n"
	      "\n"
	      "  --listen ADDR:PORT  address to listen on (default 127.0.0.1:0; port 0 picks\n"
	      "                      a free port). The first stdout line is\n"
	      "                      \"listening on http://ADDR:PORT\".\n"
	      "  --data DIR          keep data in DIR (SQLite, WAL); survives restarts\n"
	      "  --memory            keep data in memory (the default)\n"
	      "  --keys FILE         access keys, lines \"id secret\" or \"id secret sts\"\n"
	      "                      (or SLSD_ACCESS_KEY_ID / SLSD_ACCESS_KEY_SECRET)\n"
	      "  --demo              project \"demo\" with logstores nginx-access, app-json and\n"
	      "                      k8s-events: 24 h of back-filled logs, then new logs every\n"
	      "                      second; also creates a random key pair (written 0600 to a\n"
	      "                      file printed as \"keys FILE\") when no keys are given\n"
	      "  --demo-rate N       live demo logs per second (default 20)\n"
	      "  --ingest FILE[:LS]  load a log file (JSON lines, Docker, Kubernetes CRI,\n"
	      "                      logfmt, syslog, nginx/Apache combined, plain text) into\n"
	      "                      project \"local\", logstore LS (default: the file name,\n"
	      "                      with its folder's when two files share it); FILE.gz is\n"
	      "                      read through zlib, - is standard input; repeatable\n"
	      "  --early             with --ingest: listen (and print the span) once the\n"
	      "                      newest part of each file is in, load the rest behind;\n"
	      "                      until then answers that may miss logs say Incomplete;\n"
	      "                      a followed file written right now keeps its last entry\n"
	      "                      back (500 ms) for the lines that may finish it;\n"
	      "                      stdout says, after \"span\", \"progress LS BYTES TOTAL\"\n"
	      "                      (bytes loaded of the file, at once, then at most every\n"
	      "                      250 ms unless stdout is a terminal) and when it is in\n"
	      "                      \"loaded LS LOGS MS\" (logs in all, ms since slsd\n"
	      "                      started) or \"failed LS\"\n"
	      "  --follow            keep the --ingest files open and add what is appended\n"
	      "                      (polled every 250 ms; rotation and truncation as\n"
	      "                      tail -F); standard input is followed until EOF.\n"
	      "                      With --ingest, after \"listening on\" (and \"keys\")\n"
	      "                      stdout says \"logstore NAME\" per file, then stdout\n"
	      "                      and stderr \"span FROM TO\" (epoch seconds) of the\n"
	      "                      logs loaded\n"
	      "  --faults SPEC       inject faults, e.g. pull:503#2,getlogs:delay=50\n"
	      "                      (ROUTE:ACTION[@PROB][#COUNT], see server/README.md)\n"
	      "  --seed N            seed for --faults probabilities\n"
	      "  --log FILE          debug log (-v for more detail)\n",
	    fp);
}

/* --demo without keys: a random pair written 0600 under data dir or /tmp. */
static int
slsd_demo_keys(struct sd_keys *k, const char *dir, char *path, size_t pathlen)
{
	unsigned char r[24];
	char id[40], secret[64];
	int fd, i;
	FILE *fp;

	if (RAND_bytes(r, sizeof r) != 1)
		return -1;
	snprintf(id, sizeof id, "demo");
	for (i = 0; i < 8; i++)
		snprintf(id + 4 + 2 * i, sizeof id - 4 - 2 * (size_t)i, "%02x", r[i]);
	for (i = 0; i < 16; i++)
		snprintf(secret + 2 * i, sizeof secret - 2 * (size_t)i, "%02x", r[8 + i]);
	if (dir)
		snprintf(path, pathlen, "%s/demo.keys", dir);
	else
		snprintf(path, pathlen, "/tmp/slsd-demo-%d.keys", (int)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fchmod(fd, 0600);
	fprintf(fp, "%s %s\n", id, secret);
	fclose(fp);
	sd_auth_keys_add(k, id, secret, 0);
	explicit_bzero(secret, sizeof secret);
	return 0;
}

static int
slsd_parse_listen(const char *s, char *addr, size_t addrlen, int *port)
{
	const char *colon = strrchr(s, ':');
	char *end;
	long p;

	if (colon == NULL || (size_t)(colon - s) >= addrlen || colon == s)
		return -1;
	memcpy(addr, s, (size_t)(colon - s));
	addr[colon - s] = '\0';
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p < 0 || p > 65535 || colon[1] == '\0')
		return -1;
	*port = (int)p;
	return 0;
}


/* The command line. */
struct slsd_opts {
	const char *listen, *data, *keys, *faults, *logfile;
	const char *ingest[SLSD_MAX_INGEST];
	int ningest, follow, early;
	int rest[SLSD_MAX_INGEST];  /* --early: the load from the start is still to do */
	unsigned seed;
	int demo, verbose, demo_rate;
	int64_t t0;         /* when slsd started (monotonic ms) */
	char addr[64];
	int port;
};

#define SLSD_VERSION "0.1.0"

/* slsd's version and those of the libraries it runs with. */
static void
slsd_version(void)
{
	printf("slsd %s\n", SLSD_VERSION);
	printf("SQLite %s\n", sqlite3_libversion());
	printf("libmicrohttpd %s\n", MHD_get_version());
	printf("liblz4 %s\n", LZ4_versionString());
	printf("libzstd %s\n", ZSTD_versionString());
	printf("zlib %s\n", zlibVersion());
	printf("cJSON %s\n", cJSON_Version());
	printf("OpenSSL %s\n", OpenSSL_version(OPENSSL_VERSION_STRING));
}

/* Parse argv into o; 0 to run, else 1 with the exit status in *rc. */
static int
slsd_parse_args(int argc, char **argv, struct slsd_opts *o, int *rc)
{
	static const struct option opts[] = { { "listen", required_argument, NULL, 'l' },
		{ "data", required_argument, NULL, 'd' }, { "memory", no_argument, NULL, 'm' },
		{ "keys", required_argument, NULL, 'k' }, { "demo", no_argument, NULL, 'D' },
		{ "faults", required_argument, NULL, 'f' }, { "seed", required_argument, NULL, 's' },
		{ "log", required_argument, NULL, 'L' }, { "help", no_argument, NULL, 'h' },
		{ "demo-rate", required_argument, NULL, 'R' },
		{ "ingest", required_argument, NULL, 'I' },
		{ "follow", no_argument, NULL, 'F' },
		{ "early", no_argument, NULL, 'E' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 } };
	int c;

	memset(o, 0, sizeof *o);
	o->t0 = clk_mono_ms();
	o->listen = "127.0.0.1:0";
	o->seed = 1;
	o->demo_rate = 20;
	*rc = 2;
	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 'l': o->listen = optarg; break;
		case 'd': o->data = optarg; break;
		case 'm': o->data = NULL; break;
		case 'k': o->keys = optarg; break;
		case 'D': o->demo = 1; break;
		case 'f': o->faults = optarg; break;
		case 's': o->seed = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'L': o->logfile = optarg; break;
		case 'R': o->demo_rate = atoi(optarg); break;
		case 'I':
			if (o->ningest == SLSD_MAX_INGEST) {
				fprintf(stderr, "slsd: at most 64 --ingest files\n");
				return 1;
			}
			o->ingest[o->ningest++] = optarg;
			break;
		case 'F': o->follow = 1; break;
		case 'E': o->early = 1; break;
		case 'v': o->verbose++; break;
		case 'h': slsd_usage(stdout); *rc = 0; return 1;
		case 'V': slsd_version(); *rc = 0; return 1;
		default: slsd_usage(stderr); return 1;
		}
	}
	if (optind != argc ||
	    slsd_parse_listen(o->listen, o->addr, sizeof o->addr, &o->port) != 0) {
		slsd_usage(stderr);
		return 1;
	}
	return 0;
}

/* The access keys: --keys, the environment, or with --demo and none given
 * a random pair written to a file (its path into kpath, else ""). 0 ok,
 * else the exit status. */
static int
slsd_start_keys(const struct slsd_opts *o, struct sd_server *srv, char *kpath, size_t len)
{
	char err[512];

	kpath[0] = '\0';
	if (o->keys && sd_auth_keys_load(srv->keys, o->keys, err, sizeof err) != 0) {
		fprintf(stderr, "slsd: %s\n", err);
		return 1;
	}
	if (getenv("SLSD_ACCESS_KEY_ID") && getenv("SLSD_ACCESS_KEY_SECRET"))
		sd_auth_keys_add(srv->keys, getenv("SLSD_ACCESS_KEY_ID"),
		    getenv("SLSD_ACCESS_KEY_SECRET"), 0);
	if (sd_auth_keys_count(srv->keys) > 0)
		return 0;
	if (!o->demo) {
		fprintf(stderr, "slsd: no access keys: give --keys FILE or set "
				"SLSD_ACCESS_KEY_ID/SLSD_ACCESS_KEY_SECRET (or use --demo)\n");
		return 1;
	}
	if (o->data && mkdir(o->data, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "slsd: cannot create %s: %s\n", o->data, strerror(errno));
		return 1;
	}
	if (slsd_demo_keys(srv->keys, o->data, kpath, len) != 0) {
		fprintf(stderr, "slsd: cannot write the demo key file\n");
		return 1;
	}
	return 0;
}

/* --demo's projects and back-fill, then each --ingest file. 0 ok, else the
 * exit status. */
static int
slsd_start_data(struct slsd_opts *o, struct sd_server *srv, struct sd_demo **dm,
    struct sd_ingest **ing)
{
	char err[512], names[SLSD_MAX_INGEST][SD_INGEST_NAME];
	int i;

	if (o->demo) {
		int64_t t0 = clk_mono_ms();

		*dm = sd_demo_new(srv->store, clk_wall(), o->seed, o->demo_rate, err, sizeof err);
		if (*dm == NULL) {
			fprintf(stderr, "slsd: demo: %s\n", err);
			return 1;
		}
		if (sd_demo_backfilled(*dm) > 0)
			fprintf(stderr, "slsd: demo: back-filled %lld logs in %lld ms\n",
			    (long long)sd_demo_backfilled(*dm), (long long)(clk_mono_ms() - t0));
	}
	sd_ingest_names(o->ingest, o->ningest, names);
	for (i = 0; i < o->ningest; i++) {
		struct sd_ingest *in = sd_ingest_open_as(srv->store, o->ingest[i], names[i], err,
		    sizeof err);
		int64_t n = -1;

		if (in) {
			sd_ingest_set_stop(in, &slsd_stop);
			sd_ingest_set_hold_first(in, o->early);
		}
		/* --early: a big file's newest part now, the rest once listening */
		if (in && o->early && (o->rest[i] = sd_ingest_load_newest(in, SLSD_NEWEST,
		    err, sizeof err)) != 0)
			n = o->rest[i] < 0 ? -1 : 0;
		else if (in)
			n = sd_ingest_load(in, o->follow, err, sizeof err);
		if (n < 0) {
			fprintf(stderr, "slsd: --ingest: %s\n", err);
			sd_ingest_close(in);
			return 1;
		}
		if (!o->rest[i])
			fprintf(stderr, "slsd: ingested %lld logs from %s into local/%s\n",
			    (long long)n, o->ingest[i], sd_ingest_logstore(in));
		ing[i] = in;
	}
	return 0;
}

/* Faults, the store, demo and ingested data. 0 ok, else the exit status. */
static int
slsd_start(struct slsd_opts *o, struct sd_server *srv, struct sd_demo **dm,
    struct sd_ingest **ing)
{
	char err[512];
	struct sd_err serr;

	if (o->faults &&
	    (srv->faults = sd_fault_parse(o->faults, o->seed, err, sizeof err)) == NULL) {
		fprintf(stderr, "slsd: %s\n", err);
		return 2;
	}
	if ((srv->store = sd_store_open(o->data, &serr)) == NULL) {
		fprintf(stderr, "slsd: %s\n", serr.msg);
		return 1;
	}
	return slsd_start_data(o, srv, dm, ing);
}

/* Listen, announce, run the demo stream, and wait for SIGINT/SIGTERM. */
static int
slsd_serve(const struct slsd_opts *o, struct sd_server *srv, struct sd_demo *dm,
    struct sd_ingest **ing, const char *kpath)
{
	struct sigaction sa;
	sigset_t stop, old, wait;
	pthread_t demo_thr, follow_thr;
	struct slsd_follow fo = { .ing = ing, .n = o->ningest, .follow = o->follow,
		.rest = o->early ? o->rest : NULL, .t0 = o->t0,
		.delay_ms = getenv("SLSD_TEST_LOAD_DELAY_MS") ?
		    atoi(getenv("SLSD_TEST_LOAD_DELAY_MS")) : 0,
		.tty = isatty(STDOUT_FILENO) };
	char err[512];
	int live = dm && o->demo_rate > 0, follow = (o->follow || o->early) && o->ningest > 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = slsd_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Blocked here, so in every thread started from now on (HTTP, demo):
	 * only this thread takes SIGINT/SIGTERM, in sigsuspend below, which
	 * unblocks them atomically, so none is lost. A SIGTERM taken by the
	 * HTTP thread used to leave this one in pause() for ever. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	wait = old;
	sigdelset(&wait, SIGINT);
	sigdelset(&wait, SIGTERM);
	if (sd_http_start(srv, o->addr, o->port, err, sizeof err) != 0) {
		fprintf(stderr, "slsd: %s\n", err);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return 1;
	}
	printf("listening on http://%s:%d\n", o->addr, srv->port);
	if (kpath[0])
		printf("keys %s\n", kpath);
	if (o->ningest > 0)
		slsd_span(ing, o->ningest);
	fflush(stdout);
	log_info("listening on %s:%d", o->addr, srv->port);
	if (live && pthread_create(&demo_thr, NULL, slsd_demo_thread, dm) != 0)
		live = 0;
	if (follow && pthread_create(&follow_thr, NULL, slsd_follow_thread, &fo) != 0)
		follow = 0;
	while (!slsd_stop)
		sigsuspend(&wait);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (live)
		pthread_join(demo_thr, NULL);
	if (follow)
		pthread_join(follow_thr, NULL);
	log_info("stopped");
	return 0;
}

int
main(int argc, char **argv)
{
	struct slsd_opts o;
	struct sd_server srv;
	struct sd_demo *dm = NULL;
	struct sd_ingest *ing[SLSD_MAX_INGEST] = { 0 };
	char kpath[512];
	int rc, i;

	if (slsd_parse_args(argc, argv, &o, &rc) != 0)
		return rc;
	if (o.logfile && log_open(o.logfile, o.verbose ? LOG_DEBUG : LOG_INFO) != 0) {
		fprintf(stderr, "slsd: cannot open log %s: %s\n", o.logfile, strerror(errno));
		return 1;
	}
	memset(&srv, 0, sizeof srv);
	srv.keys = sd_auth_keys_new();
	if ((rc = slsd_start_keys(&o, &srv, kpath, sizeof kpath)) != 0)
		goto out;
	if ((rc = slsd_start(&o, &srv, &dm, ing)) != 0)
		goto out;
	rc = slsd_serve(&o, &srv, dm, ing, kpath);
out:
	sd_demo_free(dm);
	for (i = 0; i < SLSD_MAX_INGEST; i++)
		sd_ingest_close(ing[i]);
	sd_http_stop(&srv);
	sd_store_close(srv.store);
	sd_auth_keys_free(srv.keys);
	sd_fault_free(srv.faults);
	log_close();
	return rc;
}
