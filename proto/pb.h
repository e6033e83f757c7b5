/*
 * pb — the decoded log record model and a fast protobuf codec for the SLS
 * schema (proto/sls_logs.proto, spec §5).
 *
 * A struct pb_page holds any number of LogGroups and their logs, decoded
 * from PullLogs bodies (LogGroupList) or PutLogs bodies (one LogGroup), or
 * built by hand. Layout (compact: resident size per log is about its raw
 * protobuf size; see proto/README.md):
 *
 *   groups[]  one per LogGroup: topic/source/machine uuid/reserved, its tags
 *             (tags[tag0 .. tag0+ntags)) and its logs (logs[log0 .. +nlogs))
 *   logs[]    one per Log: time, optional time_ns, its contents
 *             (fields[field0 .. field0+nfields)), group index
 *   fields[]  Log.Contents, 12 bytes each: interned key id + value offset/len
 *   tags[]    LogGroup.LogTags, same shape as fields
 *   keys[]    interned keys (content and tag keys): one copy per distinct
 *             byte string per page, NUL-terminated, ids are stable
 *   blob      every value, topic, source, ... copied once, each followed
 *             by a NUL (so values can be used as C strings when they hold
 *             no NUL themselves)
 *
 * Keys and values are byte strings: embedded NULs, non-UTF-8 bytes, empty
 * and huge strings and duplicate keys in one log all survive as they came.
 * Escape them (u8_escape) before printing to a terminal.
 *
 * Decoding: unknown fields (wire types 0, 1, 2, 5) are skipped; wire types
 * 3/4, a known field with the wrong wire type, a truncated varint or length,
 * or a length past its enclosing message is an error. Errors are atomic:
 * the page is left exactly as before the call (nothing half-appended).
 * Missing required fields (Log.Time, Content.Key/Value, LogTag.Key/Value)
 * are accepted with defaults (0 / empty string), because dropping a log is
 * worse than showing it with an empty value; each one is counted in
 * pb_err.missing as a warning. Repeated scalar fields: the last one wins
 * (protobuf semantics).
 *
 * Pointers into the page (pb_key, pb_value, ...) stay valid until the next
 * call that adds to the page (arrays may move), pb_page_clear or
 * pb_page_free. Ids and offsets stay valid until clear/free.
 *
 * Encoding writes canonical protobuf byte-identical to protobuf-c's packer
 * for the same message (fields in number order, required fields always
 * written). For appending tags to a stored serialized group and framing
 * groups into a LogGroupList, see proto/pbw.h (pbw_group_tag,
 * pbw_list_group).
 */
#ifndef SLSX_PROTO_PB_H
#define SLSX_PROTO_PB_H

#include <stddef.h>
#include <stdint.h>

struct sb;
struct arena;

/* A byte string in the page's blob (offset + length; blob[off+len] is NUL). */
struct pb_str {
	uint32_t off;
	uint32_t len;
};

/* One Log.Contents entry or one LogTag: key id in keys[], value in blob. */
struct pb_field {
	uint32_t key;  /* index into page->keys */
	uint32_t voff; /* value offset in page->blob */
	uint32_t vlen; /* value length in bytes */
};

struct pb_log {
	uint32_t time;    /* Log.Time, unix seconds (0 when missing) */
	uint32_t time_ns; /* Log.Time_ns, valid when has_ns */
	uint32_t group;   /* index into page->groups */
	uint32_t field0;  /* first content in page->fields */
	uint32_t nfields; /* number of contents */
	uint8_t has_ns;   /* Time_ns was present */
};

struct pb_group {
	struct pb_str topic;   /* empty when absent */
	struct pb_str source;
	struct pb_str machine; /* MachineUUID */
	struct pb_str reserved;
	uint8_t has_topic, has_source, has_machine, has_reserved;
	uint32_t tag0, ntags; /* page->tags[tag0 .. tag0+ntags) */
	uint32_t log0, nlogs; /* page->logs[log0 .. log0+nlogs) */
};

/* An interned key: NUL-terminated copy, len excludes the NUL. */
struct pb_key {
	const char *p;
	uint32_t len;
};

