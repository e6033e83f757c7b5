/*
 * sd_catalog — slsd's catalog, kept in the store's database: projects,
 * logstores, their shards and index configs (spec §4.1–§4.5, §4.16). All
 * functions take the store lock.
 */
#ifndef SLSX_SERVER_SD_CATALOG_H
#define SLSX_SERVER_SD_CATALOG_H

#include <stddef.h>
#include <stdint.h>

struct sb;
struct sd_err;
struct sd_store;

struct sd_logstore {
	int64_t id;
	char name[128];
	int64_t ttl, shard_count, max_split, create_time, last_modify;
	int auto_split, append_meta, enable_tracking;
	char telemetry[32], mode[32];
};

struct sd_shard {
	int id;
	char status[16];
	char begin_key[33], end_key[33];
	int64_t create_time;
	int64_t cursor_base;
};

int sd_catalog_project_create(struct sd_store *s, const char *name, const char *desc,
    struct sd_err *err);
/* 1 exists (fills create/modify times), 0 not. */
int sd_catalog_project_get(struct sd_store *s, const char *name, char *desc, size_t desclen,
    int64_t *ctime, int64_t *mtime);
/* JSON {"count","total","projects":[...]} into out. */
int sd_catalog_project_list(struct sd_store *s, const char *filter, int64_t offset, int64_t size,
    struct sb *out);
/* One project object into out; -1 when it does not exist. */
int sd_catalog_project_get_json(struct sd_store *s, const char *name, struct sb *out);
int sd_catalog_project_delete(struct sd_store *s, const char *name, struct sd_err *err);

/* Create with shard_count shards splitting the MD5 space evenly. */
int sd_catalog_logstore_create(struct sd_store *s, const char *project,
    const struct sd_logstore *ls,
    struct sd_err *err);
/* 0 ok (fills *out), -1 LogStoreNotExist in err. */
int sd_catalog_logstore_get(struct sd_store *s, const char *project, const char *name,
    struct sd_logstore *out, struct sd_err *err);
int sd_catalog_logstore_list(struct sd_store *s, const char *project, const char *filter,
    int64_t offset, int64_t size, struct sb *out);
int sd_catalog_logstore_delete(struct sd_store *s, const char *project, const char *name,
    struct sd_err *err);
int sd_catalog_logstore_update(struct sd_store *s, const char *project,
    const struct sd_logstore *ls,
    struct sd_err *err);

/* Shards of a logstore; *out malloc'd. Returns count or -1. */
int sd_catalog_shards(struct sd_store *s, int64_t ls, struct sd_shard **out);

/* Index config JSON: set (NULL deletes), get (malloc'd, NULL if none). */
int sd_catalog_index_set(struct sd_store *s, int64_t ls, const char *json, struct sd_err *err);
char *sd_catalog_index_get(struct sd_store *s, int64_t ls);

#endif
