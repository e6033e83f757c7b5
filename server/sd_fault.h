/*
 * sd_fault — fault injection for client tests (`slsd --faults SPEC`).
 *
 * SPEC is a comma-separated list of rules ROUTE:ACTION[@PROB][#COUNT]:
 *   ROUTE   any, project, logstore, shards, cursor, pull, put, getlogs,
 *           histogram, context, topic, index, projectlogs, consumergroup
 *   ACTION  STATUS[/ErrorCode]  reply with that status and SLS error code
 *                               (500 -> InternalServerError, 503 -> ServerBusy,
 *                               403 -> ReadQuotaExceed, 401 -> Unauthorized
 *                               when no code is given)
 *           delay=MS            add MS milliseconds of latency
 *           stall=MS            answer nothing for MS milliseconds, then drop
 *           reset               close the connection without a reply
 *           truncate            send half of the body (full Content-Length)
 *           corrupt             flip bytes in the body (corrupt lz4, protobuf
 *                               or JSON, whichever the reply carries)
 *           badcount            x-log-count one more than the truth
 *           badjson             replace the body with invalid JSON
 *           incomplete          report progress Incomplete (header and JSON)
 *   @PROB   apply with probability PROB (0..1), deterministic with --seed
 *   #COUNT  apply to the first COUNT matching requests only
 * Example: pull:503#2,getlogs:delay=50,put:403/WriteQuotaExceed@0.1
 */
#ifndef SLSX_SERVER_SD_FAULT_H
#define SLSX_SERVER_SD_FAULT_H

#include <stddef.h>

struct sd_req;
struct sd_resp;
struct sd_faults;

/* Parse SPEC; NULL with a message in err when malformed. */
struct sd_faults *sd_fault_parse(const char *spec, unsigned seed, char *err, size_t errlen);
void sd_fault_free(struct sd_faults *f);
/* Apply the matching rules to a reply about to be sent. Thread-safe. */
void sd_fault_apply(struct sd_faults *f, const struct sd_req *rq, struct sd_resp *rs);

#endif
