/*
 * sd_store_int — what sd_store.c shares with sd_catalog.c: the store's
 * state and its statement helpers. Nothing outside the store includes it.
 */
#ifndef SLSX_SERVER_SD_STORE_INT_H
#define SLSX_SERVER_SD_STORE_INT_H

#include <pthread.h>

#include <sqlite3.h>

struct sd_err;
struct sq;

/* Index changes of one logstore are serialized by ixmu[id % SD_IXMU]
 * (taken before mu, never inside): one waiting for a long query of its
 * logstore stops no other logstore's index change (ids are sequential, so
 * two logstores share a stripe only SD_IXMU ids apart). */
#define SD_IXMU 64

struct sd_store {
	sqlite3 *db;
	pthread_mutex_t mu;
	pthread_mutex_t ixmu[SD_IXMU];
	unsigned rr; /* round-robin counter for /shards/lb */
	struct sq *sq; /* the query engine, fed by every stored group */
};

/* Prepare or log; the statement is finalized by the caller. */
sqlite3_stmt *sd_store_prep(struct sd_store *s, const char *sql);
/* Log the database error and fill err (500 InternalServerError). */
void sd_store_db_err(struct sd_store *s, struct sd_err *err);

#endif
