/*
 * sd_demo — the data of `slsd --demo`: project "demo" with logstores
 * nginx-access (4 shards), app-json (2) and k8s-events (1), realistic
 * indexes, 24 hours of back-filled logs with a daily shape and incident
 * bursts, then new logs every second so a live tail moves.
 *
 * Logs go through sd_store_put_group, the path PutLogs uses, as LogGroups
 * per (source, minute) carrying __pack_id__ tags so context works. The
 * generator is deterministic for a seed; nginx and app logs share trace
 * ids so a request can be followed across them.
 */
#ifndef SLSX_SERVER_SD_DEMO_H
#define SLSX_SERVER_SD_DEMO_H

#include <stdint.h>
#include <time.h>

struct sd_store;
struct sd_demo;

/* Create the project, logstores and indexes if missing, and back-fill the
 * 24 hours before now unless the logstores already hold data. NULL with a
 * message in err on failure. rate: live logs per second (all logstores). */
struct sd_demo *sd_demo_new(struct sd_store *s, time_t now, unsigned seed, int rate,
    char *err, size_t errlen);
/* Logs the back-fill wrote (0 when the data was already there). */
int64_t sd_demo_backfilled(const struct sd_demo *d);
/* Write the logs of second `now` (call about once a second). */
int sd_demo_tick(struct sd_demo *d, time_t now);
void sd_demo_free(struct sd_demo *d);

#endif
