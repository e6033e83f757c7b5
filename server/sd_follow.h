/*
 * sd_follow — the bytes of one log source for sd_ingest, read in chunks
 * (never the whole file): a file (kept open, and followed like `tail -F`:
 * a new inode under the same name, or a truncation — the size shrank or
 * the first 64 bytes changed — is read again from its start), a .gz file
 * (through zlib, read once), or "-" for standard input (read until EOF).
 */
#ifndef SLSX_SERVER_SD_FOLLOW_H
#define SLSX_SERVER_SD_FOLLOW_H

#include <stddef.h>
#include <sys/types.h>

struct sd_follow;

/* Open path ("-": standard input). NULL with a message in err. */
struct sd_follow *sd_follow_open(const char *path, char *err, size_t errlen);
/* Up to n bytes into buf: > 0 bytes read, 0 nothing more now, -1 error
 * (message in err). Standard input waits at most wait_ms for data. */
ssize_t sd_follow_read(struct sd_follow *f, char *buf, size_t n, int wait_ms, char *err,
    size_t errlen);
/* Before reading: 1 when the file was truncated or rewritten in place and
 * is now read from its start again (a partial line of before is ended
 * there), else 0. Checked before reading, so what a rewrite put past the
 * old end is never read as appended. */
int sd_follow_check_rewrite(struct sd_follow *f);
/* After a read returned 0 (the old file drained): 1 when a new file is
 * under the name and is now read from its start, else 0. */
int sd_follow_check_rotated(struct sd_follow *f);
/* 1 when no more data can come (a .gz file read, standard input at EOF). */
int sd_follow_ended(const struct sd_follow *f);
/* 1 for a source that grows (a plain file, standard input before EOF). */
int sd_follow_growing(const struct sd_follow *f);
/* 1 for standard input. */
/* 1 while the source is being written: a file modified within the last
 * ms milliseconds, standard input not at its end. */
int sd_follow_recent(const struct sd_follow *f, int ms);
int sd_follow_is_stdin(const struct sd_follow *f);
void sd_follow_close(struct sd_follow *f);

#endif
