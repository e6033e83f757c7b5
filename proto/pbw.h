/*
 * pbw — protobuf wire-format writing helpers for the SLS schema.
 *
 * slsd stores each LogGroup as the bytes it received and must add server
 * tags to it and frame groups into a LogGroupList for PullLogs; clients
 * build LogGroups for PutLogs. Appending a field to a serialized message is
 * valid protobuf, so these helpers never re-encode what is already there.
 * Wire tags: LogGroupList.LogGroups 0x0a, LogGroup.Logs 0x0a, Topic 0x1a,
 * Source 0x22, LogTags 0x32; Log.Time 0x08, Contents 0x12, Time_ns 0x25;
 * Content/LogTag Key 0x0a, Value 0x12 (spec §5).
 */
#ifndef SLSX_PROTO_PBW_H
#define SLSX_PROTO_PBW_H

#include <stddef.h>
#include <stdint.h>

struct sb;

/* Append a varint. 0 ok, -1 over the buffer's cap. */
int pbw_varint(struct sb *b, uint64_t v);
/* Append a length-delimited field: tag byte, length, bytes. */
int pbw_bytes(struct sb *b, unsigned field, const void *p, size_t n);
/* Append a LogTag {key, value} to a serialized LogGroup in b. */
int pbw_group_tag(struct sb *b, const char *key, const char *value);
/* Append one serialized LogGroup to a LogGroupList in b. */
int pbw_list_group(struct sb *b, const void *group, size_t n);
/* Append a Log (time, optional ns, contents as parallel key/value arrays
 * with lengths) to a LogGroup in b. */
int pbw_group_log(struct sb *b, uint32_t time, int has_ns, uint32_t ns, size_t n,
    const char *const *keys, const size_t *klens, const char *const *vals,
    const size_t *vlens);
/* Read a varint from p[0..n); returns bytes used or 0 if truncated/invalid. */
size_t pbw_read_varint(const unsigned char *p, size_t n, uint64_t *v);

#endif
