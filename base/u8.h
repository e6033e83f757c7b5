/*
 * u8 — UTF-8 decoding, display width and safe rendering of untrusted text.
 *
 * Log data is hostile: it may carry ESC sequences, CR, backspace, C1 codes,
 * bidi overrides and invalid UTF-8. u8_escape turns any byte string into
 * text that is safe to print on a terminal: printable characters pass,
 * everything else becomes a visible escape (\e, \r, \x9b, \u202e, ...).
 * Every width decision goes through u8_cp_width so overrides live in one
 * place.
 */
#ifndef SLSX_BASE_U8_H
#define SLSX_BASE_U8_H

#include <stddef.h>
#include <stdint.h>

struct sb;

/* Decode one code point from s[0..n). Returns bytes consumed (>= 1) and
 * stores the code point, or -1 in *cp for an invalid or truncated sequence
 * (consuming 1 byte). */
size_t u8_decode(const char *s, size_t n, int32_t *cp);
/* Columns a code point takes: 0 (combining), 1 or 2; -1 if not printable. */
int u8_cp_width(int32_t cp);
/* True for code points that must never reach a terminal raw: C0, DEL, C1,
 * bidi controls (U+202A-202E, U+2066-2069, U+200E/F, U+061C), and the
 * line/paragraph separators. */
int u8_cp_is_unsafe(int32_t cp);
/* Display columns of s[0..n) as u8_escape would render it. */
size_t u8_width(const char *s, size_t n);
/* Append the terminal-safe rendering of s[0..n) to out. With keep_nl, LF and
 * TAB pass through unchanged. 0 ok, -1 if out hit its cap. */
int u8_escape(struct sb *out, const char *s, size_t n, int keep_nl);
/* Byte length of the longest prefix of s[0..n) that fits in cols columns
 * of raw (already safe) text, never splitting a character. */
size_t u8_prefix_for_cols(const char *s, size_t n, size_t cols, size_t *used);
/* True when s[0..n) is valid UTF-8. */
int u8_valid(const char *s, size_t n);

#endif