struct pb_page {
	struct pb_group *groups;
	size_t ngroups;
	struct pb_log *logs;
	size_t nlogs;
	struct pb_field *fields; /* all Log.Contents */
	size_t nfields;
	struct pb_field *tags; /* all LogTags */
	size_t ntags;
	struct pb_key *keys; /* interned keys, by id */
	size_t nkeys;
	char *blob; /* values; see struct pb_str / pb_field */
	size_t blob_len;
	/* Internal: capacities, key hash table, arena for key bytes. */
	size_t cap_groups, cap_logs, cap_fields, cap_tags, cap_keys, cap_blob;
	uint32_t *khash; /* open addressing: key id + 1, 0 empty */
	size_t khash_cap;
	struct arena *karena;
};

/* Decode error / warning report. */
struct pb_err {
	size_t offset;  /* byte offset in the input where decoding failed */
	char msg[96];   /* what went wrong ("" on success) */
	size_t missing; /* warnings: required fields absent (defaulted) */
};

/* A new empty page; free with pb_page_free. Never NULL. */
struct pb_page *pb_page_new(void);
/* Drop every group/log/key but keep the memory for reuse. */
void pb_page_clear(struct pb_page *pg);
void pb_page_free(struct pb_page *pg);
/* Give back spare capacity (call when a page is complete and kept). */
void pb_page_shrink(struct pb_page *pg);
/* Bytes the page holds in memory (arrays, blob, keys, hash table). */
size_t pb_page_bytes(const struct pb_page *pg);

/* Decode a LogGroupList (PullLogs body) and append its groups to pg.
 * 0 ok; -1 on corrupt/truncated input with err->offset/msg set and pg
 * unchanged. err may be NULL. */
int pb_decode_list(struct pb_page *pg, const void *buf, size_t n, struct pb_err *err);
/* Decode one LogGroup (PutLogs body) and append it to pg (as one group).
 * Same errors as pb_decode_list. */
int pb_decode_group(struct pb_page *pg, const void *buf, size_t n, struct pb_err *err);

/* Accessors. Keys by id; values and group strings point into the blob
 * (NUL-terminated; *len gets the length when len is non-NULL). */
static inline const struct pb_key *
pb_key(const struct pb_page *pg, uint32_t id)
{
	return &pg->keys[id];
}

static inline const char *
pb_value(const struct pb_page *pg, const struct pb_field *f, size_t *len)
{
	if (len)
		*len = f->vlen;
	return pg->blob + f->voff;
}

static inline const char *
pb_str(const struct pb_page *pg, struct pb_str s, size_t *len)
{
	if (len)
		*len = s.len;
	return pg->blob + s.off;
}

/* The id of key (k, klen) in pg, or -1 if no log or tag in pg uses it. */
long pb_key_find(const struct pb_page *pg, const char *k, size_t klen);
/* The first content of log li whose key is (k, klen), or NULL. */
const struct pb_field *pb_log_get(const struct pb_page *pg, size_t li, const char *k,
    size_t klen);

/* Building a page by hand (client PutLogs, slsd demo data, tests).
 * pb_add_group starts a group (strings may be NULL = absent); pb_add_tag
 * adds a tag to the last group; pb_add_log starts a log in the last group;
 * pb_add_field adds a content to the last log. They return 0, or -1 when
 * the page would pass 4 GiB of values / 2^32 entries, or when there is no
 * group (or log) to add to. */
int pb_add_group(struct pb_page *pg, const char *topic, const char *source, const char *machine);
int pb_add_tag(struct pb_page *pg, const char *k, size_t klen, const char *v, size_t vlen);
int pb_add_log(struct pb_page *pg, uint32_t time, int has_ns, uint32_t time_ns);
int pb_add_field(struct pb_page *pg, const char *k, size_t klen, const char *v, size_t vlen);

/* Serialize group gi of pg as a LogGroup (PutLogs body) appended to out.
 * 0 ok, -1 over out's cap. */
int pb_encode_group(const struct pb_page *pg, size_t gi, struct sb *out);
/* Serialize every group of pg as a LogGroupList appended to out. */
int pb_encode_list(const struct pb_page *pg, struct sb *out);

#endif
